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

// Every shape an element of /dependencies can take, plain or not. With a
// PlainDependencies, the plain ones (the first four here, by the rule in
// json_text.hpp) must come out as records and a null in their place, and
// every other element, and everything outside /dependencies, as the
// document alone has it.
TEST(PlainDependencies, KeepThePlainElementsAndLeaveTheRestAsWritten) {
  const std::string text = R"({"functions": [{"id": "a", "from": "x", "to": "y"}],
    "dependencies": [
      {"from": "a", "to": "b"},
      {"note": "n", "weight": 2, "to": "b", "kind": "legal", "from": "a"},
      {"from": "a\u00e9", "to": "", "weight": -1.5e3, "kind": ""},
      {"from": "a", "to": "b", "weight": 18446744073709551615},
      {"from": "a"},
      {"from": "a", "to": "b", "sources": ["s"]},
      {"from": "a", "to": "b", "weight": "2"},
      {"from": 1, "to": "b"},
      {"from": "a", "to": null},
      {"from": "a", "to": "b", "kind": {"k": [1]}},
      {"from": "a", "to": "b", "x-extra": true},
      [],
      "text",
      {},
      {"weight": 1, "from": "a", "to": "b", "note": ["n"]}
    ],
    "structures": [{"dependencies": [{"from": "a", "to": "b"}]}]})";
  Diagnostics d1;
  Diagnostics d2;
  const auto whole = parse_json(text, "m.json", d1);
  PlainDependencies plain;
  const auto kept = parse_json(text, "m.json", d2, &plain);
  ASSERT_TRUE(whole.has_value());
  ASSERT_TRUE(kept.has_value());
  EXPECT_TRUE(d1.all().empty());
  EXPECT_TRUE(d2.all().empty());

  const auto& records = plain.records();
  ASSERT_EQ(records.size(), 4U);
  const nlohmann::json& written = (*whole)["dependencies"];
  for (std::size_t k = 0; k < records.size(); ++k) {
    const auto& r = records[k];
    EXPECT_EQ(r.index, k);
    const nlohmann::json& e = written[r.index];
    EXPECT_EQ(plain.from(r), e["from"].get<std::string>());
    EXPECT_EQ(plain.to(r), e["to"].get<std::string>());
    EXPECT_EQ(plain.kind(r).has_value(), e.contains("kind"));
    if (e.contains("kind")) {
      EXPECT_EQ(*plain.kind(r), e["kind"].get<std::string>());
    }
    EXPECT_EQ(r.weight, e.value("weight", nlohmann::json()));
  }
  EXPECT_EQ(plain.from(records[2]), "a\xC3\xA9");  // the escape, decoded
  EXPECT_EQ(records[2].weight.dump(), "-1500.0");  // a float stays a float
  EXPECT_EQ(records[3].weight.dump(), "18446744073709551615");

  nlohmann::json expected = *whole;
  for (std::size_t k = 0; k < records.size(); ++k) expected["dependencies"][k] = nullptr;
  EXPECT_EQ(*kept, expected);
}

TEST(PlainDependencies, ProblemsInsideAnElementKeepTheirPointer) {
  // A duplicate key makes the element not plain: the error is where it was.
  Diagnostics d;
  PlainDependencies plain;
  const auto j = parse_json(
      R"({"dependencies": [{"from": "a", "to": "b"}, {"from": "a", "to": "b", "from": "c"}]})",
      "m.json", d, &plain);
  EXPECT_FALSE(j.has_value());
  ASSERT_EQ(d.all().size(), 1U);
  EXPECT_EQ(d.all()[0].to_string(),
            "m.json: /dependencies/1/from: error: duplicate key \"from\": an object may give "
            "each key once");
  // A syntax error inside a held element: the same line and column as without.
  const std::string broken = "{\"dependencies\": [\n  {\"from\": \"a\", \"to\" \"b\"}]}";
  Diagnostics without;
  Diagnostics with;
  PlainDependencies unused;
  EXPECT_FALSE(parse_json(broken, "m.json", without).has_value());
  EXPECT_FALSE(parse_json(broken, "m.json", with, &unused).has_value());
  ASSERT_EQ(with.all().size(), 1U);
  EXPECT_EQ(with.all()[0].to_string().substr(0, 9), "m.json:2:");
  EXPECT_EQ(with.all()[0].to_string(), without.all()[0].to_string());
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
