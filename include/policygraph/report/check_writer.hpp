// The result of `policygraph check` as text for a terminal, JSON for
// scripts, JUnit XML for CI systems and Markdown for a merge request.
#pragma once

#include <nlohmann/json.hpp>
#include <policygraph/core/model.hpp>
#include <policygraph/rules/check.hpp>
#include <string>
#include <string_view>

namespace policygraph {

/// One line per rule and structure (held, violated, known), its culprits
/// below, then the stale entries and a last line of totals. `colour` adds
/// ANSI colours (for a terminal).
[[nodiscard]] std::string check_text(const Model& model, const RuleSet& rules,
                                     const CheckResult& result, std::string_view lang, bool colour);
[[nodiscard]] nlohmann::json check_json(const Model& model, const RuleSet& rules,
                                        const CheckResult& result, std::string_view lang);
/// check_json(...).dump(2) and a line break, the same bytes, written one
/// violation at a time: a check with hundreds of thousands of violations
/// never holds them all as JSON values.
[[nodiscard]] std::string check_json_text(const Model& model, const RuleSet& rules,
                                          const CheckResult& result, std::string_view lang);
/// A <testsuites> document: one <testsuite> per structure, one <testcase>
/// per rule, a <failure> for an error rule with new violations, <skipped>
/// for a warning rule or a violation that is known, and <system-out> with
/// the culprits.
[[nodiscard]] std::string check_junit(const Model& model, const RuleSet& rules,
                                      const CheckResult& result, std::string_view lang);
[[nodiscard]] std::string check_markdown(const Model& model, const RuleSet& rules,
                                         const CheckResult& result, std::string_view lang);

/// A violation of `rule` in words: `Supply chain policy
/// (supply-chain-policy), in Industrial Supply Chain Policy Bureau; placed
/// by /structures/0/assign/supply-chain-policy`.
[[nodiscard]] std::string culprit_text(const Model& model, const Rule& rule, const Resolved& s,
                                       const Violation& v, std::string_view lang);

}  // namespace policygraph
