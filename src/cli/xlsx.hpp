// Excel workbooks (--format xlsx): one sheet per table. Private to src/cli.
#pragma once

#include <string>
#include <vector>

#include <policygraph/report/table.hpp>

namespace policygraph::cli {

struct Sheet {
  std::string name;  ///< at most 31 characters, none of []:*?/\ (Excel's rule)
  Table table;
};

/// A sheet per name of `names`, in their order, each holding `table(name)`:
/// the --format xlsx workbook of a command whose --table names its tables.
template <class TableOf>
[[nodiscard]] std::vector<Sheet> sheets_of(const std::vector<std::string>& names, TableOf table) {
  std::vector<Sheet> sheets;
  sheets.reserve(names.size());
  for (const std::string& name : names) sheets.push_back({name, table(name)});
  return sheets;
}

/// The bytes of an .xlsx workbook holding `sheets` in order: a bold header
/// row that stays in view, cells that read wholly as a number written as
/// numbers (so that they sum and sort; to 16 significant digits, as
/// workbooks store them), the rest as text, columns as wide
/// as their text. The same sheets give the same bytes: the workbook's date
/// is SOURCE_DATE_EPOCH when set, else 1980-01-01. Throws FileError when the
/// workbook cannot be made.
[[nodiscard]] std::string xlsx_workbook(const std::vector<Sheet>& sheets);

}  // namespace policygraph::cli
