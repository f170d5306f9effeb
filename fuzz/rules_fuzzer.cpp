// libFuzzer target: a rules file and a known-violations file read from
// arbitrary bytes against a small model, and, when the rules are valid,
// checked and written in every format. Invalid input must end in
// ModelError, never in a crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <policygraph/load/model_reader.hpp>
#include <policygraph/load/rules_reader.hpp>
#include <policygraph/report/check_writer.hpp>
#include <policygraph/rules/check.hpp>

namespace {

// Two structures, the second in change form, so that units appear, move and
// merge, with a tower, kinds, headcounts and every kind of placement.
constexpr std::string_view kModel = R"({
  "format": "policygraph/1",
  "domains": [{"id": "sec"}, {"id": "growth"}],
  "functions": [{"id": "s1", "domains": ["sec"]}, {"id": "s2", "domains": ["sec", "growth"]},
                {"id": "g1", "domains": ["growth"]}, {"id": "g2", "domains": ["growth"]}],
  "dependencies": [{"from": "s1", "to": "s2", "weight": 3}, {"from": "s2", "to": "g1"},
                   {"from": "g1", "to": "g2", "weight": 0.5}, {"from": "g2", "to": "s1"}],
  "structures": [
    {"id": "before", "units": [{"id": "root", "kind": "ministry"},
       {"id": "a", "parent": "root", "kind": "office", "headcount": 10},
       {"id": "b", "parent": "root", "kind": "office"},
       {"id": "b1", "parent": "b", "kind": "bureau"}],
     "assign": {"s1": "a", "s2": "b1", "g1": "b", "g2": "root"},
     "control_towers": {"sec": "a"}},
    {"id": "after", "base": "before", "changes": [
       {"op": "add-unit", "id": "c", "parent": "root", "kind": "office"},
       {"op": "move-unit", "unit": "b1", "to": "c"},
       {"op": "move-function", "function": "g1", "to": "c"},
       {"op": "merge-units", "units": ["b"], "into": "a"}]}]})";

const policygraph::Model& model() {
  static const policygraph::Model m = [] {
    policygraph::Diagnostics d;
    return policygraph::read_model_text(kModel, "model.json", "", d);
  }();
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const policygraph::Model& m = model();
  std::vector<policygraph::KnownViolation> known;
  try {
    policygraph::Diagnostics diagnostics;
    known = policygraph::read_known(text, "known.json", diagnostics);
  } catch (const policygraph::ModelError& e) {
    (void)e.diagnostics().render();
  }
  try {
    policygraph::Diagnostics diagnostics;
    const policygraph::RuleSet rules = policygraph::read_rules(text, "rules.json", m, diagnostics);
    const policygraph::CheckResult result = policygraph::check_rules(m, rules, {}, &known);
    (void)policygraph::check_text(m, rules, result, "", true);
    (void)policygraph::check_json_text(m, rules, result, "ko");
    (void)policygraph::check_junit(m, rules, result, "");
    (void)policygraph::check_markdown(m, rules, result, "");
    (void)policygraph::known_text(policygraph::updated_known(m, rules, result, known, true));
  } catch (const policygraph::ModelError& e) {
    (void)e.diagnostics().render();
  }
  return 0;
}
