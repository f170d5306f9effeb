#include <policygraph/analysis/diff.hpp>

#include <policygraph/analysis/compare.hpp>

namespace policygraph {

bool StructureDiff::empty() const {
  return units_added.empty() && units_removed.empty() && units_moved.empty() &&
         units_changed.empty() && functions_moved.empty() && functions_added.empty() &&
         functions_dropped.empty() && towers_changed.empty();
}

namespace {

void compare_info(Index u, const UnitInfo& a, const UnitInfo& b, std::vector<UnitChange>& out) {
  if (a.labels.label != b.labels.label) out.push_back({u, "label", a.labels.label, b.labels.label});
  for (const auto& [lang, text] : b.labels.by_lang) {
    auto it = a.labels.by_lang.find(lang);
    const std::string old = it == a.labels.by_lang.end() ? std::string() : it->second;
    if (old != text) out.push_back({u, "labels." + lang, old, text});
  }
  for (const auto& [lang, text] : a.labels.by_lang) {
    if (!b.labels.by_lang.contains(lang)) out.push_back({u, "labels." + lang, text, std::string()});
  }
  if (a.kind != b.kind) out.push_back({u, "kind", a.kind, b.kind});
  if (a.headcount != b.headcount) out.push_back({u, "headcount", a.headcount, b.headcount});
  if (a.autonomous != b.autonomous) out.push_back({u, "autonomous", a.autonomous, b.autonomous});
}

/// The present units of `s` depth first from the root, siblings in id order.
std::vector<Index> tree_order(const Model& model, const Resolved& s) {
  std::vector<std::vector<Index>> children(s.parent.size());
  for (Index u : model.units_by_id()) {
    if (u < s.present.size() && s.present[u] && s.parent[u] != kNone) children[s.parent[u]].push_back(u);
  }
  std::vector<Index> out;
  if (s.root == kNone) return out;
  std::vector<Index> stack{s.root};
  while (!stack.empty()) {
    const Index u = stack.back();
    stack.pop_back();
    out.push_back(u);
    stack.insert(stack.end(), children[u].rbegin(), children[u].rend());
  }
  return out;
}

}  // namespace

StructureDiff diff_structures(const Model& model, Index from, Index to) {
  const Resolved& a = model.structures[from];
  const Resolved& b = model.structures[to];
  StructureDiff d;
  d.from = from;
  d.to = to;
  // Units in tree order (parents first, siblings by id): it reads top-down
  // and does not depend on the order in which the model lists units.
  for (Index u : tree_order(model, b)) {
    if (u >= a.present.size() || !a.present[u]) {
      d.units_added.push_back(u);
      continue;
    }
    if (a.parent[u] != b.parent[u]) d.units_moved.push_back({u, a.parent[u], b.parent[u]});
    compare_info(u, a.info[u], b.info[u], d.units_changed);
  }
  for (Index u : tree_order(model, a)) {
    if (u >= b.present.size() || !b.present[u]) d.units_removed.push_back(u);
  }
  const Succession successors = succession(model, from, to, std::nullopt);
  for (Index f = 0; f < model.functions.size(); ++f) {
    const Index x = a.assign[f];
    const Index y = b.assign[f];
    if (x == y) continue;
    if (x == kNone) {
      d.functions_added.push_back({f, x, y});
    } else if (y == kNone) {
      d.functions_dropped.push_back({f, x, y});
    } else {
      d.functions_moved.push_back({f, x, y, successors.follows(x, y)});
    }
  }
  for (Index k = 0; k < model.domains.size(); ++k) {
    if (a.control_tower[k] != b.control_tower[k]) {
      d.towers_changed.push_back({k, a.control_tower[k], b.control_tower[k]});
    }
  }
  return d;
}

}  // namespace policygraph
