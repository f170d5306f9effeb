// The policygraph executable: everything happens in the library's cli::run.
// Built a second time as policygraph-serve, the workbench (cli.cpp, serve).
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include <policygraph/core/messages.hpp>

#include "cli.hpp"
#ifdef POLICYGRAPH_SERVE_PROGRAM
#include "commands.hpp"
#endif

namespace {

/// Opens /dev/null on a standard descriptor the caller closed (`>&-`), so
/// that no file the command opens later takes its number and receives what
/// was meant for it. True when the descriptor was closed.
bool hold_if_closed(int fd) {
  if (::fcntl(fd, F_GETFD) != -1) return false;
  const int null = ::open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
  if (null >= 0 && null != fd) {
    ::dup2(null, fd);
    ::close(null);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef POLICYGRAPH_SERVE_PROGRAM
  // policygraph-serve: the workbench, which `policygraph serve` starts.
  policygraph::cli::serve_command = policygraph::cli::run_serve;
#endif
  // Past a file-size limit (ulimit -f), let write() fail with EFBIG so the
  // command reports it and exits 3, rather than dying of SIGXFSZ.
  std::signal(SIGXFSZ, SIG_IGN);
  hold_if_closed(STDIN_FILENO);
  const bool stdout_closed = hold_if_closed(STDOUT_FILENO);
  hold_if_closed(STDERR_FILENO);
  std::ios::sync_with_stdio(false);
  // With standard output closed, everything written to it fails, as it
  // would on a full disk: the command says so and exits 3.
  std::ostream closed(nullptr);
  std::ostream& out = stdout_closed ? closed : std::cout;
  const std::vector<std::string> args(argv + 1, argv + argc);
  int code = policygraph::cli::run(args, out, std::cerr);
  out.flush();
  if (!out && code == 0) {
    std::cerr << "policygraph: " << policygraph::tr("error") << ": "
              << (stdout_closed ? policygraph::tr("cannot write to standard output: it is closed")
                                : policygraph::tr("cannot write to standard output"))
              << '\n';
    code = 3;
  }
  return code;
}
