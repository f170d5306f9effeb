// libFuzzer target: the whole model reader on arbitrary bytes (JSON syntax,
// validation, change-op resolution). Invalid input must end in ModelError,
// never in a crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <policygraph/load/model_reader.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  policygraph::Diagnostics diagnostics;
  try {
    // CSV references resolve against a folder that holds none: reading them fails cleanly.
    (void)policygraph::read_model_text(text, "fuzz.json", "/nonexistent-fuzz-folder", diagnostics);
  } catch (const policygraph::ModelError& e) {
    (void)e.diagnostics().render();
  }
  return 0;
}
