#include "number_options.hpp"

#include <charconv>
#include <cmath>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/numbers.hpp>

namespace policygraph::cli {

std::string whole_range(std::uint64_t least, std::uint64_t most) {
  return "a whole number from " + std::to_string(least) + " to " + std::to_string(most);
}

std::optional<std::uint64_t> read_whole(std::string_view text, std::uint64_t least,
                                        std::uint64_t most) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < least || value > most) {
    return std::nullopt;  // past 2^64 - 1, or out of range
  }
  return value;
}

BadNumber::BadNumber(std::string range, std::string_view found)
    : po::error_with_option_name(""), rest_(" must be " + std::move(range) + ", found " +
                                            in_quotes(found)) {}

const char* BadNumber::what() const noexcept {
  try {
    m_message = get_canonical_option_name() + rest_;
  } catch (...) {
    m_message = rest_;
  }
  return m_message.c_str();
}

namespace detail {

std::uint64_t whole_token(const std::vector<std::string>& tokens, std::uint64_t least,
                          std::uint64_t most) {
  const std::string& text = po::validators::get_single_string(tokens);
  if (auto value = read_whole(text, least, most)) return *value;
  throw BadNumber(whole_range(least, most), text);
}

double real_token(const std::vector<std::string>& tokens, double least, double most,
                  bool below_most) {
  const std::string& text = po::validators::get_single_string(tokens);
  double value = 0;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  const bool read = !text.empty() && ec == std::errc() && end == text.data() + text.size() &&
                    std::isfinite(value);
  if (read && value >= least && (below_most ? value < most : value <= most)) {
    return value == 0 ? 0.0 : value;  // -0 as 0
  }
  throw BadNumber("a number from " + exact_number(least) + " to " + (below_most ? "below " : "") +
                      exact_number(most),
                  text);
}

}  // namespace detail

}  // namespace policygraph::cli
