#include <policygraph/report/report_writer.hpp>

#include <policygraph/core/text.hpp>
#include <policygraph/report/compare_writer.hpp>
#include <policygraph/report/diff_writer.hpp>
#include <policygraph/report/metrics_writer.hpp>
#include <policygraph/report/table.hpp>

namespace policygraph {

namespace {

/// Text for the page, which is HTML that also parses as XML: the one XML
/// escaper, with `'` as `&#39;` too and line breaks kept for `<pre>` blocks.
std::string esc(std::string_view s) { return escape_xml(s, {.apostrophe = true}); }

std::string html_table(const Table& t, const std::string& css_class = "") {
  std::string out = "<table" + (css_class.empty() ? std::string() : " class=\"" + css_class + "\"") +
                    ">\n<thead><tr>";
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    const bool right = c < t.right.size() && t.right[c];
    out += std::string(right ? "<th class=\"num\">" : "<th>") + esc(t.header[c]) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const bool right = c < t.right.size() && t.right[c];
      out += std::string(right ? "<td class=\"num\">" : "<td>") + esc(row[c]) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
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

std::string share(double v) { return rounded(v, 2); }

constexpr const char* kStyle = R"(
body { font-family: "Noto Sans", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic",
       "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a; max-width: 64rem;
       margin: 2rem auto; padding: 0 1.5rem; line-height: 1.5; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #4477aa; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
.lede { color: #555; margin-top: 0; }
ul.summary li { margin: .35rem 0; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .86rem; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f2f5f9; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
figure { margin: 1rem 0 2rem; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: bold; margin-bottom: .4rem; }
pre { background: #f7f7f7; padding: .8rem; overflow-x: auto; font-size: .8rem; }
.note { color: #666; font-size: .9rem; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { page-break-after: avoid; }
  figure, table { page-break-inside: avoid; }
  .scroll { overflow: visible; }
  details { display: none; }
}
)";

constexpr const char* kHowToRead = R"(<ul>
<li><b>Cross-unit share</b>: the share of all coordination (dependency weight) between functions
owned by different units. Lower means units enclose more of the work they must coordinate.</li>
<li><b>Top-level share</b>: the share that crosses units meeting only at the head of the
organization, which only the top can settle.</li>
<li><b>Escalation depth</b>: how deep, on average, two cooperating units meet. Higher means
coordination is settled lower in the hierarchy.</li>
<li><b>Modularity</b> and <b>alignment (NMI)</b>: how well units enclose their dependencies
(compared with chance), and how closely units follow policy domains (1: each domain is a unit).</li>
<li><b>Units / branches</b> of a domain: how many units and top-level branches hold its
functions. A domain is <b>consolidated</b> when its branches fall to one or the smallest unit
holding all of it (its <b>owner</b>) sits deeper in the tree.</li>
<li><b>Control-tower coverage</b>: the share of a domain's functions, and of its internal
coordination, inside the designated unit's subtree.</li>
<li><b>Misplaced functions</b>: functions pulled harder by another unit's functions than by
their own unit's.</li>
<li>The dependency weights are judgements; the sensitivity section, when present, shows how far
the conclusions survive when they are redrawn at random.</li>
</ul>)";

}  // namespace

std::vector<std::string> summary_sentences(const Model& model, const Comparison& c,
                                           std::string_view lang) {
  std::vector<std::string> out;
  if (c.structures.size() < 2) return out;
  const std::size_t b = c.baseline;
  const std::size_t a = b == 0 ? 1 : 0;
  const StructureMetrics& before = c.structures[b];
  const StructureMetrics& after = c.structures[a];
  const Resolved& s_after = model.structures[after.structure];
  for (std::size_t d = 0; d < model.domains.size(); ++d) {
    const DomainMetrics& x = before.domains[d];
    const DomainMetrics& y = after.domains[d];
    if (x.functions == 0 || y.functions == 0) continue;
    if (x.branches == y.branches && x.owner == y.owner && x.units == y.units &&
        y.control_tower == kNone) {
      continue;
    }
    std::string line = domain_name(model, static_cast<Index>(d), lang) + ": " +
                       count_noun(x.branches, "top-level branch", "top-level branches") +
                       " before, " + std::to_string(y.branches) + " after";
    if (y.branches == 1 && y.owner_depth >= 1) {
      line += ", all under the " + model.unit_name(s_after, y.owner, lang);
    }
    line += "; " + count_noun(x.units, "unit", "units") + " before, " +
            std::to_string(y.units) + " after; cross-unit share of its dependencies from " + share(x.cross_unit_share) +
            " to " + share(y.cross_unit_share) + ".";
    if (c.placements[d][a].consolidated) {
      line += " Consolidated.";
    } else if (y.branches > x.branches) {
      line += " More spread out than before.";
    } else {
      line += " Not consolidated.";
    }
    if (y.control_tower != kNone) {
      line += " Its control tower, the " + model.unit_name(s_after, y.control_tower, lang) +
              ", holds " + rounded(100 * y.tower_coverage, 0) + "% of its functions and " +
              rounded(100 * y.tower_internal_share, 0) + "% of its internal coordination.";
    }
    out.push_back(std::move(line));
  }
  const WholeMetrics& w0 = before.whole;
  const WholeMetrics& w1 = after.whole;
  out.push_back("Across the whole structure" +
                (c.level ? " (cut at level " + std::to_string(*c.level) + ")" : std::string()) +
                ", the share of coordination crossing units goes from " +
                share(w0.cross_unit_share) + " to " + share(w1.cross_unit_share) +
                ", the share only the top can settle from " + share(w0.top_level_share) + " to " +
                share(w1.top_level_share) + ", and the mean depth at which cross-unit coordination "
                "meets from " + share(w0.escalation_depth_mean) + " to " +
                share(w1.escalation_depth_mean) + ".");
  return out;
}

std::string report_html(const Model& model, const Comparison& c, const ReportContent& content) {
  const std::string lang = content.lang.empty() ? "en" : content.lang;
  const std::string title = !content.title.empty() ? content.title
                            : !model.title.empty() ? model.title
                                                   : std::string("policygraph report");
  const StructureMetrics& base = c.structures[c.baseline];
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"" + esc(lang) + "\">\n<head>\n<meta charset=\"utf-8\"/>\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  h += "<title>" + esc(title) + "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  h += "<h1>" + esc(title) + "</h1>\n";
  std::string compared;
  for (const StructureMetrics& m : c.structures) {
    compared += (compared.empty() ? "" : ", ") + structure_title(model, m.structure, content.lang);
  }
  h += "<p class=\"lede\">Structures compared: " + esc(compared) + ". Baseline: " +
       esc(model.structures[base.structure].id) + ". Level: " +
       esc(c.level ? std::to_string(*c.level) : std::string("none (every unit)")) + ".</p>\n";
  if (!model.description.empty()) h += "<p>" + esc(model.description) + "</p>\n";

  h += "<h2>Summary</h2>\n<ul class=\"summary\">\n";
  for (const std::string& line : summary_sentences(model, c, content.lang)) {
    h += "<li>" + esc(line) + "</li>\n";
  }
  h += "</ul>\n";

  const ComparisonTables t = comparison_tables(model, c, content.lang);
  h += "<h2>Comparison</h2>\n<p class=\"note\">Each figure with its difference to the baseline "
       "in brackets.</p>\n<div class=\"scroll\">" + html_table(t.whole) + "</div>\n";
  if (c.structures.size() > 1) {
    h += "<h3>Size of each change against the baseline</h3>\n<div class=\"scroll\">" +
         html_table(t.change) + "</div>\n";
  }
  h += "<h2>Consolidation by domain</h2>\n<p class=\"note\">" + esc(kPlacementNote) + ".</p>\n";
  h += "<div class=\"scroll\">" + html_table(t.placements) + "</div>\n";
  h += "<h3>Owner of each domain (depth in the tree)</h3>\n<div class=\"scroll\">" +
       html_table(t.owners) + "</div>\n";

  h += "<h2>Pictures</h2>\n";
  if (!content.pictures_note.empty()) h += "<p class=\"note\">" + esc(content.pictures_note) + "</p>\n";
  for (const ReportPicture& p : content.pictures) {
    h += "<figure>\n<figcaption>" + esc(p.caption) + "</figcaption>\n";
    if (!p.svg.empty()) {
      h += inline_svg(p.svg) + "\n";
    } else {
      h += "<details><summary>DOT source (render with Graphviz: dot -Tsvg)</summary>\n<pre>" +
           esc(p.dot) + "</pre></details>\n";
    }
    h += "</figure>\n";
  }

  h += "<h2>Misplaced functions</h2>\n<p class=\"note\">Functions pulled harder by another "
       "unit's functions than by their own unit's.</p>\n";
  for (const StructureMetrics& m : c.structures) {
    h += "<h3>" + esc(structure_title(model, m.structure, content.lang)) + "</h3>\n";
    Table mis = metrics_table(model, {m}, MetricsTable::kMisplaced, content.lang, false);
    for (auto& row : mis.rows) row.erase(row.begin(), row.begin() + 2);
    mis.header.erase(mis.header.begin(), mis.header.begin() + 2);
    mis.right.erase(mis.right.begin(), mis.right.begin() + 2);
    h += m.misplaced.empty() ? "<p>None.</p>\n" : "<div class=\"scroll\">" + html_table(mis) + "</div>\n";
  }

  h += "<h2>What changed</h2>\n";
  for (const StructureDiff& d : content.diffs) {
    h += "<pre>" + esc(diff_text(model, d, content.lang)) + "</pre>\n";
  }
  if (content.sensitivity) h += "<h2>How sure we are</h2>\n<pre>" + esc(*content.sensitivity) + "</pre>\n";
  if (content.proposal) h += "<h2>A proposal from the optimizer</h2>\n<pre>" + esc(*content.proposal) + "</pre>\n";

  h += "<h2>How to read these numbers</h2>\n" + std::string(kHowToRead) + "\n";
  if (!model.sources.empty()) {
    h += "<h2>Sources</h2>\n<ul>\n";
    for (const Source& s : model.sources) {
      h += "<li>" + esc(s.title);
      if (!s.date.empty()) h += " (" + esc(s.date) + ")";
      if (!s.url.empty()) h += ", <a href=\"" + esc(s.url) + "\">" + esc(s.url) + "</a>";
      if (!s.note.empty()) h += ". " + esc(s.note);
      h += "</li>\n";
    }
    h += "</ul>\n";
  }
  h += "<p class=\"note\">Made with policygraph from " + esc(model.path) + ".</p>\n</body>\n</html>\n";
  return h;
}

}  // namespace policygraph
