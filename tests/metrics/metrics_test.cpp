#include <policygraph/metrics/metrics.hpp>

#include <cmath>

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace policygraph {
namespace {

// tests/data/small.json, structure "before":
//
//   ministry (0)
//   +- industry-office (1)   minerals, ai
//   |  +- supply-bureau (2)  supply
//   +- trade-office (1)      export-control
//
//   supply --2-- export-control     (cross; meet at ministry, dist 3)
//   supply --2-- minerals           (1 + 1 written both ways; cross; meet at
//                                    industry-office, depth 1, dist 1)
//   minerals --1-- ai               (inside industry-office)
//
// W = 5, cross = 4, sum w*dist = 2*3 + 2*1 = 8, top = 2.
const StructureMetrics& before_metrics() {
  static const Model m = testing::model_file("small.json");
  static const StructureMetrics r = structure_metrics(m, *m.find_structure("before"), std::nullopt);
  return r;
}

TEST(WholeMetrics, SmallBeforeByHand) {
  const WholeMetrics& w = before_metrics().whole;
  EXPECT_EQ(w.functions, 4U);
  EXPECT_EQ(w.dependencies, 3U);
  EXPECT_DOUBLE_EQ(w.total_weight, 5);
  EXPECT_NEAR(w.cross_unit_share, 4.0 / 5, 1e-12);
  EXPECT_NEAR(w.coordination_distance_mean, 8.0 / 5, 1e-12);
  EXPECT_NEAR(w.top_level_share, 2.0 / 5, 1e-12);
  // Cross pairs meet at depths 0 (w 2) and 1 (w 2): (0*2 + 1*2) / 4.
  EXPECT_NEAR(w.escalation_depth_mean, 0.5, 1e-12);
  // Degrees: supply-bureau 4, trade-office 2, industry-office 2+1+1 = 4;
  // only industry-office holds an edge (w 1):
  // Q = 1/5 - (4/10)^2 - (2/10)^2 - (4/10)^2 = 0.2 - 0.36 = -0.16.
  EXPECT_NEAR(w.modularity, -0.16, 1e-12);
  // Domains (primary) x units: (sec,sb) (sec,to) (sec,io) (growth,io), 1 each.
  // H(X) = -(3/4 ln 3/4 + 1/4 ln 1/4), H(Y) = -(2 * 1/4 ln 1/4 + 1/2 ln 1/2),
  // I = 1/4 (2 ln 4/3 + ln 2/3 + ln 2).
  const double hx = -(0.75 * std::log(0.75) + 0.25 * std::log(0.25));
  const double hy = -(0.5 * std::log(0.25) + 0.5 * std::log(0.5));
  const double i = 0.25 * (2 * std::log(4.0 / 3) + std::log(2.0 / 3) + std::log(2.0));
  EXPECT_NEAR(w.alignment_nmi, 2 * i / (hx + hy), 1e-12);
}

TEST(ShapeMetrics, SmallBeforeByHand) {
  const ShapeMetrics& s = before_metrics().shape;
  EXPECT_EQ(s.units, 4U);
  EXPECT_EQ(s.owning_units, 3U);
  EXPECT_EQ(s.depth, 2U);
  // ministry has 2 children, industry-office 1: mean 1.5, max 2.
  EXPECT_DOUBLE_EQ(s.span_mean, 1.5);
  EXPECT_EQ(s.span_max, 2U);
  EXPECT_EQ(s.headcount, 10.0);  // only trade-office gives one
}

TEST(DomainMetrics, SecuritySpreadOverThreeUnitsInTwoBranches) {
  const Model m = testing::model_file("small.json");
  const DomainMetrics& d = before_metrics().domains[0];
  // supply (supply-bureau), export-control (trade-office), minerals (industry-office).
  EXPECT_EQ(d.functions, 3U);
  EXPECT_EQ(d.units, 3U);
  EXPECT_EQ(d.branches, 2U);  // industry-office (twice) and trade-office
  EXPECT_NEAR(d.hhi, 1.0 / 3, 1e-12);
  EXPECT_NEAR(d.effective_units, 3, 1e-12);
  EXPECT_NEAR(d.entropy, std::log(3.0), 1e-12);
  EXPECT_EQ(m.unit_ids[d.owner], "ministry");
  EXPECT_EQ(d.owner_depth, 0U);
  EXPECT_EQ(d.components, 1U);  // supply joins the other two
  EXPECT_EQ(d.fragments, 3U);   // no edge stays inside a unit
  EXPECT_NEAR(d.fragmentation, 1, 1e-12);  // (3 - 1) / (3 - 1)
  EXPECT_NEAR(d.cross_unit_share, 1, 1e-12);
  EXPECT_EQ(d.control_tower, kNone);
}

TEST(DomainMetrics, GrowthSitsInOneUnit) {
  const DomainMetrics& d = before_metrics().domains[1];
  // minerals and ai, both in industry-office, joined by an edge of weight 1.
  EXPECT_EQ(d.units, 1U);
  EXPECT_EQ(d.branches, 1U);
  EXPECT_DOUBLE_EQ(d.hhi, 1);
  EXPECT_DOUBLE_EQ(d.entropy, 0);
  EXPECT_EQ(d.owner_depth, 1U);
  EXPECT_EQ(d.components, 1U);
  EXPECT_EQ(d.fragments, 1U);
  EXPECT_DOUBLE_EQ(d.fragmentation, 0);  // (1 - 1) / (2 - 1)
  EXPECT_DOUBLE_EQ(d.cross_unit_share, 0);
}

TEST(DomainMetrics, ControlTowerCoversTheWholeDomainAfter) {
  // "after": supply-bureau moved under security-office, which also owns
  // export-control and minerals and is security's control tower.
  const Model m = testing::model_file("small.json");
  const StructureMetrics r = structure_metrics(m, *m.find_structure("after"), std::nullopt);
  const DomainMetrics& d = r.domains[0];
  EXPECT_EQ(d.units, 2U);
  EXPECT_EQ(d.branches, 1U);
  EXPECT_NEAR(d.hhi, 1.0 / 9 + 4.0 / 9, 1e-12);
  EXPECT_EQ(m.unit_ids[d.owner], "security-office");
  EXPECT_EQ(m.unit_ids[d.control_tower], "security-office");
  EXPECT_DOUBLE_EQ(d.tower_coverage, 1);
  EXPECT_DOUBLE_EQ(d.tower_internal_share, 1);
  // At level 1 supply-bureau folds into security-office: one unit, and the
  // tower figures still use the unaggregated owners (same answer here).
  const StructureMetrics l1 = structure_metrics(m, *m.find_structure("after"), 1);
  EXPECT_EQ(l1.domains[0].units, 1U);
  EXPECT_DOUBLE_EQ(l1.domains[0].fragmentation, 0);
  EXPECT_DOUBLE_EQ(l1.domains[0].tower_coverage, 1);
}

TEST(UnitMetrics, AfterUnitGraphIsAPath) {
  // After: industry-office {ai}, security-office {export-control, minerals},
  // supply-bureau {supply}. Crossings: supply-bureau - security-office
  // (2 + 2), security-office - industry-office (1): a path with
  // security-office in the middle, betweenness 1/1.
  const Model m = testing::model_file("small.json");
  const StructureMetrics r = structure_metrics(m, *m.find_structure("after"), std::nullopt);
  ASSERT_EQ(r.units.size(), 3U);
  EXPECT_EQ(m.unit_ids[r.units[0].unit], "industry-office");  // sorted by id
  EXPECT_EQ(m.unit_ids[r.units[1].unit], "security-office");
  EXPECT_EQ(m.unit_ids[r.units[2].unit], "supply-bureau");
  EXPECT_DOUBLE_EQ(r.units[0].external_weight, 1);
  EXPECT_DOUBLE_EQ(r.units[1].external_weight, 5);
  EXPECT_DOUBLE_EQ(r.units[2].external_weight, 4);
  EXPECT_EQ(r.units[1].functions, 2U);
  EXPECT_EQ(r.units[2].depth, 2U);
  EXPECT_DOUBLE_EQ(r.units[1].betweenness, 1);
  EXPECT_DOUBLE_EQ(r.units[0].betweenness, 0);
}

TEST(UnitMetrics, BetweennessFromOneSampledSourceOfThePath) {
  // The path industry-office (0) - security-office (1) - supply-bureau (2)
  // of the test above, from one source. Seed 1 draws vertex 2 (worked out in
  // Python, see SampledBetweenness.SourcesOfASeedAreFixedEverywhere): from an
  // end the middle is on the one path to the other end, delta = 1, scaled
  // by n / k = 3 and normalized by (n-1)(n-2) = 2: 1.5. Seed 2 draws the
  // middle, from which it brokers nothing: 0. The bound: 3/2 * sqrt(ln(120) / 2)
  // = 1.5 * 1.54717 = 2.32076.
  const Model m = testing::model_file("small.json");
  MetricsOptions options;
  options.betweenness_sources = 1;
  const StructureMetrics r = structure_metrics(m, *m.find_structure("after"), std::nullopt, options);
  ASSERT_EQ(r.units.size(), 3U);
  EXPECT_DOUBLE_EQ(r.units[1].betweenness, 1.5);
  EXPECT_DOUBLE_EQ(r.units[0].betweenness, 0);
  ASSERT_TRUE(r.betweenness_sample.has_value());
  EXPECT_EQ(r.betweenness_sample->sources, 1U);
  EXPECT_EQ(r.betweenness_sample->vertices, 3U);
  EXPECT_EQ(r.betweenness_sample->seed, 1U);
  EXPECT_NEAR(r.betweenness_sample->error_bound, 2.32076, 1e-5);

  options.betweenness_seed = 2;
  const StructureMetrics middle =
      structure_metrics(m, *m.find_structure("after"), std::nullopt, options);
  EXPECT_DOUBLE_EQ(middle.units[1].betweenness, 0);

  // As many sources as units, or more: the exact value, and nothing said.
  options.betweenness_sources = 3;
  const StructureMetrics all = structure_metrics(m, *m.find_structure("after"), std::nullopt, options);
  EXPECT_DOUBLE_EQ(all.units[1].betweenness, 1);
  EXPECT_FALSE(all.betweenness_sample.has_value());
}

TEST(Misplaced, PulledToTheUnitOfLargestPullTiesBySmallestId) {
  //   f (in u-own) --1-- g (in b-unit)
  //   f            --1-- h (in a-unit)
  //   k (in u-own) --3-- g,  k --1-- f
  // f: own pull 1 (k), a-unit 1, b-unit 1: nobody pulls harder: not misplaced.
  // k: own pull 1 (f), b-unit 3: misplaced, gap 2.
  // g: own 0, u-own 1 + 3 = 4: misplaced, gap 4. h: own 0, u-own 1: gap 1.
  const Model m = testing::model_from(R"({"format": "policygraph/1",
    "domains": [{"id": "d"}],
    "functions": [{"id": "f", "domains": ["d"]}, {"id": "g", "domains": ["d"]},
                  {"id": "h", "domains": ["d"]}, {"id": "k", "domains": ["d"]}],
    "dependencies": [{"from": "f", "to": "g"}, {"from": "f", "to": "h"},
                     {"from": "k", "to": "g", "weight": 3}, {"from": "k", "to": "f"}],
    "structures": [{"id": "s", "units": [{"id": "root"}, {"id": "u-own", "parent": "root"},
        {"id": "b-unit", "parent": "root"}, {"id": "a-unit", "parent": "root"}],
      "assign": {"f": "u-own", "g": "b-unit", "h": "a-unit", "k": "u-own"}}]})");
  const auto misplaced = structure_metrics(m, 0, std::nullopt).misplaced;
  ASSERT_EQ(misplaced.size(), 3U);
  EXPECT_EQ(m.functions[misplaced[0].function].id, "g");
  EXPECT_DOUBLE_EQ(misplaced[0].pull_better, 4);
  EXPECT_EQ(m.functions[misplaced[1].function].id, "k");
  EXPECT_EQ(m.unit_ids[misplaced[1].better_unit], "b-unit");
  EXPECT_DOUBLE_EQ(misplaced[1].pull_own, 1);
  EXPECT_EQ(m.functions[misplaced[2].function].id, "h");
}

TEST(Misplaced, TieBetweenTwoOtherUnitsGoesToTheSmallerId) {
  // f alone in "own"; pulled 1 by "zeta" and 1 by "alpha": better is alpha.
  const Model m = testing::model_from(R"({"format": "policygraph/1",
    "domains": [{"id": "d"}],
    "functions": [{"id": "f", "domains": ["d"]}, {"id": "g", "domains": ["d"]},
                  {"id": "h", "domains": ["d"]}],
    "dependencies": [{"from": "f", "to": "g"}, {"from": "f", "to": "h"}],
    "structures": [{"id": "s", "units": [{"id": "root"}, {"id": "own", "parent": "root"},
        {"id": "zeta", "parent": "root"}, {"id": "alpha", "parent": "root"}],
      "assign": {"f": "own", "g": "zeta", "h": "alpha"}}]})");
  const auto misplaced = structure_metrics(m, 0, std::nullopt).misplaced;
  ASSERT_FALSE(misplaced.empty());
  EXPECT_EQ(m.functions[misplaced[0].function].id, "f");
  EXPECT_EQ(m.unit_ids[misplaced[0].better_unit], "alpha");
}

TEST(LevelProfile, SmallAfterByHand) {
  // Level 1: supply-bureau folds into security-office; only minerals-ai
  // (w 1) crosses, at the root: share 1/5, dist 2/5, top 1/5.
  // Modularity: security-office holds 4 of W = 5 with degree 9, industry-office
  // degree 1: 4/5 - 0.81 - 0.01 = -0.02.
  const Model m = testing::model_file("small.json");
  const auto r = structure_metrics(m, *m.find_structure("after"), std::nullopt);
  ASSERT_EQ(r.by_level.size(), 2U);
  EXPECT_EQ(r.by_level[0].level, 1);
  EXPECT_EQ(r.by_level[0].owning_units, 2U);
  EXPECT_NEAR(r.by_level[0].cross_unit_share, 0.2, 1e-12);
  EXPECT_NEAR(r.by_level[0].coordination_distance_mean, 0.4, 1e-12);
  EXPECT_NEAR(r.by_level[0].top_level_share, 0.2, 1e-12);
  EXPECT_NEAR(r.by_level[0].modularity, -0.02, 1e-12);
  // Level 2 is the unaggregated structure.
  EXPECT_NEAR(r.by_level[1].cross_unit_share, r.whole.cross_unit_share, 1e-15);
}

TEST(LevelProfile, FunctionsOnInnerUnitsByHand) {
  //   root [f]
  //   +-- a [g]
  //   |   +-- b
  //   |       +-- c [h, p]
  //   +-- x [k]
  // g-h 1 (meet at a), f-k 2 and h-k 1 (meet at root), h-p 1 (inside c). W = 5.
  // Degrees: f 2, g 1, h 3, p 1, k 3.
  // L1: {f}root {g,h,p}a {k}x. Crossing f-k (dist 1), h-k (dist 2): share 3/5,
  //     distance 4/5, top 3/5; Q = 2/5 - (0.2^2 + 0.5^2 + 0.3^2) = 0.02.
  // L2: {f} {g} {h,p}b {k}. Crossing g-h (1), f-k (1), h-k (3): share 4/5,
  //     distance (1 + 2 + 3)/5; Q = 1/5 - (0.04 + 0.01 + 0.16 + 0.09) = -0.1.
  // L3: h, p in c: distances g-h 2, f-k 1, h-k 4: (2 + 2 + 4)/5; Q as in L2.
  const Model m = testing::model_from(R"({"format": "policygraph/1",
    "domains": [{"id": "d"}],
    "functions": [{"id": "f", "domains": ["d"]}, {"id": "g", "domains": ["d"]},
                  {"id": "h", "domains": ["d"]}, {"id": "p", "domains": ["d"]},
                  {"id": "k", "domains": ["d"]}],
    "dependencies": [{"from": "g", "to": "h"}, {"from": "f", "to": "k", "weight": 2},
                     {"from": "h", "to": "k"}, {"from": "h", "to": "p"}],
    "structures": [{"id": "s", "units": [{"id": "c", "parent": "b"}, {"id": "root"},
        {"id": "x", "parent": "root"}, {"id": "b", "parent": "a"}, {"id": "a", "parent": "root"}],
      "assign": {"f": "root", "g": "a", "h": "c", "p": "c", "k": "x"}}]})");
  const auto r = structure_metrics(m, 0, std::nullopt);
  ASSERT_EQ(r.by_level.size(), 3U);
  const std::size_t owning[] = {3, 4, 4};
  const double share[] = {0.6, 0.8, 0.8};
  const double distance[] = {0.8, 1.2, 1.6};
  const double modularity[] = {0.02, -0.1, -0.1};
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i + 1);
    EXPECT_EQ(r.by_level[i].level, static_cast<int>(i + 1));
    EXPECT_EQ(r.by_level[i].owning_units, owning[i]);
    EXPECT_NEAR(r.by_level[i].cross_unit_share, share[i], 1e-12);
    EXPECT_NEAR(r.by_level[i].coordination_distance_mean, distance[i], 1e-12);
    EXPECT_NEAR(r.by_level[i].top_level_share, 0.6, 1e-12);
    EXPECT_NEAR(r.by_level[i].modularity, modularity[i], 1e-12);
  }
}

TEST(LevelProfile, DeepChainInOnePass) {
  // A chain root > u1 > ... > u(n-1); f at the bottom, g at the root, one
  // dependency: at level L the pair is L apart, so the mean distance is L.
  constexpr int n = 200000;
  std::string units = R"({"id": "u0"})";
  for (int i = 1; i < n; ++i) {
    units += R"(, {"id": "u)" + std::to_string(i) + R"(", "parent": "u)" + std::to_string(i - 1) + "\"}";
  }
  const Model m = testing::model_from(R"({"format": "policygraph/1", "domains": [{"id": "d"}],
    "functions": [{"id": "f", "domains": ["d"]}, {"id": "g", "domains": ["d"]}],
    "dependencies": [{"from": "f", "to": "g"}],
    "structures": [{"id": "s", "units": [)" + units + R"(],
      "assign": {"f": "u)" + std::to_string(n - 1) + R"(", "g": "u0"}}]})");
  const auto r = structure_metrics(m, 0, std::nullopt);
  ASSERT_EQ(r.by_level.size(), static_cast<std::size_t>(n - 1));
  EXPECT_EQ(r.by_level.back().coordination_distance_mean, n - 1);
  EXPECT_EQ(r.by_level[9].coordination_distance_mean, 10);
  EXPECT_EQ(r.by_level[9].owning_units, 2U);
  EXPECT_EQ(r.by_level[9].modularity, -0.5);  // 0 inside - 2 x (1/2)^2
}

TEST(Degenerate, NoDependenciesOneUnitEmptyDomain) {
  const Model m = testing::model_from(R"({"format": "policygraph/1",
    "domains": [{"id": "d"}, {"id": "empty"}],
    "functions": [{"id": "f", "domains": ["d"]}, {"id": "g", "domains": ["d"]}],
    "dependencies": [],
    "structures": [{"id": "s", "units": [{"id": "root"}], "assign": {"f": "root", "g": "root"},
                    "control_towers": {"empty": "root"}}]})");
  const StructureMetrics r = structure_metrics(m, 0, std::nullopt);
  EXPECT_EQ(r.whole.total_weight, 0);
  EXPECT_EQ(r.whole.cross_unit_share, 0);
  EXPECT_EQ(r.whole.modularity, 0);
  EXPECT_EQ(r.whole.coordination_distance_mean, 0);
  EXPECT_EQ(r.whole.escalation_depth_mean, 0);
  EXPECT_EQ(r.whole.alignment_nmi, 1);  // both entropies 0
  EXPECT_EQ(r.shape.depth, 0U);
  EXPECT_EQ(r.shape.span_mean, 0);
  EXPECT_FALSE(r.shape.headcount.has_value());
  EXPECT_TRUE(r.by_level.empty());
  EXPECT_EQ(r.domains[0].components, 2U);  // two isolated functions
  EXPECT_EQ(r.domains[0].fragments, 2U);
  EXPECT_EQ(r.domains[0].fragmentation, 0);  // n = components
  EXPECT_EQ(r.domains[1].functions, 0U);
  EXPECT_EQ(m.unit_ids[r.domains[1].control_tower], "root");
  ASSERT_EQ(r.units.size(), 1U);
  EXPECT_EQ(r.units[0].betweenness, 0);
  EXPECT_TRUE(r.misplaced.empty());
}

TEST(Degenerate, EveryFunctionAbsent) {
  const Model m = testing::model_from(R"({"format": "policygraph/1",
    "domains": [{"id": "d"}], "functions": [{"id": "f", "domains": ["d"]}, {"id": "g", "domains": ["d"]}],
    "dependencies": [{"from": "f", "to": "g"}],
    "structures": [{"id": "s", "units": [{"id": "root"}, {"id": "a", "parent": "root"}]}]})");
  const StructureMetrics r = structure_metrics(m, 0, std::nullopt);
  EXPECT_EQ(r.whole.functions, 0U);
  EXPECT_EQ(r.whole.dependencies, 0U);
  EXPECT_EQ(r.whole.cross_unit_share, 0);
  EXPECT_EQ(r.whole.alignment_nmi, 1);
  EXPECT_EQ(r.shape.owning_units, 0U);
  EXPECT_EQ(r.domains[0].functions, 0U);
  EXPECT_TRUE(r.units.empty());
  ASSERT_EQ(r.by_level.size(), 1U);
  EXPECT_EQ(r.by_level[0].owning_units, 0U);
}

// Zachary's karate club (tests/data/karate.json, made by
// tests/reference/make_karate.py from networkx's karate_club_graph, all
// weights 1). Modularities from the literature: the two factions 0.358235,
// with member 8 on the Officer side the often-quoted 0.3715.
TEST(Modularity, KarateClub) {
  const Model m = testing::model_file("karate.json");
  EXPECT_NEAR(structure_metrics(m, *m.find_structure("one-unit"), std::nullopt).whole.modularity,
              0, 1e-12);
  EXPECT_NEAR(structure_metrics(m, *m.find_structure("factions"), std::nullopt).whole.modularity,
              0.358235, 1e-6);
  EXPECT_NEAR(
      structure_metrics(m, *m.find_structure("factions-8-officer"), std::nullopt).whole.modularity,
      0.371466, 1e-6);
}

}  // namespace
}  // namespace policygraph
