#include <policygraph/report/optimize_writer.hpp>

#include <policygraph/core/messages.hpp>
#include <policygraph/core/text.hpp>
#include <policygraph/export/model_writer.hpp>
#include <policygraph/report/table.hpp>

namespace policygraph {
namespace {

double percent_saved(const OptimizeResult& r) {
  return r.cost_before > 0 ? 100 * (r.cost_before - r.cost_after) / r.cost_before : 0;
}

std::string percent1(double share) { return rounded(100 * share, 1) + "%"; }

nlohmann::ordered_json spread_json(const Spread& s) {
  return {{"mean", s.mean}, {"p5", s.p5}, {"p95", s.p95}};
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

ConsensusSentences consensus_sentences(const ConsensusResult& result,
                                       const Constraints& constraints,
                                       const ConsensusOptions& options,
                                       const std::string& structure, const std::string& id) {
  const OptimizeResult& c = result.consensus;
  const bool distance = constraints.search.objective == Objective::kDistance;
  ConsensusSentences out;
  const std::string samples = trn("{0} weight sample", "{0} weight samples", result.samples);
  const std::string before = rounded(c.cost_before, 2);
  const std::string after = rounded(c.cost_after, 2);
  if (c.moves.empty()) {
    out.headline =
        result.moves.empty()
            // TRANSLATORS: {0} is "N weight samples", {1} a structure.
            ? trf("In none of {0} does a move under these constraints lower the cost of {1}.",
                  {samples, structure})
            // TRANSLATORS: {0} is "N weight samples", {1} a structure, {2} its cost.
            : trf("No move was proposed in at least half of {0}: there is no consensus on "
                  "how to change {1} (cost {2}).",
                  {samples, structure, before});
  } else {
    const std::string moves = trn("{0} move", "{0} moves", c.moves.size());
    const std::string change =
        c.cost_after <= c.cost_before ? "-" + rounded(percent_saved(c), 1) + "%"
                                      : "+" + rounded(-percent_saved(c), 1) + "%";
    // TRANSLATORS: {0} the proposal's id, {1} "N moves", {2} "N weight samples",
    // {3} a structure, {4} and {5} costs before and after, {6} the change in percent.
    out.headline = distance
                       ? trf("Consensus {0}: {1} proposed in at least half of {2}. Applied "
                             "together under the given weights, the coordination cost (sum of "
                             "weight x tree distance) of {3} goes from {4} to {5} ({6}).",
                             {id, moves, samples, structure, before, after, change})
                       : trf("Consensus {0}: {1} proposed in at least half of {2}. Applied "
                             "together under the given weights, the cross-unit weight of {3} "
                             "goes from {4} to {5} ({6}).",
                             {id, moves, samples, structure, before, after, change});
    if (result.left_out > 0) {
      out.headline +=
          " " + trn("{0} move held by half the samples is left out: its function moved "
                    "already, or it would break the constraints.",
                    "{0} moves held by half the samples are left out: their function moved "
                    "already, or they would break the constraints.",
                    result.left_out);
    }
  }
  // TRANSLATORS: {0} mean, {1} and {2} the 5th and 95th percentiles of a saving.
  out.savings = trf("The proposal made for each sample's own weights saves {0} on average "
                    "(5th to 95th percentile: {1} to {2}).",
                    {rounded(result.saving.mean, 2), rounded(result.saving.p5, 2),
                     rounded(result.saving.p95, 2)});
  if (!c.moves.empty()) {
    // TRANSLATORS: {0} mean, {1} and {2} percentiles, {3} a share of the samples.
    out.savings += " " + trf("The consensus saves {0} on average in the samples' weights ({1} "
                             "to {2}), and saves something in {3} of them.",
                             {rounded(result.consensus_saving.mean, 2),
                              rounded(result.consensus_saving.p5, 2),
                              rounded(result.consensus_saving.p95, 2),
                              percent1(result.consensus_saves)});
  }
  const std::string rounds =
      trn("{0} perturbation round", "{0} perturbation rounds", constraints.search.rounds);
  const std::string evaluations =
      trn("{0} move evaluation", "{0} move evaluations", c.evaluations);
  // TRANSLATORS: how each weight sample was searched: {0} is "N perturbation rounds".
  const std::string search = result.exhaustive ? tr("an exhaustive search")
                                               : trf("steepest descent + {0}", {rounds});
  out.samples =
      options.drop > 0
          // TRANSLATORS: {0} sigma, {1} the probability of leaving a dependency out, {2} a
          // seed, {3} how each sample was searched, {4} "N move evaluations".
          ? trf("Samples: each weight times exp(N(0, {0}^2)), a dependency left out with "
                "probability {1}, seed {2}; in each, {3}; {4} in all.",
                {exact_number(options.noise), exact_number(options.drop),
                 std::to_string(options.seed), search, evaluations})
          // TRANSLATORS: {0} sigma, {1} a seed, {2} how each sample was searched, {3} "N
          // move evaluations".
          : trf("Samples: each weight times exp(N(0, {0}^2)), seed {1}; in each, {2}; {3} in "
                "all.",
                {exact_number(options.noise), std::to_string(options.seed), search,
                 evaluations});
  if (result.interrupted) {
    out.samples += " " + tr("Interrupted: only the samples finished are counted.");
  }
  return out;
}

Table consensus_table(const Model& model, const Resolved& s, const ConsensusResult& result,
                      std::string_view lang, std::size_t rows) {
  Table t;
  t.header = {"#",  tr("function"),    tr("id"),           tr("from"),
              tr("to"), tr("proposed in"), tr("saving alone"), tr("in consensus")};
  t.right = {true, false, false, false, false, true, true, true};
  std::size_t consensus_k = 0;
  for (std::size_t k = 0; k < result.moves.size() && (rows == 0 || k < rows); ++k) {
    const MoveFrequency& m = result.moves[k];
    const Function& f = model.functions[m.function];
    std::string in = "-";
    if (m.in_consensus) in = rounded(result.consensus.moves[consensus_k++].gain, 2);
    t.rows.push_back({std::to_string(k + 1), f.labels.pick(lang, f.id), f.id,
                      model.unit_name(s, m.from, lang), model.unit_name(s, m.to, lang),
                      percent1(m.share), rounded(m.nominal_gain, 2), in});
  }
  return t;
}

std::string consensus_explanation(const Model& model, const Resolved& s,
                                  const ConsensusResult& result, const Constraints& constraints,
                                  const ConsensusOptions& options, const std::string& id,
                                  std::string_view lang) {
  constexpr std::size_t kRows = 20;
  const ConsensusSentences sentences = consensus_sentences(result, constraints, options, s.id, id);
  std::string out = sentences.headline + "\n";
  if (!result.moves.empty()) {
    out += "\n" + tr("Moves proposed in the samples, most often first:") + "\n" +
           render_text(consensus_table(model, s, result, lang, kRows));
    if (result.moves.size() > kRows) {
      out += "  " + trn("... and {0} more, each proposed less often (--format json lists all)",
                        "... and {0} more, each proposed less often (--format json lists all)",
                        result.moves.size() - kRows) +
             "\n";
    }
    out += "  " + tr("Saving alone: the move by itself under the given weights; in consensus: "
                     "counting the consensus moves above it as made.") +
           "\n";
  }
  out += "\n" + sentences.savings + "\n" + sentences.samples + "\n" +
         optimize_sentences(result.consensus, constraints, s.id, id).constraints + "\n";
  return terminal_page(out);
}

std::string consensus_summary(const ConsensusResult& result, const Constraints& constraints,
                              const ConsensusOptions& options) {
  const OptimizeResult& c = result.consensus;
  const double change =
      c.cost_before > 0 ? 100 * (c.cost_after - c.cost_before) / c.cost_before : 0;
  return std::string(constraints.search.objective == Objective::kDistance ? "Coordination cost"
                                                                          : "Cross-unit weight") +
         " " + exact_number(c.cost_before) + " -> " + exact_number(c.cost_after) + " (" +
         (change <= 0 ? "-" + rounded(-change, 1) : "+" + rounded(change, 1)) + "%) with " +
         count_noun(c.moves.size(), "move", "moves") + " proposed in at least half of " +
         count_noun(result.samples, "weight sample", "weight samples") + " (noise " +
         exact_number(options.noise) + ", drop " + exact_number(options.drop) + ", seed " +
         std::to_string(options.seed) + "). Constraints: at most " +
         count_noun(constraints.search.max_moves, "move", "moves") + "; targets: " +
         constraints.targets_text + "; capacity: " + constraints.capacity_text + "; pinned: " +
         constraints.pinned_text +
         (constraints.search.seed == options.seed
              ? std::string()
              : "; search seed " + std::to_string(constraints.search.seed)) +
         ".";
}

nlohmann::ordered_json consensus_structure(const Model& model, const Resolved& s,
                                           const ConsensusResult& result,
                                           const Constraints& constraints,
                                           const ConsensusOptions& options,
                                           const std::string& id) {
  std::vector<ChangeOp> ops = proposal_changes(model, result.consensus);
  std::size_t k = 0;
  for (const MoveFrequency& m : result.moves) {
    if (!m.in_consensus) continue;
    // TRANSLATORS: added to a proposed move's note; {0} is a share of the samples.
    ops[k++].note += "; " + trf("proposed in {0} of the samples", {percent1(m.share)});
  }
  return change_structure_json(
      id, s.id,
      "Consensus of policygraph optimize from " + s.id + " over " +
          count_noun(result.samples, "weight sample", "weight samples"),
      consensus_summary(result, constraints, options), ops);
}

nlohmann::ordered_json consensus_json(const Model& model, const ConsensusResult& result,
                                      const ConsensusOptions& options,
                                      const nlohmann::ordered_json& proposal) {
  nlohmann::ordered_json j;
  j["samples"] = result.samples;
  j["noise"] = options.noise;
  j["drop"] = options.drop;
  j["seed"] = options.seed;
  j["interrupted"] = result.interrupted;
  j["proposal"] = proposal;
  j["cost_before"] = result.consensus.cost_before;
  j["cost_after"] = result.consensus.cost_after;
  j["left_out"] = result.left_out;
  j["saving"] = spread_json(result.saving);
  j["consensus_saving"] = spread_json(result.consensus_saving);
  j["consensus_saves"] = result.consensus_saves;
  j["exhaustive"] = result.exhaustive;
  auto& moves = j["moves"] = nlohmann::ordered_json::array();
  std::size_t consensus_k = 0;
  for (const MoveFrequency& m : result.moves) {
    nlohmann::ordered_json x;
    x["function"] = model.functions[m.function].id;
    x["from"] = model.unit_ids[m.from];
    x["to"] = model.unit_ids[m.to];
    x["count"] = m.count;
    x["share"] = m.share;
    x["gain_alone"] = m.nominal_gain;
    x["in_consensus"] = m.in_consensus;
    x["gain_in_consensus"] = nullptr;
    if (m.in_consensus) x["gain_in_consensus"] = result.consensus.moves[consensus_k++].gain;
    moves.push_back(std::move(x));
  }
  return j;
}

}  // namespace policygraph
