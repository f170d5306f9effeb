// Output of `policygraph compare` (docs/cli.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <policygraph/analysis/compare.hpp>
#include <policygraph/report/table.hpp>

namespace policygraph {

/// The size of a change as compare's JSON gives it under "change": the
/// common, moved, followed, added and dropped functions, and how the two
/// partitions agree (nmi, vi, adjusted_rand, split_join).
[[nodiscard]] nlohmann::ordered_json change_size_json(const ChangeSize& c);

/// {"baseline", "level", "structures": [metrics + "delta" + "change"], "domains"}.
[[nodiscard]] nlohmann::ordered_json comparison_json(const Model& model, const Comparison& c);

/// The tables of a comparison for CSV: "summary" (a row per structure: every
/// whole and shape figure, then the change against the baseline),
/// "consolidation" (a row per domain and structure), "domains", "units",
/// "misplaced", "levels" (as for metrics, for every structure).
[[nodiscard]] std::optional<Table> comparison_table(const Model& model, const Comparison& c,
                                                    std::string_view which, std::string_view lang,
                                                    bool exact);
/// The names comparison_table takes, in the order above.
[[nodiscard]] const std::vector<std::string>& comparison_table_names();

/// The tables of the side-by-side view, for any renderer.
struct ComparisonTables {
  Table whole;       ///< metric x structure, differences in brackets
  Table change;      ///< size of each change against the baseline (empty with one structure)
  Table placements;  ///< domain x structure: "units / branches" and the mark of its change
  Table owners;      ///< domain x structure: owner (depth)
  Table towers;      ///< domain x structure: tower, coverage / internal share; empty without towers
  Table fragmentation;  ///< domain x structure: fragmentation (difference)
};
[[nodiscard]] ComparisonTables comparison_tables(const Model& model, const Comparison& c,
                                                 std::string_view lang);
/// The legends of the placements, towers and fragmentation tables, in the
/// language of the process (core/messages.hpp).
[[nodiscard]] std::string placement_note();
[[nodiscard]] std::string tower_note();
[[nodiscard]] std::string fragmentation_note();

/// Side-by-side text for a terminal, or Markdown sections.
[[nodiscard]] std::string comparison_text(const Model& model, const Comparison& c,
                                          std::string_view lang);
[[nodiscard]] std::string comparison_markdown(const Model& model, const Comparison& c,
                                              std::string_view lang);

}  // namespace policygraph
