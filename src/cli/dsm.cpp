// `policygraph dsm MODEL`: the dependency structure matrix of one structure.
#include <policygraph/core/messages.hpp>
#include <policygraph/metrics/dsm.hpp>
#include <policygraph/report/dsm_writer.hpp>

#include "commands.hpp"

namespace policygraph::cli {

int run_dsm(Context& ctx) {
  po::options_description options = option_group();
  options.add_options()
      ("structure", po::value<std::string>()->value_name("ID")->default_value(""),
       tr("the structure to draw (default: the last one in the model)").c_str())
      ("level", whole_number<int>(0, kMaxLevel)->value_name("L"),
       tr("fold every unit deeper than L into its ancestor at depth L: fewer, larger rows "
          "(default: every unit)")
           .c_str())
      ("of", po::value<std::string>()->value_name("units|functions")->default_value("units"),
       // TRANSLATORS: the choices units and functions stay as they are.
       tr("the rows and columns: units (a row per unit, the diagonal holding the weight inside "
          "it) or functions (a row per function, grouped by unit)")
           .c_str())
      ("against", po::value<std::string>()->value_name("ID"),
       tr("mark the cells whose weight came inside one unit, or came to cross units, compared "
          "with structure ID at the same level")
           .c_str())
      ("format", po::value<std::string>()->value_name("FORMAT")->default_value("table"),
       // TRANSLATORS: the format names stay as they are.
       tr("table (numbered rows and columns, for a terminal), csv (the matrix, a row per row), "
          "json (rows, non-zero cells, blocks), svg (a picture) or html (a page with the "
          "picture)")
           .c_str());
  add_common_options(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  tr("Draws the dependency structure matrix of one structure: units (or\n"
                     "functions) in the order of the unit tree, a cell per pair holding the\n"
                     "summed weight of the dependencies from the row to the column, and a\n"
                     "frame around each unit's subtree. Weight outside the frames is\n"
                     "coordination that crosses a unit boundary (docs/dsm.md).") +
                      "\n\n" + tr("Examples:") +
                      "\n"
                      "  policygraph dsm datasets/motie-2025/model.json --structure after-2025\n"
                      "  policygraph dsm model.json --structure after --against before "
                      "--format svg -o after.svg\n"
                      "  policygraph dsm model.json --of functions --level 1 --format csv "
                      "-o dsm.csv")) {
    return 0;
  }
  const std::string format = format_arg(vm, {"table", "csv", "json", "svg", "html"});
  const DsmItems items = choice_arg(vm, "of", {"units", "functions"}) == "units"
                             ? DsmItems::kUnits
                             : DsmItems::kFunctions;
  const std::optional<int> level = level_arg(vm);
  const std::string lang = vm["lang"].as<std::string>();
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  const Model model = load_model(ctx, vm["MODEL"].as<std::string>(), timings.detail());
  timings.phase(tr("read, validate, resolve"));
  const Index s = structure_arg(model, vm["structure"].as<std::string>());
  std::optional<Index> against;
  if (vm.count("against") != 0U) against = structure_arg(model, vm["against"].as<std::string>());
  const Dsm m = dependency_matrix(model, s, level, items, against);
  // TRANSLATORS: a phase of --timings: building the dependency matrix.
  timings.phase(tr("matrix"));
  std::string text;
  if (format == "table") {
    text = dsm_text(model, m, lang);
  } else if (format == "csv") {
    text = render_csv(dsm_table(model, m, lang));
  } else if (format == "json") {
    text = dsm_json(model, m, lang).dump(2) + "\n";
  } else if (format == "svg") {
    text = dsm_svg(model, m, lang);
  } else {
    text = dsm_html(model, m, lang);
  }
  timings.phase(tr("format"));
  write_output(ctx, vm.count("output") != 0U ? vm["output"].as<std::string>() : "", text);
  timings.phase(tr("write"));
  return 0;
}

}  // namespace policygraph::cli
