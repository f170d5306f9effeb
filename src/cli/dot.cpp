// `policygraph dot MODEL`: Graphviz pictures of one structure.
#include "commands.hpp"
#include "render.hpp"

#include <cctype>
#include <filesystem>

#include <policygraph/export/dot_writer.hpp>
#include <policygraph/load/input_file.hpp>

namespace policygraph::cli {

namespace {

DotView view_arg(const po::variables_map& vm) {
  return *parse_dot_view(choice_arg(vm, "view", {"functions", "units", "tree", "diff"}));
}

/// What the name of an output file says it holds, by its extension in any
/// case: "svg", "png" or "pdf" for a picture, "dot" for DOT text (.dot,
/// .gv), "" for any other name.
std::string format_of_name(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".svg" || ext == ".png" || ext == ".pdf") return ext.substr(1);
  if (ext == ".dot" || ext == ".gv") return "dot";
  return {};
}

std::string describe(const std::string& format) {
  if (format == "dot") return "DOT text";
  std::string upper = format;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return (format == "svg" ? "an " : "a ") + upper + " picture";
}

/// The picture format to render, or "" for DOT text: --render's, else the
/// one the name of -o asks for (after.png: PNG). --render and a name that
/// says otherwise (--render png -o after.svg) are a bad command line.
std::string render_arg(const po::variables_map& vm) {
  const std::string output = vm.count("output") != 0U ? vm["output"].as<std::string>() : "";
  const std::string named = output.empty() || output == "-" ? "" : format_of_name(output);
  if (vm.count("render") == 0U) return named == "dot" ? "" : named;
  std::string format = choice_arg(vm, "render", {"svg", "png", "pdf"});
  if (output.empty() || output == "-") {
    throw UsageError("--render " + format + " needs -o FILE (the picture is not text)");
  }
  if (!named.empty() && named != format) {
    const std::string renamed = std::filesystem::path(output).replace_extension(format).string();
    throw UsageError("--render " + format + " writes " + describe(format) + ", but -o " +
                     shown_path(output) + " names " + describe(named) + "; write -o " +
                     shown_path(renamed) + ", or leave --render out to write " +
                     describe(named));
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
       "run Graphviz's dot (from PATH) and write the picture instead of DOT text; needs -o "
       "FILE. Without --render, -o FILE ending in .svg, .png or .pdf (any case) writes that "
       "picture and any other name DOT text; with it, FILE may not end in another of these, "
       ".dot or .gv");
  add_layout_timeout_option(options, "then rendering fails, with nothing written");
  add_common_options(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  "Writes a Graphviz picture of one structure as DOT text, or renders it with\n"
                  "Graphviz's dot (--render, or -o FILE ending in .svg, .png or .pdf). Colours\n"
                  "follow each domain's position in the model, and nodes follow the model's\n"
                  "order, so pictures of two structures compare side by side.\n\n"
                  "Examples:\n"
                  "  policygraph dot model.json --structure after-2025 -o after.dot\n"
                  "  policygraph dot model.json --structure after-2025 --level 2 -o after.png\n"
                  "  policygraph dot model.json --view diff --against before-2025 --render png "
                  "-o diff.png\n"
                  "  policygraph dot model.json --view tree --lang ko --render svg -o tree.svg")) {
    return 0;
  }
  DotOptions dot_options;
  dot_options.view = view_arg(vm);
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
