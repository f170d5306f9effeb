#include <policygraph/metrics/betweenness.hpp>

#include <algorithm>
#include <atomic>
#include <thread>

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

/// Brandes' dependency accumulation from every source in [begin, end) into `out`.
///
/// The breadth-first search records where each level starts in `order`. The
/// backward phase then *pulls* rather than pushes: with
/// c(w) = (1 + delta(w)) / sigma(w), a vertex v at level d has
/// delta(v) = sigma(v) * sum of c(w) over its neighbours w at level d + 1.
/// Keeping c non-zero only on level d + 1 while level d is processed turns
/// that into a plain sum over v's neighbours: no level test, no scattered
/// writes, and four partial sums so that the additions do not wait on each
/// other. The order of the additions is fixed by the graph, so the result
/// does not depend on the number of threads.
void accumulate(const CsrGraph& g, std::uint32_t begin, std::uint32_t end,
                std::vector<double>& out) {
  const std::size_t n = g.vertex_count();
  const std::uint32_t* offsets = g.offsets.data();
  const std::uint32_t* targets = g.targets.data();
  std::vector<double> sigma(n, 0);
  std::vector<double> delta(n, 0);
  std::vector<double> c(n, 0);
  std::vector<std::int32_t> dist(n, -1);
  std::vector<std::uint32_t> order;
  std::vector<std::size_t> level_start;
  order.reserve(n);
  for (std::uint32_t s = begin; s < end; ++s) {
    order.clear();
    level_start.clear();
    sigma[s] = 1;
    dist[s] = 0;
    order.push_back(s);
    level_start.push_back(0);
    for (std::int32_t d = 0; level_start.back() < order.size(); ++d) {
      const std::size_t first = level_start.back();
      const std::size_t last = order.size();
      level_start.push_back(last);
      for (std::size_t k = first; k < last; ++k) {
        const std::uint32_t v = order[k];
        const double sv = sigma[v];
        for (std::uint32_t i = offsets[v]; i < offsets[v + 1]; ++i) {
          const std::uint32_t w = targets[i];
          if (dist[w] < 0) {
            dist[w] = d + 1;
            order.push_back(w);
          }
          sigma[w] += dist[w] == d + 1 ? sv : 0.0;
        }
      }
    }
    // level_start holds the start of every level and, last, order.size().
    for (std::size_t level = level_start.size() - 1; level-- > 0;) {
      const std::size_t first = level_start[level];
      const std::size_t last = level_start[level + 1];
      for (std::size_t k = first; k < last; ++k) {
        const std::uint32_t v = order[k];
        std::uint32_t i = offsets[v];
        const std::uint32_t stop = offsets[v + 1];
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (; i + 4 <= stop; i += 4) {
          a0 += c[targets[i]];
          a1 += c[targets[i + 1]];
          a2 += c[targets[i + 2]];
          a3 += c[targets[i + 3]];
        }
        for (; i < stop; ++i) a0 += c[targets[i]];
        delta[v] = sigma[v] * ((a0 + a1) + (a2 + a3));
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
    for (std::uint32_t v : order) {
      sigma[v] = 0;
      delta[v] = 0;
      c[v] = 0;
      dist[v] = -1;
    }
  }
}

}  // namespace

std::vector<double> betweenness_centrality(const CsrGraph& g, unsigned threads) {
  const std::size_t n = g.vertex_count();
  std::vector<double> total(n, 0);
  if (n <= 2) return total;
  // Fixed chunks of sources, each with its own accumulator; the chunking
  // does not depend on the number of threads, and neither does the result.
  const std::size_t chunks = std::min<std::size_t>(n, 16);
  std::vector<std::vector<double>> partial(chunks, std::vector<double>(n, 0));
  const auto chunk_begin = [&](std::size_t c) { return static_cast<std::uint32_t>(n * c / chunks); };
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t c = next++; c < chunks; c = next++) {
      accumulate(g, chunk_begin(c), chunk_begin(c + 1), partial[c]);
    }
  };
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, chunks));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (const auto& p : partial) {
    for (std::size_t v = 0; v < n; ++v) total[v] += p[v];
  }
  // Each unordered pair was counted from both ends: divide by (n-1)(n-2).
  const double scale = 1.0 / (static_cast<double>(n - 1) * static_cast<double>(n - 2));
  for (double& b : total) b *= scale;
  return total;
}

}  // namespace policygraph
