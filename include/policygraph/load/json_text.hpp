// Parsing JSON text with locations for every syntax problem.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/text.hpp>

namespace policygraph {

/// Parses `text` as JSON. On a syntax error, invalid UTF-8, a lone surrogate
/// escape, a NUL byte, text after the document or a number that does not
/// fit a double, reports `FILE:LINE:COLUMN: error: ...` (1-based, column in
/// bytes); a key given twice in one object, or a document whose parsed form
/// would take more than kJsonMemoryFactor times the size of the text (plus
/// kJsonMemoryAllowance), is reported at its JSON pointer. Returns nothing
/// after any error. Deeply nested input is fine: the parser does not recurse.
inline constexpr std::size_t kJsonMemoryFactor = 16;
inline constexpr std::size_t kJsonMemoryAllowance = std::size_t{64} << 20;
[[nodiscard]] std::optional<nlohmann::json> parse_json(std::string_view text,
                                                       const std::string& file,
                                                       Diagnostics& diagnostics);

/// Line and column (1-based, column in bytes) of a byte offset in `text`.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
[[nodiscard]] TextPosition position_of(std::string_view text, std::size_t offset);

// is_valid_utf8, invalid_utf8_offset, printable and pointer_token, which readers use on
// their input and in their messages, come from <policygraph/core/text.hpp>.

}  // namespace policygraph
