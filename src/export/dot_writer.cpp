#include <policygraph/export/dot_writer.hpp>

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdint>

#include <policygraph/core/text.hpp>

#include "dot_detail.hpp"

namespace policygraph {

std::optional<DotView> parse_dot_view(std::string_view name) {
  if (name == "functions") return DotView::kFunctions;
  if (name == "units") return DotView::kUnits;
  if (name == "tree") return DotView::kTree;
  if (name == "diff") return DotView::kDiff;
  return std::nullopt;
}

std::string dot_text(const Model& model, Index s, const DotOptions& options) {
  const Resolved& r = model.structures[s];
  switch (options.view) {
    case DotView::kFunctions:
      return dot_detail::functions_view(model, r, options);
    case DotView::kUnits:
      return dot_detail::units_view(model, r, options);
    case DotView::kTree:
      return dot_detail::tree_view(model, r, options);
    case DotView::kDiff:
      assert(options.against != kNone);
      return dot_detail::diff_view(model, r, model.structures[options.against], options);
  }
  return {};
}

namespace {

bool is_control(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b < 0x20 || b == 0x7F;
}

}  // namespace

std::string dot_quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      continue;
    } else if (is_control(c)) {
      out += ' ';
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string dot_html_text(std::string_view s) {
  // First what a picture shows: Graphviz's own escapes (\N, \n) defused by
  // doubling backslashes, carriage returns dropped, and, as in dot_quoted,
  // characters nobody can read blanked: the controls, DEL, and U+FFFE and
  // U+FFFF, which XML forbids; a byte that is not UTF-8 is U+FFFD, as the
  // XML escaper writes it. Then each line goes through that escaper.
  std::string out;
  std::string line;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = decode_utf8(s, i);
    if (!c) {
      line += kReplacementCharacter;
      ++i;
      continue;
    }
    const auto [cp, length] = *c;
    if (cp == '\n') {
      out += escape_xml(line);
      out += "<br/>";
      line.clear();
    } else if (cp == '\\') {
      line += "\\\\";
    } else if (cp == '\r') {
      // dropped
    } else if (cp < 0x20 || cp == 0x7F || !is_xml_char(cp)) {
      line += ' ';
    } else {
      line.append(s.substr(i, length));
    }
    i += length;
  }
  out += escape_xml(line);
  return out;
}

const std::string& domain_colour(Index domain) {
  // Tol "light" (all 8 but its grey), then the darker "muted" colours that
  // differ from them, then vibrant magenta.
  static const std::array<std::string, 14> kPalette{
      "#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33",
      "#AAAA00", "#CC6677", "#332288", "#117733", "#882255", "#AA4499", "#EE3377"};
  return kPalette[domain % kPalette.size()];
}

PictureLoad picture_load(const Model& model, const std::vector<Index>& structures) {
  PictureLoad load;
  const FunctionGraph& g = model.graph;
  for (Index s : structures) {
    const std::vector<Index>& assign = model.structures[s].assign;
    std::size_t functions = 0;
    std::size_t pairs = 0;
    for (std::uint32_t f = 0; f < g.vertex_count(); ++f) {
      if (assign[f] == kNone) continue;
      ++functions;
      const auto nbrs = g.neighbours(f);
      const auto weights = g.neighbour_weights(f);
      for (std::size_t i = 0; i < nbrs.size(); ++i) {
        if (f < nbrs[i] && assign[nbrs[i]] != kNone && weights[i] > 0) ++pairs;
      }
    }
    load.functions = std::max(load.functions, functions);
    load.pairs = std::max(load.pairs, pairs);
  }
  return load;
}

UnitsPictureSize units_picture_size(const Model& model, Index s, std::optional<int> level) {
  const dot_detail::Layout layout = dot_detail::layout_of(model.structures[s], level);
  UnitsPictureSize size;
  std::vector<bool> owning(model.unit_ids.size(), false);
  std::vector<std::uint64_t> pairs;
  for (Index f = 0; f < layout.owner.size(); ++f) {
    const Index a = layout.owner[f];
    if (a == kNone) continue;
    if (!owning[a]) {
      owning[a] = true;
      ++size.nodes;
    }
    for (const Index g : model.graph.neighbours(f)) {
      const Index b = layout.owner[g];
      if (g < f || b == kNone || b == a) continue;
      pairs.push_back((std::uint64_t{std::min(a, b)} << 32U) | std::max(a, b));
    }
  }
  std::sort(pairs.begin(), pairs.end());
  size.edges = static_cast<std::size_t>(std::unique(pairs.begin(), pairs.end()) - pairs.begin());
  return size;
}

double units_layout_seconds(UnitsPictureSize size) {
  // Fitted by tools/bench/layout_calibration.py on Graphviz 2.43 (Debian
  // 12) on the 2-core machine the project is measured on: within a factor
  // of 1.3 of every units view that took 0.05 s or more there (docs/cli.md).
  constexpr double kScale = 7.06e-06;
  constexpr double kNodes = 1.397;
  constexpr double kEdges = 0.998;
  const auto n = static_cast<double>(std::max<std::size_t>(size.nodes, 1));
  const auto e = static_cast<double>(std::max<std::size_t>(size.edges, 1));
  return kScale * std::pow(n, kNodes) * std::pow(e, kEdges);
}

UnitsFold units_fold_within(const Model& model, Index s, double budget) {
  UnitsFold fold;
  fold.unfolded_seconds = units_layout_seconds(units_picture_size(model, s, std::nullopt));
  fold.seconds = fold.unfolded_seconds;
  if (fold.seconds <= budget) return fold;
  const auto depth = static_cast<int>(
      dot_detail::layout_of(model.structures[s], std::nullopt).tree.max_depth());
  for (int level = depth - 1; level >= 1; --level) {
    fold.level = level;
    fold.seconds = units_layout_seconds(units_picture_size(model, s, level));
    if (fold.seconds <= budget) break;
  }
  if (!fold.level) {  // a tree of depth 1 or less: nothing to fold
    fold.level = 1;
  }
  return fold;
}

}  // namespace policygraph
