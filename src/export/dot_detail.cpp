#include "dot_detail.hpp"

#include <array>
#include <cstdio>

#include <policygraph/core/text.hpp>

namespace policygraph::dot_detail {

namespace {

std::size_t columns_of(char32_t cp) {
  const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
  return wide ? 2 : 1;
}

/// Splits `word` into pieces of at most `width` columns.
std::vector<std::string_view> cut_word(std::string_view word, std::size_t width) {
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  std::size_t used = 0;
  for (std::size_t i = 0; i < word.size();) {
    const auto [cp, len] = code_point_at(word, i);
    const std::size_t w = columns_of(cp);
    if (used + w > width && i > start) {
      pieces.push_back(word.substr(start, i - start));
      start = i;
      used = 0;
    }
    used += w;
    i += len;
  }
  pieces.push_back(word.substr(start));
  return pieces;
}

}  // namespace

std::size_t display_width(std::string_view s) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto [cp, len] = code_point_at(s, i);
    columns += columns_of(cp);
    i += len;
  }
  return columns;
}

std::string truncate(std::string_view s, std::size_t width) {
  if (display_width(s) <= width) return std::string(s);
  std::size_t used = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto [cp, len] = code_point_at(s, i);
    if (used + columns_of(cp) + 1 > width) break;
    used += columns_of(cp);
    i += len;
  }
  return std::string(s.substr(0, i)) + "\u2026";
}

std::string wrap_html(std::string_view s, std::size_t width) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view paragraph = s.substr(start, end - start);
    std::string line;
    std::size_t used = 0;
    std::size_t i = 0;
    while (i < paragraph.size()) {
      if (paragraph[i] == ' ') {
        ++i;
        continue;
      }
      std::size_t j = paragraph.find(' ', i);
      if (j == std::string_view::npos) j = paragraph.size();
      for (std::string_view piece : cut_word(paragraph.substr(i, j - i), width)) {
        const std::size_t w = display_width(piece);
        if (!line.empty() && used + 1 + w > width) {
          lines.push_back(std::move(line));
          line.clear();
          used = 0;
        }
        if (!line.empty()) {
          line += ' ';
          ++used;
        }
        line += piece;
        used += w;
      }
      i = j;
    }
    lines.push_back(std::move(line));
    start = end + 1;
  }
  std::string out;
  for (const std::string& line : lines) {
    if (!out.empty()) out += "<br/>";
    out += dot_html_text(line);
  }
  return out;
}

std::string html_fill(std::string_view pattern,
                      std::initializer_list<std::string_view> html_args) {
  return policygraph::fill(dot_html_text(pattern), html_args);
}

std::string_view text_colour_on(std::string_view fill) {
  if (fill.size() != 7 || fill[0] != '#') return "#000000";
  auto channel = [&](std::size_t at) {
    return std::stoi(std::string(fill.substr(at, 2)), nullptr, 16) / 255.0;
  };
  // Relative luminance, roughly (sRGB weights on the gamma-encoded values).
  const double y = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return y < 0.45 ? "#FFFFFF" : "#000000";
}

std::string fixed2(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", x);
  return buffer;
}

std::string shortest(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", x);
  return buffer;
}

std::string HelperNames::take(std::string base) {
  while (model_.find_function(base) || model_.find_unit(base) || taken_.contains(base)) {
    base += '_';
  }
  taken_.insert(base);
  return base;
}

std::string_view cluster_fill(Index depth) {
  static constexpr std::array<std::string_view, 5> kFills{"#FFFFFF", "#F5F7FA", "#EAEFF4",
                                                          "#DFE6EE", "#D4DDE7"};
  return kFills[std::min<std::size_t>(depth, kFills.size() - 1)];
}

std::string frame_open(const Model& model, const Resolved& s, std::string_view lang,
                       bool directed, std::string_view rankdir, std::string_view splines,
                       std::string_view subtitle, std::string_view legend) {
  const std::string font = dot_quoted(kDotFont);
  std::string details = s.id;
  if (!model.title.empty()) details = model.title_in(lang) + " \u00B7 " + details;
  std::string out = directed ? "digraph " : "graph ";
  out += dot_quoted(s.id) + " {\n";
  out += "  graph [fontname=" + font + ", fontsize=12, rankdir=" + std::string(rankdir) +
         ", newrank=true, nodesep=0.2, ranksep=0.35, pad=0.3, splines=" +
         std::string(splines) + ", outputorder=edgesfirst, labelloc=t, labeljust=l,\n"
         "         label=<<table border=\"0\" cellborder=\"0\" cellspacing=\"0\" "
         "cellpadding=\"2\">\n"
         "    <tr><td align=\"left\"><font point-size=\"24\"><b>" +
         dot_html_text(s.labels.pick(lang, s.id)) + "</b></font></td></tr>\n"
         "    <tr><td align=\"left\"><font point-size=\"13\" color=\"" + std::string(kMuted) +
         "\">" + dot_html_text(details) + std::string(subtitle) + "</font></td></tr>\n";
  if (!legend.empty()) {
    out += "    <tr><td align=\"left\" cellpadding=\"6\">" + std::string(legend) + "</td></tr>\n";
  }
  out += "    </table>>]\n";
  out += "  node [fontname=" + font +
         ", fontsize=11, shape=box, style=\"rounded,filled\", fillcolor=\"#FFFFFF\", "
         "color=\"#666666\", penwidth=0.8, margin=\"0.10,0.05\"]\n";
  out += "  edge [fontname=" + font + ", fontsize=9, color=\"" + std::string(kInternalEdge) +
         "\"]\n";
  return out;
}

Layout layout_of(const Resolved& s, std::optional<int> level) {
  UnitTree tree(s);
  std::vector<Index> fold = tree.aggregation(level);
  std::vector<Index> owner = owners_at(s, fold);
  return {std::move(tree), std::move(fold), std::move(owner), level};
}

std::vector<std::vector<Index>> functions_by_unit(const Model& model, const Layout& layout) {
  std::vector<std::vector<Index>> owned(model.unit_ids.size());
  for (Index f = 0; f < layout.owner.size(); ++f) {
    if (layout.owner[f] != kNone) owned[layout.owner[f]].push_back(f);
  }
  return owned;
}

void Legend::heading(std::string_view text) {
  items_.push_back({Item::kHeading, "<b>" + dot_html_text(text) + "</b>", ""});
}

void Legend::swatch(std::string_view fill, std::string_view text_html,
                    std::string_view border_colour, int border) {
  items_.push_back({Item::kEntry,
                    "<td border=\"" + std::to_string(border) + "\" color=\"" +
                        std::string(border_colour) + "\" bgcolor=\"" + std::string(fill) +
                        "\" width=\"22\" height=\"12\" fixedsize=\"true\"></td>",
                    std::string(text_html)});
}

void Legend::line(std::string_view colour, std::string_view glyphs, std::string_view text_html) {
  items_.push_back({Item::kEntry,
                    "<td><font color=\"" + std::string(colour) + "\">" + std::string(glyphs) +
                        "</font></td>",
                    std::string(text_html)});
}

void Legend::note(std::string_view text_html) {
  items_.push_back({Item::kNote, std::string(text_html), ""});
}

std::string Legend::render(std::size_t per_row) const {
  if (items_.empty()) return {};
  const std::string span = std::to_string(3 * per_row);
  std::string out = "<table border=\"0\" cellborder=\"0\" cellspacing=\"1\" cellpadding=\"2\">";
  std::string row;
  std::size_t in_row = 0;
  auto flush = [&] {
    if (in_row > 0) out += "\n      <tr>" + row + "</tr>";
    row.clear();
    in_row = 0;
  };
  for (const Item& item : items_) {
    if (item.kind == Item::kEntry) {
      row += item.first + "<td align=\"left\">" + item.second + "</td><td width=\"10\"></td>";
      if (++in_row == per_row) flush();
      continue;
    }
    flush();
    out += "\n      <tr><td colspan=\"" + span + "\" align=\"left\">" + item.first + "</td></tr>";
  }
  flush();
  return out + "</table>";
}

void add_domain_swatches(Legend& legend, const Model& model, const std::vector<Index>& owner,
                         std::string_view lang) {
  std::vector<std::uint8_t> used(model.domains.size(), 0);
  for (Index f = 0; f < owner.size(); ++f) {
    if (owner[f] != kNone) used[model.functions[f].domains.front()] = 1;
  }
  // TRANSLATORS: the heading of the legend's colours: each function is
  // filled with the colour of its first (primary) policy domain.
  legend.heading(tr("Primary domain"));
  for (Index d = 0; d < model.domains.size(); ++d) {
    if (used[d] == 0U) continue;
    const Domain& domain = model.domains[d];
    legend.swatch(domain_colour(d), wrap_html(domain.labels.pick(lang, domain.id), 36));
  }
}

}  // namespace policygraph::dot_detail
