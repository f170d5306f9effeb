// `policygraph report`: one self-contained HTML page (no external resources).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <policygraph/analysis/compare.hpp>
#include <policygraph/analysis/diff.hpp>

namespace policygraph {

/// A picture of one structure: inline SVG when Graphviz rendered it, else
/// its DOT source (shown in a collapsible block).
struct ReportPicture {
  std::string caption;
  std::string svg;
  std::string dot;
};

struct ReportContent {
  std::string title;  ///< defaults to the model's title
  std::string lang;   ///< label language; also the page's `lang` when given
  std::vector<ReportPicture> pictures;
  std::string pictures_note;  ///< why there are no SVGs, when there are none
  std::vector<StructureDiff> diffs;  ///< baseline -> each other structure
  std::optional<std::string> sensitivity;  ///< preformatted text
  std::optional<std::string> proposal;     ///< preformatted text
};

/// The plain sentences that open the report: per domain, branches and
/// owner before and after and the cross-unit share of its dependencies;
/// control-tower coverage; the whole-structure seams. Baseline against the
/// first other structure compared.
[[nodiscard]] std::vector<std::string> summary_sentences(const Model& model, const Comparison& c,
                                                         std::string_view lang);

/// The whole page. Deterministic: same inputs, same bytes.
[[nodiscard]] std::string report_html(const Model& model, const Comparison& c,
                                      const ReportContent& content);

}  // namespace policygraph
