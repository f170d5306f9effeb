// Helpers shared by the tests.
#pragma once

#include <string>
#include <string_view>

#include <policygraph/load/model_reader.hpp>

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

}  // namespace policygraph::testing
