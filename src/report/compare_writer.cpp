#include <policygraph/report/compare_writer.hpp>

#include <policygraph/core/messages.hpp>
#include <policygraph/core/text.hpp>
#include <policygraph/report/metrics_writer.hpp>

namespace policygraph {

using nlohmann::ordered_json;

namespace {

const char* const kNotInDelta[] = {"structure", "level", "units", "misplaced", "by_level", "id",
                                   "owner", "control_tower"};

bool skipped(const std::string& key) {
  for (const char* k : kNotInDelta) {
    if (key == k) return true;
  }
  return false;
}

ordered_json difference(const ordered_json& s, const ordered_json& b) {
  if (s.is_number_integer() && b.is_number_integer()) {
    return s.get<std::int64_t>() - b.get<std::int64_t>();
  }
  if (s.is_number() && b.is_number()) return s.get<double>() - b.get<double>();
  return nullptr;
}

/// structure - baseline for every number of a metrics object (units,
/// misplaced and by_level lists excepted: their items do not pair up).
ordered_json delta(const ordered_json& s, const ordered_json& b) {
  ordered_json out = ordered_json::object();
  for (const auto& [key, value] : s.items()) {
    if (skipped(key) || !b.contains(key)) continue;
    if (key == "domains") {
      ordered_json list = ordered_json::array();
      for (std::size_t i = 0; i < value.size() && i < b[key].size(); ++i) {
        ordered_json d = delta(value[i], b[key][i]);
        ordered_json item{{"id", value[i]["id"]}};
        item.update(d);
        list.push_back(std::move(item));
      }
      out[key] = std::move(list);
    } else if (value.is_object()) {
      out[key] = delta(value, b[key]);
    } else if (value.is_number() || value.is_null()) {
      out[key] = difference(value, b[key]);
    }
  }
  return out;
}

}  // namespace

ordered_json change_size_json(const ChangeSize& c) {
  ordered_json j;
  j["common_functions"] = c.common_functions;
  j["moved_functions"] = c.moved_functions;
  j["followed_functions"] = c.followed_functions;
  j["added_functions"] = c.added_functions;
  j["dropped_functions"] = c.dropped_functions;
  j["nmi"] = c.partitions.nmi;
  j["vi"] = c.partitions.vi;
  j["adjusted_rand"] = c.partitions.adjusted_rand;
  j["split_join"] = c.partitions.split_join;
  return j;
}

namespace {

const std::string& structure_id(const Model& model, const Comparison& c, std::size_t k) {
  return model.structures[c.structures[k].structure].id;
}

/// "0.650 (-0.052)" next to the baseline's value.
std::string with_delta(const std::string& value, const ordered_json& s, const ordered_json& b,
                       int decimals) {
  if (!s.is_number() || !b.is_number()) return value;
  const double d = s.get<double>() - b.get<double>();
  return value + " (" + signed_rounded(d, decimals) + ")";
}

std::string placement_cell(const DomainPlacement& p) {
  if (p.functions == 0) return "-";
  const std::string mark = domain_change_mark(p.change);
  return std::to_string(p.units) + " / " + std::to_string(p.branches) +
         (mark.empty() ? "" : " " + mark);
}

std::string percent(double v) { return rounded(100 * v, 0) + "%"; }

ordered_json number_or_null(bool present, double v) {
  return present ? ordered_json(v) : ordered_json(nullptr);
}

}  // namespace

ordered_json comparison_json(const Model& model, const Comparison& c) {
  ordered_json j;
  j["baseline"] = structure_id(model, c, c.baseline);
  j["level"] = c.level ? ordered_json(*c.level) : ordered_json(nullptr);
  const ordered_json base = metrics_json(model, c.structures[c.baseline]);
  ordered_json list = ordered_json::array();
  for (std::size_t k = 0; k < c.structures.size(); ++k) {
    ordered_json m = k == c.baseline ? base : metrics_json(model, c.structures[k]);
    if (k != c.baseline) {
      m["delta"] = delta(m, base);
      m["change"] = change_size_json(*c.changes[k]);
    }
    list.push_back(std::move(m));
  }
  j["structures"] = std::move(list);
  ordered_json domains = ordered_json::array();
  for (std::size_t d = 0; d < model.domains.size(); ++d) {
    ordered_json per = ordered_json::array();
    for (std::size_t k = 0; k < c.structures.size(); ++k) {
      const DomainPlacement& p = c.placements[d][k];
      const bool any = p.functions > 0;
      ordered_json o;
      o["structure"] = structure_id(model, c, k);
      o["units"] = any ? ordered_json(p.units) : ordered_json(nullptr);
      o["branches"] = any ? ordered_json(p.branches) : ordered_json(nullptr);
      o["owner"] = any ? ordered_json(model.unit_ids[p.owner]) : ordered_json(nullptr);
      o["owner_depth"] = any ? ordered_json(p.owner_depth) : ordered_json(nullptr);
      o["consolidated"] = p.consolidated;
      const std::string change = domain_change_key(p.change);
      o["change"] = change.empty() ? ordered_json(nullptr) : ordered_json(change);
      o["fragmentation"] = number_or_null(any, p.fragmentation);
      const bool tower = p.control_tower != kNone;
      o["control_tower"] = tower ? ordered_json(model.unit_ids[p.control_tower]) : ordered_json(nullptr);
      o["tower_coverage"] = number_or_null(tower, p.tower_coverage);
      o["tower_internal_share"] = number_or_null(tower, p.tower_internal_share);
      per.push_back(std::move(o));
    }
    domains.push_back({{"id", model.domains[d].id}, {"per_structure", std::move(per)}});
  }
  j["domains"] = std::move(domains);
  return j;
}

const std::vector<std::string>& comparison_table_names() {
  static const std::vector<std::string> names{"summary", "consolidation", "domains",
                                              "units",   "misplaced",     "levels"};
  return names;
}

std::optional<Table> comparison_table(const Model& model, const Comparison& c,
                                      std::string_view which, std::string_view lang, bool exact) {
  if (which == "consolidation") {
    Table t;
    t.header = {"domain", "label", "structure", "functions", "units", "branches", "owner",
                "owner_depth", "consolidated", "change", "fragmentation", "control_tower",
                "tower_coverage", "tower_internal_share"};
    t.right = {false, false, false, true, true, true, false, true, false, false, true, false, true, true};
    const auto num = [&](double v) { return exact ? exact_number(v) : rounded(v, 3); };
    for (std::size_t d = 0; d < model.domains.size(); ++d) {
      const Domain& domain = model.domains[d];
      for (std::size_t k = 0; k < c.structures.size(); ++k) {
        const DomainPlacement& p = c.placements[d][k];
        const bool any = p.functions > 0;
        t.rows.push_back({domain.id, domain.labels.pick(lang, domain.id), structure_id(model, c, k),
                          std::to_string(p.functions), any ? std::to_string(p.units) : "",
                          any ? std::to_string(p.branches) : "",
                          any ? model.unit_ids[p.owner] : "",
                          any ? std::to_string(p.owner_depth) : "",
                          p.consolidated ? "yes" : "no", domain_change_key(p.change),
                          any ? num(p.fragmentation) : "",
                          p.control_tower != kNone ? model.unit_ids[p.control_tower] : "",
                          p.control_tower != kNone ? num(p.tower_coverage) : "",
                          p.control_tower != kNone ? num(p.tower_internal_share) : ""});
      }
    }
    return t;
  }
  if (which == "summary") {
    Table t = metrics_table(model, c.structures, MetricsTable::kSummary, lang, exact);
    for (const char* h : {"baseline", "common_functions", "moved_functions", "followed_functions",
                          "added_functions", "dropped_functions", "nmi", "vi", "adjusted_rand",
                          "split_join"}) {
      t.header.emplace_back(h);
      t.right.push_back(true);
    }
    for (std::size_t k = 0; k < c.structures.size(); ++k) {
      auto& row = t.rows[k];
      row.push_back(structure_id(model, c, c.baseline));
      if (!c.changes[k]) {
        row.insert(row.end(), 9, "");
        continue;
      }
      const ChangeSize& ch = *c.changes[k];
      const auto num = [&](double v) { return exact ? exact_number(v) : rounded(v, 3); };
      for (std::string v : {std::to_string(ch.common_functions), std::to_string(ch.moved_functions),
                            std::to_string(ch.followed_functions), std::to_string(ch.added_functions), std::to_string(ch.dropped_functions),
                            num(ch.partitions.nmi), num(ch.partitions.vi),
                            num(ch.partitions.adjusted_rand), num(ch.partitions.split_join)}) {
        row.push_back(std::move(v));
      }
    }
    return t;
  }
  if (auto table = parse_metrics_table(which)) {
    return metrics_table(model, c.structures, *table, lang, exact);
  }
  return std::nullopt;
}

namespace {

/// The value of a summary column in a metrics object.
const ordered_json& summary_value(const ordered_json& metrics, const std::string& key) {
  static const ordered_json none;
  static constexpr std::string_view kGrouping = "work_grouping_";
  if (key.starts_with(kGrouping)) {
    const std::string inner = key.substr(kGrouping.size());
    const auto g = metrics.find("work_grouping");
    return g != metrics.end() && g->is_object() && g->contains(inner) ? (*g)[inner] : none;
  }
  if (const auto shape = metrics.find("shape"); shape != metrics.end() && shape->contains(key)) {
    return (*shape)[key];
  }
  const auto it = metrics.find(key);
  return it != metrics.end() ? *it : none;
}

/// Whole-structure metrics side by side, each with its difference.
Table side_by_side(const Model& model, const Comparison& c) {
  std::vector<ordered_json> objects;
  for (const StructureMetrics& m : c.structures) objects.push_back(metrics_json(model, m));
  const Table wide = metrics_table(model, c.structures, MetricsTable::kSummary, "", false);
  Table t;
  t.header = {tr("metric")};
  t.right = {false};
  for (std::size_t k = 0; k < c.structures.size(); ++k) {
    t.header.push_back(k == c.baseline ? trf("{0} (baseline)", {structure_id(model, c, k)})
                                       : structure_id(model, c, k));
    t.right.push_back(true);
  }
  for (std::size_t col = 2; col < wide.header.size(); ++col) {
    const std::string& key = wide.header[col];
    std::vector<std::string> row{tr(key)};
    for (std::size_t k = 0; k < c.structures.size(); ++k) {
      // Shape figures live in "shape" (the top level has a "units" list too),
      // work_grouping_X in "work_grouping" (null when skipped).
      const ordered_json& o = summary_value(objects[k], key);
      const ordered_json& b = summary_value(objects[c.baseline], key);
      // As many decimals as the value itself shows.
      const std::string& shown = wide.rows[k][col];
      const auto point = shown.find('.');
      const int decimals =
          point == std::string::npos ? 0 : static_cast<int>(shown.size() - point - 1);
      row.push_back(k == c.baseline ? shown : with_delta(shown, o, b, decimals));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table change_lines(const Model& model, const Comparison& c) {
  Table t;
  t.header = {tr("measure")};
  t.right = {false};
  for (std::size_t k = 0; k < c.structures.size(); ++k) {
    if (k == c.baseline) continue;
    t.header.push_back(structure_id(model, c, k));
    t.right.push_back(true);
  }
  const auto add = [&](const char* name, auto value) {
    std::vector<std::string> row{tr(name)};
    for (std::size_t k = 0; k < c.structures.size(); ++k) {
      if (k != c.baseline) row.push_back(value(*c.changes[k]));
    }
    t.rows.push_back(std::move(row));
  };
  add(N_("common_functions"), [](const ChangeSize& x) { return std::to_string(x.common_functions); });
  add(N_("moved_functions"), [](const ChangeSize& x) { return std::to_string(x.moved_functions); });
  add(N_("followed_functions"),
      [](const ChangeSize& x) { return std::to_string(x.followed_functions); });
  add(N_("added_functions"), [](const ChangeSize& x) { return std::to_string(x.added_functions); });
  add(N_("dropped_functions"),
      [](const ChangeSize& x) { return std::to_string(x.dropped_functions); });
  add(N_("nmi"), [](const ChangeSize& x) { return rounded(x.partitions.nmi, 3); });
  add(N_("vi"), [](const ChangeSize& x) { return rounded(x.partitions.vi, 3); });
  add(N_("adjusted_rand"), [](const ChangeSize& x) { return rounded(x.partitions.adjusted_rand, 3); });
  add(N_("split_join"), [](const ChangeSize& x) { return rounded(x.partitions.split_join, 0); });
  return t;
}

enum class DomainView { kPlacements, kOwners, kTowers, kFragmentation };

/// A domain x structure table of one view.
Table domain_table(const Model& model, const Comparison& c, std::string_view lang, DomainView view) {
  Table t;
  t.header = {tr("domain"), tr("label")};
  t.right = {false, false};
  for (std::size_t k = 0; k < c.structures.size(); ++k) {
    t.header.push_back(structure_id(model, c, k));
    t.right.push_back(view == DomainView::kPlacements || view == DomainView::kFragmentation);
  }
  for (std::size_t d = 0; d < model.domains.size(); ++d) {
    const Domain& domain = model.domains[d];
    std::vector<std::string> row{domain.id, domain.labels.pick(lang, domain.id)};
    for (std::size_t k = 0; k < c.structures.size(); ++k) {
      const DomainPlacement& p = c.placements[d][k];
      const Resolved& s = model.structures[c.structures[k].structure];
      switch (view) {
        case DomainView::kPlacements:
          row.push_back(placement_cell(p));
          break;
        case DomainView::kOwners:
          row.push_back(p.functions == 0 ? "-"
                                         : model.unit_name(s, p.owner, lang) + " (" +
                                               std::to_string(p.owner_depth) + ")");
          break;
        case DomainView::kTowers:
          row.push_back(p.control_tower == kNone
                            ? "-"
                            : model.unit_name(s, p.control_tower, lang) + " " +
                                  percent(p.tower_coverage) + " / " +
                                  percent(p.tower_internal_share));
          break;
        case DomainView::kFragmentation: {
          const DomainPlacement& b = c.placements[d][c.baseline];
          std::string cell = p.functions == 0 ? "-" : rounded(p.fragmentation, 3);
          if (p.functions > 0 && k != c.baseline && b.functions > 0) {
            cell += " (" + signed_rounded(p.fragmentation - b.fragmentation, 3) + ")";
          }
          row.push_back(std::move(cell));
          break;
        }
      }
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

bool any_tower(const Comparison& c) {
  for (const auto& per : c.placements) {
    for (const DomainPlacement& p : per) {
      if (p.control_tower != kNone) return true;
    }
  }
  return false;
}

std::string comparison_heading(const Model& model, const Comparison& c, std::string_view lang) {
  return trf("Comparison of {0}; baseline {1}; level: {2}",
             {trn("{0} structure", "{0} structures", c.structures.size()),
              structure_title(model, c.structures[c.baseline].structure, lang),
              c.level ? std::to_string(*c.level) : tr("none")});
}

}  // namespace

std::string placement_note() {
  return tr("units / branches: how many units and top-level branches hold the domain's "
            "functions. Against the baseline: + consolidated (branches fell to 1, or the owner "
            "sits deeper), ~ narrowed (fewer branches, still more than one), = unchanged (as "
            "many branches, the owner as deep), - dispersed (more branches, or the owner sits "
            "higher)");
}

std::string tower_note() {
  return tr("the designated control tower of each domain, the share of the domain's functions "
            "inside its subtree and the share of the domain's internal coordination with both "
            "ends there");
}

std::string fragmentation_note() {
  return tr("how far units cut the domain's own connections apart: 0 when every connected "
            "part of the domain lies in one unit, 1 when every connection crosses units; the "
            "difference to the baseline in brackets");
}

ComparisonTables comparison_tables(const Model& model, const Comparison& c, std::string_view lang) {
  ComparisonTables t;
  t.whole = side_by_side(model, c);
  if (c.structures.size() > 1) t.change = change_lines(model, c);
  t.placements = domain_table(model, c, lang, DomainView::kPlacements);
  t.owners = domain_table(model, c, lang, DomainView::kOwners);
  if (any_tower(c)) t.towers = domain_table(model, c, lang, DomainView::kTowers);
  t.fragmentation = domain_table(model, c, lang, DomainView::kFragmentation);
  return t;
}

std::string comparison_text(const Model& model, const Comparison& c, std::string_view lang) {
  const ComparisonTables t = comparison_tables(model, c, lang);
  std::string out = comparison_heading(model, c, lang) + "\n";
  if (!model.title.empty()) out += trf("Model: {0}", {model.title_in(lang)}) + "\n";
  out += "\n" + tr("Whole structure (difference to the baseline in brackets)") + "\n" +
         render_text(t.whole);
  if (c.structures.size() > 1) {
    out += "\n" + tr("Size of the change against the baseline") + "\n" + render_text(t.change);
  }
  out += "\n" + tr("Domains: units / branches") + "\n  (" + placement_note() + ")\n" +
         render_text(t.placements);
  out += "\n" + tr("Domains: owner, the smallest unit holding all of the domain (its depth)") +
         "\n" + render_text(t.owners);
  out += "\n" + tr("Domains: control tower, coverage of functions / of internal coordination") +
         "\n";
  out += t.towers.header.empty()
             ? "  " + tr("No structure designates a control tower.") + "\n"
             : "  (" + tower_note() + ")\n" + render_text(t.towers);
  out += "\n" + tr("Domains: fragmentation") + "\n  (" + fragmentation_note() + ")\n" +
         render_text(t.fragmentation);
  return terminal_page(out);
}

std::string comparison_markdown(const Model& model, const Comparison& c, std::string_view lang) {
  const ComparisonTables t = comparison_tables(model, c, lang);
  std::string out = "## " + comparison_heading(model, c, lang) + "\n\n";
  out += "### " + tr("Whole structure") + "\n\n" + tr("Difference to the baseline in brackets.") +
         "\n\n" + render_markdown(t.whole);
  if (c.structures.size() > 1) {
    out += "\n### " + tr("Size of the change against the baseline") + "\n\n" +
           render_markdown(t.change);
  }
  out += "\n### " + tr("Domains: units / branches") + "\n\n" + placement_note() + ".\n\n" +
         render_markdown(t.placements);
  out += "\n### " + tr("Domains: owner (depth)") + "\n\n" + render_markdown(t.owners);
  out += "\n### " + tr("Domains: control tower, coverage of functions / of internal coordination") +
         "\n\n";
  out += t.towers.header.empty() ? tr("No structure designates a control tower.") + "\n"
                                 : tower_note() + ".\n\n" + render_markdown(t.towers);
  out += "\n### " + tr("Domains: fragmentation") + "\n\n" + fragmentation_note() + ".\n\n" +
         render_markdown(t.fragmentation);
  return terminal_page(out);
}

}  // namespace policygraph
