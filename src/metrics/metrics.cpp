#include <policygraph/metrics/metrics.hpp>

namespace policygraph {

StructureMetrics structure_metrics(const Model& model, Index s, std::optional<int> level,
                                   const MetricsOptions& options) {
  const Resolved& structure = model.structures[s];
  const UnitTree tree(structure);
  const std::vector<Index> owner = owners_at(structure, tree.aggregation(level));
  StructureMetrics m;
  m.structure = s;
  m.level = level;
  m.whole = whole_metrics(model, structure, tree, owner);
  m.shape = shape_metrics(structure, tree, owner, level);
  m.domains = domain_metrics(model, structure, tree, owner);
  m.units = unit_metrics(model, tree, owner, options);
  m.misplaced = misplaced_functions(model, owner);
  m.by_level = level_profile(model, structure, tree);
  m.betweenness_computed = options.betweenness;
  return m;
}

}  // namespace policygraph
