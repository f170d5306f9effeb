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
/// escape or a number that does not fit a double, reports
/// `FILE:LINE:COLUMN: error: ...` (1-based, column in bytes) and returns
/// nothing. Deeply nested input is fine: the parser does not recurse.
[[nodiscard]] std::optional<nlohmann::json> parse_json(std::string_view text,
                                                       const std::string& file,
                                                       Diagnostics& diagnostics);

/// Line and column (1-based, column in bytes) of a byte offset in `text`.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
[[nodiscard]] TextPosition position_of(std::string_view text, std::size_t offset);

/// Largest model (JSON) file read: the parsed document takes about ten
/// times its size in memory, so 512 MiB already needs some 5 GiB.
inline constexpr std::uintmax_t kMaxJsonFileBytes = std::uintmax_t{512} << 20;
/// Largest CSV file read (some 60 million dependencies); its parsed form
/// takes about four times its size.
inline constexpr std::uintmax_t kMaxCsvFileBytes = std::uintmax_t{2} << 30;

/// Reads a whole file; throws FileError naming the file and the reason,
/// also when it is larger than `limit` bytes (checked before reading when
/// the size is known, else while reading), so that a huge input is refused
/// instead of exhausting memory.
[[nodiscard]] std::string read_file(const std::string& path,
                                    std::uintmax_t limit = kMaxJsonFileBytes);

/// Escapes one JSON pointer reference token (`~` -> `~0`, `/` -> `~1`).
[[nodiscard]] std::string pointer_token(std::string_view key);

// is_valid_utf8, invalid_utf8_offset and printable, which readers use on
// their input and in their messages, come from <policygraph/core/text.hpp>.

}  // namespace policygraph
