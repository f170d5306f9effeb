// Pieces the DOT views share: text fitting, colours, the picture frame and
// the legend. Private to src/export/dot_*.cpp.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <policygraph/core/messages.hpp>
#include <policygraph/export/dot_writer.hpp>
#include <policygraph/metrics/tree.hpp>

namespace policygraph::dot_detail {

// Colours beside the domain palette (Paul Tol's high-contrast and vibrant
// schemes, which stay apart for colour-blind readers).
inline constexpr std::string_view kInternalEdge = "#A8A8A8";  ///< inside one unit
inline constexpr std::string_view kCrossEdge = "#004488";     ///< units meeting below the top
inline constexpr std::string_view kTopEdge = "#CC3311";       ///< units meeting only at the top
inline constexpr std::string_view kMoved = "#CC3311";         ///< diff: moved function
inline constexpr std::string_view kNew = "#0077BB";           ///< diff: new function or unit
inline constexpr std::string_view kTower = "#CC3311";         ///< tree: control tower
inline constexpr std::string_view kMuted = "#555555";         ///< secondary text

/// Columns a string takes on screen: 2 for CJK and Hangul, 1 otherwise.
[[nodiscard]] std::size_t display_width(std::string_view s);

/// `s` cut to `width` columns with "…" when longer (plain text, unescaped).
[[nodiscard]] std::string truncate(std::string_view s, std::size_t width);

/// `s` word-wrapped to lines of about `width` columns, escaped for an
/// HTML-like label, lines joined by `<br/>`. Words longer than a line are cut.
[[nodiscard]] std::string wrap_html(std::string_view s, std::size_t width);

/// A translated message (of tr()) for an HTML-like label: `pattern` escaped
/// as dot_html_text does, with `{0}`, `{1}`, ... replaced by `html_args`,
/// which are HTML already (e.g. of wrap_html).
[[nodiscard]] std::string html_fill(std::string_view pattern,
                                    std::initializer_list<std::string_view> html_args);

/// "#000000" or "#FFFFFF", whichever reads better on `fill`.
[[nodiscard]] std::string_view text_colour_on(std::string_view fill);

/// A number for an attribute, two decimals ("1.50").
[[nodiscard]] std::string fixed2(double x);
/// A number for people, at most 6 significant digits ("2", "0.5").
[[nodiscard]] std::string shortest(double x);

/// Names for the helper nodes of one picture (band anchors, placeholders) that
/// no function or unit id takes, nor another helper node.
class HelperNames {
 public:
  explicit HelperNames(const Model& model) : model_(model) {}
  /// `base`, with "_" appended until free; then taken.
  [[nodiscard]] std::string take(std::string base);

 private:
  const Model& model_;
  std::set<std::string> taken_;
};

/// Background of a unit cluster at `depth` (deeper: a little darker).
[[nodiscard]] std::string_view cluster_fill(Index depth);

/// The opening of every picture: `graph`/`digraph` named by the structure
/// id, with the font stack, `rankdir`, `splines`, and a title block (the structure's
/// label; the model title, id and `subtitle`, escaped HTML; then `legend`, an
/// HTML table or "").
[[nodiscard]] std::string frame_open(const Model& model, const Resolved& s,
                                     std::string_view lang, bool directed,
                                     std::string_view rankdir, std::string_view splines,
                                     std::string_view subtitle, std::string_view legend);

/// What every view of one structure at one level needs.
struct Layout {
  UnitTree tree;
  std::vector<Index> fold;   ///< per unit: itself or its ancestor at the level
  std::vector<Index> owner;  ///< per function: folded owning unit, kNone when absent
  std::optional<int> level;
};
[[nodiscard]] Layout layout_of(const Resolved& s, std::optional<int> level);

/// Per unit: the present functions it owns after folding, in model order.
[[nodiscard]] std::vector<std::vector<Index>> functions_by_unit(const Model& model,
                                                                const Layout& layout);

/// One row of a unit's box in the functions and diff views: some columns
/// of its own functions and some child units, side by side.
struct BandRow {
  std::vector<Index> columns;   ///< indices into Bands::columns[unit]
  std::vector<Index> children;  ///< child units, in preorder
  Index height = 0;             ///< ranks of its tallest item
};

/// Where the functions and diff views put function nodes (ranks run top to
/// bottom). Each unit's own functions stand in columns of at most five; a
/// unit's box holds rows, each row its own columns and child boxes side by
/// side, so the tree reads as boxes in boxes. Rows wrap at one width for the
/// whole picture, the width that brings the estimated picture closest to
/// 16:9 (a slide). O(C x U) for C columns and U units.
struct Bands {
  std::vector<std::vector<std::vector<Index>>> columns;  ///< per unit: its functions, by column
  std::vector<std::vector<BandRow>> rows;                 ///< per unit (drawn ones)
};
/// `drawn` as in the views: per unit, 0 hidden, 1 drawn empty, 2 drawn.
[[nodiscard]] Bands plan_bands(const Layout& layout, const std::vector<std::uint8_t>& drawn,
                               const std::vector<std::vector<Index>>& owned);

/// A legend under the title: entries (a swatch or line sample and its
/// text) flowing in rows under headings, as an HTML-like table.
class Legend {
 public:
  void heading(std::string_view text);
  /// A filled rectangle of `fill` with a border.
  void swatch(std::string_view fill, std::string_view text_html,
              std::string_view border_colour = "#666666", int border = 1);
  /// A line sample: `glyphs_html` in `colour`.
  void line(std::string_view colour, std::string_view glyphs_html, std::string_view text_html);
  /// A row of text only.
  void note(std::string_view text_html);
  /// The table, `per_row` entries a row; "" when empty.
  [[nodiscard]] std::string render(std::size_t per_row) const;

 private:
  struct Item {
    enum Kind { kHeading, kEntry, kNote } kind;
    std::string first;   ///< heading or note HTML, or the sample cell
    std::string second;  ///< an entry's text HTML
  };
  std::vector<Item> items_;
};

/// Adds a swatch per domain that is the primary domain of some function
/// with an owner (`owner[f] != kNone`), in model order.
void add_domain_swatches(Legend& legend, const Model& model, const std::vector<Index>& owner,
                         std::string_view lang);

// The views (dot_function_views.cpp, dot_unit_views.cpp).
[[nodiscard]] std::string functions_view(const Model& model, const Resolved& s,
                                         const DotOptions& options);
[[nodiscard]] std::string diff_view(const Model& model, const Resolved& s,
                                    const Resolved& against, const DotOptions& options);
[[nodiscard]] std::string units_view(const Model& model, const Resolved& s,
                                     const DotOptions& options);
[[nodiscard]] std::string tree_view(const Model& model, const Resolved& s,
                                    const DotOptions& options);

}  // namespace policygraph::dot_detail
