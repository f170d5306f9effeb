// The workbench's JSON API (docs/serve.md).
#include "workbench.hpp"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>
#include <policygraph/analysis/compare.hpp>
#include <policygraph/analysis/constraints.hpp>
#include <policygraph/analysis/explain.hpp>
#include <policygraph/analysis/optimize.hpp>
#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/messages.hpp>
#include <policygraph/export/file_output.hpp>
#include <policygraph/export/model_writer.hpp>
#include <policygraph/load/input_file.hpp>
#include <policygraph/load/model_reader.hpp>
#include <policygraph/metrics/dsm.hpp>
#include <policygraph/metrics/metrics.hpp>
#include <policygraph/report/compare_writer.hpp>
#include <policygraph/report/dsm_writer.hpp>
#include <policygraph/report/explain_writer.hpp>
#include <policygraph/report/metrics_writer.hpp>
#include <policygraph/resolve/resolve.hpp>

namespace policygraph::serve {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

/// A request the API refuses: its status, the sentence and, for ops that
/// do not apply, each problem with where it is.
struct ApiError {
  int status;
  std::string message;
  ordered_json problems = ordered_json::array();
};

Response json_response(int status, const ordered_json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

Response error_response(const ApiError& e) {
  ordered_json body;
  body["error"] = e.message;
  if (!e.problems.empty()) body["problems"] = e.problems;
  return json_response(e.status, body);
}

/// Equal strings, in time that depends on their lengths only.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

/// Host names compare without case; the port exactly.
bool same_host(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

/// The problems of `d` as {"where", "message"}, pointers under `prefix`
/// (the ops are read as a list of their own, at /N).
ordered_json problems_json(const Diagnostics& d, const std::string& prefix) {
  ordered_json out = ordered_json::array();
  for (const Diagnostic& x : d.all()) {
    if (x.severity != Severity::kError) continue;
    ordered_json p;
    p["where"] = x.has_pointer ? prefix + x.pointer : prefix;
    p["message"] = x.message;
    out.push_back(std::move(p));
  }
  return out;
}

// --- reading a request's body ---------------------------------------------------

json parse_body(const std::string& body) {
  json j;
  try {
    j = json::parse(body);
  } catch (const json::parse_error& e) {
    throw ApiError{400, trf("the request is not JSON: {0}", {e.what()})};
  }
  if (!j.is_object()) throw ApiError{400, tr("the request must be a JSON object")};
  return j;
}

std::string string_field(const json& j, const char* key, bool required) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) throw ApiError{400, trf("the request has no \"{0}\"", {key})};
    return {};
  }
  if (!it->is_string()) {
    throw ApiError{400, trf("\"{0}\" must be a string", {key})};
  }
  return it->get<std::string>();
}

std::optional<int> level_field(const json& j) {
  const auto it = j.find("level");
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer() || it->get<std::int64_t>() < 0 ||
      it->get<std::int64_t>() > 1000) {
    throw ApiError{400, tr("\"level\" must be null or a whole number from 0 to 1000")};
  }
  return static_cast<int>(it->get<std::int64_t>());
}

std::size_t count_field(const json& j, const char* key, std::size_t fallback,
                        std::size_t most) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_number_integer() || it->get<std::int64_t>() < 0 ||
      static_cast<std::uint64_t>(it->get<std::int64_t>()) > most) {
    throw ApiError{400, trf("\"{0}\" must be a whole number from 0 to {1}",
                               {key, std::to_string(most)})};
  }
  return static_cast<std::size_t>(it->get<std::int64_t>());
}

Index structure_named(const Model& model, const std::string& id) {
  const std::optional<Index> s = model.find_structure(id);
  if (!s) throw ApiError{400, trf("the model has no structure \"{0}\"", {id})};
  return *s;
}

/// What a scenario request names: where it starts and the ops after.
struct Scenario {
  Index start = kNone;
  std::vector<ChangeOp> ops;
  std::optional<int> level;
};

Scenario scenario_of(const Model& model, const json& j, const Limits& limits) {
  Scenario s;
  s.start = structure_named(model, string_field(j, "start", true));
  s.level = level_field(j);
  const auto it = j.find("changes");
  if (it == j.end() || it->is_null()) return s;
  if (!it->is_array()) throw ApiError{400, tr("\"changes\" must be a list of change ops")};
  if (it->size() > limits.changes) {
    throw ApiError{413, trf("{0} changes are more than the {1} a request may hold",
                               {std::to_string(it->size()), std::to_string(limits.changes)})};
  }
  Diagnostics d;
  try {
    s.ops = read_change_ops(it->dump(), "changes", d);
  } catch (const ModelError& e) {
    throw ApiError{400, tr("a change op cannot be read"),
                   problems_json(e.diagnostics(), "/changes")};
  }
  if (d.has_errors()) {
    throw ApiError{400, tr("a change op cannot be read"), problems_json(d, "/changes")};
  }
  return s;
}

// --- answers -----------------------------------------------------------------------

/// The structure as the page draws it: units parents first, in listing
/// order among siblings; who owns each function; the control towers.
ordered_json structure_json(const Model& model, const Resolved& r, std::string_view lang) {
  std::vector<std::vector<Index>> children(r.parent.size());
  for (Index u : r.order) {
    if (r.parent[u] != kNone) children[r.parent[u]].push_back(u);
  }
  ordered_json units = ordered_json::array();
  std::vector<Index> stack;
  if (r.root != kNone) stack.push_back(r.root);
  while (!stack.empty()) {
    const Index u = stack.back();
    stack.pop_back();
    ordered_json unit;
    unit["id"] = model.unit_ids[u];
    unit["parent"] = r.parent[u] == kNone ? ordered_json() : ordered_json(model.unit_ids[r.parent[u]]);
    unit["label"] = model.unit_name(r, u, lang);
    unit["kind"] = r.info[u].kind.empty() ? ordered_json() : ordered_json(r.info[u].kind);
    units.push_back(std::move(unit));
    for (auto c = children[u].rbegin(); c != children[u].rend(); ++c) stack.push_back(*c);
  }
  // Appended to the object's entries directly: function and domain ids are
  // unique, and operator[] would search the entries before each insertion.
  ordered_json assign = ordered_json::object();
  auto& owners = assign.get_ref<ordered_json::object_t&>();
  owners.reserve(model.functions.size());
  for (Index f = 0; f < model.functions.size(); ++f) {
    if (r.assign[f] != kNone) owners.emplace_back(model.functions[f].id, model.unit_ids[r.assign[f]]);
  }
  ordered_json towers = ordered_json::object();
  auto& tower_of = towers.get_ref<ordered_json::object_t&>();
  for (Index d = 0; d < model.domains.size(); ++d) {
    if (r.control_tower[d] != kNone) {
      tower_of.emplace_back(model.domains[d].id, model.unit_ids[r.control_tower[d]]);
    }
  }
  ordered_json out;
  out["id"] = r.id;
  out["units"] = std::move(units);
  out["assign"] = std::move(assign);
  out["control_towers"] = std::move(towers);
  return out;
}

}  // namespace

// --- the state ---------------------------------------------------------------------

struct Workbench::State {
  Model model;
  std::string text;  ///< the model file's bytes as loaded (or last saved)
  WorkbenchOptions options;
  std::string session;  ///< GET /api/session, built once per model
  /// metrics JSON per (structure, level; -1 for none) of `model`.
  std::map<std::pair<Index, int>, ordered_json> metrics;
  /// The work's own grouping per set of present functions.
  std::vector<std::pair<std::vector<std::uint8_t>, WorkGrouping>> groupings;

  void loaded();
  const WorkGrouping& grouping(const Model& m, const Resolved& r);
  MetricsOptions metric_options(const Model& m, const Resolved& r);
  const ordered_json& cached_metrics(Index s, std::optional<int> level);

  /// The model with the scenario applied as one more structure (its index
  /// in `*w`); ApiError when an op does not apply.
  Model with_scenario(const Scenario& sc, Index* w, const std::string& id = "what-if") const;

  Response session_answer() const;
  Response evaluate(const json& j);
  Response compare(const json& j) const;
  Response dsm(const json& j) const;
  Response optimize(const json& j) const;
  Response save(const json& j);
  Response report(const json& j) const;
};

void Workbench::State::loaded() {
  metrics.clear();
  groupings.clear();
  const std::string& lang = options.lang;
  ordered_json j;
  j["title"] = model.title_in(lang);
  j["lang"] = lang.empty() ? "en" : lang;
  j["file"] = std::filesystem::path(model.path).filename().string();
  j["baseline"] = model.structures.empty() ? ordered_json() : ordered_json(model.structures[0].id);
  ordered_json structures = ordered_json::array();
  for (const Resolved& r : model.structures) {
    ordered_json s;
    s["id"] = r.id;
    s["label"] = r.labels.pick(lang, r.id);
    s["base"] = r.base.empty() ? ordered_json() : ordered_json(r.base);
    structures.push_back(std::move(s));
  }
  j["structures"] = std::move(structures);
  ordered_json domains = ordered_json::array();
  for (const Domain& d : model.domains) {
    domains.push_back({{"id", d.id}, {"label", d.labels.pick(lang, d.id)}});
  }
  j["domains"] = std::move(domains);
  ordered_json functions = ordered_json::array();
  for (const Function& f : model.functions) {
    ordered_json ds = ordered_json::array();
    for (Index d : f.domains) ds.push_back(model.domains[d].id);
    functions.push_back({{"id", f.id}, {"label", f.labels.pick(lang, f.id)}, {"domains", ds}});
  }
  j["functions"] = std::move(functions);
  ordered_json deps = ordered_json::array();
  for (const Dependency& d : model.dependencies) {
    ordered_json x;
    x["from"] = model.functions[d.from].id;
    x["to"] = model.functions[d.to].id;
    x["weight"] = d.weight;
    const std::string& kind = model.dependency_kinds[d.kind];
    x["kind"] = kind.empty() ? ordered_json() : ordered_json(kind);
    deps.push_back(std::move(x));
  }
  j["dependencies"] = std::move(deps);
  j["limits"] = {{"body_bytes", options.limits.body_bytes},
                 {"changes", options.limits.changes}};
  session = j.dump(-1, ' ', false, json::error_handler_t::replace);
}

const WorkGrouping& Workbench::State::grouping(const Model& m, const Resolved& r) {
  std::vector<std::uint8_t> present(r.assign.size());
  for (std::size_t f = 0; f < r.assign.size(); ++f) present[f] = r.assign[f] != kNone ? 1 : 0;
  for (const auto& [key, g] : groupings) {
    if (key == present) return g;
  }
  // Few sets of present functions occur in one sitting; keep the last 8.
  if (groupings.size() >= 8) groupings.erase(groupings.begin());
  groupings.emplace_back(std::move(present), work_grouping(m, r, WorkGroupingOptions{}));
  return groupings.back().second;
}

MetricsOptions Workbench::State::metric_options(const Model& m, const Resolved& r) {
  MetricsOptions o;
  o.grouping = &grouping(m, r);
  return o;
}

const ordered_json& Workbench::State::cached_metrics(Index s, std::optional<int> level) {
  const std::pair<Index, int> key{s, level ? *level : -1};
  auto it = metrics.find(key);
  if (it == metrics.end()) {
    const MetricsOptions o = metric_options(model, model.structures[s]);
    it = metrics.emplace(key, metrics_json(model, structure_metrics(model, s, level, o))).first;
  }
  return it->second;
}

Model Workbench::State::with_scenario(const Scenario& sc, Index* w, const std::string& id) const {
  Model m = model;
  Diagnostics d;
  Resolved r = apply_changes(m, m.structures[sc.start], sc.ops, d, fresh_structure_id(m, id));
  if (d.has_errors()) {
    throw ApiError{400, tr("a change does not apply to this structure"),
                   problems_json(d, "/changes")};
  }
  *w = m.add_structure(std::move(r));
  return m;
}

Response Workbench::State::session_answer() const {
  Response r;
  r.body = session;
  return r;
}

Response Workbench::State::evaluate(const json& j) {
  const Scenario sc = scenario_of(model, j, options.limits);
  Index w = kNone;
  const Model m = with_scenario(sc, &w);
  const Resolved& r = m.structures[w];
  const MetricsOptions o = metric_options(m, r);
  ordered_json out;
  out["structure"] = structure_json(m, r, options.lang);
  out["metrics"] = metrics_json(m, structure_metrics(m, w, sc.level, o));
  out["start_metrics"] = cached_metrics(sc.start, sc.level);
  out["baseline_metrics"] = cached_metrics(0, sc.level);
  out["change_size"] = change_size_json(change_size(m, sc.start, w, sc.level));
  out["explain"] = explain_json(m, explain_change(m, sc.start, w, sc.level), options.lang);
  return json_response(200, out);
}

Response Workbench::State::compare(const json& j) const {
  std::vector<Index> chosen;
  const auto it = j.find("structures");
  if (it == j.end() || !it->is_array() || it->empty()) {
    throw ApiError{400, tr("\"structures\" must be a list of structure ids")};
  }
  if (it->size() > model.structures.size()) {
    throw ApiError{400, tr("\"structures\" names more structures than the model has")};
  }
  for (const json& id : *it) {
    if (!id.is_string()) throw ApiError{400, tr("\"structures\" must be a list of structure ids")};
    chosen.push_back(structure_named(model, id.get<std::string>()));
  }
  const std::optional<int> level = level_field(j);
  Model m;
  const auto scenario = j.find("scenario");
  if (scenario != j.end() && !scenario->is_null()) {
    if (!scenario->is_object()) throw ApiError{400, tr("\"scenario\" must be an object or null")};
    Index w = kNone;
    m = with_scenario(scenario_of(model, *scenario, options.limits), &w);
    chosen.push_back(w);
  } else {
    m = model;
  }
  const Comparison c = compare_structures(m, chosen, 0, level, MetricsOptions{});
  return json_response(200, comparison_json(m, c));
}

Response Workbench::State::dsm(const json& j) const {
  const Scenario sc = scenario_of(model, j, options.limits);
  Index w = kNone;
  const Model m = with_scenario(sc, &w);
  const std::optional<Index> against =
      sc.ops.empty() ? std::optional<Index>() : std::optional<Index>(sc.start);
  const Dsm d = dependency_matrix(m, w, sc.level, DsmItems::kUnits, against);
  return json_response(200, dsm_json(m, d, options.lang));
}

Response Workbench::State::optimize(const json& j) const {
  const Scenario sc = scenario_of(model, j, options.limits);
  Index w = kNone;
  const Model m = with_scenario(sc, &w);
  ConstraintChoice choice;
  choice.max_moves = count_field(j, "max_moves", 5, 1000);
  const std::string objective = string_field(j, "objective", false);
  if (objective == "cross") {
    choice.objective = Objective::kCross;
  } else if (!objective.empty() && objective != "distance") {
    throw ApiError{400, tr("\"objective\" must be \"distance\" or \"cross\"")};
  }
  Constraints constraints;
  try {
    constraints = make_constraints(m, m.structures[w], choice);
  } catch (const ConstraintError& e) {
    throw ApiError{400, e.what()};
  }
  const OptimizeResult result = optimize_assignment(m, w, constraints.search);
  const Resolved& r = m.structures[w];
  ordered_json moves = ordered_json::array();
  for (const ProposedMove& move : result.moves) {
    ordered_json x;
    x["function"] = m.functions[move.function].id;
    x["function_label"] = m.functions[move.function].labels.pick(options.lang,
                                                                 m.functions[move.function].id);
    x["from"] = m.unit_ids[move.from];
    x["from_label"] = m.unit_name(r, move.from, options.lang);
    x["to"] = m.unit_ids[move.to];
    x["to_label"] = m.unit_name(r, move.to, options.lang);
    x["gain"] = move.gain;
    moves.push_back(std::move(x));
  }
  ordered_json out;
  out["objective"] = choice.objective == Objective::kCross ? "cross" : "distance";
  out["cost_before"] = result.cost_before;
  out["cost_after"] = result.cost_after;
  out["exact"] = result.exact;
  out["moves"] = std::move(moves);
  return json_response(200, out);
}

Response Workbench::State::save(const json& j) {
  const std::string id = string_field(j, "id", true);
  if (id.empty() || std::any_of(id.begin(), id.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      })) {
    throw ApiError{400, tr("a structure id must not be empty nor hold control characters")};
  }
  if (model.find_structure(id)) {
    throw ApiError{400, trf("the model already has a structure \"{0}\"", {id})};
  }
  const std::string label = string_field(j, "label", false);
  const std::string description = string_field(j, "description", false);
  const Scenario sc = scenario_of(model, j, options.limits);
  Index w = kNone;
  (void)with_scenario(sc, &w, id);  // every op applies
  std::string on_disk;
  try {
    on_disk = read_file(model.path);
  } catch (const std::exception& e) {
    throw ApiError{409, e.what()};
  }
  if (on_disk != text) {
    throw ApiError{409, tr("the model file changed on disk since it was loaded: nothing was "
                           "saved; restart the workbench to load it again")};
  }
  const ordered_json structure = change_structure_json(
      id, model.structures[sc.start].id, label.empty() ? id : label, description, sc.ops);
  std::string saved = model_text_with_structure(text, model.path, model.path, structure);
  Diagnostics d;
  Model reread;
  const std::string folder = std::filesystem::path(model.path).parent_path().string();
  try {
    reread = read_model_text(saved, model.path, folder, d);
  } catch (const ModelError& e) {
    throw ApiError{400, tr("the model with this structure would not be valid: nothing was saved"),
                   problems_json(e.diagnostics(), "")};
  }
  try {
    write_file(model.path, saved);
  } catch (const std::exception& e) {
    throw ApiError{500, e.what()};
  }
  reread.path = model.path;
  reread.inputs = model.inputs;
  model = std::move(reread);
  text = std::move(saved);
  loaded();
  ordered_json out;
  out["saved"] = id;
  out["file"] = std::filesystem::path(model.path).filename().string();
  return json_response(200, out);
}

Response Workbench::State::report(const json& j) const {
  if (!options.report) throw ApiError{404, tr("this workbench makes no reports")};
  const Scenario sc = scenario_of(model, j, options.limits);
  std::string id = string_field(j, "id", false);
  if (id.empty()) id = "what-if";
  Index w = kNone;
  const Model m = with_scenario(sc, &w, id);
  std::vector<Index> chosen{0};
  if (sc.start != 0) chosen.push_back(sc.start);
  chosen.push_back(w);
  Response r;
  r.content_type = "text/html; charset=utf-8";
  r.body = options.report(m, chosen);
  r.filename = "report.html";
  return r;
}

// --- the workbench -----------------------------------------------------------------

Workbench::Workbench(Model model, std::string text, WorkbenchOptions options)
    : state_(std::make_unique<State>()) {
  if (model.structures.empty()) throw std::invalid_argument("the model has no structure");
  state_->model = std::move(model);
  state_->text = std::move(text);
  state_->options = std::move(options);
  state_->loaded();
}

Workbench::~Workbench() = default;

Response Workbench::handle(const Request& request) {
  const WorkbenchOptions& o = state_->options;
  try {
    if (std::none_of(o.hosts.begin(), o.hosts.end(),
                     [&](const std::string& h) { return same_host(h, request.host); })) {
      throw ApiError{403, tr("this server answers only requests addressed to it (Host header)")};
    }
    if (!request.origin.empty() &&
        std::none_of(o.hosts.begin(), o.hosts.end(), [&](const std::string& h) {
          return same_host("http://" + h, request.origin);
        })) {
      throw ApiError{403, tr("requests from other sites are refused (Origin header)")};
    }
    const auto query_token = request.query.find("token");
    const std::string& token =
        request.token.empty() && query_token != request.query.end() ? query_token->second
                                                                    : request.token;
    if (!same_secret(token, o.token)) {
      throw ApiError{403, tr("the access token is missing or wrong: open the address that "
                             "policygraph serve printed")};
    }
    if (request.body.size() > o.limits.body_bytes) {
      throw ApiError{413, trf("the request is larger than {0} bytes",
                                 {std::to_string(o.limits.body_bytes)})};
    }
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    if (request.path == "/" || request.path == "/index.html") {
      if (!get) throw ApiError{405, tr("this address takes GET only")};
      Response r;
      r.content_type = "text/html; charset=utf-8";
      r.body = o.page;
      return r;
    }
    if (request.path == "/api/session") {
      if (!get) throw ApiError{405, tr("this address takes GET only")};
      const std::lock_guard<std::mutex> lock(mutex_);
      return state_->session_answer();
    }
    using Handler = Response (*)(State&, const json&);
    static const std::map<std::string, Handler, std::less<>> posts = {
        {"/api/evaluate", [](State& s, const json& j) { return s.evaluate(j); }},
        {"/api/compare", [](State& s, const json& j) { return s.compare(j); }},
        {"/api/dsm", [](State& s, const json& j) { return s.dsm(j); }},
        {"/api/optimize", [](State& s, const json& j) { return s.optimize(j); }},
        {"/api/save", [](State& s, const json& j) { return s.save(j); }},
        {"/api/report", [](State& s, const json& j) { return s.report(j); }},
    };
    const auto route = posts.find(request.path);
    if (route == posts.end()) {
      throw ApiError{404, trf("no such address: {0}", {request.path})};
    }
    if (!post) throw ApiError{405, tr("this address takes POST only")};
    const json body = parse_body(request.body);
    const std::lock_guard<std::mutex> lock(mutex_);
    return route->second(*state_, body);
  } catch (const ApiError& e) {
    return error_response(e);
  } catch (const json::exception& e) {
    return error_response({400, e.what()});
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    return error_response({500, e.what()});
  }
}

std::string random_token() {
  std::random_device device;
  std::string out;
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int i = 0; i < 4; ++i) {
    const std::uint32_t x = device();
    for (int k = 0; k < 8; ++k) out += kDigits[(x >> (4 * k)) & 0xf];
  }
  return out;
}

}  // namespace policygraph::serve
