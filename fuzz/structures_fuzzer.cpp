// libFuzzer target: the structure resolver (full form, change ops, bases).
// The fuzzed bytes become the `structures` array of a fixed, valid model,
// so that most of the effort goes into trees, assignments and change ops;
// valid results are also run through every metric.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <policygraph/analysis/compare.hpp>
#include <policygraph/load/model_reader.hpp>
#include <policygraph/metrics/metrics.hpp>

namespace {
constexpr std::string_view kHead = R"({"format": "policygraph/1",
  "domains": [{"id": "a"}, {"id": "b"}],
  "functions": [{"id": "f", "domains": ["a"]}, {"id": "g", "domains": ["a", "b"]},
                {"id": "h", "domains": ["b"]}],
  "dependencies": [{"from": "f", "to": "g", "weight": 2}, {"from": "g", "to": "h"}],
  "structures": )";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(kHead);
  text.append(reinterpret_cast<const char*>(data), size);
  text += "}";
  policygraph::Diagnostics diagnostics;
  try {
    const policygraph::Model m = policygraph::read_model_text(text, "fuzz.json", "", diagnostics);
    std::vector<policygraph::Index> all;
    for (policygraph::Index s = 0; s < m.structures.size(); ++s) all.push_back(s);
    (void)policygraph::compare_structures(m, all, 0, 1, {});
    (void)policygraph::structure_metrics(m, all.back(), std::nullopt, {});
  } catch (const policygraph::ModelError&) {
  }
  return 0;
}
