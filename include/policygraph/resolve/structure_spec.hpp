// A structure as read from a model file, before it is resolved: what the
// loader hands to the resolver (resolve/resolve.hpp).
//
// Problems the loader found while reading a part of a structure travel with
// that part (`problems`) and are reported when the resolver reaches it, so
// that every message of one structure comes in the order of its text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/model.hpp>
#include <policygraph/resolve/change_op.hpp>

namespace policygraph {

/// A unit of a structure in full form.
struct UnitSpec {
  std::string id;
  std::optional<std::string> parent;  ///< none for the root
  UnitInfo info;
  std::size_t position = 0;  ///< its index in the structure's `units`
};

/// One `function -> unit` entry of `assign` or of its CSV file.
struct AssignSpec {
  std::string function, unit;
  std::string pointer;   ///< JSON form: where the entry is
  std::size_t line = 0;  ///< CSV form: the record's line (then `pointer` is empty)
  Diagnostics problems;  ///< reported before the entry is resolved
};

/// One entry of `control_towers`; an empty `unit` clears (null) or could
/// not be read (`unit_given` false).
struct TowerSpec {
  std::string domain;
  std::optional<std::string> unit;
  bool unit_given = true;
  std::string pointer;
  Diagnostics problems;
};

struct StructureSpec {
  std::string id;          ///< empty when the id could not be read
  std::string pointer;     ///< e.g. /structures/2
  bool readable = false;   ///< the entry was an object
  bool change_form = false;
  std::optional<std::size_t> base;  ///< change form: the base's position, when known
  LabelSet labels;
  std::string date;
  /// Problems of the structure's own keys (and, in full form, of its units).
  Diagnostics problems;

  // Full form.
  bool units_readable = false;  ///< `units` was an array
  std::vector<UnitSpec> units;
  std::string assign_file;  ///< the CSV file of `assign_csv`, else empty
  std::vector<AssignSpec> assign;
  Diagnostics assign_problems;  ///< after the last entry (e.g. "no header line")
  std::vector<TowerSpec> towers;
  Diagnostics tower_problems;

  // Change form.
  std::vector<ChangeOp> changes;
  /// Per change, reported before it; one more entry, reported after the last.
  std::vector<Diagnostics> change_problems;
};

}  // namespace policygraph
