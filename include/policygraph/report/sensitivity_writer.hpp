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
[[nodiscard]] std::string sensitivity_text(const Model& model, const SensitivityResult& r,
                                           const SensitivityOptions& o, bool markdown);

}  // namespace policygraph
