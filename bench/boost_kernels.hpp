// Boost.Graph counterparts of hand-written kernels, run on the library's own
// graphs through <policygraph/core/graph_traits.hpp>. The benchmarks time
// them against the library's kernels; the tests check that they agree.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/property_map/property_map.hpp>

#include <policygraph/core/function_graph.hpp>
#include <policygraph/core/graph_traits.hpp>
#include <policygraph/core/model.hpp>
#include <policygraph/metrics/betweenness.hpp>

namespace policygraph::bench {

/// DomainMetrics::components and ::fragments of one domain.
struct ComponentCounts {
  std::size_t components = 0;
  std::size_t fragments = 0;
  friend bool operator==(const ComponentCounts&, const ComponentCounts&) = default;
};

namespace detail {

using FunctionEdge = boost::graph_traits<FunctionGraph>::edge_descriptor;

/// Keeps the domain's functions.
struct InMembers {
  const std::vector<std::uint8_t>* member = nullptr;
  bool operator()(std::uint32_t f) const { return (*member)[f] != 0; }
};

/// Keeps the edges whose two ends have the same owning unit.
struct InsideOneUnit {
  const FunctionGraph* graph = nullptr;
  const std::vector<Index>* owner = nullptr;
  bool operator()(const FunctionEdge& e) const {
    return (*owner)[source(e, *graph)] == (*owner)[target(e, *graph)];
  }
};

}  // namespace detail

/// Components of G[members] and of its unit-internal part, each counted by
/// boost::connected_components on a filtered_graph of the function graph.
/// O(n + m) per call: the filtered views still walk every function.
inline ComponentCounts boost_domain_components(const FunctionGraph& g,
                                               std::span<const std::uint32_t> members,
                                               const std::vector<Index>& owner) {
  std::vector<std::uint8_t> member(g.vertex_count(), 0);
  for (const std::uint32_t f : members) member[f] = 1;
  std::vector<std::uint32_t> component(g.vertex_count());
  const auto component_map =
      boost::make_iterator_property_map(component.begin(), get(boost::vertex_index, g));
  const detail::InMembers in_members{&member};
  const boost::filtered_graph<FunctionGraph, boost::keep_all, detail::InMembers> all_edges(
      g, boost::keep_all(), in_members);
  const boost::filtered_graph<FunctionGraph, detail::InsideOneUnit, detail::InMembers> unit_edges(
      g, detail::InsideOneUnit{&g, &owner}, in_members);
  return {boost::connected_components(all_edges, component_map),
          boost::connected_components(unit_edges, component_map)};
}

/// boost::brandes_betweenness_centrality on the unit graph, unweighted,
/// scaled as betweenness_centrality scales (networkx's normalization:
/// relative_betweenness_centrality); all 0 when n <= 2.
inline std::vector<double> boost_betweenness(const CsrGraph& g) {
  const std::size_t n = g.vertex_count();
  std::vector<double> centrality(n, 0);
  if (n <= 2) return centrality;
  const auto map =
      boost::make_iterator_property_map(centrality.begin(), get(boost::vertex_index, g));
  boost::brandes_betweenness_centrality(g, map);
  boost::relative_betweenness_centrality(g, map);
  return centrality;
}

}  // namespace policygraph::bench
