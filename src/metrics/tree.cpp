#include <policygraph/metrics/tree.hpp>

#include <algorithm>
#include <bit>

namespace policygraph {

UnitTree::UnitTree(const Resolved& s)
    : root_(s.root),
      parent_(s.parent),
      depth_(s.depth),
      pre_(s.parent.size(), kNone),
      size_(s.parent.size(), 1),
      branch_(s.parent.size(), kNone) {
  const std::size_t n = s.parent.size();
  if (root_ == kNone) return;
  // Children lists in listing order, then an iterative preorder walk.
  std::vector<Index> first(n + 1, 0);
  for (Index u : s.order) {
    if (parent_[u] != kNone) ++first[parent_[u] + 1];
  }
  for (std::size_t u = 0; u < n; ++u) first[u + 1] += first[u];
  std::vector<Index> children(first[n]);
  std::vector<Index> cursor(first.begin(), first.end() - 1);
  for (Index u : s.order) {
    if (parent_[u] != kNone) children[cursor[parent_[u]]++] = u;
  }
  std::vector<Index> stack{root_};
  while (!stack.empty()) {
    const Index u = stack.back();
    stack.pop_back();
    pre_[u] = static_cast<Index>(order_.size());
    order_.push_back(u);
    max_depth_ = std::max(max_depth_, depth_[u]);
    branch_[u] = depth_[u] <= 1 ? u : branch_[parent_[u]];
    for (Index i = first[u + 1]; i > first[u]; --i) stack.push_back(children[i - 1]);
  }
  for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
    if (parent_[*it] != kNone) size_[parent_[*it]] += size_[*it];
  }
  // Sparse table over preorder positions 1..m-1 of the parents.
  const std::size_t m = order_.size();
  const auto shallower = [&](Index a, Index b) { return depth_[a] <= depth_[b] ? a : b; };
  std::size_t rows = 1;
  while ((std::size_t{1} << rows) <= m) ++rows;
  table_.assign(rows * m, kNone);
  for (std::size_t i = 1; i < m; ++i) table_[i] = parent_[order_[i]];
  for (std::size_t k = 1; k < rows; ++k) {
    const std::size_t half = std::size_t{1} << (k - 1);
    const Index* previous = &table_[(k - 1) * m];
    Index* row = &table_[k * m];
    for (std::size_t i = 1; i + (std::size_t{1} << k) <= m; ++i) {
      row[i] = shallower(previous[i], previous[i + half]);
    }
  }
}

Index UnitTree::lca(Index a, Index b) const {
  if (a == b) return a;
  Index lo = pre_[a];
  Index hi = pre_[b];
  if (lo > hi) std::swap(lo, hi);
  // The LCA is the shallowest parent among preorder positions (lo, hi].
  const std::size_t begin = lo + 1;
  const std::size_t length = hi - lo;
  // length >= 1 (a != b); `| 1` keeps the highest bit and says so to the analyzer.
  const auto k = static_cast<unsigned>(std::bit_width(length | 1U)) - 1U;
  const Index* row = &table_[static_cast<std::size_t>(k) * order_.size()];
  const Index x = row[begin];
  const Index y = row[hi + 1 - (std::size_t{1} << k)];
  return depth_[x] <= depth_[y] ? x : y;
}

std::vector<Index> UnitTree::aggregation(std::optional<int> level) const {
  std::vector<Index> agg(parent_.size(), kNone);
  for (Index u : order_) {
    agg[u] = (!level || depth_[u] <= static_cast<Index>(*level)) ? u : agg[parent_[u]];
  }
  return agg;
}

std::vector<Index> owners_at(const Resolved& s, const std::vector<Index>& aggregation) {
  std::vector<Index> owner(s.assign.size(), kNone);
  for (std::size_t f = 0; f < s.assign.size(); ++f) {
    if (s.assign[f] != kNone) owner[f] = aggregation[s.assign[f]];
  }
  return owner;
}

}  // namespace policygraph
