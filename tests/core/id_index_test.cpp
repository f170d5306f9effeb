#include <policygraph/core/id_index.hpp>

#include <string>
#include <unordered_map>

#include <gtest/gtest.h>

namespace policygraph {
namespace {

TEST(IdIndex, EmptyFindsNothing) {
  const IdIndex index;
  EXPECT_EQ(index.size(), 0U);
  EXPECT_FALSE(index.find("anything"));
  EXPECT_FALSE(index.find(""));
}

TEST(IdIndex, FirstInsertWins) {
  IdIndex index;
  EXPECT_TRUE(index.insert("supply", 7));
  EXPECT_FALSE(index.insert("supply", 9));
  EXPECT_EQ(index.size(), 1U);
  ASSERT_TRUE(index.find("supply"));
  EXPECT_EQ(*index.find("supply"), 7U);
  EXPECT_EQ(index.count("supply"), 1U);
  EXPECT_EQ(index.count("suppl"), 0U);
}

TEST(IdIndex, KeysThatShareBytesStayApart) {
  // The arena stores keys back to back: "ab" + "c" must not be read as "abc".
  IdIndex index;
  EXPECT_TRUE(index.insert("ab", 0));
  EXPECT_TRUE(index.insert("c", 1));
  EXPECT_TRUE(index.insert("", 2));
  EXPECT_TRUE(index.insert("산업정책", 3));
  EXPECT_FALSE(index.find("abc"));
  EXPECT_FALSE(index.find("a"));
  EXPECT_EQ(*index.find(""), 2U);
  EXPECT_EQ(*index.find("산업정책"), 3U);
  EXPECT_EQ(*index.find("c"), 1U);
}

TEST(IdIndex, AgreesWithStdMapThroughManyGrowths) {
  // 200,000 keys take the table through a dozen doublings; every key and a
  // near miss of each is checked against std::unordered_map.
  IdIndex index;
  std::unordered_map<std::string, std::uint32_t> expected;
  for (std::uint32_t i = 0; i < 200000; ++i) {
    const std::string id = "f" + std::to_string(i * 7919U % 1000003U);
    const bool added = expected.emplace(id, i).second;
    EXPECT_EQ(index.insert(id, i), added);
  }
  EXPECT_EQ(index.size(), expected.size());
  for (const auto& [id, value] : expected) {
    const auto found = index.find(id);
    ASSERT_TRUE(found) << id;
    EXPECT_EQ(*found, value);
    EXPECT_EQ(index.find(id + "x").has_value(), expected.count(id + "x") == 1);
  }
}

}  // namespace
}  // namespace policygraph
