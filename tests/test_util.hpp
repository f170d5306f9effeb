// Helpers shared by the tests.
#pragma once

#include <string>
#include <string_view>

#include <policygraph/load/model_reader.hpp>
#include <policygraph/load/rules_reader.hpp>

namespace policygraph::testing {

inline const std::string kDataDir = std::string(POLICYGRAPH_SOURCE_DIR) + "/tests/data/";

/// A model from inline JSON; fails the test with the diagnostics if invalid.
inline Model model_from(std::string_view json) {
  Diagnostics d;
  try {
    return read_model_text(json, "test.json", "", d);
  } catch (const ModelError& e) {
    ADD_FAILURE() << e.diagnostics().render();
    throw;
  }
}

inline Model model_file(const std::string& name) {
  Diagnostics d;
  return read_model_file(kDataDir + name, d);
}

/// Rules from the JSON array `rules` read against `model`; fails the test
/// with the diagnostics if they are refused.
inline RuleSet rules_from(const Model& model, const std::string& rules) {
  Diagnostics d;
  const std::string text = R"({"format": "policygraph-rules/1", "rules": )" + rules + "}";
  try {
    return read_rules(text, "rules.json", model, d);
  } catch (const ModelError& e) {
    ADD_FAILURE() << e.diagnostics().render();
    throw;
  }
}

}  // namespace policygraph::testing
