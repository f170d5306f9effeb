#include <policygraph/core/numbers.hpp>

#include <charconv>

namespace policygraph {

std::string exact_number(double value) {
  if (value == 0) return "0";  // no "-0"
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return {buffer, result.ptr};
}

}  // namespace policygraph
