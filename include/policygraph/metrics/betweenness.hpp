// Exact betweenness centrality of an unweighted undirected graph.
#pragma once

#include <cstdint>
#include <vector>

#include <policygraph/core/function_graph.hpp>

namespace policygraph {

/// An undirected simple graph in CSR form (unit_metrics builds the unit
/// graph as one): the neighbours of v are targets[offsets[v] ..
/// offsets[v + 1]), each edge stored in both rows.
struct CsrGraph {
  std::vector<std::uint32_t> offsets;
  std::vector<std::uint32_t> targets;
  [[nodiscard]] std::size_t vertex_count() const {
    return offsets.empty() ? 0 : offsets.size() - 1;
  }
};

/// With <policygraph/core/graph_traits.hpp>, a Boost.Graph graph (unweighted).
template <>
inline constexpr bool kIsCsrGraph<CsrGraph> = true;

/// Builds a CsrGraph from undirected edges {a, b} (a != b, no duplicates).
[[nodiscard]] CsrGraph csr_from_edges(std::size_t vertex_count,
                                      const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges);

/// Brandes' algorithm, unweighted, normalized as
/// `networkx.betweenness_centrality(G)` does by default for an undirected
/// graph: the number of shortest s-t paths through v (s, t != v) summed over
/// unordered pairs, divided by (n-1)(n-2)/2; all 0 when n <= 2.
///
/// O(V E) time, O(V + E) memory per thread. Sources are split into fixed
/// chunks reduced in a fixed order, so the result is bit-identical for any
/// `threads`: at most that many (0 = hardware concurrency), run by
/// parallel_for, so that inside another parallel_for's task it shares that
/// call's budget of threads.
[[nodiscard]] std::vector<double> betweenness_centrality(const CsrGraph& g, unsigned threads = 0);

}  // namespace policygraph
