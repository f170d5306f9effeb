#include <policygraph/load/csv.hpp>

#include <gtest/gtest.h>

namespace policygraph {
namespace {

struct Parsed {
  std::vector<std::size_t> lines;
  std::vector<std::vector<std::string>> rows;
  std::string errors;
  bool ok = false;
};

Parsed parse(std::string_view text) {
  Parsed p;
  Diagnostics d;
  p.ok = read_csv(text, "t.csv", d, [&](const CsvRecord& r) {
    p.lines.push_back(r.line);
    p.rows.emplace_back(r.fields.begin(), r.fields.end());
    return true;
  });
  p.errors = d.render();
  return p;
}

TEST(Csv, QuotingDoubledQuotesAndNewlinesInsideQuotes) {
  const Parsed p = parse("id,label\r\na,\"x, \"\"y\"\"\"\r\nb,\"two\nlines\"\nc,\n");
  ASSERT_TRUE(p.ok) << p.errors;
  ASSERT_EQ(p.rows.size(), 4U);
  EXPECT_EQ(p.rows[1], (std::vector<std::string>{"a", "x, \"y\""}));
  EXPECT_EQ(p.rows[2], (std::vector<std::string>{"b", "two\nlines"}));
  EXPECT_EQ(p.rows[3], (std::vector<std::string>{"c", ""}));
  // A record's line is where it starts: c starts on line 5.
  EXPECT_EQ(p.lines, (std::vector<std::size_t>{1, 2, 3, 5}));
}

TEST(Csv, ByteOrderMarkAndBlankLinesAreSkipped) {
  const Parsed p = parse("\xEF\xBB\xBFid\n\n\r\nx\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.rows, (std::vector<std::vector<std::string>>{{"id"}, {"x"}}));
  EXPECT_EQ(p.lines, (std::vector<std::size_t>{1, 4}));
}

TEST(Csv, LastLineWithoutNewline) {
  const Parsed p = parse("a,b\n1,2");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.rows.back(), (std::vector<std::string>{"1", "2"}));
}

TEST(Csv, UnterminatedQuoteIsReportedWhereTheFieldStarts) {
  const Parsed p = parse("a,b\n1,\"open\n\n");
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.errors, "t.csv:2: error: unterminated quoted field\n");
}

TEST(Csv, QuoteInsideUnquotedFieldAndTextAfterClosingQuote) {
  EXPECT_EQ(parse("a\nx\"y\n").errors,
            "t.csv:2: error: quote inside an unquoted field (quote the whole field and double "
            "the quotes inside it)\n");
  EXPECT_EQ(parse("a\n\"x\"y\n").errors,
            "t.csv:2: error: unexpected text after a closing quote (quote the whole field and "
            "double the quotes inside it)\n");
}

/// The records read_unquoted_records gives after the header, and whether it took the text.
std::pair<bool, std::vector<std::vector<std::string>>> unquoted(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  const auto head = unquoted_header(text);
  if (!head) return {false, rows};
  rows.emplace_back(head->header.fields.begin(), head->header.fields.end());
  const bool ok = read_unquoted_records<5>(text, head->body, head->header.fields.size(),
                                           [&](std::span<const std::string_view> f) {
                                             rows.emplace_back(f.begin(), f.end());
                                             return true;
                                           });
  return {ok, rows};
}

TEST(UnquotedCsv, GivesWhatReadCsvGives) {
  const std::string bom = "\xEF\xBB\xBF";
  for (const std::string& text : {std::string("a,b\n1,2\n"), std::string("a,b\r\n1,2\r\n\r\n3,\r\n"),
                                  bom + "a,b,c\n,,\n\nx,y,z", std::string("a\n1\n\n2"),
                                  std::string("a,b\r1,2\r3,4")}) {
    const auto [ok, rows] = unquoted(text);
    EXPECT_TRUE(ok) << text;
    const Parsed p = parse(text);
    EXPECT_EQ(rows, p.rows) << text;
  }
}

TEST(UnquotedCsv, LeavesToReadCsvWhatItDoesNotTake) {
  EXPECT_FALSE(unquoted("\"a\",b\n1,2\n").first);  // a quote in the header
  EXPECT_FALSE(unquoted("\na,b\n1,2\n").first);     // a blank first line
  EXPECT_FALSE(unquoted("a,b\n1,\"2\"\n").first);   // a quote in a record
  EXPECT_FALSE(unquoted("a,b\n1,2,3\n").first);     // too many fields
  EXPECT_FALSE(unquoted("a,b\n1\n").first);         // too few
  EXPECT_FALSE(unquoted("a,b\n1,2\n3").first);      // too few, at the end
  EXPECT_FALSE(unquoted("a,b,c,d,e,f\n1,2,3,4,5,6\n").first);  // wider than 5
  // What came before the first problem was given.
  const auto [ok, rows] = unquoted("a,b\n1,2\n3\n4,5\n");
  EXPECT_FALSE(ok);
  EXPECT_EQ(rows, (std::vector<std::vector<std::string>>{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvColumns, FoundByNameInAnyOrderUnknownOnesWarn) {
  Diagnostics d;
  CsvRecord header{1, {"to", "colour", "from"}};
  CsvColumns cols;
  ASSERT_TRUE(find_columns(header, {"from", "to", "weight"}, 2, "d.csv", d, cols));
  EXPECT_EQ(cols.index[0], 2U);
  EXPECT_EQ(cols.index[1], 0U);
  EXPECT_EQ(cols.index[2], CsvColumns::kAbsent);
  EXPECT_EQ(d.render(),
            "d.csv:1: warning: unknown column \"colour\" (ignored; the columns are "
            "from,to,weight)\n");
}

TEST(CsvColumns, PrefixedColumnsCarryTheirTag) {
  Diagnostics d;
  CsvRecord header{1, {"id", "labels.ko", "labl", "labels.fr"}};
  CsvColumns cols;
  ASSERT_TRUE(find_columns(header, {"id", "label"}, 1, "f.csv", d, cols, {"labels."}));
  ASSERT_EQ(cols.prefixed.size(), 2U);
  EXPECT_EQ(cols.prefixed[0], (std::pair<std::size_t, std::string>{1, "ko"}));
  EXPECT_EQ(cols.prefixed[1], (std::pair<std::size_t, std::string>{3, "fr"}));
  // A misspelt name is a warning with the columns and the likely one.
  EXPECT_EQ(d.render(),
            "f.csv:1: warning: unknown column \"labl\" (ignored; the columns are "
            "id,label,labels.TAG) (did you mean \"label\"?)\n");
  // "labels." alone has no tag; a tag twice is an error.
  Diagnostics e;
  EXPECT_FALSE(find_columns(CsvRecord{1, {"id", "labels."}}, {"id"}, 1, "f.csv", e, cols,
                            {"labels."}));
  EXPECT_EQ(e.render(),
            "f.csv:1: error: column \"labels.\" needs a language tag after \"labels.\" (e.g. "
            "labels.ko)\n");
  Diagnostics twice;
  EXPECT_FALSE(find_columns(CsvRecord{1, {"labels.ko", "id", "labels.ko"}}, {"id"}, 1, "f.csv",
                            twice, cols, {"labels."}));
  EXPECT_EQ(twice.render(), "f.csv:1: error: column \"labels.ko\" appears twice in the header\n");
}

}  // namespace
}  // namespace policygraph
