// The dependency structure matrix: rows in tree order, cells, blocks.
#include <policygraph/metrics/dsm.hpp>

#include <algorithm>

#include <policygraph/metrics/tree.hpp>

namespace policygraph {
namespace {

/// Per unit: 1 when it or a unit below it owns a present function (owners
/// being a_L, only units of depth <= L are marked).
std::vector<std::uint8_t> holding_units(const Resolved& s, const UnitTree& tree,
                                        const std::vector<Index>& owner) {
  std::vector<std::uint8_t> holds(s.parent.size(), 0);
  for (Index u : owner) {
    for (Index x = u; x != kNone && holds[x] == 0; x = tree.parent(x)) holds[x] = 1;
  }
  return holds;
}

/// The units of the matrix: holding units of depth <= level, in preorder.
std::vector<Index> matrix_units(const Resolved& s, const UnitTree& tree, std::optional<int> level) {
  const std::vector<Index> owner = owners_at(s, tree.aggregation(level));
  std::vector<Index> present;
  present.reserve(owner.size());
  for (Index u : owner) {
    if (u != kNone) present.push_back(u);
  }
  const std::vector<std::uint8_t> holds = holding_units(s, tree, present);
  std::vector<Index> units;
  for (Index u : tree.preorder()) {
    if (holds[u] != 0 && (!level || tree.depth(u) <= Index(*level))) units.push_back(u);
  }
  return units;
}

struct Entry {
  std::size_t row = 0, column = 0;
  double weight = 0, internalised = 0, externalised = 0;
};

}  // namespace

Dsm dependency_matrix(const Model& model, Index s_index, std::optional<int> level, DsmItems items,
                      std::optional<Index> against) {
  const Resolved& s = model.structures[s_index];
  const UnitTree tree(s);
  const std::vector<Index> owner = owners_at(s, tree.aggregation(level));
  Dsm m;
  m.structure = s_index;
  m.level = level;
  m.items = items;
  m.against = against.value_or(kNone);

  // Rows and blocks, in preorder of the units; a stack of the blocks still
  // open (the ancestors of the unit being placed) closes each block when
  // the walk leaves its subtree.
  const std::vector<Index> units = matrix_units(s, tree, level);
  std::vector<std::vector<Index>> owned(items == DsmItems::kFunctions ? s.parent.size() : 0);
  for (Index f = 0; f < owner.size() && items == DsmItems::kFunctions; ++f) {
    if (owner[f] != kNone) owned[owner[f]].push_back(f);
  }
  std::vector<Index> block_of(s.parent.size(), kNone);
  std::vector<std::size_t> unit_row(s.parent.size(), 0);  // units matrix: the unit's row
  std::vector<std::size_t> open;
  for (Index u : units) {
    while (!open.empty() && !tree.in_subtree(u, m.blocks[open.back()].unit)) {
      m.blocks[open.back()].end = m.rows.size();
      open.pop_back();
    }
    DsmBlock b;
    b.unit = u;
    b.depth = tree.depth(u);
    b.first = m.rows.size();
    if (items == DsmItems::kUnits) {
      unit_row[u] = m.rows.size();
      m.rows.push_back({u, u, b.depth});
    } else {
      for (Index f : owned[u]) m.rows.push_back({f, u, b.depth});
    }
    b.own_end = m.rows.size();
    block_of[u] = Index(m.blocks.size());
    open.push_back(m.blocks.size());
    m.blocks.push_back(b);
  }
  for (std::size_t b : open) m.blocks[b].end = m.rows.size();

  std::vector<std::size_t> function_row(model.functions.size(), 0);
  if (items == DsmItems::kFunctions) {
    for (std::size_t r = 0; r < m.rows.size(); ++r) function_row[m.rows[r].item] = r;
  }
  const auto row_of = [&](Index f) {
    return items == DsmItems::kUnits ? unit_row[owner[f]] : function_row[f];
  };

  // The other structure's owners at the same level, for the marks.
  std::vector<Index> other_owner;
  if (against) {
    const Resolved& t = model.structures[*against];
    other_owner = owners_at(t, UnitTree(t).aggregation(level));
  }

  // One entry per dependency between present functions, sorted by cell
  // (stable: each cell sums in the order the dependencies are written).
  std::vector<Entry> entries;
  entries.reserve(model.dependencies.size());
  for (const Dependency& d : model.dependencies) {
    if (owner[d.from] == kNone || owner[d.to] == kNone) continue;
    Entry e{row_of(d.from), row_of(d.to), d.weight, 0, 0};
    if (!other_owner.empty() && other_owner[d.from] != kNone && other_owner[d.to] != kNone) {
      const bool inside_there = other_owner[d.from] == other_owner[d.to];
      const bool inside_here = owner[d.from] == owner[d.to];
      if (!inside_there && inside_here) e.internalised = d.weight;
      if (inside_there && !inside_here) e.externalised = d.weight;
    }
    entries.push_back(e);
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.row != b.row ? a.row < b.row : a.column < b.column;
  });
  for (const Entry& e : entries) {
    if (m.cells.empty() || m.cells.back().row != e.row || m.cells.back().column != e.column) {
      m.cells.push_back({e.row, e.column, 0, 0, 0});
    }
    DsmCell& c = m.cells.back();
    c.weight += e.weight;
    c.internalised += e.internalised;
    c.externalised += e.externalised;
  }

  // Sums over the cells: the total, each block (every unit from the lowest
  // common ancestor of the two rows' units up to the root holds the cell)
  // and what lies off the blocks when the tree is cut at each depth.
  Index deepest = 0;
  for (const DsmRow& r : m.rows) deepest = std::max(deepest, r.depth);
  m.off_block.assign(m.rows.empty() ? 0 : std::size_t{deepest} + 1, 0.0);
  for (const DsmCell& c : m.cells) {
    m.total_weight += c.weight;
    m.internalised += c.internalised;
    m.externalised += c.externalised;
    const Index a = m.rows[c.row].unit;
    const Index b = m.rows[c.column].unit;
    const Index meet = tree.lca(a, b);
    for (Index x = meet; x != kNone; x = tree.parent(x)) m.blocks[block_of[x]].weight += c.weight;
    // Cut at depth d, the two ends lie in different units exactly when the
    // units differ and meet above d.
    if (a != b) {
      for (std::size_t d = std::size_t{tree.depth(meet)} + 1; d < m.off_block.size(); ++d) {
        m.off_block[d] += c.weight;
      }
    }
  }
  return m;
}

std::optional<int> dsm_fold_level(const Model& model, const std::vector<Index>& structures,
                                  std::size_t max_rows) {
  // rows[d]: the most units of depth <= d any structure's matrix has.
  std::vector<std::size_t> rows;
  for (Index si : structures) {
    const Resolved& s = model.structures[si];
    const UnitTree tree(s);
    std::vector<std::size_t> at_depth;
    for (Index u : matrix_units(s, tree, std::nullopt)) {
      if (at_depth.size() <= tree.depth(u)) at_depth.resize(std::size_t{tree.depth(u)} + 1, 0);
      ++at_depth[tree.depth(u)];
    }
    if (at_depth.empty()) continue;
    for (std::size_t d = 1; d < at_depth.size(); ++d) at_depth[d] += at_depth[d - 1];
    // Deeper than a structure's tree, its matrix stays as at its deepest.
    if (rows.size() < at_depth.size()) rows.resize(at_depth.size(), rows.empty() ? 0 : rows.back());
    for (std::size_t d = 0; d < rows.size(); ++d) {
      rows[d] = std::max(rows[d], at_depth[std::min(d, at_depth.size() - 1)]);
    }
  }
  if (rows.empty() || rows.back() <= max_rows) return std::nullopt;
  for (std::size_t d = rows.size() - 1; d >= 1; --d) {
    if (rows[d] <= max_rows) return int(d);
  }
  return 1;
}

}  // namespace policygraph
