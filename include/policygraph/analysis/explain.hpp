// Explaining a change between two structures: what happened to each unit
// (events of succession) and which moves and dependencies made each
// whole-structure figure move (attribution). docs/explain.md defines both.
#pragma once

#include <optional>
#include <policygraph/analysis/compare.hpp>
#include <string_view>
#include <vector>

namespace policygraph {

/// What happened to a group of units, in the vocabulary of the research on
/// machinery-of-government changes (docs/explain.md, "Events").
enum class EventType {
  kCreate,    ///< a new unit, from parts of others or from nothing
  kMerge,     ///< two or more units that are gone, wholly into one new unit
  kSplit,     ///< a unit that is gone, its functions to two or more units
  kAbsorb,    ///< units that are gone, wholly into one unit that continues
  kRename,    ///< a unit under a new id (wholly into a new unit), or a new label
  kAbolish,   ///< a unit that is gone with none of its functions kept
  kTransfer,  ///< functions passing between two units that both continue
  kContinue,  ///< a unit that keeps its id and label
};

/// "create", "merge", ...: the JSON and CSV key.
[[nodiscard]] const char* event_type_key(EventType type);

/// Functions owned by `from` in FROM and by `to` in TO, at the level (the
/// functions present in both structures).
struct UnitFlow {
  Index from = kNone;
  Index to = kNone;
  std::vector<Index> functions;  ///< function indices, in function id order
  /// The summed weighted degree of those functions over the dependencies
  /// between functions present in both structures.
  double weight = 0;
};

struct ChangeEvent {
  EventType type = EventType::kContinue;
  std::vector<Index> from;  ///< units of FROM, largest flow first, then id
  std::vector<Index> to;    ///< units of TO, largest flow first, then id
  /// Indices into Explanation::flows, largest first, then by unit ids.
  std::vector<std::size_t> flows;
};

/// How a function fared, at the level.
enum class FunctionFate {
  kStayed,    ///< same owner id on both sides
  kFollowed,  ///< a new owner that succeeds the old one: it went with its unit
  kMoved,     ///< a new owner that does not: it changed hands
  kAdded,     ///< present only in TO
  kDropped,   ///< present only in FROM
  kAbsent,    ///< present in neither
};

/// One dependency's part in a metric's change.
struct DependencyPart {
  Index u = kNone;  ///< function indices, u before v in id order
  Index v = kNone;
  double contribution = 0;
};

/// One moved (or added, or dropped) function's part.
struct MovePart {
  Index function = kNone;
  double contribution = 0;
};

/// The change of one ratio metric N / D broken down exactly (docs/explain.md,
/// "Attribution"): the parts by dependency add up to `delta`, and so do the
/// parts by move with `other`.
struct MetricAttribution {
  std::string_view key;  ///< "cross_unit_share", ...
  double from = 0;
  double to = 0;
  double delta = 0;
  std::vector<DependencyPart> by_dependency;  ///< every dependency with a non-zero part
  std::vector<MovePart> by_move;              ///< every mover, largest |part| first
  double other = 0;                           ///< parts of dependencies neither of whose ends moved
};

/// Modularity is a sum of unit terms: the change of each unit's term.
struct UnitTermPart {
  Index unit = kNone;
  double from = 0;  ///< the unit's term in FROM (0 when it owns nothing there)
  double to = 0;
  double contribution = 0;  ///< to - from
};

struct ModularityAttribution {
  double from = 0;
  double to = 0;
  double delta = 0;
  std::vector<UnitTermPart> by_unit;  ///< largest |contribution| first, then unit id
};

/// A dependency present on both sides whose place changed.
struct DependencyShift {
  Index u = kNone;
  Index v = kNone;
  double weight = 0;
  /// Depth of the lowest common ancestor of the two owners, or of the
  /// common owner when inside one unit.
  Index meet_depth_from = 0;
  Index meet_depth_to = 0;
};

struct Shifts {
  std::vector<DependencyShift> became_internal;  ///< crossed units, now inside one
  std::vector<DependencyShift> became_external;  ///< inside one unit, now crossing
  std::vector<DependencyShift> escalated;        ///< crossing both times, meeting higher
  std::vector<DependencyShift> settled;          ///< crossing both times, meeting lower
  double internal_weight = 0;
  double external_weight = 0;
  double escalated_weight = 0;
  double settled_weight = 0;
};

struct Explanation {
  Index from = kNone;  ///< structure indices
  Index to = kNone;
  std::optional<int> level;
  /// a_L per function on each side (kNone when absent).
  std::vector<Index> owner_from;
  std::vector<Index> owner_to;
  std::vector<UnitFlow> flows;  ///< every (from, to) pair with a function, by unit ids
  std::vector<ChangeEvent> events;
  std::vector<FunctionFate> fate;  ///< per function
  std::size_t moved_functions = 0;
  std::size_t followed_functions = 0;
  /// cross_unit_share, top_level_share, coordination_distance_mean,
  /// escalation_depth_mean, in this order.
  std::vector<MetricAttribution> metrics;
  ModularityAttribution modularity;
  Shifts shifts;
};

/// The events and the attribution from structure `from` to structure `to`
/// at `level` (units of depth <= level; every unit without one).
[[nodiscard]] Explanation explain_change(const Model& model, Index from, Index to,
                                         std::optional<int> level);

}  // namespace policygraph
