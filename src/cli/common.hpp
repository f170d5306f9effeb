// Pieces every command uses: option parsing, model loading, output writing.
// Private to src/cli.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/program_options.hpp>
#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/model.hpp>
#include <policygraph/core/phase_times.hpp>

namespace policygraph::cli {

namespace po = boost::program_options;

/// A bad command line (exit 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What a command gets: its arguments (after the command name) and streams.
struct Context {
  std::vector<std::string> args;
  std::ostream& out;
  std::ostream& err;
  std::string command;
  /// --allow-any-path: CSV files named in the model may lie anywhere.
  bool any_path = false;
  /// The files given with -o and --append (set by parse_args).
  std::vector<std::pair<std::string, std::string>> outputs;  ///< option, path
  /// The files the model was read from (set by load_model): no output may
  /// replace them.
  std::vector<FileIdentity> inputs;
};

struct Command {
  std::string_view name;
  std::string_view summary;
  std::string_view usage;  ///< e.g. "MODEL [--structure ID]"
  int (*run)(Context&);
};

/// The command table (defined in cli.cpp).
const std::vector<Command>& commands();

/// Parses the command's arguments with `options` and the positional names
/// (each taken once, in order). Handles --help (prints and returns false).
/// Throws UsageError on a bad command line.
bool parse_args(Context& ctx, const po::options_description& options,
                const std::vector<std::string>& positional, po::variables_map& vm,
                std::string_view description);

/// Reads the model, printing warnings to ctx.err; throws on errors. Then
/// refuses (UsageError) any output of ctx.outputs that is one of its files.
/// With `text`, also gives the model's text as read.
Model load_model(Context& ctx, const std::string& path, PhaseTimes* times = nullptr,
                 std::string* text = nullptr);

/// The structure named by `id`, or the last one when empty. Throws UsageError
/// (with "did you mean") when unknown.
Index structure_arg(const Model& model, const std::string& id);

/// --level: nullopt when not given; throws UsageError when negative.
std::optional<int> level_arg(const po::variables_map& vm);

/// The value of --format, checked against `allowed`.
std::string format_arg(const po::variables_map& vm, const std::vector<std::string>& allowed);

/// --format for the four text formats of the analysis commands; `csv`
/// says what the CSV holds, e.g. "one table, see --table".
void add_format_option(po::options_description& options, std::string_view csv);

/// One writer per text format, each called only when chosen.
struct TextWriters {
  std::function<std::string()> table, json, csv, markdown;
};

/// --format, checked to be one of the four text formats.
std::string text_format(const po::variables_map& vm);

/// The output in `format` (of text_format).
std::string write_as(const std::string& format, const TextWriters& writers);

/// --structures and --baseline, for the commands that set structures side by side.
void add_structures_options(po::options_description& options);

/// --timings: prints "timing: N ms  phase" lines to stderr when enabled,
/// each followed by the parts the library recorded into detail() (loading
/// phases, metric families; summed over structures and threads).
class Timings {
 public:
  explicit Timings(std::ostream* err) : err_(err), last_(std::chrono::steady_clock::now()) {}
  void phase(std::string_view name);
  /// Where the library records the parts of the current phase; null when
  /// timings are off, so that nothing is measured.
  [[nodiscard]] PhaseTimes* detail() { return err_ != nullptr ? &detail_ : nullptr; }

 private:
  std::ostream* err_;
  std::chrono::steady_clock::time_point last_;
  PhaseTimes detail_;
};

/// The options every analysis command shares: -o, --lang, --timings.
void add_common_options(po::options_description& options);
/// --timings alone.
void add_timings_option(po::options_description& options);

// Numeric options. Boost's own conversion reads "-1" into an unsigned type
// as 18446744073709551615, so every number on the command line is read by
// the one rule below instead. A whole number is decimal digits alone (no
// sign, point, exponent or space); a number is decimal, with an optional
// minus sign, point and exponent, and finite. A value that does not read
// so or lies outside its option's range is a bad command line naming the
// option, its range and what was given:
//   --max-moves must be a whole number from 0 to 1000000, found "-1"
// docs/cli.md lists every numeric option with its range.

/// The most of anything counted on the command line: moves, rounds,
/// samples, slack, capacity.
inline constexpr std::uint64_t kMaxCount = 1'000'000;
/// The deepest --level.
inline constexpr int kMaxLevel = 1'000'000;
/// The most --threads.
inline constexpr unsigned kMaxThreads = 1024;
/// The longest --layout-timeout, in seconds: a day.
inline constexpr unsigned kMaxLayoutSeconds = 86'400;

/// "a whole number from 0 to 1000000": the range in a message.
std::string whole_range(std::uint64_t least, std::uint64_t most);

/// `text` as a whole number from `least` to `most`, or nothing when it does
/// not read as one or lies outside: for an option that takes words too
/// (--capacity current|headcount|N), whose message says what else it takes.
std::optional<std::uint64_t> read_whole(std::string_view text, std::uint64_t least,
                                        std::uint64_t most);

/// A numeric option's value that breaks the rule; thrown while po::store
/// parses, which gives it the option's name.
class BadNumber : public po::error_with_option_name {
 public:
  /// `range` as whole_range gives it; `found` as given.
  BadNumber(std::string range, std::string_view found);
  [[nodiscard]] const char* what() const noexcept override;

 private:
  std::string rest_;
};

namespace detail {

/// The single token of a numeric option, read by the rule above; throws BadNumber.
std::uint64_t whole_token(const std::vector<std::string>& tokens, std::uint64_t least,
                          std::uint64_t most);
double real_token(const std::vector<std::string>& tokens, double least, double most,
                  bool below_most);

template <typename T>
class WholeValue : public po::typed_value<T> {
 public:
  WholeValue(T least, T most) : po::typed_value<T>(nullptr), least_(least), most_(most) {}
  void xparse(boost::any& store, const std::vector<std::string>& tokens) const override {
    po::validators::check_first_occurrence(store);
    store = static_cast<T>(whole_token(tokens, static_cast<std::uint64_t>(least_),
                                       static_cast<std::uint64_t>(most_)));
  }

 private:
  T least_;
  T most_;
};

class RealValue : public po::typed_value<double> {
 public:
  RealValue(double least, double most, bool below_most)
      : po::typed_value<double>(nullptr), least_(least), most_(most), below_most_(below_most) {}
  void xparse(boost::any& store, const std::vector<std::string>& tokens) const override {
    po::validators::check_first_occurrence(store);
    store = real_token(tokens, least_, most_, below_most_);
  }

 private:
  double least_;
  double most_;
  bool below_most_;
};

}  // namespace detail

/// The value of a whole-number option from `least` to `most` (0 or more),
/// read by the rule above; chain value_name and default_value as with po::value:
///   ("max-moves", whole_number<std::size_t>(0, kMaxCount)->value_name("K")->default_value(10),
///    "at most K functions change unit")
template <typename T>
po::typed_value<T>* whole_number(T least, T most) {
  static_assert(std::is_integral_v<T> && sizeof(T) <= sizeof(std::uint64_t));
  return new detail::WholeValue<T>(least, most);
}

/// Whether a real number's range includes its upper end.
enum class UpperEnd { kIncluded, kExcluded };

/// The value of a real-number option from `least` to `most` (or to below
/// it), read by the rule above.
inline po::typed_value<double>* real_number(double least, double most,
                                            UpperEnd upper = UpperEnd::kIncluded) {
  return new detail::RealValue(least, most, upper == UpperEnd::kExcluded);
}

}  // namespace policygraph::cli
