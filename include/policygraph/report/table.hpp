// Plain tables rendered for a terminal, for Markdown and as CSV.
#pragma once

#include <policygraph/core/numbers.hpp>  // exact_number, for the writers

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace policygraph {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  /// Per column: align right (numbers). Missing entries mean left.
  std::vector<bool> right;
};

/// Aligned columns for a terminal; widths count display columns (a Hangul
/// or CJK character takes two), so Korean labels line up.
[[nodiscard]] std::string render_text(const Table& table, std::string_view indent = "  ");
/// A GitHub-flavoured Markdown table (pipes and newlines in cells escaped).
[[nodiscard]] std::string render_markdown(const Table& table);
/// RFC 4180 CSV with a header line; fields quoted where needed; LF line ends.
[[nodiscard]] std::string render_csv(const Table& table);

/// Terminal columns taken by a UTF-8 string.
[[nodiscard]] std::size_t display_width(std::string_view text);

/// Fixed decimals for people ("0.412"); "-" when absent.
[[nodiscard]] std::string rounded(std::optional<double> value, int decimals);

}  // namespace policygraph
