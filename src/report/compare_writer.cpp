#include <policygraph/report/compare_writer.hpp>

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

ordered_json change_json(const ChangeSize& c) {
  ordered_json j;
  j["common_functions"] = c.common_functions;
  j["moved_functions"] = c.moved_functions;
  j["added_functions"] = c.added_functions;
  j["dropped_functions"] = c.dropped_functions;
  j["nmi"] = c.partitions.nmi;
  j["vi"] = c.partitions.vi;
  j["adjusted_rand"] = c.partitions.adjusted_rand;
  j["split_join"] = c.partitions.split_join;
  return j;
}

const std::string& structure_id(const Model& model, const Comparison& c, std::size_t k) {
  return model.structures[c.structures[k].structure].id;
}

std::string signed_text(double v, int decimals) {
  std::string s = rounded(v, decimals);
  if (s.find_first_not_of("0.-") == std::string::npos) return "0";
  return v > 0 ? "+" + s : s;
}

/// "0.650 (-0.052)" next to the baseline's value.
std::string with_delta(const std::string& value, const ordered_json& s, const ordered_json& b,
                       int decimals) {
  if (!s.is_number() || !b.is_number()) return value;
  const double d = s.get<double>() - b.get<double>();
  return value + " (" + signed_text(d, decimals) + ")";
}

std::string placement_cell(const DomainPlacement& p) {
  if (p.functions == 0) return "-";
  return std::to_string(p.units) + " / " + std::to_string(p.branches) + (p.consolidated ? " *" : "");
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
      m["change"] = change_json(*c.changes[k]);
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
                "owner_depth", "consolidated"};
    t.right = {false, false, false, true, true, true, false, true, false};
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
                          p.consolidated ? "yes" : "no"});
      }
    }
    return t;
  }
  if (which == "summary") {
    Table t = metrics_table(model, c.structures, MetricsTable::kSummary, lang, exact);
    for (const char* h : {"baseline", "common_functions", "moved_functions", "added_functions",
                          "dropped_functions", "nmi", "vi", "adjusted_rand", "split_join"}) {
      t.header.emplace_back(h);
      t.right.push_back(true);
    }
    for (std::size_t k = 0; k < c.structures.size(); ++k) {
      auto& row = t.rows[k];
      row.push_back(structure_id(model, c, c.baseline));
      if (!c.changes[k]) {
        row.insert(row.end(), 8, "");
        continue;
      }
      const ChangeSize& ch = *c.changes[k];
      const auto num = [&](double v) { return exact ? exact_number(v) : rounded(v, 3); };
      for (std::string v : {std::to_string(ch.common_functions), std::to_string(ch.moved_functions),
                            std::to_string(ch.added_functions), std::to_string(ch.dropped_functions),
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

/// Whole-structure metrics side by side, each with its difference.
Table side_by_side(const Model& model, const Comparison& c) {
  std::vector<ordered_json> objects;
  for (const StructureMetrics& m : c.structures) objects.push_back(metrics_json(model, m));
  const Table wide = metrics_table(model, c.structures, MetricsTable::kSummary, "", false);
  Table t;
  t.header = {"metric"};
  t.right = {false};
  for (std::size_t k = 0; k < c.structures.size(); ++k) {
    t.header.push_back(structure_id(model, c, k) + (k == c.baseline ? " (baseline)" : ""));
    t.right.push_back(true);
  }
  for (std::size_t col = 2; col < wide.header.size(); ++col) {
    const std::string& key = wide.header[col];
    std::vector<std::string> row{key};
    for (std::size_t k = 0; k < c.structures.size(); ++k) {
      // Shape figures live in "shape" (the top level has a "units" list too).
      const bool in_shape = objects[k]["shape"].contains(key);
      const ordered_json& o = in_shape ? objects[k]["shape"] : objects[k];
      const ordered_json& b = in_shape ? objects[c.baseline]["shape"] : objects[c.baseline];
      // As many decimals as the value itself shows.
      const std::string& shown = wide.rows[k][col];
      const auto point = shown.find('.');
      const int decimals =
          point == std::string::npos ? 0 : static_cast<int>(shown.size() - point - 1);
      row.push_back(k == c.baseline ? shown : with_delta(shown, o[key], b[key], decimals));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table change_lines(const Model& model, const Comparison& c) {
  Table t;
  t.header = {"measure"};
  t.right = {false};
  for (std::size_t k = 0; k < c.structures.size(); ++k) {
    if (k == c.baseline) continue;
    t.header.push_back(structure_id(model, c, k));
    t.right.push_back(true);
  }
  const auto add = [&](const char* name, auto value) {
    std::vector<std::string> row{name};
    for (std::size_t k = 0; k < c.structures.size(); ++k) {
      if (k != c.baseline) row.push_back(value(*c.changes[k]));
    }
    t.rows.push_back(std::move(row));
  };
  add("common_functions", [](const ChangeSize& x) { return std::to_string(x.common_functions); });
  add("moved_functions", [](const ChangeSize& x) { return std::to_string(x.moved_functions); });
  add("added_functions", [](const ChangeSize& x) { return std::to_string(x.added_functions); });
  add("dropped_functions", [](const ChangeSize& x) { return std::to_string(x.dropped_functions); });
  add("nmi", [](const ChangeSize& x) { return rounded(x.partitions.nmi, 3); });
  add("vi", [](const ChangeSize& x) { return rounded(x.partitions.vi, 3); });
  add("adjusted_rand", [](const ChangeSize& x) { return rounded(x.partitions.adjusted_rand, 3); });
  add("split_join", [](const ChangeSize& x) { return rounded(x.partitions.split_join, 0); });
  return t;
}

Table placements_table(const Model& model, const Comparison& c, std::string_view lang,
                       bool owners) {
  Table t;
  t.header = {"domain", "label"};
  t.right = {false, false};
  for (std::size_t k = 0; k < c.structures.size(); ++k) {
    t.header.push_back(structure_id(model, c, k));
    t.right.push_back(!owners);
  }
  for (std::size_t d = 0; d < model.domains.size(); ++d) {
    const Domain& domain = model.domains[d];
    std::vector<std::string> row{domain.id, domain.labels.pick(lang, domain.id)};
    for (std::size_t k = 0; k < c.structures.size(); ++k) {
      const DomainPlacement& p = c.placements[d][k];
      if (!owners) {
        row.push_back(placement_cell(p));
      } else if (p.functions == 0) {
        row.emplace_back("-");
      } else {
        const Resolved& s = model.structures[c.structures[k].structure];
        row.push_back(model.unit_name(s, p.owner, lang) + " (" + std::to_string(p.owner_depth) +
                      ")");
      }
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string comparison_heading(const Model& model, const Comparison& c, std::string_view lang) {
  return "Comparison of " + count_noun(c.structures.size(), "structure", "structures") + "; baseline " +
         structure_title(model, c.structures[c.baseline].structure, lang) + "; level: " +
         (c.level ? std::to_string(*c.level) : std::string("none"));
}

}  // namespace

const char* const kPlacementNote =
    "units / branches: how many units and top-level branches hold the domain's functions; "
    "* = consolidated against the baseline (branches fell to 1, or the owner sits deeper)";

ComparisonTables comparison_tables(const Model& model, const Comparison& c, std::string_view lang) {
  ComparisonTables t;
  t.whole = side_by_side(model, c);
  if (c.structures.size() > 1) t.change = change_lines(model, c);
  t.placements = placements_table(model, c, lang, false);
  t.owners = placements_table(model, c, lang, true);
  return t;
}

std::string comparison_text(const Model& model, const Comparison& c, std::string_view lang) {
  const ComparisonTables t = comparison_tables(model, c, lang);
  std::string out = comparison_heading(model, c, lang) + "\n";
  if (!model.title.empty()) out += "Model: " + model.title + "\n";
  out += "\nWhole structure (difference to the baseline in brackets)\n" + render_text(t.whole);
  if (c.structures.size() > 1) {
    out += "\nSize of the change against the baseline\n" + render_text(t.change);
  }
  out += "\nDomains: units / branches\n  (" + std::string(kPlacementNote) + ")\n" +
         render_text(t.placements);
  out += "\nDomains: owner, the smallest unit holding all of the domain (its depth)\n" +
         render_text(t.owners);
  return terminal_page(out);
}

std::string comparison_markdown(const Model& model, const Comparison& c, std::string_view lang) {
  const ComparisonTables t = comparison_tables(model, c, lang);
  std::string out = "## " + comparison_heading(model, c, lang) + "\n\n";
  out += "### Whole structure\n\nDifference to the baseline in brackets.\n\n" +
         render_markdown(t.whole);
  if (c.structures.size() > 1) {
    out += "\n### Size of the change against the baseline\n\n" + render_markdown(t.change);
  }
  out += "\n### Domains: units / branches\n\n" + std::string(kPlacementNote) + ".\n\n" +
         render_markdown(t.placements);
  out += "\n### Domains: owner (depth)\n\n" + render_markdown(t.owners);
  return terminal_page(out);
}

}  // namespace policygraph
