// Whole-structure metrics and the profile by level.
#include <algorithm>
#include <cmath>
#include <span>

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

/// Calls present(a) with the owner of every present function and
/// pair(a(u), a(v), w) once for every pair {u < v} of present functions,
/// in function order.
template <class Present, class Pair>
void for_each_pair(const FunctionGraph& g, const std::vector<Index>& owner, Present present,
                   Pair pair) {
  for (std::uint32_t u = 0; u < g.vertex_count(); ++u) {
    const Index cu = owner[u];
    if (cu == kNone) continue;
    present(cu);
    const auto nbrs = g.neighbours(u);
    const auto wts = g.neighbour_weights(u);
    for (std::size_t i = 0; i < nbrs.size(); ++i) {
      const std::uint32_t v = nbrs[i];
      if (v <= u || owner[v] == kNone) continue;
      pair(cu, owner[v], wts[i]);
    }
  }
}

/// The sum over the groups of `order`, in that order, of inside/W - (degree/2W)^2,
/// for those that hold a present function; 0 when W = 0.
double modularity_terms(const std::vector<double>& inside, const std::vector<double>& degree,
                        const std::vector<std::uint8_t>& owns, double total,
                        std::span<const Index> order) {
  double modularity = 0;
  if (total <= 0) return modularity;
  for (const Index c : order) {
    if (!owns[c]) continue;
    const double share = degree[c] / (2 * total);
    modularity += inside[c] / total - share * share;
  }
  return modularity;
}

/// One pass over every pair {u < v} of present functions.
EdgeSums sum_edges(const Model& model, const FunctionGraph& g, const UnitTree& tree,
                   const std::vector<Index>& owner) {
  const std::size_t units = model.unit_ids.size();
  std::vector<double> inside(units, 0);
  std::vector<double> degree(units, 0);
  std::vector<std::uint8_t> owns(units, 0);
  EdgeSums e;
  for_each_pair(
      g, owner, [&](Index c) { owns[c] = 1; },
      [&](Index cu, Index cv, double w) {
        ++e.pairs;
        e.total += w;
        degree[cu] += w;
        degree[cv] += w;
        if (cu == cv) {
          inside[cu] += w;
          return;
        }
        const Index meet = tree.lca(cu, cv);
        const Index meet_depth = tree.depth(meet);
        e.cross += w;
        e.distance += w * (tree.depth(cu) + tree.depth(cv) - 2 * meet_depth);
        e.escalation += w * meet_depth;
        if (meet == tree.root()) e.top += w;
      });
  // Units in id order, so that the sum does not depend on the order in
  // which the model lists them.
  const std::vector<Index> order = model.units_by_id();
  for (const Index c : order) e.owning_units += owns[c];
  e.modularity = modularity_terms(inside, degree, owns, e.total, order);
  return e;
}

double ratio(double a, double b) { return b == 0 ? 0 : a / b; }

}  // namespace

double partition_modularity(const FunctionGraph& graph, const std::vector<Index>& group,
                            std::span<const Index> order) {
  const std::size_t groups = order.size();
  std::vector<double> inside(groups, 0);
  std::vector<double> degree(groups, 0);
  std::vector<std::uint8_t> owns(groups, 0);
  double total = 0;
  // The same additions, in the same order, as sum_edges.
  for_each_pair(
      graph, group, [&](Index c) { owns[c] = 1; },
      [&](Index cu, Index cv, double w) {
        total += w;
        degree[cu] += w;
        degree[cv] += w;
        if (cu == cv) inside[cu] += w;
      });
  return modularity_terms(inside, degree, owns, total, order);
}

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

// One pass over the dependencies and one over the units, whatever the depth:
// evaluating a_L afresh for every level would cost depth x (units + pairs),
// which a tree a million units deep turns into hours. For a pair {u, v} with
// owners a(u) != a(v) meeting at m = lca(a(u), a(v)):
//  - a_L(u) != a_L(v) exactly when L > depth(m), and then their lowest common
//    ancestor is still m (so the pair counts as top level when m is the root);
//  - dist(a_L(u), a_L(v)) = (min(depth a(u), L) - depth m) + (same for v):
//    each end adds 1 per level from depth(m) + 1 up to its own depth.
// Pairs with a(u) == a(v) stay inside one unit at every level.
// Communities at level L are the units of depth L (with their whole
// subtree) and the shallower units that own functions themselves, so
// sum_c deg_c^2 = sum_{depth x = L} S(x)^2 + sum_{depth x < L} D(x)^2 with
// D(x) the weighted degree of x's own functions and S(x) that of its subtree.
std::vector<LevelProfile> level_profile(const Model& model, const Resolved& s,
                                        const UnitTree& tree) {
  const std::size_t levels = tree.max_depth();
  std::vector<LevelProfile> out;
  if (levels == 0) return out;
  const std::size_t units = model.unit_ids.size();
  std::vector<double> degree(units, 0);
  std::vector<std::uint8_t> owns(units, 0);
  std::vector<double> starts_crossing(levels + 2, 0);  // weight crossing from level d on
  std::vector<double> growth_change(levels + 2, 0);    // difference array of d(distance)/dL
  double total = 0;
  double top = 0;
  for_each_pair(
      model.graph, s.assign, [&](Index c) { owns[c] = 1; },
      [&](Index cu, Index cv, double w) {
        total += w;
        degree[cu] += w;
        degree[cv] += w;
        if (cu == cv) return;
        const Index meet = tree.depth(tree.lca(cu, cv));
        starts_crossing[meet + 1] += w;
        if (meet == 0) top += w;
        for (const Index end : {tree.depth(cu), tree.depth(cv)}) {
          if (end <= meet) continue;
          growth_change[meet + 1] += w;
          growth_change[end + 1] -= w;
        }
      });

  // Per depth: sum of S^2 and number of units whose subtree owns functions,
  // sum of D^2 and number of units owning functions themselves. Deepest
  // units first and, within a depth, in id order, so that every sum runs in
  // an order that does not depend on how the model lists its units.
  // Present units grouped by depth (a counting sort), each group in id order.
  const std::vector<Index> ids = model.units_by_id();
  std::vector<std::size_t> depth_start(levels + 2, 0);
  for (const Index x : ids) {
    if (s.present[x]) ++depth_start[tree.depth(x) + 1];
  }
  for (std::size_t d = 0; d <= levels; ++d) depth_start[d + 1] += depth_start[d];
  std::vector<Index> by_depth(depth_start[levels + 1]);
  std::vector<std::size_t> cursor(depth_start.begin(), depth_start.end() - 1);
  for (const Index x : ids) {
    if (s.present[x]) by_depth[cursor[tree.depth(x)]++] = x;
  }
  std::vector<double> subtree = degree;
  std::vector<std::uint8_t> subtree_owns = owns;
  std::vector<double> subtree_sq(levels + 1, 0), own_sq(levels + 1, 0);
  std::vector<std::size_t> subtree_count(levels + 1, 0), own_count(levels + 1, 0);
  for (std::size_t d = levels + 1; d-- > 0;) {
    for (std::size_t i = depth_start[d]; i < depth_start[d + 1]; ++i) {
      const Index x = by_depth[i];
      subtree_sq[d] += subtree[x] * subtree[x];
      subtree_count[d] += subtree_owns[x];
      own_sq[d] += degree[x] * degree[x];
      own_count[d] += owns[x];
      if (const Index p = tree.parent(x); p != kNone) {
        subtree[p] += subtree[x];
        subtree_owns[p] |= subtree_owns[x];
      }
    }
  }

  double cross = 0;
  double growth = 0;
  double distance = 0;
  double shallower_sq = 0;
  std::size_t shallower_count = 0;
  for (std::size_t level = 1; level <= levels; ++level) {
    cross += starts_crossing[level];
    growth += growth_change[level];
    distance += growth;
    shallower_sq += own_sq[level - 1];
    shallower_count += own_count[level - 1];
    const double squares = subtree_sq[level] + shallower_sq;
    const double modularity =
        total > 0 ? (total - cross) / total - squares / (4 * total * total) : 0;
    out.push_back({static_cast<int>(level), subtree_count[level] + shallower_count,
                   ratio(cross, total), modularity, ratio(distance, total), ratio(top, total)});
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
