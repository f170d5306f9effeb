#include <policygraph/analysis/sensitivity.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <random>
#include <string_view>

#include <policygraph/core/parallel.hpp>
#include <policygraph/metrics/metrics.hpp>

namespace policygraph {

bool tied(double a, double b) {
  return std::abs(a - b) <= kTieTolerance * std::max({1.0, std::abs(a), std::abs(b)});
}

std::vector<std::size_t> shared_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0U);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<std::size_t> rank(values.size());
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start + 1;
    while (end < order.size() && tied(values[order[start]], values[order[end]])) ++end;
    for (std::size_t i = start; i < end; ++i) rank[order[i]] = start + 1;
    start = end;
  }
  return rank;
}

double percentile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double position = q / 100 * static_cast<double>(values.size() - 1);
  const auto low = static_cast<std::size_t>(std::floor(position));
  const std::size_t high = std::min(low + 1, values.size() - 1);
  return values[low] + (position - static_cast<double>(low)) * (values[high] - values[low]);
}

namespace {

/// SplitMix64: independent generator seeds for each sample.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}

/// Uniform in (0, 1) from 53 random bits, never 0.
double uniform(std::mt19937_64& rng) {
  return (static_cast<double>(rng() >> 11U) + 0.5) * 0x1.0p-53;
}

/// Standard normal by Box-Muller (portable: the same numbers everywhere).
double normal(std::mt19937_64& rng) {
  const double u = uniform(rng);
  const double v = uniform(rng);
  return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * v);
}

}  // namespace

FunctionGraph weight_sample(const Model& model, double noise, double drop, std::uint64_t seed,
                            std::size_t i, std::vector<Dependency>& buffer) {
  std::mt19937_64 rng(mix(seed ^ mix(i)));
  buffer.clear();
  for (const Dependency& d : model.dependencies) {
    const double factor = std::exp(noise * normal(rng));
    const bool dropped = drop > 0 && uniform(rng) < drop;
    if (!dropped) buffer.push_back({d.from, d.to, d.weight * factor, d.kind});
  }
  return build_function_graph(model.functions.size(), buffer);
}

namespace {

constexpr std::array<std::string_view, 7> kMetrics{
    "total_weight",    "cross_unit_share",      "modularity",       "coordination_distance_mean",
    "top_level_share", "escalation_depth_mean", "coordination_cost"};
static_assert(kMetrics[SensitivityResult::kCost] == "coordination_cost");
static_assert(kMetrics[SensitivityResult::kCross] == "cross_unit_share");

/// The followed figures of every structure under one weighting.
struct Evaluator {
  const Model& model;
  std::vector<UnitTree> trees;
  std::vector<std::vector<Index>> owners;       // at the level
  std::vector<std::vector<Index>> leaf_owners;  // unaggregated, for the cost
  bool aggregated;

  Evaluator(const Model& m, const std::vector<Index>& structures, std::optional<int> level)
      : model(m), aggregated(level.has_value()) {
    for (Index s : structures) {
      trees.emplace_back(m.structures[s]);
      owners.push_back(owners_at(m.structures[s], trees.back().aggregation(level)));
      leaf_owners.push_back(owners_at(m.structures[s], trees.back().aggregation(std::nullopt)));
    }
  }

  std::vector<std::vector<double>> operator()(const FunctionGraph& g) const {
    std::vector<std::vector<double>> out;
    for (std::size_t k = 0; k < trees.size(); ++k) {
      const WholeMetrics w = whole_metrics(model, g, trees[k], owners[k]);
      const WholeMetrics leaf = aggregated ? whole_metrics(model, g, trees[k], leaf_owners[k]) : w;
      out.push_back({w.total_weight, w.cross_unit_share, w.modularity,
                     w.coordination_distance_mean, w.top_level_share, w.escalation_depth_mean,
                     leaf.total_weight * leaf.coordination_distance_mean});
    }
    return out;
  }
};

/// The shared ranks of the structures by one figure.
std::vector<std::size_t> ranks_by(const std::vector<std::vector<double>>& v, std::size_t metric) {
  std::vector<double> column;
  column.reserve(v.size());
  for (const auto& figures : v) column.push_back(figures[metric]);
  return shared_ranks(column);
}

/// The nominal ranking by one figure; `holds` is filled from the samples.
Ranking nominal_ranking(const std::vector<std::vector<double>>& v, std::size_t metric) {
  Ranking r;
  r.rank = ranks_by(v, metric);
  r.order.resize(v.size());
  std::iota(r.order.begin(), r.order.end(), 0U);
  std::stable_sort(r.order.begin(), r.order.end(),
                   [&](std::size_t a, std::size_t b) { return r.rank[a] < r.rank[b]; });
  return r;
}

Spread spread(const std::vector<double>& values) {
  Spread s;
  s.mean = values.empty() ? 0 : std::accumulate(values.begin(), values.end(), 0.0) /
                                    static_cast<double>(values.size());
  s.p5 = percentile(values, 5);
  s.p95 = percentile(values, 95);
  return s;
}

}  // namespace

SensitivityResult sensitivity(const Model& model, const std::vector<Index>& structures,
                              std::size_t baseline, const SensitivityOptions& options) {
  const Evaluator evaluate(model, structures, options.level);
  SensitivityResult r;
  r.structures = structures;
  r.baseline = baseline;
  r.metrics.assign(kMetrics.begin(), kMetrics.end());
  r.nominal = evaluate(model.graph);
  const std::size_t cross = SensitivityResult::kCross;
  const std::size_t cost = SensitivityResult::kCost;
  r.rank_by_cost = nominal_ranking(r.nominal, cost);
  r.rank_by_cross = nominal_ranking(r.nominal, cross);

  // samples[i][structure][metric]
  std::vector<std::vector<std::vector<double>>> samples(options.samples);
  // One buffer of perturbed dependencies per worker, reused across its samples.
  std::vector<std::vector<Dependency>> buffers(
      std::min<std::size_t>(options.samples, thread_limit(options.threads)));
  parallel_for(options.samples, options.threads, [&](std::size_t i, unsigned worker) {
    samples[i] = evaluate(
        weight_sample(model, options.noise, options.drop, options.seed, i, buffers[worker]));
  });

  const std::size_t n = structures.size();
  r.values.assign(n, std::vector<Spread>(kMetrics.size()));
  r.deltas.assign(n, std::vector<Spread>(kMetrics.size()));
  r.against_baseline.assign(n, std::vector<Shares>(kMetrics.size()));
  const double total = samples.empty() ? 1 : static_cast<double>(samples.size());
  std::vector<double> column;
  std::vector<double> difference;
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t m = 0; m < kMetrics.size(); ++m) {
      column.clear();
      difference.clear();
      std::size_t lower = 0;
      std::size_t higher = 0;
      for (const auto& sample : samples) {
        const double value = sample[k][m];
        const double base = sample[baseline][m];
        column.push_back(value);
        difference.push_back(value - base);
        if (tied(value, base)) continue;
        if (value < base) {
          ++lower;
        } else {
          ++higher;
        }
      }
      r.values[k][m] = spread(column);
      r.deltas[k][m] = spread(difference);
      const std::size_t same = samples.size() - lower - higher;
      r.against_baseline[k][m] = {static_cast<double>(lower) / total,
                                  static_cast<double>(same) / total,
                                  static_cast<double>(higher) / total};
    }
  }
  std::size_t same_cost = 0;
  std::size_t same_cross = 0;
  for (const auto& sample : samples) {
    same_cost += ranks_by(sample, cost) == r.rank_by_cost.rank ? 1 : 0;
    same_cross += ranks_by(sample, cross) == r.rank_by_cross.rank ? 1 : 0;
  }
  r.rank_by_cost.holds = samples.empty() ? 0 : static_cast<double>(same_cost) / total;
  r.rank_by_cross.holds = samples.empty() ? 0 : static_cast<double>(same_cross) / total;
  return r;
}

}  // namespace policygraph
