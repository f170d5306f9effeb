// Graphviz DOT pictures of one structure (docs/cli.md, "dot").
//
// Every text that comes from the model is escaped in one of two ways, by
// where it goes: node and cluster names and plain string attributes are DOT
// quoted strings (dot_quoted); everything a reader sees is an HTML-like label
// (dot_html_text). Any UTF-8 string therefore yields a file `dot` parses.
// The output depends only on the model and the options: same input, same
// bytes.
#pragma once

#include <optional>
#include <vector>
#include <string>
#include <string_view>

#include <policygraph/core/model.hpp>

namespace policygraph {

/// What a picture shows. Every picture opens with a title block: the
/// structure's label, the model title and id, and a legend (colours by the
/// primary domain's position in the model, the meaning of line colours and
/// markers).
enum class DotView {
  /// A node per present function, filled by its primary domain, inside nested
  /// `cluster:UNIT` boxes that follow the unit tree (to the level). A unit's
  /// functions stand in columns of five and its child boxes beside them, in
  /// rows that wrap so that the picture is about as wide as a slide (invisible
  /// anchor nodes and edges do that). Dependencies inside one unit are thin
  /// and grey, across units thicker, blue where the units meet below the
  /// root and red where only the root holds both; pen width grows with the
  /// weight. Dependencies do not move nodes (`constraint=false`, curved).
  kFunctions,
  /// A node per owning unit, sized and labelled by the functions it owns and
  /// filled by their most common primary domain; an edge per pair of units
  /// with crossing dependencies, width and label by summed weight. Laid out
  /// by neato (`layout=neato` in the file): the unit graph has no direction.
  kUnits,
  /// The organization chart, top down: each unit with its kind, headcount,
  /// up to five functions (then "+N more") and, for a control tower, a red
  /// border and "control tower: DOMAIN". Below the root's children each
  /// branch hangs as a list, so the chart stays about as wide as the number
  /// of top-level units.
  kTree,
  /// The functions view of a structure against another (`against`): moved
  /// functions in red with "from: OLD UNIT", functions absent there marked
  /// "new", units absent there in dashed blue boxes marked "new", units under
  /// another parent "moved from: OLD PARENT"; removed units and dropped
  /// functions listed in the legend.
  kDiff,
};

/// Parses "functions", "units", "tree", "diff".
[[nodiscard]] std::optional<DotView> parse_dot_view(std::string_view name);

struct DotOptions {
  DotView view = DotView::kFunctions;
  /// Units deeper than this fold into their ancestor at this depth.
  std::optional<int> level;
  /// The structure the diff view compares against (required there).
  Index against = kNone;
  /// Language of labels (LabelSet::pick); "" for the plain `label`.
  std::string lang;
  /// A sentence the units view adds to its subtitle (plain text), such as
  /// why it was folded; "" for none.
  std::string note;
};

/// The DOT text of structure `s` drawn as `options.view`.
[[nodiscard]] std::string dot_text(const Model& model, Index s, const DotOptions& options);

/// `s` as a DOT quoted string: `"` and `\` escaped, a newline written `\n`,
/// carriage returns dropped, other control characters replaced by spaces.
/// The mapping is one-to-one on strings without control characters (ids).
[[nodiscard]] std::string dot_quoted(std::string_view s);

/// `s` as text inside an HTML-like label: `&`, `<`, `>`, `"` as entities,
/// `\` doubled (Graphviz reads escapes in HTML labels too), a newline as
/// `<br/>`, control characters XML forbids replaced by spaces.
[[nodiscard]] std::string dot_html_text(std::string_view s);

/// The fill colour ("#RRGGBB") of the domain at model position `domain`: a
/// fixed colour-blind-friendly palette (Paul Tol's "light" and "muted"
/// schemes) indexed by position, repeating after its 14 colours, so that
/// pictures of different structures of one model use the same colours.
[[nodiscard]] const std::string& domain_colour(Index domain);

/// A functions view of more functions than this, or of more pairs of
/// dependent functions, cannot be read on a page, and Graphviz takes from
/// seconds to minutes to lay it out (a generated model of 200 functions and
/// 1,167 pairs: about 5 s a picture; of 1,500 functions and 7,670 pairs:
/// over a minute). Above either, the report draws the units view instead,
/// and `dot` says what to expect before it renders one.
inline constexpr std::size_t kMaxPictureFunctions = 150;
inline constexpr std::size_t kMaxPicturePairs = 1000;

/// What the functions view of the largest of some structures draws: the
/// most present functions, and the most pairs of present functions with a
/// dependency (the lines), of any one structure.
struct PictureLoad {
  std::size_t functions = 0;
  std::size_t pairs = 0;
  [[nodiscard]] bool fits() const {
    return functions <= kMaxPictureFunctions && pairs <= kMaxPicturePairs;
  }
};
[[nodiscard]] PictureLoad picture_load(const Model& model, const std::vector<Index>& structures);

/// What Graphviz lays out for the units view of structure `s` folded to
/// `level`: a node per owning unit, an edge per pair of them that some
/// dependency crosses.
struct UnitsPictureSize {
  std::size_t nodes = 0;
  std::size_t edges = 0;
};
[[nodiscard]] UnitsPictureSize units_picture_size(const Model& model, Index s,
                                                  std::optional<int> level);

/// The seconds neato is expected to take to lay out a units view of that
/// size: a * nodes^b * edges^c, fitted by tools/bench/layout_calibration.py
/// (docs/cli.md, "Time budget").
[[nodiscard]] double units_layout_seconds(UnitsPictureSize size);

/// The level at which the units view of `s` is expected to lay out within
/// `budget` seconds: none (every unit) when the unfolded picture fits,
/// else the deepest level, from the tree's depth minus one up to 1, whose
/// estimate fits; else 1.
struct UnitsFold {
  std::optional<int> level;
  double unfolded_seconds = 0;  ///< the estimate without folding
  double seconds = 0;           ///< the estimate at `level`
};
[[nodiscard]] UnitsFold units_fold_within(const Model& model, Index s, double budget);

/// The font stack of every picture: Noto Sans CJK KR (Korean), then
/// whatever fontconfig or the SVG viewer offers as sans-serif.
inline constexpr std::string_view kDotFont = "Noto Sans CJK KR,sans-serif";

}  // namespace policygraph
