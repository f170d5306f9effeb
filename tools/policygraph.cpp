// The policygraph executable: everything happens in the library's cli::run.
#include <iostream>
#include <string>
#include <vector>

#include <policygraph/cli/cli.hpp>

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  return policygraph::cli::run(args, std::cout, std::cerr);
}
