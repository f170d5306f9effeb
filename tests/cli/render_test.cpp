// `policygraph dot --render`: running Graphviz, and what happens when it is
// missing or fails. Each test puts its own folder first on PATH.
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include "cli.hpp"

namespace policygraph {
namespace {

namespace fs = std::filesystem;

const std::string kSmall = std::string(POLICYGRAPH_SOURCE_DIR) + "/tests/data/small.json";

/// A fresh folder, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "policygraph-render-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() { fs::remove_all(path_); }
  [[nodiscard]] fs::path operator/(const std::string& name) const { return path_ / name; }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// PATH set to `value` while it lives.
class PathSetTo {
 public:
  explicit PathSetTo(const std::string& value) {
    const char* old = ::getenv("PATH");
    saved_ = old != nullptr ? old : "";
    ::setenv("PATH", value.c_str(), 1);
  }
  PathSetTo(const PathSetTo&) = delete;
  PathSetTo& operator=(const PathSetTo&) = delete;
  ~PathSetTo() { ::setenv("PATH", saved_.c_str(), 1); }

 private:
  std::string saved_;
};

struct Outcome {
  int code;
  std::string out, err;
};

Outcome run(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_script(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
  fs::permissions(p, fs::perms::owner_all);
}

bool graphviz_installed() {
  const char* path = ::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (!dir.empty() && ::access((fs::path(dir) / "dot").c_str(), X_OK) == 0) return true;
  }
  return false;
}

TEST(DotRender, WithoutGraphvizSaysHowToInstallIt) {
  TempDir dir;
  const PathSetTo path(dir.path().string());  // no dot in there
  const Outcome r = run({"dot", kSmall, "--render", "png", "-o", (dir / "out.png").string()});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err,
            "policygraph: error: Graphviz's dot was not found; install it with: apt-get install "
            "graphviz fonts-noto-cjk\n");
  EXPECT_FALSE(fs::exists(dir / "out.png"));
}

TEST(DotRender, FailingDotKeepsThePreviousFileAndShowsItsMessage) {
  TempDir dir;
  write_script(dir / "dot", "#!/bin/sh\necho 'Error: syntax error in line 7' >&2\nexit 1\n");
  std::ofstream(dir / "out.svg") << "previous picture";
  const PathSetTo path(dir.path().string() + ":/bin:/usr/bin");
  const Outcome r = run({"dot", kSmall, "--render", "svg", "-o", (dir / "out.svg").string()});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err,
            "policygraph: error: Graphviz's dot -Tsvg failed (exit status 1):\n"
            "Error: syntax error in line 7\n");
  EXPECT_EQ(slurp(dir / "out.svg"), "previous picture");
  // Nothing else left behind (no temporary file).
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 2);
}

TEST(DotRender, DotGetsTheDotTextOnItsStandardInput) {
  TempDir dir;
  // A stand-in dot that echoes its format and input back.
  write_script(dir / "dot", "#!/bin/sh\necho \"format $1\"\ncat\n");
  const PathSetTo path(dir.path().string() + ":/bin:/usr/bin");
  const Outcome r = run({"dot", kSmall, "--view", "tree", "--render", "pdf", "-o",
                     (dir / "out.pdf").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const Outcome text = run({"dot", kSmall, "--view", "tree"});
  EXPECT_EQ(slurp(dir / "out.pdf"), "format -Tpdf\n" + text.out);
}

TEST(DotRender, WritesAPngWithGraphviz) {
  if (!graphviz_installed()) GTEST_SKIP() << "Graphviz's dot is not installed";
  TempDir dir;
  const Outcome r = run({"dot", kSmall, "--lang", "ko", "--render", "png", "-o",
                     (dir / "small.png").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(slurp(dir / "small.png").substr(0, 8), "\x89PNG\r\n\x1a\n");
}

TEST(DotRender, NeedsAnOutputFile) {
  const Outcome r = run({"dot", kSmall, "--render", "svg"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--render svg needs -o FILE"), std::string::npos);
}

}  // namespace
}  // namespace policygraph
