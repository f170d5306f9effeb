#include <policygraph/core/id_index.hpp>

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
  const std::uint64_t h = hash(id);
  const auto tag = static_cast<std::uint32_t>(h >> 32U);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) return std::nullopt;
    if (static_cast<std::uint32_t>(slot >> 32U) == tag) {
      const auto entry = static_cast<std::uint32_t>(slot) - 1;
      if (key(entry) == id) return values_[entry];
    }
  }
}

bool IdIndex::insert(std::string_view id, std::uint32_t index) {
  if (find(id)) return false;
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const auto entry = static_cast<std::uint32_t>(values_.size());
  values_.push_back(index);
  arena_.append(id);
  offsets_.push_back(arena_.size());
  const std::uint64_t h = hash(id);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = ((h >> 32U) << 32U) | (entry + 1);
  ++size_;
  return true;
}

void IdIndex::grow() {
  const std::size_t capacity = slots_.empty() ? 64 : slots_.size() * 2;
  std::vector<std::uint64_t> old = std::move(slots_);
  slots_.assign(capacity, 0);
  const std::size_t mask = capacity - 1;
  for (std::uint64_t slot : old) {
    if (slot == 0) continue;
    const auto entry = static_cast<std::uint32_t>(slot) - 1;
    std::size_t i = hash(key(entry)) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace policygraph
