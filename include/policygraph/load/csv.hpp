// RFC 4180 CSV reading with line numbers, for the CSV forms of the model.
#pragma once

#include <array>
#include <cstddef>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <policygraph/core/diagnostics.hpp>

namespace policygraph {

/// One record: its fields and the line where it starts (1-based). Fields
/// view either the input text or storage owned by the reader; they are valid
/// only during the callback.
struct CsvRecord {
  std::size_t line = 0;
  std::vector<std::string_view> fields;
};

/// Reads RFC 4180 text: fields separated by `,`, optionally quoted with `"`
/// (doubled inside), newlines inside quotes, CRLF or LF line ends. A UTF-8
/// byte-order mark at the start is skipped; blank lines are skipped. Calls
/// `on_record` for every record, the header included; it returns false to
/// stop. Malformed text (unterminated quote, a quote inside an unquoted
/// field, text after a closing quote) is reported as `FILE:LINE: error:`;
/// such a record is dropped and reading goes on at the next line, except
/// after an unterminated quote, which ends the file. Returns false when an
/// error was reported.
bool read_csv(std::string_view text, const std::string& file, Diagnostics& diagnostics,
              const std::function<bool(const CsvRecord&)>& on_record);

/// The fast way through CSV text that needs none of RFC 4180's quoting,
/// for files of millions of records. unquoted_header() gives the first
/// line's fields and where the records start, unless that line is blank or
/// holds a quote (a byte-order mark is skipped). read_unquoted_records()
/// then calls `row(fields)` for each record, `fields` holding exactly
/// `width` (at most MaxWidth) views of the text, blank lines skipped, and
/// stops and returns false at the first record with a quote or another
/// number of fields, or when `row` returns false. A caller that meets
/// false reads the text again with read_csv, which says where and why.
struct UnquotedHeader {
  CsvRecord header;
  std::size_t body = 0;  ///< where the line after the header starts
};
[[nodiscard]] std::optional<UnquotedHeader> unquoted_header(std::string_view text);

template <std::size_t MaxWidth, typename Row>
bool read_unquoted_records(std::string_view text, std::size_t start, std::size_t width,
                           Row&& row) {
  if (width == 0 || width > MaxWidth) return false;
  // The bytes that end a field, or that this way does not take.
  static constexpr auto kStop = [] {
    std::array<bool, 256> stop{};
    for (unsigned char c : {',', '\n', '\r', '"'}) stop[c] = true;
    return stop;
  }();
  std::array<std::string_view, MaxWidth> fields{};
  const char* p = text.data() + start;
  const char* const end = text.data() + text.size();
  while (p < end) {
    if (*p == '\n' || *p == '\r') {  // a blank line
      ++p;
      continue;
    }
    for (std::size_t c = 0;; ++c) {
      const char* const begin = p;
      while (p < end && !kStop[static_cast<unsigned char>(*p)]) ++p;
      fields[c] = std::string_view(begin, static_cast<std::size_t>(p - begin));
      const bool last = c + 1 == width;
      if (p == end) {
        if (!last) return false;
        break;
      }
      if (*p == ',') {
        if (last) return false;
        ++p;
        continue;
      }
      if (*p == '"' || !last) return false;
      if (*p == '\r') ++p;
      if (p < end && *p == '\n') ++p;
      break;
    }
    if (!row(std::span<const std::string_view>(fields.data(), width))) return false;
  }
  return true;
}

/// The header of a CSV form: which column holds each wanted name.
struct CsvColumns {
  std::vector<std::size_t> index;  ///< per wanted name; npos when absent
  /// Columns named by a wanted prefix (`labels.ko`): position and the rest
  /// of the name (`ko`), in header order.
  std::vector<std::pair<std::size_t, std::string>> prefixed;
  static constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
};

/// Finds `wanted` columns by header name (any order), and every column
/// whose name is one of `prefixes` (e.g. "labels.") followed by a non-empty
/// rest. Reports a missing required column, a column named twice or a
/// prefix with nothing after it as an error, and an unknown column as a
/// warning naming the columns the form takes, all at `FILE:LINE`. Returns
/// false on an error.
bool find_columns(const CsvRecord& header, const std::vector<std::string>& wanted,
                  std::size_t required_count, const std::string& file, Diagnostics& diagnostics,
                  CsvColumns& columns, const std::vector<std::string>& prefixes = {});

}  // namespace policygraph
