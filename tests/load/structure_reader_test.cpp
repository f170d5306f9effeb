#include <gtest/gtest.h>

#include <policygraph/load/model_reader.hpp>

namespace policygraph {
namespace {

// The same reorganization written twice: as change ops on `before` (using
// every op) and by hand in full form. Both must resolve identically.
//
//   before:  ministry                      after:  ministry
//            +- office-a   f6                      +- office-a "Renamed A" (12)
//            |  +- bureau-1  f1                    |  +- bureau-2  f6
//            |  +- bureau-2  f2                    +- office-b "Merged B"  f3 f4  [tower d1]
//            +- office-b                           +- new-office  f5 f7       [tower d2]
//            |  +- team-x  f3  [tower d1]             +- bureau-1  f1
//            |  +- team-y  f4                      (f2 dropped)
//            +- old-team   f5
constexpr const char* kModel = R"({
  "format": "policygraph/1",
  "domains": [{"id": "d1"}, {"id": "d2"}],
  "functions": [
    {"id": "f1", "domains": ["d1"]}, {"id": "f2", "domains": ["d1"]}, {"id": "f3", "domains": ["d1"]},
    {"id": "f4", "domains": ["d2"]}, {"id": "f5", "domains": ["d2"]}, {"id": "f6", "domains": ["d2"]},
    {"id": "f7", "domains": ["d2"]}],
  "dependencies": [],
  "structures": [
    {"id": "before", "units": [
       {"id": "ministry"}, {"id": "office-a", "parent": "ministry", "kind": "office"},
       {"id": "bureau-1", "parent": "office-a"}, {"id": "bureau-2", "parent": "office-a"},
       {"id": "office-b", "parent": "ministry", "label": "B"}, {"id": "team-x", "parent": "office-b"},
       {"id": "team-y", "parent": "office-b"}, {"id": "old-team", "parent": "ministry"}],
     "assign": {"f1": "bureau-1", "f2": "bureau-2", "f3": "team-x", "f4": "team-y",
                "f5": "old-team", "f6": "office-a"},
     "control_towers": {"d1": "team-x"}},
    {"id": "after", "base": "before", "changes": [
       {"op": "add-unit", "id": "new-office", "parent": "ministry", "kind": "office", "label": "New"},
       {"op": "move-unit", "unit": "bureau-1", "to": "new-office"},
       {"op": "update-unit", "unit": "office-a", "label": "Renamed A", "headcount": 12},
       {"op": "merge-units", "units": ["team-x", "team-y"], "into": "office-b", "label": "Merged B"},
       {"op": "remove-unit", "unit": "old-team", "functions_to": "new-office"},
       {"op": "move-function", "functions": ["f6"], "to": "bureau-2"},
       {"op": "drop-function", "function": "f2"},
       {"op": "move-function", "function": "f7", "to": "new-office"},
       {"op": "set-control-tower", "domain": "d2", "unit": "new-office"},
       {"op": "add-unit", "id": "temp", "parent": "office-a"},
       {"op": "remove-unit", "unit": "temp"}]},
    {"id": "after-full", "units": [
       {"id": "ministry"},
       {"id": "office-a", "parent": "ministry", "kind": "office", "label": "Renamed A", "headcount": 12},
       {"id": "bureau-2", "parent": "office-a"},
       {"id": "office-b", "parent": "ministry", "label": "Merged B"},
       {"id": "new-office", "parent": "ministry", "kind": "office", "label": "New"},
       {"id": "bureau-1", "parent": "new-office"}],
     "assign": {"f1": "bureau-1", "f3": "office-b", "f4": "office-b", "f5": "new-office",
                "f6": "bureau-2", "f7": "new-office"},
     "control_towers": {"d1": "office-b", "d2": "new-office"}},
    {"id": "copy", "base": "after", "changes": []}
  ]})";

TEST(StructureReader, ChangeFormResolvesLikeTheSameStructureInFullForm) {
  Diagnostics d;
  const Model m = read_model_text(kModel, "m.json", "", d);
  const Resolved& changed = m.structures[1];
  const Resolved& full = m.structures[2];
  EXPECT_EQ(changed.parent, full.parent);
  EXPECT_EQ(changed.present, full.present);
  EXPECT_EQ(changed.assign, full.assign);
  EXPECT_EQ(changed.control_tower, full.control_tower);
  EXPECT_EQ(changed.depth, full.depth);
  EXPECT_EQ(changed.root, full.root);
  for (std::size_t u = 0; u < m.unit_ids.size(); ++u) {
    if (!full.present[u]) continue;
    SCOPED_TRACE(m.unit_ids[u]);
    EXPECT_EQ(changed.info[u].labels.label, full.info[u].labels.label);
    EXPECT_EQ(changed.info[u].kind, full.info[u].kind);
    EXPECT_EQ(changed.info[u].headcount, full.info[u].headcount);
  }
  EXPECT_EQ(changed.base, "before");
  EXPECT_EQ(changed.unit_count(), 6U);
}

TEST(StructureReader, EmptyChangesCopyTheBaseAndChainsResolve) {
  Diagnostics d;
  const Model m = read_model_text(kModel, "m.json", "", d);
  EXPECT_EQ(m.structures[3].assign, m.structures[1].assign);
  EXPECT_EQ(m.structures[3].parent, m.structures[1].parent);
  EXPECT_EQ(m.structures[3].id, "copy");
}

TEST(StructureReader, DepthsFollowTheTree) {
  Diagnostics d;
  const Model m = read_model_text(kModel, "m.json", "", d);
  const Resolved& after = m.structures[1];
  EXPECT_EQ(after.depth[*m.find_unit("ministry")], 0U);
  EXPECT_EQ(after.depth[*m.find_unit("new-office")], 1U);
  EXPECT_EQ(after.depth[*m.find_unit("bureau-1")], 2U);
  EXPECT_EQ(after.present[*m.find_unit("team-x")], 0);
}

TEST(StructureReader, BasesMayComeAfterTheStructuresThatUseThem) {
  Diagnostics d;
  const Model m = read_model_text(
      R"({"format": "policygraph/1", "domains": [{"id": "d"}],
          "functions": [{"id": "f", "domains": ["d"]}], "dependencies": [],
          "structures": [
            {"id": "late", "base": "early", "changes": [{"op": "add-unit", "id": "b", "parent": "a"},
                                                       {"op": "move-function", "function": "f", "to": "b"}]},
            {"id": "early", "units": [{"id": "a"}], "assign": {"f": "a"}}]})",
      "m.json", "", d);
  EXPECT_EQ(m.structures[0].assign[0], *m.find_unit("b"));
  EXPECT_EQ(m.structures[1].assign[0], *m.find_unit("a"));
}

}  // namespace
}  // namespace policygraph
