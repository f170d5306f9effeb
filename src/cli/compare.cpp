// `policygraph compare MODEL` and `policygraph diff MODEL FROM TO`.
#include "commands.hpp"

#include <sstream>

#include <policygraph/analysis/compare.hpp>
#include <policygraph/analysis/diff.hpp>
#include <policygraph/core/messages.hpp>
#include <policygraph/report/compare_writer.hpp>
#include <policygraph/report/diff_writer.hpp>

namespace policygraph::cli {

namespace {

std::vector<std::string> split_ids(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string id; std::getline(in, id, ',');) {
    if (!id.empty()) out.push_back(id);
  }
  return out;
}

}  // namespace

std::vector<Index> structures_arg(const Model& model, const std::string& list) {
  std::vector<Index> out;
  if (list.empty()) {
    for (Index s = 0; s < model.structures.size(); ++s) out.push_back(s);
    return out;
  }
  for (const std::string& id : split_ids(list)) out.push_back(structure_arg(model, id));
  if (out.empty()) throw UsageError(tr("--structures names no structure"));
  return out;
}

std::size_t baseline_arg(const Model& model, const std::vector<Index>& structures,
                         const std::string& id) {
  if (id.empty()) return 0;
  const auto it = std::find(structures.begin(), structures.end(), structure_arg(model, id));
  if (it == structures.end()) {
    std::vector<std::string> compared;
    compared.reserve(structures.size());
    for (Index s : structures) compared.push_back(model.structures[s].id);
    // TRANSLATORS: {0} is the structure id given with --baseline, in
    // quotes; {1} lists the structures compared.
    throw UsageError(trf("the baseline {0} is not among the compared structures: {1}",
                         {in_quotes(id), name_list(compared)}));
  }
  return static_cast<std::size_t>(it - structures.begin());
}

int run_compare(Context& ctx) {
  po::options_description options = option_group();
  options.add_options()
      ("table", po::value<std::string>()->value_name("NAME")->default_value("summary"),
       // TRANSLATORS: the table names (summary, consolidation, ...) and column
       // names stay as they are.
       tr("with --format csv: summary (a row per structure: every whole-structure and shape "
          "figure, then the size of the change against the baseline), consolidation (a row "
          "per domain and structure: units, branches, owner, consolidated), domains, units, "
          "misplaced, levels (as in metrics, for every structure)")
           .c_str());
  add_structures_options(options);
  add_format_option(options, tr("one table, see --table"));
  add_metric_options(options);
  add_common_options(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  tr("Evaluates several structures side by side with their differences to "
                     "a\nbaseline, the size of each change (moved functions, NMI, VI, adjusted "
                     "Rand,\nsplit-join distance) and, per policy domain, the units and "
                     "branches holding\nit and its owner before and after: a domain is "
                     "consolidated when its\nbranches fell to 1 or its owner sits deeper.") +
                      "\n\n" + tr("Examples:") +
                      "\n"
                      "  policygraph compare datasets/motie-2025/model.json --lang ko\n"
                      "  policygraph compare model.json --structures before,after --level 1 "
                      "--format csv --table consolidation")) {
    return 0;
  }
  const std::string format = text_format(vm);
  const std::string table = choice_arg(vm, "table", comparison_table_names());
  const std::optional<int> level = level_arg(vm);
  MetricsOptions metric_opts = metric_options(vm);
  const std::string lang = vm["lang"].as<std::string>();
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  metric_opts.times = timings.detail();
  const Model model = load_model(ctx, vm["MODEL"].as<std::string>(), timings.detail());
  // TRANSLATORS: the phases of --timings: reading the model, computing,
  // writing the output in its format, writing it to its file.
  timings.phase(tr("read, validate, resolve"));
  const std::vector<Index> structures = structures_arg(model, vm["structures"].as<std::string>());
  const std::size_t baseline = baseline_arg(model, structures, vm["baseline"].as<std::string>());
  const Comparison c = compare_structures(model, structures, baseline, level, metric_opts);
  timings.phase(tr("metrics and comparison"));
  const auto csv = [&] { return render_csv(*comparison_table(model, c, table, lang, true)); };
  const std::string text =
      write_as(format, {.table = [&] { return comparison_text(model, c, lang); },
                        .json = [&] { return comparison_json(model, c).dump(2) + "\n"; },
                        .csv = csv,
                        .markdown = [&] { return comparison_markdown(model, c, lang); },
                        .xlsx = [&] {
                          return sheets_of(comparison_table_names(), [&](const std::string& n) {
                            return *comparison_table(model, c, n, lang, true);
                          });
                        }});
  timings.phase(tr("format"));
  write_output(ctx, vm.count("output") != 0U ? vm["output"].as<std::string>() : "", text);
  timings.phase(tr("write"));
  return 0;
}

int run_diff(Context& ctx) {
  po::options_description options = option_group();
  // TRANSLATORS: the column names (change, id, label, from, to) stay as they are.
  add_format_option(options, tr("one row per change: change, id, label, from, to"));
  add_common_options(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL", "FROM", "TO"}, vm,
                  tr("Lists what changed from structure FROM to structure TO: units added,\n"
                     "removed, moved (old and new place), relabelled or reclassified; functions\n"
                     "moved (old and new unit path), added and dropped; control towers.") +
                      "\n\n" + tr("Example:") +
                      "\n"
                      "  policygraph diff datasets/motie-2025/model.json before-2025 after-2025")) {
    return 0;
  }
  const std::string format = text_format(vm);
  const std::string lang = vm["lang"].as<std::string>();
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  const Model model = load_model(ctx, vm["MODEL"].as<std::string>(), timings.detail());
  timings.phase(tr("read, validate, resolve"));
  const Index from = structure_arg(model, vm["FROM"].as<std::string>());
  const Index to = structure_arg(model, vm["TO"].as<std::string>());
  const StructureDiff d = diff_structures(model, from, to);
  // TRANSLATORS: a phase of --timings: finding what changed between two structures.
  timings.phase(tr("diff"));
  const std::string text =
      write_as(format, {.table = [&] { return diff_text(model, d, lang); },
                        .json = [&] { return diff_json(model, d, lang).dump(2) + "\n"; },
                        .csv = [&] { return render_csv(diff_table(model, d, lang)); },
                        .markdown = [&] { return diff_markdown(model, d, lang); },
                        .xlsx = [&] {
                          return std::vector<Sheet>{{"changes", diff_table(model, d, lang)}};
                        }});
  write_output(ctx, vm.count("output") != 0U ? vm["output"].as<std::string>() : "", text);
  timings.phase(tr("write"));
  return 0;
}

}  // namespace policygraph::cli
