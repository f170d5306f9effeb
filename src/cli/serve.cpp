// `policygraph serve MODEL`: the workbench in the browser (docs/serve.md).
//
// cpp-httplib parses HTTP and runs a small thread pool; every request goes
// to serve::Workbench::handle, which checks and answers it. The server
// stops on SIGINT or SIGTERM.
#include <httplib.h>
#include <pthread.h>

#include <atomic>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <policygraph/core/messages.hpp>

#include "commands.hpp"
#include "page.hpp"
#include "workbench.hpp"

namespace policygraph::cli {

namespace {

/// The Host header values that name this server: the address it listens
/// on, and localhost, each with the port.
std::vector<std::string> host_names(const std::string& address, int port) {
  const std::string p = ":" + std::to_string(port);
  const bool v6 = address.find(':') != std::string::npos;
  std::vector<std::string> hosts{(v6 ? "[" + address + "]" : address) + p, "localhost" + p};
  return hosts;
}

/// Headers every answer carries: nothing cached, nothing sniffed, no
/// framing by another page, no address (with its token) sent on, and the
/// page may load nothing from any other host.
void set_safe_headers(httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                 "img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; "
                 "form-action 'none'; frame-ancestors 'none'");
}

serve::Request request_of(const httplib::Request& req) {
  serve::Request r;
  r.method = req.method;
  r.path = req.path;
  for (const auto& [key, value] : req.params) r.query.emplace(key, value);
  r.host = req.get_header_value("Host");
  r.origin = req.get_header_value("Origin");
  r.token = req.get_header_value("X-Policygraph-Token");
  r.body = req.body;
  return r;
}

/// The report command on the workbench's model: the same page as
/// `policygraph report MODEL --structures ...` would write.
std::string report_page(const Model& model, const std::vector<Index>& structures,
                        const std::string& lang) {
  std::string ids;
  for (Index s : structures) ids += (ids.empty() ? "" : ",") + model.structures[s].id;
  std::ostringstream out;
  std::ostringstream err;
  Context ctx{{model.path, "--structures", ids, "--lang", lang, "-o", "-"}, out, err, "report", false, {}, {}};
  ctx.preloaded = &model;
  if (run_report(ctx) != 0) throw std::runtime_error(err.str());
  return out.str();
}

}  // namespace

int run_serve(Context& ctx) {
  po::options_description options = option_group();
  options.add_options()
      ("port", whole_number<int>(0, 65535)->value_name("N")->default_value(8765),
       tr("the port to listen on; 0 takes any free one").c_str())
      ("host", po::value<std::string>()->value_name("ADDR")->default_value("127.0.0.1"),
       tr("the address to listen on (default 127.0.0.1: this machine only); the page answers "
          "requests addressed to ADDR or localhost only")
           .c_str())
      ("lang", po::value<std::string>()->value_name("TAG")->default_value(""),
       tr("the page and its labels in language TAG (e.g. ko)").c_str());
  po::variables_map vm;
  if (!parse_args(
          ctx, options, {"MODEL"}, vm,
          tr("Starts the workbench: a local web page to explore a structure and build\n"
             "alternatives with the mouse, every figure refreshed after each edit. The first\n"
             "line on standard output is the page's address with its access token; open it\n"
             "in a browser. The model file is written only when you save a scenario on the\n"
             "page, and then replaced atomically. Ctrl+C stops the server.") +
              "\n\n" + tr("Examples:") +
              "\n"
              "  policygraph serve datasets/motie-2025/model.json\n"
              "  policygraph serve model.json --port 0 --lang ko")) {
    return 0;
  }
  const std::string path = vm["MODEL"].as<std::string>();
  const std::string host = vm["host"].as<std::string>();
  if (host == "0.0.0.0" || host == "::" || host.empty()) {
    throw UsageError(tr("--host takes one address, not a wildcard: the page checks that each "
                        "request is addressed to it"));
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw UsageError(trf("{0} is not a regular file: the workbench saves scenarios into it",
                         {path}));
  }
  std::string text;
  Model model = load_model(ctx, path, nullptr, &text);

  // SIGINT and SIGTERM are taken by a thread of their own, which stops the
  // server; every other thread (httplib's) has them blocked.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server server;
  serve::WorkbenchOptions o;
  o.token = serve::random_token();
  o.lang = vm["lang"].as<std::string>();
  o.page = std::string(serve::workbench_page());
  const std::string lang = o.lang;
  o.report = [lang](const Model& m, const std::vector<Index>& s) {
    return report_page(m, s, lang);
  };
  const int asked = vm["port"].as<int>();
  const int port = asked == 0 ? server.bind_to_any_port(host) : server.bind_to_port(host, asked)
                                                                    ? asked
                                                                    : -1;
  if (port <= 0) {
    throw FileError(trf("cannot listen on {0} port {1}: it is taken, or the address is not "
                        "this machine's",
                        {host, std::to_string(asked)}));
  }
  o.hosts = host_names(host, port);
  const std::string token = o.token;
  const std::size_t body_limit = o.limits.body_bytes;
  serve::Workbench bench(std::move(model), std::move(text), std::move(o));

  const auto handler = [&bench](const httplib::Request& req, httplib::Response& res) {
    const serve::Response r = bench.handle(request_of(req));
    res.status = r.status;
    set_safe_headers(res);
    if (!r.filename.empty()) {
      res.set_header("Content-Disposition", "attachment; filename=\"" + r.filename + "\"");
    }
    res.set_content(r.body, r.content_type);
  };
  server.set_payload_max_length(body_limit);
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Delete(".*", handler);
  server.Patch(".*", handler);
  server.Options(".*", handler);
  // What httplib refuses itself (a body over the limit, a bad request line)
  // gets a JSON error too.
  server.set_error_handler([](const httplib::Request& /*req*/, httplib::Response& res) {
    if (!res.body.empty()) return;
    set_safe_headers(res);
    const std::string what =
        res.status == 413 ? tr("the request is too large") : tr("the request cannot be read");
    res.set_content(nlohmann::json{{"error", what}}.dump(), "application/json; charset=utf-8");
  });

  const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  ctx.out << "http://" << shown << ":" << port << "/?token=" << token << '\n'
          << std::flush;
  ctx.err << "policygraph serve: " << trf("serving {0}; Ctrl+C stops", {path}) << '\n'
          << std::flush;

  // Waits for a stop signal, looking every 200 ms whether the server ended
  // on its own.
  std::atomic<bool> ended{false};
  std::thread stopper([&server, &stop_signals, &ended] {
    const timespec tick{0, 200'000'000};
    while (!ended.load()) {
      if (sigtimedwait(&stop_signals, nullptr, &tick) > 0) {
        server.stop();
        return;
      }
    }
  });
  const bool served = server.listen_after_bind();
  ended = true;
  stopper.join();
  pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
  return served ? 0 : 3;
}

}  // namespace policygraph::cli
