#include <policygraph/core/id_index.hpp>

#include <string>
#include <unordered_map>
#include <vector>

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

TEST(IdIndex, IdsInTheirSlotAndLongerOnesInTheArena) {
  // Up to kInline (19) bytes an id is compared in its slot; from 20 bytes in
  // the arena. Ids of 19 and 20 bytes that differ only in the last byte,
  // a long id whose first 19 bytes are a short one, and a Korean id of
  // 8 x 3 = 24 bytes.
  ASSERT_EQ(IdIndex::kInline, 19U);
  const std::string n19 = "abcdefghijklmnopqrs";
  const std::string n20 = n19 + "t";
  IdIndex index;
  EXPECT_TRUE(index.insert(n19, 0));
  EXPECT_TRUE(index.insert(n20, 1));
  EXPECT_TRUE(index.insert(n19.substr(0, 18) + "X", 2));
  EXPECT_TRUE(index.insert(n20.substr(0, 19) + "u", 3));
  EXPECT_TRUE(index.insert("산업공급망정책관", 4));
  EXPECT_FALSE(index.insert(n20, 9));
  EXPECT_EQ(*index.find(n19), 0U);
  EXPECT_EQ(*index.find(n20), 1U);
  EXPECT_EQ(*index.find(n19.substr(0, 18) + "X"), 2U);
  EXPECT_EQ(*index.find(n19 + "u"), 3U);
  EXPECT_EQ(*index.find("산업공급망정책관"), 4U);
  EXPECT_FALSE(index.find(n19.substr(0, 18)));
  EXPECT_FALSE(index.find(n20 + "t"));
  EXPECT_FALSE(index.find("산업공급망정책"));
  EXPECT_EQ(index.size(), 5U);
}

TEST(IdIndex, AgreesWithStdMapThroughManyGrowths) {
  // 200,000 keys take the table through a dozen doublings; every key and a
  // near miss of each is checked against std::unordered_map.
  IdIndex index;
  std::unordered_map<std::string, std::uint32_t> expected;
  for (std::uint32_t i = 0; i < 200000; ++i) {
    // Every 3rd id too long for its slot, so that both ways grow together.
    std::string id = "f" + std::to_string(i * 7919U % 1000003U);
    if (i % 3 == 0) id += "-with-a-name-past-the-slot";
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

TEST(IdIndex, ReservedRoomHoldsEveryId) {
  // Room made first, for fewer ids than then arrive (the table must still
  // grow), and a second, smaller reserve that must change nothing.
  IdIndex index;
  index.reserve(3000);
  for (std::uint32_t i = 0; i < 5000; ++i) EXPECT_TRUE(index.insert("r" + std::to_string(i), i));
  index.reserve(10);
  EXPECT_EQ(index.size(), 5000U);
  for (std::uint32_t i = 0; i < 5000; ++i) {
    const auto found = index.find("r" + std::to_string(i));
    ASSERT_TRUE(found) << i;
    EXPECT_EQ(*found, i);
  }
  EXPECT_FALSE(index.find("r5000"));
}

TEST(IdIndex, FindAllGivesWhatFindGives) {
  // 1,000 ids looked up at once (over several batches of the prefetch),
  // present and absent, short and long, and a repeated id.
  IdIndex index;
  for (std::uint32_t i = 0; i < 500; ++i) {
    index.insert("id" + std::to_string(i) + (i % 2 == 0 ? "" : "-long-enough-for-the-arena"), i);
  }
  std::vector<std::string> keys;
  for (std::uint32_t i = 0; i < 1000; ++i) {
    keys.push_back("id" + std::to_string(i % 700) + (i % 2 == 0 ? "" : "-long-enough-for-the-arena"));
  }
  std::vector<std::string_view> ids(keys.begin(), keys.end());
  std::vector<std::uint32_t> out(ids.size(), 7);
  index.find_all(ids, out);
  for (std::size_t k = 0; k < ids.size(); ++k) {
    // i % 700 < 500 with the parity of i is present (700 is even, so the
    // parity of i % 700 is that of i): index i % 700.
    const std::uint32_t i = static_cast<std::uint32_t>(k) % 700;
    EXPECT_EQ(out[k], i < 500 ? i : IdIndex::kAbsent) << keys[k];
  }
  const IdIndex empty;
  std::vector<std::uint32_t> none(2, 7);
  empty.find_all(std::span(ids).first(2), none);
  EXPECT_EQ(none, (std::vector<std::uint32_t>{IdIndex::kAbsent, IdIndex::kAbsent}));
}

}  // namespace
}  // namespace policygraph
