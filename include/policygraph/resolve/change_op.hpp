// Change ops: the typed edits that turn one structure into another.
//
// A structure in change form (docs/model-format.md) is a base structure plus
// a list of these ops; a what-if built in code is the same. Ops name units,
// functions and domains by id, so a list can be written before the structure
// it applies to exists, and `apply` (resolve/resolve.hpp) checks every id.
//
// A field left empty (std::nullopt) is one the op does not have: either it
// was never given, or the loader could not read it and has already reported
// why. `apply` checks what is there and changes only what it can.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <policygraph/core/model.hpp>

namespace policygraph {

/// `add-unit`: a new unit under `parent`, with its attributes.
struct AddUnit {
  std::optional<std::string> id;
  std::optional<std::string> parent;
  UnitInfo info;
};

/// `remove-unit`: a leaf unit goes; its functions go to `functions_to`,
/// which is required when it owns any.
struct RemoveUnit {
  std::optional<std::string> unit;
  std::optional<std::string> functions_to;
  /// The key was given, even if it could not be read (then nothing moves).
  bool functions_to_given = false;
};

/// `move-unit`: `unit` and its whole subtree go under `to`.
struct MoveUnit {
  std::optional<std::string> unit;
  std::optional<std::string> to;
};

/// The attributes `update-unit` changes; what is empty stays as it was.
/// `labels` entries are added to (or replace) the unit's labels per language.
struct UnitPatch {
  std::optional<std::string> label;
  std::map<std::string, std::string> labels;
  std::optional<std::string> kind;
  std::optional<double> headcount;
  std::optional<bool> autonomous;
};

/// `update-unit`: new attributes for `unit`.
struct UpdateUnit {
  std::optional<std::string> unit;
  UnitPatch patch;
};

/// `merge-units`: every unit of `units` is merged into `into`, which takes
/// their functions, child units and control-tower designations; `label` and
/// `labels` rename `into`. An empty entry of `units` is one that could not
/// be read; the merge is then not made.
struct MergeUnits {
  std::vector<std::optional<std::string>> units;
  std::optional<std::string> into;
  std::optional<std::string> label;
  std::map<std::string, std::string> labels;
};

/// `move-function`: the functions change owner to `to`. `single` records
/// that the op was written with `function` (one id) rather than `functions`.
struct MoveFunction {
  std::vector<std::string> functions;
  std::optional<std::string> to;
  bool single = false;
};

/// `drop-function`: the function is absent from the new structure.
struct DropFunction {
  std::optional<std::string> function;
};

/// `set-control-tower`: `unit` becomes the control tower of `domain`;
/// an empty `unit` with `unit_given` clears the designation.
struct SetControlTower {
  std::optional<std::string> domain;
  std::optional<std::string> unit;
  /// False when the op had no readable `unit` (a string or null): nothing changes.
  bool unit_given = true;
};

using ChangeKind = std::variant<AddUnit, RemoveUnit, MoveUnit, UpdateUnit, MergeUnits,
                                MoveFunction, DropFunction, SetControlTower>;

/// One op with the place it came from, where its problems are reported:
/// `pointer` is the op's JSON pointer in `file` (for example
/// `/structures/1/changes/4`); a problem with one key is reported at
/// `pointer + "/" + key`.
struct ChangeOp {
  ChangeKind kind;
  std::string file;
  std::string pointer;
  std::string note;
};

/// The op's name as written in a model file: "add-unit", "move-function", ...
[[nodiscard]] std::string_view op_name(const ChangeKind& kind);

}  // namespace policygraph
