// What if one function changed hands? Loads a model, moves FUNCTION to UNIT
// in a copy of STRUCTURE, and prints how the figures move, then the
// optimizer's own proposal as change ops.
//
//   what_if MODEL STRUCTURE FUNCTION UNIT
#include <iostream>
#include <string>
#include <vector>

#include <policygraph/policygraph.hpp>

int main(int argc, char** argv) {
  using namespace policygraph;
  if (argc != 5) {
    std::cerr << "usage: what_if MODEL STRUCTURE FUNCTION UNIT\n";
    return 2;
  }
  // 1. Load: every problem comes with its location.
  Diagnostics diagnostics;
  Model model;
  try {
    model = read_model_file(argv[1], diagnostics);
  } catch (const ModelError& e) {
    std::cerr << e.diagnostics().render();
    return 1;
  } catch (const FileError& e) {
    std::cerr << e.what() << '\n';
    return 3;
  }
  const auto base = model.find_structure(argv[2]);
  if (!base) {
    std::cerr << "no structure " << argv[2] << '\n';
    return 2;
  }

  // 2. Resolve: a what-if is a list of typed change ops on a copy.
  const std::vector<ChangeOp> ops{
      {MoveFunction{{argv[3]}, argv[4], true}, "what-if", "/changes/0", "the question"}};
  Resolved what_if = apply_changes(model, model.structures[*base], ops, diagnostics, "what-if");
  if (diagnostics.has_errors()) {
    std::cerr << diagnostics.render();
    return 1;
  }
  const Index changed = model.add_structure(std::move(what_if));

  // 3. Metrics and analysis: the two structures side by side.
  const Comparison c = compare_structures(model, {*base, changed}, 0, std::nullopt, {});
  const WholeMetrics& before = c.structures[0].whole;
  const WholeMetrics& after = c.structures[1].whole;
  std::cout << "cross_unit_share: " << exact_number(before.cross_unit_share) << " -> "
            << exact_number(after.cross_unit_share) << '\n'
            << "coordination_distance_mean: " << exact_number(before.coordination_distance_mean)
            << " -> " << exact_number(after.coordination_distance_mean) << '\n'
            << "moved_functions: " << c.changes[1]->moved_functions << '\n';

  // 4. Why: explain_change breaks each figure's change down exactly, by
  //    dependency and by the function that moved (docs/explain.md).
  const Explanation why = explain_change(model, *base, changed, std::nullopt);
  const MetricAttribution& cross = why.metrics.front();  // cross_unit_share
  std::cout << cross.key << " by move:";
  for (const MovePart& p : cross.by_move) {
    std::cout << ' ' << model.functions[p.function].id << ' ' << exact_number(p.contribution);
  }
  std::cout << ", other " << exact_number(cross.other) << '\n';

  // 5. The optimizer answers with change ops too; export writes them as JSON.
  const Constraints constraints = make_constraints(model, model.structures[*base], {});
  const OptimizeResult proposal = optimize_assignment(model, *base, constraints.search);
  const std::vector<ChangeOp> moves = proposal_changes(model, proposal);
  std::cout << "optimize: " << moves.size() << " moves, cost "
            << exact_number(proposal.cost_before) << " -> " << exact_number(proposal.cost_after)
            << '\n';
  for (const ChangeOp& op : moves) std::cout << "  " << change_op_json(op).dump() << '\n';
  return 0;
}
