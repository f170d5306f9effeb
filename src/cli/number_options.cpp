#include "number_options.hpp"

#include <charconv>
#include <cmath>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/messages.hpp>
#include <policygraph/core/numbers.hpp>

namespace policygraph::cli {

std::string whole_range(std::uint64_t least, std::uint64_t most) {
  // TRANSLATORS: the range of a numeric option, in "--seed must be a whole
  // number from 0 to 18446744073709551615, found "x"".
  return trf("a whole number from {0} to {1}", {std::to_string(least), std::to_string(most)});
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
    : po::error_with_option_name(""), range_(std::move(range)), found_(in_quotes(found)) {}

const char* BadNumber::what() const noexcept {
  try {
    std::string option;
    try {
      option = get_canonical_option_name();
    } catch (...) {
      // The message without the option's name.
    }
    // TRANSLATORS: {0} is the option (--max-moves), {1} its range ("a whole
    // number from 0 to 1000000"), {2} the value given, in quotes.
    m_message = trf("{0} must be {1}, found {2}", {option, range_, found_});
  } catch (...) {
    m_message = found_;
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

namespace {

/// `text` as a finite number, or nothing.
std::optional<double> read_real(const std::string& text) {
  double value = 0;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  const bool read = !text.empty() && ec == std::errc() && end == text.data() + text.size() &&
                    std::isfinite(value);
  return read ? std::optional<double>(value) : std::nullopt;
}

}  // namespace

double real_token(const std::vector<std::string>& tokens, double least, double most,
                  bool below_most) {
  const std::string& text = po::validators::get_single_string(tokens);
  const std::optional<double> read = read_real(text);
  const double value = read.value_or(0);
  if (read && value >= least && (below_most ? value < most : value <= most)) {
    return value == 0 ? 0.0 : value;  // -0 as 0
  }
  // TRANSLATORS: the range of a numeric option, in "--noise must be a number
  // from 0 to 10, found "x"".
  throw BadNumber(below_most ? trf("a number from {0} to below {1}",
                                   {exact_number(least), exact_number(most)})
                             : trf("a number from {0} to {1}",
                                   {exact_number(least), exact_number(most)}),
                  text);
}

double positive_token(const std::vector<std::string>& tokens) {
  const std::string& text = po::validators::get_single_string(tokens);
  if (const std::optional<double> value = read_real(text); value && *value > 0) return *value;
  // TRANSLATORS: the range of a numeric option, in "--resolution must be a
  // positive number, found "0"".
  throw BadNumber(tr("a positive number"), text);
}

}  // namespace detail

}  // namespace policygraph::cli
