#include <policygraph/analysis/constraints.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/messages.hpp>
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
        // TRANSLATORS: {0} is the domain id given, in quotes; {1} is empty or
        // ' (did you mean "ID"?)'; {2} lists the domains of the model.
        throw ConstraintError(trf("--pin: unknown domain {0}{1}; the model has: {2}",
                                  {in_quotes(id), did_you_mean(id, ids), name_list(ids)}));
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
        // TRANSLATORS: {0} is the unit id given, in quotes; {1} is empty or
        // ' (did you mean "ID"?)'; {2} is a structure id, {3} lists its units.
        throw ConstraintError(trf("--pin: unknown unit {0}{1}; structure {2} has: {3}",
                                  {in_quotes(id), did_you_mean(id, ids), s.id, name_list(ids)}));
      }
      for (Index f = 0; f < model.functions.size(); ++f) {
        if (s.assign[f] == *u) pinned[f] = 1;
      }
    } else {
      const auto f = model.find_function(arg);
      if (!f) {
        std::vector<std::string> ids;
        for (const auto& fn : model.functions) ids.push_back(fn.id);
        // TRANSLATORS: {0} is the function id given, in quotes; {1} is empty
        // or ' (did you mean "ID"?)'; {2} lists the functions of the model.
        // domain:ID and unit:ID are written so on the command line.
        throw ConstraintError(trf("--pin: unknown function {0}{1}; the model has: {2} "
                                  "(domain:ID pins a domain's functions, unit:ID a unit's)",
                                  {in_quotes(arg), did_you_mean(arg, ids), name_list(ids)}));
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
    // TRANSLATORS: the units the optimizer may move functions to (--targets).
    out.targets_text = tr("units that own functions now");
  } else if (targets == "all") {
    for (Index u : s.order) o.target[u] = 1;
    out.targets_text = tr("every unit");
  } else {
    // Every kind must be one the structure has: a misspelt kind among good
    // ones would otherwise narrow the targets without a word.
    const std::vector<std::string> known = unit_kinds(s);
    const auto kinds = split(targets, ',');
    if (kinds.empty()) {
      // TRANSLATORS: owning and all stay as they are; {0} is a structure
      // id, {1} lists the kinds of its units.
      throw ConstraintError(trf("--targets names no kind; it takes owning, all or kinds of units "
                                "(structure {0} has: {1})",
                                {s.id, name_list(known)}));
    }
    for (const std::string& kind : kinds) {
      if (!std::binary_search(known.begin(), known.end(), kind)) {
        throw ConstraintError(
            kinds.size() == 1
                // TRANSLATORS: {0} is the kind given, in quotes; {1} is empty or
                // ' (did you mean "KIND"?)'; {2} is a structure id and {3} lists
                // the kinds of its units; {4} is empty or ' (did you mean
                // "all"?)'. owning and all stay as they are.
                ? trf("--targets: unknown unit kind {0}{1}; structure {2} has: {3}; --targets "
                      "also takes owning or all{4}",
                      {in_quotes(kind), did_you_mean(kind, known), s.id, name_list(known),
                       did_you_mean(kind, {"owning", "all"})})
                // TRANSLATORS: {0} is the kind given, in quotes; {1} is empty or
                // ' (did you mean "KIND"?)'; {2} is a structure id and {3} lists
                // the kinds of its units.
                : trf("--targets: unknown unit kind {0}{1}; structure {2} has: {3}",
                      {in_quotes(kind), did_you_mean(kind, known), s.id, name_list(known)}));
      }
    }
    for (Index u : s.order) {
      if (std::find(kinds.begin(), kinds.end(), s.info[u].kind) != kinds.end()) o.target[u] = 1;
    }
    // TRANSLATORS: {0} is the list of unit kinds given with --targets.
    out.targets_text = trf("units of kind {0}", {targets});
  }
}

void set_capacity(const Resolved& s, const std::string& capacity, std::size_t slack,
                  Constraints& out) {
  OptimizeOptions& o = out.search;
  std::size_t present = 0;
  for (Index a : s.assign) present += a != kNone ? 1 : 0;
  if (capacity == "current") {
    o.capacity = default_capacity(s, slack, 0.2);
    out.capacity_text =
        // TRANSLATORS: the most functions the optimizer lets a unit own
        // (--capacity current); {0} is the --slack.
        trf("each unit its current number of functions + max({0}, 20%)", {std::to_string(slack)});
  } else if (capacity == "headcount") {
    double total = 0;
    for (Index u : s.order) total += s.info[u].headcount.value_or(0);
    if (total <= 0) {
      throw ConstraintError(
          // TRANSLATORS: {0} is a structure id.
          trf("--capacity headcount: no unit of {0} gives a headcount", {s.id}));
    }
    o.capacity = default_capacity(s, slack, 0.2);
    for (Index u : s.order) {
      if (s.info[u].headcount) {
        o.capacity[u] = static_cast<std::size_t>(std::ceil(static_cast<double>(present) *
                                                           *s.info[u].headcount / total)) +
                        slack;
      }
    }
    out.capacity_text = trf(
        // TRANSLATORS: the most functions the optimizer lets a unit own
        // (--capacity headcount); {0} is the --slack.
        "by headcount: ceil(functions x unit headcount / total headcount) + {0} (units without "
        "one: current + slack)",
        {std::to_string(slack)});
  } else {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(capacity.data(), capacity.data() + capacity.size(), n);
    if (ec != std::errc() || end != capacity.data() + capacity.size()) {
      // TRANSLATORS: current and headcount stay as they are; {0} is the value
      // given, in quotes; {1} is empty or ' (did you mean "current"?)'.
      throw ConstraintError(trf("--capacity takes current, headcount or a number, not {0}{1}",
                                {in_quotes(capacity),
                                 did_you_mean(capacity, {"current", "headcount"})}));
    }
    o.capacity.assign(s.parent.size(), n);
    out.capacity_text = trn("at most {0} function per unit", "at most {0} functions per unit", n);
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
  // TRANSLATORS: how many functions --pin keeps in place: none.
  out.pinned_text = count == 0 ? tr("none")
                               : trn("{0} function", "{0} functions",
                                     static_cast<std::size_t>(count));
  return out;
}

std::vector<ChangeOp> proposal_changes(const Model& model, const OptimizeResult& result,
                                       const std::string& file, const std::string& pointer_prefix) {
  std::vector<ChangeOp> ops;
  for (const ProposedMove& m : result.moves) {
    MoveFunction move{{model.functions[m.function].id}, model.unit_ids[m.to], true};
    ops.push_back({std::move(move), file, pointer_prefix + "/" + std::to_string(ops.size()),
                   // TRANSLATORS: the note of a proposed move of a function: {0} is how
                   // much it lowers the cost, {1} the id of the unit it leaves.
                   trf("gain {0} (from {1})", {exact_number(m.gain), model.unit_ids[m.from]})});
  }
  return ops;
}

std::string fresh_structure_id(const Model& model, const std::string& wanted) {
  std::string id = wanted;
  for (int k = 2; model.find_structure(id); ++k) id = wanted + "-" + std::to_string(k);
  return id;
}

}  // namespace policygraph
