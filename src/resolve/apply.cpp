// The semantics of each change op on a resolved structure.
#include <algorithm>

#include <policygraph/core/messages.hpp>
#include <policygraph/resolve/resolve.hpp>

#include "resolver.hpp"

namespace policygraph {
namespace {

bool in_subtree(const Resolved& s, Index x, Index top) {
  for (std::size_t steps = 0; x != kNone && steps <= s.parent.size(); x = s.parent[x], ++steps) {
    if (x == top) return true;
  }
  return false;
}

std::vector<Index> children_of(const Resolved& s, Index u) {
  std::vector<Index> out;
  for (Index x : s.order) {
    if (s.parent[x] == u) out.push_back(x);
  }
  return out;
}

void remove(Resolved& s, Index u) {
  s.present[u] = 0;
  s.parent[u] = kNone;
  s.order.erase(std::find(s.order.begin(), s.order.end(), u));
}

/// Applies one kind of op; `op` gives the place for messages.
class Applier {
 public:
  Applier(detail::Resolver& r, Resolved& s, const ChangeOp& op)
      : r_(r), m_(r.model()), s_(s), op_(op) {}

  bool failed() const { return r_.diagnostics().error_count() != errors_before_; }

  void error(const std::string& key, std::string message) {
    r_.error(op_.file, key.empty() ? op_.pointer : op_.pointer + "/" + key, std::move(message));
  }

  /// Records that this op gave function `f` its owner.
  void placed_function(Index f) {
    if (s_.function_placed.size() < m_.functions.size()) {
      s_.function_placed.resize(m_.functions.size());
    }
    s_.function_placed[f] = {source(), 0};
  }
  /// Records that this op gave unit `u` its place (its parent).
  void placed_unit(Index u) {
    if (s_.unit_placed.size() < m_.unit_ids.size()) s_.unit_placed.resize(m_.unit_ids.size());
    s_.unit_placed[u] = {source(), 0};
  }

  /// The present unit named by `id` (the op's `key`), or nothing (reported).
  std::optional<Index> unit(const std::optional<std::string>& id, const std::string& key) {
    if (!id) return std::nullopt;
    return r_.present_unit(s_, *id, op_.file, op_.pointer + "/" + key);
  }

  void operator()(const AddUnit& op) {
    const auto parent = unit(op.parent, "parent");
    if (!op.id) return;
    if (r_.find_present(s_, *op.id)) {
      // TRANSLATORS: {0} is a unit id and {1} a structure id, in quotes.
      error("id",
            trf("unit id {0} is taken in structure {1}", {in_quotes(*op.id), in_quotes(s_.id)}));
      return;
    }
    if (!parent) return;
    const Index u = m_.intern_unit(*op.id);
    s_.fit(m_.unit_ids.size());
    s_.present[u] = 1;
    s_.parent[u] = *parent;
    s_.info[u] = op.info;
    s_.order.push_back(u);
    placed_unit(u);
  }

  void operator()(const RemoveUnit& op) {
    const auto u = unit(op.unit, "unit");
    const bool to_given = op.functions_to_given || op.functions_to.has_value();
    const auto to = unit(op.functions_to, "functions_to");
    if (!u) return;
    const std::string& id = m_.unit_ids[*u];
    if (*u == s_.root) {
      error("unit", trf("cannot remove the root unit {0}", {in_quotes(id)}));
      return;
    }
    if (auto kids = children_of(s_, *u); !kids.empty()) {
      // TRANSLATORS: {0} is a unit id, in quotes; {1} how many units are
      // directly under it; {2} the first of them, in quotes.
      error("unit", trf("unit {0} has {1} child unit(s), first {2}: move or remove them first",
                        {in_quotes(id), std::to_string(kids.size()),
                         in_quotes(m_.unit_ids[kids[0]])}));
      return;
    }
    for (std::size_t d = 0; d < s_.control_tower.size(); ++d) {
      if (s_.control_tower[d] == *u) {
        // TRANSLATORS: {0} is a unit id and {1} a domain id, in quotes;
        // set-control-tower is an op of the model file.
        error("unit", trf("unit {0} is the control tower of domain {1}: clear or move the "
                          "designation first (set-control-tower)",
                          {in_quotes(id), in_quotes(m_.domains[d].id)}));
        return;
      }
    }
    const auto owned = std::count(s_.assign.begin(), s_.assign.end(), *u);
    if (to && *to == *u) {
      // TRANSLATORS: "functions_to" is a key of the model file.
      error("functions_to", tr("\"functions_to\" cannot be the removed unit itself"));
      return;
    }
    if (owned > 0 && !to_given) {
      // TRANSLATORS: {0} is a unit id, in quotes; {1} how many functions it
      // owns; "functions_to" is a key of the model file.
      error("", trf("unit {0} owns {1} function(s): give \"functions_to\"",
                    {in_quotes(id), std::to_string(owned)}));
      return;
    }
    if (owned > 0 && !to) return;  // functions_to was reported
    if (to) move_functions(*u, *to);
    remove(s_, *u);
  }

  void operator()(const MoveUnit& op) {
    const auto u = unit(op.unit, "unit");
    const auto to = unit(op.to, "to");
    if (!u || !to) return;
    if (*u == s_.root) {
      error("unit", trf("cannot move the root unit {0}", {in_quotes(m_.unit_ids[*u])}));
    } else if (in_subtree(s_, *to, *u)) {
      // TRANSLATORS: {0} is the unit moved and {1} where it would go (unit
      // ids, in quotes); {1} lies in the subtree of {0}.
      error("to", trf("cannot move {0} under {1}, which is inside its own subtree",
                      {in_quotes(m_.unit_ids[*u]), in_quotes(m_.unit_ids[*to])}));
    } else {
      s_.parent[*u] = *to;
      placed_unit(*u);
    }
  }

  void operator()(const UpdateUnit& op) {
    const auto u = unit(op.unit, "unit");
    if (!u) return;
    UnitInfo& info = s_.info[*u];
    const UnitPatch& p = op.patch;
    if (p.label) info.labels.label = *p.label;
    for (const auto& [lang, text] : p.labels) info.labels.by_lang[lang] = text;
    if (p.kind) info.kind = *p.kind;
    if (p.headcount) info.headcount = *p.headcount;
    if (p.autonomous) info.autonomous = *p.autonomous;
  }

  void operator()(const MergeUnits& op) {
    const auto into = unit(op.into, "into");
    if (op.units.empty()) {
      error("units", tr("merge-units needs at least one unit"));
      return;
    }
    std::vector<Index> merged;
    bool ok = true;
    for (std::size_t k = 0; k < op.units.size(); ++k) {
      const std::string key = "units/" + std::to_string(k);
      const auto u = unit(op.units[k], key);
      if (!u) {
        ok = false;
      } else if (std::find(merged.begin(), merged.end(), *u) != merged.end()) {
        error(key, trf("unit {0} is listed twice", {in_quotes(m_.unit_ids[*u])}));
        ok = false;
      } else if (into && *u == *into) {
        // TRANSLATORS: "into" is a key of the model file; {0} the unit it
        // names, in quotes.
        error(key, trf("the units merged cannot include \"into\" ({0})",
                       {in_quotes(m_.unit_ids[*u])}));
        ok = false;
      } else if (into && in_subtree(s_, *into, *u)) {
        // TRANSLATORS: {0} is the unit merged into, {1} one of the units
        // merged (unit ids, in quotes).
        error("into", trf("{0} is inside the subtree of {1}, which is merged away",
                          {in_quotes(m_.unit_ids[*into]), in_quotes(m_.unit_ids[*u])}));
        ok = false;
      } else {
        merged.push_back(*u);
      }
    }
    if (!ok || !into) return;
    LabelSet& labels = s_.info[*into].labels;
    if (op.label) labels.label = *op.label;
    for (const auto& [lang, text] : op.labels) labels.by_lang[lang] = text;
    for (Index u : merged) {
      move_functions(u, *into);
      std::replace(s_.control_tower.begin(), s_.control_tower.end(), u, *into);
      for (Index child : children_of(s_, u)) {
        s_.parent[child] = *into;
        placed_unit(child);
      }
      remove(s_, u);
    }
  }

  void operator()(const MoveFunction& op) {
    const auto to = unit(op.to, "to");
    for (std::size_t k = 0; k < op.functions.size(); ++k) {
      const std::string key = op.single ? std::string("function") : "functions/" + std::to_string(k);
      const auto f = r_.function_ref(op.functions[k], op_.file, op_.pointer + "/" + key);
      if (f && to) {
        s_.assign[*f] = *to;
        placed_function(*f);
      }
    }
  }

  void operator()(const DropFunction& op) {
    if (!op.function) return;
    const auto f = r_.function_ref(*op.function, op_.file, op_.pointer + "/function");
    if (!f) return;
    if (s_.assign[*f] == kNone) {
      // TRANSLATORS: {0} is a function id and {1} a structure id, in quotes.
      error("function", trf("function {0} is already absent from structure {1}",
                            {in_quotes(*op.function), in_quotes(s_.id)}));
      return;
    }
    s_.assign[*f] = kNone;
    if (*f < s_.function_placed.size()) s_.function_placed[*f] = {};
  }

  void operator()(const SetControlTower& op) {
    std::optional<Index> d;
    if (op.domain) d = r_.domain_ref(*op.domain, op_.file, op_.pointer + "/domain");
    if (!op.unit_given) return;
    if (!op.unit) {
      if (d) s_.control_tower[*d] = kNone;
      return;
    }
    const auto u = unit(op.unit, "unit");
    if (d && u) s_.control_tower[*d] = *u;
  }

 private:
  /// The op as a placement source, added to the model the first time it
  /// places something.
  Index source() {
    if (source_ == kNone) {
      source_ = static_cast<Index>(m_.placement_sources.size());
      m_.placement_sources.push_back({PlacementSource::Kind::kOp, op_.file, op_.pointer, ""});
    }
    return source_;
  }

  /// Every function of `from` goes to `to`, placed by this op.
  void move_functions(Index from, Index to) {
    for (std::size_t f = 0; f < s_.assign.size(); ++f) {
      if (s_.assign[f] == from) {
        s_.assign[f] = to;
        placed_function(static_cast<Index>(f));
      }
    }
  }

  detail::Resolver& r_;
  Model& m_;
  Resolved& s_;
  const ChangeOp& op_;
  std::size_t errors_before_ = r_.diagnostics().error_count();
  Index source_ = kNone;
};

}  // namespace

std::string_view op_name(const ChangeKind& kind) {
  static constexpr std::string_view kNames[] = {
      "add-unit",      "remove-unit",   "move-unit",        "update-unit",
      "merge-units",   "move-function", "drop-function",    "set-control-tower"};
  return kNames[kind.index()];
}

bool apply(Model& model, Resolved& structure, const ChangeOp& op, Diagnostics& diagnostics) {
  detail::Resolver resolver(model, diagnostics);
  structure.fit(model.unit_ids.size());
  Applier applier(resolver, structure, op);
  std::visit(applier, op.kind);
  return !applier.failed();
}

Resolved apply_changes(Model& model, const Resolved& base, std::span<const ChangeOp> ops,
                       Diagnostics& diagnostics, std::string id) {
  Resolved s = base;
  s.id = std::move(id);
  s.base = base.id;
  for (const ChangeOp& op : ops) apply(model, s, op, diagnostics);
  s.fit(model.unit_ids.size());
  s.finish();
  return s;
}

}  // namespace policygraph
