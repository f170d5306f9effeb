#include <policygraph/analysis/compare.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <policygraph/analysis/diff.hpp>

#include "test_util.hpp"

namespace policygraph {
namespace {

// tests/data/small.json, before -> after:
//   owners before: supply=supply-bureau, export-control=trade-office,
//                  minerals=industry-office, ai=industry-office
//   owners after:  supply=supply-bureau, export-control=security-office,
//                  minerals=security-office, ai=industry-office
TEST(ChangeSize, SmallBeforeToAfterByHand) {
  const Model m = testing::model_file("small.json");
  const ChangeSize c = change_size(m, 0, 1, std::nullopt);
  EXPECT_EQ(c.common_functions, 4U);
  EXPECT_EQ(c.moved_functions, 2U);  // export-control, minerals
  EXPECT_EQ(c.followed_functions, 0U);  // their units carry on
  EXPECT_EQ(c.added_functions, 0U);
  EXPECT_EQ(c.dropped_functions, 0U);
  // Contingency cells (sb,sb) (to,so) (io,so) (io,io), one each.
  // H(X) = H(Y) = ln 4 / 2 + ln 2 / 2 = 1.5 ln 2; I = (ln 4 + 2 ln 2) / 4 = ln 2.
  EXPECT_NEAR(c.partitions.nmi, 2 * std::log(2.0) / (3 * std::log(2.0)), 1e-12);
  EXPECT_NEAR(c.partitions.vi, 3 * std::log(2.0) - 2 * std::log(2.0), 1e-12);
  // ARI: no pair together in both; one pair together in each: (0 - 1/6) / (1 - 1/6).
  EXPECT_NEAR(c.partitions.adjusted_rand, -0.2, 1e-12);
  EXPECT_EQ(c.partitions.split_join, 2);
}

TEST(ChangeSize, AtLevelOneUnitsAreOffices) {
  // Level 1: before {supply, minerals, ai} in industry-office, export-control
  // in trade-office; after {supply, export-control, minerals} in
  // security-office, ai in industry-office. Moved: supply (industry-office ->
  // security-office), export-control, minerals: 3.
  const Model m = testing::model_file("small.json");
  EXPECT_EQ(change_size(m, 0, 1, 1).moved_functions, 3U);
}

TEST(CompareStructures, SecurityConsolidatesGrowthDoesNot) {
  const Model m = testing::model_file("small.json");
  const Comparison c = compare_structures(m, {0, 1}, 0, std::nullopt, {});
  ASSERT_EQ(c.structures.size(), 2U);
  EXPECT_FALSE(c.changes[0].has_value());
  ASSERT_TRUE(c.changes[1].has_value());
  // security: branches 2 -> 1.
  EXPECT_FALSE(c.placements[0][0].consolidated);
  EXPECT_TRUE(c.placements[0][1].consolidated);
  EXPECT_EQ(c.placements[0][1].branches, 1U);
  // growth: owner industry-office (depth 1) -> ministry (depth 0): worse.
  EXPECT_FALSE(c.placements[1][1].consolidated);
  EXPECT_EQ(c.placements[1][1].owner_depth, 0U);
}

TEST(CompareStructures, ResultsDoNotDependOnThreads) {
  const Model m = testing::model_file("small.json");
  MetricsOptions one;
  one.threads = 1;
  MetricsOptions two;
  two.threads = 2;
  const Comparison a = compare_structures(m, {1, 0}, 1, 1, one);
  const Comparison b = compare_structures(m, {1, 0}, 1, 1, two);
  EXPECT_EQ(a.structures[0].whole.modularity, b.structures[0].whole.modularity);
  EXPECT_EQ(a.changes[0]->partitions.nmi, b.changes[0]->partitions.nmi);
}

TEST(IsConsolidated, OwnerDepthRisingAlsoCounts) {
  DomainMetrics before;
  before.functions = 3;
  before.branches = 1;
  before.owner_depth = 1;
  DomainMetrics after = before;
  EXPECT_FALSE(is_consolidated(before, after));
  after.owner_depth = 2;
  EXPECT_TRUE(is_consolidated(before, after));
  after.functions = 0;
  EXPECT_FALSE(is_consolidated(before, after));
}

TEST(DiffStructures, SmallBeforeToAfter) {
  const Model m = testing::model_file("small.json");
  const StructureDiff d = diff_structures(m, 0, 1);
  ASSERT_EQ(d.units_added.size(), 1U);
  EXPECT_EQ(m.unit_ids[d.units_added[0]], "security-office");
  ASSERT_EQ(d.units_moved.size(), 1U);
  EXPECT_EQ(m.unit_ids[d.units_moved[0].unit], "supply-bureau");
  EXPECT_EQ(m.unit_ids[d.units_moved[0].from_parent], "industry-office");
  EXPECT_EQ(m.unit_ids[d.units_moved[0].to_parent], "security-office");
  ASSERT_EQ(d.functions_moved.size(), 2U);
  EXPECT_EQ(m.functions[d.functions_moved[0].function].id, "export-control");
  EXPECT_EQ(m.functions[d.functions_moved[1].function].id, "minerals");
  ASSERT_EQ(d.towers_changed.size(), 1U);
  EXPECT_EQ(d.towers_changed[0].from_unit, kNone);
  EXPECT_TRUE(d.units_removed.empty());
  EXPECT_TRUE(d.units_changed.empty());
  EXPECT_TRUE(diff_structures(m, 1, 1).empty());
}


// Before: A{f1 f2 f3}, B{f4 f5}, C{f6 f7}, D{f8}, S{f9 f10 f11}, all under R.
// After:  M{f1..f5} (A and B merged into a new unit), C{f6} carries on and
// E{f7} is new, D2{f8} (D under a new id), S1{f9 f10} and S2{f11} (S split).
// Gone: A, B, D, S. Largest outflows: A->M (3), B->M (2), D->D2 (1),
// S->S1 (2); largest inflow of S2 from gone units: S (1). C carries on, so
// C->E is no succession and f7 is the one function that changed hands.
const char* const kSuccessionModel = R"({
 "format": "policygraph/1",
 "domains": [{"id": "p"}],
 "functions": [
  {"id": "f1", "domains": ["p"]}, {"id": "f2", "domains": ["p"]}, {"id": "f3", "domains": ["p"]},
  {"id": "f4", "domains": ["p"]}, {"id": "f5", "domains": ["p"]}, {"id": "f6", "domains": ["p"]},
  {"id": "f7", "domains": ["p"]}, {"id": "f8", "domains": ["p"]}, {"id": "f9", "domains": ["p"]},
  {"id": "f10", "domains": ["p"]}, {"id": "f11", "domains": ["p"]}
 ],
 "dependencies": [{"from": "f1", "to": "f2"}],
 "structures": [
  {"id": "before",
   "units": [{"id": "R"}, {"id": "A", "parent": "R"}, {"id": "B", "parent": "R"},
             {"id": "C", "parent": "R"}, {"id": "D", "parent": "R"}, {"id": "S", "parent": "R"}],
   "assign": {"f1": "A", "f2": "A", "f3": "A", "f4": "B", "f5": "B", "f6": "C", "f7": "C",
              "f8": "D", "f9": "S", "f10": "S", "f11": "S"}},
  {"id": "after",
   "units": [{"id": "R"}, {"id": "M", "parent": "R"}, {"id": "C", "parent": "R"},
             {"id": "E", "parent": "R"}, {"id": "D2", "parent": "R"}, {"id": "S1", "parent": "R"},
             {"id": "S2", "parent": "R"}],
   "assign": {"f1": "M", "f2": "M", "f3": "M", "f4": "M", "f5": "M", "f6": "C", "f7": "E",
              "f8": "D2", "f9": "S1", "f10": "S1", "f11": "S2"}}
 ]
})";

TEST(Succession, MergesRenamesAndSplitsAreFollowedTransfersMoved) {
  const Model m = testing::model_from(kSuccessionModel);
  const auto id = [&](const std::string& name) {
    return static_cast<Index>(std::find(m.unit_ids.begin(), m.unit_ids.end(), name) -
                              m.unit_ids.begin());
  };
  const Succession s = succession(m, 0, 1, std::nullopt);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& [from, to] : s.pairs) pairs.emplace_back(m.unit_ids[from], m.unit_ids[to]);
  std::sort(pairs.begin(), pairs.end());
  const std::vector<std::pair<std::string, std::string>> expected{
      {"A", "M"}, {"B", "M"}, {"D", "D2"}, {"S", "S1"}, {"S", "S2"}};
  EXPECT_EQ(pairs, expected);
  EXPECT_TRUE(s.follows(id("A"), id("M")));
  EXPECT_FALSE(s.follows(id("C"), id("E")));

  const ChangeSize c = change_size(m, 0, 1, std::nullopt);
  EXPECT_EQ(c.common_functions, 11U);
  EXPECT_EQ(c.moved_functions, 1U);      // f7
  EXPECT_EQ(c.followed_functions, 9U);   // f1-f5, f8, f9-f11; f6 stayed

  const StructureDiff d = diff_structures(m, 0, 1);
  ASSERT_EQ(d.functions_moved.size(), 10U);
  for (const FunctionMove& move : d.functions_moved) {
    EXPECT_EQ(move.with_unit, m.functions[move.function].id != "f7") << m.functions[move.function].id;
  }
  // At level 1 every unit above is a top-level unit: the same answer.
  EXPECT_EQ(change_size(m, 0, 1, 1).followed_functions, 9U);
}

// A unit moved under a new unit is gone at a level above its new depth:
//   before: R > A{a1 a2}, R > B{b1}         after: R > N > A{a1 a2}, R > B, N{b1}
// At level 1, A (depth 1 before, depth 2 after) is gone and its functions
// count under N: the flow A->N (2) is A's largest outflow, a succession, so
// a1 and a2 went with their unit; b1 left B, which carries on: moved.
// Without a level A keeps its id and depth does not matter: a1, a2 stayed.
TEST(Succession, AUnitMovedBelowTheLevelIsGoneThere) {
  const Model m = testing::model_from(R"({
 "format": "policygraph/1",
 "domains": [{"id": "p"}],
 "functions": [{"id": "a1", "domains": ["p"]}, {"id": "a2", "domains": ["p"]},
               {"id": "b1", "domains": ["p"]}],
 "dependencies": [{"from": "a1", "to": "b1"}],
 "structures": [
  {"id": "before", "units": [{"id": "R"}, {"id": "A", "parent": "R"}, {"id": "B", "parent": "R"}],
   "assign": {"a1": "A", "a2": "A", "b1": "B"}},
  {"id": "after", "units": [{"id": "R"}, {"id": "N", "parent": "R"}, {"id": "A", "parent": "N"},
                            {"id": "B", "parent": "R"}],
   "assign": {"a1": "A", "a2": "A", "b1": "N"}}
 ]
})");
  const ChangeSize at_1 = change_size(m, 0, 1, 1);
  EXPECT_EQ(at_1.followed_functions, 2U);  // a1, a2 with A into N
  EXPECT_EQ(at_1.moved_functions, 1U);     // b1
  const ChangeSize leaf = change_size(m, 0, 1, std::nullopt);
  EXPECT_EQ(leaf.followed_functions, 0U);
  EXPECT_EQ(leaf.moved_functions, 1U);
  const Index a = static_cast<Index>(std::find(m.unit_ids.begin(), m.unit_ids.end(), "A") -
                                     m.unit_ids.begin());
  EXPECT_FALSE(unit_at_level(m.structures[1], a, 1));
  EXPECT_TRUE(unit_at_level(m.structures[1], a, 2));
  EXPECT_TRUE(unit_at_level(m.structures[0], a, 1));
}

TEST(DomainChange, FourStatusesInTheirOrder) {
  DomainMetrics before;
  before.functions = 4;
  before.branches = 3;
  before.owner_depth = 0;
  DomainMetrics after = before;
  EXPECT_EQ(domain_change(before, after), DomainChange::kUnchanged);
  after.branches = 2;
  EXPECT_EQ(domain_change(before, after), DomainChange::kNarrowed);
  after.branches = 1;
  EXPECT_EQ(domain_change(before, after), DomainChange::kConsolidated);
  after.branches = 4;
  EXPECT_EQ(domain_change(before, after), DomainChange::kDispersed);
  // One branch before and after, the owner one level higher: dispersed.
  before.branches = 1;
  before.owner_depth = 2;
  after.branches = 1;
  after.owner_depth = 1;
  EXPECT_EQ(domain_change(before, after), DomainChange::kDispersed);
  after.owner_depth = 2;
  EXPECT_EQ(domain_change(before, after), DomainChange::kUnchanged);
  after.functions = 0;
  EXPECT_EQ(domain_change(before, after), DomainChange::kBaseline);
  EXPECT_STREQ(domain_change_mark(DomainChange::kDispersed), "-");
  EXPECT_STREQ(domain_change_key(DomainChange::kNarrowed), "narrowed");
}

}  // namespace
}  // namespace policygraph
