// Parsing JSON text with locations for every syntax problem.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// The plain elements of the array at /dependencies of a model, kept
/// without a document of their own: a large model lists millions, and an
/// object in the document takes some 500 bytes. Plain is an object with the
/// keys "from" and "to", and perhaps "kind" and "note", each a string, and
/// "weight", a number, each key once. In the document, each such element is
/// a null that holds its place; every other element is there as written, so
/// that the reader can say what is wrong with it and where.
class PlainDependencies {
 public:
  struct Record {
    std::uint32_t index;      ///< in the array
    std::uint32_t from_size;  ///< the texts, one after another from `start`
    std::uint32_t to_size;
    std::uint32_t kind_size;  ///< kNoKind when there is no "kind"
    std::uint64_t start;
    nlohmann::json weight;  ///< the number as written, or null
  };
  static constexpr std::uint32_t kNoKind = 0xffffffff;

  [[nodiscard]] const std::vector<Record>& records() const { return records_; }
  [[nodiscard]] std::string_view from(const Record& r) const { return text(r.start, r.from_size); }
  [[nodiscard]] std::string_view to(const Record& r) const {
    return text(r.start + r.from_size, r.to_size);
  }
  [[nodiscard]] std::optional<std::string_view> kind(const Record& r) const {
    if (r.kind_size == kNoKind) return std::nullopt;
    return text(r.start + r.from_size + r.to_size, r.kind_size);
  }

  /// Adds a record at `index`; returns the bytes it takes.
  std::size_t add(std::uint32_t index, std::string_view from, std::string_view to,
                  const std::optional<std::string_view>& kind, nlohmann::json weight);

 private:
  [[nodiscard]] std::string_view text(std::uint64_t start, std::uint32_t size) const {
    return std::string_view(texts_).substr(start, size);
  }
  std::vector<Record> records_;
  std::string texts_;
};

/// As parse_json, with the plain elements of /dependencies into `plain`.
[[nodiscard]] std::optional<nlohmann::json> parse_json(std::string_view text,
                                                       const std::string& file,
                                                       Diagnostics& diagnostics,
                                                       PlainDependencies* plain);

/// Line and column (1-based, column in bytes) of a byte offset in `text`.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
[[nodiscard]] TextPosition position_of(std::string_view text, std::size_t offset);

// is_valid_utf8, invalid_utf8_offset, printable and pointer_token, which readers use on
// their input and in their messages, come from <policygraph/core/text.hpp>.

}  // namespace policygraph
