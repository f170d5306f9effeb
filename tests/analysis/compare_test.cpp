#include <policygraph/analysis/compare.hpp>

#include <cmath>

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

}  // namespace
}  // namespace policygraph
