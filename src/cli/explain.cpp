// `policygraph explain MODEL FROM TO`: what happened to each unit and which
// moves made the figures move.
#include "commands.hpp"
#include "number_options.hpp"

#include <policygraph/analysis/explain.hpp>
#include <policygraph/core/messages.hpp>
#include <policygraph/report/alluvial.hpp>
#include <policygraph/report/explain_writer.hpp>

namespace policygraph::cli {

int run_explain(Context& ctx) {
  po::options_description options = option_group();
  options.add_options()(
      "level", whole_number<int>(0, kMaxLevel)->value_name("L"),
      tr("match the units of depth at most L (every unit without it); a unit moved deeper "
         "than L is gone at that level")
          .c_str());
  options.add_options()
      ("top", whole_number<std::size_t>(1, kMaxCount)->value_name("N")->default_value(10),
       tr("in tables, the N largest parts of each figure's change (JSON lists all)").c_str())
      ("brief", po::bool_switch(),
       tr("in table and markdown, only the sentences: what happened and what drove each figure")
           .c_str())
      ("picture", po::value<std::string>()->value_name("FILE.svg"),
       tr("also write the alluvial picture of the functions' flow from FROM's units to TO's, "
          "coloured by primary domain, as SVG")
           .c_str())
      ("table", po::value<std::string>()->value_name("NAME")->default_value("events"),
       // TRANSLATORS: the table names stay as they are.
       tr("with --format csv: events (a row per flow of functions between units), moves (each "
          "moved function's part in each figure's change, and other), dependencies (each "
          "dependency's part), units (each unit's part in the change of modularity), shifts "
          "(dependencies that became internal or external, or meet higher or lower)")
           .c_str());
  add_format_option(options, tr("one table, see --table"));
  add_common_options(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL", "FROM", "TO"}, vm,
                  tr("Tells what happened to each unit from structure FROM to structure TO\n"
                     "(created, merged, split, absorbed, renamed, abolished, functions\n"
                     "transferred), matching units by the functions that flowed between them,\n"
                     "and breaks the change of each whole-structure figure down exactly into\n"
                     "the moves and the dependencies behind it (docs/explain.md).") +
                      "\n\n" + tr("Examples:") +
                      "\n"
                      "  policygraph explain datasets/motie-2025/model.json before-2025 "
                      "after-2025 --level 1\n"
                      "  policygraph explain datasets/dhs-2003/model.json before-2002 dhs-2003 "
                      "--level 1 --picture dhs.svg\n"
                      "  policygraph explain model.json before after --format csv --table moves")) {
    return 0;
  }
  const std::string format = text_format(vm);
  const std::string table = choice_arg(vm, "table", explain_table_names());
  const std::optional<int> level = level_arg(vm);
  const std::size_t top = vm["top"].as<std::size_t>();
  const bool brief = vm["brief"].as<bool>();
  const std::string lang = vm["lang"].as<std::string>();
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  const Model model = load_model(ctx, vm["MODEL"].as<std::string>(), timings.detail());
  timings.phase(tr("read, validate, resolve"));
  const Index from = structure_arg(model, vm["FROM"].as<std::string>());
  const Index to = structure_arg(model, vm["TO"].as<std::string>());
  const Explanation e = explain_change(model, from, to, level);
  // TRANSLATORS: a phase of --timings: the events and the attribution.
  timings.phase(tr("explanation"));
  const std::string text = write_as(
      format, {.table = [&] { return explain_text(model, e, lang, top, brief); },
               .json = [&] { return explain_json(model, e, lang).dump(2) + "\n"; },
               .csv = [&] { return render_csv(*explain_table(model, e, table, lang)); },
               .markdown = [&] { return explain_markdown(model, e, lang, top, brief); },
               .xlsx = [&] {
                 return sheets_of(explain_table_names(), [&](const std::string& name) {
                   return *explain_table(model, e, name, lang);
                 });
               }});
  timings.phase(tr("format"));
  if (vm.count("picture") != 0U) {
    write_output(ctx, vm["picture"].as<std::string>(), alluvial_svg(model, e, lang));
  }
  write_output(ctx, vm.count("output") != 0U ? vm["output"].as<std::string>() : "", text);
  timings.phase(tr("write"));
  return 0;
}

}  // namespace policygraph::cli
