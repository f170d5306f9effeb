// `policygraph optimize MODEL --structure ID`: propose cheaper assignments.
#include "commands.hpp"

#include <unistd.h>

#include <csignal>
#include <filesystem>

#include <policygraph/analysis/consensus.hpp>
#include <policygraph/analysis/constraints.hpp>
#include <policygraph/core/messages.hpp>
#include <policygraph/core/text.hpp>
#include <policygraph/export/model_writer.hpp>
#include <policygraph/report/optimize_writer.hpp>
#include <policygraph/report/table.hpp>

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

}  // namespace

/// The constraints given on the command line.
ConstraintChoice constraint_choice(const po::variables_map& vm) {
  ConstraintChoice c;
  c.objective = choice_arg(vm, "objective", {"distance", "cross"}) == "distance"
                    ? Objective::kDistance
                    : Objective::kCross;
  c.max_moves = vm["max-moves"].as<std::size_t>();
  c.seed = vm["seed"].as<std::uint64_t>();
  c.rounds = vm["rounds"].as<std::size_t>();
  c.slack = vm["slack"].as<std::size_t>();
  c.targets = vm["targets"].as<std::string>();
  c.capacity = vm["capacity"].as<std::string>();
  if (c.capacity != "current" && c.capacity != "headcount") {
    const auto n = read_whole(c.capacity, 0, kMaxCount);
    if (!n) {
      throw UsageError("--capacity must be current, headcount or " + whole_range(0, kMaxCount) +
                       ", found " + in_quotes(c.capacity) +
                       did_you_mean(c.capacity, {"current", "headcount"}));
    }
    c.capacity = std::to_string(*n);
  }
  if (vm.count("pin") != 0U) c.pins = vm["pin"].as<std::vector<std::string>>();
  return c;
}

int run_optimize(Context& ctx) {
  po::options_description options = option_group();
  options.add_options()
      ("structure", po::value<std::string>()->value_name("ID")->required(),
       tr("the structure to improve (required)").c_str())
      ("max-moves", whole_number<std::size_t>(0, kMaxCount)->value_name("K")->default_value(10),
       tr("at most K functions change unit: a proposal people can read").c_str())
      ("pin", po::value<std::vector<std::string>>()->value_name("ID")->composing(),
       tr("never move this function; domain:ID pins a domain's functions, unit:ID a unit's "
          "(repeatable)").c_str())
      ("capacity", po::value<std::string>()->value_name("current|headcount|N")->default_value("current"),
       tr("most functions a unit may own: current (its current number + slack, so that "
          "piling everything into one unit is ruled out), headcount (proportional to the units' "
          "headcounts + slack) or a number for every unit").c_str())
      ("slack", whole_number<std::size_t>(0, kMaxCount)->value_name("N")->default_value(1),
       tr("with --capacity current or headcount, the least extra room per unit").c_str())
      ("targets", po::value<std::string>()->value_name("owning|all|KIND,...")->default_value("owning"),
       tr("units that may receive functions: those owning functions now, all, or units of the "
          "given kinds (e.g. division,team)").c_str())
      ("objective", po::value<std::string>()->value_name("distance|cross")->default_value("distance"),
       tr("distance: coordination cost of docs/metrics.md (weight x tree distance); cross: weight "
          "between different units").c_str())
      ("seed", whole_number<std::uint64_t>(0, UINT64_MAX)->value_name("N")->default_value(1),
       tr("random seed: the same seed gives the same proposal").c_str())
      ("rounds", whole_number<std::size_t>(0, kMaxCount)->value_name("N")->default_value(30),
       tr("perturbation rounds after the first descent (more: slower, sometimes better)").c_str())
      ("samples", whole_number<std::size_t>(0, kMaxCount)->value_name("N")->default_value(0),
       tr("search on N redrawn weightings (drawn as sensitivity draws them) and propose the "
          "moves that at least half of them agree on, with how often each was proposed "
          "(0: once, under the given weights)").c_str())
      ("noise", real_number(0, 10)->value_name("SIGMA")->default_value(0.3, "0.3"),
       tr("with --samples: each dependency weight is multiplied by exp(N(0, SIGMA^2))").c_str())
      ("drop", real_number(0, 1, UpperEnd::kExcluded)->value_name("P")->default_value(0, "0"),
       tr("with --samples: also leave each dependency out with probability P").c_str())
      ("threads", whole_number<unsigned>(0, kMaxThreads)->value_name("N")->default_value(0),
       tr("with --samples: threads (0: all cores); the result does not depend on it").c_str())
      ("id", po::value<std::string>()->value_name("ID")->default_value(""),
       tr("id of the proposed structure (default: STRUCTURE-optimized); a number is added when "
          "the model has a structure of that id already").c_str())
      ("format", po::value<std::string>()->value_name("table|json")->default_value("table"),
       tr("table: the moves explained in words; json: the proposed structure, ready to paste into "
          "the model's structures").c_str())
      ("append", po::value<std::string>()->value_name("OUT"),
       tr("write a copy of the model with the proposal added as its last structure to OUT (the "
          "input is never modified)").c_str());
  add_common_options(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  tr("Searches for an assignment of functions to units with a lower "
                     "coordination\ncost (sum over dependencies of weight x tree distance "
                     "between the owning\nunits) and prints it as a structure in change form "
                     "(move-function ops on\nthe given structure, each with its gain). Small "
                     "problems are searched\nexhaustively; larger ones by steepest descent with "
                     "incremental deltas and\nrandom perturbation rounds. Ctrl-C stops the "
                     "search and prints the best\nproposal found so far. With --samples, the "
                     "search runs on redrawn weights\nand the moves most samples agree on are "
                     "proposed.") +
                      "\n\n" + tr("Examples:") +
                      "\n"
                  "  policygraph optimize datasets/motie-2025/model.json --structure after-2025\n"
                  "  policygraph optimize datasets/motie-2025/model.json --structure after-2025 "
                  "--max-moves 3 --samples 200\n"
                  "  policygraph optimize model.json --structure s --pin domain:security "
                  "--max-moves 5 --append model-with-proposal.json")) {
    return 0;
  }
  const std::string format = format_arg(vm, {"table", "json"});
  const ConstraintChoice choice = constraint_choice(vm);
  const std::size_t samples = vm["samples"].as<std::size_t>();
  for (const char* name : {"noise", "drop", "threads"}) {
    if (samples == 0 && !vm[name].defaulted()) {
      // TRANSLATORS: {0} is an option (--noise, --drop, --threads).
      throw UsageError(trf("{0} takes effect only with --samples N (N above 0)",
                           {std::string("--") + name}));
    }
  }
  const std::string wanted = vm["id"].as<std::string>();
  if (!vm["id"].defaulted()) {
    // The rule the model reader applies, so that --append writes a model that loads.
    if (const std::string why = bad_id_reason(wanted); !why.empty()) {
      throw UsageError("--id: id " + in_quotes(wanted) + " " + why);
    }
  }
  const std::string lang = vm["lang"].as<std::string>();
  const std::string path = vm["MODEL"].as<std::string>();
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  // --append copies the model's text (a pipe gives it only once).
  std::string model_text;
  const Model model = load_model(ctx, path, timings.detail(),
                                 vm.count("append") != 0U ? &model_text : nullptr);
  timings.phase("read, validate, resolve");
  const Index si = structure_arg(model, vm["structure"].as<std::string>());
  const Resolved& s = model.structures[si];
  Constraints set;
  try {
    set = make_constraints(model, s, choice);
  } catch (const ConstraintError& e) {
    throw UsageError(e.what());
  }
  interrupted = false;
  set.search.stop = &interrupted;
  if (::isatty(STDERR_FILENO) != 0) {
    set.search.progress = [&ctx](std::size_t round, std::size_t rounds, double best) {
      ctx.err << "\roptimize: round " << round << "/" << rounds << ", best cost "
              << rounded(best, 2) << (round == rounds ? "\n" : "") << std::flush;
    };
  }
  const std::string id = fresh_structure_id(model, wanted.empty() ? s.id + "-optimized" : wanted);
  nlohmann::ordered_json structure;
  std::string text;
  if (samples > 0) {
    ConsensusOptions co;
    co.samples = samples;
    co.noise = vm["noise"].as<double>();
    co.drop = vm["drop"].as<double>();
    co.seed = choice.seed;
    co.threads = vm["threads"].as<unsigned>();
    set.search.progress = nullptr;
    ConsensusResult c;
    {
      InterruptGuard guard;
      c = optimize_consensus(model, si, set.search, co);
    }
    if (c.interrupted) {
      ctx.err << "optimize: interrupted; printing the consensus of the samples finished\n";
    }
    timings.phase("search");
    structure = consensus_structure(model, s, c, set, co, id);
    text = format == "json" ? consensus_json(model, c, co, structure).dump(2) + "\n"
                            : consensus_explanation(model, s, c, set, co, id, lang);
  } else {
    OptimizeResult r;
    {
      InterruptGuard guard;
      r = optimize_assignment(model, si, set.search);
    }
    if (r.interrupted) {
      ctx.err << "\noptimize: interrupted; printing the best proposal found so far\n";
    }
    timings.phase("search");
    structure = change_structure_json(id, s.id, "Proposed by policygraph optimize from " + s.id,
                                      optimize_summary(r, set), proposal_changes(model, r));
    text = format == "json" ? structure.dump(2) + "\n"
                            : optimize_explanation(model, s, r, set, id, lang);
  }
  if (vm.count("append") != 0U) {
    const std::string out = vm["append"].as<std::string>();
    write_output(ctx, out, model_text_with_structure(model_text, path, out, structure));
  }
  write_output(ctx, vm.count("output") != 0U ? vm["output"].as<std::string>() : "", text);
  timings.phase("write");
  return 0;
}

}  // namespace policygraph::cli
