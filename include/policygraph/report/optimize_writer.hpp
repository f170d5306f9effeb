// Output of `policygraph optimize`: the proposal explained in words.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <policygraph/analysis/consensus.hpp>
#include <policygraph/analysis/constraints.hpp>
#include <policygraph/core/model.hpp>
#include <policygraph/report/table.hpp>

namespace policygraph {

/// Each move with the function's label, the units' paths and its saving,
/// then how the search went and under which constraints. `id` names the
/// proposal; labels in `lang` where the model has them.
[[nodiscard]] std::string optimize_explanation(const Model& model, const Resolved& s,
                                               const OptimizeResult& result,
                                               const Constraints& constraints,
                                               const std::string& id, std::string_view lang);

/// The sentences of the explanation around its moves: what the proposal
/// does to structure `structure` (an id or a name), how the search went,
/// and under which constraints. `id` names the proposal.
struct OptimizeSentences {
  std::string headline;
  std::string search;
  std::string constraints;
};
[[nodiscard]] OptimizeSentences optimize_sentences(const OptimizeResult& result,
                                                   const Constraints& constraints,
                                                   const std::string& structure,
                                                   const std::string& id);

/// The moves as a table: #, function (label in `lang`), id, from and to (unit
/// paths), saving (each counting the moves above it as made).
[[nodiscard]] Table optimize_table(const Model& model, const Resolved& s,
                                   const OptimizeResult& result, std::string_view lang);

/// One line for the proposed structure's `description`: cost before and
/// after, the number of moves and the constraints.
[[nodiscard]] std::string optimize_summary(const OptimizeResult& result,
                                           const Constraints& constraints);

// ---- optimize --samples: the consensus -----------------------------------------

/// The sentences around the consensus's tables: what it does, how the
/// samples agree, how much each saves, and how they were drawn.
struct ConsensusSentences {
  std::string headline;  ///< the moves held by half the samples, and the cost they reach
  std::string savings;   ///< each sample's own saving against the consensus's
  std::string samples;   ///< how the samples were drawn and searched
};
[[nodiscard]] ConsensusSentences consensus_sentences(const ConsensusResult& result,
                                                     const Constraints& constraints,
                                                     const ConsensusOptions& options,
                                                     const std::string& structure,
                                                     const std::string& id);

/// The moves the samples proposed, most often first: #, function (label in
/// `lang`), id, from, to (unit names), the share of samples, its saving on
/// its own under the given weights, and its saving in the consensus (each
/// counting the consensus moves above it as made) or "-" when it is not in it.
/// At most `rows` moves (0: all).
[[nodiscard]] Table consensus_table(const Model& model, const Resolved& s,
                                    const ConsensusResult& result, std::string_view lang,
                                    std::size_t rows = 0);

/// The text of `optimize --samples`.
[[nodiscard]] std::string consensus_explanation(const Model& model, const Resolved& s,
                                                const ConsensusResult& result,
                                                const Constraints& constraints,
                                                const ConsensusOptions& options,
                                                const std::string& id, std::string_view lang);

/// The description of the consensus's structure (English, as optimize_summary).
[[nodiscard]] std::string consensus_summary(const ConsensusResult& result,
                                            const Constraints& constraints,
                                            const ConsensusOptions& options);

/// The consensus as a structure in change form, named `id`, on structure
/// `s`: its move-function ops with the gain and the share of the samples in
/// each note, ready to paste into a model or to apply.
[[nodiscard]] nlohmann::ordered_json consensus_structure(const Model& model, const Resolved& s,
                                                         const ConsensusResult& result,
                                                         const Constraints& constraints,
                                                         const ConsensusOptions& options,
                                                         const std::string& id);

/// The JSON of `optimize --samples`: the samples' settings, the consensus
/// as a structure in change form (`proposal`, ready to paste), its cost,
/// the spreads of the savings and every move with its frequency.
[[nodiscard]] nlohmann::ordered_json consensus_json(const Model& model,
                                                    const ConsensusResult& result,
                                                    const ConsensusOptions& options,
                                                    const nlohmann::ordered_json& proposal);

}  // namespace policygraph
