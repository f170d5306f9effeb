#include "render.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>
#include <tuple>

#include <policygraph/core/diagnostics.hpp>

namespace policygraph::cli {

namespace {

std::string cannot_run(std::string_view why) {
  // TRANSLATORS: {0} is a message of the system, e.g. "Too many open files".
  return trf("cannot run Graphviz's dot: {0}", {why});
}

/// A pipe whose ends close on exec (the child gets copies through dup2).
struct Pipe {
  int read = -1;
  int write = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      throw FileError(cannot_run(std::strerror(errno)));
    }
    read = fds[0];
    write = fds[1];
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  ~Pipe() {
    close_read();
    close_write();
  }
  void close_read() {
    if (read >= 0) ::close(read);
    read = -1;
  }
  void close_write() {
    if (write >= 0) ::close(write);
    write = -1;
  }
};

/// SIGPIPE ignored while it lives: a dot that exits early must not kill us.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGPIPE, &ignore, &saved_);
  }
  IgnoreSigpipe(const IgnoreSigpipe&) = delete;
  IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;
  ~IgnoreSigpipe() { ::sigaction(SIGPIPE, &saved_, nullptr); }

 private:
  struct sigaction saved_ {};
};

pid_t spawn_dot(const std::string& format, Pipe& in, Pipe& out, Pipe& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.read, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.write, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.write, STDERR_FILENO);
  std::string program = "dot";
  std::string type = "-T" + format;
  std::array<char*, 3> argv{program.data(), type.data(), nullptr};
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, "dot", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == ENOENT) throw FileError(tr(kDotMissing));
  if (rc != 0) throw FileError(cannot_run(std::strerror(rc)));
  return pid;
}

using Clock = std::chrono::steady_clock;
/// When dot must have finished; nothing for no limit.
using Deadline = std::optional<Clock::time_point>;

/// Thrown inside once the deadline passes.
struct TimedOut {};

/// Milliseconds left until `deadline` for poll(): -1 for no deadline.
/// Throws TimedOut once it has passed.
int poll_timeout(const Deadline& deadline) {
  if (!deadline) return -1;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now()).count();
  if (left <= 0) throw TimedOut{};
  return static_cast<int>(std::min<long long>(left, INT_MAX));
}

/// Feeds `input` to `to_child` while draining both outputs, so that neither
/// side waits on a full pipe; until `deadline`.
void exchange(std::string_view input, Pipe& in, Pipe& out, Pipe& err, std::string& stdout_text,
              std::string& stderr_text, const Deadline& deadline) {
  ::fcntl(in.write, F_SETFL, ::fcntl(in.write, F_GETFL) | O_NONBLOCK);
  if (input.empty()) in.close_write();
  char buffer[65536];
  while (in.write >= 0 || out.read >= 0 || err.read >= 0) {
    std::array<pollfd, 3> fds{pollfd{in.write, POLLOUT, 0}, pollfd{out.read, POLLIN, 0},
                              pollfd{err.read, POLLIN, 0}};
    const int ready = ::poll(fds.data(), fds.size(), poll_timeout(deadline));
    if (ready < 0) {
      if (errno == EINTR) continue;
      throw FileError(cannot_run(std::strerror(errno)));
    }
    if (ready == 0) continue;  // the deadline, checked above
    if (in.write >= 0 && fds[0].revents != 0) {
      const ssize_t n = ::write(in.write, input.data(), input.size());
      if (n > 0) input.remove_prefix(static_cast<std::size_t>(n));
      if ((n < 0 && errno != EAGAIN && errno != EINTR) || input.empty()) in.close_write();
    }
    for (auto [fd, text, pipe] : {std::tuple{fds[1], &stdout_text, &out},
                                  std::tuple{fds[2], &stderr_text, &err}}) {
      if (pipe->read < 0 || fd.revents == 0) continue;
      const ssize_t n = ::read(pipe->read, buffer, sizeof buffer);
      if (n > 0) {
        text->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        pipe->close_read();
      }
    }
  }
}

/// Waits for `pid` to end and stores its status; until `deadline` when
/// there is one. False when the deadline passed first.
bool wait_for(pid_t pid, int& status, const Deadline& deadline) {
  for (;;) {
    const pid_t r = ::waitpid(pid, &status, deadline ? WNOHANG : 0);
    if (r == pid) return true;
    if (r < 0) {
      if (errno == EINTR) continue;
      throw FileError(cannot_run(std::strerror(errno)));
    }
    if (Clock::now() >= *deadline) return false;
    ::usleep(10'000);
  }
}

/// Stops dot and collects it: SIGTERM, then SIGKILL past the grace.
void stop(pid_t pid) {
  ::kill(pid, SIGTERM);
  int status = 0;
  try {
    if (wait_for(pid, status, Clock::now() + kStopGrace)) return;
    ::kill(pid, SIGKILL);
    wait_for(pid, status, std::nullopt);
  } catch (const FileError&) {
    // Nothing left to collect.
  }
}

}  // namespace

void add_layout_timeout_option(po::options_description& options, std::string_view what) {
  options.add_options()
      ("layout-timeout",
       whole_number<unsigned>(0, kMaxLayoutSeconds)->value_name("SECONDS")
           ->default_value(kDefaultLayoutSeconds),
       // TRANSLATORS: {0} says what happens then, e.g. "then rendering fails,
       // with nothing written".
       trf("stop Graphviz's dot when it has not finished within SECONDS (0: no limit); {0}",
           {what})
           .c_str());
}

std::chrono::seconds layout_timeout(const po::variables_map& vm) {
  return std::chrono::seconds(vm["layout-timeout"].as<unsigned>());
}

std::string render_with_graphviz(std::string_view dot_text, const std::string& format,
                                 std::ostream& warnings, std::chrono::seconds limit) {
  const Deadline deadline =
      limit.count() > 0 ? Deadline(Clock::now() + limit) : Deadline(std::nullopt);
  const auto timed_out = [&] {
    // TRANSLATORS: {0} is a picture format (svg, png, pdf), {1} a number of seconds.
    return FileError(trf("Graphviz's dot -T{0} did not finish within {1} s (see --layout-timeout)",
                         {format, std::to_string(limit.count())}));
  };
  IgnoreSigpipe guard;
  Pipe in;
  Pipe out;
  Pipe err;
  const pid_t pid = spawn_dot(format, in, out, err);
  in.close_read();
  out.close_write();
  err.close_write();
  std::string stdout_text;
  std::string stderr_text;
  int status = 0;
  try {
    exchange(dot_text, in, out, err, stdout_text, stderr_text, deadline);
    if (!wait_for(pid, status, deadline)) throw TimedOut{};
  } catch (const TimedOut&) {
    stop(pid);
    throw timed_out();
  } catch (...) {
    stop(pid);
    throw;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    while (!stderr_text.empty() && (stderr_text.back() == '\n' || stderr_text.back() == ' ')) {
      stderr_text.pop_back();
    }
    throw FileError(WIFEXITED(status)
                        // TRANSLATORS: {0} is a picture format (svg, png, pdf), {1}
                        // a number, {2} what Graphviz printed.
                        ? trf("Graphviz's dot -T{0} failed (exit status {1}):\n{2}",
                              {format, std::to_string(WEXITSTATUS(status)), stderr_text})
                        : trf("Graphviz's dot -T{0} failed (signal {1}):\n{2}",
                              {format, std::to_string(WTERMSIG(status)), stderr_text}));
  }
  warnings << stderr_text;
  return stdout_text;
}

}  // namespace policygraph::cli
