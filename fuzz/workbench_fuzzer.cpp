// libFuzzer target: the workbench's request handler (src/serve). The first
// line of the input is "METHOD PATH", the rest the body; the Host and the
// token are right, so that the effort goes into routing, JSON and change
// ops. The model is tests/data/small.json under a path that does not exist,
// so that a save is refused (409) and nothing is ever written.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <policygraph/load/input_file.hpp>
#include <policygraph/load/model_reader.hpp>

#include "workbench.hpp"

namespace {

policygraph::serve::Workbench& bench() {
  static policygraph::serve::Workbench* b = [] {
    const std::string path = std::string(POLICYGRAPH_SOURCE_DIR) + "/tests/data/small.json";
    std::string text = policygraph::read_file(path);
    policygraph::Diagnostics d;
    policygraph::Model model =
        policygraph::read_model_text(text, path, std::string(POLICYGRAPH_SOURCE_DIR) + "/tests/data", d);
    model.path = "/nonexistent/policygraph-fuzz/model.json";
    policygraph::serve::WorkbenchOptions o;
    o.token = "t";
    o.hosts = {"127.0.0.1:1"};
    o.page = "<!doctype html>";
    o.limits.changes = 200;
    return new policygraph::serve::Workbench(std::move(model), std::move(text), std::move(o));
  }();
  return *b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t eol = input.find('\n');
  const std::string_view line = input.substr(0, eol);
  const std::size_t space = line.find(' ');
  policygraph::serve::Request r;
  r.method = std::string(line.substr(0, space));
  r.path = space == std::string_view::npos ? "/" : std::string(line.substr(space + 1));
  r.host = "127.0.0.1:1";
  r.token = "t";
  if (eol != std::string_view::npos) r.body = std::string(input.substr(eol + 1));
  const policygraph::serve::Response response = bench().handle(r);
  if (response.status < 200 || response.status > 599) __builtin_trap();
  return 0;
}
