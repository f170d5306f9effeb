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
  EXPECT_EQ(r.rank_by_cost, (std::vector<std::size_t>{1, 0}));
  EXPECT_DOUBLE_EQ(r.rank_by_cost_holds, 1);
  EXPECT_DOUBLE_EQ(r.cheaper_than_baseline[1], 1);
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
  EXPECT_EQ(a.rank_by_cost_holds, b.rank_by_cost_holds);
}

}  // namespace
}  // namespace policygraph
