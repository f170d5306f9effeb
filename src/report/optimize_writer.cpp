#include <policygraph/report/optimize_writer.hpp>

#include <policygraph/core/messages.hpp>
#include <policygraph/core/text.hpp>
#include <policygraph/report/table.hpp>

namespace policygraph {
namespace {

double percent_saved(const OptimizeResult& r) {
  return r.cost_before > 0 ? 100 * (r.cost_before - r.cost_after) / r.cost_before : 0;
}

}  // namespace

OptimizeSentences optimize_sentences(const OptimizeResult& result, const Constraints& constraints,
                                     const std::string& structure, const std::string& id) {
  const OptimizeResult& r = result;
  const Constraints& set = constraints;
  const bool distance = set.search.objective == Objective::kDistance;
  OptimizeSentences out;
  const std::string before = rounded(r.cost_before, 2);
  if (r.moves.empty()) {
    out.headline =
        distance ? trf("No move under these constraints lowers the coordination cost (sum of "
                       "weight x tree distance) of {0} ({1}).",
                       {structure, before})
                 : trf("No move under these constraints lowers the cross-unit weight of {0} ({1}).",
                       {structure, before});
  } else {
    const std::string moves = trn("{0} move", "{0} moves", r.moves.size());
    const std::string after = rounded(r.cost_after, 2);
    const std::string saved = rounded(percent_saved(r), 1);
    out.headline =
        distance ? trf("Proposal {0}: {1} lowering the coordination cost (sum of weight x tree "
                       "distance) of {2} from {3} to {4} (-{5}%).",
                       {id, moves, structure, before, after, saved})
                 : trf("Proposal {0}: {1} lowering the cross-unit weight of {2} from {3} to {4} "
                       "(-{5}%).",
                       {id, moves, structure, before, after, saved});
  }
  const std::string evaluations =
      trn("{0} move evaluation", "{0} move evaluations", r.evaluations);
  if (r.exact) {
    out.search = r.interrupted
                     ? trf("Search: exhaustive (this is the best under the constraints), "
                           "interrupted: best found so far; {0}.",
                           {evaluations})
                     : trf("Search: exhaustive (this is the best under the constraints); {0}.",
                           {evaluations});
  } else {
    const std::string rounds =
        trn("{0} perturbation round", "{0} perturbation rounds", set.search.rounds);
    out.search = r.interrupted
                     ? trf("Search: steepest descent + {0}, interrupted: best found so far; {1}.",
                           {rounds, evaluations})
                     : trf("Search: steepest descent + {0}; {1}.", {rounds, evaluations});
  }
  out.constraints = trf(
      "Constraints: at most {0}; targets: {1}; capacity: {2}; pinned: {3}; seed {4}.",
      {trn("{0} moved function", "{0} moved functions", set.search.max_moves), set.targets_text,
       set.capacity_text, set.pinned_text, std::to_string(set.search.seed)});
  return out;
}

Table optimize_table(const Model& model, const Resolved& s, const OptimizeResult& result,
                     std::string_view lang) {
  Table t;
  t.header = {"#", tr("function"), tr("id"), tr("from"), tr("to"), tr("saving")};
  t.right = {true, false, false, false, false, true};
  for (std::size_t k = 0; k < result.moves.size(); ++k) {
    const ProposedMove& m = result.moves[k];
    const Function& f = model.functions[m.function];
    t.rows.push_back({std::to_string(k + 1), f.labels.pick(lang, f.id), f.id,
                      model.unit_path(s, m.from, lang), model.unit_path(s, m.to, lang),
                      rounded(m.gain, 2)});
  }
  return t;
}

std::string optimize_explanation(const Model& model, const Resolved& s,
                                 const OptimizeResult& result, const Constraints& constraints,
                                 const std::string& id, std::string_view lang) {
  const OptimizeResult& r = result;
  const OptimizeSentences sentences = optimize_sentences(r, constraints, s.id, id);
  std::string out = sentences.headline + (r.moves.empty() ? "\n" : "\n\n");
  for (std::size_t k = 0; k < r.moves.size(); ++k) {
    const ProposedMove& m = r.moves[k];
    const Function& f = model.functions[m.function];
    const std::string number = std::to_string(k + 1);
    const std::string pad = "   ";
    out += trf("{0}. Move {1} [{2}]", {number, f.labels.pick(lang, f.id), f.id}) + "\n";
    out += pad + trf("from {0}", {model.unit_path(s, m.from, lang)}) + "\n";
    out += pad + trf("to   {0}", {model.unit_path(s, m.to, lang)}) + "\n";
    out += pad +
           (k == 0 ? trf("saving {0} (each saving counts the moves above it as made)",
                         {rounded(m.gain, 2)})
                   : trf("saving {0}", {rounded(m.gain, 2)})) +
           "\n";
  }
  out += "\n" + sentences.search + "\n" + sentences.constraints + "\n";
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
