#include <policygraph/metrics/betweenness.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <random>
#include <vector>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/graph_concepts.hpp>

#include <gtest/gtest.h>

#include <policygraph/core/graph_traits.hpp>
#include <policygraph/core/parallel.hpp>

#include "../../bench/boost_kernels.hpp"

namespace policygraph {
namespace {

TEST(Betweenness, PathOfFour) {
  // 0 - 1 - 2 - 3. Vertex 1 lies on the shortest paths of {0,2} and {0,3}:
  // 2 of the (n-1)(n-2)/2 = 3 pairs: 2/3. Same for 2; ends 0.
  const auto b = betweenness_centrality(csr_from_edges(4, {{0, 1}, {1, 2}, {2, 3}}));
  EXPECT_NEAR(b[0], 0, 1e-12);
  EXPECT_NEAR(b[1], 2.0 / 3, 1e-12);
  EXPECT_NEAR(b[2], 2.0 / 3, 1e-12);
  EXPECT_NEAR(b[3], 0, 1e-12);
}

TEST(Betweenness, SquareSplitsPathsEvenly) {
  // 0 - 1
  // |   |     Pair {0,2} has two shortest paths, via 1 and via 3: each gets
  // 3 - 2     1/2; likewise {1,3}. Each vertex: 1/2 over 3 pairs = 1/6.
  const auto b = betweenness_centrality(csr_from_edges(4, {{0, 1}, {1, 2}, {2, 3}, {3, 0}}));
  for (double v : b) EXPECT_NEAR(v, 1.0 / 6, 1e-12);
}

TEST(Betweenness, StarCentreCarriesEveryPair) {
  const auto b = betweenness_centrality(csr_from_edges(5, {{0, 1}, {0, 2}, {0, 3}, {0, 4}}));
  EXPECT_NEAR(b[0], 1, 1e-12);
  EXPECT_NEAR(b[3], 0, 1e-12);
}

TEST(Betweenness, TwoVerticesOrFewerAreZeroAndThreadsDoNotMatter) {
  EXPECT_EQ(betweenness_centrality(csr_from_edges(2, {{0, 1}})), (std::vector<double>{0, 0}));
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  for (std::uint32_t v = 1; v < 200; ++v) edges.emplace_back(v, (v * 7919U) % v);
  const CsrGraph g = csr_from_edges(200, edges);
  EXPECT_EQ(betweenness_centrality(g, 1), betweenness_centrality(g, 2));
}

/// Textbook Brandes (push along edges, stack of predecessors), unnormalized
/// sums over ordered source/target pairs: the independent reference for
/// the level-by-level, pulling implementation.
std::vector<double> textbook_betweenness(std::size_t n,
                                         const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges) {
  std::vector<std::vector<std::uint32_t>> adj(n);
  for (const auto& [a, b] : edges) {
    adj[a].push_back(b);
    adj[b].push_back(a);
  }
  std::vector<double> cb(n, 0);
  for (std::uint32_t s = 0; s < n; ++s) {
    std::vector<std::uint32_t> stack;
    std::vector<std::vector<std::uint32_t>> pred(n);
    std::vector<double> sigma(n, 0), delta(n, 0);
    std::vector<int> dist(n, -1);
    sigma[s] = 1;
    dist[s] = 0;
    std::deque<std::uint32_t> queue{s};
    while (!queue.empty()) {
      const std::uint32_t v = queue.front();
      queue.pop_front();
      stack.push_back(v);
      for (std::uint32_t w : adj[v]) {
        if (dist[w] < 0) {
          dist[w] = dist[v] + 1;
          queue.push_back(w);
        }
        if (dist[w] == dist[v] + 1) {
          sigma[w] += sigma[v];
          pred[w].push_back(v);
        }
      }
    }
    while (!stack.empty()) {
      const std::uint32_t w = stack.back();
      stack.pop_back();
      for (std::uint32_t v : pred[w]) delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
      if (w != s) cb[w] += delta[w];
    }
  }
  const double scale = 1.0 / (static_cast<double>(n - 1) * static_cast<double>(n - 2));
  for (double& b : cb) b *= scale;
  return cb;
}

TEST(Betweenness, AgreesWithTextbookBrandesFromSparseToDense) {
  // Sparse graphs take only top-down steps; dense ones switch to bottom-up
  // ones after the first level; disconnected pieces leave vertices unreached.
  std::mt19937 rng(42);
  for (const double p : {0.01, 0.03, 0.1, 0.3, 0.7, 1.0}) {
    const std::size_t n = 150;
    std::bernoulli_distribution edge(p);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    for (std::uint32_t a = 0; a < n; ++a) {
      for (std::uint32_t b = a + 1; b < n; ++b) {
        if (edge(rng)) edges.emplace_back(a, b);
      }
    }
    const std::vector<double> expected = textbook_betweenness(n, edges);
    const std::vector<double> got = betweenness_centrality(csr_from_edges(n, edges), 2);
    ASSERT_EQ(got.size(), n);
    for (std::size_t v = 0; v < n; ++v) {
      EXPECT_NEAR(got[v], expected[v], 1e-12 * std::max(1.0, expected[v])) << "p=" << p << " v=" << v;
    }
  }
}

TEST(Betweenness, CompleteGraphHasNone) {
  // Every pair is adjacent: no vertex lies between two others.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  for (std::uint32_t a = 0; a < 30; ++a) {
    for (std::uint32_t b = a + 1; b < 30; ++b) edges.emplace_back(a, b);
  }
  for (double b : betweenness_centrality(csr_from_edges(30, edges))) EXPECT_EQ(b, 0);
}

// Boost.Graph's Brandes as the reference. betweenness_centrality is
// unweighted and scaled as networkx scales an undirected graph: the sum over
// unordered pairs {s, t} (s, t != v) of the share of shortest s-t paths
// through v, over (n-1)(n-2)/2. Boost's brandes_betweenness_centrality,
// unweighted, sums over ordered pairs and halves on an undirected graph;
// relative_betweenness_centrality then multiplies by 2 / ((n-1)(n-2)):
// the same figure.

using Edges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

/// Boost's Brandes on a boost::adjacency_list built from the edges: the
/// reference, independent of the library's CSR and of its Boost adaptor.
std::vector<double> boost_reference(std::size_t n, const Edges& edges) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  Graph g(n);
  for (const auto& [a, b] : edges) boost::add_edge(a, b, g);
  std::vector<double> centrality(n, 0);
  if (n <= 2) return centrality;  // the library's convention; Boost's scale divides by 0
  const auto map =
      boost::make_iterator_property_map(centrality.begin(), get(boost::vertex_index, g));
  boost::brandes_betweenness_centrality(g, map);
  boost::relative_betweenness_centrality(g, map);
  return centrality;
}

/// The library's kernel (on 1 and 2 threads) and Boost's run on the
/// library's CsrGraph through its adaptor both equal the reference.
void expect_matches_boost(std::size_t n, const Edges& edges) {
  const std::vector<double> expected = boost_reference(n, edges);
  const CsrGraph g = csr_from_edges(n, edges);
  const std::vector<double> one = betweenness_centrality(g, 1);
  const std::vector<double> two = betweenness_centrality(g, 2);
  const std::vector<double> adapted = bench::boost_betweenness(g);
  ASSERT_EQ(one.size(), n);
  ASSERT_EQ(adapted.size(), n);
  for (std::size_t v = 0; v < n; ++v) {
    const double tolerance = 1e-12 * std::max(1.0, expected[v]);
    EXPECT_NEAR(one[v], expected[v], tolerance) << "v=" << v;
    EXPECT_NEAR(adapted[v], expected[v], tolerance) << "v=" << v;
    EXPECT_EQ(two[v], one[v]) << "v=" << v;
  }
}

// The unit graph (CsrGraph) models the same Boost concepts as FunctionGraph,
// without a weight map.
BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<CsrGraph>));
BOOST_CONCEPT_ASSERT((boost::IncidenceGraphConcept<CsrGraph>));
BOOST_CONCEPT_ASSERT((boost::AdjacencyGraphConcept<CsrGraph>));
BOOST_CONCEPT_ASSERT((boost::EdgeListGraphConcept<CsrGraph>));
BOOST_CONCEPT_ASSERT(
    (boost::ReadablePropertyGraphConcept<CsrGraph, boost::graph_traits<CsrGraph>::vertex_descriptor,
                                         boost::vertex_index_t>));

TEST(BetweennessAgainstBoost, Path) {
  // 0 - 1 - 2 - 3 - 4. Pairs through 1: {0,2} {0,3} {0,4} = 3; through 2:
  // {0,3} {0,4} {1,3} {1,4} = 4; through 3: 3. Over (4 * 3) / 2 = 6 pairs:
  // 1/2, 2/3, 1/2; the ends 0.
  const Edges edges{{0, 1}, {1, 2}, {2, 3}, {3, 4}};
  const std::vector<double> b = boost_reference(5, edges);
  EXPECT_NEAR(b[0], 0, 1e-12);
  EXPECT_NEAR(b[1], 0.5, 1e-12);
  EXPECT_NEAR(b[2], 2.0 / 3, 1e-12);
  EXPECT_NEAR(b[3], 0.5, 1e-12);
  EXPECT_NEAR(b[4], 0, 1e-12);
  expect_matches_boost(5, edges);
}

TEST(BetweennessAgainstBoost, Star) {
  // Centre 0, leaves 1..5: the centre is on the one path of each of the
  // C(5, 2) = 10 leaf pairs, out of (5 * 4) / 2 = 10: 1. Leaves 0.
  const Edges edges{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}};
  const std::vector<double> b = boost_reference(6, edges);
  EXPECT_NEAR(b[0], 1, 1e-12);
  for (std::size_t v = 1; v < 6; ++v) EXPECT_NEAR(b[v], 0, 1e-12);
  expect_matches_boost(6, edges);
}

TEST(BetweennessAgainstBoost, TwoTrianglesJoinedByOneEdge) {
  //   0           4
  //   | \       / |
  //   |  2 --- 3  |
  //   | /       \ |
  //   1           5
  // Every path from {0, 1} to {3, 4, 5} runs through 2: 2 * 3 = 6 pairs;
  // likewise 3 for {4, 5} x {0, 1, 2}. Over (5 * 4) / 2 = 10: 0.6 each;
  // the corners 0.
  const Edges edges{{0, 1}, {0, 2}, {1, 2}, {2, 3}, {3, 4}, {3, 5}, {4, 5}};
  const std::vector<double> b = boost_reference(6, edges);
  EXPECT_NEAR(b[2], 0.6, 1e-12);
  EXPECT_NEAR(b[3], 0.6, 1e-12);
  for (const std::size_t v : {0U, 1U, 4U, 5U}) EXPECT_NEAR(b[v], 0, 1e-12);
  expect_matches_boost(6, edges);
}

TEST(BetweennessAgainstBoost, Disconnected) {
  // 0 - 1 - 2     3 - 4     5 --- 6      7 (alone)
  //                          \   /
  //                            8
  // Only 1 is between two others (0 and 2); pairs in different pieces have
  // no path and add nothing. Over (8 * 7) / 2 = 28 pairs: 1/28; all else 0.
  const Edges edges{{0, 1}, {1, 2}, {3, 4}, {5, 6}, {6, 8}, {5, 8}};
  const std::vector<double> b = boost_reference(9, edges);
  EXPECT_NEAR(b[1], 1.0 / 28, 1e-12);
  for (const std::size_t v : {0U, 2U, 3U, 4U, 5U, 6U, 7U, 8U}) EXPECT_NEAR(b[v], 0, 1e-12);
  expect_matches_boost(9, edges);
}

TEST(BetweennessAgainstBoost, RandomGraphsWithAFixedSeed) {
  // G(n, p) with n = 120, from a few pieces (p = 0.01) through one sparse
  // component to dense (both of the kernel's forward steps are taken).
  std::mt19937 rng(2024);
  for (const double p : {0.01, 0.04, 0.15, 0.5}) {
    const std::size_t n = 120;
    std::bernoulli_distribution edge(p);
    Edges edges;
    for (std::uint32_t a = 0; a < n; ++a) {
      for (std::uint32_t b = a + 1; b < n; ++b) {
        if (edge(rng)) edges.emplace_back(a, b);
      }
    }
    SCOPED_TRACE("p=" + std::to_string(p));
    expect_matches_boost(n, edges);
  }
}

TEST(BetweennessAgainstBoost, TwoVerticesOrFewer) {
  // No vertex can lie between two others: 0 (Boost's scale is undefined there).
  expect_matches_boost(0, {});
  expect_matches_boost(1, {});
  expect_matches_boost(2, {{0, 1}});
}

TEST(Betweenness, InsideAnotherParallelForSharesItsThreadsAndGivesTheSameResult) {
  // As `compare` runs it: structures in parallel, each asking for 2 threads
  // of betweenness, all on a budget of 2. Path 0 - 1 - 2 - 3: the middle
  // vertices carry 2 of the 3 pairs each (2/3), as on one thread; a larger
  // graph gives the same bits as on one thread.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  for (std::uint32_t v = 1; v < 300; ++v) edges.emplace_back(v, (v * 7919U) % v);
  const CsrGraph g = csr_from_edges(300, edges);
  const std::vector<double> alone = betweenness_centrality(g, 1);
  std::vector<std::vector<double>> path(4);
  std::vector<std::vector<double>> large(4);
  parallel_for(4, 2, [&](std::size_t k, unsigned) {
    path[k] = betweenness_centrality(csr_from_edges(4, {{0, 1}, {1, 2}, {2, 3}}), 2);
    large[k] = betweenness_centrality(g, 2);
  });
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_NEAR(path[k][1], 2.0 / 3, 1e-12);
    EXPECT_NEAR(path[k][2], 2.0 / 3, 1e-12);
    EXPECT_EQ(large[k], alone) << "task " << k;
  }
}

// ---- estimated from a sample of sources ----

/// A random graph on n vertices: each pair {a, b} is an edge when the next
/// draw of mt19937(seed) modulo `of` is below `in` (probability in / of).
CsrGraph random_graph(std::uint32_t n, std::uint32_t in, std::uint32_t of, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  for (std::uint32_t a = 0; a < n; ++a) {
    for (std::uint32_t b = a + 1; b < n; ++b) {
      if (rng() % of < in) edges.emplace_back(a, b);
    }
  }
  return csr_from_edges(n, edges);
}

TEST(SampledBetweenness, StarFromTwoLeavesByHand) {
  // Centre 0, leaves 1..4 (n = 5). From leaf 1, the centre lies on the
  // paths to the 3 other leaves: delta_1(0) = 3; likewise from leaf 2. The
  // estimate scales the sum 6 by n / k = 5 / 2 and normalizes by
  // (n-1)(n-2) = 12: 15 / 12 = 1.25 (the exact value is 1). A leaf is on no
  // path: 0. From the centre alone, delta_0 is 0 everywhere but at the
  // centre itself, which is never counted: all 0.
  const CsrGraph star = csr_from_edges(5, {{0, 1}, {0, 2}, {0, 3}, {0, 4}});
  const std::vector<std::uint32_t> leaves{1, 2};
  const auto b = betweenness_from_sources(star, leaves);
  EXPECT_DOUBLE_EQ(b[0], 1.25);
  for (std::uint32_t v = 1; v < 5; ++v) EXPECT_EQ(b[v], 0);
  const std::vector<std::uint32_t> centre{0};
  for (double v : betweenness_from_sources(star, centre)) EXPECT_EQ(v, 0);
}

TEST(SampledBetweenness, AveragedOverEverySampleOfThreeItIsTheExactValue) {
  // The estimator is unbiased: over all C(8, 3) = 56 sets of 3 sources, each
  // source is in 21 of them, so the mean of the estimates is
  // (8/3) * (21/56) * sum over all sources = the exact sum.
  const CsrGraph g = random_graph(8, 2, 5, 7);
  const auto exact = betweenness_centrality(g);
  std::vector<double> mean(8, 0);
  int sets = 0;
  for (std::uint32_t a = 0; a < 8; ++a) {
    for (std::uint32_t b = a + 1; b < 8; ++b) {
      for (std::uint32_t c = b + 1; c < 8; ++c) {
        const std::vector<std::uint32_t> sources{a, b, c};
        const auto e = betweenness_from_sources(g, sources);
        for (std::size_t v = 0; v < 8; ++v) mean[v] += e[v];
        ++sets;
      }
    }
  }
  ASSERT_EQ(sets, 56);
  double spread = 0;
  for (std::size_t v = 0; v < 8; ++v) {
    EXPECT_NEAR(mean[v] / sets, exact[v], 1e-12) << "vertex " << v;
    spread += exact[v];
  }
  EXPECT_GT(spread, 0.5) << "a graph where some vertex brokers";
}

TEST(SampledBetweenness, SameResultForAnyNumberOfThreads) {
  const CsrGraph g = random_graph(300, 2, 100, 3);
  const auto sources = sample_sources(300, 40, 9);
  const auto one = betweenness_from_sources(g, sources, 1);
  EXPECT_EQ(betweenness_from_sources(g, sources, 2), one);
  EXPECT_EQ(betweenness_from_sources(g, sources, 5), one);
}

TEST(SampledBetweenness, SourcesOfASeedAreFixedEverywhere) {
  // Worked out by a separate SplitMix64 and partial Fisher-Yates in Python:
  // seed 1, 3 of 10 -> [1, 5, 8]; seed 2 -> [0, 6, 9]; seed 42, 5 of 1000 ->
  // [26, 182, 338, 413, 552].
  EXPECT_EQ(sample_sources(10, 3, 1), (std::vector<std::uint32_t>{1, 5, 8}));
  EXPECT_EQ(sample_sources(10, 3, 2), (std::vector<std::uint32_t>{0, 6, 9}));
  EXPECT_EQ(sample_sources(1000, 5, 42), (std::vector<std::uint32_t>{26, 182, 338, 413, 552}));
  EXPECT_EQ(sample_sources(4, 9, 1), (std::vector<std::uint32_t>{0, 1, 2, 3}));
  EXPECT_TRUE(sample_sources(4, 0, 1).empty());
}

TEST(SampledBetweenness, SourcesAreDistinctAndUniform) {
  // 3 of 10 over 20,000 seeds: each vertex is drawn 6,000 times on average,
  // with a standard deviation of sqrt(20000 * 0.3 * 0.7) = 65; 400 is six of them.
  std::vector<int> drawn(10, 0);
  for (std::uint64_t seed = 0; seed < 20000; ++seed) {
    const auto s = sample_sources(10, 3, seed);
    ASSERT_EQ(s.size(), 3U);
    ASSERT_TRUE(s[0] < s[1] && s[1] < s[2] && s[2] < 10) << "distinct, ascending, in range";
    for (std::uint32_t v : s) ++drawn[v];
  }
  for (int d : drawn) EXPECT_NEAR(d, 6000, 400);
}

TEST(SampledBetweenness, ErrorBoundByHand) {
  // n = 100, k = 50, 95%: 100/99 * sqrt(ln(2 * 100 / 0.05) / (2 * 50))
  // = 1.0101 * sqrt(8.29405 / 100) = 0.290903 (Python: 0.29090294676631073).
  EXPECT_NEAR(sampled_betweenness_error(100, 50, 0.95), 0.29090294676631073, 1e-12);
  // n = 24, k = 5: 24/23 * sqrt(ln(960) / 10) = 0.864699.
  EXPECT_NEAR(sampled_betweenness_error(24, 5, 0.95), 0.8646987271984005, 1e-12);
  EXPECT_EQ(sampled_betweenness_error(100, 100, 0.95), 0) << "every source: exact";
  EXPECT_LT(sampled_betweenness_error(10000, 4000, 0.95),
            sampled_betweenness_error(10000, 1000, 0.95));
}

TEST(SampledBetweenness, EstimatesStayWithinTheirBound) {
  // A random graph of 400 vertices, 60 sources, 20 seeds: the bound holds for
  // every vertex at once with 95% probability per seed, so all 20 passing is
  // what to expect. The bound is a worst case and loose: this catches an
  // estimate gone badly wrong, not a small bias (the test above does).
  const CsrGraph g = random_graph(400, 6, 1000, 11);
  const auto exact = betweenness_centrality(g);
  const double bound = sampled_betweenness_error(400, 60, 0.95);
  double worst = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const auto e = betweenness_from_sources(g, sample_sources(400, 60, seed));
    for (std::size_t v = 0; v < 400; ++v) worst = std::max(worst, std::abs(e[v] - exact[v]));
  }
  EXPECT_LT(worst, bound);
  EXPECT_GT(worst, 0) << "a sample of 60 of 400 is not exact";
}

}  // namespace
}  // namespace policygraph
