#include "cli.hpp"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <climits>
#include <fstream>
#include <new>
#include <sstream>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/messages.hpp>
#include <policygraph/core/text.hpp>
#include <policygraph/version.hpp>

#include "commands.hpp"

namespace policygraph::cli {

namespace {
int run_serve_program(Context& ctx);
}  // namespace
int (*serve_command)(Context&) = run_serve_program;

const std::vector<Command>& commands() {
  static const std::vector<Command> table{
      {"validate", N_("check a model; print every error with its location, or a summary"),
       "MODEL", run_validate},
      {"metrics", N_("every consolidation metric of one structure (table, json, csv, markdown)"),
       "MODEL [--structure ID] [--level L] [--format F] [-o FILE]", run_metrics},
      {"compare", N_("structures side by side: differences, size of the change, consolidation"),
       "MODEL [--structures ID,...] [--baseline ID] [--level L] [--format F]", run_compare},
      {"diff", N_("what changed between two structures, unit by unit and function by function"),
       "MODEL FROM TO [--format F]", run_diff},
      {"explain", N_("what happened to each unit, and which moves made the figures move"),
       "MODEL FROM TO [--level L] [--top N] [--picture FILE.svg] [--format F]", run_explain},
      {"groups", N_("the work's own grouping (Leiden communities) against a structure's units"),
       "MODEL [--structure ID] [--level L] [--resolution R] [--seed N] [--format F]",
       run_groups},
      {"check", N_("check rules on every structure: a domain in one branch, a tower's coverage, ..."),
       "MODEL --rules RULES.json [--structure ID]... [--known KNOWN.json] [--format F]",
       run_check},
      {"optimize", N_("propose moves of functions that lower the coordination cost"),
       "MODEL --structure ID [--max-moves K] [--pin ID...] [--capacity N] [--seed N]",
       run_optimize},
      {"sensitivity", N_("how robust the comparison is when dependency weights are uncertain"),
       "MODEL [--structures ID,...] [--samples N] [--noise SIGMA] [--seed N]", run_sensitivity},
      {"dsm", N_("the dependency structure matrix: units in tree order, weights, a frame per subtree"),
       "MODEL [--structure ID] [--level L] [--of units|functions] [--against ID] [--format F]",
       run_dsm},
      {"report", N_("one self-contained HTML page: summary, tables, pictures, changes"),
       "MODEL -o FILE.html [--structures ID,...] [--sensitivity N] [--optimize]", run_report},
      {"serve", N_("the workbench: explore a structure and build alternatives in the browser"),
       "MODEL [--port N] [--host ADDR] [--lang TAG]",
       [](Context& ctx) { return serve_command(ctx); }},
      {"dot", N_("Graphviz pictures: functions in unit clusters, unit graph, org chart, diff"),
       "MODEL [--structure ID] [--view V] [--level L] [--against ID] [--render svg|png|pdf] "
       "[-o FILE]",
       run_dot},
      {"export", N_("one structure as GraphML or as a resolved policygraph/1 JSON model"),
       "MODEL [--structure ID] --format graphml|json [-o FILE]", run_export},
  };
  return table;
}

namespace {

void print_help(std::ostream& out) {
  out << "policygraph " << kVersion << ": "
      << tr("measure how an organizational restructuring consolidates policy functions")
      << "\n\n"
      // TRANSLATORS: the words in capitals and in brackets are the command
      // line's own; line up the second line under the first.
      << tr("Usage: policygraph COMMAND MODEL [options]\n"
            "       policygraph COMMAND --help")
      << "\n\n"
      << tr("A model (JSON, format policygraph/1) lists policy functions, the dependencies\n"
            "between them and one or more structures: trees of units that own the functions.")
      << "\n\n"
      << tr("Commands:") << '\n';
  std::size_t width = 0;
  for (const Command& c : commands()) width = std::max(width, c.name.size());
  for (const Command& c : commands()) {
    out << "  " << c.name << std::string(width + 3 - c.name.size(), ' ') << tr(c.summary)
        << '\n';
  }
  out << '\n' << tr("Options:") << '\n'
      << "  -h, --help     " << tr("show this help") << '\n'
      << "  --version      " << tr("print the version") << "\n\n"
      << tr("Exit status: 0 success, 1 invalid model, 2 bad command line,\n"
            "3 unreadable input or unwritable output.")
      << "\n\n"
      << tr("Example:") << '\n'
      << "  policygraph validate datasets/motie-2025/model.json\n";
}

/// The value of --lang among `args` ("--lang TAG" or "--lang=TAG"), "" when
/// none: read before the options are, so that help and errors are in it too.
std::string language_asked(const std::vector<std::string>& args) {
  std::string tag;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") break;
    if (args[i] == "--lang" && i + 1 < args.size()) tag = args[i + 1];
    if (args[i].rfind("--lang=", 0) == 0) tag = args[i].substr(7);
  }
  return tag;
}

/// The folder of the running program, "" when it cannot be told.
std::string program_folder() {
  std::array<char, PATH_MAX> buffer{};
  const ssize_t n = ::readlink("/proc/self/exe", buffer.data(), buffer.size() - 1);
  if (n <= 0) return {};
  std::string path(buffer.data(), static_cast<std::size_t>(n));
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

/// Chooses the catalogue of interface text for `tag`: English for "" and
/// "en", else LANG's catalogue beside the program (locale/), or where
/// `cmake --install` puts it (../share/locale). Without one, a warning, and
/// the interface stays English while labels still follow the tag.
void choose_language(const std::string& tag, std::ostream& err) {
  use_messages(std::nullopt, tag);
  if (tag.empty() || tag == "en" || tag.rfind("en-", 0) == 0 || tag.rfind("en_", 0) == 0) return;
  const std::string folder = program_folder();
  std::optional<std::string> file;
  for (const std::string& dir : {folder + "/locale", folder + "/../share/locale"}) {
    if (!folder.empty() && !file) file = find_catalogue(dir, tag);
  }
  if (!file) {
    // TRANSLATORS: the word in "policygraph: warning: ...", before a message
    // of something that may be wrong but does not stop the command.
    err << "policygraph: " << tr("warning") << ": "
        << trf("no translation of the interface into \"{0}\"; it stays in English, and labels "
               "in \"{0}\" are used where the model gives them",
               {printable(tag)})
        << '\n';
    return;
  }
  std::ifstream in(*file, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::string why;
  std::optional<Messages> messages = Messages::parse(bytes.str(), &why);
  if (!messages) {
    err << "policygraph: " << tr("warning") << ": "
        // TRANSLATORS: {0} is a catalogue file, {1} what is wrong with it.
        << trf("{0}: {1}; the interface stays in English", {printable(*file), why}) << '\n';
    return;
  }
  use_messages(std::move(messages), tag);
}

/// Starts the workbench program, policygraph-serve, in place of this one
/// (the same process, standard streams and arguments): only it loads the
/// HTTP server and its TLS and compression libraries, which every other
/// command would pay about 2 ms to load.
int run_serve_program(Context& ctx) {
  const std::string program = program_folder() + "/policygraph-serve";
  std::vector<std::string> args{program, ctx.command};
  args.insert(args.end(), ctx.args.begin(), ctx.args.end());
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  ctx.out.flush();
  ctx.err.flush();
  ::execv(program.c_str(), argv.data());
  const int error = errno;
  // TRANSLATORS: {0} is the path of the workbench program, {1} why it did not start.
  throw FileError(trf("cannot start the workbench ({0}): {1}", {program, std::strerror(error)}));
}

const Command* find_command(const std::string& name) {
  for (const Command& c : commands()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  choose_language(language_asked(args), err);
  if (args.empty()) {
    print_help(err);
    return 2;
  }
  const std::string& name = args[0];
  if (name == "--help" || name == "-h" || name == "help") {
    print_help(out);
    return 0;
  }
  if (name == "--version") {
    out << "policygraph " << kVersion << '\n';
    return 0;
  }
  const Command* command = find_command(name);
  if (command == nullptr) {
    std::vector<std::string> names;
    for (const Command& c : commands()) names.emplace_back(c.name);
    // TRANSLATORS: the word in "policygraph: error: ...", before a message of
    // what stopped the command.
    err << "policygraph: " << tr("error") << ": "
        // TRANSLATORS: {0} is the command given; {1} is empty or ' (did you mean "X"?)'.
        << trf("unknown command \"{0}\"{1}", {name, did_you_mean(name, names)}) << '\n'
        << tr("Try 'policygraph --help' for the list of commands.") << '\n';
    return 2;
  }
  Context ctx{std::vector<std::string>(args.begin() + 1, args.end()), out, err, name, false, {}, {}};
  try {
    return command->run(ctx);
  } catch (const UsageError& e) {
    err << "policygraph " << name << ": " << tr("error") << ": " << e.what() << '\n'
        // TRANSLATORS: {0} is a command, e.g. "policygraph dot".
        << trf("Try '{0} --help' for its options.", {"policygraph " + name}) << '\n';
    return 2;
  } catch (const ModelError& e) {
    err << e.diagnostics().render();
    err << "policygraph: " << tr("error") << ": "
        << trn("the model is invalid ({0} error)", "the model is invalid ({0} errors)",
               e.diagnostics().error_count())
        << '\n';
    return 1;
  } catch (const InvalidInput& e) {
    err << "policygraph: " << tr("error") << ": " << e.what() << '\n';
    return 1;
  } catch (const FileError& e) {
    err << "policygraph: " << tr("error") << ": " << e.what() << '\n';
    return 3;
  } catch (const std::bad_alloc&) {
    err << "policygraph: " << tr("error") << ": " << tr("out of memory") << '\n';
    return 1;
  } catch (const std::exception& e) {  // a limit of the implementation, e.g. 4 GiB of ids
    err << "policygraph: " << tr("error") << ": " << e.what() << '\n';
    return 1;
  }
}

}  // namespace policygraph::cli
