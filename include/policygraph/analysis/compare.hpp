// Comparing structures: the size of a change and the consolidation of domains.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <policygraph/metrics/metrics.hpp>
#include <policygraph/metrics/partition.hpp>

namespace policygraph {

/// Whether `unit` is a unit of structure `s` at `level`: present and no
/// deeper than the level (any depth without one). A unit of the baseline
/// that is not one in the structure is gone; a unit of the structure that
/// is not one in the baseline is new.
[[nodiscard]] bool unit_at_level(const Resolved& s, Index unit, std::optional<int> level);

/// Which units of a structure carry on which units of the baseline, at one
/// level (docs/metrics.md, "Succession"). Over the functions present in
/// both, the flow f(U, V) is the number of functions owned by U in the
/// baseline and by V in the structure. (U, V) is a succession when U is
/// gone (not a unit of the structure at the level: absent, or now deeper),
/// f(U, V) > 0, and it is U's largest outflow or V's largest inflow from
/// such units; tied largest flows all count.
struct Succession {
  std::vector<std::pair<Index, Index>> pairs;  ///< (baseline unit, structure unit), sorted
  [[nodiscard]] bool follows(Index from, Index to) const;
};

[[nodiscard]] Succession succession(const Model& model, Index baseline, Index structure,
                                    std::optional<int> level);

/// How much a structure differs from the baseline (docs/metrics.md, "Size of
/// a change"): over functions present in both, partitions by owning unit id at
/// the chosen level.
struct ChangeSize {
  std::size_t common_functions = 0;
  /// The owner's id differs and the new owner does not succeed the old one:
  /// the function changed hands.
  std::size_t moved_functions = 0;
  /// The owner's id differs but the new owner succeeds the old one: the
  /// function went with its unit (merged, split, renamed with a new id).
  std::size_t followed_functions = 0;
  std::size_t added_functions = 0;  ///< present only in the structure
  std::size_t dropped_functions = 0;  ///< present only in the baseline
  PartitionComparison partitions;   ///< nmi, vi, adjusted_rand, split_join
};

[[nodiscard]] ChangeSize change_size(const Model& model, Index baseline, Index structure,
                                     std::optional<int> level);

/// How a domain's spread changed against the baseline (docs/metrics.md,
/// "Consolidation"), with the mark the tables show.
enum class DomainChange {
  kBaseline,      ///< the baseline itself, or no functions on either side
  kConsolidated,  ///< "+": branches fell to 1 from more, or the owner sits deeper
  kNarrowed,      ///< "~": fewer branches, still more than one, same owner depth
  kUnchanged,     ///< "=": as many branches, owner at the same depth
  kDispersed,     ///< "-": more branches, or the owner sits higher
};

[[nodiscard]] DomainChange domain_change(const DomainMetrics& before, const DomainMetrics& after);
/// "consolidated", "narrowed", "unchanged", "dispersed"; "" for kBaseline.
[[nodiscard]] const char* domain_change_key(DomainChange c);
/// "+", "~", "=", "-"; "" for kBaseline.
[[nodiscard]] const char* domain_change_mark(DomainChange c);

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
  DomainChange change = DomainChange::kBaseline;
  Index control_tower = kNone;  ///< with its coverage, as DomainMetrics
  double tower_coverage = 0;
  double tower_internal_share = 0;
  double fragmentation = 0;
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
