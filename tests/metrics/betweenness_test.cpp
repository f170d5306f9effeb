#include <policygraph/metrics/betweenness.hpp>

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

}  // namespace
}  // namespace policygraph
