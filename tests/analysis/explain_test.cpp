// Tests of explain_change (docs/explain.md): the events that say what happened
// to each unit between two structures, the fate of each function, and the
// exact attribution of each whole-structure figure's change to dependencies
// and to moves.
//
// The first tests work small reforms out by hand; the last one draws random
// models and checks every figure against a second, plain computation written
// here from the definitions (walking up parents, summing over pairs).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <policygraph/analysis/compare.hpp>
#include <policygraph/analysis/explain.hpp>
#include <policygraph/metrics/metrics.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "test_util.hpp"

namespace policygraph {
namespace {

// ---------------------------------------------------------------------------
// Reading an Explanation as text, so that a failure shows the whole picture.
//
// An event reads "TYPE FROM -> TO; FLOW; FLOW ...", units joined by commas,
// "()" for no unit, and each flow "U->V 2f w3": 2 functions of summed weight 3.

/// The names the tests expect, written out here rather than taken from
/// event_type_key (which has a test of its own).
const char* type_name(EventType type) {
  switch (type) {
    case EventType::kCreate:
      return "create";
    case EventType::kMerge:
      return "merge";
    case EventType::kSplit:
      return "split";
    case EventType::kAbsorb:
      return "absorb";
    case EventType::kRename:
      return "rename";
    case EventType::kAbolish:
      return "abolish";
    case EventType::kTransfer:
      return "transfer";
    case EventType::kContinue:
      return "continue";
  }
  return "?";
}

std::string unit_list(const Model& m, const std::vector<Index>& units) {
  if (units.empty()) return "()";
  std::string out;
  for (const Index u : units) out += (out.empty() ? "" : ",") + m.unit_ids[u];
  return out;
}

std::string flow_text(const Model& m, const UnitFlow& f) {
  std::ostringstream out;
  out << m.unit_ids[f.from] << "->" << m.unit_ids[f.to] << " " << f.functions.size() << "f w"
      << f.weight;
  return out.str();
}

std::string event_text(const Model& m, const std::vector<UnitFlow>& flows, const ChangeEvent& e) {
  std::string out =
      std::string(type_name(e.type)) + " " + unit_list(m, e.from) + " -> " + unit_list(m, e.to);
  for (const std::size_t k : e.flows) {
    out += "; " + (k < flows.size() ? flow_text(m, flows[k]) : "bad flow index");
  }
  return out;
}

std::vector<std::string> events_of(const Model& m, const Explanation& x) {
  std::vector<std::string> out;
  for (const ChangeEvent& e : x.events) out.push_back(event_text(m, x.flows, e));
  return out;
}

std::vector<std::string> flows_of(const Model& m, const Explanation& x) {
  std::vector<std::string> out;
  for (const UnitFlow& f : x.flows) out.push_back(flow_text(m, f));
  return out;
}

/// A shift as "a-b w2 0>1": the pair (ids in byte order), its weight, and the
/// depths where its two owners meet in FROM and in TO.
std::string shift_text(const Model& m, Index u, Index v, double weight, Index from, Index to) {
  std::string a = m.functions[u].id;
  std::string b = m.functions[v].id;
  if (b < a) std::swap(a, b);
  std::ostringstream out;
  out << a << "-" << b << " w" << weight << " " << from << ">" << to;
  return out.str();
}

std::vector<std::string> shifts_of(const Model& m, const std::vector<DependencyShift>& list) {
  std::vector<std::string> out;
  for (const DependencyShift& d : list) {
    out.push_back(shift_text(m, d.u, d.v, d.weight, d.meet_depth_from, d.meet_depth_to));
  }
  std::sort(out.begin(), out.end());
  return out;
}

Index unit(const Model& m, const std::string& id) { return *m.find_unit(id); }
Index function(const Model& m, const std::string& id) { return *m.find_function(id); }
Index structure(const Model& m, const std::string& id) { return *m.find_structure(id); }

const MetricAttribution& metric(const Explanation& x, std::string_view key) {
  for (const MetricAttribution& a : x.metrics) {
    if (a.key == key) return a;
  }
  ADD_FAILURE() << "no attribution of " << key;
  static const MetricAttribution none;
  return none;
}

/// The part of dependency {a, b} (function ids), 0 when not listed.
double dependency_part(const Model& m, const MetricAttribution& a, const std::string& u,
                       const std::string& v) {
  const Index fu = function(m, u);
  const Index fv = function(m, v);
  for (const DependencyPart& p : a.by_dependency) {
    if ((p.u == fu && p.v == fv) || (p.u == fv && p.v == fu)) return p.contribution;
  }
  return 0;
}

double move_part(const Model& m, const MetricAttribution& a, const std::string& f) {
  const Index fi = function(m, f);
  for (const MovePart& p : a.by_move) {
    if (p.function == fi) return p.contribution;
  }
  return 0;
}

TEST(ExplainEventTypeKey, OneKeyPerTypeInTheEnumOrder) {
  EXPECT_STREQ(event_type_key(EventType::kCreate), "create");
  EXPECT_STREQ(event_type_key(EventType::kMerge), "merge");
  EXPECT_STREQ(event_type_key(EventType::kSplit), "split");
  EXPECT_STREQ(event_type_key(EventType::kAbsorb), "absorb");
  EXPECT_STREQ(event_type_key(EventType::kRename), "rename");
  EXPECT_STREQ(event_type_key(EventType::kAbolish), "abolish");
  EXPECT_STREQ(event_type_key(EventType::kTransfer), "transfer");
  EXPECT_STREQ(event_type_key(EventType::kContinue), "continue");
}

// ---------------------------------------------------------------------------
// One reform with every kind of event. Every unit sits right under R.
//
//   before                          after
//   R                               R
//   ├── A  {a1 a2 a3}               ├── M  {a1 a2 a3 b1 b2}  A and B merged
//   ├── B  {b1 b2}                  ├── C  {c1 c2}           C carries on...
//   ├── C  {c1 c2 c3}               ├── E  {c3 h1 n1}        ...gives c3 to the new E
//   ├── D  {d1}                     ├── D2 {d1}              D under a new id
//   ├── H  {h1}                     ├── S1 {s1 s2}           S split between S1
//   ├── S  {s1 s2 s3}               ├── T  {t1 s3}           ...and T
//   ├── K  {k1 k2}                  ├── K  {k1 k2 t2 g1 g2}  K takes t2 from T, absorbs G
//   ├── L  {l1}     "Lab"           ├── L  {l1}  "Library"   L renamed by label
//   ├── X  {x1}                     └── Z  {z1}              new, only a new function
//   ├── T  {t1 t2}
//   ├── G  {g1 g2}
//   └── P  {}       (owns nothing, and is gone: abolished)
//
// n1 and z1 are new functions (absent before), x1 is dropped (absent after).
//
// Dependencies (weight): a1-b1 2, a2-a3 1, c3-n1 5, s1-s3 3, k1-t2 1,
// g1-x1 4, d1-l1 2, g2-k2 1, h1-c1 1. A flow's weight counts only the pairs
// whose two ends are present on both sides, so c3-n1 (n1 new) and g1-x1 (x1
// dropped) count nowhere. Weighted degrees: a1 2, b1 2, a2 1, a3 1, s1 3,
// s3 3, k1 1, t2 1, d1 2, l1 2, g2 1, k2 1, h1 1, c1 1, every other 0.
//
// Flows (functions, weight):
//   A->M  a1 a2 a3  3f, 2+1+1 = 4      G->K  g1 g2  2f, 0+1 = 1
//   B->M  b1 b2     2f, 2+0   = 2      H->E  h1     1f, 1
//   C->C  c1 c2     2f, 1+0   = 1      K->K  k1 k2  2f, 1+1 = 2
//   C->E  c3        1f, 0              L->L  l1     1f, 2
//   D->D2 d1        1f, 2              S->S1 s1 s2  2f, 3+0 = 3
//   S->T  s3        1f, 3              T->K  t2     1f, 1
//   T->T  t1        1f, 0
//
// New units (owning functions after): M, E, D2, S1, Z. Gone: A, B, D, H, S,
// X, and P, which owns nothing. Continuing: C, K, L, T (R owns nothing and
// keeps its label: no event).
//   E:  S(E) = {C, H} with C continuing -> create, from H (1f w1) before C
//       (1f w0): the larger weight first.
//   S1: S(S1) = {S} but D(S) = {S1, T}  -> create (and S is a split).
//   Z:  S(Z) = {}                       -> create from nothing.
//   M:  S(M) = {A, B}, both gone, D(A) = D(B) = {M} -> merge, A (3f) first.
//   D2: S(D2) = {D}, D gone, D(D) = {D2} -> rename.
//   S:  D(S) = {S1 (2f), T (1f)} -> split.
//   G:  D(G) = {K}, K continuing -> absorb.
//   H:  D(H) = {E}, E new -> only in E's create.
//   P, X: nothing flows from them and "after" has them no more -> abolish.
//   T->K between two continuing units -> transfer.
//   C, K, T keep id and label -> continue; L keeps its id, not its label
//   -> rename.
// Each kind in the enum order, then by unit id.
const char* const kReformModel = R"({
 "format": "policygraph/1",
 "domains": [{"id": "p"}],
 "functions": [
  {"id": "a1", "domains": ["p"]}, {"id": "a2", "domains": ["p"]}, {"id": "a3", "domains": ["p"]},
  {"id": "b1", "domains": ["p"]}, {"id": "b2", "domains": ["p"]},
  {"id": "c1", "domains": ["p"]}, {"id": "c2", "domains": ["p"]}, {"id": "c3", "domains": ["p"]},
  {"id": "d1", "domains": ["p"]}, {"id": "h1", "domains": ["p"]},
  {"id": "s1", "domains": ["p"]}, {"id": "s2", "domains": ["p"]}, {"id": "s3", "domains": ["p"]},
  {"id": "k1", "domains": ["p"]}, {"id": "k2", "domains": ["p"]}, {"id": "l1", "domains": ["p"]},
  {"id": "x1", "domains": ["p"]}, {"id": "t1", "domains": ["p"]}, {"id": "t2", "domains": ["p"]},
  {"id": "g1", "domains": ["p"]}, {"id": "g2", "domains": ["p"]},
  {"id": "n1", "domains": ["p"]}, {"id": "z1", "domains": ["p"]}
 ],
 "dependencies": [
  {"from": "a1", "to": "b1", "weight": 2}, {"from": "a2", "to": "a3"},
  {"from": "c3", "to": "n1", "weight": 5}, {"from": "s1", "to": "s3", "weight": 3},
  {"from": "k1", "to": "t2"}, {"from": "g1", "to": "x1", "weight": 4},
  {"from": "d1", "to": "l1", "weight": 2}, {"from": "g2", "to": "k2"}, {"from": "h1", "to": "c1"}
 ],
 "structures": [
  {"id": "before",
   "units": [{"id": "R"}, {"id": "A", "parent": "R"}, {"id": "B", "parent": "R"},
             {"id": "C", "parent": "R"}, {"id": "D", "parent": "R"}, {"id": "H", "parent": "R"},
             {"id": "S", "parent": "R"},
             {"id": "K", "parent": "R", "label": "K", "labels": {"ko": "케이"}},
             {"id": "L", "parent": "R", "label": "Lab"}, {"id": "X", "parent": "R"},
             {"id": "T", "parent": "R"}, {"id": "G", "parent": "R"}, {"id": "P", "parent": "R"}],
   "assign": {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C", "c2": "C",
              "c3": "C", "d1": "D", "h1": "H", "s1": "S", "s2": "S", "s3": "S", "k1": "K",
              "k2": "K", "l1": "L", "x1": "X", "t1": "T", "t2": "T", "g1": "G", "g2": "G"}},
  {"id": "after",
   "units": [{"id": "R"}, {"id": "M", "parent": "R"}, {"id": "C", "parent": "R"},
             {"id": "E", "parent": "R"}, {"id": "D2", "parent": "R"}, {"id": "S1", "parent": "R"},
             {"id": "K", "parent": "R", "label": "K", "labels": {"ko": "케이"}},
             {"id": "L", "parent": "R", "label": "Library"}, {"id": "T", "parent": "R"},
             {"id": "Z", "parent": "R"}],
   "assign": {"a1": "M", "a2": "M", "a3": "M", "b1": "M", "b2": "M", "c1": "C", "c2": "C",
              "c3": "E", "h1": "E", "n1": "E", "d1": "D2", "s1": "S1", "s2": "S1", "s3": "T",
              "k1": "K", "k2": "K", "t2": "K", "g1": "K", "g2": "K", "l1": "L", "t1": "T",
              "z1": "Z"}},
  {"id": "relabel", "base": "before",
   "changes": [{"op": "update-unit", "unit": "K", "labels": {"ko": "케이 2"}},
               {"op": "update-unit", "unit": "T", "kind": "office"},
               {"op": "move-function", "function": "l1", "to": "P"}]}
 ]
})";

TEST(ExplainEvents, EveryKindOfEventInOneReform) {
  const Model m = testing::model_from(kReformModel);
  const Explanation x =
      explain_change(m, structure(m, "before"), structure(m, "after"), std::nullopt);
  EXPECT_EQ(x.from, structure(m, "before"));
  EXPECT_EQ(x.to, structure(m, "after"));
  EXPECT_FALSE(x.level.has_value());
  // Every (from, to) pair with a function, by unit ids.
  const std::vector<std::string> flows{"A->M 3f w4",  "B->M 2f w2",  "C->C 2f w1", "C->E 1f w0",
                                       "D->D2 1f w2", "G->K 2f w1",  "H->E 1f w1", "K->K 2f w2",
                                       "L->L 1f w2",  "S->S1 2f w3", "S->T 1f w3", "T->K 1f w1",
                                       "T->T 1f w0"};
  EXPECT_EQ(flows_of(m, x), flows);
  const std::vector<std::string> events{
      "create H,C -> E; H->E 1f w1; C->E 1f w0",  // from parts of a gone and a continuing unit
      "create S -> S1; S->S1 2f w3",              // from part of a split unit
      "create () -> Z",                           // from nothing: only a new function
      "merge A,B -> M; A->M 3f w4; B->M 2f w2",
      "split S -> S1,T; S->S1 2f w3; S->T 1f w3",  // S->S1 also in S1's create
      "absorb G -> K; G->K 2f w1",
      "rename D -> D2; D->D2 1f w2",  // a new id
      "rename L -> L; L->L 1f w2",    // a new label
      "abolish P -> ()",
      "abolish X -> ()",
      "transfer T -> K; T->K 1f w1",
      "continue C -> C; C->C 2f w1",
      "continue K -> K; K->K 2f w2",
      "continue T -> T; T->T 1f w0"};
  EXPECT_EQ(events_of(m, x), events);
  // Each flow's functions, in function id order.
  for (const UnitFlow& f : x.flows) {
    if (m.unit_ids[f.from] == "A") {
      EXPECT_EQ(f.functions,
                (std::vector<Index>{function(m, "a1"), function(m, "a2"), function(m, "a3")}));
    }
    if (m.unit_ids[f.from] == "S" && m.unit_ids[f.to] == "T") {
      EXPECT_EQ(f.functions, std::vector<Index>{function(m, "s3")});
    }
  }
}

TEST(ExplainEvents, FatesOfTheFunctionsInTheReform) {
  // Succession pairs (compare.hpp): the largest outflow of each gone unit,
  // and the largest inflow from gone units into each unit: A->M, B->M, D->D2,
  // G->K, H->E, S->S1, and S->T (1 function, but T's largest inflow from a
  // gone unit, its only one). C and T carry on: c3 and t2 changed hands.
  const Model m = testing::model_from(kReformModel);
  const Index before = structure(m, "before");
  const Index after = structure(m, "after");
  const Explanation x = explain_change(m, before, after, std::nullopt);
  const std::map<std::string, FunctionFate> expected{
      {"a1", FunctionFate::kFollowed}, {"a2", FunctionFate::kFollowed},
      {"a3", FunctionFate::kFollowed}, {"b1", FunctionFate::kFollowed},
      {"b2", FunctionFate::kFollowed}, {"c1", FunctionFate::kStayed},
      {"c2", FunctionFate::kStayed},   {"c3", FunctionFate::kMoved},
      {"d1", FunctionFate::kFollowed}, {"h1", FunctionFate::kFollowed},
      {"s1", FunctionFate::kFollowed}, {"s2", FunctionFate::kFollowed},
      {"s3", FunctionFate::kFollowed}, {"k1", FunctionFate::kStayed},
      {"k2", FunctionFate::kStayed},   {"l1", FunctionFate::kStayed},
      {"x1", FunctionFate::kDropped},  {"t1", FunctionFate::kStayed},
      {"t2", FunctionFate::kMoved},    {"g1", FunctionFate::kFollowed},
      {"g2", FunctionFate::kFollowed}, {"n1", FunctionFate::kAdded},
      {"z1", FunctionFate::kAdded}};
  ASSERT_EQ(x.fate.size(), m.functions.size());
  for (const auto& [id, fate] : expected) {
    EXPECT_EQ(x.fate[function(m, id)], fate) << id;
  }
  EXPECT_EQ(x.moved_functions, 2U);      // c3, t2
  EXPECT_EQ(x.followed_functions, 12U);  // a1-a3, b1, b2, d1, h1, s1-s3, g1, g2
  const ChangeSize c = change_size(m, before, after, std::nullopt);
  EXPECT_EQ(x.moved_functions, c.moved_functions);
  EXPECT_EQ(x.followed_functions, c.followed_functions);
  EXPECT_EQ(x.owner_from[function(m, "n1")], kNone);
  EXPECT_EQ(x.owner_to[function(m, "x1")], kNone);
  EXPECT_EQ(x.owner_to[function(m, "h1")], unit(m, "E"));
}

TEST(ExplainEvents, ALabelInAnotherLanguageRenamesAKindDoesNot) {
  // "relabel" is "before" with K's Korean label changed, T's kind changed,
  // and l1 passed from L to P (P owned nothing before). Every unit carries
  // on. The pairs present on both sides now include g1-x1 (4): G->G is
  // g1 4 + g2 1 = 5 and X->X is x1 4; S->S is s1 3 + s3 3 = 6.
  //   K: a new ko label            -> rename K -> K
  //   L->P between continuing units -> transfer
  //   L owns l1 before only, P after only: both continue, without a flow.
  const Model m = testing::model_from(kReformModel);
  const Explanation x =
      explain_change(m, structure(m, "before"), structure(m, "relabel"), std::nullopt);
  const std::vector<std::string> events{"rename K -> K; K->K 2f w2",
                                        "transfer L -> P; L->P 1f w2",
                                        "continue A -> A; A->A 3f w4",
                                        "continue B -> B; B->B 2f w2",
                                        "continue C -> C; C->C 3f w1",
                                        "continue D -> D; D->D 1f w2",
                                        "continue G -> G; G->G 2f w5",
                                        "continue H -> H; H->H 1f w1",
                                        "continue L -> L",
                                        "continue P -> P",
                                        "continue S -> S; S->S 3f w6",
                                        "continue T -> T; T->T 2f w1",
                                        "continue X -> X; X->X 1f w4"};
  EXPECT_EQ(events_of(m, x), events);
  EXPECT_EQ(x.fate[function(m, "l1")], FunctionFate::kMoved);
  EXPECT_EQ(x.fate[function(m, "n1")], FunctionFate::kAbsent);
  EXPECT_EQ(x.moved_functions, 1U);
  EXPECT_EQ(x.followed_functions, 0U);
}

// ---------------------------------------------------------------------------
// A unit moved under another one.
//
//   before            after
//   R                 R
//   ├── P {p1 p2}     └── P {p1 p2}
//   └── Q {q1 q2}         └── Q {q1 q2}
//
// One dependency, p1-q1 of weight 2 (weighted degrees p1 2, q1 2).
// At level 1, Q (depth 2 after) is no unit of "after": it is gone, its
// functions count as P's, and P absorbed it; q1 and q2 followed their unit
// (Q->P is Q's largest outflow). At the leaf level (or level 2) Q carries on.
const char* const kNestedModel = R"({
 "format": "policygraph/1",
 "domains": [{"id": "p"}],
 "functions": [{"id": "p1", "domains": ["p"]}, {"id": "p2", "domains": ["p"]},
               {"id": "q1", "domains": ["p"]}, {"id": "q2", "domains": ["p"]}],
 "dependencies": [{"from": "p1", "to": "q1", "weight": 2}],
 "structures": [
  {"id": "before", "units": [{"id": "R"}, {"id": "P", "parent": "R"}, {"id": "Q", "parent": "R"}],
   "assign": {"p1": "P", "p2": "P", "q1": "Q", "q2": "Q"}},
  {"id": "after", "units": [{"id": "R"}, {"id": "P", "parent": "R"}, {"id": "Q", "parent": "P"}],
   "assign": {"p1": "P", "p2": "P", "q1": "Q", "q2": "Q"}}
 ]
})";

TEST(ExplainLevel, AUnitMovedDeeperIsGoneAtTheLevelAboveOnly) {
  const Model m = testing::model_from(kNestedModel);
  const Resolved& after = m.structures[1];
  EXPECT_FALSE(unit_at_level(after, unit(m, "Q"), 1));
  EXPECT_TRUE(unit_at_level(after, unit(m, "Q"), 2));
  EXPECT_TRUE(unit_at_level(after, unit(m, "Q"), std::nullopt));
  EXPECT_TRUE(unit_at_level(m.structures[0], unit(m, "Q"), 1));

  const Explanation one = explain_change(m, 0, 1, 1);
  EXPECT_EQ(one.level, std::optional<int>(1));
  EXPECT_EQ(events_of(m, one),
            (std::vector<std::string>{"absorb Q -> P; Q->P 2f w2", "continue P -> P; P->P 2f w2"}));
  EXPECT_EQ(one.owner_to[function(m, "q1")], unit(m, "P"));
  EXPECT_EQ(one.fate[function(m, "q1")], FunctionFate::kFollowed);
  EXPECT_EQ(one.fate[function(m, "p1")], FunctionFate::kStayed);
  EXPECT_EQ(one.followed_functions, 2U);
  EXPECT_EQ(one.moved_functions, 0U);
  // cross_unit_share 1 -> 0: p1-q1 now lies inside P. D = D' = 2, so its
  // part is (0 - 2 - 1 x 0) / 2 = -1; neither end moved (q1 followed): all
  // of it is `other`.
  const MetricAttribution& cross = metric(one, "cross_unit_share");
  EXPECT_DOUBLE_EQ(cross.from, 1);
  EXPECT_DOUBLE_EQ(cross.to, 0);
  EXPECT_DOUBLE_EQ(dependency_part(m, cross, "p1", "q1"), -1);
  EXPECT_TRUE(cross.by_move.empty());
  EXPECT_DOUBLE_EQ(cross.other, -1);
  // The pair now meets inside P (depth 1) instead of at R (depth 0).
  EXPECT_EQ(shifts_of(m, one.shifts.became_internal), std::vector<std::string>{"p1-q1 w2 0>1"});
  EXPECT_TRUE(one.shifts.settled.empty());

  for (const std::optional<int> level : {std::optional<int>(), std::optional<int>(2)}) {
    const Explanation leaf = explain_change(m, 0, 1, level);
    EXPECT_EQ(events_of(m, leaf), (std::vector<std::string>{"continue P -> P; P->P 2f w2",
                                                            "continue Q -> Q; Q->Q 2f w2"}));
    EXPECT_EQ(leaf.fate[function(m, "q1")], FunctionFate::kStayed);
    EXPECT_EQ(leaf.followed_functions, 0U);
    // Still crossing, now meeting at P (depth 1) rather than R: settled lower.
    EXPECT_EQ(shifts_of(m, leaf.shifts.settled), std::vector<std::string>{"p1-q1 w2 0>1"});
    EXPECT_DOUBLE_EQ(leaf.shifts.settled_weight, 2);
    EXPECT_TRUE(leaf.shifts.became_internal.empty());
  }
}

// ---------------------------------------------------------------------------
// Attribution worked by hand.
//
//   before            after
//   R                 R
//   ├── A {f1 f2}     ├── A {f1}
//   └── B {f3 f4}     └── B {f2 f3 f5}
//
// f2 moves from A to B (A carries on: it changed hands), f4 is dropped, f5
// is new. Dependencies: f1-f2 1, f2-f3 2, f3-f4 3, f1-f5 4, f2-f5 1.
const char* const kAttributionModel = R"({
 "format": "policygraph/1",
 "domains": [{"id": "p"}],
 "functions": [{"id": "f1", "domains": ["p"]}, {"id": "f2", "domains": ["p"]},
               {"id": "f3", "domains": ["p"]}, {"id": "f4", "domains": ["p"]},
               {"id": "f5", "domains": ["p"]}],
 "dependencies": [{"from": "f1", "to": "f2"}, {"from": "f2", "to": "f3", "weight": 2},
                  {"from": "f3", "to": "f4", "weight": 3}, {"from": "f1", "to": "f5", "weight": 4},
                  {"from": "f5", "to": "f2"}],
 "structures": [
  {"id": "before", "units": [{"id": "R"}, {"id": "A", "parent": "R"}, {"id": "B", "parent": "R"}],
   "assign": {"f1": "A", "f2": "A", "f3": "B", "f4": "B"}},
  {"id": "after", "units": [{"id": "R"}, {"id": "A", "parent": "R"}, {"id": "B", "parent": "R"}],
   "assign": {"f1": "A", "f2": "B", "f3": "B", "f5": "B"}}
 ]
})";

TEST(ExplainAttribution, CrossUnitShareByHand) {
  // cross_unit_share = N / D, N the crossing weight, D all weight.
  //   pair    before (n, d)   after (n, d)   delta n, delta d
  //   f1-f2   (0, 1) inside   (1, 1) across    +1, 0
  //   f2-f3   (2, 2) across   (0, 2) inside    -2, 0
  //   f3-f4   (0, 3) inside   absent            0, -3
  //   f1-f5   absent          (4, 4) across    +4, +4
  //   f2-f5   absent          (0, 1) inside     0, +1
  // Before N = 2, D = 6, M = 1/3; after N' = 5, D' = 8: 5/8.
  // delta = 5/8 - 1/3 = 7/24.
  // part = (delta n - M delta d) / D':
  //   f1-f2: (1 - 0) / 8 = 3/24       f2-f3: (-2 - 0) / 8 = -6/24
  //   f3-f4: (0 + 3/3) / 8 = 3/24     f1-f5: (4 - 4/3) / 8 = 8/24
  //   f2-f5: (0 - 1/3) / 8 = -1/24    sum: (3 - 6 + 3 + 8 - 1) / 24 = 7/24.
  // Movers: f2 (moved), f4 (dropped), f5 (added). f1-f2 and f2-f3 go to f2,
  // f3-f4 to f4, f1-f5 to f5, f2-f5 half to each:
  //   f2: 3/24 - 6/24 - 1/48 = -7/48   f4: 3/24 = 6/48
  //   f5: 8/24 - 1/48 = 15/48          other: 0 (every changed pair has a mover)
  const Model m = testing::model_from(kAttributionModel);
  const Explanation x = explain_change(m, 0, 1, std::nullopt);
  ASSERT_EQ(x.metrics.size(), 4U);
  EXPECT_EQ(x.metrics[0].key, "cross_unit_share");
  EXPECT_EQ(x.metrics[1].key, "top_level_share");
  EXPECT_EQ(x.metrics[2].key, "coordination_distance_mean");
  EXPECT_EQ(x.metrics[3].key, "escalation_depth_mean");
  const MetricAttribution& cross = x.metrics[0];
  EXPECT_NEAR(cross.from, 1.0 / 3, 1e-12);
  EXPECT_NEAR(cross.to, 5.0 / 8, 1e-12);
  EXPECT_NEAR(cross.delta, 7.0 / 24, 1e-12);
  EXPECT_EQ(cross.by_dependency.size(), 5U);
  EXPECT_NEAR(dependency_part(m, cross, "f1", "f2"), 3.0 / 24, 1e-12);
  EXPECT_NEAR(dependency_part(m, cross, "f2", "f3"), -6.0 / 24, 1e-12);
  EXPECT_NEAR(dependency_part(m, cross, "f3", "f4"), 3.0 / 24, 1e-12);
  EXPECT_NEAR(dependency_part(m, cross, "f1", "f5"), 8.0 / 24, 1e-12);
  EXPECT_NEAR(dependency_part(m, cross, "f2", "f5"), -1.0 / 24, 1e-12);
  for (const DependencyPart& p : cross.by_dependency) {
    EXPECT_LT(m.functions[p.u].id, m.functions[p.v].id);  // u before v in id order
  }
  ASSERT_EQ(cross.by_move.size(), 3U);
  EXPECT_NEAR(move_part(m, cross, "f2"), -7.0 / 48, 1e-12);
  EXPECT_NEAR(move_part(m, cross, "f4"), 6.0 / 48, 1e-12);
  EXPECT_NEAR(move_part(m, cross, "f5"), 15.0 / 48, 1e-12);
  // Largest |part| first: f5, f2, f4.
  EXPECT_EQ(cross.by_move[0].function, function(m, "f5"));
  EXPECT_EQ(cross.by_move[1].function, function(m, "f2"));
  EXPECT_EQ(cross.by_move[2].function, function(m, "f4"));
  EXPECT_NEAR(cross.other, 0, 1e-12);
  EXPECT_EQ(x.fate[function(m, "f1")], FunctionFate::kStayed);
  EXPECT_EQ(x.fate[function(m, "f2")], FunctionFate::kMoved);
  EXPECT_EQ(x.fate[function(m, "f4")], FunctionFate::kDropped);
  EXPECT_EQ(x.fate[function(m, "f5")], FunctionFate::kAdded);
}

TEST(ExplainAttribution, ModularityByHand) {
  // Term of a unit: inside/W - (deg/2W)^2.
  // Before: W = 1 + 2 + 3 = 6. Degrees f1 1, f2 3, f3 5, f4 3.
  //   A: inside 1 (f1-f2), deg 4: 1/6 - (4/12)^2 = 1/6 - 1/9 = 1/18
  //   B: inside 3 (f3-f4), deg 8: 3/6 - (8/12)^2 = 1/2 - 4/9 = 1/18
  // After: W' = 1 + 2 + 4 + 1 = 8. Degrees f1 5, f2 4, f3 2, f5 5.
  //   A: inside 0, deg 5:  0 - (5/16)^2 = -25/256
  //   B: inside 3 (f2-f3, f2-f5), deg 11: 3/8 - (11/16)^2 = (96 - 121)/256 = -25/256
  // Each unit's part: -25/256 - 1/18; delta = -25/128 - 1/9.
  const Model m = testing::model_from(kAttributionModel);
  const Explanation x = explain_change(m, 0, 1, std::nullopt);
  EXPECT_NEAR(x.modularity.from, 1.0 / 9, 1e-12);
  EXPECT_NEAR(x.modularity.to, -25.0 / 128, 1e-12);
  EXPECT_NEAR(x.modularity.delta, -25.0 / 128 - 1.0 / 9, 1e-12);
  ASSERT_EQ(x.modularity.by_unit.size(), 2U);
  // Equal parts: by unit id, A first. (Computed in floating point the two
  // differ in the last bit, 1/6 - 1/9 against 1/2 - 4/9: near-equal sums are
  // equal, docs/metrics.md.)
  EXPECT_EQ(x.modularity.by_unit[0].unit, unit(m, "A"));
  EXPECT_EQ(x.modularity.by_unit[1].unit, unit(m, "B"));
  for (const UnitTermPart& p : x.modularity.by_unit) {
    EXPECT_NEAR(p.from, 1.0 / 18, 1e-12);
    EXPECT_NEAR(p.to, -25.0 / 256, 1e-12);
    EXPECT_NEAR(p.contribution, -25.0 / 256 - 1.0 / 18, 1e-12);
  }
}

// Two sub-units folded into their parent, so that nothing crosses after.
//
//   before               after
//   R                    R
//   └── A                └── A {g1 g2}
//       ├── A1 {g1}
//       └── A2 {g2}
//
// One dependency, g1-g2 of weight 1.
TEST(ExplainAttribution, WhenNothingCrossesAfterThePartsDivideByTheBefore) {
  const Model m = testing::model_from(R"({
   "format": "policygraph/1",
   "domains": [{"id": "p"}],
   "functions": [{"id": "g1", "domains": ["p"]}, {"id": "g2", "domains": ["p"]}],
   "dependencies": [{"from": "g1", "to": "g2"}],
   "structures": [
    {"id": "before",
     "units": [{"id": "R"}, {"id": "A", "parent": "R"}, {"id": "A1", "parent": "A"},
               {"id": "A2", "parent": "A"}],
     "assign": {"g1": "A1", "g2": "A2"}},
    {"id": "after", "units": [{"id": "R"}, {"id": "A", "parent": "R"}],
     "assign": {"g1": "A", "g2": "A"}}
   ]
  })");
  const Explanation x = explain_change(m, 0, 1, std::nullopt);
  // A1 and A2 are gone, each wholly into A, which continues: one absorb
  // gathers both (equal flows: by id). A owns functions only after: it
  // continues, without a flow of its own.
  EXPECT_EQ(
      events_of(m, x),
      (std::vector<std::string>{"absorb A1,A2 -> A; A1->A 1f w1; A2->A 1f w1", "continue A -> A"}));
  // Both functions followed their unit (A1->A is A1's largest outflow).
  EXPECT_EQ(x.fate[0], FunctionFate::kFollowed);
  EXPECT_EQ(x.fate[1], FunctionFate::kFollowed);
  // escalation_depth_mean: before, g1-g2 crosses and meets at A (depth 1):
  // N = 1 x 1, D = 1, 1. After nothing crosses: D' = 0, the figure is 0.
  // With D' = 0 the part is delta n / D = (0 - 1) / 1 = -1, and as neither
  // end moved it is all `other`.
  const MetricAttribution& escalation = metric(x, "escalation_depth_mean");
  EXPECT_DOUBLE_EQ(escalation.from, 1);
  EXPECT_DOUBLE_EQ(escalation.to, 0);
  EXPECT_DOUBLE_EQ(escalation.delta, -1);
  EXPECT_DOUBLE_EQ(dependency_part(m, escalation, "g1", "g2"), -1);
  EXPECT_TRUE(escalation.by_move.empty());
  EXPECT_DOUBLE_EQ(escalation.other, -1);
  // coordination_distance_mean: dist(A1, A2) = 2 before, 0 after; D = D' = 1:
  // part (0 - 2 - 2 x 0) / 1 = -2.
  const MetricAttribution& distance = metric(x, "coordination_distance_mean");
  EXPECT_DOUBLE_EQ(distance.delta, -2);
  EXPECT_DOUBLE_EQ(dependency_part(m, distance, "g1", "g2"), -2);
  // The pair met at A and now lies inside A: depth 1 both times.
  EXPECT_EQ(shifts_of(m, x.shifts.became_internal), std::vector<std::string>{"g1-g2 w1 1>1"});
}

// docs/metrics.md: two sums within 1e-9 x max(1, |a|, |b|) are equal
// wherever a decision depends on them, so that the answer does not depend
// on the order of the input.
//
//   before                 after
//   R                      R
//   ├── S {a b}            ├── X {b}
//   └── Q {c d e}          ├── Y {a}
//                          └── Q {c d e}
//
// Dependencies: a-c 0.1, a-d 0.2, b-e 0.3. S->X carries b (weight 0.3),
// S->Y carries a (weight 0.1 + 0.2, which is 0.30000000000000004 in binary
// floating point): a tie, broken by id, X first.
TEST(ExplainEvents, NearEqualWeightsAreTiesBrokenById) {
  const Model m = testing::model_from(R"({
   "format": "policygraph/1",
   "domains": [{"id": "p"}],
   "functions": [{"id": "a", "domains": ["p"]}, {"id": "b", "domains": ["p"]},
                 {"id": "c", "domains": ["p"]}, {"id": "d", "domains": ["p"]},
                 {"id": "e", "domains": ["p"]}],
   "dependencies": [{"from": "a", "to": "c", "weight": 0.1}, {"from": "a", "to": "d", "weight": 0.2},
                    {"from": "b", "to": "e", "weight": 0.3}],
   "structures": [
    {"id": "before", "units": [{"id": "R"}, {"id": "S", "parent": "R"}, {"id": "Q", "parent": "R"}],
     "assign": {"a": "S", "b": "S", "c": "Q", "d": "Q", "e": "Q"}},
    {"id": "after",
     "units": [{"id": "R"}, {"id": "X", "parent": "R"}, {"id": "Y", "parent": "R"},
               {"id": "Q", "parent": "R"}],
     "assign": {"a": "Y", "b": "X", "c": "Q", "d": "Q", "e": "Q"}}
   ]
  })");
  const Explanation x = explain_change(m, 0, 1, std::nullopt);
  EXPECT_EQ(events_of(m, x),
            (std::vector<std::string>{"create S -> X; S->X 1f w0.3", "create S -> Y; S->Y 1f w0.3",
                                      "split S -> X,Y; S->X 1f w0.3; S->Y 1f w0.3",
                                      "continue Q -> Q; Q->Q 3f w0.6"}));
}

// ---------------------------------------------------------------------------
// Shifts worked by hand (depths: R 0, A and B 1, A1, A2, B1 2).
//
//   before                after
//   R                     R
//   ├── A                 ├── A
//   │   ├── A1 {f1}       │   ├── A1 {f1 f2}
//   │   └── A2 {f2 f3 f6} │   └── A2 {f3 f5}
//   └── B {f4 f5}         └── B
//                             └── B1 {f4 f6 f7}
//
//   pair  w  before                 after                  shift
//   f1-f2 1  A1|A2 meet at A (1)    inside A1 (2)          became internal 1>2
//   f2-f3 2  inside A2 (2)          A1|A2 meet at A (1)    became external 2>1
//   f4-f5 3  inside B (1)           B1|A2 meet at R (0)    became external 1>0
//   f3-f4 4  A2|B meet at R (0)     A2|B1 meet at R (0)    none
//   f1-f5 5  A1|B meet at R (0)     A1|A2 meet at A (1)    settled 0>1
//   f1-f6 6  A1|A2 meet at A (1)    A1|B1 meet at R (0)    escalated 1>0
//   f1-f7 7  f7 absent before                              none
const char* const kShiftModel = R"({
 "format": "policygraph/1",
 "domains": [{"id": "p"}],
 "functions": [{"id": "f1", "domains": ["p"]}, {"id": "f2", "domains": ["p"]},
               {"id": "f3", "domains": ["p"]}, {"id": "f4", "domains": ["p"]},
               {"id": "f5", "domains": ["p"]}, {"id": "f6", "domains": ["p"]},
               {"id": "f7", "domains": ["p"]}],
 "dependencies": [{"from": "f1", "to": "f2"}, {"from": "f2", "to": "f3", "weight": 2},
                  {"from": "f4", "to": "f5", "weight": 3}, {"from": "f3", "to": "f4", "weight": 4},
                  {"from": "f1", "to": "f5", "weight": 5}, {"from": "f6", "to": "f1", "weight": 6},
                  {"from": "f1", "to": "f7", "weight": 7}],
 "structures": [
  {"id": "before",
   "units": [{"id": "R"}, {"id": "A", "parent": "R"}, {"id": "A1", "parent": "A"},
             {"id": "A2", "parent": "A"}, {"id": "B", "parent": "R"}],
   "assign": {"f1": "A1", "f2": "A2", "f3": "A2", "f6": "A2", "f4": "B", "f5": "B"}},
  {"id": "after",
   "units": [{"id": "R"}, {"id": "A", "parent": "R"}, {"id": "A1", "parent": "A"},
             {"id": "A2", "parent": "A"}, {"id": "B", "parent": "R"}, {"id": "B1", "parent": "B"}],
   "assign": {"f1": "A1", "f2": "A1", "f3": "A2", "f5": "A2", "f4": "B1", "f6": "B1",
              "f7": "B1"}}
 ]
})";

TEST(ExplainShifts, FourKindsByHand) {
  const Model m = testing::model_from(kShiftModel);
  const Shifts s = explain_change(m, 0, 1, std::nullopt).shifts;
  EXPECT_EQ(shifts_of(m, s.became_internal), std::vector<std::string>{"f1-f2 w1 1>2"});
  EXPECT_EQ(shifts_of(m, s.became_external),
            (std::vector<std::string>{"f2-f3 w2 2>1", "f4-f5 w3 1>0"}));
  EXPECT_EQ(shifts_of(m, s.escalated), std::vector<std::string>{"f1-f6 w6 1>0"});
  EXPECT_EQ(shifts_of(m, s.settled), std::vector<std::string>{"f1-f5 w5 0>1"});
  EXPECT_DOUBLE_EQ(s.internal_weight, 1);
  EXPECT_DOUBLE_EQ(s.external_weight, 5);
  EXPECT_DOUBLE_EQ(s.escalated_weight, 6);
  EXPECT_DOUBLE_EQ(s.settled_weight, 5);
}

TEST(ExplainShifts, AtLevelOneTheSubunitsMerge) {
  // At level 1: before A {f1 f2 f3 f6}, B {f4 f5}; after A {f1 f2 f3 f5},
  // B {f4 f6 f7} (B1 counts as B).
  //   f1-f2, f2-f3: inside A both times; f3-f4: A|B both times (R, R).
  //   f4-f5 3: inside B (1) -> B|A at R (0): became external 1>0
  //   f1-f5 5: A|B at R (0) -> inside A (1): became internal 0>1
  //   f1-f6 6: inside A (1) -> A|B at R (0): became external 1>0
  const Model m = testing::model_from(kShiftModel);
  const Shifts s = explain_change(m, 0, 1, 1).shifts;
  EXPECT_EQ(shifts_of(m, s.became_internal), std::vector<std::string>{"f1-f5 w5 0>1"});
  EXPECT_EQ(shifts_of(m, s.became_external),
            (std::vector<std::string>{"f1-f6 w6 1>0", "f4-f5 w3 1>0"}));
  EXPECT_TRUE(s.escalated.empty());
  EXPECT_TRUE(s.settled.empty());
  EXPECT_DOUBLE_EQ(s.internal_weight, 5);
  EXPECT_DOUBLE_EQ(s.external_weight, 9);
  EXPECT_DOUBLE_EQ(s.escalated_weight, 0);
  EXPECT_DOUBLE_EQ(s.settled_weight, 0);
}

// ---------------------------------------------------------------------------
// Random models against a plain computation from the definitions.

/// `n` functions f0.., random weighted dependencies (weights multiples of
/// 1/4, so that every sum of them is exact and ties between flows are real
/// ties), and two structures over units u0..u7 under the root r: each unit
/// present with probability 2/3 under a random parent, trees 2 or 3 levels
/// deep, labels drawn from two, about one function in seven absent.
Model random_model(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const int n = 6 + static_cast<int>(rng() % 9);
  std::ostringstream j;
  j << R"({"format": "policygraph/1", "domains": [{"id": "d"}], "functions": [)";
  for (int f = 0; f < n; ++f) {
    j << (f ? "," : "") << R"({"id": "f)" << f << R"(", "domains": ["d"]})";
  }
  j << R"(], "dependencies": [)";
  bool first = true;
  for (int a = 0; a < n; ++a) {
    for (int b = a + 1; b < n; ++b) {
      if (rng() % 3 != 0) continue;
      j << (first ? "" : ",") << R"({"from": "f)" << a << R"(", "to": "f)" << b
        << R"(", "weight": )" << 0.25 * static_cast<double>(1 + rng() % 12) << "}";
      first = false;
      if (rng() % 6 == 0) {  // a reversed dependency of the same pair: weights add up
        j << R"(, {"from": "f)" << b << R"(", "to": "f)" << a << R"(", "weight": 0.5})";
      }
    }
  }
  j << R"(], "structures": [)";
  for (int s = 0; s < 2; ++s) {
    const int max_depth = 2 + static_cast<int>(rng() % 2);
    std::vector<std::pair<std::string, int>> placed{{"r", 0}};  // id, depth
    j << (s ? "," : "") << R"({"id": "s)" << s << R"(", "units": [{"id": "r"})";
    for (int u = 0; u < 8; ++u) {
      if (rng() % 3 == 0) continue;
      std::vector<std::size_t> parents;
      for (std::size_t k = 0; k < placed.size(); ++k) {
        if (placed[k].second < max_depth) parents.push_back(k);
      }
      const auto& parent = placed[parents[rng() % parents.size()]];
      const std::string id = "u" + std::to_string(u);
      j << R"(, {"id": ")" << id << R"(", "parent": ")" << parent.first << R"(", "label": ")"
        << (rng() % 2 ? "x" : "y") << '"';
      if (rng() % 4 == 0) j << R"(, "labels": {"ko": "k)" << rng() % 2 << R"("})";
      j << "}";
      placed.emplace_back(id, parent.second + 1);
    }
    j << R"(], "assign": {)";
    bool first_assign = true;
    for (int f = 0; f < n; ++f) {
      if (rng() % 7 == 0) continue;
      j << (first_assign ? "" : ",") << R"("f)" << f << R"(": ")"
        << placed[rng() % placed.size()].first << '"';
      first_assign = false;
    }
    j << "}}";
  }
  j << "]}";
  return testing::model_from(j.str());
}

using Pair = std::pair<Index, Index>;  // function indices, the smaller first

/// w(u, v) for every pair: the dependencies summed in both directions.
std::map<Pair, double> pair_weights(const Model& m) {
  std::map<Pair, double> w;
  for (const Dependency& d : m.dependencies) {
    w[{std::min(d.from, d.to), std::max(d.from, d.to)}] += d.weight;
  }
  return w;
}

bool at_level(const Resolved& s, Index u, std::optional<int> level) {
  return u < s.present.size() && s.present[u] &&
         (!level || s.depth[u] <= static_cast<Index>(*level));
}

/// a_L(f) by walking up from each owner.
std::vector<Index> owners_by_walking(const Model& m, const Resolved& s, std::optional<int> level) {
  std::vector<Index> owner(m.functions.size(), kNone);
  for (std::size_t f = 0; f < owner.size(); ++f) {
    Index u = s.assign[f];
    while (u != kNone && level && s.depth[u] > static_cast<Index>(*level)) u = s.parent[u];
    owner[f] = u;
  }
  return owner;
}

Index lca_by_walking(const Resolved& s, Index a, Index b) {
  while (a != b) {
    if (s.depth[a] >= s.depth[b]) {
      a = s.parent[a];
    } else {
      b = s.parent[b];
    }
  }
  return a;
}

/// One side of the comparison: the structure and a_L per function.
struct Side {
  const Resolved& s;
  std::vector<Index> owner;
  [[nodiscard]] bool has(Index f) const { return owner[f] != kNone; }
};

/// n and d of pair {u, v} of weight w for ratio metric k (0 cross_unit_share,
/// 1 top_level_share, 2 coordination_distance_mean, 3 escalation_depth_mean),
/// both 0 when an end is absent.
std::pair<double, double> ratio_terms(int k, const Side& side, Index u, Index v, double w) {
  if (!side.has(u) || !side.has(v)) return {0, 0};
  const Resolved& s = side.s;
  const Index a = side.owner[u];
  const Index b = side.owner[v];
  const Index meet = lca_by_walking(s, a, b);
  const bool cross = a != b;
  switch (k) {
    case 0:
      return {cross ? w : 0, w};
    case 1:
      return {cross && meet == s.root ? w : 0, w};
    case 2:
      return {w * static_cast<double>(s.depth[a] + s.depth[b] - 2 * s.depth[meet]), w};
    default:
      return {cross ? w * static_cast<double>(s.depth[meet]) : 0, cross ? w : 0};
  }
}

struct ReferenceAttribution {
  double from = 0;
  double to = 0;
  std::map<Pair, double> by_dependency;
  std::map<Index, double> by_move;
  double other = 0;
};

ReferenceAttribution reference_attribution(int k, const Side& a, const Side& b,
                                           const std::map<Pair, double>& weights,
                                           const std::vector<bool>& mover) {
  double n_from = 0, d_from = 0, n_to = 0, d_to = 0;
  for (const auto& [e, w] : weights) {
    const auto [n, d] = ratio_terms(k, a, e.first, e.second, w);
    const auto [n2, d2] = ratio_terms(k, b, e.first, e.second, w);
    n_from += n;
    d_from += d;
    n_to += n2;
    d_to += d2;
  }
  ReferenceAttribution r;
  const double mean = d_from > 0 ? n_from / d_from : 0;
  r.from = mean;
  r.to = d_to > 0 ? n_to / d_to : 0;
  for (const auto& [e, w] : weights) {
    const auto [n, d] = ratio_terms(k, a, e.first, e.second, w);
    const auto [n2, d2] = ratio_terms(k, b, e.first, e.second, w);
    double part = 0;
    if (d_to > 0) {
      part = ((n2 - n) - mean * (d2 - d)) / d_to;
    } else if (d_from > 0) {
      part = (n2 - n) / d_from;
    }
    if (part == 0) continue;
    r.by_dependency[e] = part;
    const bool mu = mover[e.first];
    const bool mv = mover[e.second];
    if (mu && mv) {
      r.by_move[e.first] += part / 2;
      r.by_move[e.second] += part / 2;
    } else if (mu || mv) {
      r.by_move[mu ? e.first : e.second] += part;
    } else {
      r.other += part;
    }
  }
  return r;
}

/// Modularity term of each unit owning functions on one side.
std::map<Index, double> modularity_terms(const Side& side, const std::map<Pair, double>& weights) {
  double total = 0;
  std::map<Index, double> inside, degree;
  for (const auto& [e, w] : weights) {
    if (!side.has(e.first) || !side.has(e.second)) continue;
    total += w;
    degree[side.owner[e.first]] += w;
    degree[side.owner[e.second]] += w;
    if (side.owner[e.first] == side.owner[e.second]) inside[side.owner[e.first]] += w;
  }
  std::map<Index, double> term;
  for (const Index u : side.owner) {
    if (u == kNone) continue;
    const double share = total > 0 ? degree[u] / (2 * total) : 0;
    term[u] = total > 0 ? inside[u] / total - share * share : 0;
  }
  return term;
}

/// The flows, by unit ids, each with its functions in id order and its
/// weight: the weighted degree over the pairs present on both sides.
std::vector<UnitFlow> reference_flows(const Model& m, const Side& a, const Side& b,
                                      const std::map<Pair, double>& weights) {
  std::vector<double> degree(m.functions.size(), 0);
  for (const auto& [e, w] : weights) {
    const auto common = [&](Index f) { return a.has(f) && b.has(f); };
    if (!common(e.first) || !common(e.second)) continue;
    degree[e.first] += w;
    degree[e.second] += w;
  }
  std::map<std::pair<std::string, std::string>, UnitFlow> by_ids;
  std::vector<Index> functions(m.functions.size());
  for (Index f = 0; f < functions.size(); ++f) functions[f] = f;
  std::sort(functions.begin(), functions.end(),
            [&](Index x, Index y) { return m.functions[x].id < m.functions[y].id; });
  for (const Index f : functions) {
    if (!a.has(f) || !b.has(f)) continue;
    UnitFlow& flow = by_ids[{m.unit_ids[a.owner[f]], m.unit_ids[b.owner[f]]}];
    flow.from = a.owner[f];
    flow.to = b.owner[f];
    flow.functions.push_back(f);
    flow.weight += degree[f];
  }
  std::vector<UnitFlow> out;
  for (auto& [ids, flow] : by_ids) out.push_back(flow);
  return out;
}

/// The events as docs/explain.md defines them, written out directly. Units
/// that own nothing on either side count only when new, abolished or renamed.
std::vector<ChangeEvent> reference_events(const Model& m, const Side& a, const Side& b,
                                          std::optional<int> level,
                                          const std::vector<UnitFlow>& flows) {
  const auto id = [&](Index u) { return m.unit_ids[u]; };
  const auto gone = [&](Index u) { return !at_level(b.s, u, level); };
  const auto is_new = [&](Index v) { return !at_level(a.s, v, level); };
  const auto continuing = [&](Index u) {
    return at_level(a.s, u, level) && at_level(b.s, u, level);
  };
  std::set<Index> owning_from, owning_to;
  for (const Index u : a.owner) {
    if (u != kNone) owning_from.insert(u);
  }
  for (const Index u : b.owner) {
    if (u != kNone) owning_to.insert(u);
  }
  std::map<Index, std::vector<std::size_t>> out, in;  // flow indices
  for (std::size_t k = 0; k < flows.size(); ++k) {
    out[flows[k].from].push_back(k);
    in[flows[k].to].push_back(k);
  }
  // Largest first: functions, then weight; then the ids.
  const auto larger = [&](std::size_t x, std::size_t y) {
    const UnitFlow& p = flows[x];
    const UnitFlow& q = flows[y];
    if (p.functions.size() != q.functions.size()) return p.functions.size() > q.functions.size();
    if (p.weight != q.weight) return p.weight > q.weight;
    return std::pair{id(p.from), id(p.to)} < std::pair{id(q.from), id(q.to)};
  };
  struct Keyed {
    ChangeEvent event;
    std::pair<std::string, std::string> key;
  };
  std::vector<Keyed> events;
  // An event of flows into one unit (from their sources) or out of one (to
  // their destinations).
  const auto add = [&](EventType type, std::vector<std::size_t> list, bool by_source, Index single,
                       std::pair<std::string, std::string> key) {
    std::sort(list.begin(), list.end(), larger);
    ChangeEvent e;
    e.type = type;
    e.flows = list;
    for (const std::size_t k : list)
      (by_source ? e.from : e.to).push_back(by_source ? flows[k].from : flows[k].to);
    (by_source ? e.to : e.from).push_back(single);
    events.push_back({e, std::move(key)});
  };
  std::set<Index> units_from, units_to;  // the units at the level
  for (Index u = 0; u < m.unit_ids.size(); ++u) {
    if (at_level(a.s, u, level)) units_from.insert(u);
    if (at_level(b.s, u, level)) units_to.insert(u);
  }
  for (const Index v : units_to) {
    if (!is_new(v)) continue;
    const std::vector<std::size_t>& inflows = in[v];
    bool wholly = !inflows.empty();
    for (const std::size_t k : inflows) {
      wholly = wholly && gone(flows[k].from) && out[flows[k].from].size() == 1;
    }
    if (wholly && inflows.size() == 1) {
      add(EventType::kRename, inflows, true, v, {id(flows[inflows[0]].from), id(v)});
    } else {
      add(wholly ? EventType::kMerge : EventType::kCreate, inflows, true, v, {id(v), ""});
    }
  }
  std::map<Index, std::vector<std::size_t>> absorbed;
  for (const Index u : units_from) {
    if (!gone(u)) continue;
    const std::vector<std::size_t>& outflows = out[u];
    if (outflows.empty()) {
      if (b.s.present[u]) continue;  // still there, deeper: its new ancestor's event covers it
      add(EventType::kAbolish, {}, false, u, {id(u), ""});
    } else if (outflows.size() >= 2) {
      add(EventType::kSplit, outflows, false, u, {id(u), ""});
    } else if (!is_new(flows[outflows[0]].to)) {
      absorbed[flows[outflows[0]].to].push_back(outflows[0]);
    }
  }
  for (const auto& [v, list] : absorbed) add(EventType::kAbsorb, list, true, v, {id(v), ""});
  std::set<Index> owning = owning_from;
  owning.insert(owning_to.begin(), owning_to.end());
  for (const Index u : units_from) {
    if (!continuing(u)) continue;
    const LabelSet& before = a.s.info[u].labels;
    const LabelSet& after = b.s.info[u].labels;
    const bool renamed = before.label != after.label || before.by_lang != after.by_lang;
    if (!renamed && !owning.count(u)) continue;
    ChangeEvent e;
    e.type = renamed ? EventType::kRename : EventType::kContinue;
    e.from = e.to = {u};
    for (const std::size_t k : out[u]) {
      if (flows[k].to == u) e.flows.push_back(k);
    }
    events.push_back({e, {id(u), id(u)}});
  }
  for (std::size_t k = 0; k < flows.size(); ++k) {
    const UnitFlow& f = flows[k];
    if (f.from == f.to || !continuing(f.from) || !continuing(f.to)) continue;
    ChangeEvent e;
    e.type = EventType::kTransfer;
    e.from = {f.from};
    e.to = {f.to};
    e.flows = {k};
    events.push_back({e, {id(f.from), id(f.to)}});
  }
  std::sort(events.begin(), events.end(), [](const Keyed& x, const Keyed& y) {
    return std::pair{x.event.type, x.key} < std::pair{y.event.type, y.key};
  });
  std::vector<ChangeEvent> result;
  for (const Keyed& k : events) result.push_back(k.event);
  return result;
}

std::vector<FunctionFate> reference_fates(const Model& m, Index from, Index to,
                                          std::optional<int> level, const Side& a, const Side& b) {
  const Succession succ = succession(m, from, to, level);
  std::vector<FunctionFate> fate(m.functions.size());
  for (Index f = 0; f < fate.size(); ++f) {
    if (!a.has(f)) {
      fate[f] = b.has(f) ? FunctionFate::kAdded : FunctionFate::kAbsent;
    } else if (!b.has(f)) {
      fate[f] = FunctionFate::kDropped;
    } else if (a.owner[f] == b.owner[f]) {
      fate[f] = FunctionFate::kStayed;
    } else {
      fate[f] =
          succ.follows(a.owner[f], b.owner[f]) ? FunctionFate::kFollowed : FunctionFate::kMoved;
    }
  }
  return fate;
}

std::vector<std::string> reference_shifts(
    const Model& m, const Side& a, const Side& b, const std::map<Pair, double>& weights,
    int kind /* 0 internal, 1 external, 2 escalated, 3 settled */) {
  std::vector<std::string> out;
  for (const auto& [e, w] : weights) {
    const auto present = [&](const Side& s) { return s.has(e.first) && s.has(e.second); };
    if (!present(a) || !present(b)) continue;
    const bool cross_a = a.owner[e.first] != a.owner[e.second];
    const bool cross_b = b.owner[e.first] != b.owner[e.second];
    const Index meet_a = a.s.depth[lca_by_walking(a.s, a.owner[e.first], a.owner[e.second])];
    const Index meet_b = b.s.depth[lca_by_walking(b.s, b.owner[e.first], b.owner[e.second])];
    const int found = cross_a && !cross_b   ? 0
                      : !cross_a && cross_b ? 1
                      : !cross_a            ? -1
                      : meet_b < meet_a     ? 2
                      : meet_b > meet_a     ? 3
                                            : -1;
    if (found == kind) out.push_back(shift_text(m, e.first, e.second, w, meet_a, meet_b));
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Checks one explanation against the definitions; adds the types of its
/// events to `seen`.
void check_against_reference(const Model& m, Index from, Index to, std::optional<int> level,
                             std::set<EventType>& seen) {
  const Explanation x = explain_change(m, from, to, level);
  for (const ChangeEvent& e : x.events) seen.insert(e.type);
  const Side a{m.structures[from], owners_by_walking(m, m.structures[from], level)};
  const Side b{m.structures[to], owners_by_walking(m, m.structures[to], level)};
  const std::map<Pair, double> weights = pair_weights(m);
  EXPECT_EQ(x.owner_from, a.owner);
  EXPECT_EQ(x.owner_to, b.owner);

  // Flows: every pair of owners, with exactly the functions it carries.
  const std::vector<UnitFlow> flows = reference_flows(m, a, b, weights);
  ASSERT_EQ(x.flows.size(), flows.size());
  for (std::size_t k = 0; k < flows.size(); ++k) {
    EXPECT_EQ(x.flows[k].from, flows[k].from);
    EXPECT_EQ(x.flows[k].to, flows[k].to);
    EXPECT_EQ(x.flows[k].functions, flows[k].functions);
    EXPECT_NEAR(x.flows[k].weight, flows[k].weight, 1e-9);
  }

  // Events: the same list, and every flow in exactly one event but the flows
  // from a split unit into a created one, which are in both.
  std::vector<std::string> expected_events;
  for (const ChangeEvent& e : reference_events(m, a, b, level, flows)) {
    expected_events.push_back(event_text(m, flows, e));
  }
  EXPECT_EQ(events_of(m, x), expected_events);
  std::vector<int> times(x.flows.size(), 0);
  std::vector<bool> in_split(x.flows.size(), false), in_create(x.flows.size(), false);
  for (const ChangeEvent& e : x.events) {
    for (const std::size_t k : e.flows) {
      ASSERT_LT(k, x.flows.size());
      ++times[k];
      in_split[k] = in_split[k] || e.type == EventType::kSplit;
      in_create[k] = in_create[k] || e.type == EventType::kCreate;
    }
  }
  for (std::size_t k = 0; k < x.flows.size(); ++k) {
    EXPECT_EQ(times[k], in_split[k] && in_create[k] ? 2 : 1) << flow_text(m, x.flows[k]);
  }

  // Fates and their counts.
  const std::vector<FunctionFate> fate = reference_fates(m, from, to, level, a, b);
  EXPECT_EQ(x.fate, fate);
  const ChangeSize size = change_size(m, from, to, level);
  EXPECT_EQ(x.moved_functions, size.moved_functions);
  EXPECT_EQ(x.followed_functions, size.followed_functions);
  EXPECT_EQ(x.moved_functions,
            static_cast<std::size_t>(std::count(fate.begin(), fate.end(), FunctionFate::kMoved)));

  // The four ratio metrics: ends from structure_metrics, parts from the
  // reference, and both sums equal to the change.
  MetricsOptions no_betweenness;
  no_betweenness.betweenness = false;
  const WholeMetrics before = structure_metrics(m, from, level, no_betweenness).whole;
  const WholeMetrics after = structure_metrics(m, to, level, no_betweenness).whole;
  const double ends[4][2] = {{before.cross_unit_share, after.cross_unit_share},
                             {before.top_level_share, after.top_level_share},
                             {before.coordination_distance_mean, after.coordination_distance_mean},
                             {before.escalation_depth_mean, after.escalation_depth_mean}};
  const char* const keys[4] = {"cross_unit_share", "top_level_share", "coordination_distance_mean",
                               "escalation_depth_mean"};
  std::vector<bool> mover(m.functions.size(), false);
  for (Index f = 0; f < mover.size(); ++f) {
    mover[f] = fate[f] == FunctionFate::kMoved || fate[f] == FunctionFate::kAdded ||
               fate[f] == FunctionFate::kDropped;
  }
  ASSERT_EQ(x.metrics.size(), 4U);
  for (int k = 0; k < 4; ++k) {
    SCOPED_TRACE(keys[k]);
    const MetricAttribution& got = x.metrics[k];
    EXPECT_EQ(got.key, keys[k]);
    EXPECT_NEAR(got.from, ends[k][0], 1e-12);
    EXPECT_NEAR(got.to, ends[k][1], 1e-12);
    EXPECT_NEAR(got.delta, got.to - got.from, 1e-12);
    const ReferenceAttribution want = reference_attribution(k, a, b, weights, mover);
    // The reference agrees with structure_metrics on the ends (else it is wrong).
    ASSERT_NEAR(want.from, ends[k][0], 1e-9);
    ASSERT_NEAR(want.to, ends[k][1], 1e-9);

    double sum = 0;
    std::map<Pair, double> by_dependency;
    for (const DependencyPart& p : got.by_dependency) {
      EXPECT_LT(m.functions[p.u].id, m.functions[p.v].id);
      EXPECT_NE(p.contribution, 0);
      by_dependency[{std::min(p.u, p.v), std::max(p.u, p.v)}] += p.contribution;
      sum += p.contribution;
    }
    EXPECT_NEAR(sum, got.delta, 1e-9);
    for (const auto& [e, part] : want.by_dependency) {
      EXPECT_NEAR(by_dependency[e], part, 1e-9)
          << m.functions[e.first].id << "-" << m.functions[e.second].id;
    }
    for (const auto& [e, part] : by_dependency) {
      EXPECT_TRUE(want.by_dependency.count(e) || std::abs(part) < 1e-9)
          << m.functions[e.first].id << "-" << m.functions[e.second].id << " " << part;
    }

    sum = got.other;
    std::map<Index, double> by_move;
    for (const MovePart& p : got.by_move) {
      EXPECT_TRUE(mover[p.function]) << m.functions[p.function].id << " is no mover";
      by_move[p.function] += p.contribution;
      sum += p.contribution;
    }
    EXPECT_NEAR(sum, got.delta, 1e-9);
    EXPECT_NEAR(got.other, want.other, 1e-9);
    for (Index f = 0; f < mover.size(); ++f) {
      const double w = want.by_move.count(f) ? want.by_move.at(f) : 0;
      const double g = by_move.count(f) ? by_move.at(f) : 0;
      EXPECT_NEAR(g, w, 1e-9) << m.functions[f].id;
    }
    for (std::size_t i = 1; i < got.by_move.size(); ++i) {
      EXPECT_GE(std::abs(got.by_move[i - 1].contribution) + 1e-12,
                std::abs(got.by_move[i].contribution));
    }
  }

  // Modularity: unit terms, summing to the change.
  EXPECT_NEAR(x.modularity.from, before.modularity, 1e-12);
  EXPECT_NEAR(x.modularity.to, after.modularity, 1e-12);
  EXPECT_NEAR(x.modularity.delta, after.modularity - before.modularity, 1e-12);
  const std::map<Index, double> terms_from = modularity_terms(a, weights);
  const std::map<Index, double> terms_to = modularity_terms(b, weights);
  const auto term_of = [](const std::map<Index, double>& terms, Index u) {
    const auto it = terms.find(u);
    return it == terms.end() ? 0.0 : it->second;
  };
  double sum = 0;
  std::set<Index> listed;
  for (const UnitTermPart& p : x.modularity.by_unit) {
    EXPECT_TRUE(terms_from.count(p.unit) || terms_to.count(p.unit)) << m.unit_ids[p.unit];
    EXPECT_NEAR(p.from, term_of(terms_from, p.unit), 1e-9) << m.unit_ids[p.unit];
    EXPECT_NEAR(p.to, term_of(terms_to, p.unit), 1e-9) << m.unit_ids[p.unit];
    EXPECT_NEAR(p.contribution, p.to - p.from, 1e-12) << m.unit_ids[p.unit];
    listed.insert(p.unit);
    sum += p.contribution;
  }
  EXPECT_NEAR(sum, x.modularity.delta, 1e-9);
  std::set<Index> owning;  // on either side
  for (const auto& [u, term] : terms_from) owning.insert(u);
  for (const auto& [u, term] : terms_to) owning.insert(u);
  for (const Index u : owning) {
    if (std::abs(term_of(terms_to, u) - term_of(terms_from, u)) > 1e-12) {
      EXPECT_TRUE(listed.count(u)) << m.unit_ids[u] << " has a part but is not listed";
    }
  }

  // Shifts.
  EXPECT_EQ(shifts_of(m, x.shifts.became_internal), reference_shifts(m, a, b, weights, 0));
  EXPECT_EQ(shifts_of(m, x.shifts.became_external), reference_shifts(m, a, b, weights, 1));
  EXPECT_EQ(shifts_of(m, x.shifts.escalated), reference_shifts(m, a, b, weights, 2));
  EXPECT_EQ(shifts_of(m, x.shifts.settled), reference_shifts(m, a, b, weights, 3));
  const auto total = [](const std::vector<DependencyShift>& list) {
    double w = 0;
    for (const DependencyShift& d : list) w += d.weight;
    return w;
  };
  EXPECT_NEAR(x.shifts.internal_weight, total(x.shifts.became_internal), 1e-9);
  EXPECT_NEAR(x.shifts.external_weight, total(x.shifts.became_external), 1e-9);
  EXPECT_NEAR(x.shifts.escalated_weight, total(x.shifts.escalated), 1e-9);
  EXPECT_NEAR(x.shifts.settled_weight, total(x.shifts.settled), 1e-9);
}

TEST(ExplainRandom, AgreesWithTheDefinitionsOnRandomModels) {
  // 200 models, three levels, both directions; the first case that fails
  // stops the test, so that its messages stay readable.
  std::set<EventType> seen;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const Model m = random_model(seed);
    for (const std::optional<int> level :
         {std::optional<int>(), std::optional<int>(1), std::optional<int>(2)}) {
      for (const auto& [from, to] :
           {std::pair<Index, Index>{0, 1}, std::pair<Index, Index>{1, 0}}) {
        SCOPED_TRACE("seed " + std::to_string(seed) + ", level " +
                     (level ? std::to_string(*level) : "none") + ", s" + std::to_string(from) +
                     " -> s" + std::to_string(to));
        check_against_reference(m, from, to, level, seen);
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
  // The models are varied enough to produce every kind of event.
  for (const EventType type :
       {EventType::kCreate, EventType::kMerge, EventType::kSplit, EventType::kAbsorb,
        EventType::kRename, EventType::kAbolish, EventType::kTransfer, EventType::kContinue}) {
    EXPECT_TRUE(seen.count(type)) << type_name(type);
  }
}

}  // namespace
}  // namespace policygraph
