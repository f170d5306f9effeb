// Shared machinery of the model reader: typed access to JSON values that
// reports every problem at its JSON pointer. Private to src/load.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/messages.hpp>
#include <policygraph/core/model.hpp>
#include <policygraph/core/text.hpp>
#include <policygraph/resolve/structure_spec.hpp>

namespace policygraph::detail {

using nlohmann::json;

using policygraph::in_quotes;
/// "a string", "a number", ... for "expected X, found Y" messages, translated.
std::string type_name(const json& value);
/// The rule for ids (core/text.hpp): the reason an id is refused, else "".
using policygraph::bad_id_reason;
/// The message for an id that the rule refuses (`id "X" is empty`, ...),
/// translated; "" for a good id.
std::string bad_id_message(std::string_view id);

/// Typed access to the JSON values of one input file: every problem is
/// reported at its JSON pointer in that file.
class JsonReader {
 public:
  JsonReader(std::string file, Diagnostics& diagnostics)
      : file_(std::move(file)), diagnostics_(&diagnostics) {}

  void error(const std::string& pointer, std::string message) {
    diagnostics_->error_at_pointer(file_, pointer, std::move(message));
  }
  /// From now on problems go to `to` (until the next call); returns where
  /// they went before. The structure reader keeps each part's problems with it.
  Diagnostics* redirect(Diagnostics* to) { return std::exchange(diagnostics_, to); }
  /// Warns once per (context, key) about keys not in `known`. `context`
  /// says what the object is ("a unit"): a message id marked with N_(),
  /// translated in the warning.
  void check_keys(const json& object, const std::string& pointer, std::string_view context,
                  std::initializer_list<std::string_view> known);

  /// Reports "WHAT: expected an object, found ..." and returns false when
  /// `value` does not have the type. `what` says what the value is ("a
  /// unit id"): a message id marked with N_(), translated in the message.
  bool expect(const json& value, json::value_t type, const std::string& pointer,
              const char* what);
  /// As expect(), for the value of a key, which the message names as
  /// written ("units: expected an array, ...").
  bool expect_key(const json& value, json::value_t type, const std::string& pointer,
                  std::string_view key);

  /// The member, or nullptr when missing. `required` reports a missing key at the object.
  const json* member(const json& object, std::string_view key, const std::string& pointer,
                     bool required);
  std::optional<std::string> string_member(const json& object, std::string_view key,
                                           const std::string& pointer, bool required);
  std::optional<double> number_member(const json& object, std::string_view key,
                                      const std::string& pointer, bool required);
  std::optional<bool> bool_member(const json& object, std::string_view key,
                                  const std::string& pointer);
  /// A required, non-empty id without control characters.
  std::optional<std::string> id_member(const json& object, std::string_view key,
                                       const std::string& pointer);
  /// `object[key]`, an object from a language tag to a text (`what`, for
  /// messages, marked with N_() as for expect()), into `out`: "labels",
  /// "titles", "descriptions".
  void by_language(const json& object, const char* key, const char* what,
                   const std::string& pointer, std::map<std::string, std::string>& out);

  /// ` (did you mean "X"?)` for an unknown `id` among the ids of `items`
  /// (`id_of(item)`); empty once errors are past the printed ones, where
  /// comparing against every id would only cost time.
  template <class Items, class IdOf>
  std::string hint(const std::string& id, const Items& items, IdOf id_of) const {
    if (!diagnostics_->next_error_shown()) return {};
    std::vector<std::string> ids;
    for (const auto& item : items) ids.push_back(id_of(item));
    return did_you_mean(id, ids);
  }

  const std::string& file() const { return file_; }
  Diagnostics& diagnostics() { return *diagnostics_; }

 private:
  std::string file_;
  Diagnostics* diagnostics_;
  std::set<std::string> warned_;
};

/// The model file's reader: typed access plus what a model needs (its
/// folder for CSV files, the model being filled, its sources).
class Reader : public JsonReader {
 public:
  Reader(std::string file, std::filesystem::path dir, Diagnostics& diagnostics, Model& model,
         bool any_path)
      : JsonReader(std::move(file), diagnostics),
        dir_(std::move(dir)),
        model_(model),
        any_path_(any_path) {}

  /// `label` and `labels` into `out`.
  void labels(const json& object, const std::string& pointer, LabelSet& out);
  /// `sources: [source-id...]`, checked against the model's sources.
  void source_refs(const json& object, const std::string& pointer);

  /// The folder CSV paths are relative to, and the display name of one.
  std::string csv_display_name(const std::string& relative) const;
  /// Reads a CSV file referenced at `pointer`; on failure reports there.
  /// Unless any path is allowed, it must be a regular file in the model's
  /// folder or below it, also once symbolic links are followed.
  std::optional<std::string> read_csv_file(const std::string& relative,
                                           const std::string& pointer);

  Model& model() { return model_; }

 private:
  std::filesystem::path dir_;
  Model& model_;
  bool any_path_;
};

/// Reads every structure of `structures` (the JSON array at /structures)
/// into specs for the resolver (resolve/resolve.hpp). Problems of the list
/// itself (ids, bases) are reported at once; those of each structure's
/// parts travel with the spec.
std::vector<StructureSpec> read_structure_specs(Reader& reader, const json& structures);

/// Reads the JSON array `changes` (at `pointer`) as change ops, each
/// checked as in a structure's "changes"; an op that cannot be read is
/// left out, its problems reported.
std::vector<ChangeOp> read_change_list(Reader& reader, const json& changes,
                                       const std::string& pointer);

}  // namespace policygraph::detail
