// `policygraph optimize MODEL --structure ID`: propose cheaper assignments.
#include "commands.hpp"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <sstream>

#include <policygraph/load/json_text.hpp>
#include <policygraph/report/table.hpp>
#include <policygraph/analysis/optimize.hpp>

namespace policygraph::cli {

namespace {

std::atomic<bool> interrupted{false};
extern "C" void on_interrupt(int /*signal*/) { interrupted = true; }

/// Installs the Ctrl-C handler for the lifetime of the search.
class InterruptGuard {
 public:
  InterruptGuard() { previous_ = std::signal(SIGINT, on_interrupt); }
  ~InterruptGuard() { std::signal(SIGINT, previous_); }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  void (*previous_)(int) = nullptr;
};

struct Settings {
  OptimizeOptions search;
  std::string capacity_text, targets_text, pinned_text;
};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, separator);) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

/// --pin FUNCTION, domain:ID or unit:ID, any number of times.
std::vector<std::uint8_t> pins(const Model& model, const Resolved& s,
                               const std::vector<std::string>& args) {
  std::vector<std::uint8_t> pinned(model.functions.size(), 0);
  for (const std::string& arg : args) {
    if (arg.rfind("domain:", 0) == 0) {
      const auto d = model.find_domain(arg.substr(7));
      if (!d) throw UsageError("--pin: unknown domain \"" + arg.substr(7) + "\"");
      for (Index f = 0; f < model.functions.size(); ++f) {
        const auto& ds = model.functions[f].domains;
        if (std::find(ds.begin(), ds.end(), *d) != ds.end()) pinned[f] = 1;
      }
    } else if (arg.rfind("unit:", 0) == 0) {
      const auto u = model.find_unit(arg.substr(5));
      if (!u || !s.present[*u]) {
        throw UsageError("--pin: unknown unit \"" + arg.substr(5) + "\" in structure " + s.id);
      }
      for (Index f = 0; f < model.functions.size(); ++f) {
        if (s.assign[f] == *u) pinned[f] = 1;
      }
    } else {
      const auto f = model.find_function(arg);
      if (!f) {
        std::vector<std::string> ids;
        for (const auto& fn : model.functions) ids.push_back(fn.id);
        throw UsageError("--pin: unknown function \"" + arg + "\"" + did_you_mean(arg, ids) +
                         " (or write domain:ID, unit:ID)");
      }
      pinned[*f] = 1;
    }
  }
  return pinned;
}

Settings settings(const Model& model, const Resolved& s, const po::variables_map& vm) {
  Settings out;
  OptimizeOptions& o = out.search;
  const std::string objective = vm["objective"].as<std::string>();
  if (objective == "distance") {
    o.objective = Objective::kDistance;
  } else if (objective == "cross") {
    o.objective = Objective::kCross;
  } else {
    throw UsageError("--objective takes distance or cross, not \"" + objective + "\"");
  }
  o.max_moves = vm["max-moves"].as<std::size_t>();
  o.seed = vm["seed"].as<std::uint64_t>();
  o.rounds = vm["rounds"].as<std::size_t>();
  const std::size_t slack = vm["slack"].as<std::size_t>();
  // Targets: units that own functions (default), all units, or units of the given kinds.
  const std::string targets = vm["targets"].as<std::string>();
  o.target.assign(s.parent.size(), 0);
  if (targets == "owning") {
    for (Index a : s.assign) {
      if (a != kNone) o.target[a] = 1;
    }
    out.targets_text = "units that own functions now";
  } else if (targets == "all") {
    for (Index u : s.order) o.target[u] = 1;
    out.targets_text = "every unit";
  } else {
    const auto kinds = split(targets, ',');
    for (Index u : s.order) {
      if (std::find(kinds.begin(), kinds.end(), s.info[u].kind) != kinds.end()) o.target[u] = 1;
    }
    out.targets_text = "units of kind " + targets;
    if (std::find(o.target.begin(), o.target.end(), 1) == o.target.end()) {
      throw UsageError("--targets " + targets + ": no unit of structure " + s.id +
                       " has that kind");
    }
  }
  // Capacity: current + slack (default), a number for every unit, or by headcount.
  const std::string capacity = vm["capacity"].as<std::string>();
  std::vector<std::size_t> current(s.parent.size(), 0);
  std::size_t present = 0;
  for (Index a : s.assign) {
    if (a != kNone) {
      ++current[a];
      ++present;
    }
  }
  if (capacity == "current") {
    o.capacity = default_capacity(s, slack, 0.2);
    out.capacity_text = "each unit its current number of functions + max(" +
                        std::to_string(slack) + ", 20%)";
  } else if (capacity == "headcount") {
    double total = 0;
    for (Index u : s.order) total += s.info[u].headcount.value_or(0);
    if (total <= 0) throw UsageError("--capacity headcount: no unit of " + s.id + " gives a headcount");
    o.capacity = default_capacity(s, slack, 0.2);
    for (Index u : s.order) {
      if (s.info[u].headcount) {
        o.capacity[u] = static_cast<std::size_t>(std::ceil(static_cast<double>(present) *
                                                           *s.info[u].headcount / total)) +
                        slack;
      }
    }
    out.capacity_text = "by headcount: ceil(functions x unit headcount / total headcount) + " +
                        std::to_string(slack) + " (units without one: current + slack)";
  } else {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(capacity.data(), capacity.data() + capacity.size(), n);
    if (ec != std::errc() || end != capacity.data() + capacity.size()) {
      throw UsageError("--capacity takes current, headcount or a number, not \"" + capacity + "\"");
    }
    o.capacity.assign(s.parent.size(), n);
    out.capacity_text = "at most " + capacity + " functions per unit";
  }
  const auto pin_args = vm.count("pin") != 0U ? vm["pin"].as<std::vector<std::string>>()
                                              : std::vector<std::string>{};
  o.pinned = pins(model, s, pin_args);
  const auto count = std::count(o.pinned.begin(), o.pinned.end(), 1);
  out.pinned_text = count == 0 ? "none" : std::to_string(count) + " functions";
  return out;
}

std::string fresh_id(const Model& model, const std::string& wanted) {
  std::string id = wanted;
  for (int k = 2; model.find_structure(id); ++k) id = wanted + "-" + std::to_string(k);
  return id;
}

nlohmann::ordered_json proposal_json(const Model& model, const Resolved& s, const std::string& id,
                                     const OptimizeResult& r, const std::string& summary) {
  nlohmann::ordered_json j;
  j["id"] = id;
  j["base"] = s.id;
  j["label"] = "Proposed by policygraph optimize from " + s.id;
  j["description"] = summary;
  nlohmann::ordered_json changes = nlohmann::ordered_json::array();
  for (const ProposedMove& m : r.moves) {
    changes.push_back({{"op", "move-function"},
                       {"function", model.functions[m.function].id},
                       {"to", model.unit_ids[m.to]},
                       {"note", "gain " + exact_number(m.gain) + " (from " +
                                    model.unit_ids[m.from] + ")"}});
  }
  j["changes"] = std::move(changes);
  return j;
}

/// A copy of the model file with the proposal appended; CSV paths are made
/// relative to the new file's folder.
std::string appended_model(const std::string& model_path, const std::string& out_path,
                           const nlohmann::ordered_json& structure) {
  namespace fs = std::filesystem;
  Diagnostics ignored;
  auto doc = nlohmann::ordered_json::parse(read_file(model_path));
  const fs::path from = fs::absolute(model_path).parent_path();
  const fs::path to = fs::absolute(out_path).parent_path();
  const auto rebase = [&](nlohmann::ordered_json& value) {
    if (!value.is_string()) return;
    value = fs::relative(from / value.get<std::string>(), to).lexically_normal().string();
  };
  for (const char* key : {"functions", "dependencies"}) {
    if (doc.contains(key) && doc[key].is_object() && doc[key].contains("csv")) rebase(doc[key]["csv"]);
  }
  for (auto& s : doc["structures"]) {
    if (s.contains("assign_csv")) rebase(s["assign_csv"]);
  }
  doc["structures"].push_back(structure);
  return doc.dump(2) + "\n";
}

std::string explanation(const Model& model, const Resolved& s, const OptimizeResult& r,
                        const Settings& set, const std::string& id, std::string_view lang) {
  std::string out;
  const double saved = r.cost_before - r.cost_after;
  const double percent = r.cost_before > 0 ? 100 * saved / r.cost_before : 0;
  const std::string what = set.search.objective == Objective::kDistance
                               ? "coordination cost (sum of weight x tree distance)"
                               : "cross-unit weight";
  if (r.moves.empty()) {
    out += "No move under these constraints lowers the " + what + " of " + s.id + " (" +
           rounded(r.cost_before, 2) + ").\n";
  } else {
    out += "Proposal " + id + ": " + std::to_string(r.moves.size()) + " move" +
           (r.moves.size() == 1 ? "" : "s") + " lowering the " + what + " of " + s.id +
           " from " + rounded(r.cost_before, 2) + " to " + rounded(r.cost_after, 2) + " (-" +
           rounded(percent, 1) + "%).\n\n";
    for (std::size_t k = 0; k < r.moves.size(); ++k) {
      const ProposedMove& m = r.moves[k];
      const Function& f = model.functions[m.function];
      out += std::to_string(k + 1) + ". Move " + f.labels.pick(lang, f.id) + " [" + f.id +
             "]\n   from " + model.unit_path(s, m.from, lang) + "\n   to   " +
             model.unit_path(s, m.to, lang) + "\n   saving " + rounded(m.gain, 2) +
             (k == 0 ? " (each saving counts the moves above it as made)" : "") + "\n";
    }
  }
  out += "\nSearch: " + std::string(r.exact ? "exhaustive (this is the best under the constraints)"
                                            : "steepest descent + " +
                                                  std::to_string(set.search.rounds) +
                                                  " perturbation rounds") +
         (r.interrupted ? ", interrupted: best found so far" : "") + "; " +
         std::to_string(r.evaluations) + " move evaluations.\n";
  out += "Constraints: at most " + std::to_string(set.search.max_moves) + " moved functions; " +
         "targets: " + set.targets_text + "; capacity: " + set.capacity_text + "; pinned: " +
         set.pinned_text + "; seed " + std::to_string(set.search.seed) + ".\n";
  return out;
}

}  // namespace

std::string default_proposal(const Model& model, Index structure, std::uint64_t seed,
                             std::string_view lang) {
  const Resolved& s = model.structures[structure];
  Settings set;
  set.search.seed = seed;
  set.search.target.assign(s.parent.size(), 0);
  for (Index a : s.assign) {
    if (a != kNone) set.search.target[a] = 1;
  }
  set.search.capacity = default_capacity(s, 1, 0.2);
  set.targets_text = "units that own functions now";
  set.capacity_text = "each unit its current number of functions + max(1, 20%)";
  set.pinned_text = "none";
  const OptimizeResult r = optimize_assignment(model, structure, set.search);
  return explanation(model, s, r, set, fresh_id(model, s.id + "-optimized"), lang);
}

int run_optimize(Context& ctx) {
  po::options_description options("Options");
  options.add_options()
      ("structure", po::value<std::string>()->value_name("ID")->required(),
       "the structure to improve (required)")
      ("max-moves", po::value<std::size_t>()->value_name("K")->default_value(10),
       "at most K functions change unit: a proposal people can read")
      ("pin", po::value<std::vector<std::string>>()->value_name("ID")->composing(),
       "never move this function; domain:ID pins a domain's functions, unit:ID a unit's "
       "(repeatable)")
      ("capacity", po::value<std::string>()->value_name("current|headcount|N")->default_value("current"),
       "most functions a unit may own: current (its current number + slack, so that "
       "piling everything into one unit is ruled out), headcount (proportional to the units' "
       "headcounts + slack) or a number for every unit")
      ("slack", po::value<std::size_t>()->value_name("N")->default_value(1),
       "with --capacity current or headcount, the least extra room per unit")
      ("targets", po::value<std::string>()->value_name("owning|all|KIND,...")->default_value("owning"),
       "units that may receive functions: those owning functions now, all, or units of the "
       "given kinds (e.g. division,team)")
      ("objective", po::value<std::string>()->value_name("distance|cross")->default_value("distance"),
       "distance: coordination cost of metrics.md (weight x tree distance); cross: weight "
       "between different units")
      ("seed", po::value<std::uint64_t>()->value_name("N")->default_value(1),
       "random seed: the same seed gives the same proposal")
      ("rounds", po::value<std::size_t>()->value_name("N")->default_value(30),
       "perturbation rounds after the first descent (more: slower, sometimes better)")
      ("id", po::value<std::string>()->value_name("ID")->default_value(""),
       "id of the proposed structure (default: STRUCTURE-optimized)")
      ("format", po::value<std::string>()->value_name("table|json")->default_value("table"),
       "table: the moves explained in words; json: the proposed structure, ready to paste into "
       "the model's structures")
      ("append", po::value<std::string>()->value_name("OUT"),
       "write a copy of the model with the proposal added as its last structure to OUT (the "
       "input is never modified)");
  add_common_options(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  "Searches for an assignment of functions to units with a lower coordination\n"
                  "cost (sum over dependencies of weight x tree distance between the owning\n"
                  "units) and prints it as a structure in change form (move-function ops on\n"
                  "the given structure, each with its gain). Small problems are searched\n"
                  "exhaustively; larger ones by steepest descent with incremental deltas and\n"
                  "random perturbation rounds. Ctrl-C stops the search and prints the best\n"
                  "proposal found so far.\n\n"
                  "Examples:\n"
                  "  policygraph optimize datasets/motie-2025/model.json --structure after-2025\n"
                  "  policygraph optimize model.json --structure s --pin domain:security "
                  "--max-moves 5 --append model-with-proposal.json")) {
    return 0;
  }
  const std::string format = format_arg(vm, {"table", "json"});
  const std::string lang = vm["lang"].as<std::string>();
  const std::string path = vm["MODEL"].as<std::string>();
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  const Model model = load_model(ctx, path, timings.detail());
  timings.phase("read, validate, resolve");
  const Index si = structure_arg(model, vm["structure"].as<std::string>());
  const Resolved& s = model.structures[si];
  Settings set = settings(model, s, vm);
  interrupted = false;
  set.search.stop = &interrupted;
  if (::isatty(STDERR_FILENO) != 0) {
    set.search.progress = [&ctx](std::size_t round, std::size_t rounds, double best) {
      ctx.err << "\roptimize: round " << round << "/" << rounds << ", best cost "
              << rounded(best, 2) << (round == rounds ? "\n" : "") << std::flush;
    };
  }
  OptimizeResult r;
  {
    InterruptGuard guard;
    r = optimize_assignment(model, si, set.search);
  }
  if (r.interrupted) ctx.err << "\noptimize: interrupted; printing the best proposal found so far\n";
  timings.phase("search");
  const std::string wanted = vm["id"].as<std::string>();
  const std::string id = fresh_id(model, wanted.empty() ? s.id + "-optimized" : wanted);
  const double percent = r.cost_before > 0 ? 100 * (r.cost_before - r.cost_after) / r.cost_before : 0;
  const std::string summary =
      std::string(set.search.objective == Objective::kDistance ? "Coordination cost"
                                                               : "Cross-unit weight") +
      " " + exact_number(r.cost_before) + " -> " + exact_number(r.cost_after) + " (-" +
      rounded(percent, 1) + "%) with " + std::to_string(r.moves.size()) +
      " moves. Constraints: at most " + std::to_string(set.search.max_moves) +
      " moves; targets: " + set.targets_text + "; capacity: " + set.capacity_text +
      "; pinned: " + set.pinned_text + "; seed " + std::to_string(set.search.seed) + ".";
  const auto structure = proposal_json(model, s, id, r, summary);
  if (vm.count("append") != 0U) {
    const std::string out = vm["append"].as<std::string>();
    if (std::filesystem::exists(out) && std::filesystem::equivalent(out, path)) {
      throw UsageError("--append must name a new file, not the input model");
    }
    write_output(ctx, out, appended_model(path, out, structure));
  }
  const std::string text = format == "json" ? structure.dump(2) + "\n"
                                            : explanation(model, s, r, set, id, lang);
  write_output(ctx, vm.count("output") != 0U ? vm["output"].as<std::string>() : "", text);
  timings.phase("write");
  return 0;
}

}  // namespace policygraph::cli
