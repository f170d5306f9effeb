#include <policygraph/export/dot_writer.hpp>

#include <set>

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace policygraph {
namespace {

// tests/data/small.json:
//
//   before                                  after
//   ministry                                ministry
//   +- industry-office   minerals, ai       +- industry-office   ai
//   |  +- supply-bureau  supply             +- trade-office
//   +- trade-office      export-control     +- security-office   export-control, minerals
//                                              +- supply-bureau  supply
//
//   supply --2-- export-control, supply --2-- minerals, minerals --1-- ai
//   domains: security (position 0) for supply, export-control, minerals;
//            growth (position 1) for ai. Control tower of security (after):
//            security-office.
const Model& small() {
  static const Model m = testing::model_file("small.json");
  return m;
}

std::string draw(const Model& m, const std::string& structure, DotOptions options = {}) {
  return dot_text(m, *m.find_structure(structure), options);
}

DotOptions view(DotView v) {
  DotOptions o;
  o.view = v;
  return o;
}

/// The text of the line holding `needle` (the first such line).
std::string line_with(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  if (at == std::string::npos) return "";
  const std::size_t begin = text.rfind('\n', at) + 1;
  return text.substr(begin, text.find('\n', at) - begin);
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST(DotQuoted, EscapesQuotesBackslashesAndNewlines) {
  EXPECT_EQ(dot_quoted("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
  EXPECT_EQ(dot_quoted("산업 {x} <y>"), "\"산업 {x} <y>\"");
}

TEST(DotQuoted, DropsCarriageReturnsAndBlanksOtherControls) {
  EXPECT_EQ(dot_quoted("a\r\nb\tc\x01"), "\"a\\nb c \"");
}

TEST(DotQuoted, TrailingBackslashCannotCloseTheString) {
  EXPECT_EQ(dot_quoted("end\\"), "\"end\\\\\"");
}

TEST(DotHtmlText, EscapesMarkupAndDoublesBackslashes) {
  // Graphviz reads \N, \n, \\ in HTML labels too, so a lone backslash is doubled.
  EXPECT_EQ(dot_html_text("<b>&\"\\N"), "&lt;b&gt;&amp;&quot;\\\\N");
}

TEST(DotHtmlText, NewlineBecomesLineBreakAndXmlForbiddenCharactersBlanks) {
  EXPECT_EQ(dot_html_text("one\ntwo\r\x02" "\xEF\xBF\xBF" "한"), "one<br/>two  한");
}

TEST(DomainColour, FixedByModelPositionAndRepeatsAfterFourteen) {
  EXPECT_EQ(domain_colour(0), "#77AADD");
  EXPECT_EQ(domain_colour(1), "#EE8866");
  EXPECT_EQ(domain_colour(14), domain_colour(0));
  std::set<std::string> distinct;
  for (Index d = 0; d < 14; ++d) distinct.insert(domain_colour(d));
  EXPECT_EQ(distinct.size(), 14U);
}

TEST(ParseDotView, KnowsTheFourViews) {
  EXPECT_EQ(parse_dot_view("functions"), DotView::kFunctions);
  EXPECT_EQ(parse_dot_view("units"), DotView::kUnits);
  EXPECT_EQ(parse_dot_view("tree"), DotView::kTree);
  EXPECT_EQ(parse_dot_view("diff"), DotView::kDiff);
  EXPECT_FALSE(parse_dot_view("function").has_value());
}

TEST(FunctionsView, NodesAreDeclaredInModelFunctionOrder) {
  const std::string dot = draw(small(), "after");
  const std::size_t a = dot.find("\"supply\" [");
  const std::size_t b = dot.find("\"export-control\" [");
  const std::size_t c = dot.find("\"minerals\" [");
  const std::size_t d = dot.find("\"ai\" [");
  ASSERT_NE(d, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_LT(c, d);
  // ... and before any cluster, so that the order is the model's, not the tree's.
  EXPECT_LT(d, dot.find("subgraph"));
}

TEST(FunctionsView, NodesAreFilledByPrimaryDomainPosition) {
  const std::string dot = draw(small(), "before");
  // minerals is security first, growth second: security's colour.
  EXPECT_NE(line_with(dot, "\"minerals\" [").find("fillcolor=\"#77AADD\""), std::string::npos);
  EXPECT_NE(line_with(dot, "\"ai\" [").find("fillcolor=\"#EE8866\""), std::string::npos);
}

TEST(FunctionsView, ClustersNestAlongTheUnitTree) {
  const std::string dot = draw(small(), "before");
  const std::size_t industry = dot.find("subgraph \"cluster:industry-office\"");
  const std::size_t supply = dot.find("subgraph \"cluster:supply-bureau\"");
  const std::size_t trade = dot.find("subgraph \"cluster:trade-office\"");
  ASSERT_NE(trade, std::string::npos);
  // Preorder: ministry, industry-office, supply-bureau (inside it), trade-office.
  EXPECT_LT(dot.find("subgraph \"cluster:ministry\""), industry);
  EXPECT_LT(industry, supply);
  EXPECT_LT(supply, trade);
  // supply-bureau is indented one step deeper than industry-office.
  EXPECT_EQ(line_with(dot, "cluster:supply-bureau").find("subgraph"),
            line_with(dot, "cluster:industry-office").find("subgraph") + 2);
  // Each function is listed in its own unit's cluster only, once.
  EXPECT_NE(dot.find("\n        \"supply\"\n", supply), std::string::npos);
  EXPECT_EQ(count(dot, "\"supply\"\n"), 1U);
  // industry-office's two functions stand in one column, chained invisibly.
  EXPECT_NE(dot.find("\"minerals\" -- \"ai\" [style=invis]", industry), std::string::npos);
}

TEST(FunctionsView, EdgesInsideAUnitThinGreyAcrossUnitsColouredByWhereTheyMeet) {
  const std::string dot = draw(small(), "before");
  // The heaviest pairs weigh 2. minerals--ai (w 1) is inside industry-office:
  // default grey, pen 0.8 + 1.2 * 1/2 = 1.40.
  const std::string inside = line_with(dot, "\"minerals\" -- \"ai\" [p");
  EXPECT_NE(inside.find("penwidth=1.40"), std::string::npos);
  EXPECT_EQ(inside.find("color="), std::string::npos);
  // supply--minerals (w 2): supply-bureau and industry-office meet at
  // industry-office, below the top: blue (translucent), pen 0.9 + 2.1 = 3.00.
  const std::string below = line_with(dot, "\"supply\" -- \"minerals\"");
  EXPECT_NE(below.find("color=\"#00448890\""), std::string::npos);
  EXPECT_NE(below.find("penwidth=3.00"), std::string::npos);
  EXPECT_NE(below.find("constraint=false"), std::string::npos);
  // supply--export-control (w 2): supply-bureau and trade-office meet only at
  // the ministry: red.
  EXPECT_NE(line_with(dot, "\"supply\" -- \"export-control\"").find("color=\"#CC331190\""),
            std::string::npos);
}

TEST(FunctionsView, LevelFoldsDeeperUnitsIntoTheirAncestor) {
  DotOptions options;
  options.level = 1;
  const std::string dot = draw(small(), "before", options);
  // supply-bureau (depth 2) folds into industry-office: no cluster of its own,
  // and supply--minerals becomes a pair inside one unit: grey, 0.8 + 1.2 = 2.00.
  EXPECT_EQ(dot.find("cluster:supply-bureau"), std::string::npos);
  // (The first line naming the pair is the invisible column chain.)
  EXPECT_NE(dot.find("\"supply\" -- \"minerals\" -- \"ai\" [style=invis]"), std::string::npos);
  const std::string pair = line_with(dot, "\"supply\" -- \"minerals\" [p");
  EXPECT_NE(pair.find("penwidth=2.00"), std::string::npos);
  EXPECT_EQ(pair.find("color="), std::string::npos);
}

TEST(FunctionsView, LabelsFollowTheLanguage) {
  DotOptions options;
  options.lang = "ko";
  const std::string dot = draw(small(), "after", options);
  EXPECT_NE(line_with(dot, "\"supply\" [").find("label=<공급망 정책>"), std::string::npos);
  EXPECT_NE(dot.find("<b>안보실</b>"), std::string::npos);  // security-office's ko label
  EXPECT_NE(dot.find(">경제안보</td>"), std::string::npos);  // the legend
  // Without a ko label, the plain label.
  EXPECT_NE(dot.find("<b>Industry Office</b>"), std::string::npos);
}

TEST(FunctionsView, LegendListsOnlyDomainsThatColourANode) {
  const Model m = testing::model_from(R"({"format": "policygraph/1",
    "domains": [{"id": "used", "label": "Used"}, {"id": "secondary", "label": "Secondary only"}],
    "functions": [{"id": "f", "domains": ["used", "secondary"]}], "dependencies": [],
    "structures": [{"id": "s", "units": [{"id": "r"}], "assign": {"f": "r"}}]})");
  const std::string dot = dot_text(m, 0, {});
  EXPECT_NE(dot.find(">Used</td>"), std::string::npos);
  EXPECT_EQ(dot.find("Secondary only"), std::string::npos);
}

TEST(DiffView, MovedFunctionsSayWhereTheyCameFromAndNewUnitsAreMarked) {
  DotOptions options = view(DotView::kDiff);
  options.against = *small().find_structure("before");
  const std::string dot = draw(small(), "after", options);
  // export-control left trade-office and minerals left industry-office;
  // supply stayed in supply-bureau (the bureau moved, the function did not).
  const std::string exports = line_with(dot, "\"export-control\" [");
  EXPECT_NE(exports.find("from: Trade Office"), std::string::npos);
  EXPECT_NE(exports.find("color=\"#CC3311\", penwidth=3"), std::string::npos);
  EXPECT_NE(line_with(dot, "\"minerals\" [").find("from: Industry Office"), std::string::npos);
  EXPECT_EQ(line_with(dot, "\"supply\" [").find("from:"), std::string::npos);
  EXPECT_EQ(count(dot, "<font point-size=\"9\">from: "), 2U);
  // security-office did not exist before.
  EXPECT_NE(line_with(dot, "<b>Security Office</b>").find("<i>new</i>"), std::string::npos);
  EXPECT_EQ(line_with(dot, "<b>Trade Office</b>").find("new"), std::string::npos);
  EXPECT_NE(dot.find("moved function (2)"), std::string::npos);
}

TEST(DiffView, NewAndDroppedFunctionsAndEmptyNewUnitsAreShown) {
  const Model m = testing::model_file("adversarial.json");
  DotOptions options = view(DotView::kDiff);
  options.against = 0;
  const std::string dot = dot_text(m, 1, options);
  // "late" is absent before: new, dashed blue.
  const std::string late = line_with(dot, "\"late\" [");
  EXPECT_NE(late.find("<i><b>new</b></i>"), std::string::npos);
  EXPECT_NE(late.find("style=\"rounded,filled,dashed\""), std::string::npos);
  // "gone" is dropped: no node, listed in the legend.
  EXPECT_EQ(dot.find("\"gone\" ["), std::string::npos);
  EXPECT_NE(dot.find("dropped functions:</i> Dropped after &lt;gone&gt;"), std::string::npos);
  // The new unit without functions still shows, with a placeholder.
  EXPECT_NE(dot.find("<b>Empty &amp; new</b>"), std::string::npos);
  EXPECT_NE(dot.find("<i>no functions</i>"), std::string::npos);
}

TEST(UnitsView, ANodePerOwningUnitAndCrossingWeightPerPair) {
  const std::string dot = draw(small(), "before", view(DotView::kUnits));
  // Owners: industry-office (minerals, ai), supply-bureau, trade-office; the
  // ministry owns nothing and is not drawn.
  EXPECT_NE(line_with(dot, "\"industry-office\" [").find("2 functions"), std::string::npos);
  EXPECT_NE(line_with(dot, "\"supply-bureau\" [").find("1 function<"), std::string::npos);
  EXPECT_EQ(dot.find("\"ministry\" ["), std::string::npos);
  // Crossing pairs: supply-bureau/industry-office (supply--minerals, 2) and
  // supply-bureau/trade-office (supply--export-control, 2); both the
  // heaviest: pen 1 + 5 = 6. Ends in preorder of the tree.
  const std::string low = line_with(dot, "\"industry-office\" -- \"supply-bureau\"");
  EXPECT_NE(low.find("penwidth=6.00, label=\"2\""), std::string::npos);
  EXPECT_NE(low.find("#004488"), std::string::npos);
  const std::string top = line_with(dot, "\"supply-bureau\" -- \"trade-office\"");
  EXPECT_NE(top.find("#CC3311"), std::string::npos);
  EXPECT_EQ(count(dot, " -- "), 2U);
}

TEST(UnitsView, NodeSizeGrowsWithFunctionsOwned) {
  const std::string dot = draw(small(), "before", view(DotView::kUnits));
  // Shares sqrt(n / 2): 1 for industry-office, 0.707 for the others.
  EXPECT_NE(line_with(dot, "\"industry-office\" [").find("width=2.40"), std::string::npos);
  EXPECT_NE(line_with(dot, "\"trade-office\" [").find("width=1.93"), std::string::npos);
}

TEST(TreeView, EveryUnitWithItsFunctionsAndControlTowerMarked) {
  const std::string dot = draw(small(), "after", view(DotView::kTree));
  const std::string tower = line_with(dot, "\"security-office\" [");
  EXPECT_NE(tower.find("control tower: Economic security"), std::string::npos);
  EXPECT_NE(tower.find("penwidth=3"), std::string::npos);
  EXPECT_NE(tower.find("\u2022 Export control<br/>\u2022 Critical minerals"), std::string::npos);
  // trade-office owns nothing after; it is still part of the chart.
  EXPECT_NE(dot.find("\"trade-office\" ["), std::string::npos);
  EXPECT_EQ(line_with(dot, "\"trade-office\" [").find("\u2022"), std::string::npos);
  // The top two levels form a chart; below, each branch hangs as a list:
  // supply-bureau is tied to the unit above it in preorder (its parent here)
  // by an invisible edge, and to its parent by a drawn edge that does not
  // constrain the ranks.
  EXPECT_NE(dot.find("\"ministry\" -> \"security-office\"\n"), std::string::npos);
  EXPECT_NE(dot.find("\"security-office\" -> \"supply-bureau\" [constraint=false]\n"),
            std::string::npos);
  EXPECT_NE(dot.find("\"security-office\" -> \"supply-bureau\" [style=invis, weight=10]\n"),
            std::string::npos);
  EXPECT_EQ(count(dot, " -> "), 5U);  // five units: four tree edges, one list edge
}

TEST(TreeView, LongListsAreCutWithHowManyMore) {
  const Model m = testing::model_from(R"({"format": "policygraph/1", "domains": [{"id": "d"}],
    "functions": [{"id": "f1", "domains": ["d"]}, {"id": "f2", "domains": ["d"]},
                  {"id": "f3", "domains": ["d"]}, {"id": "f4", "domains": ["d"]},
                  {"id": "f5", "domains": ["d"]}, {"id": "f6", "domains": ["d"]},
                  {"id": "f7", "domains": ["d"]}], "dependencies": [],
    "structures": [{"id": "s", "units": [{"id": "r", "kind": "ministry", "headcount": 3}],
      "assign": {"f1": "r", "f2": "r", "f3": "r", "f4": "r", "f5": "r", "f6": "r", "f7": "r"}}]})");
  const std::string dot = dot_text(m, 0, view(DotView::kTree));
  // Seven functions: four listed, then "+3 more".
  EXPECT_NE(dot.find("\u2022 f4<br/>+3 more</font>"), std::string::npos);
  EXPECT_EQ(dot.find("\u2022 f5"), std::string::npos);
  EXPECT_NE(dot.find("ministry \u00B7 headcount 3"), std::string::npos);
}

TEST(FunctionsView, AUnitsFunctionsStandInColumnsOfFive) {
  const Model m = testing::model_from(R"({"format": "policygraph/1", "domains": [{"id": "d"}],
    "functions": [{"id": "f1", "domains": ["d"]}, {"id": "f2", "domains": ["d"]},
                  {"id": "f3", "domains": ["d"]}, {"id": "f4", "domains": ["d"]},
                  {"id": "f5", "domains": ["d"]}, {"id": "f6", "domains": ["d"]},
                  {"id": "f7", "domains": ["d"]}], "dependencies": [],
    "structures": [{"id": "s", "units": [{"id": "r"}],
      "assign": {"f1": "r", "f2": "r", "f3": "r", "f4": "r", "f5": "r", "f6": "r", "f7": "r"}}]})");
  const std::string dot = dot_text(m, 0, {});
  EXPECT_NE(dot.find("\"f1\" -- \"f2\" -- \"f3\" -- \"f4\" -- \"f5\" [style=invis]\n"),
            std::string::npos);
  EXPECT_NE(dot.find("\"f6\" -- \"f7\" [style=invis]\n"), std::string::npos);
  // Both column tops hang below the unit's one row anchor.
  EXPECT_NE(dot.find("\"row:r:1\" -- \"f1\" [style=invis]"), std::string::npos);
  EXPECT_NE(dot.find("\"row:r:1\" -- \"f6\" [style=invis]"), std::string::npos);
  EXPECT_EQ(dot.find("\"row:r:2\""), std::string::npos);
}

TEST(FunctionsView, ManyUnitsWrapIntoRowsForASlide) {
  // A root with twelve offices of five functions each. Each office is one
  // column 5 ranks high plus its anchor rank: 1 x 6. With rows of at most L
  // offices the root is min(L, 12) columns by ceil(12 / L) x (6 + 1) ranks;
  // at 2.1 in a column and 0.8 in a rank the ratio is, for L = 12: 4.5,
  // 8 (2 rows): 1.5, 7 (2 rows): 1.31, 6 (2 rows): 1.125, 5 (3 rows): 0.63.
  // The aim, 1.4, is closest in log ratio at L = 7: offices 1-7, then 8-12.
  std::string functions;
  std::string units = R"({"id": "root"})";
  std::string assign;
  for (int o = 1; o <= 12; ++o) {
    units += R"(, {"id": "o)" + std::to_string(o) + R"(", "parent": "root"})";
    for (int k = 1; k <= 5; ++k) {
      const std::string f = "f" + std::to_string(o) + "-" + std::to_string(k);
      functions += std::string(functions.empty() ? "" : ", ") + R"({"id": ")" + f +
                   R"(", "domains": ["d"]})";
      assign += std::string(assign.empty() ? "" : ", ") + "\"" + f + "\": \"o" +
                std::to_string(o) + "\"";
    }
  }
  const Model m = testing::model_from(
      R"({"format": "policygraph/1", "domains": [{"id": "d"}], "functions": [)" + functions +
      R"(], "dependencies": [], "structures": [{"id": "s", "units": [)" + units +
      R"(], "assign": {)" + assign + "}}]}");
  const std::string dot = dot_text(m, 0, {});
  // Row 2 starts below row 1's six ranks and its own anchor rank.
  EXPECT_NE(dot.find("\"row:root:1\" -- \"row:root:2\" [style=invis, minlen=7]"),
            std::string::npos);
  EXPECT_EQ(dot.find("\"row:root:3\""), std::string::npos);
  EXPECT_NE(dot.find("\"row:root:1\" -- \"row:o7:1\" [style=invis, minlen=0]"),
            std::string::npos);
  EXPECT_NE(dot.find("\"row:root:2\" -- \"row:o8:1\" [style=invis, minlen=0]"),
            std::string::npos);
  EXPECT_NE(dot.find("\"row:o8:1\" -- \"f8-1\" [style=invis]"), std::string::npos);
}

TEST(HelperNodes, NeverTakeAFunctionOrUnitId) {
  // adversarial.json has a function named like the root's first row anchor.
  const Model m = testing::model_file("adversarial.json");
  const std::string dot = dot_text(m, 0, {});
  EXPECT_NE(dot.find("\"row:ministry \\\"x\\\":1_\" [shape=point, style=invis"),
            std::string::npos);
  EXPECT_EQ(dot.find("\"row:ministry \\\"x\\\":1\" [shape=point"), std::string::npos);
}

TEST(DiffView, UnitsUnderAnotherParentSayWhereTheyWere) {
  DotOptions options = view(DotView::kDiff);
  options.against = *small().find_structure("before");
  const std::string dot = draw(small(), "after", options);
  // supply-bureau moved from industry-office into security-office.
  EXPECT_NE(line_with(dot, "<b>Supply Bureau</b>").find("moved from: Industry Office"),
            std::string::npos);
  EXPECT_EQ(line_with(dot, "<b>Industry Office</b>").find("moved from"), std::string::npos);
}

TEST(DotText, SameInputSameBytes) {
  const Model& m = small();
  for (DotView v : {DotView::kFunctions, DotView::kUnits, DotView::kTree, DotView::kDiff}) {
    DotOptions options = view(v);
    options.against = 0;
    EXPECT_EQ(dot_text(m, 1, options), dot_text(m, 1, options));
  }
}

TEST(UnitsPictureSize, SmallByHand) {
  // After: industry-office {ai}, security-office {export-control, minerals}
  // and, under it, supply-bureau {supply}. Crossing pairs: supply-bureau -
  // security-office and security-office - industry-office: 3 nodes, 2 edges.
  // Folded to level 1, supply-bureau is inside security-office: 2 nodes, 1
  // edge. Before, at level 1: industry-office {supply, minerals, ai} and
  // trade-office {export-control}, linked by supply - export-control.
  const Model m = testing::model_file("small.json");
  const Index after = *m.find_structure("after");
  const Index before = *m.find_structure("before");
  const UnitsPictureSize all = units_picture_size(m, after, std::nullopt);
  EXPECT_EQ(all.nodes, 3U);
  EXPECT_EQ(all.edges, 2U);
  const UnitsPictureSize one = units_picture_size(m, after, 1);
  EXPECT_EQ(one.nodes, 2U);
  EXPECT_EQ(one.edges, 1U);
  const UnitsPictureSize before_one = units_picture_size(m, before, 1);
  EXPECT_EQ(before_one.nodes, 2U);
  EXPECT_EQ(before_one.edges, 1U);
}

TEST(UnitsLayoutSeconds, TheFittedFormulaByHand) {
  // 7.06e-6 * 134^1.397 * 942^0.998: 134^1.397 = exp(1.397 * 4.89784) =
  // 936.6; 942^0.998 = exp(0.998 * 6.84801) = 929.2; product 6.144 s (neato
  // took 6.90 s on that picture when the formula was fitted).
  EXPECT_NEAR(units_layout_seconds({134, 942}), 6.144, 0.01);
  EXPECT_LT(units_layout_seconds({3, 2}), 0.001);
}

TEST(UnitsFoldWithin, EveryUnitWhenItFitsElseTheDeepestLevelThatDoes) {
  const Model m = testing::model_file("small.json");
  const Index after = *m.find_structure("after");
  const UnitsFold roomy = units_fold_within(m, after, 10);
  EXPECT_FALSE(roomy.level.has_value());
  EXPECT_DOUBLE_EQ(roomy.seconds, roomy.unfolded_seconds);
  // A budget below even the two-node picture: level 1, the shallowest.
  const UnitsFold tight = units_fold_within(m, after, 0);
  ASSERT_TRUE(tight.level.has_value());
  EXPECT_EQ(*tight.level, 1);
  EXPECT_DOUBLE_EQ(tight.seconds, units_layout_seconds({2, 1}));
  EXPECT_DOUBLE_EQ(tight.unfolded_seconds, units_layout_seconds({3, 2}));
}

}  // namespace
}  // namespace policygraph
