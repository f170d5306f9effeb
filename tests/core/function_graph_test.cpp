#include <policygraph/core/function_graph.hpp>

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace policygraph
