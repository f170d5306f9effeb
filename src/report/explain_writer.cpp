#include <algorithm>
#include <cmath>
#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/messages.hpp>
#include <policygraph/report/explain_writer.hpp>

namespace policygraph {

using nlohmann::ordered_json;

namespace {

/// Names of units, functions and fates on either side of an explanation.
class Namer {
 public:
  Namer(const Model& model, const Explanation& e, std::string_view lang)
      : model_(model), e_(e), lang_(lang), new_functions_(model.unit_ids.size(), 0) {
    for (std::size_t f = 0; f < e.fate.size(); ++f) {
      if (e.fate[f] == FunctionFate::kAdded) ++new_functions_[e.owner_to[f]];
    }
  }

  [[nodiscard]] const Resolved& from() const { return model_.structures[e_.from]; }
  [[nodiscard]] const Resolved& to() const { return model_.structures[e_.to]; }
  [[nodiscard]] const std::string& unit_from(Index u) const {
    return model_.unit_name(from(), u, lang_);
  }
  [[nodiscard]] const std::string& unit_to(Index u) const {
    return model_.unit_name(to(), u, lang_);
  }
  [[nodiscard]] const std::string& unit_id(Index u) const { return model_.unit_ids[u]; }
  [[nodiscard]] const std::string& function(Index f) const {
    return model_.functions[f].labels.pick(lang_, model_.functions[f].id);
  }
  [[nodiscard]] const std::string& function_id(Index f) const { return model_.functions[f].id; }
  /// How many functions present only in TO unit `u` holds at the level.
  [[nodiscard]] std::size_t new_functions(Index u) const { return new_functions_[u]; }
  /// A unit's name in TO when TO has it, else in FROM.
  [[nodiscard]] const std::string& unit_either(Index u) const {
    return to().present[u] ? unit_to(u) : unit_from(u);
  }
  [[nodiscard]] const Explanation& e() const { return e_; }

 private:
  const Model& model_;
  const Explanation& e_;
  std::string_view lang_;
  std::vector<std::size_t> new_functions_;  ///< per unit of TO
};

const char* fate_key(FunctionFate fate) {
  switch (fate) {
    case FunctionFate::kStayed:
      return "stayed";
    case FunctionFate::kFollowed:
      return "followed";
    case FunctionFate::kMoved:
      return "moved";
    case FunctionFate::kAdded:
      return "added";
    case FunctionFate::kDropped:
      return "dropped";
    case FunctionFate::kAbsent:
      return "absent";
  }
  return "";
}

std::string fate_word(FunctionFate fate) {
  switch (fate) {
    // TRANSLATORS: how a function fared, in the tables of explain.
    case FunctionFate::kStayed:
      return tr("stayed");
    case FunctionFate::kFollowed:
      return tr("went with its unit");
    case FunctionFate::kMoved:
      return tr("changed hands");
    case FunctionFate::kAdded:
      return tr("new");
    case FunctionFate::kDropped:
      return tr("dropped");
    case FunctionFate::kAbsent:
      break;
  }
  return "";
}

std::string event_word(EventType type) {
  switch (type) {
    // TRANSLATORS: the kinds of event of explain's table.
    case EventType::kCreate:
      return tr("created");
    case EventType::kMerge:
      return tr("merged");
    case EventType::kSplit:
      return tr("split");
    case EventType::kAbsorb:
      return tr("absorbed");
    case EventType::kRename:
      return tr("renamed");
    case EventType::kAbolish:
      return tr("abolished");
    case EventType::kTransfer:
      return tr("transfer");
    case EventType::kContinue:
      return tr("continues");
  }
  return "";
}

std::string functions_phrase(std::size_t n) { return trn("{0} function", "{0} functions", n); }

std::string three(double v) { return rounded(v, 3); }

/// "A, B and C", every item in full (name_list shortens long names).
std::string and_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t k = 0; k < items.size(); ++k) {
    // TRANSLATORS: the separator before the last item of a list: "A, B and C".
    if (k > 0) out += k + 1 == items.size() ? tr(" and ") : std::string(", ");
    out += items[k];
  }
  return out;
}

/// How many flows a sentence names; past kListedFlows + 2, the first
/// kListedFlows and the rest summed ("12 from 9 other units").
constexpr std::size_t kListedFlows = 10;

/// "4 from A, 3 from B and 2 from C" (`inflow`) or "9 functions to A, 4 to
/// B": the flows of an event, the first with its noun.
std::string flow_parts(const Namer& n, const ChangeEvent& ev, bool inflow) {
  std::vector<std::string> parts;
  const std::size_t listed = ev.flows.size() > kListedFlows + 2 ? kListedFlows : ev.flows.size();
  const auto part = [&](std::size_t k, const std::string& unit) {
    const std::string count = parts.empty() ? functions_phrase(k) : std::to_string(k);
    // TRANSLATORS: part of a list of where a unit's functions came from:
    // {0} is a number of functions ("4" or "4 functions"), {1} a unit.
    // Also "12 from 9 other units".
    if (inflow) return trf("{0} from {1}", {count, unit});
    // TRANSLATORS: part of a list of where a unit's functions went: {0} is a
    // number of functions ("9" or "9 functions"), {1} a unit.
    return trf("{0} to {1}", {count, unit});
  };
  for (std::size_t i = 0; i < listed; ++i) {
    const UnitFlow& f = n.e().flows[ev.flows[i]];
    parts.push_back(part(f.functions.size(), inflow ? n.unit_from(f.from) : n.unit_to(f.to)));
  }
  if (listed < ev.flows.size()) {
    std::size_t rest = 0;
    for (std::size_t i = listed; i < ev.flows.size(); ++i) {
      rest += n.e().flows[ev.flows[i]].functions.size();
    }
    parts.push_back(part(rest, trn("{0} other unit", "{0} other units", ev.flows.size() - listed)));
  }
  return and_list(parts);
}

std::string inflow_parts(const Namer& n, const ChangeEvent& ev) { return flow_parts(n, ev, true); }
std::string outflow_parts(const Namer& n, const ChangeEvent& ev) {
  return flow_parts(n, ev, false);
}

std::size_t flow_functions(const Namer& n, const ChangeEvent& ev) {
  std::size_t k = 0;
  for (const std::size_t i : ev.flows) k += n.e().flows[i].functions.size();
  return k;
}

std::string event_sentence(const Namer& n, const ChangeEvent& ev) {
  std::vector<std::string> from_names;
  for (const Index u : ev.from) from_names.push_back(n.unit_from(u));
  switch (ev.type) {
    case EventType::kCreate: {
      const Index v = ev.to.front();
      if (ev.flows.empty()) {
        const std::size_t fresh = n.new_functions(v);
        if (fresh == 0)
          return trf("{0} was created; it holds no functions of its own.", {n.unit_to(v)});
        return trf("{0} was created, holding only new functions ({1}).",
                   {n.unit_to(v), std::to_string(fresh)});
      }
      if (ev.flows.size() == 1) {
        // TRANSLATORS: {0} a new unit, {1} "2 functions", {2} the unit they came from.
        return trf(
            "{0} was created with {1} from {2}.",
            {n.unit_to(v), functions_phrase(flow_functions(n, ev)), n.unit_from(ev.from.front())});
      }
      // TRANSLATORS: {0} a new unit, {1} "9 functions", {2} "4 from A, 3
      // from B and 2 from C".
      return trf("{0} was created with {1}: {2}.",
                 {n.unit_to(v), functions_phrase(flow_functions(n, ev)), inflow_parts(n, ev)});
    }
    case EventType::kMerge:
      // TRANSLATORS: {0} lists the units merged, {1} the new unit, {2} "4
      // from A and 3 from B".
      return trf("{0} were merged into {1}: {2}.",
                 {and_list(from_names), n.unit_to(ev.to.front()), inflow_parts(n, ev)});
    case EventType::kSplit:
      // TRANSLATORS: {0} a unit, {1} "9 functions to A, 4 to B and 6 to C".
      return trf("{0} was split: {1}.", {n.unit_from(ev.from.front()), outflow_parts(n, ev)});
    case EventType::kAbsorb:
      if (ev.from.size() == 1) {
        // TRANSLATORS: {0} a unit that is gone, {1} the unit that took it
        // in and continues, {2} "3 functions".
        return trf("{0} was absorbed into {1} ({2}).",
                   {from_names.front(), n.unit_to(ev.to.front()),
                    functions_phrase(flow_functions(n, ev))});
      }
      return trf("{0} were absorbed into {1}: {2}.",
                 {and_list(from_names), n.unit_to(ev.to.front()), inflow_parts(n, ev)});
    case EventType::kRename: {
      const Index u = ev.from.front();
      const Index v = ev.to.front();
      const std::size_t k = flow_functions(n, ev);
      if (u != v) {
        // TRANSLATORS: {0} a unit that is gone, {1} the new unit that holds
        // all its functions, {2} "5 functions".
        return trf("{0} continues as {1} ({2}).",
                   {n.unit_from(u), n.unit_to(v), functions_phrase(k)});
      }
      if (k == 0) return trf("{0} continues, renamed {1}.", {n.unit_from(u), n.unit_to(u)});
      // TRANSLATORS: {0} the unit's old name, {1} its new name, {2} "5 functions".
      return trf("{0} continues, renamed {1} ({2}).",
                 {n.unit_from(u), n.unit_to(u), functions_phrase(k)});
    }
    case EventType::kAbolish:
      return trf("{0} was abolished; none of its functions remain.", {from_names.front()});
    case EventType::kTransfer: {
      const UnitFlow& f = n.e().flows[ev.flows.front()];
      std::vector<std::string> names;
      for (const Index x : f.functions) names.push_back(n.function(x));
      // TRANSLATORS: {0} "2 functions", {1} and {2} units that both
      // continue, {3} the functions' names.
      return trf("{0} passed from {1} to {2}: {3}.",
                 {functions_phrase(f.functions.size()), n.unit_from(f.from), n.unit_to(f.to),
                  name_list(names, tr(" and "), 3)});
    }
    case EventType::kContinue:
      break;
  }
  return "";
}

/// Whether part `x` goes the way of the change `delta` and makes at least a
/// tenth of it.
bool drives(double x, double delta) {
  return x * delta > 0 && std::abs(x) >= 0.1 * std::abs(delta);
}

/// The moves that drove a change, as "A (-0.025) and B (-0.022)", with the
/// sum of their parts. Up to two movers that drive it; but when the moves
/// into one unit (moved or new functions) drive it and count three or more
/// functions, the moves are told by the unit they went to: "36 functions
/// into DHS (-0.175)".
std::pair<std::string, double> drivers(const Namer& n, const MetricAttribution& m) {
  struct Group {
    Index unit = kNone;
    double part = 0;
    std::size_t functions = 0;
  };
  std::map<Index, Group> by_unit;
  for (const MovePart& p : m.by_move) {
    const Index unit = n.e().owner_to[p.function];
    if (unit == kNone) continue;  // dropped: it went nowhere
    Group& g = by_unit[unit];
    g.unit = unit;
    g.part += p.contribution;
    ++g.functions;
  }
  std::vector<Group> groups;
  groups.reserve(by_unit.size());
  for (const auto& [unit, g] : by_unit) groups.push_back(g);
  std::sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) {
    if (std::abs(a.part) != std::abs(b.part)) return std::abs(a.part) > std::abs(b.part);
    return n.unit_id(a.unit) < n.unit_id(b.unit);
  });
  std::vector<std::string> items;
  std::vector<double> parts;
  double sum = 0;
  if (!groups.empty() && groups.front().functions >= 3 && drives(groups.front().part, m.delta)) {
    for (const Group& g : groups) {
      if (items.size() == 2 || !drives(g.part, m.delta) || g.functions < 2) break;
      // TRANSLATORS: {0} "36 functions", {1} the unit they moved to.
      items.push_back(trf("{0} into {1}", {functions_phrase(g.functions), n.unit_to(g.unit)}));
      parts.push_back(g.part);
    }
  } else {
    for (const MovePart& p : m.by_move) {
      if (items.size() == 2) break;
      if (!drives(p.contribution, m.delta)) continue;
      items.push_back(n.function(p.function));
      parts.push_back(p.contribution);
    }
  }
  // Each item's own part only when there are two: one alone is the sum.
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items.size() > 1) items[i] += " (" + signed_rounded(parts[i], 3) + ")";
    sum += parts[i];
  }
  return {and_list(items), sum};
}

bool shows_as_zero(double v) { return signed_rounded(v, 3) == "0"; }

std::string metric_sentence(const Namer& n, const MetricAttribution& m) {
  const std::string name = metric_title(m.key);
  if (shows_as_zero(m.delta)) return trf("{0} is unchanged at {1}.", {name, three(m.to)});
  const bool fell = m.delta < 0;
  const auto [who, moved] = drivers(n, m);
  // "Other": dependencies neither of whose ends moved, whose place changed
  // because their units moved, merged or split around them.
  const bool tree = m.other * m.delta > 0 && std::abs(m.other) >= 0.5 * std::abs(m.delta);
  const std::string a = three(m.from);
  const std::string b = three(m.to);
  const std::string d = signed_rounded(m.delta, 3);
  const std::string part = signed_rounded(moved, 3);
  const std::string other = signed_rounded(m.other, 3);
  if (!who.empty() && tree) {
    // TRANSLATORS: {0} a figure, {1} and {2} its values, {3} the change,
    // {4} functions with their parts, {5} the sum of those parts, {6} the
    // part of dependencies whose ends did not move but whose units did.
    return fell ? trf("{0} fell from {1} to {2} ({3}); moving {4} contributes {5}, units moving "
                      "with their functions {6}.",
                      {name, a, b, d, who, part, other})
                : trf("{0} rose from {1} to {2} ({3}); moving {4} contributes {5}, units moving "
                      "with their functions {6}.",
                      {name, a, b, d, who, part, other});
  }
  if (!who.empty()) {
    return fell ? trf("{0} fell from {1} to {2} ({3}); moving {4} contributes {5}.",
                      {name, a, b, d, who, part})
                : trf("{0} rose from {1} to {2} ({3}); moving {4} contributes {5}.",
                      {name, a, b, d, who, part});
  }
  if (tree) {
    return fell ? trf("{0} fell from {1} to {2} ({3}), mostly from units moving with their "
                      "functions ({4}).",
                      {name, a, b, d, other})
                : trf("{0} rose from {1} to {2} ({3}), mostly from units moving with their "
                      "functions ({4}).",
                      {name, a, b, d, other});
  }
  return fell ? trf("{0} fell from {1} to {2} ({3}).", {name, a, b, d})
              : trf("{0} rose from {1} to {2} ({3}).", {name, a, b, d});
}

std::string modularity_sentence(const Namer& n, const ModularityAttribution& q) {
  const std::string name = metric_title("modularity");
  if (shows_as_zero(q.delta)) return trf("{0} is unchanged at {1}.", {name, three(q.to)});
  std::vector<std::string> units;
  for (const UnitTermPart& p : q.by_unit) {
    if (units.size() == 2 || shows_as_zero(p.contribution)) break;
    units.push_back(n.unit_either(p.unit) + " (" + signed_rounded(p.contribution, 3) + ")");
  }
  const std::string a = three(q.from);
  const std::string b = three(q.to);
  const std::string d = signed_rounded(q.delta, 3);
  if (units.empty()) {
    return q.delta < 0 ? trf("{0} fell from {1} to {2} ({3}).", {name, a, b, d})
                       : trf("{0} rose from {1} to {2} ({3}).", {name, a, b, d});
  }
  // TRANSLATORS: {4} units with the change of their term of the modularity.
  return q.delta < 0
             ? trf("{0} fell from {1} to {2} ({3}); the terms that changed most are those of {4}.",
                   {name, a, b, d, and_list(units)})
             : trf("{0} rose from {1} to {2} ({3}); the terms that changed most are those of {4}.",
                   {name, a, b, d, and_list(units)});
}

std::string shift_part(std::size_t count, double weight) {
  // TRANSLATORS: a number of dependencies and their summed weight.
  return trf("{0} (weight {1})", {std::to_string(count), exact_number(weight)});
}

}  // namespace

std::vector<std::string> explain_sentences(const Model& model, const Explanation& e,
                                           std::string_view lang) {
  const Namer n{model, e, lang};
  std::vector<std::string> out;
  std::size_t continuing = 0;
  for (const ChangeEvent& ev : e.events) {
    if (ev.type == EventType::kContinue) {
      ++continuing;
    } else {
      out.push_back(event_sentence(n, ev));
    }
  }
  if (continuing > 0) {
    out.push_back(
        trn("{0} unit continues as it was.", "{0} units continue as they were.", continuing));
  }
  std::size_t added = 0;
  std::size_t dropped = 0;
  for (const FunctionFate f : e.fate) {
    added += f == FunctionFate::kAdded ? 1 : 0;
    dropped += f == FunctionFate::kDropped ? 1 : 0;
  }
  // TRANSLATORS: {0} and {1} are "3 functions".
  std::string fates =
      trf("{0} changed hands and {1} went with their unit.",
          {functions_phrase(e.moved_functions), functions_phrase(e.followed_functions)});
  if (added > 0) fates += " " + trn("{0} function is new.", "{0} functions are new.", added);
  if (dropped > 0) {
    fates += " " + trn("{0} function was dropped.", "{0} functions were dropped.", dropped);
  }
  out.push_back(fates);
  for (const MetricAttribution& m : e.metrics) out.push_back(metric_sentence(n, m));
  out.push_back(modularity_sentence(n, e.modularity));
  const Shifts& s = e.shifts;
  // TRANSLATORS: each {N} is "4 (weight 9)": dependencies present on both
  // sides whose two ends are now in one unit, now in two, or whose lowest
  // common unit now sits higher up or lower down in the tree.
  out.push_back(
      trf("Dependencies: {0} became internal, {1} became external, {2} now meet higher "
          "up, {3} lower down.",
          {shift_part(s.became_internal.size(), s.internal_weight),
           shift_part(s.became_external.size(), s.external_weight),
           shift_part(s.escalated.size(), s.escalated_weight),
           shift_part(s.settled.size(), s.settled_weight)}));
  return out;
}

ordered_json explain_json(const Model& model, const Explanation& e, std::string_view lang) {
  const Namer n{model, e, lang};
  ordered_json j;
  j["from"] = n.from().id;
  j["to"] = n.to().id;
  j["level"] = e.level ? ordered_json(*e.level) : ordered_json(nullptr);
  ordered_json events = ordered_json::array();
  for (const ChangeEvent& ev : e.events) {
    ordered_json x;
    x["type"] = event_type_key(ev.type);
    x["from"] = ordered_json::array();
    for (const Index u : ev.from) x["from"].push_back(n.unit_id(u));
    x["to"] = ordered_json::array();
    for (const Index u : ev.to) x["to"].push_back(n.unit_id(u));
    if (ev.type == EventType::kRename && ev.from.front() == ev.to.front()) {
      x["label_from"] = n.unit_from(ev.from.front());
      x["label_to"] = n.unit_to(ev.to.front());
    }
    x["flows"] = ordered_json::array();
    for (const std::size_t i : ev.flows) {
      const UnitFlow& f = e.flows[i];
      ordered_json flow;
      flow["from"] = n.unit_id(f.from);
      flow["to"] = n.unit_id(f.to);
      flow["functions"] = f.functions.size();
      flow["weight"] = f.weight;
      flow["function_ids"] = ordered_json::array();
      for (const Index fn : f.functions) flow["function_ids"].push_back(n.function_id(fn));
      x["flows"].push_back(flow);
    }
    events.push_back(x);
  }
  j["events"] = events;
  j["moved_functions"] = e.moved_functions;
  j["followed_functions"] = e.followed_functions;
  ordered_json fates = ordered_json::array();
  std::vector<Index> by_id(e.fate.size());
  for (Index f = 0; f < by_id.size(); ++f) by_id[f] = f;
  std::sort(by_id.begin(), by_id.end(),
            [&](Index a, Index b) { return model.functions[a].id < model.functions[b].id; });
  for (const Index f : by_id) {
    if (e.fate[f] == FunctionFate::kStayed || e.fate[f] == FunctionFate::kAbsent) continue;
    ordered_json x;
    x["function"] = n.function_id(f);
    x["fate"] = fate_key(e.fate[f]);
    x["from"] =
        e.owner_from[f] == kNone ? ordered_json(nullptr) : ordered_json(n.unit_id(e.owner_from[f]));
    x["to"] =
        e.owner_to[f] == kNone ? ordered_json(nullptr) : ordered_json(n.unit_id(e.owner_to[f]));
    fates.push_back(x);
  }
  j["functions"] = fates;
  ordered_json metrics;
  for (const MetricAttribution& m : e.metrics) {
    ordered_json x;
    x["from"] = m.from;
    x["to"] = m.to;
    x["delta"] = m.delta;
    x["by_dependency"] = ordered_json::array();
    for (const DependencyPart& p : m.by_dependency) {
      x["by_dependency"].push_back({{"from", n.function_id(p.u)},
                                    {"to", n.function_id(p.v)},
                                    {"contribution", p.contribution}});
    }
    x["by_move"] = ordered_json::array();
    for (const MovePart& p : m.by_move) {
      x["by_move"].push_back({{"function", n.function_id(p.function)},
                              {"fate", fate_key(e.fate[p.function])},
                              {"contribution", p.contribution}});
    }
    x["other"] = m.other;
    metrics[std::string(m.key)] = x;
  }
  ordered_json q;
  q["from"] = e.modularity.from;
  q["to"] = e.modularity.to;
  q["delta"] = e.modularity.delta;
  q["by_unit"] = ordered_json::array();
  for (const UnitTermPart& p : e.modularity.by_unit) {
    q["by_unit"].push_back({{"unit", n.unit_id(p.unit)},
                            {"from", p.from},
                            {"to", p.to},
                            {"contribution", p.contribution}});
  }
  metrics["modularity"] = q;
  j["metrics"] = metrics;
  ordered_json deps;
  const auto shifts = [&](const char* key, const std::vector<DependencyShift>& list, double w) {
    ordered_json x;
    x["count"] = list.size();
    x["weight"] = w;
    x["dependencies"] = ordered_json::array();
    for (const DependencyShift& s : list) {
      x["dependencies"].push_back({{"from", n.function_id(s.u)},
                                   {"to", n.function_id(s.v)},
                                   {"weight", s.weight},
                                   {"meet_depth_from", s.meet_depth_from},
                                   {"meet_depth_to", s.meet_depth_to}});
    }
    deps[key] = x;
  };
  shifts("became_internal", e.shifts.became_internal, e.shifts.internal_weight);
  shifts("became_external", e.shifts.became_external, e.shifts.external_weight);
  shifts("escalated", e.shifts.escalated, e.shifts.escalated_weight);
  shifts("settled", e.shifts.settled, e.shifts.settled_weight);
  j["dependencies"] = deps;
  j["sentences"] = explain_sentences(model, e, lang);
  return j;
}

const std::vector<std::string>& explain_table_names() {
  static const std::vector<std::string> names{"events", "moves", "dependencies", "units", "shifts"};
  return names;
}

namespace {

Table events_table(const Namer& n) {
  Table t;
  t.header = {"event", "type", "from", "from_label", "to", "to_label", "functions", "weight"};
  t.right = {true, false, false, false, false, false, true, true};
  std::size_t k = 0;
  for (const ChangeEvent& ev : n.e().events) {
    ++k;
    if (ev.flows.empty()) {
      const std::string from = ev.from.empty() ? "" : n.unit_id(ev.from.front());
      const std::string to = ev.to.empty() ? "" : n.unit_id(ev.to.front());
      t.rows.push_back({std::to_string(k), event_type_key(ev.type), from,
                        ev.from.empty() ? "" : n.unit_from(ev.from.front()), to,
                        ev.to.empty() ? "" : n.unit_to(ev.to.front()), "0", "0"});
    }
    for (const std::size_t i : ev.flows) {
      const UnitFlow& f = n.e().flows[i];
      t.rows.push_back({std::to_string(k), event_type_key(ev.type), n.unit_id(f.from),
                        n.unit_from(f.from), n.unit_id(f.to), n.unit_to(f.to),
                        std::to_string(f.functions.size()), exact_number(f.weight)});
    }
  }
  return t;
}

Table moves_table(const Namer& n) {
  Table t;
  t.header = {"metric", "function", "label", "fate", "contribution"};
  t.right = {false, false, false, false, true};
  for (const MetricAttribution& m : n.e().metrics) {
    for (const MovePart& p : m.by_move) {
      t.rows.push_back({std::string(m.key), n.function_id(p.function), n.function(p.function),
                        fate_key(n.e().fate[p.function]), exact_number(p.contribution)});
    }
    t.rows.push_back({std::string(m.key), "", "", "other", exact_number(m.other)});
  }
  return t;
}

Table dependencies_table(const Namer& n) {
  Table t;
  t.header = {"metric", "from", "to", "contribution"};
  t.right = {false, false, false, true};
  for (const MetricAttribution& m : n.e().metrics) {
    for (const DependencyPart& p : m.by_dependency) {
      t.rows.push_back({std::string(m.key), n.function_id(p.u), n.function_id(p.v),
                        exact_number(p.contribution)});
    }
  }
  return t;
}

Table units_table(const Namer& n) {
  Table t;
  t.header = {"unit", "from", "to", "contribution"};
  t.right = {false, true, true, true};
  for (const UnitTermPart& p : n.e().modularity.by_unit) {
    t.rows.push_back({n.unit_id(p.unit), exact_number(p.from), exact_number(p.to),
                      exact_number(p.contribution)});
  }
  return t;
}

Table shifts_table(const Namer& n) {
  Table t;
  t.header = {"shift", "from", "to", "weight", "meet_depth_from", "meet_depth_to"};
  t.right = {false, false, false, true, true, true};
  const Shifts& s = n.e().shifts;
  const auto add = [&](const char* key, const std::vector<DependencyShift>& list) {
    for (const DependencyShift& d : list) {
      t.rows.push_back({key, n.function_id(d.u), n.function_id(d.v), exact_number(d.weight),
                        std::to_string(d.meet_depth_from), std::to_string(d.meet_depth_to)});
    }
  };
  add("became_internal", s.became_internal);
  add("became_external", s.became_external);
  add("escalated", s.escalated);
  add("settled", s.settled);
  return t;
}

/// Tables for people: the events, and per metric the largest parts.
struct Section {
  std::string title;
  std::string note;
  Table table;
};

std::vector<Section> sections(const Namer& n, std::size_t top) {
  std::vector<Section> out;
  {
    Table t;
    t.header = {tr("event"), tr("from"), tr("to"), tr("functions"), tr("weight")};
    t.right = {false, false, false, true, true};
    for (const ChangeEvent& ev : n.e().events) {
      if (ev.type == EventType::kContinue) continue;
      if (ev.flows.empty()) {
        t.rows.push_back({event_word(ev.type), ev.from.empty() ? "-" : n.unit_from(ev.from.front()),
                          ev.to.empty() ? "-" : n.unit_to(ev.to.front()), "0", "0"});
      }
      for (const std::size_t i : ev.flows) {
        const UnitFlow& f = n.e().flows[i];
        t.rows.push_back({event_word(ev.type), n.unit_from(f.from), n.unit_to(f.to),
                          std::to_string(f.functions.size()), exact_number(f.weight)});
      }
    }
    // TRANSLATORS: the heading of the table of events; the note says what
    // its columns count.
    out.push_back({tr("Events"),
                   tr("One row per flow of functions between a unit of each side; weight is the "
                      "dependency weight those functions carry."),
                   t});
  }
  const auto shown = [&](std::size_t size) {
    return size > top ? trf("the {0} largest of {1}", {std::to_string(top), std::to_string(size)})
                      : trf("all {0}", {std::to_string(size)});
  };
  for (const MetricAttribution& m : n.e().metrics) {
    const std::string head = metric_title(m.key) + ": " + three(m.from) + " -> " + three(m.to) +
                             " (" + signed_rounded(m.delta, 3) + ")";
    Table moves;
    moves.header = {tr("function"), tr("how"), tr("from"), tr("to"), tr("part")};
    moves.right = {false, false, false, false, true};
    for (std::size_t i = 0; i < m.by_move.size() && i < top; ++i) {
      const MovePart& p = m.by_move[i];
      const Index u = n.e().owner_from[p.function];
      const Index v = n.e().owner_to[p.function];
      moves.rows.push_back({n.function(p.function), fate_word(n.e().fate[p.function]),
                            u == kNone ? "-" : n.unit_from(u), v == kNone ? "-" : n.unit_to(v),
                            signed_rounded(p.contribution, 4)});
    }
    // TRANSLATORS: the row of the parts of dependencies neither of whose
    // ends moved.
    moves.rows.push_back(
        {tr("(units moving with their functions)"), "", "", "", signed_rounded(m.other, 4)});
    // TRANSLATORS: {0} a figure with its values, {1} "the 10 largest of 14" or "all 3".
    out.push_back({trf("{0}, by move", {head}),
                   trf("Moves, {0}; a dependency's part goes to its moved end, half to each when "
                       "both moved.",
                       {shown(m.by_move.size())}),
                   moves});
    Table deps;
    deps.header = {tr("function"), tr("function"), tr("part")};
    deps.right = {false, false, true};
    for (std::size_t i = 0; i < m.by_dependency.size() && i < top; ++i) {
      const DependencyPart& p = m.by_dependency[i];
      deps.rows.push_back({n.function(p.u), n.function(p.v), signed_rounded(p.contribution, 4)});
    }
    out.push_back({trf("{0}, by dependency", {metric_title(m.key)}),
                   trf("Dependencies, {0}.", {shown(m.by_dependency.size())}), deps});
  }
  {
    const ModularityAttribution& q = n.e().modularity;
    Table units;
    units.header = {tr("unit"), tr("before"), tr("after"), tr("part")};
    units.right = {false, true, true, true};
    for (std::size_t i = 0; i < q.by_unit.size() && i < top; ++i) {
      const UnitTermPart& p = q.by_unit[i];
      units.rows.push_back({n.unit_either(p.unit), rounded(p.from, 4), rounded(p.to, 4),
                            signed_rounded(p.contribution, 4)});
    }
    out.push_back({trf("{0}, by unit", {metric_title("modularity") + ": " + three(q.from) + " -> " +
                                        three(q.to) + " (" + signed_rounded(q.delta, 3) + ")"}),
                   trf("Terms of the units, {0}.", {shown(q.by_unit.size())}), units});
  }
  const Shifts& s = n.e().shifts;
  const auto shift_section = [&](const std::string& title, const std::vector<DependencyShift>& list,
                                 double weight) {
    Table t;
    t.header = {tr("function"), tr("function"), tr("weight")};
    t.right = {false, false, true};
    for (std::size_t i = 0; i < list.size() && i < top; ++i) {
      t.rows.push_back(
          {n.function(list[i].u), n.function(list[i].v), exact_number(list[i].weight)});
    }
    out.push_back({title + ": " + shift_part(list.size(), weight), "", t});
  };
  shift_section(tr("Dependencies that became internal"), s.became_internal, s.internal_weight);
  shift_section(tr("Dependencies that became external"), s.became_external, s.external_weight);
  shift_section(tr("Dependencies that now meet higher up"), s.escalated, s.escalated_weight);
  shift_section(tr("Dependencies that now meet lower down"), s.settled, s.settled_weight);
  return out;
}

std::string heading(const Namer& n) {
  const std::string level =
      n.e().level ? trf("level {0}", {std::to_string(*n.e().level)}) : tr("every unit");
  // TRANSLATORS: {0} and {1} are structure ids, {2} "level 1" or "every unit".
  return trf("From {0} to {1}, at {2}", {n.from().id, n.to().id, level});
}

}  // namespace

std::optional<Table> explain_table(const Model& model, const Explanation& e,
                                   const std::string& name, std::string_view lang) {
  const Namer n{model, e, lang};
  if (name == "events") return events_table(n);
  if (name == "moves") return moves_table(n);
  if (name == "dependencies") return dependencies_table(n);
  if (name == "units") return units_table(n);
  if (name == "shifts") return shifts_table(n);
  return std::nullopt;
}

std::string explain_text(const Model& model, const Explanation& e, std::string_view lang,
                         std::size_t top, bool brief) {
  const Namer n{model, e, lang};
  std::string out = heading(n) + "\n\n";
  for (const std::string& s : explain_sentences(model, e, lang)) out += "  " + s + "\n";
  if (brief) return terminal_page(out);
  for (const Section& s : sections(n, top)) {
    out += "\n" + s.title + "\n";
    if (!s.note.empty()) out += "  " + s.note + "\n";
    if (!s.table.rows.empty()) out += render_text(s.table);
  }
  return terminal_page(out);
}

std::string explain_markdown(const Model& model, const Explanation& e, std::string_view lang,
                             std::size_t top, bool brief) {
  const Namer n{model, e, lang};
  std::string out = "## " + heading(n) + "\n\n";
  for (const std::string& s : explain_sentences(model, e, lang)) out += "- " + s + "\n";
  if (brief) return terminal_page(out);
  for (const Section& s : sections(n, top)) {
    out += "\n### " + s.title + "\n\n";
    if (!s.note.empty()) out += s.note + "\n\n";
    if (!s.table.rows.empty()) out += render_markdown(s.table);
  }
  return terminal_page(out);
}

}  // namespace policygraph
