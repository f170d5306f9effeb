// How robust a comparison is when the dependency weights are uncertain.
#pragma once

#include <cstdint>
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

/// Two figures a and b are tied when |a - b| <= kTieTolerance x max(1, |a|, |b|):
/// within 1e-9 of the larger in relative terms, and within 1e-9 absolutely
/// for figures below 1 (the rule of near-equal sums, docs/metrics.md).
inline constexpr double kTieTolerance = 1e-9;
[[nodiscard]] bool tied(double a, double b);

/// Mean and 5th / 95th percentiles (linear interpolation between order
/// statistics, numpy's default) of one figure over the samples.
struct Spread {
  double mean = 0;
  double p5 = 0;
  double p95 = 0;
};

/// Shares of the samples in which a structure's figure is lower than the
/// baseline's, tied with it, or higher (they add up to 1).
struct Shares {
  double lower = 0;
  double tied = 0;
  double higher = 0;
};

/// The structures ordered by one figure, lowest first, with ties.
struct Ranking {
  /// Positions in SensitivityResult::structures, lowest first; tied
  /// structures in the order they are compared.
  std::vector<std::size_t> order;
  /// Per position: 1 + the number of structures ranked strictly below it,
  /// so that tied structures share a rank (1, 1, 3).
  std::vector<std::size_t> rank;
  /// Share of samples whose ranking is this one, ties included: the same
  /// structures tied and the others in the same order.
  double holds = 0;
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
  /// [structure][metric]: how often the figure is lower than, tied with or
  /// higher than the baseline's in the same sample (the baseline: tied in all).
  std::vector<std::vector<Shares>> against_baseline;
  Ranking rank_by_cost;   ///< by coordination cost, nominal
  Ranking rank_by_cross;  ///< by cross-unit share, nominal

  /// The position of the coordination cost and of the cross-unit share in `metrics`.
  static constexpr std::size_t kCost = 6;
  static constexpr std::size_t kCross = 1;
};

/// Draws `samples` perturbed weightings (sample i uses its own generator
/// seeded from `seed` and i, so any thread count gives the same result) and
/// evaluates every structure on each. O(samples x structures x (F + E)).
[[nodiscard]] SensitivityResult sensitivity(const Model& model, const std::vector<Index>& structures,
                                            std::size_t baseline, const SensitivityOptions& options);

/// The function graph under weight sample `i`: every dependency's weight
/// multiplied by exp(N(0, noise^2)) and, with probability `drop`, left out,
/// drawn from a generator seeded by `seed` and `i` alone, so that a sample
/// is the same whichever thread draws it. `sensitivity` and
/// `optimize_consensus` draw their samples with it; `buffer` is reused.
[[nodiscard]] FunctionGraph weight_sample(const Model& model, double noise, double drop,
                                          std::uint64_t seed, std::size_t i,
                                          std::vector<Dependency>& buffer);

/// numpy.percentile(values, q) with linear interpolation; `values` unsorted.
[[nodiscard]] double percentile(std::vector<double> values, double q);

/// The shared rank of each value (1 = lowest; tied values share the lowest
/// rank of their group). Groups are made from the values sorted exactly:
/// each group starts at the first value not yet placed and holds every
/// following value tied with that first one, so that the result is precise
/// although "tied" is not transitive.
[[nodiscard]] std::vector<std::size_t> shared_ranks(const std::vector<double>& values);

}  // namespace policygraph
