#include <policygraph/core/phase_times.hpp>

#include <algorithm>

namespace policygraph {

void PhaseTimes::add(std::string_view name, double seconds) {
  const std::lock_guard lock(mutex_);
  const auto it = std::find_if(phases_.begin(), phases_.end(),
                               [&](const auto& p) { return p.first == name; });
  if (it != phases_.end()) {
    it->second += seconds;
  } else {
    phases_.emplace_back(std::string(name), seconds);
  }
}

std::vector<std::pair<std::string, double>> PhaseTimes::take() {
  const std::lock_guard lock(mutex_);
  return std::exchange(phases_, {});
}

}  // namespace policygraph
