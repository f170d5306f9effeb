// Per-unit metrics (the unit graph) and misplaced functions.
#include <algorithm>
#include <numeric>

#include <policygraph/metrics/betweenness.hpp>
#include <policygraph/metrics/metrics.hpp>

namespace policygraph {

std::vector<Index> unit_id_ranks(const Model& model) {
  const std::vector<Index> order = model.units_by_id();
  std::vector<Index> rank(order.size());
  for (Index r = 0; r < order.size(); ++r) rank[order[r]] = r;
  return rank;
}

std::vector<UnitMetrics> unit_metrics(const Model& model, const UnitTree& tree,
                                      const std::vector<Index>& owner,
                                      const MetricsOptions& options) {
  const std::size_t units = model.unit_ids.size();
  std::vector<std::size_t> functions(units, 0);
  std::vector<double> external(units, 0);
  std::vector<std::uint64_t> crossings;  // (low << 32 | high) unit pairs
  const FunctionGraph& g = model.graph;
  for (std::uint32_t u = 0; u < owner.size(); ++u) {
    const Index cu = owner[u];
    if (cu == kNone) continue;
    ++functions[cu];
    const auto nbrs = g.neighbours(u);
    const auto wts = g.neighbour_weights(u);
    for (std::size_t i = 0; i < nbrs.size(); ++i) {
      const Index cv = owner[nbrs[i]];
      if (cv == kNone || cv == cu) continue;
      external[cu] += wts[i];  // each crossing pair is seen from both ends
      if (nbrs[i] > u) {
        crossings.push_back((std::uint64_t{std::min(cu, cv)} << 32U) | std::max(cu, cv));
      }
    }
  }
  // Owning units sorted by id; their position is the unit-graph vertex.
  const std::vector<Index> rank = unit_id_ranks(model);
  std::vector<Index> listed;
  for (Index c = 0; c < units; ++c) {
    if (functions[c] > 0) listed.push_back(c);
  }
  std::sort(listed.begin(), listed.end(), [&](Index a, Index b) { return rank[a] < rank[b]; });
  std::vector<std::uint32_t> vertex(units, 0);
  for (std::uint32_t i = 0; i < listed.size(); ++i) vertex[listed[i]] = i;
  std::vector<double> betweenness(listed.size(), 0);
  if (options.betweenness) {
    // Vertex pairs, sorted: neighbour lists then follow the vertex (id)
    // order whatever order the model lists its units in, and so does the
    // order in which betweenness adds up its terms.
    for (std::uint64_t& pair : crossings) {
      const std::uint32_t a = vertex[pair >> 32U];
      const std::uint32_t b = vertex[pair & 0xFFFFFFFFU];
      pair = (std::uint64_t{std::min(a, b)} << 32U) | std::max(a, b);
    }
    std::sort(crossings.begin(), crossings.end());
    crossings.erase(std::unique(crossings.begin(), crossings.end()), crossings.end());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    edges.reserve(crossings.size());
    for (std::uint64_t pair : crossings) {
      edges.emplace_back(static_cast<std::uint32_t>(pair >> 32U),
                         static_cast<std::uint32_t>(pair & 0xFFFFFFFFU));
    }
    const CsrGraph graph = csr_from_edges(listed.size(), edges);
    if (options.betweenness_sources > 0 && options.betweenness_sources < listed.size()) {
      const auto sources =
          sample_sources(listed.size(), options.betweenness_sources, options.betweenness_seed);
      betweenness = betweenness_from_sources(graph, sources, options.threads);
    } else {
      betweenness = betweenness_centrality(graph, options.threads);
    }
  }
  std::vector<UnitMetrics> out;
  out.reserve(listed.size());
  for (std::uint32_t i = 0; i < listed.size(); ++i) {
    const Index c = listed[i];
    out.push_back({c, tree.depth(c), functions[c], external[c], betweenness[i]});
  }
  return out;
}

std::vector<MisplacedFunction> misplaced_functions(const Model& model,
                                                   const std::vector<Index>& owner) {
  const std::vector<Index> rank = unit_id_ranks(model);
  std::vector<double> pull(model.unit_ids.size(), 0);
  std::vector<Index> touched;
  std::vector<MisplacedFunction> out;
  const FunctionGraph& g = model.graph;
  for (std::uint32_t f = 0; f < owner.size(); ++f) {
    const Index own = owner[f];
    if (own == kNone) continue;
    const auto nbrs = g.neighbours(f);
    const auto wts = g.neighbour_weights(f);
    touched.clear();
    for (std::size_t i = 0; i < nbrs.size(); ++i) {
      const Index c = owner[nbrs[i]];
      if (c == kNone) continue;
      if (pull[c] == 0) touched.push_back(c);
      pull[c] += wts[i];
    }
    if (touched.empty()) continue;  // s(f) = 0
    double best_pull = 0;
    Index best = kNone;
    for (Index c : touched) {
      if (best == kNone || (pull[c] > best_pull && !same_weight(pull[c], best_pull))) {
        best = c;
        best_pull = pull[c];
      } else if (same_weight(pull[c], best_pull) && rank[c] < rank[best]) {
        best = c;
        best_pull = std::max(best_pull, pull[c]);
      }
    }
    const double own_pull = pull[own];
    if (best != own && best_pull > own_pull && !same_weight(best_pull, own_pull)) {
      out.push_back({f, own, best, own_pull, pull[best]});
    }
    for (Index c : touched) pull[c] = 0;
  }
  // By gain, descending, then function id; gains within the tolerance of
  // docs/metrics.md count as equal, so the order does not depend on the order in
  // which weights were added: sort exactly, then order each run of rows
  // whose gains are within tolerance of the run's first by function id.
  const auto gain = [](const MisplacedFunction& m) { return m.pull_better - m.pull_own; };
  const auto by_id = [&](const MisplacedFunction& a, const MisplacedFunction& b) {
    return model.functions[a.function].id < model.functions[b.function].id;
  };
  sort_with_ties(
      out.begin(), out.end(),
      [&](const MisplacedFunction& a, const MisplacedFunction& b) {
        if (gain(a) != gain(b)) return gain(a) > gain(b);
        return by_id(a, b);
      },
      [&](const MisplacedFunction& a, const MisplacedFunction& b) {
        return same_weight(gain(a), gain(b));
      },
      by_id);
  return out;
}

}  // namespace policygraph
