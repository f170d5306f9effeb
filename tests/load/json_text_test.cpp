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

TEST(Utf8, ValidityAndPrintable) {
  EXPECT_TRUE(is_valid_utf8("산업자원안보실"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // encoded surrogate
  EXPECT_EQ(printable("a\tb\xFF"), "a\\x09b\\xFF");
}

TEST(PointerToken, EscapesTildeAndSlash) { EXPECT_EQ(pointer_token("a/b~c"), "a~1b~0c"); }

}  // namespace
}  // namespace policygraph
