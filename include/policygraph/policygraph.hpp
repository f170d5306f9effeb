// The policygraph library, stage by stage: include this one header to use
// all of it (docs/library.md).
//
//   load      read a model file or text, with every problem located
//   resolve   change ops applied to structures (what-ifs)
//   metrics   every consolidation metric of one structure
//   analysis  compare, diff, explain, optimize, sensitivity
//   report    tables, JSON, Markdown and the HTML page of each result
//   export    Graphviz DOT, GraphML, the model as JSON
#pragma once

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/model.hpp>
#include <policygraph/core/numbers.hpp>
#include <policygraph/version.hpp>

#include <policygraph/load/model_reader.hpp>
#include <policygraph/load/rules_reader.hpp>

#include <policygraph/resolve/change_op.hpp>
#include <policygraph/resolve/resolve.hpp>

#include <policygraph/metrics/metrics.hpp>

#include <policygraph/analysis/compare.hpp>
#include <policygraph/analysis/constraints.hpp>
#include <policygraph/analysis/diff.hpp>
#include <policygraph/analysis/explain.hpp>
#include <policygraph/analysis/optimize.hpp>
#include <policygraph/analysis/sensitivity.hpp>
#include <policygraph/rules/check.hpp>
#include <policygraph/rules/rules.hpp>

#include <policygraph/report/check_writer.hpp>
#include <policygraph/report/compare_writer.hpp>
#include <policygraph/report/alluvial.hpp>
#include <policygraph/report/diff_writer.hpp>
#include <policygraph/report/explain_writer.hpp>
#include <policygraph/report/metrics_writer.hpp>
#include <policygraph/report/optimize_writer.hpp>
#include <policygraph/report/report_writer.hpp>
#include <policygraph/report/sensitivity_writer.hpp>
#include <policygraph/report/table.hpp>

#include <policygraph/export/dot_writer.hpp>
#include <policygraph/export/graphml_writer.hpp>
#include <policygraph/export/model_writer.hpp>
