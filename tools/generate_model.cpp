// policygraph-generate: writes a synthetic but plausible model (format
// policygraph/1) of any size, the same bytes for the same options and seed.
//
// The model is streamed: functions, units and the assignment live in compact
// arrays (about 15 bytes per function and 40 per unit), the dependencies are
// drawn and written one at a time and never held, so 1M functions with 10M
// dependencies take tens of megabytes.
//
// How it is made (see --help for the options):
//   1. a unit tree of the requested depth whose level sizes grow geometrically
//      (roughly even spans, each jittered by up to +-30%);
//   2. functions laid out in depth-first order of the tree, so that every
//      subtree owns a contiguous range of positions; listed (and numbered) in
//      a scrambled order, so ids do not reveal the tree;
//   3. dependencies drawn locally: same unit, then the parent's subtree, the
//      grandparent's ... and otherwise anywhere (biased to the same domain);
//   4. the first structure in full form, each next one in change form on the
//      previous: a new office consolidating one domain (add-unit, move-unit,
//      move-function, set-control-tower), merges of sibling teams,
//      update-unit, new functions (move-function of absent ones) and dropped
//      ones.
#include "generate_model.hpp"

#include <algorithm>
#include <array>
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

namespace policygraph::generate {
namespace {

namespace po = boost::program_options;
using Index = std::uint32_t;
constexpr Index kNone = UINT32_MAX;
constexpr std::uint16_t kNoDomain = UINT16_MAX;

struct Options {
  std::uint64_t functions = 10000;
  std::uint64_t dependencies = 100000;
  std::uint64_t units = 500;
  unsigned depth = 4;
  unsigned domains = 12;
  unsigned structures = 2;
  std::string form = "json";
  std::uint64_t seed = 1;
  std::filesystem::path folder;
};

/// Independent random streams, one per part of the model.
enum Stream : std::uint64_t { kTreeStream = 1, kFunctionStream, kDependencyStream, kChangeStream };

// Shares of the generated model; tuned by eye to look like a ministry.
constexpr double kRootOwned = 0.001;     ///< functions owned by the root
constexpr double kInnerOwned = 0.08;     ///< functions owned by non-leaf units (root aside)
constexpr double kHomePrimary = 0.7;     ///< primary domain = the unit's home domain
constexpr double kSecondDomain = 0.35;   ///< functions with a second domain
constexpr double kLate = 0.005;          ///< functions absent from the first structure
constexpr double kHubPick = 0.15;        ///< dependencies starting at a hub function
constexpr std::uint64_t kHubEvery = 50;  ///< every 50th position is a hub
constexpr std::array<double, 4> kLocality = {0.42, 0.64, 0.76, 0.84};  ///< up 0..3 levels
constexpr double kSameDomainFar = 0.6;  ///< far dependencies staying in the domain
constexpr double kConsolidated = 0.3;   ///< share of the target domain moved
constexpr double kDropped = 0.002;      ///< functions dropped per change structure
constexpr std::size_t kFunctionsPerMove = 100;

struct DomainName {
  std::string_view id, label;
};
constexpr std::array<DomainName, 12> kDomainNames = {{
    {"supply-chain", "Supply chain"},
    {"trade-security", "Trade, investment and security"},
    {"regulatory-reform", "Regulatory reform"},
    {"manufacturing-ax", "Manufacturing AX"},
    {"energy-transition", "Energy transition"},
    {"critical-minerals", "Critical minerals"},
    {"export-control", "Export control"},
    {"industrial-data", "Industrial data"},
    {"sme-support", "SME support"},
    {"investment-screening", "Investment screening"},
    {"carbon-neutrality", "Carbon neutrality"},
    {"semiconductors", "Semiconductors"},
}};
constexpr std::array<std::string_view, 6> kKinds = {"ministry", "office", "bureau",
                                                    "division", "team",   "section"};

std::size_t digits(std::uint64_t n) { return std::to_string(n).size(); }

std::string domain_id(unsigned k) {
  return k < kDomainNames.size() ? std::string(kDomainNames[k].id) : "domain-" + padded(k + 1, 2);
}
std::string domain_label(unsigned k) {
  return k < kDomainNames.size() ? std::string(kDomainNames[k].label)
                                 : "Policy area " + std::to_string(k + 1);
}

// ---------------------------------------------------------------------------
// The unit tree

/// Units numbered level by level (the root is 0); the children of a unit are
/// a contiguous run of the next level.
struct UnitTree {
  std::vector<Index> level_begin;  ///< units of depth d: [level_begin[d], level_begin[d + 1])
  std::vector<Index> parent;       ///< kNone for the root
  std::vector<Index> depth;
  std::vector<Index> first_child, child_count;
  std::vector<std::uint16_t> home_domain;  ///< the domain its functions mostly serve
  std::vector<std::uint16_t> headcount;    ///< leaves only; 0: not given
  // Functions (by position, see Layout): own ones, then the children's subtrees.
  std::vector<Index> own_begin, own_count, subtree_end;

  [[nodiscard]] std::size_t size() const { return parent.size(); }
  [[nodiscard]] std::string kind(Index u) const {
    return depth[u] < kKinds.size() ? std::string(kKinds[depth[u]])
                                    : "level" + std::to_string(depth[u]);
  }
  [[nodiscard]] std::string id(Index u) const {
    if (u == 0) return "ministry";
    const Index d = depth[u];
    return kind(u) + "-" +
           padded(u - level_begin[d] + 1, digits(level_begin[d + 1] - level_begin[d]));
  }
  [[nodiscard]] std::string label(Index u) const {
    if (u == 0) return "Ministry of Industry (synthetic)";
    std::string k = kind(u);
    k[0] = static_cast<char>(k[0] - 'a' + 'A');
    return k + " " + std::to_string(u - level_begin[depth[u]] + 1);
  }
};

/// Level sizes n_0 = 1, n_1, ..., n_depth summing to `units`, growing like
/// b^d for the b with 1 + b + ... + b^depth = units.
std::vector<Index> level_sizes(std::uint64_t units, unsigned depth) {
  auto series = [&](double b, unsigned upto) {
    double sum = 0;
    double term = 1;
    for (unsigned d = 0; d <= upto && sum <= static_cast<double>(units) * 2; ++d, term *= b) {
      sum += term;
    }
    return sum;
  };
  double lo = 1;
  double hi = static_cast<double>(units);
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    (series(mid, depth) < static_cast<double>(units) ? lo : hi) = mid;
  }
  std::vector<Index> sizes(depth + 1);
  std::uint64_t previous = 0;
  for (unsigned d = 0; d <= depth; ++d) {
    std::uint64_t cumulative = d == depth ? units : std::llround(series(lo, d));
    cumulative = std::clamp<std::uint64_t>(cumulative, previous + 1, units - (depth - d));
    sizes[d] = static_cast<Index>(cumulative - previous);
    previous = cumulative;
  }
  return sizes;
}

UnitTree build_tree(const Options& o, Random& rng) {
  UnitTree t;
  const std::vector<Index> sizes = level_sizes(o.units, o.depth);
  t.level_begin.push_back(0);
  for (const Index n : sizes) t.level_begin.push_back(t.level_begin.back() + n);
  const std::size_t n = o.units;
  t.parent.assign(n, kNone);
  t.depth.assign(n, 0);
  t.first_child.assign(n, 0);
  t.child_count.assign(n, 0);
  t.home_domain.assign(n, 0);
  t.headcount.assign(n, 0);
  for (unsigned d = 1; d <= o.depth; ++d) {
    // Split the C units of depth d among the P units of depth d - 1 at
    // jittered, even boundaries; every parent gets a child when C >= P.
    // Integer arithmetic only, so that no platform rounds differently.
    const std::uint64_t parents = sizes[d - 1];
    const std::uint64_t children = sizes[d];
    const std::uint64_t least = children >= parents ? 1 : 0;
    const std::uint64_t jitter = 3 * children / (10 * parents);  // 30% of a span
    std::uint64_t begin = 0;
    for (std::uint64_t j = 0; j < parents; ++j) {
      std::uint64_t end = children;
      if (j + 1 < parents) {
        // even +- jitter, computed as (even + [0, 2 jitter]) - jitter
        const std::uint64_t shifted = (j + 1) * children / parents + rng.below(2 * jitter + 1);
        end = shifted > jitter ? shifted - jitter : 0;
        end = std::clamp(end, begin + least, children - (parents - j - 1) * least);
      }
      const Index p = t.level_begin[d - 1] + static_cast<Index>(j);
      t.first_child[p] = t.level_begin[d] + static_cast<Index>(begin);
      t.child_count[p] = static_cast<Index>(end - begin);
      for (std::uint64_t c = begin; c < end; ++c) {
        const Index u = t.level_begin[d] + static_cast<Index>(c);
        t.parent[u] = p;
        t.depth[u] = d;
      }
      begin = end;
    }
  }
  for (Index u = 1; u < n; ++u) {
    if (t.depth[u] == 1) {
      t.home_domain[u] = static_cast<std::uint16_t>((u - 1) % o.domains);
    } else {
      t.home_domain[u] = rng.chance(0.75) ? t.home_domain[t.parent[u]]
                                          : static_cast<std::uint16_t>(rng.below(o.domains));
    }
    if (t.child_count[u] == 0) t.headcount[u] = static_cast<std::uint16_t>(4 + rng.below(25));
  }
  return t;
}

// ---------------------------------------------------------------------------
// Functions

/// Functions by *position*: depth-first order of the tree, so that a subtree
/// owns positions [own_begin, subtree_end). The function listed i-th (id
/// number i + 1) has position (a i + c) mod N.
struct Layout {
  std::uint64_t n = 0, a = 1, c = 0, a_inverse = 1;
  std::vector<Index> unit;                    ///< per position: owning unit in the first tree
  std::vector<std::uint16_t> primary;         ///< per position
  std::vector<std::uint16_t> secondary;       ///< per position, kNoDomain when none
  std::vector<std::uint8_t> wave;             ///< per position: 0, or the structure that adds it
  std::vector<std::vector<Index>> by_domain;  ///< positions per primary domain

  [[nodiscard]] std::uint64_t position(std::uint64_t listing) const {
    return (a * listing + c) % n;
  }
  [[nodiscard]] std::uint64_t listing(std::uint64_t position) const {
    return (a_inverse * ((position + n - c) % n)) % n;
  }
};

std::uint64_t inverse_mod(std::uint64_t a, std::uint64_t n) {
  std::int64_t t = 0;
  std::int64_t next_t = 1;
  auto r = static_cast<std::int64_t>(n);
  auto next_r = static_cast<std::int64_t>(a);
  while (next_r != 0) {
    const std::int64_t q = r / next_r;
    t = std::exchange(next_t, t - q * next_t);
    r = std::exchange(next_r, r - q * next_r);
  }
  return static_cast<std::uint64_t>(t < 0 ? t + static_cast<std::int64_t>(n) : t);
}

Layout build_layout(const Options& o, UnitTree& t, Random& rng) {
  // How many functions each unit owns: mostly leaves, some inner units.
  std::vector<Index> leaves;
  std::vector<Index> inner;
  for (Index u = 1; u < t.size(); ++u) (t.child_count[u] == 0 ? leaves : inner).push_back(u);
  t.own_count.assign(t.size(), 0);
  for (std::uint64_t i = 0; i < o.functions; ++i) {
    const double r = rng.real();
    Index u = 0;
    if (r >= kRootOwned) {
      const bool in_inner = r < kRootOwned + kInnerOwned && !inner.empty();
      const std::vector<Index>& pool = in_inner ? inner : leaves;
      u = pool[rng.below(pool.size())];
    }
    ++t.own_count[u];
  }
  // Depth-first positions; subtree ends bottom-up (children have larger numbers).
  t.own_begin.assign(t.size(), 0);
  t.subtree_end.assign(t.size(), 0);
  Index cursor = 0;
  std::vector<Index> stack = {0};
  while (!stack.empty()) {
    const Index u = stack.back();
    stack.pop_back();
    t.own_begin[u] = cursor;
    cursor += t.own_count[u];
    for (Index c = t.child_count[u]; c > 0; --c) stack.push_back(t.first_child[u] + c - 1);
  }
  for (Index u = static_cast<Index>(t.size()); u-- > 0;) {
    t.subtree_end[u] = t.child_count[u] == 0
                           ? t.own_begin[u] + t.own_count[u]
                           : t.subtree_end[t.first_child[u] + t.child_count[u] - 1];
  }

  Layout f;
  f.n = o.functions;
  if (f.n > 2) {
    f.a = static_cast<std::uint64_t>(static_cast<double>(f.n) * 0.6180339887) | 1U;
    while (std::gcd(f.a, f.n) != 1) ++f.a;
    f.c = f.n / 3;
    f.a_inverse = inverse_mod(f.a, f.n);
  }
  f.unit.assign(f.n, 0);
  for (Index u = 0; u < t.size(); ++u) {
    std::fill_n(f.unit.begin() + t.own_begin[u], t.own_count[u], u);
  }
  f.primary.assign(f.n, 0);
  f.secondary.assign(f.n, kNoDomain);
  f.wave.assign(f.n, 0);
  f.by_domain.assign(o.domains, {});
  for (std::uint64_t p = 0; p < f.n; ++p) {
    const auto k = static_cast<std::uint16_t>(rng.chance(kHomePrimary) ? t.home_domain[f.unit[p]]
                                                                       : rng.below(o.domains));
    f.primary[p] = k;
    if (o.domains > 1 && rng.chance(kSecondDomain)) {
      auto second = static_cast<std::uint16_t>(rng.below(o.domains - 1));
      f.secondary[p] = second >= k ? second + 1 : second;
    }
    if (o.structures > 1 && rng.chance(kLate)) {
      f.wave[p] = static_cast<std::uint8_t>(2 + rng.below(std::min(o.structures - 1, 250U)));
    }
    f.by_domain[k].push_back(static_cast<Index>(p));
  }
  return f;
}

/// "fn-000123": ids numbered by listing order, zero-padded to one width.
class FunctionIds {
 public:
  explicit FunctionIds(std::uint64_t n) : width_(digits(n)) {}
  std::string_view operator()(std::uint64_t listing) {
    char number[24];
    const auto result = std::to_chars(std::begin(number), std::end(number), listing + 1);
    const auto length = static_cast<std::size_t>(result.ptr - number);
    const std::size_t pad = width_ > length ? width_ - length : 0;
    char* out = std::copy_n("fn-", 3, buffer_);
    out = std::fill_n(out, pad, '0');
    out = std::copy(number, result.ptr, out);
    return {buffer_, static_cast<std::size_t>(out - buffer_)};
  }

 private:
  std::size_t width_;
  char buffer_[48] = {};
};

std::string function_label(const Layout& f, std::uint64_t listing) {
  static constexpr std::array<std::string_view, 4> kTasks = {"planning", "programme", "regulation",
                                                             "coordination"};
  return domain_label(f.primary[f.position(listing)]) + " " + std::string(kTasks[listing % 4]) +
         " " + std::to_string(listing + 1);
}

// ---------------------------------------------------------------------------
// Dependencies

/// Draws one dependency at a time: from a function (sometimes a hub) to one
/// nearby in the tree, or far away and then mostly in the same domain.
class DependencyDrawer {
 public:
  DependencyDrawer(const UnitTree& t, const Layout& f, Random& rng) : t_(t), f_(f), rng_(rng) {}

  struct Drawn {
    std::uint64_t from, to;  ///< positions
    std::string_view weight, kind;
  };

  Drawn next() {
    const std::uint64_t n = f_.n;
    const std::uint64_t from =
        rng_.chance(kHubPick)
            ? std::min(n - 1, kHubEvery * rng_.below((n + kHubEvery - 1) / kHubEvery))
            : rng_.below(n);
    const double r = rng_.real();
    const auto up = static_cast<unsigned>(
        std::find_if(kLocality.begin(), kLocality.end(), [&](double x) { return r < x; }) -
        kLocality.begin());
    std::uint64_t to = 0;
    if (up < kLocality.size()) {
      to = nearby(from, up);
    } else {
      const std::vector<Index>& same = f_.by_domain[f_.primary[from]];
      if (rng_.chance(kSameDomainFar) && same.size() >= 2) {
        const std::uint64_t i = rng_.below(same.size());
        to = same[i] == from ? same[(i + 1) % same.size()] : same[i];
      } else {
        to = rng_.below(n - 1);
        if (to >= from) ++to;
      }
    }
    static constexpr std::array<std::string_view, 4> kFractional = {"0.5", "1.5", "2.5", "0.25"};
    const double w = rng_.real();
    const std::string_view weight = w < 0.55   ? "1"
                                    : w < 0.80 ? "2"
                                    : w < 0.92 ? "3"
                                               : kFractional[rng_.below(kFractional.size())];
    const double k = rng_.real();
    const std::string_view kind = k < 0.8 ? "" : k < 0.92 ? "data" : "legal";
    return {from, to, weight, kind};
  }

 private:
  /// A function of the same unit (up = 0) or of the subtree `up` levels
  /// higher, climbing further while that holds fewer than two functions.
  std::uint64_t nearby(std::uint64_t from, unsigned up) {
    Index u = f_.unit[from];
    std::uint64_t begin = t_.own_begin[u];
    std::uint64_t end = begin + t_.own_count[u];
    bool whole_subtree = up > 0;
    if (whole_subtree) {
      for (; up > 0 && t_.parent[u] != kNone; --up) u = t_.parent[u];
      begin = t_.own_begin[u];
      end = t_.subtree_end[u];
    }
    while (end - begin < 2) {  // the root's subtree holds every function, n >= 2
      if (whole_subtree) u = t_.parent[u];
      whole_subtree = true;
      begin = t_.own_begin[u];
      end = t_.subtree_end[u];
    }
    const std::uint64_t to = begin + rng_.below(end - begin);
    return to != from ? to : to + 1 < end ? to + 1 : begin;
  }

  const UnitTree& t_;
  const Layout& f_;
  Random& rng_;
};

// ---------------------------------------------------------------------------
// Structures after the first: the organization the change ops act on

/// The current tree and assignment while the change-form structures are
/// written; every op is checked against it so that the model stays valid.
struct Organization {
  explicit Organization(const UnitTree& t, const Layout& f, unsigned domains) : tree(t) {
    parent = t.parent;
    children = t.child_count;
    merged_into.assign(t.size(), kNone);
    assigned.assign(f.n, kNone);
    for (std::uint64_t p = 0; p < f.n; ++p) {
      if (f.wave[p] == 0) assigned[p] = f.unit[p];
    }
    tower.assign(domains, kNone);
    for (unsigned k = 0; k < domains && k + 1 < t.level_begin[2]; ++k) tower[k] = k + 1;
  }

  [[nodiscard]] Index resolve(Index u) const {
    while (merged_into[u] != kNone) u = merged_into[u];
    return u;
  }
  [[nodiscard]] bool alive(Index u) const { return merged_into[u] == kNone; }
  [[nodiscard]] std::string id(Index u) const {
    return u < tree.size() ? tree.id(u) : added_ids[u - tree.size()];
  }
  [[nodiscard]] bool inside(Index u, Index top) const {
    for (; u != kNone; u = parent[u]) {
      if (u == top) return true;
    }
    return false;
  }
  Index add(std::string unit_id, Index under) {
    added_ids.push_back(std::move(unit_id));
    parent.push_back(under);
    children.push_back(0);
    merged_into.push_back(kNone);
    ++children[under];
    return static_cast<Index>(parent.size() - 1);
  }
  void move(Index u, Index to) {
    --children[parent[u]];
    parent[u] = to;
    ++children[to];
  }

  const UnitTree& tree;
  std::vector<Index> parent;       ///< per unit, added units appended
  std::vector<Index> children;     ///< current number of child units
  std::vector<Index> merged_into;  ///< kNone, or the unit a merge folded it into
  std::vector<std::string> added_ids;
  std::vector<Index> assigned;  ///< per position: owner (maybe merged away), kNone when absent
  std::vector<Index> tower;     ///< per domain
};

/// Writes the ops of one change-form structure, one per line.
class ChangeList {
 public:
  explicit ChangeList(OutputFile& out) : out_(out) {}
  void operator()(const std::string& op) {
    out_ << (first_ ? "\n        " : ",\n        ") << op;
    first_ = false;
  }
  void close() { out_ << (first_ ? "]\n" : "\n      ]\n"); }

 private:
  OutputFile& out_;
  bool first_ = true;
};

std::string q(std::string_view text) { return json_string(text); }

/// The ops turning the current organization into reform number `reform`
/// (1, 2, ...): a new office gathering domain k, merges, new and dropped
/// functions.
void write_changes(const Options& o, const Layout& f, Organization& org, unsigned reform,
                   Random& rng, OutputFile& out) {
  const UnitTree& t = org.tree;
  const unsigned k = (reform - 1) % o.domains;
  const std::string dk = domain_id(k);
  FunctionIds fid(f.n);
  ChangeList change(out);

  // 1. A new office for domain k, with a task force.
  const std::string office_id = "office-new-" + std::to_string(reform);
  const std::string task_force_id = "task-force-" + std::to_string(reform);
  const Index office = org.add(office_id, 0);
  org.add(task_force_id, office);
  change(R"({"op": "add-unit", "id": )" + q(office_id) +
         R"(, "parent": "ministry", "kind": "office", "label": )" +
         q("Office for " + domain_label(k)) + "}");
  change(R"({"op": "add-unit", "id": )" + q(task_force_id) + R"(, "parent": )" + q(office_id) +
         R"(, "kind": "task force", "label": )" + q("Task force on " + domain_label(k)) +
         R"(, "headcount": 12, "autonomous": true})");

  // 2. Bureaus serving domain k move under it (any one bureau when none does).
  const Index level = std::min<Index>(2, o.depth);
  std::vector<Index> serving;
  std::vector<Index> others;
  for (Index u = t.level_begin[level]; u < t.level_begin[level + 1]; ++u) {
    if (org.alive(u) && org.parent[u] < t.size()) {
      (t.home_domain[u] == k ? serving : others).push_back(u);
    }
  }
  std::vector<Index>& pool = serving.empty() ? others : serving;
  const std::size_t wanted =
      serving.empty()
          ? 1
          : std::max<std::size_t>(2, (t.level_begin[level + 1] - t.level_begin[level]) / 10);
  Index reduced = kNone;
  for (std::size_t i = 0; i < std::min(wanted, pool.size()); ++i) {
    std::swap(pool[i], pool[i + rng.below(pool.size() - i)]);
    const Index u = pool[i];
    if (reduced == kNone) reduced = org.parent[u];
    org.move(u, office);
    change(R"({"op": "move-unit", "unit": )" + q(org.id(u)) + R"(, "to": )" + q(office_id) + "}");
  }
  // 3. The office that lost the first of them is renamed.
  if (reduced != kNone && reduced != 0 && org.alive(reduced)) {
    change(R"({"op": "update-unit", "unit": )" + q(org.id(reduced)) + R"(, "label": )" +
           q(t.label(reduced) + " (reduced)") + "}");
  }

  // 4. Some leaf units merge into a sibling leaf.
  std::vector<Index> leaves;
  for (Index u = 1; u < t.size(); ++u) {
    if (t.child_count[u] == 0) leaves.push_back(u);
  }
  const std::size_t merges = std::max<std::size_t>(1, leaves.size() / 50);
  for (std::size_t done = 0, attempt = 0; done < merges && attempt < 4 * merges; ++attempt) {
    const Index x = leaves[rng.below(leaves.size())];
    if (!org.alive(x) || org.children[x] != 0) continue;
    const Index block = t.first_child[t.parent[x]];
    const Index size = t.child_count[t.parent[x]];
    Index into = kNone;
    for (Index i = 1; i < size && into == kNone; ++i) {
      const Index y = block + (x - block + i) % size;
      if (org.alive(y) && org.parent[y] == org.parent[x] && org.children[y] == 0) into = y;
    }
    if (into == kNone) continue;
    change(R"({"op": "merge-units", "units": [)" + q(org.id(x)) + R"(], "into": )" +
           q(org.id(into)) + R"(, "label": )" + q(t.label(into) + " and " + t.label(x)) + "}");
    org.merged_into[x] = into;
    --org.children[org.parent[x]];
    std::replace(org.tower.begin(), org.tower.end(), x, into);
    ++done;
  }

  // 5. Part of domain k's functions elsewhere move to the new office's leaves.
  std::vector<Index> targets;
  for (Index u = 0; u < org.parent.size(); ++u) {
    if (org.alive(u) && org.children[u] == 0 && org.inside(u, office)) targets.push_back(u);
  }
  std::vector<std::uint64_t> batch;
  std::size_t batches = 0;
  auto flush = [&] {
    if (batch.empty()) return;
    const Index to = targets[batches++ % targets.size()];
    std::string op = R"({"op": "move-function", "functions": [)";
    for (std::size_t i = 0; i < batch.size(); ++i) {
      op += (i == 0 ? "" : ", ") + q(fid(batch[i]));
      org.assigned[f.position(batch[i])] = to;
    }
    change(op + R"(], "to": )" + q(org.id(to)) + "}");
    batch.clear();
  };
  for (std::uint64_t i = 0; i < f.n; ++i) {
    const std::uint64_t p = f.position(i);
    if (org.assigned[p] == kNone || f.primary[p] != k) continue;
    if (org.inside(org.resolve(org.assigned[p]), office) || !rng.chance(kConsolidated)) continue;
    batch.push_back(i);
    if (batch.size() == kFunctionsPerMove) flush();
  }
  flush();

  // 6. New functions appear where the first tree would have put them.
  for (std::uint64_t i = 0; i < f.n; ++i) {
    const std::uint64_t p = f.position(i);
    if (f.wave[p] != reform + 1) continue;
    org.assigned[p] = org.resolve(f.unit[p]);
    change(R"({"op": "move-function", "function": )" + q(fid(i)) + R"(, "to": )" +
           q(org.id(org.assigned[p])) + "}");
  }
  // 7. A few functions are dropped.
  for (std::uint64_t i = 0; i < f.n; ++i) {
    const std::uint64_t p = f.position(i);
    if (org.assigned[p] == kNone || f.wave[p] == reform + 1 || !rng.chance(kDropped)) continue;
    org.assigned[p] = kNone;
    change(R"({"op": "drop-function", "function": )" + q(fid(i)) + "}");
  }
  // 8. The new office coordinates domain k.
  change(R"({"op": "set-control-tower", "domain": )" + q(dk) + R"(, "unit": )" + q(office_id) +
         "}");
  org.tower[k] = office;
  change.close();
}

// ---------------------------------------------------------------------------
// The files

std::string structure_id(unsigned s, unsigned count) {
  if (s == 1) return "before";
  return count == 2 ? "after" : "after-" + std::to_string(s - 1);
}

void write_functions(const Options& o, const Layout& f, OutputFile& model) {
  FunctionIds fid(f.n);
  auto domains_of = [&](std::uint64_t p, std::string_view separator, bool json) {
    std::string text = json ? q(domain_id(f.primary[p])) : domain_id(f.primary[p]);
    if (f.secondary[p] != kNoDomain) {
      text += separator;
      text += json ? q(domain_id(f.secondary[p])) : domain_id(f.secondary[p]);
    }
    return text;
  };
  if (o.form == "csv") {
    OutputFile csv(o.folder / "functions.csv");
    csv << "id,label,domains\n";
    for (std::uint64_t i = 0; i < f.n; ++i) {
      csv << fid(i) << ',' << csv_field(function_label(f, i)) << ','
          << csv_field(domains_of(f.position(i), ";", false)) << '\n';
    }
    csv.commit();
    model << "  \"functions\": {\"csv\": \"functions.csv\"},\n";
    return;
  }
  model << "  \"functions\": [\n";
  for (std::uint64_t i = 0; i < f.n; ++i) {
    model << "    {\"id\": " << q(fid(i)) << ", \"label\": " << q(function_label(f, i))
          << ", \"domains\": [" << domains_of(f.position(i), ", ", true) << "]}"
          << (i + 1 < f.n ? ",\n" : "\n");
  }
  model << "  ],\n";
}

void write_dependencies(const Options& o, const UnitTree& t, const Layout& f, OutputFile& model) {
  Random rng(o.seed, kDependencyStream);
  DependencyDrawer draw(t, f, rng);
  FunctionIds from_id(f.n);
  FunctionIds to_id(f.n);
  if (o.form == "csv") {
    OutputFile csv(o.folder / "dependencies.csv");
    csv << "from,to,weight,kind\n";
    for (std::uint64_t i = 0; i < o.dependencies; ++i) {
      const auto d = draw.next();
      csv << from_id(f.listing(d.from)) << ',' << to_id(f.listing(d.to)) << ',' << d.weight << ','
          << d.kind << '\n';
    }
    csv.commit();
    model << "  \"dependencies\": {\"csv\": \"dependencies.csv\"},\n";
    return;
  }
  model << "  \"dependencies\": [";
  for (std::uint64_t i = 0; i < o.dependencies; ++i) {
    const auto d = draw.next();
    model << (i == 0 ? "\n    {\"from\": \"" : ",\n    {\"from\": \"") << from_id(f.listing(d.from))
          << "\", \"to\": \"" << to_id(f.listing(d.to)) << "\", \"weight\": " << d.weight;
    if (!d.kind.empty()) model << ", \"kind\": \"" << d.kind << '"';
    model << '}';
  }
  model << (o.dependencies == 0 ? "],\n" : "\n  ],\n");
}

/// The first structure, in full form.
void write_first_structure(const Options& o, const UnitTree& t, const Layout& f,
                           const Organization& org, OutputFile& model) {
  model << "    {\n      \"id\": \"before\",\n      \"label\": \"Before the restructuring\",\n"
        << "      \"units\": [\n";
  for (Index u = 0; u < t.size(); ++u) {
    model << "        {\"id\": " << q(t.id(u));
    if (u != 0) model << ", \"parent\": " << q(t.id(t.parent[u]));
    model << ", \"kind\": " << q(t.kind(u)) << ", \"label\": " << q(t.label(u));
    if (t.headcount[u] != 0) model << ", \"headcount\": " << std::uint64_t{t.headcount[u]};
    model << (u + 1 < t.size() ? "},\n" : "}\n");
  }
  model << "      ],\n";
  FunctionIds fid(f.n);
  if (o.form == "csv") {
    OutputFile csv(o.folder / "before-assign.csv");
    csv << "function,unit\n";
    for (std::uint64_t i = 0; i < f.n; ++i) {
      const Index u = org.assigned[f.position(i)];
      if (u != kNone) csv << fid(i) << ',' << t.id(u) << '\n';
    }
    csv.commit();
    model << "      \"assign_csv\": \"before-assign.csv\"";
  } else {
    model << "      \"assign\": {";
    bool first = true;
    for (std::uint64_t i = 0; i < f.n; ++i) {
      const Index u = org.assigned[f.position(i)];
      if (u == kNone) continue;
      model << (first ? "\n        " : ",\n        ") << q(fid(i)) << ": " << q(t.id(u));
      first = false;
    }
    model << (first ? "}" : "\n      }");
  }
  std::string towers;
  for (unsigned k = 0; k < o.domains; ++k) {
    if (org.tower[k] == kNone) continue;
    towers += (towers.empty() ? "\n        " : ",\n        ") + q(domain_id(k)) + ": " +
              q(t.id(org.tower[k]));
  }
  if (!towers.empty()) model << ",\n      \"control_towers\": {" << towers << "\n      }";
  model << "\n    }";
}

void write_model(const Options& o) {
  std::error_code error;
  std::filesystem::create_directories(o.folder, error);
  if (error) throw WriteError("cannot create folder " + o.folder.string() + ": " + error.message());
  Random tree_rng(o.seed, kTreeStream);
  Random function_rng(o.seed, kFunctionStream);
  Random change_rng(o.seed, kChangeStream);
  UnitTree tree = build_tree(o, tree_rng);
  const Layout layout = build_layout(o, tree, function_rng);
  Organization org(tree, layout, o.domains);

  OutputFile model(o.folder / "model.json");
  const std::string sizes = std::to_string(o.functions) + " functions, " +
                            std::to_string(o.dependencies) + " dependencies, " +
                            std::to_string(o.units) + " units";
  model << "{\n  \"format\": \"policygraph/1\",\n"
        << "  \"title\": " << q("Synthetic ministry (" + sizes + ")") << ",\n"
        << "  \"description\": "
        << q("Synthetic model, no real organization: policygraph-generate --functions " +
             std::to_string(o.functions) + " --dependencies " + std::to_string(o.dependencies) +
             " --units " + std::to_string(o.units) + " --depth " + std::to_string(o.depth) +
             " --domains " + std::to_string(o.domains) + " --structures " +
             std::to_string(o.structures) + " --seed " + std::to_string(o.seed) +
             ". Dependency weights and kinds are drawn, not judged.")
        << ",\n  \"sources\": [\n    {\"id\": \"generator\", \"title\": \"policygraph-generate\", "
           "\"note\": \"synthetic data for tests and benchmarks\"}\n  ],\n  \"domains\": [\n";
  for (unsigned k = 0; k < o.domains; ++k) {
    model << "    {\"id\": " << q(domain_id(k)) << ", \"label\": " << q(domain_label(k)) << '}'
          << (k + 1 < o.domains ? ",\n" : "\n");
  }
  model << "  ],\n";
  write_functions(o, layout, model);
  write_dependencies(o, tree, layout, model);
  model << "  \"structures\": [\n";
  write_first_structure(o, tree, layout, org, model);
  for (unsigned s = 2; s <= o.structures; ++s) {
    model << ",\n    {\n      \"id\": " << q(structure_id(s, o.structures))
          << ",\n      \"base\": " << q(structure_id(s - 1, o.structures)) << ",\n      \"label\": "
          << q(o.structures == 2 ? "After the restructuring"
                                 : "After restructuring " + std::to_string(s - 1))
          << ",\n      \"changes\": [";
    write_changes(o, layout, org, s - 1, change_rng, model);
    model << "    }";
  }
  model << "\n  ]\n}\n";
  model.commit();
}

// ---------------------------------------------------------------------------
// The command line

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

constexpr std::string_view kDescription =
    "Usage: policygraph-generate -o DIR [options]\n"
    "\n"
    "Writes a synthetic but plausible model (format policygraph/1) into DIR, for\n"
    "tests and benchmarks. The same options and --seed give the same bytes on\n"
    "every platform. The dependencies are streamed, never held: 1M functions and\n"
    "10M dependencies need a few tens of megabytes.\n"
    "\n"
    "What it contains:\n"
    "  - a ministry whose unit tree has the given depth and roughly even spans\n"
    "    (ministry > offices > bureaus > divisions > teams), headcounts on leaves;\n"
    "  - functions owned mostly by leaf units (8% by inner units, 0.1% by the\n"
    "    root), each with 1 or 2 domains, the first usually its branch's domain;\n"
    "  - dependencies that are mostly local (42% in the same unit, 22% in the\n"
    "    parent's subtree, then the grandparent's...; far ones mostly within a\n"
    "    domain), weights 1, 2, 3 and some fractional (0.25, 0.5, 1.5, 2.5),\n"
    "    kinds coordination, data or legal; a few hub functions have many;\n"
    "  - structure 'before' in full form with control towers, then 'after' (or\n"
    "    after-1, after-2, ...) in change form: a new office with a task force\n"
    "    gathers one domain (add-unit, move-unit, move-function,\n"
    "    set-control-tower), sibling teams merge, an office is renamed, 0.5% of\n"
    "    the functions appear and 0.2% are dropped.\n"
    "\n"
    "Files: --form json writes everything into DIR/model.json; --form csv writes\n"
    "DIR/model.json referring to functions.csv, dependencies.csv and\n"
    "before-assign.csv (the change-form structures stay in model.json). Both\n"
    "forms of one seed describe the same model.\n"
    "\n"
    "Example:\n"
    "  policygraph-generate --functions 100000 --dependencies 1000000 --units 5000 \\\n"
    "      --form csv --seed 7 -o /tmp/model-1m\n"
    "  policygraph metrics /tmp/model-1m/model.json --format json\n";

Options parse_options(int argc, char** argv, bool& help) {
  Options o;
  std::string folder;
  po::options_description options("Options");
  // clang-format off
  options.add_options()
      ("functions", po::value(&o.functions)->default_value(o.functions)->value_name("N"),
       "number of policy functions (>= 2 when there are dependencies)")
      ("dependencies", po::value(&o.dependencies)->default_value(o.dependencies)->value_name("M"),
       "number of dependencies written (pairs may repeat; metrics sum them)")
      ("units", po::value(&o.units)->default_value(o.units)->value_name("U"),
       "number of units in the first structure, root included (>= depth + 1)")
      ("depth", po::value(&o.depth)->default_value(o.depth)->value_name("D"),
       "depth of the unit tree (root at 0, leaves at D; >= 1)")
      ("domains", po::value(&o.domains)->default_value(o.domains)->value_name("K"),
       "number of policy domains (the first 12 have names, then domain-13, ...)")
      ("structures", po::value(&o.structures)->default_value(o.structures)->value_name("S"),
       "number of structures: 'before' in full form, then S - 1 in change form, each on the "
       "previous one")
      ("form", po::value(&o.form)->default_value(o.form)->value_name("json|csv"),
       "json: one model.json; csv: model.json plus functions.csv, dependencies.csv and "
       "before-assign.csv")
      ("seed", po::value(&o.seed)->default_value(o.seed)->value_name("N"),
       "random seed; the same seed and options give the same files")
      ("output,o", po::value(&folder)->value_name("DIR"),
       "folder to write into (created if missing; files in it are replaced)")
      ("help,h", "show this help");
  // clang-format on
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, options), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  help = vm.count("help") != 0U;
  if (help) {
    std::cout << kDescription << '\n' << options << '\n';
    return o;
  }
  constexpr std::uint64_t kMaxCount = UINT32_MAX - 1;
  if (folder.empty()) throw UsageError("missing -o DIR (the folder to write into)");
  o.folder = folder;
  if (o.form != "json" && o.form != "csv") {
    throw UsageError("--form takes json or csv, not \"" + o.form + "\"");
  }
  if (o.functions < 1 || o.functions > kMaxCount)
    throw UsageError("--functions must be 1 to 4294967294");
  if (o.dependencies > 0 && o.functions < 2) throw UsageError("dependencies need --functions >= 2");
  if (o.dependencies > 100'000'000'000ULL) throw UsageError("--dependencies must be at most 1e11");
  if (o.depth < 1 || o.depth > 1000) throw UsageError("--depth must be 1 to 1000");
  if (o.units < o.depth + 1ULL || o.units > kMaxCount) {
    throw UsageError("--units must be at least --depth + 1 (" + std::to_string(o.depth + 1) +
                     ") and at most 4294967294");
  }
  if (o.domains < 1 || o.domains >= kNoDomain) throw UsageError("--domains must be 1 to 65534");
  if (o.structures < 1 || o.structures > 250) throw UsageError("--structures must be 1 to 250");
  return o;
}

}  // namespace
}  // namespace policygraph::generate

int main(int argc, char** argv) {
  using namespace policygraph::generate;
  try {
    bool help = false;
    const Options o = parse_options(argc, argv, help);
    if (help) return 0;
    write_model(o);
    std::cerr << "policygraph-generate: wrote " << (o.folder / "model.json").string()
              << (o.form == "csv" ? " (+ functions.csv, dependencies.csv, before-assign.csv)" : "")
              << ": " << o.functions << " functions, " << o.dependencies << " dependencies, "
              << o.units << " units, " << o.structures << " structures\n";
    return 0;
  } catch (const UsageError& e) {
    std::cerr << "policygraph-generate: error: " << e.what()
              << "\nTry 'policygraph-generate --help' for its options.\n";
    return 2;
  } catch (const WriteError& e) {
    std::cerr << "policygraph-generate: error: " << e.what() << '\n';
    return 3;
  } catch (const std::bad_alloc&) {
    std::cerr << "policygraph-generate: error: out of memory\n";
    return 1;
  }
}
