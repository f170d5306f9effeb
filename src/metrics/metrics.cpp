#include <policygraph/metrics/metrics.hpp>

#include <policygraph/metrics/betweenness.hpp>

namespace policygraph {

StructureMetrics structure_metrics(const Model& model, Index s, std::optional<int> level,
                                   const MetricsOptions& options) {
  PhaseTimes* times = options.times;
  const Resolved& structure = model.structures[s];
  StructureMetrics m;
  m.structure = s;
  m.level = level;
  PhaseTimer tree_time(times, "unit tree");
  const UnitTree tree(structure);
  const std::vector<Index> owner = owners_at(structure, tree.aggregation(level));
  tree_time.stop();
  {
    const PhaseTimer t(times, "whole structure");
    m.whole = whole_metrics(model, structure, tree, owner);
  }
  if (options.work_grouping) {
    const PhaseTimer t(times, "work grouping (Leiden)");
    const WorkGrouping found =
        options.grouping != nullptr ? WorkGrouping{} : work_grouping(model, structure);
    const WorkGrouping& grouping = options.grouping != nullptr ? *options.grouping : found;
    m.work_grouping = work_grouping_figures(grouping, owner, m.whole.modularity);
  }
  {
    const PhaseTimer t(times, "shape");
    m.shape = shape_metrics(structure, tree, owner, level);
  }
  {
    const PhaseTimer t(times, "domains");
    m.domains = domain_metrics(model, structure, tree, owner);
  }
  {
    const PhaseTimer t(times, options.betweenness ? "units and betweenness" : "units");
    m.units = unit_metrics(model, tree, owner, options);
  }
  {
    const PhaseTimer t(times, "misplaced functions");
    m.misplaced = misplaced_functions(model, owner);
  }
  {
    const PhaseTimer t(times, "profile by level");
    m.by_level = level_profile(model, structure, tree);
  }
  m.betweenness_computed = options.betweenness;
  if (options.betweenness && options.betweenness_sources > 0 &&
      options.betweenness_sources < m.units.size()) {
    m.betweenness_sample = StructureMetrics::BetweennessSample{
        options.betweenness_sources, m.units.size(), options.betweenness_seed,
        sampled_betweenness_error(m.units.size(), options.betweenness_sources,
                                  kBetweennessConfidence)};
  }
  return m;
}

}  // namespace policygraph
