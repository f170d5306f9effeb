// Output of `policygraph sensitivity`.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <policygraph/report/table.hpp>
#include <policygraph/analysis/sensitivity.hpp>

namespace policygraph {

[[nodiscard]] nlohmann::ordered_json sensitivity_json(const Model& model,
                                                      const SensitivityResult& r,
                                                      const SensitivityOptions& o);
/// One tidy table: structure, metric, nominal, mean, p5, p95, delta_mean, delta_p5, delta_p95,
/// then rank and rank_holds (the rows of the two ranked figures) and the shares lower, tied,
/// higher against the baseline (empty in the baseline's rows).
[[nodiscard]] Table sensitivity_table(const Model& model, const SensitivityResult& r, bool exact);
/// The two tables of the text, for any renderer: `values`, a row per metric
/// (its key) and a column per structure (its id; the baseline's marked),
/// each cell "mean[p5, p95]" with `separator` after the mean; `deltas`, the
/// same for the difference to the baseline, sample by sample, without the
/// baseline's column (empty with one structure).
struct SensitivityTables {
  Table values;
  Table deltas;
};
[[nodiscard]] SensitivityTables sensitivity_tables(const Model& model, const SensitivityResult& r,
                                                   std::string_view separator = " ");
/// A ranking as the text writes it: structure ids lowest first, "<" between
/// them, "=" between tied ones ("after < before = alt").
[[nodiscard]] std::string sensitivity_order(const Model& model, const SensitivityResult& r,
                                            const Ranking& ranking);
/// Samples, noise, drop, seed and level in one line ("200 samples; each ...").
[[nodiscard]] std::string sensitivity_setup(const SensitivityOptions& o);
[[nodiscard]] std::string sensitivity_text(const Model& model, const SensitivityResult& r,
                                           const SensitivityOptions& o, bool markdown);

}  // namespace policygraph
