// Reading and validating a model file (docs/model-format.md) into a Model.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/model.hpp>
#include <policygraph/core/phase_times.hpp>
#include <policygraph/resolve/change_op.hpp>

namespace policygraph {

/// How a model is read.
struct ReadOptions {
  /// Let CSV references name any file, not only regular files in the
  /// model's folder or below it (docs/model-format.md, "Files").
  bool any_path = false;
  /// Called once when a model read from a pipe has given nothing for a second.
  std::function<void()> waiting;
  /// Where the phases are recorded, when set.
  PhaseTimes* times = nullptr;
  /// When set, receives the model's text as read (read_model_file only):
  /// what a model from a pipe cannot give a second time.
  std::string* text = nullptr;
};

/// Reads the model at `path` (CSV files it references are relative to its
/// folder), checks it as a whole and resolves every structure. Warnings go
/// to `diagnostics`. Throws FileError when `path` itself cannot be read and
/// ModelError (carrying every error and warning) when the model is invalid.
/// `path` may be a regular file or a pipe; a model from a pipe has no
/// folder, and its CSV paths are relative to the current folder. With
/// `times`, records its phases: read file, parse JSON, functions,
/// dependencies (each with its CSV), structures, function graph.
[[nodiscard]] Model read_model_file(const std::string& path, Diagnostics& diagnostics,
                                    const ReadOptions& options);
[[nodiscard]] Model read_model_file(const std::string& path, Diagnostics& diagnostics,
                                    PhaseTimes* times = nullptr);

/// The same from text in memory: `source_name` is used in messages and
/// `base_dir` resolves CSV references (empty: the current folder).
[[nodiscard]] Model read_model_text(std::string_view text, const std::string& source_name,
                                    const std::string& base_dir, Diagnostics& diagnostics,
                                    const ReadOptions& options);
[[nodiscard]] Model read_model_text(std::string_view text, const std::string& source_name,
                                    const std::string& base_dir, Diagnostics& diagnostics,
                                    PhaseTimes* times = nullptr);

/// Change ops given on their own, as the JSON array `text` whose entries are
/// written as in a structure's "changes" (docs/model-format.md): what-ifs
/// built outside a model file. A problem is reported at `/N` (the op) or
/// `/N/key` in `source_name`. Throws ModelError (every problem) when the
/// text is not such a list or an op cannot be read; the ids the ops name
/// are checked when they are applied (resolve/resolve.hpp).
[[nodiscard]] std::vector<ChangeOp> read_change_ops(std::string_view text,
                                                    const std::string& source_name,
                                                    Diagnostics& diagnostics);

}  // namespace policygraph
