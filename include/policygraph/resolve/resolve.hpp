// Resolving structures: full-form trees built, change ops applied along
// chains of bases, every problem reported where it is.
//
//   Model model = ...;                       // loaded (load/model_reader.hpp)
//   Diagnostics diagnostics;
//   Resolved what_if = apply_changes(model, model.structures[0], ops, diagnostics);
//   if (!diagnostics.has_errors()) {
//     const Index s = model.add_structure(std::move(what_if));
//     ... structure_metrics(model, s, std::nullopt), compare_structures(...)
//   }
#pragma once

#include <span>
#include <string>
#include <vector>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/model.hpp>
#include <policygraph/resolve/change_op.hpp>
#include <policygraph/resolve/structure_spec.hpp>

namespace policygraph {

/// Resolves `specs` (in model order) into `model.structures`: full-form
/// structures are built, change-form ones copied from their base and
/// changed op by op, bases first; a cycle of bases is reported once. Every
/// problem goes to `diagnostics`, with the problems the loader attached to
/// each part. A structure whose base cannot be resolved is left out. When
/// nothing is wrong, each function that no structure assigns gets a warning
/// at `/functions` of `model.path`.
void resolve_structures(Model& model, std::vector<StructureSpec>& specs,
                        Diagnostics& diagnostics);

/// Applies one op to `structure`, checking every id it names against the
/// model and the structure. A unit the op adds is interned into the model.
/// Problems are reported at `op.file` and `op.pointer`; an op with a
/// problem changes only what it could check. Returns false when it
/// reported an error. Call `structure.finish()` after the last op.
bool apply(Model& model, Resolved& structure, const ChangeOp& op, Diagnostics& diagnostics);

/// A what-if: a copy of `base` with `ops` applied in order, named `id`
/// (its `base` is base.id). Check `diagnostics.has_errors()` before using
/// the result; the model's other structures are unchanged (a unit the ops
/// add gets an index model-wide, absent from them).
[[nodiscard]] Resolved apply_changes(Model& model, const Resolved& base,
                                     std::span<const ChangeOp> ops, Diagnostics& diagnostics,
                                     std::string id = "what-if");

}  // namespace policygraph
