// GraphML export of one structure, for Gephi, yEd, Cytoscape and networkx.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <policygraph/core/model.hpp>

namespace policygraph {

/// The function graph of structure `s` as GraphML (UTF-8, undirected):
/// a node per present function, id = function id, with data keys `id`,
/// `label`, `domains` (`;`-joined ids), `primary_domain`, `unit` (owning
/// unit id) and `unit_path` ("Ministry > Office > Bureau", labels in
/// `lang`); an edge per pair of present functions with a dependency, with
/// `weight` (the summed weight, a double) and `kind` (the kinds of the
/// merged dependencies, `;`-joined in the order first written). Nodes in
/// model order, edges in graph order. O(|F| + |dependencies|).
[[nodiscard]] std::string graphml_text(const Model& model, Index s, std::string_view lang);

/// Per undirected pair {u, v} of `model.graph` (u < v, in graph order): the
/// distinct kinds of its dependencies, in the order first written.
[[nodiscard]] std::vector<std::vector<std::uint32_t>> pair_kinds(const Model& model);

/// `s` escaped for XML text or a double-quoted attribute value: `& < > "`
/// as entities, tab, newline and carriage return as character references,
/// characters XML 1.0 forbids (other controls, U+FFFE, U+FFFF) as U+FFFD.
[[nodiscard]] std::string xml_escaped(std::string_view s);

/// The shortest decimal text that reads back as exactly `x` ("2", "0.1").
[[nodiscard]] std::string round_trip_number(double x);

}  // namespace policygraph
