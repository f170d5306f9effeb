#include <policygraph/report/table.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>

#include <policygraph/core/messages.hpp>
#include <policygraph/core/text.hpp>

namespace policygraph {
namespace {

bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA960 && cp <= 0xA97F) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
         (cp >= 0x20000 && cp <= 0x3FFFD);
}

std::string escape_markdown(std::string_view cell) {
  std::string out;
  for (char c : cell) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return escape_controls(out);
}

std::string csv_field(std::string_view cell) {
  if (cell.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(cell);
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto [cp, length] = code_point_at(text, i);  // a stray byte: one column
    i += length;
    if (cp >= 0x300 && cp <= 0x36F) continue;  // combining marks
    width += is_wide(cp) ? 2 : 1;
  }
  return width;
}

std::string render_text(const Table& table, std::string_view indent) {
  const std::size_t columns = table.header.size();
  // Every cell as a terminal shows it (controls as \xNN), measured so.
  const auto shown = [](const std::vector<std::string>& row) {
    std::vector<std::string> out;
    out.reserve(row.size());
    for (const std::string& cell : row) out.push_back(escape_controls(cell));
    return out;
  };
  const std::vector<std::string> header = shown(table.header);
  std::vector<std::vector<std::string>> rows;
  rows.reserve(table.rows.size());
  for (const auto& row : table.rows) rows.push_back(shown(row));
  std::vector<std::size_t> width(columns, 0);
  const auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < columns && c < row.size(); ++c) {
      width[c] = std::max(width[c], display_width(row[c]));
    }
  };
  measure(header);
  for (const auto& row : rows) measure(row);
  std::string out;
  const auto line = [&](const std::vector<std::string>& row) {
    std::string text(indent);
    for (std::size_t c = 0; c < columns; ++c) {
      const std::string& cell = c < row.size() ? row[c] : std::string();
      const std::string pad(width[c] - display_width(cell), ' ');
      const bool right = c < table.right.size() && table.right[c];
      text += right ? pad + cell : cell + (c + 1 < columns ? pad : "");
      if (c + 1 < columns) text += "  ";
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + '\n';
  };
  line(header);
  std::vector<std::string> rule;
  for (std::size_t c = 0; c < columns; ++c) rule.emplace_back(width[c], '-');
  line(rule);
  for (const auto& row : rows) line(row);
  return out;
}

std::string render_markdown(const Table& table) {
  std::string out = "|";
  for (const auto& h : table.header) out += " " + escape_markdown(h) + " |";
  out += "\n|";
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    out += (c < table.right.size() && table.right[c]) ? "---:|" : "---|";
  }
  out += '\n';
  for (const auto& row : table.rows) {
    out += "|";
    for (const auto& cell : row) out += " " + escape_markdown(cell) + " |";
    out += '\n';
  }
  return out;
}

std::string render_csv(const Table& table) {
  std::string out;
  const auto line = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out += ',';
      out += csv_field(row[c]);
    }
    out += '\n';
  };
  line(table.header);
  for (const auto& row : table.rows) line(row);
  return out;
}

std::string terminal_page(std::string_view text) { return escape_controls(text, true); }

std::string rounded(std::optional<double> value, int decimals) {
  if (!value) return "-";
  double v = *value;
  if (std::abs(v) < 0.5 * std::pow(10.0, -decimals)) v = 0;  // no "-0.000"
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

namespace {

/// Names for people of the metric keys of the tables (docs/metrics.md).
struct MetricName {
  const char* key;
  const char* name;
};
constexpr MetricName kMetricNames[] = {
    {"functions", N_("Functions")},
    {"dependencies", N_("Dependencies")},
    {"total_weight", N_("Total dependency weight")},
    {"cross_unit_share", N_("Cross-unit share")},
    {"modularity", N_("Modularity")},
    {"coordination_distance_mean", N_("Mean tree distance of coordination")},
    {"top_level_share", N_("Top-level share")},
    {"escalation_depth_mean", N_("Mean escalation depth")},
    {"alignment_nmi", N_("Alignment of units with domains (NMI)")},
    {"units", N_("Units")},
    {"owning_units", N_("Units that own functions")},
    {"depth", N_("Depth of the tree")},
    {"span_mean", N_("Mean span of control")},
    {"span_max", N_("Largest span of control")},
    {"headcount", N_("Headcount")},
    {"work_grouping_communities", N_("Communities of the work's own grouping")},
    {"work_grouping_modularity", N_("Modularity of the work's own grouping")},
    {"work_grouping_nmi", N_("Agreement of units with the work's grouping (NMI)")},
    {"work_grouping_modularity_ratio", N_("Modularity ratio to the work's grouping")},
    {"coordination_cost", N_("Coordination cost")},
    {"common_functions", N_("Functions in both")},
    {"moved_functions", N_("Functions that changed hands")},
    {"followed_functions", N_("Functions that went with their unit")},
    {"added_functions", N_("Functions added")},
    {"dropped_functions", N_("Functions dropped")},
    {"nmi", N_("Similarity of the two partitions (NMI)")},
    {"vi", N_("Variation of information")},
    {"adjusted_rand", N_("Adjusted Rand index")},
    {"split_join", N_("Split-join distance")},
};

}  // namespace

std::string metric_title(std::string_view key) {
  for (const MetricName& m : kMetricNames) {
    if (key == m.key) return tr(m.name);
  }
  return std::string(key);
}

const std::vector<std::string_view>& metric_keys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> out;
    for (const MetricName& m : kMetricNames) out.push_back(m.key);
    return out;
  }();
  return keys;
}

std::string signed_rounded(double value, int decimals) {
  std::string s = rounded(value, decimals);
  if (s.find_first_not_of("0.-") == std::string::npos) return "0";
  return value > 0 ? "+" + s : s;
}

}  // namespace policygraph
