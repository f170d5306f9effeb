// Per-domain metrics: spread over units and branches, cohesion, control towers.
#include <cmath>
#include <numeric>

#include <policygraph/metrics/metrics.hpp>

namespace policygraph {
namespace {

/// Union-find over local indices 0..n-1, with path halving.
class DisjointSets {
 public:
  void reset(std::size_t n) {
    parent_.resize(n);
    std::iota(parent_.begin(), parent_.end(), 0U);
    sets_ = n;
  }
  std::uint32_t find(std::uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  void unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    parent_[std::max(a, b)] = std::min(a, b);
    --sets_;
  }
  [[nodiscard]] std::size_t sets() const { return sets_; }

 private:
  std::vector<std::uint32_t> parent_;
  std::size_t sets_ = 0;
};

}  // namespace

std::vector<DomainMetrics> domain_metrics(const Model& model, const Resolved& s,
                                          const UnitTree& tree, const std::vector<Index>& owner) {
  const std::size_t n_domains = model.domains.size();
  // Present members of each domain, in function order.
  std::vector<std::vector<std::uint32_t>> members(n_domains);
  for (std::uint32_t f = 0; f < owner.size(); ++f) {
    if (owner[f] == kNone) continue;
    for (Index d : model.functions[f].domains) members[d].push_back(f);
  }
  std::vector<std::uint32_t> local(owner.size(), UINT32_MAX);  // f -> position in F_k
  std::vector<std::uint32_t> per_unit(model.unit_ids.size(), 0);
  std::vector<std::uint8_t> branch_seen(model.unit_ids.size(), 0);
  DisjointSets all_edges;
  DisjointSets unit_edges;
  std::vector<DomainMetrics> out(n_domains);
  for (std::size_t k = 0; k < n_domains; ++k) {
    DomainMetrics& m = out[k];
    const auto& fk = members[k];
    m.domain = static_cast<Index>(k);
    m.control_tower = s.control_tower.empty() ? kNone : s.control_tower[k];
    m.functions = fk.size();
    if (fk.empty()) continue;
    const auto n = static_cast<double>(fk.size());
    std::vector<Index> touched;
    Index meet = owner[fk[0]];
    std::size_t covered = 0;
    for (std::uint32_t i = 0; i < fk.size(); ++i) {
      const std::uint32_t f = fk[i];
      local[f] = i;
      const Index c = owner[f];
      if (per_unit[c]++ == 0) touched.push_back(c);
      const Index b = tree.branch(c);
      if (!branch_seen[b]) {
        branch_seen[b] = 1;
        ++m.branches;
      }
      meet = tree.lca(meet, c);
      if (m.control_tower != kNone && tree.in_subtree(s.assign[f], m.control_tower)) ++covered;
    }
    m.units = touched.size();
    for (Index c : touched) {
      const double p = per_unit[c] / n;
      m.hhi += p * p;
      if (per_unit[c] != fk.size()) m.entropy -= p * std::log(p);
    }
    m.effective_units = 1 / m.hhi;
    m.owner = meet;
    m.owner_depth = tree.depth(meet);
    // Edges of G restricted to F_k: components, fragments, shares.
    all_edges.reset(fk.size());
    unit_edges.reset(fk.size());
    double weight = 0;
    double cross = 0;
    double tower_weight = 0;
    for (std::uint32_t i = 0; i < fk.size(); ++i) {
      const std::uint32_t u = fk[i];
      const auto nbrs = model.graph.neighbours(u);
      const auto wts = model.graph.neighbour_weights(u);
      for (std::size_t e = 0; e < nbrs.size(); ++e) {
        const std::uint32_t v = nbrs[e];
        if (v <= u || local[v] == UINT32_MAX) continue;
        const double w = wts[e];
        weight += w;
        all_edges.unite(i, local[v]);
        if (owner[u] == owner[v]) {
          unit_edges.unite(i, local[v]);
        } else {
          cross += w;
        }
        if (m.control_tower != kNone && tree.in_subtree(s.assign[u], m.control_tower) &&
            tree.in_subtree(s.assign[v], m.control_tower)) {
          tower_weight += w;
        }
      }
    }
    m.components = all_edges.sets();
    m.fragments = unit_edges.sets();
    m.fragmentation = m.functions > m.components
                          ? static_cast<double>(m.fragments - m.components) /
                                static_cast<double>(m.functions - m.components)
                          : 0.0;
    m.cross_unit_share = weight == 0 ? 0 : cross / weight;
    if (m.control_tower != kNone) {
      m.tower_coverage = static_cast<double>(covered) / n;
      m.tower_internal_share = weight == 0 ? 0 : tower_weight / weight;
    }
    // Reset the scratch arrays for the next domain.
    for (std::uint32_t f : fk) {
      local[f] = UINT32_MAX;
      per_unit[owner[f]] = 0;
      branch_seen[tree.branch(owner[f])] = 0;
    }
  }
  return out;
}

}  // namespace policygraph
