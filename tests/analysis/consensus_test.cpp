#include <policygraph/analysis/consensus.hpp>

#include <cmath>

#include <gtest/gtest.h>

#include "analysis/brute_force.hpp"
#include "test_util.hpp"

namespace policygraph {
namespace {

/// Targets: the units that own functions; capacity as the command line's
/// default (current + max(1, 20%)); nothing pinned.
OptimizeOptions owning_units(const Model& m, std::size_t max_moves) {
  const Resolved& s = m.structures[0];
  OptimizeOptions o;
  o.max_moves = max_moves;
  o.target.assign(s.parent.size(), 0);
  for (Index a : s.assign) o.target[a] = 1;
  o.capacity = default_capacity(s, 1, 0.2);
  o.pinned.assign(m.functions.size(), 0);
  return o;
}

Index fn(const Model& m, const char* id) { return *m.find_function(id); }
Index unit(const Model& m, const char* id) { return m.unit_index.at(id); }

// Units R > A, B (tree distance A-B: 2). a1, a2, x in A; b1, b2 in B.
// x depends on b1 and b2 with weight 10 each and on a1 with weight 1.
constexpr const char* kRobust = R"({
  "format": "policygraph/1", "domains": [{"id": "d"}],
  "functions": [{"id": "a1", "domains": ["d"]}, {"id": "a2", "domains": ["d"]},
                {"id": "x", "domains": ["d"]}, {"id": "b1", "domains": ["d"]},
                {"id": "b2", "domains": ["d"]}],
  "dependencies": [{"from": "a1", "to": "a2", "weight": 5}, {"from": "b1", "to": "b2", "weight": 5},
                   {"from": "x", "to": "b1", "weight": 10}, {"from": "x", "to": "b2", "weight": 10},
                   {"from": "x", "to": "a1", "weight": 1}],
  "structures": [{"id": "s",
                  "units": [{"id": "R"}, {"id": "A", "parent": "R"}, {"id": "B", "parent": "R"}],
                  "assign": {"a1": "A", "a2": "A", "x": "A", "b1": "B", "b2": "B"}}]})";

TEST(Consensus, EverySampleProposesARobustUniqueOptimum) {
  const Model m = testing::model_from(kRobust);
  const OptimizeOptions o = owning_units(m, 2);
  // By hand: the cost is 2 x (10 + 10) = 40; moving x to B leaves only x-a1
  // crossing: 2 x 1 = 2. B may take one more function (capacity 2 + 1), so
  // no second move can follow, and every other move only adds cost.
  const testing::BruteForce best = testing::brute_force(m, o);
  ASSERT_EQ(best.optima.size(), 1U);
  EXPECT_DOUBLE_EQ(best.best, 2);
  std::vector<Index> expected = m.structures[0].assign;
  expected[fn(m, "x")] = unit(m, "B");
  EXPECT_EQ(best.optima[0], expected);

  // Flipping it would take x's weights to B (20) to fall below its weight
  // to A (1) under noise 0.3: more than 7 standard deviations away.
  ConsensusOptions c;
  c.samples = 300;
  c.noise = 0.3;
  const ConsensusResult r = optimize_consensus(m, 0, o, c);
  EXPECT_EQ(r.samples, 300U);
  EXPECT_TRUE(r.exhaustive);  // 2^5 assignments: each sample's search is exhaustive
  ASSERT_EQ(r.moves.size(), 1U);
  EXPECT_EQ(r.moves[0].function, fn(m, "x"));
  EXPECT_EQ(r.moves[0].to, unit(m, "B"));
  EXPECT_EQ(r.moves[0].count, 300U);
  EXPECT_DOUBLE_EQ(r.moves[0].share, 1.0);
  EXPECT_DOUBLE_EQ(r.moves[0].nominal_gain, 38);
  EXPECT_TRUE(r.moves[0].in_consensus);
  ASSERT_EQ(r.consensus.moves.size(), 1U);
  EXPECT_DOUBLE_EQ(r.consensus.cost_before, 40);
  EXPECT_DOUBLE_EQ(r.consensus.cost_after, 2);
  EXPECT_EQ(r.left_out, 0U);
  EXPECT_DOUBLE_EQ(r.consensus_saves, 1.0);
  // Each sample's proposal is the consensus: the two savings are the same.
  EXPECT_DOUBLE_EQ(r.saving.mean, r.consensus_saving.mean);
  EXPECT_GT(r.saving.p5, 0);
}

// Units R > A, B. f and g in A, h in B; f-g weight 1, f-h weight WH. g and
// h are pinned: the only question is whether f moves to B, which saves
// 2 (w_fh - w_fg) and happens exactly when the sample's w_fh exceeds w_fg.
Model fragile(double wh) {
  return testing::model_from(R"({
    "format": "policygraph/1", "domains": [{"id": "d"}],
    "functions": [{"id": "f", "domains": ["d"]}, {"id": "g", "domains": ["d"]},
                  {"id": "h", "domains": ["d"]}],
    "dependencies": [{"from": "f", "to": "g", "weight": 1},
                     {"from": "f", "to": "h", "weight": )" +
                             std::to_string(wh) + R"(}],
    "structures": [{"id": "s",
                    "units": [{"id": "R"}, {"id": "A", "parent": "R"}, {"id": "B", "parent": "R"}],
                    "assign": {"f": "A", "g": "A", "h": "B"}}]})");
}

OptimizeOptions only_f_moves(const Model& m) {
  OptimizeOptions o = owning_units(m, 1);
  o.capacity.clear();
  o.pinned[fn(m, "g")] = 1;
  o.pinned[fn(m, "h")] = 1;
  return o;
}

TEST(Consensus, FragileMoveIsProposedAsOftenAsTheWeightsOrder) {
  // w_fh = 1.5, w_fg = 1, noise 0.5: f moves when 1.5 e^(0.5 Z1) > e^(0.5 Z2),
  // i.e. when Z2 - Z1 < ln 1.5 / 0.5, and Z2 - Z1 ~ N(0, 2):
  // P = Phi(ln 1.5 / (0.5 sqrt 2)) = Phi(0.573414) = 0.716818.
  // Over 4000 samples the share's standard deviation is 0.00712; allowed: 4 of them.
  const Model m = fragile(1.5);
  ConsensusOptions c;
  c.samples = 4000;
  c.noise = 0.5;
  const ConsensusResult r = optimize_consensus(m, 0, only_f_moves(m), c);
  ASSERT_EQ(r.moves.size(), 1U);
  EXPECT_EQ(r.moves[0].function, fn(m, "f"));
  EXPECT_NEAR(r.moves[0].share, 0.716818, 0.0285);
  // Held by most samples: the consensus, 2 x (1.5 - 1) = 1 under the given weights.
  EXPECT_TRUE(r.moves[0].in_consensus);
  EXPECT_DOUBLE_EQ(r.moves[0].nominal_gain, 1);
  EXPECT_DOUBLE_EQ(r.consensus.cost_before, 3);
  EXPECT_DOUBLE_EQ(r.consensus.cost_after, 2);
}

TEST(Consensus, DroppedDependenciesSplitTheSamplesAsWorkedOut) {
  // Equal weights and no noise: f moves only when f-g is left out of the
  // sample and f-h is not: P = 0.3 x 0.7 = 0.21 (standard deviation over
  // 4000 samples 0.00644; allowed: 4 of them). Below half: no consensus.
  const Model m = fragile(1);
  ConsensusOptions c;
  c.samples = 4000;
  c.noise = 0;
  c.drop = 0.3;
  const ConsensusResult r = optimize_consensus(m, 0, only_f_moves(m), c);
  ASSERT_EQ(r.moves.size(), 1U);
  EXPECT_NEAR(r.moves[0].share, 0.21, 0.0258);
  EXPECT_FALSE(r.moves[0].in_consensus);
  EXPECT_TRUE(r.consensus.moves.empty());
  EXPECT_DOUBLE_EQ(r.consensus.cost_before, 2);
  EXPECT_DOUBLE_EQ(r.consensus.cost_after, 2);
  // Each sample that moves f saves 2 x 1 (f-h no longer crosses, f-g is absent).
  EXPECT_NEAR(r.saving.mean, 2 * r.moves[0].share, 1e-12);
}

TEST(Consensus, TheThreadCountChangesNothing) {
  const Model m = testing::model_file("../../datasets/motie-2025/model.json");
  const Index s = *m.find_structure("after-2025");
  const Resolved& st = m.structures[s];
  OptimizeOptions o;
  o.max_moves = 3;
  o.target.assign(st.parent.size(), 0);
  for (Index a : st.assign) {
    if (a != kNone) o.target[a] = 1;
  }
  o.capacity = default_capacity(st, 1, 0.2);
  o.pinned.assign(m.functions.size(), 0);
  ConsensusOptions c;
  c.samples = 40;
  c.threads = 1;
  const ConsensusResult one = optimize_consensus(m, s, o, c);
  c.threads = 2;
  const ConsensusResult two = optimize_consensus(m, s, o, c);
  ASSERT_EQ(one.moves.size(), two.moves.size());
  for (std::size_t k = 0; k < one.moves.size(); ++k) {
    EXPECT_EQ(one.moves[k].function, two.moves[k].function);
    EXPECT_EQ(one.moves[k].to, two.moves[k].to);
    EXPECT_EQ(one.moves[k].count, two.moves[k].count);
  }
  EXPECT_EQ(one.consensus.cost_after, two.consensus.cost_after);
  EXPECT_EQ(one.saving.mean, two.saving.mean);
  EXPECT_EQ(one.consensus_saving.p95, two.consensus_saving.p95);
  EXPECT_GT(one.moves.size(), 0U);
  EXPECT_FALSE(one.exhaustive);  // 50 functions: far too many assignments
}

}  // namespace
}  // namespace policygraph
