// Pieces of `policygraph-generate` that do not know about models: a random
// source whose output is the same with every standard library, and a buffered
// text file that is renamed into place only when it is complete.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace policygraph::generate {

/// std::mt19937_64 (whose sequence the standard fixes) with our own mappings
/// to ranges and reals: std::uniform_*_distribution differ between standard
/// libraries, these do not.
class Random {
 public:
  /// Seeds from (seed, stream) through splitmix64, so that each part of the
  /// model draws from its own stream and changing one size option does not
  /// reshuffle the others.
  Random(std::uint64_t seed, std::uint64_t stream) : engine_(splitmix(seed ^ splitmix(stream))) {}

  /// Uniform integer in [0, n), n > 0. Rejection of the 2^64 mod n lowest
  /// values makes it exactly uniform.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t threshold = (0 - n) % n;
    std::uint64_t x = 0;
    do {
      x = engine_();
    } while (x < threshold);
    return x % n;
  }

  /// Uniform real in [0, 1) with 53 random bits.
  double real() { return static_cast<double>(engine_() >> 11U) * 0x1.0p-53; }

  /// true with probability p.
  bool chance(double p) { return real() < p; }

 private:
  static std::uint64_t splitmix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31U);
  }

  std::mt19937_64 engine_;
};

/// Thrown when an output file cannot be written (exit status 3).
class WriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A text file written through a 1 MiB buffer to `PATH.tmp`, renamed to PATH
/// by commit(); destroyed without commit() it removes the temporary file.
class OutputFile {
 public:
  explicit OutputFile(std::filesystem::path path)
      : path_(std::move(path)), temporary_(path_.string() + ".tmp") {
    file_ = std::fopen(temporary_.c_str(), "wb");
    if (file_ == nullptr) throw WriteError("cannot write " + temporary_.string());
    buffer_.reserve(kBufferSize + 4096);
  }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile() {
    if (file_ != nullptr) {
      std::fclose(file_);
      std::error_code ignored;
      std::filesystem::remove(temporary_, ignored);
    }
  }

  OutputFile& operator<<(std::string_view text) {
    buffer_.append(text);
    if (buffer_.size() >= kBufferSize) flush();
    return *this;
  }
  OutputFile& operator<<(char c) {
    buffer_.push_back(c);
    return *this;
  }
  OutputFile& operator<<(std::uint64_t value) {
    char digits[24];
    const auto result = std::to_chars(std::begin(digits), std::end(digits), value);
    return *this << std::string_view(digits, result.ptr - digits);
  }

  /// Flushes, closes and renames the file into place.
  void commit() {
    flush();
    const bool failed = std::fclose(file_) != 0;
    file_ = nullptr;
    std::error_code error;
    if (!failed) std::filesystem::rename(temporary_, path_, error);
    if (failed || error) {
      std::filesystem::remove(temporary_, error);
      throw WriteError("cannot write " + path_.string());
    }
  }

 private:
  static constexpr std::size_t kBufferSize = std::size_t{1} << 20U;

  void flush() {
    if (!buffer_.empty() &&
        std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      throw WriteError("cannot write " + temporary_.string());
    }
    buffer_.clear();
  }

  std::filesystem::path path_;
  std::filesystem::path temporary_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
};

/// `text` as a JSON string literal (quotes included).
inline std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20U || u == 0x7fU) {
      static constexpr std::string_view kHex = "0123456789abcdef";
      out += "\\u00";
      out += kHex[u >> 4U];
      out += kHex[u & 0xfU];
    } else {
      out += c;
    }
  }
  return out + '"';
}

/// `text` as one RFC 4180 field: quoted (quotes doubled) when it holds a
/// comma, a quote or a line break.
inline std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

/// `value` in decimal, padded with zeros to `width` digits.
inline std::string padded(std::uint64_t value, std::size_t width) {
  std::string digits = std::to_string(value);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

}  // namespace policygraph::generate
