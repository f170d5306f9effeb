#include "common.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/load/model_reader.hpp>

namespace policygraph::cli {

void add_common_options(po::options_description& options) {
  options.add_options()
      ("output,o", po::value<std::string>()->value_name("FILE"),
       "write the result to FILE (atomically: a failure leaves any previous FILE intact) "
       "instead of standard output")
      ("lang", po::value<std::string>()->value_name("TAG")->default_value(""),
       "print labels in language TAG (e.g. ko) where the model gives them; falls back to "
       "`label`, then to the id");
  add_timings_option(options);
}

void add_timings_option(po::options_description& options) {
  options.add_options()
      ("timings", po::bool_switch(), "print the time of each phase, and of its parts (loading "
       "steps, metric families; parts run on several threads add up), to standard error");
}

bool parse_args(Context& ctx, const po::options_description& options,
                const std::vector<std::string>& positional, po::variables_map& vm,
                std::string_view description) {
  po::options_description all(options);
  all.add_options()("help,h", "show this help");
  po::options_description hidden;
  po::positional_options_description pos;
  for (const std::string& name : positional) {
    hidden.add_options()(name.c_str(), po::value<std::string>());
    pos.add(name.c_str(), 1);
  }
  po::options_description parsing(all);
  parsing.add(hidden);
  try {
    po::store(po::command_line_parser(ctx.args).options(parsing).positional(pos).run(), vm);
    if (vm.count("help") != 0U) {
      std::string usage = "Usage: policygraph " + ctx.command;
      for (const Command& c : commands()) {
        if (c.name == ctx.command) usage += " " + std::string(c.usage);
      }
      ctx.out << usage << "\n\n" << description << "\n\n" << all << '\n';
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  for (const std::string& name : positional) {
    if (vm.count(name) == 0U) throw UsageError("missing " + name);
  }
  return true;
}

Model load_model(Context& ctx, const std::string& path, PhaseTimes* times) {
  Diagnostics diagnostics;
  Model model = read_model_file(path, diagnostics, times);
  ctx.err << diagnostics.render();
  return model;
}

namespace {

// The temporary file being written, for the signal handler below: a
// fixed buffer, since a handler may only call async-signal-safe functions.
char pending_tmp[4096];
volatile std::sig_atomic_t pending_set = 0;

extern "C" void remove_pending_and_die(int signal_number) {
  if (pending_set != 0) ::unlink(pending_tmp);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

/// While it lives, Ctrl-C, SIGTERM and SIGHUP remove the temporary file
/// before the process dies of the signal as usual, and a file-size limit
/// (SIGXFSZ) makes write() fail with EFBIG instead of killing the process
/// with the temporary file left behind.
class PendingFile {
 public:
  explicit PendingFile(const std::string& tmp) {
    if (tmp.size() < sizeof pending_tmp) {
      std::memcpy(pending_tmp, tmp.c_str(), tmp.size() + 1);
      pending_set = 1;
    }
    struct sigaction cleanup {};
    cleanup.sa_handler = remove_pending_and_die;
    sigemptyset(&cleanup.sa_mask);
    for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &cleanup, &saved_[i]);
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGXFSZ, &ignore, &saved_xfsz_);
  }
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;
  ~PendingFile() {
    for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &saved_[i], nullptr);
    ::sigaction(SIGXFSZ, &saved_xfsz_, nullptr);
    pending_set = 0;
  }

 private:
  static constexpr std::array<int, 3> kSignals{SIGINT, SIGTERM, SIGHUP};
  std::array<struct sigaction, 3> saved_{};
  struct sigaction saved_xfsz_ {};
};

void write_all(int fd, std::string_view text, const std::string& shown) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw FileError("cannot write " + shown + ": " + std::strerror(errno));
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}
}  // namespace

void write_output(Context& ctx, const std::string& path, std::string_view text) {
  if (path.empty() || path == "-") {
    ctx.out << text;
    ctx.out.flush();
    if (!ctx.out) throw FileError("cannot write to standard output");
    return;
  }
  namespace fs = std::filesystem;
  if (fs::is_directory(path)) throw FileError("cannot write " + path + ": it is a folder");
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmp = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) throw FileError("cannot write " + path + ": " + std::strerror(errno));
  const PendingFile pending(tmp);  // until the rename below
  try {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);  // as a plain create would; mkstemp makes it 0600
    write_all(fd, text, path);
    if (::fsync(fd) != 0 && errno != EINVAL) {
      throw FileError("cannot write " + path + ": " + std::strerror(errno));
    }
    if (::close(fd) != 0) throw FileError("cannot write " + path + ": " + std::strerror(errno));
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    throw FileError("cannot write " + path + ": " + std::strerror(saved));
  }
}

Index structure_arg(const Model& model, const std::string& id) {
  if (id.empty()) return static_cast<Index>(model.structures.size() - 1);
  if (auto s = model.find_structure(id)) return *s;
  std::vector<std::string> ids;
  for (const auto& s : model.structures) ids.push_back(s.id);
  std::string known;
  for (const auto& s : ids) known += (known.empty() ? "" : ", ") + s;
  throw UsageError("unknown structure \"" + id + "\"" + did_you_mean(id, ids) +
                   "; the model has: " + known);
}

std::optional<int> level_arg(const po::variables_map& vm) {
  if (vm.count("level") == 0U) return std::nullopt;
  const int level = vm["level"].as<int>();
  if (level < 0) throw UsageError("--level must be 0 or more");
  return level;
}

std::string format_arg(const po::variables_map& vm, const std::vector<std::string>& allowed) {
  std::string f = vm["format"].as<std::string>();
  for (const std::string& a : allowed) {
    if (a == f) return f;
  }
  std::string list;
  for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
  throw UsageError("unknown format \"" + f + "\" (expected one of " + list + ")" +
                   did_you_mean(f, allowed));
}

void add_format_option(po::options_description& options, std::string_view csv) {
  options.add_options()
      ("format", po::value<std::string>()->value_name("FORMAT")->default_value("table"),
       ("table (aligned, for a terminal), json (one object, in full precision), csv (" +
        std::string(csv) + ") or markdown")
           .c_str());
}

std::string text_format(const po::variables_map& vm) {
  return format_arg(vm, {"table", "json", "csv", "markdown"});
}

std::string write_as(const std::string& format, const TextWriters& writers) {
  if (format == "json") return writers.json();
  if (format == "csv") return writers.csv();
  if (format == "markdown") return writers.markdown();
  return writers.table();
}

void add_structures_options(po::options_description& options) {
  options.add_options()
      ("structures", po::value<std::string>()->value_name("ID,ID,...")->default_value(""),
       "the structures to set side by side, in this order (default: all, in model order)")
      ("baseline", po::value<std::string>()->value_name("ID")->default_value(""),
       "the structure the others are compared with; must be among them (default: the "
       "first)");
}

void Timings::phase(std::string_view name) {
  const auto now = std::chrono::steady_clock::now();
  if (err_ != nullptr) {
    const double ms = std::chrono::duration<double, std::milli>(now - last_).count();
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%10.1f ms  ", ms);
    *err_ << "timing: " << buffer << name << '\n';
    for (const auto& [part, seconds] : detail_.take()) {
      std::snprintf(buffer, sizeof buffer, "%10.1f ms    - ", seconds * 1000);
      *err_ << "timing: " << buffer << part << '\n';
    }
  }
  last_ = now;
}

}  // namespace policygraph::cli
