// The work's own grouping: Leiden communities of the function graph, through
// igraph's C library.
#include <policygraph/metrics/work_grouping.hpp>

#include <dlfcn.h>
#include <igraph.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include <policygraph/metrics/metrics.hpp>
#include <policygraph/metrics/partition.hpp>

namespace policygraph {
namespace {

// --- igraph, when it is needed -------------------------------------------------

/// igraph's C library, loaded the first time a grouping is computed, not
/// when the program starts: it brings BLAS, LAPACK, GLPK, libxml2 and a
/// dozen more, and loading them takes about 2 ms, which every command that
/// does not group (most of them) would otherwise pay.
struct IgraphApi {
  decltype(&::IGRAPH_FINALLY_FREE) finally_free;
  decltype(&::igraph_community_leiden) community_leiden;
  decltype(&::igraph_create) create;
  decltype(&::igraph_destroy) destroy;
  decltype(&::igraph_rng_default) rng_default;
  decltype(&::igraph_rng_destroy) rng_destroy;
  decltype(&::igraph_rng_init) rng_init;
  decltype(&::igraph_rng_seed) rng_seed;
  decltype(&::igraph_rng_set_default) rng_set_default;
  decltype(&::igraph_set_error_handler) set_error_handler;
  decltype(&::igraph_set_warning_handler) set_warning_handler;
  decltype(&::igraph_strerror) strerror;
  decltype(&::igraph_vector_destroy) vector_destroy;
  decltype(&::igraph_vector_init) vector_init;
  decltype(&::igraph_vector_int_destroy) vector_int_destroy;
  decltype(&::igraph_vector_int_init) vector_int_init;
  decltype(&::igraph_vector_int_size) vector_int_size;
  const igraph_rng_type_t* rngtype_pcg32;
};

const IgraphApi& api() {
  static const IgraphApi loaded = [] {
    void* library = ::dlopen(POLICYGRAPH_IGRAPH_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      throw std::runtime_error(std::string("cannot load igraph's C library (") +
                               POLICYGRAPH_IGRAPH_LIBRARY + "): " + ::dlerror());
    }
    const auto symbol = [library](const char* name) {
      void* found = ::dlsym(library, name);
      if (found == nullptr) {
        throw std::runtime_error(std::string("igraph's C library (") + POLICYGRAPH_IGRAPH_LIBRARY +
                                 ") has no " + name);
      }
      return found;
    };
    const auto bind = [&symbol](auto& function, const char* name) {
      function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(symbol(name));
    };
    IgraphApi a{};
    bind(a.finally_free, "IGRAPH_FINALLY_FREE");
    bind(a.community_leiden, "igraph_community_leiden");
    bind(a.create, "igraph_create");
    bind(a.destroy, "igraph_destroy");
    bind(a.rng_default, "igraph_rng_default");
    bind(a.rng_destroy, "igraph_rng_destroy");
    bind(a.rng_init, "igraph_rng_init");
    bind(a.rng_seed, "igraph_rng_seed");
    bind(a.rng_set_default, "igraph_rng_set_default");
    bind(a.set_error_handler, "igraph_set_error_handler");
    bind(a.set_warning_handler, "igraph_set_warning_handler");
    bind(a.strerror, "igraph_strerror");
    bind(a.vector_destroy, "igraph_vector_destroy");
    bind(a.vector_init, "igraph_vector_init");
    bind(a.vector_int_destroy, "igraph_vector_int_destroy");
    bind(a.vector_int_init, "igraph_vector_int_init");
    bind(a.vector_int_size, "igraph_vector_int_size");
    a.rngtype_pcg32 = static_cast<const igraph_rng_type_t*>(symbol("igraph_rngtype_pcg32"));
    return a;
  }();
  return loaded;
}

// --- igraph, safely ------------------------------------------------------------

/// igraph's error handler, random generator and warning handler are global
/// (Debian builds it without thread-local state): every use below holds this.
std::mutex& igraph_mutex() {
  static std::mutex mutex;
  return mutex;
}

/// The reason igraph gave for its last error; written under igraph_mutex().
std::string& igraph_reason() {
  static std::string reason;
  return reason;
}

/// Instead of igraph's default, which aborts the process: free what the
/// failing function allocated, remember why, and let it return its code.
void remember_error(const char* reason, const char* /*file*/, int /*line*/,
                    igraph_error_t /*code*/) {
  api().finally_free();
  igraph_reason() = reason != nullptr ? reason : "";
}

void ignore_warning(const char* /*reason*/, const char* /*file*/, int /*line*/) {}

void check(igraph_error_t code, std::string_view call) {
  if (code == IGRAPH_SUCCESS) return;
  std::string what = "igraph: " + std::string(call) + " failed: " + api().strerror(code);
  if (!igraph_reason().empty()) what += " (" + igraph_reason() + ")";
  throw std::runtime_error(what);
}

/// For its lifetime: igraph reports errors as codes (to check()) and keeps
/// its warnings to itself; then the previous handlers are back.
class IgraphSession {
 public:
  IgraphSession()
      : lock_(igraph_mutex()),
        error_(api().set_error_handler(remember_error)),
        warning_(api().set_warning_handler(ignore_warning)) {
    igraph_reason().clear();
  }
  ~IgraphSession() {
    api().set_warning_handler(warning_);
    api().set_error_handler(error_);
  }
  IgraphSession(const IgraphSession&) = delete;
  IgraphSession& operator=(const IgraphSession&) = delete;
  IgraphSession(IgraphSession&&) = delete;
  IgraphSession& operator=(IgraphSession&&) = delete;

 private:
  std::lock_guard<std::mutex> lock_;
  igraph_error_handler_t* error_;
  igraph_warning_handler_t* warning_;
};

class RealVector {
 public:
  explicit RealVector(igraph_integer_t n) { check(api().vector_init(&v_, n), "vector_init"); }
  ~RealVector() { api().vector_destroy(&v_); }
  RealVector(const RealVector&) = delete;
  RealVector& operator=(const RealVector&) = delete;
  RealVector(RealVector&&) = delete;
  RealVector& operator=(RealVector&&) = delete;
  igraph_vector_t* get() { return &v_; }

 private:
  igraph_vector_t v_{};
};

class IntVector {
 public:
  explicit IntVector(igraph_integer_t n) {
    check(api().vector_int_init(&v_, n), "vector_int_init");
  }
  ~IntVector() { api().vector_int_destroy(&v_); }
  IntVector(const IntVector&) = delete;
  IntVector& operator=(const IntVector&) = delete;
  IntVector(IntVector&&) = delete;
  IntVector& operator=(IntVector&&) = delete;
  igraph_vector_int_t* get() { return &v_; }

 private:
  igraph_vector_int_t v_{};
};

class Graph {
 public:
  Graph(IntVector& edges, igraph_integer_t vertices) {
    check(api().create(&g_, edges.get(), vertices, IGRAPH_UNDIRECTED), "create");
  }
  ~Graph() { api().destroy(&g_); }
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;
  Graph(Graph&&) = delete;
  Graph& operator=(Graph&&) = delete;
  igraph_t* get() { return &g_; }

 private:
  igraph_t g_{};
};

/// A generator of our own, the default while it lives (Leiden draws from
/// the default one), so that a caller's generator, Python's for instance,
/// is neither used nor advanced.
///
/// igraph_rng_set_default copies the generator into the default in igraph
/// 0.10.2 (Debian 12) and keeps a pointer to it in later releases; both are
/// handled. Seeding goes through igraph_rng_default(): seeding only our copy
/// would leave the default "not seeded", and igraph would then seed it from
/// the clock before the first draw, making the first run differ from one
/// call to the next.
class Generator {
 public:
  Generator() : previous_(api().rng_default()), saved_(*previous_) {
    check(api().rng_init(&rng_, api().rngtype_pcg32), "rng_init");
    api().rng_set_default(&rng_);
    by_pointer_ = api().rng_default() == &rng_;
  }
  ~Generator() {
    if (by_pointer_) {
      api().rng_set_default(previous_);
    } else {
      api().rng_set_default(&saved_);  // copied back into the default
    }
    api().rng_destroy(&rng_);
  }
  Generator(const Generator&) = delete;
  Generator& operator=(const Generator&) = delete;
  Generator(Generator&&) = delete;
  Generator& operator=(Generator&&) = delete;
  void seed(std::uint64_t seed) {
    check(api().rng_seed(api().rng_default(), static_cast<igraph_uint_t>(seed)), "rng_seed");
  }

 private:
  igraph_rng_t* previous_;
  igraph_rng_t saved_;
  igraph_rng_t rng_{};
  bool by_pointer_ = false;
};

// --- the grouping -----------------------------------------------------------------

/// The present functions as vertices, in function-id order, and the pairs
/// between them as edges, in vertex order.
struct VertexGraph {
  std::vector<Index> function;   ///< per vertex
  std::vector<Index> vertex;     ///< per function, kNone when absent
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;  ///< (u < v)
  std::vector<double> weights;   ///< per edge
  std::vector<double> strength;  ///< per vertex
  double total = 0;              ///< W
};

VertexGraph vertex_graph(const Model& model, const Resolved& s) {
  VertexGraph g;
  const std::size_t n = model.functions.size();
  for (Index f = 0; f < n; ++f) {
    if (s.assign[f] != kNone) g.function.push_back(f);
  }
  std::sort(g.function.begin(), g.function.end(),
            [&](Index a, Index b) { return model.functions[a].id < model.functions[b].id; });
  g.vertex.assign(n, kNone);
  for (std::size_t v = 0; v < g.function.size(); ++v) {
    g.vertex[g.function[v]] = static_cast<Index>(v);
  }
  struct Edge {
    std::uint32_t u, v;
    double w;
  };
  std::vector<Edge> edges;
  const FunctionGraph& graph = model.graph;
  for (std::uint32_t f = 0; f < graph.vertex_count(); ++f) {
    const Index u = g.vertex[f];
    if (u == kNone) continue;
    const auto nbrs = graph.neighbours(f);
    const auto wts = graph.neighbour_weights(f);
    for (std::size_t i = 0; i < nbrs.size(); ++i) {
      const Index v = g.vertex[nbrs[i]];
      if (v != kNone && u < v) edges.push_back({u, v, wts[i]});
    }
  }
  std::sort(edges.begin(), edges.end(),
            [](const Edge& a, const Edge& b) { return a.u != b.u ? a.u < b.u : a.v < b.v; });
  g.strength.assign(g.function.size(), 0);
  g.edges.reserve(edges.size());
  g.weights.reserve(edges.size());
  for (const Edge& e : edges) {
    g.edges.emplace_back(e.u, e.v);
    g.weights.push_back(e.w);
    g.strength[e.u] += e.w;
    g.strength[e.v] += e.w;
    g.total += e.w;
  }
  return g;
}

/// Renumbers a partition of the vertices (labels 0 .. k-1, any order) by
/// size, largest first, then by smallest vertex (= smallest function id),
/// and returns it per function.
WorkGrouping canonical(const Model& model, const VertexGraph& g, std::vector<Index> label,
                       std::size_t k) {
  std::vector<std::size_t> size(k, 0);
  std::vector<Index> first(k, kNone);
  for (std::size_t v = 0; v < label.size(); ++v) {
    ++size[label[v]];
    if (first[label[v]] == kNone) first[label[v]] = static_cast<Index>(v);
  }
  std::vector<Index> rank(k);
  std::iota(rank.begin(), rank.end(), Index{0});
  std::sort(rank.begin(), rank.end(), [&](Index a, Index b) {
    return size[a] != size[b] ? size[a] > size[b] : first[a] < first[b];
  });
  std::vector<Index> number(k);
  for (std::size_t i = 0; i < k; ++i) number[rank[i]] = static_cast<Index>(i);
  WorkGrouping out;
  out.community.assign(model.functions.size(), kNone);
  for (std::size_t v = 0; v < label.size(); ++v) {
    out.community[g.function[v]] = number[label[v]];
  }
  out.communities = k;
  std::vector<Index> order(k);
  std::iota(order.begin(), order.end(), Index{0});
  out.modularity = partition_modularity(model.graph, out.community, order);
  return out;
}

/// Every vertex alone.
WorkGrouping singletons(const Model& model, const VertexGraph& g) {
  const std::size_t k = g.function.size();
  std::vector<Index> label(k);
  std::iota(label.begin(), label.end(), Index{0});
  return canonical(model, g, std::move(label), k);
}

/// The most Leiden iterations of one run: far more than it takes to settle
/// (a handful), a bound on the time should it not.
constexpr unsigned kMaxIterations = 50;

/// igraph's membership relabelled 0, 1, ... in order of first appearance,
/// so that two partitions compare equal whatever igraph numbered them.
std::vector<igraph_integer_t> first_appearance(IntVector& membership,
                                               igraph_integer_t clusters) {
  const igraph_integer_t n = api().vector_int_size(membership.get());
  std::vector<igraph_integer_t> seen(static_cast<std::size_t>(std::max<igraph_integer_t>(clusters, 0)),
                                     -1);
  std::vector<igraph_integer_t> out(static_cast<std::size_t>(n));
  igraph_integer_t next = 0;
  for (igraph_integer_t v = 0; v < n; ++v) {
    const igraph_integer_t c = VECTOR(*membership.get())[v];
    if (c < 0 || c >= clusters) {
      throw std::runtime_error("igraph: community_leiden gave a membership out of range");
    }
    igraph_integer_t& label = seen[static_cast<std::size_t>(c)];
    if (label < 0) label = next++;
    out[static_cast<std::size_t>(v)] = label;
  }
  return out;
}

}  // namespace

WorkGrouping work_grouping(const Model& model, const Resolved& s,
                           const WorkGroupingOptions& options) {
  if (!(options.resolution > 0) || !std::isfinite(options.resolution)) {
    throw std::invalid_argument("work_grouping: the resolution must be positive and finite");
  }
  if (options.restarts == 0) {
    throw std::invalid_argument("work_grouping: at least one restart is needed");
  }
  if (s.assign.size() != model.functions.size()) {
    throw std::invalid_argument("work_grouping: the structure is not one of this model's");
  }
  const VertexGraph g = vertex_graph(model, s);
  if (g.total <= 0) return singletons(model, g);

  const auto n = static_cast<igraph_integer_t>(g.function.size());
  const auto m = static_cast<igraph_integer_t>(g.edges.size());
  std::vector<std::vector<Index>> runs;
  std::vector<std::size_t> counts;
  {
    const IgraphSession session;
    IntVector edges(2 * m);
    RealVector weights(m);
    RealVector node_weights(n);
    for (igraph_integer_t e = 0; e < m; ++e) {
      const auto i = static_cast<std::size_t>(e);
      VECTOR(*edges.get())[2 * e] = g.edges[i].first;
      VECTOR(*edges.get())[2 * e + 1] = g.edges[i].second;
      VECTOR(*weights.get())[e] = g.weights[i];
    }
    for (igraph_integer_t v = 0; v < n; ++v) {
      VECTOR(*node_weights.get())[v] = g.strength[static_cast<std::size_t>(v)];
    }
    Graph graph(edges, n);
    Generator generator;
    IntVector membership(n);
    const double resolution = options.resolution / (2 * g.total);
    for (unsigned r = 0; r < options.restarts; ++r) {
      generator.seed(options.seed + r);
      igraph_integer_t clusters = 0;
      // Until an iteration changes nothing, as n_iterations < 0 means. In
      // igraph 0.10.2 that loop is inverted (igraph issue #2798, fixed in
      // 2025): it stops after the first iteration that changes the partition
      // and never ends when the first changes nothing (every function best
      // alone), so the iterations are run here one at a time, each from the
      // last one's partition, at most kMaxIterations.
      std::vector<igraph_integer_t> previous(static_cast<std::size_t>(n));
      std::iota(previous.begin(), previous.end(), igraph_integer_t{0});
      for (unsigned iteration = 0; iteration < kMaxIterations; ++iteration) {
        igraph_real_t quality = 0;
        check(api().community_leiden(graph.get(), weights.get(), node_weights.get(),
                                      resolution, /*beta=*/0.01, /*start=*/iteration > 0,
                                      /*n_iterations=*/1, membership.get(), &clusters,
                                      &quality),
              "community_leiden");
        std::vector<igraph_integer_t> current = first_appearance(membership, clusters);
        if (current == previous) break;
        previous = std::move(current);
      }
      // The last partition, dense in vertex order; a vertex without
      // dependencies gets a community of its own.
      std::vector<Index> label(g.function.size());
      std::vector<Index> dense(g.function.size(), kNone);
      std::size_t k = 0;
      for (std::size_t i = 0; i < label.size(); ++i) {
        if (g.strength[i] <= 0) {
          label[i] = static_cast<Index>(k++);
          continue;
        }
        Index& d = dense[static_cast<std::size_t>(previous[i])];
        if (d == kNone) d = static_cast<Index>(k++);
        label[i] = d;
      }
      runs.push_back(std::move(label));
      counts.push_back(k);
    }
  }
  WorkGrouping best;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    WorkGrouping candidate = canonical(model, g, std::move(runs[r]), counts[r]);
    if (r == 0 || candidate.modularity > best.modularity) best = std::move(candidate);
  }
  return best;
}

WorkGroupingFigures work_grouping_figures(const WorkGrouping& grouping,
                                          const std::vector<Index>& owner,
                                          double structure_modularity) {
  if (owner.size() != grouping.community.size()) {
    throw std::invalid_argument("work_grouping_figures: owners of another number of functions");
  }
  std::vector<std::uint64_t> units;
  std::vector<std::uint64_t> communities;
  for (std::size_t f = 0; f < owner.size(); ++f) {
    if ((owner[f] == kNone) != (grouping.community[f] == kNone)) {
      throw std::invalid_argument(
          "work_grouping_figures: the owners and the grouping have different present functions");
    }
    if (owner[f] == kNone) continue;
    units.push_back(owner[f]);
    communities.push_back(grouping.community[f]);
  }
  WorkGroupingFigures out;
  out.communities = grouping.communities;
  out.modularity = grouping.modularity;
  out.nmi = compare_partitions(units, communities).nmi;
  out.modularity_ratio =
      grouping.modularity == 0 ? 0 : structure_modularity / grouping.modularity;
  return out;
}

}  // namespace policygraph
