#include <policygraph/core/parallel.hpp>

#include <atomic>
#include <cmath>
#include <latch>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace policygraph {
namespace {

/// Counts the bodies running at once and keeps the highest count seen.
class ActiveCount {
 public:
  void enter() {
    const int now = ++active_;
    int seen = most_.load();
    while (now > seen && !most_.compare_exchange_weak(seen, now)) {
    }
  }
  void leave() { --active_; }
  [[nodiscard]] int most() const { return most_.load(); }

 private:
  std::atomic<int> active_{0};
  std::atomic<int> most_{0};
};

/// Work that takes long enough for other threads to start meanwhile.
double busy_work(std::size_t seed) {
  double x = static_cast<double>(seed);
  for (int i = 0; i < 20000; ++i) x = std::sqrt(x + i);
  std::this_thread::yield();
  return x;
}

TEST(ParallelFor, EveryTaskRunsExactlyOnce) {
  for (const unsigned threads : {0U, 1U, 2U, 3U, 8U}) {
    for (const std::size_t tasks : {0U, 1U, 2U, 7U, 100U}) {
      std::vector<std::atomic<int>> runs(tasks);
      parallel_for(tasks, threads, [&](std::size_t task, unsigned) { ++runs[task]; });
      for (std::size_t t = 0; t < tasks; ++t) {
        EXPECT_EQ(runs[t].load(), 1) << "threads " << threads << ", tasks " << tasks << ", task " << t;
      }
    }
  }
}

TEST(ParallelFor, WorkerIsBelowThreadsAndTasks) {
  // 3 threads, 100 tasks: workers 0..2. 3 threads, 2 tasks: one helper at
  // most, workers 0..1. Worker 0 is the calling thread.
  const std::thread::id caller = std::this_thread::get_id();
  for (const auto& [tasks, bound] : std::vector<std::pair<std::size_t, unsigned>>{{100, 3}, {2, 2}}) {
    std::atomic<unsigned> highest{0};
    std::atomic<int> wrong_thread{0};
    parallel_for(tasks, 3, [&](std::size_t, unsigned worker) {
      unsigned seen = highest.load();
      while (worker > seen && !highest.compare_exchange_weak(seen, worker)) {
      }
      if ((worker == 0) != (std::this_thread::get_id() == caller)) ++wrong_thread;
      busy_work(worker);
    });
    EXPECT_LT(highest.load(), bound) << tasks << " tasks";
    EXPECT_EQ(wrong_thread.load(), 0);
  }
}

TEST(ParallelFor, ExceptionReachesTheCallerAndLaterCallsStillWork) {
  for (const unsigned threads : {1U, 2U, 4U}) {
    EXPECT_THROW(
        {
          try {
            parallel_for(50, threads, [](std::size_t task, unsigned) {
              if (task == 7) throw std::runtime_error("task 7 failed");
              busy_work(task);
            });
          } catch (const std::runtime_error& e) {
            EXPECT_STREQ(e.what(), "task 7 failed");
            throw;
          }
        },
        std::runtime_error)
        << threads << " threads";
    // The budget is whole again: a new call may use all its threads.
    EXPECT_EQ(available_threads(threads), threads);
  }
}

TEST(ParallelFor, ExceptionFromANestedCallReachesTheOutermostCaller) {
  EXPECT_THROW(parallel_for(4, 3,
                            [](std::size_t outer, unsigned) {
                              parallel_for(8, 3, [&](std::size_t inner, unsigned) {
                                if (outer == 2 && inner == 5) throw std::logic_error("inner");
                              });
                            }),
               std::logic_error);
}

TEST(ParallelFor, NestedCallsNeverRunMoreThanTheOutermostThreads) {
  // Outer: 6 tasks on 3 threads; each runs 12 inner tasks asking for 3
  // threads, and some an innermost level asking for all cores (0). Without
  // a shared budget up to 3 x 3 x cores bodies could run at once; with it,
  // every thread runs one body at a time and at most 3 threads run: 3.
  ActiveCount inner_bodies;
  ActiveCount outer_bodies;
  parallel_for(6, 3, [&](std::size_t outer, unsigned) {
    outer_bodies.enter();
    parallel_for(12, 3, [&](std::size_t inner, unsigned) {
      if (inner % 4 == 0) {
        parallel_for(5, 0, [&](std::size_t innermost, unsigned) {
          inner_bodies.enter();
          busy_work(outer * 100 + inner * 10 + innermost);
          inner_bodies.leave();
        });
      } else {
        inner_bodies.enter();
        busy_work(outer * 100 + inner);
        inner_bodies.leave();
      }
    });
    outer_bodies.leave();
  });
  EXPECT_GE(inner_bodies.most(), 1);
  EXPECT_LE(inner_bodies.most(), 3);
  EXPECT_LE(outer_bodies.most(), 3);
}

TEST(ParallelFor, OneThreadRunsEverythingOnTheCaller) {
  // --threads 1: no helper anywhere, nested calls included.
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<int> elsewhere{0};
  parallel_for(4, 1, [&](std::size_t, unsigned) {
    parallel_for(4, 8, [&](std::size_t, unsigned worker) {
      if (worker != 0 || std::this_thread::get_id() != caller) ++elsewhere;
    });
  });
  EXPECT_EQ(elsewhere.load(), 0);
}

TEST(ParallelFor, AvailableThreadsOutsideAndInsideACall) {
  // Outside any call: what was asked for. One outer task on 4 threads
  // starts no helper (no other task), so nested work may use all 4.
  EXPECT_EQ(available_threads(5), 5U);
  EXPECT_EQ(available_threads(0), thread_limit(0));
  EXPECT_EQ(thread_limit(3), 3U);
  EXPECT_GE(thread_limit(0), 1U);
  std::vector<unsigned> seen;
  parallel_for(1, 4, [&](std::size_t, unsigned) {
    seen = {available_threads(4), available_threads(2), available_threads(9)};
  });
  EXPECT_EQ(seen, (std::vector<unsigned>{4, 2, 4}));
}

TEST(ParallelFor, BusyWorkersLeaveOneThreadEachToNestedWork) {
  // 3 tasks on 3 threads, all waiting for each other: 3 threads run, the
  // budget of 3 is spent, and a nested call could use only its own thread.
  std::latch started(3);
  std::latch recorded(3);
  std::vector<unsigned> seen(3, 0);
  parallel_for(3, 3, [&](std::size_t task, unsigned) {
    started.arrive_and_wait();
    seen[task] = available_threads(3);
    recorded.arrive_and_wait();
  });
  EXPECT_EQ(seen, (std::vector<unsigned>{1, 1, 1}));
}

TEST(ParallelFor, NestedCallTakesOverTheThreadOfAFinishedWorker) {
  // 2 tasks on 2 threads: task 1 ends at once; task 0 waits until its
  // thread is free again (a finished helper gives it back, a caller waiting
  // for its helper lends it), then runs 2 inner tasks that wait for each
  // other: they finish only if a second thread runs beside task 0's.
  std::latch both(2);
  parallel_for(2, 2, [&](std::size_t task, unsigned) {
    if (task == 1) return;
    while (available_threads(2) < 2) std::this_thread::yield();
    parallel_for(2, 2, [&](std::size_t, unsigned) { both.arrive_and_wait(); });
  });
  SUCCEED();
}

TEST(ParallelFor, ReductionOverFixedTasksIsTheSameForAnyThreadCount) {
  // 10,000 terms of very different sizes, so that the order of the
  // additions shows in the last bits; 64 fixed tasks each sum their own
  // slice into their own slot, and the slots are added in task order.
  // The same split summed on this thread is the reference, bit for bit.
  std::vector<double> terms(10000);
  for (std::size_t i = 0; i < terms.size(); ++i) {
    terms[i] = std::pow(-1.7, static_cast<double>(i % 40)) / static_cast<double>(i + 1);
  }
  constexpr std::size_t kTasks = 64;
  const auto begin = [&](std::size_t t) { return terms.size() * t / kTasks; };
  const auto reduce = [&](unsigned threads) {
    std::vector<double> partial(kTasks, 0);
    parallel_for(kTasks, threads, [&](std::size_t t, unsigned) {
      for (std::size_t i = begin(t); i < begin(t + 1); ++i) partial[t] += terms[i];
    });
    double total = 0;
    for (const double p : partial) total += p;
    return total;
  };
  double expected = 0;
  for (std::size_t t = 0; t < kTasks; ++t) {
    double part = 0;
    for (std::size_t i = begin(t); i < begin(t + 1); ++i) part += terms[i];
    expected += part;
  }
  for (const unsigned threads : {1U, 2U, 3U, 7U, 0U}) {
    EXPECT_EQ(reduce(threads), expected) << threads << " threads";
  }
}

}  // namespace
}  // namespace policygraph
