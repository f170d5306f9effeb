// What changed between two structures: units and functions, item by item.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <policygraph/core/model.hpp>

namespace policygraph {

/// The value of a unit attribute: text for labels and kind ("" when not
/// given), a number for headcount (none when not given), a flag for
/// autonomous. Writers format it.
using AttributeValue = std::variant<std::string, std::optional<double>, bool>;

/// A unit attribute that changed (label, kind, headcount, autonomous).
struct UnitChange {
  Index unit = kNone;
  std::string key;  ///< "label", "labels.<lang>", "kind", "headcount", "autonomous"
  AttributeValue from, to;
};

struct UnitMove {
  Index unit = kNone;
  Index from_parent = kNone;
  Index to_parent = kNone;
};

struct FunctionMove {
  Index function = kNone;
  Index from_unit = kNone;  ///< kNone when added
  Index to_unit = kNone;    ///< kNone when dropped
  /// Moved with its unit: `to_unit` succeeds `from_unit` (analysis/compare.hpp,
  /// Succession, at leaf level), as when the unit merged or took a new id.
  bool with_unit = false;
};

struct TowerChange {
  Index domain = kNone;
  Index from_unit = kNone;
  Index to_unit = kNone;
};

/// Differences from structure `from` to structure `to`. Units are matched by
/// id. Lists follow `to`'s listing order for units that exist there (else
/// `from`'s) and model order for functions and domains.
struct StructureDiff {
  Index from = kNone;
  Index to = kNone;
  std::vector<Index> units_added;    ///< present only in `to`
  std::vector<Index> units_removed;  ///< present only in `from`
  std::vector<UnitMove> units_moved;  ///< present in both, other parent
  std::vector<UnitChange> units_changed;  ///< relabelled, reclassified, ...
  std::vector<FunctionMove> functions_moved;
  std::vector<FunctionMove> functions_added;
  std::vector<FunctionMove> functions_dropped;
  std::vector<TowerChange> towers_changed;

  [[nodiscard]] bool empty() const;
};

[[nodiscard]] StructureDiff diff_structures(const Model& model, Index from, Index to);

}  // namespace policygraph
