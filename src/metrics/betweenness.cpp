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
void accumulate(const CsrGraph& g, std::uint32_t begin, std::uint32_t end,
                std::vector<double>& out) {
  const std::size_t n = g.vertex_count();
  std::vector<double> sigma(n, 0);
  std::vector<double> delta(n, 0);
  std::vector<std::int32_t> dist(n, -1);
  std::vector<std::uint32_t> order;
  order.reserve(n);
  for (std::uint32_t s = begin; s < end; ++s) {
    order.clear();
    sigma[s] = 1;
    dist[s] = 0;
    order.push_back(s);
    for (std::size_t head = 0; head < order.size(); ++head) {
      const std::uint32_t v = order[head];
      for (std::uint32_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
        const std::uint32_t w = g.targets[i];
        if (dist[w] < 0) {
          dist[w] = dist[v] + 1;
          order.push_back(w);
        }
        if (dist[w] == dist[v] + 1) sigma[w] += sigma[v];
      }
    }
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      const std::uint32_t w = *it;
      const double coefficient = (1 + delta[w]) / sigma[w];
      for (std::uint32_t i = g.offsets[w]; i < g.offsets[w + 1]; ++i) {
        const std::uint32_t v = g.targets[i];
        if (dist[v] == dist[w] - 1) delta[v] += sigma[v] * coefficient;
      }
      if (w != s) out[w] += delta[w];
    }
    for (std::uint32_t v : order) {
      sigma[v] = 0;
      delta[v] = 0;
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
