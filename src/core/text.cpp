#include <policygraph/core/text.hpp>

#include <cassert>
#include <cstdint>
#include <cstring>

namespace policygraph {

std::optional<Utf8Char> decode_utf8(std::string_view s, std::size_t at) {
  assert(at < s.size());
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return Utf8Char{lead, 1};
  std::size_t length = 0;
  char32_t least = 0;  // smallest code point that needs `length` bytes
  char32_t cp = 0;
  if ((lead & 0xE0U) == 0xC0U) {
    length = 2;
    least = 0x80;
    cp = lead & 0x1FU;
  } else if ((lead & 0xF0U) == 0xE0U) {
    length = 3;
    least = 0x800;
    cp = lead & 0x0FU;
  } else if ((lead & 0xF8U) == 0xF0U) {
    length = 4;
    least = 0x10000;
    cp = lead & 0x07U;
  } else {
    return std::nullopt;  // a continuation byte, or 0xF8-0xFF
  }
  if (length > s.size() - at) return std::nullopt;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(at + k) & 0xC0U) != 0x80U) return std::nullopt;
    cp = (cp << 6U) | (byte(at + k) & 0x3FU);
  }
  if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return Utf8Char{cp, length};
}

Utf8Char code_point_at(std::string_view s, std::size_t at) {
  return decode_utf8(s, at).value_or(Utf8Char{0xFFFD, 1});
}

std::size_t invalid_utf8_offset(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    // ASCII, most of a model's text, 8 bytes at a time.
    std::uint64_t word = 0;
    while (i + sizeof word <= s.size() &&
           (std::memcpy(&word, s.data() + i, sizeof word), (word & 0x8080808080808080ULL) == 0)) {
      i += sizeof word;
    }
    if (i == s.size()) break;
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const auto c = decode_utf8(s, i);
    if (!c) return i;
    i += c->length;
  }
  return std::string_view::npos;
}

bool is_valid_utf8(std::string_view s) { return invalid_utf8_offset(s) == std::string_view::npos; }

namespace {

/// printable() and escape_controls(): `\xNN` for every byte that starts no
/// valid UTF-8 sequence and every control (but LF with `keep_line_feeds`),
/// cut with "..." once `max_bytes` are written.
std::string show_controls(std::string_view s, std::size_t max_bytes, bool keep_line_feeds) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (out.size() >= max_bytes) {
      out += "...";
      break;
    }
    const auto c = decode_utf8(s, i);
    if (!c || ((c->code_point < 0x20 || c->code_point == 0x7F) &&
               !(keep_line_feeds && c->code_point == '\n'))) {
      const auto b = static_cast<unsigned char>(s[i]);
      out += "\\x";
      out += kHex[b >> 4U];
      out += kHex[b & 15U];
      ++i;
    } else {
      out.append(s.substr(i, c->length));
      i += c->length;
    }
  }
  return out;
}

}  // namespace

std::string printable(std::string_view s, std::size_t max_bytes) {
  return show_controls(s, max_bytes, false);
}

std::string escape_controls(std::string_view s, bool keep_line_feeds) {
  return show_controls(s, std::string::npos, keep_line_feeds);
}

std::string bad_id_reason(std::string_view id) {
  if (id.empty()) return "is empty";
  for (char c : id) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return "contains a control character";
  }
  if (!is_valid_utf8(id)) return "is not valid UTF-8";
  return {};
}

std::string replace_non_xml_characters(std::string_view markup) {
  std::string out;
  out.reserve(markup.size());
  for (std::size_t i = 0; i < markup.size();) {
    const auto c = decode_utf8(markup, i);
    if (c && is_xml_char(c->code_point)) {
      out.append(markup.substr(i, c->length));
    } else {
      out += kReplacementCharacter;
    }
    i += c ? c->length : 1;
  }
  return out;
}

std::string escape_xml(std::string_view s, XmlEscaping how) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = decode_utf8(s, i);
    if (!c) {
      out += kReplacementCharacter;
      ++i;
      continue;
    }
    switch (c->code_point) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += how.apostrophe ? "&#39;" : "'"; break;
      case '\t': out += how.whitespace_as_references ? "&#9;" : "\t"; break;
      case '\n': out += how.whitespace_as_references ? "&#10;" : "\n"; break;
      case '\r': out += how.whitespace_as_references ? "&#13;" : "\r"; break;
      default:
        if (is_xml_char(c->code_point)) {
          out.append(s.substr(i, c->length));
        } else {
          out += kReplacementCharacter;
        }
    }
    i += c->length;
  }
  return out;
}

std::string count_noun(std::size_t n, std::string_view singular, std::string_view plural) {
  std::string out = std::to_string(n);
  out += ' ';
  out += n == 1 ? singular : plural;
  return out;
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
