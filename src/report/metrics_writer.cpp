#include <policygraph/report/metrics_writer.hpp>

#include <algorithm>

#include <policygraph/core/messages.hpp>

namespace policygraph {

using nlohmann::ordered_json;

namespace {

ordered_json number_or_null(bool present, double value) {
  return present ? ordered_json(value) : ordered_json(nullptr);
}

ordered_json unit_or_null(const Model& model, Index unit) {
  return unit == kNone ? ordered_json(nullptr) : ordered_json(model.unit_ids[unit]);
}

std::string level_text(const std::optional<int>& level) {
  return level ? std::to_string(*level) : tr("none");
}

}  // namespace

std::string structure_title(const Model& model, Index s, std::string_view lang) {
  const Resolved& r = model.structures[s];
  const std::string& label = r.labels.pick(lang, r.id);
  std::string out = r.id;
  if (label != r.id) out += " (" + label + ")";
  return out;
}

ordered_json metrics_json(const Model& model, const StructureMetrics& m) {
  const Resolved& s = model.structures[m.structure];
  ordered_json j;
  j["structure"] = s.id;
  j["level"] = m.level ? ordered_json(*m.level) : ordered_json(nullptr);
  j["functions"] = m.whole.functions;
  j["dependencies"] = m.whole.dependencies;
  j["total_weight"] = m.whole.total_weight;
  j["cross_unit_share"] = m.whole.cross_unit_share;
  j["modularity"] = m.whole.modularity;
  j["coordination_distance_mean"] = m.whole.coordination_distance_mean;
  j["top_level_share"] = m.whole.top_level_share;
  j["escalation_depth_mean"] = m.whole.escalation_depth_mean;
  j["alignment_nmi"] = m.whole.alignment_nmi;
  if (m.work_grouping) {
    ordered_json g;
    g["communities"] = m.work_grouping->communities;
    g["modularity"] = m.work_grouping->modularity;
    g["nmi"] = m.work_grouping->nmi;
    g["modularity_ratio"] = m.work_grouping->modularity_ratio;
    j["work_grouping"] = std::move(g);
  } else {
    j["work_grouping"] = nullptr;
  }
  ordered_json shape;
  shape["units"] = m.shape.units;
  shape["owning_units"] = m.shape.owning_units;
  shape["depth"] = m.shape.depth;
  shape["span_mean"] = m.shape.span_mean;
  shape["span_max"] = m.shape.span_max;
  shape["headcount"] = number_or_null(m.shape.headcount.has_value(), m.shape.headcount.value_or(0));
  j["shape"] = std::move(shape);
  ordered_json domains = ordered_json::array();
  for (const DomainMetrics& d : m.domains) {
    const bool any = d.functions > 0;
    const bool tower = d.control_tower != kNone;
    ordered_json o;
    o["id"] = model.domains[d.domain].id;
    o["functions"] = d.functions;
    o["units"] = any ? ordered_json(d.units) : ordered_json(nullptr);
    o["branches"] = any ? ordered_json(d.branches) : ordered_json(nullptr);
    o["hhi"] = number_or_null(any, d.hhi);
    o["effective_units"] = number_or_null(any, d.effective_units);
    o["entropy"] = number_or_null(any, d.entropy);
    o["owner"] = any ? unit_or_null(model, d.owner) : ordered_json(nullptr);
    o["owner_depth"] = any ? ordered_json(d.owner_depth) : ordered_json(nullptr);
    o["components"] = any ? ordered_json(d.components) : ordered_json(nullptr);
    o["fragments"] = any ? ordered_json(d.fragments) : ordered_json(nullptr);
    o["fragmentation"] = number_or_null(any, d.fragmentation);
    o["cross_unit_share"] = number_or_null(any, d.cross_unit_share);
    o["control_tower"] = unit_or_null(model, d.control_tower);
    o["tower_coverage"] = number_or_null(any && tower, d.tower_coverage);
    o["tower_internal_share"] = number_or_null(any && tower, d.tower_internal_share);
    domains.push_back(std::move(o));
  }
  j["domains"] = std::move(domains);
  ordered_json units = ordered_json::array();
  for (const UnitMetrics& u : m.units) {
    ordered_json o;
    o["id"] = model.unit_ids[u.unit];
    o["depth"] = u.depth;
    o["functions"] = u.functions;
    o["external_weight"] = u.external_weight;
    o["betweenness"] = number_or_null(m.betweenness_computed, u.betweenness);
    units.push_back(std::move(o));
  }
  j["units"] = std::move(units);
  if (const auto& b = m.betweenness_sample) {
    ordered_json o;
    o["sources"] = b->sources;
    o["units"] = b->vertices;
    o["seed"] = b->seed;
    o["confidence"] = kBetweennessConfidence;
    o["error_bound"] = b->error_bound;
    j["betweenness_sample"] = std::move(o);
  }
  ordered_json misplaced = ordered_json::array();
  for (const MisplacedFunction& f : m.misplaced) {
    ordered_json o;
    o["function"] = model.functions[f.function].id;
    o["unit"] = model.unit_ids[f.unit];
    o["better_unit"] = model.unit_ids[f.better_unit];
    o["pull_own"] = f.pull_own;
    o["pull_better"] = f.pull_better;
    misplaced.push_back(std::move(o));
  }
  j["misplaced"] = std::move(misplaced);
  ordered_json levels = ordered_json::array();
  for (const LevelProfile& p : m.by_level) {
    ordered_json o;
    o["level"] = p.level;
    o["owning_units"] = p.owning_units;
    o["cross_unit_share"] = p.cross_unit_share;
    o["modularity"] = p.modularity;
    o["coordination_distance_mean"] = p.coordination_distance_mean;
    o["top_level_share"] = p.top_level_share;
    levels.push_back(std::move(o));
  }
  j["by_level"] = std::move(levels);
  return j;
}

const std::vector<std::string>& metrics_table_names() {
  static const std::vector<std::string> names{"summary", "domains", "units", "misplaced", "levels"};
  return names;
}

std::optional<MetricsTable> parse_metrics_table(std::string_view name) {
  if (name == "summary") return MetricsTable::kSummary;
  if (name == "domains") return MetricsTable::kDomains;
  if (name == "units") return MetricsTable::kUnits;
  if (name == "misplaced") return MetricsTable::kMisplaced;
  if (name == "levels") return MetricsTable::kLevels;
  return std::nullopt;
}

namespace {

/// Formats numbers in one of two ways: exactly (CSV) or rounded (people).
struct Numbers {
  bool exact;
  [[nodiscard]] std::string share(double v) const { return exact ? exact_number(v) : rounded(v, 3); }
  [[nodiscard]] std::string weight(double v) const { return exact ? exact_number(v) : rounded(v, 2); }
  [[nodiscard]] std::string count(std::size_t v) const { return std::to_string(v); }
  [[nodiscard]] std::string maybe(bool present, double v, bool is_share = true) const {
    if (!present) return exact ? "" : "-";
    return is_share ? share(v) : weight(v);
  }
};

std::vector<std::string> key_columns(const Model& model, const StructureMetrics& m) {
  return {model.structures[m.structure].id, m.level ? std::to_string(*m.level) : ""};
}

Table summary_table(const Model& model, const std::vector<StructureMetrics>& results,
                    const Numbers& n) {
  Table t;
  t.header = {N_("structure"), N_("level"), N_("functions"), N_("dependencies"), N_("total_weight"),
              N_("cross_unit_share"), N_("modularity"), N_("coordination_distance_mean"), N_("top_level_share"),
              N_("escalation_depth_mean"), N_("alignment_nmi"), N_("units"), N_("owning_units"), N_("depth"),
              N_("span_mean"), N_("span_max"), N_("headcount"),
              N_("work_grouping_communities"), N_("work_grouping_modularity"),
              N_("work_grouping_nmi"), N_("work_grouping_modularity_ratio")};
  t.right.assign(t.header.size(), true);
  t.right[0] = false;
  for (const StructureMetrics& m : results) {
    auto row = key_columns(model, m);
    const WholeMetrics& w = m.whole;
    const ShapeMetrics& s = m.shape;
    const bool grouped = m.work_grouping.has_value();
    const WorkGroupingFigures g = m.work_grouping.value_or(WorkGroupingFigures{});
    for (std::string v :
         {n.count(w.functions), n.count(w.dependencies), n.weight(w.total_weight),
          n.share(w.cross_unit_share), n.share(w.modularity),
          n.share(w.coordination_distance_mean), n.share(w.top_level_share),
          n.share(w.escalation_depth_mean), n.share(w.alignment_nmi), n.count(s.units),
          n.count(s.owning_units), n.count(s.depth), n.share(s.span_mean), n.count(s.span_max),
          n.maybe(s.headcount.has_value(), s.headcount.value_or(0), false),
          grouped ? n.count(g.communities) : n.maybe(false, 0), n.maybe(grouped, g.modularity),
          n.maybe(grouped, g.nmi), n.maybe(grouped, g.modularity_ratio)}) {
      row.push_back(std::move(v));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table domains_table(const Model& model, const std::vector<StructureMetrics>& results,
                    std::string_view lang, const Numbers& n) {
  Table t;
  t.header = {N_("structure"), N_("level"), N_("domain"), N_("label"), N_("functions"), N_("units"), N_("branches"), N_("hhi"),
              N_("effective_units"), N_("entropy"), N_("owner"), N_("owner_depth"), N_("components"), N_("fragments"),
              N_("fragmentation"), N_("cross_unit_share"), N_("control_tower"), N_("tower_coverage"),
              N_("tower_internal_share")};
  t.right.assign(t.header.size(), true);
  for (std::size_t c : {0, 1, 2, 3, 10, 16}) t.right[c] = false;
  const std::string none = n.exact ? "" : "-";
  for (const StructureMetrics& m : results) {
    for (const DomainMetrics& d : m.domains) {
      auto row = key_columns(model, m);
      const Domain& domain = model.domains[d.domain];
      const bool any = d.functions > 0;
      const bool tower = d.control_tower != kNone;
      row.push_back(domain.id);
      row.push_back(domain.labels.pick(lang, domain.id));
      row.push_back(n.count(d.functions));
      row.push_back(any ? n.count(d.units) : none);
      row.push_back(any ? n.count(d.branches) : none);
      row.push_back(n.maybe(any, d.hhi));
      row.push_back(n.maybe(any, d.effective_units));
      row.push_back(n.maybe(any, d.entropy));
      row.push_back(any ? model.unit_ids[d.owner] : none);
      row.push_back(any ? n.count(d.owner_depth) : none);
      row.push_back(any ? n.count(d.components) : none);
      row.push_back(any ? n.count(d.fragments) : none);
      row.push_back(n.maybe(any, d.fragmentation));
      row.push_back(n.maybe(any, d.cross_unit_share));
      row.push_back(tower ? model.unit_ids[d.control_tower] : none);
      row.push_back(n.maybe(any && tower, d.tower_coverage));
      row.push_back(n.maybe(any && tower, d.tower_internal_share));
      t.rows.push_back(std::move(row));
    }
  }
  return t;
}

Table units_table(const Model& model, const std::vector<StructureMetrics>& results,
                  std::string_view lang, const Numbers& n) {
  Table t;
  t.header = {N_("structure"), N_("level"), N_("unit"), N_("label"), N_("depth"), N_("functions"), N_("external_weight"),
              N_("betweenness")};
  t.right = {false, false, false, false, true, true, true, true};
  for (const StructureMetrics& m : results) {
    const Resolved& s = model.structures[m.structure];
    for (const UnitMetrics& u : m.units) {
      auto row = key_columns(model, m);
      row.push_back(model.unit_ids[u.unit]);
      row.push_back(model.unit_name(s, u.unit, lang));
      row.push_back(n.count(u.depth));
      row.push_back(n.count(u.functions));
      row.push_back(n.weight(u.external_weight));
      row.push_back(n.maybe(m.betweenness_computed, u.betweenness));
      t.rows.push_back(std::move(row));
    }
  }
  return t;
}

Table misplaced_table(const Model& model, const std::vector<StructureMetrics>& results,
                      std::string_view lang, const Numbers& n) {
  Table t;
  t.header = {N_("structure"), N_("level"), N_("function"), N_("label"), N_("unit"), N_("better_unit"), N_("pull_own"),
              N_("pull_better")};
  t.right = {false, false, false, false, false, false, true, true};
  for (const StructureMetrics& m : results) {
    for (const MisplacedFunction& f : m.misplaced) {
      auto row = key_columns(model, m);
      const Function& fn = model.functions[f.function];
      row.push_back(fn.id);
      row.push_back(fn.labels.pick(lang, fn.id));
      row.push_back(model.unit_ids[f.unit]);
      row.push_back(model.unit_ids[f.better_unit]);
      row.push_back(n.weight(f.pull_own));
      row.push_back(n.weight(f.pull_better));
      t.rows.push_back(std::move(row));
    }
  }
  return t;
}

Table levels_table(const Model& model, const std::vector<StructureMetrics>& results,
                   const Numbers& n) {
  Table t;
  t.header = {N_("structure"), N_("level"), N_("owning_units"), N_("cross_unit_share"), N_("modularity"),
              N_("coordination_distance_mean"), N_("top_level_share")};
  t.right = {false, true, true, true, true, true, true};
  for (const StructureMetrics& m : results) {
    for (const LevelProfile& p : m.by_level) {
      t.rows.push_back({model.structures[m.structure].id, std::to_string(p.level),
                        n.count(p.owning_units), n.share(p.cross_unit_share),
                        n.share(p.modularity), n.share(p.coordination_distance_mean),
                        n.share(p.top_level_share)});
    }
  }
  return t;
}

/// Drops the structure and level columns (a one-structure report names them once).
Table without_keys(Table t) {
  t.header.erase(t.header.begin(), t.header.begin() + 2);
  t.right.erase(t.right.begin(), t.right.begin() + 2);
  for (auto& row : t.rows) row.erase(row.begin(), row.begin() + 2);
  return t;
}

/// Only the named columns, in that order.
Table select_columns(const Table& t, const std::vector<std::string>& names) {
  std::vector<std::size_t> picked;
  picked.reserve(names.size());
  for (const std::string& name : names) {
    picked.push_back(static_cast<std::size_t>(
        std::find(t.header.begin(), t.header.end(), name) - t.header.begin()));
  }
  Table out;
  for (std::size_t c : picked) {
    out.header.push_back(t.header[c]);
    out.right.push_back(t.right[c]);
  }
  for (const auto& row : t.rows) {
    std::vector<std::string> r;
    r.reserve(picked.size());
    for (std::size_t c : picked) r.push_back(row[c]);
    out.rows.push_back(std::move(r));
  }
  return out;
}

/// The summary as (metric, value) lines.
Table summary_lines(const Model& model, const StructureMetrics& m) {
  const Table wide = summary_table(model, {m}, Numbers{false});
  Table t;
  t.header = {N_("metric"), N_("value")};
  t.right = {false, true};
  for (std::size_t c = 2; c < wide.header.size(); ++c) {
    t.rows.push_back({tr(wide.header[c]), wide.rows[0][c]});
  }
  return t;
}

std::string heading_line(const Model& model, const StructureMetrics& m, std::string_view lang) {
  const Resolved& s = model.structures[m.structure];
  return s.date.empty()
             ? trf("Structure {0}; level: {1}", {structure_title(model, m.structure, lang),
                                                  level_text(m.level)})
             : trf("Structure {0}, {1}; level: {2}",
                   {structure_title(model, m.structure, lang), s.date, level_text(m.level)});
}

}  // namespace

Table metrics_table(const Model& model, const std::vector<StructureMetrics>& results,
                    MetricsTable which, std::string_view lang, bool exact) {
  const Numbers n{exact};
  switch (which) {
    case MetricsTable::kSummary: return summary_table(model, results, n);
    case MetricsTable::kDomains: return domains_table(model, results, lang, n);
    case MetricsTable::kUnits: return units_table(model, results, lang, n);
    case MetricsTable::kMisplaced: return misplaced_table(model, results, lang, n);
    case MetricsTable::kLevels: return levels_table(model, results, n);
  }
  return {};
}

Table human_headers(Table t) {
  for (std::string& h : t.header) h = tr(h);
  return t;
}

std::string betweenness_sample_note(const StructureMetrics& m) {
  if (!m.betweenness_sample) return {};
  const auto& b = *m.betweenness_sample;
  const Numbers n{false};
  return trf("Betweenness estimated from {0} of the {1} units as sources (seed {2}): every "
             "value is within {3} of the exact one with a probability of {4}.",
             {n.count(b.sources), n.count(b.vertices), std::to_string(b.seed),
              n.share(b.error_bound), std::to_string(static_cast<int>(kBetweennessConfidence * 100)) + "%"});
}

std::string metrics_text(const Model& model, const StructureMetrics& m, std::string_view lang) {
  const auto text = [](const Table& t) { return render_text(human_headers(t)); };
  std::string out = heading_line(model, m, lang) + "\n";
  if (!model.title.empty()) out += trf("Model: {0}", {model.title_in(lang)}) + "\n";
  out += "\n" + tr("Whole structure") + "\n" + text(summary_lines(model, m));
  const Table domains = metrics_table(model, {m}, MetricsTable::kDomains, lang, false);
  out += "\n" + tr("Domains: where each domain's functions sit") + "\n" +
         text(select_columns(domains, {"domain", "label", "functions", "units", "branches", "hhi",
                                       "effective_units", "entropy", "owner", "owner_depth"}));
  out += "\n" + tr("Domains: cohesion and control towers") + "\n" +
         text(select_columns(domains, {"domain", "components", "fragments", "fragmentation",
                                       "cross_unit_share", "control_tower", "tower_coverage",
                                       "tower_internal_share"}));
  out += "\n" + tr("Units that own functions") + "\n" +
         text(without_keys(metrics_table(model, {m}, MetricsTable::kUnits, lang, false)));
  if (const std::string note = betweenness_sample_note(m); !note.empty()) out += "  " + note + "\n";
  out += "\n" + tr("Misplaced functions (pulled harder by another unit than by their own)") + "\n";
  out += m.misplaced.empty()
             ? "  " + tr("none") + "\n"
             : text(without_keys(metrics_table(model, {m}, MetricsTable::kMisplaced, lang, false)));
  out += "\n" + tr("Profile by level (each cut of the hierarchy)") + "\n";
  Table levels = metrics_table(model, {m}, MetricsTable::kLevels, lang, false);
  for (auto& row : levels.rows) row.erase(row.begin());
  levels.header.erase(levels.header.begin());
  levels.right.erase(levels.right.begin());
  out += m.by_level.empty() ? "  " + tr("none (a single unit)") + "\n" : text(levels);
  return terminal_page(out);
}

std::string metrics_markdown(const Model& model, const StructureMetrics& m,
                             std::string_view lang) {
  const auto md = [](const Table& t) { return render_markdown(human_headers(t)); };
  std::string out = "## " + heading_line(model, m, lang) + "\n\n";
  out += "### " + tr("Whole structure") + "\n\n" + md(summary_lines(model, m));
  out += "\n### " + tr("Domains") + "\n\n" +
         md(without_keys(metrics_table(model, {m}, MetricsTable::kDomains, lang, false)));
  out += "\n### " + tr("Units") + "\n\n" +
         md(without_keys(metrics_table(model, {m}, MetricsTable::kUnits, lang, false)));
  if (const std::string note = betweenness_sample_note(m); !note.empty()) out += "\n" + note + "\n";
  out += "\n### " + tr("Misplaced functions") + "\n\n";
  out += m.misplaced.empty()
             ? tr("None.") + "\n"
             : md(without_keys(metrics_table(model, {m}, MetricsTable::kMisplaced, lang, false)));
  out += "\n### " + tr("Profile by level") + "\n\n";
  out += m.by_level.empty() ? tr("None (a single unit).") + "\n"
                            : md(metrics_table(model, {m}, MetricsTable::kLevels, lang, false));
  return terminal_page(out);
}

}  // namespace policygraph
