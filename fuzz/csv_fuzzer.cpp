// libFuzzer target: the RFC 4180 reader and the header matching.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <policygraph/load/csv.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  policygraph::Diagnostics diagnostics;
  bool header = true;
  policygraph::CsvColumns columns;
  std::size_t fields = 0;
  (void)policygraph::read_csv(text, "fuzz.csv", diagnostics, [&](const policygraph::CsvRecord& r) {
    if (header) {
      header = false;
      return policygraph::find_columns(r, {"from", "to", "weight", "kind"}, 2, "fuzz.csv",
                                       diagnostics, columns);
    }
    for (std::string_view f : r.fields) fields += f.size();
    return true;
  });
  (void)diagnostics.render();
  return static_cast<int>(fields & 0U);
}
