// Reading and validating a model file (docs/model-format.md) into a Model.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/model.hpp>
#include <policygraph/core/phase_times.hpp>

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

}  // namespace policygraph
