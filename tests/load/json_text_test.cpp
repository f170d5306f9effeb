#include <policygraph/load/json_text.hpp>

#include <random>

#include <gtest/gtest.h>

namespace policygraph {
namespace {

std::string first_error(std::string_view text) {
  Diagnostics d;
  auto j = parse_json(text, "m.json", d);
  EXPECT_FALSE(j.has_value());
  return d.all().empty() ? "" : d.all()[0].to_string();
}

TEST(ParseJson, SyntaxErrorHasLineAndColumn) {
  // Line 2 is `  "b": 2,}`: the '}' after the trailing comma is byte 10.
  EXPECT_EQ(first_error("{\"a\": 1,\n  \"b\": 2,}"),
            "m.json:2:10: error: syntax error while parsing object key - unexpected '}'; expected "
            "string literal");
}

TEST(ParseJson, NumberOverflowPointsAtTheNumber) {
  // "[1, 1e999]": the number starts at column 5.
  EXPECT_EQ(first_error("[1, 1e999]"), "m.json:1:5: error: number overflow parsing '1e999'");
}

TEST(ParseJson, InvalidUtf8PointsAtTheBadByte) {
  // Column 4 is the byte 0xFF inside the string.
  EXPECT_EQ(first_error("[\"a\xFF\"]").substr(0, 13), "m.json:1:4: e");
}

TEST(ParseJson, LoneSurrogatePointsAtTheEscape) {
  EXPECT_EQ(first_error("[\"ab\\udc00\"]").substr(0, 13), "m.json:1:5: e");
}

TEST(ParseJson, HundredThousandLevelsOfNestingDoNotCrash) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  Diagnostics d;
  auto j = parse_json(deep, "deep.json", d);
  EXPECT_TRUE(j.has_value());
  // And unbalanced: an error, no crash.
  EXPECT_EQ(first_error(std::string(100000, '{')).substr(0, 18), "m.json:1:2: error:");
}

TEST(ParseJson, TwoHundredMegabytesOfGarbageFailFast) {
  std::string garbage(200U << 20U, '\0');
  std::mt19937 rng(7);
  for (char& c : garbage) c = static_cast<char>(rng());
  garbage[0] = '[';
  garbage[1] = '\xFF';
  EXPECT_EQ(first_error(garbage).substr(0, 18), "m.json:1:2: error:");
}

TEST(ParseJson, DuplicateKeysAreErrorsAtTheirPointer) {
  Diagnostics d;
  // The second "x" of the second element of "a", and the root's second "b"
  // (the nested objects in between must not confuse the pointer).
  auto j = parse_json(R"({"a": [{"x": 1}, {"y": {"z": []}, "x": 1, "x": 2}], "b": 1, "b": {"q": 1}})",
                      "m.json", d);
  EXPECT_FALSE(j.has_value());
  ASSERT_EQ(d.all().size(), 2U);
  EXPECT_EQ(d.all()[0].to_string(),
            "m.json: /a/1/x: error: duplicate key \"x\": an object may give each key once");
  EXPECT_EQ(d.all()[1].to_string(),
            "m.json: /b: error: duplicate key \"b\": an object may give each key once");
  // The same key in two objects is fine.
  Diagnostics fine;
  EXPECT_TRUE(parse_json(R"([{"x": 1}, {"x": 2}])", "m.json", fine).has_value());
}

TEST(ParseJson, NulByteEndsNothing) {
  using namespace std::string_literals;
  // After the document, line 2 column 1; inside it, where it stands.
  EXPECT_EQ(first_error("{\"a\": 1}\n\0{\"b\""s),
            "m.json:2:1: error: a NUL byte (U+0000), which JSON text may not contain");
  EXPECT_EQ(first_error("[1, \0 2]"s),
            "m.json:1:5: error: a NUL byte (U+0000), which JSON text may not contain");
  // A syntax error before the NUL comes first.
  EXPECT_EQ(first_error("[1 2, \0]"s).substr(0, 17), "m.json:1:4: error");
}

TEST(ParseJson, TextAfterTheDocumentIsAnError) {
  EXPECT_EQ(first_error("{\"a\": 1}\n{\"b\": 2}"),
            "m.json:2:1: error: syntax error while parsing value - unexpected '{'; expected end "
            "of input");
}

TEST(Utf8, ValidityAndPrintable) {
  EXPECT_TRUE(is_valid_utf8("산업자원안보실"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // encoded surrogate
  EXPECT_EQ(printable("a\tb\xFF"), "a\\x09b\\xFF");
}

TEST(PointerToken, EscapesTildeAndSlash) { EXPECT_EQ(pointer_token("a/b~c"), "a~1b~0c"); }

}  // namespace
}  // namespace policygraph
