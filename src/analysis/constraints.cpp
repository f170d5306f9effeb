#include <policygraph/analysis/constraints.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/numbers.hpp>
#include <policygraph/core/text.hpp>

namespace policygraph {
namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, separator);) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

/// FUNCTION, domain:ID or unit:ID, any number of them.
std::vector<std::uint8_t> pins(const Model& model, const Resolved& s,
                               const std::vector<std::string>& args) {
  std::vector<std::uint8_t> pinned(model.functions.size(), 0);
  for (const std::string& arg : args) {
    if (arg.rfind("domain:", 0) == 0) {
      const std::string id = arg.substr(7);
      const auto d = model.find_domain(id);
      if (!d) {
        std::vector<std::string> ids;
        for (const Domain& domain : model.domains) ids.push_back(domain.id);
        throw ConstraintError("--pin: " + unknown_name("domain", id, ids, "the model has"));
      }
      for (Index f = 0; f < model.functions.size(); ++f) {
        const auto& ds = model.functions[f].domains;
        if (std::find(ds.begin(), ds.end(), *d) != ds.end()) pinned[f] = 1;
      }
    } else if (arg.rfind("unit:", 0) == 0) {
      const std::string id = arg.substr(5);
      const auto u = model.find_unit(id);
      if (!u || *u >= s.present.size() || !s.present[*u]) {
        std::vector<std::string> ids;
        for (Index v : s.order) ids.push_back(model.unit_ids[v]);
        throw ConstraintError("--pin: " +
                              unknown_name("unit", id, ids, "structure " + s.id + " has"));
      }
      for (Index f = 0; f < model.functions.size(); ++f) {
        if (s.assign[f] == *u) pinned[f] = 1;
      }
    } else {
      const auto f = model.find_function(arg);
      if (!f) {
        std::vector<std::string> ids;
        for (const auto& fn : model.functions) ids.push_back(fn.id);
        throw ConstraintError("--pin: " + unknown_name("function", arg, ids, "the model has") +
                              " (domain:ID pins a domain's functions, unit:ID a unit's)");
      }
      pinned[*f] = 1;
    }
  }
  return pinned;
}

/// The kinds of the units of `s`, each once, in byte order.
std::vector<std::string> unit_kinds(const Resolved& s) {
  std::vector<std::string> kinds;
  for (Index u : s.order) {
    if (!s.info[u].kind.empty()) kinds.push_back(s.info[u].kind);
  }
  std::sort(kinds.begin(), kinds.end());
  kinds.erase(std::unique(kinds.begin(), kinds.end()), kinds.end());
  return kinds;
}

void set_targets(const Resolved& s, const std::string& targets, Constraints& out) {
  OptimizeOptions& o = out.search;
  o.target.assign(s.parent.size(), 0);
  if (targets == "owning") {
    for (Index a : s.assign) {
      if (a != kNone) o.target[a] = 1;
    }
    out.targets_text = "units that own functions now";
  } else if (targets == "all") {
    for (Index u : s.order) o.target[u] = 1;
    out.targets_text = "every unit";
  } else {
    // Every kind must be one the structure has: a misspelt kind among good
    // ones would otherwise narrow the targets without a word.
    const std::vector<std::string> known = unit_kinds(s);
    const auto kinds = split(targets, ',');
    if (kinds.empty()) {
      throw ConstraintError("--targets names no kind; it takes owning, all or kinds of units "
                            "(structure " + s.id + " has: " + name_list(known) + ")");
    }
    for (const std::string& kind : kinds) {
      if (!std::binary_search(known.begin(), known.end(), kind)) {
        std::string message = "--targets: " + unknown_name("unit kind", kind, known,
                                                           "structure " + s.id + " has");
        if (kinds.size() == 1) {
          message += "; --targets also takes owning or all" + did_you_mean(kind, {"owning", "all"});
        }
        throw ConstraintError(message);
      }
    }
    for (Index u : s.order) {
      if (std::find(kinds.begin(), kinds.end(), s.info[u].kind) != kinds.end()) o.target[u] = 1;
    }
    out.targets_text = "units of kind " + targets;
  }
}

void set_capacity(const Resolved& s, const std::string& capacity, std::size_t slack,
                  Constraints& out) {
  OptimizeOptions& o = out.search;
  std::size_t present = 0;
  for (Index a : s.assign) present += a != kNone ? 1 : 0;
  if (capacity == "current") {
    o.capacity = default_capacity(s, slack, 0.2);
    out.capacity_text = "each unit its current number of functions + max(" +
                        std::to_string(slack) + ", 20%)";
  } else if (capacity == "headcount") {
    double total = 0;
    for (Index u : s.order) total += s.info[u].headcount.value_or(0);
    if (total <= 0) {
      throw ConstraintError("--capacity headcount: no unit of " + s.id + " gives a headcount");
    }
    o.capacity = default_capacity(s, slack, 0.2);
    for (Index u : s.order) {
      if (s.info[u].headcount) {
        o.capacity[u] = static_cast<std::size_t>(std::ceil(static_cast<double>(present) *
                                                           *s.info[u].headcount / total)) +
                        slack;
      }
    }
    out.capacity_text = "by headcount: ceil(functions x unit headcount / total headcount) + " +
                        std::to_string(slack) + " (units without one: current + slack)";
  } else {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(capacity.data(), capacity.data() + capacity.size(), n);
    if (ec != std::errc() || end != capacity.data() + capacity.size()) {
      throw ConstraintError("--capacity takes current, headcount or a number, not " +
                            in_quotes(capacity) + did_you_mean(capacity, {"current", "headcount"}));
    }
    o.capacity.assign(s.parent.size(), n);
    out.capacity_text = "at most " + count_noun(n, "function", "functions") + " per unit";
  }
}

}  // namespace

Constraints make_constraints(const Model& model, const Resolved& s, const ConstraintChoice& choice) {
  Constraints out;
  OptimizeOptions& o = out.search;
  o.objective = choice.objective;
  o.max_moves = choice.max_moves;
  o.seed = choice.seed;
  o.rounds = choice.rounds;
  set_targets(s, choice.targets, out);
  set_capacity(s, choice.capacity, choice.slack, out);
  o.pinned = pins(model, s, choice.pins);
  const auto count = std::count(o.pinned.begin(), o.pinned.end(), 1);
  out.pinned_text =
      count == 0 ? "none" : count_noun(static_cast<std::size_t>(count), "function", "functions");
  return out;
}

std::vector<ChangeOp> proposal_changes(const Model& model, const OptimizeResult& result,
                                       const std::string& file, const std::string& pointer_prefix) {
  std::vector<ChangeOp> ops;
  for (const ProposedMove& m : result.moves) {
    MoveFunction move{{model.functions[m.function].id}, model.unit_ids[m.to], true};
    ops.push_back({std::move(move), file, pointer_prefix + "/" + std::to_string(ops.size()),
                   "gain " + exact_number(m.gain) + " (from " + model.unit_ids[m.from] + ")"});
  }
  return ops;
}

std::string fresh_structure_id(const Model& model, const std::string& wanted) {
  std::string id = wanted;
  for (int k = 2; model.find_structure(id); ++k) id = wanted + "-" + std::to_string(k);
  return id;
}

}  // namespace policygraph
