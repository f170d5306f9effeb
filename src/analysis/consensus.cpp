#include <policygraph/analysis/consensus.hpp>

#include <algorithm>
#include <map>
#include <numeric>
#include <utility>

#include <policygraph/core/parallel.hpp>

namespace policygraph {

namespace {

/// What one sample's search gave.
struct SampleOutcome {
  bool done = false;
  std::vector<std::pair<Index, Index>> moves;  // function, unit
  double saving = 0;
  std::uint64_t evaluations = 0;
  bool exact = false;
};

Spread spread_of(const std::vector<double>& values) {
  Spread s;
  if (values.empty()) return s;
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  s.p5 = percentile(values, 5);
  s.p95 = percentile(values, 95);
  return s;
}

bool stopped(const OptimizeOptions& search) {
  return search.stop != nullptr && search.stop->load(std::memory_order_relaxed);
}

}  // namespace

ConsensusResult optimize_consensus(const Model& model, Index structure,
                                   const OptimizeOptions& search, const ConsensusOptions& options) {
  const Resolved& s = model.structures[structure];
  const unsigned workers =
      static_cast<unsigned>(std::min<std::size_t>(std::max<std::size_t>(options.samples, 1),
                                                  thread_limit(options.threads)));
  std::vector<std::vector<Dependency>> buffers(workers);

  // 1. The search on every sample: each writes only its own outcome.
  std::vector<SampleOutcome> outcomes(options.samples);
  parallel_for(options.samples, options.threads, [&](std::size_t i, unsigned worker) {
    if (stopped(search)) return;
    const FunctionGraph g =
        weight_sample(model, options.noise, options.drop, options.seed, i, buffers[worker]);
    OptimizeOptions o = search;
    o.graph = &g;
    o.progress = nullptr;
    const OptimizeResult r = optimize_assignment(model, structure, o);
    if (r.interrupted) return;  // a cut-short search is not a sample's proposal
    SampleOutcome& out = outcomes[i];
    for (const ProposedMove& m : r.moves) out.moves.emplace_back(m.function, m.to);
    out.saving = r.cost_before - r.cost_after;
    out.evaluations = r.evaluations;
    out.exact = r.exact;
    out.done = true;
  });

  ConsensusResult result;
  result.exhaustive = true;
  std::map<std::pair<Index, Index>, std::size_t> counts;
  std::vector<double> savings;
  for (const SampleOutcome& o : outcomes) {
    if (!o.done) {
      result.interrupted = true;
      continue;
    }
    ++result.samples;
    result.exhaustive = result.exhaustive && o.exact;
    savings.push_back(o.saving);
    result.consensus.evaluations += o.evaluations;
    for (const auto& move : o.moves) ++counts[move];
  }
  result.saving = spread_of(savings);
  result.exhaustive = result.exhaustive && result.samples > 0;

  // 2. The moves by frequency, each with its gain alone under the given weights.
  const MoveEvaluator nominal(model, s, search.objective);
  for (const auto& [move, count] : counts) {
    MoveFrequency m;
    m.function = move.first;
    m.from = s.assign[move.first];
    m.to = move.second;
    m.count = count;
    m.share = static_cast<double>(count) / static_cast<double>(result.samples);
    m.nominal_gain = -nominal.delta(m.function, m.to);
    result.moves.push_back(m);
  }
  std::stable_sort(result.moves.begin(), result.moves.end(),
                   [](const MoveFrequency& a, const MoveFrequency& b) {
                     if (a.count != b.count) return a.count > b.count;
                     if (a.nominal_gain != b.nominal_gain) return a.nominal_gain > b.nominal_gain;
                     return std::pair(a.function, a.to) < std::pair(b.function, b.to);
                   });

  // 3. The consensus: moves held by at least half the samples, applied in
  // that order under the given weights and the search's constraints.
  MoveEvaluator applied(model, s, search.objective);
  std::vector<std::size_t> load(s.parent.size(), 0);
  for (Index a : s.assign) {
    if (a != kNone) ++load[a];
  }
  const std::vector<std::size_t> original_load = load;
  auto limit = [&](Index u) {
    const std::size_t cap =
        search.capacity.empty() ? std::numeric_limits<std::size_t>::max() : search.capacity[u];
    return std::max(cap, original_load[u]);
  };
  std::vector<std::uint8_t> moved(model.functions.size(), 0);
  result.consensus.cost_before = applied.cost();
  for (MoveFrequency& m : result.moves) {
    if (result.samples == 0 || 2 * m.count < result.samples) break;
    const bool fits = moved[m.function] == 0 &&
                      result.consensus.moves.size() < search.max_moves && load[m.to] < limit(m.to);
    if (!fits) {
      ++result.left_out;
      continue;
    }
    const double gain = -applied.delta(m.function, m.to);
    applied.apply(m.function, m.to);
    --load[m.from];
    ++load[m.to];
    moved[m.function] = 1;
    m.in_consensus = true;
    result.consensus.moves.push_back({m.function, m.from, m.to, gain});
  }
  result.consensus.cost_after = applied.cost();
  result.consensus.interrupted = result.interrupted;

  // 4. The consensus in every sample's weights (drawn again: the same draws).
  std::vector<double> consensus_savings(options.samples, 0);
  std::vector<std::uint8_t> saves(options.samples, 0);
  if (!result.consensus.moves.empty()) {
    const UnitTree tree(s);
    parallel_for(options.samples, options.threads, [&](std::size_t i, unsigned worker) {
      if (!outcomes[i].done) return;
      const FunctionGraph g =
          weight_sample(model, options.noise, options.drop, options.seed, i, buffers[worker]);
      const double before = assignment_cost(g, tree, s.assign, search.objective);
      const double after = assignment_cost(g, tree, applied.assignment(), search.objective);
      consensus_savings[i] = before - after;
      saves[i] = after < before && !tied(before, after) ? 1 : 0;
    });
  }
  std::vector<double> done_savings;
  std::size_t saving_samples = 0;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (!outcomes[i].done) continue;
    done_savings.push_back(consensus_savings[i]);
    saving_samples += saves[i];
  }
  result.consensus_saving = spread_of(done_savings);
  result.consensus_saves = result.samples == 0 ? 0
                                               : static_cast<double>(saving_samples) /
                                                     static_cast<double>(result.samples);
  return result;
}

}  // namespace policygraph
