// Checking rules against the structures of a model, and the file of known
// violations that lets a team fail only on new ones (docs/check.md).
#pragma once

#include <optional>
#include <policygraph/core/model.hpp>
#include <policygraph/rules/rules.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace policygraph {

/// What a violation is about.
enum class CulpritKind {
  kFunction,    ///< a function in the wrong place
  kDependency,  ///< a dependency that crosses where it may not
  kUnit,        ///< a unit too wide, too deep, too large or too small
  kDomain,      ///< a domain without a control tower
  kStructure,   ///< a whole-structure figure out of bounds
};

/// One violation: one culprit, so that fixing one culprit removes one
/// violation and leaves the others as they were (the known-violations file
/// relies on it).
struct Violation {
  CulpritKind kind = CulpritKind::kFunction;
  Index function = kNone;    ///< kFunction
  Index dependency = kNone;  ///< kDependency: index into Model::dependencies
  /// kFunction: its owner (unaggregated); kUnit: the unit; kDependency: the
  /// lowest common ancestor of the two owners.
  Index unit = kNone;
  /// misplaced: the unit that pulls the function harder (at the level).
  Index other = kNone;
  /// The domain the violation is about (domain-* and tower-* rules), else kNone.
  Index domain = kNone;
  /// kDependency: its weight (summed over the entries from FROM to TO).
  double weight = 0;
  /// The figure behind it: the branches or units the domain lies in, a
  /// tower's coverage or internal share, a unit's children, depth or
  /// functions, the depth where a dependency meets, a metric's value, the
  /// number of misplaced functions.
  double value = 0;
  /// Whether the known-violations file lists it.
  bool known = false;
  /// "function:ID", "dependency:FROM->TO", "unit:ID", "domain:ID" or
  /// "metric:KEY": how the known-violations file names the culprit.
  std::string key;
};

/// One rule on one structure.
struct RuleOutcome {
  std::size_t rule = 0;  ///< index into RuleSet::rules
  Index structure = kNone;
  /// The rule's figure for the structure where it has one: the branches
  /// or units of the domain (domain-branches), the domain's functions
  /// outside the unit (domain-owner), the coverage or internal share
  /// (tower-* on one domain with a tower), the metric's value (none for a
  /// headcount no unit gives), the number of misplaced functions.
  std::optional<double> figure;
  /// Empty when the rule holds. In the order of the culprits' ids.
  std::vector<Violation> violations;
  [[nodiscard]] bool holds() const { return violations.empty(); }
  /// Violations that the known-violations file does not list.
  [[nodiscard]] std::size_t new_violations() const;
};

struct CheckResult {
  /// Rule by rule in the rules file's order, each over the structures
  /// checked, in model order.
  std::vector<RuleOutcome> outcomes;
  /// Listed as known but no longer found: fixed, or its rule or structure
  /// is gone. An entry about a structure that was not checked is not stale.
  /// Sorted.
  std::vector<KnownViolation> stale;
  /// Whether a known-violations file was given.
  bool with_known = false;

  /// Violations of error rules not listed as known: what fails a check (exit 4).
  [[nodiscard]] std::size_t failing(const RuleSet& rules) const;
};

/// Checks every rule of `rules` on each structure of `structures` (model
/// indices; every structure of the model when empty), marking violations
/// listed in `known` and collecting the stale entries of `known`.
[[nodiscard]] CheckResult check_rules(const Model& model, const RuleSet& rules,
                                      const std::vector<Index>& structures,
                                      const std::vector<KnownViolation>* known = nullptr);

/// The known violations after `result`: `known` without its stale
/// entries, plus, with `accept_new`, every violation found that it does not
/// list (of warning rules too). Sorted, without repeats.
[[nodiscard]] std::vector<KnownViolation> updated_known(const Model& model, const RuleSet& rules,
                                                        const CheckResult& result,
                                                        const std::vector<KnownViolation>& known,
                                                        bool accept_new);

/// The file's text: one entry per line, sorted, so that a change of the
/// model shows as added and removed lines in a diff.
[[nodiscard]] std::string known_text(const std::vector<KnownViolation>& known);

}  // namespace policygraph
