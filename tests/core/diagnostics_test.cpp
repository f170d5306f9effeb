#include <policygraph/core/diagnostics.hpp>

#include <gtest/gtest.h>

namespace policygraph {
namespace {

TEST(Suggest, NearSpellingWins) {
  EXPECT_EQ(suggest("minstry", {"ministry", "office"}), "ministry");
  EXPECT_EQ(suggest("valdate", {"validate", "metrics"}), "validate");
}

TEST(Suggest, MissingWordFindsTheLongerId) {
  // "trade-bureau" is 9 edits from "trade-security-bureau": too far for a
  // spelling mistake, but every word of it is there.
  EXPECT_EQ(suggest("trade-bureau", {"trade-security-bureau", "trade-policy-office-x"}),
            "trade-security-bureau");
}

TEST(Suggest, TiesGoToTheSmallerIdInAnyOrder) {
  // "abd" (substitution) and "abcd" (insertion) are both 1 edit from "abc";
  // "abcd" < "abd" in byte order, whichever comes first.
  EXPECT_EQ(suggest("abc", {"abd", "abcd"}), "abcd");
  EXPECT_EQ(suggest("abc", {"abcd", "abd"}), "abcd");
}

TEST(Suggest, NothingCloseGivesNothing) {
  EXPECT_EQ(suggest("zz", {"f", "ai"}), "");
  EXPECT_EQ(suggest("h", {"f"}), "");
  EXPECT_EQ(did_you_mean("x", {}), "");
}

TEST(Diagnostics, LocationsAreFormattedByKind) {
  Diagnostics d;
  d.error_at_line("m.json", 3, 7, "syntax");
  d.error_at_line("f.csv", 12, 0, "bad row");
  d.error_at_pointer("m.json", "/structures/1/units/3/parent", "unknown unit");
  d.error_at_pointer("m.json", "", "not an object");
  d.warning_at_pointer("m.json", "/colour", "unknown key");
  EXPECT_EQ(d.render(),
            "m.json:3:7: error: syntax\n"
            "f.csv:12: error: bad row\n"
            "m.json: /structures/1/units/3/parent: error: unknown unit\n"
            "m.json: /: error: not an object\n"
            "m.json: /colour: warning: unknown key\n");
  EXPECT_EQ(d.error_count(), 4U);
}

TEST(Diagnostics, FileNamesAndPointersReachTheTerminalEscaped) {
  Diagnostics d;
  d.error_at_line("a\x1b]0;title\x07.json", 1, 2, "syntax");
  d.warning_at_pointer("m.json", "/x\x1b[2J", "unknown key");
  EXPECT_EQ(d.render(),
            "a\\x1B]0;title\\x07.json:1:2: error: syntax\n"
            "m.json: /x\\x1B[2J: warning: unknown key\n");
}

TEST(Diagnostics, RenderCapsErrorsAndCountsTheRest) {
  Diagnostics d;
  for (int i = 0; i < 5; ++i) d.error_at_line("m.json", i + 1, 1, "e");
  d.warning_at_line("m.json", 9, "w");
  EXPECT_EQ(d.render(2),
            "m.json:1:1: error: e\n"
            "m.json:2:1: error: e\n"
            "m.json:9: warning: w\n"
            "... and 3 more errors\n");
}

TEST(Diagnostics, MillionsOfProblemsAreCountedNotKept) {
  // 1,000,000 errors and 1,000,000 warnings: 1,000 of each are kept, the
  // first 50 errors print, every other one is counted.
  Diagnostics d;
  for (int i = 0; i < 1'000'000; ++i) {
    d.error_at_pointer("m.json", "/functions/0/domains/" + std::to_string(i), "duplicate");
    d.warning_at_line("m.csv", 2, "w");
  }
  EXPECT_EQ(d.error_count(), 1'000'000U);
  EXPECT_EQ(d.all().size(), 2 * Diagnostics::kKept);
  EXPECT_FALSE(d.next_error_shown());
  const std::string out = d.render();
  EXPECT_NE(out.find("m.json: /functions/0/domains/49: error: duplicate\n"), std::string::npos);
  EXPECT_EQ(out.find("/domains/50:"), std::string::npos);
  EXPECT_NE(out.find("\n... and 999000 more warnings\n... and 999950 more errors\n"),
            std::string::npos);
}

TEST(Diagnostics, OneMoreErrorIsSingular) {
  // 51 errors: 50 print, then "1 more error", not "1 more errors".
  Diagnostics d;
  for (int i = 0; i < 51; ++i) d.error_at_line("m.csv", 2, 0, "bad");
  EXPECT_NE(d.render().find("\n... and 1 more error\n"), std::string::npos) << d.render();
}

TEST(NameList, CommasOrAndACapWithTheRestCounted) {
  EXPECT_EQ(name_list({}), "none");
  EXPECT_EQ(name_list({"a"}), "a");
  EXPECT_EQ(name_list({"a", "b", "c"}), "a, b, c");
  EXPECT_EQ(name_list({"a", "b", "c"}, " or "), "a, b or c");
  EXPECT_EQ(name_list({"a", "b"}, " or "), "a or b");
  // Past the cap: the first ones, then how many more; no "or" (the list is cut).
  EXPECT_EQ(name_list({"a", "b", "c", "d", "e"}, " or ", 3), "a, b, c and 2 more");
  // Control characters in a name are shown escaped.
  EXPECT_EQ(name_list({"a\x1b[2J"}), "a\\x1B[2J");
}

TEST(UnknownName, SuggestsTheNearestAndListsWhatThereIs) {
  EXPECT_EQ(unknown_name("structure", "aftr", {"before", "after"}, "the model has"),
            "unknown structure \"aftr\" (did you mean \"after\"?); the model has: before, after");
  EXPECT_EQ(unknown_name("unit kind", "zzz", {"body", "agency"}, "structure s has"),
            "unknown unit kind \"zzz\"; structure s has: body, agency");
  EXPECT_EQ(unknown_name("domain", "x", {}, "the model has"),
            "unknown domain \"x\"; the model has: none");
}

TEST(NotAChoice, NamesTheOptionItsChoicesAndTheNearest) {
  EXPECT_EQ(not_a_choice("--render", "pngg", {"svg", "png", "pdf"}),
            "--render takes svg, png or pdf, not \"pngg\" (did you mean \"png\"?)");
  EXPECT_EQ(not_a_choice("--format", "yaml", {"table", "json"}),
            "--format takes table or json, not \"yaml\"");
}

}  // namespace
}  // namespace policygraph
