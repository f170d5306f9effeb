// DomainMetrics::components and ::fragments (the library's union-find in
// domain_metrics) against Boost.Graph's boost::connected_components on
// filtered views of the function graph. The benchmarks in bench/ time the
// same pair; the library keeps its own kernel because it is the faster one.
#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <policygraph/metrics/metrics.hpp>
#include <policygraph/metrics/tree.hpp>

#include "../../bench/boost_kernels.hpp"
#include "test_util.hpp"

namespace policygraph {
namespace {

/// Present members of domain k, in function order (F_k of metrics.md).
std::vector<std::uint32_t> members_of(const Model& m, const std::vector<Index>& owner, Index k) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t f = 0; f < owner.size(); ++f) {
    if (owner[f] == kNone) continue;
    for (const Index d : m.functions[f].domains) {
      if (d == k) out.push_back(f);
    }
  }
  return out;
}

/// Every domain of structure `s` at `level`: the library's counts equal Boost's.
void expect_boost_agrees(const Model& m, Index s, std::optional<int> level,
                         const std::string& what) {
  const Resolved& r = m.structures[s];
  const UnitTree tree(r);
  const std::vector<Index> owner = owners_at(r, tree.aggregation(level));
  const std::vector<DomainMetrics> got = domain_metrics(m, r, tree, owner);
  for (Index k = 0; k < m.domains.size(); ++k) {
    const std::vector<std::uint32_t> fk = members_of(m, owner, k);
    if (fk.empty()) continue;
    const bench::ComponentCounts ours{got[k].components, got[k].fragments};
    EXPECT_EQ(ours, bench::boost_domain_components(m.graph, fk, owner)) << what << " domain " << k;
  }
}

TEST(DomainComponents, HandDrawnDomainAgreesWithBoost) {
  // Domain d over six functions; root has units a and b.
  //
  //   a: p --- q      r           b: s --- t      u
  //           \________________________/
  //
  // Edges p-q (in a), s-t (in b), q-s (a to b); r and u alone; x (domain
  // e only) links r and u, but is not in d, so it joins nothing.
  // components of G[F_d]: {p, q, s, t}, {r}, {u} = 3; fragments (edges inside
  // one unit only): {p, q}, {s, t}, {r}, {u} = 4.
  const Model m = testing::model_from(R"({"format": "policygraph/1",
    "domains": [{"id": "d"}, {"id": "e"}],
    "functions": [{"id": "p", "domains": ["d"]}, {"id": "q", "domains": ["d"]},
                  {"id": "r", "domains": ["d"]}, {"id": "s", "domains": ["d"]},
                  {"id": "t", "domains": ["d"]}, {"id": "u", "domains": ["d"]},
                  {"id": "x", "domains": ["e"]}],
    "dependencies": [{"from": "p", "to": "q"}, {"from": "s", "to": "t"}, {"from": "q", "to": "s"},
                     {"from": "r", "to": "x"}, {"from": "x", "to": "u"}],
    "structures": [{"id": "s", "units": [{"id": "root"}, {"id": "a", "parent": "root"},
                                         {"id": "b", "parent": "root"}],
                    "assign": {"p": "a", "q": "a", "r": "a", "s": "b", "t": "b", "u": "b",
                               "x": "root"}}]})");
  const StructureMetrics r = structure_metrics(m, 0, std::nullopt);
  EXPECT_EQ(r.domains[0].components, 3U);
  EXPECT_EQ(r.domains[0].fragments, 4U);
  // Domain e is x alone: one component, one fragment.
  EXPECT_EQ(r.domains[1].components, 1U);
  EXPECT_EQ(r.domains[1].fragments, 1U);
  expect_boost_agrees(m, 0, std::nullopt, "hand-drawn");
}

/// A random model: a tree of `units` units (each unit's parent an earlier
/// one), `functions` functions each in one to three of `domains` domains,
/// about a tenth absent, and `dependencies` random dependencies.
Model random_model(std::uint64_t seed, std::size_t units, std::size_t functions,
                   std::size_t domains, std::size_t dependencies) {
  std::mt19937_64 rng(seed);
  Model m;
  for (std::size_t d = 0; d < domains; ++d) m.domains.push_back({"d" + std::to_string(d), {}, {}});
  Resolved s;
  s.id = "s";
  for (Index u = 0; u < units; ++u) {
    m.unit_ids.push_back("u" + std::to_string(u));
    s.parent.push_back(u == 0 ? kNone : static_cast<Index>(rng() % u));
    s.order.push_back(u);
  }
  s.present.assign(units, 1);
  s.info.resize(units);
  s.root = 0;
  s.finish();
  s.control_tower.assign(domains, kNone);
  for (std::size_t f = 0; f < functions; ++f) {
    Function fn;
    fn.id = "f" + std::to_string(f);
    const std::size_t count = 1 + rng() % 3;
    for (std::size_t i = 0; i < count; ++i) {
      const auto d = static_cast<Index>(rng() % domains);
      if (std::find(fn.domains.begin(), fn.domains.end(), d) == fn.domains.end()) {
        fn.domains.push_back(d);
      }
    }
    m.functions.push_back(std::move(fn));
    s.assign.push_back(rng() % 10 == 0 ? kNone : static_cast<Index>(rng() % units));
  }
  for (std::size_t e = 0; e < dependencies; ++e) {
    const auto a = static_cast<Index>(rng() % functions);
    const auto b = static_cast<Index>(rng() % functions);
    if (a != b) m.dependencies.push_back({a, b, 1.0, 0});
  }
  m.graph = build_function_graph(functions, m.dependencies);
  m.structures.push_back(std::move(s));
  return m;
}

TEST(DomainComponents, RandomModelsAgreeWithBoostAtEveryLevel) {
  // From nearly edgeless (many singletons) to dense (one component), with
  // levels that merge units and so join fragments.
  for (const std::uint64_t seed : {1U, 2U, 3U, 4U, 5U}) {
    for (const std::size_t dependencies : {20U, 150U, 1500U}) {
      const Model m = random_model(seed, 25, 300, 6, dependencies);
      const std::string what =
          "seed " + std::to_string(seed) + ", " + std::to_string(dependencies) + " dependencies";
      expect_boost_agrees(m, 0, std::nullopt, what);
      for (int level = 0; level <= 3; ++level) {
        expect_boost_agrees(m, 0, level, what + ", level " + std::to_string(level));
      }
    }
  }
}

}  // namespace
}  // namespace policygraph
