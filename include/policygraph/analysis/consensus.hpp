// Proposals that survive uncertainty about the weights: the optimizer run
// on many weight samples, and the moves most of them agree on.
#pragma once

#include <cstdint>
#include <vector>

#include <policygraph/analysis/optimize.hpp>
#include <policygraph/analysis/sensitivity.hpp>
#include <policygraph/core/model.hpp>

namespace policygraph {

struct ConsensusOptions {
  std::size_t samples = 200;
  double noise = 0.3;  ///< sigma, as in sensitivity: weights times exp(N(0, sigma^2))
  double drop = 0;     ///< probability that a dependency is left out of a sample
  std::uint64_t seed = 1;  ///< of the weight samples (the search keeps its own seed)
  /// At most this many threads at once (0: all cores); results do not depend on it.
  unsigned threads = 0;
};

/// One move (a function to a unit) and how many samples proposed it.
struct MoveFrequency {
  Index function = kNone;
  Index from = kNone;
  Index to = kNone;
  std::size_t count = 0;  ///< samples whose proposal holds this move
  double share = 0;       ///< count / samples
  /// The saving of this move alone on the structure, under the given weights.
  double nominal_gain = 0;
  bool in_consensus = false;
};

struct ConsensusResult {
  std::size_t samples = 0;
  /// Every move proposed in at least one sample: most often first, then by
  /// nominal gain (larger first), then by function and unit index.
  std::vector<MoveFrequency> moves;
  /// The consensus: the moves proposed in at least half the samples, taken
  /// in the order of `moves` and applied together under the given weights
  /// (each gain counting the moves before it as made). A move is left out
  /// when its function has moved already, or when it would break the
  /// constraints (more than max_moves, or a unit over its capacity).
  OptimizeResult consensus;
  std::size_t left_out = 0;  ///< moves held by half the samples but left out
  /// The saving of each sample's own proposal, in that sample's weights.
  Spread saving;
  /// The saving of the consensus in each sample's weights.
  Spread consensus_saving;
  /// Share of the samples in which the consensus saves anything (> 0 beyond ties).
  double consensus_saves = 0;
  /// Every sample was searched exhaustively (a small problem): each
  /// sample's proposal is the optimum under its weights.
  bool exhaustive = false;
  bool interrupted = false;
};

/// Runs optimize_assignment on `options.samples` weight samples of the
/// model (drawn by weight_sample, as sensitivity draws them), each with the
/// search options `search`, counts the moves, and builds the consensus.
/// Deterministic for the seeds whatever the thread count. `search.stop`
/// ends it early: the samples finished so far are counted.
[[nodiscard]] ConsensusResult optimize_consensus(const Model& model, Index structure,
                                                 const OptimizeOptions& search,
                                                 const ConsensusOptions& options);

}  // namespace policygraph
