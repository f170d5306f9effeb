// Writing a file so that no reader ever sees it half written
// (docs/cli.md, "Output files").
#include <policygraph/export/file_output.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/messages.hpp>
#include <policygraph/load/input_file.hpp>

namespace policygraph {

namespace {


[[noreturn]] void cannot_write(const std::string& path, const std::string& why) {
  // TRANSLATORS: {0} is a file, {1} why it cannot be written (a message of
  // the system, e.g. "Permission denied").
  throw FileError(trf("cannot write {0}: {1}", {shown_path(path), why}));
}

[[noreturn]] void cannot_write_errno(const std::string& path) {
  cannot_write(path, std::strerror(errno));
}

// The temporary file being written, for the signal handler below: a
// fixed buffer, since a handler may only call async-signal-safe functions.
char pending_tmp[4096];
volatile std::sig_atomic_t pending_set = 0;

extern "C" void remove_pending_and_die(int signal_number) {
  if (pending_set != 0) ::unlink(pending_tmp);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

/// While it lives, Ctrl-C, SIGTERM and SIGHUP remove the named temporary
/// file (if any) before the process dies of the signal as usual, and a
/// file-size limit (SIGXFSZ) makes write() fail with EFBIG instead of
/// killing the process with the temporary file left behind.
class PendingFile {
 public:
  explicit PendingFile(const std::string& tmp) {
    if (!tmp.empty() && tmp.size() < sizeof pending_tmp) {
      std::memcpy(pending_tmp, tmp.c_str(), tmp.size() + 1);
      pending_set = 1;
    }
    struct sigaction cleanup {};
    cleanup.sa_handler = remove_pending_and_die;
    sigemptyset(&cleanup.sa_mask);
    for (std::size_t i = 0; i < kSignals.size(); ++i) {
      ::sigaction(kSignals[i], &cleanup, &saved_[i]);
    }
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

void write_all(int fd, std::string_view text, const std::string& path) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      cannot_write_errno(path);
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

std::string follow_links(const std::string& path) {
  namespace fs = std::filesystem;
  std::string target = path;
  constexpr int kMaxLinks = 40;  // as the kernel's ELOOP
  for (int hops = 0;; ++hops) {
    struct stat st {};
    if (::lstat(target.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return target;
    if (hops == kMaxLinks) cannot_write(path, std::strerror(ELOOP));
    std::string link(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 255) + 1, '\0');
    const ssize_t n = ::readlink(target.c_str(), link.data(), link.size());
    if (n < 0) cannot_write_errno(path);
    link.resize(static_cast<std::size_t>(n));
    const fs::path next(link);
    target = next.is_absolute() ? link : (fs::path(target).parent_path() / next).string();
  }
}

namespace {

/// A device, FIFO or socket: written through, as `cat >` would.
void write_through(const std::string& target, const std::string& path, std::string_view text) {
  const int fd = ::open(target.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) cannot_write_errno(path);
  try {
    write_all(fd, text, path);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) cannot_write_errno(path);
}

/// A regular file with other names (hard links): written in place, so that
/// every name sees the result; the space is reserved first.
void write_in_place(const std::string& target, const std::string& path, std::string_view text) {
  const int fd = ::open(target.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) cannot_write_errno(path);
  const PendingFile signals("");
  try {
    const auto size = static_cast<off_t>(text.size());
    const int reserved = size > 0 ? ::posix_fallocate(fd, 0, size) : 0;
    if (reserved != 0 && reserved != EOPNOTSUPP && reserved != EINVAL) {
      cannot_write(path, std::strerror(reserved));
    }
    write_all(fd, text, path);
    if (::ftruncate(fd, size) != 0 || (::fsync(fd) != 0 && errno != EINVAL)) {
      cannot_write_errno(path);
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) cannot_write_errno(path);
}

/// A new or replaced regular file: written to a temporary file in the same
/// folder, which then takes the file's name in one step (rename). With
/// `old`, the new file gets the old one's mode and, where allowed, owner.
void replace_atomically(const std::string& target, const std::string& path, std::string_view text,
                        const struct stat* old) {
  namespace fs = std::filesystem;
  const fs::path t(target);
  const fs::path dir = t.has_parent_path() ? t.parent_path() : fs::path(".");
  std::string tmp = (dir / ("." + t.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) cannot_write_errno(path);
  const PendingFile pending(tmp);  // until the rename below
  try {
    if (old != nullptr) {
      // chown first: it may clear set-id bits that fchmod then restores.
      if (::fchown(fd, old->st_uid, old->st_gid) != 0 && errno != EPERM) cannot_write_errno(path);
      ::fchmod(fd, old->st_mode & 07777);
    } else {
      const mode_t mask = ::umask(0);
      ::umask(mask);
      ::fchmod(fd, 0666 & ~mask);  // as a plain create would; mkstemp makes it 0600
    }
    write_all(fd, text, path);
    if (::fsync(fd) != 0 && errno != EINVAL) cannot_write_errno(path);
    if (::close(fd) != 0) cannot_write_errno(path);
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (std::rename(tmp.c_str(), target.c_str()) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    cannot_write(path, std::strerror(saved));
  }
}

}  // namespace

void write_file(const std::string& path, std::string_view text) {
  const std::string target = follow_links(path);
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) {
    if (errno != ENOENT) cannot_write_errno(path);
    replace_atomically(target, path, text, nullptr);
    return;
  }
  if (S_ISDIR(st.st_mode)) cannot_write(path, tr("it is a folder"));
  if (!S_ISREG(st.st_mode)) {
    write_through(target, path, text);
  } else if (st.st_nlink > 1) {
    write_in_place(target, path, text);
  } else {
    replace_atomically(target, path, text, &st);
  }
}

}  // namespace policygraph
