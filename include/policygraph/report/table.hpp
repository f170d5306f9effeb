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
/// or CJK character takes two), so Korean labels line up. Control
/// characters in cells (an ESC, a line break) are shown as `\xNN`
/// (escape_controls), and measured as shown.
[[nodiscard]] std::string render_text(const Table& table, std::string_view indent = "  ");
/// A GitHub-flavoured Markdown table (pipes escaped, line breaks as spaces,
/// other control characters shown as `\xNN`).
[[nodiscard]] std::string render_markdown(const Table& table);
/// RFC 4180 CSV with a header line; fields quoted where needed; LF line ends.
/// Cells are written as they are (the data, control characters included).
[[nodiscard]] std::string render_csv(const Table& table);

/// A whole page of text (the table and Markdown output of the commands,
/// optimize's explanation) ready for a terminal: every control character
/// but the line feeds of its layout shown as `\xNN` (escape_controls).
/// Tables escape their cells already; this catches the labels and ids in
/// headings and sentences. Every text writer returns its page through it.
[[nodiscard]] std::string terminal_page(std::string_view text);

/// Terminal columns taken by a UTF-8 string.
[[nodiscard]] std::size_t display_width(std::string_view text);

/// The name for people of a metric key of docs/metrics.md ("Cross-unit
/// share" for cross_unit_share), in the language of the process; the key
/// itself when it has none.
[[nodiscard]] std::string metric_title(std::string_view key);
/// The keys metric_title() names.
[[nodiscard]] const std::vector<std::string_view>& metric_keys();

/// rounded() with a sign: "+0.052", "-0.052", and "0" when it rounds to zero.
[[nodiscard]] std::string signed_rounded(double value, int decimals);

/// Fixed decimals for people ("0.412"); "-" when absent.
[[nodiscard]] std::string rounded(std::optional<double> value, int decimals);

}  // namespace policygraph
