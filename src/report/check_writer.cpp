// The four forms of a check's result (docs/check.md, "Output formats").
#include <algorithm>
#include <map>
#include <policygraph/core/messages.hpp>
#include <policygraph/core/text.hpp>
#include <policygraph/report/check_writer.hpp>
#include <policygraph/report/table.hpp>

namespace policygraph {
namespace {

using nlohmann::json;

/// How many culprits the text and Markdown show per rule and structure.
constexpr std::size_t kShownCulprits = 10;

enum class Status { kHolds, kFails, kKnown, kWarning };

Status status_of(const Rule& rule, const RuleOutcome& o) {
  if (o.holds()) return Status::kHolds;
  if (rule.severity == RuleSeverity::kWarning) return Status::kWarning;
  return o.new_violations() > 0 ? Status::kFails : Status::kKnown;
}

const char* status_key(Status s) {
  switch (s) {
    case Status::kHolds:
      return "holds";
    case Status::kFails:
      return "fails";
    case Status::kKnown:
      return "known";
    case Status::kWarning:
      return "warning";
  }
  return "";
}

/// The status word for people, all of the same width in English.
std::string status_word(Status s) {
  switch (s) {
    // TRANSLATORS: the status of a rule on a structure; the four words are
    // printed in one column.
    case Status::kHolds:
      return tr("holds");
    // TRANSLATORS: the status of a rule with a violation that is not known.
    case Status::kFails:
      return tr("FAILS");
    // TRANSLATORS: the status of a rule whose every violation is listed as known.
    case Status::kKnown:
      return tr("known");
    // TRANSLATORS: the status of a rule of severity warning that is violated.
    case Status::kWarning:
      return tr("warning");
  }
  return "";
}

const char* colour_of(Status s) {
  switch (s) {
    case Status::kHolds:
      return "\x1b[32m";
    case Status::kFails:
      return "\x1b[1;31m";
    case Status::kKnown:
      return "\x1b[36m";
    case Status::kWarning:
      return "\x1b[33m";
  }
  return "";
}

std::string three(double v) { return rounded(v, 3); }

std::string count(double v) { return std::to_string(static_cast<long long>(v)); }

/// A number as written in a rules file: whole numbers without decimals.
std::string bound(double v) {
  if (v == static_cast<double>(static_cast<long long>(v))) return count(v);
  return json(v).dump();
}

std::string domain_name(const Model& model, Index d, std::string_view lang) {
  const Domain& domain = model.domains[d];
  return domain.labels.pick(lang, domain.id);
}

std::string unit_name(const Model& model, const Resolved& s, Index u, std::string_view lang) {
  if (u < s.present.size() && s.present[u]) return model.unit_name(s, u, lang);
  return model.unit_ids[u];
}

/// What the rule measured on the structure, in a few words.
std::string summary(const Model& model, const Rule& rule, const RuleOutcome& o,
                    std::string_view lang) {
  const Resolved& s = model.structures[o.structure];
  const std::size_t n = o.violations.size();
  const double figure = o.figure.value_or(0);
  switch (rule.type) {
    case RuleType::kDomainBranches: {
      const auto k = static_cast<std::size_t>(figure);
      return rule.level
                 // TRANSLATORS: {0} "N units" at level {1} that a domain lies in;
                 // {2} the most the rule allows.
                 ? trf("{0} at level {1}, at most {2}",
                       {trn("{0} unit", "{0} units", k), std::to_string(*rule.level),
                        bound(*rule.max)})
                 // TRANSLATORS: {0} "N top-level branches" that a domain lies in;
                 // {1} the most the rule allows.
                 : trf("{0}, at most {1}",
                       {trn("{0} top-level branch", "{0} top-level branches", k),
                        bound(*rule.max)});
    }
    case RuleType::kDomainOwner: {
      const std::string unit = unit_name(model, s, rule.unit, lang);
      if (!(rule.unit < s.present.size() && s.present[rule.unit])) {
        // TRANSLATORS: {0} a unit id that the structure does not have.
        return trf("the structure has no {0}", {unit});
      }
      // TRANSLATORS: every function of a domain lies in the subtree of the unit {0}.
      if (n == 0) return trf("all inside {0}", {unit});
      // TRANSLATORS: {0} "N functions" of a domain lying outside the subtree of the unit {1}.
      return trf("{0} outside {1}", {trn("{0} function", "{0} functions", n), unit});
    }
    case RuleType::kTowerCoverage:
    case RuleType::kTowerInternalShare: {
      const bool coverage = rule.type == RuleType::kTowerCoverage;
      if (!o.figure) {
        if (rule.domain != kNone && n == 1 && o.violations[0].kind == CulpritKind::kDomain) {
          return tr("no control tower");
        }
        std::vector<Index> below;
        for (const Violation& v : o.violations) below.push_back(v.domain);
        std::sort(below.begin(), below.end());
        below.erase(std::unique(below.begin(), below.end()), below.end());
        if (!below.empty()) {
          // TRANSLATORS: {0} "N domains" whose tower is below the least share {1}.
          return trf("{0} below {1}",
                     {trn("{0} domain", "{0} domains", below.size()), bound(*rule.min)});
        }
        std::size_t towers = 0;
        for (Index d = 0; d < s.control_tower.size(); ++d) {
          if (s.control_tower[d] != kNone) ++towers;
        }
        if (towers == 0) return tr("no domain has a control tower");
        // TRANSLATORS: {0} "N domains" with a control tower; {1} the least share allowed.
        return trf("{0} with a tower, none below {1}",
                   {trn("{0} domain", "{0} domains", towers), bound(*rule.min)});
      }
      return coverage
                 // TRANSLATORS: {0} a control tower's coverage, {1} the least the rule allows.
                 ? trf("coverage {0}, at least {1}", {three(figure), bound(*rule.min)})
                 // TRANSLATORS: {0} a control tower's internal share, {1} the least allowed.
                 : trf("internal share {0}, at least {1}", {three(figure), bound(*rule.min)});
    }
    case RuleType::kEscalation:
      // TRANSLATORS: {0} "N dependencies"; {1} a weight; {2} a depth in the unit tree.
      return trf("{0} of weight {1} or more meet above depth {2}",
                 {trn("{0} dependency", "{0} dependencies", n), bound(rule.min_weight),
                  std::to_string(rule.min_depth)});
    case RuleType::kForbidden:
      // TRANSLATORS: {0} "N dependencies"; {1} and {2} unit names.
      return trf("{0} between {1} and {2}",
                 {trn("{0} dependency", "{0} dependencies", n),
                  unit_name(model, s, rule.unit, lang), unit_name(model, s, rule.other, lang)});
    case RuleType::kIndependent:
      // TRANSLATORS: {0} "N dependencies" between the units a rule lists.
      return trf("{0} between the units", {trn("{0} dependency", "{0} dependencies", n)});
    case RuleType::kSpan:
      // TRANSLATORS: {0} "N units" with more than {1} child units.
      return trf("{0} with more than {1} child units",
                 {trn("{0} unit", "{0} units", n), bound(*rule.max)});
    case RuleType::kDepth:
      // TRANSLATORS: {0} "N units" lying deeper than depth {1}.
      return trf("{0} deeper than {1}", {trn("{0} unit", "{0} units", n), bound(*rule.max)});
    case RuleType::kUnitSize: {
      const std::string range = rule.min && rule.max ? bound(*rule.min) + ".." + bound(*rule.max)
                                : rule.min           ? trf("at least {0}", {bound(*rule.min)})
                                                     : trf("at most {0}", {bound(*rule.max)});
      // TRANSLATORS: {0} "N units" owning a number of functions outside {1}
      // ("2..5", "at least 2").
      return trf("{0} outside {1} functions", {trn("{0} unit", "{0} units", n), range});
    }
    case RuleType::kMetric: {
      if (!o.figure) return tr("no unit gives a headcount");
      std::string range;
      if (rule.min && rule.max) {
        range = bound(*rule.min) + ".." + bound(*rule.max);
      } else {
        range = rule.min ? trf("at least {0}", {bound(*rule.min)})
                         : trf("at most {0}", {bound(*rule.max)});
      }
      return metric_title(rule.metric) + " " + three(figure) + ", " + range;
    }
    case RuleType::kMisplaced:
      // TRANSLATORS: {0} how many functions are misplaced, {1} the most allowed.
      return trf("{0} misplaced, at most {1}", {count(figure), bound(rule.max.value_or(0))});
  }
  return {};
}

std::string location_text(const std::optional<Location>& at) {
  if (!at) return {};
  if (at->line > 0) return at->file + ":" + std::to_string(at->line);
  return at->pointer;
}

json location_json(const std::optional<Location>& at) {
  if (!at) return nullptr;
  json j{{"file", at->file}};
  if (at->line > 0) {
    j["line"] = at->line;
  } else {
    j["pointer"] = at->pointer;
  }
  return j;
}

/// The nearest unit at or above `u` that a change op placed (added or
/// moved), kNone when none: what moved a function that no op touched.
Index moved_ancestor(const Model& model, const Resolved& s, Index u) {
  for (std::size_t steps = 0; u != kNone && steps <= s.parent.size(); u = s.parent[u], ++steps) {
    if (u >= s.unit_placed.size()) continue;
    const Index source = s.unit_placed[u].source;
    if (source != kNone && source < model.placement_sources.size() &&
        model.placement_sources[source].kind == PlacementSource::Kind::kOp) {
      return u;
    }
  }
  return kNone;
}

std::string function_name(const Model& model, Index f, std::string_view lang) {
  const Function& fn = model.functions[f];
  const std::string& name = fn.labels.pick(lang, fn.id);
  return name == fn.id ? fn.id : name + " (" + fn.id + ")";
}

json rule_json(const Model& model, const Rule& rule) {
  json j{{"id", rule.id},
         {"type", rule_type_name(rule.type)},
         {"severity", rule.severity == RuleSeverity::kError ? "error" : "warning"}};
  if (!rule.description.empty()) j["description"] = rule.description;
  if (!rule.descriptions.empty()) j["descriptions"] = rule.descriptions;
  const auto unit_id = [&](Index u) { return model.unit_ids[u]; };
  switch (rule.type) {
    case RuleType::kDomainOwner:
      j["unit"] = unit_id(rule.unit);
      break;
    case RuleType::kEscalation:
      j["min_weight"] = rule.min_weight;
      j["min_depth"] = rule.min_depth;
      break;
    case RuleType::kForbidden:
      j["from"] = unit_id(rule.unit);
      j["to"] = unit_id(rule.other);
      break;
    case RuleType::kIndependent: {
      json units = json::array();
      for (Index u : rule.units) units.push_back(unit_id(u));
      j["units"] = units;
      break;
    }
    case RuleType::kMetric:
      j["name"] = rule.metric;
      break;
    default:
      break;
  }
  if (rule.domain != kNone) j["domain"] = model.domains[rule.domain].id;
  if (rule.level) j["level"] = *rule.level;
  if (!rule.kind.empty()) j["kind"] = rule.kind;
  if (rule.min) j["min"] = *rule.min;
  if (rule.max) j["max"] = *rule.max;
  return j;
}

const char* kind_key(CulpritKind k) {
  switch (k) {
    case CulpritKind::kFunction:
      return "function";
    case CulpritKind::kDependency:
      return "dependency";
    case CulpritKind::kUnit:
      return "unit";
    case CulpritKind::kDomain:
      return "domain";
    case CulpritKind::kStructure:
      return "metric";
  }
  return "";
}

/// Each unit of one structure as JSON (its id and path), made once: a
/// check may name the same units hundreds of thousands of times.
class UnitObjects {
 public:
  UnitObjects(const Model& model, const Resolved& s, std::string_view lang)
      : model_(model), s_(s), lang_(lang), objects_(s.parent.size()) {}

  const json& operator()(Index u) {
    static const json kNull = nullptr;
    if (u == kNone || u >= objects_.size()) return kNull;
    if (objects_[u].is_null()) {
      objects_[u] = {{"id", model_.unit_ids[u]}, {"path", model_.unit_path(s_, u, lang_)}};
    }
    return objects_[u];
  }

 private:
  const Model& model_;
  const Resolved& s_;
  std::string_view lang_;
  std::vector<json> objects_;
};

json violation_json(const Model& model, const Resolved& s, const Violation& v, UnitObjects& unit) {
  json j{{"culprit", v.key}, {"kind", kind_key(v.kind)}, {"known", v.known}};
  switch (v.kind) {
    case CulpritKind::kFunction:
      j["function"] = model.functions[v.function].id;
      j["unit"] = unit(v.unit);
      j["placed_by"] = location_json(model.function_placement(s, v.function));
      if (const Index m = moved_ancestor(model, s, v.unit); m != kNone) {
        j["unit_placed_by"] = {{"unit", model.unit_ids[m]},
                               {"place", location_json(model.unit_placement(s, m))}};
      }
      if (v.other != kNone) j["pulled_by"] = unit(v.other);
      break;
    case CulpritKind::kDependency: {
      const Dependency& d = model.dependencies[v.dependency];
      j["from"] = {{"function", model.functions[d.from].id},
                   {"unit", unit(s.assign[d.from])},
                   {"placed_by", location_json(model.function_placement(s, d.from))}};
      j["to"] = {{"function", model.functions[d.to].id},
                 {"unit", unit(s.assign[d.to])},
                 {"placed_by", location_json(model.function_placement(s, d.to))}};
      j["weight"] = v.weight;
      j["meets_at"] = unit(v.unit);
      break;
    }
    case CulpritKind::kUnit:
      j["unit"] = unit(v.unit);
      j["placed_by"] = location_json(model.unit_placement(s, v.unit));
      break;
    case CulpritKind::kDomain:
    case CulpritKind::kStructure:
      break;
  }
  if (v.domain != kNone) j["domain"] = model.domains[v.domain].id;
  if (v.kind != CulpritKind::kDomain) j["value"] = v.value;
  return j;
}

struct Totals {
  std::size_t checks = 0, holds = 0, fails = 0, known = 0, warnings = 0;
  std::size_t new_violations = 0, known_violations = 0;
};

Totals totals_of(const RuleSet& rules, const CheckResult& result) {
  Totals t;
  for (const RuleOutcome& o : result.outcomes) {
    const Rule& rule = rules.rules[o.rule];
    ++t.checks;
    switch (status_of(rule, o)) {
      case Status::kHolds:
        ++t.holds;
        break;
      case Status::kFails:
        ++t.fails;
        break;
      case Status::kKnown:
        ++t.known;
        break;
      case Status::kWarning:
        ++t.warnings;
        break;
    }
    if (rule.severity == RuleSeverity::kError) {
      t.new_violations += o.new_violations();
      t.known_violations += o.violations.size() - o.new_violations();
    }
  }
  return t;
}

/// The last line: what passed, what failed.
std::string totals_text(const RuleSet& rules, const CheckResult& result) {
  const Totals t = totals_of(rules, result);
  const std::size_t structures = rules.rules.empty() ? 0 : t.checks / rules.rules.size();
  std::string line =
      // TRANSLATORS: {0} "N rules", {1} "N structures"; {2} how many of the
      // {3} checks (each rule on each structure) hold.
      trf("{0} on {1}: {2} of {3} checks hold",
          {trn("{0} rule", "{0} rules", rules.rules.size()),
           trn("{0} structure", "{0} structures", structures), std::to_string(t.holds),
           std::to_string(t.checks)});
  if (t.fails > 0) {
    // TRANSLATORS: {0} how many checks fail; {1} "N new violations".
    line += "; " + trf("{0} fail with {1}",
                       {std::to_string(t.fails),
                        trn("{0} new violation", "{0} new violations", t.new_violations)});
  }
  if (t.known > 0) {
    // TRANSLATORS: {0} how many checks have only known violations; {1} "N known violations".
    line += "; " + trf("{0} with only {1}",
                       {std::to_string(t.known),
                        trn("{0} known violation", "{0} known violations", t.known_violations)});
  }
  if (t.warnings > 0) line += "; " + trn("{0} warning", "{0} warnings", t.warnings);
  if (!result.stale.empty()) {
    line +=
        "; " + trn("{0} stale known violation", "{0} stale known violations", result.stale.size());
  }
  return line;
}

std::string stale_text(const KnownViolation& k) {
  // TRANSLATORS: a known violation that no longer occurs: {0} the rule id,
  // {1} the structure id, {2} the culprit ("function:ID").
  return trf("{0} on {1}: {2}", {k.rule, k.structure, k.culprit});
}

/// The outcomes of each structure, structures in model order (the text and
/// JUnit read a check structure by structure).
std::map<Index, std::vector<const RuleOutcome*>> by_structure(const CheckResult& result) {
  std::map<Index, std::vector<const RuleOutcome*>> out;
  for (const RuleOutcome& o : result.outcomes) out[o.structure].push_back(&o);
  return out;
}

}  // namespace

std::string culprit_text(const Model& model, const Rule& rule, const Resolved& s,
                         const Violation& v, std::string_view lang) {
  std::string out;
  switch (v.kind) {
    case CulpritKind::kFunction: {
      // TRANSLATORS: where a function is: {0} the name of its unit.
      out = function_name(model, v.function, lang) + ", " +
            trf("in {0}", {unit_name(model, s, v.unit, lang)});
      if (v.other != kNone) {
        // TRANSLATORS: {0} the unit that a misplaced function depends on most.
        out += ", " + trf("pulled harder by {0}", {unit_name(model, s, v.other, lang)});
      }
      if (auto at = model.function_placement(s, v.function)) {
        // TRANSLATORS: {0} a place in the model file: a JSON pointer
        // (/structures/1/changes/4) or FILE:LINE.
        out += "; " + trf("placed by {0}", {location_text(at)});
      }
      if (const Index m = moved_ancestor(model, s, v.unit); m != kNone) {
        // TRANSLATORS: {0} a unit at or above a function's unit; {1} the
        // change op that added or moved it (/structures/1/changes/4).
        out += "; " + trf("{0} placed by {1}", {unit_name(model, s, m, lang),
                                                location_text(model.unit_placement(s, m))});
      }
      break;
    }
    case CulpritKind::kDependency: {
      const Dependency& d = model.dependencies[v.dependency];
      out = model.functions[d.from].id + " -> " + model.functions[d.to].id + ", " +
            // TRANSLATORS: {0} a dependency's weight; {1} the unit where its two
            // ends meet, {2} that unit's depth.
            trf("weight {0}, meeting at {1} (depth {2})",
                {bound(v.weight), unit_name(model, s, v.unit, lang),
                 std::to_string(s.depth.empty() ? 0 : s.depth[v.unit])});
      break;
    }
    case CulpritKind::kUnit: {
      out = unit_name(model, s, v.unit, lang);
      if (out != model.unit_ids[v.unit]) out += " (" + model.unit_ids[v.unit] + ")";
      const auto k = static_cast<std::size_t>(v.value);
      out += ": ";
      if (rule.type == RuleType::kSpan) {
        out += trn("{0} child unit", "{0} child units", k);
      } else if (rule.type == RuleType::kDepth) {
        // TRANSLATORS: {0} a unit's depth in the tree (the root has depth 0).
        out += trf("depth {0}", {std::to_string(k)});
      } else {
        out += trn("{0} function", "{0} functions", k);
      }
      if (auto at = model.unit_placement(s, v.unit)) {
        out += "; " + trf("placed by {0}", {location_text(at)});
      }
      break;
    }
    case CulpritKind::kDomain:
      // TRANSLATORS: {0} a domain's name.
      out = trf("{0} has no control tower", {domain_name(model, v.domain, lang)});
      break;
    case CulpritKind::kStructure:
      out = v.key.substr(v.key.find(':') + 1) + " = " + three(v.value);
      break;
  }
  if (v.known) out += " " + tr("(known)");
  return out;
}

std::string check_text(const Model& model, const RuleSet& rules, const CheckResult& result,
                       std::string_view lang, bool colour) {
  // By structure, as the checks are read: "what holds in this structure".
  std::size_t width = 0;
  for (Status st : {Status::kHolds, Status::kFails, Status::kKnown, Status::kWarning}) {
    width = std::max(width, display_width(status_word(st)));
  }
  std::string out;
  for (const auto& [si, outcomes] : by_structure(result)) {
    const Resolved& s = model.structures[si];
    const std::string& label = s.labels.pick(lang, s.id);
    out += escape_controls(label == s.id ? s.id : s.id + " (" + label + ")") + "\n";
    for (const RuleOutcome* o : outcomes) {
      const Rule& rule = rules.rules[o->rule];
      const Status st = status_of(rule, *o);
      std::string word = status_word(st);
      word += std::string(width - display_width(word), ' ');
      if (colour) word = std::string(colour_of(st)).append(word).append("\x1b[0m");
      std::string line = rule.id;
      if (const std::string& d = rule.description_in(lang); !d.empty()) line += ": " + d;
      line += " (" + summary(model, rule, *o, lang) + ")";
      out += "  " + word + "  " + escape_controls(line) + "\n";
      const std::size_t shown = std::min(o->violations.size(), kShownCulprits);
      for (std::size_t k = 0; k < shown; ++k) {
        out += std::string(width + 4, ' ') + "- " +
               escape_controls(culprit_text(model, rule, s, o->violations[k], lang)) + "\n";
      }
      if (o->violations.size() > shown) {
        out += std::string(width + 4, ' ') + "- " +
               // TRANSLATORS: {0} how many more culprits there are; --format json is an option.
               trf("and {0} more (--format json lists all)",
                   {std::to_string(o->violations.size() - shown)}) +
               "\n";
      }
    }
    out += "\n";
  }
  if (!result.stale.empty()) {
    // TRANSLATORS: a heading; --update-known is an option.
    out += tr("Known violations that no longer occur (--update-known removes them):") + "\n";
    for (const KnownViolation& k : result.stale)
      out += "  " + escape_controls(stale_text(k)) + "\n";
    out += "\n";
  }
  out += escape_controls(totals_text(rules, result)) + "\n";
  return out;
}

namespace {

/// The document of check_json; with `placeholders`, each outcome's
/// violations are the string "\x01N" (N its index) instead, for
/// check_json_text to write in their place.
json check_document(const Model& model, const RuleSet& rules, const CheckResult& result,
                    std::string_view lang, bool placeholders) {
  json j;
  j["format"] = "policygraph-check/1";
  j["rules_file"] = rules.file;
  json rule_list = json::array();
  for (const Rule& rule : rules.rules) rule_list.push_back(rule_json(model, rule));
  j["rules"] = rule_list;
  json outcomes = json::array();
  std::map<Index, UnitObjects> unit_objects;
  for (const RuleOutcome& o : result.outcomes) {
    const Rule& rule = rules.rules[o.rule];
    const Resolved& s = model.structures[o.structure];
    auto units = unit_objects.find(o.structure);
    if (units == unit_objects.end()) {
      units = unit_objects.try_emplace(o.structure, model, s, lang).first;
    }
    json violations = json::array();
    if (placeholders) {
      violations = "\x01" + std::to_string(&o - result.outcomes.data());
    } else {
      for (const Violation& v : o.violations) {
        violations.push_back(violation_json(model, s, v, units->second));
      }
    }
    outcomes.push_back({{"rule", rule.id},
                        {"structure", s.id},
                        {"status", status_key(status_of(rule, o))},
                        {"figure", o.figure ? json(*o.figure) : json(nullptr)},
                        {"summary", summary(model, rule, o, lang)},
                        {"violations", violations}});
  }
  j["outcomes"] = outcomes;
  json stale = json::array();
  for (const KnownViolation& k : result.stale) {
    stale.push_back({{"rule", k.rule}, {"structure", k.structure}, {"culprit", k.culprit}});
  }
  j["stale"] = stale;
  const Totals t = totals_of(rules, result);
  j["summary"] = {{"checks", t.checks},
                  {"holds", t.holds},
                  {"fails", t.fails},
                  {"known", t.known},
                  {"warnings", t.warnings},
                  {"new_violations", t.new_violations},
                  {"known_violations", t.known_violations},
                  {"stale", result.stale.size()},
                  {"passed", result.failing(rules) == 0}};
  return j;
}

}  // namespace

json check_json(const Model& model, const RuleSet& rules, const CheckResult& result,
                std::string_view lang) {
  return check_document(model, rules, result, lang, false);
}

std::string check_json_text(const Model& model, const RuleSet& rules, const CheckResult& result,
                            std::string_view lang) {
  const std::string doc = check_document(model, rules, result, lang, true).dump(2);
  // An outcome's key "violations" sits at six spaces after a line break: a
  // line break inside a string is written as \n, so nothing else matches.
  static constexpr std::string_view kKey = "\n      \"violations\": \"\\u0001";
  std::map<Index, UnitObjects> unit_objects;
  std::string out;
  out.reserve(doc.size());
  std::size_t from = 0;
  for (std::size_t at = doc.find(kKey); at != std::string::npos; at = doc.find(kKey, from)) {
    const std::size_t digits = at + kKey.size();
    const std::size_t end = doc.find('"', digits);
    const auto k = static_cast<std::size_t>(std::stoull(doc.substr(digits, end - digits)));
    const RuleOutcome& o = result.outcomes[k];
    const Resolved& s = model.structures[o.structure];
    auto units = unit_objects.find(o.structure);
    if (units == unit_objects.end()) {
      units = unit_objects.try_emplace(o.structure, model, s, lang).first;
    }
    out.append(doc, from, at - from);
    out += "\n      \"violations\": ";
    if (o.violations.empty()) {
      out += "[]";
    } else {
      out += "[\n";
      for (std::size_t i = 0; i < o.violations.size(); ++i) {
        if (i > 0) out += ",\n";
        // One violation at a time, each indented to its place (8 spaces).
        const std::string v = violation_json(model, s, o.violations[i], units->second).dump(2);
        out += "        ";
        for (char c : v) {
          out += c;
          if (c == '\n') out += "        ";
        }
      }
      out += "\n      ]";
    }
    from = end + 1;
  }
  out += std::string_view(doc).substr(from);
  out += '\n';
  return out;
}

std::string check_junit(const Model& model, const RuleSet& rules, const CheckResult& result,
                        std::string_view lang) {
  const auto attr = [](std::string_view s) {
    return escape_xml(s, {.whitespace_as_references = true});
  };
  const Totals all = totals_of(rules, result);
  std::string body;
  for (const auto& [si, outcomes] : by_structure(result)) {
    const Resolved& s = model.structures[si];
    std::size_t failures = 0;
    std::size_t skipped = 0;
    std::string cases;
    for (const RuleOutcome* o : outcomes) {
      const Rule& rule = rules.rules[o->rule];
      const Status st = status_of(rule, *o);
      cases += "    <testcase name=\"" + attr(rule.id) + "\" classname=\"" +
               attr(std::string("policygraph.check.") + std::string(rule_type_name(rule.type))) +
               "\">\n";
      const std::string measured = summary(model, rule, *o, lang);
      const std::string message = rule.description_in(lang).empty()
                                      ? measured
                                      : rule.description_in(lang) + " (" + measured + ")";
      std::string culprits;
      for (const Violation& v : o->violations) {
        culprits += v.key + ": " + culprit_text(model, rule, s, v, lang) + "\n";
      }
      if (st == Status::kFails) {
        ++failures;
        cases += "      <failure message=\"" + attr(message) + "\" type=\"" +
                 attr(rule_type_name(rule.type)) + "\">" + escape_xml(culprits) + "</failure>\n";
      } else if (st == Status::kKnown || st == Status::kWarning) {
        ++skipped;
        const std::string why =
            st == Status::kKnown
                // TRANSLATORS: why a violated rule does not fail, in a JUnit report.
                ? tr("every violation is listed as known")
                : tr("a rule of severity warning");
        cases += "      <skipped message=\"" + attr(std::string(why).append(": ").append(message)) +
                 "\"/>\n";
      }
      std::string out = message;
      out.append("\n").append(culprits);
      cases += "      <system-out>" + escape_xml(out) + "</system-out>\n";
      cases += "    </testcase>\n";
    }
    body += "  <testsuite name=\"" + attr(s.id) + "\" tests=\"" + std::to_string(outcomes.size()) +
            "\" failures=\"" + std::to_string(failures) + "\" errors=\"0\" skipped=\"" +
            std::to_string(skipped) + "\">\n" + cases + "  </testsuite>\n";
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"" + attr("policygraph check " + rules.file) + "\" tests=\"" +
         std::to_string(all.checks) + "\" failures=\"" + std::to_string(all.fails) +
         "\" errors=\"0\" skipped=\"" + std::to_string(all.known + all.warnings) + "\">\n";
  out += body;
  out += "</testsuites>\n";
  return out;
}

std::string check_markdown(const Model& model, const RuleSet& rules, const CheckResult& result,
                           std::string_view lang) {
  Table t;
  t.header = {tr("rule"), tr("structure"), tr("status"), tr("what was measured")};
  for (const RuleOutcome& o : result.outcomes) {
    const Rule& rule = rules.rules[o.rule];
    std::string name = "`" + rule.id + "`";
    if (const std::string& d = rule.description_in(lang); !d.empty()) name += " " + d;
    t.rows.push_back({name, "`" + model.structures[o.structure].id + "`",
                      status_word(status_of(rule, o)), summary(model, rule, o, lang)});
  }
  std::string out = "## " + trf("Rules of {0}", {"`" + rules.file + "`"}) + "\n\n";
  out += render_markdown(t) + "\n";
  bool heading = false;
  for (const RuleOutcome& o : result.outcomes) {
    if (o.holds()) continue;
    const Rule& rule = rules.rules[o.rule];
    const Resolved& s = model.structures[o.structure];
    if (!heading) {
      out += "### " + tr("Culprits") + "\n\n";
      heading = true;
    }
    out += "**`" + rule.id + "`** " + trf("on {0}", {"`" + s.id + "`"}) + " (" +
           status_word(status_of(rule, o)) + ")\n\n";
    const std::size_t shown = std::min(o.violations.size(), kShownCulprits);
    for (std::size_t k = 0; k < shown; ++k) {
      out += "- " + escape_controls(culprit_text(model, rule, s, o.violations[k], lang)) + "\n";
    }
    if (o.violations.size() > shown) {
      out += "- " +
             trf("and {0} more (--format json lists all)",
                 {std::to_string(o.violations.size() - shown)}) +
             "\n";
    }
    out += "\n";
  }
  if (!result.stale.empty()) {
    out += "### " + tr("Known violations that no longer occur") + "\n\n";
    for (const KnownViolation& k : result.stale)
      out += "- " + escape_controls(stale_text(k)) + "\n";
    out += "\n";
  }
  out += totals_text(rules, result) + "\n";
  return terminal_page(out);
}

}  // namespace policygraph
