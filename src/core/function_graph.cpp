#include <policygraph/core/function_graph.hpp>

#include <algorithm>
#include <numeric>

namespace policygraph {

FunctionGraph build_function_graph(std::size_t function_count,
                                   std::span<const Dependency> dependencies) {
  const std::size_t n = function_count;
  // 1. Count both directions of every dependency per endpoint.
  std::vector<std::uint64_t> degree(n + 1, 0);
  for (const Dependency& d : dependencies) {
    if (d.from == d.to) continue;
    ++degree[d.from + 1];
    ++degree[d.to + 1];
  }
  std::partial_sum(degree.begin(), degree.end(), degree.begin());
  // 2. Scatter (stable: input order within a row).
  std::vector<std::uint32_t> raw_targets(degree[n]);
  std::vector<double> raw_weights(degree[n]);
  std::vector<std::uint64_t> cursor(degree.begin(), degree.end() - 1);
  for (const Dependency& d : dependencies) {
    if (d.from == d.to) continue;
    raw_targets[cursor[d.from]] = d.to;
    raw_weights[cursor[d.from]++] = d.weight;
    raw_targets[cursor[d.to]] = d.from;
    raw_weights[cursor[d.to]++] = d.weight;
  }
  // 3. Per row: sort by neighbour, sum duplicates in input order.
  FunctionGraph g;
  g.offsets.assign(n + 1, 0);
  g.targets.reserve(raw_targets.size());
  g.weights.reserve(raw_weights.size());
  std::vector<std::uint32_t> perm;
  for (std::size_t u = 0; u < n; ++u) {
    const std::uint64_t begin = degree[u];
    const std::uint64_t end = degree[u + 1];
    perm.resize(end - begin);
    std::iota(perm.begin(), perm.end(), 0U);
    std::stable_sort(perm.begin(), perm.end(), [&](std::uint32_t a, std::uint32_t b) {
      return raw_targets[begin + a] < raw_targets[begin + b];
    });
    for (std::size_t i = 0; i < perm.size();) {
      const std::uint32_t v = raw_targets[begin + perm[i]];
      double w = 0;
      for (; i < perm.size() && raw_targets[begin + perm[i]] == v; ++i) {
        w += raw_weights[begin + perm[i]];
      }
      g.targets.push_back(v);
      g.weights.push_back(w);
    }
    g.offsets[u + 1] = g.targets.size();
  }
  g.targets.shrink_to_fit();
  g.weights.shrink_to_fit();
  return g;
}

}  // namespace policygraph
