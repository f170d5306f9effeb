// `policygraph dot MODEL`: Graphviz pictures of one structure.
#include "commands.hpp"
#include "render.hpp"

#include <policygraph/export/dot_writer.hpp>

namespace policygraph::cli {

namespace {

DotView view_arg(const std::string& name) {
  if (auto view = parse_dot_view(name)) return *view;
  const std::vector<std::string> views{"functions", "units", "tree", "diff"};
  throw UsageError("unknown view \"" + name + "\" (expected functions, units, tree or diff)" +
                   did_you_mean(name, views));
}

std::string render_arg(const po::variables_map& vm) {
  if (vm.count("render") == 0U) return {};
  std::string format = vm["render"].as<std::string>();
  if (format != "svg" && format != "png" && format != "pdf") {
    throw UsageError("--render takes svg, png or pdf, not \"" + format + "\"");
  }
  if (vm.count("output") == 0U || vm["output"].as<std::string>() == "-") {
    throw UsageError("--render " + format + " needs -o FILE (the picture is not text)");
  }
  return format;
}

}  // namespace

int run_dot(Context& ctx) {
  po::options_description options("Options");
  options.add_options()
      ("structure", po::value<std::string>()->value_name("ID")->default_value(""),
       "the structure to draw (default: the last one in the model)")
      ("view", po::value<std::string>()->value_name("VIEW")->default_value("functions"),
       "functions (a node per function coloured by primary domain, in nested unit clusters), "
       "units (a node per owning unit, edges weighted by crossing dependencies), tree (the "
       "organization chart with the functions each unit owns and its control towers) or diff "
       "(the functions view marking what changed since --against)")
      ("level", whole_number<int>(0, kMaxLevel)->value_name("L"),
       "fold units deeper than L into their ancestor at depth L; default: every unit")
      ("against", po::value<std::string>()->value_name("ID"),
       "with --view diff: the structure to compare with (moved functions say where they came "
       "from; new units and functions are marked)")
      ("render", po::value<std::string>()->value_name("svg|png|pdf"),
       "run Graphviz's dot (from PATH) and write the picture instead of DOT text; needs -o");
  add_layout_timeout_option(options, "then --render fails, with nothing written");
  add_common_options(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  "Writes a Graphviz picture of one structure as DOT text, or renders it with\n"
                  "Graphviz's dot. Colours follow each domain's position in the model, and nodes\n"
                  "follow the model's order, so pictures of two structures compare side by side.\n\n"
                  "Examples:\n"
                  "  policygraph dot model.json --structure after-2025 -o after.dot\n"
                  "  policygraph dot model.json --view diff --against before-2025 --render png "
                  "-o diff.png\n"
                  "  policygraph dot model.json --view tree --lang ko --render svg -o tree.svg")) {
    return 0;
  }
  DotOptions dot_options;
  dot_options.view = view_arg(vm["view"].as<std::string>());
  dot_options.level = level_arg(vm);
  dot_options.lang = vm["lang"].as<std::string>();
  const std::string against = vm.count("against") != 0U ? vm["against"].as<std::string>() : "";
  if (dot_options.view == DotView::kDiff && against.empty()) {
    throw UsageError("--view diff needs --against ID, the structure to compare with");
  }
  if (dot_options.view != DotView::kDiff && vm.count("against") != 0U) {
    throw UsageError("--against is only used by --view diff");
  }
  const std::string render = render_arg(vm);
  const std::string output = vm.count("output") != 0U ? vm["output"].as<std::string>() : "";
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  const Model model = load_model(ctx, vm["MODEL"].as<std::string>(), timings.detail());
  timings.phase("read, validate, resolve");
  const Index s = structure_arg(model, vm["structure"].as<std::string>());
  if (!against.empty()) dot_options.against = structure_arg(model, against);
  const std::string text = dot_text(model, s, dot_options);
  timings.phase("draw");
  if (render.empty()) {
    write_output(ctx, output, text);
  } else {
    const std::string picture = render_with_graphviz(text, render, ctx.err, layout_timeout(vm));
    timings.phase("graphviz");
    write_output(ctx, output, picture);
  }
  timings.phase("write");
  return 0;
}

}  // namespace policygraph::cli
