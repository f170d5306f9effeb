// Independent tasks on a bounded number of threads, nested calls included.
#pragma once

#include <cstddef>
#include <functional>

namespace policygraph {

/// The most threads `parallel_for(..., threads, ...)` runs: `threads`, or
/// the hardware concurrency when 0 (at least 1).
[[nodiscard]] unsigned thread_limit(unsigned threads);

/// How many threads a `parallel_for(..., threads, ...)` started here could
/// run right now, the calling thread included: thread_limit(threads), and
/// inside a parallel_for at most 1 plus the threads of the outermost call's
/// budget that no one runs at the moment.
[[nodiscard]] unsigned available_threads(unsigned threads);

/// Runs body(task, worker) once for every task in [0, tasks) and returns
/// when all have returned.
///
/// Threads: the calling thread is worker 0 and takes tasks too; helpers
/// (workers 1, 2, ...) start while tasks are left and the budget allows, so
/// `worker` < min(tasks, thread_limit(threads)): an index into scratch space.
/// The outermost call's budget is thread_limit(threads) threads in all; a
/// parallel_for run inside a task shares that budget (a helper it starts
/// takes one thread of it, given back when the helper ends) and is further
/// limited by its own `threads`. So however deep the nesting, at most the
/// outermost call's thread_limit(threads) threads run tasks at once, and a
/// nested call picks up threads that outer workers have finished with.
///
/// Determinism: the tasks are the caller's split of the work, fixed before
/// any thread runs; which worker runs which task is not. A task writes only
/// its own result (or the scratch space of its `worker`), and the caller
/// combines the results in task order afterwards: then the outcome is the
/// same for any number of threads.
///
/// Errors: once a task throws, no further task starts; after the running
/// ones return, the first exception caught is rethrown on the calling thread.
/// A helper that cannot be started (no thread from the system) leaves its
/// tasks to the others.
void parallel_for(std::size_t tasks, unsigned threads,
                  const std::function<void(std::size_t task, unsigned worker)>& body);

}  // namespace policygraph
