// `policygraph dsm`: the dependency structure matrix (metrics/dsm.hpp) for
// a terminal, a spreadsheet, a program, a picture and a page.
#pragma once

#include <nlohmann/json.hpp>
#include <policygraph/metrics/dsm.hpp>
#include <policygraph/report/table.hpp>
#include <string>
#include <string_view>

namespace policygraph {

/// The matrix with numbered rows and columns, the top-level blocks set off
/// by rules, then the blocks and the weight off the blocks at each depth.
/// Labels in `lang`.
[[nodiscard]] std::string dsm_text(const Model& model, const Dsm& m, std::string_view lang);

/// A row per row of the matrix: id, label, unit, depth, then a column per
/// row id holding the cell's weight (0 where there is none), exactly.
[[nodiscard]] Table dsm_table(const Model& model, const Dsm& m, std::string_view lang);

/// rows, the non-zero cells (0-based row and column), blocks and off_block.
[[nodiscard]] nlohmann::ordered_json dsm_json(const Model& model, const Dsm& m,
                                              std::string_view lang);

/// A self-contained SVG document: row labels indented by depth, columns
/// numbered as the rows, cells shaded by weight with a legend, a frame
/// around each block (thicker the higher the unit), marked cells when
/// compared against another structure. Each cell's <title> gives its rows
/// and weight. The shades run up to `heaviest` (0: the matrix's heaviest
/// cell), so that matrices set side by side can share one scale. Same
/// matrix, same bytes.
[[nodiscard]] std::string dsm_svg(const Model& model, const Dsm& m, std::string_view lang,
                                  double heaviest = 0);
/// The heaviest cell of `m` (0 when it has none).
[[nodiscard]] double dsm_heaviest(const Dsm& m);

/// A page holding the picture, how to read it and the blocks' table.
[[nodiscard]] std::string dsm_html(const Model& model, const Dsm& m, std::string_view lang);

}  // namespace policygraph
