// The writers of a check's result: JSON written violation by violation is
// the same bytes as the JSON value dumped; colour only when asked; culprits
// in words name the place that put them there.
#include <gtest/gtest.h>

#include <policygraph/load/rules_reader.hpp>
#include <policygraph/report/check_writer.hpp>
#include <policygraph/rules/check.hpp>

#include "test_util.hpp"

namespace policygraph {
namespace {

// Two offices; s1, s2 of domain "sec" start in office b, and "plan" moves s1
// to office a (its change 0). The rule wants every sec function in office a.
constexpr const char* kModel = R"({
  "format": "policygraph/1",
  "domains": [{"id": "sec", "label": "Security"}],
  "functions": [{"id": "s1", "label": "First \"one\"", "domains": ["sec"]},
                {"id": "s2", "domains": ["sec"]}],
  "dependencies": [{"from": "s1", "to": "s2", "weight": 2}],
  "structures": [
    {"id": "now", "units": [{"id": "root"}, {"id": "a", "parent": "root", "label": "Office A"},
                            {"id": "b", "parent": "root"}],
     "assign": {"s1": "b", "s2": "b"}},
    {"id": "plan", "base": "now",
     "changes": [{"op": "move-function", "function": "s1", "to": "a"}]}
  ]})";

constexpr const char* kRules = R"({"format": "policygraph-rules/1", "rules": [
  {"id": "in-a", "type": "domain-owner", "domain": "sec", "unit": "a",
   "description": "a line\nbreak and \"quotes\""},
  {"id": "apart", "type": "forbidden", "from": "a", "to": "b", "severity": "warning"}]})";

struct Checked {
  Model model;
  RuleSet rules;
  CheckResult result;
};

Checked checked() {
  Checked c{testing::model_from(kModel), {}, {}};
  Diagnostics d;
  c.rules = read_rules(kRules, "rules.json", c.model, d);
  c.result = check_rules(c.model, c.rules, {});
  return c;
}

TEST(CheckWriter, JsonTextIsTheDumpedValue) {
  const Checked c = checked();
  // Outcomes: in-a on now (s1, s2), in-a on plan (s2), apart on now (none:
  // both ends in b), apart on plan (s1 -> s2 crosses a and b).
  ASSERT_EQ(c.result.outcomes.size(), 4U);
  EXPECT_EQ(c.result.outcomes[0].violations.size(), 2U);
  EXPECT_EQ(c.result.outcomes[2].violations.size(), 0U);
  EXPECT_EQ(check_json_text(c.model, c.rules, c.result, ""),
            check_json(c.model, c.rules, c.result, "").dump(2) + "\n");
}

TEST(CheckWriter, CulpritsSayWhatPlacedThem) {
  const Checked c = checked();
  const Resolved& now = c.model.structures[0];
  const Resolved& plan = c.model.structures[1];
  EXPECT_EQ(culprit_text(c.model, c.rules.rules[0], now, c.result.outcomes[0].violations[0], ""),
            "First \"one\" (s1), in b; placed by /structures/0/assign/s1");
  EXPECT_EQ(culprit_text(c.model, c.rules.rules[0], plan, c.result.outcomes[1].violations[0], ""),
            "s2, in b; placed by /structures/0/assign/s2");
  // The moved end of the crossing dependency was placed by plan's change 0;
  // the dependency itself meets at the root, depth 0.
  const Violation& crossing = c.result.outcomes[3].violations.at(0);
  EXPECT_EQ(crossing.key, "dependency:s1->s2");
  EXPECT_EQ(culprit_text(c.model, c.rules.rules[1], plan, crossing, ""),
            "s1 -> s2, weight 2, meeting at root (depth 0)");
  const nlohmann::json j = check_json(c.model, c.rules, c.result, "");
  EXPECT_EQ(j["outcomes"][3]["violations"][0]["from"]["placed_by"]["pointer"],
            "/structures/1/changes/0");
  EXPECT_EQ(j["outcomes"][3]["status"], "warning");
  EXPECT_EQ(j["summary"]["new_violations"], 3);  // the warning's one is not counted
}

TEST(CheckWriter, ColourOnlyWhenAsked) {
  const Checked c = checked();
  const std::string plain = check_text(c.model, c.rules, c.result, "", false);
  const std::string coloured = check_text(c.model, c.rules, c.result, "", true);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  EXPECT_NE(coloured.find("\x1b[1;31mFAILS"), std::string::npos);
  // The description's line break is shown escaped, not obeyed.
  EXPECT_NE(plain.find("a line\\x0Abreak"), std::string::npos);
}

// `descriptions` by language tag; --lang picks one, else `description`.
TEST(CheckWriter, DescriptionsInTheLanguageAsked) {
  const Model model = testing::model_from(kModel);
  const RuleSet rules = testing::rules_from(model, R"([
    {"id": "in-a", "type": "domain-owner", "domain": "sec", "unit": "a",
     "description": "in A", "descriptions": {"ko": "A 안에"}}])");
  const CheckResult result = check_rules(model, rules, {0});
  EXPECT_NE(check_text(model, rules, result, "ko", false).find("in-a: A 안에 ("),
            std::string::npos);
  EXPECT_NE(check_text(model, rules, result, "fr", false).find("in-a: in A ("),
            std::string::npos);
}

TEST(CheckWriter, JunitCountsItsCases) {
  const Checked c = checked();
  const std::string xml = check_junit(c.model, c.rules, c.result, "");
  // 2 structures x 2 rules; in-a fails on both; apart is a warning on plan.
  EXPECT_NE(xml.find("<testsuites name=\"policygraph check rules.json\" tests=\"4\" "
                     "failures=\"2\" errors=\"0\" skipped=\"1\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"now\" tests=\"2\" failures=\"1\" errors=\"0\" "
                     "skipped=\"0\">"),
            std::string::npos);
  EXPECT_NE(xml.find("a line&#10;break and &quot;quotes&quot;"), std::string::npos)
      << "an attribute keeps its line break as a reference";
}

}  // namespace
}  // namespace policygraph
