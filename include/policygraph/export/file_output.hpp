// Writing a result file so that nobody ever sees it half written: the
// command line's -o and --append, the Python module's save.
#pragma once

#include <string>
#include <string_view>

namespace policygraph {

/// Writes `text` to the file at `path`:
/// - a new or regular file is replaced atomically (a temporary file in the
///   same folder, synced, then renamed over it), keeping the old file's mode
///   and, where allowed, its owner; while the temporary file exists, Ctrl-C,
///   SIGTERM and SIGHUP remove it before the process dies of the signal;
/// - a regular file with several names (hard links) is written in place, so
///   that every name sees the result;
/// - a symbolic link keeps its link, while the file it names is written;
/// - a device, FIFO or socket is written through, as `cat >` would.
/// Throws FileError ("cannot write FILE: why") when writing fails; the file
/// is then as it was.
void write_file(const std::string& path, std::string_view text);

/// Where writing `path` really goes: symbolic links followed to the file
/// they name, which need not exist yet (a link to a new picture). Throws
/// FileError on a loop of links.
[[nodiscard]] std::string follow_links(const std::string& path);

}  // namespace policygraph
