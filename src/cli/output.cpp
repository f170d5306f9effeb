#include "output.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/messages.hpp>
#include <policygraph/export/file_output.hpp>
#include <policygraph/load/input_file.hpp>

namespace policygraph::cli {

namespace {

FileIdentity identity_of(const struct stat& st) {
  return {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
}

bool is_input(const Context& ctx, const struct stat& st) {
  return std::find(ctx.inputs.begin(), ctx.inputs.end(), identity_of(st)) != ctx.inputs.end();
}

void write_stdout(Context& ctx, std::string_view text) {
  struct stat st {};
  if (::fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode) && is_input(ctx, st)) {
    throw UsageError(
        tr("standard output is the input model itself; write the result elsewhere"));
  }
  ctx.out << text;
  ctx.out.flush();
  if (!ctx.out) throw FileError(tr("cannot write to standard output"));
}

}  // namespace

void check_output(const Context& ctx, const std::string& path, std::string_view option) {
  if (path.empty() || path == "-") return;
  struct stat st {};
  if (::stat(follow_links(path).c_str(), &st) == 0 && is_input(ctx, st)) {
    // TRANSLATORS: {0} is an option (-o, --append), {1} the file given with it.
    throw UsageError(trf("{0} {1} names an input of the model; write the result to another file",
                         {option, shown_path(path)}));
  }
}

void check_outputs_apart(const Context& ctx) {
  namespace fs = std::filesystem;
  // Where each output goes: its file by identity when it exists, else the
  // absolute path it would be created at.
  const auto where = [](const std::string& path) {
    const std::string target = follow_links(path);
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0) {
      return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
    }
    std::error_code ec;
    return fs::absolute(target, ec).lexically_normal().string();
  };
  for (std::size_t i = 0; i < ctx.outputs.size(); ++i) {
    for (std::size_t j = i + 1; j < ctx.outputs.size(); ++j) {
      const auto& [a_option, a] = ctx.outputs[i];
      const auto& [b_option, b] = ctx.outputs[j];
      if (a == "-" || b == "-" || where(a) != where(b)) continue;
      // TRANSLATORS: {0} and {1} are options (-o, --append), {2} the file both name.
      throw UsageError(trf("{0} and {1} name the same file ({2}): the second would replace the "
                           "first",
                           {a_option, b_option, shown_path(b)}));
    }
  }
}

void write_output(Context& ctx, const std::string& path, std::string_view text) {
  if (path.empty() || path == "-") {
    write_stdout(ctx, text);
    return;
  }
  struct stat st {};
  if (::stat(follow_links(path).c_str(), &st) == 0 && is_input(ctx, st)) {
    throw UsageError(trf("{0} names an input of the model; write the result to another file",
                         {shown_path(path)}));
  }
  write_file(path, text);
}

}  // namespace policygraph::cli
