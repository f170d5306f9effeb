// The CSR graphs of policygraph as Boost.Graph graphs.
//
// A type G opts in with `template <> inline constexpr bool kIsCsrGraph<G> =
// true;` (see function_graph.hpp): it then models VertexListGraph,
// IncidenceGraph, AdjacencyGraph and EdgeListGraph, undirected, with
// vertex_index the identity on 0..n-1, and, when it has per-entry `weights`,
// an edge_weight property map. FunctionGraph and CsrGraph (the unit graph,
// metrics/betweenness.hpp) opt in, so Boost's algorithms run on them
// without copying.
//
// An edge descriptor is one entry of the rows: out_edges(u) yields u's row,
// source u and target the neighbour. Each undirected pair has two entries,
// one per row; they compare unequal, as the two directions of a pair of
// compressed_sparse_row_graph do, but carry the same weight. edges(g) lists
// each pair once, by its entry in the row of its smaller end.
#pragma once

#include <compare>
#include <cstdint>
#include <type_traits>
#include <utility>

#include <boost/graph/graph_traits.hpp>
#include <boost/graph/properties.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/iterator_facade.hpp>
#include <boost/property_map/property_map.hpp>

#include <policygraph/core/function_graph.hpp>

namespace policygraph {

/// An opted-in CSR type, const or not (Boost asks for graph_traits<const G> too).
template <class G>
concept CsrGraphType = kIsCsrGraph<std::remove_cv_t<G>>;

template <class G>
concept WeightedCsrGraphType = CsrGraphType<G> && requires(const G& g) {
  g.weights.data();
};

namespace bgl {

/// Offsets (and entry numbers) of a CSR type: 64 bits for FunctionGraph.
template <class G>
using Entry = typename decltype(G::offsets)::value_type;

/// One entry of a row: the edge from `source` to targets[entry].
template <class Offset>
struct CsrEdge {
  std::uint32_t source = 0;
  Offset entry = 0;
  friend bool operator==(const CsrEdge&, const CsrEdge&) = default;
  friend auto operator<=>(const CsrEdge&, const CsrEdge&) = default;
};

/// The entries of one row, as edges from the row's vertex.
template <class Offset>
class CsrOutEdgeIterator
    : public boost::iterator_facade<CsrOutEdgeIterator<Offset>, CsrEdge<Offset>,
                                    boost::random_access_traversal_tag, CsrEdge<Offset>,
                                    std::ptrdiff_t> {
 public:
  CsrOutEdgeIterator() = default;
  CsrOutEdgeIterator(std::uint32_t source, Offset entry) : edge_{source, entry} {}

 private:
  friend class boost::iterator_core_access;
  [[nodiscard]] CsrEdge<Offset> dereference() const { return edge_; }
  [[nodiscard]] bool equal(const CsrOutEdgeIterator& other) const {
    return edge_.entry == other.edge_.entry;
  }
  void increment() { ++edge_.entry; }
  void decrement() { --edge_.entry; }
  void advance(std::ptrdiff_t k) { edge_.entry = static_cast<Offset>(edge_.entry + k); }
  [[nodiscard]] std::ptrdiff_t distance_to(const CsrOutEdgeIterator& other) const {
    return static_cast<std::ptrdiff_t>(other.edge_.entry) -
           static_cast<std::ptrdiff_t>(edge_.entry);
  }
  CsrEdge<Offset> edge_;
};

/// Every undirected pair once: the entries whose target exceeds their row's
/// vertex, rows in order. O(n + 2m) for the whole pass.
template <class Offset>
class CsrEdgeIterator
    : public boost::iterator_facade<CsrEdgeIterator<Offset>, CsrEdge<Offset>,
                                    boost::forward_traversal_tag, CsrEdge<Offset>> {
 public:
  CsrEdgeIterator() = default;
  /// At the first kept entry at or after `entry`.
  CsrEdgeIterator(const Offset* offsets, const std::uint32_t* targets, std::size_t vertex_count,
                  Offset entry)
      : offsets_(offsets), targets_(targets), vertex_count_(vertex_count), edge_{0, entry} {
    skip_to_kept();
  }

 private:
  friend class boost::iterator_core_access;
  [[nodiscard]] CsrEdge<Offset> dereference() const { return edge_; }
  [[nodiscard]] bool equal(const CsrEdgeIterator& other) const {
    return edge_.entry == other.edge_.entry;
  }
  void increment() {
    ++edge_.entry;
    skip_to_kept();
  }
  void skip_to_kept() {
    const Offset end = vertex_count_ == 0 ? 0 : offsets_[vertex_count_];
    for (; edge_.entry < end; ++edge_.entry) {
      while (edge_.entry >= offsets_[edge_.source + 1]) ++edge_.source;
      if (targets_[edge_.entry] > edge_.source) return;
    }
  }
  const Offset* offsets_ = nullptr;
  const std::uint32_t* targets_ = nullptr;
  std::size_t vertex_count_ = 0;
  CsrEdge<Offset> edge_;
};

/// Every traversal the adaptor offers.
struct CsrTraversalTag : boost::vertex_list_graph_tag,
                         boost::incidence_graph_tag,
                         boost::adjacency_graph_tag,
                         boost::edge_list_graph_tag {};

/// The body of boost::graph_traits<G>.
template <class G>
struct CsrTraits {
  using vertex_descriptor = std::uint32_t;
  using edge_descriptor = CsrEdge<Entry<G>>;
  using directed_category = boost::undirected_tag;
  using edge_parallel_category = boost::disallow_parallel_edge_tag;
  using traversal_category = CsrTraversalTag;
  using vertex_iterator = boost::counting_iterator<std::uint32_t>;
  using out_edge_iterator = CsrOutEdgeIterator<Entry<G>>;
  using adjacency_iterator = const std::uint32_t*;
  using edge_iterator = CsrEdgeIterator<Entry<G>>;
  using in_edge_iterator = void;  // not a BidirectionalGraph, as Boost spells it
  using vertices_size_type = std::size_t;
  using edges_size_type = std::size_t;
  using degree_size_type = std::size_t;
  static vertex_descriptor null_vertex() { return UINT32_MAX; }
};

/// w(u, v) of an edge: weights[entry], read-only.
template <class Offset>
class CsrWeightMap : public boost::put_get_helper<const double&, CsrWeightMap<Offset>> {
 public:
  using key_type = CsrEdge<Offset>;
  using value_type = double;
  using reference = const double&;
  using category = boost::readable_property_map_tag;

  CsrWeightMap() = default;
  explicit CsrWeightMap(const double* weights) : weights_(weights) {}
  reference operator[](const key_type& e) const { return weights_[e.entry]; }

 private:
  const double* weights_ = nullptr;
};

}  // namespace bgl

// The free functions Boost.Graph's concepts ask for, found by argument-
// dependent lookup. All O(1) but `edges`, whose pass is O(n + m).

template <CsrGraphType G>
std::pair<boost::counting_iterator<std::uint32_t>, boost::counting_iterator<std::uint32_t>>
vertices(const G& g) {
  return {0U, static_cast<std::uint32_t>(g.vertex_count())};
}

template <CsrGraphType G>
std::size_t num_vertices(const G& g) {
  return g.vertex_count();
}

template <CsrGraphType G>
std::pair<bgl::CsrOutEdgeIterator<bgl::Entry<G>>, bgl::CsrOutEdgeIterator<bgl::Entry<G>>> out_edges(
    std::uint32_t u, const G& g) {
  return {{u, g.offsets[u]}, {u, g.offsets[u + 1]}};
}

template <CsrGraphType G>
std::size_t out_degree(std::uint32_t u, const G& g) {
  return g.offsets[u + 1] - g.offsets[u];
}

template <CsrGraphType G>
std::uint32_t source(const bgl::CsrEdge<bgl::Entry<G>>& e, const G& /*g*/) {
  return e.source;
}

template <CsrGraphType G>
std::uint32_t target(const bgl::CsrEdge<bgl::Entry<G>>& e, const G& g) {
  return g.targets[e.entry];
}

template <CsrGraphType G>
std::pair<const std::uint32_t*, const std::uint32_t*> adjacent_vertices(std::uint32_t u,
                                                                        const G& g) {
  return {g.targets.data() + g.offsets[u], g.targets.data() + g.offsets[u + 1]};
}

template <CsrGraphType G>
std::pair<bgl::CsrEdgeIterator<bgl::Entry<G>>, bgl::CsrEdgeIterator<bgl::Entry<G>>> edges(
    const G& g) {
  const std::size_t n = g.vertex_count();
  const bgl::Entry<G> end = n == 0 ? 0 : g.offsets[n];
  return {{g.offsets.data(), g.targets.data(), n, 0}, {g.offsets.data(), g.targets.data(), n, end}};
}

/// Undirected pairs.
template <CsrGraphType G>
std::size_t num_edges(const G& g) {
  return g.targets.size() / 2;
}

template <CsrGraphType G>
boost::typed_identity_property_map<std::uint32_t> get(boost::vertex_index_t /*tag*/,
                                                      const G& /*g*/) {
  return {};
}

template <CsrGraphType G>
std::uint32_t get(boost::vertex_index_t /*tag*/, const G& /*g*/, std::uint32_t v) {
  return v;
}

template <WeightedCsrGraphType G>
bgl::CsrWeightMap<bgl::Entry<G>> get(boost::edge_weight_t /*tag*/, const G& g) {
  return bgl::CsrWeightMap<bgl::Entry<G>>(g.weights.data());
}

template <WeightedCsrGraphType G>
double get(boost::edge_weight_t /*tag*/, const G& g, const bgl::CsrEdge<bgl::Entry<G>>& e) {
  return g.weights[e.entry];
}

}  // namespace policygraph

namespace boost {

template <policygraph::CsrGraphType G>
struct graph_traits<G> : policygraph::bgl::CsrTraits<std::remove_cv_t<G>> {};

template <policygraph::CsrGraphType G>
struct property_map<G, vertex_index_t, void> {
  using type = typed_identity_property_map<std::uint32_t>;
  using const_type = type;
};

template <policygraph::WeightedCsrGraphType G>
struct property_map<G, edge_weight_t, void> {
  using type = policygraph::bgl::CsrWeightMap<policygraph::bgl::Entry<G>>;
  using const_type = type;
};

}  // namespace boost
