// The alluvial picture of `explain`: functions flowing from the units of
// one structure to those of another, drawn as SVG by the tool itself.
#pragma once

#include <policygraph/analysis/explain.hpp>
#include <string>
#include <string_view>

namespace policygraph {

/// A self-contained SVG document (no script, no external reference): the
/// units of FROM at the level on the left and those of TO on the right,
/// each a bar as tall as the functions it holds (functions present on both
/// sides), in tree order; a band per (unit, unit, primary domain) flow,
/// coloured by the domain, with a legend of the domains. Labels in `lang`.
/// The same explanation gives the same bytes.
[[nodiscard]] std::string alluvial_svg(const Model& model, const Explanation& e,
                                       std::string_view lang);

}  // namespace policygraph
