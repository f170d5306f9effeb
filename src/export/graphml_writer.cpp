#include <policygraph/export/graphml_writer.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <policygraph/core/text.hpp>

namespace policygraph {

std::string xml_escaped(std::string_view s) {
  // Data keys and ids must read back exactly, in text and in attributes alike.
  return escape_xml(s, {.whitespace_as_references = true});
}

std::string round_trip_number(double x) {
  char buffer[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, x);
    if (std::strtod(buffer, nullptr) == x) break;
  }
  return buffer;
}

std::vector<std::vector<std::uint32_t>> pair_kinds(const Model& model) {
  const FunctionGraph& g = model.graph;
  std::vector<std::vector<std::uint32_t>> kinds(g.pair_count());
  // Pair number of the CSR entry u -> v (u < v): entries with v > u, counted
  // row by row, in graph order.
  std::vector<std::uint64_t> first_pair(g.vertex_count() + 1, 0);
  for (std::uint32_t u = 0; u < g.vertex_count(); ++u) {
    const auto nbrs = g.neighbours(u);
    const auto above = nbrs.end() - std::upper_bound(nbrs.begin(), nbrs.end(), u);
    first_pair[u + 1] = first_pair[u] + static_cast<std::uint64_t>(above);
  }
  for (const Dependency& d : model.dependencies) {
    if (d.from == d.to) continue;
    const std::uint32_t u = std::min(d.from, d.to);
    const std::uint32_t v = std::max(d.from, d.to);
    const auto nbrs = g.neighbours(u);
    const auto above = std::upper_bound(nbrs.begin(), nbrs.end(), u);
    const auto at = std::lower_bound(above, nbrs.end(), v);
    if (at == nbrs.end() || *at != v) continue;  // not a pair (weight summed to 0)
    auto& list = kinds[first_pair[u] + static_cast<std::uint64_t>(at - above)];
    if (std::find(list.begin(), list.end(), d.kind) == list.end()) list.push_back(d.kind);
  }
  return kinds;
}

namespace {

std::string data(std::string_view key, std::string_view value) {
  return "      <data key=\"" + std::string(key) + "\">" + xml_escaped(value) + "</data>\n";
}

}  // namespace

std::string graphml_text(const Model& model, Index s_index, std::string_view lang) {
  const Resolved& s = model.structures[s_index];
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
      "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
      "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  for (const char* key : {"id", "label", "domains", "primary_domain", "unit", "unit_path"}) {
    out += "  <key id=\"" + std::string(key) + "\" for=\"node\" attr.name=\"" + key +
           "\" attr.type=\"string\"/>\n";
  }
  out += "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n";
  out += "  <key id=\"kind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n";
  out += "  <graph id=\"" + xml_escaped(s.id) + "\" edgedefault=\"undirected\">\n";
  for (Index f = 0; f < s.assign.size(); ++f) {
    const Index unit = s.assign[f];
    if (unit == kNone) continue;
    const Function& fn = model.functions[f];
    std::string domains;
    for (Index d : fn.domains) domains += (domains.empty() ? "" : ";") + model.domains[d].id;
    out += "    <node id=\"" + xml_escaped(fn.id) + "\">\n";
    out += data("id", fn.id);
    out += data("label", fn.labels.pick(lang, fn.id));
    out += data("domains", domains);
    out += data("primary_domain", model.domains[fn.domains.front()].id);
    out += data("unit", model.unit_ids[unit]);
    out += data("unit_path", model.unit_path(s, unit, lang));
    out += "    </node>\n";
  }
  const std::vector<std::vector<std::uint32_t>> kinds = pair_kinds(model);
  std::size_t pair = 0;
  for (Index u = 0; u < model.graph.vertex_count(); ++u) {
    const auto nbrs = model.graph.neighbours(u);
    const auto wts = model.graph.neighbour_weights(u);
    for (std::size_t i = 0; i < nbrs.size(); ++i) {
      const Index v = nbrs[i];
      if (v < u) continue;
      const std::size_t this_pair = pair++;
      if (s.assign[u] == kNone || s.assign[v] == kNone) continue;
      std::string kind;
      for (std::uint32_t k : kinds[this_pair]) {
        kind += (kind.empty() ? "" : ";") + model.dependency_kinds[k];
      }
      out += "    <edge source=\"" + xml_escaped(model.functions[u].id) + "\" target=\"" +
             xml_escaped(model.functions[v].id) + "\">\n";
      out += data("weight", round_trip_number(wts[i]));
      out += data("kind", kind);
      out += "    </edge>\n";
    }
  }
  out += "  </graph>\n</graphml>\n";
  return out;
}

}  // namespace policygraph
