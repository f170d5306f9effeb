// The `policygraph` command line: one table of commands drives dispatch and help.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace policygraph::cli {

/// Runs `policygraph ARGS...` (args exclude the program name) and returns the
/// exit status of docs/cli.md: 0 success, 1 invalid model, 2 bad command line,
/// 3 unreadable input or unwritable output.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace policygraph::cli
