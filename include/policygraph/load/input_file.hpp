// Opening and reading input files by the rules of docs/model-format.md
// ("Files"): what kinds of file are read, how large, and from where.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <policygraph/core/model.hpp>

namespace policygraph {

/// Largest model (JSON) file read. Its parsed form may take up to
/// kJsonMemoryFactor times its size (the parser refuses past that).
inline constexpr std::uintmax_t kMaxJsonFileBytes = std::uintmax_t{512} << 20;
/// Largest CSV file read (some 60 million dependencies); its parsed form
/// takes about four times its size.
inline constexpr std::uintmax_t kMaxCsvFileBytes = std::uintmax_t{2} << 30;

/// What kinds of file an input may be.
enum class InputKind {
  /// Named on the command line: a regular file, or a pipe, FIFO or socket
  /// read as a stream until its end (`validate <(cat m.json)`).
  file_or_stream,
  /// Named inside a model: a regular file only.
  regular_file,
};

struct InputText {
  std::string text;
  FileIdentity identity;
  bool regular = false;  ///< a regular file, rather than a stream
};

/// Reads all of `path`. Throws FileError ("cannot read PATH: REASON") when it
/// cannot be opened or read, when it is a folder, a device or (for
/// `regular_file`) a stream, and when it is larger than `limit` bytes,
/// checked before reading where the size is known and while reading where
/// not. Never blocks on opening a FIFO; `waiting`, when set, is called once
/// if a stream has given nothing for a second. Messages name the file
/// `shown_as` when given, else `path`.
[[nodiscard]] InputText read_input(const std::string& path, std::uintmax_t limit,
                                   InputKind kind, const std::function<void()>& waiting = {},
                                   const std::string& shown_as = {});

/// read_input(path, limit, file_or_stream).text.
[[nodiscard]] std::string read_file(const std::string& path,
                                    std::uintmax_t limit = kMaxJsonFileBytes);

/// The path as shown in a message: escaped (printable) and, past 300 bytes,
/// cut in the middle.
[[nodiscard]] std::string shown_path(const std::string& path);

}  // namespace policygraph
