// Output of `policygraph explain` (docs/cli.md) and the sentences the
// report's "What changed" section is built from.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <policygraph/analysis/explain.hpp>
#include <policygraph/report/table.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace policygraph {

/// The story in a few lines, in the language of the process with labels in
/// `lang`: one sentence per event other than `continue` (those are counted
/// in one), the functions moved and followed, then for each headline figure
/// its change and the moves that drove it, and where dependencies went.
[[nodiscard]] std::vector<std::string> explain_sentences(const Model& model, const Explanation& e,
                                                         std::string_view lang);

/// The shape of docs/cli.md: from, to, level, events with their flows,
/// moved and followed counts, per metric the parts by dependency (all) and
/// by move with `other`, modularity by unit, the shifted dependencies.
[[nodiscard]] nlohmann::ordered_json explain_json(const Model& model, const Explanation& e,
                                                  std::string_view lang);

/// The tables of --format csv, by name (explain_table_names()).
[[nodiscard]] const std::vector<std::string>& explain_table_names();
[[nodiscard]] std::optional<Table> explain_table(const Model& model, const Explanation& e,
                                                 const std::string& name, std::string_view lang);

/// The sentences, then (unless `brief`) the events and, per metric, the
/// `top` largest parts.
[[nodiscard]] std::string explain_text(const Model& model, const Explanation& e,
                                       std::string_view lang, std::size_t top, bool brief);
[[nodiscard]] std::string explain_markdown(const Model& model, const Explanation& e,
                                           std::string_view lang, std::size_t top, bool brief);

}  // namespace policygraph
