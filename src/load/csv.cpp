#include <policygraph/load/csv.hpp>

#include <algorithm>

#include <policygraph/core/messages.hpp>

namespace policygraph {

bool read_csv(std::string_view text, const std::string& file, Diagnostics& diagnostics,
              const std::function<bool(const CsvRecord&)>& on_record) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  CsvRecord record;
  std::deque<std::string> owned;  // unescaped quoted fields; stable addresses
  std::size_t line = 1;
  std::size_t i = 0;
  bool ok = true;
  const std::size_t n = text.size();
  const auto at_line_end = [&](std::size_t k) {
    return k >= n || text[k] == '\n' || text[k] == '\r';
  };
  const auto skip_line_end = [&](std::size_t k) {
    if (k < n && text[k] == '\r') ++k;
    if (k < n && text[k] == '\n') ++k;
    return k;
  };
  while (i < n) {
    // Blank line.
    if (text[i] == '\n' || text[i] == '\r') {
      i = skip_line_end(i);
      ++line;
      continue;
    }
    record.line = line;
    record.fields.clear();
    owned.clear();
    bool malformed = false;
    while (true) {
      if (i < n && text[i] == '"') {
        const std::size_t start_line = line;
        std::string* value = nullptr;
        std::size_t begin = ++i;
        bool closed = false;
        while (i < n) {
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              if (value == nullptr) value = &owned.emplace_back(text.substr(begin, i - begin));
              else value->append(text.substr(begin, i - begin));
              value->push_back('"');
              i += 2;
              begin = i;
              continue;
            }
            closed = true;
            break;
          }
          if (text[i] == '\n') ++line;
          ++i;
        }
        if (!closed) {
          diagnostics.error_at_line(file, start_line, 0, tr("unterminated quoted field"));
          return false;
        }
        if (value == nullptr) {
          record.fields.push_back(text.substr(begin, i - begin));
        } else {
          value->append(text.substr(begin, i - begin));
          record.fields.emplace_back(*value);
        }
        ++i;  // closing quote
        if (!(at_line_end(i) || text[i] == ',')) {
          diagnostics.error_at_line(file, line, 0,
                                    tr("unexpected text after a closing quote (quote the whole "
                                       "field and double the quotes inside it)"));
          malformed = true;
          break;
        }
      } else {
        const std::size_t begin = i;
        while (!at_line_end(i) && text[i] != ',') {
          if (text[i] == '"') {
            diagnostics.error_at_line(file, line, 0,
                                      tr("quote inside an unquoted field (quote the whole field "
                                         "and double the quotes inside it)"));
            malformed = true;
            break;
          }
          ++i;
        }
        if (malformed) break;
        record.fields.push_back(text.substr(begin, i - begin));
      }
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
    if (malformed) {
      // Drop the record and go on with the next line, so that every bad
      // line is reported, not only the first.
      ok = false;
      while (!at_line_end(i)) ++i;
      i = skip_line_end(i);
      ++line;
      continue;
    }
    i = skip_line_end(i);
    ++line;
    if (!on_record(record)) return ok;
  }
  return ok;
}

std::optional<UnquotedHeader> unquoted_header(std::string_view text) {
  UnquotedHeader h;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") h.body = 3;
  const std::size_t eol = std::min(text.find_first_of("\r\n", h.body), text.size());
  const std::string_view line = text.substr(h.body, eol - h.body);
  if (line.empty() || line.find('"') != std::string_view::npos) return std::nullopt;
  h.header.line = 1;
  for (std::size_t from = 0;;) {
    const std::size_t comma = std::min(line.find(',', from), line.size());
    h.header.fields.push_back(line.substr(from, comma - from));
    if (comma == line.size()) break;
    from = comma + 1;
  }
  h.body = eol;
  if (h.body < text.size() && text[h.body] == '\r') ++h.body;
  if (h.body < text.size() && text[h.body] == '\n') ++h.body;
  return h;
}

bool find_columns(const CsvRecord& header, const std::vector<std::string>& wanted,
                  std::size_t required_count, const std::string& file, Diagnostics& diagnostics,
                  CsvColumns& columns, const std::vector<std::string>& prefixes) {
  // "id,domains,label,labels.TAG": what the form takes, for messages.
  std::string known;
  for (const std::string& w : wanted) known += (known.empty() ? "" : ",") + w;
  for (const std::string& p : prefixes) known += (known.empty() ? "" : ",") + p + "TAG";
  columns.index.assign(wanted.size(), CsvColumns::kAbsent);
  columns.prefixed.clear();
  std::vector<std::string_view> seen_prefixed;
  bool ok = true;
  for (std::size_t c = 0; c < header.fields.size(); ++c) {
    const std::string_view name = header.fields[c];
    const auto it = std::find(wanted.begin(), wanted.end(), name);
    if (it != wanted.end()) {
      const auto w = static_cast<std::size_t>(it - wanted.begin());
      if (columns.index[w] != CsvColumns::kAbsent) {
        // TRANSLATORS: {0} is the name of a column of a CSV file, in quotes.
        diagnostics.error_at_line(file, header.line, 0,
                                  trf("column {0} appears twice in the header",
                                      {in_quotes(wanted[w])}));
        return false;
      }
      columns.index[w] = c;
      continue;
    }
    const auto prefix = std::find_if(prefixes.begin(), prefixes.end(), [&](const std::string& p) {
      return name.starts_with(p);
    });
    if (prefix == prefixes.end()) {
      // TRANSLATORS: {0} is the name of a column, in quotes; {1} the columns
      // the file takes, as written in its header (id,domains,label); {2} is
      // empty or ' (did you mean "NAME"?)'.
      std::string message = trf("unknown column {0} (ignored; the columns are {1}){2}",
                                {in_quotes(name), known, did_you_mean(std::string(name), wanted)});
      diagnostics.warning_at_line(file, header.line, std::move(message));
      continue;
    }
    if (name.size() == prefix->size()) {
      // TRANSLATORS: {0} is the name of a column, in quotes; {1} the start of
      // its name (labels.), after which a language tag (ko) goes.
      std::string message = trf("column {0} needs a language tag after \"{1}\" (e.g. {1}ko)",
                                {in_quotes(name), *prefix});
      diagnostics.error_at_line(file, header.line, 0, std::move(message));
      ok = false;
      continue;
    }
    if (std::find(seen_prefixed.begin(), seen_prefixed.end(), name) != seen_prefixed.end()) {
      diagnostics.error_at_line(file, header.line, 0,
                                trf("column {0} appears twice in the header", {in_quotes(name)}));
      return false;
    }
    seen_prefixed.push_back(name);
    columns.prefixed.emplace_back(c, std::string(name.substr(prefix->size())));
  }
  for (std::size_t w = 0; w < required_count; ++w) {
    if (columns.index[w] == CsvColumns::kAbsent) {
      // TRANSLATORS: {0} is the name of a column, in quotes; {1} the columns
      // the file takes, as written in its header (id,domains,label).
      std::string message =
          trf("missing column {0} in the header (expected {1})", {in_quotes(wanted[w]), known});
      diagnostics.error_at_line(file, header.line, 0, std::move(message));
      ok = false;
    }
  }
  return ok;
}

}  // namespace policygraph
