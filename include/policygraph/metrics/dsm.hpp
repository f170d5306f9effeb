// The dependency structure matrix (DSM) of one structure: units or
// functions in tree order, a cell per pair of rows holding the summed
// weight of the dependencies from one to the other, and a block per
// subtree. Mass off the diagonal blocks is coordination that crosses a
// boundary (docs/dsm.md).
#pragma once

#include <cstddef>
#include <optional>
#include <policygraph/core/model.hpp>
#include <vector>

namespace policygraph {

/// What the rows (and columns) are.
enum class DsmItems { kUnits, kFunctions };

struct DsmRow {
  Index item = kNone;  ///< the unit, or the function
  Index unit = kNone;  ///< the unit itself, or the function's owner a_L(f)
  Index depth = 0;     ///< depth of `unit`
};

/// A non-zero cell: dependencies written from a function of row `row` to
/// one of row `column` (the diagonal of a units matrix: both ends in the
/// unit).
struct DsmCell {
  std::size_t row = 0;
  std::size_t column = 0;
  double weight = 0;
  /// With a structure to compare against: the part of `weight` that
  /// crossed units there and lies inside one unit here, and the part that
  /// lay inside one unit there and crosses here. Dependencies with an end
  /// absent there count in neither.
  double internalised = 0;
  double externalised = 0;
};

/// The rows of one unit's subtree, [first, end), of which [first, own_end)
/// are the unit's own (its row, or the functions it owns itself). Rows are
/// in preorder, so a subtree's rows are contiguous.
struct DsmBlock {
  Index unit = kNone;
  Index depth = 0;
  std::size_t first = 0;
  std::size_t own_end = 0;
  std::size_t end = 0;
  double weight = 0;  ///< the cells inside the block
};

struct Dsm {
  Index structure = kNone;
  std::optional<int> level;
  DsmItems items = DsmItems::kUnits;
  Index against = kNone;  ///< the structure the cells are marked against, or kNone
  /// Units: every present unit of depth <= level that owns a present
  /// function or has one below it, the root included, in preorder (parents
  /// before children, siblings in listing order). Functions: the present
  /// functions, grouped by owner in that order, each owner's in model order.
  std::vector<DsmRow> rows;
  std::vector<DsmCell> cells;  ///< non-zero cells, by row, then column
  /// One per unit of the units matrix's rows, in their order, whichever
  /// the rows are.
  std::vector<DsmBlock> blocks;
  double total_weight = 0;  ///< the sum of the cells: W
  /// off_block[d], d = 0 .. deepest row unit: the weight of the cells
  /// outside every block of depth d and outside the own rows of every
  /// shallower unit: what crosses units when the tree is cut at depth d
  /// (cross_unit_share at level d, times W).
  std::vector<double> off_block;
  double internalised = 0;  ///< sums of the cells' own figures
  double externalised = 0;
};

/// The matrix of structure `s` with units folded to `level` (none: every
/// unit); with `against`, the cells are marked against that structure at
/// the same level. O(|E| log |E| + units).
[[nodiscard]] Dsm dependency_matrix(const Model& model, Index s, std::optional<int> level,
                                    DsmItems items, std::optional<Index> against = {});

/// The deepest level, from the deepest of the tree up to 1, at which the
/// units matrix of every structure of `structures` has at most `max_rows`
/// rows; none when every one fits unfolded; 1 when even level 1 does not.
[[nodiscard]] std::optional<int> dsm_fold_level(const Model& model,
                                                const std::vector<Index>& structures,
                                                std::size_t max_rows);

}  // namespace policygraph
