// Structures: full form, change form (every op of model-format.md) and
// chains of bases, resolved into plain arrays with every problem reported.
#include <algorithm>
#include <cmath>

#include <policygraph/load/csv.hpp>
#include <policygraph/load/json_text.hpp>

#include "reader.hpp"

namespace policygraph::detail {
namespace {

struct Entry {
  const json* object = nullptr;
  std::string pointer;
  std::string id;
  std::optional<Index> base;  // change form: the base's position, when known
  bool change_form = false;
  enum class State { kTodo, kVisiting, kDone } state = State::kTodo;
  bool ok = false;  // resolved (possibly with op errors reported)
};

class StructureReader {
 public:
  explicit StructureReader(Reader& r) : r_(r), m_(r.model()) {}

  void run(const json& list) {
    collect(list);
    for (std::size_t i = 0; i < entries_.size(); ++i) resolve_chain(static_cast<Index>(i));
    const std::size_t units = m_.unit_ids.size();
    for (auto& s : resolved_) {
      s.parent.resize(units, kNone);
      s.present.resize(units, 0);
      s.info.resize(units);
      s.finish();
      m_.structures.push_back(std::move(s));
    }
  }

 private:
  Index intern_unit(const std::string& id) {
    auto [it, inserted] = m_.unit_index.emplace(id, static_cast<Index>(m_.unit_ids.size()));
    if (inserted) m_.unit_ids.push_back(id);
    return it->second;
  }

  static void ensure_size(Resolved& s, std::size_t units) {
    if (s.parent.size() < units) {
      s.parent.resize(units, kNone);
      s.present.resize(units, 0);
      s.info.resize(units);
    }
  }

  std::string suggest_unit(const Resolved& s, const std::string& id) const {
    return r_.hint(id, s.order, [&](Index u) { return m_.unit_ids[u]; });
  }

  /// A unit that must exist in `s`: its index, or an error at `pointer`.
  std::optional<Index> present_unit(const Resolved& s, const std::string& id,
                                    const std::string& pointer) {
    auto it = m_.unit_index.find(id);
    if (it != m_.unit_index.end() && it->second < s.present.size() && s.present[it->second]) {
      return it->second;
    }
    r_.error(pointer, "unknown unit " + in_quotes(id) + " in structure " + in_quotes(s.id) +
                          suggest_unit(s, id));
    return std::nullopt;
  }

  std::optional<Index> function_ref(const std::string& id, const std::string& pointer) {
    if (auto f = m_.function_index.find(id)) return *f;
    r_.error(pointer, "unknown function " + in_quotes(id) +
                          r_.hint(id, m_.functions, [](const Function& f) { return f.id; }));
    return std::nullopt;
  }

  std::optional<Index> domain_ref(const std::string& id, const std::string& pointer) {
    if (auto it = m_.domain_index.find(id); it != m_.domain_index.end()) return it->second;
    r_.error(pointer, "unknown domain " + in_quotes(id) +
                          r_.hint(id, m_.domains, [](const Domain& d) { return d.id; }));
    return std::nullopt;
  }

  // ---- pass 1: ids, forms, bases -------------------------------------------

  void collect(const json& list) {
    std::unordered_map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < list.size(); ++i) {
      Entry e;
      e.pointer = "/structures/" + std::to_string(i);
      e.object = &list[i];
      if (r_.expect(list[i], json::value_t::object, e.pointer, "a structure")) {
        r_.check_keys(list[i], e.pointer, "a structure",
                      {"id", "label", "labels", "date", "description", "sources", "units",
                       "assign", "assign_csv", "control_towers", "base", "changes"});
        if (auto id = r_.id_member(list[i], "id", e.pointer)) {
          if (auto it = first.find(*id); it != first.end()) {
            r_.error(e.pointer + "/id", "duplicate structure id " + in_quotes(*id) +
                                            " (first at /structures/" +
                                            std::to_string(it->second) + ")");
          } else {
            first.emplace(*id, i);
            e.id = *id;
          }
        }
        e.change_form = list[i].contains("base");
      } else {
        e.object = nullptr;
      }
      entries_.push_back(std::move(e));
    }
    for (Entry& e : entries_) {
      if (e.object == nullptr || !e.change_form) continue;
      auto base = r_.string_member(*e.object, "base", e.pointer, true);
      if (!base) continue;
      if (auto it = first.find(*base); it != first.end()) {
        e.base = static_cast<Index>(it->second);
      } else {
        // suggest() breaks ties by id, so the map's order does not matter.
        r_.error(e.pointer + "/base",
                 "unknown base structure " + in_quotes(*base) +
                     r_.hint(*base, first, [](const auto& entry) { return entry.first; }));
      }
    }
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (!entries_[i].id.empty()) m_.structure_index.emplace(entries_[i].id, static_cast<Index>(i));
    }
    resolved_.resize(entries_.size());
  }

  // ---- pass 2: resolution in base order --------------------------------------

  void resolve_chain(Index start) {
    std::vector<Index> chain;  // from `start` along its bases
    Index x = start;
    bool cycle = false;
    while (entries_[x].state != Entry::State::kDone) {
      if (entries_[x].state == Entry::State::kVisiting) {
        cycle = true;
        break;
      }
      entries_[x].state = Entry::State::kVisiting;
      chain.push_back(x);
      if (!entries_[x].change_form || !entries_[x].base) break;
      x = *entries_[x].base;
    }
    if (cycle) report_base_cycle(x);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      Entry& e = entries_[*it];
      if (e.state == Entry::State::kDone) continue;  // on the cycle
      e.state = Entry::State::kDone;
      if (e.object == nullptr) continue;
      if (!e.change_form) {
        e.ok = build_full(*it);
      } else if (e.base && entries_[*e.base].ok) {
        e.ok = build_changes(*it);
      }
    }
  }

  /// `entry` is on a cycle of bases: report it once, at the cycle's first
  /// structure in listing order, and mark its members as failed.
  void report_base_cycle(Index entry) {
    std::vector<Index> cycle{entry};
    for (Index y = *entries_[entry].base; y != entry; y = *entries_[y].base) cycle.push_back(y);
    const Index first = *std::min_element(cycle.begin(), cycle.end());
    std::string path = in_quotes(entries_[first].id);
    for (Index y = *entries_[first].base;; y = *entries_[y].base) {
      path += " -> " + in_quotes(entries_[y].id);
      if (y == first) break;
    }
    r_.error(entries_[first].pointer + "/base", "cycle of bases: " + path);
    for (Index y : cycle) entries_[y].state = Entry::State::kDone;
  }

  void read_common(const json& j, const std::string& p, Resolved& s) {
    r_.labels(j, p, s.labels);
    if (auto d = r_.string_member(j, "date", p, false)) s.date = *d;
    r_.string_member(j, "description", p, false);
    r_.source_refs(j, p);
  }

  /// Unit attributes shared by full-form units, add-unit and update-unit.
  /// Returns how many attribute keys were given.
  int read_unit_info(const json& j, const std::string& p, UnitInfo& info) {
    int given = 0;
    if (j.contains("label")) ++given;
    if (j.contains("labels")) ++given;
    r_.labels(j, p, info.labels);
    if (auto k = r_.string_member(j, "kind", p, false)) {
      info.kind = *k;
      ++given;
    }
    if (auto h = r_.number_member(j, "headcount", p, false)) {
      ++given;
      if (!(*h >= 0) || !std::isfinite(*h)) {
        r_.error(p + "/headcount", "headcount must be a finite number >= 0");
      } else {
        info.headcount = *h;
      }
    }
    if (auto a = r_.bool_member(j, "autonomous", p)) {
      info.autonomous = *a;
      ++given;
    }
    return given;
  }

  bool build_full(Index pos) {
    const Entry& e = entries_[pos];
    const json& j = *e.object;
    const std::string& p = e.pointer;
    Resolved& s = resolved_[pos];
    s.id = e.id;
    read_common(j, p, s);
    const json* units = r_.member(j, "units", p, true);
    if (units == nullptr || !r_.expect(*units, json::value_t::array, p + "/units", "units")) {
      return false;
    }
    struct Pending {
      Index unit;
      std::size_t position;
      std::optional<std::string> parent;
    };
    std::vector<Pending> pending;
    std::unordered_map<Index, std::size_t> first;  // unit -> position
    for (std::size_t k = 0; k < units->size(); ++k) {
      const std::string up = p + "/units/" + std::to_string(k);
      const json& u = (*units)[k];
      if (!r_.expect(u, json::value_t::object, up, "a unit")) continue;
      r_.check_keys(u, up, "a unit",
                    {"id", "parent", "label", "labels", "kind", "headcount", "autonomous"});
      auto id = r_.id_member(u, "id", up);
      auto parent = r_.string_member(u, "parent", up, false);
      UnitInfo info;
      read_unit_info(u, up, info);
      if (!id) continue;
      const Index x = intern_unit(*id);
      if (auto it = first.find(x); it != first.end()) {
        r_.error(up + "/id", "duplicate unit id " + in_quotes(*id) + " (first at " + p + "/units/" +
                                 std::to_string(it->second) + ")");
        continue;
      }
      first.emplace(x, k);
      ensure_size(s, m_.unit_ids.size());
      s.present[x] = 1;
      s.info[x] = std::move(info);
      s.order.push_back(x);
      pending.push_back({x, k, parent});
    }
    // Parents and the root.
    for (const Pending& u : pending) {
      const std::string up = p + "/units/" + std::to_string(u.position);
      if (!u.parent) {
        if (s.root == kNone) {
          s.root = u.unit;
        } else {
          r_.error(up, "several roots: " + in_quotes(m_.unit_ids[u.unit]) + " has no parent, nor has " +
                           in_quotes(m_.unit_ids[s.root]) + " (first at " + p + "/units/" +
                           std::to_string(first[s.root]) + "); exactly one unit has no \"parent\"");
        }
        continue;
      }
      if (auto parent = present_unit(s, *u.parent, up + "/parent")) s.parent[u.unit] = *parent;
    }
    if (s.root == kNone) {
      r_.error(p + "/units", "no root unit: exactly one unit must have no \"parent\"");
    }
    report_unit_cycles(s, p, first);
    read_assign(j, p, s);
    read_control_towers(j, p, s);
    return true;
  }

  /// Units on a cycle of parents, reported once per cycle at its first unit
  /// in listing order.
  void report_unit_cycles(const Resolved& s, const std::string& p,
                          const std::unordered_map<Index, std::size_t>& first) {
    std::unordered_map<Index, int> color;  // 1 on the current walk, 2 finished
    for (Index start : s.order) {
      if (color[start] != 0) continue;
      std::vector<Index> walk;
      Index x = start;
      while (x != kNone && color[x] == 0) {
        color[x] = 1;
        walk.push_back(x);
        x = s.parent[x];
      }
      if (x != kNone && color[x] == 1) {
        const auto from = std::find(walk.begin(), walk.end(), x);
        std::vector<Index> cycle(from, walk.end());
        const Index head = *std::min_element(cycle.begin(), cycle.end(), [&](Index a, Index b) {
          return first.at(a) < first.at(b);
        });
        std::string path = in_quotes(m_.unit_ids[head]);
        for (Index y = s.parent[head]; y != head; y = s.parent[y]) {
          path += " -> " + in_quotes(m_.unit_ids[y]);
        }
        path += " -> " + in_quotes(m_.unit_ids[head]);
        r_.error(p + "/units/" + std::to_string(first.at(head)),
                 "cycle in the unit tree (each unit's parent): " + path);
      }
      for (Index y : walk) color[y] = 2;
    }
  }

  void assign_one(Resolved& s, const std::string& function, const std::string& unit,
                  const std::string& pointer) {
    auto f = function_ref(function, pointer);
    auto u = present_unit(s, unit, pointer);
    if (f && u) s.assign[*f] = *u;
  }

  void read_assign(const json& j, const std::string& p, Resolved& s) {
    s.assign.assign(m_.functions.size(), kNone);
    const bool has_json = j.contains("assign");
    const bool has_csv = j.contains("assign_csv");
    if (has_json && has_csv) {
      r_.error(p, "give either \"assign\" or \"assign_csv\", not both");
      return;
    }
    if (has_json) {
      const json& a = j["assign"];
      if (!r_.expect(a, json::value_t::object, p + "/assign", "assign")) return;
      for (const auto& item : a.items()) {
        const std::string ip = p + "/assign/" + pointer_token(item.key());
        if (!r_.expect(item.value(), json::value_t::string, ip, "a unit id")) continue;
        assign_one(s, item.key(), item.value().get<std::string>(), ip);
      }
    } else if (has_csv) {
      read_assign_csv(j, p, s);
    }
  }

  void read_assign_csv(const json& j, const std::string& p, Resolved& s) {
    auto path = r_.string_member(j, "assign_csv", p, true);
    if (!path) return;
    auto text = r_.read_csv_file(*path, p + "/assign_csv");
    if (!text) return;
    const std::string name = r_.csv_display_name(*path);
    if (auto bad = invalid_utf8_offset(*text); bad != std::string_view::npos) {
      r_.diagnostics().error_at_line(name, position_of(*text, bad).line, 0, "invalid UTF-8");
      return;
    }
    CsvColumns cols;
    std::size_t width = 0;
    bool header = true;
    std::vector<std::size_t> line_of(m_.functions.size(), 0);
    read_csv(*text, name, r_.diagnostics(), [&](const CsvRecord& rec) {
      const auto error = [&](std::string msg) {
        r_.diagnostics().error_at_line(name, rec.line, 0, std::move(msg));
      };
      if (header) {
        header = false;
        width = rec.fields.size();
        return find_columns(rec, {"function", "unit"}, 2, name, r_.diagnostics(), cols);
      }
      if (rec.fields.size() != width) {
        error("expected " + std::to_string(width) + " fields, found " +
              std::to_string(rec.fields.size()));
        return true;
      }
      const std::string function(rec.fields[cols.index[0]]);
      const std::string unit(rec.fields[cols.index[1]]);
      const auto f = m_.function_index.find(function);
      auto u = m_.unit_index.find(unit);
      if (!f) {
        error("unknown function " + in_quotes(function));
      } else if (line_of[*f] != 0) {
        error("function " + in_quotes(function) + " is assigned twice (first at line " +
              std::to_string(line_of[*f]) + ")");
      } else if (u == m_.unit_index.end() || u->second >= s.present.size() ||
                 !s.present[u->second]) {
        error("unknown unit " + in_quotes(unit) + " in structure " + in_quotes(s.id) +
              suggest_unit(s, unit));
      } else {
        line_of[*f] = rec.line;
        s.assign[*f] = u->second;
      }
      return true;
    });
    if (header) r_.diagnostics().error_at_line(name, 1, 0, "no header line");
  }

  void read_control_towers(const json& j, const std::string& p, Resolved& s) {
    s.control_tower.assign(m_.domains.size(), kNone);
    const json* towers = r_.member(j, "control_towers", p, false);
    if (towers == nullptr ||
        !r_.expect(*towers, json::value_t::object, p + "/control_towers", "control_towers")) {
      return;
    }
    for (const auto& item : towers->items()) {
      const std::string ip = p + "/control_towers/" + pointer_token(item.key());
      auto d = domain_ref(item.key(), ip);
      if (item.value().is_null()) continue;
      if (!r_.expect(item.value(), json::value_t::string, ip, "a unit id")) continue;
      auto u = present_unit(s, item.value().get<std::string>(), ip);
      if (d && u) s.control_tower[*d] = *u;
    }
  }

  // ---- change form -----------------------------------------------------------

  bool build_changes(Index pos) {
    const Entry& e = entries_[pos];
    const json& j = *e.object;
    const std::string& p = e.pointer;
    Resolved s = resolved_[*e.base];
    s.labels = {};
    s.date.clear();
    s.id = e.id;
    s.base = entries_[*e.base].id;
    read_common(j, p, s);
    for (const char* key : {"units", "assign", "assign_csv", "control_towers"}) {
      if (j.contains(key)) {
        r_.error(p + "/" + key, std::string("a structure in change form (with \"base\") cannot "
                                            "have \"") + key + "\"; write it as change ops");
      }
    }
    const json* changes = r_.member(j, "changes", p, true);
    if (changes != nullptr &&
        r_.expect(*changes, json::value_t::array, p + "/changes", "changes")) {
      for (std::size_t k = 0; k < changes->size(); ++k) {
        apply(s, (*changes)[k], p + "/changes/" + std::to_string(k));
      }
    }
    resolved_[pos] = std::move(s);
    return true;
  }

  bool in_subtree(const Resolved& s, Index x, Index top) const {
    for (std::size_t steps = 0; x != kNone && steps <= s.parent.size(); x = s.parent[x], ++steps) {
      if (x == top) return true;
    }
    return false;
  }

  std::vector<Index> children_of(const Resolved& s, Index u) const {
    std::vector<Index> out;
    for (Index x : s.order) {
      if (s.parent[x] == u) out.push_back(x);
    }
    return out;
  }

  std::optional<Index> unit_key(const Resolved& s, const json& op, const char* key,
                                const std::string& p) {
    auto id = r_.string_member(op, key, p, true);
    if (!id) return std::nullopt;
    return present_unit(s, *id, p + "/" + key);
  }

  void remove(Resolved& s, Index u) {
    s.present[u] = 0;
    s.parent[u] = kNone;
    s.order.erase(std::find(s.order.begin(), s.order.end(), u));
  }

  void apply(Resolved& s, const json& op, const std::string& p) {
    if (!r_.expect(op, json::value_t::object, p, "a change")) return;
    auto name = r_.string_member(op, "op", p, true);
    if (!name) return;
    static const std::vector<std::string> kOps{"add-unit",      "remove-unit",   "move-unit",
                                               "update-unit",   "merge-units",   "move-function",
                                               "drop-function", "set-control-tower"};
    if (*name == "add-unit") {
      r_.check_keys(op, p, "an add-unit change",
                    {"op", "id", "parent", "label", "labels", "kind", "headcount", "autonomous",
                     "note"});
      add_unit(s, op, p);
    } else if (*name == "remove-unit") {
      r_.check_keys(op, p, "a remove-unit change", {"op", "unit", "functions_to", "note"});
      remove_unit(s, op, p);
    } else if (*name == "move-unit") {
      r_.check_keys(op, p, "a move-unit change", {"op", "unit", "to", "note"});
      move_unit(s, op, p);
    } else if (*name == "update-unit") {
      r_.check_keys(op, p, "an update-unit change",
                    {"op", "unit", "label", "labels", "kind", "headcount", "autonomous", "note"});
      update_unit(s, op, p);
    } else if (*name == "merge-units") {
      r_.check_keys(op, p, "a merge-units change", {"op", "units", "into", "label", "labels", "note"});
      merge_units(s, op, p);
    } else if (*name == "move-function") {
      r_.check_keys(op, p, "a move-function change", {"op", "function", "functions", "to", "note"});
      move_function(s, op, p);
    } else if (*name == "drop-function") {
      r_.check_keys(op, p, "a drop-function change", {"op", "function", "note"});
      drop_function(s, op, p);
    } else if (*name == "set-control-tower") {
      r_.check_keys(op, p, "a set-control-tower change", {"op", "domain", "unit", "note"});
      set_control_tower(s, op, p);
    } else {
      r_.error(p + "/op", "unknown op " + in_quotes(*name) + did_you_mean(*name, kOps));
    }
  }

  void add_unit(Resolved& s, const json& op, const std::string& p) {
    auto id = r_.id_member(op, "id", p);
    auto parent = unit_key(s, op, "parent", p);
    UnitInfo info;
    read_unit_info(op, p, info);
    if (!id) return;
    if (auto it = m_.unit_index.find(*id);
        it != m_.unit_index.end() && it->second < s.present.size() && s.present[it->second]) {
      r_.error(p + "/id", "unit id " + in_quotes(*id) + " is taken in structure " + in_quotes(s.id));
      return;
    }
    if (!parent) return;
    const Index u = intern_unit(*id);
    ensure_size(s, m_.unit_ids.size());
    s.present[u] = 1;
    s.parent[u] = *parent;
    s.info[u] = std::move(info);
    s.order.push_back(u);
  }

  void remove_unit(Resolved& s, const json& op, const std::string& p) {
    auto u = unit_key(s, op, "unit", p);
    std::optional<Index> to;
    if (op.contains("functions_to")) to = unit_key(s, op, "functions_to", p);
    if (!u) return;
    const std::string& id = m_.unit_ids[*u];
    if (*u == s.root) {
      r_.error(p + "/unit", "cannot remove the root unit " + in_quotes(id));
      return;
    }
    if (auto kids = children_of(s, *u); !kids.empty()) {
      r_.error(p + "/unit", "unit " + in_quotes(id) + " has " + std::to_string(kids.size()) +
                                " child unit(s), first " + in_quotes(m_.unit_ids[kids[0]]) +
                                ": move or remove them first");
      return;
    }
    for (std::size_t d = 0; d < s.control_tower.size(); ++d) {
      if (s.control_tower[d] == *u) {
        r_.error(p + "/unit", "unit " + in_quotes(id) + " is the control tower of domain " +
                                  in_quotes(m_.domains[d].id) +
                                  ": clear or move the designation first (set-control-tower)");
        return;
      }
    }
    const auto owned = std::count(s.assign.begin(), s.assign.end(), *u);
    if (to && *to == *u) {
      r_.error(p + "/functions_to", "\"functions_to\" cannot be the removed unit itself");
      return;
    }
    if (owned > 0 && !op.contains("functions_to")) {
      r_.error(p, "unit " + in_quotes(id) + " owns " + std::to_string(owned) +
                      " function(s): give \"functions_to\"");
      return;
    }
    if (owned > 0 && !to) return;  // functions_to was reported
    if (to) std::replace(s.assign.begin(), s.assign.end(), *u, *to);
    remove(s, *u);
  }

  void move_unit(Resolved& s, const json& op, const std::string& p) {
    auto u = unit_key(s, op, "unit", p);
    auto to = unit_key(s, op, "to", p);
    if (!u || !to) return;
    if (*u == s.root) {
      r_.error(p + "/unit", "cannot move the root unit " + in_quotes(m_.unit_ids[*u]));
    } else if (in_subtree(s, *to, *u)) {
      r_.error(p + "/to", "cannot move " + in_quotes(m_.unit_ids[*u]) + " under " +
                              in_quotes(m_.unit_ids[*to]) + ", which is inside its own subtree");
    } else {
      s.parent[*u] = *to;
    }
  }

  void update_unit(Resolved& s, const json& op, const std::string& p) {
    auto u = unit_key(s, op, "unit", p);
    UnitInfo info = u ? s.info[*u] : UnitInfo{};
    if (read_unit_info(op, p, info) == 0) {
      r_.error(p, "update-unit changes nothing: give label, labels, kind, headcount or "
                  "autonomous");
      return;
    }
    if (u) s.info[*u] = std::move(info);
  }

  void merge_units(Resolved& s, const json& op, const std::string& p) {
    auto into = unit_key(s, op, "into", p);
    const json* list = r_.member(op, "units", p, true);
    if (list == nullptr || !r_.expect(*list, json::value_t::array, p + "/units", "units")) return;
    if (list->empty()) {
      r_.error(p + "/units", "merge-units needs at least one unit");
      return;
    }
    std::vector<Index> merged;
    bool ok = true;
    for (std::size_t k = 0; k < list->size(); ++k) {
      const std::string ip = p + "/units/" + std::to_string(k);
      if (!r_.expect((*list)[k], json::value_t::string, ip, "a unit id")) {
        ok = false;
        continue;
      }
      auto u = present_unit(s, (*list)[k].get<std::string>(), ip);
      if (!u) {
        ok = false;
      } else if (std::find(merged.begin(), merged.end(), *u) != merged.end()) {
        r_.error(ip, "unit " + in_quotes(m_.unit_ids[*u]) + " is listed twice");
        ok = false;
      } else if (into && *u == *into) {
        r_.error(ip, "the units merged cannot include \"into\" (" + in_quotes(m_.unit_ids[*u]) + ")");
        ok = false;
      } else if (into && in_subtree(s, *into, *u)) {
        r_.error(p + "/into", in_quotes(m_.unit_ids[*into]) + " is inside the subtree of " +
                                  in_quotes(m_.unit_ids[*u]) + ", which is merged away");
        ok = false;
      } else {
        merged.push_back(*u);
      }
    }
    UnitInfo info = into ? s.info[*into] : UnitInfo{};
    r_.labels(op, p, info.labels);
    if (!ok || !into) return;
    s.info[*into] = std::move(info);
    for (Index u : merged) {
      std::replace(s.assign.begin(), s.assign.end(), u, *into);
      std::replace(s.control_tower.begin(), s.control_tower.end(), u, *into);
      for (Index child : children_of(s, u)) s.parent[child] = *into;
      remove(s, u);
    }
  }

  void move_function(Resolved& s, const json& op, const std::string& p) {
    auto to = unit_key(s, op, "to", p);
    const bool one = op.contains("function");
    const bool many = op.contains("functions");
    std::vector<std::pair<std::string, std::string>> ids;  // id, pointer
    if (one && many) {
      r_.error(p, "give \"function\" or \"functions\", not both");
      return;
    }
    if (!one && !many) {
      r_.error(p, "missing key \"function\" (or \"functions\")");
      return;
    }
    if (one) {
      if (auto f = r_.string_member(op, "function", p, true)) ids.emplace_back(*f, p + "/function");
    } else {
      const json& list = op["functions"];
      if (!r_.expect(list, json::value_t::array, p + "/functions", "functions")) return;
      if (list.empty()) r_.error(p + "/functions", "move-function needs at least one function");
      for (std::size_t k = 0; k < list.size(); ++k) {
        const std::string ip = p + "/functions/" + std::to_string(k);
        if (r_.expect(list[k], json::value_t::string, ip, "a function id")) {
          ids.emplace_back(list[k].get<std::string>(), ip);
        }
      }
    }
    for (const auto& [id, ip] : ids) {
      auto f = function_ref(id, ip);
      if (f && to) s.assign[*f] = *to;
    }
  }

  void drop_function(Resolved& s, const json& op, const std::string& p) {
    auto id = r_.string_member(op, "function", p, true);
    if (!id) return;
    auto f = function_ref(*id, p + "/function");
    if (!f) return;
    if (s.assign[*f] == kNone) {
      r_.error(p + "/function", "function " + in_quotes(*id) + " is already absent from structure " +
                                    in_quotes(s.id));
      return;
    }
    s.assign[*f] = kNone;
  }

  void set_control_tower(Resolved& s, const json& op, const std::string& p) {
    auto domain = r_.string_member(op, "domain", p, true);
    std::optional<Index> d;
    if (domain) d = domain_ref(*domain, p + "/domain");
    const json* unit = r_.member(op, "unit", p, true);
    if (unit == nullptr) return;
    if (unit->is_null()) {
      if (d) s.control_tower[*d] = kNone;
      return;
    }
    if (!r_.expect(*unit, json::value_t::string, p + "/unit", "unit (a unit id or null)")) return;
    auto u = present_unit(s, unit->get<std::string>(), p + "/unit");
    if (d && u) s.control_tower[*d] = *u;
  }

  Reader& r_;
  Model& m_;
  std::vector<Entry> entries_;
  std::vector<Resolved> resolved_;
};

}  // namespace

void read_structures(Reader& reader, const json& structures) {
  StructureReader(reader).run(structures);
}

}  // namespace policygraph::detail
