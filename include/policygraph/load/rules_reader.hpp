// Reading a rules file (`policygraph-rules/1`) and a known-violations file
// (`policygraph-known/1`), both JSON, with every problem located
// (docs/check.md). Rules are read against the model they will check, so
// that every domain, unit, kind and metric they name is checked, with
// "did you mean", before anything is measured.
//
//   Diagnostics diagnostics;
//   const RuleSet rules = read_rules_file("rules.json", model, diagnostics);
//   const CheckResult result = check_rules(model, rules, {});  // rules/check.hpp
#pragma once

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/model.hpp>
#include <policygraph/rules/rules.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace policygraph {

/// Reads a rules file's text. Every problem is reported at its JSON pointer
/// (syntax errors at line and column) in `diagnostics`: a wrong format, an
/// unknown type or key, a missing or ill-typed parameter, a bound out of
/// range, a rule id given twice, and domains, units, kinds and metrics the
/// model does not have (with "did you mean"). Throws ModelError when there
/// is any error.
[[nodiscard]] RuleSet read_rules(std::string_view text, const std::string& file, const Model& model,
                                 Diagnostics& diagnostics);
/// The same from a file or pipe (FileError when it cannot be read).
[[nodiscard]] RuleSet read_rules_file(const std::string& path, const Model& model,
                                      Diagnostics& diagnostics);

/// Reads a known-violations file's text: located errors (the format, each
/// entry's three strings, an entry given twice) to `diagnostics`; throws
/// ModelError when there is any. Rules and structures are not checked
/// against anything: an entry that names what is gone is stale.
[[nodiscard]] std::vector<KnownViolation> read_known(std::string_view text, const std::string& file,
                                                     Diagnostics& diagnostics);

}  // namespace policygraph
