// Comparing two partitions of the same items (igraph's compare_communities).
#pragma once

#include <cstdint>
#include <span>

namespace policygraph {

/// Agreement between two labellings x[i], y[i] of the same n items.
struct PartitionComparison {
  double nmi = 1;            ///< 2 I(X;Y) / (H(X) + H(Y)); 1 when H(X) + H(Y) = 0
  double vi = 0;             ///< H(X) + H(Y) - 2 I(X;Y), natural log
  double adjusted_rand = 1;  ///< Hubert-Arabie; 1 when the partitions are identical
  double split_join = 0;     ///< both projection distances added
};

/// Compares two labellings (labels are arbitrary integers). Matches igraph's
/// compare_communities methods "nmi", "vi", "adjusted_rand" and
/// split_join_distance (sum of its two values), with these exceptions taken
/// from docs/metrics.md: nmi is 1 when both entropies are 0, adjusted_rand is 1
/// whenever the partitions are identical (igraph gives NaN for two
/// single-group or two all-singleton partitions), and with n <= 1 the result
/// is {1, 0, 1, 0}. O(n log n).
[[nodiscard]] PartitionComparison compare_partitions(std::span<const std::uint64_t> x,
                                                     std::span<const std::uint64_t> y);

}  // namespace policygraph
