// Interned ids: a flat open-addressing hash table from id to index.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace policygraph {

/// Maps ids to dense indices. Each slot holds a hash tag, the index and,
/// for an id of up to kInline bytes (most ids), the id itself, so that a
/// lookup touches one slot and nothing else: the reader looks up two ids
/// per dependency, and with the key, its offset and its index in three
/// other arrays, each lookup cost up to four cache misses on large models.
/// Longer ids are compared in one contiguous arena.
class IdIndex {
 public:
  /// The index of `id`, if present.
  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view id) const;
  [[nodiscard]] std::size_t count(std::string_view id) const { return find(id) ? 1 : 0; }
  /// What find_all() gives for an id that is not present.
  static constexpr std::uint32_t kAbsent = UINT32_MAX;
  /// `out[i]` = the index of `ids[i]`, or kAbsent; `out` is as long as
  /// `ids`. The same answers as find(), for many ids at once: every slot is
  /// fetched before the first is read, so that on a table larger than the
  /// cache the misses overlap instead of following one another.
  void find_all(std::span<const std::string_view> ids, std::span<std::uint32_t> out) const;
  /// Adds `id` -> `index` unless `id` is present; returns whether it was added.
  bool insert(std::string_view id, std::uint32_t index);
  [[nodiscard]] std::size_t size() const { return size_; }
  /// Makes room for `count` ids in all, so that inserting them never
  /// rebuilds the table.
  void reserve(std::size_t count);

  /// Ids of up to this many bytes live in their slot.
  static constexpr std::size_t kInline = 19;

 private:
  struct Slot {
    std::uint32_t tag = 0;    ///< the hash's high half
    std::uint32_t entry = 0;  ///< 0: empty; else the id's entry in the arena + 1
    std::uint32_t value = 0;
    std::uint8_t length = 0;  ///< the id's length when inline, else kInline + 1
    std::array<char, kInline> head{};
  };
  static_assert(sizeof(Slot) == 32, "two slots to a cache line");

  static std::uint64_t hash(std::string_view id);
  [[nodiscard]] std::optional<std::uint32_t> find_hashed(std::string_view id,
                                                         std::uint64_t h) const;
  [[nodiscard]] std::string_view key(std::uint32_t entry) const {
    return std::string_view(arena_).substr(offsets_[entry], offsets_[entry + 1] - offsets_[entry]);
  }
  void grow() { rehash(slots_.empty() ? 64 : slots_.size() * 2); }
  void rehash(std::size_t capacity);

  std::vector<Slot> slots_;
  std::vector<std::uint64_t> offsets_{0};  // entry e is arena_[offsets_[e], offsets_[e + 1])
  std::string arena_;
  std::size_t size_ = 0;
};

}  // namespace policygraph
