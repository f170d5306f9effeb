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
#include <policygraph/core/messages.hpp>
#include <policygraph/load/input_file.hpp>
#include <policygraph/load/model_reader.hpp>

#include "output.hpp"

namespace policygraph::cli {

namespace {

/// A message Boost.Program_options throws (Boost 1.74), whose placeholders
/// it fills in itself, and its message here, which writes them {0} and {1}.
struct BoostMessage {
  std::string_view boost;
  const char* ours;
};

constexpr std::array<BoostMessage, 14> kBoostMessages{{
    {"unrecognised option '%canonical_option%'",
     // TRANSLATORS: this and the messages after it are those of the option
     // parser: {0} is an option (e.g. --level), {1} the value given to it.
     N_("unrecognised option '{0}'")},
    {"option '%canonical_option%' cannot be specified more than once",
     N_("option '{0}' cannot be specified more than once")},
    {"the option '%canonical_option%' is required but missing",
     N_("the option '{0}' is required but missing")},
    {"option '%canonical_option%' only takes a single argument",
     N_("option '{0}' only takes a single argument")},
    {"option '%canonical_option%' requires at least one argument",
     N_("option '{0}' requires at least one argument")},
    {"option '%canonical_option%' is not valid", N_("option '{0}' is not valid")},
    {"option '%canonical_option%' does not take any arguments",
     N_("option '{0}' does not take any arguments")},
    {"the argument ('%value%') for option '%canonical_option%' is invalid",
     // TRANSLATORS: {0} is an option (e.g. --level), {1} the value given to it.
     N_("the argument ('{1}') for option '{0}' is invalid")},
    {"the argument ('%value%') for option '%canonical_option%' is invalid. Valid choices are "
     "'on|off', 'yes|no', '1|0' and 'true|false'",
     // TRANSLATORS: {0} is an option, {1} the value given to it; the choices
     // in quotes stay as they are.
     N_("the argument ('{1}') for option '{0}' is invalid. Valid choices are 'on|off', "
        "'yes|no', '1|0' and 'true|false'")},
    {"the required argument for option '%canonical_option%' is missing",
     N_("the required argument for option '{0}' is missing")},
    {"the argument for option '%canonical_option%' should follow immediately after the equal "
     "sign",
     N_("the argument for option '{0}' should follow immediately after the equal sign")},
    {"the abbreviated option '%canonical_option%' does not take any arguments",
     N_("the abbreviated option '{0}' does not take any arguments")},
    {"the unabbreviated option '%canonical_option%' does not take any arguments",
     N_("the unabbreviated option '{0}' does not take any arguments")},
    {"the unabbreviated option '%canonical_option%' is not valid",
     N_("the unabbreviated option '{0}' is not valid")},
}};

/// Boost's message template of `e` in the language of the process, when it
/// is one of kBoostMessages (others, and our own BadNumber, stay as they are).
void translate_template(po::error_with_option_name& e) {
  for (const BoostMessage& m : kBoostMessages) {
    if (e.m_error_template == m.boost) {
      e.m_error_template = fill(tr(m.ours), {"%canonical_option%", "%value%"});
      return;
    }
  }
}

}  // namespace

po::options_description option_group() {
  const unsigned width = messages_loaded() ? 120 : po::options_description::m_default_line_length;
  return po::options_description(tr("Options"), width, width / 2);
}

void add_common_options(po::options_description& options) {
  options.add_options()
      ("output,o", po::value<std::string>()->value_name("FILE"),
       tr("write the result to FILE (atomically: a failure leaves any previous FILE intact) "
          "instead of standard output")
           .c_str())
      ("lang", po::value<std::string>()->value_name("TAG")->default_value(""),
       tr("write in language TAG (e.g. ko): the interface text where the tool has a "
          "translation, labels where the model gives them, falling back to `label`, then to "
          "the id")
           .c_str());
  add_timings_option(options);
}

void add_timings_option(po::options_description& options) {
  options.add_options()
      ("timings", po::bool_switch(),
       tr("print the time of each phase, and of its parts (loading steps, metric families; "
          "parts run on several threads add up), to standard error")
           .c_str());
}

bool parse_args(Context& ctx, const po::options_description& options,
                const std::vector<std::string>& positional, po::variables_map& vm,
                std::string_view description) {
  po::options_description all(options);
  all.add_options()
      ("allow-any-path", po::bool_switch(),
       tr("let CSV files named in the model lie anywhere; by default they must be regular "
          "files in the model's folder or below it")
           .c_str())
      ("help,h", tr("show this help").c_str());
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
      std::string usage = "policygraph " + ctx.command;
      for (const Command& c : commands()) {
        if (c.name == ctx.command) usage += " " + std::string(c.usage);
      }
      // TRANSLATORS: {0} is the command line of a command, e.g. "policygraph
      // dot MODEL [--structure ID]"; its words stay in English.
      ctx.out << trf("Usage: {0}", {usage}) << "\n\n" << description << "\n\n" << all << '\n';
      return false;
    }
    po::notify(vm);
  } catch (po::error_with_option_name& e) {
    translate_template(e);
    throw UsageError(e.what());
  } catch (const po::too_many_positional_options_error&) {
    throw UsageError(tr("too many positional options have been specified on the command line"));
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  for (const std::string& name : positional) {
    // TRANSLATORS: {0} is the name of an argument of the usage line: MODEL,
    // FROM or TO.
    if (vm.count(name) == 0U) throw UsageError(trf("missing {0}", {name}));
  }
  ctx.any_path = vm["allow-any-path"].as<bool>();
  for (const char* name : {"output", "append", "picture"}) {
    if (vm.count(name) == 0U) continue;
    const std::string& path = vm[name].as<std::string>();
    const std::string_view option = name;
    if (path.empty()) {
      throw UsageError(option == "output"   ? tr("-o needs a file name (- for standard output)")
                       : option == "append" ? tr("--append needs a file name")
                                            : tr("--picture needs a file name"));
    }
    ctx.outputs.emplace_back(option == "output" ? "-o" : "--" + std::string(option), path);
  }
  return true;
}

Model load_model(Context& ctx, const std::string& path, PhaseTimes* times, std::string* text) {
  if (ctx.preloaded != nullptr) {
    ctx.inputs = ctx.preloaded->inputs;
    return *ctx.preloaded;
  }
  Diagnostics diagnostics;
  ReadOptions options;
  options.any_path = ctx.any_path;
  options.times = times;
  options.text = text;
  if (::isatty(STDERR_FILENO) != 0) {
    options.waiting = [&ctx, &path] {
      ctx.err << "policygraph: "
              << trf("waiting for {0} (a pipe) to give the model", {shown_path(path)}) << '\n'
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
  // TRANSLATORS: {0} is the structure id as given, in quotes; {1} is empty
  // or ' (did you mean "ID"?)'; {2} lists the structures of the model.
  throw UsageError(trf("unknown structure {0}{1}; the model has: {2}",
                       {in_quotes(id), did_you_mean(id, ids), name_list(ids)}));
}

std::optional<int> level_arg(const po::variables_map& vm) {
  if (vm.count("level") == 0U) return std::nullopt;
  return vm["level"].as<int>();  // in range: whole_number<int>(0, kMaxLevel)
}

std::string choice_arg(const po::variables_map& vm, const std::string& name,
                       const std::vector<std::string>& choices) {
  std::string value = vm[name].as<std::string>();
  if (std::find(choices.begin(), choices.end(), value) != choices.end()) return value;
  // TRANSLATORS: between the last two choices of a list: "a, b or c".
  const std::string listed = name_list(choices, tr(" or "), choices.size());
  // TRANSLATORS: {0} is an option (--format), {1} the list of its choices,
  // {2} the value given, in quotes; {3} is empty or ' (did you mean "X"?)'.
  throw UsageError(trf("{0} takes {1}, not {2}{3}",
                       {"--" + name, listed, in_quotes(value), did_you_mean(value, choices)}));
}

std::string format_arg(const po::variables_map& vm, const std::vector<std::string>& allowed) {
  return choice_arg(vm, "format", allowed);
}

void add_format_option(po::options_description& options, std::string_view csv) {
  options.add_options()
      ("format", po::value<std::string>()->value_name("FORMAT")->default_value("table"),
       // TRANSLATORS: {0} says what the CSV holds, e.g. "one table, see --table".
       // The format names stay as they are.
       trf("table (aligned, for a terminal), json (one object, in full precision), csv ({0}), "
           "markdown, or xlsx (an Excel workbook, a sheet per table; needs -o FILE.xlsx)",
           {csv})
           .c_str());
}

std::string text_format(const po::variables_map& vm) {
  std::string format = format_arg(vm, {"table", "json", "csv", "markdown", "xlsx"});
  if (format == "xlsx" && (vm.count("output") == 0U || vm["output"].as<std::string>() == "-")) {
    throw UsageError(tr("--format xlsx needs -o FILE.xlsx (a workbook is not text)"));
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
       tr("the structures to set side by side, in this order (default: all, in model order)")
           .c_str())
      ("baseline", po::value<std::string>()->value_name("ID")->default_value(""),
       tr("the structure the others are compared with; must be among them (default: the "
          "first)")
           .c_str());
}

void Timings::phase(std::string_view name) {
  const auto now = std::chrono::steady_clock::now();
  if (err_ != nullptr) {
    const double ms = std::chrono::duration<double, std::milli>(now - last_).count();
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%10.1f ms  ", ms);
    // TRANSLATORS: the word that starts each line of --timings: "timing:
    // 12.5 ms  read, validate, resolve".
    const std::string label = tr("timing");
    *err_ << label << ": " << buffer << name << '\n';
    for (const auto& [part, seconds] : detail_.take()) {
      std::snprintf(buffer, sizeof buffer, "%10.1f ms    - ", seconds * 1000);
      *err_ << label << ": " << buffer << part << '\n';
    }
  }
  last_ = now;
}

}  // namespace policygraph::cli
