#include <policygraph/export/graphml_writer.hpp>

#include <cstdlib>

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace policygraph {
namespace {

// tests/data/small.json, functions in order supply (0), export-control (1),
// minerals (2), ai (3); dependencies as written:
//
//   supply -> export-control  2  coordination       pair {0,1}
//   supply -> minerals        1  coordination       pair {0,2}
//   minerals -> supply        1  data               pair {0,2}
//   minerals -> ai            1  coordination       pair {2,3}
//
// Pairs in graph order: {0,1}, {0,2}, {2,3}.
const Model& small() {
  static const Model m = testing::model_file("small.json");
  return m;
}

std::string block_of(const std::string& text, const std::string& start, const std::string& end) {
  const std::size_t at = text.find(start);
  if (at == std::string::npos) return "";
  return text.substr(at, text.find(end, at) - at);
}

TEST(XmlEscaped, EntitiesAndCharacterReferences) {
  EXPECT_EQ(xml_escaped("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c'");
  // Attribute values normalise raw whitespace, so it is written as references.
  EXPECT_EQ(xml_escaped("x\ny\tz\r"), "x&#10;y&#9;z&#13;");
  EXPECT_EQ(xml_escaped("한국어"), "한국어");
}

TEST(XmlEscaped, CharactersXmlForbidsBecomeReplacementCharacters) {
  EXPECT_EQ(xml_escaped(std::string("a\x01") + "b\xEF\xBF\xBE" + "c"), "a\uFFFDb\uFFFDc");
}

TEST(RoundTripNumber, ShortestTextThatReadsBackExactly) {
  EXPECT_EQ(round_trip_number(2), "2");
  EXPECT_EQ(round_trip_number(0.1), "0.1");
  EXPECT_EQ(round_trip_number(1e-3), "0.001");
  EXPECT_EQ(round_trip_number(2.75), "2.75");
  const double third = 1.0 / 3;
  EXPECT_EQ(std::strtod(round_trip_number(third).c_str(), nullptr), third);
}

TEST(PairKinds, KindsOfMergedDependenciesInTheOrderFirstWritten) {
  const auto kinds = pair_kinds(small());
  ASSERT_EQ(kinds.size(), 3U);
  auto names = [&](std::size_t pair) {
    std::string out;
    for (auto k : kinds[pair]) out += small().dependency_kinds[k] + ";";
    return out;
  };
  EXPECT_EQ(names(0), "coordination;");
  EXPECT_EQ(names(1), "coordination;data;");
  EXPECT_EQ(names(2), "coordination;");
}

TEST(GraphmlText, NodeCarriesDomainsUnitAndUnitPath) {
  const std::string xml = graphml_text(small(), *small().find_structure("before"), "");
  const std::string minerals = block_of(xml, "<node id=\"minerals\">", "</node>");
  EXPECT_NE(minerals.find("<data key=\"label\">Critical minerals</data>"), std::string::npos);
  EXPECT_NE(minerals.find("<data key=\"domains\">security;growth</data>"), std::string::npos);
  EXPECT_NE(minerals.find("<data key=\"primary_domain\">security</data>"), std::string::npos);
  EXPECT_NE(minerals.find("<data key=\"unit\">industry-office</data>"), std::string::npos);
  EXPECT_NE(minerals.find("<data key=\"unit_path\">Ministry &gt; Industry Office</data>"),
            std::string::npos);
}

TEST(GraphmlText, EdgeCarriesSummedWeightAndMergedKinds) {
  const std::string xml = graphml_text(small(), 0, "");
  // supply -> minerals (1) and minerals -> supply (1, data): one edge of 2.
  const std::string edge =
      block_of(xml, "<edge source=\"supply\" target=\"minerals\">", "</edge>");
  EXPECT_NE(edge.find("<data key=\"weight\">2</data>"), std::string::npos);
  EXPECT_NE(edge.find("<data key=\"kind\">coordination;data</data>"), std::string::npos);
  EXPECT_NE(xml.find("<key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("<graph id=\"before\" edgedefault=\"undirected\">"), std::string::npos);
}

TEST(GraphmlText, LabelsFollowTheLanguage) {
  const std::string xml = graphml_text(small(), 1, "ko");
  EXPECT_NE(block_of(xml, "<node id=\"supply\">", "</node>")
                .find("<data key=\"unit_path\">Ministry &gt; 안보실 &gt; Supply Bureau</data>"),
            std::string::npos);
}

TEST(GraphmlText, AbsentFunctionsAndTheirEdgesAreLeftOut) {
  // adversarial.json: "gone" is dropped after, "late" exists only after.
  const Model m = testing::model_file("adversarial.json");
  const std::string before = graphml_text(m, 0, "");
  const std::string after = graphml_text(m, 1, "");
  EXPECT_NE(before.find("<node id=\"gone\">"), std::string::npos);
  EXPECT_EQ(before.find("\"late\""), std::string::npos);
  EXPECT_EQ(after.find("\"gone\""), std::string::npos);
  EXPECT_NE(after.find("<edge source=\"f{brace}\" target=\"late\">"), std::string::npos);
}

TEST(GraphmlText, IdsAreEscapedInAttributes) {
  const Model m = testing::model_file("adversarial.json");
  const std::string xml = graphml_text(m, 0, "");
  EXPECT_NE(xml.find("<node id=\"f &quot;quote&quot;\">"), std::string::npos);
  EXPECT_NE(xml.find("<node id=\"f&lt;angle&gt;&amp;amp;\">"), std::string::npos);
  EXPECT_NE(xml.find("<data key=\"label\">Line one&#10;Line two&#13;&#10;Line three&#9;tab</data>"),
            std::string::npos);
}

}  // namespace
}  // namespace policygraph
