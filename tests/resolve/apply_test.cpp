// Change ops built in code (a what-if), applied without any JSON.
#include <gtest/gtest.h>

#include <policygraph/resolve/resolve.hpp>

#include "test_util.hpp"

namespace policygraph {
namespace {

//   ministry
//   +- office-a      f1 f2
//   |  +- bureau-1   f3
//   +- office-b      f4        [tower of d1]
constexpr const char* kModel = R"({
  "format": "policygraph/1",
  "domains": [{"id": "d1"}, {"id": "d2"}],
  "functions": [{"id": "f1", "domains": ["d1"]}, {"id": "f2", "domains": ["d1"]},
                {"id": "f3", "domains": ["d2"]}, {"id": "f4", "domains": ["d2"]}],
  "dependencies": [{"from": "f1", "to": "f4", "weight": 2}],
  "structures": [{"id": "now", "units": [
      {"id": "ministry"}, {"id": "office-a", "parent": "ministry"},
      {"id": "bureau-1", "parent": "office-a"}, {"id": "office-b", "parent": "ministry"}],
    "assign": {"f1": "office-a", "f2": "office-a", "f3": "bureau-1", "f4": "office-b"},
    "control_towers": {"d1": "office-b"}}]
})";

ChangeOp op(ChangeKind kind, std::string pointer) {
  return ChangeOp{std::move(kind), "what-if", std::move(pointer), ""};
}

Index unit(const Model& m, const char* id) { return *m.find_unit(id); }
Index function(const Model& m, const char* id) { return *m.find_function(id); }

TEST(ApplyChanges, WhatIfBuiltInCodeLeavesTheModelsStructuresAlone) {
  Model m = testing::model_from(kModel);
  const std::vector<ChangeOp> ops{
      op(AddUnit{"office-c", "ministry", {}}, "/0"),
      op(MoveFunction{{"f1", "f4"}, "office-c", false}, "/1"),
      op(MoveUnit{"bureau-1", "office-c"}, "/2"),
      op(SetControlTower{"d2", "office-c"}, "/3"),
  };
  Diagnostics d;
  const Resolved w = apply_changes(m, m.structures[0], ops, d);
  ASSERT_FALSE(d.has_errors()) << d.render();
  // office-c is new: the model interns it, the original structure lacks it.
  const Index c = unit(m, "office-c");
  EXPECT_EQ(m.unit_ids.size(), 5U);
  EXPECT_EQ(w.id, "what-if");
  EXPECT_EQ(w.base, "now");
  EXPECT_TRUE(w.present[c]);
  EXPECT_FALSE(m.structures[0].present[c]);
  EXPECT_EQ(m.structures[0].present.size(), 5U);  // grown, absent there
  // f1 and f4 moved; f3 went along with bureau-1, which is now at depth 2 under office-c.
  EXPECT_EQ(w.assign[function(m, "f1")], c);
  EXPECT_EQ(w.assign[function(m, "f4")], c);
  EXPECT_EQ(w.assign[function(m, "f2")], unit(m, "office-a"));
  EXPECT_EQ(w.parent[unit(m, "bureau-1")], c);
  EXPECT_EQ(w.depth[unit(m, "bureau-1")], 2U);
  EXPECT_EQ(w.control_tower[*m.find_domain("d2")], c);
  EXPECT_EQ(w.control_tower[*m.find_domain("d1")], unit(m, "office-b"));
  // The original is untouched.
  EXPECT_EQ(m.structures[0].assign[function(m, "f1")], unit(m, "office-a"));
}

TEST(ApplyChanges, MergeTakesFunctionsChildrenAndTowers) {
  Model m = testing::model_from(kModel);
  const std::vector<ChangeOp> ops{
      op(MergeUnits{{"office-b"}, "office-a", "A and B", {{"ko", "가나"}}}, "/0")};
  Diagnostics d;
  const Resolved w = apply_changes(m, m.structures[0], ops, d);
  ASSERT_FALSE(d.has_errors()) << d.render();
  const Index a = unit(m, "office-a");
  EXPECT_FALSE(w.present[unit(m, "office-b")]);
  EXPECT_EQ(w.assign[function(m, "f4")], a);
  EXPECT_EQ(w.control_tower[*m.find_domain("d1")], a);
  EXPECT_EQ(w.info[a].labels.label, "A and B");
  EXPECT_EQ(w.info[a].labels.by_lang.at("ko"), "가나");
  EXPECT_EQ(w.unit_count(), 3U);  // ministry, office-a, bureau-1
}

TEST(ApplyChanges, ProblemsAreReportedAtTheOpsOwnPointer) {
  Model m = testing::model_from(kModel);
  const std::vector<ChangeOp> ops{
      op(MoveFunction{{"f9"}, "office-a", true}, "/changes/0"),
      op(RemoveUnit{"office-a", std::nullopt, false}, "/changes/1"),
      op(MoveUnit{"ministry", "office-b"}, "/changes/2"),
      op(DropFunction{"f2"}, "/changes/3"),
      op(DropFunction{"f2"}, "/changes/4"),
  };
  Diagnostics d;
  const Resolved w = apply_changes(m, m.structures[0], ops, d);
  // f9 is not a function; office-a has a child; the root cannot move; the
  // second drop finds f2 already absent. The first drop itself succeeds.
  ASSERT_EQ(d.error_count(), 4U) << d.render();
  EXPECT_EQ(d.all()[0].to_string(), "what-if: /changes/0/function: error: unknown function \"f9\" (did you mean \"f1\"?)");
  EXPECT_EQ(d.all()[1].to_string(),
            "what-if: /changes/1/unit: error: unit \"office-a\" has 1 child unit(s), first "
            "\"bureau-1\": move or remove them first");
  EXPECT_EQ(d.all()[2].to_string(),
            "what-if: /changes/2/unit: error: cannot move the root unit \"ministry\"");
  EXPECT_EQ(d.all()[3].to_string(),
            "what-if: /changes/4/function: error: function \"f2\" is already absent from "
            "structure \"what-if\"");
  EXPECT_EQ(w.assign[function(m, "f2")], kNone);
}

TEST(ApplyChanges, ApplyReturnsWhetherTheOpWentThrough) {
  Model m = testing::model_from(kModel);
  Resolved s = m.structures[0];
  Diagnostics d;
  UnitPatch patch;
  patch.headcount = 7;
  EXPECT_TRUE(apply(m, s, op(UpdateUnit{"office-b", patch}, "/0"), d));
  EXPECT_EQ(s.info[unit(m, "office-b")].headcount, 7.0);
  EXPECT_FALSE(apply(m, s, op(SetControlTower{"d1", "nowhere"}, "/1"), d));
  EXPECT_EQ(s.control_tower[*m.find_domain("d1")], unit(m, "office-b"));
  // Clearing a tower: a null unit.
  EXPECT_TRUE(apply(m, s, op(SetControlTower{"d1", std::nullopt}, "/2"), d));
  EXPECT_EQ(s.control_tower[*m.find_domain("d1")], kNone);
}

TEST(ApplyChanges, OpNamesAreThoseOfTheModelFormat) {
  EXPECT_EQ(op_name(AddUnit{}), "add-unit");
  EXPECT_EQ(op_name(MergeUnits{}), "merge-units");
  EXPECT_EQ(op_name(SetControlTower{}), "set-control-tower");
}

/// The warnings of a model read from `json`; empty when it has errors and
/// `errors` is set to their number.
std::vector<std::string> warnings_of(const std::string& json, std::size_t* errors = nullptr) {
  Diagnostics d;
  try {
    (void)read_model_text(json, "m.json", "", d);
  } catch (const ModelError& e) {
    d = e.diagnostics();
  }
  if (errors != nullptr) *errors = d.error_count();
  std::vector<std::string> out;
  for (const Diagnostic& x : d.all()) {
    if (x.severity == Severity::kWarning) out.push_back(x.to_string());
  }
  return out;
}

TEST(ResolveStructures, WarnsOfEachFunctionNoStructureAssigns) {
  // f1 is assigned in "one", f2 only in "two" (moved in), f3 only in "one"
  // (dropped from "two"); f4 and f5 nowhere: one warning each, in the
  // model's order, at /functions.
  const std::vector<std::string> w = warnings_of(R"({
    "format": "policygraph/1", "domains": [{"id": "d"}],
    "functions": [{"id": "f5", "domains": ["d"]}, {"id": "f1", "domains": ["d"]},
                  {"id": "f2", "domains": ["d"]}, {"id": "f3", "domains": ["d"]},
                  {"id": "f4", "domains": ["d"]}],
    "dependencies": [],
    "structures": [
      {"id": "one", "units": [{"id": "r"}], "assign": {"f1": "r", "f3": "r"}},
      {"id": "two", "base": "one", "changes": [
        {"op": "move-function", "function": "f2", "to": "r"},
        {"op": "drop-function", "function": "f3"}]}]})");
  EXPECT_EQ(w, (std::vector<std::string>{
                   "m.json: /functions: warning: function \"f5\" is assigned in no structure: "
                   "every figure leaves it out",
                   "m.json: /functions: warning: function \"f4\" is assigned in no structure: "
                   "every figure leaves it out"}));
}

TEST(ResolveStructures, NoUnassignedWarningsInAModelWithErrors) {
  // The assignment of f2 names an unknown unit: the error is reported, and
  // f2 is not said to be unassigned as a consequence.
  std::size_t errors = 0;
  const std::vector<std::string> w = warnings_of(R"({
    "format": "policygraph/1", "domains": [{"id": "d"}],
    "functions": [{"id": "f1", "domains": ["d"]}, {"id": "f2", "domains": ["d"]}],
    "dependencies": [],
    "structures": [{"id": "one", "units": [{"id": "r"}], "assign": {"f1": "r", "f2": "q"}}]})",
                                                 &errors);
  EXPECT_EQ(errors, 1U);
  EXPECT_TRUE(w.empty());
}

TEST(ResolveStructures, UnassignedWarningsAreCountedBeyondTheKeptOnes) {
  // 1005 functions and one structure that assigns none of them: 1005
  // warnings, of which Diagnostics keeps 1000 and counts 5 more.
  std::string functions;
  for (int k = 0; k < 1005; ++k) {
    functions += std::string(k == 0 ? "" : ", ") + R"({"id": "f)" + std::to_string(k) +
                 R"(", "domains": ["d"]})";
  }
  Diagnostics d;
  (void)read_model_text(
      R"({"format": "policygraph/1", "domains": [{"id": "d"}], "functions": [)" + functions +
          R"(], "dependencies": [], "structures": [{"id": "s", "units": [{"id": "r"}], "assign": {}}]})",
      "m.json", "", d);
  EXPECT_EQ(d.all().size(), Diagnostics::kKept);
  const std::string text = d.render();
  EXPECT_NE(text.find("m.json: /functions: warning: function \"f999\" is assigned in no structure"),
            std::string::npos);
  EXPECT_EQ(text.find("\"f1000\""), std::string::npos);
  EXPECT_NE(text.find("\n... and 5 more warnings\n"), std::string::npos);
}

}  // namespace
}  // namespace policygraph
