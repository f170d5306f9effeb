// JSON export: a model holding one structure with every change applied.
#pragma once

#include <nlohmann/json.hpp>
#include <policygraph/core/model.hpp>

namespace policygraph {

/// A complete `policygraph/1` model (model-format.md) with the title,
/// description, sources, domains, functions (labels, domains) and
/// dependencies (from, to, weight, kind) of `model`, and structure `s` alone
/// in full form under its own id: units in listing order with parent, label,
/// labels, kind, headcount and autonomous (keys left out when unset),
/// `assign` in function order (absent functions left out) and
/// `control_towers` in domain order. Reading it back gives the same metrics
/// for that structure.
[[nodiscard]] nlohmann::ordered_json model_json(const Model& model, Index s);

}  // namespace policygraph
