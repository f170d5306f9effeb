// `policygraph check MODEL --rules RULES.json`: the promises of a reform as
// rules, checked on every structure, for a terminal or for CI (docs/check.md).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "commands.hpp"

#include <policygraph/core/messages.hpp>
#include <policygraph/load/input_file.hpp>
#include <policygraph/load/rules_reader.hpp>
#include <policygraph/report/check_writer.hpp>
#include <policygraph/rules/check.hpp>

namespace policygraph::cli {
namespace {

/// The exit status of a check with a violation that is not known.
constexpr int kRulesViolated = 4;

/// Reads a file the check reads besides the model, as `what` ("the rules
/// file"): its errors printed and exit 1, as for a model, but named.
template <class Read>
auto read_beside(Context& ctx, const std::string& path, const char* what, const Read& read) {
  const InputText input = read_input(path, kMaxJsonFileBytes, InputKind::file_or_stream);
  ctx.inputs.push_back(input.identity);
  for (const auto& [option, output] : ctx.outputs) check_output(ctx, output, option);
  Diagnostics diagnostics;
  try {
    auto out = read(input.text, diagnostics);
    ctx.err << diagnostics.render();
    return out;
  } catch (const ModelError& e) {
    ctx.err << e.diagnostics().render();
    // TRANSLATORS: {0} says which file ("the rules file"); {1} "N errors".
    throw InvalidInput(trf("{0} is invalid ({1})",
                          {tr(what), trn("{0} error", "{0} errors",
                                         e.diagnostics().error_count())}));
  }
}

}  // namespace

int run_check(Context& ctx) {
  po::options_description options = option_group();
  options.add_options()
      ("rules", po::value<std::string>()->value_name("RULES.json")->required(),
       tr("the rules to check (format policygraph-rules/1, docs/check.md)").c_str())
      ("structure", po::value<std::vector<std::string>>()->value_name("ID")->composing(),
       tr("check this structure (repeat for several); default: every structure of the model")
           .c_str())
      ("known", po::value<std::string>()->value_name("KNOWN.json"),
       tr("violations listed in this file (format policygraph-known/1) are known: printed, "
          "and failing nothing; those that no longer occur are reported as stale")
           .c_str())
      ("update-known", po::bool_switch(),
       tr("rewrite the --known file without its stale entries; nothing is added unless "
          "--accept-new is given too")
           .c_str())
      ("accept-new", po::bool_switch(),
       tr("with --update-known, add every violation found to the file (makes a baseline; "
          "the file may not exist yet)")
           .c_str())
      ("format", po::value<std::string>()->value_name("FORMAT")->default_value("text"),
       // TRANSLATORS: the format names stay as they are.
       tr("text (for a terminal, coloured when it is one), json (for scripts), junit (JUnit "
          "XML, for CI systems), or markdown (for a comment on a merge request)")
           .c_str());
  add_common_options(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  tr("Checks rules on the structures of a model: a domain in one branch or under "
                     "one unit,\na control tower's coverage, no heavy dependency settled only at "
                     "the top, no\ndependency between units kept apart, spans, depth, unit sizes, "
                     "any metric.\nEach violation names its culprits and what in the model placed "
                     "them. Exit\nstatus 4 when a rule of severity error has a violation that "
                     "is not known.") +
                      "\n\n" + tr("Examples:") +
                      "\n"
                      "  policygraph check datasets/motie-2025/model.json "
                      "--rules datasets/motie-2025/rules.json --structure after-2025\n"
                      "  policygraph check model.json --rules rules.json --known known.json "
                      "--format junit -o check.xml\n"
                      "  policygraph check model.json --rules rules.json --known known.json "
                      "--update-known --accept-new")) {
    return 0;
  }
  const std::string format = format_arg(vm, {"text", "json", "junit", "markdown"});
  const bool update = vm["update-known"].as<bool>();
  const bool accept = vm["accept-new"].as<bool>();
  if (update && vm.count("known") == 0U) {
    throw UsageError(tr("--update-known needs --known FILE"));
  }
  if (accept && !update) throw UsageError(tr("--accept-new goes with --update-known"));
  const std::string lang = vm["lang"].as<std::string>();
  const std::string out_path = vm.count("output") != 0U ? vm["output"].as<std::string>() : "";
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  const Model model = load_model(ctx, vm["MODEL"].as<std::string>(), timings.detail());
  timings.phase(tr("read, validate, resolve"));

  std::vector<Index> structures;
  if (vm.count("structure") != 0U) {
    for (const std::string& id : vm["structure"].as<std::vector<std::string>>()) {
      const Index s = structure_arg(model, id);
      if (std::find(structures.begin(), structures.end(), s) == structures.end()) {
        structures.push_back(s);
      }
    }
  }
  const std::string rules_path = vm["rules"].as<std::string>();
  const RuleSet rules = read_beside(
      ctx, rules_path, N_("the rules file"), [&](std::string_view text, Diagnostics& d) {
        return read_rules(text, rules_path, model, d);
      });
  std::vector<KnownViolation> known;
  std::string known_path;
  bool known_read = false;
  if (vm.count("known") != 0U) {
    known_path = vm["known"].as<std::string>();
    std::error_code ec;
    const bool missing = !std::filesystem::exists(known_path, ec) && !ec;
    if (!(missing && update && accept)) {
      known = read_beside(ctx, known_path, N_("the known-violations file"),
                          [&](std::string_view text, Diagnostics& d) {
                            return read_known(text, known_path, d);
                          });
      known_read = true;
    }
  }
  // TRANSLATORS: a phase of --timings: reading the rules and known violations.
  timings.phase(tr("rules"));
  const CheckResult result =
      check_rules(model, rules, structures, known_path.empty() ? nullptr : &known);
  // TRANSLATORS: a phase of --timings: checking every rule on every structure.
  timings.phase(tr("check"));

  std::string text;
  if (format == "json") {
    text = check_json_text(model, rules, result, lang);
  } else if (format == "junit") {
    text = check_junit(model, rules, result, lang);
  } else if (format == "markdown") {
    text = check_markdown(model, rules, result, lang);
  } else {
    const bool terminal = (out_path.empty() || out_path == "-") && ::isatty(STDOUT_FILENO) != 0 &&
                          std::getenv("NO_COLOR") == nullptr;
    text = check_text(model, rules, result, lang, terminal);
  }
  timings.phase(tr("format"));
  write_output(ctx, out_path, text);
  std::size_t failing = result.failing(rules);
  if (update) {
    const std::vector<KnownViolation> next = updated_known(model, rules, result, known, accept);
    const std::string next_text = known_text(next);
    std::string old_text;
    try {
      old_text = read_file(known_path);
    } catch (const FileError&) {
      // a baseline made now: the file does not exist yet
    }
    if (next_text != old_text) {
      // The file was read as an input (the last one); here it is the output asked for.
      if (known_read) ctx.inputs.pop_back();
      write_output(ctx, known_path, next_text);
    }
    const std::size_t removed = result.stale.size();
    const std::size_t added = next.size() + removed - known.size();
    ctx.err << "policygraph: "
            // TRANSLATORS: {0} the known-violations file; {1} "N entries" removed, {2} "N entries" added.
            << trf("{0}: {1} removed, {2} added",
                   {known_path, trn("{0} entry", "{0} entries", removed),
                    trn("{0} entry", "{0} entries", added)})
            << '\n';
    if (accept) failing = 0;
  }
  timings.phase(tr("write"));
  return failing > 0 ? kRulesViolated : 0;
}

}  // namespace policygraph::cli
