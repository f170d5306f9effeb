// Every metric of docs/metrics.md for one structure at one level.
//
// Notation (docs/metrics.md): F the present functions, a_L(f) the owning unit of f
// after aggregation to level L, G the undirected weighted graph of the
// dependencies between present functions, w(u, v) the summed weight of a
// pair, W the sum of w over all pairs. Any ratio whose denominator is 0 is 0.
#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <vector>

#include <policygraph/core/model.hpp>
#include <policygraph/core/phase_times.hpp>
#include <policygraph/metrics/tree.hpp>
#include <policygraph/metrics/work_grouping.hpp>

namespace policygraph {

/// The whole-structure figures, O(|F| + |E|) with O(1) tree questions.
struct WholeMetrics {
  std::size_t functions = 0;     ///< |F|
  std::size_t dependencies = 0;  ///< pairs with w > 0 between present functions
  double total_weight = 0;       ///< W
  /// Share of W between functions of different units: how much coordination
  /// crosses unit boundaries.
  double cross_unit_share = 0;
  /// Newman modularity of the partition by a_L, weighted, resolution 1
  /// (= networkx.community.modularity). High: units enclose their
  /// dependencies better than chance.
  double modularity = 0;
  /// sum w(u,v) dist(a_L(u), a_L(v)) / W: the mean number of tree steps a
  /// unit of coordination travels.
  double coordination_distance_mean = 0;
  /// Share of W that crosses units whose lowest common ancestor is the root:
  /// what only the head of the organization can settle.
  double top_level_share = 0;
  /// Mean depth of the lowest common ancestor over cross-unit weight: how low
  /// in the hierarchy cross-unit coordination meets (0 when none crosses).
  double escalation_depth_mean = 0;
  /// NMI between the primary-domain labelling and the unit labelling of F
  /// (= igraph compare_communities "nmi"); 1 when both entropies are 0.
  double alignment_nmi = 1;
  std::size_t owning_units = 0;  ///< distinct a_L(f)
};

/// The tree's own shape at the level.
struct ShapeMetrics {
  std::size_t units = 0;         ///< units of depth <= L (all without a level)
  std::size_t owning_units = 0;  ///< distinct a_L(f)
  std::size_t depth = 0;         ///< maximum depth, at most L
  double span_mean = 0;          ///< mean children (of depth <= L) over units that have some
  std::size_t span_max = 0;
  std::optional<double> headcount;  ///< sum of given headcounts, whatever the level
};

/// One policy domain k, over F_k (present functions having k among their
/// domains). When F_k is empty only `functions` (0) and `control_tower` are
/// meaningful: writers print null for the rest.
struct DomainMetrics {
  Index domain = kNone;
  std::size_t functions = 0;   ///< n_k
  std::size_t units = 0;       ///< distinct a_L(f)
  std::size_t branches = 0;    ///< distinct depth-1 ancestors (the root counts as one)
  double hhi = 0;              ///< sum_u (n_ku / n_k)^2; 1 = all in one unit
  double effective_units = 0;  ///< 1 / hhi
  double entropy = 0;          ///< -sum_u p_u ln p_u
  Index owner = kNone;         ///< LCA of the owning units: the smallest unit holding it all
  std::size_t owner_depth = 0;
  std::size_t components = 0;  ///< connected components of G[F_k]
  std::size_t fragments = 0;   ///< components keeping only edges inside one unit
  /// (fragments - components) / (n_k - components), 0 when n_k = components:
  /// how far units cut the domain's own connections apart.
  double fragmentation = 0;
  double cross_unit_share = 0;  ///< over the edges of G[F_k]
  Index control_tower = kNone;  ///< the designated unit, kNone when none
  /// Share of F_k owned inside the tower's subtree, and share of G[F_k]'s
  /// weight with both ends there. Unaggregated owners, whatever the level.
  double tower_coverage = 0;
  double tower_internal_share = 0;
};

/// A unit that owns at least one function after aggregation.
struct UnitMetrics {
  Index unit = kNone;
  std::size_t depth = 0;
  std::size_t functions = 0;
  double external_weight = 0;  ///< sum of w(u, v) with exactly one end in the unit
  /// Betweenness in the unit graph (an edge where some dependency crosses),
  /// unweighted, normalized as networkx.betweenness_centrality.
  double betweenness = 0;
};

/// A function pulled harder by another unit than by its own.
struct MisplacedFunction {
  Index function = kNone;
  Index unit = kNone;
  Index better_unit = kNone;
  double pull_own = 0;
  double pull_better = 0;
};

/// Whole-structure figures at one cut of the hierarchy. Read the rows top
/// down: the level where cross_unit_share jumps is where coordination starts
/// to cross units. All rows together cost O(|F| + |E| + units + depth).
struct LevelProfile {
  int level = 0;
  std::size_t owning_units = 0;
  double cross_unit_share = 0;
  double modularity = 0;
  double coordination_distance_mean = 0;
  double top_level_share = 0;
};

struct StructureMetrics {
  Index structure = kNone;
  std::optional<int> level;
  WholeMetrics whole;
  ShapeMetrics shape;
  std::vector<DomainMetrics> domains;      ///< model domain order
  std::vector<UnitMetrics> units;          ///< by unit id, byte order
  std::vector<MisplacedFunction> misplaced;
  std::vector<LevelProfile> by_level;      ///< L = 1 .. maximum depth
  bool betweenness_computed = true;
  /// When betweenness was estimated from a sample of sources (see
  /// MetricsOptions::betweenness_sources): how many, the seed, and the
  /// error bound of sampled_betweenness_error at kBetweennessConfidence.
  struct BetweennessSample {
    std::size_t sources = 0;
    std::size_t vertices = 0;  ///< of the unit graph: the owning units
    std::uint64_t seed = 0;
    double error_bound = 0;
  };
  std::optional<BetweennessSample> betweenness_sample;
  /// The units at the level against the work's own grouping (Leiden with
  /// the default WorkGroupingOptions); empty when skipped.
  std::optional<WorkGroupingFigures> work_grouping;
};

/// The confidence of the error bound stated with sampled betweenness.
inline constexpr double kBetweennessConfidence = 0.95;

struct MetricsOptions {
  bool betweenness = true;  ///< false skips it (printed as null)
  /// Above zero and below the number of owning units: betweenness is
  /// estimated from this many sources drawn with `betweenness_seed`
  /// (sample_sources) instead of computed from every unit.
  std::size_t betweenness_sources = 0;
  std::uint64_t betweenness_seed = 1;
  /// At most this many threads at once (0: all cores), shared with the
  /// parallel_for that runs this structure, if any; results do not depend on it.
  unsigned threads = 0;
  /// When set, the time of each family (whole, shape, domains, units and
  /// betweenness, misplaced, profile by level) is recorded here.
  PhaseTimes* times = nullptr;
  /// false skips the work's own grouping (printed as null).
  bool work_grouping = true;
  /// The work's own grouping of this structure's present functions when
  /// already found (another structure with the same present functions has
  /// the same one); nullptr finds it.
  const WorkGrouping* grouping = nullptr;
};

/// Everything docs/metrics.md defines, for structure `s` at `level`.
[[nodiscard]] StructureMetrics structure_metrics(const Model& model, Index s,
                                                 std::optional<int> level,
                                                 const MetricsOptions& options = {});

// The families, each usable alone. `owner` is a_L per function (owners_at).

[[nodiscard]] WholeMetrics whole_metrics(const Model& model, const Resolved& s,
                                         const UnitTree& tree, const std::vector<Index>& owner);
/// The same over another weighting of the same functions (the sampler's).
[[nodiscard]] WholeMetrics whole_metrics(const Model& model, const FunctionGraph& graph,
                                         const UnitTree& tree, const std::vector<Index>& owner);
[[nodiscard]] ShapeMetrics shape_metrics(const Resolved& s, const UnitTree& tree,
                                         const std::vector<Index>& owner,
                                         std::optional<int> level);
[[nodiscard]] std::vector<DomainMetrics> domain_metrics(const Model& model, const Resolved& s,
                                                        const UnitTree& tree,
                                                        const std::vector<Index>& owner);
[[nodiscard]] std::vector<UnitMetrics> unit_metrics(const Model& model, const UnitTree& tree,
                                                    const std::vector<Index>& owner,
                                                    const MetricsOptions& options);
/// Sorted by pull_better - pull_own descending (gains within the tolerance
/// of same_weight count as equal), then function id.
[[nodiscard]] std::vector<MisplacedFunction> misplaced_functions(const Model& model,
                                                                 const std::vector<Index>& owner);
[[nodiscard]] std::vector<LevelProfile> level_profile(const Model& model, const Resolved& s,
                                                      const UnitTree& tree);

/// Newman's weighted modularity, resolution 1, of the partition of the
/// present functions into groups (= networkx.community.modularity):
/// `group[f]` is f's group, kNone when f is absent, and `order` lists every
/// group once (a permutation of 0 .. order.size() - 1). The sum over the
/// groups c of W_in(c)/W - (D(c)/2W)^2 is added in the order of `order`,
/// each group's sums over the pairs in function order, exactly as
/// whole_metrics adds them: with unit owners and order = units_by_id() it
/// gives whole_metrics' modularity bit for bit. 0 when W = 0.
[[nodiscard]] double partition_modularity(const FunctionGraph& graph,
                                          const std::vector<Index>& group,
                                          std::span<const Index> order);

/// Two sums of weights are equal when within 1e-9 x max(1, |a|, |b|).
[[nodiscard]] bool same_weight(double a, double b);

/// Sorts [first, last) by `before` (a strict order on the exact values),
/// then sorts each run of items `same` as the run's first by `tie`: sums
/// within same_weight's tolerance count as equal while every comparison
/// the sort makes stays a strict weak order.
template <class It, class Before, class Same, class Tie>
void sort_with_ties(It first, It last, Before before, Same same, Tie tie) {
  std::sort(first, last, before);
  for (It start = first; start != last;) {
    It end = std::next(start);
    while (end != last && same(*start, *end)) ++end;
    std::sort(start, end, tie);
    start = end;
  }
}

/// Rank of each unit id in byte order (for "smallest id" ties and sorting).
[[nodiscard]] std::vector<Index> unit_id_ranks(const Model& model);

}  // namespace policygraph
