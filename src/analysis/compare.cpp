#include <policygraph/analysis/compare.hpp>

#include <policygraph/core/parallel.hpp>
#include <policygraph/metrics/tree.hpp>

namespace policygraph {

ChangeSize change_size(const Model& model, Index baseline, Index structure,
                       std::optional<int> level) {
  const Resolved& b = model.structures[baseline];
  const Resolved& s = model.structures[structure];
  const auto owner_b = owners_at(b, UnitTree(b).aggregation(level));
  const auto owner_s = owners_at(s, UnitTree(s).aggregation(level));
  ChangeSize c;
  std::vector<std::uint64_t> x;
  std::vector<std::uint64_t> y;
  for (std::size_t f = 0; f < model.functions.size(); ++f) {
    const bool in_b = owner_b[f] != kNone;
    const bool in_s = owner_s[f] != kNone;
    if (in_b && in_s) {
      x.push_back(owner_b[f]);
      y.push_back(owner_s[f]);
      if (owner_b[f] != owner_s[f]) ++c.moved_functions;
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
  if (before.functions == 0 || after.functions == 0) return false;
  return (before.branches > 1 && after.branches == 1) || after.owner_depth > before.owner_depth;
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
  parallel_for(structures.size(), options.threads, [&](std::size_t k, unsigned /*worker*/) {
    c.structures[k] = structure_metrics(model, structures[k], level, options);
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
      p.consolidated = k != baseline && is_consolidated(base, m);
    }
  }
  return c;
}

}  // namespace policygraph
