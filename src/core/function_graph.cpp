#include <policygraph/core/function_graph.hpp>

#include <algorithm>
#include <numeric>
#include <utility>

namespace policygraph {

namespace {

using Entry = std::pair<std::uint32_t, double>;  // neighbour, weight

/// Sorts one row by neighbour, keeping the input order of equal neighbours
/// (their weights are then summed in that order). Rows are short: insertion
/// sort below a few dozen entries, which also allocates nothing.
void sort_row(std::vector<Entry>& row) {
  constexpr std::size_t kInsertion = 48;
  const auto by_neighbour = [](const Entry& a, const Entry& b) { return a.first < b.first; };
  if (row.size() > kInsertion) {
    std::stable_sort(row.begin(), row.end(), by_neighbour);
    return;
  }
  for (std::size_t i = 1; i < row.size(); ++i) {
    const Entry e = row[i];
    std::size_t j = i;
    for (; j > 0 && row[j - 1].first > e.first; --j) row[j] = row[j - 1];
    row[j] = e;
  }
}

}  // namespace

FunctionGraph build_function_graph(std::size_t function_count,
                                   std::span<const Dependency> dependencies) {
  const std::size_t n = function_count;
  FunctionGraph g;
  // 1. Count both directions of every dependency per endpoint; the prefix
  //    sums are where each row starts.
  std::vector<std::uint64_t>& start = g.offsets;
  start.assign(n + 1, 0);
  for (const Dependency& d : dependencies) {
    if (d.from == d.to) continue;
    ++start[d.from + 1];
    ++start[d.to + 1];
  }
  std::partial_sum(start.begin(), start.end(), start.begin());
  // 2. Scatter (stable: input order within a row).
  std::vector<std::uint32_t>& targets = g.targets;
  std::vector<double>& weights = g.weights;
  targets.resize(start[n]);
  weights.resize(start[n]);
  {
    std::vector<std::uint64_t> cursor(start.begin(), start.end() - 1);
    for (const Dependency& d : dependencies) {
      if (d.from == d.to) continue;
      targets[cursor[d.from]] = d.to;
      weights[cursor[d.from]++] = d.weight;
      targets[cursor[d.to]] = d.from;
      weights[cursor[d.to]++] = d.weight;
    }
  }
  // 3. Per row: sort by neighbour, sum duplicates in input order, and move
  //    the row down over the room that earlier rows' duplicates freed.
  std::vector<Entry> row;
  std::uint64_t out = 0;
  std::uint64_t begin = 0;
  for (std::size_t u = 0; u < n; ++u) {
    const std::uint64_t end = start[u + 1];
    row.clear();
    for (std::uint64_t k = begin; k < end; ++k) row.emplace_back(targets[k], weights[k]);
    sort_row(row);
    for (std::size_t i = 0; i < row.size();) {
      const std::uint32_t v = row[i].first;
      double w = 0;
      for (; i < row.size() && row[i].first == v; ++i) w += row[i].second;
      targets[out] = v;
      weights[out++] = w;
    }
    begin = end;
    start[u + 1] = out;
  }
  targets.resize(out);
  weights.resize(out);
  // Give back the room of many duplicates; a copy is not worth a few.
  if (out < targets.capacity() - targets.capacity() / 8) {
    targets.shrink_to_fit();
    weights.shrink_to_fit();
  }
  return g;
}

}  // namespace policygraph
