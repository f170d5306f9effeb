#include <policygraph/load/input_file.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <policygraph/core/diagnostics.hpp>

namespace policygraph {
namespace {

namespace fs = std::filesystem;

/// The message of the FileError that reading throws, or "" when none.
std::string read_error(const std::string& path, std::uintmax_t limit, InputKind kind) {
  try {
    (void)read_input(path, limit, kind);
  } catch (const FileError& e) {
    return e.what();
  }
  return "";
}

class InputFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("policygraph-input-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string at(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(InputFile, ReadsARegularFileWhole) {
  std::ofstream(at("m.json")) << "{\"a\": 1}";
  const InputText in = read_input(at("m.json"), 100, InputKind::regular_file);
  EXPECT_EQ(in.text, "{\"a\": 1}");
  EXPECT_TRUE(in.regular);
  struct stat st {};
  ASSERT_EQ(::stat(at("m.json").c_str(), &st), 0);
  EXPECT_EQ(in.identity.inode, static_cast<std::uint64_t>(st.st_ino));
}

TEST_F(InputFile, RefusesFoldersDevicesAndStreamsWhereAFileIsWanted) {
  EXPECT_EQ(read_error(dir_.string(), 100, InputKind::file_or_stream),
            "cannot read " + dir_.string() + ": it is a folder");
  EXPECT_EQ(read_error("/dev/zero", 100, InputKind::file_or_stream),
            "cannot read /dev/zero: it is a device, not a file");
  // A FIFO with no writer: refused at once, not waited for.
  ASSERT_EQ(::mkfifo(at("fifo").c_str(), 0600), 0);
  EXPECT_EQ(read_error(at("fifo"), 100, InputKind::regular_file),
            "cannot read " + at("fifo") + ": it is a pipe or socket, not a regular file");
}

TEST_F(InputFile, SizeLimitBeforeReading) {
  std::ofstream(at("big")) << std::string(101, 'x');
  const std::string message = read_error(at("big"), 100, InputKind::regular_file);
  EXPECT_TRUE(message.starts_with("cannot read " + at("big") + ": it is 0 MiB, over the limit of 0 MiB"))
      << message;
}

TEST(ShownPath, LongPathsAreCutInTheMiddle) {
  const std::string path = std::string(200, 'a') + std::string(200, 'b');
  const std::string shown = shown_path(path);
  // 150 bytes of each end, "..." between, and the length.
  EXPECT_EQ(shown, std::string(150, 'a') + "..." + std::string(150, 'b') + " (a path of 400 bytes)");
  EXPECT_EQ(shown_path("a\x1b[2Jb"), "a\\x1B[2Jb");
}

}  // namespace
}  // namespace policygraph
