// Betweenness centrality of an unweighted undirected graph: exact, or
// estimated from a sample of sources.
#pragma once

#include <cstdint>
#include <span>
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

/// The estimate of betweenness_centrality from the shortest paths that
/// start at `sources` only (distinct vertices, ascending), scaled by
/// n / |sources| (Brandes and Pich, 2007): unbiased when the sources are a
/// uniform sample, exact when they are every vertex. Deterministic for
/// any `threads`, like betweenness_centrality.
[[nodiscard]] std::vector<double> betweenness_from_sources(const CsrGraph& g,
                                                           std::span<const std::uint32_t> sources,
                                                           unsigned threads = 0);

/// `k` distinct vertices of 0 .. n-1, ascending, uniformly at random for
/// `seed`: the same for a seed on every platform (a SplitMix64 stream and
/// a partial Fisher-Yates shuffle, nothing of <random>'s distributions,
/// whose results differ between standard libraries). All of them when
/// k >= n.
[[nodiscard]] std::vector<std::uint32_t> sample_sources(std::size_t n, std::size_t k,
                                                        std::uint64_t seed);

/// How far the estimate from `k` uniformly sampled sources of an n-vertex
/// graph can be from the exact normalized betweenness, for every vertex at
/// once with probability `confidence`. Each source s adds delta_s(v) in
/// [0, n-2] to v; Hoeffding's inequality (which holds for sampling without
/// replacement too) bounds the mean of k of them within
/// t = sqrt(ln(2n / (1 - confidence)) / (2k)) of its expectation for all n
/// vertices together (a union bound), and the estimate is n / (n-1) times
/// that mean, so the bound is n / (n-1) * t. Zero when k >= n (exact).
[[nodiscard]] double sampled_betweenness_error(std::size_t n, std::size_t k,
                                               double confidence = 0.95);

}  // namespace policygraph
