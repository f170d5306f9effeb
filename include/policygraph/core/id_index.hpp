// Interned ids: a flat open-addressing hash table from id to index.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace policygraph {

/// Maps ids to dense indices. Keys live in one contiguous arena and each
/// slot holds a hash tag with the index, so a lookup touches one slot and,
/// on a tag match, one key: the reader looks up two ids per dependency, and
/// a node-based map's cache misses dominated loading large models.
class IdIndex {
 public:
  /// The index of `id`, if present.
  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view id) const;
  [[nodiscard]] std::size_t count(std::string_view id) const { return find(id) ? 1 : 0; }
  /// Adds `id` -> `index` unless `id` is present; returns whether it was added.
  bool insert(std::string_view id, std::uint32_t index);
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  static std::uint64_t hash(std::string_view id);
  [[nodiscard]] std::string_view key(std::uint32_t entry) const {
    return std::string_view(arena_).substr(offsets_[entry], offsets_[entry + 1] - offsets_[entry]);
  }
  void grow();

  // slot: 0 = empty, else (hash tag << 32) | (entry + 1).
  std::vector<std::uint64_t> slots_;
  std::vector<std::uint32_t> values_;   // per entry
  std::vector<std::uint64_t> offsets_{0};  // entry e is arena_[offsets_[e], offsets_[e + 1])
  std::string arena_;
  std::size_t size_ = 0;
};

}  // namespace policygraph
