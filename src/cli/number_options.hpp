// Numeric options, read by one rule with their ranges. Private to src/cli.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/program_options.hpp>

namespace policygraph::cli {

namespace po = boost::program_options;

// Numeric options. Boost's own conversion reads "-1" into an unsigned type
// as 18446744073709551615, so every number on the command line is read by
// the one rule below instead. A whole number is decimal digits alone (no
// sign, point, exponent or space); a number is decimal, with an optional
// minus sign, point and exponent, and finite. A value that does not read
// so or lies outside its option's range is a bad command line naming the
// option, its range and what was given:
//   --max-moves must be a whole number from 0 to 1000000, found "-1"
// docs/cli.md lists every numeric option with its range.

/// The most of anything counted on the command line: moves, rounds,
/// samples, slack, capacity.
inline constexpr std::uint64_t kMaxCount = 1'000'000;
/// The deepest --level.
inline constexpr int kMaxLevel = 1'000'000;
/// The most --threads.
inline constexpr unsigned kMaxThreads = 1024;
/// The longest --layout-timeout, in seconds: a day.
inline constexpr unsigned kMaxLayoutSeconds = 86'400;

/// "a whole number from 0 to 1000000": the range in a message.
std::string whole_range(std::uint64_t least, std::uint64_t most);

/// `text` as a whole number from `least` to `most`, or nothing when it does
/// not read as one or lies outside: for an option that takes words too
/// (--capacity current|headcount|N), whose message says what else it takes.
std::optional<std::uint64_t> read_whole(std::string_view text, std::uint64_t least,
                                        std::uint64_t most);

/// A numeric option's value that breaks the rule; thrown while po::store
/// parses, which gives it the option's name.
class BadNumber : public po::error_with_option_name {
 public:
  /// `range` as whole_range gives it; `found` as given.
  BadNumber(std::string range, std::string_view found);
  [[nodiscard]] const char* what() const noexcept override;

 private:
  std::string range_;
  std::string found_;  ///< in quotes
};

namespace detail {

/// The single token of a numeric option, read by the rule above; throws BadNumber.
std::uint64_t whole_token(const std::vector<std::string>& tokens, std::uint64_t least,
                          std::uint64_t most);
double real_token(const std::vector<std::string>& tokens, double least, double most,
                  bool below_most);

template <typename T>
class WholeValue : public po::typed_value<T> {
 public:
  WholeValue(T least, T most) : po::typed_value<T>(nullptr), least_(least), most_(most) {}
  void xparse(boost::any& store, const std::vector<std::string>& tokens) const override {
    po::validators::check_first_occurrence(store);
    store = static_cast<T>(whole_token(tokens, static_cast<std::uint64_t>(least_),
                                       static_cast<std::uint64_t>(most_)));
  }

 private:
  T least_;
  T most_;
};

class RealValue : public po::typed_value<double> {
 public:
  RealValue(double least, double most, bool below_most)
      : po::typed_value<double>(nullptr), least_(least), most_(most), below_most_(below_most) {}
  void xparse(boost::any& store, const std::vector<std::string>& tokens) const override {
    po::validators::check_first_occurrence(store);
    store = real_token(tokens, least_, most_, below_most_);
  }

 private:
  double least_;
  double most_;
  bool below_most_;
};

/// A positive number (above 0, finite), read by the rule above.
double positive_token(const std::vector<std::string>& tokens);

class PositiveValue : public po::typed_value<double> {
 public:
  PositiveValue() : po::typed_value<double>(nullptr) {}
  void xparse(boost::any& store, const std::vector<std::string>& tokens) const override {
    po::validators::check_first_occurrence(store);
    store = positive_token(tokens);
  }
};

}  // namespace detail

/// The value of a whole-number option from `least` to `most` (0 or more),
/// read by the rule above; chain value_name and default_value as with po::value:
///   ("max-moves", whole_number<std::size_t>(0, kMaxCount)->value_name("K")->default_value(10),
///    "at most K functions change unit")
template <typename T>
po::typed_value<T>* whole_number(T least, T most) {
  static_assert(std::is_integral_v<T> && sizeof(T) <= sizeof(std::uint64_t));
  return new detail::WholeValue<T>(least, most);
}

/// Whether a real number's range includes its upper end.
enum class UpperEnd { kIncluded, kExcluded };

/// The value of a real-number option from `least` to `most` (or to below
/// it), read by the rule above.
inline po::typed_value<double>* real_number(double least, double most,
                                            UpperEnd upper = UpperEnd::kIncluded) {
  return new detail::RealValue(least, most, upper == UpperEnd::kExcluded);
}

/// The value of an option that takes any positive number (above 0, and
/// finite as every number), read by the rule above: "a positive number".
inline po::typed_value<double>* positive_number() { return new detail::PositiveValue(); }

}  // namespace policygraph::cli
