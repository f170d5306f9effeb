#include <policygraph/metrics/partition.hpp>

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace policygraph {
namespace {

using Labels = std::vector<std::uint64_t>;

TEST(ComparePartitions, IdenticalPartitions) {
  const Labels x{0, 0, 1, 1, 2};
  const Labels y{7, 7, 3, 3, 9};  // same grouping, other names
  const auto c = compare_partitions(x, y);
  EXPECT_NEAR(c.nmi, 1, 1e-12);
  EXPECT_NEAR(c.vi, 0, 1e-12);
  EXPECT_NEAR(c.adjusted_rand, 1, 1e-12);
  EXPECT_EQ(c.split_join, 0);
}

TEST(ComparePartitions, IndependentHalves) {
  // x = {0,1}{2,3}, y = {0,2}{1,3}: every cell of the 2x2 table holds 1.
  // I = 0, H(X) = H(Y) = ln 2: nmi 0, vi 2 ln 2.
  // ARI: sum C(n_ij,2) = 0, sum C(a_i,2) = sum C(b_j,2) = 2, C(4,2) = 6:
  //   expected 2*2/6 = 2/3; (0 - 2/3) / (2 - 2/3) = -0.5.
  // split-join: each row/column has 2 items and a largest cell of 1: 4 x 1.
  const auto c = compare_partitions(Labels{0, 0, 1, 1}, Labels{0, 1, 0, 1});
  EXPECT_NEAR(c.nmi, 0, 1e-12);
  EXPECT_NEAR(c.vi, 2 * std::log(2.0), 1e-12);
  EXPECT_NEAR(c.adjusted_rand, -0.5, 1e-12);
  EXPECT_EQ(c.split_join, 4);
}

TEST(ComparePartitions, SplitOneGroup) {
  // x = {0,1,2,3}, y = {0,1}{2,3}. H(X) = 0, H(Y) = ln 2, I = 0:
  // nmi 0, vi ln 2. ARI: pairs_x = 6, pairs_y = 2, both = 2, expected 2:
  // (2 - 2) / (4 - 2) = 0. split-join: x's row keeps 2 of 4 (2), y's columns
  // are whole (0): 2.
  const auto c = compare_partitions(Labels{5, 5, 5, 5}, Labels{0, 0, 1, 1});
  EXPECT_NEAR(c.nmi, 0, 1e-12);
  EXPECT_NEAR(c.vi, std::log(2.0), 1e-12);
  EXPECT_NEAR(c.adjusted_rand, 0, 1e-12);
  EXPECT_EQ(c.split_join, 2);
}

TEST(ComparePartitions, DegenerateCasesFollowTheSpec) {
  // Both a single group, both all singletons: identical, so ARI 1 (igraph NaN).
  EXPECT_EQ(compare_partitions(Labels{1, 1, 1}, Labels{2, 2, 2}).adjusted_rand, 1);
  EXPECT_EQ(compare_partitions(Labels{1, 1, 1}, Labels{2, 2, 2}).nmi, 1);
  EXPECT_EQ(compare_partitions(Labels{1, 2, 3}, Labels{4, 5, 6}).adjusted_rand, 1);
  const auto none = compare_partitions(Labels{}, Labels{});
  EXPECT_EQ(none.nmi, 1);
  EXPECT_EQ(none.vi, 0);
  EXPECT_EQ(none.adjusted_rand, 1);
  EXPECT_EQ(none.split_join, 0);
}

}  // namespace
}  // namespace policygraph
