#include "cli.hpp"

#include <new>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/text.hpp>
#include <policygraph/version.hpp>

#include "commands.hpp"

namespace policygraph::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table{
      {"validate", "check a model; print every error with its location, or a summary",
       "MODEL", run_validate},
      {"metrics", "every consolidation metric of one structure (table, json, csv, markdown)",
       "MODEL [--structure ID] [--level L] [--format F] [-o FILE]", run_metrics},
      {"compare", "structures side by side: differences, size of the change, consolidation",
       "MODEL [--structures ID,...] [--baseline ID] [--level L] [--format F]", run_compare},
      {"diff", "what changed between two structures, unit by unit and function by function",
       "MODEL FROM TO [--format F]", run_diff},
      {"optimize", "propose moves of functions that lower the coordination cost",
       "MODEL --structure ID [--max-moves K] [--pin ID...] [--capacity N] [--seed N]",
       run_optimize},
      {"sensitivity", "how robust the comparison is when dependency weights are uncertain",
       "MODEL [--structures ID,...] [--samples N] [--noise SIGMA] [--seed N]", run_sensitivity},
      {"report", "one self-contained HTML page: summary, tables, pictures, changes",
       "MODEL -o FILE.html [--structures ID,...] [--sensitivity N] [--optimize]", run_report},
      {"dot", "Graphviz pictures: functions in unit clusters, unit graph, org chart, diff",
       "MODEL [--structure ID] [--view V] [--level L] [--against ID] [--render svg|png|pdf] "
       "[-o FILE]",
       run_dot},
      {"export", "one structure as GraphML or as a resolved policygraph/1 JSON model",
       "MODEL [--structure ID] --format graphml|json [-o FILE]", run_export},
  };
  return table;
}

namespace {

void print_help(std::ostream& out) {
  out << "policygraph " << kVersion
      << ": measure how an organizational restructuring consolidates policy functions\n\n"
         "Usage: policygraph COMMAND MODEL [options]\n"
         "       policygraph COMMAND --help\n\n"
         "A model (JSON, format policygraph/1) lists policy functions, the dependencies\n"
         "between them and one or more structures: trees of units that own the functions.\n\n"
         "Commands:\n";
  std::size_t width = 0;
  for (const Command& c : commands()) width = std::max(width, c.name.size());
  for (const Command& c : commands()) {
    out << "  " << c.name << std::string(width + 3 - c.name.size(), ' ') << c.summary << '\n';
  }
  out << "\nOptions:\n"
         "  -h, --help     show this help\n"
         "  --version      print the version\n\n"
         "Exit status: 0 success, 1 invalid model, 2 bad command line,\n"
         "3 unreadable input or unwritable output.\n\n"
         "Example:\n"
         "  policygraph validate datasets/motie-2025/model.json\n";
}

const Command* find_command(const std::string& name) {
  for (const Command& c : commands()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
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
    err << "policygraph: error: unknown command \"" << name << "\"" << did_you_mean(name, names)
        << "\nTry 'policygraph --help' for the list of commands.\n";
    return 2;
  }
  Context ctx{std::vector<std::string>(args.begin() + 1, args.end()), out, err, name, false, {}, {}};
  try {
    return command->run(ctx);
  } catch (const UsageError& e) {
    err << "policygraph " << name << ": error: " << e.what() << "\nTry 'policygraph " << name
        << " --help' for its options.\n";
    return 2;
  } catch (const ModelError& e) {
    err << e.diagnostics().render();
    err << "policygraph: error: the model is invalid ("
        << count_noun(e.diagnostics().error_count(), "error", "errors") << ")\n";
    return 1;
  } catch (const FileError& e) {
    err << "policygraph: error: " << e.what() << '\n';
    return 3;
  } catch (const std::bad_alloc&) {
    err << "policygraph: error: out of memory\n";
    return 1;
  } catch (const std::exception& e) {  // a limit of the implementation, e.g. 4 GiB of ids
    err << "policygraph: error: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace policygraph::cli
