// `policygraph report MODEL -o FILE.html`: the briefing page.
#include "commands.hpp"

#include <policygraph/analysis/compare.hpp>
#include <policygraph/export/dot_writer.hpp>
#include <policygraph/report/report_writer.hpp>
#include <policygraph/report/sensitivity_writer.hpp>
#include <policygraph/analysis/sensitivity.hpp>

#include <sstream>

#include "render.hpp"

namespace policygraph::cli {

int run_report(Context& ctx) {
  po::options_description options("Options");
  options.add_options()
      ("output,o", po::value<std::string>()->value_name("FILE.html")->required(),
       "the HTML file to write (atomically)")
      ("level", whole_number<int>(0, kMaxLevel)->value_name("L"),
       "cut the hierarchy at depth L for the whole-structure figures (see metrics --help)")
      ("title", po::value<std::string>()->value_name("TEXT")->default_value(""),
       "the page title (default: the model's title)")
      ("pictures", po::value<std::string>()->value_name("svg|dot|none")->default_value("svg"),
       "svg: render every structure with Graphviz (the DOT source instead, with a note, when "
       "Graphviz is missing); dot: embed the DOT source only; none: no pictures")
      ("view", po::value<std::string>()->value_name("functions|tree|units")->default_value("functions"),
       "the picture of each structure (see dot --help)")
      ("sensitivity", whole_number<std::size_t>(0, kMaxCount)->value_name("N")->default_value(0),
       "add the sensitivity of the comparison over N samples (0: leave it out)")
      ("optimize", po::bool_switch(), "add optimize's proposal for the first structure after the "
       "baseline, with its defaults")
      ("seed", whole_number<std::uint64_t>(0, UINT64_MAX)->value_name("N")->default_value(1),
       "seed for --sensitivity and --optimize")
      ("lang", po::value<std::string>()->value_name("TAG")->default_value(""),
       "labels in language TAG (e.g. ko); also the page's language");
  add_layout_timeout_option(options, "then the page holds the DOT source instead, with a note "
                                     "saying why");
  add_structures_options(options);
  add_timings_option(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  "Writes one self-contained HTML page for readers who never open a terminal:\n"
                  "a summary in plain sentences, the comparison of every structure with the\n"
                  "baseline, the consolidation of each domain, the pictures (inline SVG), the\n"
                  "misplaced functions, what changed, optionally the sensitivity and an\n"
                  "optimizer proposal, and how to read the numbers. No scripts, fonts or\n"
                  "images are loaded from anywhere; it prints to A4.\n\n"
                  "Example:\n"
                  "  policygraph report datasets/motie-2025/model.json --sensitivity 200 "
                  "-o motie.html")) {
    return 0;
  }
  const std::string pictures = choice_arg(vm, "pictures", {"svg", "dot", "none"});
  const auto view = parse_dot_view(choice_arg(vm, "view", {"functions", "tree", "units"}));
  const std::string lang = vm["lang"].as<std::string>();
  const std::optional<int> level = level_arg(vm);
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  const Model model = load_model(ctx, vm["MODEL"].as<std::string>(), timings.detail());
  timings.phase("read, validate, resolve");
  const std::vector<Index> structures = structures_arg(model, vm["structures"].as<std::string>());
  const std::size_t baseline = baseline_arg(model, structures, vm["baseline"].as<std::string>());
  MetricsOptions metric_opts;
  metric_opts.times = timings.detail();
  const Comparison c = compare_structures(model, structures, baseline, level, metric_opts);
  timings.phase("metrics and comparison");

  ReportContent content;
  content.title = vm["title"].as<std::string>();
  content.lang = lang;
  for (std::size_t k = 0; k < structures.size(); ++k) {
    if (k != baseline) content.diffs.push_back(diff_structures(model, structures[baseline], structures[k]));
  }
  if (pictures != "none") {
    bool rendered = pictures == "svg";
    for (Index s : structures) {
      DotOptions o;
      o.view = *view;
      o.level = level;
      o.lang = lang;
      ReportPicture p;
      p.caption = model.structures[s].labels.pick(lang, model.structures[s].id) + " [" +
                  model.structures[s].id + "]";
      p.dot = dot_text(model, s, o);
      if (rendered) {
        try {
          std::ostringstream warnings;
          p.svg = render_with_graphviz(p.dot, "svg", warnings, layout_timeout(vm));
        } catch (const FileError& e) {
          rendered = false;
          content.pictures_note = std::string(e.what()) + ". The DOT source of each picture is "
                                  "included instead.";
          ctx.err << "policygraph report: warning: " << e.what()
                  << "; the page holds the DOT source of the pictures instead\n";
        }
      }
      content.pictures.push_back(std::move(p));
    }
    if (!rendered) {
      for (auto& p : content.pictures) p.svg.clear();
      if (content.pictures_note.empty()) {
        content.pictures_note = "Pictures as DOT source; render them with Graphviz (dot -Tsvg).";
      }
    }
  }
  timings.phase("pictures");
  const std::uint64_t seed = vm["seed"].as<std::uint64_t>();
  if (const std::size_t n = vm["sensitivity"].as<std::size_t>(); n > 0) {
    SensitivityOptions o;
    o.samples = n;
    o.seed = seed;
    o.level = level;
    content.sensitivity = sensitivity_text(model, sensitivity(model, structures, baseline, o), o, false);
  }
  if (vm["optimize"].as<bool>() && structures.size() > 1) {
    content.proposal = default_proposal(model, structures[baseline == 0 ? 1 : 0], seed, lang);
  }
  timings.phase("sensitivity and proposal");
  write_output(ctx, vm["output"].as<std::string>(), report_html(model, c, content));
  timings.phase("write");
  return 0;
}

}  // namespace policygraph::cli
