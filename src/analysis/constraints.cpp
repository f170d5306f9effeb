#include <policygraph/analysis/constraints.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/numbers.hpp>

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
      const auto d = model.find_domain(arg.substr(7));
      if (!d) throw ConstraintError("--pin: unknown domain \"" + arg.substr(7) + "\"");
      for (Index f = 0; f < model.functions.size(); ++f) {
        const auto& ds = model.functions[f].domains;
        if (std::find(ds.begin(), ds.end(), *d) != ds.end()) pinned[f] = 1;
      }
    } else if (arg.rfind("unit:", 0) == 0) {
      const auto u = model.find_unit(arg.substr(5));
      if (!u || !s.present[*u]) {
        throw ConstraintError("--pin: unknown unit \"" + arg.substr(5) + "\" in structure " + s.id);
      }
      for (Index f = 0; f < model.functions.size(); ++f) {
        if (s.assign[f] == *u) pinned[f] = 1;
      }
    } else {
      const auto f = model.find_function(arg);
      if (!f) {
        std::vector<std::string> ids;
        for (const auto& fn : model.functions) ids.push_back(fn.id);
        throw ConstraintError("--pin: unknown function \"" + arg + "\"" + did_you_mean(arg, ids) +
                              " (or write domain:ID, unit:ID)");
      }
      pinned[*f] = 1;
    }
  }
  return pinned;
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
    const auto kinds = split(targets, ',');
    for (Index u : s.order) {
      if (std::find(kinds.begin(), kinds.end(), s.info[u].kind) != kinds.end()) o.target[u] = 1;
    }
    out.targets_text = "units of kind " + targets;
    if (std::find(o.target.begin(), o.target.end(), 1) == o.target.end()) {
      throw ConstraintError("--targets " + targets + ": no unit of structure " + s.id +
                            " has that kind");
    }
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
      throw ConstraintError("--capacity takes current, headcount or a number, not \"" + capacity +
                            "\"");
    }
    o.capacity.assign(s.parent.size(), n);
    out.capacity_text = "at most " + capacity + " functions per unit";
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
  out.pinned_text = count == 0 ? "none" : std::to_string(count) + " functions";
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
