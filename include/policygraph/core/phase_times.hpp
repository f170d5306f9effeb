// Where time goes: the phases of loading and of the metric families, for
// `--timings` and for benchmarks.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace policygraph {

/// Named phases with their time in seconds, in the order each name was first
/// recorded; a name recorded again (one per structure, possibly on several
/// threads) adds up, so a phase run on two threads at once can show more
/// time than passed on the clock. Safe to record into from several threads.
class PhaseTimes {
 public:
  void add(std::string_view name, double seconds);
  /// The phases recorded so far, then forgets them.
  [[nodiscard]] std::vector<std::pair<std::string, double>> take();

 private:
  std::mutex mutex_;
  std::vector<std::pair<std::string, double>> phases_;
};

/// Records the time from its construction to its destruction (or to
/// `stop()`) under `name`; does nothing when `times` is null.
class PhaseTimer {
 public:
  PhaseTimer(PhaseTimes* times, std::string_view name)
      : times_(times), name_(name), start_(std::chrono::steady_clock::now()) {}
  PhaseTimer(const PhaseTimer&) = delete;
  PhaseTimer& operator=(const PhaseTimer&) = delete;
  ~PhaseTimer() { stop(); }
  void stop() {
    if (times_ == nullptr) return;
    times_->add(name_, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
    times_ = nullptr;
  }

 private:
  PhaseTimes* times_;
  std::string_view name_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace policygraph
