#include <policygraph/load/json_text.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

namespace policygraph {

using nlohmann::json;

TextPosition position_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  TextPosition p;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  }
  p.column = offset - line_start + 1;
  return p;
}

namespace {

/// nlohmann's DOM builder, except that a parse error records where it
/// happened instead of throwing (the number-overflow error otherwise loses
/// its position).
class LocatingSax : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  explicit LocatingSax(json& root) : json_sax_dom_parser(root, false) {}

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) {
    failed = true;
    // A number that overflows is reported after it was read: point at its start.
    constexpr int kNumberOverflow = 406;
    error_position = ex.id == kNumberOverflow && position > last_token.size()
                         ? position - last_token.size() + 1
                         : position;
    message = ex.what();
    return false;
  }

  bool failed = false;
  std::size_t error_position = 0;
  std::string message;
};

/// "[json.exception.parse_error.101] parse error at line 1, column 3: syntax
/// error while parsing value - invalid string: ill-formed UTF-8 byte; last
/// read: '..'" -> "syntax error while parsing value - invalid string:
/// ill-formed UTF-8 byte". The `last read` part can hold raw bytes.
std::string tidy_message(std::string m) {
  if (auto p = m.find("] "); p != std::string::npos && m.rfind("[json.exception", 0) == 0) {
    m.erase(0, p + 2);
  }
  if (m.rfind("parse error", 0) == 0) {
    if (auto p = m.find(": "); p != std::string::npos) m.erase(0, p + 2);
  }
  if (auto p = m.find("; last read:"); p != std::string::npos) {
    const auto rest = m.find("; expected", p);
    m = m.substr(0, p) + (rest == std::string::npos ? "" : m.substr(rest));
  }
  return printable(m, 200);
}

}  // namespace

std::optional<json> parse_json(std::string_view text, const std::string& file,
                               Diagnostics& diagnostics) {
  json root;
  LocatingSax sax(root);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json, true);
  } catch (const std::exception& e) {
    // Not expected (errors come through parse_error), but never crash.
    diagnostics.error_at_line(file, 1, 1, tidy_message(e.what()));
    return std::nullopt;
  }
  if (!ok || sax.failed) {
    // `position` counts the bytes read, the offending one included.
    std::size_t offset = sax.error_position > 0 ? sax.error_position - 1 : 0;
    // The lexer notices a bad UTF-8 sequence or a lone surrogate escape one
    // byte late; point at where it starts.
    if (sax.message.find("UTF-8") != std::string::npos) {
      offset = std::min(offset, invalid_utf8_offset(text));
    } else if (sax.message.find("surrogate") != std::string::npos) {
      if (auto escape = text.rfind("\\u", offset); escape != std::string_view::npos) {
        offset = escape;
      }
    }
    const TextPosition p = position_of(text, offset);
    diagnostics.error_at_line(file, p.line, p.column,
                              sax.message.empty() ? "invalid JSON" : tidy_message(sax.message));
    return std::nullopt;
  }
  return root;
}

namespace {

std::string size_text(std::uintmax_t bytes) {
  constexpr double kMiB = 1024.0 * 1024.0;
  const double mib = static_cast<double>(bytes) / kMiB;
  char buffer[64];
  if (mib >= 1024) {
    std::snprintf(buffer, sizeof buffer, "%.1f GiB", mib / 1024);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.0f MiB", mib);
  }
  return buffer;
}

[[noreturn]] void too_large(const std::string& path, const std::string& size,
                            std::uintmax_t limit) {
  std::string message = "cannot read " + path + ": it is " + size + ", over the limit of " +
                        size_text(limit) + " for ";
  if (limit < kMaxCsvFileBytes) {
    message += "a model file (put long lists of functions, dependencies or assignments in "
               "CSV files, which may reach " + size_text(kMaxCsvFileBytes) + ")";
  } else {
    message += "one input file";
  }
  throw FileError(message);
}

}  // namespace

std::string read_file(const std::string& path, std::uintmax_t limit) {
  std::error_code ec;
  std::uintmax_t expected = 0;
  const auto status = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::is_regular_file(status)) {
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > limit) too_large(path, size_text(size), limit);
    if (!ec) expected = size;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError("cannot read " + path + ": " + std::strerror(errno));
  // The known size in one read, then whatever else comes, in blocks: all of
  // a pipe, or what a file gained since it was measured. Reading past the
  // limit stops either way.
  std::string text(static_cast<std::size_t>(expected), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  constexpr std::size_t kBlock = std::size_t{1} << 16;
  std::vector<char> block(kBlock);
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(kBlock));
    text.append(block.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > limit) too_large(path, "more than " + size_text(limit), limit);
  }
  if (in.bad()) throw FileError("cannot read " + path + ": " + std::strerror(errno));
  return text;
}

std::string pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace policygraph
