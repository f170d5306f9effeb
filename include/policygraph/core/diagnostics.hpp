// Errors and warnings about user input, each with the place it points at.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace policygraph {

enum class Severity { kError, kWarning };

/// Where a problem is: a file plus either a line (and column) or a JSON
/// pointer. Printed as `FILE:LINE:COL: error: ...`, `FILE:LINE: error: ...`
/// or `FILE: /json/pointer: error: ...`.
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;
  std::size_t line = 0;    ///< 1-based; 0 when unknown
  std::size_t column = 0;  ///< 1-based, in bytes; 0 when unknown
  std::string pointer;     ///< JSON pointer ("" for the document itself)
  bool has_pointer = false;
  std::string message;

  [[nodiscard]] std::string to_string() const;
};

/// Collects every problem of an input, errors and warnings, in order found.
/// Every error is counted; the first kKept errors and kKept warnings are kept
/// (far more than are printed), so that an input with millions of faults
/// costs no more memory than a small one.
class Diagnostics {
 public:
  static constexpr std::size_t kKept = 1000;
  /// Errors printed by default; beyond them "did you mean" is not worth computing.
  static constexpr std::size_t kShown = 50;

  void error_at_line(const std::string& file, std::size_t line, std::size_t column,
                     std::string message);
  void error_at_pointer(const std::string& file, const std::string& pointer, std::string message);
  void warning_at_pointer(const std::string& file, const std::string& pointer,
                          std::string message);
  void warning_at_line(const std::string& file, std::size_t line, std::string message);

  [[nodiscard]] std::size_t error_count() const { return errors_; }
  [[nodiscard]] bool has_errors() const { return errors_ > 0; }
  /// Whether the next error would be printed by render() with its default.
  [[nodiscard]] bool next_error_shown() const { return errors_ < kShown; }
  /// The kept diagnostics, in order found.
  [[nodiscard]] const std::vector<Diagnostic>& all() const { return items_; }

  /// Errors and warnings as printed by the tool: at most `max_errors` errors,
  /// then one line `... and N more errors`.
  /// Warnings beyond the kept ones are counted in a last line too.
  [[nodiscard]] std::string render(std::size_t max_errors = kShown) const;

  /// Adds one problem (counted like the others).
  void report(Diagnostic d) { add(std::move(d)); }
  /// Adds every problem of `other`, in its order, and counts the ones it
  /// counted but did not keep.
  void append(const Diagnostics& other);

 private:
  void add(Diagnostic d);

  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
};

/// Thrown when an input is invalid; carries every diagnostic found.
class ModelError : public std::runtime_error {
 public:
  explicit ModelError(Diagnostics diagnostics);
  [[nodiscard]] const Diagnostics& diagnostics() const { return diagnostics_; }

 private:
  Diagnostics diagnostics_;
};

/// A file named on the command line could not be read or written (exit 3).
class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// `"text"` with unprintable bytes escaped, for messages.
[[nodiscard]] std::string in_quotes(std::string_view text);

/// "did you mean" for an unknown id: the closest candidate by edit distance,
/// or one that contains every word of `wanted`; empty when nothing is close.
[[nodiscard]] std::string suggest(const std::string& wanted, const std::vector<std::string>& candidates);

/// ` (did you mean "X"?)` or "".
[[nodiscard]] std::string did_you_mean(const std::string& wanted,
                                       const std::vector<std::string>& candidates);

/// How many names name_list shows before ` and N more`.
inline constexpr std::size_t kListedNames = 10;

/// `A, B, C`, or `A, B or C` with `last_separator` " or ": the names in
/// their order, each as printable() shows it; past the first `shown`,
/// ` and N more`. "none" when there are no names.
[[nodiscard]] std::string name_list(const std::vector<std::string>& names,
                                    std::string_view last_separator = ", ",
                                    std::size_t shown = kListedNames);

/// The message for a name that is not among those that exist, in the
/// language of the process: `message`, a message id marked with N_(),
/// translated, with {0} the name as given, in quotes, {1} ` (did you mean
/// "Y"?)` (the nearest of `known`) or "", and {2} name_list of `known`. E.g.
/// unknown_name(N_("unknown structure {0}{1}; the model has: {2}"), "aftr",
/// {"before", "after"}) is `unknown structure "aftr" (did you mean
/// "after"?); the model has: before, after`.
[[nodiscard]] std::string unknown_name(const char* message, const std::string& wanted,
                                       const std::vector<std::string>& known);

/// The older form, in English only (it glues English words): `unknown
/// WHAT "X" (did you mean "Y"?); LEAD: A, B, C`. Use the form above, or one
/// trf() message, in new code.
[[nodiscard]] std::string unknown_name(std::string_view what, const std::string& wanted,
                                       const std::vector<std::string>& known,
                                       std::string_view lead);

/// The message for an option given a value outside its fixed choices, in
/// the language of the process: `OPTION takes A, B or C, not "X" (did you
/// mean "Y"?)`.
[[nodiscard]] std::string not_a_choice(std::string_view option, const std::string& value,
                                       const std::vector<std::string>& choices);

}  // namespace policygraph
