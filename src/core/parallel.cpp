#include <policygraph/core/parallel.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace policygraph {

namespace {

/// The threads that an outermost parallel_for, and every parallel_for
/// nested in its tasks, may still start.
class Budget {
 public:
  explicit Budget(unsigned spare) : spare_(spare) {}
  [[nodiscard]] unsigned spare() const { return spare_.load(); }
  [[nodiscard]] bool take() {
    unsigned s = spare_.load();
    while (s > 0) {
      if (spare_.compare_exchange_weak(s, s - 1)) return true;
    }
    return false;
  }
  /// Takes a thread, waiting for one to be given back if need be.
  void take_waiting() {
    while (!take()) spare_.wait(0);
  }
  void give_back() {
    spare_.fetch_add(1);
    spare_.notify_all();
  }

 private:
  std::atomic<unsigned> spare_;
};

/// The budget of the parallel_for whose tasks this thread runs; null
/// outside any.
thread_local Budget* current_budget = nullptr;

/// Makes `budget` the thread's current one until the end of the scope.
class BudgetScope {
 public:
  explicit BudgetScope(Budget* budget) : saved_(current_budget) { current_budget = budget; }
  BudgetScope(const BudgetScope&) = delete;
  BudgetScope& operator=(const BudgetScope&) = delete;
  ~BudgetScope() { current_budget = saved_; }

 private:
  Budget* saved_;
};

}  // namespace

unsigned thread_limit(unsigned threads) {
  return threads > 0 ? threads : std::max(1U, std::thread::hardware_concurrency());
}

unsigned available_threads(unsigned threads) {
  const unsigned limit = thread_limit(threads);
  return current_budget == nullptr ? limit : std::min(limit, 1 + current_budget->spare());
}

void parallel_for(std::size_t tasks, unsigned threads,
                  const std::function<void(std::size_t task, unsigned worker)>& body) {
  if (tasks == 0) return;
  const unsigned limit = thread_limit(threads);
  Budget outermost(limit - 1);
  Budget& budget = current_budget != nullptr ? *current_budget : outermost;
  const BudgetScope scope(&budget);

  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::exception_ptr error;
  // Runs one task; false when it threw (the first exception is kept).
  const auto run = [&](std::size_t task, unsigned worker) {
    try {
      body(task, worker);
      return true;
    } catch (...) {
      const std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      failed = true;
      return false;
    }
  };
  const auto helper = [&](unsigned worker) {
    {
      const BudgetScope helper_scope(&budget);
      while (!failed) {
        const std::size_t task = next++;
        if (task >= tasks || !run(task, worker)) break;
      }
    }
    budget.give_back();
  };

  // Never more helpers than other tasks; reserved so that starting one can
  // fail only in the thread's constructor.
  const std::size_t max_helpers = std::min<std::size_t>(limit - 1, tasks - 1);
  std::vector<std::thread> helpers;
  helpers.reserve(max_helpers);
  bool can_hire = max_helpers > 0;
  // Starts helpers while the budget has threads and tasks are left beyond
  // the caller's next one and one for each helper started just now.
  const auto hire = [&] {
    const std::size_t left = tasks - std::min(tasks, next.load());
    for (std::size_t claimed = 1; left > claimed && helpers.size() < max_helpers; ++claimed) {
      if (!budget.take()) return;
      try {
        helpers.emplace_back(helper, static_cast<unsigned>(helpers.size() + 1));
      } catch (...) {
        budget.give_back();
        can_hire = false;
        return;
      }
    }
    can_hire = helpers.size() < max_helpers;
  };

  // The caller is worker 0; between its tasks it hires helpers that the
  // budget has room for now (threads that nested calls elsewhere gave back).
  while (!failed) {
    if (can_hire) hire();
    const std::size_t task = next++;
    if (task >= tasks || !run(task, 0)) break;
  }
  // While it waits for its helpers this thread runs nothing: it lends its
  // place in the budget meanwhile, for nested calls running elsewhere to
  // start a helper in, and takes a place again before it goes on.
  if (!helpers.empty()) {
    budget.give_back();
    for (std::thread& h : helpers) h.join();
    budget.take_waiting();
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace policygraph
