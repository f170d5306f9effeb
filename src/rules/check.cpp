// Each rule type on one structure (docs/check.md), and the known-violations
// ratchet.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <policygraph/metrics/metrics.hpp>
#include <policygraph/metrics/tree.hpp>
#include <policygraph/rules/check.hpp>
#include <set>
#include <unordered_map>

namespace policygraph {
namespace {

/// A dependency as the rules see it: the entries from one function to
/// another, weights summed.
struct Link {
  Index from = kNone, to = kNone;
  Index first = kNone;  ///< the first entry in Model::dependencies
  double weight = 0;
};

std::vector<Link> links_of(const Model& model) {
  std::unordered_map<std::uint64_t, std::size_t> at;
  at.reserve(model.dependencies.size());
  std::vector<Link> out;
  for (std::size_t i = 0; i < model.dependencies.size(); ++i) {
    const Dependency& d = model.dependencies[i];
    const std::uint64_t key = (std::uint64_t{d.from} << 32U) | d.to;
    auto [it, fresh] = at.emplace(key, out.size());
    if (fresh) out.push_back({d.from, d.to, static_cast<Index>(i), 0});
    out[it->second].weight += d.weight;
  }
  return out;
}

/// Whether a figure breaks a bound: beyond it by more than same_weight's
/// tolerance, so that a share computed as 9/10 meets "min": 0.9.
bool below(double value, double bound) { return value < bound && !same_weight(value, bound); }
bool above(double value, double bound) { return value > bound && !same_weight(value, bound); }

/// One structure, with what the rules ask of it computed once.
class StructureCheck {
 public:
  StructureCheck(const Model& model, Index s)
      : model_(model), index_(s), s_(model.structures[s]), tree_(s_) {}

  RuleOutcome run(const Rule& rule, const std::vector<Link>& links) {
    RuleOutcome out;
    out.structure = index_;
    switch (rule.type) {
      case RuleType::kDomainBranches:
        domain_branches(rule, out);
        break;
      case RuleType::kDomainOwner:
        domain_owner(rule, out);
        break;
      case RuleType::kTowerCoverage:
      case RuleType::kTowerInternalShare:
        towers(rule, links, out);
        break;
      case RuleType::kEscalation:
        escalation(rule, links, out);
        break;
      case RuleType::kForbidden:
        forbidden(rule, links, out);
        break;
      case RuleType::kIndependent:
        independent(rule, links, out);
        break;
      case RuleType::kSpan:
        span(rule, out);
        break;
      case RuleType::kDepth:
        depth(rule, out);
        break;
      case RuleType::kUnitSize:
        unit_size(rule, out);
        break;
      case RuleType::kMetric:
        metric(rule, out);
        break;
      case RuleType::kMisplaced:
        misplaced(rule, out);
        break;
    }
    // One violation per culprit: a function outside two towers that should
    // cover it is one culprit (named with the first domain), which stays
    // until it is inside both.
    std::stable_sort(out.violations.begin(), out.violations.end(),
                     [](const Violation& a, const Violation& b) { return a.key < b.key; });
    out.violations.erase(std::unique(out.violations.begin(), out.violations.end(),
                                     [](const Violation& a, const Violation& b) {
                                       return a.key == b.key;
                                     }),
                         out.violations.end());
    return out;
  }

 private:
  bool present(Index u) const { return u != kNone && u < s_.present.size() && s_.present[u]; }

  /// The present functions of domain `d`, in function order (all domains'
  /// lists made in one pass, the first time one is asked for).
  const std::vector<Index>& domain_functions(Index d) {
    if (by_domain_.empty()) {
      by_domain_.resize(model_.domains.size());
      for (Index f = 0; f < model_.functions.size(); ++f) {
        if (s_.assign[f] == kNone) continue;
        for (Index k : model_.functions[f].domains) by_domain_[k].push_back(f);
      }
    }
    return by_domain_[d];
  }

  Violation function_violation(Index f, Index d, double value) const {
    Violation v;
    v.kind = CulpritKind::kFunction;
    v.function = f;
    v.unit = s_.assign[f];
    v.domain = d;
    v.value = value;
    v.key = "function:" + model_.functions[f].id;
    return v;
  }

  Violation link_violation(const Link& l, double value) const {
    Violation v;
    v.kind = CulpritKind::kDependency;
    v.dependency = l.first;
    v.unit = tree_.lca(s_.assign[l.from], s_.assign[l.to]);
    v.weight = l.weight;
    v.value = value;
    v.key = "dependency:" + model_.functions[l.from].id + "->" + model_.functions[l.to].id;
    return v;
  }

  Violation unit_violation(Index u, double value) const {
    Violation v;
    v.kind = CulpritKind::kUnit;
    v.unit = u;
    v.value = value;
    v.key = "unit:" + model_.unit_ids[u];
    return v;
  }

  /// The links between two present functions of domain `d` (all domains'
  /// lists made in one pass, the first time one is asked for).
  const std::vector<const Link*>& domain_links(Index d, const std::vector<Link>& links) {
    if (links_by_domain_.empty()) {
      links_by_domain_.resize(model_.domains.size());
      for (const Link& l : links) {
        if (!both_present(l)) continue;
        const auto& a = model_.functions[l.from].domains;
        const auto& b = model_.functions[l.to].domains;
        for (Index k : a) {
          if (std::find(b.begin(), b.end(), k) != b.end()) links_by_domain_[k].push_back(&l);
        }
      }
    }
    return links_by_domain_[d];
  }

  bool both_present(const Link& l) const {
    return s_.assign[l.from] != kNone && s_.assign[l.to] != kNone;
  }

  const std::vector<Index>& aggregation(std::optional<int> level) {
    const int key = level.value_or(-1);
    auto it = aggregations_.find(key);
    if (it == aggregations_.end()) it = aggregations_.emplace(key, tree_.aggregation(level)).first;
    return it->second;
  }

  void domain_branches(const Rule& rule, RuleOutcome& out) {
    const std::vector<Index>& fs = domain_functions(rule.domain);
    const std::vector<Index>& agg = aggregation(rule.level);
    const auto group = [&](Index f) {
      const Index u = s_.assign[f];
      return rule.level ? agg[u] : tree_.branch(u);
    };
    std::map<Index, std::size_t> count;
    for (Index f : fs) ++count[group(f)];
    out.figure = static_cast<double>(count.size());
    const auto max = static_cast<std::size_t>(rule.max.value_or(1));
    if (count.size() <= max) return;
    // Keep the `max` groups that hold the most functions (ties: the smaller
    // unit id); the functions elsewhere are the ones to move.
    std::vector<std::pair<Index, std::size_t>> groups(count.begin(), count.end());
    std::sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) {
      if (a.second != b.second) return a.second > b.second;
      return model_.unit_ids[a.first] < model_.unit_ids[b.first];
    });
    std::set<Index> kept;
    for (std::size_t k = 0; k < max; ++k) kept.insert(groups[k].first);
    for (Index f : fs) {
      if (!kept.contains(group(f))) {
        out.violations.push_back(function_violation(f, rule.domain, *out.figure));
      }
    }
  }

  void domain_owner(const Rule& rule, RuleOutcome& out) {
    const bool there = present(rule.unit);
    std::size_t outside = 0;
    for (Index f : domain_functions(rule.domain)) {
      if (there && tree_.in_subtree(s_.assign[f], rule.unit)) continue;
      ++outside;
      out.violations.push_back(function_violation(f, rule.domain, 0));
    }
    for (Violation& v : out.violations) v.value = static_cast<double>(outside);
    out.figure = static_cast<double>(outside);
  }

  void towers(const Rule& rule, const std::vector<Link>& links, RuleOutcome& out) {
    const bool coverage = rule.type == RuleType::kTowerCoverage;
    std::vector<Index> domains;
    if (rule.domain != kNone) {
      domains.push_back(rule.domain);
    } else {
      for (Index d = 0; d < model_.domains.size(); ++d) {
        if (s_.control_tower[d] != kNone) domains.push_back(d);
      }
    }
    for (Index d : domains) {
      const std::vector<Index>& fs = domain_functions(d);
      if (fs.empty()) continue;
      const Index tower = s_.control_tower[d];
      if (tower == kNone) {
        Violation v;
        v.kind = CulpritKind::kDomain;
        v.domain = d;
        v.key = "domain:" + model_.domains[d].id;
        out.violations.push_back(std::move(v));
        continue;
      }
      const auto inside = [&](Index f) { return tree_.in_subtree(s_.assign[f], tower); };
      if (coverage) {
        const auto in = static_cast<double>(std::count_if(fs.begin(), fs.end(), inside));
        const double share = in / static_cast<double>(fs.size());
        if (rule.domain != kNone) out.figure = share;
        if (!below(share, *rule.min)) continue;
        for (Index f : fs) {
          if (!inside(f)) out.violations.push_back(function_violation(f, d, share));
        }
      } else {
        double total = 0;
        double internal = 0;
        std::vector<const Link*> crossing;
        for (const Link* lp : domain_links(d, links)) {
          const Link& l = *lp;
          total += l.weight;
          if (inside(l.from) && inside(l.to)) {
            internal += l.weight;
          } else {
            crossing.push_back(&l);
          }
        }
        const double share = total > 0 ? internal / total : 0;
        if (rule.domain != kNone) out.figure = share;
        if (!below(share, *rule.min)) continue;
        for (const Link* l : crossing) {
          Violation v = link_violation(*l, share);
          v.domain = d;
          out.violations.push_back(std::move(v));
        }
      }
    }
  }

  void escalation(const Rule& rule, const std::vector<Link>& links, RuleOutcome& out) {
    for (const Link& l : links) {
      if (!both_present(l) || below(l.weight, rule.min_weight)) continue;
      const Index meet = tree_.lca(s_.assign[l.from], s_.assign[l.to]);
      const Index depth = tree_.depth(meet);
      if (static_cast<int>(depth) < rule.min_depth) {
        out.violations.push_back(link_violation(l, depth));
      }
    }
  }

  void forbidden(const Rule& rule, const std::vector<Link>& links, RuleOutcome& out) {
    if (!present(rule.unit) || !present(rule.other)) return;
    // Three regions: only under `from`, only under `to`, under both (when
    // one lies inside the other). A dependency between two regions crosses.
    const auto region = [&](Index f) {
      const Index u = s_.assign[f];
      const bool a = tree_.in_subtree(u, rule.unit);
      const bool b = tree_.in_subtree(u, rule.other);
      return (a ? 1 : 0) | (b ? 2 : 0);
    };
    for (const Link& l : links) {
      if (!both_present(l)) continue;
      const int x = region(l.from);
      const int y = region(l.to);
      if (x != 0 && y != 0 && x != y) out.violations.push_back(link_violation(l, 0));
    }
  }

  void independent(const Rule& rule, const std::vector<Link>& links, RuleOutcome& out) {
    // Each unit's nearest listed ancestor (itself included), parents first.
    std::vector<Index> listed(s_.parent.size(), kNone);
    for (Index u : tree_.preorder()) {
      if (std::find(rule.units.begin(), rule.units.end(), u) != rule.units.end()) {
        listed[u] = u;
      } else if (tree_.parent(u) != kNone) {
        listed[u] = listed[tree_.parent(u)];
      }
    }
    for (const Link& l : links) {
      if (!both_present(l)) continue;
      const Index a = listed[s_.assign[l.from]];
      const Index b = listed[s_.assign[l.to]];
      if (a != kNone && b != kNone && a != b) out.violations.push_back(link_violation(l, 0));
    }
  }

  bool of_kind(const Rule& rule, Index u) const {
    return rule.kind.empty() || s_.info[u].kind == rule.kind;
  }

  void span(const Rule& rule, RuleOutcome& out) {
    std::vector<std::size_t> children(s_.parent.size(), 0);
    for (Index u : s_.order) {
      if (tree_.parent(u) != kNone) ++children[tree_.parent(u)];
    }
    for (Index u : s_.order) {
      if (of_kind(rule, u) && above(static_cast<double>(children[u]), *rule.max)) {
        out.violations.push_back(unit_violation(u, static_cast<double>(children[u])));
      }
    }
  }

  void depth(const Rule& rule, RuleOutcome& out) {
    for (Index u : s_.order) {
      const auto d = static_cast<double>(tree_.depth(u));
      if (above(d, *rule.max)) out.violations.push_back(unit_violation(u, d));
    }
  }

  void unit_size(const Rule& rule, RuleOutcome& out) {
    const std::vector<Index>& agg = aggregation(rule.level);
    std::vector<std::size_t> count(s_.parent.size(), 0);
    for (Index f = 0; f < s_.assign.size(); ++f) {
      if (s_.assign[f] != kNone) ++count[agg[s_.assign[f]]];
    }
    for (Index u : s_.order) {
      if (rule.level && static_cast<int>(tree_.depth(u)) > *rule.level) continue;
      const bool considered = rule.kind.empty() ? count[u] > 0 : s_.info[u].kind == rule.kind;
      if (!considered) continue;
      const auto n = static_cast<double>(count[u]);
      if ((rule.min && below(n, *rule.min)) || (rule.max && above(n, *rule.max))) {
        out.violations.push_back(unit_violation(u, n));
      }
    }
  }

  const StructureMetrics& metrics(std::optional<int> level) {
    const int key = level.value_or(-1);
    auto it = metrics_.find(key);
    if (it == metrics_.end()) {
      MetricsOptions options;
      options.betweenness = false;
      options.work_grouping = false;  // no rule reads it
      options.threads = 1;
      it = metrics_.emplace(key, structure_metrics(model_, index_, level, options)).first;
    }
    return it->second;
  }

  void metric(const Rule& rule, RuleOutcome& out) {
    const StructureMetrics& m = metrics(rule.level);
    const WholeMetrics& w = m.whole;
    const ShapeMetrics& sh = m.shape;
    const std::map<std::string_view, double> values{
        {"functions", static_cast<double>(w.functions)},
        {"dependencies", static_cast<double>(w.dependencies)},
        {"total_weight", w.total_weight},
        {"cross_unit_share", w.cross_unit_share},
        {"modularity", w.modularity},
        {"coordination_distance_mean", w.coordination_distance_mean},
        {"top_level_share", w.top_level_share},
        {"escalation_depth_mean", w.escalation_depth_mean},
        {"alignment_nmi", w.alignment_nmi},
        {"units", static_cast<double>(sh.units)},
        {"owning_units", static_cast<double>(sh.owning_units)},
        {"depth", static_cast<double>(sh.depth)},
        {"span_mean", sh.span_mean},
        {"span_max", static_cast<double>(sh.span_max)}};
    Violation v;
    v.kind = CulpritKind::kStructure;
    v.key = "metric:" + rule.metric;
    std::optional<double> value;
    if (rule.metric == "headcount") {
      value = sh.headcount;
    } else if (auto it = values.find(rule.metric); it != values.end()) {
      value = it->second;
    }
    out.figure = value;
    if (!value) {  // a headcount that no unit gives cannot meet a bound
      out.violations.push_back(std::move(v));
      return;
    }
    if ((rule.min && below(*value, *rule.min)) || (rule.max && above(*value, *rule.max))) {
      v.value = *value;
      out.violations.push_back(std::move(v));
    }
  }

  void misplaced(const Rule& rule, RuleOutcome& out) {
    const std::vector<Index> owner = owners_at(s_, aggregation(rule.level));
    const std::vector<MisplacedFunction> list = misplaced_functions(model_, owner);
    const auto n = static_cast<double>(list.size());
    out.figure = n;
    if (!above(n, rule.max.value_or(0))) return;
    for (const MisplacedFunction& m : list) {
      Violation v = function_violation(m.function, kNone, n);
      v.other = m.better_unit;
      out.violations.push_back(std::move(v));
    }
  }

  const Model& model_;
  Index index_;
  const Resolved& s_;
  UnitTree tree_;
  std::vector<std::vector<Index>> by_domain_;
  std::vector<std::vector<const Link*>> links_by_domain_;
  std::map<int, std::vector<Index>> aggregations_;
  std::map<int, StructureMetrics> metrics_;
};

}  // namespace

std::size_t RuleOutcome::new_violations() const {
  return static_cast<std::size_t>(std::count_if(violations.begin(), violations.end(),
                                                [](const Violation& v) { return !v.known; }));
}

std::size_t CheckResult::failing(const RuleSet& rules) const {
  std::size_t n = 0;
  for (const RuleOutcome& o : outcomes) {
    if (rules.rules[o.rule].severity == RuleSeverity::kError) n += o.new_violations();
  }
  return n;
}

CheckResult check_rules(const Model& model, const RuleSet& rules,
                        const std::vector<Index>& structures,
                        const std::vector<KnownViolation>* known) {
  // In model order, each once, whatever order they were asked in.
  std::vector<Index> checked = structures;
  if (checked.empty()) {
    for (Index s = 0; s < model.structures.size(); ++s) checked.push_back(s);
  }
  std::sort(checked.begin(), checked.end());
  checked.erase(std::unique(checked.begin(), checked.end()), checked.end());
  const std::vector<Link> links = links_of(model);
  std::vector<StructureCheck> by_structure;
  by_structure.reserve(checked.size());
  for (Index s : checked) by_structure.emplace_back(model, s);

  CheckResult result;
  result.with_known = known != nullptr;
  const std::set<KnownViolation> listed =
      known != nullptr ? std::set<KnownViolation>(known->begin(), known->end())
                       : std::set<KnownViolation>{};
  std::set<KnownViolation> found;
  for (std::size_t r = 0; r < rules.rules.size(); ++r) {
    const Rule& rule = rules.rules[r];
    for (StructureCheck& check : by_structure) {
      RuleOutcome o = check.run(rule, links);
      o.rule = r;
      const std::string& sid = model.structures[o.structure].id;
      for (Violation& v : o.violations) {
        KnownViolation k{rule.id, sid, v.key};
        v.known = listed.contains(k);
        if (v.known) found.insert(std::move(k));
      }
      result.outcomes.push_back(std::move(o));
    }
  }
  // Stale: listed, not found, and about a rule and a structure that were
  // both checked, or about a rule or a structure that is gone.
  std::set<std::string> rule_ids;
  for (const Rule& rule : rules.rules) rule_ids.insert(rule.id);
  std::set<std::string> checked_ids;
  for (Index s : checked) checked_ids.insert(model.structures[s].id);
  for (const KnownViolation& k : listed) {
    if (found.contains(k)) continue;
    const bool gone = !rule_ids.contains(k.rule) || !model.find_structure(k.structure);
    if (gone || checked_ids.contains(k.structure)) result.stale.push_back(k);
  }
  return result;
}

std::vector<KnownViolation> updated_known(const Model& model, const RuleSet& rules,
                                          const CheckResult& result,
                                          const std::vector<KnownViolation>& known,
                                          bool accept_new) {
  std::set<KnownViolation> out(known.begin(), known.end());
  for (const KnownViolation& k : result.stale) out.erase(k);
  if (accept_new) {
    for (const RuleOutcome& o : result.outcomes) {
      for (const Violation& v : o.violations) {
        out.insert({rules.rules[o.rule].id, model.structures[o.structure].id, v.key});
      }
    }
  }
  return {out.begin(), out.end()};
}

std::string known_text(const std::vector<KnownViolation>& known) {
  std::vector<KnownViolation> sorted = known;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::string out =
      "{\n  \"format\": " + nlohmann::json(kKnownFormat).dump() + ",\n  \"violations\": [";
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const KnownViolation& k = sorted[i];
    out += i == 0 ? "\n" : ",\n";
    out += "    {\"rule\": " + nlohmann::json(k.rule).dump() +
           ", \"structure\": " + nlohmann::json(k.structure).dump() +
           ", \"culprit\": " + nlohmann::json(k.culprit).dump() + "}";
  }
  out += sorted.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace policygraph
