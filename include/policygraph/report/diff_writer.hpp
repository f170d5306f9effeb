// Output of `policygraph diff` (docs/cli.md).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <policygraph/analysis/diff.hpp>
#include <policygraph/report/table.hpp>

namespace policygraph {

/// {"from", "to", "units": {added, removed, moved, changed}, "functions":
/// {moved, added, dropped}, "control_towers": [...]}, with unit paths.
[[nodiscard]] nlohmann::ordered_json diff_json(const Model& model, const StructureDiff& d,
                                               std::string_view lang);
/// One tidy table: change, id, label, from, to.
[[nodiscard]] Table diff_table(const Model& model, const StructureDiff& d, std::string_view lang);
/// Sections in plain sentences for a terminal, or as Markdown.
/// The heading of the section of one kind of change (the `change` column of
/// diff_table: "unit added", "function moved with its unit", ...), in the
/// language of the process: "Units added".
[[nodiscard]] std::string diff_section_title(const std::string& change);

[[nodiscard]] std::string diff_text(const Model& model, const StructureDiff& d,
                                    std::string_view lang);
[[nodiscard]] std::string diff_markdown(const Model& model, const StructureDiff& d,
                                        std::string_view lang);

}  // namespace policygraph
