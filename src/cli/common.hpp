// Pieces every command uses: option parsing, model loading, timings.
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
#include <vector>

#include <boost/program_options.hpp>
#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/model.hpp>
#include <policygraph/core/phase_times.hpp>

#include "number_options.hpp"
#include "xlsx.hpp"

namespace policygraph::cli {

namespace po = boost::program_options;

/// A bad command line (exit 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A file read besides the model (rules, known violations) is invalid: its
/// errors are printed, then this message (exit 1).
class InvalidInput : public std::runtime_error {
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
  /// The files given with -o, --append and --picture (set by parse_args).
  std::vector<std::pair<std::string, std::string>> outputs;  ///< option, path
  /// The files the model was read from (set by load_model): no output may
  /// replace them.
  std::vector<FileIdentity> inputs;
  /// When set, load_model gives a copy of this model instead of reading the
  /// file: how the workbench runs a command on a model it holds.
  const Model* preloaded = nullptr;
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

/// The value of option `name` (a string), checked to be one of `choices`;
/// else UsageError `--NAME takes A, B or C, not "X" (did you mean "Y"?)`.
std::string choice_arg(const po::variables_map& vm, const std::string& name,
                       const std::vector<std::string>& choices);

/// The value of --format, checked against `allowed` (choice_arg).
std::string format_arg(const po::variables_map& vm, const std::vector<std::string>& allowed);

/// --format for the four text formats of the analysis commands; `csv`
/// says what the CSV holds, e.g. "one table, see --table".
void add_format_option(po::options_description& options, std::string_view csv);

/// One writer per format, each called only when chosen; `xlsx` gives the
/// workbook's sheets.
struct TextWriters {
  std::function<std::string()> table, json, csv, markdown;
  std::function<std::vector<Sheet>()> xlsx;
};

/// --format, checked to be one of the four text formats or xlsx, which
/// needs -o FILE (a workbook is not text).
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

/// The group of a command's options, titled "Options" in the language of
/// the process. Boost wraps help lines at a number of bytes, and a Hangul
/// syllable takes 3 bytes for 2 columns, so with a catalogue the lines get
/// 120 bytes instead of 80: about the same width on the terminal.
[[nodiscard]] po::options_description option_group();

/// The options every analysis command shares: -o, --lang, --timings.
void add_common_options(po::options_description& options);
/// --timings alone.
void add_timings_option(po::options_description& options);

}  // namespace policygraph::cli
