// `policygraph metrics MODEL`: every metric of docs/metrics.md for one structure.
#include "commands.hpp"

#include <charconv>
#include <string_view>

#include <policygraph/core/messages.hpp>
#include <policygraph/report/metrics_writer.hpp>

namespace policygraph::cli {

void add_metric_options(po::options_description& options) {
  options.add_options()
      ("level", whole_number<int>(0, kMaxLevel)->value_name("L"),
       tr("aggregate every function to its unit's ancestor at depth L (1: offices or "
          "top-level branches, 2: bureaus, ...); default: no aggregation")
           .c_str())
      ("betweenness",
       po::value<std::string>()->value_name("exact|sample:K|skip")->default_value("exact"),
       // TRANSLATORS: the choices exact, sample:K and skip, and null, stay as they are.
       tr("unit betweenness: exact (Brandes, O(units x unit-graph edges)); sample:K, estimated "
          "from the paths of K units drawn at random (seed 1), O(K x unit-graph edges), with "
          "its error bound stated; or skip (printed as null)")
           .c_str())
      ("work-grouping", po::value<std::string>()->value_name("leiden|skip")->default_value("leiden"),
       // TRANSLATORS: the choices leiden and skip, and null, stay as they are.
       tr("the work's own grouping the units are set against: leiden (communities of the "
          "dependencies, as the groups command finds them with its defaults) or skip (printed "
          "as null)")
           .c_str())
      ("threads", whole_number<unsigned>(0, kMaxThreads)->value_name("N")->default_value(0),
       tr("threads for betweenness (0: all cores); results do not depend on it").c_str());
}

MetricsOptions metric_options(const po::variables_map& vm) {
  MetricsOptions options;
  const std::string& betweenness = vm["betweenness"].as<std::string>();
  constexpr std::string_view kSample = "sample:";
  if (betweenness.starts_with(kSample)) {
    const std::string k = betweenness.substr(kSample.size());
    std::size_t sources = 0;
    const auto [end, error] = std::from_chars(k.data(), k.data() + k.size(), sources);
    if (k.empty() || error != std::errc{} || end != k.data() + k.size() || sources == 0) {
      throw UsageError(trf("--betweenness sample:K takes a whole number of sources K of 1 or "
                           "more, not \"{0}\"",
                           {k}));
    }
    options.betweenness_sources = sources;
  } else {
    options.betweenness = choice_arg(vm, "betweenness", {"exact", "sample:K", "skip"}) != "skip";
  }
  options.work_grouping = choice_arg(vm, "work-grouping", {"leiden", "skip"}) == "leiden";
  options.threads = vm["threads"].as<unsigned>();
  return options;
}

int run_metrics(Context& ctx) {
  po::options_description options = option_group();
  options.add_options()
      ("structure", po::value<std::string>()->value_name("ID")->default_value(""),
       tr("the structure to measure (default: the last one in the model)").c_str())
      ("table", po::value<std::string>()->value_name("NAME")->default_value("summary"),
       // TRANSLATORS: the table names (summary, domains, ...) stay as they are.
       tr("with --format csv, which table: summary (one row of whole-structure and shape "
          "figures), domains (a row per domain), units (a row per owning unit), misplaced (a "
          "row per misplaced function), levels (a row per level of the profile)")
           .c_str());
  add_format_option(options, tr("one table, see --table"));
  add_metric_options(options);
  add_common_options(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  tr("Computes every consolidation metric of one structure: how much "
                     "coordination\ncrosses units and how high it escalates, where each policy "
                     "domain's functions\nsit (units, branches, concentration, owner, "
                     "fragmentation, control-tower\ncoverage), the units' external weight and "
                     "betweenness, functions pulled harder\nby another unit, and the same "
                     "figures at each level of the hierarchy.") +
                      "\n\n" + tr("Examples:") +
                      "\n"
                      "  policygraph metrics model.json --structure after-2025 --level 1\n"
                      "  policygraph metrics model.json --format csv --table domains "
                      "-o domains.csv")) {
    return 0;
  }
  const std::string format = text_format(vm);
  const auto table = parse_metrics_table(choice_arg(vm, "table", metrics_table_names()));
  const std::optional<int> level = level_arg(vm);
  MetricsOptions metric_opts = metric_options(vm);
  const std::string lang = vm["lang"].as<std::string>();
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  metric_opts.times = timings.detail();
  const Model model = load_model(ctx, vm["MODEL"].as<std::string>(), timings.detail());
  timings.phase(tr("read, validate, resolve"));
  const Index s = structure_arg(model, vm["structure"].as<std::string>());
  const StructureMetrics m = structure_metrics(model, s, level, metric_opts);
  // TRANSLATORS: a phase of --timings: computing the metrics.
  timings.phase(tr("metrics"));
  // A sheet has nowhere to say it: say it on standard error.
  if ((format == "csv" || format == "xlsx") && m.betweenness_sample) {
    ctx.err << "policygraph metrics: note: " << betweenness_sample_note(m) << "\n";
  }
  const std::string text = write_as(
      format, {.table = [&] { return metrics_text(model, m, lang); },
               .json = [&] { return metrics_json(model, m).dump(2) + "\n"; },
               .csv = [&] { return render_csv(metrics_table(model, {m}, *table, lang, true)); },
               .markdown = [&] { return metrics_markdown(model, m, lang); },
               .xlsx = [&] {
                 return sheets_of(metrics_table_names(), [&](const std::string& name) {
                   return metrics_table(model, {m}, *parse_metrics_table(name), lang, true);
                 });
               }});
  timings.phase(tr("format"));
  write_output(ctx, vm.count("output") != 0U ? vm["output"].as<std::string>() : "", text);
  timings.phase(tr("write"));
  return 0;
}

}  // namespace policygraph::cli
