// Rules: the promises of a reorganisation, written down so that a program
// can check them (docs/check.md). load/rules_reader.hpp reads them from a
// file; rules/check.hpp checks them.
#pragma once

#include <map>
#include <optional>
#include <policygraph/core/model.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace policygraph {

/// The rule types of docs/check.md, in the order it describes them.
enum class RuleType {
  kDomainBranches,      ///< a domain lies in at most `max` branches (units at `level`)
  kDomainOwner,         ///< every function of a domain lies in `unit`'s subtree
  kTowerCoverage,       ///< a control tower's subtree holds at least `min` of its domain
  kTowerInternalShare,  ///< ... and at least `min` of the domain's dependency weight
  kEscalation,          ///< no dependency of weight >= min_weight meets above depth min_depth
  kForbidden,           ///< no dependency between the subtrees of `from` and `to`
  kIndependent,         ///< no dependency between any two of the subtrees of `units`
  kSpan,                ///< no unit (of `kind`) has more than `max` child units
  kDepth,               ///< no unit is deeper than `max`
  kUnitSize,            ///< every unit owns between `min` and `max` functions
  kMetric,              ///< a whole-structure figure lies between `min` and `max`
  kMisplaced,           ///< at most `max` misplaced functions
};

/// "domain-branches", "domain-owner", ...: the type as written in a rules file.
[[nodiscard]] std::string_view rule_type_name(RuleType type);
/// Every type, in RuleType order.
[[nodiscard]] const std::vector<RuleType>& rule_types();

enum class RuleSeverity { kError, kWarning };

/// One rule as read. Only the parameters of its type are set; the others
/// keep their defaults.
struct Rule {
  std::string id;
  RuleType type = RuleType::kMetric;
  std::string description;
  /// The description in other languages, by tag (`descriptions`).
  std::map<std::string, std::string> descriptions;
  /// `descriptions[lang]` when given, else `description`.
  [[nodiscard]] const std::string& description_in(std::string_view lang) const;
  RuleSeverity severity = RuleSeverity::kError;
  std::string pointer;  ///< where it is in the rules file: /rules/3

  /// domain-branches, domain-owner, tower-*: the domain; kNone in tower-*
  /// means every domain that has a control tower.
  Index domain = kNone;
  /// domain-owner: the unit; forbidden: `from`.
  Index unit = kNone;
  /// forbidden: `to`.
  Index other = kNone;
  /// independent: the units, in the order given.
  std::vector<Index> units;
  /// domain-branches, unit-size, metric, misplaced: the level.
  std::optional<int> level;
  /// The bounds: `min` and `max` of the type (shares, counts or a figure).
  std::optional<double> min, max;
  /// escalation.
  double min_weight = 0;
  int min_depth = 0;
  /// span, unit-size: only units of this kind ("" every unit).
  std::string kind;
  /// metric: the figure's key (rule_metric_keys()).
  std::string metric;
};

struct RuleSet {
  std::string file;  ///< as named on the command line
  std::vector<Rule> rules;
};

/// The whole-structure figures a `metric` rule may name: those of
/// `policygraph metrics`, functions to headcount.
[[nodiscard]] const std::vector<std::string_view>& rule_metric_keys();

/// The rules format's name, `policygraph-rules/1`.
inline constexpr std::string_view kRulesFormat = "policygraph-rules/1";

/// One entry of a known-violations file: a violation named by its rule,
/// its structure and its culprit (docs/check.md).
struct KnownViolation {
  std::string rule, structure, culprit;
  friend auto operator<=>(const KnownViolation&, const KnownViolation&) = default;
};

/// The known-violations file's format name.
inline constexpr std::string_view kKnownFormat = "policygraph-known/1";

}  // namespace policygraph
