// `policygraph export MODEL`: the resolved graph for other tools.
#include "commands.hpp"

#include <policygraph/core/messages.hpp>
#include <policygraph/export/graphml_writer.hpp>
#include <policygraph/export/model_writer.hpp>

namespace policygraph::cli {

int run_export(Context& ctx) {
  po::options_description options = option_group();
  options.add_options()
      ("structure", po::value<std::string>()->value_name("ID")->default_value(""),
       tr("the structure to export (default: the last one in the model)").c_str())
      ("format", po::value<std::string>()->value_name("graphml|json")->required(),
       // TRANSLATORS: the format names (graphml, json) stay as they are.
       tr("graphml (the function graph with each function's unit, for Gephi, yEd, Cytoscape, "
          "networkx) or json (a policygraph/1 model holding this structure alone, every "
          "change applied)")
           .c_str());
  add_common_options(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  // TRANSLATORS: the GraphML keys in brackets stay as they are.
                  tr("Exports one structure for other tools. GraphML: a node per present "
                     "function\n(id, label, domains, primary_domain, unit, unit_path) and an "
                     "edge per pair of\ndependent functions (summed weight, kinds). JSON: a "
                     "complete model with the\nstructure in full form, which gives the same "
                     "metrics as the original.") +
                      "\n\n" + tr("Examples:") +
                      "\n"
                      "  policygraph export model.json --structure after-2025 --format graphml "
                      "-o after.graphml\n"
                      "  policygraph export model.json --format json -o resolved.json")) {
    return 0;
  }
  const std::string format = format_arg(vm, {"graphml", "json"});
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  const Model model = load_model(ctx, vm["MODEL"].as<std::string>(), timings.detail());
  timings.phase(tr("read, validate, resolve"));
  const Index s = structure_arg(model, vm["structure"].as<std::string>());
  const std::string text = format == "json" ? model_json(model, s).dump(2) + "\n"
                                            : graphml_text(model, s, vm["lang"].as<std::string>());
  timings.phase(tr("format"));
  write_output(ctx, vm.count("output") != 0U ? vm["output"].as<std::string>() : "", text);
  timings.phase(tr("write"));
  return 0;
}

}  // namespace policygraph::cli
