// An independent brute force for the optimizer's tests: tree distances by
// walking parents, every assignment of every function to a target unit,
// under the same constraints as OptimizeOptions.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include <policygraph/analysis/optimize.hpp>
#include <policygraph/core/model.hpp>

namespace policygraph::testing {

struct BruteForce {
  double best = 1e300;
  /// Every assignment whose cost is within 1e-9 of the best.
  std::vector<std::vector<Index>> optima;
};

/// The optimum of structure 0 of `m` under the constraints of `o` (target,
/// capacity, pinned and max_moves must be filled in).
inline BruteForce brute_force(const Model& m, const OptimizeOptions& o) {
  const Resolved& s = m.structures[0];
  const auto dist = [&](Index a, Index b) {
    std::vector<Index> up;
    for (Index x = a; x != kNone; x = s.parent[x]) up.push_back(x);
    int steps_b = 0;
    for (Index y = b; y != kNone; y = s.parent[y], ++steps_b) {
      const auto it = std::find(up.begin(), up.end(), y);
      if (it != up.end()) return static_cast<double>((it - up.begin()) + steps_b);
    }
    return 0.0;
  };
  std::vector<Index> targets;
  for (Index u = 0; u < s.parent.size(); ++u) {
    if (s.present[u] && o.target[u]) targets.push_back(u);
  }
  const std::size_t n = m.functions.size();
  std::vector<Index> assign = s.assign;
  BruteForce out;
  std::vector<std::size_t> choice(n, 0);
  while (true) {
    std::size_t moved = 0;
    std::vector<std::size_t> load(s.parent.size(), 0);
    for (std::size_t f = 0; f < n; ++f) {
      assign[f] = targets[choice[f]];
      moved += assign[f] != s.assign[f];
      ++load[assign[f]];
    }
    bool ok = moved <= o.max_moves;
    for (Index u : targets) ok = ok && (o.capacity.empty() || load[u] <= o.capacity[u]);
    for (std::size_t f = 0; f < n; ++f) ok = ok && (!o.pinned[f] || assign[f] == s.assign[f]);
    if (ok) {
      double cost = 0;
      for (const Dependency& d : m.dependencies) {
        cost += d.weight * dist(assign[d.from], assign[d.to]);
      }
      if (cost < out.best - 1e-9) {
        out.best = cost;
        out.optima.clear();
      }
      if (std::abs(cost - out.best) <= 1e-9) out.optima.push_back(assign);
    }
    std::size_t k = 0;
    while (k < n && ++choice[k] == targets.size()) choice[k++] = 0;
    if (k == n) break;
  }
  return out;
}

}  // namespace policygraph::testing
