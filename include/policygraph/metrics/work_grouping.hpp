// The work's own grouping: communities of the function graph, whatever the
// structure says, found by Leiden (igraph's C library) maximizing modularity.
// A structure whose units enclose the dependencies as well as the work's own
// grouping has a modularity_ratio near 1 and an nmi near 1 with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <policygraph/core/model.hpp>

namespace policygraph {

struct WorkGroupingOptions {
  /// Leiden's resolution: above 1 it finds more, smaller communities, below
  /// 1 fewer, larger ones. Positive and finite. WorkGrouping::modularity is
  /// reported at resolution 1 whatever this is, so that it compares with a
  /// structure's modularity.
  double resolution = 1.0;
  /// The first run's seed; run i (from 0) uses seed + i (modulo 2^64).
  std::uint64_t seed = 1;
  /// Leiden runs from singletons, each with its own seed; the partition of
  /// highest modularity is kept (the earliest of equal ones). At least 1.
  unsigned restarts = 8;
};

/// A partition of the functions a structure has present.
struct WorkGrouping {
  /// Per function of the model: its community, 0 .. communities - 1, kNone
  /// when the function is not present in the structure grouped. Communities
  /// are numbered by size, largest first, then by the smallest function id
  /// (byte order) among their members. A function without dependencies (to
  /// present functions) is a community of its own.
  std::vector<Index> community;
  std::size_t communities = 0;
  /// Newman's weighted modularity, resolution 1, of this partition over the
  /// present functions (= networkx.community.modularity), computed by
  /// partition_modularity (metrics.hpp) with the communities in number
  /// order; 0 when the present functions have no dependency.
  double modularity = 0;
};

/// Groups the functions present in `s` (assign[f] != kNone) over
/// model.graph restricted to them: igraph_community_leiden with the
/// modularity objective (node weights the weighted degrees, resolution
/// parameter options.resolution / 2W, beta 0.01, iterated until stable),
/// options.restarts times, keeping the best by modularity. Vertices and
/// edges are handed to igraph in function-id order, so the result depends on
/// the ids, the weights, the present set and the options only: not on the
/// order the model lists functions, units or structures, nor on threads. The
/// calls into igraph (whose random generator and error handler are global)
/// are serialized; each run uses a generator of its own (PCG32, seeded just
/// before the call) and leaves the caller's igraph state as it was. Costs
/// a sort of the functions and of the pairs, then `restarts` Leiden runs of
/// a few passes over the pairs each. Throws std::invalid_argument for a bad
/// option and std::runtime_error when igraph fails (it never aborts).
[[nodiscard]] WorkGrouping work_grouping(const Model& model, const Resolved& s,
                                         const WorkGroupingOptions& options = {});

/// How a structure's units compare with the work's own grouping.
struct WorkGroupingFigures {
  std::size_t communities = 0;  ///< k, the number of communities
  double modularity = 0;        ///< Q_best, WorkGrouping::modularity
  /// NMI of the structure's units and the communities over the present
  /// functions (compare_partitions, = igraph compare_communities "nmi");
  /// 1 when both entropies are 0 (at most one function, or one unit and one
  /// community).
  double nmi = 1;
  /// Q_structure / Q_best: 1 when the units enclose the dependencies as
  /// well as the work's grouping; 0 when Q_best is 0.
  double modularity_ratio = 0;
};

/// The figures of `grouping` against a structure whose owner per function
/// is `owner` (a_L, owners_at in tree.hpp; kNone when absent) and whose
/// modularity at that level is `structure_modularity`. `owner` must have
/// the same present functions as the grouping (std::invalid_argument
/// otherwise).
[[nodiscard]] WorkGroupingFigures work_grouping_figures(const WorkGrouping& grouping,
                                                        const std::vector<Index>& owner,
                                                        double structure_modularity);

}  // namespace policygraph
