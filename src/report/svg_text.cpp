#include "svg_text.hpp"

#include <cmath>

#include <policygraph/core/text.hpp>
#include <policygraph/report/table.hpp>

namespace policygraph::svg {

std::string px(Tenths t) {
  const bool negative = t < 0;
  const std::uint64_t a = negative ? std::uint64_t(-(t + 1)) + 1 : std::uint64_t(t);
  std::string out = (negative ? "-" : "") + std::to_string(a / 10);
  if (a % 10 != 0) out += "." + std::to_string(a % 10);
  return out;
}

Tenths text_width(std::string_view text, int size, bool bold) {
  const double em_per_column = bold ? 0.65 : 0.6;
  return static_cast<Tenths>(std::ceil(double(display_width(text)) * em_per_column * size * 10.0));
}

std::string cut(std::string_view s, std::size_t columns) {
  if (display_width(s) <= columns) return std::string(s);
  std::string out;
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const Utf8Char c = code_point_at(s, i);
    const std::string_view piece = s.substr(i, c.length);
    const std::size_t w = display_width(piece);
    if (width + w + 1 > columns) break;
    out += piece;
    width += w;
    i += c.length;
  }
  return out + "…";
}

std::vector<std::string> wrap(std::string_view s, Tenths width, int size, bool bold) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t at = 0;
  while (at <= s.size()) {
    std::size_t end = s.find(' ', at);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view word = s.substr(at, end - at);
    if (!word.empty()) {
      std::string longer = line.empty() ? std::string(word) : line + " " + std::string(word);
      if (!line.empty() && text_width(longer, size, bold) > width) {
        lines.push_back(line);
        line = std::string(word);
      } else {
        line = std::move(longer);
      }
    }
    at = end + 1;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

std::vector<std::string> wrap_evenly(std::string_view s, Tenths width, int size, bool bold) {
  std::vector<std::string> lines = wrap(s, width, size, bold);
  if (lines.size() < 2) return lines;
  const std::size_t n = lines.size();
  Tenths low = 0, high = width;  // wrap(high) fits in n lines; wrap(low) does not
  while (high - low > 10) {
    const Tenths mid = low + (high - low) / 2;
    if (wrap(s, mid, size, bold).size() <= n) {
      high = mid;
    } else {
      low = mid;
    }
  }
  return wrap(s, high, size, bold);
}

std::string text(std::string_view s) { return escape_xml(s); }
std::string attr(std::string_view s) {
  XmlEscaping how;
  how.whitespace_as_references = true;
  return escape_xml(s, how);
}

}  // namespace policygraph::svg
