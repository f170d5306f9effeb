#include <policygraph/core/id_index.hpp>

#include <algorithm>
#include <cstring>

namespace policygraph {

std::uint64_t IdIndex::hash(std::string_view id) {
  // FNV-1a, then a final mix so that the low bits (the slot) and the high
  // bits (the tag) both depend on every byte.
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : id) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 33U;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33U;
  return h;
}

std::optional<std::uint32_t> IdIndex::find(std::string_view id) const {
  if (slots_.empty()) return std::nullopt;
  return find_hashed(id, hash(id));
}

void IdIndex::find_all(std::span<const std::string_view> ids, std::span<std::uint32_t> out) const {
  if (slots_.empty()) {
    std::fill(out.begin(), out.end(), kAbsent);
    return;
  }
  constexpr std::size_t kAhead = 64;  // slots in flight
  std::array<std::uint64_t, kAhead> hashes{};
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t first = 0; first < ids.size(); first += kAhead) {
    const std::size_t count = std::min(kAhead, ids.size() - first);
    for (std::size_t k = 0; k < count; ++k) {
      hashes[k] = hash(ids[first + k]);
      __builtin_prefetch(&slots_[hashes[k] & mask]);
    }
    for (std::size_t k = 0; k < count; ++k) {
      const auto found = find_hashed(ids[first + k], hashes[k]);
      out[first + k] = found ? *found : kAbsent;
    }
  }
}

std::optional<std::uint32_t> IdIndex::find_hashed(std::string_view id, std::uint64_t h) const {
  const auto tag = static_cast<std::uint32_t>(h >> 32U);
  const std::size_t mask = slots_.size() - 1;
  const bool inline_id = id.size() <= kInline;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.entry == 0) return std::nullopt;
    if (slot.tag != tag) continue;
    if (inline_id) {
      if (slot.length == id.size() && std::memcmp(slot.head.data(), id.data(), id.size()) == 0) {
        return slot.value;
      }
    } else if (slot.length == kInline + 1 && key(slot.entry - 1) == id) {
      return slot.value;
    }
  }
}

bool IdIndex::insert(std::string_view id, std::uint32_t index) {
  if (find(id)) return false;
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const auto entry = static_cast<std::uint32_t>(offsets_.size() - 1);
  arena_.append(id);
  offsets_.push_back(arena_.size());
  const std::uint64_t h = hash(id);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  while (slots_[i].entry != 0) i = (i + 1) & mask;
  Slot& slot = slots_[i];
  slot.tag = static_cast<std::uint32_t>(h >> 32U);
  slot.entry = entry + 1;
  slot.value = index;
  if (id.size() <= kInline) {
    slot.length = static_cast<std::uint8_t>(id.size());
    std::memcpy(slot.head.data(), id.data(), id.size());
  } else {
    slot.length = kInline + 1;
  }
  ++size_;
  return true;
}

void IdIndex::reserve(std::size_t count) {
  // insert() grows when the table would pass half full.
  std::size_t capacity = slots_.empty() ? 64 : slots_.size();
  while (capacity < 2 * count) capacity *= 2;
  if (capacity > slots_.size()) rehash(capacity);
  offsets_.reserve(count + 1);
}

void IdIndex::rehash(std::size_t capacity) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{});
  const std::size_t mask = capacity - 1;
  for (const Slot& slot : old) {
    if (slot.entry == 0) continue;
    std::size_t i = hash(key(slot.entry - 1)) & mask;
    while (slots_[i].entry != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace policygraph
