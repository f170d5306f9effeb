// Writing a command's result: to standard output or to a file, by the
// rules of docs/cli.md ("Output files"). Private to src/cli.
#pragma once

#include <string>
#include <string_view>

#include "common.hpp"

namespace policygraph::cli {

/// Writes `text` to `path` atomically (temporary file in the same folder,
/// then rename), or to ctx.out when `path` is empty or "-". Throws FileError.
void write_output(Context& ctx, const std::string& path, std::string_view text);

}  // namespace policygraph::cli
