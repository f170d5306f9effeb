#include <policygraph/analysis/diff.hpp>

#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <policygraph/report/diff_writer.hpp>

#include "test_util.hpp"

namespace policygraph {
namespace {

// ministry
// ├── industry-office   headcount: none -> 7 -> none
// └── trade-office      headcount: 10 -> 12.5 -> none; autonomous: no -> yes -> no
constexpr std::string_view kHeadcounts = R"({
  "format": "policygraph/1",
  "title": "Headcounts and autonomy",
  "domains": [{"id": "trade", "label": "Trade"}],
  "functions": [{"id": "tariffs", "label": "Tariffs", "domains": ["trade"]}],
  "dependencies": [],
  "structures": [
    {"id": "before",
     "units": [
       {"id": "ministry", "label": "Ministry"},
       {"id": "industry-office", "parent": "ministry", "label": "Industry Office"},
       {"id": "trade-office", "parent": "ministry", "label": "Trade Office", "headcount": 10}
     ],
     "assign": {"tariffs": "trade-office"}},
    {"id": "after", "base": "before",
     "changes": [
       {"op": "update-unit", "unit": "trade-office", "headcount": 12.5, "autonomous": true},
       {"op": "update-unit", "unit": "industry-office", "headcount": 7}
     ]},
    {"id": "unstaffed",
     "units": [
       {"id": "ministry", "label": "Ministry"},
       {"id": "industry-office", "parent": "ministry", "label": "Industry Office"},
       {"id": "trade-office", "parent": "ministry", "label": "Trade Office"}
     ],
     "assign": {"tariffs": "trade-office"}}
  ]
})";

TEST(DiffStructures, HeadcountsAndAutonomyAreKeptAsValues) {
  // Units in tree order, siblings by id (industry-office, trade-office);
  // within a unit: label, kind, headcount, autonomous.
  const Model m = testing::model_from(kHeadcounts);
  const StructureDiff d = diff_structures(m, 0, 1);
  ASSERT_EQ(d.units_changed.size(), 3U);
  const UnitChange& industry = d.units_changed[0];
  EXPECT_EQ(m.unit_ids[industry.unit], "industry-office");
  EXPECT_EQ(industry.key, "headcount");
  EXPECT_EQ(industry.from, AttributeValue(std::optional<double>()));
  EXPECT_EQ(industry.to, AttributeValue(std::optional<double>(7)));
  const UnitChange& trade = d.units_changed[1];
  EXPECT_EQ(m.unit_ids[trade.unit], "trade-office");
  EXPECT_EQ(trade.key, "headcount");
  EXPECT_EQ(trade.from, AttributeValue(std::optional<double>(10)));
  EXPECT_EQ(trade.to, AttributeValue(std::optional<double>(12.5)));
  const UnitChange& autonomy = d.units_changed[2];
  EXPECT_EQ(autonomy.key, "autonomous");
  EXPECT_EQ(autonomy.from, AttributeValue(false));
  EXPECT_EQ(autonomy.to, AttributeValue(true));
}

TEST(DiffWriter, FormatsHeadcountsAsTheShortestExactNumber) {
  // Text: grouped by attribute; "(none)" where no headcount is given.
  const Model m = testing::model_from(kHeadcounts);
  EXPECT_EQ(diff_text(m, diff_structures(m, 0, 1), ""),
            "Changes from before to after\n"
            "  0 units added, 0 removed, 0 moved, 3 attribute changes; 0 functions moved, "
            "0 added, 0 dropped; 0 control-tower changes\n"
            "\n"
            "Units headcount changed\n"
            "  Industry Office [industry-office]: (none)  ->  7\n"
            "  Trade Office [trade-office]: 10  ->  12.5\n"
            "\n"
            "Units autonomy changed\n"
            "  Trade Office [trade-office]: false  ->  true\n");
  // JSON: every value as a string, "" where none is given.
  const auto changed = diff_json(m, diff_structures(m, 1, 2), "")["units"]["changed"];
  ASSERT_EQ(changed.size(), 3U);
  EXPECT_EQ(changed[0].dump(), R"({"id":"industry-office","key":"headcount","from":"7","to":""})");
  EXPECT_EQ(changed[1].dump(), R"({"id":"trade-office","key":"headcount","from":"12.5","to":""})");
  EXPECT_EQ(changed[2].dump(), R"({"id":"trade-office","key":"autonomous","from":"true","to":"false"})");
}

}  // namespace
}  // namespace policygraph
