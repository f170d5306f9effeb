#include <policygraph/report/diff_writer.hpp>

#include <algorithm>
#include <variant>

#include <policygraph/core/messages.hpp>
#include <policygraph/core/text.hpp>

namespace policygraph {

using nlohmann::ordered_json;

namespace {

struct Namer {
  const Model& model;
  const StructureDiff& d;
  std::string_view lang;
  const Resolved& from() const { return model.structures[d.from]; }
  const Resolved& to() const { return model.structures[d.to]; }
  std::string path(const Resolved& s, Index u) const {
    return u == kNone ? std::string() : model.unit_path(s, u, lang);
  }
  std::string name(const Resolved& s, Index u) const {
    return u == kNone ? std::string() : model.unit_name(s, u, lang);
  }
  std::string function_label(Index f) const {
    return model.functions[f].labels.pick(lang, model.functions[f].id);
  }
  std::string unit_id(Index u) const { return u == kNone ? std::string() : model.unit_ids[u]; }
};

ordered_json id_or_null(const Model& model, Index u) {
  return u == kNone ? ordered_json(nullptr) : ordered_json(model.unit_ids[u]);
}

/// An attribute's value as the diff prints it (in JSON too, as a string):
/// the text itself, a headcount in its shortest exact form ("" when not
/// given), "true" or "false".
std::string value_text(const AttributeValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* number = std::get_if<std::optional<double>>(&value)) {
    return *number ? exact_number(**number) : std::string();
  }
  return std::get<bool>(value) ? "true" : "false";
}

/// The rows of the diff, each {change, id, label, from, to}, in section order.
std::vector<std::vector<std::string>> rows(const Namer& n) {
  std::vector<std::vector<std::string>> out;
  const StructureDiff& d = n.d;
  for (Index u : d.units_added) {
    out.push_back({"unit added", n.model.unit_ids[u], n.name(n.to(), u), "",
                   n.path(n.to(), u)});
  }
  for (Index u : d.units_removed) {
    out.push_back({"unit removed", n.model.unit_ids[u], n.name(n.from(), u),
                   n.path(n.from(), u), ""});
  }
  for (const UnitMove& m : d.units_moved) {
    out.push_back({"unit moved", n.model.unit_ids[m.unit], n.name(n.to(), m.unit),
                   n.path(n.from(), m.unit), n.path(n.to(), m.unit)});
  }
  // Attribute changes grouped by attribute, units in order within each.
  std::vector<UnitChange> changes = d.units_changed;
  const auto rank = [](const std::string& key) {
    if (key == "label") return 0;
    if (key.rfind("labels.", 0) == 0) return 1;
    if (key == "kind") return 2;
    return key == "headcount" ? 3 : 4;
  };
  std::stable_sort(changes.begin(), changes.end(), [&](const UnitChange& a, const UnitChange& b) {
    return rank(a.key) < rank(b.key);
  });
  for (const UnitChange& c : changes) {
    std::string change = "unit autonomy changed";
    if (c.key == "label") {
      change = "unit relabelled";
    } else if (c.key.rfind("labels.", 0) == 0) {
      change = "unit relabelled (" + c.key.substr(7) + ")";
    } else if (c.key == "kind") {
      change = "unit reclassified";
    } else if (c.key == "headcount") {
      change = "unit headcount changed";
    }
    out.push_back({change, n.model.unit_ids[c.unit], n.name(n.to(), c.unit), value_text(c.from),
                   value_text(c.to)});
  }
  for (const bool with_unit : {false, true}) {
    for (const FunctionMove& m : d.functions_moved) {
      if (m.with_unit != with_unit) continue;
      out.push_back({with_unit ? "function moved with its unit" : "function moved",
                     n.model.functions[m.function].id, n.function_label(m.function),
                     n.path(n.from(), m.from_unit), n.path(n.to(), m.to_unit)});
    }
  }
  for (const FunctionMove& m : d.functions_added) {
    out.push_back({"function added", n.model.functions[m.function].id,
                   n.function_label(m.function), "", n.path(n.to(), m.to_unit)});
  }
  for (const FunctionMove& m : d.functions_dropped) {
    out.push_back({"function dropped", n.model.functions[m.function].id,
                   n.function_label(m.function), n.path(n.from(), m.from_unit), ""});
  }
  for (const TowerChange& t : d.towers_changed) {
    const Domain& domain = n.model.domains[t.domain];
    out.push_back({"control tower", domain.id, domain.labels.pick(n.lang, domain.id),
                   n.path(n.from(), t.from_unit), n.path(n.to(), t.to_unit)});
  }
  return out;
}

}  // namespace

std::string diff_section_title(const std::string& change) {
  static const std::pair<const char*, const char*> titles[] = {
      {"unit added", N_("Units added")},
      {"unit removed", N_("Units removed")},
      {"unit moved", N_("Units moved")},
      {"unit relabelled", N_("Units relabelled")},
      {"unit reclassified", N_("Units reclassified")},
      {"unit headcount changed", N_("Units headcount changed")},
      {"unit autonomy changed", N_("Units autonomy changed")},
      {"function moved", N_("Functions moved")},
      {"function moved with its unit", N_("Functions moved with their unit")},
      {"function added", N_("Functions added")},
      {"function dropped", N_("Functions dropped")},
      {"control tower", N_("Control towers")},
  };
  for (const auto& [key, title] : titles) {
    if (change == key) return tr(title);
  }
  // "unit relabelled (ko)"
  const auto open = change.find(" (");
  return trf("Units relabelled ({0})", {change.substr(open + 2, change.size() - open - 3)});
}

namespace {

std::string heading(const Namer& n) {
  return trf("Changes from {0} to {1}", {n.from().id, n.to().id});
}

/// Plain-sentence lines grouped by kind of change.
std::string sentences(const Namer& n, bool markdown) {
  std::string out;
  std::string current;
  for (const auto& r : rows(n)) {
    if (r[0] != current) {
      current = r[0];
      out += markdown ? "\n### " : "\n";
      out += diff_section_title(current) + "\n";
      if (markdown) out += "\n";
    }
    std::string line = markdown ? "- " : "  ";
    line += r[2] == r[1] ? r[1] : r[2] + " [" + r[1] + "]";
    // A change of value shows both sides, "(none)" for a side without one:
    // a control tower designated, moved or withdrawn reads as such.
    const bool attribute = r[0].rfind("unit ", 0) == 0 && r[0] != "unit added" &&
                           r[0] != "unit removed" && r[0] != "unit moved";
    if (attribute || r[0] == "control tower") {
      line += ": " + (r[3].empty() ? tr("(none)") : r[3]) + "  ->  " +
              (r[4].empty() ? tr("(none)") : r[4]);
    } else if (!r[3].empty() && !r[4].empty()) {
      line += ": " + r[3] + "  ->  " + r[4];
    } else if (!r[4].empty()) {
      line += ": " + r[4];
    } else if (!r[3].empty()) {
      line += ": " + trf("was {0}", {r[3]});
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace

ordered_json diff_json(const Model& model, const StructureDiff& d, std::string_view lang) {
  const Namer n{model, d, lang};
  ordered_json j;
  j["from"] = n.from().id;
  j["to"] = n.to().id;
  ordered_json units;
  units["added"] = ordered_json::array();
  for (Index u : d.units_added) {
    units["added"].push_back({{"id", model.unit_ids[u]},
                              {"label", n.name(n.to(), u)},
                              {"parent", id_or_null(model, n.to().parent[u])},
                              {"path", n.path(n.to(), u)}});
  }
  units["removed"] = ordered_json::array();
  for (Index u : d.units_removed) {
    units["removed"].push_back({{"id", model.unit_ids[u]},
                                {"label", n.name(n.from(), u)},
                                {"parent", id_or_null(model, n.from().parent[u])},
                                {"path", n.path(n.from(), u)}});
  }
  units["moved"] = ordered_json::array();
  for (const UnitMove& m : d.units_moved) {
    units["moved"].push_back({{"id", model.unit_ids[m.unit]},
                              {"from_parent", id_or_null(model, m.from_parent)},
                              {"to_parent", id_or_null(model, m.to_parent)},
                              {"from_path", n.path(n.from(), m.unit)},
                              {"to_path", n.path(n.to(), m.unit)}});
  }
  units["changed"] = ordered_json::array();
  for (const UnitChange& c : d.units_changed) {
    units["changed"].push_back({{"id", model.unit_ids[c.unit]},
                                {"key", c.key},
                                {"from", value_text(c.from)},
                                {"to", value_text(c.to)}});
  }
  j["units"] = std::move(units);
  ordered_json functions;
  const auto moves = [&](const std::vector<FunctionMove>& list) {
    ordered_json a = ordered_json::array();
    for (const FunctionMove& m : list) {
      a.push_back({{"id", model.functions[m.function].id},
                   {"label", n.function_label(m.function)},
                   {"from_unit", id_or_null(model, m.from_unit)},
                   {"to_unit", id_or_null(model, m.to_unit)},
                   {"from_path", m.from_unit == kNone ? ordered_json(nullptr)
                                                      : ordered_json(n.path(n.from(), m.from_unit))},
                   {"to_path", m.to_unit == kNone ? ordered_json(nullptr)
                                                  : ordered_json(n.path(n.to(), m.to_unit))},
                   {"with_unit", m.with_unit}});
    }
    return a;
  };
  functions["moved"] = moves(d.functions_moved);
  functions["added"] = moves(d.functions_added);
  functions["dropped"] = moves(d.functions_dropped);
  j["functions"] = std::move(functions);
  ordered_json towers = ordered_json::array();
  for (const TowerChange& t : d.towers_changed) {
    towers.push_back({{"domain", model.domains[t.domain].id},
                      {"from", id_or_null(model, t.from_unit)},
                      {"to", id_or_null(model, t.to_unit)}});
  }
  j["control_towers"] = std::move(towers);
  return j;
}

Table diff_table(const Model& model, const StructureDiff& d, std::string_view lang) {
  Table t;
  t.header = {"change", "id", "label", "from", "to"};
  t.rows = rows(Namer{model, d, lang});
  return t;
}

std::string diff_text(const Model& model, const StructureDiff& d, std::string_view lang) {
  const Namer n{model, d, lang};
  std::string out = heading(n) + "\n";
  if (d.empty()) return terminal_page(out + "  " + tr("no differences") + "\n");
  std::size_t with_unit = 0;
  for (const FunctionMove& m : d.functions_moved) with_unit += m.with_unit ? 1 : 0;
  const std::string units = trf(
      "{0} added, {1} removed, {2} moved, {3}",
      {trn("{0} unit", "{0} units", d.units_added.size()), std::to_string(d.units_removed.size()),
       std::to_string(d.units_moved.size()),
       trn("{0} attribute change", "{0} attribute changes", d.units_changed.size())});
  const std::string moved = trn("{0} function", "{0} functions", d.functions_moved.size() - with_unit);
  const std::string added = std::to_string(d.functions_added.size());
  const std::string dropped = std::to_string(d.functions_dropped.size());
  const std::string functions =
      with_unit == 0
          ? trf("{0} moved, {1} added, {2} dropped", {moved, added, dropped})
          : trf("{0} moved, {1}, {2} added, {3} dropped",
                {moved, trn("{0} moved with its unit", "{0} moved with their unit", with_unit),
                 added, dropped});
  out += "  " + units + "; " + functions + "; " +
         trn("{0} control-tower change", "{0} control-tower changes", d.towers_changed.size()) +
         "\n";
  return terminal_page(out + sentences(n, false));
}

std::string diff_markdown(const Model& model, const StructureDiff& d, std::string_view lang) {
  const Namer n{model, d, lang};
  std::string out = "## " + heading(n) + "\n";
  if (d.empty()) return terminal_page(out + "\n" + tr("No differences.") + "\n");
  return terminal_page(out + sentences(n, true));
}

}  // namespace policygraph
