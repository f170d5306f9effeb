#include <policygraph/metrics/tree.hpp>

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace policygraph {
namespace {

//   r
//   +- a
//   |  +- d
//   |  |  +- g
//   |  +- e
//   +- b
//   +- c
//      +- f
Model tree_model() {
  return testing::model_from(R"({"format": "policygraph/1", "domains": [], "functions": [],
    "dependencies": [], "structures": [{"id": "s", "units": [
      {"id": "g", "parent": "d"}, {"id": "r"}, {"id": "a", "parent": "r"}, {"id": "b", "parent": "r"},
      {"id": "c", "parent": "r"}, {"id": "d", "parent": "a"}, {"id": "e", "parent": "a"},
      {"id": "f", "parent": "c"}]}]})");
}

TEST(UnitTree, LowestCommonAncestorsAndDistances) {
  const Model m = tree_model();
  const UnitTree t(m.structures[0]);
  const auto u = [&](const char* id) { return *m.find_unit(id); };
  EXPECT_EQ(t.lca(u("g"), u("e")), u("a"));
  EXPECT_EQ(t.lca(u("e"), u("g")), u("a"));
  EXPECT_EQ(t.lca(u("g"), u("f")), u("r"));
  EXPECT_EQ(t.lca(u("d"), u("g")), u("d"));  // ancestor of the other
  EXPECT_EQ(t.lca(u("b"), u("b")), u("b"));
  EXPECT_EQ(t.distance(u("g"), u("e")), 3U);  // g-d-a-e
  EXPECT_EQ(t.distance(u("g"), u("f")), 5U);  // g-d-a-r-c-f
  EXPECT_EQ(t.max_depth(), 3U);
}

TEST(UnitTree, SubtreesBranchesAndAggregation) {
  const Model m = tree_model();
  const UnitTree t(m.structures[0]);
  const auto u = [&](const char* id) { return *m.find_unit(id); };
  EXPECT_TRUE(t.in_subtree(u("g"), u("a")));
  EXPECT_TRUE(t.in_subtree(u("a"), u("a")));
  EXPECT_FALSE(t.in_subtree(u("f"), u("a")));
  EXPECT_FALSE(t.in_subtree(u("a"), u("g")));
  EXPECT_EQ(t.branch(u("g")), u("a"));
  EXPECT_EQ(t.branch(u("r")), u("r"));
  const auto level1 = t.aggregation(1);
  EXPECT_EQ(level1[u("g")], u("a"));
  EXPECT_EQ(level1[u("f")], u("c"));
  EXPECT_EQ(level1[u("r")], u("r"));
  const auto level2 = t.aggregation(2);
  EXPECT_EQ(level2[u("g")], u("d"));
  EXPECT_EQ(t.aggregation(0)[u("g")], u("r"));
  EXPECT_EQ(t.aggregation(std::nullopt)[u("g")], u("g"));
}

}  // namespace
}  // namespace policygraph
