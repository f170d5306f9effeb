#include "output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

#include <policygraph/core/diagnostics.hpp>

namespace policygraph::cli {

namespace {

// The temporary file being written, for the signal handler below: a
// fixed buffer, since a handler may only call async-signal-safe functions.
char pending_tmp[4096];
volatile std::sig_atomic_t pending_set = 0;

extern "C" void remove_pending_and_die(int signal_number) {
  if (pending_set != 0) ::unlink(pending_tmp);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

/// While it lives, Ctrl-C, SIGTERM and SIGHUP remove the temporary file
/// before the process dies of the signal as usual, and a file-size limit
/// (SIGXFSZ) makes write() fail with EFBIG instead of killing the process
/// with the temporary file left behind.
class PendingFile {
 public:
  explicit PendingFile(const std::string& tmp) {
    if (tmp.size() < sizeof pending_tmp) {
      std::memcpy(pending_tmp, tmp.c_str(), tmp.size() + 1);
      pending_set = 1;
    }
    struct sigaction cleanup {};
    cleanup.sa_handler = remove_pending_and_die;
    sigemptyset(&cleanup.sa_mask);
    for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &cleanup, &saved_[i]);
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGXFSZ, &ignore, &saved_xfsz_);
  }
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;
  ~PendingFile() {
    for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &saved_[i], nullptr);
    ::sigaction(SIGXFSZ, &saved_xfsz_, nullptr);
    pending_set = 0;
  }

 private:
  static constexpr std::array<int, 3> kSignals{SIGINT, SIGTERM, SIGHUP};
  std::array<struct sigaction, 3> saved_{};
  struct sigaction saved_xfsz_ {};
};

void write_all(int fd, std::string_view text, const std::string& shown) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw FileError("cannot write " + shown + ": " + std::strerror(errno));
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}
}  // namespace

void write_output(Context& ctx, const std::string& path, std::string_view text) {
  if (path.empty() || path == "-") {
    ctx.out << text;
    ctx.out.flush();
    if (!ctx.out) throw FileError("cannot write to standard output");
    return;
  }
  namespace fs = std::filesystem;
  if (fs::is_directory(path)) throw FileError("cannot write " + path + ": it is a folder");
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmp = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) throw FileError("cannot write " + path + ": " + std::strerror(errno));
  const PendingFile pending(tmp);  // until the rename below
  try {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);  // as a plain create would; mkstemp makes it 0600
    write_all(fd, text, path);
    if (::fsync(fd) != 0 && errno != EINVAL) {
      throw FileError("cannot write " + path + ": " + std::strerror(errno));
    }
    if (::close(fd) != 0) throw FileError("cannot write " + path + ": " + std::strerror(errno));
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    throw FileError("cannot write " + path + ": " + std::strerror(saved));
  }
}

}  // namespace policygraph::cli
