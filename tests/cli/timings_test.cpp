// `--timings`: every phase and every part of it on standard error, the
// result on standard output unchanged.
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include "cli.hpp"
#include <policygraph/core/phase_times.hpp>

namespace policygraph {
namespace {

const std::string kSmall = std::string(POLICYGRAPH_SOURCE_DIR) + "/tests/data/small.json";

struct Outcome {
  int code;
  std::string out, err;
};

Outcome run_command(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(Timings, CompareShowsLoadingPhasesAndMetricFamilies) {
  const Outcome plain = run_command({"compare", kSmall, "--format", "json"});
  const Outcome timed = run_command({"compare", kSmall, "--format", "json", "--timings"});
  ASSERT_EQ(timed.code, 0) << timed.err;
  EXPECT_EQ(timed.out, plain.out);
  EXPECT_TRUE(plain.err.empty()) << plain.err;
  // In this order: each phase, then its parts.
  const std::vector<std::string> lines = {
      " ms  read, validate, resolve\n",      " ms    - read file\n",
      " ms    - parse JSON\n",               " ms    - functions, domains, sources\n",
      " ms    - dependencies\n",             " ms    - structures (check, resolve)\n",
      " ms    - function graph\n",           " ms  metrics and comparison\n",
      " ms    - whole structure\n",          " ms    - shape\n",
      " ms    - domains\n",                  " ms    - units and betweenness\n",
      " ms    - misplaced functions\n",      " ms    - profile by level\n",
      " ms    - size of the change (NMI, VI, ARI, split-join)\n",
      " ms  format\n",                       " ms  write\n"};
  std::size_t at = 0;
  for (const std::string& line : lines) {
    const std::size_t found = timed.err.find(line, at);
    ASSERT_NE(found, std::string::npos) << "missing or out of order: " << line << timed.err;
    at = found + line.size();
  }
}

TEST(Timings, MetricsWithoutBetweennessSaysSo) {
  const Outcome r = run_command({"metrics", kSmall, "--betweenness", "skip", "--timings"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find(" ms    - units\n"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("betweenness"), std::string::npos) << r.err;
}

TEST(PhaseTimes, SameNameAddsUpInFirstSeenOrder) {
  PhaseTimes t;
  t.add("b", 1.5);
  t.add("a", 1);
  t.add("b", 0.25);
  const auto phases = t.take();
  ASSERT_EQ(phases.size(), 2U);
  EXPECT_EQ(phases[0].first, "b");
  EXPECT_DOUBLE_EQ(phases[0].second, 1.75);
  EXPECT_EQ(phases[1].first, "a");
  EXPECT_TRUE(t.take().empty());
}

}  // namespace
}  // namespace policygraph
