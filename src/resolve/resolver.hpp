// What resolving and applying share: id look-ups that report unknown ids
// with "did you mean". Private to src/resolve.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <policygraph/core/diagnostics.hpp>
#include <policygraph/core/messages.hpp>
#include <policygraph/core/model.hpp>

namespace policygraph::detail {

class Resolver {
 public:
  Resolver(Model& model, Diagnostics& diagnostics) : model_(model), diagnostics_(diagnostics) {}

  Model& model() { return model_; }
  Diagnostics& diagnostics() { return diagnostics_; }

  void error(const std::string& file, const std::string& pointer, std::string message) {
    diagnostics_.error_at_pointer(file, pointer, std::move(message));
  }

  /// ` (did you mean "X"?)` among the ids of `items`; empty once errors are
  /// past the printed ones, where comparing against every id would only cost time.
  template <class Items, class IdOf>
  std::string hint(const std::string& id, const Items& items, IdOf id_of) const {
    if (!diagnostics_.next_error_shown()) return {};
    std::vector<std::string> ids;
    for (const auto& item : items) ids.push_back(id_of(item));
    return did_you_mean(id, ids);
  }

  /// The unit `id` when it is present in `s`, else nothing.
  std::optional<Index> find_present(const Resolved& s, const std::string& id) const {
    auto it = model_.unit_index.find(id);
    if (it != model_.unit_index.end() && it->second < s.present.size() && s.present[it->second]) {
      return it->second;
    }
    return std::nullopt;
  }

  /// "unknown unit "X" in structure "S" (did you mean ...)".
  std::string unknown_unit(const Resolved& s, const std::string& id) const {
    // TRANSLATORS: {0} is a unit id and {1} a structure id, in quotes; {2}
    // is empty or ' (did you mean "ID"?)'.
    return trf("unknown unit {0} in structure {1}{2}",
               {in_quotes(id), in_quotes(s.id),
                hint(id, s.order, [&](Index u) { return model_.unit_ids[u]; })});
  }

  /// A unit that must exist in `s`: its index, or an error at `pointer`.
  std::optional<Index> present_unit(const Resolved& s, const std::string& id,
                                    const std::string& file, const std::string& pointer) {
    if (auto u = find_present(s, id)) return u;
    error(file, pointer, unknown_unit(s, id));
    return std::nullopt;
  }

  std::optional<Index> function_ref(const std::string& id, const std::string& file,
                                    const std::string& pointer) {
    if (auto f = model_.function_index.find(id)) return *f;
    error(file, pointer,
          // TRANSLATORS: {0} is a function id, in quotes; {1} is empty or
          // ' (did you mean "ID"?)'.
          trf("unknown function {0}{1}",
              {in_quotes(id), hint(id, model_.functions, [](const Function& f) { return f.id; })}));
    return std::nullopt;
  }

  std::optional<Index> domain_ref(const std::string& id, const std::string& file,
                                  const std::string& pointer) {
    if (auto it = model_.domain_index.find(id); it != model_.domain_index.end()) return it->second;
    error(file, pointer,
          // TRANSLATORS: {0} is a domain id, in quotes; {1} is empty or
          // ' (did you mean "ID"?)'.
          trf("unknown domain {0}{1}",
              {in_quotes(id), hint(id, model_.domains, [](const Domain& d) { return d.id; })}));
    return std::nullopt;
  }

 private:
  Model& model_;
  Diagnostics& diagnostics_;
};

}  // namespace policygraph::detail
