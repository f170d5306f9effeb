// Running Graphviz's `dot` on DOT text. Private to src/cli.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace policygraph::cli {

/// The message when `dot` is not on PATH.
inline constexpr std::string_view kDotMissing =
    "Graphviz's dot was not found; install it with: apt-get install graphviz fonts-noto-cjk";

/// Runs `dot -T<format>` (found on PATH, no shell) with `dot_text` on its
/// standard input and returns its standard output. What dot prints on
/// standard error goes to `warnings` when it succeeds. Throws FileError
/// (exit 3) with kDotMissing when dot cannot be found, and with dot's
/// standard error when it fails.
[[nodiscard]] std::string render_with_graphviz(std::string_view dot_text, const std::string& format,
                                               std::ostream& warnings);

}  // namespace policygraph::cli
