// The function graph G of docs/metrics.md: undirected, simple, weighted.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace policygraph {

/// Compressed sparse rows over function indices. Every undirected pair {u, v}
/// with summed weight w(u, v) > 0 appears twice: v in u's row and u in v's row,
/// rows sorted by neighbour. Built once per model; structures never change it.
struct FunctionGraph {
  std::vector<std::uint64_t> offsets;  ///< size n + 1
  std::vector<std::uint32_t> targets;  ///< neighbour per entry
  std::vector<double> weights;         ///< w(u, v) per entry

  [[nodiscard]] std::size_t vertex_count() const {
    return offsets.empty() ? 0 : offsets.size() - 1;
  }
  /// Number of undirected pairs.
  [[nodiscard]] std::size_t pair_count() const { return targets.size() / 2; }
  [[nodiscard]] std::span<const std::uint32_t> neighbours(std::uint32_t u) const {
    return {targets.data() + offsets[u], targets.data() + offsets[u + 1]};
  }
  [[nodiscard]] std::span<const double> neighbour_weights(std::uint32_t u) const {
    return {weights.data() + offsets[u], weights.data() + offsets[u + 1]};
  }
};

/// Opt-in for <policygraph/core/graph_traits.hpp>: true for a CSR type with
/// members `offsets` and `targets` (and optionally `weights`) laid out as
/// FunctionGraph's, every undirected pair in both rows, and `vertex_count()`.
/// That header then makes it a Boost.Graph graph.
template <class G>
inline constexpr bool kIsCsrGraph = false;
template <>
inline constexpr bool kIsCsrGraph<FunctionGraph> = true;

/// One dependency as written (directed, before pairs are summed).
struct Dependency {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  double weight = 1.0;
  std::uint32_t kind = 0;  ///< index into Model::dependency_kinds
};

/// Sums the weights of all dependencies between the same two functions, in
/// either direction, into the CSR form. O(n + m) time (counting sort), no
/// per-edge allocation. Pairs with from == to are ignored (they are rejected
/// by validation before).
[[nodiscard]] FunctionGraph build_function_graph(std::size_t function_count,
                                                 std::span<const Dependency> dependencies);

}  // namespace policygraph
