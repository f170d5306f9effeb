// Running Graphviz's `dot` on DOT text. Private to src/cli.
#pragma once

#include <chrono>
#include <ostream>
#include <string>
#include <string_view>

#include <policygraph/core/messages.hpp>

#include "common.hpp"

namespace policygraph::cli {

/// The message when `dot` is not on PATH (English; translated with tr()).
inline constexpr std::string_view kDotMissing =
    N_("Graphviz's dot was not found; install it with: apt-get install graphviz fonts-noto-cjk");

/// Runs `dot -T<format>` (found on PATH, no shell) with `dot_text` on its
/// standard input and returns its standard output. What dot prints on
/// standard error goes to `warnings` when it succeeds. Throws FileError
/// (exit 3) with kDotMissing when dot cannot be found, with dot's standard
/// error when it fails, and, when it has not finished within `limit` (zero:
/// no limit), "Graphviz's dot -Tsvg did not finish within 60 s (see
/// --layout-timeout)" once it is stopped (SIGTERM, then SIGKILL after a
/// grace of kStopGrace).
[[nodiscard]] std::string render_with_graphviz(std::string_view dot_text, const std::string& format,
                                               std::ostream& warnings, std::chrono::seconds limit);

/// The default of dot --time-budget, in seconds.
inline constexpr unsigned kDefaultTimeBudget = 10;

/// The default of --layout-timeout, in seconds.
inline constexpr unsigned kDefaultLayoutSeconds = 60;

/// --layout-timeout SECONDS, on every command that runs Graphviz; `what`
/// says what happens past it.
void add_layout_timeout_option(po::options_description& options, std::string_view what);
/// Its value: the `limit` of render_with_graphviz.
[[nodiscard]] std::chrono::seconds layout_timeout(const po::variables_map& vm);

/// How long a dot asked to stop (SIGTERM) has before it is killed (SIGKILL).
inline constexpr std::chrono::milliseconds kStopGrace{2000};

}  // namespace policygraph::cli
