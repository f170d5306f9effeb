#include <policygraph/metrics/betweenness.hpp>

#include <cstdint>
#include <deque>
#include <random>
#include <vector>

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace policygraph
