// The workbench's JSON API, apart from HTTP: a request in, a response out.
//
// `policygraph serve` (src/cli/serve.cpp) hands every request the HTTP
// library parsed to Workbench::handle and sends back what it returns; the
// fuzz target and the tests call it directly. The API is docs/serve.md.
//
//   Workbench bench(std::move(model), text, options);
//   Response r = bench.handle({.method = "GET", .path = "/api/session", ...});
//
// Every request is checked in this order: Host header (DNS rebinding),
// Origin (no cross-origin use), token, size; then routed. Malformed input
// gets a 4xx with {"error": ..., "problems": [...]}, never an exception.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <policygraph/core/model.hpp>
#include <policygraph/metrics/work_grouping.hpp>

namespace policygraph::serve {

struct Request {
  std::string method;  ///< "GET", "POST", ...
  std::string path;    ///< without the query
  std::map<std::string, std::string> query;
  std::string host;    ///< the Host header, "" when there is none
  std::string origin;  ///< the Origin header, "" when there is none
  std::string token;   ///< the X-Policygraph-Token header
  std::string body;
};

struct Response {
  int status = 200;
  /// With its charset: cpp-httplib compresses a plain "application/json"
  /// (brotli, when the browser accepts it), which on loopback costs far more
  /// than it saves: 0.8 s for the 0.7 MB answer of a 10,000-function model.
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::string filename;  ///< when set: a download of that name
};

/// The most a request may carry.
struct Limits {
  std::size_t body_bytes = std::size_t{1} << 20;
  std::size_t changes = 10'000;
};

struct WorkbenchOptions {
  /// Every request must carry it (as ?token= on the page, else the header).
  std::string token;
  /// The Host header values accepted, e.g. "127.0.0.1:8765".
  std::vector<std::string> hosts;
  std::string lang;  ///< label language ("" for the model's own labels)
  Limits limits;
  std::string page;  ///< the page served at "/"
  /// The report page of `structures` of `model`; unset: no report.
  std::function<std::string(const Model& model, const std::vector<Index>& structures)> report;
};

class Workbench {
 public:
  /// `model` as read from its file (model.path), whose bytes were `text`.
  Workbench(Model model, std::string text, WorkbenchOptions options);
  ~Workbench();
  Workbench(const Workbench&) = delete;
  Workbench& operator=(const Workbench&) = delete;
  Workbench(Workbench&&) = delete;
  Workbench& operator=(Workbench&&) = delete;

  /// Answers one request; safe to call from several threads (one at a time
  /// inside). Never throws but for std::bad_alloc.
  [[nodiscard]] Response handle(const Request& request);

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::mutex mutex_;
};

/// A token of 32 hexadecimal digits from the system's random device.
[[nodiscard]] std::string random_token();

}  // namespace policygraph::serve
