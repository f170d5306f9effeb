// `policygraph groups MODEL`: the work's own grouping (Leiden communities of
// the dependencies) against the units of one structure.
#include "commands.hpp"
#include "number_options.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <policygraph/core/messages.hpp>
#include <policygraph/metrics/tree.hpp>
#include <policygraph/metrics/work_grouping.hpp>
#include <policygraph/report/metrics_writer.hpp>
#include <policygraph/report/table.hpp>

namespace policygraph::cli {
namespace {

using nlohmann::ordered_json;

/// A unit holding functions of a community, and how many.
struct Holder {
  Index unit = kNone;
  std::size_t functions = 0;
};

struct Community {
  std::vector<Index> functions;  ///< in model order
  double internal_weight = 0;    ///< sum of w over the pairs inside it
  std::vector<Holder> units;     ///< most functions first, then by unit id
};

/// Everything the command prints.
struct Groups {
  Index structure = kNone;
  std::optional<int> level;
  WorkGroupingOptions options;
  WorkGrouping grouping;
  WorkGroupingFigures figures;
  double structure_modularity = 0;
  std::vector<Index> owner;  ///< a_L per function, kNone when absent
  std::vector<Community> communities;
  std::size_t functions = 0;  ///< present
};

Groups find_groups(const Model& model, Index s, std::optional<int> level,
                   const WorkGroupingOptions& options) {
  const Resolved& r = model.structures[s];
  Groups g;
  g.structure = s;
  g.level = level;
  g.options = options;
  const UnitTree tree(r);
  g.owner = owners_at(r, tree.aggregation(level));
  // As whole_metrics adds it: the structure's modularity of `metrics`, bit for bit.
  g.structure_modularity = partition_modularity(model.graph, g.owner, model.units_by_id());
  g.grouping = work_grouping(model, r, options);
  g.figures = work_grouping_figures(g.grouping, g.owner, g.structure_modularity);
  g.communities.resize(g.grouping.communities);
  const std::vector<Index>& community = g.grouping.community;
  std::vector<std::size_t> held(model.unit_ids.size(), 0);
  for (Index f = 0; f < community.size(); ++f) {
    if (community[f] == kNone) continue;
    ++g.functions;
    g.communities[community[f]].functions.push_back(f);
    const auto nbrs = model.graph.neighbours(f);
    const auto wts = model.graph.neighbour_weights(f);
    for (std::size_t i = 0; i < nbrs.size(); ++i) {
      if (nbrs[i] > f && community[nbrs[i]] == community[f]) {
        g.communities[community[f]].internal_weight += wts[i];
      }
    }
  }
  for (Community& c : g.communities) {
    for (const Index f : c.functions) {
      if (held[g.owner[f]]++ == 0) c.units.push_back({g.owner[f], 0});
    }
    for (Holder& h : c.units) {
      h.functions = held[h.unit];
      held[h.unit] = 0;
    }
    std::sort(c.units.begin(), c.units.end(), [&](const Holder& a, const Holder& b) {
      return a.functions != b.functions ? a.functions > b.functions
                                        : model.unit_ids[a.unit] < model.unit_ids[b.unit];
    });
  }
  return g;
}

// --- tables -------------------------------------------------------------------

const std::vector<std::string>& groups_table_names() {
  static const std::vector<std::string> names{"summary", "communities", "functions"};
  return names;
}

/// Numbers exactly (CSV, workbooks) or rounded for people.
struct Numbers {
  bool exact;
  [[nodiscard]] std::string share(double v) const {
    return exact ? exact_number(v) : rounded(v, 3);
  }
  [[nodiscard]] std::string weight(double v) const {
    return exact ? exact_number(v) : rounded(v, 2);
  }
};

std::vector<std::string> key_columns(const Model& model, const Groups& g) {
  return {model.structures[g.structure].id, g.level ? std::to_string(*g.level) : ""};
}

Table summary_table(const Model& model, const Groups& g, const Numbers& n) {
  Table t;
  t.header = {N_("structure"),   N_("level"),
              N_("resolution"),  N_("seed"),
              N_("functions"),   N_("communities"),
              N_("modularity"),  N_("structure_modularity"),
              N_("nmi"),         N_("modularity_ratio")};
  t.right.assign(t.header.size(), true);
  t.right[0] = false;
  auto row = key_columns(model, g);
  for (std::string v :
       {exact_number(g.options.resolution), std::to_string(g.options.seed),
        std::to_string(g.functions), std::to_string(g.figures.communities),
        n.share(g.figures.modularity), n.share(g.structure_modularity), n.share(g.figures.nmi),
        n.share(g.figures.modularity_ratio)}) {
    row.push_back(std::move(v));
  }
  t.rows.push_back(std::move(row));
  return t;
}

/// A row per community and unit holding some of it. For people (`repeat`
/// false), the community's own cells are left empty after its first row.
Table communities_table(const Model& model, const Groups& g, std::string_view lang,
                        const Numbers& n, bool repeat) {
  const Resolved& s = model.structures[g.structure];
  Table t;
  t.header = {N_("structure"),       N_("level"), N_("community"),  N_("functions"),
              N_("internal_weight"), N_("units"), N_("unit"),       N_("unit_label"),
              N_("unit_functions")};
  t.right = {false, true, true, true, true, true, false, false, true};
  for (std::size_t c = 0; c < g.communities.size(); ++c) {
    const Community& community = g.communities[c];
    for (std::size_t i = 0; i < community.units.size(); ++i) {
      const Holder& h = community.units[i];
      auto row = key_columns(model, g);
      if (i == 0 || repeat) {
        row.push_back(std::to_string(c + 1));
        row.push_back(std::to_string(community.functions.size()));
        row.push_back(n.weight(community.internal_weight));
        row.push_back(std::to_string(community.units.size()));
      } else {
        row.insert(row.end(), 4, "");
      }
      row.push_back(model.unit_ids[h.unit]);
      row.push_back(model.unit_name(s, h.unit, lang));
      row.push_back(std::to_string(h.functions));
      t.rows.push_back(std::move(row));
    }
  }
  return t;
}

Table functions_table(const Model& model, const Groups& g, std::string_view lang) {
  const Resolved& s = model.structures[g.structure];
  Table t;
  t.header = {N_("structure"), N_("level"), N_("function"), N_("label"),
              N_("community"), N_("unit"),  N_("unit_label")};
  t.right = {false, true, false, false, true, false, false};
  for (Index f = 0; f < g.grouping.community.size(); ++f) {
    if (g.grouping.community[f] == kNone) continue;
    const Function& function = model.functions[f];
    auto row = key_columns(model, g);
    row.push_back(function.id);
    row.push_back(function.labels.pick(lang, function.id));
    row.push_back(std::to_string(g.grouping.community[f] + 1));
    row.push_back(model.unit_ids[g.owner[f]]);
    row.push_back(model.unit_name(s, g.owner[f], lang));
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table groups_table(const Model& model, const Groups& g, const std::string& name,
                   std::string_view lang) {
  const Numbers exact{true};
  if (name == "summary") return summary_table(model, g, exact);
  if (name == "functions") return functions_table(model, g, lang);
  return communities_table(model, g, lang, exact, true);
}

// --- text and Markdown ---------------------------------------------------------

std::string heading(const Model& model, const Groups& g, std::string_view lang) {
  // TRANSLATORS: {0} is a structure ("after-2025 (After the restructuring)"),
  // {1} the level (a number, or "none").
  return trf("The work's own grouping against structure {0}; level: {1}",
             {structure_title(model, g.structure, lang),
              g.level ? std::to_string(*g.level) : tr("none")});
}

std::string method_line(const Groups& g) {
  // TRANSLATORS: {0} is the resolution (1, 0.5), {1} the seed, {2} the number of runs.
  return trf("Leiden communities of the dependencies (resolution {0}, seed {1}): the best of "
             "{2} runs by modularity",
             {exact_number(g.options.resolution), std::to_string(g.options.seed),
              std::to_string(g.options.restarts)});
}

/// The summary as (metric, value) lines.
Table summary_lines(const Model& model, const Groups& g) {
  const Table wide = summary_table(model, g, Numbers{false});
  Table t;
  t.header = {N_("metric"), N_("value")};
  t.right = {false, true};
  for (std::size_t c = 4; c < wide.header.size(); ++c) {
    t.rows.push_back({tr(wide.header[c]), wide.rows[0][c]});
  }
  return t;
}

std::string summary_note() {
  return tr("communities: groups of functions that depend more on each other than on the "
            "rest; modularity: how well they enclose the dependencies; structure_modularity: "
            "the same of the structure's units at the level; nmi: agreement of units and "
            "communities, 1 when they are the same grouping; modularity_ratio: "
            "structure_modularity / modularity, 1 when the units enclose the dependencies as "
            "well as the communities do");
}

std::string communities_note() {
  return tr("internal_weight: the weight of the dependencies inside the community; units: "
            "how many units hold its functions, more than one where unit boundaries cut "
            "through it; unit_functions: how many of its functions the unit holds");
}

/// The communities table rounded, without the structure and level columns
/// (the heading names them once).
Table communities_for_people(const Model& model, const Groups& g, std::string_view lang) {
  Table t = communities_table(model, g, lang, Numbers{false}, false);
  for (auto& row : t.rows) row.erase(row.begin(), row.begin() + 2);
  t.header.erase(t.header.begin(), t.header.begin() + 2);
  t.right.erase(t.right.begin(), t.right.begin() + 2);
  return t;
}

std::string groups_text(const Model& model, const Groups& g, std::string_view lang) {
  const auto text = [](const Table& t) { return render_text(human_headers(t)); };
  std::string out = heading(model, g, lang) + "\n";
  if (!model.title.empty()) out += trf("Model: {0}", {model.title_in(lang)}) + "\n";
  out += method_line(g) + "\n";
  out += "\n" + tr("Summary") + "\n  (" + summary_note() + ")\n" + text(summary_lines(model, g));
  out += "\n" + tr("Communities, largest first, and the units that hold their functions") +
         "\n  (" + communities_note() + ")\n";
  const Table communities = communities_for_people(model, g, lang);
  out += g.communities.empty() ? "  " + tr("none") + "\n" : text(communities);
  return terminal_page(out);
}

std::string groups_markdown(const Model& model, const Groups& g, std::string_view lang) {
  const auto md = [](const Table& t) { return render_markdown(human_headers(t)); };
  std::string out = "## " + heading(model, g, lang) + "\n\n" + method_line(g) + ".\n\n";
  out += "### " + tr("Summary") + "\n\n" + md(summary_lines(model, g)) + "\n" + summary_note() +
         ".\n";
  out += "\n### " + tr("Communities") + "\n\n";
  const Table communities = communities_for_people(model, g, lang);
  out += g.communities.empty() ? tr("None.") + "\n"
                               : md(communities) + "\n" + communities_note() + ".\n";
  return terminal_page(out);
}

ordered_json groups_json(const Model& model, const Groups& g) {
  ordered_json j;
  j["structure"] = model.structures[g.structure].id;
  j["level"] = g.level ? ordered_json(*g.level) : ordered_json(nullptr);
  j["resolution"] = g.options.resolution;
  j["seed"] = g.options.seed;
  j["restarts"] = g.options.restarts;
  j["functions"] = g.functions;
  ordered_json figures;
  figures["communities"] = g.figures.communities;
  figures["modularity"] = g.figures.modularity;
  figures["nmi"] = g.figures.nmi;
  figures["modularity_ratio"] = g.figures.modularity_ratio;
  j["work_grouping"] = std::move(figures);
  j["structure_modularity"] = g.structure_modularity;
  ordered_json communities = ordered_json::array();
  for (std::size_t c = 0; c < g.communities.size(); ++c) {
    const Community& community = g.communities[c];
    ordered_json o;
    o["community"] = c + 1;
    o["size"] = community.functions.size();
    ordered_json ids = ordered_json::array();
    for (const Index f : community.functions) ids.push_back(model.functions[f].id);
    o["functions"] = std::move(ids);
    o["internal_weight"] = community.internal_weight;
    o["units"] = community.units.size();
    ordered_json held = ordered_json::array();
    for (const Holder& h : community.units) {
      held.push_back({{"unit", model.unit_ids[h.unit]}, {"functions", h.functions}});
    }
    o["unit_functions"] = std::move(held);
    communities.push_back(std::move(o));
  }
  j["communities"] = std::move(communities);
  ordered_json functions = ordered_json::array();
  for (Index f = 0; f < g.grouping.community.size(); ++f) {
    if (g.grouping.community[f] == kNone) continue;
    functions.push_back({{"function", model.functions[f].id},
                         {"community", g.grouping.community[f] + 1},
                         {"unit", model.unit_ids[g.owner[f]]}});
  }
  j["by_function"] = std::move(functions);
  return j;
}

}  // namespace

int run_groups(Context& ctx) {
  po::options_description options = option_group();
  options.add_options()
      ("structure", po::value<std::string>()->value_name("ID")->default_value(""),
       tr("the structure whose units are set against the communities (default: the last one "
          "in the model); the communities depend only on the functions it has")
           .c_str())
      ("level", whole_number<int>(0, kMaxLevel)->value_name("L"),
       tr("compare the communities with the units of depth L (every function counted in its "
          "unit's ancestor at depth L: 1 offices, 2 bureaus, ...); default: the units as they "
          "are")
           .c_str())
      ("resolution", positive_number()->value_name("R")->default_value(1.0, "1"),
       tr("Leiden's resolution: above 1 more and smaller communities, below 1 fewer and "
          "larger ones; modularity is always reported at resolution 1")
           .c_str())
      ("seed", whole_number<std::uint64_t>(0, UINT64_MAX)->value_name("N")->default_value(1),
       tr("random seed of the first Leiden run (the others take the next seeds); the same "
          "seed gives the same communities")
           .c_str())
      ("table", po::value<std::string>()->value_name("NAME")->default_value("communities"),
       // TRANSLATORS: the table names stay as they are.
       tr("with --format csv: communities (a row per community and unit holding some of it), "
          "functions (a row per function with its community and unit), summary (one row)")
           .c_str());
  add_format_option(options, tr("one table, see --table"));
  add_common_options(options);
  po::variables_map vm;
  if (!parse_args(
          ctx, options, {"MODEL"}, vm,
          tr("Finds the work's own grouping: communities of functions that depend more on\n"
             "each other than on the rest (Leiden, maximizing modularity, igraph's\n"
             "implementation), whatever the structure says. Then sets the structure's units\n"
             "against them: the modularity of each, how far the units agree with the\n"
             "communities (nmi), the ratio of the two modularities, and for each community\n"
             "the units that hold its functions, so that unit boundaries cutting through a\n"
             "community show. The same options give the same communities, always.") +
              "\n\n" + tr("Examples:") +
              "\n"
              "  policygraph groups datasets/motie-2025/model.json --structure after-2025\n"
              "  policygraph groups model.json --structure before --level 1 --format json\n"
              "  policygraph groups model.json --resolution 2 --format csv -o groups.csv")) {
    return 0;
  }
  const std::string format = text_format(vm);
  const std::string table = choice_arg(vm, "table", groups_table_names());
  const std::optional<int> level = level_arg(vm);
  WorkGroupingOptions grouping_options;
  grouping_options.resolution = vm["resolution"].as<double>();
  grouping_options.seed = vm["seed"].as<std::uint64_t>();
  const std::string lang = vm["lang"].as<std::string>();
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  const Model model = load_model(ctx, vm["MODEL"].as<std::string>(), timings.detail());
  timings.phase(tr("read, validate, resolve"));
  const Index s = structure_arg(model, vm["structure"].as<std::string>());
  const Groups g = find_groups(model, s, level, grouping_options);
  // TRANSLATORS: a phase of --timings: finding the communities.
  timings.phase(tr("grouping"));
  const std::string text = write_as(
      format, {.table = [&] { return groups_text(model, g, lang); },
               .json = [&] { return groups_json(model, g).dump(2) + "\n"; },
               .csv = [&] { return render_csv(groups_table(model, g, table, lang)); },
               .markdown = [&] { return groups_markdown(model, g, lang); },
               .xlsx = [&] {
                 return sheets_of(groups_table_names(), [&](const std::string& name) {
                   return groups_table(model, g, name, lang);
                 });
               }});
  timings.phase(tr("format"));
  write_output(ctx, vm.count("output") != 0U ? vm["output"].as<std::string>() : "", text);
  timings.phase(tr("write"));
  return 0;
}

}  // namespace policygraph::cli
