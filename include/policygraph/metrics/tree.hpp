// The unit tree of one structure, indexed for constant-time questions.
#pragma once

#include <optional>
#include <vector>

#include <policygraph/core/model.hpp>

namespace policygraph {

/// Lowest common ancestors, subtree tests and level aggregation over the
/// present units of a resolved structure. Built in O(U log U); `lca` and
/// `in_subtree` answer in O(1) (preorder numbering plus a sparse table of
/// the shallowest parent over preorder ranges).
class UnitTree {
 public:
  explicit UnitTree(const Resolved& s);

  [[nodiscard]] Index root() const { return root_; }
  [[nodiscard]] Index depth(Index u) const { return depth_[u]; }
  [[nodiscard]] Index max_depth() const { return max_depth_; }
  [[nodiscard]] Index parent(Index u) const { return parent_[u]; }
  /// Lowest common ancestor of two present units.
  [[nodiscard]] Index lca(Index a, Index b) const;
  /// dist(a, b) = depth(a) + depth(b) - 2 depth(lca(a, b)).
  [[nodiscard]] Index distance(Index a, Index b) const {
    return depth_[a] + depth_[b] - 2 * depth_[lca(a, b)];
  }
  /// Whether `x` is `top` or lies below it.
  [[nodiscard]] bool in_subtree(Index x, Index top) const {
    return pre_[top] <= pre_[x] && pre_[x] < pre_[top] + size_[top];
  }
  /// Per unit: its ancestor at depth `level` when deeper, else itself
  /// (a_L of docs/metrics.md); every unit itself without a level.
  [[nodiscard]] std::vector<Index> aggregation(std::optional<int> level) const;
  /// Per unit: its depth-1 ancestor (the root for the root itself).
  [[nodiscard]] Index branch(Index u) const { return branch_[u]; }
  /// Present units in preorder (parents before children).
  [[nodiscard]] const std::vector<Index>& preorder() const { return order_; }

 private:
  Index root_ = kNone;
  Index max_depth_ = 0;
  std::vector<Index> parent_, depth_, pre_, size_, branch_, order_;
  // table_[k * m + i]: the unit of smallest depth among the parents of
  // order_[i .. i + 2^k - 1], m = number of units (one flat array).
  std::vector<Index> table_;
};

/// a_L per function: the owning unit after aggregation, kNone when absent.
[[nodiscard]] std::vector<Index> owners_at(const Resolved& s, const std::vector<Index>& aggregation);

}  // namespace policygraph
