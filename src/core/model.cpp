#include <policygraph/core/model.hpp>

#include <stdexcept>

#include <algorithm>
#include <numeric>

#include <policygraph/core/text.hpp>

namespace policygraph {

const std::string& LabelSet::pick(std::string_view lang, const std::string& fallback) const {
  if (!lang.empty()) {
    auto it = by_lang.find(std::string(lang));
    if (it != by_lang.end()) return it->second;
  }
  return label.empty() ? fallback : label;
}

void Resolved::finish() {
  const std::size_t n = parent.size();
  depth.assign(n, kNone);
  if (root == kNone) return;
  // Children in CSR form, then breadth-first from the root: iterative, so a
  // deep tree never deepens the call stack.
  std::vector<Index> first(n + 1, 0);
  for (std::size_t u = 0; u < n; ++u) {
    if (present[u] && parent[u] != kNone) ++first[parent[u] + 1];
  }
  for (std::size_t u = 0; u < n; ++u) first[u + 1] += first[u];
  std::vector<Index> children(first[n]);
  std::vector<Index> cursor(first.begin(), first.end() - 1);
  for (Index u : order) {
    if (parent[u] != kNone) children[cursor[parent[u]]++] = u;
  }
  std::vector<Index> queue{root};
  depth[root] = 0;
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const Index u = queue[head];
    for (Index i = first[u]; i < first[u + 1]; ++i) {
      depth[children[i]] = depth[u] + 1;
      queue.push_back(children[i]);
    }
  }
}

namespace {
std::optional<Index> find_in(const std::unordered_map<std::string, Index>& index,
                             std::string_view id) {
  auto it = index.find(std::string(id));
  if (it == index.end()) return std::nullopt;
  return it->second;
}
}  // namespace

std::optional<Index> Model::find_structure(std::string_view id) const {
  return find_in(structure_index, id);
}
std::vector<Index> Model::units_by_id() const {
  if (unit_order.size() == unit_ids.size()) return unit_order;
  std::vector<Index> order(unit_ids.size());
  std::iota(order.begin(), order.end(), Index{0});
  std::sort(order.begin(), order.end(), [&](Index a, Index b) { return unit_ids[a] < unit_ids[b]; });
  return order;
}

Index Model::add_structure(Resolved s) {
  if (s.id.empty()) throw std::invalid_argument("a structure needs an id");
  if (structure_index.contains(s.id)) {
    throw std::invalid_argument("structure id \"" + s.id + "\" is taken");
  }
  const auto index = static_cast<Index>(structures.size());
  s.fit(unit_ids.size());
  if (s.depth.size() != s.parent.size()) s.finish();
  structure_index.emplace(s.id, index);
  structures.push_back(std::move(s));
  return index;
}

Index Model::intern_unit(const std::string& id) {
  auto [it, inserted] = unit_index.emplace(id, static_cast<Index>(unit_ids.size()));
  if (inserted) {
    unit_ids.push_back(id);
    for (Resolved& s : structures) s.fit(unit_ids.size());
  }
  return it->second;
}

void Resolved::fit(std::size_t units) {
  if (parent.size() >= units) return;
  parent.resize(units, kNone);
  present.resize(units, 0);
  info.resize(units);
  if (!unit_placed.empty()) unit_placed.resize(units);
  if (!depth.empty()) depth.resize(units, kNone);
}

void Model::index_units() {
  unit_order.clear();
  unit_order = units_by_id();
}

std::optional<Index> Model::find_function(std::string_view id) const {
  return function_index.find(id);
}
std::optional<Index> Model::find_domain(std::string_view id) const {
  return find_in(domain_index, id);
}
std::optional<Index> Model::find_unit(std::string_view id) const { return find_in(unit_index, id); }

const std::string& Model::unit_name(const Resolved& s, Index unit, std::string_view lang) const {
  return s.info[unit].labels.pick(lang, unit_ids[unit]);
}

std::optional<Location> Model::function_placement(const Resolved& s, Index f) const {
  if (f >= s.function_placed.size()) return std::nullopt;
  const Placement& p = s.function_placed[f];
  if (p.source == kNone || p.source >= placement_sources.size()) return std::nullopt;
  const PlacementSource& from = placement_sources[p.source];
  if (from.kind == PlacementSource::Kind::kAssign) {
    if (!from.csv.empty()) return Location{from.csv, "", p.item};
    return Location{from.file, from.pointer + "/" + pointer_token(functions[f].id), 0};
  }
  return Location{from.file, from.pointer, 0};
}

std::optional<Location> Model::unit_placement(const Resolved& s, Index u) const {
  if (u >= s.unit_placed.size()) return std::nullopt;
  const Placement& p = s.unit_placed[u];
  if (p.source == kNone || p.source >= placement_sources.size()) return std::nullopt;
  const PlacementSource& from = placement_sources[p.source];
  if (from.kind == PlacementSource::Kind::kUnits) {
    return Location{from.file, from.pointer + "/" + std::to_string(p.item), 0};
  }
  return Location{from.file, from.pointer, 0};
}

std::string Model::unit_path(const Resolved& s, Index unit, std::string_view lang) const {
  std::vector<Index> chain;
  for (Index u = unit; u != kNone && chain.size() <= s.parent.size(); u = s.parent[u]) {
    chain.push_back(u);
  }
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!out.empty()) out += " > ";
    out += unit_name(s, *it, lang);
  }
  return out;
}

namespace {

const std::string& in_language(const std::map<std::string, std::string>& texts,
                               std::string_view lang, const std::string& fallback) {
  if (!lang.empty()) {
    const auto it = texts.find(std::string(lang));
    if (it != texts.end()) return it->second;
  }
  return fallback;
}

}  // namespace

const std::string& Model::title_in(std::string_view lang) const {
  return in_language(titles, lang, title);
}

const std::string& Model::description_in(std::string_view lang) const {
  return in_language(descriptions, lang, description);
}

}  // namespace policygraph
