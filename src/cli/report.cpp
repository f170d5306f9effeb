// `policygraph report MODEL -o FILE.html`: the briefing page.
#include "commands.hpp"

#include <policygraph/analysis/compare.hpp>
#include <policygraph/export/dot_writer.hpp>
#include <policygraph/report/alluvial.hpp>
#include <policygraph/report/dsm_writer.hpp>
#include <policygraph/report/report_writer.hpp>
#include <policygraph/report/sensitivity_writer.hpp>
#include <policygraph/analysis/sensitivity.hpp>
#include <policygraph/analysis/constraints.hpp>
#include <policygraph/core/messages.hpp>
#include <policygraph/report/metrics_writer.hpp>

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <sstream>
#include <thread>

#include "render.hpp"

namespace policygraph::cli {

namespace {

/// Renders every picture's DOT text to SVG with Graphviz, a few at a time.
/// All or none: when one fails, every picture keeps its DOT source only,
/// and the first failure (in page order) is said on the page and on
/// standard error.
void render_all(Context& ctx, const po::variables_map& vm, std::vector<ReportPicture*> pictures,
                ReportContent& content) {
  const std::size_t n = pictures.size();
  std::vector<std::string> errors(n);
  std::atomic<std::size_t> next{0};
  const auto limit = layout_timeout(vm);
  const auto work = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      try {
        std::ostringstream warnings;
        pictures[i]->svg = render_with_graphviz(pictures[i]->dot, "svg", warnings, limit);
      } catch (const FileError& e) {
        errors[i] = e.what();
      }
    }
  };
  {
    // SIGPIPE stays ignored while several renderings each ignore it for
    // their own lifetime and restore what they found.
    struct sigaction ignore {};
    struct sigaction saved {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &saved);
    const std::size_t threads =
        std::min<std::size_t>(n, std::max(1U, std::min(4U, std::thread::hardware_concurrency())));
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
    ::sigaction(SIGPIPE, &saved, nullptr);
  }
  const auto failed = std::find_if(errors.begin(), errors.end(),
                                   [](const std::string& e) { return !e.empty(); });
  if (failed == errors.end()) return;
  for (ReportPicture* p : pictures) p->svg.clear();
  content.pictures_note =
      trf("{0}. The DOT source of each picture is included instead.", {*failed});
  ctx.err << trf("policygraph report: warning: {0}; the page holds the DOT source of the "
                 "pictures instead",
                 {*failed})
          << "\n";
}

}  // namespace

int run_report(Context& ctx) {
  po::options_description options = option_group();
  options.add_options()
      ("output,o", po::value<std::string>()->value_name("FILE.html")->required(),
       tr("the HTML file to write (atomically)").c_str())
      ("level", whole_number<int>(0, kMaxLevel)->value_name("L"),
       tr("cut the hierarchy at depth L for the figures and the pictures (see metrics --help); "
          "without it the pictures fold by themselves when they are large")
           .c_str())
      ("title", po::value<std::string>()->value_name("TEXT")->default_value(""),
       tr("the page title (default: the model's title)").c_str())
      ("pictures", po::value<std::string>()->value_name("svg|dot|none")->default_value("svg"),
       tr("svg: render every structure, and what changed against the baseline, with Graphviz "
          "(the DOT source instead, with a note, when Graphviz is missing); dot: embed the DOT "
          "source only; none: no pictures")
           .c_str())
      ("view", po::value<std::string>()->value_name("functions|tree|units")->default_value("functions"),
       tr("the picture of each structure (see dot --help)").c_str())
      ("misplaced", po::value<std::string>()->value_name("strongest|all")->default_value("strongest"),
       tr("strongest: per structure the 5 misplaced functions with the largest gain (the other "
          "unit's pull minus their own unit's), and those tied with the fifth; all: every one")
           .c_str())
      ("misplaced-alone", po::bool_switch(),
       tr("list misplaced functions that are the only function of their unit too (left out by "
          "default: their own unit cannot pull on them)")
           .c_str())
      ("sensitivity", whole_number<std::size_t>(0, kMaxCount)->value_name("N")->default_value(0),
       tr("add the sensitivity of the comparison over N samples (0: leave it out)").c_str())
      ("optimize", po::bool_switch(),
       tr("add optimize's proposal for the first structure after the baseline, with its "
          "defaults")
           .c_str())
      ("optimize-samples",
       whole_number<std::size_t>(0, kMaxCount)->value_name("N")->default_value(0),
       tr("the optimizer's proposal as the moves that at least half of N redrawn weightings "
          "agree on, with how often each was proposed (as optimize --samples; implies "
          "--optimize; 0: one search under the given weights)")
           .c_str())
      ("seed", whole_number<std::uint64_t>(0, UINT64_MAX)->value_name("N")->default_value(1),
       tr("seed for --sensitivity and --optimize").c_str())
      ("lang", po::value<std::string>()->value_name("TAG")->default_value(""),
       tr("labels in language TAG (e.g. ko); also the page's language").c_str());
  add_layout_timeout_option(options, tr("then the page holds the DOT source instead, with a "
                                        "note saying why"));
  add_structures_options(options);
  add_timings_option(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  tr("Writes one self-contained HTML page for readers who never open a "
                     "terminal:\na summary in plain sentences, the comparison of every "
                     "structure with the\nbaseline, the consolidation of each domain, the "
                     "pictures (inline SVG), the\nmisplaced functions, what changed, optionally "
                     "the sensitivity and an\noptimizer proposal, and how to read the numbers. "
                     "No scripts, fonts or\nimages are loaded from anywhere; it prints to A4.") +
                      "\n\n" + tr("Example:") +
                      "\n"
                      "  policygraph report datasets/motie-2025/model.json --sensitivity 200 "
                      "-o motie.html")) {
    return 0;
  }
  const std::string pictures = choice_arg(vm, "pictures", {"svg", "dot", "none"});
  const auto view = parse_dot_view(choice_arg(vm, "view", {"functions", "tree", "units"}));
  const std::string misplaced = choice_arg(vm, "misplaced", {"strongest", "all"});
  const std::string lang = vm["lang"].as<std::string>();
  const std::optional<int> level = level_arg(vm);
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  const Model model = load_model(ctx, vm["MODEL"].as<std::string>(), timings.detail());
  timings.phase(tr("read, validate, resolve"));
  const std::vector<Index> structures = structures_arg(model, vm["structures"].as<std::string>());
  const std::size_t baseline = baseline_arg(model, structures, vm["baseline"].as<std::string>());
  MetricsOptions metric_opts;
  metric_opts.times = timings.detail();
  const Comparison c = compare_structures(model, structures, baseline, level, metric_opts);
  timings.phase(tr("metrics and comparison"));

  ReportContent content;
  content.title = vm["title"].as<std::string>();
  content.lang = lang;
  content.misplaced = misplaced == "all" ? MisplacedChoice::kAll : MisplacedChoice::kStrongest;
  content.misplaced_alone = vm["misplaced-alone"].as<bool>();
  for (std::size_t k = 0; k < structures.size(); ++k) {
    if (k == baseline) continue;
    content.diffs.push_back(diff_structures(model, structures[baseline], structures[k]));
    content.explanations.push_back(
        explain_change(model, structures[baseline], structures[k], level));
    if (pictures != "none") {
      content.alluvials.push_back(alluvial_svg(model, content.explanations.back(), lang));
    }
  }
  // The functions view of a large model is unreadable and takes Graphviz
  // minutes: unless asked for by name, the report draws the units view.
  DotView picture_view = *view;
  if (pictures != "none" && picture_view == DotView::kFunctions && vm["view"].defaulted()) {
    if (const PictureLoad load = picture_load(model, structures); !load.fits()) {
      picture_view = DotView::kUnits;
      content.pictures_simplified = load;
      ctx.err << trf("policygraph report: note: the largest structure has {0} functions and {1} "
                     "pairs of dependent functions, too many for a picture of functions; the "
                     "pictures draw units instead (--view functions draws functions anyway)",
                     {std::to_string(load.functions), std::to_string(load.pairs)})
              << "\n";
    }
  }
  content.picture_view = picture_view;
  if (pictures != "none") {
    content.picture_level = level ? level : picture_level(model, structures);
    content.pictures_folded = !level && content.picture_level.has_value();
    for (Index s : structures) {
      content.boxes_unfolded =
          std::max(content.boxes_unfolded, picture_boxes(model, s, std::nullopt));
    }
    for (Index s : structures) {
      DotOptions o;
      o.view = picture_view;
      o.level = content.picture_level;
      o.lang = lang;
      ReportPicture p;
      p.caption = structure_title(model, s, lang);
      p.dot = dot_text(model, s, o);
      content.pictures.push_back(std::move(p));
    }
    for (std::size_t k = 0; k < structures.size() && !content.pictures_simplified; ++k) {
      if (k == baseline) continue;
      DotOptions o;
      o.view = DotView::kDiff;
      o.against = structures[baseline];
      o.level = content.picture_level;
      o.lang = lang;
      ReportPicture p;
      p.caption = trf("What moved from {1} to {0}", {structure_title(model, structures[k], lang),
                                          model.structures[structures[baseline]].id});
      p.dot = dot_text(model, structures[k], o);
      content.diff_pictures.push_back(std::move(p));
    }
    if (pictures == "svg") {
      std::vector<ReportPicture*> all;
      for (auto& p : content.pictures) all.push_back(&p);
      for (auto& p : content.diff_pictures) all.push_back(&p);
      render_all(ctx, vm, std::move(all), content);
    } else {
      content.pictures_note = tr("Pictures as DOT source; render them with Graphviz (dot -Tsvg).");
    }
  }
  if (pictures != "none") {
    content.matrix_level = level ? level : dsm_fold_level(model, structures, kMaxMatrixRows);
    content.matrices_folded = !level && content.matrix_level.has_value();
    // One scale of shades for all, so that the matrices compare side by side.
    std::vector<Dsm> matrices;
    double heaviest = 0;
    for (std::size_t k = 0; k < structures.size(); ++k) {
      std::optional<Index> against;
      if (k != baseline) against = structures[baseline];
      matrices.push_back(
          dependency_matrix(model, structures[k], content.matrix_level, DsmItems::kUnits, against));
      heaviest = std::max(heaviest, dsm_heaviest(matrices.back()));
      if (content.matrices_folded) {
        const std::size_t rows =
            dependency_matrix(model, structures[k], std::nullopt, DsmItems::kUnits).rows.size();
        content.matrix_rows_unfolded = std::max(content.matrix_rows_unfolded, rows);
      }
    }
    for (std::size_t k = 0; k < structures.size(); ++k) {
      content.matrices.push_back({structure_title(model, structures[k], lang),
                                  dsm_svg(model, matrices[k], lang, heaviest), ""});
    }
  }
  timings.phase(tr("pictures"));
  const std::uint64_t seed = vm["seed"].as<std::uint64_t>();
  if (const std::size_t n = vm["sensitivity"].as<std::size_t>(); n > 0) {
    ReportSensitivity s;
    s.options.samples = n;
    s.options.seed = seed;
    s.options.level = level;
    s.result = sensitivity(model, structures, baseline, s.options);
    content.sensitivity = std::move(s);
  }
  const std::size_t optimize_samples = vm["optimize-samples"].as<std::size_t>();
  if ((vm["optimize"].as<bool>() || optimize_samples > 0) && structures.size() > 1) {
    ReportProposal p;
    p.structure = structures[baseline == 0 ? 1 : 0];
    const Resolved& s = model.structures[p.structure];
    ConstraintChoice choice;
    choice.seed = seed;
    try {
      p.constraints = make_constraints(model, s, choice);
    } catch (const ConstraintError& e) {
      throw UsageError(e.what());
    }
    if (optimize_samples > 0) {
      p.consensus_options.samples = optimize_samples;
      p.consensus_options.seed = seed;
      p.consensus = optimize_consensus(model, p.structure, p.constraints.search,
                                       p.consensus_options);
      p.result = p.consensus->consensus;
    } else {
      p.result = optimize_assignment(model, p.structure, p.constraints.search);
    }
    p.id = fresh_structure_id(model, s.id + "-optimized");
    content.proposal = std::move(p);
  }
  timings.phase(tr("sensitivity and proposal"));
  write_output(ctx, vm["output"].as<std::string>(), report_html(model, c, content));
  timings.phase(tr("write"));
  return 0;
}

}  // namespace policygraph::cli
