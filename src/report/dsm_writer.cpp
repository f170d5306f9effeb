// The dependency matrix as text, CSV, JSON, SVG and an HTML page.
#include <policygraph/report/dsm_writer.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <policygraph/core/messages.hpp>
#include <policygraph/core/text.hpp>
#include <policygraph/report/metrics_writer.hpp>

#include "svg_text.hpp"

namespace policygraph {
namespace {

using nlohmann::ordered_json;
using svg::px;
using svg::Tenths;
using svg::text_width;

const Resolved& structure_of(const Model& model, const Dsm& m) {
  return model.structures[m.structure];
}

std::string row_id(const Model& model, const Dsm& m, const DsmRow& r) {
  return m.items == DsmItems::kUnits ? model.unit_ids[r.item] : model.functions[r.item].id;
}

std::string row_label(const Model& model, const Dsm& m, const DsmRow& r, std::string_view lang) {
  if (m.items == DsmItems::kUnits) return model.unit_name(structure_of(model, m), r.item, lang);
  const Function& f = model.functions[r.item];
  return f.labels.pick(lang, f.id);
}

/// A weight for people: two decimals at most, no trailing zeros ("2.5", "3").
std::string weight_text(double w) {
  std::string s = rounded(w, 2);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string share_text(double part, double whole) {
  return rounded(whole > 0 ? part / whole : 0.0, 3);
}

std::string level_words(const std::optional<int>& level) {
  return level ? std::to_string(*level) : tr("none");
}

std::string heading(const Model& model, const Dsm& m, std::string_view lang) {
  // TRANSLATORS: {0} is a structure's id and name, {1} a level or "none".
  return trf("Dependency matrix of {0}; level: {1}",
             {structure_title(model, m.structure, lang), level_words(m.level)});
}

std::string rows_sentence(const Dsm& m) {
  if (m.items == DsmItems::kUnits) {
    return trf(
        "Rows and columns: {0} in the order of the unit tree, parents before children. "
        "A cell holds the weight of the dependencies from its row to its column; the "
        "diagonal, the weight inside one unit.",
        {trn("{0} unit", "{0} units", m.rows.size())});
  }
  return trf(
      "Rows and columns: {0} grouped by unit in the order of the unit tree. A cell "
      "holds the weight of the dependencies from its row to its column.",
      {trn("{0} function", "{0} functions", m.rows.size())});
}

/// What crosses units at the matrix's own cut: off its deepest blocks.
double crossing(const Dsm& m) { return m.off_block.empty() ? 0.0 : m.off_block.back(); }

std::string totals_sentence(const Dsm& m) {
  const double across = crossing(m);
  return trf("Total weight {0}: {1} inside the units, {2} across them (a share of {3}).",
             {weight_text(m.total_weight), weight_text(m.total_weight - across),
              weight_text(across), share_text(across, m.total_weight)});
}

std::string against_sentence(const Model& model, const Dsm& m, std::string_view lang) {
  // TRANSLATORS: {0} is a structure's id and name; {1} and {2} are weights.
  return trf(
      "Against {0}: a weight of {1} came inside one unit (marked +) and {2} came to "
      "cross units (marked -).",
      {structure_title(model, m.against, lang), weight_text(m.internalised),
       weight_text(m.externalised)});
}

/// The marks of a cell against the other structure: "+", "-", "±" or "".
std::string mark(const DsmCell& c) {
  if (c.internalised > 0 && c.externalised > 0) return "±";
  if (c.internalised > 0) return "+";
  if (c.externalised > 0) return "-";
  return "";
}

/// The rows at which a top-level block (depth 1) starts, but the first row.
std::vector<std::uint8_t> rule_before(const Dsm& m) {
  std::vector<std::uint8_t> rule(m.rows.size() + 1, 0);
  for (const DsmBlock& b : m.blocks) {
    if (b.depth == 1 && b.first > 0 && b.first < m.rows.size()) rule[b.first] = 1;
  }
  return rule;
}

Table blocks_table(const Model& model, const Dsm& m, std::string_view lang) {
  const Resolved& s = structure_of(model, m);
  Table t;
  t.header = {tr("unit"), tr("label"),         tr("depth"),
              tr("rows"), tr("weight inside"), tr("share of the total")};
  t.right = {false, false, true, true, true, true};
  for (const DsmBlock& b : m.blocks) {
    const std::string rows = b.end - b.first == 1
                                 ? std::to_string(b.first + 1)
                                 : std::to_string(b.first + 1) + "–" + std::to_string(b.end);
    t.rows.push_back({std::string(2 * std::size_t{b.depth}, ' ') + model.unit_ids[b.unit],
                      model.unit_name(s, b.unit, lang), std::to_string(b.depth), rows,
                      weight_text(b.weight), share_text(b.weight, m.total_weight)});
  }
  return t;
}

Table off_block_table(const Dsm& m) {
  Table t;
  t.header = {tr("depth"), tr("weight off the blocks"), tr("share of the total")};
  t.right = {true, true, true};
  for (std::size_t d = 0; d < m.off_block.size(); ++d) {
    t.rows.push_back({std::to_string(d), weight_text(m.off_block[d]),
                      share_text(m.off_block[d], m.total_weight)});
  }
  return t;
}

}  // namespace

std::string dsm_text(const Model& model, const Dsm& m, std::string_view lang) {
  std::string out =
      heading(model, m, lang) + "\n" + rows_sentence(m) + "\n" + totals_sentence(m) + "\n";
  if (m.against != kNone) out += against_sentence(model, m, lang) + "\n";
  const std::size_t n = m.rows.size();
  if (n == 0) return terminal_page(out + "\n  " + tr("no present functions") + "\n");

  // The cells as text, and the widths of the columns.
  std::vector<std::vector<std::string>> cell(n, std::vector<std::string>(n, "."));
  std::size_t width = std::to_string(n).size();
  for (const DsmCell& c : m.cells) {
    cell[c.row][c.column] = weight_text(c.weight) + mark(c);
    width = std::max(width, display_width(cell[c.row][c.column]));
  }
  const std::size_t number_width = std::to_string(n).size();
  std::vector<std::string> labels(n);
  std::size_t label_width = 0;
  for (std::size_t r = 0; r < n; ++r) {
    labels[r] = svg::cut(
        std::string(2 * std::size_t{m.rows[r].depth}, ' ') + row_label(model, m, m.rows[r], lang),
        40);
    label_width = std::max(label_width, display_width(labels[r]));
  }
  const auto pad_left = [](const std::string& s, std::size_t w) {
    return std::string(w - std::min(w, display_width(s)), ' ') + s;
  };
  const auto pad_right = [](const std::string& s, std::size_t w) {
    return s + std::string(w - std::min(w, display_width(s)), ' ');
  };
  const std::vector<std::uint8_t> rule = rule_before(m);
  const std::size_t lead = 2 + number_width + 1 + label_width;
  std::string line = std::string(lead, ' ');
  for (std::size_t c = 0; c < n; ++c) {
    line += (rule[c] != 0 ? " |" : "") + std::string(" ") + pad_left(std::to_string(c + 1), width);
  }
  out += "\n" + line + "\n";
  for (std::size_t r = 0; r < n; ++r) {
    if (rule[r] != 0) {
      std::string dashes = std::string(lead, ' ');
      for (std::size_t c = 0; c < n; ++c) {
        dashes += (rule[c] != 0 ? "-+" : "") + std::string(width + 1, '-');
      }
      out += dashes + "\n";
    }
    line = "  " + pad_left(std::to_string(r + 1), number_width) + " " +
           pad_right(labels[r], label_width);
    for (std::size_t c = 0; c < n; ++c) {
      line += (rule[c] != 0 ? " |" : "") + std::string(" ") + pad_left(cell[r][c], width);
    }
    out += line + "\n";
  }
  out +=
      "\n" + tr("Blocks: each unit's subtree") + "\n" + render_text(blocks_table(model, m, lang));
  out += "\n" + tr("Weight off the blocks, cutting the tree at each depth") + "\n" +
         render_text(off_block_table(m));
  return terminal_page(out);
}

Table dsm_table(const Model& model, const Dsm& m, std::string_view lang) {
  Table t;
  t.header = {"id", "label", "unit", "depth"};
  t.right = {false, false, false, true};
  for (const DsmRow& r : m.rows) {
    t.header.push_back(row_id(model, m, r));
    t.right.push_back(true);
  }
  std::vector<std::vector<double>> dense(m.rows.size(), std::vector<double>(m.rows.size(), 0.0));
  for (const DsmCell& c : m.cells) dense[c.row][c.column] = c.weight;
  for (std::size_t r = 0; r < m.rows.size(); ++r) {
    std::vector<std::string> row{row_id(model, m, m.rows[r]), row_label(model, m, m.rows[r], lang),
                                 model.unit_ids[m.rows[r].unit], std::to_string(m.rows[r].depth)};
    for (double w : dense[r]) row.push_back(exact_number(w));
    t.rows.push_back(std::move(row));
  }
  return t;
}

ordered_json dsm_json(const Model& model, const Dsm& m, std::string_view lang) {
  ordered_json j;
  j["structure"] = structure_of(model, m).id;
  j["level"] = m.level ? ordered_json(*m.level) : ordered_json(nullptr);
  j["of"] = m.items == DsmItems::kUnits ? "units" : "functions";
  j["against"] =
      m.against == kNone ? ordered_json(nullptr) : ordered_json(model.structures[m.against].id);
  j["total_weight"] = m.total_weight;
  j["crossing_weight"] = crossing(m);
  if (m.against != kNone) {
    j["internalised"] = m.internalised;
    j["externalised"] = m.externalised;
  }
  ordered_json rows = ordered_json::array();
  for (const DsmRow& r : m.rows) {
    rows.push_back({{"id", row_id(model, m, r)},
                    {"label", row_label(model, m, r, lang)},
                    {"unit", model.unit_ids[r.unit]},
                    {"depth", r.depth}});
  }
  j["rows"] = std::move(rows);
  ordered_json cells = ordered_json::array();
  for (const DsmCell& c : m.cells) {
    ordered_json x{{"row", c.row}, {"column", c.column}, {"weight", c.weight}};
    if (m.against != kNone) {
      x["internalised"] = c.internalised;
      x["externalised"] = c.externalised;
    }
    cells.push_back(std::move(x));
  }
  j["cells"] = std::move(cells);
  ordered_json blocks = ordered_json::array();
  for (const DsmBlock& b : m.blocks) {
    blocks.push_back({{"unit", model.unit_ids[b.unit]},
                      {"depth", b.depth},
                      {"first", b.first},
                      {"own_end", b.own_end},
                      {"end", b.end},
                      {"weight", b.weight}});
  }
  j["blocks"] = std::move(blocks);
  ordered_json off = ordered_json::array();
  for (std::size_t d = 0; d < m.off_block.size(); ++d) {
    off.push_back({{"depth", d},
                   {"weight", m.off_block[d]},
                   {"share", m.total_weight > 0 ? m.off_block[d] / m.total_weight : 0.0}});
  }
  j["off_block"] = std::move(off);
  return j;
}

namespace {

// The picture's palette: five shades of blue (ColorBrewer's Blues) for the
// weights, on a square-root scale so that light cells stay visible next
// to heavy ones; colours for the marks that read apart for most kinds of
// colour blindness (green-red pairs get a shape too: + and - in the legend
// and the cells' titles).
constexpr std::array<std::string_view, 5> kShades{"#DEEBF7", "#9ECAE1", "#6BAED6", "#3182BD",
                                                  "#08519C"};
constexpr std::string_view kText = "#222222";
constexpr std::string_view kMuted = "#555555";
constexpr std::string_view kDiagonal = "#EFEFEF";
constexpr std::string_view kGrid = "#E6E6E6";
constexpr std::string_view kInternalised = "#1A9850";
constexpr std::string_view kExternalised = "#D73027";
constexpr std::string_view kBoth = "#7B3294";
constexpr Tenths kMargin = 200;

/// The shade of weight `w` in a matrix whose heaviest cell is `max`.
std::size_t shade(double w, double max) {
  if (max <= 0) return 0;
  const auto k = static_cast<std::size_t>(std::floor(std::sqrt(w / max) * double(kShades.size())));
  return std::min(k, kShades.size() - 1);
}

/// The frame of a block: thicker and darker the higher its unit.
std::pair<Tenths, std::string_view> frame(Index depth) {
  if (depth <= 1) return {22, "#222222"};
  if (depth == 2) return {13, "#555555"};
  return {8, "#8C8C8C"};
}

void text_at(std::string& out, Tenths x, Tenths y, std::string_view s, int size,
             std::string_view anchor = "start", std::string_view colour = kText,
             bool bold = false) {
  out += "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\"";
  if (size != 12) out += " font-size=\"" + std::to_string(size) + "\"";
  if (bold) out += " font-weight=\"bold\"";
  if (colour != kText) out += " fill=\"" + std::string(colour) + "\"";
  if (anchor != "start") out += " text-anchor=\"" + std::string(anchor) + "\"";
  out += ">" + svg::text(s) + "</text>\n";
}

void rect(std::string& out, Tenths x, Tenths y, Tenths w, Tenths h, std::string_view fill,
          std::string_view extra = "") {
  out += "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(w) + "\" height=\"" + px(h) +
         "\" fill=\"" + std::string(fill) + "\"" + std::string(extra);
}

}  // namespace

double dsm_heaviest(const Dsm& m) {
  double max = 0;
  for (const DsmCell& c : m.cells) max = std::max(max, c.weight);
  return max;
}

std::string dsm_svg(const Model& model, const Dsm& m, std::string_view lang, double heaviest) {
  const std::size_t n = m.rows.size();
  // Cells from 22 px down to 6 px so that the matrix stays within about
  // 900 px; below 9 px there is no room for labels, and the blocks'
  // frames and the shades carry the picture.
  const Tenths cell = n == 0 ? 220 : std::clamp<Tenths>(9000 / Tenths(n), 60, 220);
  const bool labelled = cell >= 90;
  const int font = static_cast<int>(std::clamp<Tenths>(cell * 55 / 100 / 10, 7, 12));
  const bool numbers_in_cells = cell >= 180;
  const double max = std::max(heaviest, dsm_heaviest(m));

  std::vector<std::string> labels(n);
  Tenths label_width = 0;
  for (std::size_t r = 0; r < n && labelled; ++r) {
    labels[r] = std::to_string(r + 1) + "  " + svg::cut(row_label(model, m, m.rows[r], lang), 48);
    const Tenths indent = Tenths(m.rows[r].depth) * font * 10;
    label_width = std::max(label_width, indent + text_width(labels[r], font));
  }
  const Tenths number_height =
      labelled ? text_width(std::to_string(n), font) + 60 : 0;  // the columns' numbers, upright

  const std::string title = heading(model, m, lang);
  std::vector<std::string> caption{rows_sentence(m), totals_sentence(m)};
  if (m.against != kNone) caption.push_back(against_sentence(model, m, lang));
  if (!labelled) {
    caption.push_back(
        tr("The rows are too many to name here; fold the tree with --level, or "
           "read them in the table or JSON output."));
  }
  const Tenths matrix = cell * Tenths(n);
  const Tenths x0 = kMargin + (labelled ? label_width + 80 : 0);
  const Tenths wrap_width = std::max<Tenths>(x0 + matrix - kMargin, 5200);
  std::vector<std::string> title_lines = svg::wrap_evenly(title, wrap_width, 16, true);
  std::vector<std::string> caption_lines;
  for (const std::string& sentence : caption) {
    for (std::string& l : svg::wrap(sentence, wrap_width, 12, false)) {
      caption_lines.push_back(std::move(l));
    }
  }
  Tenths inner = 0;
  for (const std::string& l : title_lines) inner = std::max(inner, text_width(l, 16, true));
  for (const std::string& l : caption_lines) inner = std::max(inner, text_width(l, 12));
  const Tenths header_end =
      kMargin + Tenths(title_lines.size()) * 210 + Tenths(caption_lines.size()) * 170 + 60;
  const Tenths y0 = header_end + number_height + 60;

  // The legend: the shades, each with the range of the weights it shows.
  const Tenths swatch = 140;
  std::array<std::pair<double, double>, kShades.size()> range{};
  std::array<bool, kShades.size()> used{};
  for (const DsmCell& c : m.cells) {
    const std::size_t k = shade(c.weight, max);
    range[k] =
        used[k] ? std::pair{std::min(range[k].first, c.weight), std::max(range[k].second, c.weight)}
                : std::pair{c.weight, c.weight};
    used[k] = true;
  }
  std::vector<std::pair<std::string_view, std::string>> legend;
  for (std::size_t k = 0; k < kShades.size(); ++k) {
    if (!used[k]) continue;
    const std::string low = weight_text(range[k].first);
    const std::string high = weight_text(range[k].second);
    std::string words = low;
    if (low != high) words.append(" – ").append(high);
    legend.emplace_back(kShades[k], std::move(words));
  }
  const bool marked = m.against != kNone;
  const Tenths legend_top = y0 + matrix + 300;
  Tenths legend_width = text_width(tr("Weight of a cell:"), 12);
  for (const auto& [colour, words] : legend) {
    legend_width = std::max(legend_width, swatch + 80 + text_width(words, 12));
  }
  const Tenths legend_height = 210 + Tenths(legend.size()) * 200 + (marked ? 3 * 200 + 60 : 0);
  const Tenths width = std::max({x0 + matrix, kMargin + inner, kMargin + legend_width}) + kMargin;
  const Tenths height = legend_top + legend_height + kMargin;

  std::string out;
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + px(width) + " " + px(height) +
         "\" width=\"" + px(width) + "\" height=\"" + px(height) +
         "\" role=\"img\" font-family=\"'Noto Sans CJK KR', 'Noto Sans', sans-serif\" "
         "font-size=\"12\" fill=\"" +
         std::string(kText) + "\">\n";
  out += "<title>" + svg::text(title) + "</title>\n";
  rect(out, 0, 0, width, height, "#FFFFFF", "/>\n");
  for (std::size_t i = 0; i < title_lines.size(); ++i) {
    text_at(out, kMargin, kMargin + 160 + Tenths(i) * 210, title_lines[i], 16, "start", kText,
            true);
  }
  const Tenths caption_top = kMargin + Tenths(title_lines.size()) * 210 + 140;
  for (std::size_t i = 0; i < caption_lines.size(); ++i) {
    text_at(out, kMargin, caption_top + Tenths(i) * 170, caption_lines[i], 12, "start", kMuted);
  }

  // Labels: rows indented by depth on the left, column numbers on top.
  const Tenths baseline = cell / 2 + font * 10 * 35 / 100;
  for (std::size_t r = 0; r < n && labelled; ++r) {
    const Tenths y = y0 + Tenths(r) * cell;
    text_at(out, kMargin + Tenths(m.rows[r].depth) * font * 10, y + baseline, labels[r], font);
    const Tenths x = x0 + Tenths(r) * cell + cell / 2 + font * 10 * 35 / 100;
    out += "<text x=\"" + px(x) + "\" y=\"" + px(y0 - 60) + "\" font-size=\"" +
           std::to_string(font) + "\" transform=\"rotate(-90 " + px(x) + " " + px(y0 - 60) +
           ")\">" + std::to_string(r + 1) + "</text>\n";
  }

  // The matrix: the diagonal, a faint grid, the cells, the marks, the frames.
  rect(out, x0, y0, matrix, matrix, "#FFFFFF", " stroke=\"" + std::string(kGrid) + "\"/>\n");
  if (m.items == DsmItems::kUnits) {
    for (std::size_t r = 0; r < n; ++r) {
      rect(out, x0 + Tenths(r) * cell, y0 + Tenths(r) * cell, cell, cell, kDiagonal, "/>\n");
    }
  }
  if (labelled && n > 1) {
    out += "<g stroke=\"" + std::string(kGrid) + "\" stroke-width=\"1\">\n";
    for (std::size_t i = 1; i < n; ++i) {
      const Tenths at = Tenths(i) * cell;
      out += "<line x1=\"" + px(x0 + at) + "\" y1=\"" + px(y0) + "\" x2=\"" + px(x0 + at) +
             "\" y2=\"" + px(y0 + matrix) + "\"/>\n";
      out += "<line x1=\"" + px(x0) + "\" y1=\"" + px(y0 + at) + "\" x2=\"" + px(x0 + matrix) +
             "\" y2=\"" + px(y0 + at) + "\"/>\n";
    }
    out += "</g>\n";
  }
  for (const DsmCell& c : m.cells) {
    const Tenths x = x0 + Tenths(c.column) * cell;
    const Tenths y = y0 + Tenths(c.row) * cell;
    const std::size_t k = shade(c.weight, max);
    std::string tip = row_id(model, m, m.rows[c.row]) + " → " + row_id(model, m, m.rows[c.column]) +
                      ": " + weight_text(c.weight);
    if (c.internalised > 0) tip += " (+" + weight_text(c.internalised) + ")";
    if (c.externalised > 0) tip += " (-" + weight_text(c.externalised) + ")";
    rect(out, x, y, cell, cell, kShades[k], "><title>" + svg::text(tip) + "</title></rect>\n");
    if (numbers_in_cells) {
      text_at(out, x + cell / 2, y + baseline, weight_text(c.weight), std::min(font, 9), "middle",
              k >= 3 ? "#FFFFFF" : kText);
    }
  }
  for (const DsmCell& c : m.cells) {
    const std::string sign = mark(c);
    if (sign.empty()) continue;
    const std::string_view colour =
        sign == "+" ? kInternalised : (sign == "-" ? kExternalised : kBoth);
    const Tenths inset = std::max<Tenths>(cell / 10, 6);
    rect(out, x0 + Tenths(c.column) * cell + inset, y0 + Tenths(c.row) * cell + inset,
         cell - 2 * inset, cell - 2 * inset, "none",
         " stroke=\"" + std::string(colour) + "\" stroke-width=\"2\"/>\n");
  }
  for (const DsmBlock& b : m.blocks) {
    if (b.depth == 0 || b.end <= b.first) continue;
    const auto [stroke, colour] = frame(b.depth);
    const Tenths at = Tenths(b.first) * cell;
    const Tenths size = Tenths(b.end - b.first) * cell;
    rect(out, x0 + at, y0 + at, size, size, "none",
         " stroke=\"" + std::string(colour) + "\" stroke-width=\"" + px(stroke) + "\"/>\n");
  }
  rect(out, x0, y0, matrix, matrix, "none", " stroke=\"#222222\" stroke-width=\"2\"/>\n");

  // The legend.
  Tenths y = legend_top;
  text_at(out, kMargin, y, tr("Weight of a cell:"), 12, "start", kText, true);
  y += 110;
  for (const auto& [colour, words] : legend) {
    rect(out, kMargin, y, swatch, swatch, colour, " stroke=\"#BBBBBB\"/>\n");
    text_at(out, kMargin + swatch + 80, y + 115, words, 12);
    y += 200;
  }
  if (marked) {
    y += 60;
    const std::array<std::pair<std::string_view, std::string>, 3> marks{
        {{kInternalised, tr("+ some of its weight came inside one unit")},
         {kExternalised, tr("- some of its weight came to cross units")},
         {kBoth, tr("± both")}}};
    for (const auto& [colour, words] : marks) {
      rect(out, kMargin + 10, y + 10, swatch - 20, swatch - 20, "none",
           " stroke=\"" + std::string(colour) + "\" stroke-width=\"2\"/>\n");
      text_at(out, kMargin + swatch + 80, y + 115, words, 12);
      y += 200;
    }
  }
  out += "</svg>\n";
  return out;
}

std::string dsm_html(const Model& model, const Dsm& m, std::string_view lang) {
  const auto esc = [](std::string_view s) { return escape_xml(s); };
  const std::string title = heading(model, m, lang);
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"" + esc(lang.empty() ? "en" : lang) +
      "\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>" + esc(title) +
      "</title>\n<style>\n"
      "body { font-family: 'Noto Sans CJK KR', 'Noto Sans', sans-serif; "
      "margin: 2em auto; max-width: 70em; color: #222; line-height: 1.45; }\n"
      "svg { max-width: 100%; height: auto; }\n"
      "table { border-collapse: collapse; margin: 1em 0; }\n"
      "th, td { padding: 0.2em 0.7em; border-bottom: 1px solid #ddd; "
      "text-align: left; }\n"
      "td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }\n"
      "</style>\n</head>\n<body>\n<h1>" +
      esc(title) + "</h1>\n";
  h += "<p>" +
       esc(tr("Each framed square is a unit's subtree: weight inside a frame stays within that "
              "unit; weight outside every frame on a row is coordination that crosses a "
              "boundary.")) +
       "</p>\n";
  const std::string picture = dsm_svg(model, m, lang);
  h += picture.substr(0, picture.size() - 1) + "\n";
  const auto table = [&](const Table& t) {
    std::string s = "<table>\n<tr>";
    for (const std::string& c : t.header) s += "<th>" + esc(c) + "</th>";
    s += "</tr>\n";
    for (const auto& row : t.rows) {
      s += "<tr>";
      for (std::size_t i = 0; i < row.size(); ++i) {
        const bool right = i < t.right.size() && t.right[i];
        s += std::string(right ? "<td class=\"n\">" : "<td>") + esc(row[i]) + "</td>";
      }
      s += "</tr>\n";
    }
    return s + "</table>\n";
  };
  h += "<h2>" + esc(tr("Blocks: each unit's subtree")) + "</h2>\n" +
       table(blocks_table(model, m, lang));
  h += "<h2>" + esc(tr("Weight off the blocks, cutting the tree at each depth")) + "</h2>\n" +
       table(off_block_table(m));
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace policygraph
