#include <policygraph/analysis/optimize.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <queue>
#include <random>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace policygraph {

double assignment_cost(const Model& model, const UnitTree& tree, const std::vector<Index>& assign,
                       Objective objective) {
  return assignment_cost(model.graph, tree, assign, objective);
}

double assignment_cost(const FunctionGraph& g, const UnitTree& tree,
                       const std::vector<Index>& assign, Objective objective) {
  double cost = 0;
  for (std::uint32_t u = 0; u < g.vertex_count(); ++u) {
    const Index a = assign[u];
    if (a == kNone) continue;
    const auto nbrs = g.neighbours(u);
    const auto wts = g.neighbour_weights(u);
    for (std::size_t i = 0; i < nbrs.size(); ++i) {
      const Index b = assign[nbrs[i]];
      if (nbrs[i] <= u || b == kNone || a == b) continue;
      cost += wts[i] * (objective == Objective::kCross ? 1.0 : tree.distance(a, b));
    }
  }
  return cost;
}

MoveEvaluator::MoveEvaluator(const Model& model, const Resolved& s, Objective objective,
                             const FunctionGraph* graph)
    : graph_(graph != nullptr ? *graph : model.graph),
      tree_(s),
      objective_(objective),
      assign_(s.assign) {
  if (objective_ != Objective::kDistance || tree_.max_depth() >= kPathLength) return;
  paths_.resize(s.parent.size());
  for (Index u = 0; u < s.parent.size(); ++u) {
    if (!s.present[u]) continue;
    Path& path = paths_[u];
    path.fill(u);
    for (Index a = u, d = tree_.depth(u); a != kNone; a = tree_.parent(a), --d) {
      path[d] = a;
      if (d == 0) break;
    }
  }
}

namespace {

/// How many leading entries two ancestor paths share: depth(lca) + 1.
inline unsigned shared_prefix(const std::array<Index, 8>& a, const std::array<Index, 8>& b) {
#if defined(__SSE2__)
  const auto* pa = reinterpret_cast<const __m128i*>(a.data());
  const auto* pb = reinterpret_cast<const __m128i*>(b.data());
  const int low = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(_mm_loadu_si128(pa), _mm_loadu_si128(pb))));
  const int high =
      _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(_mm_loadu_si128(pa + 1), _mm_loadu_si128(pb + 1))));
  return static_cast<unsigned>(std::countr_one(static_cast<unsigned>(low | (high << 4))));
#else
  unsigned n = 0;
  while (n < a.size() && a[n] == b[n]) ++n;
  return n;
#endif
}

}  // namespace

double MoveEvaluator::placement_cost_by_paths(Index f, Index unit) const {
  const auto nbrs = graph_.neighbours(f);
  const auto wts = graph_.neighbour_weights(f);
  const Path& here = paths_[unit];
  const double unit_depth = tree_.depth(unit);
  const unsigned unit_depth1 = tree_.depth(unit) + 1;
  double cost = 0;
  for (std::size_t i = 0; i < nbrs.size(); ++i) {
    const Index other = assign_[nbrs[i]];
    if (other == kNone) continue;
    // dist = depth(unit) + depth(other) - 2 depth(lca); 0 when other == unit.
    // Equal units share all kPathLength entries: cap at depth(unit) + 1.
    const auto shared = static_cast<double>(std::min(shared_prefix(here, paths_[other]), unit_depth1));
    cost += wts[i] * (unit_depth + tree_.depth(other) + 2 - 2 * shared);
  }
  return cost;
}

double MoveEvaluator::placement_cost(Index f, Index unit) const {
  if (!paths_.empty()) return placement_cost_by_paths(f, unit);
  const auto nbrs = graph_.neighbours(f);
  const auto wts = graph_.neighbour_weights(f);
  double cost = 0;
  for (std::size_t i = 0; i < nbrs.size(); ++i) {
    const Index other = assign_[nbrs[i]];
    if (other != kNone) cost += wts[i] * unit_cost(unit, other);
  }
  return cost;
}

double MoveEvaluator::cost() const { return assignment_cost(graph_, tree_, assign_, objective_); }

std::vector<std::size_t> default_capacity(const Resolved& s, std::size_t slack_min,
                                          double slack_share) {
  std::vector<std::size_t> count(s.parent.size(), 0);
  for (Index a : s.assign) {
    if (a != kNone) ++count[a];
  }
  std::vector<std::size_t> cap(count.size());
  for (std::size_t u = 0; u < count.size(); ++u) {
    const auto share = static_cast<std::size_t>(std::ceil(slack_share * static_cast<double>(count[u])));
    cap[u] = count[u] + std::max(slack_min, share);
  }
  return cap;
}

namespace {

constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();

/// The search: state, constraints and moves.
class Search {
 public:
  Search(const Model& model, Index structure, const OptimizeOptions& options)
      : s_(model.structures[structure]),
        options_(options),
        evaluator_(model, s_, options.objective, options.graph),
        original_(s_.assign),
        load_(s_.parent.size(), 0),
        stamp_(s_.parent.size(), 0),
        rng_(options.seed) {
    for (Index f = 0; f < original_.size(); ++f) {
      if (original_[f] == kNone) continue;
      ++load_[original_[f]];
      if (options.pinned.empty() || !options.pinned[f]) movable_.push_back(f);
    }
    for (Index u : s_.order) {
      if (options.target.empty() || options.target[u]) targets_.push_back(u);
    }
    original_load_ = load_;
    cost_ = evaluator_.cost();
  }

  OptimizeResult run() {
    OptimizeResult result;
    result.cost_before = cost_;
    std::vector<Index> best;
    if (space_is_small()) {
      result.exact = true;
      best_cost_ = cost_;
      best = evaluator_.assignment();
      exhaustive(0, best);
    } else {
      descend();
      best = evaluator_.assignment();
      best_cost_ = cost_;
      for (std::size_t round = 1; round <= options_.rounds && !stopped(); ++round) {
        restore(best);
        perturb();
        descend();
        if (cost_ < best_cost_ - tolerance()) {
          best = evaluator_.assignment();
          best_cost_ = cost_;
        }
        if (options_.progress) options_.progress(round, options_.rounds, best_cost_);
      }
    }
    result.interrupted = stopped();
    result.evaluations = evaluations_;
    order_moves(best, result);
    return result;
  }

 private:
  bool stopped() const { return options_.stop != nullptr && options_.stop->load(); }
  double tolerance() const { return 1e-9 * std::max(1.0, std::abs(cost_)); }
  std::size_t capacity(Index u) const {
    return options_.capacity.empty() ? kUnlimited : options_.capacity[u];
  }
  bool moved(Index f) const { return evaluator_.assignment()[f] != original_[f]; }

  /// Whether f may go to `to` now: capacity and the move budget.
  bool feasible(Index f, Index to) const {
    const Index from = evaluator_.assignment()[f];
    if (to == from || load_[to] >= limit(to)) return false;
    if (to == original_[f]) return true;  // moving back never costs budget
    return moved(f) || moved_count_ < options_.max_moves;
  }

  /// A unit may not receive functions beyond its capacity, but is never
  /// forced to shed what it owned to begin with.
  std::size_t limit(Index u) const { return std::max(capacity(u), original_load_[u]); }

  void apply(Index f, Index to, double delta) {
    const Index from = evaluator_.assignment()[f];
    const bool was_moved = moved(f);
    if (load_[from]-- == limit(from) + 1) --over_;
    if (++load_[to] == limit(to) + 1) ++over_;
    evaluator_.apply(f, to);
    const bool now_moved = moved(f);
    if (now_moved && !was_moved) ++moved_count_;
    if (was_moved && !now_moved) --moved_count_;
    cost_ += delta;
  }

  /// Whether f may be placed in u: its original unit or an allowed target.
  bool allowed(Index f, Index u) const {
    return u == original_[f] || options_.target.empty() || options_.target[u];
  }

  /// Units worth trying for f: its original unit, the units of its
  /// neighbours and their ancestors, among the allowed targets.
  const std::vector<Index>& candidates(Index f) {
    ++epoch_;
    candidates_.clear();
    const auto consider = [&](Index u) {
      if (stamp_[u] == epoch_) return false;
      stamp_[u] = epoch_;
      if (allowed(f, u)) candidates_.push_back(u);
      return true;
    };
    consider(original_[f]);
    for (std::uint32_t g : evaluator_.graph().neighbours(f)) {
      for (Index u = evaluator_.assignment()[g]; u != kNone && consider(u);
           u = evaluator_.tree().parent(u)) {
      }
    }
    return candidates_;
  }

  struct Best {
    double gain = 0;
    Index to = kNone;
  };

  Best best_move(Index f) {
    Best best;
    const double here = evaluator_.placement_cost(f, evaluator_.assignment()[f]);
    for (Index to : candidates(f)) {
      if (!feasible(f, to)) continue;
      ++evaluations_;
      const double gain = here - evaluator_.placement_cost(f, to);
      if (gain > best.gain + tolerance() ||
          (best.to != kNone && std::abs(gain - best.gain) <= tolerance() && to < best.to)) {
        best = {gain, to};
      }
    }
    if (best.gain <= tolerance()) best.to = kNone;
    return best;
  }

  /// Steepest descent with a lazily re-checked heap of each function's best move.
  void descend() {
    using Entry = std::pair<double, Index>;  // gain, function
    std::priority_queue<Entry> heap;
    for (Index f : movable_) {
      const Best b = best_move(f);
      if (b.to != kNone) heap.emplace(b.gain, f);
    }
    while (!heap.empty() && !stopped()) {
      const auto [gain, f] = heap.top();
      heap.pop();
      const Best b = best_move(f);
      if (b.to == kNone) continue;
      if (b.gain < gain - tolerance()) {  // stale: gains elsewhere may be larger now
        heap.emplace(b.gain, f);
        continue;
      }
      apply(f, b.to, -b.gain);
      // f's neighbours see f elsewhere: their best moves changed.
      for (std::uint32_t g : evaluator_.graph().neighbours(f)) {
        if (evaluator_.assignment()[g] == kNone || is_pinned(g)) continue;
        const Best nb = best_move(g);
        if (nb.to != kNone) heap.emplace(nb.gain, g);
      }
      const Best again = best_move(f);
      if (again.to != kNone) heap.emplace(again.gain, f);
    }
  }

  bool is_pinned(Index f) const { return !options_.pinned.empty() && options_.pinned[f]; }

  /// A few random kicks to leave the current local optimum: single moves,
  /// or swaps of two functions between units (which keep every load, so
  /// they pass where capacity blocks single moves).
  void perturb() {
    if (movable_.empty()) return;
    const std::size_t kicks = 1 + rng_() % 3;
    for (std::size_t k = 0; k < kicks; ++k) {
      const Index f = movable_[rng_() % movable_.size()];
      std::vector<Index> options = candidates(f);
      if (options.empty()) continue;
      const Index to = options[rng_() % options.size()];
      if (feasible(f, to)) {
        apply(f, to, evaluator_.delta(f, to));
      } else if (to != evaluator_.assignment()[f]) {
        try_swap(f, to);
      }
    }
  }

  /// Moves f to `to` and a random movable function of `to` that may live in
  /// f's unit to f's unit, unless that breaks the move budget.
  void try_swap(Index f, Index to) {
    const Index from = evaluator_.assignment()[f];
    std::vector<Index> there;
    for (Index g : movable_) {
      if (evaluator_.assignment()[g] == to && allowed(g, from)) there.push_back(g);
    }
    if (there.empty()) return;
    const Index g = there[rng_() % there.size()];
    apply(f, to, evaluator_.delta(f, to));
    apply(g, from, evaluator_.delta(g, from));
    if (moved_count_ > options_.max_moves || over_ > 0) {  // undo
      apply(g, to, evaluator_.delta(g, to));
      apply(f, from, evaluator_.delta(f, from));
    }
  }

  void restore(const std::vector<Index>& assign) {
    for (Index f : movable_) {
      const Index want = assign[f];
      if (evaluator_.assignment()[f] != want) apply(f, want, evaluator_.delta(f, want));
    }
    cost_ = best_cost_;  // exact, not accumulated
  }

  bool space_is_small() const {
    const double choices = static_cast<double>(targets_.size() + 1);
    return std::pow(choices, static_cast<double>(movable_.size())) <=
           static_cast<double>(options_.exact_limit);
  }

  /// Every assignment of the movable functions to {original unit} + targets.
  void exhaustive(std::size_t i, std::vector<Index>& best) {
    if (stopped()) return;
    if (i == movable_.size()) {
      if (over_ == 0 && cost_ < best_cost_ - tolerance()) {
        best_cost_ = cost_;
        best = evaluator_.assignment();
      }
      return;
    }
    const Index f = movable_[i];
    const Index home = original_[f];
    exhaustive(i + 1, best);  // f stays where it is
    // Capacity is checked at the leaves: a unit may fill up early in the
    // order and be relieved by a later function leaving it.
    const bool budget = moved_count_ < options_.max_moves;
    for (Index to : targets_) {
      if (to == home || !budget) continue;
      ++evaluations_;
      const double d = evaluator_.delta(f, to);
      apply(f, to, d);
      exhaustive(i + 1, best);
      apply(f, home, evaluator_.delta(f, home));
    }
  }

  /// The moves from the original to `best`, ordered greedily by gain.
  void order_moves(const std::vector<Index>& best, OptimizeResult& result) {
    restore(original_);
    cost_ = result.cost_before;
    std::vector<Index> pending;
    for (Index f : movable_) {
      if (best[f] != original_[f]) pending.push_back(f);
    }
    while (!pending.empty()) {
      std::size_t pick = 0;
      double pick_gain = -std::numeric_limits<double>::infinity();
      for (std::size_t k = 0; k < pending.size(); ++k) {
        const double gain = -evaluator_.delta(pending[k], best[pending[k]]);
        if (gain > pick_gain + tolerance()) {
          pick = k;
          pick_gain = gain;
        }
      }
      const Index f = pending[pick];
      result.moves.push_back({f, original_[f], best[f], pick_gain});
      evaluator_.apply(f, best[f]);
      pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(pick));
    }
    result.cost_after = evaluator_.cost();
    if (!(result.cost_after < result.cost_before)) {  // never propose a worse structure
      result.moves.clear();
      result.cost_after = result.cost_before;
    }
  }

  const Resolved& s_;
  const OptimizeOptions& options_;
  MoveEvaluator evaluator_;
  std::vector<Index> original_;
  std::vector<std::size_t> load_;
  std::vector<std::size_t> original_load_;
  std::size_t over_ = 0;  // units holding more than their limit
  std::vector<Index> movable_;
  std::vector<Index> targets_;
  std::vector<Index> candidates_;
  std::vector<std::uint64_t> stamp_;
  std::uint64_t epoch_ = 0;
  std::size_t moved_count_ = 0;
  double cost_ = 0;
  double best_cost_ = 0;
  std::uint64_t evaluations_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace

OptimizeResult optimize_assignment(const Model& model, Index structure,
                                   const OptimizeOptions& options) {
  return Search(model, structure, options).run();
}

}  // namespace policygraph
