#include <policygraph/core/messages.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace policygraph {
namespace {

/// A .mo file built by hand after the GNU gettext manual ("The Format of
/// GNU MO Files"): magic, revision, N, offset of the originals table,
/// offset of the translations table, hash size 0, hash offset; then the
/// two tables of (length, offset) and the NUL-terminated strings.
std::string mo_file(const std::vector<std::pair<std::string, std::string>>& entries,
                    bool big_endian = false) {
  const auto word = [&](std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
      const int shift = big_endian ? 8 * (3 - i) : 8 * i;
      out += static_cast<char>((v >> shift) & 0xFF);
    }
  };
  const auto n = static_cast<std::uint32_t>(entries.size());
  const std::uint32_t originals = 28;
  const std::uint32_t translations = originals + 8 * n;
  std::uint32_t at = translations + 8 * n;
  std::string head;
  word(head, 0x950412de);
  word(head, 0);
  word(head, n);
  word(head, originals);
  word(head, translations);
  word(head, 0);
  word(head, 0);
  std::string table_from;
  std::string table_to;
  std::string strings;
  for (const auto& [from, to] : entries) {
    word(table_from, static_cast<std::uint32_t>(from.size()));
    word(table_from, at);
    strings += from;
    strings += '\0';
    at += static_cast<std::uint32_t>(from.size()) + 1;
  }
  for (const auto& [from, to] : entries) {
    word(table_to, static_cast<std::uint32_t>(to.size()));
    word(table_to, at);
    strings += to;
    strings += '\0';
    at += static_cast<std::uint32_t>(to.size()) + 1;
  }
  return head + table_from + table_to + strings;
}

const std::string kKoreanHeader =
    "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=1; plural=0;\n";

TEST(Messages, ReadsSingularAndPluralEntries) {
  using namespace std::string_literals;
  const std::string mo = mo_file({{"", kKoreanHeader},
                                  {"Domains", "정책 영역"},
                                  {"{0} function\0{0} functions"s, "기능 {0}개"}});
  std::string why;
  const auto m = Messages::parse(mo, &why);
  ASSERT_TRUE(m) << why;
  EXPECT_EQ(m->size(), 2U);
  ASSERT_NE(m->find("Domains"), nullptr);
  EXPECT_EQ(*m->find("Domains"), "정책 영역");
  EXPECT_EQ(m->find("Units"), nullptr);
  // One form for every count under nplurals=1.
  ASSERT_NE(m->find_plural("{0} function", "{0} functions", 1), nullptr);
  EXPECT_EQ(*m->find_plural("{0} function", "{0} functions", 1), "기능 {0}개");
  EXPECT_EQ(*m->find_plural("{0} function", "{0} functions", 7), "기능 {0}개");
}

TEST(Messages, ReadsEitherByteOrder) {
  const std::string mo = mo_file({{"", kKoreanHeader}, {"Units", "단위"}}, true);
  std::string why;
  const auto m = Messages::parse(mo, &why);
  ASSERT_TRUE(m) << why;
  EXPECT_EQ(*m->find("Units"), "단위");
}

TEST(Messages, EnglishPluralRuleTakesTheSecondFormAboveOne) {
  using namespace std::string_literals;
  const std::string mo = mo_file({{"", "Plural-Forms: nplurals=2; plural=(n != 1);\n"},
                                  {"{0} unit\0{0} units"s, "{0} Einheit\0{0} Einheiten"s}});
  const auto m = Messages::parse(mo, nullptr);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m->find_plural("{0} unit", "{0} units", 1), "{0} Einheit");
  EXPECT_EQ(*m->find_plural("{0} unit", "{0} units", 0), "{0} Einheiten");
  EXPECT_EQ(*m->find_plural("{0} unit", "{0} units", 2), "{0} Einheiten");
}

TEST(Messages, RefusesWhatIsNotACatalogue) {
  std::string why;
  EXPECT_FALSE(Messages::parse("not a catalogue at all, but long enough", &why));
  EXPECT_EQ(why, "not a GNU gettext catalogue (bad magic number)");
  EXPECT_FALSE(Messages::parse("\xde\x12", &why));

  // A string offset past the end of the file.
  std::string mo = mo_file({{"", kKoreanHeader}, {"Units", "단위"}});
  mo.resize(mo.size() - 3);
  EXPECT_FALSE(Messages::parse(mo, &why));
  EXPECT_EQ(why, "message 1 lies outside the file");

  // A plural rule this reader does not evaluate (Russian).
  const std::string russian = mo_file(
      {{"", "Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
            "(n%100<10 || n%100>=20) ? 1 : 2);\n"}});
  EXPECT_FALSE(Messages::parse(russian, &why));
  EXPECT_EQ(why, "its Plural-Forms rule is not one this tool evaluates");
}

TEST(Messages, ProcessCatalogueTranslatesAndFallsBackToEnglish) {
  using namespace std::string_literals;
  use_messages(Messages::parse(mo_file({{"", kKoreanHeader},
                                        {"Model: {0}", "모델: {0}"},
                                        {"{0} moved to {1}", "{0|은} {1|으로} 옮겨졌다"},
                                        {"{0} structure\0{0} structures"s, "구조 {0}개"}}),
                               nullptr),
               "ko");
  EXPECT_EQ(message_language(), "ko");
  EXPECT_EQ(tr("Model: {0}"), "모델: {0}");
  EXPECT_EQ(tr("Not in the catalogue"), "Not in the catalogue");
  EXPECT_EQ(trf("Model: {0}", {"산업부"}), "모델: 산업부");
  // 통상정책국 ends in ㄱ: 은, 으로. 산업실 ends in ㄹ: 로.
  EXPECT_EQ(trf("{0} moved to {1}", {"통상정책국", "산업실"}), "통상정책국은 산업실로 옮겨졌다");
  // 기획조정과 ends in a vowel: 는; 본부 too: 로.
  EXPECT_EQ(trf("{0} moved to {1}", {"기획조정과", "본부"}), "기획조정과는 본부로 옮겨졌다");
  EXPECT_EQ(trn("{0} structure", "{0} structures", 1), "구조 1개");
  EXPECT_EQ(trn("{0} structure", "{0} structures", 3), "구조 3개");
  use_messages(std::nullopt, "");
  EXPECT_EQ(message_language(), "");
  EXPECT_EQ(tr("Model: {0}"), "Model: {0}");
  EXPECT_EQ(trn("{0} structure", "{0} structures", 1), "1 structure");
  EXPECT_EQ(trn("{0} structure", "{0} structures", 0), "0 structures");
  EXPECT_EQ(trn("{0} structure", "{0} structures", 2), "2 structures");
}

TEST(Messages, KoreanParticleFollowsTheLastSound) {
  // Hangul: a final jamo or not; 으로/로 takes 로 after ㄹ as well.
  EXPECT_EQ(korean_particle("산업자원안보실", "는"), "은");  // 실: final ㄹ
  EXPECT_EQ(korean_particle("본부", "은"), "는");
  EXPECT_EQ(korean_particle("정책관", "가"), "이");
  EXPECT_EQ(korean_particle("장관", "를"), "을");
  EXPECT_EQ(korean_particle("차관", "와"), "과");
  EXPECT_EQ(korean_particle("서울", "으로"), "로");
  EXPECT_EQ(korean_particle("부산", "로"), "으로");
  EXPECT_EQ(korean_particle("본부", "으로"), "로");
  EXPECT_EQ(korean_particle("국", "나"), "이나");
  EXPECT_EQ(korean_particle("과", "이라는"), "라는");
  // Digits read in Sino-Korean: 삼 (ㅁ), 이 (none), 칠 (ㄹ), 영 (ㅇ).
  EXPECT_EQ(korean_particle("3", "는"), "은");
  EXPECT_EQ(korean_particle("12", "이"), "가");
  EXPECT_EQ(korean_particle("7", "으로"), "로");
  EXPECT_EQ(korean_particle("10", "로"), "으로");
  // Latin letters by their Korean names: 엘 (ㄹ), 엠 (ㅁ), 티 (none).
  EXPECT_EQ(korean_particle("URL", "으로"), "로");
  EXPECT_EQ(korean_particle("HTML", "는"), "은");
  EXPECT_EQ(korean_particle("team", "가"), "이");
  EXPECT_EQ(korean_particle("DOT", "을"), "를");
  // 퍼센트 ends in a vowel; closing brackets and quotes are passed over.
  EXPECT_EQ(korean_particle("50%", "이"), "가");
  // An aside in brackets: the word before it decides (대전환은, 실과).
  EXPECT_EQ(korean_particle("제조업 AI 대전환(M.AX)", "는"), "은");
  EXPECT_EQ(korean_particle("산업정책실 (2)", "와"), "과");
  EXPECT_EQ(korean_particle("(2)", "와"), "와");
  EXPECT_EQ(korean_particle("\"통상교섭본부\"", "은"), "는");
  EXPECT_EQ(korean_particle("", "은"), "는");
  // Not a particle of the list: as given.
  EXPECT_EQ(korean_particle("본부", "의"), "의");
}

TEST(Messages, FillReplacesNumberedPlaceholdersOnly) {
  EXPECT_EQ(fill("{1} before {0}", {"a", "b"}), "b before a");
  EXPECT_EQ(fill("{0}{0}", {"x"}), "xx");
  EXPECT_EQ(fill("{{0}} is a placeholder", {"x"}), "{0} is a placeholder");
  EXPECT_EQ(fill("{2} and {name}", {"x"}), "{2} and {name}");
  EXPECT_EQ(fill("unclosed {0", {"x"}), "unclosed {0");
  EXPECT_EQ(fill("{0|을} 보라", {"기능"}), "기능을 보라");
}

}  // namespace
}  // namespace policygraph
