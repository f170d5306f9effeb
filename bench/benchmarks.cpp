// Google Benchmark programs for the hot paths. Run the release build:
//   build/release/bench/policygraph_benchmarks
#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>

#include <policygraph/load/json_text.hpp>
#include <policygraph/load/model_reader.hpp>
#include <policygraph/metrics/metrics.hpp>
#include <policygraph/analysis/optimize.hpp>
#include <policygraph/analysis/sensitivity.hpp>
#include <policygraph/metrics/betweenness.hpp>

#include "boost_kernels.hpp"
#include "synthetic.hpp"

namespace policygraph {
namespace {

const Model& large_model() {
  // 100k functions, 1M dependencies, 4 levels of 9 (7,381 units).
  static const Model m = bench::synthetic_model(100'000, 1'000'000, 9, 4, 42);
  return m;
}

/// A synthetic model with `functions` functions and ten times as many
/// dependencies, on the large model's tree: 100,000 is the large model.
const Model& model_of_size(std::size_t functions) {
  if (functions == 100'000) return large_model();
  static std::map<std::size_t, Model> models;
  auto it = models.find(functions);
  if (it == models.end()) {
    it = models.emplace(functions, bench::synthetic_model(functions, 10 * functions, 9, 4, 42))
             .first;
  }
  return it->second;
}

/// The unit graph of a model's first structure, as unit_metrics builds it:
/// one vertex per owning unit, an edge where some dependency crosses.
CsrGraph unit_graph(const Model& m) {
  const std::vector<Index>& owner = m.structures[0].assign;
  std::vector<std::uint32_t> vertex(m.unit_ids.size(), UINT32_MAX);
  std::uint32_t count = 0;
  for (const Index u : owner) {
    if (vertex[u] == UINT32_MAX) vertex[u] = count++;
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  for (std::uint32_t f = 0; f < owner.size(); ++f) {
    for (const std::uint32_t g : m.graph.neighbours(f)) {
      const std::uint32_t a = vertex[owner[f]];
      const std::uint32_t b = vertex[owner[g]];
      if (g > f && a != b) edges.emplace_back(std::min(a, b), std::max(a, b));
    }
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  return csr_from_edges(count, edges);
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

// Components of a domain's subgraph on the large model (one domain holding
// all 100,000 functions): the library's union-find against Boost.Graph.

/// The library: domain_metrics, whose one pass over the domain's edges
/// feeds its union-find (components and fragments) and also sums the
/// weights, the spread and the owner (so more than the kernel alone).
void DomainComponentsHandWritten(benchmark::State& state) {
  const Model& m = large_model();
  const Resolved& s = m.structures[0];
  const UnitTree tree(s);
  const std::vector<Index> owner = owners_at(s, tree.aggregation(std::nullopt));
  for (auto _ : state) benchmark::DoNotOptimize(domain_metrics(m, s, tree, owner));
}
BENCHMARK(DomainComponentsHandWritten)->Unit(benchmark::kMillisecond);

/// boost::connected_components on two filtered_graph views (all the
/// domain's edges; those inside one unit): slower than the whole of
/// domain_metrics above, so the library keeps its union-find.
void DomainComponentsBoost(benchmark::State& state) {
  const Model& m = large_model();
  std::vector<std::uint32_t> members(m.functions.size());
  std::iota(members.begin(), members.end(), 0U);
  const std::vector<Index>& owner = m.structures[0].assign;
  for (auto _ : state) {
    benchmark::DoNotOptimize(bench::boost_domain_components(m.graph, members, owner));
  }
}
BENCHMARK(DomainComponentsBoost)->Unit(benchmark::kMillisecond);

// Betweenness of the unit graph (what StructureMetricsLarge spends most of
// its time on), the library's kernel against Boost.Graph's Brandes. The
// argument is the number of functions of the synthetic model (dependencies:
// ten times as many); 100,000 is the large model, whose unit graph has
// 6,561 vertices and about 950,000 edges. Boost's is sequential; the
// library's runs on `threads` (second argument).

void BetweennessUnitGraphHandWritten(benchmark::State& state) {
  const CsrGraph g = unit_graph(model_of_size(static_cast<std::size_t>(state.range(0))));
  const auto threads = static_cast<unsigned>(state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(betweenness_centrality(g, threads));
  state.counters["vertices"] = static_cast<double>(g.vertex_count());
  state.counters["edges"] = static_cast<double>(g.targets.size()) / 2;
}
BENCHMARK(BetweennessUnitGraphHandWritten)
    ->Args({10'000, 1})
    ->Args({100'000, 1})
    ->Args({100'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

void BetweennessUnitGraphBoost(benchmark::State& state) {
  const CsrGraph g = unit_graph(model_of_size(static_cast<std::size_t>(state.range(0))));
  for (auto _ : state) benchmark::DoNotOptimize(bench::boost_betweenness(g));
  state.counters["vertices"] = static_cast<double>(g.vertex_count());
  state.counters["edges"] = static_cast<double>(g.targets.size()) / 2;
}
BENCHMARK(BetweennessUnitGraphBoost)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

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

/// A model file's text with 100,000 dependencies between 10,000 functions,
/// each dependency as a model file writes it.
const std::string& dependencies_text() {
  static const std::string text = [] {
    std::mt19937_64 rng(7);
    std::string t = R"({"format": "policygraph/1", "dependencies": [)";
    for (int e = 0; e < 100'000; ++e) {
      if (e > 0) t += ",\n  ";
      t += R"({"from": "f)" + std::to_string(rng() % 10'000) + R"(", "to": "f)" +
           std::to_string(rng() % 10'000) + R"(", "weight": )" + std::to_string(1 + rng() % 3) +
           R"(, "kind": "coordination"})";
    }
    return t + "]}";
  }();
  return text;
}

/// The floor: nlohmann_json's SAX parser with a handler that keeps nothing.
struct NoSax {
  bool null() { return true; }
  bool boolean(bool /*v*/) { return true; }
  bool number_integer(nlohmann::json::number_integer_t /*v*/) { return true; }
  bool number_unsigned(nlohmann::json::number_unsigned_t /*v*/) { return true; }
  bool number_float(nlohmann::json::number_float_t /*v*/, const std::string& /*s*/) { return true; }
  bool string(std::string& /*v*/) { return true; }
  bool binary(nlohmann::json::binary_t& /*v*/) { return true; }
  bool start_object(std::size_t /*n*/) { return true; }
  bool end_object() { return true; }
  bool start_array(std::size_t /*n*/) { return true; }
  bool end_array() { return true; }
  bool key(std::string& /*k*/) { return true; }
  bool parse_error(std::size_t /*p*/, const std::string& /*t*/,
                   const nlohmann::detail::exception& /*e*/) {
    return false;
  }
};

void JsonSaxFloor(benchmark::State& state) {
  const std::string& text = dependencies_text();
  for (auto _ : state) {
    NoSax sax;
    benchmark::DoNotOptimize(nlohmann::json::sax_parse(text, &sax));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(JsonSaxFloor)->Unit(benchmark::kMillisecond);

/// parse_json as the model reader calls it: plain dependencies kept aside.
void JsonPlainDependencies(benchmark::State& state) {
  const std::string& text = dependencies_text();
  for (auto _ : state) {
    Diagnostics d;
    PlainDependencies plain;
    benchmark::DoNotOptimize(parse_json(text, "m.json", d, &plain));
    benchmark::DoNotOptimize(plain.records().data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(JsonPlainDependencies)->Unit(benchmark::kMillisecond);

/// parse_json building the whole document.
void JsonDocument(benchmark::State& state) {
  const std::string& text = dependencies_text();
  for (auto _ : state) {
    Diagnostics d;
    benchmark::DoNotOptimize(parse_json(text, "m.json", d));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(JsonDocument)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace policygraph

BENCHMARK_MAIN();
