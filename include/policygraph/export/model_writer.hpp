// JSON export: a model holding one structure with every change applied.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <policygraph/core/model.hpp>
#include <policygraph/resolve/change_op.hpp>

namespace policygraph {

/// A complete `policygraph/1` model (docs/model-format.md) with the title,
/// description, sources, domains, functions (labels, domains) and
/// dependencies (from, to, weight, kind) of `model`, and structure `s` alone
/// in full form under its own id: units in listing order with parent, label,
/// labels, kind, headcount and autonomous (keys left out when unset),
/// `assign` in function order (absent functions left out) and
/// `control_towers` in domain order. Reading it back gives the same metrics
/// for that structure.
[[nodiscard]] nlohmann::ordered_json model_json(const Model& model, Index s);

/// One change op as written in a model file: `op` first, then its keys in
/// the order of docs/model-format.md, `note` last (keys left out when unset).
[[nodiscard]] nlohmann::ordered_json change_op_json(const ChangeOp& op);

/// A structure in change form: id, base, label, description (when not
/// empty) and its changes.
[[nodiscard]] nlohmann::ordered_json change_structure_json(const std::string& id,
                                                           const std::string& base,
                                                           const std::string& label,
                                                           const std::string& description,
                                                           const std::vector<ChangeOp>& ops);

/// `model_text` (the file at `model_path`) with `structure` appended to its
/// structures, for a new file at `out_path`: CSV paths are rewritten
/// relative to the new file's folder.
[[nodiscard]] std::string model_text_with_structure(std::string_view model_text,
                                                    const std::string& model_path,
                                                    const std::string& out_path,
                                                    const nlohmann::ordered_json& structure);
/// The same with any number of structures appended in order; with none,
/// the model as it is, its CSV paths rewritten for the new folder.
[[nodiscard]] std::string model_text_with_structures(
    std::string_view model_text, const std::string& model_path, const std::string& out_path,
    const std::vector<nlohmann::ordered_json>& structures);

}  // namespace policygraph
