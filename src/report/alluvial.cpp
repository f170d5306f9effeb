#include <policygraph/report/alluvial.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include <policygraph/core/messages.hpp>
#include <policygraph/core/text.hpp>
#include <policygraph/export/dot_writer.hpp>
#include <policygraph/metrics/tree.hpp>
#include <policygraph/report/table.hpp>

#include "svg_text.hpp"

namespace policygraph {
namespace {

// Every coordinate is a whole number of tenths of a pixel (an int64), so that
// the bytes depend on nothing but the explanation: no locale, no rounding of
// sums of doubles. px(12) is 1.2 pixels (svg_text.hpp).
using svg::Tenths;
using svg::px;
using svg::text_width;
using svg::cut;
using svg::wrap_evenly;
using svg::text;
using svg::attr;

constexpr Tenths kMargin = 200;          // around the picture
constexpr Tenths kBarWidth = 120;        // the unit bars
constexpr Tenths kBarGap = 80;           // between two bars of a column
constexpr Tenths kLabelGap = 60;         // between a bar and its label
constexpr Tenths kLineHeight = 160;      // of a 12 px label: labels keep this far apart
constexpr Tenths kMinBands = 3600;       // the narrowest band region
constexpr Tenths kTargetHeight = 5600;   // the columns are about this tall...
constexpr Tenths kMaxHeight = 100000;    // ...and, to keep labels apart, at most this
constexpr Tenths kWrapAt = 9000;         // title and caption wrap here unless the columns are wider
constexpr Tenths kMaxPerFunction = 400;  // a function is at most 40 px tall
constexpr std::size_t kMaxLabelColumns = 80;  // longer unit names are cut with "…"

constexpr std::string_view kText = "#222222";
constexpr std::string_view kMuted = "#555555";
constexpr std::string_view kBar = "#4D4D4D";
constexpr std::string_view kMovedOpacity = "0.85";
constexpr std::string_view kStayedOpacity = "0.3";

/// One band: the functions of one primary domain that went from `from` to `to`.
struct Band {
  Index from = kNone;
  Index to = kNone;
  Index domain = kNone;
  std::size_t functions = 0;
  Tenths left_top = 0;   // where it leaves its left bar
  Tenths right_top = 0;  // where it meets its right bar
};

/// One column's bar.
struct Bar {
  Index unit = kNone;
  std::size_t functions = 0;
  Tenths top = 0;
  Tenths height = 0;
  Tenths label_centre = 0;  // after labels were moved apart
  std::string name;         // display name, uncut
};

/// The units of `s` among `used` (per unit: holds functions), in the tree's
/// preorder; units the tree does not reach (none, in a resolved structure)
/// after them in index order.
std::vector<Index> in_tree_order(const Resolved& s, const std::vector<std::size_t>& used) {
  std::vector<Index> out;
  std::vector<std::uint8_t> placed(used.size(), 0);
  if (s.root != kNone) {
    const UnitTree tree(s);
    for (Index u : tree.preorder()) {
      if (u < used.size() && used[u] > 0 && !placed[u]) {
        out.push_back(u);
        placed[u] = 1;
      }
    }
  }
  for (Index u = 0; u < used.size(); ++u) {
    if (used[u] > 0 && !placed[u]) out.push_back(u);
  }
  return out;
}

/// Stacks `bars` from `top` with kBarGap between them, `per_function` tenths
/// a function; returns the column's height.
Tenths stack(std::vector<Bar>& bars, Tenths top, Tenths per_function) {
  Tenths y = top;
  for (Bar& b : bars) {
    b.top = y;
    b.height = Tenths(b.functions) * per_function;
    y += b.height + kBarGap;
  }
  return bars.empty() ? 0 : y - kBarGap - top;
}

/// Moves the labels of a column apart: each centred on its bar when there is
/// room, else pushed down just far enough. Returns the lowest label centre.
Tenths place_labels(std::vector<Bar>& bars) {
  Tenths previous = 0;
  bool first = true;
  for (Bar& b : bars) {
    Tenths centre = b.top + b.height / 2;
    if (!first) centre = std::max(centre, previous + kLineHeight);
    b.label_centre = centre;
    previous = centre;
    first = false;
  }
  return previous;
}

/// The smallest height of a function for which the labels of neighbouring
/// bars need not move: their centres kLineHeight apart.
Tenths label_room(const std::vector<Bar>& bars) {
  Tenths need = 1;
  for (std::size_t i = 1; i < bars.size(); ++i) {
    // centres are (n_i + n_j) / 2 * k + gap apart
    const Tenths half_sum_twice = Tenths(bars[i - 1].functions + bars[i].functions);
    const Tenths missing = kLineHeight - kBarGap;
    if (missing > 0 && half_sum_twice > 0) {
      need = std::max(need, (2 * missing + half_sum_twice - 1) / half_sum_twice);
    }
  }
  return need;
}

struct Legend {
  Tenths width = 0;  // the picture's inner width the rows wrap at
  Tenths x = 0;
  Tenths y = 0;  // baseline of the current row
  Tenths row_start = 0;
  std::string svg;

  void entry(std::string_view fill, std::string_view opacity, const std::string& label) {
    const Tenths w = 120 + 50 + text_width(label, 12) + 160;
    if (x > row_start && x - row_start + w > width) {
      x = row_start;
      y += 200;
    }
    svg += "<rect x=\"" + px(x) + "\" y=\"" + px(y - 100) +
           "\" width=\"12\" height=\"12\" fill=\"" + std::string(fill) + "\" fill-opacity=\"" +
           std::string(opacity) + "\" stroke=\"#666666\" stroke-width=\"0.5\"/>\n";
    svg += "<text x=\"" + px(x + 170) + "\" y=\"" + px(y) + "\">" + text(label) + "</text>\n";
    x += w;
  }
};

}  // namespace

std::string alluvial_svg(const Model& model, const Explanation& e, std::string_view lang) {
  const Resolved& from = model.structures[e.from];
  const Resolved& to = model.structures[e.to];
  const std::string& from_label = from.labels.pick(lang, from.id);
  const std::string& to_label = to.labels.pick(lang, to.id);

  // TRANSLATORS: the title of the alluvial picture of explain; {0} and {1}
  // are the labels of two structures (the one before, the one after).
  const std::string title = trf("Functions from {0} to {1}", {from_label, to_label});
  std::string level_text;
  if (e.level) {
    // TRANSLATORS: in the caption of the alluvial picture; {0} is a depth of
    // the hierarchy, the units drawn being those down to it.
    level_text = trf("level {0}", {std::to_string(*e.level)});
  } else {
    // TRANSLATORS: in the caption of the alluvial picture: the units drawn,
    // however deep.
    level_text = tr("every unit");
  }

  // The bands: per (from unit, to unit, primary domain), in flow order then
  // domain position.
  const std::size_t units = model.unit_ids.size();
  std::vector<std::size_t> left_count(units, 0), right_count(units, 0);
  std::vector<Band> bands;
  std::size_t total = 0;
  for (const UnitFlow& flow : e.flows) {
    if (flow.functions.empty() || flow.from >= units || flow.to >= units) continue;
    std::map<Index, std::size_t> by_domain;
    for (Index f : flow.functions) {
      const Function& fn = model.functions[f];
      by_domain[fn.domains.empty() ? kNone : fn.domains.front()] += 1;
    }
    for (const auto& [domain, n] : by_domain) {
      Band b;
      b.from = flow.from;
      b.to = flow.to;
      b.domain = domain;
      b.functions = n;
      bands.push_back(b);
    }
    left_count[flow.from] += flow.functions.size();
    right_count[flow.to] += flow.functions.size();
    total += flow.functions.size();
  }

  // TRANSLATORS: the caption of the alluvial picture; {0} is "every unit" or
  // "level 2" (the depth the units were cut at), {1} a count of functions.
  const std::string caption = trf("Units: {0}. Heights: the {1} present in both structures.",
                                  {level_text, trn("{0} function", "{0} functions", total)});

  std::string out;
  const auto open_svg = [&](Tenths w, Tenths h) {
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + px(w) + " " + px(h) +
           "\" width=\"" + px(w) + "\" height=\"" + px(h) +
           "\" role=\"img\" font-family=\"'Noto Sans CJK KR', 'Noto Sans', sans-serif\" "
           "font-size=\"12\" fill=\"" +
           std::string(kText) + "\">\n";
    out += "<title>" + text(title) + "</title>\n";
    out += "<rect width=\"" + px(w) + "\" height=\"" + px(h) + "\" fill=\"#FFFFFF\"/>\n";
  };
  // The title and the caption, wrapped to the picture's inner width: that
  // of the columns and legend (`natural`), or wider up to kWrapAt.
  std::vector<std::string> title_lines, caption_lines;
  const auto fit_header = [&](Tenths natural) {
    const Tenths wanted = std::max(text_width(title, 16, true), text_width(caption, 12));
    Tenths inner = std::max(natural, std::min(wanted, std::max(natural, kWrapAt)));
    title_lines = wrap_evenly(title, inner, 16, true);
    caption_lines = wrap_evenly(caption, inner, 12, false);
    for (const std::string& l : title_lines) inner = std::max(inner, text_width(l, 16, true));
    for (const std::string& l : caption_lines) inner = std::max(inner, text_width(l, 12));
    return inner;
  };
  // The baseline of the caption's last line.
  const auto header_end = [&] {
    return kMargin + Tenths(title_lines.size()) * 210 + 140 +
           Tenths(caption_lines.size() - 1) * 170;
  };
  const auto write_heading = [&](Tenths x, Tenths y, std::string_view line, int size, bool bold,
                                 std::string_view colour, std::string_view anchor) {
    out += "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\"";
    if (size != 12) out += " font-size=\"" + std::to_string(size) + "\"";
    if (bold) out += " font-weight=\"bold\"";
    if (colour != kText) out += " fill=\"" + std::string(colour) + "\"";
    if (anchor != "start") out += " text-anchor=\"" + std::string(anchor) + "\"";
    out += ">" + text(line) + "</text>\n";
  };

  const auto write_header = [&] {
    for (std::size_t i = 0; i < title_lines.size(); ++i) {
      write_heading(kMargin, kMargin + 160 + Tenths(i) * 210, title_lines[i], 16, true, kText,
                    "start");
    }
    const Tenths caption_top = kMargin + Tenths(title_lines.size()) * 210 + 140;
    for (std::size_t i = 0; i < caption_lines.size(); ++i) {
      write_heading(kMargin, caption_top + Tenths(i) * 170, caption_lines[i], 12, false, kMuted,
                    "start");
    }
  };

  if (total == 0) {
    // TRANSLATORS: the alluvial picture when the two structures share no function.
    const std::string nothing = tr("No function is present in both structures: nothing to draw.");
    const Tenths w = 2 * kMargin + fit_header(text_width(nothing, 12));
    const Tenths nothing_y = header_end() + 300;
    open_svg(w, nothing_y + 60 + kMargin);
    write_header();
    write_heading(kMargin, nothing_y, nothing, 12, false, kText, "start");
    out += "</svg>\n";
    return out;
  }

  // The columns, in tree order.
  std::vector<Bar> left, right;
  std::vector<std::size_t> left_pos(units, 0), right_pos(units, 0);
  for (Index u : in_tree_order(from, left_count)) {
    left_pos[u] = left.size();
    left.push_back({u, left_count[u], 0, 0, 0, model.unit_name(from, u, lang)});
  }
  for (Index u : in_tree_order(to, right_count)) {
    right_pos[u] = right.size();
    right.push_back({u, right_count[u], 0, 0, 0, model.unit_name(to, u, lang)});
  }
  const auto label_of = [](const Bar& b) {
    return cut(b.name, kMaxLabelColumns) + " " + std::to_string(b.functions);
  };

  // The height of a function: the columns about kTargetHeight tall, more
  // when small bars would crowd their labels (up to kMaxHeight), at most
  // kMaxPerFunction; at least a tenth of a pixel.
  const Tenths n = Tenths(total);
  Tenths per_function = std::max<Tenths>(1, kTargetHeight / n);
  const Tenths room = std::max(label_room(left), label_room(right));
  if (room > per_function) per_function = std::max(per_function, std::min(room, kMaxHeight / n));
  per_function = std::clamp<Tenths>(per_function, 1, kMaxPerFunction);

  // Horizontal layout: left labels | bar | bands | bar | right labels.
  Tenths left_labels = 0, right_labels = 0;
  for (const Bar& b : left) left_labels = std::max(left_labels, text_width(label_of(b), 12));
  for (const Bar& b : right) right_labels = std::max(right_labels, text_width(label_of(b), 12));
  // The column headings stand over the labels, flush with the bars' outer edges.
  left_labels = std::max(left_labels, text_width(from_label, 13, true) - kBarWidth - kLabelGap);
  right_labels = std::max(right_labels, text_width(to_label, 13, true) - kBarWidth - kLabelGap);

  // The legend's entries, to know the narrowest the picture may be.
  // TRANSLATORS: the legend of the alluvial picture: a strong band.
  const std::string moved_text = tr("functions that changed unit");
  // TRANSLATORS: the legend of the alluvial picture: a pale band.
  const std::string stayed_text = tr("functions that stayed in their unit");
  const std::string domain_heading = tr("Primary domain");
  std::vector<Index> domains_used;
  domains_used.reserve(bands.size());
  for (const Band& b : bands) domains_used.push_back(b.domain);
  std::sort(domains_used.begin(), domains_used.end());
  domains_used.erase(std::unique(domains_used.begin(), domains_used.end()), domains_used.end());
  const auto domain_name = [&](Index d) -> std::string {
    if (d >= model.domains.size()) return "-";
    return model.domains[d].labels.pick(lang, model.domains[d].id);
  };
  Tenths widest_entry = text_width(domain_heading, 12, true);
  for (Index d : domains_used) {
    widest_entry = std::max(widest_entry, 330 + text_width(domain_name(d), 12));
  }
  widest_entry =
      std::max({widest_entry, 330 + text_width(moved_text, 12), 330 + text_width(stayed_text, 12)});

  const Tenths fixed = 2 * kMargin + left_labels + right_labels + 2 * (kLabelGap + kBarWidth);
  const Tenths inner = fit_header(std::max(widest_entry, fixed - 2 * kMargin + kMinBands));
  const Tenths width = inner + 2 * kMargin;
  const Tenths bands_width = width - fixed;
  const Tenths left_bar = kMargin + left_labels + kLabelGap;
  const Tenths right_bar = left_bar + kBarWidth + bands_width;

  // Vertical layout: title, caption, headings, the columns (the shorter one
  // centred on the taller), the legend.
  const Tenths heading_y = header_end() + 300;
  const Tenths top = heading_y + 140;
  Tenths left_height = stack(left, top, per_function);
  Tenths right_height = stack(right, top, per_function);
  const Tenths columns = std::max(left_height, right_height);
  const auto centre = [&](std::vector<Bar>& bars, Tenths height) {
    const Tenths shift = (columns - height) / 2;
    for (Bar& b : bars) b.top += shift;
  };
  centre(left, left_height);
  centre(right, right_height);
  const Tenths lowest_label = std::max(place_labels(left), place_labels(right));
  const Tenths bottom = std::max(top + columns, lowest_label + kLineHeight / 2);

  // The slots of the bands: in a left bar by the right bar then domain, in a
  // right bar by the left bar then domain, so that no two bands cross
  // where they need not.
  {
    std::vector<std::size_t> order(bands.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const Band& x = bands[a];
      const Band& y = bands[b];
      return std::tuple(left_pos[x.from], right_pos[x.to], x.domain) <
             std::tuple(left_pos[y.from], right_pos[y.to], y.domain);
    });
    std::vector<Tenths> fill_left(left.size(), 0);
    for (std::size_t i : order) {
      Band& b = bands[i];
      const std::size_t p = left_pos[b.from];
      b.left_top = left[p].top + fill_left[p];
      fill_left[p] += Tenths(b.functions) * per_function;
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const Band& x = bands[a];
      const Band& y = bands[b];
      return std::tuple(right_pos[x.to], left_pos[x.from], x.domain) <
             std::tuple(right_pos[y.to], left_pos[y.from], y.domain);
    });
    std::vector<Tenths> fill_right(right.size(), 0);
    for (std::size_t i : order) {
      Band& b = bands[i];
      const std::size_t p = right_pos[b.to];
      b.right_top = right[p].top + fill_right[p];
      fill_right[p] += Tenths(b.functions) * per_function;
    }
  }

  // The legend, under the columns.
  Legend legend;
  legend.width = inner;
  legend.row_start = kMargin;
  legend.x = kMargin;
  const Tenths legend_heading_y = bottom + 340;
  legend.y = legend_heading_y + 220;
  for (Index d : domains_used) {
    legend.entry(d < model.domains.size() ? domain_colour(d) : std::string("#BBBBBB"), "1",
                 domain_name(d));
  }
  legend.x = kMargin;
  legend.y += 240;
  legend.entry("#777777", kMovedOpacity, moved_text);
  legend.entry("#777777", kStayedOpacity, stayed_text);
  const Tenths height = legend.y + 100 + kMargin;

  open_svg(width, height);
  write_header();
  write_heading(left_bar + kBarWidth, heading_y, from_label, 13, true, kText, "end");
  write_heading(right_bar, heading_y, to_label, 13, true, kText, "start");

  // Bands that stayed first, the moves over them.
  const Tenths x0 = left_bar + kBarWidth;
  const Tenths x1 = right_bar;
  const Tenths xm = (x0 + x1) / 2;
  const auto point = [](Tenths x, Tenths y) { return px(x) + "," + px(y); };
  out += "<g class=\"bands\">\n";
  for (int pass = 0; pass < 2; ++pass) {
    for (const Band& b : bands) {
      const bool stayed = b.from == b.to;
      if (stayed != (pass == 0)) continue;
      const Tenths h = Tenths(b.functions) * per_function;
      const Tenths l0 = b.left_top, l1 = b.left_top + h;
      const Tenths r0 = b.right_top, r1 = b.right_top + h;
      const std::string colour =
          b.domain < model.domains.size() ? domain_colour(b.domain) : std::string("#BBBBBB");
      const std::string domain_id =
          b.domain < model.domains.size() ? model.domains[b.domain].id : "";
      out += "<path class=\"band " + std::string(stayed ? "stayed" : "moved") + "\" data-from=\"" +
             attr(model.unit_ids[b.from]) + "\" data-to=\"" + attr(model.unit_ids[b.to]) +
             "\" data-domain=\"" + attr(domain_id) + "\" data-functions=\"" +
             std::to_string(b.functions) + "\" d=\"M" + point(x0, l0) + " C" + point(xm, l0) + " " +
             point(xm, r0) + " " + point(x1, r0) + " L" + point(x1, r1) + " C" + point(xm, r1) +
             " " + point(xm, l1) + " " + point(x0, l1) + " Z\" fill=\"" + colour +
             "\" fill-opacity=\"" + std::string(stayed ? kStayedOpacity : kMovedOpacity) + "\"";
      if (!stayed) out += " stroke=\"" + colour + "\" stroke-width=\"0.5\"";
      const std::string count = trn("{0} function", "{0} functions", b.functions);
      // TRANSLATORS: the tooltip of a band of the alluvial picture: {0} the
      // unit before, {1} the unit after, {2} a count of functions ("3
      // functions"), {3} their primary domain.
      const std::string tip = trf("{0} → {1}: {2} ({3})",
                                  {model.unit_name(from, b.from, lang),
                                   model.unit_name(to, b.to, lang), count, domain_name(b.domain)});
      out += "><title>" + text(tip) + "</title></path>\n";
    }
  }
  out += "</g>\n";

  // The bars and their labels.
  const auto write_column = [&](const std::vector<Bar>& bars, Tenths bar_x, bool is_left) {
    out += std::string("<g class=\"") + (is_left ? "from" : "to") + "\">\n";
    for (const Bar& b : bars) {
      out += "<rect class=\"bar\" data-unit=\"" + attr(model.unit_ids[b.unit]) +
             "\" data-functions=\"" + std::to_string(b.functions) + "\" x=\"" + px(bar_x) +
             "\" y=\"" + px(b.top) + "\" width=\"" + px(kBarWidth) + "\" height=\"" + px(b.height) +
             "\" fill=\"" + std::string(kBar) + "\"><title>" +
             text(b.name + ": " + trn("{0} function", "{0} functions", b.functions)) +
             "</title></rect>\n";
      const Tenths centre = b.top + b.height / 2;
      const Tenths label_x = is_left ? bar_x - kLabelGap : bar_x + kBarWidth + kLabelGap;
      if (b.label_centre != centre) {
        // A label pushed off its bar: a thin line back to the bar.
        const Tenths edge = is_left ? bar_x : bar_x + kBarWidth;
        const Tenths end = is_left ? label_x + 20 : label_x - 20;
        out += "<path d=\"M" + point(edge, centre) + " L" + point(end, b.label_centre) +
               "\" stroke=\"#999999\" stroke-width=\"0.5\" fill=\"none\"/>\n";
      }
      const std::string count =
          "<tspan fill=\"" + std::string(kMuted) + "\">" + std::to_string(b.functions) + "</tspan>";
      const std::string name = text(cut(b.name, kMaxLabelColumns));
      out += "<text x=\"" + px(label_x) + "\" y=\"" + px(b.label_centre + 42) + "\"" +
             (is_left ? " text-anchor=\"end\"" : "") + ">";
      out += is_left ? name : count;
      out += ' ';
      out += is_left ? count : name;
      out += "</text>\n";
    }
    out += "</g>\n";
  };
  write_column(left, left_bar, true);
  write_column(right, right_bar, false);

  out += "<g class=\"legend\">\n";
  write_heading(kMargin, legend_heading_y, domain_heading, 12, true, kText, "start");
  out += legend.svg;
  out += "</g>\n";
  out += "</svg>\n";
  return out;
}

}  // namespace policygraph
