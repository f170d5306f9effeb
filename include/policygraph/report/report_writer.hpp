// `policygraph report`: one self-contained HTML page (no external resources).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <policygraph/analysis/compare.hpp>
#include <policygraph/analysis/consensus.hpp>
#include <policygraph/analysis/constraints.hpp>
#include <policygraph/analysis/diff.hpp>
#include <policygraph/analysis/explain.hpp>
#include <policygraph/analysis/sensitivity.hpp>
#include <policygraph/export/dot_writer.hpp>

namespace policygraph {

/// A picture: inline SVG when Graphviz rendered it, else its DOT source
/// (shown in a collapsible block).
struct ReportPicture {
  std::string caption;
  std::string svg;
  std::string dot;
};

/// The functions view draws a box per unit that holds functions; above
/// this many boxes the report folds its pictures (picture_level).
inline constexpr std::size_t kMaxPictureBoxes = 24;

/// Above this many rows the report folds its dependency matrices
/// (dsm_fold_level): a 40-row matrix still names every row on A4.
inline constexpr std::size_t kMaxMatrixRows = 40;

/// The boxes the functions view of structure `s` draws with the units
/// folded to `level` (none: every unit): the present units at depth <=
/// level that own a present function or have one below them, the root
/// included.
[[nodiscard]] std::size_t picture_boxes(const Model& model, Index s, std::optional<int> level);

/// The level the report draws the pictures of `structures` at, one for
/// all so that they compare side by side: none (every unit) when no
/// structure draws more than kMaxPictureBoxes boxes unfolded; else the
/// deepest level from 1 down at which none does; level 1 when even there
/// one does.
[[nodiscard]] std::optional<int> picture_level(const Model& model,
                                               const std::vector<Index>& structures);

/// Which misplaced functions the page lists.
enum class MisplacedChoice {
  kStrongest,  ///< the kStrongestMisplaced with the largest gain, and those tied with the last
  kAll,
};
inline constexpr std::size_t kStrongestMisplaced = 5;

/// The misplaced functions of `m` the page lists, in the order of
/// m.misplaced (gain, pull_better - pull_own, descending). Unless
/// `alone`, functions that are the only function of their unit (at the
/// level) are left out first: their own unit cannot pull on them, so any
/// outside dependency flags them. kStrongest then keeps the first
/// kStrongestMisplaced and every later one whose gain equals the last
/// one's (same_weight). `alone_left_out` receives how many were left out
/// for being alone.
[[nodiscard]] std::vector<MisplacedFunction> report_misplaced(const StructureMetrics& m,
                                                              MisplacedChoice choice, bool alone,
                                                              std::size_t* alone_left_out);

/// The sensitivity section: the options and the result.
struct ReportSensitivity {
  SensitivityOptions options;
  SensitivityResult result;
};

/// The optimizer section: the proposal for one structure.
struct ReportProposal {
  Index structure = kNone;
  std::string id;  ///< the proposal's name
  OptimizeResult result;
  Constraints constraints;
  /// With report --optimize-samples: the consensus over weight samples,
  /// whose `consensus` is then `result`.
  std::optional<ConsensusResult> consensus;
  ConsensusOptions consensus_options;
};

struct ReportContent {
  std::string title;  ///< defaults to the model's title
  std::string lang;   ///< label language; also the page's `lang` when given
  std::vector<ReportPicture> pictures;       ///< one per compared structure
  std::vector<ReportPicture> diff_pictures;  ///< the diff view of each against the baseline
  std::optional<int> picture_level;  ///< the level the pictures are drawn at
  /// True when the report folded the pictures by picture_level (no --level);
  /// then `boxes_unfolded` is the most boxes a structure would draw unfolded.
  bool pictures_folded = false;
  std::size_t boxes_unfolded = 0;
  std::string pictures_note;  ///< why there are no SVGs, when there are none
  /// The view of the pictures of the structures (the `diff` pictures are
  /// the functions view of what moved).
  DotView picture_view = DotView::kFunctions;
  /// Set when the report drew the units view, and no pictures of what
  /// moved, because the functions view would have been too large: what
  /// the functions view would have drawn.
  std::optional<PictureLoad> pictures_simplified;
  /// The dependency matrix of each compared structure (report/dsm_writer.hpp),
  /// those other than the baseline marked against it; all at matrix_level.
  std::vector<ReportPicture> matrices;
  std::optional<int> matrix_level;
  /// True when the report folded the matrices (no --level); then
  /// `matrix_rows_unfolded` is the most rows a matrix would have unfolded.
  bool matrices_folded = false;
  std::size_t matrix_rows_unfolded = 0;
  std::vector<StructureDiff> diffs;  ///< baseline -> each other structure
  /// The same pairs explained at the comparison's level (analysis/explain.hpp):
  /// its sentences open each pair's part of "What changed".
  std::vector<Explanation> explanations;
  /// With each explanation, its alluvial picture (report/alluvial.hpp);
  /// empty when the report draws no pictures.
  std::vector<std::string> alluvials;
  std::optional<ReportSensitivity> sensitivity;
  std::optional<ReportProposal> proposal;
  MisplacedChoice misplaced = MisplacedChoice::kStrongest;
  bool misplaced_alone = false;  ///< list functions alone in their unit too
};

/// The sentences that open the report, in the language of the process
/// (core/messages.hpp), the baseline against the first other structure
/// compared: the size of the change, then a sentence per domain saying
/// whether it consolidated, narrowed, spread out or stayed as it was, then
/// the whole structure. Empty with one structure.
struct Summary {
  std::string intro;   ///< names the two structures
  std::string change;  ///< functions that changed hands, went with their unit, added, dropped
  std::vector<std::string> consolidated, narrowed, dispersed, unchanged, not_compared;
  std::string whole;   ///< cross-unit share, top-level share, escalation, coordination cost
  std::vector<std::string> others;  ///< one line per further structure compared
};
[[nodiscard]] Summary report_summary(const Model& model, const Comparison& c,
                                     std::string_view lang);

/// The whole page. Deterministic: same inputs, same bytes.
[[nodiscard]] std::string report_html(const Model& model, const Comparison& c,
                                      const ReportContent& content);

}  // namespace policygraph
