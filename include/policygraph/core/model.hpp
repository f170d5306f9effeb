// The in-memory model: a compact, immutable picture of one model file.
//
// Every id is interned once at load time; from then on everything works on
// 32-bit indices into contiguous arrays. Unit ids are interned model-wide, so
// that the same unit id in two structures is the same index (unit ids are
// stable identities across structures, see docs/model-format.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <policygraph/core/function_graph.hpp>
#include <policygraph/core/id_index.hpp>

namespace policygraph {

using Index = std::uint32_t;
inline constexpr Index kNone = UINT32_MAX;

/// The largest weight or headcount a model may give (10^15). With at most
/// 2^32 dependencies and units, every sum and product of them the analyses
/// form (costs, shares, sampled weights) stays far from overflowing, so
/// every figure printed is finite.
inline constexpr double kMaxQuantity = 1e15;

/// Labels of a thing in several languages: `label` plus `labels[TAG]`.
struct LabelSet {
  std::string label;
  std::map<std::string, std::string> by_lang;

  /// labels[lang] when present, else label, else `fallback` (the id).
  [[nodiscard]] const std::string& pick(std::string_view lang, const std::string& fallback) const;
};

struct Source {
  std::string id, title, url, date, note;
};

struct Domain {
  std::string id;
  LabelSet labels;
  std::string description;
};

struct Function {
  std::string id;
  LabelSet labels;
  std::string description;
  std::vector<Index> domains;  ///< at least one; the first is the primary domain
};

/// The attributes of a unit inside one structure (they may change between
/// structures through `update-unit`).
struct UnitInfo {
  LabelSet labels;
  std::string kind;
  std::optional<double> headcount;
  bool autonomous = false;
};

/// What gave a function its owner, or a unit its place, in a structure: an
/// entry of a full-form structure or a change op (docs/check.md names it
/// with each culprit). `source` indexes Model::placement_sources (kNone:
/// not known, as in a structure built in code); `item` is the CSV line of
/// an assignment read from a file, or the position of a `units` entry.
struct Placement {
  Index source = kNone;
  Index item = 0;
};

/// Where placements come from: a structure's `assign` (JSON or CSV), its
/// `units`, or one change op.
struct PlacementSource {
  enum class Kind : std::uint8_t { kAssign, kUnits, kOp };
  Kind kind = Kind::kOp;
  std::string file;     ///< the model file, or the file the op came from
  std::string pointer;  ///< /structures/0/assign, /structures/0/units, or the op's
  std::string csv;      ///< kAssign: the CSV file read instead of `assign`, else empty
};

/// A place in an input file: a JSON pointer, or a line of a CSV file.
struct Location {
  std::string file;
  std::string pointer;   ///< when line is 0
  std::size_t line = 0;  ///< CSV: 1-based
};

/// A structure with every change applied: a rooted tree over the model-wide
/// unit indices plus an assignment. Plain arrays, cheap to copy and modify.
struct Resolved {
  std::string id;
  LabelSet labels;
  std::string date;
  std::string base;  ///< the base structure's id in change form, else empty

  Index root = kNone;
  std::vector<Index> parent;     ///< per unit; kNone for the root and absent units
  std::vector<std::uint8_t> present;  ///< per unit: 1 when the unit exists here
  std::vector<UnitInfo> info;    ///< per unit (meaningful where present)
  std::vector<Index> order;      ///< present units in listing order (adds appended)
  std::vector<Index> assign;     ///< per function: owning unit, kNone when absent
  std::vector<Index> control_tower;  ///< per domain: unit, kNone when none
  /// Per function and per unit: what placed it (may be empty, when built in code).
  std::vector<Placement> function_placed;
  std::vector<Placement> unit_placed;

  /// Depth of every present unit (root 0); filled by finish().
  std::vector<Index> depth;

  /// Computes `depth` from `parent`; call after the tree changes.
  void finish();
  /// Grows the per-unit arrays to `units` entries (new units absent).
  void fit(std::size_t units);
  [[nodiscard]] std::size_t unit_count() const { return order.size(); }
};

/// Which file a model was read from, by identity rather than by name, so
/// that an output naming it under another spelling or through a link is
/// recognised (st_dev and st_ino).
struct FileIdentity {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

struct Model {
  std::string path;  ///< as named on the command line
  /// Every file read to build it: the model first, then its CSV files.
  std::vector<FileIdentity> inputs;
  std::string title, description;
  /// The title and description in other languages, by tag (`titles`,
  /// `descriptions`).
  std::map<std::string, std::string> titles, descriptions;
  [[nodiscard]] const std::string& title_in(std::string_view lang) const;
  [[nodiscard]] const std::string& description_in(std::string_view lang) const;
  std::vector<Source> sources;
  std::vector<Domain> domains;
  std::vector<Function> functions;
  std::vector<Dependency> dependencies;
  std::vector<std::string> dependency_kinds;  ///< interned `kind` texts
  std::vector<std::string> unit_ids;          ///< model-wide unit ids
  std::vector<Index> unit_order;              ///< unit indices sorted by id, filled at load time
  std::vector<Resolved> structures;           ///< in model order, all resolved
  FunctionGraph graph;                        ///< undirected, weights summed per pair
  /// What Resolved::function_placed and unit_placed point into.
  std::vector<PlacementSource> placement_sources;

  // id -> index look-ups, filled at load time.
  IdIndex function_index;  // the hot one: two look-ups per dependency
  std::unordered_map<std::string, Index> domain_index, unit_index, structure_index, source_index;

  [[nodiscard]] std::optional<Index> find_structure(std::string_view id) const;
  [[nodiscard]] std::optional<Index> find_function(std::string_view id) const;
  [[nodiscard]] std::optional<Index> find_domain(std::string_view id) const;
  [[nodiscard]] std::optional<Index> find_unit(std::string_view id) const;
  /// Unit indices sorted by id (byte order): the order sums over units run
  /// in, so that results do not depend on the order units are listed in.
  /// `unit_order` when it is filled, else computed.
  [[nodiscard]] std::vector<Index> units_by_id() const;
  /// Fills `unit_order` once every unit is known; the reader calls it.
  void index_units();
  /// Adds a resolved structure (a what-if, a proposal) after the others and
  /// returns its index, so that every analysis can take it. Throws
  /// std::invalid_argument when its id is empty or already taken.
  Index add_structure(Resolved s);
  /// The model-wide index of unit `id`, added when new; every structure of
  /// `structures` is grown to hold it (absent there).
  Index intern_unit(const std::string& id);

  /// Display name of a unit in a structure: its label in `lang`, else its id.
  [[nodiscard]] const std::string& unit_name(const Resolved& s, Index unit,
                                             std::string_view lang) const;
  /// Where function `f` got its owner in `s`, or unit `u` its place:
  /// nothing when not known.
  [[nodiscard]] std::optional<Location> function_placement(const Resolved& s, Index f) const;
  [[nodiscard]] std::optional<Location> unit_placement(const Resolved& s, Index u) const;

  /// "Ministry > Office > Bureau" path of a unit, with display names.
  [[nodiscard]] std::string unit_path(const Resolved& s, Index unit, std::string_view lang) const;
};

}  // namespace policygraph
