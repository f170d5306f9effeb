// The policygraph executable: everything happens in the library's cli::run.
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"

int main(int argc, char** argv) {
  // Past a file-size limit (ulimit -f), let write() fail with EFBIG so the
  // command reports it and exits 3, rather than dying of SIGXFSZ.
  std::signal(SIGXFSZ, SIG_IGN);
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  return policygraph::cli::run(args, std::cout, std::cerr);
}
