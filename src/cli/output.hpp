// Writing a command's result: to standard output or to a file, by the
// rules of docs/cli.md ("Output files"). Private to src/cli.
#pragma once

#include <string>
#include <string_view>

#include "common.hpp"

namespace policygraph::cli {

/// Writes `text` to ctx.out when `path` is empty or "-", else to `path` by
/// write_file (export/file_output.hpp): atomically replaced, or written in
/// place or through where the file is not a plain one. Throws FileError
/// (exit 3) when writing fails, and UsageError (exit 2), before anything is
/// touched, when the target is one of ctx.inputs by identity (device and
/// inode), whatever its spelling or links.
void write_output(Context& ctx, const std::string& path, std::string_view text);

/// The input check of write_output alone, for refusing an output early,
/// before any work: `option` names it in the message ("-o", "--append").
void check_output(const Context& ctx, const std::string& path, std::string_view option);

/// Refuses (UsageError) two outputs of ctx.outputs that are the same file.
void check_outputs_apart(const Context& ctx);

}  // namespace policygraph::cli
