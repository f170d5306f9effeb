#include <policygraph/report/report_writer.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include <policygraph/core/messages.hpp>
#include <policygraph/core/text.hpp>
#include <policygraph/report/compare_writer.hpp>
#include <policygraph/report/diff_writer.hpp>
#include <policygraph/report/explain_writer.hpp>
#include <policygraph/report/metrics_writer.hpp>
#include <policygraph/report/optimize_writer.hpp>
#include <policygraph/report/sensitivity_writer.hpp>
#include <policygraph/report/table.hpp>

namespace policygraph {

namespace {

/// Text for the page, which is HTML that also parses as XML: the one XML
/// escaper, with `'` as `&#39;` too and line breaks kept for `<pre>` blocks.
std::string esc(std::string_view s) { return escape_xml(s, {.apostrophe = true}); }

/// A table cell: escaped, a line break in the text starting a new line.
std::string cell(std::string_view s) {
  std::string out;
  for (const char ch : esc(s)) {
    if (ch == '\n') {
      out += "<br/>";
    } else {
      out += ch;
    }
  }
  return out;
}

std::string bold(std::string_view s) { return "<b>" + esc(s) + "</b>"; }

std::string html_table(const Table& t, const std::string& css_class = "") {
  std::string out = "<table" + (css_class.empty() ? std::string() : " class=\"" + css_class + "\"") +
                    ">\n<thead><tr>";
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    const bool right = c < t.right.size() && t.right[c];
    out += std::string(right ? "<th class=\"num\">" : "<th>") + cell(t.header[c]) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const bool right = c < t.right.size() && t.right[c];
      out += std::string(right ? "<td class=\"num\">" : "<td>") + cell(row[c]) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

/// `t` without column `col`.
Table drop_column(Table t, std::size_t col) {
  if (col < t.header.size()) t.header.erase(t.header.begin() + static_cast<std::ptrdiff_t>(col));
  if (col < t.right.size()) t.right.erase(t.right.begin() + static_cast<std::ptrdiff_t>(col));
  for (auto& row : t.rows) {
    if (col < row.size()) row.erase(row.begin() + static_cast<std::ptrdiff_t>(col));
  }
  return t;
}

/// An SVG from Graphviz without its XML declaration and DOCTYPE, ready to
/// inline. Graphviz copies node names (function and unit ids) into comments
/// and titles as they are, so a U+FFFE there becomes U+FFFD, as esc writes it.
std::string inline_svg(std::string_view svg) {
  const auto start = svg.find("<svg");
  return start == std::string_view::npos ? std::string()
                                         : replace_non_xml_characters(svg.substr(start));
}

std::string domain_name(const Model& m, Index d, std::string_view lang) {
  return m.domains[d].labels.pick(lang, m.domains[d].id);
}

std::string structure_label(const Model& m, Index s, std::string_view lang) {
  return m.structures[s].labels.pick(lang, m.structures[s].id);
}

std::string share(double v) { return rounded(v, 2); }
std::string percent(double v) { return rounded(100 * v, 0) + "%"; }
std::string percent1(double v) { return rounded(100 * v, 1) + "%"; }

std::string units_phrase(std::size_t n) { return trn("{0} unit", "{0} units", n); }
std::string branches_phrase(std::size_t n) {
  return trn("{0} top-level branch", "{0} top-level branches", n);
}

/// The first column of `t` in words: a cell holding a key (as it is, or as
/// tr() gives it) becomes the key's name.
Table metric_names(Table t) {
  for (auto& row : t.rows) {
    if (row.empty()) continue;
    for (const std::string_view key : metric_keys()) {
      if (row[0] == key || row[0] == tr(key)) {
        row[0] = metric_title(key);
        break;
      }
    }
  }
  return t;
}

/// The column headers of the structures: their ids, the baseline's marked.
void structure_headers(Table& t, const Model& model, const Comparison& c, std::size_t first,
                       bool with_baseline) {
  std::size_t col = first;
  for (std::size_t k = 0; k < c.structures.size(); ++k) {
    if (k == c.baseline && !with_baseline) continue;
    if (col >= t.header.size()) return;
    const std::string& id = model.structures[c.structures[k].structure].id;
    t.header[col++] = k == c.baseline ? trf("{0} (baseline)", {id}) : id;
  }
}

const char* status_word(DomainChange change) {
  switch (change) {
    case DomainChange::kConsolidated: return N_("consolidated");
    case DomainChange::kNarrowed: return N_("narrowed");
    case DomainChange::kUnchanged: return N_("unchanged");
    case DomainChange::kDispersed: return N_("spread out");
    case DomainChange::kBaseline: break;
  }
  return "";
}

/// Domain x structure: "units / branches" and, against the baseline, the
/// domain's status in words.
Table consolidation_table(const Model& model, const Comparison& c, std::string_view lang) {
  Table t;
  t.header = {tr("domain")};
  t.right = {false};
  for (std::size_t k = 0; k < c.structures.size(); ++k) {
    t.header.emplace_back();
    t.right.push_back(false);
  }
  structure_headers(t, model, c, 1, true);
  for (std::size_t d = 0; d < model.domains.size(); ++d) {
    std::vector<std::string> row{domain_name(model, static_cast<Index>(d), lang)};
    for (std::size_t k = 0; k < c.structures.size(); ++k) {
      const DomainPlacement& p = c.placements[d][k];
      if (p.functions == 0) {
        row.emplace_back("-");
        continue;
      }
      std::string text = std::to_string(p.units) + " / " + std::to_string(p.branches);
      if (k != c.baseline && p.change != DomainChange::kBaseline) {
        text += "\n" + tr(status_word(p.change));
      }
      row.push_back(std::move(text));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

constexpr const char* kStyle = R"(
body { font-family: "Noto Sans", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic",
       "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a;
       margin: 2rem 1.5rem; line-height: 1.45; }
body > :not(figure) { max-width: 60rem; margin-left: auto; margin-right: auto; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #4477aa; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
h4 { font-size: .95rem; margin-top: 1rem; margin-bottom: .3rem; }
.lede { color: #444; margin-top: 0; }
ul.summary li { margin: .35rem 0; }
p.status { font-weight: bold; margin-top: 1rem; margin-bottom: .2rem; }
table { border-collapse: collapse; margin-top: .5rem; margin-bottom: 1rem; font-size: .82rem;
        width: 100%; }
table.narrow { width: auto; min-width: 50%; }
th, td { border-bottom: 1px solid #ddd; padding: .2rem .45rem; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #f2f5f9; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
figure { margin: 1rem auto 1.6rem; max-width: 120rem; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { font-weight: bold; margin: 0 auto .4rem; max-width: 60rem; }
pre { background: #f7f7f7; padding: .8rem; white-space: pre-wrap; overflow-wrap: anywhere;
      font-size: .8rem; }
.note { color: #555; font-size: .9rem; }
@page { size: A4 portrait; margin: 14mm 13mm; }
@page picture { size: A4 landscape; margin: 9mm 10mm; }
@media print {
  body { margin: 0; font-size: 9.5pt; }
  body > :not(figure) { max-width: none; }
  h2, h3, h4, p.status { break-after: avoid; }
  table { font-size: 8pt; }
  thead { display: table-header-group; }
  figure { page: picture; margin: 0; max-width: none; break-inside: avoid; }
  figcaption { max-width: none; font-size: 10pt; }
  figure svg { max-height: 178mm; }
  details { display: none; }
  a { color: inherit; }
}
)";

/// How close each structure's units come to the work's own grouping, as a
/// list (empty when the grouping was skipped).
std::string work_grouping_part(const Model& model, const Comparison& c, std::string_view lang) {
  std::string items;
  for (const StructureMetrics& m : c.structures) {
    if (!m.work_grouping) continue;
    const WorkGroupingFigures& g = *m.work_grouping;
    // TRANSLATORS: {0} is a structure, {1} "50 functions", {2} "5 communities",
    // {3} the communities' modularity (0.498), {4} a percentage (49%), {5} an NMI
    // (0.645, 1 when units and communities are the same grouping).
    items += "<li>" +
             esc(trf("{0}: the dependencies alone group its {1} into {2} with a modularity of "
                     "{3}; its units reach {4} of that modularity and agree with the "
                     "communities to an NMI of {5}.",
                     {structure_title(model, m.structure, lang),
                      trn("{0} function", "{0} functions", m.whole.functions),
                      trn("{0} community", "{0} communities", g.communities),
                      rounded(g.modularity, 3), percent(g.modularity_ratio),
                      rounded(g.nmi, 3)})) +
             "</li>\n";
  }
  if (items.empty()) return "";
  return "<h3>" + esc(tr("How close each structure is to the work's own grouping")) +
         "</h3>\n<p class=\"note\">" +
         // TRANSLATORS: {0} is the seed (1), {1} the number of runs (8).
         esc(trf("Leiden's communities of the dependencies (igraph, seed {0}, the best of {1} "
                 "runs), whatever the units are; policygraph groups lists them with the units "
                 "that hold each one.",
                 {std::to_string(WorkGroupingOptions{}.seed),
                  std::to_string(WorkGroupingOptions{}.restarts)})) +
         "</p>\n<ul>\n" + items + "</ul>\n";
}

/// The paragraph on reading the coordination cost against the cross-unit share.
std::string cost_and_share_paragraph() {
  return tr("The coordination cost and the cross-unit share can disagree. The cross-unit share "
            "just counts the dependency weight that crosses from one unit to another, however "
            "far apart the two units sit. The coordination cost weighs each dependency by the "
            "distance between its two units in the tree (the steps up to the unit where they "
            "meet and down again), so a dependency between two bureaus of one office costs less "
            "than one between two offices. A restructuring can therefore cut the cross-unit "
            "share while pushing the seams that remain further apart (the cost then falls less, "
            "or even rises), or leave the share as it was while bringing the units that must "
            "work together closer (the cost falls). The cost also grows with the total weight: "
            "a structure with more functions and dependencies carries more of it.");
}

std::string how_to_read() {
  std::string h = "<ul>\n";
  const auto item = [&](std::string_view term, std::string_view text) {
    h += "<li>" + fill(text, {bold(term)}) + "</li>\n";
  };
  item(tr("Cross-unit share"),
       esc(tr("{0}: the share of all coordination (dependency weight) between functions owned "
              "by different units. Lower means units enclose more of the work they must "
              "coordinate.")));
  item(tr("Coordination cost"),
       esc(tr("{0}: the sum over dependencies of their weight times the distance between the "
              "two units in the tree; the mean tree distance is the cost divided by the total "
              "weight. Lower means the units that must work together sit closer.")));
  item(tr("Top-level share"),
       esc(tr("{0}: the share that crosses units meeting only at the head of the "
              "organization, which only the top can settle.")));
  item(tr("Escalation depth"),
       esc(tr("{0}: how deep, on average, two cooperating units meet. Higher means "
              "coordination is settled lower in the hierarchy.")));
  item(tr("Modularity and alignment (NMI)"),
       esc(tr("{0}: how well units enclose their dependencies (compared with chance), and how "
              "closely units follow policy domains (1: each domain is a unit).")));
  item(tr("The work's own grouping"),
       esc(tr("{0}: the communities of functions that the dependencies alone suggest (Leiden, "
              "maximizing modularity), whatever the units are. A structure whose units reach "
              "their modularity in full encloses the dependencies as well as they do.")));
  item(tr("Units / branches"),
       esc(tr("{0} of a domain: how many units and top-level branches hold its functions. The "
              "smallest unit holding all of them is the domain's owner.")));
  item(tr("Consolidated, narrowed, unchanged, spread out"),
       esc(tr("{0}: against the baseline, a domain consolidated when its top-level branches "
              "fell to one or its owner sits deeper in the tree; it narrowed when it spans fewer "
              "branches but still more than one; it is unchanged when it spans as many "
              "branches with its owner as deep; it spread out when it spans more branches or "
              "its owner sits higher.")));
  item(tr("Control-tower coverage"),
       esc(tr("{0}: the share of a domain's functions, and of its internal coordination, "
              "inside the designated unit's subtree.")));
  item(tr("Misplaced functions"),
       esc(tr("{0}: functions pulled harder by another unit's functions than by their own "
              "unit's.")));
  h += "<li>" + esc(tr("The dependency weights are judgements; the section on how sure we are, "
                       "when present, shows how far the conclusions survive when they are "
                       "redrawn at random.")) +
       "</li>\n</ul>\n";
  return h;
}

/// The sentence of one domain, by its change against the baseline.
std::string domain_sentence(const Model& model, const Comparison& c, std::size_t d,
                            std::size_t a, std::string_view lang) {
  const std::size_t b = c.baseline;
  const Resolved& sa = model.structures[c.structures[a].structure];
  const Resolved& sb = model.structures[c.structures[b].structure];
  const DomainPlacement& x = c.placements[d][b];
  const DomainPlacement& y = c.placements[d][a];
  const std::string name = domain_name(model, static_cast<Index>(d), lang);
  const std::string& A = sa.id;
  const std::string& B = sb.id;
  const std::string ua = units_phrase(y.units);
  const std::string ba = branches_phrase(y.branches);
  const std::string ub = units_phrase(x.units);
  const std::string bb = branches_phrase(x.branches);
  std::string out;
  switch (y.change) {
    case DomainChange::kConsolidated:
      if (y.branches == 1 && x.branches > 1) {
        out = y.owner_depth >= 1
                  ? trf("{0} consolidated: in {1} its functions sit in {2} within one top-level "
                        "branch, all under the {3}; in {4} they were spread over {5} across {6}.",
                        {name, A, ua, model.unit_name(sa, y.owner, lang), B, ub, bb})
                  : trf("{0} consolidated: in {1} its functions sit in {2} within one top-level "
                        "branch; in {3} they were spread over {4} across {5}.",
                        {name, A, ua, B, ub, bb});
      } else {
        out = trf("{0} consolidated: in {1} all of its functions sit under the {2}, lower in the "
                  "tree than the {3} that held them all in {4}; {5} across {6}, against {7} "
                  "across {8}.",
                  {name, A, model.unit_name(sa, y.owner, lang), model.unit_name(sb, x.owner, lang),
                   B, ua, ba, ub, bb});
      }
      break;
    case DomainChange::kNarrowed:
      out = trf("{0} narrowed: in {1} its functions sit in {2} across {3}, against {4} across "
                "{5} in {6}; it still spans more than one top-level branch.",
                {name, A, ua, ba, ub, bb, B});
      break;
    case DomainChange::kDispersed:
      out = y.branches > x.branches
                ? trf("{0} spread out: in {1} its functions sit in {2} across {3}, against {4} "
                      "across {5} in {6}.",
                      {name, A, ua, ba, ub, bb, B})
                : trf("{0} spread out: in {1} the smallest unit holding all of its functions is "
                      "the {2}, higher in the tree than the {3} in {4}; {5} across {6}, against "
                      "{7} across {8}.",
                      {name, A, model.unit_name(sa, y.owner, lang),
                       model.unit_name(sb, x.owner, lang), B, ua, ba, ub, bb});
      break;
    case DomainChange::kUnchanged:
      out = x.units == y.units
                ? trf("{0} stayed as it was: {1} across {2} in {3}, as in {4}.",
                      {name, ua, ba, A, B})
                : trf("{0} stayed as it was across the top-level branches: {1} across {2} in "
                      "{3}, against {4} across {5} in {6}.",
                      {name, ua, ba, A, ub, bb, B});
      break;
    case DomainChange::kBaseline:
      return trf("{0} has functions in only one of {1} and {2}, so its spread is not compared.",
                 {name, B, A});
  }
  const DomainMetrics& mx = c.structures[b].domains[d];
  const DomainMetrics& my = c.structures[a].domains[d];
  if (share(mx.cross_unit_share) != share(my.cross_unit_share)) {
    out += " " + trf("The share of its own coordination that crosses units goes from {0} to {1}.",
                     {share(mx.cross_unit_share), share(my.cross_unit_share)});
  }
  if (y.control_tower != kNone) {
    out += " " + trf("Its control tower in {0}, the {1}, holds {2} of its functions and {3} of "
                     "its internal coordination.",
                     {A, model.unit_name(sa, y.control_tower, lang), percent(y.tower_coverage),
                      percent(y.tower_internal_share)});
  }
  return out;
}

double coordination_cost(const WholeMetrics& w) {
  return w.total_weight * w.coordination_distance_mean;
}

std::size_t count_change(const Comparison& c, std::size_t k, DomainChange change) {
  std::size_t n = 0;
  for (const auto& per : c.placements) n += per[k].change == change ? 1 : 0;
  return n;
}

std::string signed_number(double v, int decimals) {
  std::string s = rounded(v, decimals);
  if (s.find_first_not_of("-0.") == std::string::npos) return rounded(0.0, decimals);
  return v > 0 ? "+" + s : s;
}

/// The section on one diff: a sentence of counts, then a table per kind of change.
/// One pair's part of "What changed": its heading, `story` (the sentences
/// and picture of explain, already HTML), then the items of the diff.
std::string diff_section(const Model& model, const StructureDiff& d, std::string_view lang,
                         const std::string& story) {
  std::string h;
  const std::string& A = model.structures[d.to].id;
  const std::string& B = model.structures[d.from].id;
  h += "<h3>" + esc(trf("From {0} to {1}", {B, A})) + "</h3>\n" + story;
  std::set<Index> changed_units;
  for (const UnitChange& u : d.units_changed) changed_units.insert(u.unit);
  std::size_t with_unit = 0;
  for (const FunctionMove& m : d.functions_moved) with_unit += m.with_unit ? 1 : 0;
  h += "<p>" +
       esc(trf("Units: {0} added, {1} removed, {2} moved under another parent, {3} relabelled "
               "or reclassified. Functions: {4} changed hands, {5} went with their unit, {6} "
               "added, {7} dropped. Control towers: {8} changed.",
               {std::to_string(d.units_added.size()), std::to_string(d.units_removed.size()),
                std::to_string(d.units_moved.size()), std::to_string(changed_units.size()),
                std::to_string(d.functions_moved.size() - with_unit), std::to_string(with_unit),
                std::to_string(d.functions_added.size()),
                std::to_string(d.functions_dropped.size()),
                std::to_string(d.towers_changed.size())})) +
       "</p>\n";
  if (d.empty()) return h;
  h += "<p class=\"note\">" +
       esc(trf("Unit paths run from the top down, below the {0}.",
               {model.unit_name(model.structures[d.to], model.structures[d.to].root, lang)})) +
       "</p>\n";
  const Table all = diff_table(model, d, lang);
  // Units whose label in the page's language changed: their plain label
  // change is left out, the page shows names in its language.
  std::set<std::string> relabelled_in_lang;
  if (!lang.empty()) {
    for (const auto& row : all.rows) {
      if (row[0] == "unit relabelled (" + std::string(lang) + ")") relabelled_in_lang.insert(row[1]);
    }
  }
  // Paths start at the root; the page names it once, above the tables.
  const std::string root = model.unit_name(model.structures[d.to], model.structures[d.to].root, lang);
  const auto below_root = [&](const std::string& path) {
    const std::string prefix = root + " > ";
    return path.rfind(prefix, 0) == 0 ? path.substr(prefix.size()) : path;
  };
  // Rows by kind, in the order of the table; "unit relabelled (ko)" and the
  // like go with the relabelled units, their language shown in the row.
  std::vector<std::string> order;
  for (const auto& row : all.rows) {
    std::string kind = row[0];
    if (kind.rfind("unit relabelled", 0) == 0) kind = "unit relabelled";
    if (std::find(order.begin(), order.end(), kind) == order.end()) order.push_back(kind);
  }
  for (const std::string& kind : order) {
    // The page says in words what the two kinds of moved functions are.
    const std::string title = kind == "function moved" ? tr("Functions that changed hands")
                              : kind == "function moved with its unit"
                                  ? tr("Functions that went with their unit")
                                  : diff_section_title(kind);
    Table t;
    const bool unit_kind = kind.rfind("unit", 0) == 0;
    const bool values = kind == "unit relabelled" || kind == "unit reclassified" ||
                        kind == "unit headcount changed" || kind == "unit autonomy changed";
    t.header = {kind == "control tower" ? tr("domain") : unit_kind ? tr("unit") : tr("function"),
                values ? tr("before") : tr("from"), values ? tr("after") : tr("to")};
    bool any_from = false;
    bool any_to = false;
    for (const auto& row : all.rows) {
      std::string k = row[0];
      if (k.rfind("unit relabelled (", 0) == 0) {
        // A label in another language than the page's is left out; in the
        // page's language it stands for the unit's name.
        if (k.substr(17, k.size() - 18) != lang) continue;
        k = "unit relabelled";
      } else if (k == "unit relabelled" && relabelled_in_lang.contains(row[1])) {
        continue;
      }
      if (k != kind) continue;
      const std::string name = row[2].empty() || row[2] == row[1] ? row[1] : row[2] + "\n" + row[1];
      t.rows.push_back({name, values ? row[3] : below_root(row[3]), values ? row[4] : below_root(row[4])});
      any_from = any_from || !row[3].empty();
      any_to = any_to || !row[4].empty();
    }
    if (t.rows.empty()) continue;
    if (!any_to) t = drop_column(std::move(t), 2);
    if (!any_from) t = drop_column(std::move(t), 1);
    h += "<h4>" + esc(title) + " (" + std::to_string(t.rows.size()) + ")</h4>\n" +
         html_table(t, "diff");
  }
  return h;
}

std::string misplaced_section(const Model& model, const Comparison& c,
                              const ReportContent& content) {
  const std::string_view lang = content.lang;
  std::string h = "<h2>" + esc(tr("Misplaced functions")) + "</h2>\n";
  h += "<p>" +
       esc(tr("A function is misplaced when the functions of another unit pull on it harder than "
              "those of its own unit. The pull of a unit is the summed weight of the function's "
              "dependencies with that unit's functions; the gain is the other unit's pull minus "
              "its own unit's.")) +
       "</p>\n";
  std::string rule;
  if (content.misplaced == MisplacedChoice::kStrongest) {
    rule = content.misplaced_alone
               ? trf("For each structure the page lists the {0} with the largest gain, and any "
                     "tied with the last of them. policygraph report --misplaced all lists "
                     "every one.",
                     {trn("{0} function", "{0} functions", kStrongestMisplaced)})
               : trf("For each structure the page lists the {0} with the largest gain, and any "
                     "tied with the last of them, leaving out functions that are alone in their "
                     "unit: their own unit cannot pull on them, so any dependency outside it "
                     "flags them. policygraph report --misplaced all lists every one, "
                     "--misplaced-alone those alone in their unit too.",
                     {trn("{0} function", "{0} functions", kStrongestMisplaced)});
  } else {
    rule = content.misplaced_alone
               ? tr("The page lists every misplaced function, by gain, largest first.")
               : tr("The page lists every misplaced function, by gain, largest first, but those "
                    "alone in their unit: their own unit cannot pull on them, so any dependency "
                    "outside it flags them (--misplaced-alone lists them too).");
  }
  h += "<p class=\"note\">" + esc(rule) + "</p>\n";
  for (const StructureMetrics& m : c.structures) {
    const Resolved& s = model.structures[m.structure];
    h += "<h3>" + esc(structure_title(model, m.structure, lang)) + "</h3>\n";
    std::size_t alone = 0;
    const std::vector<MisplacedFunction> listed =
        report_misplaced(m, content.misplaced, content.misplaced_alone, &alone);
    const std::size_t total = m.misplaced.size();
    const std::size_t weaker = total - alone - listed.size();
    std::string line;
    if (total == 0) {
      line = tr("No function is misplaced.");
    } else if (listed.size() == total) {
      line = fill(trn("{0} misplaced function, listed below.",
                      "{0} misplaced functions, all listed below.", total),
                  {std::to_string(total)});
    } else {
      line = fill(trn("{0} misplaced function: {1} listed below; left out: {2} alone in their "
                      "unit, {3} with a smaller gain.",
                      "{0} misplaced functions: {1} listed below; left out: {2} alone in their "
                      "unit, {3} with a smaller gain.",
                      total),
                  {std::to_string(total), std::to_string(listed.size()), std::to_string(alone),
                   std::to_string(weaker)});
    }
    h += "<p>" + esc(line) + "</p>\n";
    if (listed.empty()) continue;
    Table t;
    t.header = {tr("function"), tr("its unit"), tr("pulled harder by"), tr("pull of its unit"),
                tr("pull of the other"), tr("gain")};
    t.right = {false, false, false, true, true, true};
    for (const MisplacedFunction& f : listed) {
      const Function& fn = model.functions[f.function];
      t.rows.push_back({fn.labels.pick(lang, fn.id), model.unit_name(s, f.unit, lang),
                        model.unit_name(s, f.better_unit, lang), rounded(f.pull_own, 2),
                        rounded(f.pull_better, 2), rounded(f.pull_better - f.pull_own, 2)});
    }
    h += html_table(t);
  }
  return h;
}

/// The position of the top-level share among the sensitivity's figures.
constexpr std::size_t kTopShare = 4;

/// The figure of the sensitivity at position `m`, in words, without a capital.
std::string figure_name(std::size_t m) {
  switch (m) {
    case SensitivityResult::kCross: return tr("cross-unit share");
    case kTopShare: return tr("top-level share");
    case SensitivityResult::kCost: return tr("coordination cost");
    default: return "";
  }
}

/// Whether structure `k` keeps its side of the baseline on figure `m`
/// when the weights are redrawn.
std::string holds_sentence(const Model& model, const SensitivityResult& r, std::size_t k,
                           std::size_t m) {
  const std::string& A = model.structures[r.structures[k]].id;
  const std::string& B = model.structures[r.structures[r.baseline]].id;
  const double x = r.nominal[k][m];
  const double y = r.nominal[r.baseline][m];
  const Shares& s = r.against_baseline[k][m];
  const int decimals = m == SensitivityResult::kCost ? 1 : 3;
  if (tied(x, y)) {
    return trf("With the weights as given, the {0} of {1} equals that of {2}; with the weights "
               "redrawn it is lower in {3} of the samples and higher in {4}.",
               {figure_name(m), A, B, percent1(s.lower), percent1(s.higher)});
  }
  return x < y ? trf("With the weights as given, the {0} of {1} is lower than that of {2} ({3} "
                     "against {4}); it stays lower in {5} of the redrawn samples.",
                     {figure_name(m), A, B, rounded(x, decimals), rounded(y, decimals),
                      percent1(s.lower)})
               : trf("With the weights as given, the {0} of {1} is higher than that of {2} ({3} "
                     "against {4}); it stays higher in {5} of the redrawn samples.",
                     {figure_name(m), A, B, rounded(x, decimals), rounded(y, decimals),
                      percent1(s.higher)});
}

std::string sensitivity_section(const Model& model, const ReportSensitivity& s,
                                std::string_view lang) {
  const SensitivityOptions& o = s.options;
  const SensitivityResult& r = s.result;
  std::string h = "<h2>" + esc(tr("How sure we are")) + "</h2>\n";
  std::string setup = trf(
      "The dependency weights are judgements. To see how far the conclusions rest on them, "
      "every weight was multiplied by a random factor of its own, exp(σZ) with σ = {0} and Z "
      "standard normal (two factors in three lie between {1} and {2}), and every structure "
      "was measured again on the same redrawn weights: {3} (seed {4}).",
      {exact_number(o.noise), rounded(std::exp(-o.noise), 2), rounded(std::exp(o.noise), 2),
       trn("{0} sample", "{0} samples", o.samples), std::to_string(o.seed)});
  if (o.drop > 0) {
    setup += " " + trf("Each dependency was also left out with probability {0}.",
                       {exact_number(o.drop)});
  }
  h += "<p>" + esc(setup) + "</p>\n";
  if (r.structures.size() > 1) {
    Table t;
    t.header = {tr("structure")};
    t.right = {false};
    for (const std::size_t m : {kTopShare, SensitivityResult::kCross, SensitivityResult::kCost}) {
      t.header.push_back(trf("{0}: lower / tied / higher than the baseline", {figure_name(m)}));
      t.right.push_back(true);
    }
    for (std::size_t k = 0; k < r.structures.size(); ++k) {
      if (k == r.baseline) continue;
      std::vector<std::string> row{structure_title(model, r.structures[k], lang)};
      for (const std::size_t m : {kTopShare, SensitivityResult::kCross, SensitivityResult::kCost}) {
        const Shares& x = r.against_baseline[k][m];
        row.push_back(percent1(x.lower) + " / " + percent1(x.tied) + " / " + percent1(x.higher));
      }
      t.rows.push_back(std::move(row));
    }
    h += "<p>" +
         esc(trf("How often each structure comes out lower than, tied with or higher than the "
                 "baseline {0} in the same sample:",
                 {model.structures[r.structures[r.baseline]].id})) +
         "</p>\n" + html_table(t) + "<ul class=\"summary\">\n";
    h += "<li>" +
         esc(trf("Ranked by coordination cost, lowest first: {0}. This order holds in {1} of the "
                 "samples.",
                 {sensitivity_order(model, r, r.rank_by_cost), percent1(r.rank_by_cost.holds)})) +
         "</li>\n";
    h += "<li>" +
         esc(trf("Ranked by cross-unit share, lowest first: {0}. This order holds in {1} of the "
                 "samples.",
                 {sensitivity_order(model, r, r.rank_by_cross), percent1(r.rank_by_cross.holds)})) +
         "</li>\n</ul>\n";
  }
  const SensitivityTables t = sensitivity_tables(model, r, "\n");
  h += "<h3>" + esc(tr("Each figure over the samples")) + "</h3>\n<p class=\"note\">" +
       esc(tr("The mean, and below it the range from the 5th to the 95th percentile.")) +
       "</p>\n" + html_table(metric_names(t.values), "spread");
  if (!t.deltas.rows.empty()) {
    h += "<h3>" + esc(tr("Difference to the baseline, sample by sample")) +
         "</h3>\n<p class=\"note\">" +
         esc(tr("Each structure's figure minus the baseline's in the same sample: the mean, and "
                "below it the range from the 5th to the 95th percentile. A range that does not "
                "include 0 is a difference the redrawn weights do not undo.")) +
         "</p>\n" + html_table(metric_names(t.deltas), "spread");
  }
  return h;
}

/// A table's unit cells without the root's name in front, and each
/// function's label and id in one cell.
Table shortened_moves(Table t, const std::string& root_prefix,
                      const std::vector<std::size_t>& unit_cols) {
  for (auto& row : t.rows) {
    row[1] = row[1] == row[2] ? row[1] : row[1] + "\n" + row[2];
    for (std::size_t col : unit_cols) {
      if (row[col].rfind(root_prefix, 0) == 0) row[col] = row[col].substr(root_prefix.size());
    }
  }
  return drop_column(std::move(t), 2);
}

/// The optimizer section when the proposal is the consensus of weight samples.
std::string consensus_part(const Model& model, const ReportProposal& p, std::string_view lang,
                           const std::string& constraints) {
  constexpr std::size_t kRows = 15;
  const Resolved& s = model.structures[p.structure];
  const ConsensusResult& c = *p.consensus;
  const ConsensusSentences sentences = consensus_sentences(
      c, p.constraints, p.consensus_options, structure_title(model, p.structure, lang), p.id);
  std::string h =
      "<p>" +
      esc(trf("Because the weights are judgements, they were redrawn {0} times as for the "
              "sensitivity, and the optimizer searched each sample. The proposal here holds "
              "the moves that at least half of the samples agree on.",
              {std::to_string(c.samples)})) +
      "</p>\n<p>" + esc(sentences.headline) + "</p>\n";
  if (!c.moves.empty()) {
    h += html_table(shortened_moves(consensus_table(model, s, c, lang, kRows), "", {})) +
         "<p class=\"note\">" +
         esc(tr("Proposed in: the share of the samples whose proposal holds the move. Saving "
                "alone: the move by itself under the given weights; in consensus: counting the "
                "consensus moves above it as made.")) +
         (c.moves.size() > kRows
              ? " " + esc(trn("{0} more move was proposed less often.",
                              "{0} more moves were proposed less often.", c.moves.size() - kRows))
              : std::string()) +
         "</p>\n";
  }
  h += "<p class=\"note\">" + esc(sentences.savings) + " " + esc(sentences.samples) + " " +
       esc(constraints) + "</p>\n";
  return h;
}

std::string proposal_section(const Model& model, const ReportProposal& p, std::string_view lang) {
  const Resolved& s = model.structures[p.structure];
  std::string h = "<h2>" + esc(tr("A proposal from the optimizer")) + "</h2>\n";
  h += "<p>" +
       esc(tr("The optimizer looks for moves of single functions to other units that lower the "
              "coordination cost, under limits on how many functions move and how much each "
              "unit may hold. It knows only the dependency weights, so its proposal is a "
              "question to discuss, not a recommendation.")) +
       "</p>\n";
  const OptimizeSentences sentences = optimize_sentences(
      p.result, p.constraints, structure_title(model, p.structure, lang), p.id);
  if (p.consensus) return h + consensus_part(model, p, lang, sentences.constraints);
  h += "<p>" + esc(sentences.headline) + "</p>\n";
  if (!p.result.moves.empty()) {
    h += "<p class=\"note\">" +
         esc(trf("Unit paths run from the top down, below the {0}.",
                 {model.unit_name(s, s.root, lang)})) +
         "</p>\n";
  }
  if (!p.result.moves.empty()) {
    // The label and id in one cell; paths below the root, as in what changed.
    const Table t = shortened_moves(optimize_table(model, s, p.result, lang),
                                    model.unit_name(s, s.root, lang) + " > ", {3, 4});
    h += html_table(t) + "<p class=\"note\">" +
         esc(tr("Each saving counts the moves above it as made.")) + "</p>\n";
  }
  h += "<p class=\"note\">" + esc(sentences.search) + " " + esc(sentences.constraints) + "</p>\n";
  return h;
}

std::string figure(const ReportPicture& p) {
  std::string h = "<figure>\n<figcaption>" + esc(p.caption) + "</figcaption>\n";
  if (!p.svg.empty()) {
    h += inline_svg(p.svg) + "\n";
  } else {
    h += "<details><summary>" + esc(tr("DOT source (render with Graphviz: dot -Tsvg)")) +
         "</summary>\n<pre>" + esc(p.dot) + "</pre></details>\n";
  }
  return h + "</figure>\n";
}

/// The dependency matrices, before and after.
std::string matrix_section(const ReportContent& content) {
  if (content.matrices.empty()) return "";
  std::string h = "<h2>" + esc(tr("Dependency matrices")) + "</h2>\n";
  h += "<p class=\"note\">" +
       esc(tr("Each matrix has a row and a column per unit, in the order of the unit tree; a "
              "cell holds the weight of the dependencies from its row's functions to its "
              "column's, the diagonal the weight inside one unit. A frame encloses a unit's "
              "subtree: weight outside every frame crosses a unit boundary.")) +
       "</p>\n";
  if (content.matrices.size() > 1) {
    h += "<p class=\"note\">" +
         esc(tr("The matrix of each structure other than the baseline marks, against the "
                "baseline, the cells whose weight came inside one unit (green) or came to "
                "cross units (red).")) +
         "</p>\n";
  }
  if (content.matrices_folded && content.matrix_level) {
    h += "<p class=\"note\">" +
         esc(trf("The matrices are folded to level {0}: units below that depth are counted in "
                 "their ancestor at depth {0}. Unfolded, the largest would have {1} rows; the "
                 "report folds above {2}. policygraph dsm draws every unit without --level.",
                 {std::to_string(*content.matrix_level),
                  std::to_string(content.matrix_rows_unfolded), std::to_string(kMaxMatrixRows)})) +
         "</p>\n";
  } else if (content.matrix_level) {
    h += "<p class=\"note\">" +
         esc(trf("The matrices are cut at level {0}, as the comparison is.",
                 {std::to_string(*content.matrix_level)})) +
         "</p>\n";
  }
  for (const ReportPicture& p : content.matrices) h += figure(p);
  return h;
}

}  // namespace

std::size_t picture_boxes(const Model& model, Index s, std::optional<int> level) {
  const Resolved& r = model.structures[s];
  std::vector<std::uint8_t> drawn(r.parent.size(), 0);
  for (const Index owner : r.assign) {
    for (Index u = owner; u != kNone && drawn[u] == 0; u = r.parent[u]) drawn[u] = 1;
  }
  std::size_t n = 0;
  for (std::size_t u = 0; u < drawn.size(); ++u) {
    if (drawn[u] != 0 && r.present[u] != 0 &&
        (!level || static_cast<long long>(r.depth[u]) <= *level)) {
      ++n;
    }
  }
  return n;
}

std::optional<int> picture_level(const Model& model, const std::vector<Index>& structures) {
  const auto largest = [&](std::optional<int> level) {
    std::size_t n = 0;
    for (Index s : structures) n = std::max(n, picture_boxes(model, s, level));
    return n;
  };
  if (largest(std::nullopt) <= kMaxPictureBoxes) return std::nullopt;
  Index depth = 0;
  for (Index s : structures) {
    const Resolved& r = model.structures[s];
    for (std::size_t u = 0; u < r.depth.size(); ++u) {
      if (r.present[u] != 0) depth = std::max(depth, r.depth[u]);
    }
  }
  for (int level = static_cast<int>(depth) - 1; level >= 1; --level) {
    if (largest(level) <= kMaxPictureBoxes) return level;
  }
  return 1;
}

std::vector<MisplacedFunction> report_misplaced(const StructureMetrics& m, MisplacedChoice choice,
                                                bool alone, std::size_t* alone_left_out) {
  std::vector<std::size_t> functions_of;
  for (const UnitMetrics& u : m.units) {
    if (u.unit >= functions_of.size()) functions_of.resize(u.unit + 1, 0);
    functions_of[u.unit] = u.functions;
  }
  std::vector<MisplacedFunction> out;
  std::size_t left_out = 0;
  for (const MisplacedFunction& f : m.misplaced) {
    if (!alone && f.unit < functions_of.size() && functions_of[f.unit] == 1) {
      ++left_out;
      continue;
    }
    out.push_back(f);
  }
  if (alone_left_out != nullptr) *alone_left_out = left_out;
  if (choice == MisplacedChoice::kStrongest && out.size() > kStrongestMisplaced) {
    const auto gain = [](const MisplacedFunction& f) { return f.pull_better - f.pull_own; };
    std::size_t keep = kStrongestMisplaced;
    while (keep < out.size() && same_weight(gain(out[keep]), gain(out[kStrongestMisplaced - 1]))) {
      ++keep;
    }
    out.resize(keep);
  }
  return out;
}

Summary report_summary(const Model& model, const Comparison& c, std::string_view lang) {
  Summary out;
  if (c.structures.size() < 2) return out;
  const std::size_t b = c.baseline;
  const std::size_t a = b == 0 ? 1 : 0;
  const Index sb = c.structures[b].structure;
  const Index sa = c.structures[a].structure;
  const std::string& A = model.structures[sa].id;
  const std::string& B = model.structures[sb].id;
  out.intro = trf("The summary sets {0} ({1}) against the baseline, {2} ({3}).",
                  {A, structure_label(model, sa, lang), B, structure_label(model, sb, lang)});
  const ChangeSize& size = *c.changes[a];
  const std::string moved = trn("{0} function", "{0} functions", size.moved_functions);
  out.change = trf("Of the {0} present in both, {1} changed hands from {2} to {3}.",
                   {trn("{0} function", "{0} functions", size.common_functions), moved, B, A});
  if (size.followed_functions > 0) {
    out.change += " " + fill(trn("{0} more function went with its unit when the unit merged, "
                                 "split or was renamed.",
                                 "{0} more functions went with their unit when the unit merged, "
                                 "split or was renamed.",
                                 size.followed_functions),
                             {std::to_string(size.followed_functions)});
  }
  if (size.added_functions > 0) {
    out.change += " " + fill(trn("{0} function is new in {1}.", "{0} functions are new in {1}.",
                                 size.added_functions),
                             {std::to_string(size.added_functions), A});
  }
  if (size.dropped_functions > 0) {
    out.change += " " + fill(trn("{0} function of {1} is gone in {2}.",
                                 "{0} functions of {1} are gone in {2}.", size.dropped_functions),
                             {std::to_string(size.dropped_functions), B, A});
  }
  for (std::size_t d = 0; d < model.domains.size(); ++d) {
    std::string line = domain_sentence(model, c, d, a, lang);
    switch (c.placements[d][a].change) {
      case DomainChange::kConsolidated: out.consolidated.push_back(std::move(line)); break;
      case DomainChange::kNarrowed: out.narrowed.push_back(std::move(line)); break;
      case DomainChange::kDispersed: out.dispersed.push_back(std::move(line)); break;
      case DomainChange::kUnchanged: out.unchanged.push_back(std::move(line)); break;
      case DomainChange::kBaseline:
        if (c.structures[b].domains[d].functions > 0 || c.structures[a].domains[d].functions > 0) {
          out.not_compared.push_back(std::move(line));
        }
        break;
    }
  }
  const WholeMetrics& w0 = c.structures[b].whole;
  const WholeMetrics& w1 = c.structures[a].whole;
  const std::string cost0 = rounded(coordination_cost(w0), 1);
  const std::string cost1 = rounded(coordination_cost(w1), 1);
  out.whole =
      c.level ? trf("Across the whole structure cut at level {0}, the share of coordination that "
                    "crosses units goes from {1} in {2} to {3} in {4}, the share only the top can "
                    "settle from {5} to {6}, the mean depth at which cross-unit coordination "
                    "meets from {7} to {8}, and the coordination cost from {9} to {10}.",
                    {std::to_string(*c.level), share(w0.cross_unit_share), B,
                     share(w1.cross_unit_share), A, share(w0.top_level_share),
                     share(w1.top_level_share), share(w0.escalation_depth_mean),
                     share(w1.escalation_depth_mean), cost0, cost1})
              : trf("Across the whole structure, the share of coordination that crosses units "
                    "goes from {0} in {1} to {2} in {3}, the share only the top can settle from "
                    "{4} to {5}, the mean depth at which cross-unit coordination meets from {6} "
                    "to {7}, and the coordination cost from {8} to {9}.",
                    {share(w0.cross_unit_share), B, share(w1.cross_unit_share), A,
                     share(w0.top_level_share), share(w1.top_level_share),
                     share(w0.escalation_depth_mean), share(w1.escalation_depth_mean), cost0,
                     cost1});
  for (std::size_t k = 0; k < c.structures.size(); ++k) {
    if (k == a || k == b) continue;
    const WholeMetrics& w = c.structures[k].whole;
    out.others.push_back(trf(
        "{0}: cross-unit share {1} ({2} against the baseline), coordination cost {3} ({4}); "
        "against the baseline it consolidates {5}, narrows {6}, spreads out {7} and leaves {8} "
        "as they were.",
        {structure_title(model, c.structures[k].structure, lang), share(w.cross_unit_share),
         signed_number(w.cross_unit_share - w0.cross_unit_share, 2),
         rounded(coordination_cost(w), 1),
         signed_number(coordination_cost(w) - coordination_cost(w0), 1),
         trn("{0} domain", "{0} domains", count_change(c, k, DomainChange::kConsolidated)),
         trn("{0} domain", "{0} domains", count_change(c, k, DomainChange::kNarrowed)),
         trn("{0} domain", "{0} domains", count_change(c, k, DomainChange::kDispersed)),
         trn("{0} domain", "{0} domains", count_change(c, k, DomainChange::kUnchanged))}));
  }
  return out;
}

std::string report_html(const Model& model, const Comparison& c, const ReportContent& content) {
  const std::string lang = content.lang.empty() ? "en" : content.lang;
  const std::string title = !content.title.empty() ? content.title
                            : !model.title.empty() ? model.title_in(content.lang)
                                                   : tr("policygraph report");
  const StructureMetrics& base = c.structures[c.baseline];
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"" + esc(lang) + "\">\n<head>\n<meta charset=\"utf-8\"/>\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  h += "<title>" + esc(title) + "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  h += "<h1>" + esc(title) + "</h1>\n";
  h += "<p class=\"lede\">" +
       esc(c.level ? trf("This page compares {0}, cut at level {1} of the hierarchy:",
                         {trn("{0} structure", "{0} structures", c.structures.size()),
                          std::to_string(*c.level)})
                   : trf("This page compares {0}:",
                         {trn("{0} structure", "{0} structures", c.structures.size())})) +
       "</p>\n<ul>\n";
  for (const StructureMetrics& m : c.structures) {
    const Resolved& s = model.structures[m.structure];
    const std::string label = structure_label(model, m.structure, content.lang);
    h += "<li>" + bold(s.id) + (label != s.id ? " " + esc(label) : std::string()) +
         (&m == &base ? " " + esc(tr("(the baseline, which the others are measured against)"))
                      : std::string()) +
         "</li>\n";
  }
  h += "</ul>\n";
  if (!model.description.empty()) h += "<p>" + esc(model.description_in(content.lang)) + "</p>\n";

  // Summary.
  const Summary summary = report_summary(model, c, content.lang);
  h += "<h2>" + esc(tr("Summary")) + "</h2>\n";
  if (c.structures.size() < 2) {
    h += "<p>" + esc(tr("Only one structure is compared, so nothing is measured against a "
                        "baseline.")) +
         "</p>\n";
  } else {
    h += "<p>" + esc(summary.intro) + " " + esc(summary.change) + "</p>\n";
    const auto group = [&](const std::vector<std::string>& lines, std::string_view heading) {
      if (lines.empty()) return;
      h += "<p class=\"status\">" + esc(heading) + "</p>\n<ul class=\"summary\">\n";
      for (const std::string& line : lines) h += "<li>" + esc(line) + "</li>\n";
      h += "</ul>\n";
    };
    group(summary.consolidated, trn("Consolidated ({0} domain)", "Consolidated ({0} domains)",
                                    summary.consolidated.size()));
    group(summary.narrowed,
          trn("Narrowed ({0} domain)", "Narrowed ({0} domains)", summary.narrowed.size()));
    group(summary.dispersed,
          trn("Spread out ({0} domain)", "Spread out ({0} domains)", summary.dispersed.size()));
    group(summary.unchanged, trn("Left as it was ({0} domain)", "Left as it was ({0} domains)",
                                 summary.unchanged.size()));
    group(summary.not_compared,
          trn("Not compared ({0} domain)", "Not compared ({0} domains)",
              summary.not_compared.size()));
    h += "<p>" + esc(summary.whole) + "</p>\n";
    if (content.sensitivity && content.sensitivity->result.structures.size() > 1) {
      const SensitivityResult& r = content.sensitivity->result;
      const std::size_t a = r.baseline == 0 ? 1 : 0;
      h += "<p class=\"status\">" + esc(tr("How sure")) + "</p>\n<p>" +
           esc(trf("The dependency weights are judgements, so every weight was redrawn at "
                   "random, {0}, and the structures measured again (see the section on how sure "
                   "we are).",
                   {trn("{0} time", "{0} times", content.sensitivity->options.samples)})) +
           "</p>\n<ul class=\"summary\">\n";
      for (const std::size_t m : {kTopShare, SensitivityResult::kCross, SensitivityResult::kCost}) {
        h += "<li>" + esc(holds_sentence(model, r, a, m)) + "</li>\n";
      }
      h += "</ul>\n";
    }
    if (!summary.others.empty()) {
      h += "<p class=\"status\">" + esc(tr("The other structures compared")) +
           "</p>\n<ul class=\"summary\">\n";
      for (const std::string& line : summary.others) h += "<li>" + esc(line) + "</li>\n";
      h += "</ul>\n";
    }
  }

  // Comparison.
  const ComparisonTables t = comparison_tables(model, c, content.lang);
  h += "<h2>" + esc(tr("Comparison")) + "</h2>\n<p class=\"note\">" +
       esc(tr("Each figure with its difference to the baseline in brackets.")) + "</p>\n";
  Table whole = metric_names(t.whole);
  if (!c.level) {
    std::vector<std::string> row{tr("Coordination cost")};
    for (std::size_t k = 0; k < c.structures.size(); ++k) {
      const double cost = coordination_cost(c.structures[k].whole);
      const double delta = cost - coordination_cost(base.whole);
      row.push_back(rounded(cost, 1) +
                    (k == c.baseline ? std::string() : " (" + signed_number(delta, 1) + ")"));
    }
    whole.rows.insert(whole.rows.begin() + std::min<std::ptrdiff_t>(
                                               6, static_cast<std::ptrdiff_t>(whole.rows.size())),
                      std::move(row));
  }
  h += html_table(whole);
  h += "<p>" + esc(cost_and_share_paragraph()) + "</p>\n";
  h += work_grouping_part(model, c, content.lang);
  if (c.structures.size() > 1) {
    h += "<h3>" + esc(tr("Size of each change against the baseline")) + "</h3>\n" +
         html_table(metric_names(t.change), "narrow");
  }

  h += "<h2>" + esc(tr("Consolidation by domain")) + "</h2>\n<p class=\"note\">" +
       esc(tr("For each domain: how many units / how many top-level branches hold its "
              "functions, and against the baseline whether it consolidated (its branches fell "
              "to one, or the smallest unit holding all of it sits deeper), narrowed (fewer "
              "branches, still more than one), is unchanged (as many branches, that unit as "
              "deep) or spread out (more branches, or that unit sits higher).")) +
       "</p>\n";
  h += html_table(consolidation_table(model, c, content.lang));
  h += "<h3>" + esc(tr("Owner of each domain: the smallest unit holding all of it (its depth)")) +
       "</h3>\n";
  Table owners = drop_column(t.owners, 0);
  owners.header[0] = tr("domain");
  structure_headers(owners, model, c, 1, true);
  h += html_table(owners);
  if (!t.towers.rows.empty()) {
    Table towers = drop_column(t.towers, 0);
    towers.header[0] = tr("domain");
    structure_headers(towers, model, c, 1, true);
    // Only the domains with a control tower somewhere.
    std::erase_if(towers.rows, [](const std::vector<std::string>& row) {
      return std::all_of(row.begin() + 1, row.end(), [](const std::string& x) { return x == "-"; });
    });
    h += "<h3>" + esc(tr("Control towers")) + "</h3>\n<p class=\"note\">" +
         esc(tr("The unit designated to steer a domain, the share of the domain's functions "
                "inside it and the share of the domain's internal coordination with both ends "
                "inside it.")) +
         "</p>\n" + html_table(towers);
  }

  // Pictures.
  if (!content.pictures.empty() || !content.pictures_note.empty()) {
    h += "<h2>" + esc(tr("Pictures")) + "</h2>\n";
    std::string view_note;
    switch (content.picture_view) {
      case DotView::kUnits:
        view_note = tr("A node is a unit that owns functions, sized by how many and coloured by "
                       "their most common primary domain; a line joins two units whose "
                       "functions depend on each other, wider and labelled with the summed "
                       "weight.");
        break;
      case DotView::kTree:
        view_note = tr("Each picture is the organization chart: every unit with its kind, "
                       "headcount and first functions; a control tower has a red border.");
        break;
      default:
        view_note = tr("A node is a policy function, coloured by its primary domain; a box is a "
                       "unit. Red lines are dependencies between units that meet only at the "
                       "top, blue lines meet lower down, grey lines stay inside one unit.");
        break;
    }
    h += "<p class=\"note\">" + esc(view_note) + "</p>\n";
    if (content.pictures_simplified) {
      h += "<p class=\"note\">" +
           esc(trf("The pictures draw units, not functions: the largest structure has {0} "
                   "functions and {1} pairs of dependent functions, and a picture of more than "
                   "{2} functions or {3} pairs can neither be read on a page nor laid out by "
                   "Graphviz in reasonable time. For the same reason there is no picture of "
                   "what moved; the picture of where the functions went, under What changed, "
                   "shows it. policygraph dot --view functions draws the functions of one "
                   "structure.",
                   {std::to_string(content.pictures_simplified->functions),
                    std::to_string(content.pictures_simplified->pairs),
                    std::to_string(kMaxPictureFunctions), std::to_string(kMaxPicturePairs)})) +
           "</p>\n";
    }
    if (content.pictures_folded && content.picture_level) {
      h += "<p class=\"note\">" +
           esc(trf("The pictures are folded to level {0}: units below that depth are drawn "
                   "inside their ancestor at depth {0}, so that the labels stay readable on A4. "
                   "Unfolded, the largest structure would draw {1} unit boxes; the report folds "
                   "when a picture would draw more than {2}. policygraph dot draws every unit "
                   "without --level.",
                   {std::to_string(*content.picture_level), std::to_string(content.boxes_unfolded),
                    std::to_string(kMaxPictureBoxes)})) +
           "</p>\n";
    } else if (content.picture_level) {
      h += "<p class=\"note\">" +
           esc(trf("The pictures are cut at level {0}, as the comparison is.",
                   {std::to_string(*content.picture_level)})) +
           "</p>\n";
    }
    if (!content.pictures_note.empty()) {
      h += "<p class=\"note\">" + esc(content.pictures_note) + "</p>\n";
    }
    if (!content.diff_pictures.empty()) {
      h += "<p class=\"note\">" +
           esc(tr("After the picture of each structure comes, for each structure other than the "
                  "baseline, what moved against the baseline: functions that changed unit are "
                  "drawn in red with the unit they came from, functions and units that are new "
                  "are marked new, and units removed and functions dropped are listed at the "
                  "top of the picture.")) +
           "</p>\n";
    }
    if (!content.pictures.empty() && !content.pictures.front().svg.empty()) {
      h += "<p class=\"note\">" +
           esc(tr("In print each picture takes a landscape page of its own.")) + "</p>\n";
    }
    for (const ReportPicture& p : content.pictures) h += figure(p);
    for (const ReportPicture& p : content.diff_pictures) h += figure(p);
  }

  h += matrix_section(content);
  h += misplaced_section(model, c, content);

  if (!content.diffs.empty()) {
    h += "<h2>" + esc(tr("What changed")) + "</h2>\n<p class=\"note\">" +
         esc(tr("From the baseline to each structure compared: first what happened to the "
                "units and what drove each figure (as policygraph explain tells it), with a "
                "picture of where the functions went, then item by item. A function changed "
                "hands when its new unit does not carry on its old one; it went with its unit "
                "when its unit merged, split or took a new name.")) +
         "</p>\n";
    for (std::size_t k = 0; k < content.diffs.size(); ++k) {
      const StructureDiff& d = content.diffs[k];
      std::string story;
      if (k < content.explanations.size()) {
        const std::optional<int> level = content.explanations[k].level;
        story += "<p class=\"note\">" +
                 esc(level ? trf("What happened, with the units matched at level {0}; the items "
                                 "further down are unit by unit, at every level.",
                                 {std::to_string(*level)})
                           : tr("What happened, with every unit matched on its own, as in the "
                                "items further down.")) +
                 "</p>\n<ul class=\"story\">\n";
        for (const std::string& line :
             explain_sentences(model, content.explanations[k], content.lang)) {
          story += "<li>" + esc(line) + "</li>\n";
        }
        story += "</ul>\n";
      }
      if (k < content.alluvials.size()) {
        // TRANSLATORS: the caption of the alluvial picture; {0} and {1} are structure ids.
        story += figure({trf("Where the functions of {0} went in {1}, by unit and primary domain",
                             {model.structures[d.from].id, model.structures[d.to].id}),
                         content.alluvials[k], ""});
      }
      h += diff_section(model, d, content.lang, story);
    }
  }
  if (content.sensitivity) h += sensitivity_section(model, *content.sensitivity, content.lang);
  if (content.proposal) h += proposal_section(model, *content.proposal, content.lang);

  h += "<h2>" + esc(tr("How to read these numbers")) + "</h2>\n" + how_to_read();
  if (!model.sources.empty()) {
    h += "<h2>" + esc(tr("Sources")) + "</h2>\n<ul>\n";
    for (const Source& s : model.sources) {
      h += "<li>" + esc(s.title);
      if (!s.date.empty()) h += " (" + esc(s.date) + ")";
      if (!s.url.empty()) h += ", <a href=\"" + esc(s.url) + "\">" + esc(s.url) + "</a>";
      if (!s.note.empty()) h += ". " + esc(s.note);
      h += "</li>\n";
    }
    h += "</ul>\n";
  }
  h += "<p class=\"note\">" + esc(trf("Made with policygraph from {0}.", {model.path})) +
       "</p>\n</body>\n</html>\n";
  return h;
}

}  // namespace policygraph
