// Google Benchmark programs for the hot paths. Run the release build:
//   build/release/bench/policygraph_benchmarks
#include <benchmark/benchmark.h>

#include <random>

#include <policygraph/load/model_reader.hpp>
#include <policygraph/metrics/metrics.hpp>
#include <policygraph/analysis/optimize.hpp>
#include <policygraph/analysis/sensitivity.hpp>

#include "synthetic.hpp"

namespace policygraph {
namespace {

const Model& large_model() {
  // 100k functions, 1M dependencies, 4 levels of 9 (7,381 units).
  static const Model m = bench::synthetic_model(100'000, 1'000'000, 9, 4, 42);
  return m;
}

/// Single-move cost evaluations as the optimizer makes them: every function
/// in turn, the cost of its dependencies placed in each of 8 candidate units
/// (its current placement is computed once per function, not counted). One core.
void MoveEvaluations(benchmark::State& state) {
  const Model& m = large_model();
  const MoveEvaluator ev(m, m.structures[0], Objective::kDistance);
  std::mt19937_64 rng(1);
  const auto& order = m.structures[0].order;
  std::vector<Index> targets(1 << 12);
  for (auto& t : targets) t = order[rng() % order.size()];
  Index f = 0;
  std::size_t t = 0;
  double sink = 0;
  for (auto _ : state) {
    sink += ev.placement_cost(f, targets[t++ & (targets.size() - 1)]);
    if ((t & 7U) == 0) f = (f + 1) % static_cast<Index>(m.functions.size());
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(MoveEvaluations);

/// Every metric of one structure (betweenness included) on the large model.
void StructureMetricsLarge(benchmark::State& state) {
  const Model& m = large_model();
  MetricsOptions o;
  o.threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(structure_metrics(m, 0, std::nullopt, o));
}
BENCHMARK(StructureMetricsLarge)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

/// Sensitivity samples on the ministry model (all five structures per sample).
void SensitivitySamplesMinistry(benchmark::State& state) {
  Diagnostics d;
  static const Model m =
      read_model_file(std::string(POLICYGRAPH_SOURCE_DIR) + "/datasets/motie-2025/model.json", d);
  SensitivityOptions o;
  o.samples = 100;
  o.threads = 1;
  const std::vector<Index> all{0, 1, 2, 3, 4};
  for (auto _ : state) benchmark::DoNotOptimize(sensitivity(m, all, 0, o));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * o.samples));
}
BENCHMARK(SensitivitySamplesMinistry)->Unit(benchmark::kMillisecond);

/// The optimizer with its defaults on the large model.
void OptimizeLarge(benchmark::State& state) {
  const Model& m = large_model();
  OptimizeOptions o;
  o.capacity = default_capacity(m.structures[0], 1, 0.2);
  o.rounds = 5;
  for (auto _ : state) benchmark::DoNotOptimize(optimize_assignment(m, 0, o));
}
BENCHMARK(OptimizeLarge)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace policygraph

BENCHMARK_MAIN();
