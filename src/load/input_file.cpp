#include <policygraph/load/input_file.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/messages.hpp>
#include <policygraph/core/text.hpp>

namespace policygraph {

namespace {

std::string size_text(std::uintmax_t bytes) {
  constexpr double kMiB = 1024.0 * 1024.0;
  const double mib = static_cast<double>(bytes) / kMiB;
  char buffer[64];
  if (mib >= 1024) {
    std::snprintf(buffer, sizeof buffer, "%.1f GiB", mib / 1024);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.0f MiB", mib);
  }
  return buffer;
}

/// A file over `limit`: of `size` bytes, or, when nothing, one that has
/// given more than `limit` bytes so far (a stream, or a growing file).
[[noreturn]] void too_large(const std::string& path, std::optional<std::uintmax_t> size,
                            std::uintmax_t limit) {
  const std::string shown = shown_path(path);
  const std::string most = size_text(limit);
  const bool model_file = limit < kMaxCsvFileBytes;
  if (size && model_file) {
    // TRANSLATORS: {0} is a file name; {1} its size and {2} the largest
    // size read, as "12 MiB" or "1.5 GiB"; {3} the largest CSV file.
    throw FileError(trf("cannot read {0}: it is {1}, over the limit of {2} for a model file (put "
                        "long lists of functions, dependencies or assignments in CSV files, "
                        "which may reach {3})",
                        {shown, size_text(*size), most, size_text(kMaxCsvFileBytes)}));
  }
  if (model_file) {
    // TRANSLATORS: {0} is a file name; {1} the largest size read, as "12
    // MiB" or "1.5 GiB"; {2} the largest CSV file.
    throw FileError(trf("cannot read {0}: it is more than {1}, over the limit of {1} for a model "
                        "file (put long lists of functions, dependencies or assignments in CSV "
                        "files, which may reach {2})",
                        {shown, most, size_text(kMaxCsvFileBytes)}));
  }
  if (size) {
    // TRANSLATORS: {0} is a file name; {1} its size and {2} the largest
    // size read, as "12 MiB" or "1.5 GiB".
    throw FileError(trf("cannot read {0}: it is {1}, over the limit of {2} for one input file",
                        {shown, size_text(*size), most}));
  }
  // TRANSLATORS: {0} is a file name; {1} the largest size read, as "12
  // MiB" or "1.5 GiB".
  throw FileError(trf("cannot read {0}: it is more than {1}, over the limit of {1} for one "
                      "input file",
                      {shown, most}));
}

/// `message` with {0} the file name as shown.
[[noreturn]] void cannot_read_because(const std::string& path, const char* message) {
  throw FileError(fill(tr(message), {shown_path(path)}));
}

/// `why`: what the system says (strerror).
[[noreturn]] void cannot_read(const std::string& path, const std::string& why) {
  // TRANSLATORS: {0} is a file name, {1} what the system says is wrong.
  throw FileError(trf("cannot read {0}: {1}", {shown_path(path), why}));
}

/// Closes the descriptor however reading ends.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() { ::close(fd_); }
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

/// For a stream: waits until it has data or its writer is gone, calling
/// `waiting` once after a second of silence.
void wait_for_data(int fd, const std::string& path, const std::function<void()>& waiting) {
  pollfd p{fd, POLLIN, 0};
  int timeout_ms = waiting ? 1000 : -1;
  for (;;) {
    const int n = ::poll(&p, 1, timeout_ms);
    if (n > 0) return;
    if (n == 0) {
      waiting();
      timeout_ms = -1;
      continue;
    }
    if (errno != EINTR) cannot_read(path, std::strerror(errno));
  }
}

}  // namespace

std::string shown_path(const std::string& path) {
  constexpr std::size_t kShown = 300;
  if (path.size() <= kShown) return printable(path, kShown + 20);
  // TRANSLATORS: a long file name shortened: {0} its start, {1} its end,
  // {2} its length in bytes.
  return trf("{0}...{1} (a path of {2} bytes)",
             {printable(path.substr(0, kShown / 2), kShown),
              printable(path.substr(path.size() - kShown / 2), kShown),
              std::to_string(path.size())});
}

InputText read_input(const std::string& path, std::uintmax_t limit, InputKind kind,
                     const std::function<void()>& waiting, const std::string& shown_as) {
  // Messages name the file as the caller does (a CSV file as its model
  // names it, not where its links lead).
  const std::string& named = shown_as.empty() ? path : shown_as;
  // O_NONBLOCK: opening a FIFO must not wait for its writer here.
  const int raw = ::open(path.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (raw < 0) cannot_read(named, std::strerror(errno));
  const Descriptor fd(raw);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) cannot_read(named, std::strerror(errno));
  InputText input;
  input.identity = {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
  input.regular = S_ISREG(st.st_mode);
  const bool stream = S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode);
  // TRANSLATORS: {0} is a file name.
  if (S_ISDIR(st.st_mode)) cannot_read_because(named, N_("cannot read {0}: it is a folder"));
  if (!input.regular && !stream) {
    // TRANSLATORS: {0} is a file name.
    cannot_read_because(named, N_("cannot read {0}: it is a device, not a file"));
  }
  if (stream && kind == InputKind::regular_file) {
    // TRANSLATORS: {0} is a file name.
    cannot_read_because(named, N_("cannot read {0}: it is a pipe or socket, not a regular file"));
  }
  if (input.regular && static_cast<std::uintmax_t>(st.st_size) > limit) {
    too_large(named, static_cast<std::uintmax_t>(st.st_size), limit);
  }
  ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
  if (stream) wait_for_data(fd.get(), named, waiting);
  // The known size in one read, then whatever else comes, in blocks: all of
  // a stream, or what a file gained since it was measured.
  std::string& text = input.text;
  text.resize(input.regular ? static_cast<std::size_t>(st.st_size) + 1 : std::size_t{1} << 16);
  std::size_t used = 0;
  for (;;) {
    if (used == text.size()) {
      if (text.size() > limit) too_large(named, std::nullopt, limit);
      text.resize(std::min<std::size_t>(text.size() * 2, limit + 1));
    }
    const ssize_t n = ::read(fd.get(), text.data() + used, text.size() - used);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      cannot_read(named, std::strerror(errno));
    }
    used += static_cast<std::size_t>(n);
    if (used > limit) too_large(named, std::nullopt, limit);
  }
  text.resize(used);
  return input;
}

std::string read_file(const std::string& path, std::uintmax_t limit) {
  return read_input(path, limit, InputKind::file_or_stream).text;
}

}  // namespace policygraph
