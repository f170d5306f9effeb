// Pieces every command uses: option parsing, model loading, output writing.
// Private to src/cli.
#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>
#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/model.hpp>
#include <policygraph/core/phase_times.hpp>

namespace policygraph::cli {

namespace po = boost::program_options;

/// What a command gets: its arguments (after the command name) and streams.
struct Context {
  std::vector<std::string> args;
  std::ostream& out;
  std::ostream& err;
  std::string command;
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

/// Reads the model, printing warnings to ctx.err; throws on errors.
Model load_model(Context& ctx, const std::string& path, PhaseTimes* times = nullptr);

/// Writes `text` to `path` atomically (temporary file in the same folder,
/// then rename), or to ctx.out when `path` is empty or "-". Throws FileError.
void write_output(Context& ctx, const std::string& path, std::string_view text);

/// The structure named by `id`, or the last one when empty. Throws UsageError
/// (with "did you mean") when unknown.
Index structure_arg(const Model& model, const std::string& id);

/// --level: nullopt when not given; throws UsageError when negative.
std::optional<int> level_arg(const po::variables_map& vm);

/// The value of --format, checked against `allowed`.
std::string format_arg(const po::variables_map& vm, const std::vector<std::string>& allowed);

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

/// The options every analysis command shares.
void add_common_options(po::options_description& options);

}  // namespace policygraph::cli
