// `policygraph validate MODEL`: every error with its location, or a summary.
#include "commands.hpp"

#include <set>

#include <policygraph/core/text.hpp>

namespace policygraph::cli {
namespace {

/// "  S leaves 3 of 50 functions out (absent: a, b, c)" for each structure
/// that does not assign every function, the ids in the model's order and at
/// most kAbsentShown of them.
std::string absent_lines(const Model& model) {
  constexpr std::size_t kAbsentShown = 10;
  const std::size_t n = model.functions.size();
  std::string out;
  for (const Resolved& s : model.structures) {
    std::size_t absent = 0;
    std::string ids;
    for (std::size_t f = 0; f < n; ++f) {
      if (f < s.assign.size() && s.assign[f] != kNone) continue;
      if (++absent > kAbsentShown) continue;
      ids += (ids.empty() ? "" : ", ") + printable(model.functions[f].id);
    }
    if (absent == 0) continue;
    if (absent > kAbsentShown) ids += " and " + std::to_string(absent - kAbsentShown) + " more";
    out += "  " + printable(s.id) + " leaves " + std::to_string(absent) + " of " +
           count_noun(n, "function", "functions") + " out (absent: " + ids + ")\n";
  }
  return out;
}

}  // namespace

int run_validate(Context& ctx) {
  po::options_description options("Options");
  options.add_options()("timings", po::bool_switch(), "print the time of each phase, and of its parts (loading steps, metric "
       "families; parts run on several threads add up), to standard error");
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  "Checks a model file as a whole and prints every error with its location\n"
                  "(FILE:LINE:COL for JSON syntax, FILE: /json/pointer for the model, FILE:LINE\n"
                  "for CSV files), at most 50, then how many more. Exit status 1 when the model\n"
                  "is invalid. A valid model gets a one-line summary on standard output, then a\n"
                  "line for each structure that leaves functions out (absent from it).")) {
    return 0;
  }
  const std::string path = vm["MODEL"].as<std::string>();
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  const Model model = load_model(ctx, path, timings.detail());
  timings.phase("read, validate, resolve");
  std::size_t units_max = 0;
  for (const auto& s : model.structures) units_max = std::max(units_max, s.unit_count());
  write_output(ctx, "",
               escape_controls(path) + ": valid: " +
                   count_noun(model.functions.size(), "function", "functions") + ", " +
                   count_noun(model.graph.pair_count(), "dependency", "dependencies") + " (" +
                   std::to_string(model.dependencies.size()) + " as written), " +
                   count_noun(model.domains.size(), "domain", "domains") + ", " +
                   count_noun(model.structures.size(), "structure", "structures") + ", " +
                   count_noun(model.unit_ids.size(), "unit", "units") + " (at most " +
                   std::to_string(units_max) + " in one structure)\n" + absent_lines(model));
  return 0;
}

}  // namespace policygraph::cli
