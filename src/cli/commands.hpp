// The commands of the table in cli.cpp. Private to src/cli.
#pragma once

#include "common.hpp"
#include "output.hpp"

#include <policygraph/metrics/metrics.hpp>

namespace policygraph::cli {

int run_validate(Context& ctx);
int run_metrics(Context& ctx);
int run_compare(Context& ctx);
int run_diff(Context& ctx);
int run_explain(Context& ctx);
int run_groups(Context& ctx);
int run_check(Context& ctx);
int run_optimize(Context& ctx);
int run_sensitivity(Context& ctx);
int run_report(Context& ctx);
int run_dsm(Context& ctx);
/// What `serve` runs. In the policygraph program, one that starts the
/// workbench program next to it; that program (policygraph-serve, built
/// from main.cpp with its own serve.cpp) sets it to run_serve.
extern int (*serve_command)(Context&);
int run_serve(Context& ctx);

int run_dot(Context& ctx);
int run_export(Context& ctx);

/// --structures ID,ID,...: the structures named, or all in model order.
std::vector<Index> structures_arg(const Model& model, const std::string& list);
/// --baseline ID: its position among `structures` (0, the first, when ID is
/// empty); a usage error when it is not among them.
std::size_t baseline_arg(const Model& model, const std::vector<Index>& structures,
                         const std::string& id);

/// --level, --betweenness and --threads, shared by the analysis commands.
void add_metric_options(po::options_description& options);
MetricsOptions metric_options(const po::variables_map& vm);

}  // namespace policygraph::cli
