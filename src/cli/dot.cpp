// `policygraph dot MODEL`: Graphviz pictures of one structure.
#include "commands.hpp"
#include "render.hpp"

#include <cctype>
#include <filesystem>

#include <policygraph/core/messages.hpp>
#include <policygraph/export/dot_writer.hpp>
#include <policygraph/load/input_file.hpp>
#include <policygraph/report/table.hpp>

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

/// What a file of `format` holds, for a message: "an SVG picture".
std::string describe(const std::string& format) {
  // TRANSLATORS: what a file holds, in "--render svg writes an SVG picture,
  // but -o after.png names a PNG picture".
  if (format == "svg") return tr("an SVG picture");
  if (format == "png") return tr("a PNG picture");
  if (format == "pdf") return tr("a PDF picture");
  return tr("DOT text");
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
    // TRANSLATORS: {0} is a picture format: svg, png or pdf.
    throw UsageError(trf("--render {0} needs -o FILE (the picture is not text)", {format}));
  }
  if (!named.empty() && named != format) {
    const std::string renamed = std::filesystem::path(output).replace_extension(format).string();
    // TRANSLATORS: {0} is a picture format (svg, png, pdf); {1} and {3} say
    // what a file holds ("an SVG picture", "DOT text"); {2} is the file given
    // with -o and {4} the same name with the extension of {0}.
    throw UsageError(trf("--render {0} writes {1}, but -o {2} names {3}; write -o {4}, or leave "
                         "--render out to write {3}",
                         {format, describe(format), shown_path(output), describe(named),
                          shown_path(renamed)}));
  }
  return format;
}

/// A duration to read at a glance: "0.4 s", "7 s", "12 min", "3 h".
std::string duration_text(double seconds) {
  // TRANSLATORS: durations: seconds, minutes, hours.
  if (seconds < 10) return trf("{0} s", {rounded(seconds, 1)});
  if (seconds < 120) return trf("{0} s", {rounded(seconds, 0)});
  if (seconds < 7200) return trf("{0} min", {rounded(seconds / 60, 0)});
  return trf("{0} h", {rounded(seconds / 3600, 0)});
}

/// Makes `options` draw a picture Graphviz is expected to render within
/// `budget` seconds: with the default view, units instead of too many
/// functions; the units view folded to the deepest level expected to fit.
/// Each change is said on standard error, and a fold on the picture too.
void fit_budget(Context& ctx, const Model& model, Index s, bool view_defaulted, unsigned budget,
                DotOptions& options) {
  const std::string& id = model.structures[s].id;
  if (options.view == DotView::kFunctions && view_defaulted) {
    if (const PictureLoad load = picture_load(model, {s}); !load.fits()) {
      options.view = DotView::kUnits;
      ctx.err << trf("policygraph dot: note: structure {0} has {1} functions and {2} pairs of "
                     "dependent functions, too many for a picture of functions; drawing its "
                     "units instead (--view functions draws functions anyway)",
                     {id, std::to_string(load.functions), std::to_string(load.pairs)})
              << "\n";
    }
  }
  if (options.view == DotView::kUnits) {
    if (const UnitsFold fold = units_fold_within(model, s, budget); fold.level) {
      options.level = fold.level;
      const std::string level = std::to_string(*fold.level);
      const std::string seconds = std::to_string(budget);
      // TRANSLATORS: part of a picture's subtitle.
      options.note = trf("the deepest level that lays out within {0} s", {seconds});
      ctx.err << trf("policygraph dot: note: Graphviz would take about {0} to lay out every "
                     "unit of structure {1}; drawn folded to level {2} (about {3}) to fit "
                     "--time-budget {4}",
                     {duration_text(fold.unfolded_seconds), id, level,
                      duration_text(fold.seconds), seconds})
              << "\n";
    }
  }
}

}  // namespace

int run_dot(Context& ctx) {
  po::options_description options = option_group();
  options.add_options()
      ("structure", po::value<std::string>()->value_name("ID")->default_value(""),
       tr("the structure to draw (default: the last one in the model)").c_str())
      ("view", po::value<std::string>()->value_name("VIEW")->default_value("functions"),
       // TRANSLATORS: the view names (functions, units, tree, diff) stay as they are.
       tr("functions (a node per function coloured by primary domain, in nested unit "
          "clusters), units (a node per owning unit, edges weighted by crossing dependencies), "
          "tree (the organization chart with the functions each unit owns and its control "
          "towers) or diff (the functions view marking what changed since --against)")
           .c_str())
      ("level", whole_number<int>(0, kMaxLevel)->value_name("L"),
       tr("fold units deeper than L into their ancestor at depth L; default: every unit")
           .c_str())
      ("against", po::value<std::string>()->value_name("ID"),
       tr("with --view diff: the structure to compare with (moved functions say where they "
          "came from; new units and functions are marked)")
           .c_str())
      ("render", po::value<std::string>()->value_name("svg|png|pdf"),
       tr("run Graphviz's dot (from PATH) and write the picture instead of DOT text; needs -o "
          "FILE. Without --render, -o FILE ending in .svg, .png or .pdf (any case) writes that "
          "picture and any other name DOT text; with it, FILE may not end in another of "
          "these, .dot or .gv")
           .c_str());
  options.add_options()
      ("time-budget", whole_number<unsigned>(0, kMaxLayoutSeconds)->value_name("SECONDS")
                          ->default_value(kDefaultTimeBudget),
       tr("with --render and no --level: fold the units view to the deepest level Graphviz "
          "is expected to lay out within SECONDS, and draw units instead of functions when "
          "there are too many functions for a picture (unless --view is given); 0: no "
          "budget")
           .c_str());
  add_layout_timeout_option(options, tr("then rendering fails, with nothing written"));
  add_common_options(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  tr("Writes a Graphviz picture of one structure as DOT text, or renders it "
                     "with\nGraphviz's dot (--render, or -o FILE ending in .svg, .png or .pdf). "
                     "Colours\nfollow each domain's position in the model, and nodes follow the "
                     "model's\norder, so pictures of two structures compare side by side.") +
                      "\n\n" + tr("Examples:") +
                      "\n"
                      "  policygraph dot model.json --structure after-2025 -o after.dot\n"
                      "  policygraph dot model.json --structure after-2025 --level 2 "
                      "-o after.png\n"
                      "  policygraph dot model.json --view diff --against before-2025 "
                      "--render png -o diff.png\n"
                      "  policygraph dot model.json --view tree --lang ko --render svg "
                      "-o tree.svg")) {
    return 0;
  }
  DotOptions dot_options;
  dot_options.view = view_arg(vm);
  dot_options.level = level_arg(vm);
  dot_options.lang = vm["lang"].as<std::string>();
  const std::string against = vm.count("against") != 0U ? vm["against"].as<std::string>() : "";
  if (dot_options.view == DotView::kDiff && against.empty()) {
    throw UsageError(tr("--view diff needs --against ID, the structure to compare with"));
  }
  if (dot_options.view != DotView::kDiff && vm.count("against") != 0U) {
    throw UsageError(tr("--against is only used by --view diff"));
  }
  const std::string render = render_arg(vm);
  const std::string output = vm.count("output") != 0U ? vm["output"].as<std::string>() : "";
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  const Model model = load_model(ctx, vm["MODEL"].as<std::string>(), timings.detail());
  timings.phase(tr("read, validate, resolve"));
  const Index s = structure_arg(model, vm["structure"].as<std::string>());
  if (!against.empty()) dot_options.against = structure_arg(model, against);
  if (const unsigned budget = vm["time-budget"].as<unsigned>();
      !render.empty() && budget > 0 && !dot_options.level) {
    fit_budget(ctx, model, s, vm["view"].defaulted(), budget, dot_options);
  }
  const std::string text = dot_text(model, s, dot_options);
  // TRANSLATORS: a phase of --timings: writing the DOT text of the picture.
  timings.phase(tr("draw"));
  if (render.empty()) {
    write_output(ctx, output, text);
  } else {
    const bool of_functions =
        dot_options.view == DotView::kFunctions || dot_options.view == DotView::kDiff;
    if (const PictureLoad load = picture_load(model, {s}); of_functions && !load.fits()) {
      ctx.err << trf("policygraph dot: note: structure {0} has {1} functions and {2} pairs of "
                     "dependent functions; Graphviz may take minutes to lay them out (see "
                     "--layout-timeout), and --view units draws a picture of the units instead",
                     {model.structures[s].id, std::to_string(load.functions),
                      std::to_string(load.pairs)})
              << "\n";
    }
    const std::string picture = render_with_graphviz(text, render, ctx.err, layout_timeout(vm));
    timings.phase("graphviz");
    write_output(ctx, output, picture);
  }
  timings.phase(tr("write"));
  return 0;
}

}  // namespace policygraph::cli
