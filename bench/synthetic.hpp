// A synthetic model built in memory, for benchmarks: a unit tree of the
// given depth and fan-out, functions on the leaves, local dependencies.
#pragma once

#include <random>
#include <string>

#include <policygraph/core/model.hpp>

namespace policygraph::bench {

inline Model synthetic_model(std::size_t functions, std::size_t dependencies, std::size_t fanout,
                             int depth, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Model m;
  m.domains.push_back({"d", {}, {}});
  m.domain_index["d"] = 0;
  Resolved s;
  s.id = "s";
  // Units: a complete tree, breadth first.
  std::vector<Index> level{0};
  m.unit_ids.push_back("root");
  s.parent.push_back(kNone);
  for (int d = 1; d <= depth; ++d) {
    std::vector<Index> next;
    for (Index p : level) {
      for (std::size_t c = 0; c < fanout; ++c) {
        next.push_back(static_cast<Index>(m.unit_ids.size()));
        m.unit_ids.push_back(std::string("u").append(std::to_string(m.unit_ids.size())));
        s.parent.push_back(p);
      }
    }
    level = std::move(next);
  }
  const std::size_t units = m.unit_ids.size();
  s.present.assign(units, 1);
  s.info.resize(units);
  for (Index u = 0; u < units; ++u) s.order.push_back(u);
  s.root = 0;
  s.finish();
  s.control_tower.assign(1, kNone);
  for (std::size_t f = 0; f < functions; ++f) {
    m.functions.push_back({std::string("f").append(std::to_string(f)), {}, {0}});
    s.assign.push_back(level[rng() % level.size()]);
  }
  // Half the dependencies between functions of nearby leaves, half anywhere.
  for (std::size_t e = 0; e < dependencies; ++e) {
    const auto a = static_cast<Index>(rng() % functions);
    auto b = static_cast<Index>(e % 2 == 0 ? (a + 1 + rng() % 50) % functions : rng() % functions);
    if (b == a) b = (a + 1) % static_cast<Index>(functions);
    m.dependencies.push_back({a, b, 1.0 + static_cast<double>(rng() % 3), 0});
  }
  m.graph = build_function_graph(functions, m.dependencies);
  m.structures.push_back(std::move(s));
  return m;
}

}  // namespace policygraph::bench
