// Output of `policygraph optimize`: the proposal explained in words.
#pragma once

#include <string>
#include <string_view>

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

}  // namespace policygraph
