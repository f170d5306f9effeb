// RFC 4180 CSV reading with line numbers, for the CSV forms of the model.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
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
