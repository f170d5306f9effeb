// UTF-8 and XML text: the one UTF-8 decoder that readers and writers walk
// text with, the one XML escaper that every XML or HTML writer uses, and
// the one way control characters are shown in messages and on a terminal.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace policygraph {

/// One code point read from UTF-8 and the bytes it took (1 to 4).
struct Utf8Char {
  char32_t code_point = 0;
  std::size_t length = 0;
};

/// U+FFFD REPLACEMENT CHARACTER, in UTF-8.
inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

/// Decodes the UTF-8 sequence that starts at `s[at]` (`at < s.size()`).
/// Nothing when the bytes there are not one valid sequence: a continuation
/// byte with no lead byte, a byte 0xF8-0xFF, a sequence cut short by the end
/// of `s` or by a byte that is not a continuation, an overlong form (`C0 AF`
/// for `/`), an encoded surrogate (U+D800-U+DFFF) or a value above U+10FFFF.
/// Callers then step over that one byte. O(1).
[[nodiscard]] std::optional<Utf8Char> decode_utf8(std::string_view s, std::size_t at);

/// decode_utf8, except that a byte that starts no valid sequence reads as
/// U+FFFD of length 1: for walking and measuring text that may be damaged.
[[nodiscard]] Utf8Char code_point_at(std::string_view s, std::size_t at);

/// Offset of the first byte that starts no valid UTF-8 sequence
/// (decode_utf8), or npos. O(n).
[[nodiscard]] std::size_t invalid_utf8_offset(std::string_view s);

/// Whether `s` is valid UTF-8: no overlong forms, no surrogates, nothing
/// above U+10FFFF. O(n).
[[nodiscard]] bool is_valid_utf8(std::string_view s);

/// `s` for an error message: every byte that starts no valid UTF-8 sequence
/// and every ASCII control character (U+0000-U+001F, U+007F) shown as `\xNN`
/// (upper-case hex), cut with "..." once `max_bytes` are written so messages
/// stay readable (the cut falls between characters: a few bytes more).
[[nodiscard]] std::string printable(std::string_view s, std::size_t max_bytes = 80);

/// `s` for a terminal, in full: as printable() shows it (every byte that
/// starts no valid UTF-8 sequence and every ASCII control character as
/// `\xNN`), so that no text of a model can move the cursor, clear the
/// screen or retitle the window. With `keep_line_feeds`, LF stays as it is:
/// for a whole page of text whose lines were laid out already. The result
/// is ASCII where it differs from `s`, so its display width is what it shows.
[[nodiscard]] std::string escape_controls(std::string_view s, bool keep_line_feeds = false);

/// Why `id` cannot be the id of anything in a model, or "" when it can:
/// "is empty", "contains a control character" (U+0000-U+001F, U+007F) or
/// "is not valid UTF-8". The one rule for ids, of the model reader and of
/// the ids a command line gives for new things.
[[nodiscard]] std::string bad_id_reason(std::string_view id);

/// `n` and the noun that goes with it: "1 function", "0 functions",
/// "2 functions". Every count in a sentence of the output is written so.
[[nodiscard]] std::string count_noun(std::size_t n, std::string_view singular,
                                     std::string_view plural);

/// Whether XML 1.0 allows `c` in a document (production [2] Char): tab, LF,
/// CR, U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF.
[[nodiscard]] constexpr bool is_xml_char(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/// How escape_xml writes the characters whose treatment depends on where
/// the text goes.
struct XmlEscaping {
  /// Tab, LF and CR as `&#9;`, `&#10;`, `&#13;`: an attribute value keeps
  /// them only so (a parser turns raw ones into spaces, and CR into LF in
  /// text). Otherwise they are written as they are, as an HTML `<pre>` wants.
  bool whitespace_as_references = false;
  /// `'` as `&#39;` too, so that the text may also sit in a single-quoted
  /// attribute; otherwise `'` is written as it is.
  bool apostrophe = false;
};

/// `s` as XML 1.0 character data or a double-quoted attribute value. The
/// result is always well-formed, whatever `s` holds:
///   - `&`, `<`, `>`, `"` become `&amp;`, `&lt;`, `&gt;`, `&quot;`; `'`,
///     tab, LF and CR as `how` says;
///   - every character XML 1.0 forbids (the C0 controls other than tab, LF
///     and CR; U+FFFE; U+FFFF) and every byte that starts no valid UTF-8
///     sequence (decode_utf8; one per byte) becomes U+FFFD, the Unicode
///     replacement character: the text keeps a visible mark where something
///     unwritable was, and nothing else moves;
///   - everything else is copied, DEL and the C1 controls included (XML 1.0
///     allows them).
/// With `whitespace_as_references`, valid UTF-8 without forbidden
/// characters reads back exactly, as text and as an attribute value. O(n).
[[nodiscard]] std::string escape_xml(std::string_view s, XmlEscaping how = {});

/// `markup` with every character XML 1.0 forbids and every byte that starts
/// no valid UTF-8 sequence replaced by U+FFFD, as escape_xml does, and
/// nothing else changed: for XML that another program wrote (Graphviz's SVG
/// copies node names as they are). O(n).
[[nodiscard]] std::string replace_non_xml_characters(std::string_view markup);

/// Escapes one JSON pointer reference token (`~` -> `~0`, `/` -> `~1`).
[[nodiscard]] std::string pointer_token(std::string_view key);

}  // namespace policygraph
