#include <policygraph/core/text.hpp>

#include <string>

#include <gtest/gtest.h>

namespace policygraph {
namespace {

using namespace std::string_literals;  // "\0"s keeps the NUL byte

constexpr std::size_t kNpos = std::string_view::npos;

// decode_utf8 on the whole of `bytes`: the code point, or kInvalid.
constexpr char32_t kInvalid = 0xFFFFFFFF;
char32_t decoded(std::string_view bytes) {
  const auto c = decode_utf8(bytes, 0);
  if (!c) return kInvalid;
  EXPECT_EQ(c->length, bytes.size()) << "for " << printable(bytes);
  return c->code_point;
}

// --- decode_utf8 -----------------------------------------------------------

TEST(DecodeUtf8, AsciiIsOneByte) {
  EXPECT_EQ(decoded("A"), U'A');      // 0x41
  EXPECT_EQ(decoded("\x7F"), 0x7FU);  // largest one-byte value
  EXPECT_EQ(decoded("\0"s), 0x00U);   // NUL is a character too
}

TEST(DecodeUtf8, TwoBytes) {
  // C3 A9 = 110 00011, 10 101001 -> 00011 101001 = 0xE9 (é).
  EXPECT_EQ(decoded("\xC3\xA9"), 0xE9U);
  // C2 80 = 00010 000000 = 0x80, the smallest two-byte value.
  EXPECT_EQ(decoded("\xC2\x80"), 0x80U);
}

TEST(DecodeUtf8, ThreeBytes) {
  // ED 95 9C = 1110 1101, 10 010101, 10 011100
  //   -> 1101 010101 011100 = 0xD55C (한).
  EXPECT_EQ(decoded("\xED\x95\x9C"), 0xD55CU);
  // E0 A0 80 = 0000 100000 000000 = 0x800, the smallest three-byte value.
  EXPECT_EQ(decoded("\xE0\xA0\x80"), 0x800U);
  // EF BF BF = 1111 111111 111111 = 0xFFFF: decodes (XML forbids it, UTF-8 does not).
  EXPECT_EQ(decoded("\xEF\xBF\xBF"), 0xFFFFU);
}

TEST(DecodeUtf8, FourBytes) {
  // F0 9F 98 80 = 000, 011111, 011000, 000000 -> 0x1F600 (😀).
  EXPECT_EQ(decoded("\xF0\x9F\x98\x80"), 0x1F600U);
  // F0 90 80 80 = 000 010000 000000 000000 = 0x10000, the smallest four-byte value.
  EXPECT_EQ(decoded("\xF0\x90\x80\x80"), 0x10000U);
  // F4 8F BF BF = 100 001111 111111 111111 = 0x10FFFF, the largest code point.
  EXPECT_EQ(decoded("\xF4\x8F\xBF\xBF"), 0x10FFFFU);
}

TEST(DecodeUtf8, ReadsAtAnOffsetAndStopsAtTheCharacter) {
  // "a€b": € is E2 82 AC = 0010 000010 101100 = 0x20AC, bytes 1-3.
  const std::string_view s = "a€b";
  const auto c = decode_utf8(s, 1);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->code_point, 0x20ACU);
  EXPECT_EQ(c->length, 3U);
}

TEST(DecodeUtf8, OverlongFormsAreInvalid) {
  EXPECT_EQ(decoded("\xC0\xAF"), kInvalid);          // '/' (0x2F) in two bytes
  EXPECT_EQ(decoded("\xC1\xBF"), kInvalid);          // 0x7F in two bytes
  EXPECT_EQ(decoded("\xE0\x80\xAF"), kInvalid);      // '/' in three bytes
  EXPECT_EQ(decoded("\xE0\x9F\xBF"), kInvalid);      // 0x7FF in three bytes
  EXPECT_EQ(decoded("\xF0\x8F\xBF\xBF"), kInvalid);  // 0xFFFF in four bytes
}

TEST(DecodeUtf8, SurrogatesAreInvalid) {
  EXPECT_EQ(decoded("\xED\xA0\x80"), kInvalid);  // ED A0 80 = 1101 100000 000000 = 0xD800
  EXPECT_EQ(decoded("\xED\xBF\xBF"), kInvalid);  // 0xDFFF
  EXPECT_EQ(decoded("\xED\x9F\xBF"), 0xD7FFU);   // just below them
  EXPECT_EQ(decoded("\xEE\x80\x80"), 0xE000U);   // just above them
}

TEST(DecodeUtf8, AboveU10FFFFIsInvalid) {
  // F4 90 80 80 = 100 010000 000000 000000 = 0x110000.
  EXPECT_EQ(decoded("\xF4\x90\x80\x80"), kInvalid);
  EXPECT_EQ(decoded("\xF7\xBF\xBF\xBF"), kInvalid);      // 0x1FFFFF, the most four bytes hold
  EXPECT_EQ(decoded("\xF8\x88\x80\x80\x80"), kInvalid);  // the old five-byte form
  EXPECT_EQ(decoded("\xFF"), kInvalid);
}

TEST(DecodeUtf8, TruncatedSequencesAreInvalid) {
  EXPECT_EQ(decoded("\xE2\x82"), kInvalid);      // € without its last byte, at the end
  EXPECT_EQ(decoded("\xF0\x9F\x98"), kInvalid);  // 😀 without its last byte
  EXPECT_EQ(decoded("\xC3"), kInvalid);
  // Cut short by a byte that is not a continuation: E2 82 then '-'.
  EXPECT_FALSE(decode_utf8("\xE2\x82-", 0));
}

TEST(DecodeUtf8, LoneContinuationByteIsInvalid) {
  EXPECT_EQ(decoded("\x80"), kInvalid);
  EXPECT_EQ(decoded("\xBF"), kInvalid);
  // The middle of a valid character: "é" read from its second byte.
  EXPECT_FALSE(decode_utf8("\xC3\xA9", 1));
}

TEST(CodePointAt, AStrayByteReadsAsOneReplacementCharacter) {
  const Utf8Char c = code_point_at("\x80-", 0);
  EXPECT_EQ(c.code_point, 0xFFFDU);
  EXPECT_EQ(c.length, 1U);
  EXPECT_EQ(code_point_at("\xC3\xA9", 0).code_point, 0xE9U);
}

// --- validation and messages -------------------------------------------------

TEST(InvalidUtf8Offset, FindsABadByteAnywhereInLongAscii) {
  // ASCII is checked a word at a time: a bad byte at each position of 41
  // bytes (every place in and across the 8-byte words), then a cut
  // two-byte character at the very end, and a good one.
  for (std::size_t at = 0; at < 41; ++at) {
    std::string s(41, 'a');
    s[at] = '\xFF';
    EXPECT_EQ(invalid_utf8_offset(s), at) << at;
  }
  EXPECT_EQ(invalid_utf8_offset(std::string(40, 'a') + "\xC3"), 40U);
  EXPECT_EQ(invalid_utf8_offset(std::string(40, 'a') + "\xC3\xA9" + std::string(9, 'b')), kNpos);
}

TEST(InvalidUtf8Offset, PointsAtTheFirstBadByte) {
  // a b | C3 A9 (é) | FF at byte 4.
  EXPECT_EQ(invalid_utf8_offset("abé\xFF-"), 4U);
  EXPECT_EQ(invalid_utf8_offset("\xC0\xAF"), 0U);      // overlong: its first byte
  EXPECT_EQ(invalid_utf8_offset("산업\xE2\x82"), 6U);  // two 3-byte characters, then a cut €
  EXPECT_EQ(invalid_utf8_offset("산업"), kNpos);
  EXPECT_EQ(invalid_utf8_offset(""), kNpos);
}

TEST(IsValidUtf8, WholeStrings) {
  EXPECT_TRUE(is_valid_utf8("plain, 한국어 and \xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("ok\xED\xA0\x80"));  // an encoded surrogate at the end
  EXPECT_FALSE(is_valid_utf8("\x80"));
}

TEST(Printable, ShowsBadBytesAndControlsAsHex) {
  // Tab (09) and DEL (7F) are controls; FF and each byte of the overlong C0 AF are bad.
  EXPECT_EQ(printable("a\tb\x7F\xFF"), "a\\x09b\\x7F\\xFF");
  EXPECT_EQ(printable("\xC0\xAFé"), "\\xC0\\xAFé");
  EXPECT_EQ(printable("\0"s), "\\x00");
}

TEST(Printable, CutsBetweenCharactersOnceTheLimitIsReached) {
  EXPECT_EQ(printable("abcdefgh", 4), "abcd...");
  // After "ab" (2 bytes < 3) the whole of 한 (3 bytes) goes in; then 5 >= 3 and
  // "c" is left: "...".
  EXPECT_EQ(printable("ab한c", 3), "ab한...");
  EXPECT_EQ(printable("ab한", 3), "ab한");  // nothing left, no "..."
}

// --- escape_controls and ids -------------------------------------------------

TEST(EscapeControls, ShowsTerminalSequencesAsHexInFull) {
  // ESC ] 0 ; ... BEL retitles a terminal window, ESC [ 2 J clears the screen.
  EXPECT_EQ(escape_controls("\x1B]0;owned\x07 \x1B[2J"), "\\x1B]0;owned\\x07 \\x1B[2J");
  const std::string long_label = std::string(200, 'a') + "\x1B";
  EXPECT_EQ(escape_controls(long_label), std::string(200, 'a') + "\\x1B");  // never cut
  EXPECT_EQ(escape_controls("a\nb\r\tc\x7F\xFF"), "a\\x0Ab\\x0D\\x09c\\x7F\\xFF");
  EXPECT_EQ(escape_controls("안보 \\x1B"), "안보 \\x1B");  // other text as it is
}

TEST(EscapeControls, KeepsLineFeedsOnlyWhenAsked) {
  EXPECT_EQ(escape_controls("a\x1B\nb\r\n", true), "a\\x1B\nb\\x0D\n");
}

TEST(BadIdReason, TheRuleForIds) {
  EXPECT_EQ(bad_id_reason("after-2025"), "");
  EXPECT_EQ(bad_id_reason("최적안 1"), "");  // any letters, spaces
  EXPECT_EQ(bad_id_reason(""), "is empty");
  EXPECT_EQ(bad_id_reason("a\nb"), "contains a control character");
  EXPECT_EQ(bad_id_reason("\x7F"), "contains a control character");
  EXPECT_EQ(bad_id_reason("\0"s), "contains a control character");
  EXPECT_EQ(bad_id_reason("a\xFF"), "is not valid UTF-8");
  EXPECT_EQ(bad_id_reason("\xC0\xAF"), "is not valid UTF-8");  // overlong "/"
}

// --- XML ---------------------------------------------------------------------

static_assert(!is_xml_char(0x0) && !is_xml_char(0x8) && is_xml_char(0x9) && is_xml_char(0xA));
static_assert(!is_xml_char(0xB) && !is_xml_char(0xC) && is_xml_char(0xD) && !is_xml_char(0x1F));
static_assert(is_xml_char(0x20) && is_xml_char(0x7F) && is_xml_char(0x85) && is_xml_char(0xD7FF));
static_assert(!is_xml_char(0xD800) && !is_xml_char(0xDFFF) && is_xml_char(0xE000));
static_assert(is_xml_char(0xFFFD) && !is_xml_char(0xFFFE) && !is_xml_char(0xFFFF));
static_assert(is_xml_char(0x10000) && is_xml_char(0x10FFFF) && !is_xml_char(0x110000));

const std::string kFFFD = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

TEST(EscapeXml, TheMarkupCharactersAsEntities) {
  EXPECT_EQ(escape_xml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c'");
  EXPECT_EQ(escape_xml("it's", {.apostrophe = true}), "it&#39;s");
  EXPECT_EQ(escape_xml("&amp;"), "&amp;amp;");  // an entity in the input is text
}

TEST(EscapeXml, TabLineFeedAndCarriageReturnAsTheyAreOrAsReferences) {
  EXPECT_EQ(escape_xml("x\ty\nz\r"), "x\ty\nz\r");
  EXPECT_EQ(escape_xml("x\ty\nz\r", {.whitespace_as_references = true}), "x&#9;y&#10;z&#13;");
}

TEST(EscapeXml, NoncharactersFFFEAndFFFFBecomeReplacementCharacters) {
  EXPECT_EQ(escape_xml("a\xEF\xBF\xBE-"), "a" + kFFFD + "-");  // U+FFFE
  EXPECT_EQ(escape_xml("a\xEF\xBF\xBF-"), "a" + kFFFD + "-");  // U+FFFF
  EXPECT_EQ(escape_xml("\xEF\xBF\xBD"), kFFFD);                // U+FFFD itself stays
}

TEST(EscapeXml, ForbiddenControlsBecomeReplacementCharacters) {
  EXPECT_EQ(escape_xml("a\x01-"), "a" + kFFFD + "-");  // U+0001
  EXPECT_EQ(escape_xml("\0"s), kFFFD);                 // U+0000
  EXPECT_EQ(escape_xml("\x0B\x0C\x1F"), kFFFD + kFFFD + kFFFD);
  // The same with references on: only tab, LF and CR are references.
  EXPECT_EQ(escape_xml("\x01", {.whitespace_as_references = true}), kFFFD);
}

TEST(EscapeXml, ControlsXmlAllowsAreCopied) {
  // DEL (7F) and NEL (U+0085, C2 85) are allowed by XML 1.0.
  EXPECT_EQ(escape_xml("\x7F\xC2\x85"), "\x7F\xC2\x85");
}

TEST(EscapeXml, EachBadByteBecomesOneReplacementCharacter) {
  EXPECT_EQ(escape_xml("caf\xE9"), "caf" + kFFFD);               // Latin-1 é
  EXPECT_EQ(escape_xml("\xC0\xAF"), kFFFD + kFFFD);              // overlong '/': two bytes
  EXPECT_EQ(escape_xml("\xED\xA0\x80"), kFFFD + kFFFD + kFFFD);  // surrogate: three bytes
  EXPECT_EQ(escape_xml("\xE2\x82<"), kFFFD + kFFFD + "&lt;");    // cut €, then '<'
  EXPECT_EQ(escape_xml("\x80-"), kFFFD + "-");                   // lone continuation
}

TEST(EscapeXml, OtherTextIsCopied) {
  EXPECT_EQ(escape_xml("한국어 \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF"),
            "한국어 \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF");
  EXPECT_EQ(escape_xml(""), "");
}

TEST(ReplaceNonXmlCharacters, KeepsMarkupAndReplacesWhatXmlForbids) {
  // Markup and references stay; U+FFFE (EF BF BE) is one U+FFFD, U+0001 one,
  // the bad byte FF one; tab and LF stay.
  EXPECT_EQ(replace_non_xml_characters("<!-- a\xEF\xBF\xBE -->"), "<!-- a" + kFFFD + " -->");
  EXPECT_EQ(replace_non_xml_characters("<t x=\"1\">\x01&amp;\xFF\t\n</t>"),
            "<t x=\"1\">" + kFFFD + "&amp;" + kFFFD + "\t\n</t>");
  EXPECT_EQ(replace_non_xml_characters("한 \xEF\xBF\xBD"), "한 \xEF\xBF\xBD");
}

// A small check of what escape_xml promises, independent of it: `text` is
// valid UTF-8, holds only characters XML 1.0 allows, no '<' or '"', and every
// '&' starts one of the references the escaper writes. Then it is well-formed
// as element content and inside a double-quoted attribute value.
bool well_formed_xml_text(std::string_view text) {
  static const std::string_view kReferences[] = {"&amp;", "&lt;", "&gt;",  "&quot;",
                                                 "&#39;", "&#9;", "&#10;", "&#13;"};
  for (std::size_t i = 0; i < text.size();) {
    const auto c = decode_utf8(text, i);
    if (!c || !is_xml_char(c->code_point) || text[i] == '<' || text[i] == '"') return false;
    if (text[i] == '&') {
      bool known = false;
      for (std::string_view r : kReferences) known = known || text.substr(i).starts_with(r);
      if (!known) return false;
    }
    i += c->length;
  }
  return true;
}

TEST(EscapeXml, TheCheckRejectsWhatXmlForbids) {
  // The check itself can fail: raw U+FFFE, U+0001, a bad byte, '<', a bare '&'.
  EXPECT_FALSE(well_formed_xml_text("\xEF\xBF\xBE"));
  EXPECT_FALSE(well_formed_xml_text("\x01"));
  EXPECT_FALSE(well_formed_xml_text("\xFF"));
  EXPECT_FALSE(well_formed_xml_text("<"));
  EXPECT_FALSE(well_formed_xml_text("a & b"));
  EXPECT_TRUE(well_formed_xml_text("a &amp; b\n"));
}

TEST(EscapeXml, EveryOneAndTwoByteInputGivesWellFormedXml) {
  // All 256 single bytes and all 65,536 byte pairs: every control, every
  // markup character, every lead and continuation byte, alone and together.
  for (int a = 0; a < 256; ++a) {
    const std::string one(1, static_cast<char>(a));
    ASSERT_TRUE(well_formed_xml_text(escape_xml(one))) << printable(one);
    ASSERT_TRUE(well_formed_xml_text(escape_xml(one, {true, true}))) << printable(one);
    for (int b = 0; b < 256; ++b) {
      const std::string two = one + static_cast<char>(b);
      ASSERT_TRUE(well_formed_xml_text(escape_xml(two))) << printable(two);
    }
  }
}

TEST(EscapeXml, EveryThreeByteCharacterGivesWellFormedXml) {
  // Every E0-EF lead with every pair of continuation bytes: U+0800-U+FFFF,
  // the surrogates and the overlong forms among them, U+FFFE and U+FFFF last.
  for (int a = 0xE0; a <= 0xEF; ++a) {
    for (int b = 0x80; b <= 0xBF; ++b) {
      for (int c = 0x80; c <= 0xBF; ++c) {
        const std::string s{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)};
        ASSERT_TRUE(well_formed_xml_text(escape_xml(s))) << printable(s);
      }
    }
  }
}

TEST(CountNoun, OneIsSingularEveryOtherCountPlural) {
  EXPECT_EQ(count_noun(1, "function", "functions"), "1 function");
  EXPECT_EQ(count_noun(0, "function", "functions"), "0 functions");
  EXPECT_EQ(count_noun(2, "function", "functions"), "2 functions");
  EXPECT_EQ(count_noun(21, "top-level branch", "top-level branches"), "21 top-level branches");
  EXPECT_EQ(count_noun(1, "more error", "more errors"), "1 more error");
}

}  // namespace
}  // namespace policygraph
