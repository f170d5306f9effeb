// The four output formats of `policygraph metrics` (docs/cli.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <policygraph/report/table.hpp>
#include <policygraph/metrics/metrics.hpp>

namespace policygraph {

/// The JSON object of docs/cli.md: keys are exactly the metric names of
/// docs/metrics.md; numbers in full precision; null where there is no value.
[[nodiscard]] nlohmann::ordered_json metrics_json(const Model& model, const StructureMetrics& m);

/// The tables a metrics result is made of, one row per structure (summary)
/// or per structure and item (the others). CSV prints one of them.
enum class MetricsTable { kSummary, kDomains, kUnits, kMisplaced, kLevels };

/// Parses "summary", "domains", "units", "misplaced", "levels".
[[nodiscard]] std::optional<MetricsTable> parse_metrics_table(std::string_view name);
/// Those names, in that order.
[[nodiscard]] const std::vector<std::string>& metrics_table_names();

/// One table over several results. `exact`: numbers in full precision (CSV);
/// otherwise rounded for people.
[[nodiscard]] Table metrics_table(const Model& model, const std::vector<StructureMetrics>& results,
                                  MetricsTable which, std::string_view lang, bool exact);

/// `t` with every heading translated (core/messages.hpp): for tables read
/// by people. The headings of metrics_table are the CSV column names, each
/// marked for the catalogue.
[[nodiscard]] Table human_headers(Table t);

/// Everything for a terminal (`exact` false) or as Markdown sections.
/// When m's betweenness was sampled, the sentence that says from how many
/// sources and within what bound (in the current language); else empty.
[[nodiscard]] std::string betweenness_sample_note(const StructureMetrics& m);

[[nodiscard]] std::string metrics_text(const Model& model, const StructureMetrics& m,
                                       std::string_view lang);
[[nodiscard]] std::string metrics_markdown(const Model& model, const StructureMetrics& m,
                                           std::string_view lang);

/// "after-2025 (After the restructuring)" style names.
[[nodiscard]] std::string structure_title(const Model& model, Index s, std::string_view lang);

}  // namespace policygraph
