// Tests of read_rules (docs/check.md, "The rules file"): every rule type's
// parameters land in their Rule fields, and every problem of a bad file is
// reported with its message where it is.
#include <gtest/gtest.h>

#include <algorithm>
#include <policygraph/load/rules_reader.hpp>
#include <string>
#include <vector>

#include "test_util.hpp"

namespace policygraph {
namespace {

// Two structures; "new-bureau" exists only in "after", so a rule may name it.
// Unit kinds: ministry, office, division, and bureau (only in "after").
constexpr const char* kModel = R"({
  "format": "policygraph/1",
  "domains": [{"id": "economic-security"}, {"id": "trade"}],
  "functions": [{"id": "f1", "domains": ["economic-security"]}, {"id": "f2", "domains": ["trade"]}],
  "dependencies": [{"from": "f1", "to": "f2"}],
  "structures": [
    {"id": "before", "units": [
       {"id": "ministry", "kind": "ministry"},
       {"id": "trade-office", "parent": "ministry", "kind": "office"},
       {"id": "security-office", "parent": "ministry", "kind": "office"},
       {"id": "export-division", "parent": "trade-office", "kind": "division"}],
     "assign": {"f1": "security-office", "f2": "export-division"}},
    {"id": "after", "base": "before", "changes": [
       {"op": "add-unit", "id": "new-bureau", "parent": "security-office", "kind": "bureau"}]}
  ]})";

class RulesReader : public ::testing::Test {
 protected:
  Model m = testing::model_from(kModel);

  Index unit(const std::string& id) const {
    const auto u = m.find_unit(id);
    EXPECT_TRUE(u.has_value()) << id;
    return u.value_or(kNone);
  }
  Index domain(const std::string& id) const {
    const auto d = m.find_domain(id);
    EXPECT_TRUE(d.has_value()) << id;
    return d.value_or(kNone);
  }

  /// The diagnostics of a rules file that must be refused.
  std::vector<Diagnostic> refused(const std::string& text) const {
    Diagnostics d;
    try {
      (void)read_rules(text, "rules.json", m, d);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const ModelError& e) {
      EXPECT_TRUE(e.diagnostics().has_errors());
      return e.diagnostics().all();
    }
    return {};
  }

  /// The errors of a rules file, each as "POINTER: MESSAGE".
  std::vector<std::string> errors(const std::string& text) const {
    std::vector<std::string> out;
    for (const Diagnostic& x : refused(text)) {
      EXPECT_EQ(x.file, "rules.json");
      EXPECT_EQ(x.severity, Severity::kError);
      EXPECT_TRUE(x.has_pointer) << x.to_string();
      out.push_back(x.pointer + ": " + x.message);
    }
    return out;
  }

  /// The errors of a file whose `rules` are the JSON array `rules`.
  std::vector<std::string> rule_errors(const std::string& rules) const {
    return errors(R"({"format": "policygraph-rules/1", "rules": )" + rules + "}");
  }
};

using Lines = std::vector<std::string>;

// ---------------------------------------------------------------------------
// Good files.

TEST_F(RulesReader, EveryTypesParametersLandInTheRuleFields) {
  const std::string text = R"({
    "format": "policygraph-rules/1",
    "description": "What the announcement promises",
    "rules": [
      {"id": "r0", "type": "domain-branches", "domain": "trade", "level": 2, "max": 1,
       "description": "Trade in one branch"},
      {"id": "r1", "type": "domain-owner", "domain": "economic-security", "unit": "new-bureau"},
      {"id": "r2", "type": "tower-coverage", "domain": "trade", "min": 0.9},
      {"id": "r3", "type": "tower-internal-share", "min": 0.8, "severity": "warning"},
      {"id": "r4", "type": "escalation", "min_weight": 2.5, "min_depth": 2, "severity": "error"},
      {"id": "r5", "type": "forbidden", "from": "trade-office", "to": "security-office"},
      {"id": "r6", "type": "independent", "units": ["security-office", "ministry", "export-division"]},
      {"id": "r7", "type": "span", "max": 5, "kind": "office"},
      {"id": "r8", "type": "depth", "max": 3},
      {"id": "r9", "type": "unit-size", "min": 2, "max": 10, "kind": "division", "level": 1},
      {"id": "r10", "type": "metric", "name": "cross_unit_share", "level": 1, "min": -0.5, "max": 0.4},
      {"id": "r11", "type": "misplaced", "max": 3, "level": 2},
      {"id": "r12", "type": "misplaced"},
      {"id": "r13", "type": "unit-size", "max": 4},
      {"id": "r14", "type": "metric", "name": "headcount", "min": 10}
    ]})";
  Diagnostics d;
  const RuleSet set = read_rules(text, "rules.json", m, d);
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(set.file, "rules.json");
  ASSERT_EQ(set.rules.size(), 15U);
  for (std::size_t k = 0; k < set.rules.size(); ++k) {
    EXPECT_EQ(set.rules[k].id, "r" + std::to_string(k));
    EXPECT_EQ(set.rules[k].pointer, "/rules/" + std::to_string(k));
  }
  const std::vector<Rule>& r = set.rules;

  EXPECT_EQ(r[0].type, RuleType::kDomainBranches);
  EXPECT_EQ(r[0].domain, domain("trade"));
  EXPECT_EQ(r[0].level, 2);
  EXPECT_EQ(r[0].max, 1.0);
  EXPECT_EQ(r[0].description, "Trade in one branch");
  EXPECT_EQ(r[0].severity, RuleSeverity::kError);

  EXPECT_EQ(r[1].type, RuleType::kDomainOwner);
  EXPECT_EQ(r[1].domain, domain("economic-security"));
  EXPECT_EQ(r[1].unit, unit("new-bureau"));  // a unit of "after" only

  EXPECT_EQ(r[2].type, RuleType::kTowerCoverage);
  EXPECT_EQ(r[2].domain, domain("trade"));
  EXPECT_EQ(r[2].min, 0.9);
  EXPECT_FALSE(r[2].max.has_value());

  EXPECT_EQ(r[3].type, RuleType::kTowerInternalShare);
  EXPECT_EQ(r[3].domain, kNone);  // every domain with a tower
  EXPECT_EQ(r[3].min, 0.8);
  EXPECT_EQ(r[3].severity, RuleSeverity::kWarning);

  EXPECT_EQ(r[4].type, RuleType::kEscalation);
  EXPECT_DOUBLE_EQ(r[4].min_weight, 2.5);
  EXPECT_EQ(r[4].min_depth, 2);
  EXPECT_EQ(r[4].severity, RuleSeverity::kError);

  EXPECT_EQ(r[5].type, RuleType::kForbidden);
  EXPECT_EQ(r[5].unit, unit("trade-office"));
  EXPECT_EQ(r[5].other, unit("security-office"));

  EXPECT_EQ(r[6].type, RuleType::kIndependent);
  EXPECT_EQ(r[6].units, (std::vector<Index>{unit("security-office"), unit("ministry"),
                                            unit("export-division")}));  // in the order given

  EXPECT_EQ(r[7].type, RuleType::kSpan);
  EXPECT_EQ(r[7].max, 5.0);
  EXPECT_EQ(r[7].kind, "office");

  EXPECT_EQ(r[8].type, RuleType::kDepth);
  EXPECT_EQ(r[8].max, 3.0);
  EXPECT_EQ(r[8].kind, "");

  EXPECT_EQ(r[9].type, RuleType::kUnitSize);
  EXPECT_EQ(r[9].min, 2.0);
  EXPECT_EQ(r[9].max, 10.0);
  EXPECT_EQ(r[9].kind, "division");
  EXPECT_EQ(r[9].level, 1);

  EXPECT_EQ(r[10].type, RuleType::kMetric);
  EXPECT_EQ(r[10].metric, "cross_unit_share");
  EXPECT_EQ(r[10].level, 1);
  EXPECT_EQ(r[10].min, -0.5);
  EXPECT_EQ(r[10].max, 0.4);

  EXPECT_EQ(r[11].type, RuleType::kMisplaced);
  EXPECT_EQ(r[11].max, 3.0);
  EXPECT_EQ(r[11].level, 2);

  EXPECT_EQ(r[12].type, RuleType::kMisplaced);
  EXPECT_EQ(r[12].max.value_or(0), 0.0);  // the default, 0
  EXPECT_FALSE(r[12].level.has_value());

  EXPECT_EQ(r[13].type, RuleType::kUnitSize);
  EXPECT_FALSE(r[13].min.has_value());
  EXPECT_EQ(r[13].max, 4.0);
  EXPECT_EQ(r[13].kind, "");
  EXPECT_FALSE(r[13].level.has_value());

  EXPECT_EQ(r[14].metric, "headcount");
  EXPECT_EQ(r[14].min, 10.0);
  EXPECT_FALSE(r[14].max.has_value());
  EXPECT_FALSE(r[14].level.has_value());
}

TEST_F(RulesReader, AnEmptyListOfRulesIsAccepted) {
  Diagnostics d;
  const RuleSet set =
      read_rules(R"({"format": "policygraph-rules/1", "rules": []})", "rules.json", m, d);
  EXPECT_TRUE(set.rules.empty());
  EXPECT_FALSE(d.has_errors());
}

TEST_F(RulesReader, TheRuleTypesAreNamedAsInTheRulesFile) {
  std::vector<std::string> names;
  for (RuleType t : rule_types()) names.emplace_back(rule_type_name(t));
  EXPECT_EQ(names, (Lines{"domain-branches", "domain-owner", "tower-coverage",
                          "tower-internal-share", "escalation", "forbidden", "independent", "span",
                          "depth", "unit-size", "metric", "misplaced"}));
}

// ---------------------------------------------------------------------------
// The file itself.

// Line 3 is `   {"id": "a",}`: the `}` after the comma is byte 15.
TEST_F(RulesReader, ASyntaxErrorAtItsLineAndColumn) {
  const std::vector<Diagnostic> d = refused(
      "{\"format\": \"policygraph-rules/1\",\n"
      " \"rules\": [\n"
      "   {\"id\": \"a\",}\n"
      " ]}");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_FALSE(d[0].has_pointer);
  EXPECT_EQ(d[0].file, "rules.json");
  EXPECT_EQ(d[0].line, 3U);
  EXPECT_EQ(d[0].column, 15U);
  EXPECT_EQ(d[0].message,
            "syntax error while parsing object key - unexpected '}'; expected string literal");
}

TEST_F(RulesReader, WrongFormat) {
  EXPECT_EQ(errors(R"({"format": "policygraph-rules/2", "rules": []})"),
            (Lines{R"(/format: format "policygraph-rules/2" is not "policygraph-rules/1")"}));
  // A model given as rules.
  EXPECT_EQ(errors(R"({"format": "policygraph/1", "rules": []})"),
            (Lines{R"(/format: format "policygraph/1" is not "policygraph-rules/1")"}));
  EXPECT_EQ(errors(R"({"rules": []})"), (Lines{R"(: missing key "format")"}));
  EXPECT_EQ(errors(R"([])"), (Lines{": a rules file: expected an object, found an array"}));
}

TEST_F(RulesReader, MissingRules) {
  EXPECT_EQ(errors(R"({"format": "policygraph-rules/1"})"), (Lines{R"(: missing key "rules")"}));
  EXPECT_EQ(errors(R"({"format": "policygraph-rules/1", "rules": {}})"),
            (Lines{"/rules: rules: expected an array, found an object"}));
}

TEST_F(RulesReader, AnUnknownKeyOfTheFile) {
  EXPECT_EQ(
      errors(R"({"format": "policygraph-rules/1", "rules": [], "rule": []})"),
      (Lines{
          R"(/rule: unknown key "rule" in a rules file (did you mean "rules"?); it may have: format, description, rules)"}));
}

// ---------------------------------------------------------------------------
// Types, keys and parameters.

TEST_F(RulesReader, UnknownTypeWithDidYouMean) {
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "domain-branch", "domain": "trade", "max": 1}])"),
            (Lines{"/rules/0/type: unknown rule type \"domain-branch\" (did you mean "
                   "\"domain-branches\"?); the types are: domain-branches, domain-owner, "
                   "tower-coverage, tower-internal-share, escalation, forbidden, independent, "
                   "span, depth, unit-size, metric, misplaced"}));
  EXPECT_EQ(rule_errors(R"([{"id": "r"}])"), (Lines{R"(/rules/0: missing key "type")"}));
  EXPECT_EQ(rule_errors(R"([{"type": "depth", "max": 1}])"),
            (Lines{R"(/rules/0: missing key "id")"}));
}

// An unknown key is an error, with the keys the rule may have.
TEST_F(RulesReader, UnknownKeyWithDidYouMean) {
  EXPECT_EQ(
      rule_errors(
          R"([{"id": "r", "type": "domain-branches", "domain": "trade", "max": 1, "maxx": 2}])"),
      (Lines{"/rules/0/maxx: unknown key \"maxx\" in a rule of type domain-branches (did you "
             "mean \"max\"?); it may have: id, type, description, descriptions, severity, domain, "
             "level, max"}));
  // Nothing near: no "did you mean".
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "depth", "max": 1, "colour": "red"}])"),
            (Lines{"/rules/0/colour: unknown key \"colour\" in a rule of type depth; it may have: "
                   "id, type, description, descriptions, severity, max"}));
  // A key of another type.
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "depth", "max": 1, "kind": "office"}])"),
            (Lines{"/rules/0/kind: unknown key \"kind\" in a rule of type depth; it may have: "
                   "id, type, description, descriptions, severity, max"}));
}

// The two example lines of docs/check.md, "The rules file", printed as the
// tool prints them.
TEST_F(RulesReader, TheExamplesOfTheSpecification) {
  const std::vector<Diagnostic> d = refused(R"({"format": "policygraph-rules/1", "rules": [
    {"id": "a", "type": "domain-owner", "domain": "economic-securty", "unit": "security-office"},
    {"id": "b", "type": "domain-branches", "domain": "trade", "maximum": 1}]})");
  std::vector<std::string> lines;
  for (const Diagnostic& x : d) lines.push_back(x.to_string());
  EXPECT_EQ(lines,
            (Lines{"rules.json: /rules/0/domain: error: unknown domain \"economic-securty\" (did "
                   "you mean \"economic-security\"?)",
                   "rules.json: /rules/1/maximum: error: unknown key \"maximum\" in a rule of type "
                   "domain-branches; it may have: id, type, description, descriptions, severity, domain, "
                   "level, max",
                   "rules.json: /rules/1: error: missing key \"max\""}));
}

TEST_F(RulesReader, MissingRequiredParameter) {
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "domain-owner", "domain": "trade"}])"),
            (Lines{R"(/rules/0: missing key "unit")"}));
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "domain-branches", "domain": "trade"}])"),
            (Lines{R"(/rules/0: missing key "max")"}));
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "tower-coverage", "domain": "trade"}])"),
            (Lines{R"(/rules/0: missing key "min")"}));
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "escalation", "min_weight": 3}])"),
            (Lines{R"(/rules/0: missing key "min_depth")"}));
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "metric", "max": 3}])"),
            (Lines{R"(/rules/0: missing key "name")"}));
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "independent"}])"),
            (Lines{R"(/rules/0: missing key "units")"}));
  // unit-size and metric need a bound.
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "unit-size", "kind": "office"}])"),
            (Lines{R"(/rules/0: give "min", "max" or both)"}));
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "metric", "name": "depth"}])"),
            (Lines{R"(/rules/0: give "min", "max" or both)"}));
}

TEST_F(RulesReader, WrongType) {
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "depth", "max": "3"}])"),
            (Lines{"/rules/0/max: max: expected a number, found a string"}));
  EXPECT_EQ(
      rule_errors(R"([{"id": "r", "type": "domain-owner", "domain": 1, "unit": "ministry"}])"),
      (Lines{"/rules/0/domain: domain: expected a string, found a number"}));
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "independent", "units": "ministry"}])"),
            (Lines{"/rules/0/units: units: expected an array, found a string"}));
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "independent", "units": ["ministry", 2]}])"),
            (Lines{"/rules/0/units/1: a unit id: expected a string, found a number"}));
  EXPECT_EQ(rule_errors(R"(["depth"])"),
            (Lines{"/rules/0: a rule: expected an object, found a string"}));
}

TEST_F(RulesReader, AShareOutsideZeroToOne) {
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "tower-coverage", "min": 1.5}])"),
            (Lines{"/rules/0/min: min is a share, from 0 to 1, not 1.5"}));
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "tower-internal-share", "min": -0.1}])"),
            (Lines{"/rules/0/min: min is a share, from 0 to 1, not -0.1"}));
  // The ends are shares.
  Diagnostics d;
  EXPECT_NO_THROW((void)read_rules(R"({"format": "policygraph-rules/1", "rules": [
      {"id": "a", "type": "tower-coverage", "min": 0}, {"id": "b", "type": "tower-coverage", "min": 1}]})",
                                   "rules.json", m, d));
}

TEST_F(RulesReader, ACountThatIsNotAWholeNumber) {
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "depth", "max": 2.5}])"),
            (Lines{"/rules/0/max: max must be a whole number of at least 0, not 2.5"}));
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "span", "max": -1}])"),
            (Lines{"/rules/0/max: max must be a whole number of at least 0, not -1"}));
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "unit-size", "min": 0.5}])"),
            (Lines{"/rules/0/min: min must be a whole number of at least 0, not 0.5"}));
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "misplaced", "level": 1.5}])"),
            (Lines{"/rules/0/level: level must be a whole number of at least 0, not 1.5"}));
}

TEST_F(RulesReader, MinAboveMax) {
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "unit-size", "min": 3, "max": 2}])"),
            (Lines{"/rules/0/min: min (3) is above max (2)"}));
  EXPECT_EQ(
      rule_errors(
          R"([{"id": "r", "type": "metric", "name": "modularity", "min": 0.5, "max": 0.25}])"),
      (Lines{"/rules/0/min: min (0.5) is above max (0.25)"}));
  // Equal is fine.
  Diagnostics d;
  EXPECT_NO_THROW((void)read_rules(R"({"format": "policygraph-rules/1", "rules": [
      {"id": "r", "type": "unit-size", "min": 2, "max": 2}]})",
                                   "rules.json", m, d));
}

// ---------------------------------------------------------------------------
// Names the model does not have.

TEST_F(RulesReader, UnknownDomain) {
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "tower-coverage", "domain": "trad", "min": 0.5}])"),
            (Lines{R"(/rules/0/domain: unknown domain "trad" (did you mean "trade"?))"}));
}

TEST_F(RulesReader, UnknownUnit) {
  EXPECT_EQ(
      rule_errors(
          R"([{"id": "r", "type": "domain-owner", "domain": "trade", "unit": "trade-ofice"}])"),
      (Lines{"/rules/0/unit: unknown unit \"trade-ofice\": no structure of the model has it "
             "(did you mean \"trade-office\"?)"}));
  EXPECT_EQ(
      rule_errors(R"([{"id": "r", "type": "forbidden", "from": "ministry", "to": "new-bureaux"}])"),
      (Lines{"/rules/0/to: unknown unit \"new-bureaux\": no structure of the model has it "
             "(did you mean \"new-bureau\"?)"}));
  EXPECT_EQ(
      rule_errors(
          R"([{"id": "r", "type": "independent", "units": ["trade-office", "securty-office"]}])"),
      (Lines{"/rules/0/units/1: unknown unit \"securty-office\": no structure of the model "
             "has it (did you mean \"security-office\"?)"}));
}

TEST_F(RulesReader, UnknownKind) {
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "span", "max": 3, "kind": "ofice"}])"),
            (Lines{"/rules/0/kind: no unit of the model has kind \"ofice\" (did you mean "
                   "\"office\"?); the kinds are: bureau, division, ministry, office"}));
  // A kind that only a unit of "after" has is a kind of the model.
  Diagnostics d;
  EXPECT_NO_THROW((void)read_rules(R"({"format": "policygraph-rules/1", "rules": [
      {"id": "r", "type": "unit-size", "min": 1, "kind": "bureau"}]})",
                                   "rules.json", m, d));
}

TEST_F(RulesReader, UnknownMetric) {
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "metric", "name": "modularty", "max": 1}])"),
            (Lines{"/rules/0/name: unknown metric \"modularty\" (did you mean \"modularity\"?); a "
                   "metric rule takes: functions, dependencies, total_weight, cross_unit_share, "
                   "modularity, coordination_distance_mean, top_level_share, "
                   "escalation_depth_mean, alignment_nmi, units, owning_units, depth, span_mean, "
                   "span_max, headcount"}));
}

// ---------------------------------------------------------------------------
// Rules that contradict themselves or each other.

TEST_F(RulesReader, ARuleIdGivenTwice) {
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "depth", "max": 3},
                            {"id": "s", "type": "depth", "max": 2},
                            {"id": "r", "type": "span", "max": 3}])"),
            (Lines{R"(/rules/2/id: rule id "r" is given twice (first at /rules/0))"}));
}

TEST_F(RulesReader, IndependentNeedsTwoDifferentUnits) {
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "independent", "units": ["ministry"]}])"),
            (Lines{R"(/rules/0/units: "units" needs at least two units)"}));
  EXPECT_EQ(
      rule_errors(
          R"([{"id": "r", "type": "independent", "units": ["trade-office", "ministry", "trade-office"]}])"),
      (Lines{R"(/rules/0/units/2: unit "trade-office" is listed twice)"}));
}

TEST_F(RulesReader, ForbiddenFromAndToTheSameUnit) {
  EXPECT_EQ(
      rule_errors(
          R"([{"id": "r", "type": "forbidden", "from": "trade-office", "to": "trade-office"}])"),
      (Lines{R"(/rules/0/to: "from" and "to" name the same unit)"}));
}

TEST_F(RulesReader, UnknownSeverity) {
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "depth", "max": 3, "severity": "eror"}])"),
            (Lines{"/rules/0/severity: unknown severity \"eror\" (did you mean \"error\"?); a "
                   "rule's severity is \"error\" or \"warning\""}));
  EXPECT_EQ(rule_errors(R"([{"id": "r", "type": "depth", "max": 3, "severity": "fatal"}])"),
            (Lines{"/rules/0/severity: unknown severity \"fatal\"; a rule's severity is \"error\" "
                   "or \"warning\""}));
}

// Every problem is reported, each at its place, in the file's order.
TEST_F(RulesReader, EveryProblemIsReported) {
  EXPECT_EQ(rule_errors(R"([{"id": "a", "type": "depth", "max": 1.5},
                            {"id": "b", "type": "tower-coverage", "min": 2},
                            {"id": "c", "type": "forbidden", "from": "ministry", "to": "ministry"}])"),
            (Lines{"/rules/0/max: max must be a whole number of at least 0, not 1.5",
                   "/rules/1/min: min is a share, from 0 to 1, not 2",
                   R"(/rules/2/to: "from" and "to" name the same unit)"}));
}

}  // namespace
}  // namespace policygraph
