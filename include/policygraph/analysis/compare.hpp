// Comparing structures: the size of a change and the consolidation of domains.
#pragma once

#include <optional>
#include <vector>

#include <policygraph/metrics/metrics.hpp>
#include <policygraph/metrics/partition.hpp>

namespace policygraph {

/// How much a structure differs from the baseline (docs/metrics.md, "Size of
/// a change"): over functions present in both, partitions by owning unit id at
/// the chosen level.
struct ChangeSize {
  std::size_t common_functions = 0;
  std::size_t moved_functions = 0;  ///< owning unit id differs
  std::size_t added_functions = 0;  ///< present only in the structure
  std::size_t dropped_functions = 0;  ///< present only in the baseline
  PartitionComparison partitions;   ///< nmi, vi, adjusted_rand, split_join
};

[[nodiscard]] ChangeSize change_size(const Model& model, Index baseline, Index structure,
                                     std::optional<int> level);

/// One domain in one structure, for the consolidation table.
struct DomainPlacement {
  std::size_t functions = 0;
  std::size_t units = 0;
  std::size_t branches = 0;
  Index owner = kNone;
  std::size_t owner_depth = 0;
  /// Against the baseline: branches fell to 1 from more than 1, or the
  /// owner's depth rose (the domain now sits under a smaller unit). False
  /// for the baseline itself and when either side has no functions.
  bool consolidated = false;
};

/// The comparison of several structures at one level.
struct Comparison {
  std::optional<int> level;
  std::size_t baseline = 0;                 ///< position in `structures`
  std::vector<StructureMetrics> structures;  ///< in the order asked
  std::vector<std::optional<ChangeSize>> changes;  ///< none for the baseline
  /// placements[d][k]: domain d in structure k.
  std::vector<std::vector<DomainPlacement>> placements;
};

/// Evaluates every structure (in parallel where there are several, on at
/// most options.threads threads in all, the betweenness inside included;
/// results do not depend on it) and compares each with the baseline.
[[nodiscard]] Comparison compare_structures(const Model& model, const std::vector<Index>& structures,
                                            std::size_t baseline, std::optional<int> level,
                                            const MetricsOptions& options);

/// Whether `after` consolidates the domain relative to `before` (see above).
[[nodiscard]] bool is_consolidated(const DomainMetrics& before, const DomainMetrics& after);

}  // namespace policygraph
