// `policygraph sensitivity MODEL`: how far the comparison survives noisy weights.
#include "commands.hpp"

#include <policygraph/core/messages.hpp>
#include <policygraph/report/sensitivity_writer.hpp>
#include <policygraph/analysis/sensitivity.hpp>

namespace policygraph::cli {

int run_sensitivity(Context& ctx) {
  po::options_description options = option_group();
  options.add_options()
      ("samples", whole_number<std::size_t>(1, kMaxCount)->value_name("N")->default_value(200),
       tr("number of perturbed weightings").c_str())
      ("noise", real_number(0, 10)->value_name("SIGMA")->default_value(0.3, "0.3"),
       tr("each dependency weight is multiplied by exp(N(0, SIGMA^2)); 0.3 means most weights "
          "move by up to about a third").c_str())
      ("drop", real_number(0, 1, UpperEnd::kExcluded)->value_name("P")->default_value(0, "0"),
       tr("also leave each dependency out with probability P").c_str())
      ("seed", whole_number<std::uint64_t>(0, UINT64_MAX)->value_name("N")->default_value(1),
       tr("random seed: the same seed gives the same bytes, whatever the number of threads").c_str())
      ("level", whole_number<int>(0, kMaxLevel)->value_name("L"),
       tr("aggregate to depth L (see metrics --help)").c_str())
      ("threads", whole_number<unsigned>(0, kMaxThreads)->value_name("N")->default_value(0),
       tr("threads (0: all cores)").c_str());
  add_structures_options(options);
  add_format_option(options, tr("a row per structure and figure"));
  add_common_options(options);
  po::variables_map vm;
  if (!parse_args(ctx, options, {"MODEL"}, vm,
                  tr("Dependency weights are judgements. This command redraws them many "
                     "times\n(multiplying each by a log-normal factor, optionally dropping "
                     "some),\nrecomputes the whole-structure figures and the coordination cost "
                     "of every\nstructure on the same sampled weights, and reports each "
                     "figure's mean and\n5th/95th percentiles, the differences to the "
                     "baseline, and how often the\nranking of the structures stays the same.") +
                      "\n\n" + tr("Example:") +
                      "\n"
                  "  policygraph sensitivity datasets/motie-2025/model.json --samples 500 "
                  "--noise 0.5")) {
    return 0;
  }
  const std::string format = text_format(vm);
  SensitivityOptions o;
  o.samples = vm["samples"].as<std::size_t>();
  o.noise = vm["noise"].as<double>();
  o.drop = vm["drop"].as<double>();
  o.seed = vm["seed"].as<std::uint64_t>();
  o.level = level_arg(vm);
  o.threads = vm["threads"].as<unsigned>();
  Timings timings(vm["timings"].as<bool>() ? &ctx.err : nullptr);
  const Model model = load_model(ctx, vm["MODEL"].as<std::string>(), timings.detail());
  timings.phase("read, validate, resolve");
  const std::vector<Index> structures = structures_arg(model, vm["structures"].as<std::string>());
  const std::size_t baseline = baseline_arg(model, structures, vm["baseline"].as<std::string>());
  const SensitivityResult r = sensitivity(model, structures, baseline, o);
  timings.phase("sampling");
  const std::string text =
      write_as(format, {.table = [&] { return sensitivity_text(model, r, o, false); },
                        .json = [&] { return sensitivity_json(model, r, o).dump(2) + "\n"; },
                        .csv = [&] { return render_csv(sensitivity_table(model, r, true)); },
                        .markdown = [&] { return sensitivity_text(model, r, o, true); },
                        .xlsx = [&] {
                          return std::vector<Sheet>{
                              {"sensitivity", sensitivity_table(model, r, true)}};
                        }});
  write_output(ctx, vm.count("output") != 0U ? vm["output"].as<std::string>() : "", text);
  timings.phase("write");
  return 0;
}

}  // namespace policygraph::cli
