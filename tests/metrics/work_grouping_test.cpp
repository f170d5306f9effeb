#include <policygraph/metrics/work_grouping.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <igraph.h>
#include <policygraph/metrics/metrics.hpp>
#include <policygraph/metrics/tree.hpp>

#include "test_util.hpp"

namespace policygraph {
namespace {

// Two 4-cliques, A = {a1..a4} and B = {b1..b4}, every clique pair weight 1,
// joined by one light pair a1-b1 of weight 0.5. The model lists B first, so
// that numbering by id (a1 < b1) and model order differ. Structures:
//   split:  UA holds A, UB holds B (the cliques);
//   mixed:  UA holds a1 a2 b1 b2, UB holds a3 a4 b3 b4;
//   lonely: the cliques plus c, which has no dependency, in UA.
std::string two_cliques(bool structures_reversed, bool functions_reversed) {
  std::vector<std::string> ids{"b1", "b2", "b3", "b4", "a1", "a2", "a3", "a4", "c"};
  if (functions_reversed) std::reverse(ids.begin(), ids.end());
  std::string functions;
  for (const std::string& id : ids) {
    functions += std::string(functions.empty() ? "" : ",") + R"({"id": ")" + id +
                 R"(", "domains": ["d"]})";
  }
  std::string dependencies;
  for (const char* clique : {"a", "b"}) {
    for (int i = 1; i <= 4; ++i) {
      for (int j = i + 1; j <= 4; ++j) {
        dependencies += std::string(dependencies.empty() ? "" : ",") + R"({"from": ")" +
                        clique + std::to_string(i) + R"(", "to": ")" + clique +
                        std::to_string(j) + R"("})";
      }
    }
  }
  dependencies += R"(,{"from": "a1", "to": "b1", "weight": 0.5})";
  const std::string units = R"("units": [{"id": "R"}, {"id": "UA", "parent": "R"},
                                         {"id": "UB", "parent": "R"}])";
  const std::string split =
      R"({"id": "split", )" + units +
      R"(, "assign": {"a1": "UA", "a2": "UA", "a3": "UA", "a4": "UA",
                      "b1": "UB", "b2": "UB", "b3": "UB", "b4": "UB"}})";
  const std::string mixed =
      R"({"id": "mixed", )" + units +
      R"(, "assign": {"a1": "UA", "a2": "UA", "b1": "UA", "b2": "UA",
                      "a3": "UB", "a4": "UB", "b3": "UB", "b4": "UB"}})";
  const std::string lonely =
      R"({"id": "lonely", )" + units +
      R"(, "assign": {"a1": "UA", "a2": "UA", "a3": "UA", "a4": "UA", "c": "UA",
                      "b1": "UB", "b2": "UB", "b3": "UB", "b4": "UB"}})";
  const std::string listed =
      structures_reversed ? lonely + "," + mixed + "," + split : split + "," + mixed + "," + lonely;
  return R"({"format": "policygraph/1", "domains": [{"id": "d"}], "functions": [)" + functions +
         R"(], "dependencies": [)" + dependencies + R"(], "structures": [)" + listed + "]}";
}

const Model& cliques() {
  static const Model m = testing::model_from(two_cliques(false, false));
  return m;
}

const Resolved& structure(const Model& m, const char* id) {
  return m.structures[*m.find_structure(id)];
}

Index function(const Model& m, const char* id) { return *m.find_function(id); }

/// The structure's owners without a level, and its modularity as metrics has it.
std::vector<Index> owners(const Resolved& s) {
  const UnitTree tree(s);
  return owners_at(s, tree.aggregation(std::nullopt));
}

TEST(WorkGrouping, TwoCliquesAreTwoCommunities) {
  const Model& m = cliques();
  const WorkGrouping g = work_grouping(m, structure(m, "split"));
  ASSERT_EQ(g.communities, 2U);
  // Equal sizes, so the community holding the smallest id (a1) comes first.
  for (const char* id : {"a1", "a2", "a3", "a4"}) EXPECT_EQ(g.community[function(m, id)], 0U);
  for (const char* id : {"b1", "b2", "b3", "b4"}) EXPECT_EQ(g.community[function(m, id)], 1U);
  EXPECT_EQ(g.community[function(m, "c")], kNone);  // not present in "split"
  // By hand: W = 6 + 6 + 0.5 = 12.5, 2W = 25. Each clique holds 6 of weight;
  // its degrees are 4 x 3 plus the bridge's 0.5, D = 12.5 each. So
  // Q = 6/12.5 + 6/12.5 - (12.5/25)^2 - (12.5/25)^2 = 0.96 - 0.5 = 0.46.
  EXPECT_NEAR(g.modularity, 0.46, 1e-12);
}

TEST(WorkGrouping, AgreesWithMetricsModularityBitForBit) {
  // The communities are the units of "split": the same sums in the same order.
  const Model& m = cliques();
  const Index s = *m.find_structure("split");
  const WorkGrouping g = work_grouping(m, m.structures[s]);
  const StructureMetrics metrics = structure_metrics(m, s, std::nullopt);
  EXPECT_EQ(g.modularity, metrics.whole.modularity);
  EXPECT_EQ(partition_modularity(m.graph, owners(m.structures[s]), m.units_by_id()),
            metrics.whole.modularity);
}

TEST(WorkGrouping, FiguresAgainstTheUnits) {
  const Model& m = cliques();
  const Resolved& split = structure(m, "split");
  const WorkGrouping g = work_grouping(m, split);
  // Units equal to the communities: nmi 1, ratio 1.
  const WorkGroupingFigures same = work_grouping_figures(g, owners(split), 0.46);
  EXPECT_EQ(same.communities, 2U);
  EXPECT_EQ(same.modularity, g.modularity);
  EXPECT_NEAR(same.nmi, 1, 1e-12);
  EXPECT_NEAR(same.modularity_ratio, 0.46 / g.modularity, 1e-15);
  EXPECT_NEAR(same.modularity_ratio, 1, 1e-12);

  // "mixed" has the same functions. UA: a1a2 1 + b1b2 1 + a1b1 0.5 = 2.5
  // inside, degrees 3.5 + 3 + 3.5 + 3 = 13; UB: a3a4 1 + b3b4 1 = 2 inside,
  // degrees 12. Q = 2.5/12.5 + 2/12.5 - (13/25)^2 - (12/25)^2
  //   = 0.2 + 0.16 - 0.2704 - 0.2304 = -0.1408.
  // Each unit holds two of each clique: I = 0, so nmi 0.
  const Resolved& mixed = structure(m, "mixed");
  const std::vector<Index> mixed_owner = owners(mixed);
  const double q_mixed = partition_modularity(m.graph, mixed_owner, m.units_by_id());
  EXPECT_NEAR(q_mixed, -0.1408, 1e-12);
  const WorkGroupingFigures f = work_grouping_figures(work_grouping(m, mixed), mixed_owner, q_mixed);
  EXPECT_NEAR(f.nmi, 0, 1e-12);
  EXPECT_NEAR(f.modularity_ratio, -0.1408 / 0.46, 1e-12);
}

TEST(WorkGrouping, FunctionWithoutDependenciesIsAlone) {
  const Model& m = cliques();
  const WorkGrouping g = work_grouping(m, structure(m, "lonely"));
  ASSERT_EQ(g.communities, 3U);
  EXPECT_EQ(g.community[function(m, "a1")], 0U);
  EXPECT_EQ(g.community[function(m, "b1")], 1U);
  EXPECT_EQ(g.community[function(m, "c")], 2U);  // the smallest community last
  // c adds nothing to W nor to any degree: the same 0.46.
  EXPECT_NEAR(g.modularity, 0.46, 1e-12);
}

TEST(WorkGrouping, Deterministic) {
  const Model& m = cliques();
  const Resolved& s = structure(m, "mixed");
  const WorkGrouping one = work_grouping(m, s);
  const WorkGrouping two = work_grouping(m, s);
  EXPECT_EQ(one.community, two.community);
  EXPECT_EQ(one.modularity, two.modularity);
  // From several threads at once: the same.
  std::vector<WorkGrouping> parallel(4);
  std::vector<std::thread> threads;
  threads.reserve(parallel.size());
  for (WorkGrouping& out : parallel) {
    threads.emplace_back([&] { out = work_grouping(m, s, {.restarts = 3}); });
  }
  for (std::thread& t : threads) t.join();
  const WorkGrouping three = work_grouping(m, s, {.restarts = 3});
  for (const WorkGrouping& g : parallel) {
    EXPECT_EQ(g.community, three.community);
    EXPECT_EQ(g.modularity, three.modularity);
  }
}

// A ring of 24 functions, every pair of neighbours weight 1, all in one
// unit: many partitions into arcs have the same modularity, so which one a
// Leiden run ends in depends on its random draws.
const Model& ring() {
  static const Model m = [] {
    std::string functions, dependencies, assign;
    for (int i = 0; i < 24; ++i) {
      const std::string id = "f" + std::to_string(100 + i);
      const std::string next = "f" + std::to_string(100 + (i + 1) % 24);
      const std::string sep = i == 0 ? "" : ",";
      functions += sep + R"({"id": ")" + id + R"(", "domains": ["d"]})";
      dependencies += sep + R"({"from": ")" + id + R"(", "to": ")" + next + R"("})";
      assign += sep + "\"" + id + R"(": "R")";
    }
    return testing::model_from(
        R"({"format": "policygraph/1", "domains": [{"id": "d"}], "functions": [)" + functions +
        R"(], "dependencies": [)" + dependencies +
        R"(], "structures": [{"id": "s", "units": [{"id": "R"}], "assign": {)" + assign + "}}]}");
  }();
  return m;
}

TEST(WorkGrouping, TheFirstRunIsSeededNotTakenFromTheClock) {
  // igraph seeds an unseeded default generator from time(0) before its
  // first draw. One run with one seed, a clock second apart, must give the
  // same partition. That the ring is sensitive to the seed at all is
  // checked first, or the comparison could not fail.
  const Model& m = ring();
  const Resolved& s = m.structures[0];
  std::vector<std::vector<Index>> by_seed;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    by_seed.push_back(work_grouping(m, s, {.seed = seed, .restarts = 1}).community);
  }
  bool seed_matters = false;
  for (const auto& c : by_seed) seed_matters = seed_matters || c != by_seed[0];
  ASSERT_TRUE(seed_matters) << "every seed gave the same partition of the ring";
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    EXPECT_EQ(work_grouping(m, s, {.seed = seed, .restarts = 1}).community, by_seed[seed - 1])
        << "seed " << seed;
  }
}

TEST(WorkGrouping, LeavesTheCallersGeneratorAsItWas) {
  // The caller's default generator: the draws around a work_grouping call
  // must be the ones it gives without the call.
  igraph_rng_t* caller = igraph_rng_default();
  ASSERT_EQ(igraph_rng_seed(caller, 7), IGRAPH_SUCCESS);
  std::vector<igraph_integer_t> expected;
  for (int i = 0; i < 3; ++i) expected.push_back(igraph_rng_get_integer(caller, 0, 1'000'000));
  ASSERT_EQ(igraph_rng_seed(caller, 7), IGRAPH_SUCCESS);
  std::vector<igraph_integer_t> got;
  got.push_back(igraph_rng_get_integer(igraph_rng_default(), 0, 1'000'000));
  (void)work_grouping(ring(), ring().structures[0]);
  for (int i = 0; i < 2; ++i) {
    got.push_back(igraph_rng_get_integer(igraph_rng_default(), 0, 1'000'000));
  }
  EXPECT_EQ(got, expected);
}

TEST(WorkGrouping, IndependentOfTheOrderOfStructuresAndFunctions) {
  const Model& m = cliques();
  const WorkGrouping base = work_grouping(m, structure(m, "lonely"));
  for (const auto& [structures_reversed, functions_reversed] :
       {std::pair{true, false}, std::pair{false, true}, std::pair{true, true}}) {
    const Model other = testing::model_from(two_cliques(structures_reversed, functions_reversed));
    const WorkGrouping g = work_grouping(other, structure(other, "lonely"));
    EXPECT_EQ(g.communities, base.communities);
    EXPECT_NEAR(g.modularity, base.modularity, 1e-15);
    for (const Function& f : m.functions) {
      EXPECT_EQ(g.community[function(other, f.id.c_str())], base.community[function(m, f.id.c_str())])
          << f.id;
    }
  }
}

TEST(WorkGrouping, WithoutDependenciesEveryFunctionIsAlone) {
  const Model m = testing::model_from(R"({"format": "policygraph/1", "domains": [{"id": "d"}],
    "functions": [{"id": "z", "domains": ["d"]}, {"id": "x", "domains": ["d"]},
                  {"id": "y", "domains": ["d"]}],
    "dependencies": [],
    "structures": [{"id": "s", "units": [{"id": "R"}, {"id": "U", "parent": "R"}],
                    "assign": {"x": "R", "y": "U", "z": "U"}}]})");
  const Resolved& s = m.structures[0];
  const WorkGrouping g = work_grouping(m, s);
  EXPECT_EQ(g.communities, 3U);
  EXPECT_EQ(g.modularity, 0);
  // All of size 1: by id, x y z.
  EXPECT_EQ(g.community[function(m, "x")], 0U);
  EXPECT_EQ(g.community[function(m, "y")], 1U);
  EXPECT_EQ(g.community[function(m, "z")], 2U);
  // Q_best = 0, so the ratio is 0 whatever the structure's modularity.
  const WorkGroupingFigures f = work_grouping_figures(g, owners(s), 0);
  EXPECT_EQ(f.modularity_ratio, 0);
  // Units {x}, {y, z} against {x}, {y}, {z}: H(U) = ln 3 - (2/3) ln 2,
  // H(C) = ln 3, I = H(U) (the communities determine the unit), so
  // nmi = 2 H(U) / (H(U) + H(C)).
  const double hu = std::log(3.0) - 2.0 / 3 * std::log(2.0);
  EXPECT_NEAR(f.nmi, 2 * hu / (hu + std::log(3.0)), 1e-12);
}

TEST(WorkGrouping, RatioIsZeroWhenTheBestModularityIsZero) {
  // One pair x-y: together Q = 1 - (2/2)^2 = 0, apart Q = 0 - 2 (1/2)^2 = -0.5,
  // so the best is both together, Q_best = 0. The units split them: -0.5.
  const Model m = testing::model_from(R"({"format": "policygraph/1", "domains": [{"id": "d"}],
    "functions": [{"id": "x", "domains": ["d"]}, {"id": "y", "domains": ["d"]}],
    "dependencies": [{"from": "x", "to": "y", "weight": 3}],
    "structures": [{"id": "s", "units": [{"id": "R"}, {"id": "U", "parent": "R"},
                                         {"id": "V", "parent": "R"}],
                    "assign": {"x": "U", "y": "V"}}]})");
  const Resolved& s = m.structures[0];
  const WorkGrouping g = work_grouping(m, s);
  EXPECT_EQ(g.communities, 1U);
  EXPECT_EQ(g.modularity, 0);
  const std::vector<Index> owner = owners(s);
  const double q = partition_modularity(m.graph, owner, m.units_by_id());
  EXPECT_NEAR(q, -0.5, 1e-12);
  const WorkGroupingFigures f = work_grouping_figures(g, owner, q);
  EXPECT_EQ(f.modularity_ratio, 0);
  EXPECT_NEAR(f.nmi, 0, 1e-12);  // one community: it says nothing about the units
}

TEST(WorkGrouping, OneFunctionAndNone) {
  const Model m = testing::model_from(R"({"format": "policygraph/1", "domains": [{"id": "d"}],
    "functions": [{"id": "x", "domains": ["d"]}, {"id": "y", "domains": ["d"]}],
    "dependencies": [{"from": "x", "to": "y"}],
    "structures": [{"id": "one", "units": [{"id": "R"}], "assign": {"x": "R"}},
                   {"id": "none", "units": [{"id": "R"}], "assign": {}}]})");
  const WorkGrouping one = work_grouping(m, m.structures[0]);
  EXPECT_EQ(one.communities, 1U);
  EXPECT_EQ(one.community[function(m, "x")], 0U);
  EXPECT_EQ(one.community[function(m, "y")], kNone);
  EXPECT_EQ(one.modularity, 0);
  const WorkGroupingFigures f = work_grouping_figures(one, owners(m.structures[0]), 0);
  EXPECT_EQ(f.nmi, 1);  // one function: nothing to disagree about
  EXPECT_EQ(f.modularity_ratio, 0);
  const WorkGrouping none = work_grouping(m, m.structures[1]);
  EXPECT_EQ(none.communities, 0U);
  EXPECT_EQ(none.community, (std::vector<Index>{kNone, kNone}));
  EXPECT_EQ(none.modularity, 0);
}

TEST(WorkGrouping, ResolutionChangesTheGroupingNotTheMeasure) {
  // At a very high resolution every function is better alone; the modularity
  // reported is still that of resolution 1 of the partition found.
  const Model& m = cliques();
  const WorkGrouping g = work_grouping(m, structure(m, "split"), {.resolution = 100});
  EXPECT_EQ(g.communities, 8U);
  // Singletons: Q = -sum (s_f / 25)^2 = -(2 x 3.5^2 + 6 x 3^2) / 625 = -78.5 / 625.
  EXPECT_NEAR(g.modularity, -78.5 / 625, 1e-12);
  std::vector<Index> order(g.communities);
  for (Index i = 0; i < order.size(); ++i) order[i] = i;
  EXPECT_EQ(g.modularity, partition_modularity(m.graph, g.community, order));
}

TEST(WorkGrouping, RefusesBadOptionsAndMismatchedOwners) {
  const Model& m = cliques();
  const Resolved& s = structure(m, "split");
  for (const double r : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(),
                         std::numeric_limits<double>::infinity()}) {
    EXPECT_THROW((void)work_grouping(m, s, {.resolution = r}), std::invalid_argument) << r;
  }
  EXPECT_THROW((void)work_grouping(m, s, {.restarts = 0}), std::invalid_argument);
  const WorkGrouping g = work_grouping(m, s);
  // "lonely" has c too: not the same present functions.
  EXPECT_THROW((void)work_grouping_figures(g, owners(structure(m, "lonely")), 0),
               std::invalid_argument);
  EXPECT_THROW((void)work_grouping_figures(g, std::vector<Index>{}, 0), std::invalid_argument);
}

}  // namespace
}  // namespace policygraph
