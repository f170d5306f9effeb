#include "common.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/load/input_file.hpp>
#include <policygraph/load/model_reader.hpp>

#include "output.hpp"

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
  all.add_options()
      ("allow-any-path", po::bool_switch(),
       "let CSV files named in the model lie anywhere; by default they must be regular files "
       "in the model's folder or below it")
      ("help,h", "show this help");
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
  ctx.any_path = vm["allow-any-path"].as<bool>();
  for (const char* name : {"output", "append"}) {
    if (vm.count(name) == 0U) continue;
    const std::string& path = vm[name].as<std::string>();
    if (path.empty()) {
      throw UsageError(std::string(std::string_view(name) == "output" ? "-o" : "--append") + " needs a file name" +
                       (std::string_view(name) == "output" ? " (- for standard output)" : ""));
    }
    ctx.outputs.emplace_back(std::string_view(name) == "output" ? "-o" : "--append", path);
  }
  return true;
}

Model load_model(Context& ctx, const std::string& path, PhaseTimes* times, std::string* text) {
  Diagnostics diagnostics;
  ReadOptions options;
  options.any_path = ctx.any_path;
  options.times = times;
  options.text = text;
  if (::isatty(STDERR_FILENO) != 0) {
    options.waiting = [&ctx, &path] {
      ctx.err << "policygraph: waiting for " << shown_path(path) << " (a pipe) to give the model\n"
              << std::flush;
    };
  }
  Model model = read_model_file(path, diagnostics, options);
  ctx.err << diagnostics.render();
  ctx.inputs = model.inputs;
  for (const auto& [option, output] : ctx.outputs) check_output(ctx, output, option);
  check_outputs_apart(ctx);
  return model;
}

Index structure_arg(const Model& model, const std::string& id) {
  if (id.empty()) return static_cast<Index>(model.structures.size() - 1);
  if (auto s = model.find_structure(id)) return *s;
  std::vector<std::string> ids;
  for (const auto& s : model.structures) ids.push_back(s.id);
  throw UsageError(unknown_name("structure", id, ids, "the model has"));
}

std::optional<int> level_arg(const po::variables_map& vm) {
  if (vm.count("level") == 0U) return std::nullopt;
  return vm["level"].as<int>();  // in range: whole_number<int>(0, kMaxLevel)
}

std::string choice_arg(const po::variables_map& vm, const std::string& name,
                       const std::vector<std::string>& choices) {
  std::string value = vm[name].as<std::string>();
  if (std::find(choices.begin(), choices.end(), value) != choices.end()) return value;
  throw UsageError(not_a_choice("--" + name, value, choices));
}

std::string format_arg(const po::variables_map& vm, const std::vector<std::string>& allowed) {
  return choice_arg(vm, "format", allowed);
}

void add_format_option(po::options_description& options, std::string_view csv) {
  options.add_options()
      ("format", po::value<std::string>()->value_name("FORMAT")->default_value("table"),
       ("table (aligned, for a terminal), json (one object, in full precision), csv (" +
        std::string(csv) + "), markdown, or xlsx (an Excel workbook, a sheet per table; "
        "needs -o FILE.xlsx)")
           .c_str());
}

std::string text_format(const po::variables_map& vm) {
  std::string format = format_arg(vm, {"table", "json", "csv", "markdown", "xlsx"});
  if (format == "xlsx" && (vm.count("output") == 0U || vm["output"].as<std::string>() == "-")) {
    throw UsageError("--format xlsx needs -o FILE.xlsx (a workbook is not text)");
  }
  return format;
}

std::string write_as(const std::string& format, const TextWriters& writers) {
  if (format == "xlsx") return xlsx_workbook(writers.xlsx());
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
