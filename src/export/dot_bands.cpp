#include <algorithm>
#include <cmath>

#include "dot_detail.hpp"

namespace policygraph::dot_detail {

namespace {

constexpr std::size_t kStack = 5;  // functions in one column of a unit
// Sizes measured on rendered pictures (11 pt labels wrapped at 24 columns).
constexpr double kColumnWidth = 2.1;  // inches: a function node, gaps and cluster margins
constexpr double kRankHeight = 0.8;   // inches: a rank of nodes and the gap below it
// Aimed below 16:9: long dependency edges route around the boxes and widen
// the picture beyond the estimate.
constexpr double kAspect = 1.4;

/// An item placed in a row: a column of the unit's own functions, or a
/// child unit with its own rows. Sizes in columns and ranks.
struct Item {
  Index column = kNone;  ///< index into Bands::columns[u], or kNone for a child
  Index child = kNone;
  std::size_t width = 1;
  std::size_t height = 1;
};

class Planner {
 public:
  Planner(const Layout& layout, const std::vector<std::uint8_t>& drawn,
          const std::vector<std::vector<Index>>& owned)
      : layout_(layout), drawn_(drawn), owned_(owned) {}

  /// The units' rows when no row may be wider than `limit` columns (an item
  /// wider than that gets a row of its own); returns the root's width and
  /// height.
  std::pair<std::size_t, std::size_t> plan(std::size_t limit,
                                           const std::vector<std::vector<std::vector<Index>>>& columns_of,
                                           std::vector<std::vector<BandRow>>& rows_of) const {
    const UnitTree& tree = layout_.tree;
    rows_of.assign(owned_.size(), {});
    std::vector<std::size_t> width(owned_.size(), 0);
    std::vector<std::size_t> height(owned_.size(), 0);
    // Children before parents: reverse preorder.
    const auto& pre = tree.preorder();
    std::vector<std::vector<Index>> children(owned_.size());
    for (Index u : pre) {
      if (drawn_[u] != 0U && tree.parent(u) != kNone) children[tree.parent(u)].push_back(u);
    }
    for (auto it = pre.rbegin(); it != pre.rend(); ++it) {
      const Index u = *it;
      if (drawn_[u] == 0U) continue;
      std::vector<Item> items;
      const auto& columns = columns_of[u];
      for (Index c = 0; c < columns.size(); ++c) items.push_back({c, kNone, 1, columns[c].size()});
      if (drawn_[u] == 1U) items.push_back({kNone, kNone, 1, 1});  // the placeholder
      for (Index v : children[u]) items.push_back({kNone, v, width[v], height[v]});
      std::vector<BandRow>& rows = rows_of[u];
      std::size_t used = 0;
      for (const Item& item : items) {
        if (rows.empty() || (used > 0 && used + item.width > limit)) {
          rows.emplace_back();
          used = 0;
        }
        BandRow& row = rows.back();
        if (item.child != kNone) {
          row.children.push_back(item.child);
        } else if (item.column != kNone) {
          row.columns.push_back(item.column);
        }
        row.height = std::max<Index>(row.height, static_cast<Index>(item.height));
        used += item.width;
        width[u] = std::max(width[u], used);
      }
      // Each row: one rank for its anchor (and the labels of clusters
      // starting there), then its tallest item.
      for (const BandRow& row : rows) height[u] += row.height + 1;
    }
    const Index root = tree.root();
    return {width[root], height[root]};
  }

 private:
  const Layout& layout_;
  const std::vector<std::uint8_t>& drawn_;
  const std::vector<std::vector<Index>>& owned_;
};

}  // namespace

Bands plan_bands(const Layout& layout, const std::vector<std::uint8_t>& drawn,
                 const std::vector<std::vector<Index>>& owned) {
  Bands plan;
  plan.columns.resize(owned.size());
  std::size_t total = 0;
  for (Index u : layout.tree.preorder()) {
    if (drawn[u] == 0U) continue;
    const std::vector<Index>& own = owned[u];
    for (std::size_t i = 0; i < own.size(); i += kStack) {
      plan.columns[u].emplace_back(
          own.begin() + static_cast<std::ptrdiff_t>(i),
          own.begin() + static_cast<std::ptrdiff_t>(std::min(own.size(), i + kStack)));
      ++total;
    }
    if (drawn[u] == 1U) ++total;
  }
  if (layout.tree.root() == kNone || drawn[layout.tree.root()] == 0U) return plan;
  // Keep the row limit whose picture is closest to 16:9 (in log ratio), the
  // widest limit on a tie. Each trial costs a pass over the units and
  // columns, so every limit is tried only up to kEveryLimit columns; above,
  // limits 2% apart, then every limit around the best of those (trying all
  // 60,000 limits of 200,000 functions took minutes).
  const Planner planner(layout, drawn, owned);
  std::size_t best_limit = total;
  double best_misfit = 0;
  std::vector<std::vector<BandRow>> trial;
  const auto consider = [&](std::size_t limit) {
    const auto [w, h] = planner.plan(limit, plan.columns, trial);
    const double ratio = (static_cast<double>(w) * kColumnWidth) /
                         (static_cast<double>(h) * kRankHeight);
    const double misfit = std::abs(std::log(ratio / kAspect));
    if (limit == total || misfit < best_misfit ||
        (misfit == best_misfit && limit > best_limit)) {
      best_misfit = misfit;
      best_limit = limit;
    }
  };
  constexpr std::size_t kEveryLimit = 2000;
  if (total <= kEveryLimit) {
    for (std::size_t limit = total; limit >= 1; --limit) consider(limit);
  } else {
    for (std::size_t limit = total; limit >= 1; limit = limit * 50 / 51) consider(limit);
    const std::size_t low = std::max<std::size_t>(1, best_limit * 50 / 51);
    const std::size_t high = std::min(total, best_limit * 51 / 50 + 1);
    for (std::size_t limit = high; limit >= low; --limit) consider(limit);
  }
  (void)planner.plan(best_limit, plan.columns, plan.rows);
  return plan;
}

}  // namespace policygraph::dot_detail
