// How robust a comparison is when the dependency weights are uncertain.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <policygraph/core/model.hpp>

namespace policygraph {

struct SensitivityOptions {
  std::size_t samples = 200;
  double noise = 0.3;  ///< sigma: each weight is multiplied by exp(N(0, sigma^2))
  double drop = 0;     ///< probability that a dependency is left out of a sample
  std::uint64_t seed = 1;
  std::optional<int> level;
  unsigned threads = 0;  ///< at most this many at once (0: all cores); results do not depend on it
};

/// Mean and 5th / 95th percentiles (linear interpolation between order
/// statistics, numpy's default) of one figure over the samples.
struct Spread {
  double mean = 0;
  double p5 = 0;
  double p95 = 0;
};

struct SensitivityResult {
  std::vector<Index> structures;
  std::size_t baseline = 0;  ///< position in `structures`
  /// The figures followed: whole-structure metrics at the level, then the
  /// coordination cost (leaf level).
  std::vector<std::string> metrics;
  std::vector<std::vector<double>> nominal;  ///< [structure][metric], given weights
  std::vector<std::vector<Spread>> values;   ///< [structure][metric] over the samples
  std::vector<std::vector<Spread>> deltas;   ///< [structure][metric]: structure - baseline
  /// Per structure: share of samples where its coordination cost is below
  /// the baseline's.
  std::vector<double> cheaper_than_baseline;
  std::vector<std::size_t> rank_by_cost;   ///< nominal order, lowest cost first
  std::vector<std::size_t> rank_by_cross;  ///< nominal order, lowest cross-unit share first
  double rank_by_cost_holds = 0;   ///< share of samples with the same order
  double rank_by_cross_holds = 0;
};

/// Draws `samples` perturbed weightings (sample i uses its own generator
/// seeded from `seed` and i, so any thread count gives the same result) and
/// evaluates every structure on each. O(samples x structures x (F + E)).
[[nodiscard]] SensitivityResult sensitivity(const Model& model, const std::vector<Index>& structures,
                                            std::size_t baseline, const SensitivityOptions& options);

/// numpy.percentile(values, q) with linear interpolation; `values` unsorted.
[[nodiscard]] double percentile(std::vector<double> values, double q);

}  // namespace policygraph
