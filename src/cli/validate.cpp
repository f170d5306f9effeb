// `policygraph validate MODEL`: every error with its location, or a summary.
#include "commands.hpp"

#include <set>

#include <policygraph/core/text.hpp>

namespace policygraph::cli {

int run_validate(Context& ctx) {
  po::options_description options("Options");
  options.add_options()("timings", po::bool_switch(), "print the time of each phase, and of its parts (loading steps, metric "
       "families; parts run on several threads add up), to standard error");
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  "Checks a model file as a whole and prints every error with its location\n"
                  "(FILE:LINE:COL for JSON syntax, FILE: /json/pointer for the model, FILE:LINE\n"
                  "for CSV files), at most 50, then how many more. Exit status 1 when the model\n"
                  "is invalid. A valid model gets a one-line summary on standard output.")) {
    return 0;
  }
  const std::string path = vm["MODEL"].as<std::string>();
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  const Model model = load_model(ctx, path, timings.detail());
  timings.phase("read, validate, resolve");
  std::size_t units_max = 0;
  for (const auto& s : model.structures) units_max = std::max(units_max, s.unit_count());
  write_output(ctx, "",
               escape_controls(path) + ": valid: " + std::to_string(model.functions.size()) + " functions, " +
                   std::to_string(model.graph.pair_count()) + " dependencies (" +
                   std::to_string(model.dependencies.size()) + " as written), " +
                   std::to_string(model.domains.size()) + " domains, " +
                   std::to_string(model.structures.size()) + " structures, " +
                   std::to_string(model.unit_ids.size()) + " units (at most " +
                   std::to_string(units_max) + " in one structure)\n");
  return 0;
}

}  // namespace policygraph::cli
