// The names of rule types and of the figures a metric rule may name.
#include <policygraph/rules/rules.hpp>

namespace policygraph {

const std::string& Rule::description_in(std::string_view lang) const {
  if (!lang.empty()) {
    if (auto it = descriptions.find(std::string(lang)); it != descriptions.end()) return it->second;
  }
  return description;
}

std::string_view rule_type_name(RuleType type) {
  switch (type) {
    case RuleType::kDomainBranches:
      return "domain-branches";
    case RuleType::kDomainOwner:
      return "domain-owner";
    case RuleType::kTowerCoverage:
      return "tower-coverage";
    case RuleType::kTowerInternalShare:
      return "tower-internal-share";
    case RuleType::kEscalation:
      return "escalation";
    case RuleType::kForbidden:
      return "forbidden";
    case RuleType::kIndependent:
      return "independent";
    case RuleType::kSpan:
      return "span";
    case RuleType::kDepth:
      return "depth";
    case RuleType::kUnitSize:
      return "unit-size";
    case RuleType::kMetric:
      return "metric";
    case RuleType::kMisplaced:
      return "misplaced";
  }
  return "";
}

const std::vector<RuleType>& rule_types() {
  static const std::vector<RuleType> types{
      RuleType::kDomainBranches,     RuleType::kDomainOwner, RuleType::kTowerCoverage,
      RuleType::kTowerInternalShare, RuleType::kEscalation,  RuleType::kForbidden,
      RuleType::kIndependent,        RuleType::kSpan,        RuleType::kDepth,
      RuleType::kUnitSize,           RuleType::kMetric,      RuleType::kMisplaced};
  return types;
}

const std::vector<std::string_view>& rule_metric_keys() {
  static const std::vector<std::string_view> keys{"functions",       "dependencies",
                                                  "total_weight",    "cross_unit_share",
                                                  "modularity",      "coordination_distance_mean",
                                                  "top_level_share", "escalation_depth_mean",
                                                  "alignment_nmi",   "units",
                                                  "owning_units",    "depth",
                                                  "span_mean",       "span_max",
                                                  "headcount"};
  return keys;
}

}  // namespace policygraph
