// Writing a command's result: to standard output or to a file, by the
// rules of docs/cli.md ("Output files"). Private to src/cli.
#pragma once

#include <string>
#include <string_view>

#include "common.hpp"

namespace policygraph::cli {

/// Writes `text` to ctx.out when `path` is empty or "-", else to `path`:
/// - a regular file is replaced atomically (a temporary file in the same
///   folder, then rename), keeping the old file's mode and owner; one with
///   several names (hard links) is written in place, so that all see it;
/// - a symbolic link keeps its link, while the file it names is written;
/// - a device, FIFO or socket is written through, as `cat >` would.
/// Throws FileError (exit 3) when writing fails, and UsageError (exit 2),
/// before anything is touched, when the target is one of ctx.inputs by
/// identity (device and inode), whatever its spelling or links.
void write_output(Context& ctx, const std::string& path, std::string_view text);

/// The input check of write_output alone, for refusing an output early,
/// before any work: `option` names it in the message ("-o", "--append").
void check_output(const Context& ctx, const std::string& path, std::string_view option);

/// Refuses (UsageError) two outputs of ctx.outputs that are the same file.
void check_outputs_apart(const Context& ctx);

}  // namespace policygraph::cli
