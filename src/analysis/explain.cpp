// Events of succession and the exact attribution of a change
// (docs/explain.md).
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>
#include <policygraph/analysis/explain.hpp>
#include <policygraph/metrics/metrics.hpp>
#include <policygraph/metrics/tree.hpp>

namespace policygraph {

const char* event_type_key(EventType type) {
  switch (type) {
    case EventType::kCreate:
      return "create";
    case EventType::kMerge:
      return "merge";
    case EventType::kSplit:
      return "split";
    case EventType::kAbsorb:
      return "absorb";
    case EventType::kRename:
      return "rename";
    case EventType::kAbolish:
      return "abolish";
    case EventType::kTransfer:
      return "transfer";
    case EventType::kContinue:
      return "continue";
  }
  return "";
}

namespace {

constexpr std::size_t kRatioMetrics = 4;
constexpr std::array<std::string_view, kRatioMetrics> kRatioKeys{
    "cross_unit_share", "top_level_share", "coordination_distance_mean", "escalation_depth_mean"};

/// One structure with its tree and its owners at the level.
struct Side {
  const Resolved& s;
  UnitTree tree;
  std::vector<Index> owner;
  Side(const Resolved& r, std::optional<int> level)
      : s(r), tree(r), owner(owners_at(r, tree.aggregation(level))) {}
};

/// A dependency's terms on one side: numerator and denominator of each
/// ratio metric (docs/explain.md, "Attribution"), and where its ends meet.
struct Terms {
  bool present = false;
  bool cross = false;
  Index meet_depth = 0;
  std::array<double, kRatioMetrics> n{};
  std::array<double, kRatioMetrics> d{};
};

Terms terms_of(const Side& side, Index u, Index v, double w) {
  Terms t;
  const Index cu = side.owner[u];
  const Index cv = side.owner[v];
  if (cu == kNone || cv == kNone) return t;
  t.present = true;
  t.d[0] = t.d[1] = t.d[2] = w;
  if (cu == cv) {
    t.meet_depth = side.tree.depth(cu);
    return t;
  }
  const Index meet = side.tree.lca(cu, cv);
  const Index meet_depth = side.tree.depth(meet);
  t.cross = true;
  t.meet_depth = meet_depth;
  t.n[0] = w;
  t.n[1] = meet == side.tree.root() ? w : 0;
  t.n[2] = w * static_cast<double>(side.tree.depth(cu) + side.tree.depth(cv) - 2 * meet_depth);
  t.n[3] = w * static_cast<double>(meet_depth);
  t.d[3] = w;
  return t;
}

double ratio(double a, double b) { return b == 0 ? 0 : a / b; }

/// Ranks of the function ids in byte order.
std::vector<Index> function_id_ranks(const Model& model) {
  std::vector<Index> order(model.functions.size());
  std::iota(order.begin(), order.end(), Index{0});
  std::sort(order.begin(), order.end(),
            [&](Index a, Index b) { return model.functions[a].id < model.functions[b].id; });
  std::vector<Index> rank(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) rank[order[i]] = static_cast<Index>(i);
  return rank;
}

bool same_labels(const LabelSet& a, const LabelSet& b) {
  return a.label == b.label && a.by_lang == b.by_lang;
}

/// Largest |x| first, then the order of `tie`; sizes within the tolerance
/// of same_weight (docs/metrics.md) count as equal.
template <class T, class Value, class Tie>
void sort_by_size(std::vector<T>& items, Value value, Tie tie) {
  const auto size = [&](const T& x) { return std::abs(value(x)); };
  sort_with_ties(
      items.begin(), items.end(),
      [&](const T& a, const T& b) {
        if (size(a) != size(b)) return size(a) > size(b);
        return tie(a, b);
      },
      [&](const T& a, const T& b) { return same_weight(size(a), size(b)); }, tie);
}

class Explainer {
 public:
  Explainer(const Model& model, Index from, Index to, std::optional<int> level)
      : model_(model),
        level_(level),
        a_(model.structures[from], level),
        b_(model.structures[to], level),
        unit_rank_(unit_id_ranks(model)),
        function_rank_(function_id_ranks(model)) {
    e_.from = from;
    e_.to = to;
    e_.level = level;
  }

  Explanation run() {
    find_flows();
    find_events();
    find_fates();
    attribute();
    e_.owner_from = a_.owner;
    e_.owner_to = b_.owner;
    return std::move(e_);
  }

 private:
  [[nodiscard]] bool in_both(Index f) const { return a_.owner[f] != kNone && b_.owner[f] != kNone; }
  [[nodiscard]] bool continuing(Index u) const {
    return unit_at_level(a_.s, u, level_) && unit_at_level(b_.s, u, level_);
  }

  void find_flows() {
    const FunctionGraph& g = model_.graph;
    std::vector<double> degree(model_.functions.size(), 0);
    for (std::uint32_t u = 0; u < g.vertex_count(); ++u) {
      if (!in_both(u)) continue;
      const auto nbrs = g.neighbours(u);
      const auto wts = g.neighbour_weights(u);
      for (std::size_t i = 0; i < nbrs.size(); ++i) {
        if (in_both(nbrs[i])) degree[u] += wts[i];
      }
    }
    std::vector<Index> by_id(model_.functions.size());
    for (Index f = 0; f < by_id.size(); ++f) by_id[function_rank_[f]] = f;
    std::map<std::pair<Index, Index>, UnitFlow> flows;  // keyed by unit id ranks
    for (const Index f : by_id) {
      if (!in_both(f)) continue;
      const Index u = a_.owner[f];
      const Index v = b_.owner[f];
      UnitFlow& flow = flows[{unit_rank_[u], unit_rank_[v]}];
      flow.from = u;
      flow.to = v;
      flow.functions.push_back(f);
      flow.weight += degree[f];
    }
    for (auto& [key, flow] : flows) e_.flows.push_back(std::move(flow));
  }

  /// Flows `a` before `b` by unit ids.
  [[nodiscard]] bool flow_ids_before(std::size_t a, std::size_t b) const {
    const UnitFlow& x = e_.flows[a];
    const UnitFlow& y = e_.flows[b];
    if (x.from != y.from) return unit_rank_[x.from] < unit_rank_[y.from];
    return unit_rank_[x.to] < unit_rank_[y.to];
  }

  /// The flows of an event: most functions first, then most weight (sums
  /// within same_weight's tolerance tie), then unit ids.
  void sort_flows(std::vector<std::size_t>& flows) const {
    const auto count = [&](std::size_t i) { return e_.flows[i].functions.size(); };
    const auto weight = [&](std::size_t i) { return e_.flows[i].weight; };
    const auto by_ids = [&](std::size_t a, std::size_t b) { return flow_ids_before(a, b); };
    sort_with_ties(
        flows.begin(), flows.end(),
        [&](std::size_t a, std::size_t b) {
          if (count(a) != count(b)) return count(a) > count(b);
          if (weight(a) != weight(b)) return weight(a) > weight(b);
          return by_ids(a, b);
        },
        [&](std::size_t a, std::size_t b) {
          return count(a) == count(b) && same_weight(weight(a), weight(b));
        },
        by_ids);
  }

  void add_event(EventType type, std::vector<std::size_t> flows, std::vector<Index> from,
                 std::vector<Index> to) {
    sort_flows(flows);
    ChangeEvent ev;
    ev.type = type;
    ev.flows = std::move(flows);
    const auto add = [](std::vector<Index>& list, Index u) {
      if (std::find(list.begin(), list.end(), u) == list.end()) list.push_back(u);
    };
    // Units in the order of their largest flow, then the rest by id.
    for (const std::size_t i : ev.flows) {
      add(ev.from, e_.flows[i].from);
      add(ev.to, e_.flows[i].to);
    }
    const auto by_id = [&](Index x, Index y) { return unit_rank_[x] < unit_rank_[y]; };
    std::sort(from.begin(), from.end(), by_id);
    std::sort(to.begin(), to.end(), by_id);
    for (const Index u : from) add(ev.from, u);
    for (const Index u : to) add(ev.to, u);
    e_.events.push_back(std::move(ev));
  }

  void find_events() {
    const std::size_t units = model_.unit_ids.size();
    std::vector<std::vector<std::size_t>> out(units), in(units);
    for (std::size_t i = 0; i < e_.flows.size(); ++i) {
      out[e_.flows[i].from].push_back(i);
      in[e_.flows[i].to].push_back(i);
    }
    // The units that own a function at the level, on each side.
    std::vector<std::uint8_t> owns_a(units, 0), owns_b(units, 0);
    for (const Index u : a_.owner) {
      if (u != kNone) owns_a[u] = 1;
    }
    for (const Index u : b_.owner) {
      if (u != kNone) owns_b[u] = 1;
    }
    const auto gone = [&](Index u) { return !unit_at_level(b_.s, u, level_); };
    // A gone unit all of whose kept functions went to `v`.
    const auto wholly_into = [&](Index u, Index v) {
      return gone(u) && out[u].size() == 1 && e_.flows[out[u].front()].to == v;
    };
    const std::vector<Index> ids = model_.units_by_id();

    // New units of TO, with functions or without.
    for (const Index v : ids) {
      if (!unit_at_level(b_.s, v, level_) || unit_at_level(a_.s, v, level_)) continue;
      bool all_whole = !in[v].empty();
      for (const std::size_t i : in[v]) all_whole = all_whole && wholly_into(e_.flows[i].from, v);
      EventType type = EventType::kCreate;
      if (all_whole) type = in[v].size() == 1 ? EventType::kRename : EventType::kMerge;
      add_event(type, in[v], {}, {v});
    }
    // Gone units of FROM.
    std::map<Index, std::vector<std::size_t>> absorbed;  // by the rank of the unit taking them
    for (const Index u : ids) {
      if (!unit_at_level(a_.s, u, level_) || !gone(u)) continue;
      if (out[u].empty()) {
        // Moved deeper with nothing to follow it: no event of its own.
        if (b_.s.present[u]) continue;
        add_event(EventType::kAbolish, {}, {u}, {});
      } else if (out[u].size() >= 2) {
        add_event(EventType::kSplit, out[u], {u}, {});
      } else if (const Index v = e_.flows[out[u].front()].to; continuing(v)) {
        absorbed[unit_rank_[v]].push_back(out[u].front());
      }
    }
    for (auto& [rank, flows] : absorbed) add_event(EventType::kAbsorb, flows, {}, {});
    // Units that continue, and what passed between them.
    // A unit without functions on either side counts only when renamed.
    for (const Index u : ids) {
      if (!continuing(u)) continue;
      const bool renamed = !same_labels(a_.s.info[u].labels, b_.s.info[u].labels);
      if (!renamed && !owns_a[u] && !owns_b[u]) continue;
      std::vector<std::size_t> stay;
      for (const std::size_t i : out[u]) {
        if (e_.flows[i].to == u) stay.push_back(i);
      }
      add_event(renamed ? EventType::kRename : EventType::kContinue, stay, {u}, {u});
    }
    for (std::size_t i = 0; i < e_.flows.size(); ++i) {
      const UnitFlow& f = e_.flows[i];
      if (f.from != f.to && continuing(f.from) && continuing(f.to)) {
        add_event(EventType::kTransfer, {i}, {}, {});
      }
    }
    std::stable_sort(e_.events.begin(), e_.events.end(),
                     [&](const ChangeEvent& x, const ChangeEvent& y) {
                       if (x.type != y.type) return x.type < y.type;
                       return event_key(x) < event_key(y);
                     });
  }

  /// The ids that order events of one type (docs/explain.md, "Events").
  [[nodiscard]] std::pair<Index, Index> event_key(const ChangeEvent& ev) const {
    const auto rank = [&](const std::vector<Index>& list) {
      return list.empty() ? Index{0} : unit_rank_[list.front()];
    };
    switch (ev.type) {
      case EventType::kCreate:
      case EventType::kMerge:
      case EventType::kAbsorb:
        return {rank(ev.to), 0};
      case EventType::kSplit:
      case EventType::kAbolish:
        return {rank(ev.from), 0};
      default:
        return {rank(ev.from), rank(ev.to)};
    }
  }

  void find_fates() {
    const Succession successors = succession(model_, e_.from, e_.to, level_);
    e_.fate.resize(model_.functions.size());
    for (Index f = 0; f < e_.fate.size(); ++f) {
      const Index u = a_.owner[f];
      const Index v = b_.owner[f];
      FunctionFate& fate = e_.fate[f];
      if (u == kNone && v == kNone) {
        fate = FunctionFate::kAbsent;
      } else if (u == kNone) {
        fate = FunctionFate::kAdded;
      } else if (v == kNone) {
        fate = FunctionFate::kDropped;
      } else if (u == v) {
        fate = FunctionFate::kStayed;
      } else if (successors.follows(u, v)) {
        fate = FunctionFate::kFollowed;
        ++e_.followed_functions;
      } else {
        fate = FunctionFate::kMoved;
        ++e_.moved_functions;
      }
    }
  }

  [[nodiscard]] bool mover(Index f) const {
    const FunctionFate x = e_.fate[f];
    return x == FunctionFate::kMoved || x == FunctionFate::kAdded || x == FunctionFate::kDropped;
  }

  /// The part of one dependency in the change of N/D, exact: with M = N/D,
  /// N'/D' - N/D = sum_e (dn_e - M dd_e) / D' when D' > 0, and
  /// = sum_e dn_e / D when D' = 0 (then N' = 0 and M' = 0).
  static double part(double dn, double dd, double n, double d, double d_after) {
    if (d_after > 0) return (dn - ratio(n, d) * dd) / d_after;
    if (d > 0) return dn / d;
    return 0;
  }

  void attribute() {
    struct Dependency {
      Index u, v;
      Terms a, b;
    };
    std::vector<Dependency> deps;
    std::array<double, kRatioMetrics> n_a{}, d_a{}, n_b{}, d_b{};
    const std::size_t units = model_.unit_ids.size();
    std::vector<double> inside_a(units, 0), inside_b(units, 0), degree_a(units, 0),
        degree_b(units, 0);
    std::vector<std::uint8_t> owns_a(units, 0), owns_b(units, 0);
    double total_a = 0;
    double total_b = 0;
    const FunctionGraph& g = model_.graph;
    for (std::uint32_t u = 0; u < g.vertex_count(); ++u) {
      if (a_.owner[u] != kNone) owns_a[a_.owner[u]] = 1;
      if (b_.owner[u] != kNone) owns_b[b_.owner[u]] = 1;
      const auto nbrs = g.neighbours(u);
      const auto wts = g.neighbour_weights(u);
      for (std::size_t i = 0; i < nbrs.size(); ++i) {
        const std::uint32_t v = nbrs[i];
        if (v <= u) continue;
        Dependency dep{u, v, terms_of(a_, u, v, wts[i]), terms_of(b_, u, v, wts[i])};
        if (!dep.a.present && !dep.b.present) continue;
        for (std::size_t k = 0; k < kRatioMetrics; ++k) {
          n_a[k] += dep.a.n[k];
          d_a[k] += dep.a.d[k];
          n_b[k] += dep.b.n[k];
          d_b[k] += dep.b.d[k];
        }
        const auto modularity_sums = [&](const Side& side, const Terms& t,
                                         std::vector<double>& inside, std::vector<double>& degree,
                                         double& total) {
          if (!t.present) return;
          total += wts[i];
          degree[side.owner[u]] += wts[i];
          degree[side.owner[v]] += wts[i];
          if (!t.cross) inside[side.owner[u]] += wts[i];
        };
        modularity_sums(a_, dep.a, inside_a, degree_a, total_a);
        modularity_sums(b_, dep.b, inside_b, degree_b, total_b);
        deps.push_back(dep);
      }
    }
    const auto function_order = [&](Index x, Index y) {
      return function_rank_[x] < function_rank_[y];
    };

    for (std::size_t k = 0; k < kRatioMetrics; ++k) {
      MetricAttribution m;
      m.key = kRatioKeys[k];
      m.from = ratio(n_a[k], d_a[k]);
      m.to = ratio(n_b[k], d_b[k]);
      m.delta = m.to - m.from;
      std::map<Index, double> by_move;
      for (Index f = 0; f < e_.fate.size(); ++f) {
        if (mover(f)) by_move[f] = 0;
      }
      for (const Dependency& dep : deps) {
        const double p =
            part(dep.b.n[k] - dep.a.n[k], dep.b.d[k] - dep.a.d[k], n_a[k], d_a[k], d_b[k]);
        if (p == 0) continue;
        Index x = dep.u;
        Index y = dep.v;
        if (!function_order(x, y)) std::swap(x, y);
        m.by_dependency.push_back({x, y, p});
        const bool mu = mover(dep.u);
        const bool mv = mover(dep.v);
        if (mu && mv) {
          by_move[dep.u] += p / 2;
          by_move[dep.v] += p / 2;
        } else if (mu) {
          by_move[dep.u] += p;
        } else if (mv) {
          by_move[dep.v] += p;
        } else {
          m.other += p;
        }
      }
      sort_by_size(
          m.by_dependency, [](const DependencyPart& x) { return x.contribution; },
          [&](const DependencyPart& x, const DependencyPart& y) {
            if (x.u != y.u) return function_order(x.u, y.u);
            return function_order(x.v, y.v);
          });
      for (const auto& [f, c] : by_move) m.by_move.push_back({f, c});
      sort_by_size(
          m.by_move, [](const MovePart& x) { return x.contribution; },
          [&](const MovePart& x, const MovePart& y) {
            return function_order(x.function, y.function);
          });
      e_.metrics.push_back(std::move(m));
    }

    // Modularity, a sum of unit terms in unit id order as whole_metrics sums it.
    ModularityAttribution& q = e_.modularity;
    const auto term = [](double inside, double degree, double total) {
      if (total <= 0) return 0.0;
      const double share = degree / (2 * total);
      return inside / total - share * share;
    };
    for (const Index c : model_.units_by_id()) {
      if (!owns_a[c] && !owns_b[c]) continue;
      UnitTermPart p;
      p.unit = c;
      p.from = owns_a[c] ? term(inside_a[c], degree_a[c], total_a) : 0;
      p.to = owns_b[c] ? term(inside_b[c], degree_b[c], total_b) : 0;
      p.contribution = p.to - p.from;
      q.from += p.from;
      q.to += p.to;
      q.by_unit.push_back(p);
    }
    q.delta = q.to - q.from;
    sort_by_size(
        q.by_unit, [](const UnitTermPart& x) { return x.contribution; },
        [&](const UnitTermPart& x, const UnitTermPart& y) {
          return unit_rank_[x.unit] < unit_rank_[y.unit];
        });

    // Where the dependencies present on both sides now meet.
    Shifts& s = e_.shifts;
    for (const Dependency& dep : deps) {
      if (!dep.a.present || !dep.b.present) continue;
      Index x = dep.u;
      Index y = dep.v;
      if (!function_order(x, y)) std::swap(x, y);
      const DependencyShift shift{x, y, dep.a.d[0], dep.a.meet_depth, dep.b.meet_depth};
      if (dep.a.cross && !dep.b.cross) {
        s.became_internal.push_back(shift);
        s.internal_weight += shift.weight;
      } else if (!dep.a.cross && dep.b.cross) {
        s.became_external.push_back(shift);
        s.external_weight += shift.weight;
      } else if (dep.a.cross && dep.b.meet_depth < dep.a.meet_depth) {
        s.escalated.push_back(shift);
        s.escalated_weight += shift.weight;
      } else if (dep.a.cross && dep.b.meet_depth > dep.a.meet_depth) {
        s.settled.push_back(shift);
        s.settled_weight += shift.weight;
      }
    }
    for (auto* list : {&s.became_internal, &s.became_external, &s.escalated, &s.settled}) {
      sort_by_size(
          *list, [](const DependencyShift& x) { return x.weight; },
          [&](const DependencyShift& x, const DependencyShift& y) {
            if (x.u != y.u) return function_order(x.u, y.u);
            return function_order(x.v, y.v);
          });
    }
  }

  const Model& model_;
  std::optional<int> level_;
  Side a_;
  Side b_;
  std::vector<Index> unit_rank_;
  std::vector<Index> function_rank_;
  Explanation e_;
};

}  // namespace

Explanation explain_change(const Model& model, Index from, Index to, std::optional<int> level) {
  return Explainer(model, from, to, level).run();
}

}  // namespace policygraph
