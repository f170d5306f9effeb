// Tests of check_rules (docs/check.md): every rule type on small models
// worked out by hand, each both holding and violated, with the exact list
// of culprit keys and the outcome's figure; what placed each culprit
// (Model::function_placement and unit_placement); severity; the choice of
// structures.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <policygraph/load/rules_reader.hpp>
#include <policygraph/rules/check.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "test_util.hpp"

namespace policygraph {
namespace {

// ---------------------------------------------------------------------------
// Helpers.


Index structure(const Model& m, std::string_view id) {
  const auto s = m.find_structure(id);
  EXPECT_TRUE(s.has_value()) << "no structure " << id;
  return s.value_or(0);
}

Index unit(const Model& m, std::string_view id) {
  const auto u = m.find_unit(id);
  EXPECT_TRUE(u.has_value()) << "no unit " << id;
  return u.value_or(kNone);
}

Index function(const Model& m, std::string_view id) {
  const auto f = m.find_function(id);
  EXPECT_TRUE(f.has_value()) << "no function " << id;
  return f.value_or(kNone);
}

Index domain(const Model& m, std::string_view id) {
  const auto d = m.find_domain(id);
  EXPECT_TRUE(d.has_value()) << "no domain " << id;
  return d.value_or(kNone);
}

/// The one rule `rule` (a JSON object) checked on the one structure `s`.
RuleOutcome check_one(const Model& m, const std::string& rule, std::string_view s) {
  const RuleSet rules = testing::rules_from(m, "[" + rule + "]");
  const CheckResult result = check_rules(m, rules, {structure(m, s)});
  EXPECT_EQ(result.outcomes.size(), 1U);
  if (result.outcomes.empty()) return {};
  EXPECT_EQ(result.outcomes[0].structure, structure(m, s));
  EXPECT_EQ(result.outcomes[0].rule, 0U);
  return result.outcomes[0];
}

std::vector<std::string> keys(const RuleOutcome& o) {
  std::vector<std::string> out;
  for (const Violation& v : o.violations) out.push_back(v.key);
  return out;
}

using Keys = std::vector<std::string>;

const Violation& violation(const RuleOutcome& o, std::string_view key) {
  for (const Violation& v : o.violations) {
    if (v.key == key) return v;
  }
  ADD_FAILURE() << "no violation " << key;
  static const Violation none;
  return none;
}

// ---------------------------------------------------------------------------
// The model most tests use. Three structures:
//
//   s (full form)                       owners                 tower
//   root (ministry)                     -                      d1: a
//   ├── a (office)                      f5                     d3: b
//   │   ├── a1 (bureau)                 f1
//   │   └── a2 (bureau)                 f2
//   ├── b (office)                      -
//   │   └── b1 (bureau)                 f3 g1
//   └── c (office)                      f4
//
//   t = s with c removed, its function f4 going to b:
//       root ── a (f5) ── a1 (f1), a2 (f2);  root ── b (f4) ── b1 (f3 g1)
//   u = s with d2's tower at c, and headcounts a 12, b 3.
//
// Domains: d1 = {f1 f2 f3 f4 f5}, d2 = {g1}, d3 = {h1}; h1 is absent from
// every structure (assigned nowhere).
//
// Dependencies (from->to weight): f1->f2 2, f5->f1 1, f2->f3 1, f3->f4 1,
// f4->f5 1, g1->f3 3. Where they meet in s (lowest common ancestor, depth):
//   f1->f2  a1,a2 -> a     1        f3->f4  b1,c  -> root  0
//   f5->f1  a,a1  -> a     1        f4->f5  c,a   -> root  0
//   f2->f3  a2,b1 -> root  0        g1->f3  b1,b1 -> b1    2
constexpr const char* kModel = R"({
  "format": "policygraph/1",
  "domains": [{"id": "d1"}, {"id": "d2"}, {"id": "d3"}],
  "functions": [
    {"id": "f1", "domains": ["d1"]}, {"id": "f2", "domains": ["d1"]},
    {"id": "f3", "domains": ["d1"]}, {"id": "f4", "domains": ["d1"]},
    {"id": "f5", "domains": ["d1"]}, {"id": "g1", "domains": ["d2"]},
    {"id": "h1", "domains": ["d3"]}],
  "dependencies": [
    {"from": "f1", "to": "f2", "weight": 2}, {"from": "f5", "to": "f1"},
    {"from": "f2", "to": "f3"}, {"from": "f3", "to": "f4"}, {"from": "f4", "to": "f5"},
    {"from": "g1", "to": "f3", "weight": 3}],
  "structures": [
    {"id": "s", "units": [
       {"id": "root", "kind": "ministry"},
       {"id": "a", "parent": "root", "kind": "office"},
       {"id": "a1", "parent": "a", "kind": "bureau"},
       {"id": "a2", "parent": "a", "kind": "bureau"},
       {"id": "b", "parent": "root", "kind": "office"},
       {"id": "b1", "parent": "b", "kind": "bureau"},
       {"id": "c", "parent": "root", "kind": "office"}],
     "assign": {"f1": "a1", "f2": "a2", "f3": "b1", "f4": "c", "f5": "a", "g1": "b1"},
     "control_towers": {"d1": "a", "d3": "b"}},
    {"id": "t", "base": "s", "changes": [
       {"op": "remove-unit", "unit": "c", "functions_to": "b"}]},
    {"id": "u", "base": "s", "changes": [
       {"op": "set-control-tower", "domain": "d2", "unit": "c"},
       {"op": "update-unit", "unit": "a", "headcount": 12},
       {"op": "update-unit", "unit": "b", "headcount": 3}]}
  ]})";

class CheckRules : public ::testing::Test {
 protected:
  Model m = testing::model_from(kModel);
};

// ---------------------------------------------------------------------------
// domain-branches

// d1 in s by branch: a {f1 f2 f5} 3, b {f3} 1, c {f4} 1: three branches.
TEST_F(CheckRules, DomainBranchesHoldsWithinMax) {
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "domain-branches", "domain": "d1", "max": 3})", "s");
  EXPECT_TRUE(o.holds());
  ASSERT_TRUE(o.figure.has_value());
  EXPECT_DOUBLE_EQ(*o.figure, 3);
}

// max 1: a (3 functions) is kept; f3 (in b) and f4 (in c) would have to move.
TEST_F(CheckRules, DomainBranchesCulpritsAreTheFunctionsOutsideTheLargestBranches) {
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "domain-branches", "domain": "d1", "max": 1})", "s");
  EXPECT_EQ(keys(o), (Keys{"function:f3", "function:f4"}));
  ASSERT_TRUE(o.figure.has_value());
  EXPECT_DOUBLE_EQ(*o.figure, 3);
  const Violation& v = violation(o, "function:f3");
  EXPECT_EQ(v.kind, CulpritKind::kFunction);
  EXPECT_EQ(v.function, function(m, "f3"));
  EXPECT_EQ(v.unit, unit(m, "b1"));  // the owner, not the branch
  EXPECT_EQ(v.domain, domain(m, "d1"));
  EXPECT_EQ(violation(o, "function:f4").unit, unit(m, "c"));
}

// max 2: a (3) is kept, then b and c tie at 1 and the smaller id, b, is
// kept: only f4 (in c) is a culprit.
TEST_F(CheckRules, DomainBranchesTiesKeepTheSmallerUnitId) {
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "domain-branches", "domain": "d1", "max": 2})", "s");
  EXPECT_EQ(keys(o), (Keys{"function:f4"}));
  ASSERT_TRUE(o.figure.has_value());
  EXPECT_DOUBLE_EQ(*o.figure, 3);
}

// In t, c is gone and f4 is in b: a {f1 f2 f5}, b {f3 f4}: two branches;
// max 1 keeps a, so f3 and f4 are the culprits, figure 2.
TEST_F(CheckRules, DomainBranchesAfterAReform) {
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "domain-branches", "domain": "d1", "max": 1})", "t");
  EXPECT_EQ(keys(o), (Keys{"function:f3", "function:f4"}));
  ASSERT_TRUE(o.figure.has_value());
  EXPECT_DOUBLE_EQ(*o.figure, 2);
}

// With level 2, each function belongs to its owner's ancestor at depth 2,
// or to its owner when that is shallower: f1 a1, f2 a2, f3 b1, f4 c, f5 a.
// Five units of one function each. max 4 keeps the four smallest ids
// (a < a1 < a2 < b1 < c), so f4 (in c) is the culprit; max 5 holds.
TEST_F(CheckRules, DomainBranchesWithLevelCountsUnitsAtThatLevel) {
  const RuleOutcome violated = check_one(
      m, R"({"id": "r", "type": "domain-branches", "domain": "d1", "level": 2, "max": 4})", "s");
  EXPECT_EQ(keys(violated), (Keys{"function:f4"}));
  ASSERT_TRUE(violated.figure.has_value());
  EXPECT_DOUBLE_EQ(*violated.figure, 5);

  const RuleOutcome holds = check_one(
      m, R"({"id": "r", "type": "domain-branches", "domain": "d1", "level": 2, "max": 5})", "s");
  EXPECT_TRUE(holds.holds());
  ASSERT_TRUE(holds.figure.has_value());
  EXPECT_DOUBLE_EQ(*holds.figure, 5);

  // Level 1 is the top-level branches again: a, b, c.
  const RuleOutcome level1 = check_one(
      m, R"({"id": "r", "type": "domain-branches", "domain": "d1", "level": 1, "max": 1})", "s");
  EXPECT_EQ(keys(level1), (Keys{"function:f3", "function:f4"}));
  ASSERT_TRUE(level1.figure.has_value());
  EXPECT_DOUBLE_EQ(*level1.figure, 3);
}

// A function owned by the root counts as the root's branch: r1 at the root,
// z1 and z2 in branch z make two branches. max 1 keeps z (2 functions), so
// r1 is the culprit.
TEST(CheckRulesDomainBranches, AFunctionOwnedByTheRootIsTheRootsBranch) {
  const Model m = testing::model_from(R"({
    "format": "policygraph/1",
    "domains": [{"id": "d"}],
    "functions": [{"id": "r1", "domains": ["d"]}, {"id": "z1", "domains": ["d"]},
                  {"id": "z2", "domains": ["d"]}],
    "dependencies": [],
    "structures": [{"id": "s", "units": [{"id": "root"}, {"id": "z", "parent": "root"},
                                         {"id": "z-team", "parent": "z"}],
                    "assign": {"r1": "root", "z1": "z", "z2": "z-team"}}]})");
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "domain-branches", "domain": "d", "max": 1})", "s");
  EXPECT_EQ(keys(o), (Keys{"function:r1"}));
  ASSERT_TRUE(o.figure.has_value());
  EXPECT_DOUBLE_EQ(*o.figure, 2);
  const RuleOutcome holds =
      check_one(m, R"({"id": "r", "type": "domain-branches", "domain": "d", "max": 2})", "s");
  EXPECT_TRUE(holds.holds());
}

// ---------------------------------------------------------------------------
// domain-owner

// d2 = {g1}, in b1, under b: holds, 0 outside.
TEST_F(CheckRules, DomainOwnerHolds) {
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "domain-owner", "domain": "d2", "unit": "b"})", "s");
  EXPECT_TRUE(o.holds());
  ASSERT_TRUE(o.figure.has_value());
  EXPECT_DOUBLE_EQ(*o.figure, 0);
}

// d1 under a: f1 (a1), f2 (a2), f5 (a) are inside; f3 (b1) and f4 (c) outside.
TEST_F(CheckRules, DomainOwnerCulpritsAreTheFunctionsOutside) {
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "domain-owner", "domain": "d1", "unit": "a"})", "s");
  EXPECT_EQ(keys(o), (Keys{"function:f3", "function:f4"}));
  ASSERT_TRUE(o.figure.has_value());
  EXPECT_DOUBLE_EQ(*o.figure, 2);
  EXPECT_EQ(violation(o, "function:f3").unit, unit(m, "b1"));
  EXPECT_EQ(violation(o, "function:f3").domain, domain(m, "d1"));
}

// d1 under c: in s only f4 is inside (4 outside); t has no c, so all five
// functions of d1 are outside.
TEST_F(CheckRules, DomainOwnerInAStructureWithoutTheUnitEveryFunctionIsOutside) {
  const std::string rule = R"({"id": "r", "type": "domain-owner", "domain": "d1", "unit": "c"})";
  const RuleOutcome in_s = check_one(m, rule, "s");
  EXPECT_EQ(keys(in_s), (Keys{"function:f1", "function:f2", "function:f3", "function:f5"}));
  ASSERT_TRUE(in_s.figure.has_value());
  EXPECT_DOUBLE_EQ(*in_s.figure, 4);

  const RuleOutcome in_t = check_one(m, rule, "t");
  EXPECT_EQ(keys(in_t),
            (Keys{"function:f1", "function:f2", "function:f3", "function:f4", "function:f5"}));
  ASSERT_TRUE(in_t.figure.has_value());
  EXPECT_DOUBLE_EQ(*in_t.figure, 5);
}

// ---------------------------------------------------------------------------
// tower-coverage

// d1's tower a holds f1, f2, f5 of its five functions: 3/5 = 0.6.
TEST_F(CheckRules, TowerCoverageOfANamedDomainHolds) {
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "tower-coverage", "domain": "d1", "min": 0.6})", "s");
  EXPECT_TRUE(o.holds());
  ASSERT_TRUE(o.figure.has_value());
  EXPECT_DOUBLE_EQ(*o.figure, 0.6);
  // Within the relative tolerance of 10^-9: 0.6 meets 0.6000000001.
  const RuleOutcome near = check_one(
      m, R"({"id": "r", "type": "tower-coverage", "domain": "d1", "min": 0.6000000001})", "s");
  EXPECT_TRUE(near.holds());
}

// min 0.7 > 0.6: the functions outside a's subtree, f3 and f4, are culprits.
TEST_F(CheckRules, TowerCoverageOfANamedDomainViolated) {
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "tower-coverage", "domain": "d1", "min": 0.7})", "s");
  EXPECT_EQ(keys(o), (Keys{"function:f3", "function:f4"}));
  ASSERT_TRUE(o.figure.has_value());
  EXPECT_DOUBLE_EQ(*o.figure, 0.6);
  EXPECT_EQ(violation(o, "function:f4").domain, domain(m, "d1"));
  // Beyond the tolerance: 0.601 is not met.
  const RuleOutcome just =
      check_one(m, R"({"id": "r", "type": "tower-coverage", "domain": "d1", "min": 0.601})", "s");
  EXPECT_EQ(keys(just), (Keys{"function:f3", "function:f4"}));
}

// Without domain, every domain with a tower in the structure. In s: d1
// (0.6) and d3 (no function present: holds); d2 has no tower and is not
// checked. In u, d2's tower is c and g1 (in b1) is outside: coverage 0.
TEST_F(CheckRules, TowerCoverageWithoutDomainChecksEveryDomainWithATower) {
  const std::string rule = R"({"id": "r", "type": "tower-coverage", "min": 0.7})";
  EXPECT_EQ(keys(check_one(m, rule, "s")), (Keys{"function:f3", "function:f4"}));
  const RuleOutcome in_u = check_one(m, rule, "u");
  EXPECT_EQ(keys(in_u), (Keys{"function:f3", "function:f4", "function:g1"}));
  EXPECT_EQ(violation(in_u, "function:g1").domain, domain(m, "d2"));
  EXPECT_EQ(violation(in_u, "function:f3").domain, domain(m, "d1"));

  // min 0.5: d1 (0.6) holds, d2 (0) does not.
  EXPECT_EQ(keys(check_one(m, R"({"id": "r", "type": "tower-coverage", "min": 0.5})", "u")),
            (Keys{"function:g1"}));
  EXPECT_TRUE(check_one(m, R"({"id": "r", "type": "tower-coverage", "min": 0.5})", "s").holds());
}

// d2 has no tower in s: one violation, the domain itself. In u its tower is
// c, which does not hold g1.
TEST_F(CheckRules, TowerCoverageOfANamedDomainWithoutATowerIsTheDomain) {
  const std::string rule = R"({"id": "r", "type": "tower-coverage", "domain": "d2", "min": 0.5})";
  const RuleOutcome in_s = check_one(m, rule, "s");
  EXPECT_EQ(keys(in_s), (Keys{"domain:d2"}));
  ASSERT_EQ(in_s.violations.size(), 1U);
  EXPECT_EQ(in_s.violations[0].kind, CulpritKind::kDomain);
  EXPECT_EQ(in_s.violations[0].domain, domain(m, "d2"));
  EXPECT_EQ(keys(check_one(m, rule, "u")), (Keys{"function:g1"}));
}

// d3's only function h1 is absent: the rule holds even at min 1.
TEST_F(CheckRules, TowerCoverageOfADomainWithNoFunctionPresentHolds) {
  EXPECT_TRUE(
      check_one(m, R"({"id": "r", "type": "tower-coverage", "domain": "d3", "min": 1})", "s")
          .holds());
}

// ---------------------------------------------------------------------------
// tower-internal-share

// The dependencies between d1's functions: f1->f2 2 and f5->f1 1 inside a's
// subtree; f2->f3 1 and f4->f5 1 with one end outside; f3->f4 1 with both
// ends outside. g1->f3 is not between d1's functions. Share 3/6 = 0.5.
TEST_F(CheckRules, TowerInternalShareHolds) {
  const RuleOutcome o = check_one(
      m, R"({"id": "r", "type": "tower-internal-share", "domain": "d1", "min": 0.5})", "s");
  EXPECT_TRUE(o.holds());
  ASSERT_TRUE(o.figure.has_value());
  EXPECT_DOUBLE_EQ(*o.figure, 0.5);
}

TEST_F(CheckRules, TowerInternalShareCulpritsAreTheDependenciesWithAnEndOutside) {
  const RuleOutcome o = check_one(
      m, R"({"id": "r", "type": "tower-internal-share", "domain": "d1", "min": 0.6})", "s");
  EXPECT_EQ(keys(o), (Keys{"dependency:f2->f3", "dependency:f3->f4", "dependency:f4->f5"}));
  ASSERT_TRUE(o.figure.has_value());
  EXPECT_DOUBLE_EQ(*o.figure, 0.5);
  const Violation& v = violation(o, "dependency:f2->f3");
  EXPECT_EQ(v.kind, CulpritKind::kDependency);
  EXPECT_DOUBLE_EQ(v.weight, 1);
  EXPECT_EQ(v.domain, domain(m, "d1"));
  // Without domain: d1 as above, d3 has no function present.
  EXPECT_EQ(keys(check_one(m, R"({"id": "r", "type": "tower-internal-share", "min": 0.6})", "s")),
            (Keys{"dependency:f2->f3", "dependency:f3->f4", "dependency:f4->f5"}));
  // A named domain without a tower.
  EXPECT_EQ(
      keys(check_one(
          m, R"({"id": "r", "type": "tower-internal-share", "domain": "d2", "min": 0.6})", "s")),
      (Keys{"domain:d2"}));
}

// ---------------------------------------------------------------------------
// escalation

// Weight >= 1 meeting above depth 1 (at the root): f2->f3, f3->f4, f4->f5.
TEST_F(CheckRules, EscalationCulpritsMeetAboveTheDepth) {
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "escalation", "min_weight": 1, "min_depth": 1})", "s");
  EXPECT_EQ(keys(o), (Keys{"dependency:f2->f3", "dependency:f3->f4", "dependency:f4->f5"}));
  const Violation& v = violation(o, "dependency:f4->f5");
  EXPECT_EQ(v.unit, unit(m, "root"));
  EXPECT_DOUBLE_EQ(v.value, 0);  // the depth where it meets
  EXPECT_DOUBLE_EQ(v.weight, 1);
}

// Weight >= 2: f1->f2 (2, meets at a, depth 1) and g1->f3 (3, at b1, depth
// 2). Both at depth >= 1: holds. With min_depth 2, f1->f2 breaks it.
TEST_F(CheckRules, EscalationHoldsAndByDepth) {
  EXPECT_TRUE(
      check_one(m, R"({"id": "r", "type": "escalation", "min_weight": 2, "min_depth": 1})", "s")
          .holds());
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "escalation", "min_weight": 2, "min_depth": 2})", "s");
  EXPECT_EQ(keys(o), (Keys{"dependency:f1->f2"}));
  const Violation& v = violation(o, "dependency:f1->f2");
  EXPECT_DOUBLE_EQ(v.value, 1);
  EXPECT_DOUBLE_EQ(v.weight, 2);
  EXPECT_EQ(v.unit, unit(m, "a"));
}

// A dependency is the entries from one function to another, weights
// summed: x->y 2 + 2 = 4, y->x 2 on its own. x in p, y in q meet at the
// root. min_weight 3: only x->y; min_weight 5: nothing (the 6 of the
// undirected pair does not count). In `without-y`, y is absent: nothing
// counts.
TEST(CheckRulesEscalation, ADependencySumsTheEntriesFromOneFunctionToAnother) {
  const Model m = testing::model_from(R"({
    "format": "policygraph/1",
    "domains": [{"id": "d"}],
    "functions": [{"id": "x", "domains": ["d"]}, {"id": "y", "domains": ["d"]}],
    "dependencies": [{"from": "x", "to": "y", "weight": 2}, {"from": "x", "to": "y", "weight": 2},
                     {"from": "y", "to": "x", "weight": 2}],
    "structures": [
      {"id": "s", "units": [{"id": "root"}, {"id": "p", "parent": "root"},
                            {"id": "q", "parent": "root"}],
       "assign": {"x": "p", "y": "q"}},
      {"id": "without-y", "base": "s", "changes": [{"op": "drop-function", "function": "y"}]}]})");
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "escalation", "min_weight": 3, "min_depth": 1})", "s");
  EXPECT_EQ(keys(o), (Keys{"dependency:x->y"}));
  EXPECT_DOUBLE_EQ(violation(o, "dependency:x->y").weight, 4);
  EXPECT_TRUE(
      check_one(m, R"({"id": "r", "type": "escalation", "min_weight": 5, "min_depth": 1})", "s")
          .holds());
  EXPECT_EQ(keys(check_one(
                m, R"({"id": "r", "type": "escalation", "min_weight": 1, "min_depth": 1})", "s")),
            (Keys{"dependency:x->y", "dependency:y->x"}));
  EXPECT_TRUE(check_one(m, R"({"id": "r", "type": "escalation", "min_weight": 1, "min_depth": 1})",
                        "without-y")
                  .holds());
}

// ---------------------------------------------------------------------------
// forbidden

// a's subtree {f1 f2 f5}, b's {f3 g1}: f2->f3 joins them. b and c: f3->f4.
// a1 {f1} and c {f4}: no dependency between them.
TEST_F(CheckRules, ForbiddenBetweenTwoSeparateSubtrees) {
  EXPECT_EQ(keys(check_one(m, R"({"id": "r", "type": "forbidden", "from": "a", "to": "b"})", "s")),
            (Keys{"dependency:f2->f3"}));
  // Either direction: f3->f4 goes from b to c, and also counts from c to b.
  EXPECT_EQ(keys(check_one(m, R"({"id": "r", "type": "forbidden", "from": "c", "to": "b"})", "s")),
            (Keys{"dependency:f3->f4"}));
  EXPECT_TRUE(
      check_one(m, R"({"id": "r", "type": "forbidden", "from": "a1", "to": "c"})", "s").holds());
}

// t has no c: the rule holds there.
TEST_F(CheckRules, ForbiddenHoldsInAStructureWithoutOneOfTheUnits) {
  EXPECT_TRUE(
      check_one(m, R"({"id": "r", "type": "forbidden", "from": "b", "to": "c"})", "t").holds());
}

// a1 inside a: the inner part {f1} against the rest of a {f2 f5}: f1->f2
// and f5->f1, whichever is named first.
// b1 inside b: inner {f3 g1}, the rest of b owns nothing: f2->f3 joins b1 to
// something outside b and does not count; g1->f3 is inside b1: holds.
// b1 inside root: inner {f3 g1}, rest {f1 f2 f4 f5}: f2->f3 and f3->f4.
TEST_F(CheckRules, ForbiddenWithOneUnitInsideTheOther) {
  EXPECT_EQ(keys(check_one(m, R"({"id": "r", "type": "forbidden", "from": "a", "to": "a1"})", "s")),
            (Keys{"dependency:f1->f2", "dependency:f5->f1"}));
  EXPECT_EQ(keys(check_one(m, R"({"id": "r", "type": "forbidden", "from": "a1", "to": "a"})", "s")),
            (Keys{"dependency:f1->f2", "dependency:f5->f1"}));
  EXPECT_TRUE(
      check_one(m, R"({"id": "r", "type": "forbidden", "from": "b", "to": "b1"})", "s").holds());
  EXPECT_EQ(
      keys(check_one(m, R"({"id": "r", "type": "forbidden", "from": "root", "to": "b1"})", "s")),
      (Keys{"dependency:f2->f3", "dependency:f3->f4"}));
}

// ---------------------------------------------------------------------------
// independent

// a {f1 f2 f5}, b {f3 g1}, c {f4}: f2->f3 (a-b), f3->f4 (b-c), f4->f5 (c-a).
TEST_F(CheckRules, IndependentCulpritsJoinTwoListedSubtrees) {
  EXPECT_EQ(
      keys(check_one(m, R"({"id": "r", "type": "independent", "units": ["a", "b", "c"]})", "s")),
      (Keys{"dependency:f2->f3", "dependency:f3->f4", "dependency:f4->f5"}));
  // a1 {f1}, c {f4}: nothing between them.
  EXPECT_TRUE(
      check_one(m, R"({"id": "r", "type": "independent", "units": ["a1", "c"]})", "s").holds());
}

// a1 inside a is its own part: f1 belongs to a1, f2 and f5 to a; f1->f2 and
// f5->f1 cross. f3 and f4 belong to no listed unit: f2->f3 and f4->f5 do
// not count.
TEST_F(CheckRules, IndependentANestedListedUnitIsItsOwnPart) {
  EXPECT_EQ(keys(check_one(m, R"({"id": "r", "type": "independent", "units": ["a", "a1"]})", "s")),
            (Keys{"dependency:f1->f2", "dependency:f5->f1"}));
}

// In t, c is left out and f4 is in b: a {f1 f2 f5}, b {f3 f4 g1}: f2->f3 and
// f4->f5 cross; f3->f4 is now inside b.
TEST_F(CheckRules, IndependentLeavesOutAListedUnitTheStructureLacks) {
  EXPECT_EQ(
      keys(check_one(m, R"({"id": "r", "type": "independent", "units": ["a", "b", "c"]})", "t")),
      (Keys{"dependency:f2->f3", "dependency:f4->f5"}));
}

// ---------------------------------------------------------------------------
// span

// Children in s: root 3 (a b c), a 2 (a1 a2), b 1 (b1), the rest 0.
TEST_F(CheckRules, SpanWithoutKind) {
  const RuleOutcome o = check_one(m, R"({"id": "r", "type": "span", "max": 2})", "s");
  EXPECT_EQ(keys(o), (Keys{"unit:root"}));
  EXPECT_EQ(violation(o, "unit:root").kind, CulpritKind::kUnit);
  EXPECT_EQ(violation(o, "unit:root").unit, unit(m, "root"));
  EXPECT_DOUBLE_EQ(violation(o, "unit:root").value, 3);
  EXPECT_TRUE(check_one(m, R"({"id": "r", "type": "span", "max": 3})", "s").holds());
  // In t the root has two children.
  EXPECT_TRUE(check_one(m, R"({"id": "r", "type": "span", "max": 2})", "t").holds());
}

// Only offices: a has 2, b 1, c 0; the root (a ministry) is not looked at.
TEST_F(CheckRules, SpanWithKind) {
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "span", "max": 1, "kind": "office"})", "s");
  EXPECT_EQ(keys(o), (Keys{"unit:a"}));
  EXPECT_DOUBLE_EQ(violation(o, "unit:a").value, 2);
  EXPECT_TRUE(
      check_one(m, R"({"id": "r", "type": "span", "max": 0, "kind": "bureau"})", "s").holds());
}

// ---------------------------------------------------------------------------
// depth

// Depths: root 0; a b c 1; a1 a2 b1 2.
TEST_F(CheckRules, DepthCulpritsAreTheUnitsDeeper) {
  const RuleOutcome o = check_one(m, R"({"id": "r", "type": "depth", "max": 1})", "s");
  EXPECT_EQ(keys(o), (Keys{"unit:a1", "unit:a2", "unit:b1"}));
  EXPECT_DOUBLE_EQ(violation(o, "unit:b1").value, 2);
  EXPECT_TRUE(check_one(m, R"({"id": "r", "type": "depth", "max": 2})", "s").holds());
}

// ---------------------------------------------------------------------------
// unit-size

// Functions owned in s: a 1 (f5), a1 1, a2 1, b1 2 (f3 g1), c 1; root and b
// own none and, without kind, are not checked.
TEST_F(CheckRules, UnitSizeMinAndMax) {
  const RuleOutcome small = check_one(m, R"({"id": "r", "type": "unit-size", "min": 2})", "s");
  EXPECT_EQ(keys(small), (Keys{"unit:a", "unit:a1", "unit:a2", "unit:c"}));
  EXPECT_DOUBLE_EQ(violation(small, "unit:c").value, 1);

  const RuleOutcome large = check_one(m, R"({"id": "r", "type": "unit-size", "max": 1})", "s");
  EXPECT_EQ(keys(large), (Keys{"unit:b1"}));
  EXPECT_DOUBLE_EQ(violation(large, "unit:b1").value, 2);

  EXPECT_TRUE(check_one(m, R"({"id": "r", "type": "unit-size", "max": 2})", "s").holds());
  EXPECT_TRUE(check_one(m, R"({"id": "r", "type": "unit-size", "min": 1, "max": 2})", "s").holds());
}

// With kind, every unit of the kind, one owning none counting 0: offices a 1,
// b 0, c 1; bureaus a1 1, a2 1, b1 2.
TEST_F(CheckRules, UnitSizeWithKind) {
  const RuleOutcome offices =
      check_one(m, R"({"id": "r", "type": "unit-size", "min": 1, "kind": "office"})", "s");
  EXPECT_EQ(keys(offices), (Keys{"unit:b"}));
  EXPECT_DOUBLE_EQ(violation(offices, "unit:b").value, 0);

  EXPECT_EQ(
      keys(check_one(m, R"({"id": "r", "type": "unit-size", "min": 1, "max": 1, "kind": "bureau"})",
                     "s")),
      (Keys{"unit:b1"}));
  EXPECT_TRUE(
      check_one(m, R"({"id": "r", "type": "unit-size", "max": 2, "kind": "bureau"})", "s").holds());
}

// Level 1: a counts its subtree {f1 f2 f5} 3, b {f3 g1} 2, c {f4} 1; the
// root (depth 0) keeps only what it owns itself, 0; the bureaus (depth 2)
// are not checked.
TEST_F(CheckRules, UnitSizeWithLevel) {
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "unit-size", "min": 3, "level": 1})", "s");
  EXPECT_EQ(keys(o), (Keys{"unit:b", "unit:c"}));
  EXPECT_DOUBLE_EQ(violation(o, "unit:b").value, 2);
  EXPECT_DOUBLE_EQ(violation(o, "unit:c").value, 1);

  EXPECT_TRUE(
      check_one(m, R"({"id": "r", "type": "unit-size", "max": 3, "level": 1})", "s").holds());
  // Without the level, b1 (2) breaks max 1; with it, a (3) and b (2) do.
  EXPECT_EQ(keys(check_one(m, R"({"id": "r", "type": "unit-size", "max": 1, "level": 1})", "s")),
            (Keys{"unit:a", "unit:b"}));
  // Bureaus lie deeper than level 1: none is checked.
  EXPECT_TRUE(
      check_one(m, R"({"id": "r", "type": "unit-size", "min": 5, "kind": "bureau", "level": 1})",
                "s")
          .holds());
  // The root at level 1 owns nothing itself.
  const RuleOutcome root = check_one(
      m, R"({"id": "r", "type": "unit-size", "min": 1, "kind": "ministry", "level": 1})", "s");
  EXPECT_EQ(keys(root), (Keys{"unit:root"}));
  EXPECT_DOUBLE_EQ(violation(root, "unit:root").value, 0);
}

// ---------------------------------------------------------------------------
// metric

// depth of s: 2; at level 1: 1.
TEST_F(CheckRules, MetricDepthWithAndWithoutLevel) {
  const RuleOutcome deep =
      check_one(m, R"({"id": "r", "type": "metric", "name": "depth", "max": 1})", "s");
  EXPECT_EQ(keys(deep), (Keys{"metric:depth"}));
  ASSERT_TRUE(deep.figure.has_value());
  EXPECT_DOUBLE_EQ(*deep.figure, 2);
  EXPECT_EQ(deep.violations[0].kind, CulpritKind::kStructure);
  EXPECT_DOUBLE_EQ(deep.violations[0].value, 2);

  const RuleOutcome holds =
      check_one(m, R"({"id": "r", "type": "metric", "name": "depth", "max": 2})", "s");
  EXPECT_TRUE(holds.holds());
  ASSERT_TRUE(holds.figure.has_value());
  EXPECT_DOUBLE_EQ(*holds.figure, 2);

  const RuleOutcome level1 =
      check_one(m, R"({"id": "r", "type": "metric", "name": "depth", "level": 1, "max": 1})", "s");
  EXPECT_TRUE(level1.holds());
  ASSERT_TRUE(level1.figure.has_value());
  EXPECT_DOUBLE_EQ(*level1.figure, 1);
}

// W = 2 + 1 + 1 + 1 + 1 + 3 = 9. Cross-unit without level: f1-f2 (a1, a2) 2,
// f5-f1 (a, a1) 1, f2-f3, f3-f4, f4-f5 1 each: 6/9. At level 1 (a: f1 f2
// f5; b: f3 g1; c: f4): f2-f3, f3-f4, f4-f5: 3/9.
TEST_F(CheckRules, MetricCrossUnitShareAtALevel) {
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "metric", "name": "cross_unit_share", "max": 0.5})", "s");
  EXPECT_EQ(keys(o), (Keys{"metric:cross_unit_share"}));
  ASSERT_TRUE(o.figure.has_value());
  EXPECT_NEAR(*o.figure, 2.0 / 3.0, 1e-12);

  const RuleOutcome level1 = check_one(
      m, R"({"id": "r", "type": "metric", "name": "cross_unit_share", "level": 1, "max": 0.5})",
      "s");
  EXPECT_TRUE(level1.holds());
  ASSERT_TRUE(level1.figure.has_value());
  EXPECT_NEAR(*level1.figure, 1.0 / 3.0, 1e-12);
}

// Six present functions (h1 is absent); seven units, four at level 1.
TEST_F(CheckRules, MetricCountsAndMin) {
  EXPECT_TRUE(
      check_one(m, R"({"id": "r", "type": "metric", "name": "functions", "min": 6, "max": 6})", "s")
          .holds());
  const RuleOutcome few =
      check_one(m, R"({"id": "r", "type": "metric", "name": "functions", "min": 7})", "s");
  EXPECT_EQ(keys(few), (Keys{"metric:functions"}));
  ASSERT_TRUE(few.figure.has_value());
  EXPECT_DOUBLE_EQ(*few.figure, 6);

  const RuleOutcome units =
      check_one(m, R"({"id": "r", "type": "metric", "name": "units", "max": 4})", "s");
  EXPECT_EQ(keys(units), (Keys{"metric:units"}));
  ASSERT_TRUE(units.figure.has_value());
  EXPECT_DOUBLE_EQ(*units.figure, 7);
  const RuleOutcome units1 =
      check_one(m, R"({"id": "r", "type": "metric", "name": "units", "level": 1, "max": 4})", "s");
  EXPECT_TRUE(units1.holds());
  ASSERT_TRUE(units1.figure.has_value());
  EXPECT_DOUBLE_EQ(*units1.figure, 4);
}

// No unit of s gives a headcount: every bound is broken and there is no
// figure. In u, a 12 + b 3 = 15.
TEST_F(CheckRules, MetricHeadcountAbsentBreaksEveryBound) {
  for (const char* rule : {R"({"id": "r", "type": "metric", "name": "headcount", "min": 0})",
                           R"({"id": "r", "type": "metric", "name": "headcount", "max": 100})"}) {
    SCOPED_TRACE(rule);
    const RuleOutcome o = check_one(m, rule, "s");
    EXPECT_EQ(keys(o), (Keys{"metric:headcount"}));
    EXPECT_FALSE(o.figure.has_value());
  }
  const RuleOutcome given =
      check_one(m, R"({"id": "r", "type": "metric", "name": "headcount", "max": 100})", "u");
  EXPECT_TRUE(given.holds());
  ASSERT_TRUE(given.figure.has_value());
  EXPECT_DOUBLE_EQ(*given.figure, 15);
  const RuleOutcome over =
      check_one(m, R"({"id": "r", "type": "metric", "name": "headcount", "max": 10})", "u");
  EXPECT_EQ(keys(over), (Keys{"metric:headcount"}));
  EXPECT_DOUBLE_EQ(over.violations[0].value, 15);
}

// ---------------------------------------------------------------------------
// misplaced

// Pulls in s (undirected weights f1-f2 2, f1-f5 1, f2-f3 1, f3-f4 1, f4-f5 1,
// f3-g1 3):
//   f1 in a1: a2 2, a 1, own 0        -> misplaced, pulled by a2
//   f2 in a2: a1 2, b1 1, own 0       -> misplaced, pulled by a1
//   f3 in b1: a2 1, c 1, own 3 (g1)   -> not
//   f4 in c:  b1 1, a 1, own 0        -> misplaced, a (tie: smaller id)
//   f5 in a:  a1 1, c 1, own 0        -> misplaced, a1 (tie: smaller id)
//   g1 in b1: own 3                   -> not
// Four misplaced functions.
TEST_F(CheckRules, MisplacedByHand) {
  const RuleOutcome o = check_one(m, R"({"id": "r", "type": "misplaced"})", "s");  // max 0
  EXPECT_EQ(keys(o), (Keys{"function:f1", "function:f2", "function:f4", "function:f5"}));
  ASSERT_TRUE(o.figure.has_value());
  EXPECT_DOUBLE_EQ(*o.figure, 4);
  EXPECT_EQ(violation(o, "function:f1").other, unit(m, "a2"));
  EXPECT_EQ(violation(o, "function:f2").other, unit(m, "a1"));
  EXPECT_EQ(violation(o, "function:f4").other, unit(m, "a"));
  EXPECT_EQ(violation(o, "function:f5").other, unit(m, "a1"));
  EXPECT_EQ(violation(o, "function:f4").unit, unit(m, "c"));

  EXPECT_EQ(keys(check_one(m, R"({"id": "r", "type": "misplaced", "max": 3})", "s")),
            (Keys{"function:f1", "function:f2", "function:f4", "function:f5"}));
  const RuleOutcome holds = check_one(m, R"({"id": "r", "type": "misplaced", "max": 4})", "s");
  EXPECT_TRUE(holds.holds());
  ASSERT_TRUE(holds.figure.has_value());
  EXPECT_DOUBLE_EQ(*holds.figure, 4);
}

// At level 1 (a: f1 f2 f5; b: f3 g1; c: f4):
//   f1: a 3 own; f2: a 2 own vs b 1; f3: b 3 own; g1: b 3 own;
//   f5: a 1 own vs c 1, equal, not greater -> not;
//   f4: c 0 own vs a 1, b 1 -> misplaced, a (tie: smaller id).
TEST_F(CheckRules, MisplacedAtALevel) {
  const RuleOutcome o = check_one(m, R"({"id": "r", "type": "misplaced", "level": 1})", "s");
  EXPECT_EQ(keys(o), (Keys{"function:f4"}));
  ASSERT_TRUE(o.figure.has_value());
  EXPECT_DOUBLE_EQ(*o.figure, 1);
  EXPECT_EQ(violation(o, "function:f4").other, unit(m, "a"));
  EXPECT_TRUE(
      check_one(m, R"({"id": "r", "type": "misplaced", "level": 1, "max": 1})", "s").holds());
}

// ---------------------------------------------------------------------------
// Severity and the choice of structures.

// Depth max 1 has three culprits in s: a1, a2, b1 (depth 2). Only the error
// rule's count toward failing().
TEST_F(CheckRules, AWarningDoesNotFail) {
  const RuleSet rules = testing::rules_from(m, R"([
    {"id": "deep-error", "type": "depth", "max": 1},
    {"id": "deep-warning", "type": "depth", "max": 1, "severity": "warning"}])");
  const Index s = structure(m, "s");
  const CheckResult both = check_rules(m, rules, {s});
  ASSERT_EQ(both.outcomes.size(), 2U);
  EXPECT_EQ(both.outcomes[0].rule, 0U);
  EXPECT_EQ(both.outcomes[1].rule, 1U);
  EXPECT_EQ(keys(both.outcomes[1]), (Keys{"unit:a1", "unit:a2", "unit:b1"}));
  EXPECT_EQ(both.failing(rules), 3U);
  EXPECT_FALSE(both.with_known);

  const RuleSet warning_only = testing::rules_from(m, R"([
    {"id": "deep-warning", "type": "depth", "max": 1, "severity": "warning"}])");
  const CheckResult warned = check_rules(m, warning_only, {s});
  ASSERT_EQ(warned.outcomes.size(), 1U);
  EXPECT_EQ(warned.outcomes[0].violations.size(), 3U);
  EXPECT_EQ(warned.failing(warning_only), 0U);
}

// Every structure by default, rule by rule, each over the structures in
// model order. domain-owner d1 under c: s 4 outside, t 5, u 4 (u keeps s's
// owners).
TEST_F(CheckRules, EveryStructureByDefault) {
  const RuleSet rules = testing::rules_from(m, R"([
    {"id": "under-c", "type": "domain-owner", "domain": "d1", "unit": "c"},
    {"id": "narrow", "type": "span", "max": 2}])");
  const CheckResult r = check_rules(m, rules, {});
  ASSERT_EQ(r.outcomes.size(), 6U);
  const std::vector<std::pair<std::size_t, std::string>> order{{0, "s"}, {0, "t"}, {0, "u"},
                                                               {1, "s"}, {1, "t"}, {1, "u"}};
  for (std::size_t k = 0; k < order.size(); ++k) {
    EXPECT_EQ(r.outcomes[k].rule, order[k].first) << k;
    EXPECT_EQ(r.outcomes[k].structure, structure(m, order[k].second)) << k;
  }
  EXPECT_EQ(r.outcomes[0].violations.size(), 4U);
  EXPECT_EQ(r.outcomes[1].violations.size(), 5U);
  EXPECT_EQ(r.outcomes[2].violations.size(), 4U);
  EXPECT_EQ(keys(r.outcomes[3]), (Keys{"unit:root"}));
  EXPECT_TRUE(r.outcomes[4].holds());  // t: root has a and b
  EXPECT_EQ(keys(r.outcomes[5]), (Keys{"unit:root"}));
  EXPECT_EQ(r.failing(rules), 4U + 5U + 4U + 1U + 1U);
}

// Only the structures asked for are checked: t and s, asked in that order,
// come out in model order (rules/check.hpp); u is not checked.
TEST_F(CheckRules, OnlyTheChosenStructures) {
  const RuleSet rules = testing::rules_from(m, R"([
    {"id": "under-c", "type": "domain-owner", "domain": "d1", "unit": "c"}])");
  const CheckResult r = check_rules(m, rules, {structure(m, "t"), structure(m, "s")});
  ASSERT_EQ(r.outcomes.size(), 2U);
  std::vector<Index> checked;
  for (const RuleOutcome& o : r.outcomes) checked.push_back(o.structure);
  std::vector<Index> sorted = checked;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<Index>{structure(m, "s"), structure(m, "t")}));
  EXPECT_EQ(checked, sorted) << "structures not in model order";
  EXPECT_EQ(r.failing(rules), 4U + 5U);

  const CheckResult only_u = check_rules(m, rules, {structure(m, "u")});
  ASSERT_EQ(only_u.outcomes.size(), 1U);
  EXPECT_EQ(only_u.outcomes[0].structure, structure(m, "u"));
}

// ---------------------------------------------------------------------------
// What placed each culprit.
//
//   s0 (full form)                     s1 = s0 with these changes:
//   units: 0 root                        0 move-function p1 to b
//          1 a      p1 p5                1 add-unit n under root
//          2 b      p2                   2 move-unit x to n
//          3 c      p4                   3 merge-units [c] into n (p4 and y go to n)
//          4 x (a)  p3                   4 remove-unit a, functions_to b (p5)
//          5 y (c)  -
//
//   s1: root ── b (p1 p2 p5), root ── n (p4) ── x (p3), y
constexpr const char* kPlacedModel = R"({
  "format": "policygraph/1",
  "domains": [{"id": "d"}],
  "functions": [{"id": "p1", "domains": ["d"]}, {"id": "p2", "domains": ["d"]},
                {"id": "p3", "domains": ["d"]}, {"id": "p4", "domains": ["d"]},
                {"id": "p5", "domains": ["d"]}],
  "dependencies": [],
  "structures": [
    {"id": "s0", "units": [
       {"id": "root"}, {"id": "a", "parent": "root"}, {"id": "b", "parent": "root"},
       {"id": "c", "parent": "root"}, {"id": "x", "parent": "a"}, {"id": "y", "parent": "c"}],
     "assign": {"p1": "a", "p2": "b", "p3": "x", "p4": "c", "p5": "a"}},
    {"id": "s1", "base": "s0", "changes": [
       {"op": "move-function", "function": "p1", "to": "b"},
       {"op": "add-unit", "id": "n", "parent": "root"},
       {"op": "move-unit", "unit": "x", "to": "n"},
       {"op": "merge-units", "units": ["c"], "into": "n"},
       {"op": "remove-unit", "unit": "a", "functions_to": "b"}]}
  ]})";

std::string function_place(const Model& m, const RuleOutcome& o, std::string_view key) {
  const Violation& v = violation(o, key);
  const auto at = m.function_placement(m.structures[o.structure], v.function);
  if (!at) return "(none)";
  EXPECT_EQ(at->file, "test.json");
  EXPECT_EQ(at->line, 0U);
  return at->pointer;
}

std::string unit_place(const Model& m, const RuleOutcome& o, std::string_view key) {
  const Violation& v = violation(o, key);
  const auto at = m.unit_placement(m.structures[o.structure], v.unit);
  if (!at) return "(none)";
  EXPECT_EQ(at->file, "test.json");
  EXPECT_EQ(at->line, 0U);
  return at->pointer;
}

// d under x: in s0, p3 is inside and every other function outside, each
// placed by its `assign` entry.
TEST(CheckRulesPlacement, AFullFormFunctionIsPlacedByItsAssignEntry) {
  const Model m = testing::model_from(kPlacedModel);
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "domain-owner", "domain": "d", "unit": "x"})", "s0");
  ASSERT_EQ(keys(o), (Keys{"function:p1", "function:p2", "function:p4", "function:p5"}));
  EXPECT_EQ(function_place(m, o, "function:p1"), "/structures/0/assign/p1");
  EXPECT_EQ(function_place(m, o, "function:p2"), "/structures/0/assign/p2");
  EXPECT_EQ(function_place(m, o, "function:p4"), "/structures/0/assign/p4");
  EXPECT_EQ(function_place(m, o, "function:p5"), "/structures/0/assign/p5");
}

// In s1: p1 moved by op 0, p4 carried by the merge (op 3), p5 by the
// removal's functions_to (op 4), p2 untouched: its base's assign entry.
TEST(CheckRulesPlacement, AChangedFunctionIsPlacedByItsOpAnUntouchedOneByItsBase) {
  const Model m = testing::model_from(kPlacedModel);
  const RuleOutcome o =
      check_one(m, R"({"id": "r", "type": "domain-owner", "domain": "d", "unit": "x"})", "s1");
  ASSERT_EQ(keys(o), (Keys{"function:p1", "function:p2", "function:p4", "function:p5"}));
  EXPECT_EQ(function_place(m, o, "function:p1"), "/structures/1/changes/0");
  EXPECT_EQ(function_place(m, o, "function:p2"), "/structures/0/assign/p2");
  EXPECT_EQ(function_place(m, o, "function:p4"), "/structures/1/changes/3");
  EXPECT_EQ(function_place(m, o, "function:p5"), "/structures/1/changes/4");
  EXPECT_EQ(violation(o, "function:p4").unit, *m.find_unit("n"));

  // p3 stays in x, which moved: its owner still comes from s0's assign.
  const RuleOutcome under_b =
      check_one(m, R"({"id": "r", "type": "domain-owner", "domain": "d", "unit": "b"})", "s1");
  ASSERT_EQ(keys(under_b), (Keys{"function:p3", "function:p4"}));
  EXPECT_EQ(function_place(m, under_b, "function:p3"), "/structures/0/assign/p3");
}

// Units: in s0 each by its entry of `units`; in s1 n by add-unit (op 1), x
// by move-unit (op 2), y by merge-units (its parent c merged into n, op 3),
// b untouched: s0's entry.
TEST(CheckRulesPlacement, AUnitIsPlacedByItsEntryOrByTheOpThatGaveItItsParent) {
  const Model m = testing::model_from(kPlacedModel);
  // s0 owners: a 2 (p1 p5), b 1, c 1, x 1: all above 0.
  const RuleOutcome s0 = check_one(m, R"({"id": "r", "type": "unit-size", "max": 0})", "s0");
  ASSERT_EQ(keys(s0), (Keys{"unit:a", "unit:b", "unit:c", "unit:x"}));
  EXPECT_EQ(unit_place(m, s0, "unit:a"), "/structures/0/units/1");
  EXPECT_EQ(unit_place(m, s0, "unit:b"), "/structures/0/units/2");
  EXPECT_EQ(unit_place(m, s0, "unit:c"), "/structures/0/units/3");
  EXPECT_EQ(unit_place(m, s0, "unit:x"), "/structures/0/units/4");
  EXPECT_DOUBLE_EQ(violation(s0, "unit:a").value, 2);

  // s1 owners: b 3 (p1 p2 p5), n 1 (p4), x 1 (p3).
  const RuleOutcome s1 = check_one(m, R"({"id": "r", "type": "unit-size", "max": 0})", "s1");
  ASSERT_EQ(keys(s1), (Keys{"unit:b", "unit:n", "unit:x"}));
  EXPECT_EQ(unit_place(m, s1, "unit:b"), "/structures/0/units/2");
  EXPECT_EQ(unit_place(m, s1, "unit:n"), "/structures/1/changes/1");
  EXPECT_EQ(unit_place(m, s1, "unit:x"), "/structures/1/changes/2");
  EXPECT_DOUBLE_EQ(violation(s1, "unit:b").value, 3);

  // Depth 2 in s1: x and y, both under n.
  const RuleOutcome deep = check_one(m, R"({"id": "r", "type": "depth", "max": 1})", "s1");
  ASSERT_EQ(keys(deep), (Keys{"unit:x", "unit:y"}));
  EXPECT_EQ(unit_place(m, deep, "unit:x"), "/structures/1/changes/2");
  EXPECT_EQ(unit_place(m, deep, "unit:y"), "/structures/1/changes/3");
  const RuleOutcome deep0 = check_one(m, R"({"id": "r", "type": "depth", "max": 1})", "s0");
  ASSERT_EQ(keys(deep0), (Keys{"unit:x", "unit:y"}));
  EXPECT_EQ(unit_place(m, deep0, "unit:y"), "/structures/0/units/5");
}

// x belongs to domains p and q, whose towers are a and b; x is in c, outside
// both. Without a named domain, both towers fall short (coverage 0 < 0.5),
// but x is one culprit, named with the first domain, p.
TEST(CheckRulesTowers, AFunctionOutsideTwoTowersIsOneCulprit) {
  const Model m = testing::model_from(R"({
    "format": "policygraph/1",
    "domains": [{"id": "p"}, {"id": "q"}],
    "functions": [{"id": "x", "domains": ["p", "q"]}],
    "dependencies": [],
    "structures": [{"id": "s", "units": [{"id": "root"}, {"id": "a", "parent": "root"},
                                         {"id": "b", "parent": "root"},
                                         {"id": "c", "parent": "root"}],
                    "assign": {"x": "c"}, "control_towers": {"p": "a", "q": "b"}}]})");
  const RuleOutcome o = check_one(m, R"({"id": "r", "type": "tower-coverage", "min": 0.5})", "s");
  EXPECT_EQ(keys(o), (Keys{"function:x"}));
  EXPECT_EQ(violation(o, "function:x").domain, domain(m, "p"));
}

}  // namespace
}  // namespace policygraph
