// The `units` view (a node per owning unit) and the `tree` view (the
// organization chart).
#include <algorithm>
#include <cmath>
#include <map>

#include <policygraph/core/text.hpp>

#include "dot_detail.hpp"

namespace policygraph::dot_detail {

namespace {

constexpr std::size_t kUnitWrap = 26;       // columns of a unit name line
constexpr std::size_t kListedFunctions = 5;  // functions listed in a tree box before "+N more"
constexpr std::size_t kListedWidth = 38;     // columns of one listed function

/// The primary domain most of `functions` have (the earliest on a tie).
Index main_domain(const Model& model, const std::vector<Index>& functions) {
  std::vector<std::size_t> count(model.domains.size(), 0);
  for (Index f : functions) ++count[model.functions[f].domains.front()];
  return static_cast<Index>(std::max_element(count.begin(), count.end()) - count.begin());
}

/// kind · headcount N · autonomous, whichever the unit has.
std::string unit_details(const UnitInfo& info) {
  std::string out = info.kind;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : " \u00B7 ") + part; };
  // TRANSLATORS: in a unit's box of the organization chart; {0} is the
  // number of its staff.
  if (info.headcount) add(trf("headcount {0}", {shortest(*info.headcount)}));
  // TRANSLATORS: in a unit's box of the organization chart: the unit is an
  // autonomous (arm's-length) body.
  if (info.autonomous) add(tr("autonomous"));
  return out;
}

}  // namespace

std::string units_view(const Model& model, const Resolved& s, const DotOptions& options) {
  const Layout layout = layout_of(s, options.level);
  const auto owned = functions_by_unit(model, layout);
  const std::string_view lang = options.lang;
  // A network picture: neato (deterministic, seeded) places the units by
  // their crossing weight; overlaps removed, edges curved around nodes.
  std::string out =
      "  graph [layout=neato, overlap=false, overlap_scaling=-3, sep=\"+8\"]\n"
      "  edge [fontsize=12, fontcolor=\"#333333\"]\n";
  std::size_t most = 1;
  for (const auto& list : owned) most = std::max(most, list.size());
  std::vector<Index> position(model.unit_ids.size(), kNone);
  Index next = 0;
  for (Index u : layout.tree.preorder()) {
    if (owned[u].empty()) continue;
    position[u] = next++;
    const double share = std::sqrt(static_cast<double>(owned[u].size()) / static_cast<double>(most));
    const std::string& fill = domain_colour(main_domain(model, owned[u]));
    const std::size_t n = owned[u].size();
    out += "  " + dot_quoted(model.unit_ids[u]) + " [label=<<b>" +
           wrap_html(model.unit_name(s, u, lang), kUnitWrap) + "</b><br/><font point-size=\"" +
           fixed2(9 + 3 * share) + "\">" +
           dot_html_text(trn("{0} function", "{0} functions", n)) +
           "</font>>, fontsize=" +
           fixed2(10 + 8 * share) + ", width=" + fixed2(0.8 + 1.6 * share) +
           ", height=" + fixed2(0.4 + 1.0 * share) + ", fillcolor=\"" + fill + "\"";
    const std::string_view ink = text_colour_on(fill);
    if (ink != "#000000") out += ", fontcolor=\"" + std::string(ink) + "\"";
    out += "]\n";
  }
  // Summed crossing weight per pair of owning units, keyed by listing position.
  std::map<std::pair<Index, Index>, double> crossing;
  for (Index f = 0; f < layout.owner.size(); ++f) {
    if (layout.owner[f] == kNone) continue;
    const auto nbrs = model.graph.neighbours(f);
    const auto wts = model.graph.neighbour_weights(f);
    for (std::size_t i = 0; i < nbrs.size(); ++i) {
      const Index g = nbrs[i];
      if (g < f || layout.owner[g] == kNone || layout.owner[g] == layout.owner[f]) continue;
      const Index a = position[layout.owner[f]];
      const Index b = position[layout.owner[g]];
      crossing[{std::min(a, b), std::max(a, b)}] += wts[i];
    }
  }
  std::vector<Index> unit_at(next);
  for (Index u = 0; u < position.size(); ++u) {
    if (position[u] != kNone) unit_at[position[u]] = u;
  }
  double w_max = 0;
  for (const auto& [pair, w] : crossing) w_max = std::max(w_max, w);
  for (const auto& [pair, w] : crossing) {
    const Index a = unit_at[pair.first];
    const Index b = unit_at[pair.second];
    const bool top = layout.tree.lca(a, b) == layout.tree.root();
    out += "  " + dot_quoted(model.unit_ids[a]) + " -- " + dot_quoted(model.unit_ids[b]) +
           " [color=\"" + std::string(top ? kTopEdge : kCrossEdge) + "\", penwidth=" +
           fixed2(1 + 5 * w / w_max) + ", label=" + dot_quoted(shortest(w)) + "]\n";
  }
  Legend legend;
  add_domain_swatches(legend, model, layout.owner, lang);
  legend.note("<i>" +
              dot_html_text(tr("Fill: the primary domain of most of the unit's functions; size: "
                               "how many functions it owns.")) +
              "</i>");
  legend.heading(tr("Dependencies crossing units (line width and label: summed weight)"));
  // TRANSLATORS: legend entries of the lines between units: units whose
  // nearest common unit is below the top of the structure; units that meet
  // only at its top.
  legend.line(kCrossEdge, "\u2501\u2501\u2501", dot_html_text(tr("units that meet below the top")));
  legend.line(kTopEdge, "\u2501\u2501\u2501", dot_html_text(tr("units that meet only at the top")));
  std::string subtitle;
  if (options.level) {
    // TRANSLATORS: part of a picture's subtitle; {0} is a depth of the hierarchy.
    subtitle = trf("units owning functions, folded to level {0}", {std::to_string(*options.level)});
  } else {
    // TRANSLATORS: part of a picture's subtitle.
    subtitle = tr("units owning functions");
  }
  if (!options.note.empty()) subtitle += " \u00B7 " + options.note;
  return frame_open(model, s, lang, false, "LR", "true", dot_html_text(" \u00B7 " + subtitle),
                    legend.render(5)) +
         out + "}\n";
}

std::string tree_view(const Model& model, const Resolved& s, const DotOptions& options) {
  const Layout layout = layout_of(s, options.level);
  const auto owned = functions_by_unit(model, layout);
  const std::string_view lang = options.lang;
  std::string subtitle;
  if (options.level) {
    // TRANSLATORS: part of a picture's subtitle; {0} is a depth of the hierarchy.
    subtitle = trf("organization chart, down to level {0}", {std::to_string(*options.level)});
  } else {
    // TRANSLATORS: part of a picture's subtitle.
    subtitle = tr("organization chart");
  }
  std::string out = frame_open(model, s, lang, true, "TB", "ortho",
                               dot_html_text(" \u00B7 " + subtitle), "");
  out += "  edge [arrowhead=none, color=\"#888888\", penwidth=1.2]\n";
  // Control towers per (folded) unit, in domain order.
  std::vector<std::string> towers(model.unit_ids.size());
  for (Index d = 0; d < s.control_tower.size(); ++d) {
    if (s.control_tower[d] == kNone) continue;
    std::string& t = towers[layout.fold[s.control_tower[d]]];
    t += (t.empty() ? "" : ", ") + model.domains[d].labels.pick(lang, model.domains[d].id);
  }
  for (Index u : layout.tree.preorder()) {
    if (layout.fold[u] != u) continue;
    std::string rows = "<tr><td><b>" + wrap_html(model.unit_name(s, u, lang), kUnitWrap) +
                       "</b></td></tr>";
    const std::string details = unit_details(s.info[u]);
    if (!details.empty()) {
      rows += "<tr><td><font point-size=\"9\" color=\"" + std::string(kMuted) + "\">" +
              dot_html_text(details) + "</font></td></tr>";
    }
    const std::vector<Index>& list = owned[u];
    if (!list.empty()) {
      const std::size_t shown = list.size() <= kListedFunctions ? list.size() : kListedFunctions - 1;
      std::string items;
      for (std::size_t i = 0; i < shown; ++i) {
        const Function& fn = model.functions[list[i]];
        items += (i == 0 ? "\u2022 " : "<br/>\u2022 ") +
                 dot_html_text(truncate(fn.labels.pick(lang, fn.id), kListedWidth));
      }
      if (shown < list.size()) {
        // TRANSLATORS: after the functions listed in a unit's box: {0} is how
        // many more it owns.
        items += "<br/>" + dot_html_text(trf("+{0} more", {std::to_string(list.size() - shown)}));
      }
      rows += "<tr><td align=\"left\" balign=\"left\"><font point-size=\"9\">" + items +
              "</font></td></tr>";
    }
    std::string attrs;
    if (!towers[u].empty()) {
      rows += "<tr><td><font point-size=\"10\" color=\"" + std::string(kTower) + "\"><b>" +
              // TRANSLATORS: in the box of a unit designated control tower: {0}
              // lists the policy domains it coordinates.
              html_fill(tr("control tower: {0}"), {wrap_html(towers[u], kListedWidth)}) +
              "</b></font></td></tr>";
      attrs += ", color=\"" + std::string(kTower) + "\", penwidth=3";
    }
    if (s.info[u].autonomous) attrs += ", style=\"rounded,filled,dashed\"";
    if (layout.tree.depth(u) >= 2) {
      // One column per depth inside a branch: an indented list.
      attrs += ", group=" + dot_quoted(model.unit_ids[layout.tree.branch(u)] + "\n" +
                                       std::to_string(layout.tree.depth(u)));
    }
    out += "  " + dot_quoted(model.unit_ids[u]) +
           " [label=<<table border=\"0\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"1\">";
    out += rows;
    out += "</table>>, fillcolor=\"" + std::string(cluster_fill(layout.tree.depth(u))) + "\"";
    out += attrs + "]\n";
  }
  // The root and its children as a chart; below them each branch hangs as a
  // list in preorder (each unit one rank below the one before), which keeps
  // the picture about as wide as the number of top-level units.
  std::vector<Index> previous(model.unit_ids.size(), kNone);  // per branch
  for (Index u : layout.tree.preorder()) {
    const Index p = layout.tree.parent(u);
    if (p == kNone || layout.fold[u] != u) continue;
    const std::string edge = "  " + dot_quoted(model.unit_ids[p]) + " -> " + dot_quoted(model.unit_ids[u]);
    if (layout.tree.depth(u) == 1) {
      out += edge + "\n";
      continue;
    }
    const Index branch = layout.tree.branch(u);
    const Index above = previous[branch] == kNone ? branch : previous[branch];
    out += edge + " [constraint=false]\n";
    out += "  " + dot_quoted(model.unit_ids[above]) + " -> " + dot_quoted(model.unit_ids[u]) +
           " [style=invis, weight=10]\n";
    previous[branch] = u;
  }
  out += "}\n";
  return out;
}

}  // namespace policygraph::dot_detail
