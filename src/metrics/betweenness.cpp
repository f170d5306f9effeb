#include <policygraph/metrics/betweenness.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <policygraph/core/parallel.hpp>

namespace policygraph {

CsrGraph csr_from_edges(std::size_t vertex_count,
                        const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges) {
  CsrGraph g;
  g.offsets.assign(vertex_count + 1, 0);
  for (const auto& [a, b] : edges) {
    ++g.offsets[a + 1];
    ++g.offsets[b + 1];
  }
  for (std::size_t v = 0; v < vertex_count; ++v) g.offsets[v + 1] += g.offsets[v];
  g.targets.resize(g.offsets[vertex_count]);
  std::vector<std::uint32_t> cursor(g.offsets.begin(), g.offsets.end() - 1);
  for (const auto& [a, b] : edges) {
    g.targets[cursor[a]++] = b;
    g.targets[cursor[b]++] = a;
  }
  return g;
}

namespace {

/// Sum of `values` over the neighbours targets[first, stop), in a fixed
/// order, with four partial sums so that the additions do not wait on each
/// other.
template <typename Target>
double neighbour_sum(const Target* targets, std::uint32_t first, std::uint32_t stop,
                     const double* values) {
  double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  std::uint32_t i = first;
  for (; i + 4 <= stop; i += 4) {
    a0 += values[targets[i]];
    a1 += values[targets[i + 1]];
    a2 += values[targets[i + 2]];
    a3 += values[targets[i + 3]];
  }
  for (; i < stop; ++i) a0 += values[targets[i]];
  return (a0 + a1) + (a2 + a3);
}

/// Brandes' dependency accumulation from every source in `sources` into `out`.
///
/// Both phases mostly *pull* sums over neighbour lists instead of pushing
/// along edges, which costs a load and an add per edge rather than a test,
/// a branch and a scattered write:
/// - Forward, level by level: a small frontier pushes (the classic step);
///   once the vertices still unreached have fewer edges than a few times
///   the frontier's, each of them sums sigma over its neighbours instead,
///   with sigma kept in `front` only for the current level (the bottom-up
///   step of direction-optimizing BFS, carrying path counts).
/// - Backward: with c(w) = (1 + delta(w)) / sigma(w), a vertex v at level d
///   has delta(v) = sigma(v) * the sum of c(w) over its neighbours at level
///   d + 1; c is kept non-zero only on level d + 1 while level d is done.
/// Path counts are integers, so the two forward steps give the same sigma;
/// every choice depends on the graph only, never on the thread count.
///
/// `Target` is the type the neighbour lists are stored in: 16 bits when the
/// graph has fewer than 65,536 vertices, which halves the memory traffic.
template <typename Target>
void accumulate(const CsrGraph& g, const std::vector<Target>& neighbours,
                std::span<const std::uint32_t> sources, std::vector<double>& out) {
  // Bottom-up costs about a fifth of top-down per edge (measured).
  constexpr std::uint64_t kBottomUpRatio = 4;
  const std::size_t n = g.vertex_count();
  const std::uint32_t* offsets = g.offsets.data();
  const Target* targets = neighbours.data();
  const auto degree = [&](std::uint32_t v) { return std::uint64_t{offsets[v + 1]} - offsets[v]; };
  std::vector<double> sigma(n, 0);
  std::vector<double> front(n, 0);
  std::vector<double> delta(n, 0);
  std::vector<double> c(n, 0);
  std::vector<std::int32_t> dist(n, -1);
  std::vector<std::uint32_t> order(n);
  std::vector<std::uint32_t> rest;
  std::vector<std::size_t> level_start;
  rest.reserve(n);
  for (const std::uint32_t s : sources) {
    std::size_t count = 0;
    order[count++] = s;
    sigma[s] = 1;
    front[s] = 1;
    dist[s] = 0;
    level_start.assign(1, 0);
    std::uint64_t unreached_edges = offsets[n] - degree(s);
    bool rest_current = false;
    for (std::int32_t d = 0; level_start.back() < count; ++d) {
      const std::size_t first = level_start.back();
      const std::size_t last = count;
      level_start.push_back(last);
      std::uint64_t frontier_edges = 0;
      for (std::size_t k = first; k < last; ++k) frontier_edges += degree(order[k]);
      if (unreached_edges < kBottomUpRatio * frontier_edges) {
        if (!rest_current) {
          rest.clear();
          for (std::uint32_t v = 0; v < n; ++v) {
            if (dist[v] < 0) rest.push_back(v);
          }
          rest_current = true;
        }
        std::size_t kept = 0;
        for (const std::uint32_t w : rest) {
          const double paths = neighbour_sum(targets, offsets[w], offsets[w + 1], front.data());
          if (paths > 0) {
            dist[w] = d + 1;
            sigma[w] = paths;
            order[count++] = w;
            unreached_edges -= degree(w);
          } else {
            rest[kept++] = w;
          }
        }
        rest.resize(kept);
      } else {
        rest_current = false;
        for (std::size_t k = first; k < last; ++k) {
          const std::uint32_t v = order[k];
          const double sv = sigma[v];
          for (std::uint32_t i = offsets[v]; i < offsets[v + 1]; ++i) {
            const std::uint32_t w = targets[i];
            if (dist[w] < 0) {
              dist[w] = d + 1;
              order[count++] = w;
              unreached_edges -= degree(w);
            }
            if (dist[w] == d + 1) sigma[w] += sv;
          }
        }
      }
      for (std::size_t k = first; k < last; ++k) front[order[k]] = 0;
      for (std::size_t k = last; k < count; ++k) front[order[k]] = sigma[order[k]];
    }
    // level_start holds the start of every level and, last, count.
    for (std::size_t level = level_start.size() - 1; level-- > 0;) {
      const std::size_t first = level_start[level];
      const std::size_t last = level_start[level + 1];
      for (std::size_t k = first; k < last; ++k) {
        const std::uint32_t v = order[k];
        delta[v] = sigma[v] * neighbour_sum(targets, offsets[v], offsets[v + 1], c.data());
      }
      // Level + 1 has served; level now takes its place.
      if (level + 2 < level_start.size()) {
        for (std::size_t k = last; k < level_start[level + 2]; ++k) c[order[k]] = 0;
      }
      for (std::size_t k = first; k < last; ++k) {
        const std::uint32_t v = order[k];
        c[v] = (1 + delta[v]) / sigma[v];
        if (v != s) out[v] += delta[v];
      }
    }
    for (std::size_t k = 0; k < count; ++k) {
      const std::uint32_t v = order[k];
      sigma[v] = 0;
      delta[v] = 0;
      c[v] = 0;
      dist[v] = -1;
    }
  }
}

}  // namespace

std::vector<double> betweenness_from_sources(const CsrGraph& g,
                                             std::span<const std::uint32_t> sources,
                                             unsigned threads) {
  const std::size_t n = g.vertex_count();
  std::vector<double> total(n, 0);
  if (n <= 2 || sources.empty()) return total;
  // Fixed chunks of sources, each with its own accumulator, added up in
  // chunk order: the chunking does not depend on the number of threads, and
  // neither does the result.
  const std::size_t k = sources.size();
  const std::size_t chunks = std::min<std::size_t>(k, 16);
  std::vector<std::vector<double>> partial(chunks, std::vector<double>(n, 0));
  const auto chunk = [&](std::size_t c) {
    const std::size_t first = k * c / chunks;
    return sources.subspan(first, k * (c + 1) / chunks - first);
  };
  std::vector<std::uint16_t> narrow;
  if (n <= 0xFFFF) narrow.assign(g.targets.begin(), g.targets.end());
  parallel_for(chunks, threads, [&](std::size_t c, unsigned /*worker*/) {
    if (n <= 0xFFFF) {
      accumulate(g, narrow, chunk(c), partial[c]);
    } else {
      accumulate(g, g.targets, chunk(c), partial[c]);
    }
  });
  for (const auto& p : partial) {
    for (std::size_t v = 0; v < n; ++v) total[v] += p[v];
  }
  // From every source, each unordered pair was counted from both ends:
  // divide by (n-1)(n-2). From k sources, first scale the sum up by n / k.
  double scale = 1.0 / (static_cast<double>(n - 1) * static_cast<double>(n - 2));
  if (k != n) scale *= static_cast<double>(n) / static_cast<double>(k);
  for (double& b : total) b *= scale;
  return total;
}

std::vector<double> betweenness_centrality(const CsrGraph& g, unsigned threads) {
  std::vector<std::uint32_t> every(g.vertex_count());
  std::iota(every.begin(), every.end(), 0U);
  return betweenness_from_sources(g, every, threads);
}

std::vector<std::uint32_t> sample_sources(std::size_t n, std::size_t k, std::uint64_t seed) {
  std::vector<std::uint32_t> v(n);
  std::iota(v.begin(), v.end(), 0U);
  if (k >= n) return v;
  std::uint64_t state = seed;
  const auto next = [&state] {  // SplitMix64 (Steele, Lea and Flood, 2014)
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  };
  for (std::size_t i = 0; i < k; ++i) {
    // Uniform in [0, n - i) by rejection of the incomplete last block.
    const std::uint64_t range = n - i;
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % range);
    std::uint64_t r = next();
    while (r >= limit) r = next();
    std::swap(v[i], v[i + r % range]);
  }
  v.resize(k);
  std::sort(v.begin(), v.end());
  return v;
}

double sampled_betweenness_error(std::size_t n, std::size_t k, double confidence) {
  if (k >= n || n <= 2) return 0;
  if (k == 0) return 1;
  const double nd = static_cast<double>(n);
  const double t = std::sqrt(std::log(2 * nd / (1 - confidence)) / (2 * static_cast<double>(k)));
  return nd / (nd - 1) * t;
}

}  // namespace policygraph
