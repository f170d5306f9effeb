// `policygraph validate MODEL`: every error with its location, or a summary.
#include "commands.hpp"

#include <set>

#include <policygraph/core/messages.hpp>
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
    if (absent > kAbsentShown) {
      // TRANSLATORS: {0} lists the first ids, {1} is how many more there are.
      ids = trf("{0} and {1} more", {ids, std::to_string(absent - kAbsentShown)});
    }
    out += "  " +
           // TRANSLATORS: {0} is a structure id, {1} a number, {2} the functions
           // of the model ("50 functions"), {3} the ids of those left out.
           trf("{0} leaves {1} of {2} out (absent: {3})",
               {printable(s.id), std::to_string(absent), trn("{0} function", "{0} functions", n),
                ids}) +
           "\n";
  }
  return out;
}

}  // namespace

int run_validate(Context& ctx) {
  po::options_description options = option_group();
  options.add_options()
      ("lang", po::value<std::string>()->value_name("TAG")->default_value(""),
       tr("write the messages in language TAG (e.g. ko) where the tool has a translation")
           .c_str());
  add_timings_option(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  tr("Checks a model file as a whole and prints every error with its location\n"
                     "(FILE:LINE:COL for JSON syntax, FILE: /json/pointer for the model, "
                     "FILE:LINE\nfor CSV files), at most 50, then how many more. Exit status 1 "
                     "when the model\nis invalid. A valid model gets a one-line summary on "
                     "standard output, then a\nline for each structure that leaves functions "
                     "out (absent from it)."))) {
    return 0;
  }
  const std::string path = vm["MODEL"].as<std::string>();
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  const Model model = load_model(ctx, path, timings.detail());
  timings.phase(tr("read, validate, resolve"));
  std::size_t units_max = 0;
  for (const auto& s : model.structures) units_max = std::max(units_max, s.unit_count());
  const std::string summary = trf(
      // TRANSLATORS: {0} is the model file; {1}, {2}, {4}, {5} and {6} count
      // its functions ("50 functions"), pairs of dependent functions ("130
      // dependencies"), domains, structures and units; {3} is the number of
      // dependencies as the file writes them; {7} the most units in one
      // structure.
      "{0}: valid: {1}, {2} ({3} as written), {4}, {5}, {6} (at most {7} in one structure)",
      {escape_controls(path), trn("{0} function", "{0} functions", model.functions.size()),
       trn("{0} dependency", "{0} dependencies", model.graph.pair_count()),
       std::to_string(model.dependencies.size()),
       trn("{0} domain", "{0} domains", model.domains.size()),
       trn("{0} structure", "{0} structures", model.structures.size()),
       trn("{0} unit", "{0} units", model.unit_ids.size()), std::to_string(units_max)});
  write_output(ctx, "", summary + "\n" + absent_lines(model));
  return 0;
}

}  // namespace policygraph::cli
