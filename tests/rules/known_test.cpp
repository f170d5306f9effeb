// Tests of the known-violations ratchet (docs/check.md, "Known
// violations"): a baseline accepted on one version of a model, then a fix
// and a new violation, then the new one fixed; stale entries; the file's
// text and reading it back.
#include <gtest/gtest.h>

#include <algorithm>
#include <policygraph/load/rules_reader.hpp>
#include <policygraph/rules/check.hpp>
#include <string>
#include <vector>

#include "test_util.hpp"

namespace policygraph {
namespace {

using Known = std::vector<KnownViolation>;


/// Every violation of a result as "RULE STRUCTURE CULPRIT known|new".
std::vector<std::string> found(const Model& m, const RuleSet& rules, const CheckResult& r) {
  std::vector<std::string> out;
  for (const RuleOutcome& o : r.outcomes) {
    for (const Violation& v : o.violations) {
      out.push_back(rules.rules[o.rule].id + " " + m.structures[o.structure].id + " " + v.key +
                    (v.known ? " known" : " new"));
    }
  }
  return out;
}

using Lines = std::vector<std::string>;

// The rules of the ratchet: d under home (an error), no unit deeper than 1
// (a warning).
constexpr const char* kRules = R"([
  {"id": "home-owns-d", "type": "domain-owner", "domain": "d", "unit": "home"},
  {"id": "shallow", "type": "depth", "max": 1, "severity": "warning"}])";

// Three versions of one model; one structure "current":
//   root ── home, root ── away ── deep (depth 2: breaks "shallow" in all three)
//   v1: k1 home, k2 away, k3 deep      -> k2, k3 outside home; deep: 3 violations
//   v2: k2 moved home (fixed); new k4 in away -> k3, k4; deep
//   v3: k4 moved home too              -> k3; deep
std::string version(const std::string& functions, const std::string& assign) {
  return R"({"format": "policygraph/1", "domains": [{"id": "d"}], "functions": [)" + functions +
         R"(], "dependencies": [], "structures": [{"id": "current", "units": [
           {"id": "root"}, {"id": "home", "parent": "root"}, {"id": "away", "parent": "root"},
           {"id": "deep", "parent": "away"}], "assign": {)" +
         assign + "}}]}";
}

const std::string kThree = R"({"id": "k1", "domains": ["d"]}, {"id": "k2", "domains": ["d"]},
                              {"id": "k3", "domains": ["d"]})";
const std::string kFour = kThree + R"(, {"id": "k4", "domains": ["d"]})";

TEST(KnownViolationsRatchet, ThreeVersionsOfOneModel) {
  // v1: the baseline.
  const Model v1 =
      testing::model_from(version(kThree, R"("k1": "home", "k2": "away", "k3": "deep")"));
  const RuleSet rules1 = testing::rules_from(v1, kRules);
  const CheckResult first = check_rules(v1, rules1, {});
  EXPECT_EQ(found(v1, rules1, first),
            (Lines{"home-owns-d current function:k2 new", "home-owns-d current function:k3 new",
                   "shallow current unit:deep new"}));
  EXPECT_EQ(first.failing(rules1), 2U);  // the warning does not fail
  EXPECT_FALSE(first.with_known);

  const Known baseline = updated_known(v1, rules1, first, {}, /*accept_new=*/true);
  const Known expected_baseline{{"home-owns-d", "current", "function:k2"},
                                {"home-owns-d", "current", "function:k3"},
                                {"shallow", "current", "unit:deep"}};  // warnings included
  EXPECT_EQ(baseline, expected_baseline);

  const CheckResult against_baseline = check_rules(v1, rules1, {}, &baseline);
  EXPECT_TRUE(against_baseline.with_known);
  EXPECT_EQ(against_baseline.failing(rules1), 0U);
  EXPECT_TRUE(against_baseline.stale.empty());
  EXPECT_EQ(found(v1, rules1, against_baseline),
            (Lines{"home-owns-d current function:k2 known", "home-owns-d current function:k3 known",
                   "shallow current unit:deep known"}));

  // v2: k2 fixed, k4 new.
  const Model v2 = testing::model_from(
      version(kFour, R"("k1": "home", "k2": "home", "k3": "deep", "k4": "away")"));
  const RuleSet rules2 = testing::rules_from(v2, kRules);
  const CheckResult second = check_rules(v2, rules2, {}, &baseline);
  EXPECT_EQ(found(v2, rules2, second),
            (Lines{"home-owns-d current function:k3 known", "home-owns-d current function:k4 new",
                   "shallow current unit:deep known"}));
  EXPECT_EQ(second.failing(rules2), 1U);
  EXPECT_EQ(second.outcomes[0].new_violations(), 1U);
  EXPECT_EQ(second.stale, (Known{{"home-owns-d", "current", "function:k2"}}));
  // --update-known alone: the stale entry goes, the new one is not added.
  EXPECT_EQ(
      updated_known(v2, rules2, second, baseline, false),
      (Known{{"home-owns-d", "current", "function:k3"}, {"shallow", "current", "unit:deep"}}));
  // With --accept-new: the new one is added too.
  EXPECT_EQ(updated_known(v2, rules2, second, baseline, true),
            (Known{{"home-owns-d", "current", "function:k3"},
                   {"home-owns-d", "current", "function:k4"},
                   {"shallow", "current", "unit:deep"}}));

  // v3: k4 fixed too; the baseline is still v1's.
  const Model v3 = testing::model_from(
      version(kFour, R"("k1": "home", "k2": "home", "k3": "deep", "k4": "home")"));
  const RuleSet rules3 = testing::rules_from(v3, kRules);
  const CheckResult third = check_rules(v3, rules3, {}, &baseline);
  EXPECT_EQ(found(v3, rules3, third),
            (Lines{"home-owns-d current function:k3 known", "shallow current unit:deep known"}));
  EXPECT_EQ(third.failing(rules3), 0U);
  EXPECT_EQ(third.stale, (Known{{"home-owns-d", "current", "function:k2"}}));
  const Known tidied = updated_known(v3, rules3, third, baseline, false);
  EXPECT_EQ(tidied, (Known{{"home-owns-d", "current", "function:k3"},
                           {"shallow", "current", "unit:deep"}}));
  EXPECT_EQ(tidied.size(), baseline.size() - 1);  // removed one, added none

  const CheckResult after_tidying = check_rules(v3, rules3, {}, &tidied);
  EXPECT_EQ(after_tidying.failing(rules3), 0U);
  EXPECT_TRUE(after_tidying.stale.empty());
  EXPECT_EQ(updated_known(v3, rules3, after_tidying, tidied, false), tidied);
}

// Two structures: old (k2 away) and current (k2 home); d under home.
//   old:     k1 home, k2 away  -> function:k2
//   current: k1 home, k2 home  -> nothing
constexpr const char* kTwoStructures = R"({
  "format": "policygraph/1",
  "domains": [{"id": "d"}],
  "functions": [{"id": "k1", "domains": ["d"]}, {"id": "k2", "domains": ["d"]}],
  "dependencies": [],
  "structures": [
    {"id": "old", "units": [{"id": "root"}, {"id": "home", "parent": "root"},
                            {"id": "away", "parent": "root"}],
     "assign": {"k1": "home", "k2": "away"}},
    {"id": "current", "base": "old", "changes": [
       {"op": "move-function", "function": "k2", "to": "home"}]}]})";

// An entry about `old` that no longer occurs there (k1 is at home) is left
// alone while only `current` is checked, and is stale once `old` is checked.
TEST(KnownViolations, AnEntryForAStructureNotCheckedIsNotStaleAndIsKept) {
  const Model m = testing::model_from(kTwoStructures);
  const RuleSet rules = testing::rules_from(m, R"([
    {"id": "home-owns-d", "type": "domain-owner", "domain": "d", "unit": "home"}])");
  const Known known{{"home-owns-d", "old", "function:k1"}, {"home-owns-d", "old", "function:k2"}};
  const Index current = *m.find_structure("current");
  const Index old = *m.find_structure("old");

  const CheckResult only_current = check_rules(m, rules, {current}, &known);
  EXPECT_TRUE(only_current.stale.empty());
  EXPECT_EQ(only_current.failing(rules), 0U);
  EXPECT_EQ(updated_known(m, rules, only_current, known, false), known);
  EXPECT_EQ(updated_known(m, rules, only_current, known, true), known);

  const CheckResult only_old = check_rules(m, rules, {old}, &known);
  EXPECT_EQ(found(m, rules, only_old), (Lines{"home-owns-d old function:k2 known"}));
  EXPECT_EQ(only_old.stale, (Known{{"home-owns-d", "old", "function:k1"}}));
  EXPECT_EQ(updated_known(m, rules, only_old, known, false),
            (Known{{"home-owns-d", "old", "function:k2"}}));
}

// An entry whose rule is not in the rules file, or whose structure is not
// in the model, is stale even when only `current` is checked.
TEST(KnownViolations, AnEntryWhoseRuleOrStructureIsGoneIsStale) {
  const Model m = testing::model_from(kTwoStructures);
  const RuleSet rules = testing::rules_from(m, R"([
    {"id": "home-owns-d", "type": "domain-owner", "domain": "d", "unit": "home"}])");
  const Known known{{"retired-rule", "old", "function:k2"},
                    {"home-owns-d", "gone", "function:k2"},
                    {"home-owns-d", "old", "function:k2"}};
  const CheckResult r = check_rules(m, rules, {*m.find_structure("current")}, &known);
  EXPECT_EQ(r.stale, (Known{{"home-owns-d", "gone", "function:k2"},
                            {"retired-rule", "old", "function:k2"}}));  // sorted
  EXPECT_EQ(updated_known(m, rules, r, known, false),
            (Known{{"home-owns-d", "old", "function:k2"}}));

  // Checking everything: the same two stale, old's entry found.
  const CheckResult all = check_rules(m, rules, {}, &known);
  EXPECT_EQ(all.stale, r.stale);
  EXPECT_EQ(found(m, rules, all), (Lines{"home-owns-d old function:k2 known"}));
}

// Sorted by rule, then structure, then culprit; one entry per line; the same
// bytes whatever the order given.
TEST(KnownViolations, KnownTextIsSortedOneEntryPerLineInAnyOrder) {
  const Known entries{{"r2", "a", "function:a"},
                      {"r1", "z", "unit:z"},
                      {"r1", "b", "function:z"},
                      {"r1", "b", "dependency:x->y"}};
  const std::string expected =
      "{\n"
      "  \"format\": \"policygraph-known/1\",\n"
      "  \"violations\": [\n"
      "    {\"rule\": \"r1\", \"structure\": \"b\", \"culprit\": \"dependency:x->y\"},\n"
      "    {\"rule\": \"r1\", \"structure\": \"b\", \"culprit\": \"function:z\"},\n"
      "    {\"rule\": \"r1\", \"structure\": \"z\", \"culprit\": \"unit:z\"},\n"
      "    {\"rule\": \"r2\", \"structure\": \"a\", \"culprit\": \"function:a\"}\n"
      "  ]\n"
      "}\n";
  EXPECT_EQ(known_text(entries), expected);
  Known shuffled = entries;
  std::sort(shuffled.begin(), shuffled.end());
  do {
    EXPECT_EQ(known_text(shuffled), expected);
  } while (std::next_permutation(shuffled.begin(), shuffled.end()));
}

TEST(KnownViolations, ReadKnownRoundTripsKnownText) {
  const Known entries{{"r2", "after", "metric:depth"},
                      {"r1", "before", "dependency:a->b"},
                      {"r1", "before", "domain:d"}};
  Diagnostics d;
  Known back = read_known(known_text(entries), "known.json", d);
  std::sort(back.begin(), back.end());
  Known sorted = entries;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(back, sorted);
  EXPECT_FALSE(d.has_errors());

  Diagnostics empty_d;
  EXPECT_TRUE(read_known(known_text({}), "known.json", empty_d).empty());
  EXPECT_FALSE(empty_d.has_errors());
}

/// The errors read_known reports for `text`, as "POINTER: MESSAGE".
std::vector<std::string> known_errors(const std::string& text) {
  Diagnostics d;
  std::vector<std::string> out;
  try {
    (void)read_known(text, "known.json", d);
    ADD_FAILURE() << "no ModelError for " << text;
  } catch (const ModelError& e) {
    for (const Diagnostic& x : e.diagnostics().all()) {
      EXPECT_EQ(x.file, "known.json");
      EXPECT_TRUE(x.has_pointer) << x.to_string();
      out.push_back(x.pointer + ": " + x.message);
    }
  }
  return out;
}

TEST(KnownViolationsReader, WrongFormat) {
  EXPECT_EQ(known_errors(R"({"format": "policygraph-known/2", "violations": []})"),
            (Lines{R"(/format: format "policygraph-known/2" is not "policygraph-known/1")"}));
  EXPECT_EQ(known_errors(R"({"violations": []})"), (Lines{R"(: missing key "format")"}));
}

TEST(KnownViolationsReader, MissingKey) {
  EXPECT_EQ(known_errors(R"({"format": "policygraph-known/1",
      "violations": [{"rule": "r", "structure": "s"}]})"),
            (Lines{R"(/violations/0: missing key "culprit")"}));
  EXPECT_EQ(known_errors(R"({"format": "policygraph-known/1"})"),
            (Lines{R"(: missing key "violations")"}));
}

TEST(KnownViolationsReader, UnknownKey) {
  EXPECT_EQ(
      known_errors(R"({"format": "policygraph-known/1", "violations": [
      {"rule": "r", "structure": "s", "culprit": "unit:u"},
      {"rule": "r", "structure": "s", "culprit": "unit:v", "note": "why"}]})"),
      (Lines{
          R"(/violations/1/note: unknown key "note": an entry has "rule", "structure" and "culprit")"}));
}

TEST(KnownViolationsReader, AnEntryGivenTwice) {
  EXPECT_EQ(known_errors(R"({"format": "policygraph-known/1", "violations": [
      {"rule": "r", "structure": "s", "culprit": "unit:u"},
      {"rule": "r", "structure": "s", "culprit": "unit:v"},
      {"culprit": "unit:u", "structure": "s", "rule": "r"}]})"),
            (Lines{"/violations/2: this violation is listed twice (first at /violations/0)"}));
}

}  // namespace
}  // namespace policygraph
