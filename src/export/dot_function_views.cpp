// The `functions` and `diff` views: a node per present function inside
// nested unit clusters.
#include <algorithm>
#include <array>

#include "dot_detail.hpp"

namespace policygraph::dot_detail {

namespace {

constexpr std::size_t kFunctionWrap = 24;  // columns of a function label line
constexpr std::size_t kClusterWrap = 40;   // columns of a unit label line
constexpr std::size_t kNoteWrap = 120;     // columns of a legend note line
constexpr std::size_t kLegendRow = 5;      // legend entries in a row
constexpr std::string_view kLineGlyphs = "\u2501\u2501\u2501";

/// What a cluster shows beside the unit's own name.
struct ClusterMarks {
  std::vector<std::string> suffix;  ///< per unit: extra HTML after the name
  std::vector<std::string> border;  ///< per unit: style, color, penwidth ("" for the usual)
  std::vector<std::uint8_t> always;  ///< per unit: draw even without functions
};

/// Per unit: 2 when its cluster is drawn with nodes in it or below, 1 when
/// drawn empty (`always`: it needs a placeholder node), 0 when not drawn
/// (beyond the level, or nothing to show).
std::vector<std::uint8_t> drawn_units(const Layout& layout,
                                      const std::vector<std::vector<Index>>& owned,
                                      const std::vector<std::uint8_t>& always) {
  std::vector<std::uint8_t> drawn(owned.size(), 0);
  const auto& pre = layout.tree.preorder();
  for (auto it = pre.rbegin(); it != pre.rend(); ++it) {
    const Index u = *it;
    if (layout.fold[u] != u) continue;  // folded into an ancestor
    if (!owned[u].empty()) drawn[u] = 2;
    if (drawn[u] == 0U && always[u] != 0U) drawn[u] = 1;
    const Index p = layout.tree.parent(u);
    if (p != kNone && drawn[u] != 0U) drawn[p] = 2;
  }
  return drawn;
}

std::string cluster_font_size(Index depth) {
  static constexpr std::array<int, 4> kSizes{16, 14, 12, 11};
  return std::to_string(kSizes[std::min<std::size_t>(depth, kSizes.size() - 1)]);
}

/// Nested `subgraph "cluster:ID"` blocks in preorder, each listing the
/// functions its unit owns (their attributes are declared before) in the
/// columns of plan_bands, chained top to bottom by invisible edges, and an
/// invisible anchor per row of the unit's box; then the invisible edges that
/// hang each row's columns and child boxes below its anchor and each row
/// below the one before. Dependencies do not constrain the ranks.
void write_clusters(std::string& out, const Model& model, const Resolved& s,
                    const Layout& layout, std::string_view lang,
                    const std::vector<std::vector<Index>>& owned, const ClusterMarks& marks,
                    HelperNames& names) {
  const std::vector<std::uint8_t> drawn = drawn_units(layout, owned, marks.always);
  const Bands bands = plan_bands(layout, drawn, owned);
  std::vector<std::vector<std::string>> anchors(owned.size());  // per unit: per row
  std::vector<std::string> placeholder(owned.size());
  std::vector<Index> open;
  auto close_one = [&] {
    open.pop_back();
    out += std::string(2 * open.size() + 2, ' ') + "}\n";
  };
  for (Index u : layout.tree.preorder()) {
    if (drawn[u] == 0U) continue;
    while (!open.empty() && open.back() != layout.tree.parent(u)) close_one();
    const std::string pad(2 * open.size() + 2, ' ');
    const Index depth = layout.tree.depth(u);
    out += pad + "subgraph " + dot_quoted("cluster:" + model.unit_ids[u]) + " {\n";
    out += pad + "  label=<<b>" + wrap_html(model.unit_name(s, u, lang), kClusterWrap) +
           "</b>" + marks.suffix[u] + ">; fontsize=" + cluster_font_size(depth) +
           "; fillcolor=\"" + std::string(cluster_fill(depth)) + "\"; " +
           (marks.border[u].empty() ? "style=\"rounded,filled\"; color=\"#8A8A8A\"; penwidth=1"
                                    : marks.border[u]) +
           "\n";
    for (std::size_t r = 0; r < bands.rows[u].size(); ++r) {
      anchors[u].push_back(
          dot_quoted(names.take("row:" + model.unit_ids[u] + ":" + std::to_string(r + 1))));
      out += pad + "  " + anchors[u].back() +
             " [shape=point, style=invis, width=0.01, height=0.01, label=\"\"]\n";
    }
    if (drawn[u] == 1U) {
      placeholder[u] = dot_quoted(names.take("empty:" + model.unit_ids[u]));
      out += pad + "  " + placeholder[u] + " [shape=plain, style=solid, label=<<i>" +
             // TRANSLATORS: shown in the box of a unit that owns no function.
             dot_html_text(tr("no functions")) + "</i>>]\n";
    }
    for (const std::vector<Index>& column : bands.columns[u]) {
      out += pad + "  " + dot_quoted(model.functions[column.front()].id);
      for (std::size_t i = 1; i < column.size(); ++i) {
        out += " -- " + dot_quoted(model.functions[column[i]].id);
      }
      out += column.size() > 1 ? " [style=invis]\n" : "\n";
    }
    open.push_back(u);
  }
  while (!open.empty()) close_one();
  for (Index u : layout.tree.preorder()) {
    if (drawn[u] == 0U) continue;
    const auto& rows = bands.rows[u];
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const std::string& anchor = anchors[u][r];
      if (r > 0) {
        out += "  " + anchors[u][r - 1] + " -- " + anchor + " [style=invis, minlen=" +
               std::to_string(rows[r - 1].height + 1) + "]\n";
      }
      for (Index c : rows[r].columns) {
        out += "  " + anchor + " -- " +
               dot_quoted(model.functions[bands.columns[u][c].front()].id) + " [style=invis]\n";
      }
      if (r == 0 && !placeholder[u].empty()) {
        out += "  " + anchor + " -- " + placeholder[u] + " [style=invis]\n";
      }
      for (Index v : rows[r].children) {
        out += "  " + anchor + " -- " + anchors[v].front() + " [style=invis, minlen=0]\n";
      }
    }
  }
}

/// A function node's attributes: fill by primary domain, label wrapped.
std::string function_node(const Model& model, Index f, std::string_view lang,
                          std::string_view extra_label, std::string_view extra_attrs) {
  const Function& fn = model.functions[f];
  const std::string& fill = domain_colour(fn.domains.front());
  std::string out = "  " + dot_quoted(fn.id) + " [label=<" +
                    wrap_html(fn.labels.pick(lang, fn.id), kFunctionWrap) +
                    std::string(extra_label) + ">, fillcolor=\"" + fill + "\"";
  const std::string_view ink = text_colour_on(fill);
  if (ink != "#000000") out += ", fontcolor=\"" + std::string(ink) + "\"";
  out += std::string(extra_attrs) + "]\n";
  return out;
}

/// Largest summed weight among pairs of present functions (0 when none).
double max_pair_weight(const Model& model, const std::vector<Index>& owner) {
  double w_max = 0;
  for (Index u = 0; u < owner.size(); ++u) {
    if (owner[u] == kNone) continue;
    const auto nbrs = model.graph.neighbours(u);
    const auto wts = model.graph.neighbour_weights(u);
    for (std::size_t i = 0; i < nbrs.size(); ++i) {
      if (owner[nbrs[i]] != kNone) w_max = std::max(w_max, wts[i]);
    }
  }
  return w_max;
}

/// Every pair of present functions once (u < v, in graph order); `style`
/// gives the attributes of a pair from its weight share and the two owners.
template <typename Style>
void write_dependencies(std::string& out, const Model& model, const std::vector<Index>& owner,
                        Style style) {
  const double w_max = max_pair_weight(model, owner);
  for (Index u = 0; u < owner.size(); ++u) {
    if (owner[u] == kNone) continue;
    const auto nbrs = model.graph.neighbours(u);
    const auto wts = model.graph.neighbour_weights(u);
    for (std::size_t i = 0; i < nbrs.size(); ++i) {
      const Index v = nbrs[i];
      if (v < u || owner[v] == kNone) continue;
      out += "  " + dot_quoted(model.functions[u].id) + " -- " +
             dot_quoted(model.functions[v].id) + " [" + style(wts[i] / w_max, owner[u], owner[v]) +
             // TRANSLATORS: the tooltip of a dependency line; {0} is its summed weight.
             ", constraint=false, tooltip=" + dot_quoted(trf("weight {0}", {shortest(wts[i])})) +
             "]\n";
    }
  }
}

std::string level_subtitle(const std::optional<int>& level) {
  // TRANSLATORS: part of a picture's subtitle; {0} is a depth of the hierarchy.
  return level ? " \u00B7 " + trf("units folded to level {0}", {std::to_string(*level)})
               : std::string();
}

}  // namespace

std::string functions_view(const Model& model, const Resolved& s, const DotOptions& options) {
  const Layout layout = layout_of(s, options.level);
  const auto owned = functions_by_unit(model, layout);
  const std::string_view lang = options.lang;
  std::string body;
  for (Index f = 0; f < layout.owner.size(); ++f) {
    if (layout.owner[f] != kNone) body += function_node(model, f, lang, "", "");
  }
  const std::size_t units = model.unit_ids.size();
  HelperNames names(model);
  write_clusters(body, model, s, layout, lang, owned,
                 {std::vector<std::string>(units), std::vector<std::string>(units),
                  std::vector<std::uint8_t>(units, 0)},
                 names);
  write_dependencies(body, model, layout.owner, [&](double share, Index a, Index b) {
    if (a == b) return "penwidth=" + fixed2(0.8 + 1.2 * share);
    const bool top = layout.tree.lca(a, b) == layout.tree.root();
    return "color=\"" + std::string(top ? kTopEdge : kCrossEdge) +
           "90\", penwidth=" + fixed2(0.9 + 2.1 * share);
  });
  Legend legend;
  add_domain_swatches(legend, model, layout.owner, lang);
  legend.heading(tr("Dependencies (line width: weight)"));
  // TRANSLATORS: legend entries of the dependency lines between functions:
  // both in one unit; in two units whose nearest common unit is below the
  // top of the structure; in two units that meet only at its top.
  legend.line(kInternalEdge, kLineGlyphs, dot_html_text(tr("inside one unit")));
  legend.line(kCrossEdge, kLineGlyphs,
              dot_html_text(tr("across units that meet below the top")));
  legend.line(kTopEdge, kLineGlyphs,
              dot_html_text(tr("across units that meet only at the top")));
  return frame_open(model, s, lang, false, "TB", "curved", dot_html_text(level_subtitle(options.level)),
                    legend.render(kLegendRow)) +
         body + "}\n";
}

std::string diff_view(const Model& model, const Resolved& s, const Resolved& against,
                      const DotOptions& options) {
  const Layout layout = layout_of(s, options.level);
  const auto owned = functions_by_unit(model, layout);
  const std::string_view lang = options.lang;
  std::string body;
  std::size_t moved = 0;
  std::size_t added = 0;
  for (Index f = 0; f < s.assign.size(); ++f) {
    const Index now = s.assign[f];
    const Index before = against.assign[f];
    if (now == kNone) continue;
    if (before == kNone) {
      ++added;
      // TRANSLATORS: the mark on a function or a unit that the structure
      // compared with does not have.
      body += function_node(model, f, lang, "<br/><i><b>" + dot_html_text(tr("new")) + "</b></i>",
                            ", color=\"" + std::string(kNew) +
                                "\", penwidth=3, style=\"rounded,filled,dashed\"");
    } else if (before != now) {
      ++moved;
      body += function_node(
          model, f, lang,
          "<br/><i><font point-size=\"9\">" +
              // TRANSLATORS: under a moved function: {0} is the unit that owned
              // it in the structure compared with.
              html_fill(tr("from: {0}"),
                        {wrap_html(model.unit_name(against, before, lang), kFunctionWrap + 6)}) +
              "</font></i>",
          ", color=\"" + std::string(kMoved) + "\", penwidth=3");
    } else {
      body += function_node(model, f, lang, "", "");
    }
  }
  const std::size_t units = model.unit_ids.size();
  ClusterMarks marks{std::vector<std::string>(units), std::vector<std::string>(units),
                     std::vector<std::uint8_t>(units, 0)};
  for (Index u = 0; u < units; ++u) {
    if (s.present[u] != 0U && against.present[u] == 0U && layout.fold[u] == u) {
      marks.suffix[u] = " <font color=\"" + std::string(kNew) + "\"><b><i>" +
                        dot_html_text(tr("new")) + "</i></b></font>";
      marks.border[u] = "style=\"rounded,filled,dashed\"; color=\"" + std::string(kNew) +
                        "\"; penwidth=2.5";
      marks.always[u] = 1;
    } else if (s.present[u] != 0U && layout.fold[u] == u && against.parent[u] != kNone &&
               s.parent[u] != against.parent[u]) {
      marks.suffix[u] =
          "<br/><font point-size=\"9\" color=\"" + std::string(kMoved) + "\"><i>" +
          // TRANSLATORS: under the name of a unit that moved: {0} is its
          // parent unit in the structure compared with.
          html_fill(tr("moved from: {0}"),
                    {wrap_html(model.unit_name(against, against.parent[u], lang), kClusterWrap)}) +
          "</i></font>";
    }
  }
  HelperNames names(model);
  write_clusters(body, model, s, layout, lang, owned, marks, names);
  body += "  edge [color=\"#C8C8C8\"]\n";
  write_dependencies(body, model, layout.owner, [](double share, Index, Index) {
    return "penwidth=" + fixed2(0.6 + 1.2 * share);
  });
  std::string removed_units;
  for (Index u : against.order) {
    if (s.present[u] != 0U) continue;
    removed_units += (removed_units.empty() ? "" : "; ") + model.unit_name(against, u, lang);
  }
  std::string dropped;
  for (Index f = 0; f < s.assign.size(); ++f) {
    if (s.assign[f] != kNone || against.assign[f] == kNone) continue;
    const Function& fn = model.functions[f];
    dropped += (dropped.empty() ? "" : "; ") + fn.labels.pick(lang, fn.id);
  }
  Legend legend;
  add_domain_swatches(legend, model, layout.owner, lang);
  // TRANSLATORS: {0} is the structure compared with.
  legend.heading(trf("Changes since {0}", {against.labels.pick(lang, against.id)}));
  legend.swatch("#FFFFFF",
                // TRANSLATORS: {0} is how many functions moved (or are new).
                dot_html_text(trf("moved function ({0}), with its old unit",
                                  {std::to_string(moved)})),
                kMoved, 3);
  legend.swatch("#FFFFFF", dot_html_text(trf("new function ({0})", {std::to_string(added)})), kNew,
                3);
  legend.line(kNew, "<b>" + dot_html_text(tr("new")) + "</b>",
              dot_html_text(tr("unit that did not exist")));
  // TRANSLATORS: the sample, in the legend, of the mark "moved from: {0}"
  // under a unit that moved: write it as that mark starts.
  legend.line(kMoved, "<i>" + dot_html_text(tr("moved from")) + "</i>",
              dot_html_text(tr("unit under another parent before")));
  if (!removed_units.empty()) {
    // TRANSLATORS: before the list of the units the structure compared with
    // has and this one does not.
    legend.note("<i>" + dot_html_text(tr("removed units:")) + "</i> " +
                wrap_html(removed_units, kNoteWrap));
  }
  if (!dropped.empty()) {
    // TRANSLATORS: before the list of the functions the structure compared
    // with has and this one does not.
    legend.note("<i>" + dot_html_text(tr("dropped functions:")) + "</i> " +
                wrap_html(dropped, kNoteWrap));
  }
  // TRANSLATORS: part of a picture's subtitle; {0} is the structure compared with.
  const std::string compared = trf("compared with {0}", {against.labels.pick(lang, against.id)});
  return frame_open(model, s, lang, false, "TB", "curved",
                    dot_html_text(" \u00B7 " + compared + level_subtitle(options.level)),
                    legend.render(kLegendRow)) +
         body + "}\n";
}

}  // namespace policygraph::dot_detail
