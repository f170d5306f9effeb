#include <policygraph/report/optimize_writer.hpp>

#include <policygraph/core/text.hpp>
#include <policygraph/report/table.hpp>

namespace policygraph {
namespace {

double percent_saved(const OptimizeResult& r) {
  return r.cost_before > 0 ? 100 * (r.cost_before - r.cost_after) / r.cost_before : 0;
}

}  // namespace

std::string optimize_explanation(const Model& model, const Resolved& s,
                                 const OptimizeResult& result, const Constraints& constraints,
                                 const std::string& id, std::string_view lang) {
  const OptimizeResult& r = result;
  const Constraints& set = constraints;
  std::string out;
  const std::string what = set.search.objective == Objective::kDistance
                               ? "coordination cost (sum of weight x tree distance)"
                               : "cross-unit weight";
  if (r.moves.empty()) {
    out += "No move under these constraints lowers the " + what + " of " + s.id + " (" +
           rounded(r.cost_before, 2) + ").\n";
  } else {
    out += "Proposal " + id + ": " + count_noun(r.moves.size(), "move", "moves") +
           " lowering the " + what + " of " + s.id +
           " from " + rounded(r.cost_before, 2) + " to " + rounded(r.cost_after, 2) + " (-" +
           rounded(percent_saved(r), 1) + "%).\n\n";
    for (std::size_t k = 0; k < r.moves.size(); ++k) {
      const ProposedMove& m = r.moves[k];
      const Function& f = model.functions[m.function];
      out += std::to_string(k + 1) + ". Move " + f.labels.pick(lang, f.id) + " [" + f.id +
             "]\n   from " + model.unit_path(s, m.from, lang) + "\n   to   " +
             model.unit_path(s, m.to, lang) + "\n   saving " + rounded(m.gain, 2) +
             (k == 0 ? " (each saving counts the moves above it as made)" : "") + "\n";
    }
  }
  out += "\nSearch: " + std::string(r.exact ? "exhaustive (this is the best under the constraints)"
                                            : "steepest descent + " +
                                                  count_noun(set.search.rounds,
                                                             "perturbation round",
                                                             "perturbation rounds")) +
         (r.interrupted ? ", interrupted: best found so far" : "") + "; " +
         count_noun(r.evaluations, "move evaluation", "move evaluations") + ".\n";
  out += "Constraints: at most " +
         count_noun(set.search.max_moves, "moved function", "moved functions") + "; " +
         "targets: " + set.targets_text + "; capacity: " + set.capacity_text + "; pinned: " +
         set.pinned_text + "; seed " + std::to_string(set.search.seed) + ".\n";
  return terminal_page(out);
}

std::string optimize_summary(const OptimizeResult& result, const Constraints& constraints) {
  const OptimizeResult& r = result;
  const Constraints& set = constraints;
  return std::string(set.search.objective == Objective::kDistance ? "Coordination cost"
                                                                  : "Cross-unit weight") +
         " " + exact_number(r.cost_before) + " -> " + exact_number(r.cost_after) + " (-" +
         rounded(percent_saved(r), 1) + "%) with " + count_noun(r.moves.size(), "move", "moves") +
         ". Constraints: at most " + count_noun(set.search.max_moves, "move", "moves") +
         "; targets: " + set.targets_text + "; capacity: " + set.capacity_text +
         "; pinned: " + set.pinned_text + "; seed " + std::to_string(set.search.seed) + ".";
}

}  // namespace policygraph
