#include <policygraph/analysis/compare.hpp>

#include <policygraph/core/parallel.hpp>
#include <policygraph/metrics/tree.hpp>

#include <algorithm>
#include <map>

namespace policygraph {

bool unit_at_level(const Resolved& s, Index unit, std::optional<int> level) {
  if (unit >= s.present.size() || !s.present[unit]) return false;
  return !level || s.depth[unit] <= static_cast<Index>(*level);
}

bool Succession::follows(Index from, Index to) const {
  return std::binary_search(pairs.begin(), pairs.end(), std::pair{from, to});
}

namespace {

struct Owners {
  std::vector<Index> baseline;
  std::vector<Index> structure;
};

Owners owners_of(const Model& model, Index baseline, Index structure, std::optional<int> level) {
  const Resolved& b = model.structures[baseline];
  const Resolved& s = model.structures[structure];
  return {owners_at(b, UnitTree(b).aggregation(level)), owners_at(s, UnitTree(s).aggregation(level))};
}

/// The largest flows out of each unit (by_source) or into it: every pair
/// tied for the largest.
void keep_largest(const std::map<std::pair<Index, Index>, std::size_t>& flow, bool by_source,
                  std::vector<std::pair<Index, Index>>& out) {
  std::map<Index, std::vector<std::pair<std::pair<Index, Index>, std::size_t>>> groups;
  for (const auto& [pair, n] : flow) groups[by_source ? pair.first : pair.second].push_back({pair, n});
  for (const auto& [unit, list] : groups) {
    std::size_t best = 0;
    for (const auto& item : list) best = std::max(best, item.second);
    for (const auto& [pair, n] : list) {
      if (n == best) out.push_back(pair);
    }
  }
}

Succession succession_of(const Model& model, const Resolved& after, std::optional<int> level,
                         const Owners& o) {
  // Only units that the structure no longer has at the level are succeeded:
  // functions leaving a unit that carries on changed hands.
  const auto gone = [&](Index u) { return !unit_at_level(after, u, level); };
  std::map<std::pair<Index, Index>, std::size_t> flow;
  for (std::size_t f = 0; f < model.functions.size(); ++f) {
    const Index from = o.baseline[f];
    if (from != kNone && o.structure[f] != kNone && gone(from)) ++flow[{from, o.structure[f]}];
  }
  Succession s;
  keep_largest(flow, true, s.pairs);
  keep_largest(flow, false, s.pairs);
  std::sort(s.pairs.begin(), s.pairs.end());
  s.pairs.erase(std::unique(s.pairs.begin(), s.pairs.end()), s.pairs.end());
  return s;
}

}  // namespace

Succession succession(const Model& model, Index baseline, Index structure,
                      std::optional<int> level) {
  return succession_of(model, model.structures[structure], level,
                       owners_of(model, baseline, structure, level));
}

ChangeSize change_size(const Model& model, Index baseline, Index structure,
                       std::optional<int> level) {
  const Owners o = owners_of(model, baseline, structure, level);
  const auto& owner_b = o.baseline;
  const auto& owner_s = o.structure;
  const Succession after = succession_of(model, model.structures[structure], level, o);
  ChangeSize c;
  std::vector<std::uint64_t> x;
  std::vector<std::uint64_t> y;
  for (std::size_t f = 0; f < model.functions.size(); ++f) {
    const bool in_b = owner_b[f] != kNone;
    const bool in_s = owner_s[f] != kNone;
    if (in_b && in_s) {
      x.push_back(owner_b[f]);
      y.push_back(owner_s[f]);
      if (owner_b[f] != owner_s[f]) {
        ++(after.follows(owner_b[f], owner_s[f]) ? c.followed_functions : c.moved_functions);
      }
    } else if (in_s) {
      ++c.added_functions;
    } else if (in_b) {
      ++c.dropped_functions;
    }
  }
  c.common_functions = x.size();
  c.partitions = compare_partitions(x, y);
  return c;
}

bool is_consolidated(const DomainMetrics& before, const DomainMetrics& after) {
  return domain_change(before, after) == DomainChange::kConsolidated;
}

DomainChange domain_change(const DomainMetrics& before, const DomainMetrics& after) {
  if (before.functions == 0 || after.functions == 0) return DomainChange::kBaseline;
  if ((before.branches > 1 && after.branches == 1) || after.owner_depth > before.owner_depth) {
    return DomainChange::kConsolidated;
  }
  if (after.branches > before.branches || after.owner_depth < before.owner_depth) {
    return DomainChange::kDispersed;
  }
  if (after.branches < before.branches) return DomainChange::kNarrowed;
  return DomainChange::kUnchanged;
}

const char* domain_change_key(DomainChange c) {
  switch (c) {
    case DomainChange::kConsolidated: return "consolidated";
    case DomainChange::kNarrowed: return "narrowed";
    case DomainChange::kUnchanged: return "unchanged";
    case DomainChange::kDispersed: return "dispersed";
    case DomainChange::kBaseline: break;
  }
  return "";
}

const char* domain_change_mark(DomainChange c) {
  switch (c) {
    case DomainChange::kConsolidated: return "+";
    case DomainChange::kNarrowed: return "~";
    case DomainChange::kUnchanged: return "=";
    case DomainChange::kDispersed: return "-";
    case DomainChange::kBaseline: break;
  }
  return "";
}

Comparison compare_structures(const Model& model, const std::vector<Index>& structures,
                              std::size_t baseline, std::optional<int> level,
                              const MetricsOptions& options) {
  Comparison c;
  c.level = level;
  c.baseline = baseline;
  c.structures.resize(structures.size());
  c.changes.resize(structures.size());
  // Structures are independent: evaluate them in parallel, each result in
  // its own slot, so the output does not depend on the number of threads.
  // The betweenness inside each shares the same budget of options.threads.
  // The work's own grouping depends on the present functions only: found once
  // per set of them (before the parallel part, as igraph's calls are serial).
  std::vector<WorkGrouping> groupings;
  std::vector<std::size_t> grouping_of(structures.size(), 0);
  if (options.work_grouping) {
    const PhaseTimer t(options.times, "work grouping (Leiden)");
    std::vector<std::size_t> first_of;  // a structure of each grouping found
    const auto same_present = [&](Index a, Index b) {
      const auto& x = model.structures[a].assign;
      const auto& y = model.structures[b].assign;
      for (std::size_t f = 0; f < x.size(); ++f) {
        if ((x[f] == kNone) != (y[f] == kNone)) return false;
      }
      return true;
    };
    for (std::size_t k = 0; k < structures.size(); ++k) {
      std::size_t g = 0;
      while (g < first_of.size() && !same_present(structures[first_of[g]], structures[k])) ++g;
      if (g == first_of.size()) {
        first_of.push_back(k);
        groupings.push_back(work_grouping(model, model.structures[structures[k]]));
      }
      grouping_of[k] = g;
    }
  }
  parallel_for(structures.size(), options.threads, [&](std::size_t k, unsigned /*worker*/) {
    MetricsOptions own = options;
    if (options.work_grouping) own.grouping = &groupings[grouping_of[k]];
    c.structures[k] = structure_metrics(model, structures[k], level, own);
    if (k != baseline) {
      const PhaseTimer t(options.times, "size of the change (NMI, VI, ARI, split-join)");
      c.changes[k] = change_size(model, structures[baseline], structures[k], level);
    }
  });

  c.placements.assign(model.domains.size(), std::vector<DomainPlacement>(structures.size()));
  for (std::size_t d = 0; d < model.domains.size(); ++d) {
    const DomainMetrics& base = c.structures[baseline].domains[d];
    for (std::size_t k = 0; k < structures.size(); ++k) {
      const DomainMetrics& m = c.structures[k].domains[d];
      DomainPlacement& p = c.placements[d][k];
      p.functions = m.functions;
      p.units = m.units;
      p.branches = m.branches;
      p.owner = m.owner;
      p.owner_depth = m.owner_depth;
      p.change = k == baseline ? DomainChange::kBaseline : domain_change(base, m);
      p.consolidated = p.change == DomainChange::kConsolidated;
      p.control_tower = m.control_tower;
      p.tower_coverage = m.tower_coverage;
      p.tower_internal_share = m.tower_internal_share;
      p.fragmentation = m.fragmentation;
    }
  }
  return c;
}

}  // namespace policygraph
