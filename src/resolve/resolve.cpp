// Resolving every structure of a model: full form built as a tree, change
// form applied to a copy of its base, bases first along their chains.
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <policygraph/resolve/resolve.hpp>

#include "resolver.hpp"

namespace policygraph {
namespace {

/// The members of a cycle for a message, each quoted, from the first and
/// back to it: `"a" -> "b" -> "a"`. A cycle of more than kCycleShown
/// members shows its first five and last two, and the message says how long
/// it is, so that a cycle of 100,000 units makes a line of readable length:
/// `"a" -> "b" -> "c" -> "d" -> "e" -> ... -> "y" -> "z" -> "a" (a cycle of 100000 units)`.
constexpr std::size_t kCycleShown = 10;

template <typename Name>
std::string cycle_text(std::size_t length, const Name& name) {
  constexpr std::size_t kFirst = 5;
  constexpr std::size_t kLast = 2;
  const bool shortened = length > kCycleShown;
  std::string out;
  for (std::size_t k = 0; k < length; ++k) {
    if (shortened && k == kFirst) {
      out += " -> ...";
      k = length - kLast;
    }
    if (k > 0) out += " -> ";
    out += in_quotes(name(k));
  }
  out += " -> " + in_quotes(name(0));
  return out;
}

class StructureResolver {
 public:
  StructureResolver(Model& model, std::vector<StructureSpec>& specs, Diagnostics& diagnostics)
      : r_(model, diagnostics), m_(model), specs_(specs), state_(specs.size(), State::kTodo),
        ok_(specs.size(), false), resolved_(specs.size()) {}

  void run() {
    for (std::size_t i = 0; i < specs_.size(); ++i) resolve_chain(i);
    const std::size_t units = m_.unit_ids.size();
    for (auto& s : resolved_) {
      s.fit(units);
      s.finish();
      m_.structures.push_back(std::move(s));
    }
    warn_unassigned_functions();
  }

 private:
  enum class State { kTodo, kVisiting, kDone };

  void resolve_chain(std::size_t start) {
    std::vector<std::size_t> chain;  // from `start` along its bases
    std::size_t x = start;
    bool cycle = false;
    while (state_[x] != State::kDone) {
      if (state_[x] == State::kVisiting) {
        cycle = true;
        break;
      }
      state_[x] = State::kVisiting;
      chain.push_back(x);
      if (!specs_[x].change_form || !specs_[x].base) break;
      x = *specs_[x].base;
    }
    if (cycle) report_base_cycle(x);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      if (state_[*it] == State::kDone) continue;  // on the cycle
      state_[*it] = State::kDone;
      const StructureSpec& spec = specs_[*it];
      if (!spec.readable) continue;
      if (!spec.change_form) {
        ok_[*it] = build_full(*it);
      } else if (spec.base && ok_[*spec.base]) {
        ok_[*it] = build_changes(*it);
      }
    }
  }

  /// `entry` is on a cycle of bases: report it once, at the cycle's first
  /// structure in listing order, and mark its members as failed.
  void report_base_cycle(std::size_t entry) {
    std::vector<std::size_t> cycle{entry};
    for (std::size_t y = *specs_[entry].base; y != entry; y = *specs_[y].base) cycle.push_back(y);
    const std::size_t first = *std::min_element(cycle.begin(), cycle.end());
    std::vector<std::size_t> from_first{first};
    for (std::size_t y = *specs_[first].base; y != first; y = *specs_[y].base) {
      from_first.push_back(y);
    }
    const auto id = [&](std::size_t k) -> const std::string& { return specs_[from_first[k]].id; };
    const std::string members = cycle_text(from_first.size(), id);
    r_.error(m_.path, specs_[first].pointer + "/base",
             from_first.size() > kCycleShown
                 // TRANSLATORS: {0} is a cycle of structure ids: "a" -> "b" -> "a"; {1}
                 // how many structures it has (a long cycle is shown shortened).
                 ? trf("cycle of bases: {0} (a cycle of {1} structures)",
                       {members, std::to_string(from_first.size())})
                 // TRANSLATORS: {0} is a cycle of structure ids: "a" -> "b" -> "a".
                 : trf("cycle of bases: {0}", {members}));
    for (std::size_t y : cycle) state_[y] = State::kDone;
  }

  bool build_full(std::size_t pos) {
    StructureSpec& spec = specs_[pos];
    Resolved& s = resolved_[pos];
    s.id = spec.id;
    s.labels = spec.labels;
    s.date = spec.date;
    r_.diagnostics().append(spec.problems);
    if (!spec.units_readable) return false;
    std::unordered_map<Index, std::size_t> first;  // unit -> position
    const auto units_source = static_cast<Index>(m_.placement_sources.size());
    m_.placement_sources.push_back(
        {PlacementSource::Kind::kUnits, m_.path, spec.pointer + "/units", ""});
    for (const UnitSpec& u : spec.units) {
      const Index x = m_.intern_unit(u.id);
      first.emplace(x, u.position);
      s.fit(m_.unit_ids.size());
      s.unit_placed.resize(m_.unit_ids.size());
      s.unit_placed[x] = {units_source, static_cast<Index>(u.position)};
      s.present[x] = 1;
      s.info[x] = u.info;
      s.order.push_back(x);
    }
    // Parents and the root.
    for (const UnitSpec& u : spec.units) {
      const Index x = m_.unit_index.at(u.id);
      const std::string up = spec.pointer + "/units/" + std::to_string(u.position);
      if (!u.parent) {
        if (s.root == kNone) {
          s.root = x;
        } else {
          r_.error(m_.path, up,
                   // TRANSLATORS: {0} and {1} are unit ids, in quotes; {2} the JSON
                   // pointer of the second (/structures/0/units/0); "parent" is a key.
                   trf("several roots: {0} has no parent, nor has {1} (first at {2}); exactly "
                       "one unit has no \"parent\"",
                       {in_quotes(u.id), in_quotes(m_.unit_ids[s.root]),
                        spec.pointer + "/units/" + std::to_string(first[s.root])}));
        }
        continue;
      }
      if (auto parent = r_.present_unit(s, *u.parent, m_.path, up + "/parent")) s.parent[x] = *parent;
    }
    if (s.root == kNone) {
      r_.error(m_.path, spec.pointer + "/units",
               // TRANSLATORS: "parent" is a key of the model file.
               tr("no root unit: exactly one unit must have no \"parent\""));
    }
    report_unit_cycles(s, spec.pointer, first);
    resolve_assign(spec, s);
    resolve_towers(spec, s);
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
        std::vector<Index> from_head{head};
        for (Index y = s.parent[head]; y != head; y = s.parent[y]) from_head.push_back(y);
        const auto id = [&](std::size_t k) -> const std::string& {
          return m_.unit_ids[from_head[k]];
        };
        const std::string members = cycle_text(from_head.size(), id);
        r_.error(m_.path, p + "/units/" + std::to_string(first.at(head)),
                 from_head.size() > kCycleShown
                     // TRANSLATORS: {0} is a cycle of unit ids: "a" -> "b" -> "a"; {1} how
                     // many units it has (a long cycle is shown shortened).
                     ? trf("cycle in the unit tree (each unit's parent): {0} (a cycle of {1} "
                           "units)",
                           {members, std::to_string(from_head.size())})
                     // TRANSLATORS: {0} is a cycle of unit ids: "a" -> "b" -> "a".
                     : trf("cycle in the unit tree (each unit's parent): {0}", {members}));
      }
      for (Index y : walk) color[y] = 2;
    }
  }

  void resolve_assign(const StructureSpec& spec, Resolved& s) {
    s.assign.assign(m_.functions.size(), kNone);
    s.function_placed.assign(m_.functions.size(), {});
    const auto source = static_cast<Index>(m_.placement_sources.size());
    m_.placement_sources.push_back(
        {PlacementSource::Kind::kAssign, m_.path, spec.pointer + "/assign", spec.assign_file});
    if (spec.assign_file.empty()) {
      for (const AssignSpec& a : spec.assign) {
        r_.diagnostics().append(a.problems);
        auto f = r_.function_ref(a.function, m_.path, a.pointer);
        auto u = r_.present_unit(s, a.unit, m_.path, a.pointer);
        if (f && u) {
          s.assign[*f] = *u;
          s.function_placed[*f] = {source, 0};
        }
      }
    } else {
      // The CSV form: one message per record, at its line.
      std::vector<std::size_t> line_of(m_.functions.size(), 0);
      for (const AssignSpec& a : spec.assign) {
        r_.diagnostics().append(a.problems);
        const auto error = [&](std::string message) {
          r_.diagnostics().error_at_line(spec.assign_file, a.line, 0, std::move(message));
        };
        const auto f = m_.function_index.find(a.function);
        const auto u = r_.find_present(s, a.unit);
        if (!f) {
          // TRANSLATORS: {0} is a function id, in quotes; {1} is empty or
          // ' (did you mean "ID"?)'.
          error(trf("unknown function {0}{1}", {in_quotes(a.function), ""}));
        } else if (line_of[*f] != 0) {
          // TRANSLATORS: {0} is a function id, in quotes; {1} the line of a
          // CSV file where it was assigned first.
          error(trf("function {0} is assigned twice (first at line {1})",
                    {in_quotes(a.function), std::to_string(line_of[*f])}));
        } else if (!u) {
          error(r_.unknown_unit(s, a.unit));
        } else {
          line_of[*f] = a.line;
          s.assign[*f] = *u;
          s.function_placed[*f] = {source, static_cast<Index>(a.line)};
        }
      }
    }
    r_.diagnostics().append(spec.assign_problems);
  }

  void resolve_towers(const StructureSpec& spec, Resolved& s) {
    s.control_tower.assign(m_.domains.size(), kNone);
    for (const TowerSpec& t : spec.towers) {
      r_.diagnostics().append(t.problems);
      auto d = r_.domain_ref(t.domain, m_.path, t.pointer);
      if (!t.unit_given || !t.unit) continue;
      auto u = r_.present_unit(s, *t.unit, m_.path, t.pointer);
      if (d && u) s.control_tower[*d] = *u;
    }
    r_.diagnostics().append(spec.tower_problems);
  }

  bool build_changes(std::size_t pos) {
    StructureSpec& spec = specs_[pos];
    Resolved s = resolved_[*spec.base];
    s.id = spec.id;
    s.base = specs_[*spec.base].id;
    s.labels = spec.labels;
    s.date = spec.date;
    r_.diagnostics().append(spec.problems);
    for (std::size_t k = 0; k < spec.changes.size(); ++k) {
      r_.diagnostics().append(spec.change_problems[k]);
      apply(m_, s, spec.changes[k], r_.diagnostics());
    }
    if (spec.change_problems.size() > spec.changes.size()) {
      r_.diagnostics().append(spec.change_problems.back());
    }
    resolved_[pos] = std::move(s);
    return true;
  }

  /// A function that no structure assigns is in no figure at all: legal
  /// (it may be a task no structure of the model has yet), but more often a
  /// forgotten assignment, so each gets a warning. The loader does not pass
  /// where each function was defined, hence the pointer to `/functions`.
  /// Only for a model without errors: there, an assignment that could not be
  /// read would make its function look unassigned.
  void warn_unassigned_functions() {
    if (r_.diagnostics().has_errors()) return;
    std::vector<bool> assigned(m_.functions.size(), false);
    for (const Resolved& s : m_.structures) {
      for (std::size_t f = 0; f < s.assign.size() && f < assigned.size(); ++f) {
        if (s.assign[f] != kNone) assigned[f] = true;
      }
    }
    for (std::size_t f = 0; f < assigned.size(); ++f) {
      if (assigned[f]) continue;
      r_.diagnostics().warning_at_pointer(
          m_.path, "/functions",
          trf("function {0} is assigned in no structure: every figure leaves it out",
              {in_quotes(m_.functions[f].id)}));
    }
  }

  detail::Resolver r_;
  Model& m_;
  std::vector<StructureSpec>& specs_;
  std::vector<State> state_;
  std::vector<bool> ok_;
  std::vector<Resolved> resolved_;
};

}  // namespace

void resolve_structures(Model& model, std::vector<StructureSpec>& specs,
                        Diagnostics& diagnostics) {
  StructureResolver(model, specs, diagnostics).run();
}

}  // namespace policygraph
