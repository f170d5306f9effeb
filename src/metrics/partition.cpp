#include <policygraph/metrics/partition.hpp>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <unordered_map>
#include <vector>

namespace policygraph {
namespace {

/// Relabels arbitrary labels to 0..k-1 in order of first appearance.
std::vector<std::uint32_t> dense(std::span<const std::uint64_t> labels, std::size_t& count) {
  std::unordered_map<std::uint64_t, std::uint32_t> ids;
  std::vector<std::uint32_t> out(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    out[i] = ids.emplace(labels[i], static_cast<std::uint32_t>(ids.size())).first->second;
  }
  count = ids.size();
  return out;
}

double choose2(double n) { return n * (n - 1) / 2; }

}  // namespace

PartitionComparison compare_partitions(std::span<const std::uint64_t> x,
                                       std::span<const std::uint64_t> y) {
  assert(x.size() == y.size());
  const std::size_t n = x.size();
  if (n <= 1) return {};
  std::size_t kx = 0;
  std::size_t ky = 0;
  const auto a = dense(x, kx);
  const auto b = dense(y, ky);
  // Contingency table as sorted (row, column) pairs.
  std::vector<std::uint64_t> cells(n);
  for (std::size_t i = 0; i < n; ++i) cells[i] = (std::uint64_t{a[i]} << 32U) | b[i];
  std::sort(cells.begin(), cells.end());
  std::vector<double> row(kx, 0);
  std::vector<double> col(ky, 0);
  std::vector<double> row_max(kx, 0);
  std::vector<double> col_max(ky, 0);
  const double total = static_cast<double>(n);
  double mutual = 0;
  double pairs_both = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && cells[j] == cells[i]) ++j;
    const double c = static_cast<double>(j - i);
    const auto r = static_cast<std::uint32_t>(cells[i] >> 32U);
    const auto k = static_cast<std::uint32_t>(cells[i] & 0xFFFFFFFFU);
    row[r] += c;
    col[k] += c;
    row_max[r] = std::max(row_max[r], c);
    col_max[k] = std::max(col_max[k], c);
    pairs_both += choose2(c);
    i = j;
  }
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && cells[j] == cells[i]) ++j;
    const double c = static_cast<double>(j - i);
    const double r = row[cells[i] >> 32U];
    const double k = col[cells[i] & 0xFFFFFFFFU];
    mutual += c / total * std::log(c * total / (r * k));
    i = j;
  }
  double hx = 0;
  double hy = 0;
  double pairs_x = 0;
  double pairs_y = 0;
  double split_join = 0;
  for (std::size_t r = 0; r < kx; ++r) {
    hx -= row[r] / total * std::log(row[r] / total);
    pairs_x += choose2(row[r]);
    split_join += row[r] - row_max[r];
  }
  for (std::size_t k = 0; k < ky; ++k) {
    hy -= col[k] / total * std::log(col[k] / total);
    pairs_y += choose2(col[k]);
    split_join += col[k] - col_max[k];
  }
  PartitionComparison out;
  out.nmi = hx + hy == 0 ? 1.0 : 2 * mutual / (hx + hy);
  out.vi = std::max(0.0, hx + hy - 2 * mutual);
  const double expected = pairs_x * pairs_y / choose2(total);
  const double denominator = (pairs_x + pairs_y) / 2 - expected;
  out.adjusted_rand = denominator == 0 ? 1.0 : (pairs_both - expected) / denominator;
  out.split_join = split_join;
  return out;
}

}  // namespace policygraph
