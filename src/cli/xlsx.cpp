#include "xlsx.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>

#include <xlsxwriter.h>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/messages.hpp>
#include <policygraph/load/input_file.hpp>

namespace policygraph::cli {

namespace {

std::string cannot_make(std::string_view why) {
  // TRANSLATORS: {0} is a message of the system or of libxlsxwriter.
  return trf("cannot make a workbook: {0}", {why});
}

/// The cell as a number when the whole text is one (as CSV readers and
/// spreadsheets read it), else nothing: "0.25", "-3", "1e-05"; not "12 (+3)".
std::optional<double> as_number(const std::string& cell) {
  if (cell.empty() || cell.front() == '+' || cell.front() == ' ' || cell.back() == ' ') {
    return std::nullopt;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (ec != std::errc() || end != cell.data() + cell.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

/// The workbook's date: SOURCE_DATE_EPOCH (the reproducible-builds
/// convention) when set and valid, else the zip format's first day.
time_t workbook_date() {
  constexpr time_t k1980 = 315532800;
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (epoch == nullptr || *epoch == '\0') return k1980;
  long long value = 0;
  const auto [end, ec] = std::from_chars(epoch, epoch + std::strlen(epoch), value);
  if (ec != std::errc() || *end != '\0' || value < k1980) return k1980;
  return static_cast<time_t>(value);
}

/// Removes the temporary workbook however writing ends.
class TemporaryFile {
 public:
  TemporaryFile() {
    const std::filesystem::path dir = std::filesystem::temp_directory_path();
    path_ = (dir / "policygraph-XXXXXX.xlsx").string();
    const int fd = ::mkstemps(path_.data(), 5);
    if (fd < 0) throw FileError(cannot_make(std::strerror(errno)));
    ::close(fd);
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() { ::unlink(path_.c_str()); }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void check(lxw_error error) {
  if (error != LXW_NO_ERROR) {
    throw FileError(cannot_make(lxw_strerror(error)));
  }
}

void write_sheet(lxw_workbook* workbook, const Sheet& sheet, lxw_format* bold) {
  lxw_worksheet* ws = workbook_add_worksheet(workbook, sheet.name.c_str());
  if (ws == nullptr) {
    // TRANSLATORS: {0} is the name of a sheet of the workbook.
    throw FileError(trf("cannot make a workbook: bad sheet name {0}", {sheet.name}));
  }
  const Table& t = sheet.table;
  std::vector<std::size_t> width(t.header.size(), 8);
  const auto widen = [&](std::size_t c, const std::string& text) {
    if (c < width.size()) width[c] = std::max(width[c], display_width(text) + 2);
  };
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), t.header[c].c_str(), bold));
    widen(c, t.header[c]);
  }
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
      const std::string& cell = t.rows[r][c];
      if (cell.empty()) continue;
      const auto col = static_cast<lxw_col_t>(c);
      if (auto number = as_number(cell)) {
        check(worksheet_write_number(ws, row, col, *number, nullptr));
      } else {
        check(worksheet_write_string(ws, row, col, cell.c_str(), nullptr));
        widen(c, cell);
      }
    }
  }
  constexpr std::size_t kWidest = 60;
  for (std::size_t c = 0; c < width.size(); ++c) {
    check(worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                               static_cast<double>(std::min(width[c], kWidest)), nullptr));
  }
  worksheet_freeze_panes(ws, 1, 0);
}

}  // namespace

std::string xlsx_workbook(const std::vector<Sheet>& sheets) {
  const TemporaryFile file;
  lxw_workbook* workbook = workbook_new(file.path().c_str());
  if (workbook == nullptr) {
    // TRANSLATORS: {0} is a temporary file.
    throw FileError(trf("cannot make a workbook in {0}", {file.path()}));
  }
  lxw_doc_properties properties{};
  properties.created = workbook_date();
  workbook_set_properties(workbook, &properties);
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  try {
    for (const Sheet& sheet : sheets) write_sheet(workbook, sheet, bold);
  } catch (...) {
    workbook_close(workbook);
    throw;
  }
  check(workbook_close(workbook));
  return read_file(file.path(), kMaxCsvFileBytes);
}

}  // namespace policygraph::cli
