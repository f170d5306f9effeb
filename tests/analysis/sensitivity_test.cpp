#include <policygraph/analysis/sensitivity.hpp>

#include <cmath>

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace policygraph {
namespace {

TEST(Percentile, LinearInterpolationLikeNumpy) {
  // numpy.percentile([1, 2, 3, 4], 5): position 0.05 * 3 = 0.15 -> 1.15; 95 -> 3.85.
  EXPECT_NEAR(percentile({4, 1, 3, 2}, 5), 1.15, 1e-12);
  EXPECT_NEAR(percentile({4, 1, 3, 2}, 95), 3.85, 1e-12);
  EXPECT_EQ(percentile({7}, 95), 7);
  EXPECT_EQ(percentile({}, 50), 0);
}

TEST(Sensitivity, NoNoiseReproducesTheNominalFigures) {
  const Model m = testing::model_file("small.json");
  SensitivityOptions o;
  o.samples = 20;
  o.noise = 0;
  const SensitivityResult r = sensitivity(m, {0, 1}, 0, o);
  for (std::size_t k = 0; k < 2; ++k) {
    for (std::size_t i = 0; i < r.metrics.size(); ++i) {
      EXPECT_DOUBLE_EQ(r.values[k][i].mean, r.nominal[k][i]);
      EXPECT_DOUBLE_EQ(r.values[k][i].p5, r.nominal[k][i]);
      EXPECT_DOUBLE_EQ(r.values[k][i].p95, r.nominal[k][i]);
    }
  }
  // Nominal costs (metrics_test.cpp): before 8, after W x 1.2 = 6.
  EXPECT_DOUBLE_EQ(r.nominal[0].back(), 8);
  EXPECT_DOUBLE_EQ(r.nominal[1].back(), 6);
  EXPECT_EQ(r.rank_by_cost.order, (std::vector<std::size_t>{1, 0}));
  EXPECT_EQ(r.rank_by_cost.rank, (std::vector<std::size_t>{2, 1}));
  EXPECT_DOUBLE_EQ(r.rank_by_cost.holds, 1);
  EXPECT_DOUBLE_EQ(r.against_baseline[1][SensitivityResult::kCost].lower, 1);
  EXPECT_DOUBLE_EQ(r.against_baseline[1][SensitivityResult::kCost].tied, 0);
  EXPECT_DOUBLE_EQ(r.against_baseline[1][SensitivityResult::kCost].higher, 0);
}

TEST(Sensitivity, LogNormalFactorsHaveTheExpectedMean) {
  // E[exp(sigma Z)] = exp(sigma^2 / 2): W = 5 becomes 5 e^0.045 = 5.2302 on
  // average. Var(exp(sigma Z)) = (e^0.09 - 1) e^0.09 = 0.103, so the sample
  // W has variance (2^2 + 1 + 1 + 1) x 0.103 = 0.72; over 4000 samples the
  // standard error of the mean is 0.0134. Tolerance: 5 standard errors.
  const Model m = testing::model_file("small.json");
  SensitivityOptions o;
  o.samples = 4000;
  o.noise = 0.3;
  const SensitivityResult r = sensitivity(m, {0}, 0, o);
  EXPECT_NEAR(r.values[0][0].mean, 5 * std::exp(0.045), 0.067);
}

TEST(Sensitivity, DroppingHalfTheDependenciesHalvesTheWeight) {
  // Each dependency (weights 2, 1, 1, 1) kept with probability 1/2: mean 2.5,
  // variance (4 + 1 + 1 + 1) / 4 = 1.75, standard error over 4000 samples
  // 0.021. Tolerance: 5 standard errors.
  const Model m = testing::model_file("small.json");
  SensitivityOptions o;
  o.samples = 4000;
  o.noise = 0;
  o.drop = 0.5;
  const SensitivityResult r = sensitivity(m, {0}, 0, o);
  EXPECT_NEAR(r.values[0][0].mean, 2.5, 0.105);
}

TEST(Sensitivity, SameSeedSameResultWhateverTheThreads) {
  const Model m = testing::model_file("../../datasets/motie-2025/model.json");
  SensitivityOptions one;
  one.samples = 64;
  one.threads = 1;
  SensitivityOptions two = one;
  two.threads = 2;
  const SensitivityResult a = sensitivity(m, {0, 1, 2}, 0, one);
  const SensitivityResult b = sensitivity(m, {0, 1, 2}, 0, two);
  for (std::size_t k = 0; k < 3; ++k) {
    for (std::size_t i = 0; i < a.metrics.size(); ++i) {
      EXPECT_EQ(a.values[k][i].mean, b.values[k][i].mean);
      EXPECT_EQ(a.deltas[k][i].p95, b.deltas[k][i].p95);
    }
  }
  EXPECT_EQ(a.rank_by_cost.holds, b.rank_by_cost.holds);
  EXPECT_EQ(a.against_baseline[1][SensitivityResult::kCost].lower,
            b.against_baseline[1][SensitivityResult::kCost].lower);
}

TEST(Tied, RelativeToTheLargerWithAnAbsoluteFloor) {
  EXPECT_TRUE(tied(1, 1));
  EXPECT_TRUE(tied(1, 1 + 0.5e-9));
  EXPECT_FALSE(tied(1, 1 + 2e-9));
  // Below 1 the tolerance is 1e-9 absolutely.
  EXPECT_TRUE(tied(0, 0.9e-9));
  EXPECT_FALSE(tied(0, 1.1e-9));
  EXPECT_FALSE(tied(0.001, 0.001 + 2e-9));
  // Above 1 it is 1e-9 of the larger magnitude: 1e6 allows 1e-3.
  EXPECT_TRUE(tied(1e6, 1e6 + 1e-4));
  EXPECT_TRUE(tied(1e6 + 9e-4, 1e6));
  EXPECT_FALSE(tied(1e6, 1e6 + 1e-2));
  EXPECT_TRUE(tied(-5, -5 - 4e-9));   // 4e-9 <= 5e-9
  EXPECT_FALSE(tied(-5, -5 - 6e-9));  // 6e-9 > 5e-9
}

TEST(SharedRanks, TiedValuesShareTheLowestRankOfTheirGroup) {
  EXPECT_TRUE(shared_ranks({}).empty());
  EXPECT_EQ(shared_ranks({7}), (std::vector<std::size_t>{1}));
  // Sorted: 1 (position 1), 1 (2), 2 (3), 3 (0): ranks 1, 1, 3, 4.
  EXPECT_EQ(shared_ranks({3, 1, 1, 2}), (std::vector<std::size_t>{4, 1, 1, 3}));
  // Within the tolerance, also when the later one is the smaller.
  EXPECT_EQ(shared_ranks({2 + 1e-9, 2, 5}), (std::vector<std::size_t>{1, 1, 3}));
  // Not transitive: 0.6e-9 is tied with 0 and with 1.2e-9, but 1.2e-9 is
  // not tied with 0, where the group starts, so it begins a group of its own.
  EXPECT_EQ(shared_ranks({1.2e-9, 0.6e-9, 0}), (std::vector<std::size_t>{3, 1, 1}));
}

// tests/data/sensitivity-ties.json, by hand. Pairs a-b 2, c-d 1, b-c 1,
// a-d 0.5 (W = 4.5) under a root R with offices X and Y (distance 2 between
// them). split: {a, b} in X, {c, d} in Y, so b-c and a-d cross:
// cost 2 x (1 + 0.5) = 3, cross-unit share 1.5 / 4.5 = 1/3. split-copy is the
// same assignment under another id and mirror swaps X and Y: in every sample
// their cost is split's, 2 x (w_bc + w_ad). mixed: {a, c} in X, {b, d} in
// Y, every pair crosses: cost 2 x 4.5 = 9, share 1, and in every sample its
// cost exceeds split's by 2 x (w_ab + w_cd) > 0 and its share is 1, above
// split's (w_bc + w_ad) / W.
TEST(Sensitivity, StructuresWithTheSameCostInEverySampleAreTied) {
  const Model m = testing::model_file("sensitivity-ties.json");
  SensitivityOptions o;
  o.samples = 50;
  const SensitivityResult r = sensitivity(m, {0, 1, 2, 3}, 0, o);
  const std::size_t cost = SensitivityResult::kCost;
  const std::size_t cross = SensitivityResult::kCross;
  EXPECT_NEAR(r.nominal[0][cost], 3, 1e-12);
  EXPECT_NEAR(r.nominal[1][cost], 3, 1e-12);
  EXPECT_NEAR(r.nominal[2][cost], 3, 1e-12);
  EXPECT_NEAR(r.nominal[3][cost], 9, 1e-12);
  EXPECT_NEAR(r.nominal[0][cross], 1.0 / 3, 1e-12);
  EXPECT_NEAR(r.nominal[3][cross], 1, 1e-12);
  for (const Ranking* ranking : {&r.rank_by_cost, &r.rank_by_cross}) {
    EXPECT_EQ(ranking->order, (std::vector<std::size_t>{0, 1, 2, 3}));
    EXPECT_EQ(ranking->rank, (std::vector<std::size_t>{1, 1, 1, 4}));
    EXPECT_DOUBLE_EQ(ranking->holds, 1);
  }
  for (std::size_t k : {1U, 2U}) {
    for (std::size_t metric = 0; metric < r.metrics.size(); ++metric) {
      EXPECT_DOUBLE_EQ(r.against_baseline[k][metric].tied, 1) << k << " " << r.metrics[metric];
    }
  }
  EXPECT_DOUBLE_EQ(r.against_baseline[3][cost].lower, 0);
  EXPECT_DOUBLE_EQ(r.against_baseline[3][cost].tied, 0);
  EXPECT_DOUBLE_EQ(r.against_baseline[3][cost].higher, 1);
  EXPECT_DOUBLE_EQ(r.against_baseline[3][cross].higher, 1);
  EXPECT_DOUBLE_EQ(r.against_baseline[0][cost].tied, 1);  // the baseline against itself

  // With mixed as the baseline, split is cheaper in every sample.
  const SensitivityResult b = sensitivity(m, {3, 0, 1}, 0, o);
  EXPECT_EQ(b.rank_by_cost.order, (std::vector<std::size_t>{1, 2, 0}));
  EXPECT_EQ(b.rank_by_cost.rank, (std::vector<std::size_t>{3, 1, 1}));
  EXPECT_DOUBLE_EQ(b.rank_by_cost.holds, 1);
  EXPECT_DOUBLE_EQ(b.against_baseline[1][cost].lower, 1);
  EXPECT_DOUBLE_EQ(b.against_baseline[2][cost].lower, 1);
}

TEST(Sensitivity, ARankingWithTiesHoldsOnlyWhereTheSameStructuresTie) {
  // Every dependency dropped with probability 1/2 (no noise): a sample where
  // a-b and c-d are both dropped, probability 1/4, leaves mixed exactly as
  // cheap as split (both 2 x (w_bc + w_ad)), so the nominal ranking
  // split = split-copy < mixed does not hold there; in every other sample it
  // does, since split and split-copy are always tied and mixed is then
  // dearer by 2 x (w_ab + w_cd) >= 2. Counted from the samples themselves:
  // holds + tied share of mixed = 1.
  const Model m = testing::model_file("sensitivity-ties.json");
  SensitivityOptions o;
  o.samples = 400;
  o.noise = 0;
  o.drop = 0.5;
  const SensitivityResult r = sensitivity(m, {0, 1, 3}, 0, o);
  const Shares& mixed = r.against_baseline[2][SensitivityResult::kCost];
  EXPECT_DOUBLE_EQ(mixed.lower, 0);
  EXPECT_DOUBLE_EQ(mixed.tied + mixed.higher, 1);
  EXPECT_DOUBLE_EQ(r.rank_by_cost.holds, mixed.higher);
  EXPECT_DOUBLE_EQ(r.against_baseline[1][SensitivityResult::kCost].tied, 1);
  // About a quarter of the samples: the standard error over 400 is 0.022;
  // tolerance 5 standard errors.
  EXPECT_NEAR(mixed.tied, 0.25, 0.11);
}

}  // namespace
}  // namespace policygraph
