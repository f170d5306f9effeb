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

}  // namespace
}  // namespace policygraph
