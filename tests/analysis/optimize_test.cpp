#include <policygraph/analysis/constraints.hpp>
#include <policygraph/analysis/optimize.hpp>

#include <random>
#include <sstream>

#include <gtest/gtest.h>

#include "analysis/brute_force.hpp"
#include "test_util.hpp"

namespace policygraph {
namespace {

/// A random tiny model: `n` functions, a root with `offices` children each
/// with one child division, random weighted dependencies, functions spread
/// over the units.
Model tiny_model(std::uint64_t seed, int n, int offices) {
  std::mt19937_64 rng(seed);
  std::ostringstream j;
  j << R"({"format": "policygraph/1", "domains": [{"id": "d"}], "functions": [)";
  for (int f = 0; f < n; ++f) j << (f ? "," : "") << R"({"id": "f)" << f << R"(", "domains": ["d"]})";
  j << R"(], "dependencies": [)";
  bool first = true;
  for (int a = 0; a < n; ++a) {
    for (int b = a + 1; b < n; ++b) {
      if (rng() % 3 != 0) continue;
      j << (first ? "" : ",") << R"({"from": "f)" << a << R"(", "to": "f)" << b
        << R"(", "weight": )" << 1 + rng() % 4 << "}";
      first = false;
    }
  }
  j << R"(], "structures": [{"id": "s", "units": [{"id": "root"})";
  for (int o = 0; o < offices; ++o) {
    j << R"(, {"id": "o)" << o << R"(", "parent": "root"}, {"id": "v)" << o << R"(", "parent": "o)"
      << o << R"("})";
  }
  j << R"(], "assign": {)";
  for (int f = 0; f < n; ++f) {
    const int o = static_cast<int>(rng() % offices);
    j << (f ? "," : "") << R"("f)" << f << R"(": ")" << (rng() % 2 ? "o" : "v") << o << '"';
  }
  j << "}}]}";
  return testing::model_from(j.str());
}

/// The cost of the independent brute force (brute_force.hpp).
double brute_force_optimum(const Model& m, const OptimizeOptions& o) {
  return testing::brute_force(m, o).best;
}

OptimizeOptions defaults(const Model& m) {
  const Resolved& s = m.structures[0];
  OptimizeOptions o;
  o.max_moves = 3;
  o.target.assign(s.parent.size(), 0);
  for (Index a : s.assign) o.target[a] = 1;
  o.capacity = default_capacity(s, 1, 0.2);
  o.pinned.assign(m.functions.size(), 0);
  return o;
}

TEST(Optimize, ReachesTheBruteForceOptimumOnTinyModels) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE(seed);
    const Model m = tiny_model(seed, 7, 2);
    const OptimizeOptions o = defaults(m);
    const OptimizeResult r = optimize_assignment(m, 0, o);
    EXPECT_NEAR(r.cost_after, brute_force_optimum(m, o), 1e-9);
  }
}

TEST(Optimize, LocalSearchAloneUsuallyReachesItOnTinyModels) {
  // Without the exhaustive search (exact_limit 0) the iterated local search
  // is a heuristic: it reached the optimum on 37 of these 40 models when
  // written; the test holds it to 35 and to never being worse than the input.
  int optimal = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE(seed);
    const Model m = tiny_model(seed, 7, 2);
    OptimizeOptions o = defaults(m);
    o.exact_limit = 0;
    o.rounds = 200;
    const OptimizeResult r = optimize_assignment(m, 0, o);
    EXPECT_FALSE(r.exact);
    EXPECT_LE(r.cost_after, r.cost_before);
    const double best = brute_force_optimum(m, o);
    EXPECT_GE(r.cost_after, best - 1e-9);
    optimal += std::abs(r.cost_after - best) < 1e-9 ? 1 : 0;
  }
  EXPECT_GE(optimal, 35);
}

TEST(Optimize, RespectsPinsCapacityAndTheMoveLimitAndNeverGetsWorse) {
  for (std::uint64_t seed = 20; seed < 30; ++seed) {
    SCOPED_TRACE(seed);
    const Model m = tiny_model(seed, 12, 3);
    const Resolved& s = m.structures[0];
    OptimizeOptions o = defaults(m);
    o.exact_limit = 0;
    o.max_moves = 2;
    o.pinned[0] = o.pinned[1] = 1;
    o.capacity.assign(s.parent.size(), 5);
    const OptimizeResult r = optimize_assignment(m, 0, o);
    EXPECT_LE(r.cost_after, r.cost_before);
    EXPECT_LE(r.moves.size(), 2U);
    std::vector<Index> assign = s.assign;
    for (const ProposedMove& move : r.moves) {
      EXPECT_NE(move.function, 0U);
      EXPECT_NE(move.function, 1U);
      EXPECT_EQ(move.from, s.assign[move.function]);
      assign[move.function] = move.to;
    }
    std::vector<std::size_t> load(s.parent.size(), 0);
    for (Index a : assign) ++load[a];
    for (const ProposedMove& move : r.moves) EXPECT_LE(load[move.to], 5U);
    // The reported cost is the cost of the proposed assignment.
    EXPECT_NEAR(assignment_cost(m, UnitTree(s), assign, Objective::kDistance), r.cost_after, 1e-9);
  }
}

TEST(Optimize, MovesOnlyIntoTheTargetUnits) {
  // Targets: the divisions v0..v2 only, every unit full (no slack), so that
  // the search has to swap functions. A function of a division swapped with
  // one of an office must not land in the office.
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    SCOPED_TRACE(seed);
    const Model m = tiny_model(seed, 12, 3);
    const Resolved& s = m.structures[0];
    OptimizeOptions o = defaults(m);
    o.exact_limit = 0;
    o.max_moves = 6;
    o.rounds = 100;
    o.target.assign(s.parent.size(), 0);
    for (int d = 0; d < 3; ++d) o.target[*m.find_unit("v" + std::to_string(d))] = 1;
    o.capacity = default_capacity(s, 0, 0);
    const OptimizeResult r = optimize_assignment(m, 0, o);
    EXPECT_LE(r.cost_after, r.cost_before);
    for (const ProposedMove& move : r.moves) {
      EXPECT_EQ(m.unit_ids[move.to][0], 'v') << m.functions[move.function].id << " to "
                                              << m.unit_ids[move.to];
    }
  }
}

TEST(Optimize, SameSeedSameProposal) {
  const Model m = testing::model_file("../../datasets/motie-2025/model.json");
  OptimizeOptions o;
  o.capacity = default_capacity(m.structures[1], 1, 0.2);
  o.seed = 7;
  const OptimizeResult a = optimize_assignment(m, 1, o);
  const OptimizeResult b = optimize_assignment(m, 1, o);
  ASSERT_EQ(a.moves.size(), b.moves.size());
  for (std::size_t k = 0; k < a.moves.size(); ++k) {
    EXPECT_EQ(a.moves[k].function, b.moves[k].function);
    EXPECT_EQ(a.moves[k].to, b.moves[k].to);
  }
  EXPECT_EQ(a.cost_after, b.cost_after);
}

TEST(MoveEvaluator, DeltaAgreesWithFullRecomputationAfterEveryMove) {
  const Model m = testing::model_file("../../datasets/motie-2025/model.json");
  const Resolved& s = m.structures[1];
  for (Objective objective : {Objective::kDistance, Objective::kCross}) {
    MoveEvaluator ev(m, s, objective);
    std::mt19937_64 rng(3);
    double cost = ev.cost();
    for (int step = 0; step < 300; ++step) {
      const Index f = static_cast<Index>(rng() % m.functions.size());
      if (ev.assignment()[f] == kNone) continue;
      const Index to = s.order[rng() % s.order.size()];
      const double d = ev.delta(f, to);
      ev.apply(f, to);
      cost += d;
      ASSERT_NEAR(ev.cost(), cost, 1e-9) << "step " << step;
    }
  }
}

/// A model whose tree has two chains of `depth` units under the root, the
/// functions spread over both: deep trees take the evaluator's general
/// path, shallow ones its ancestor-path comparison.
Model two_chains(int depth) {
  std::ostringstream j;
  j << R"({"format": "policygraph/1", "domains": [{"id": "d"}], "functions": [)";
  for (int f = 0; f < 12; ++f) j << (f ? "," : "") << R"({"id": "f)" << f << R"(", "domains": ["d"]})";
  j << R"(], "dependencies": [)";
  for (int f = 0; f < 12; ++f) {
    j << (f ? "," : "") << R"({"from": "f)" << f << R"(", "to": "f)" << (f * 5 + 3) % 12
      << R"(", "weight": )" << 1 + f % 3 << "}";
  }
  j << R"(], "structures": [{"id": "s", "units": [{"id": "root"})";
  for (const char* chain : {"a", "b"}) {
    for (int d = 1; d <= depth; ++d) {
      j << R"(, {"id": ")" << chain << d << R"(", "parent": ")";
      if (d == 1) {
        j << "root";
      } else {
        j << chain << d - 1;
      }
      j << R"("})";
    }
  }
  j << R"(], "assign": {)";
  for (int f = 0; f < 12; ++f) {
    j << (f ? "," : "") << R"("f)" << f << R"(": ")" << (f % 2 ? "a" : "b") << 1 + f % depth << '"';
  }
  j << "}}]}";
  return testing::model_from(j.str());
}

TEST(MoveEvaluator, ShallowAndDeepTreesAgreeWithWalkingParents) {
  // Depth 6 (ancestor paths) and depth 11 (general path): every single
  // move's delta against the cost recomputed with distances found by
  // walking up the parents.
  for (const int depth : {6, 11}) {
    const Model m = two_chains(depth);
    const Resolved& s = m.structures[0];
    const auto walk_distance = [&](Index a, Index b) {
      double d = 0;
      while (a != b) {
        if (s.depth[a] >= s.depth[b]) {
          a = s.parent[a];
        } else {
          b = s.parent[b];
        }
        ++d;
      }
      return d;
    };
    const auto cost_of = [&](const std::vector<Index>& assign) {
      double c = 0;
      for (const Dependency& dep : m.dependencies) c += dep.weight * walk_distance(assign[dep.from], assign[dep.to]);
      return c;
    };
    const MoveEvaluator ev(m, s, Objective::kDistance);
    for (Index f = 0; f < m.functions.size(); ++f) {
      for (Index to : s.order) {
        std::vector<Index> moved = s.assign;
        moved[f] = to;
        ASSERT_NEAR(ev.delta(f, to), cost_of(moved) - cost_of(s.assign), 1e-9)
            << "depth " << depth << " f" << f << " to " << m.unit_ids[to];
      }
    }
  }
}

TEST(AssignmentCost, EqualsTotalWeightTimesMeanDistance) {
  // docs/metrics.md: cost(S) = W x coordination_distance_mean at leaf level.
  // small.json "before": W = 5, mean distance 8/5 (see metrics_test.cpp).
  const Model m = testing::model_file("small.json");
  const Resolved& s = m.structures[0];
  EXPECT_NEAR(assignment_cost(m, UnitTree(s), s.assign, Objective::kDistance), 8, 1e-12);
  EXPECT_NEAR(assignment_cost(m, UnitTree(s), s.assign, Objective::kCross), 4, 1e-12);
}

/// The message of the ConstraintError that make_constraints throws, or "".
std::string constraint_error(const Model& m, const ConstraintChoice& choice) {
  try {
    (void)make_constraints(m, m.structures[0], choice);
  } catch (const ConstraintError& e) {
    return e.what();
  }
  return {};
}

TEST(Constraints, AnUnknownTargetKindIsAnErrorEvenBesideKnownOnes) {
  // tests/data/small.json, structure before: kinds ministry, office, bureau.
  const Model m = testing::model_file("small.json");
  ConstraintChoice c;
  c.targets = "office,bureu";
  EXPECT_EQ(constraint_error(m, c),
            "--targets: unknown unit kind \"bureu\" (did you mean \"bureau\"?); structure before "
            "has: bureau, ministry, office");
  c.targets = "alll";
  EXPECT_EQ(constraint_error(m, c),
            "--targets: unknown unit kind \"alll\"; structure before has: bureau, ministry, office; "
            "--targets also takes owning or all (did you mean \"all\"?)");
  c.targets = "office,bureau";
  EXPECT_EQ(constraint_error(m, c), "");
  // Exactly the units of those kinds may receive functions.
  const Constraints set = make_constraints(m, m.structures[0], c);
  EXPECT_EQ(set.search.target[*m.find_unit("ministry")], 0);
  EXPECT_EQ(set.search.target[*m.find_unit("trade-office")], 1);
  EXPECT_EQ(set.search.target[*m.find_unit("supply-bureau")], 1);
}

TEST(Constraints, AnUnknownPinSuggestsTheNearestAndListsWhatThereIs) {
  const Model m = testing::model_file("small.json");
  ConstraintChoice c;
  c.pins = {"domain:securty"};
  EXPECT_EQ(constraint_error(m, c),
            "--pin: unknown domain \"securty\" (did you mean \"security\"?); the model has: "
            "security, growth");
  c.pins = {"unit:supply-bureu"};
  EXPECT_EQ(constraint_error(m, c),
            "--pin: unknown unit \"supply-bureu\" (did you mean \"supply-bureau\"?); structure "
            "before has: ministry, industry-office, trade-office, supply-bureau");
  // A unit of the model that this structure does not have is unknown too.
  c.pins = {"unit:security-office"};
  EXPECT_EQ(constraint_error(m, c),
            "--pin: unknown unit \"security-office\"; structure before has: ministry, "
            "industry-office, trade-office, supply-bureau");
  c.pins = {"suply"};
  EXPECT_EQ(constraint_error(m, c),
            "--pin: unknown function \"suply\" (did you mean \"supply\"?); the model has: supply, "
            "export-control, minerals, ai (domain:ID pins a domain's functions, unit:ID a unit's)");
}

TEST(Constraints, CountsInTheirWordsAgreeWithTheNumber) {
  const Model m = testing::model_file("small.json");
  ConstraintChoice c;
  c.pins = {"ai"};
  c.capacity = "1";
  const Constraints set = make_constraints(m, m.structures[0], c);
  EXPECT_EQ(set.pinned_text, "1 function");
  EXPECT_EQ(set.capacity_text, "at most 1 function per unit");
}

}  // namespace
}  // namespace policygraph
