#include <policygraph/core/diagnostics.hpp>

#include <policygraph/core/messages.hpp>
#include <policygraph/core/text.hpp>

#include <algorithm>
#include <sstream>
#include <string_view>

namespace policygraph {

std::string Diagnostic::to_string() const {
  // The file name and a pointer's keys come from outside: shown escaped, as
  // the quoted texts of messages are, so that no control character reaches
  // the terminal.
  constexpr std::size_t kShown = 4096;
  std::string out = printable(file, kShown);
  if (has_pointer) {
    out += ": ";
    out += pointer.empty() ? std::string("/") : printable(pointer, kShown);
  } else if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  out += ": ";
  out += severity == Severity::kError ? tr("error") : tr("warning");
  out += ": ";
  out += message;
  return out;
}

void Diagnostics::add(Diagnostic d) {
  std::size_t& count = d.severity == Severity::kError ? errors_ : warnings_;
  if (++count <= kKept) items_.push_back(std::move(d));
}

void Diagnostics::append(const Diagnostics& other) {
  std::size_t kept_errors = 0;
  for (const Diagnostic& d : other.items_) {
    if (d.severity == Severity::kError) ++kept_errors;
    add(d);
  }
  const std::size_t kept_warnings = other.items_.size() - kept_errors;
  errors_ += other.errors_ - kept_errors;
  warnings_ += other.warnings_ - kept_warnings;
}

std::string in_quotes(std::string_view text) {
  // Built by appending: `"\"" + ...` trips GCC 12's -Wrestrict false positive.
  std::string out(1, '"');
  out += printable(text);
  out += '"';
  return out;
}

void Diagnostics::error_at_line(const std::string& file, std::size_t line, std::size_t column,
                                std::string message) {
  add({Severity::kError, file, line, column, {}, false, std::move(message)});
}

void Diagnostics::error_at_pointer(const std::string& file, const std::string& pointer,
                                   std::string message) {
  add({Severity::kError, file, 0, 0, pointer, true, std::move(message)});
}

void Diagnostics::warning_at_pointer(const std::string& file, const std::string& pointer,
                                     std::string message) {
  add({Severity::kWarning, file, 0, 0, pointer, true, std::move(message)});
}

void Diagnostics::warning_at_line(const std::string& file, std::size_t line, std::string message) {
  add({Severity::kWarning, file, line, 0, {}, false, std::move(message)});
}

std::string Diagnostics::render(std::size_t max_errors) const {
  std::string out;
  std::size_t shown = 0;
  for (const Diagnostic& d : items_) {
    if (d.severity == Severity::kError) {
      if (shown == max_errors) continue;
      ++shown;
    }
    out += d.to_string();
    out += '\n';
  }
  if (warnings_ > kKept) {
    out += trn("... and {0} more warning", "... and {0} more warnings", warnings_ - kKept) + "\n";
  }
  if (errors_ > shown) {
    out += trn("... and {0} more error", "... and {0} more errors", errors_ - shown) + "\n";
  }
  return out;
}

ModelError::ModelError(Diagnostics diagnostics)
    : std::runtime_error("invalid model"), diagnostics_(std::move(diagnostics)) {}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '-' || s[i] == '_' || s[i] == ' ' || s[i] == '.') {
      if (i > start) out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool contains_every_word(std::string_view candidate, std::string_view wanted) {
  const auto have = words(candidate);
  const auto need = words(wanted);
  if (need.empty()) return false;
  return std::all_of(need.begin(), need.end(), [&](std::string_view w) {
    return std::find(have.begin(), have.end(), w) != have.end();
  });
}

}  // namespace

std::string suggest(const std::string& wanted, const std::vector<std::string>& candidates) {
  // Very long inputs are not worth an O(n*m) comparison against every id.
  constexpr std::size_t kMaxLength = 200;
  if (wanted.empty() || wanted.size() > kMaxLength) return {};
  // Close enough: a third of the letters may differ, and never all of them.
  const std::size_t limit = std::min(std::max<std::size_t>(1, wanted.size() / 3),
                                     wanted.size() - 1);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    if (c.size() > kMaxLength) continue;
    const std::size_t gap = c.size() > wanted.size() ? c.size() - wanted.size()
                                                     : wanted.size() - c.size();
    if (gap > best_distance) continue;  // equal may still tie, and ties go by id
    const std::size_t d = edit_distance(wanted, c);
    if (d < best_distance || (d == best_distance && c < best)) {
      best_distance = d;
      best = c;
    }
  }
  if (!best.empty()) return best;
  // No near spelling: an id that holds every word of the wanted one
  // ("trade-bureau" -> "trade-security-bureau"), the shortest such.
  for (const std::string& c : candidates) {
    if (contains_every_word(c, wanted) &&
        (best.empty() || c.size() < best.size() || (c.size() == best.size() && c < best))) {
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(const std::string& wanted, const std::vector<std::string>& candidates) {
  std::string s = suggest(wanted, candidates);
  return s.empty() ? std::string() : " " + trf("(did you mean \"{0}\"?)", {s});
}

std::string name_list(const std::vector<std::string>& names, std::string_view last_separator,
                      std::size_t shown) {
  if (names.empty()) return tr("none");
  const std::size_t listed = std::min(names.size(), std::max<std::size_t>(shown, 1));
  std::string out;
  for (std::size_t k = 0; k < listed; ++k) {
    if (k > 0) out += k + 1 == names.size() ? last_separator : std::string_view(", ");
    out += printable(names[k]);
  }
  if (listed < names.size()) {
    out += " " + trf("and {0} more", {std::to_string(names.size() - listed)});
  }
  return out;
}

std::string unknown_name(std::string_view what, const std::string& wanted,
                         const std::vector<std::string>& known, std::string_view lead) {
  std::string out = "unknown ";
  out += what;
  out += ' ';
  out += in_quotes(wanted) + did_you_mean(wanted, known) + "; ";
  out += lead;
  out += ": " + name_list(known);
  return out;
}

std::string unknown_name(const char* message, const std::string& wanted,
                         const std::vector<std::string>& known) {
  return fill(tr(message), {in_quotes(wanted), did_you_mean(wanted, known), name_list(known)});
}

std::string not_a_choice(std::string_view option, const std::string& value,
                         const std::vector<std::string>& choices) {
  // TRANSLATORS: between the last two choices of a list: "a, b or c".
  const std::string listed = name_list(choices, tr(" or "), choices.size());
  // TRANSLATORS: {0} is an option (--format), {1} the list of its choices,
  // {2} the value given, in quotes; {3} is empty or ' (did you mean "X"?)'.
  return trf("{0} takes {1}, not {2}{3}",
             {option, listed, in_quotes(value), did_you_mean(value, choices)});
}

}  // namespace policygraph
