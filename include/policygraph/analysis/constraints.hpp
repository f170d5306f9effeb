// The optimizer's constraints as people state them ("units of kind
// division", "capacity by headcount", "pin the security domain"), turned
// into the per-unit and per-function arrays of OptimizeOptions, and the
// proposal turned into change ops.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <policygraph/analysis/optimize.hpp>
#include <policygraph/core/model.hpp>
#include <policygraph/resolve/change_op.hpp>

namespace policygraph {

/// What the user chose; every field has the command line's default.
struct ConstraintChoice {
  Objective objective = Objective::kDistance;
  std::size_t max_moves = 10;
  std::uint64_t seed = 1;
  std::size_t rounds = 30;
  /// Least extra room per unit with capacity "current" or "headcount".
  std::size_t slack = 1;
  /// "owning" (units that own functions now), "all", or kinds: "division,team".
  std::string targets = "owning";
  /// "current" (current load + max(slack, 20%)), "headcount", or a number.
  std::string capacity = "current";
  /// Function ids, "domain:ID" or "unit:ID".
  std::vector<std::string> pins;
};

/// The search's options, and each constraint in words for the explanation.
struct Constraints {
  OptimizeOptions search;
  std::string targets_text, capacity_text, pinned_text;
};

/// A choice that does not fit the model or structure (an unknown pin, no
/// unit of the kinds asked for, a capacity that is not a number).
class ConstraintError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Turns `choice` into search options for structure `s`. Throws
/// ConstraintError with a message that names the culprit.
[[nodiscard]] Constraints make_constraints(const Model& model, const Resolved& s,
                                           const ConstraintChoice& choice);

/// The proposal as move-function ops, in the order of `result.moves`, each
/// with a note giving its gain and where the function came from. `file`
/// and `pointer_prefix` are where the ops say they come from (the op k
/// gets `pointer_prefix + "/" + k`).
[[nodiscard]] std::vector<ChangeOp> proposal_changes(const Model& model,
                                                     const OptimizeResult& result,
                                                     const std::string& file = "optimize",
                                                     const std::string& pointer_prefix = "/changes");

/// `wanted`, or `wanted-2`, `wanted-3`, ... when a structure has that id.
[[nodiscard]] std::string fresh_structure_id(const Model& model, const std::string& wanted);

}  // namespace policygraph
