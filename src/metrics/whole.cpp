// Whole-structure metrics and the profile by level.
#include <algorithm>
#include <cmath>

#include <policygraph/metrics/metrics.hpp>
#include <policygraph/metrics/partition.hpp>

namespace policygraph {
namespace {

struct EdgeSums {
  std::size_t pairs = 0;
  double total = 0;
  double cross = 0;
  double distance = 0;      // sum w * dist
  double top = 0;           // cross weight meeting at the root
  double escalation = 0;    // sum over cross pairs of w * depth(lca)
  double modularity = 0;
  std::size_t owning_units = 0;
};

/// One pass over every pair {u < v} of present functions.
EdgeSums sum_edges(const Model& model, const FunctionGraph& g, const UnitTree& tree,
                   const std::vector<Index>& owner) {
  const std::size_t units = model.unit_ids.size();
  std::vector<double> inside(units, 0);
  std::vector<double> degree(units, 0);
  std::vector<std::uint8_t> owns(units, 0);
  EdgeSums e;
  for (std::uint32_t u = 0; u < g.vertex_count(); ++u) {
    const Index cu = owner[u];
    if (cu == kNone) continue;
    owns[cu] = 1;
    const auto nbrs = g.neighbours(u);
    const auto wts = g.neighbour_weights(u);
    for (std::size_t i = 0; i < nbrs.size(); ++i) {
      const std::uint32_t v = nbrs[i];
      if (v <= u) continue;
      const Index cv = owner[v];
      if (cv == kNone) continue;
      const double w = wts[i];
      ++e.pairs;
      e.total += w;
      degree[cu] += w;
      degree[cv] += w;
      if (cu == cv) {
        inside[cu] += w;
        continue;
      }
      const Index meet = tree.lca(cu, cv);
      const Index meet_depth = tree.depth(meet);
      e.cross += w;
      e.distance += w * (tree.depth(cu) + tree.depth(cv) - 2 * meet_depth);
      e.escalation += w * meet_depth;
      if (meet == tree.root()) e.top += w;
    }
  }
  // Units in id order, so that the sum does not depend on the order in
  // which the model lists them.
  for (const Index c : model.units_by_id()) {
    e.owning_units += owns[c];
    if (e.total > 0 && owns[c]) {
      const double share = degree[c] / (2 * e.total);
      e.modularity += inside[c] / e.total - share * share;
    }
  }
  return e;
}

double ratio(double a, double b) { return b == 0 ? 0 : a / b; }

}  // namespace

bool same_weight(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

WholeMetrics whole_metrics(const Model& model, const Resolved& /*s*/, const UnitTree& tree,
                           const std::vector<Index>& owner) {
  return whole_metrics(model, model.graph, tree, owner);
}

WholeMetrics whole_metrics(const Model& model, const FunctionGraph& graph, const UnitTree& tree,
                           const std::vector<Index>& owner) {
  const EdgeSums e = sum_edges(model, graph, tree, owner);
  WholeMetrics m;
  std::vector<std::uint64_t> domain_label;
  std::vector<std::uint64_t> unit_label;
  for (std::size_t f = 0; f < owner.size(); ++f) {
    if (owner[f] == kNone) continue;
    domain_label.push_back(model.functions[f].domains.front());
    unit_label.push_back(owner[f]);
  }
  m.functions = domain_label.size();
  m.dependencies = e.pairs;
  m.total_weight = e.total;
  m.cross_unit_share = ratio(e.cross, e.total);
  m.modularity = e.modularity;
  m.coordination_distance_mean = ratio(e.distance, e.total);
  m.top_level_share = ratio(e.top, e.total);
  m.escalation_depth_mean = ratio(e.escalation, e.cross);
  m.alignment_nmi = compare_partitions(domain_label, unit_label).nmi;
  m.owning_units = e.owning_units;
  return m;
}

std::vector<LevelProfile> level_profile(const Model& model, const Resolved& s,
                                        const UnitTree& tree) {
  std::vector<LevelProfile> out;
  for (Index level = 1; level <= tree.max_depth(); ++level) {
    const auto owner = owners_at(s, tree.aggregation(static_cast<int>(level)));
    const EdgeSums e = sum_edges(model, model.graph, tree, owner);
    out.push_back({static_cast<int>(level), e.owning_units, ratio(e.cross, e.total), e.modularity,
                   ratio(e.distance, e.total), ratio(e.top, e.total)});
  }
  return out;
}

ShapeMetrics shape_metrics(const Resolved& s, const UnitTree& tree,
                           const std::vector<Index>& owner, std::optional<int> level) {
  ShapeMetrics m;
  const auto within = [&](Index u) {
    return !level || tree.depth(u) <= static_cast<Index>(*level);
  };
  std::vector<std::size_t> children(s.parent.size(), 0);
  double headcount = 0;
  bool any_headcount = false;
  for (Index u : tree.preorder()) {
    if (s.info[u].headcount) {
      headcount += *s.info[u].headcount;
      any_headcount = true;
    }
    if (!within(u)) continue;
    ++m.units;
    m.depth = std::max<std::size_t>(m.depth, tree.depth(u));
    if (tree.parent(u) != kNone) ++children[tree.parent(u)];
  }
  std::size_t parents = 0;
  std::size_t links = 0;
  for (Index u : tree.preorder()) {
    if (children[u] == 0) continue;
    ++parents;
    links += children[u];
    m.span_max = std::max(m.span_max, children[u]);
  }
  m.span_mean = parents == 0 ? 0 : static_cast<double>(links) / static_cast<double>(parents);
  std::vector<std::uint8_t> owns(s.parent.size(), 0);
  for (Index c : owner) {
    if (c != kNone && !owns[c]) {
      owns[c] = 1;
      ++m.owning_units;
    }
  }
  if (any_headcount) m.headcount = headcount;
  return m;
}

}  // namespace policygraph
