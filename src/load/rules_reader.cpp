// Reading rules files and known-violations files (docs/check.md).
#include <algorithm>
#include <cmath>
#include <map>
#include <policygraph/core/messages.hpp>
#include <policygraph/load/input_file.hpp>
#include <policygraph/load/json_text.hpp>
#include <policygraph/load/rules_reader.hpp>
#include <set>

#include "reader.hpp"

namespace policygraph {
namespace {

using detail::json;
using detail::JsonReader;

/// The keys of every rule, then those of each type.
constexpr std::string_view kCommonKeys[] = {"id", "type", "description", "descriptions",
                                            "severity"};

std::vector<std::string_view> type_keys(RuleType type) {
  switch (type) {
    case RuleType::kDomainBranches:
      return {"domain", "level", "max"};
    case RuleType::kDomainOwner:
      return {"domain", "unit"};
    case RuleType::kTowerCoverage:
    case RuleType::kTowerInternalShare:
      return {"domain", "min"};
    case RuleType::kEscalation:
      return {"min_weight", "min_depth"};
    case RuleType::kForbidden:
      return {"from", "to"};
    case RuleType::kIndependent:
      return {"units"};
    case RuleType::kSpan:
      return {"max", "kind"};
    case RuleType::kDepth:
      return {"max"};
    case RuleType::kUnitSize:
      return {"min", "max", "kind", "level"};
    case RuleType::kMetric:
      return {"name", "level", "min", "max"};
    case RuleType::kMisplaced:
      return {"max", "level"};
  }
  return {};
}

/// The largest whole number a bound may be: far past any count of a model,
/// and exact in a double.
constexpr double kMaxWhole = 1e15;

class RulesReader {
 public:
  RulesReader(const std::string& file, const Model& model, Diagnostics& diagnostics)
      : r_(file, diagnostics), model_(model) {
    for (const Resolved& s : model.structures) {
      for (Index u : s.order) {
        if (!s.info[u].kind.empty()) kinds_.insert(s.info[u].kind);
      }
    }
  }

  RuleSet read(const json& root) {
    RuleSet out;
    out.file = r_.file();
    if (!r_.expect(root, json::value_t::object, "", N_("a rules file"))) return out;
    unknown_keys(root, "", {"format", "description", "rules"}, tr("a rules file"));
    if (auto format = r_.string_member(root, "format", "", true);
        format && *format != kRulesFormat) {
      // TRANSLATORS: {0} is the format a file gives, {1} the one expected, both in quotes.
      r_.error("/format",
               trf("format {0} is not {1}", {in_quotes(*format), in_quotes(kRulesFormat)}));
    }
    r_.string_member(root, "description", "", false);
    const json* rules = r_.member(root, "rules", "", true);
    if (rules == nullptr || !r_.expect_key(*rules, json::value_t::array, "/rules", "rules")) {
      return out;
    }
    std::map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < rules->size(); ++i) {
      const std::string p = "/rules/" + std::to_string(i);
      Rule rule;
      rule.pointer = p;
      const bool good = read_rule((*rules)[i], p, rule);
      if (rule.id.empty()) continue;
      if (auto [it, fresh] = first.emplace(rule.id, i); !fresh) {
        // TRANSLATORS: {0} is a rule id, in quotes; {1} the JSON pointer of
        // the rule that has it first (/rules/0).
        r_.error(p + "/id", trf("rule id {0} is given twice (first at {1})",
                                {in_quotes(rule.id), "/rules/" + std::to_string(it->second)}));
        continue;
      }
      if (good) out.rules.push_back(std::move(rule));
    }
    return out;
  }

 private:
  /// An unknown key is an error here, not a warning as in a model: a rule
  /// with a misspelt bound would check something else than was meant.
  void unknown_keys(const json& object, const std::string& pointer,
                    const std::vector<std::string_view>& known, const std::string& what) {
    for (const auto& item : object.items()) {
      if (std::find(known.begin(), known.end(), item.key()) != known.end()) continue;
      const std::vector<std::string> names(known.begin(), known.end());
      // TRANSLATORS: {0} is a key, in quotes; {1} what holds it ("a rule of
      // type domain-owner"); {2} is empty or ' (did you mean "KEY"?)'; {3}
      // the keys it may have.
      r_.error(
          pointer + "/" + pointer_token(item.key()),
          trf("unknown key {0} in {1}{2}; it may have: {3}",
              {in_quotes(item.key()), what, did_you_mean(item.key(), names), name_list(names)}));
    }
  }

  bool read_rule(const json& j, const std::string& p, Rule& rule) {
    if (!r_.expect(j, json::value_t::object, p, N_("a rule"))) return false;
    const auto id = r_.id_member(j, "id", p);
    if (id) rule.id = *id;
    const auto type_text = r_.string_member(j, "type", p, true);
    std::optional<RuleType> type;
    if (type_text) {
      for (RuleType t : rule_types()) {
        if (rule_type_name(t) == *type_text) type = t;
      }
      if (!type) {
        std::vector<std::string> names;
        for (RuleType t : rule_types()) names.emplace_back(rule_type_name(t));
        // TRANSLATORS: {0} is a rule type as given, in quotes; {1} is empty
        // or ' (did you mean "TYPE"?)'; {2} the types there are.
        r_.error(p + "/type", trf("unknown rule type {0}{1}; the types are: {2}",
                                  {in_quotes(*type_text), did_you_mean(*type_text, names),
                                   name_list(names, ", ", names.size())}));
      }
    }
    if (auto d = r_.string_member(j, "description", p, false)) rule.description = *d;
    r_.by_language(j, "descriptions", N_("a description"), p, rule.descriptions);
    if (auto severity = r_.string_member(j, "severity", p, false)) {
      if (*severity == "warning") {
        rule.severity = RuleSeverity::kWarning;
      } else if (*severity != "error") {
        // TRANSLATORS: {0} is a severity as given, in quotes; {1} is empty or
        // ' (did you mean "error"?)'; "error" and "warning" stay as they are.
        r_.error(p + "/severity",
                 trf("unknown severity {0}{1}; a rule's severity is \"error\" "
                     "or \"warning\"",
                     {in_quotes(*severity), did_you_mean(*severity, {"error", "warning"})}));
      }
    }
    if (!type) return false;
    rule.type = *type;
    std::vector<std::string_view> keys(std::begin(kCommonKeys), std::end(kCommonKeys));
    const auto own = type_keys(*type);
    keys.insert(keys.end(), own.begin(), own.end());
    const std::string what =
        // TRANSLATORS: what holds an unknown key; {0} is a rule type (domain-owner).
        trf("a rule of type {0}", {std::string(rule_type_name(*type))});
    unknown_keys(j, p, keys, what);
    const std::size_t errors = r_.diagnostics().error_count();
    read_parameters(j, p, rule);
    return id && r_.diagnostics().error_count() == errors;
  }

  void read_parameters(const json& j, const std::string& p, Rule& rule) {
    switch (rule.type) {
      case RuleType::kDomainBranches:
        rule.domain = domain(j, p, true);
        rule.level = level(j, p);
        rule.max = whole(j, p, "max", true, 1);
        break;
      case RuleType::kDomainOwner:
        rule.domain = domain(j, p, true);
        rule.unit = unit(j, p, "unit");
        break;
      case RuleType::kTowerCoverage:
      case RuleType::kTowerInternalShare:
        rule.domain = domain(j, p, false);
        rule.min = share(j, p, "min");
        break;
      case RuleType::kEscalation:
        if (auto w = r_.number_member(j, "min_weight", p, true)) {
          if (*w <= 0 || *w > kMaxQuantity) {
            // TRANSLATORS: "min_weight" is a key of a rules file; {0} the value given.
            r_.error(p + "/min_weight",
                     trf("min_weight must be a weight above 0, not {0}", {shortest(*w)}));
          }
          rule.min_weight = *w;
        }
        if (auto d = whole(j, p, "min_depth", true, 1)) rule.min_depth = static_cast<int>(*d);
        break;
      case RuleType::kForbidden: {
        rule.unit = unit(j, p, "from");
        rule.other = unit(j, p, "to");
        if (rule.unit != kNone && rule.unit == rule.other) {
          // TRANSLATORS: "from" and "to" are keys of a rules file.
          r_.error(p + "/to", tr("\"from\" and \"to\" name the same unit"));
        }
        break;
      }
      case RuleType::kIndependent:
        units(j, p, rule);
        break;
      case RuleType::kSpan:
        rule.max = whole(j, p, "max", true, 0);
        rule.kind = kind(j, p);
        break;
      case RuleType::kDepth:
        rule.max = whole(j, p, "max", true, 0);
        break;
      case RuleType::kUnitSize:
        rule.min = whole(j, p, "min", false, 0);
        rule.max = whole(j, p, "max", false, 0);
        rule.kind = kind(j, p);
        rule.level = level(j, p);
        bounds(j, p, rule);
        break;
      case RuleType::kMetric: {
        if (auto name = r_.string_member(j, "name", p, true)) {
          const auto& keys = rule_metric_keys();
          if (std::find(keys.begin(), keys.end(), *name) == keys.end()) {
            const std::vector<std::string> names(keys.begin(), keys.end());
            // TRANSLATORS: {0} is a metric's key as given, in quotes; {1} is
            // empty or ' (did you mean "KEY"?)'; {2} the keys there are.
            r_.error(p + "/name", trf("unknown metric {0}{1}; a metric rule takes: {2}",
                                      {in_quotes(*name), did_you_mean(*name, names),
                                       name_list(names, ", ", names.size())}));
          }
          rule.metric = *name;
        }
        rule.level = level(j, p);
        if (auto v = r_.number_member(j, "min", p, false)) rule.min = *v;
        if (auto v = r_.number_member(j, "max", p, false)) rule.max = *v;
        bounds(j, p, rule);
        break;
      }
      case RuleType::kMisplaced:
        rule.max = whole(j, p, "max", false, 0).value_or(0);
        rule.level = level(j, p);
        break;
    }
  }

  /// At least one of min and max, and min <= max.
  void bounds(const json& j, const std::string& p, const Rule& rule) {
    if (!j.contains("min") && !j.contains("max")) {
      // TRANSLATORS: "min" and "max" are keys of a rules file.
      r_.error(p, tr("give \"min\", \"max\" or both"));
    } else if (rule.min && rule.max && *rule.min > *rule.max) {
      // TRANSLATORS: {0} and {1} are the numbers given as "min" and "max".
      r_.error(p + "/min",
               trf("min ({0}) is above max ({1})", {shortest(*rule.min), shortest(*rule.max)}));
    }
  }

  Index domain(const json& j, const std::string& p, bool required) {
    const auto id = r_.string_member(j, "domain", p, required);
    if (!id) return kNone;
    if (auto d = model_.find_domain(*id)) return *d;
    r_.error(
        p + "/domain",
        // TRANSLATORS: {0} is a domain id, in quotes; {1} is empty or
        // ' (did you mean "ID"?)'.
        trf("unknown domain {0}{1}",
            {in_quotes(*id), r_.hint(*id, model_.domains, [](const Domain& d) { return d.id; })}));
    return kNone;
  }

  /// A unit of any structure of the model (a rule may name a unit that
  /// one of the structures it checks does not have).
  Index unit_ref(const std::string& id, const std::string& pointer) {
    if (auto u = model_.find_unit(id)) return *u;
    r_.error(
        pointer,
        // TRANSLATORS: {0} is a unit id, in quotes; {1} is empty or
        // ' (did you mean "ID"?)'.
        trf("unknown unit {0}: no structure of the model has it{1}",
            {in_quotes(id), r_.hint(id, model_.unit_ids, [](const std::string& u) { return u; })}));
    return kNone;
  }

  Index unit(const json& j, const std::string& p, std::string_view key) {
    const auto id = r_.string_member(j, key, p, true);
    return id ? unit_ref(*id, p + "/" + std::string(key)) : kNone;
  }

  void units(const json& j, const std::string& p, Rule& rule) {
    const json* list = r_.member(j, "units", p, true);
    if (list == nullptr || !r_.expect_key(*list, json::value_t::array, p + "/units", "units")) {
      return;
    }
    if (list->size() < 2) {
      // TRANSLATORS: "units" is a key of a rules file.
      r_.error(p + "/units", tr("\"units\" needs at least two units"));
    }
    for (std::size_t k = 0; k < list->size(); ++k) {
      const std::string ip = p + "/units/" + std::to_string(k);
      if (!r_.expect((*list)[k], json::value_t::string, ip, N_("a unit id"))) continue;
      const Index u = unit_ref((*list)[k].get<std::string>(), ip);
      if (u == kNone) continue;
      if (std::find(rule.units.begin(), rule.units.end(), u) != rule.units.end()) {
        r_.error(ip, trf("unit {0} is listed twice", {in_quotes(model_.unit_ids[u])}));
        continue;
      }
      rule.units.push_back(u);
    }
  }

  std::string kind(const json& j, const std::string& p) {
    const auto k = r_.string_member(j, "kind", p, false);
    if (!k) return {};
    if (!kinds_.contains(*k)) {
      r_.error(p + "/kind",
               // TRANSLATORS: {0} is a unit kind as given, in quotes; {1} is empty or
               // ' (did you mean "KIND"?)'; {2} the kinds the model's units have.
               unknown_name(N_("no unit of the model has kind {0}{1}; the kinds are: {2}"), *k,
                            std::vector<std::string>(kinds_.begin(), kinds_.end())));
    }
    return *k;
  }

  std::optional<int> level(const json& j, const std::string& p) {
    if (auto l = whole(j, p, "level", false, 0)) return static_cast<int>(*l);
    return std::nullopt;
  }

  /// A whole number of at least `least`.
  std::optional<double> whole(const json& j, const std::string& p, std::string_view key,
                              bool required, double least) {
    const auto v = r_.number_member(j, key, p, required);
    if (!v) return std::nullopt;
    if (*v < least || *v > kMaxWhole || std::floor(*v) != *v) {
      // TRANSLATORS: {0} is a key of a rules file; {1} the least value it
      // takes; {2} the value given.
      r_.error(p + "/" + std::string(key),
               trf("{0} must be a whole number of at least {1}, not {2}",
                   {std::string(key), shortest(least), shortest(*v)}));
      return std::nullopt;
    }
    return v;
  }

  /// A share: a number from 0 to 1.
  std::optional<double> share(const json& j, const std::string& p, std::string_view key) {
    const auto v = r_.number_member(j, key, p, true);
    if (!v) return std::nullopt;
    if (*v < 0 || *v > 1) {
      // TRANSLATORS: {0} is a key of a rules file, {1} the value given.
      r_.error(p + "/" + std::string(key),
               trf("{0} is a share, from 0 to 1, not {1}", {std::string(key), shortest(*v)}));
      return std::nullopt;
    }
    return v;
  }

  /// A number as written: whole numbers without decimals.
  static std::string shortest(double v) {
    if (std::floor(v) == v && std::fabs(v) < kMaxWhole) {
      return std::to_string(static_cast<long long>(v));
    }
    return json(v).dump();
  }

  JsonReader r_;
  const Model& model_;
  std::set<std::string> kinds_;
};

}  // namespace

RuleSet read_rules(std::string_view text, const std::string& file, const Model& model,
                   Diagnostics& diagnostics) {
  const auto root = parse_json(text, file, diagnostics);
  RuleSet rules;
  if (root) rules = RulesReader(file, model, diagnostics).read(*root);
  if (diagnostics.has_errors()) throw ModelError(diagnostics);
  return rules;
}

RuleSet read_rules_file(const std::string& path, const Model& model, Diagnostics& diagnostics) {
  const InputText input = read_input(path, kMaxJsonFileBytes, InputKind::file_or_stream);
  return read_rules(input.text, path, model, diagnostics);
}

std::vector<KnownViolation> read_known(std::string_view text, const std::string& file,
                                       Diagnostics& diagnostics) {
  std::vector<KnownViolation> out;
  const auto root = parse_json(text, file, diagnostics);
  JsonReader r(file, diagnostics);
  if (root && r.expect(*root, json::value_t::object, "", N_("a known-violations file"))) {
    if (auto format = r.string_member(*root, "format", "", true);
        format && *format != kKnownFormat) {
      r.error("/format",
              trf("format {0} is not {1}", {in_quotes(*format), in_quotes(kKnownFormat)}));
    }
    const json* list = r.member(*root, "violations", "", true);
    if (list != nullptr && r.expect_key(*list, json::value_t::array, "/violations", "violations")) {
      std::map<KnownViolation, std::size_t> first;
      for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string p = "/violations/" + std::to_string(i);
        const json& e = (*list)[i];
        if (!r.expect(e, json::value_t::object, p, N_("a known violation"))) continue;
        const auto rule = r.string_member(e, "rule", p, true);
        const auto structure = r.string_member(e, "structure", p, true);
        const auto culprit = r.string_member(e, "culprit", p, true);
        for (const auto& item : e.items()) {
          if (item.key() != "rule" && item.key() != "structure" && item.key() != "culprit") {
            // TRANSLATORS: {0} is a key, in quotes; "rule", "structure" and
            // "culprit" are the keys an entry has.
            r.error(p + "/" + pointer_token(item.key()),
                    trf("unknown key {0}: an entry has \"rule\", \"structure\" and \"culprit\"",
                        {in_quotes(item.key())}));
          }
        }
        if (!rule || !structure || !culprit) continue;
        KnownViolation k{*rule, *structure, *culprit};
        if (auto [it, fresh] = first.emplace(k, i); !fresh) {
          // TRANSLATORS: {0} is the JSON pointer of the same entry given before.
          r.error(p, trf("this violation is listed twice (first at {0})",
                         {"/violations/" + std::to_string(it->second)}));
          continue;
        }
        out.push_back(std::move(k));
      }
    }
  }
  if (diagnostics.has_errors()) throw ModelError(diagnostics);
  return out;
}

}  // namespace policygraph
