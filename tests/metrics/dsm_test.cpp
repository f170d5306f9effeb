#include <random>
#include <string>

#include <gtest/gtest.h>

#include <policygraph/metrics/dsm.hpp>
#include <policygraph/metrics/metrics.hpp>

#include "test_util.hpp"

namespace policygraph {
namespace {

// Units, listed so: m (root), b and a under m, a1 and a2 under a. Preorder
// is therefore m, b, a, a1, a2. "gone" has no unit in either structure.
// In "alt", z moves to a1 and fb to a.
constexpr std::string_view kHand = R"({
  "format": "policygraph/1",
  "domains": [{"id": "d"}],
  "functions": [
    {"id": "fm", "domains": ["d"]}, {"id": "fb", "domains": ["d"]},
    {"id": "fa", "domains": ["d"]}, {"id": "x", "domains": ["d"]},
    {"id": "y", "domains": ["d"]}, {"id": "z", "domains": ["d"]},
    {"id": "gone", "domains": ["d"]}
  ],
  "dependencies": [
    {"from": "x", "to": "y", "weight": 2},
    {"from": "y", "to": "x", "weight": 1},
    {"from": "x", "to": "z", "weight": 1.5},
    {"from": "fa", "to": "x", "weight": 4},
    {"from": "fb", "to": "fa", "weight": 2},
    {"from": "fm", "to": "fb", "weight": 1},
    {"from": "z", "to": "fm", "weight": 0.5},
    {"from": "gone", "to": "x", "weight": 7},
    {"from": "fa", "to": "z", "weight": 1}
  ],
  "structures": [
    {"id": "hand",
     "units": [{"id": "m"}, {"id": "b", "parent": "m"}, {"id": "a", "parent": "m"},
               {"id": "a1", "parent": "a"}, {"id": "a2", "parent": "a"}],
     "assign": {"fm": "m", "fb": "b", "fa": "a", "x": "a1", "y": "a1", "z": "a2"}},
    {"id": "alt", "base": "hand",
     "changes": [{"op": "move-function", "function": "z", "to": "a1"},
                 {"op": "move-function", "function": "fb", "to": "a"}]}
  ]
})";

struct Expected {
  std::size_t row, column;
  double weight;
};

void expect_cells(const Dsm& m, const std::vector<Expected>& expected) {
  ASSERT_EQ(m.cells.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(m.cells[i].row, expected[i].row) << "cell " << i;
    EXPECT_EQ(m.cells[i].column, expected[i].column) << "cell " << i;
    EXPECT_DOUBLE_EQ(m.cells[i].weight, expected[i].weight) << "cell " << i;
  }
}

std::vector<std::string> row_ids(const Model& model, const Dsm& m) {
  std::vector<std::string> ids;
  for (const DsmRow& r : m.rows) {
    ids.push_back(m.items == DsmItems::kUnits ? model.unit_ids[r.item]
                                              : model.functions[r.item].id);
  }
  return ids;
}

TEST(Dsm, UnitsOfTheHandDrawnModelCellByCell) {
  const Model model = testing::model_from(kHand);
  const Dsm m = dependency_matrix(model, 0, std::nullopt, DsmItems::kUnits);
  EXPECT_EQ(row_ids(model, m), (std::vector<std::string>{"m", "b", "a", "a1", "a2"}));
  // Rows m0 b1 a2 a1=3 a2=4; the dependency from "gone" is left out.
  expect_cells(m, {{0, 1, 1.0},            // fm -> fb
                   {1, 2, 2.0},            // fb -> fa
                   {2, 3, 4.0},            // fa -> x
                   {2, 4, 1.0},            // fa -> z
                   {3, 3, 3.0},            // x -> y 2, y -> x 1
                   {3, 4, 1.5},            // x -> z
                   {4, 0, 0.5}});          // z -> fm
  EXPECT_DOUBLE_EQ(m.total_weight, 13.0);  // 1 + 2 + 4 + 1 + 3 + 1.5 + 0.5
  ASSERT_EQ(m.blocks.size(), 5U);
  // unit, first, own_end, end, weight inside.
  const std::vector<std::tuple<std::string, std::size_t, std::size_t, std::size_t, double>> blocks{
      {"m", 0, 1, 5, 13.0},
      {"b", 1, 2, 2, 0.0},
      {"a", 2, 3, 5, 9.5},  // 4 + 1 + 3 + 1.5
      {"a1", 3, 4, 4, 3.0},
      {"a2", 4, 5, 5, 0.0}};
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto& [unit, first, own_end, end, weight] = blocks[i];
    EXPECT_EQ(model.unit_ids[m.blocks[i].unit], unit);
    EXPECT_EQ(m.blocks[i].first, first) << unit;
    EXPECT_EQ(m.blocks[i].own_end, own_end) << unit;
    EXPECT_EQ(m.blocks[i].end, end) << unit;
    EXPECT_DOUBLE_EQ(m.blocks[i].weight, weight) << unit;
  }
  // Cut at depth 1 only m-b (1), b-a (2) and a2-m (0.5) cross; at depth 2
  // everything but the 3 inside a1 does.
  ASSERT_EQ(m.off_block.size(), 3U);
  EXPECT_DOUBLE_EQ(m.off_block[0], 0.0);
  EXPECT_DOUBLE_EQ(m.off_block[1], 3.5);
  EXPECT_DOUBLE_EQ(m.off_block[2], 10.0);
}

TEST(Dsm, FoldedToLevelOne) {
  const Model model = testing::model_from(kHand);
  const Dsm m = dependency_matrix(model, 0, 1, DsmItems::kUnits);
  EXPECT_EQ(row_ids(model, m), (std::vector<std::string>{"m", "b", "a"}));
  // a holds fa, x, y and z: 4 + 1 + 3 + 1.5 inside it.
  expect_cells(m, {{0, 1, 1.0}, {1, 2, 2.0}, {2, 0, 0.5}, {2, 2, 9.5}});
  ASSERT_EQ(m.off_block.size(), 2U);
  EXPECT_DOUBLE_EQ(m.off_block[1], 3.5);
}

TEST(Dsm, FunctionsGroupedByUnit) {
  const Model model = testing::model_from(kHand);
  const Dsm m = dependency_matrix(model, 0, std::nullopt, DsmItems::kFunctions);
  EXPECT_EQ(row_ids(model, m), (std::vector<std::string>{"fm", "fb", "fa", "x", "y", "z"}));
  expect_cells(m, {{0, 1, 1.0},
                   {1, 2, 2.0},
                   {2, 3, 4.0},
                   {2, 5, 1.0},
                   {3, 4, 2.0},
                   {3, 5, 1.5},
                   {4, 3, 1.0},
                   {5, 0, 0.5}});
  // The blocks of the units, over function rows: a1 holds x and y.
  ASSERT_EQ(m.blocks.size(), 5U);
  EXPECT_EQ(m.blocks[3].first, 3U);
  EXPECT_EQ(m.blocks[3].end, 5U);
  EXPECT_DOUBLE_EQ(m.blocks[3].weight, 3.0);
  EXPECT_EQ(m.blocks[2].own_end, 3U);  // a owns fa itself
  EXPECT_EQ(m.blocks[2].end, 6U);
  EXPECT_DOUBLE_EQ(m.off_block[2], 10.0);
}

TEST(Dsm, MarksAgainstAnotherStructure) {
  const Model model = testing::model_from(kHand);
  // In alt, b owns nothing and has no row. x -> z (1.5) crossed a1-a2 in
  // hand and lies inside a1 now; fb -> fa (2) crossed b-a and lies in a.
  const Dsm alt = dependency_matrix(model, 1, std::nullopt, DsmItems::kUnits, 0);
  EXPECT_EQ(row_ids(model, alt), (std::vector<std::string>{"m", "a", "a1"}));
  EXPECT_DOUBLE_EQ(alt.internalised, 3.5);
  EXPECT_DOUBLE_EQ(alt.externalised, 0.0);
  for (const DsmCell& c : alt.cells) {
    const std::string at = row_ids(model, alt)[c.row] + "," + row_ids(model, alt)[c.column];
    if (at == "a1,a1") {
      EXPECT_DOUBLE_EQ(c.internalised, 1.5);
      EXPECT_DOUBLE_EQ(c.weight, 4.5);  // 2 + 1 + 1.5
    } else if (at == "a,a") {
      EXPECT_DOUBLE_EQ(c.internalised, 2.0);
    } else {
      EXPECT_DOUBLE_EQ(c.internalised, 0.0) << at;
    }
  }
  // The other way round the same weight comes to cross units.
  const Dsm hand = dependency_matrix(model, 0, std::nullopt, DsmItems::kUnits, 1);
  EXPECT_DOUBLE_EQ(hand.internalised, 0.0);
  EXPECT_DOUBLE_EQ(hand.externalised, 3.5);
  EXPECT_DOUBLE_EQ(hand.cells[1].externalised, 2.0);  // b -> a
  EXPECT_DOUBLE_EQ(hand.cells[5].externalised, 1.5);  // a1 -> a2
}

TEST(Dsm, FoldLevelForAMaximumOfRows) {
  const Model model = testing::model_from(kHand);
  // hand has 1, 3 and 5 rows at depths 0, 1, 2; alt 1, 2, 3.
  EXPECT_EQ(dsm_fold_level(model, {0, 1}, 5), std::nullopt);
  EXPECT_EQ(dsm_fold_level(model, {0, 1}, 4), 1);
  EXPECT_EQ(dsm_fold_level(model, {1}, 3), std::nullopt);
  EXPECT_EQ(dsm_fold_level(model, {0}, 2), 1);  // even level 1 has 3
}

/// A random model: `units` units in a random tree, functions owned by
/// random units (some by none), random dependencies with repeats.
std::string random_model(std::mt19937& rng, int units, int functions, int dependencies) {
  std::string units_json, assign, functions_json, deps;
  for (int u = 0; u < units; ++u) {
    if (u > 0) units_json += ", ";
    units_json += "{\"id\": \"u" + std::to_string(u) + "\"";
    if (u > 0) {
      units_json +=
          ", \"parent\": \"u" + std::to_string(std::uniform_int_distribution(0, u - 1)(rng)) + "\"";
    }
    units_json += "}";
  }
  for (int f = 0; f < functions; ++f) {
    functions_json += std::string(f > 0 ? ", " : "") + "{\"id\": \"f" + std::to_string(f) +
                      "\", \"domains\": [\"d\"]}";
    if (std::uniform_int_distribution(0, 9)(rng) == 0) continue;  // no unit
    assign += std::string(assign.empty() ? "" : ", ") + "\"f" + std::to_string(f) + "\": \"u" +
              std::to_string(std::uniform_int_distribution(0, units - 1)(rng)) + "\"";
  }
  const std::vector<std::string> weights{"0.5", "1", "2", "3", "0.25"};
  for (int d = 0; d < dependencies; ++d) {
    const int a = std::uniform_int_distribution(0, functions - 1)(rng);
    int b = std::uniform_int_distribution(0, functions - 2)(rng);
    if (b >= a) ++b;
    deps += std::string(d > 0 ? ", " : "") + "{\"from\": \"f" + std::to_string(a) +
            "\", \"to\": \"f" + std::to_string(b) + "\", \"weight\": " +
            weights[std::uniform_int_distribution<std::size_t>(0, weights.size() - 1)(rng)] + "}";
  }
  return R"({"format": "policygraph/1", "domains": [{"id": "d"}], "functions": [)" +
         functions_json + "], \"dependencies\": [" + deps +
         "], \"structures\": [{\"id\": \"s\", \"units\": [" + units_json + "], \"assign\": {" +
         assign + "}}]}";
}

TEST(Dsm, TotalAndOffBlockMassAgreeWithTheMetricsOnRandomModels) {
  std::mt19937 rng(20261203);
  for (int trial = 0; trial < 40; ++trial) {
    const Model model =
        testing::model_from(random_model(rng, 2 + trial % 15, 12 + trial, 40 + 3 * trial));
    const double w = structure_metrics(model, 0, std::nullopt).whole.total_weight;
    const Index depth = UnitTree(model.structures[0]).max_depth();
    for (const DsmItems items : {DsmItems::kUnits, DsmItems::kFunctions}) {
      for (int fold = 0; fold <= int(depth) + 1; ++fold) {
        const std::optional<int> level =
            fold > int(depth) ? std::nullopt : std::optional<int>(fold);
        const Dsm m = dependency_matrix(model, 0, level, items);
        ASSERT_NEAR(m.total_weight, w, 1e-9 * w) << "trial " << trial;
        ASSERT_NEAR(m.blocks.front().weight, w, 1e-9 * w);
        // Every depth the matrix has, and the level of the matrix itself.
        for (std::size_t d = 0; d < m.off_block.size(); ++d) {
          const double share =
              structure_metrics(model, 0, int(d), {.betweenness = false}).whole.cross_unit_share;
          ASSERT_NEAR(m.off_block[d], share * w, 1e-9 * std::max(1.0, w))
              << "trial " << trial << " depth " << d;
        }
        const double share =
            structure_metrics(model, 0, level, {.betweenness = false}).whole.cross_unit_share;
        double diagonal = 0;
        for (const DsmCell& c : m.cells) diagonal += c.row == c.column ? c.weight : 0.0;
        if (items == DsmItems::kUnits) {
          // Off the diagonal is what crosses units at the matrix's own level.
          ASSERT_NEAR(m.total_weight - diagonal, share * w, 1e-9 * std::max(1.0, w));
        } else {
          ASSERT_EQ(diagonal, 0.0);
        }
        // Rows in preorder: every block's rows are its unit's subtree.
        const UnitTree tree(model.structures[0]);
        for (const DsmBlock& b : m.blocks) {
          for (std::size_t r = 0; r < m.rows.size(); ++r) {
            const bool inside = tree.in_subtree(m.rows[r].unit, b.unit);
            ASSERT_EQ(inside, r >= b.first && r < b.end) << "trial " << trial;
            ASSERT_EQ(m.rows[r].unit == b.unit, r >= b.first && r < b.own_end);
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace policygraph
