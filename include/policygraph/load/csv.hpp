// RFC 4180 CSV reading with line numbers, for the CSV forms of the model.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
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
  static constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
};

/// Finds `wanted` columns by header name (any order). Reports a missing
/// required column as an error and an unknown column as a warning, both at
/// `FILE:LINE`. Returns false when a required column is missing.
bool find_columns(const CsvRecord& header, const std::vector<std::string>& wanted,
                  std::size_t required_count, const std::string& file, Diagnostics& diagnostics,
                  CsvColumns& columns);

}  // namespace policygraph
