#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <policygraph/report/alluvial.hpp>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "test_util.hpp"

namespace policygraph {
namespace {

// Five functions over two structures of a ministry:
//
//   before                          after
//   ministry                        ministry
//   +- x  "X <&> office"  a b c d   +- x  "X <&> office"  c
//   +- y  "Y office"      e         +- z  "Z office"      a b d e
//
//   domains: security (position 0) for a b c; growth (position 1) for d e.
const Model& ministry() {
  static const Model m = testing::model_from(R"({
    "format": "policygraph/1",
    "title": "Alluvial test",
    "domains": [
      {"id": "security", "label": "Security", "labels": {"ko": "안보"}},
      {"id": "growth", "label": "Growth"}
    ],
    "functions": [
      {"id": "a", "label": "A", "domains": ["security"]},
      {"id": "b", "label": "B", "domains": ["security"]},
      {"id": "c", "label": "C", "domains": ["security", "growth"]},
      {"id": "d", "label": "D", "domains": ["growth"]},
      {"id": "e", "label": "E", "domains": ["growth", "security"]}
    ],
    "dependencies": [{"from": "a", "to": "b"}],
    "structures": [
      {"id": "before", "label": "Before",
       "units": [{"id": "ministry", "label": "Ministry"},
                 {"id": "x", "parent": "ministry", "label": "X <&> office"},
                 {"id": "y", "parent": "ministry", "label": "Y office"}],
       "assign": {"a": "x", "b": "x", "c": "x", "d": "x", "e": "y"}},
      {"id": "after", "label": "After", "labels": {"ko": "이후"},
       "units": [{"id": "ministry", "label": "Ministry"},
                 {"id": "x", "parent": "ministry", "label": "X <&> office"},
                 {"id": "z", "parent": "ministry", "label": "Z office", "labels": {"ko": "지 사무소"}}],
       "assign": {"a": "z", "b": "z", "c": "x", "d": "z", "e": "z"}}
    ]
  })");
  return m;
}

Index unit(const Model& m, const char* id) { return *m.find_unit(id); }
Index function(const Model& m, const char* id) { return *m.find_function(id); }

/// The explanation of before -> after at level 1, filled by hand the way
/// explain_change fills it: a flow per (from unit, to unit) pair, by unit ids.
Explanation by_hand() {
  const Model& m = ministry();
  Explanation e;
  e.from = *m.find_structure("before");
  e.to = *m.find_structure("after");
  e.level = 1;
  const auto flow = [&](const char* from, const char* to, std::vector<const char*> fs) {
    UnitFlow f;
    f.from = unit(m, from);
    f.to = unit(m, to);
    for (const char* id : fs) f.functions.push_back(function(m, id));
    e.flows.push_back(f);
  };
  flow("x", "x", {"c"});
  flow("x", "z", {"a", "b", "d"});
  flow("y", "z", {"e"});
  e.owner_from.assign(m.functions.size(), kNone);
  e.owner_to.assign(m.functions.size(), kNone);
  for (const UnitFlow& f : e.flows) {
    for (Index fn : f.functions) {
      e.owner_from[fn] = f.from;
      e.owner_to[fn] = f.to;
    }
  }
  return e;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

/// The element (from `<` to its first `>`) that holds all of `needles`.
std::string element_with(const std::string& text, const std::vector<std::string>& needles) {
  for (std::size_t at = text.find('<'); at != std::string::npos; at = text.find('<', at + 1)) {
    const std::string element = text.substr(at, text.find('>', at) + 1 - at);
    bool all = true;
    for (const std::string& n : needles) all = all && element.find(n) != std::string::npos;
    if (all) return element;
  }
  return "";
}

/// The numbers of a path's `d` attribute, in order.
std::vector<double> path_numbers(const std::string& element) {
  const std::size_t begin = element.find(" d=\"") + 4;
  const std::string d = element.substr(begin, element.find('"', begin) - begin);
  std::vector<double> out;
  for (std::size_t i = 0; i < d.size();) {
    if ((d[i] >= '0' && d[i] <= '9') || d[i] == '-' || d[i] == '.') {
      char* end = nullptr;
      out.push_back(std::strtod(d.c_str() + i, &end));
      i = static_cast<std::size_t>(end - d.c_str());
    } else {
      ++i;
    }
  }
  return out;
}

/// A band's height at its left end and at its right end: the path runs
/// M x0,l0 C . . x1,r0 L x1,r1 C . . x0,l1 Z.
std::pair<double, double> band_heights(const std::string& element) {
  const std::vector<double> v = path_numbers(element);
  EXPECT_EQ(v.size(), 16U) << element;
  if (v.size() != 16) return {0, 0};
  return {v[15] - v[1], v[9] - v[7]};
}

TEST(Alluvial, IsOneSelfContainedSvgDocument) {
  const std::string svg = alluvial_svg(ministry(), by_hand(), "");
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", 0), 0U);
  ASSERT_GE(svg.size(), 7U);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_EQ(count(svg, "<svg"), 1U);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("<title>Functions from Before to After</title>"), std::string::npos);
  EXPECT_NE(svg.find("Noto Sans CJK KR"), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos);
  EXPECT_EQ(svg.find("url("), std::string::npos);
}

TEST(Alluvial, OneBandPerUnitPairAndPrimaryDomain) {
  // (x, x, security) c; (x, z, security) a b; (x, z, growth) d; (y, z, growth) e.
  // c and e count under their first domain only.
  const std::string svg = alluvial_svg(ministry(), by_hand(), "");
  EXPECT_EQ(count(svg, "<path class=\"band "), 4U);
  EXPECT_EQ(count(svg, "class=\"band stayed\""), 1U);
  EXPECT_EQ(count(svg, "class=\"band moved\""), 3U);
  EXPECT_NE(element_with(svg, {"band stayed", "data-from=\"x\"", "data-to=\"x\"",
                               "data-domain=\"security\"", "data-functions=\"1\""}),
            "");
  EXPECT_NE(element_with(svg, {"band moved", "data-from=\"x\"", "data-to=\"z\"",
                               "data-domain=\"security\"", "data-functions=\"2\""}),
            "");
  EXPECT_NE(element_with(svg, {"band moved", "data-from=\"x\"", "data-to=\"z\"",
                               "data-domain=\"growth\"", "data-functions=\"1\""}),
            "");
  EXPECT_NE(element_with(svg, {"band moved", "data-from=\"y\"", "data-to=\"z\"",
                               "data-domain=\"growth\"", "data-functions=\"1\""}),
            "");
  // Coloured by the primary domain, the band that stayed paler.
  EXPECT_NE(element_with(svg, {"band stayed", "fill=\"#77AADD\"", "fill-opacity=\"0.3\""}), "");
  EXPECT_NE(element_with(svg, {"band moved", "data-domain=\"growth\"", "fill=\"#EE8866\"",
                               "fill-opacity=\"0.85\""}),
            "");
  // Each with its tooltip.
  EXPECT_NE(svg.find("<title>X &lt;&amp;&gt; office → Z office: 2 functions (Security)</title>"),
            std::string::npos);
  EXPECT_NE(svg.find("<title>Y office → Z office: 1 function (Growth)</title>"), std::string::npos);
}

TEST(Alluvial, HeightsAreProportionalToFunctions) {
  // Five functions: 560 px / 5 would be 112 px a function, more than the
  // 40 px cap, so every function is 40 px tall on either side.
  const std::string svg = alluvial_svg(ministry(), by_hand(), "");
  const std::string two =
      element_with(svg, {"band moved", "data-from=\"x\"", "data-domain=\"security\""});
  const std::string one = element_with(svg, {"band stayed"});
  const auto [two_left, two_right] = band_heights(two);
  const auto [one_left, one_right] = band_heights(one);
  EXPECT_DOUBLE_EQ(two_left, 80);
  EXPECT_DOUBLE_EQ(two_right, 80);
  EXPECT_DOUBLE_EQ(one_left, 40);
  EXPECT_DOUBLE_EQ(one_right, 40);
  // The bars: x holds 4 functions before, z 4 after, y 1, x 1 after.
  EXPECT_NE(element_with(svg, {"class=\"bar\"", "data-unit=\"x\"", "data-functions=\"4\"",
                               "height=\"160\""}),
            "");
  EXPECT_NE(element_with(
                svg, {"class=\"bar\"", "data-unit=\"y\"", "data-functions=\"1\"", "height=\"40\""}),
            "");
  EXPECT_NE(element_with(svg, {"class=\"bar\"", "data-unit=\"z\"", "data-functions=\"4\"",
                               "height=\"160\""}),
            "");
  EXPECT_EQ(count(svg, "class=\"bar\""), 4U);
}

TEST(Alluvial, BarsInTreeOrderAndBandsStackedWithoutCrossing) {
  const std::string svg = alluvial_svg(ministry(), by_hand(), "");
  const std::size_t right = svg.find("<g class=\"to\">");
  ASSERT_NE(right, std::string::npos);
  // Left column: x before y; right column: x before z (listing order under the ministry).
  EXPECT_LT(svg.find("data-unit=\"x\""), svg.find("data-unit=\"y\""));
  EXPECT_LT(svg.find("data-unit=\"x\"", right), svg.find("data-unit=\"z\"", right));
  // In x's left bar the band to x comes first (x is above z on the right),
  // then those to z, security before growth.
  const auto top = [&](const std::vector<std::string>& needles, std::size_t at) {
    return path_numbers(element_with(svg, needles))[at];
  };
  const double to_x = top({"data-from=\"x\"", "data-to=\"x\""}, 1);
  const double security = top({"data-from=\"x\"", "data-to=\"z\"", "security"}, 1);
  const double growth = top({"data-from=\"x\"", "data-to=\"z\"", "growth"}, 1);
  EXPECT_DOUBLE_EQ(security, to_x + 40);
  EXPECT_DOUBLE_EQ(growth, security + 80);
  // In z's right bar: from x (security, growth), then from y.
  const double z_security = top({"data-from=\"x\"", "data-to=\"z\"", "security"}, 7);
  const double z_growth = top({"data-from=\"x\"", "data-to=\"z\"", "growth"}, 7);
  const double z_from_y = top({"data-from=\"y\"", "data-to=\"z\""}, 7);
  EXPECT_DOUBLE_EQ(z_growth, z_security + 80);
  EXPECT_DOUBLE_EQ(z_from_y, z_growth + 40);
}

TEST(Alluvial, LabelsAreEscaped) {
  const std::string svg = alluvial_svg(ministry(), by_hand(), "");
  EXPECT_EQ(svg.find("<&>"), std::string::npos);
  EXPECT_NE(svg.find(">X &lt;&amp;&gt; office <tspan"), std::string::npos);          // left label
  EXPECT_NE(svg.find("</tspan> X &lt;&amp;&gt; office</text>"), std::string::npos);  // right
  EXPECT_NE(svg.find("Units: level 1. Heights: the 5 functions present in both structures."),
            std::string::npos);
  // The legend: the primary domains used, in model order, and the two kinds of band.
  EXPECT_LT(svg.find(">Security</text>"), svg.find(">Growth</text>"));
  EXPECT_NE(svg.find(">Primary domain</text>"), std::string::npos);
  EXPECT_NE(svg.find(">functions that changed unit</text>"), std::string::npos);
  EXPECT_NE(svg.find(">functions that stayed in their unit</text>"), std::string::npos);
}

TEST(Alluvial, LabelsInTheLanguageAsked) {
  const std::string svg = alluvial_svg(ministry(), by_hand(), "ko");
  EXPECT_NE(svg.find(">이후</text>"), std::string::npos);
  EXPECT_NE(svg.find("지 사무소</text>"), std::string::npos);
  EXPECT_NE(svg.find(">안보</text>"), std::string::npos);
}

TEST(Alluvial, SameBytesEveryTime) {
  const Explanation e = by_hand();
  EXPECT_EQ(alluvial_svg(ministry(), e, ""), alluvial_svg(ministry(), e, ""));
  Explanation every = e;
  every.level.reset();
  const std::string svg = alluvial_svg(ministry(), every, "");
  EXPECT_EQ(svg, alluvial_svg(ministry(), every, ""));
  EXPECT_NE(svg.find("Units: every unit."), std::string::npos);
}

TEST(Alluvial, NothingInCommonStillDrawsAValidPicture) {
  Explanation e = by_hand();
  e.flows.clear();
  const std::string svg = alluvial_svg(ministry(), e, "");
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0U);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_EQ(count(svg, "class=\"band"), 0U);
  EXPECT_EQ(count(svg, "class=\"bar\""), 0U);
  EXPECT_NE(svg.find("nothing to draw"), std::string::npos);
  EXPECT_NE(svg.find("the 0 functions present"), std::string::npos);
}

TEST(Alluvial, DrawsWhatExplainChangeFinds) {
  // tests/data/small.json, before -> after, at every level and cut at 1: a
  // band per (from unit, to unit, primary domain) of the explanation's flows.
  const Model m = testing::model_file("small.json");
  for (const std::optional<int> level : {std::optional<int>(), std::optional<int>(1)}) {
    const Explanation e =
        explain_change(m, *m.find_structure("before"), *m.find_structure("after"), level);
    std::set<std::tuple<Index, Index, Index>> triples;
    std::size_t functions = 0;
    for (const UnitFlow& f : e.flows) {
      for (Index fn : f.functions) triples.emplace(f.from, f.to, m.functions[fn].domains.front());
      functions += f.functions.size();
    }
    const std::string svg = alluvial_svg(m, e, "");
    EXPECT_EQ(count(svg, "<path class=\"band "), triples.size());
    EXPECT_NE(svg.find("the " + std::to_string(functions) + " functions present"),
              std::string::npos);
    EXPECT_EQ(svg, alluvial_svg(m, e, ""));
  }
}

}  // namespace
}  // namespace policygraph
