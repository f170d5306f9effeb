#include <policygraph/core/function_graph.hpp>

#include <set>
#include <utility>
#include <vector>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/graph_concepts.hpp>
#include <boost/graph/visitors.hpp>
#include <boost/property_map/property_map.hpp>

#include <gtest/gtest.h>

#include <policygraph/core/graph_traits.hpp>

namespace policygraph {
namespace {

TEST(FunctionGraph, ParallelAndReversedDependenciesAreSummed) {
  //   0 --(2 + 0.5 reversed)-- 1 --(1)-- 2      3 (isolated)
  const std::vector<Dependency> deps{{0, 1, 2.0, 0}, {1, 2, 1.0, 0}, {1, 0, 0.5, 0}};
  const FunctionGraph g = build_function_graph(4, deps);
  EXPECT_EQ(g.vertex_count(), 4U);
  EXPECT_EQ(g.pair_count(), 2U);
  ASSERT_EQ(g.neighbours(0).size(), 1U);
  EXPECT_EQ(g.neighbours(0)[0], 1U);
  EXPECT_DOUBLE_EQ(g.neighbour_weights(0)[0], 2.5);
  ASSERT_EQ(g.neighbours(1).size(), 2U);
  EXPECT_EQ(g.neighbours(1)[0], 0U);  // rows sorted by neighbour
  EXPECT_EQ(g.neighbours(1)[1], 2U);
  EXPECT_DOUBLE_EQ(g.neighbour_weights(1)[0], 2.5);
  EXPECT_DOUBLE_EQ(g.neighbour_weights(1)[1], 1.0);
  EXPECT_TRUE(g.neighbours(3).empty());
}

TEST(FunctionGraph, NoDependencies) {
  const FunctionGraph g = build_function_graph(3, {});
  EXPECT_EQ(g.pair_count(), 0U);
  EXPECT_TRUE(g.neighbours(2).empty());
}

using Traits = boost::graph_traits<FunctionGraph>;
using Vertex = Traits::vertex_descriptor;
using Edge = Traits::edge_descriptor;
BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<FunctionGraph>));
BOOST_CONCEPT_ASSERT((boost::IncidenceGraphConcept<FunctionGraph>));
BOOST_CONCEPT_ASSERT((boost::AdjacencyGraphConcept<FunctionGraph>));
BOOST_CONCEPT_ASSERT((boost::EdgeListGraphConcept<FunctionGraph>));
BOOST_CONCEPT_ASSERT(
    (boost::ReadablePropertyGraphConcept<FunctionGraph, Vertex, boost::vertex_index_t>));
BOOST_CONCEPT_ASSERT(
    (boost::ReadablePropertyGraphConcept<FunctionGraph, Edge, boost::edge_weight_t>));
static_assert(std::is_same_v<Traits::directed_category, boost::undirected_tag>);

/// The graph of the first test: 0 -(2.5)- 1 -(1)- 2, and 3 alone.
FunctionGraph path_and_isolated() {
  return build_function_graph(
      4, std::vector<Dependency>{{0, 1, 2.0, 0}, {1, 2, 1.0, 0}, {1, 0, 0.5, 0}});
}

TEST(FunctionGraphAsBoostGraph, VerticesAndRows) {
  const FunctionGraph g = path_and_isolated();
  EXPECT_EQ(num_vertices(g), 4U);
  const auto [vb, ve] = vertices(g);
  EXPECT_EQ(std::vector<Vertex>(vb, ve), (std::vector<Vertex>{0, 1, 2, 3}));
  EXPECT_EQ(out_degree(1, g), 2U);
  EXPECT_EQ(out_degree(3, g), 0U);
  // Row 1 as edges: 1 -> 0 then 1 -> 2, with their weights.
  const auto weight = get(boost::edge_weight, g);
  std::vector<std::pair<Vertex, double>> row;
  for (auto [e, end] = out_edges(1, g); e != end; ++e) {
    EXPECT_EQ(source(*e, g), 1U);
    row.emplace_back(target(*e, g), get(weight, *e));
  }
  EXPECT_EQ(row, (std::vector<std::pair<Vertex, double>>{{0, 2.5}, {2, 1.0}}));
  const auto [ab, ae] = adjacent_vertices(1, g);
  EXPECT_EQ(std::vector<Vertex>(ab, ae), (std::vector<Vertex>{0, 2}));
  EXPECT_EQ(get(boost::vertex_index, g, 2U), 2U);
}

TEST(FunctionGraphAsBoostGraph, EdgesListEachPairOnceFromItsSmallerEnd) {
  const FunctionGraph g = path_and_isolated();
  EXPECT_EQ(num_edges(g), 2U);
  std::vector<std::pair<Vertex, Vertex>> pairs;
  for (auto [e, end] = edges(g); e != end; ++e) pairs.emplace_back(source(*e, g), target(*e, g));
  EXPECT_EQ(pairs, (std::vector<std::pair<Vertex, Vertex>>{{0, 1}, {1, 2}}));
  const FunctionGraph empty = build_function_graph(0, {});
  EXPECT_EQ(num_vertices(empty), 0U);
  const auto [eb, ee] = edges(empty);
  EXPECT_TRUE(eb == ee);
}

TEST(FunctionGraphAsBoostGraph, EdgesOfADenseGraphMatchTheDependencies) {
  // Every pair {a, b} of 0..5 with (a + 2b) % 3 == 0, each given twice (once
  // reversed): edges(g) yields exactly these pairs, once each, weight 2.
  std::vector<Dependency> deps;
  std::set<std::pair<Vertex, Vertex>> expected;
  for (Vertex a = 0; a < 6; ++a) {
    for (Vertex b = a + 1; b < 6; ++b) {
      if ((a + 2 * b) % 3 != 0) continue;
      deps.push_back({a, b, 1.5, 0});
      deps.push_back({b, a, 0.5, 0});
      expected.emplace(a, b);
    }
  }
  const FunctionGraph g = build_function_graph(6, deps);
  std::set<std::pair<Vertex, Vertex>> got;
  std::size_t listed = 0;
  for (auto [e, end] = edges(g); e != end; ++e, ++listed) {
    got.emplace(source(*e, g), target(*e, g));
    EXPECT_DOUBLE_EQ(get(boost::edge_weight, g)[*e], 2.0);
  }
  EXPECT_EQ(listed, expected.size());
  EXPECT_EQ(got, expected);
  EXPECT_EQ(num_edges(g), expected.size());
}

TEST(FunctionGraphAsBoostGraph, BreadthFirstSearchFindsTheDistances) {
  //   0 - 1 - 2 - 3     4 - 5
  //       |       |
  //       6 ----- 7
  // From 0: 1 at 1; 2 and 6 at 2; 3 and 7 at 3; 4 and 5 unreached.
  const FunctionGraph g = build_function_graph(
      8, std::vector<Dependency>{{0, 1}, {1, 2}, {2, 3}, {1, 6}, {6, 7}, {7, 3}, {4, 5}});
  std::vector<int> dist(8, -1);
  dist[0] = 0;
  auto dist_map = boost::make_iterator_property_map(dist.begin(), get(boost::vertex_index, g));
  boost::breadth_first_search(g, 0U,
                              boost::visitor(boost::make_bfs_visitor(
                                  boost::record_distances(dist_map, boost::on_tree_edge()))));
  EXPECT_EQ(dist, (std::vector<int>{0, 1, 2, 3, -1, -1, 2, 3}));
}

}  // namespace
}  // namespace policygraph
