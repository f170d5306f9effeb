// Proposing a cheaper assignment of functions to units.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include <policygraph/metrics/tree.hpp>
#include <policygraph/core/model.hpp>

namespace policygraph {

/// What the search lowers.
enum class Objective {
  /// cost(S) of docs/metrics.md: sum of w(u,v) dist(a(u), a(v)), leaf level.
  kDistance,
  /// sum of w(u,v) over pairs in different units (W x cross_unit_share).
  kCross,
};

/// The cost of an assignment `assign` (per function: unit or kNone) in the
/// tree of `s`. O(E) with O(1) tree distances.
[[nodiscard]] double assignment_cost(const Model& model, const UnitTree& tree,
                                     const std::vector<Index>& assign, Objective objective);
/// The same under the weights of `graph` (a graph of the model's functions).
[[nodiscard]] double assignment_cost(const FunctionGraph& graph, const UnitTree& tree,
                                     const std::vector<Index>& assign, Objective objective);

/// Incremental cost changes of single-function moves. Moving f changes only
/// the terms of f's own dependencies, so a move costs O(deg f).
class MoveEvaluator {
 public:
  /// Under the weights of `graph` when given (a graph of the model's
  /// functions, such as a weight sample), else of the model's own.
  MoveEvaluator(const Model& model, const Resolved& s, Objective objective,
                const FunctionGraph* graph = nullptr);

  /// Cost change of moving f (present) to unit `to`; negative is better.
  [[nodiscard]] double delta(Index f, Index to) const {
    return placement_cost(f, to) - placement_cost(f, assign_[f]);
  }
  /// The cost of f's own dependencies were f owned by `unit`: comparing
  /// candidates for one function needs its current placement cost only once.
  [[nodiscard]] double placement_cost(Index f, Index unit) const;
  void apply(Index f, Index to) { assign_[f] = to; }
  [[nodiscard]] const std::vector<Index>& assignment() const { return assign_; }
  [[nodiscard]] const UnitTree& tree() const { return tree_; }
  [[nodiscard]] const FunctionGraph& graph() const { return graph_; }
  [[nodiscard]] double cost() const;

 private:
  [[nodiscard]] double unit_cost(Index a, Index b) const {
    if (a == b) return 0;
    return objective_ == Objective::kCross ? 1.0 : static_cast<double>(tree_.distance(a, b));
  }
  /// Tree distances from `unit` by comparing ancestor paths (trees of
  /// depth < kPathLength only).
  [[nodiscard]] double placement_cost_by_paths(Index f, Index unit) const;

  /// Per unit: its ancestors from the root down to itself, padded with the
  /// unit itself. Two units' paths agree exactly on the first
  /// depth(lca) + 1 entries, so one comparison of two short rows gives the
  /// distance. Filled when the tree is shallow enough, else empty.
  static constexpr std::size_t kPathLength = 8;
  using Path = std::array<Index, kPathLength>;
  const FunctionGraph& graph_;
  UnitTree tree_;
  Objective objective_;
  std::vector<Index> assign_;
  std::vector<Path> paths_;
};

struct OptimizeOptions {
  Objective objective = Objective::kDistance;
  std::size_t max_moves = 10;             ///< functions whose unit may change
  std::vector<std::uint8_t> pinned;       ///< per function: never moves
  std::vector<std::uint8_t> target;       ///< per unit: may receive functions
  std::vector<std::size_t> capacity;      ///< per unit: most functions it may own
  std::uint64_t seed = 1;
  std::size_t rounds = 30;                ///< perturb-and-descend rounds after the first descent
  /// Exhaustive search when the number of assignments is at most this.
  std::uint64_t exact_limit = 2'000'000;
  const std::atomic<bool>* stop = nullptr;  ///< set to end early with the best so far
  /// The weights to search under, when not the model's own: a graph of the
  /// model's functions (a weight sample of optimize_consensus).
  const FunctionGraph* graph = nullptr;
  std::function<void(std::size_t round, std::size_t rounds, double best)> progress;
};

struct ProposedMove {
  Index function = kNone;
  Index from = kNone;
  Index to = kNone;
  double gain = 0;  ///< cost saved by this move, applied after the ones before it
};

struct OptimizeResult {
  double cost_before = 0;
  double cost_after = 0;
  std::vector<ProposedMove> moves;  ///< ordered by gain, largest first (greedily)
  bool exact = false;               ///< exhaustive search: the optimum under the constraints
  bool interrupted = false;
  std::uint64_t evaluations = 0;    ///< single-move evaluations made
};

/// Searches for an assignment with lower cost under the constraints:
/// exhaustively when the space is small, else by steepest descent over
/// single-function moves (incremental deltas) followed by rounds of random
/// perturbation and descent from the best so far (iterated local search).
/// Never returns a worse cost than the input; deterministic for a seed.
[[nodiscard]] OptimizeResult optimize_assignment(const Model& model, Index structure,
                                                 const OptimizeOptions& options);

/// The defaults of `policygraph optimize`: targets are the units that own
/// functions; each may hold its current number plus max(1, 20%) more.
[[nodiscard]] std::vector<std::size_t> default_capacity(const Resolved& s, std::size_t slack_min,
                                                        double slack_share);

}  // namespace policygraph
