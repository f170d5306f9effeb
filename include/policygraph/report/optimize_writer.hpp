// Output of `policygraph optimize`: the proposal explained in words.
#pragma once

#include <string>
#include <string_view>

#include <policygraph/analysis/constraints.hpp>
#include <policygraph/core/model.hpp>

namespace policygraph {

/// Each move with the function's label, the units' paths and its saving,
/// then how the search went and under which constraints. `id` names the
/// proposal; labels in `lang` where the model has them.
[[nodiscard]] std::string optimize_explanation(const Model& model, const Resolved& s,
                                               const OptimizeResult& result,
                                               const Constraints& constraints,
                                               const std::string& id, std::string_view lang);

/// One line for the proposed structure's `description`: cost before and
/// after, the number of moves and the constraints.
[[nodiscard]] std::string optimize_summary(const OptimizeResult& result,
                                           const Constraints& constraints);

}  // namespace policygraph
