#include "reader.hpp"

#include <algorithm>

#include <policygraph/load/input_file.hpp>
#include <policygraph/load/json_text.hpp>

namespace policygraph::detail {

std::string type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::binary: return "binary data";
    case json::value_t::discarded: return "nothing";
    default: return "a number";
  }
}

namespace {
std::string expected_name(json::value_t type) {
  switch (type) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "true or false";
    default: return "a number";
  }
}
bool has_type(const json& v, json::value_t type) {
  if (type == json::value_t::number_float) return v.is_number();
  return v.type() == type;
}
}  // namespace

void Reader::check_keys(const json& object, const std::string& pointer, std::string_view context,
                        std::initializer_list<std::string_view> known) {
  for (const auto& item : object.items()) {
    if (std::find(known.begin(), known.end(), item.key()) != known.end()) continue;
    std::string tag = std::string(context) + '\x1f' + item.key();
    if (!warned_.insert(std::move(tag)).second) continue;
    std::vector<std::string> names(known.begin(), known.end());
    diagnostics_->warning_at_pointer(
        file_, pointer + "/" + pointer_token(item.key()),
        "unknown key " + in_quotes(item.key()) + " in " + std::string(context) + " (ignored)" +
            did_you_mean(item.key(), names));
  }
}

bool Reader::expect(const json& value, json::value_t type, const std::string& pointer,
                    std::string_view what) {
  if (has_type(value, type)) return true;
  error(pointer, std::string(what) + ": expected " + expected_name(type) + ", found " +
                     type_name(value));
  return false;
}

const json* Reader::member(const json& object, std::string_view key, const std::string& pointer,
                           bool required) {
  const auto it = object.find(key);
  if (it == object.end()) {
    if (required) error(pointer, "missing key " + in_quotes(key));
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> Reader::string_member(const json& object, std::string_view key,
                                                 const std::string& pointer, bool required) {
  const json* v = member(object, key, pointer, required);
  if (v == nullptr) return std::nullopt;
  const std::string p = pointer + "/" + pointer_token(key);
  if (!expect(*v, json::value_t::string, p, key)) return std::nullopt;
  return v->get<std::string>();
}

std::optional<double> Reader::number_member(const json& object, std::string_view key,
                                            const std::string& pointer, bool required) {
  const json* v = member(object, key, pointer, required);
  if (v == nullptr) return std::nullopt;
  if (!expect(*v, json::value_t::number_float, pointer + "/" + pointer_token(key), key)) {
    return std::nullopt;
  }
  return v->get<double>();
}

std::optional<bool> Reader::bool_member(const json& object, std::string_view key,
                                        const std::string& pointer) {
  const json* v = member(object, key, pointer, false);
  if (v == nullptr) return std::nullopt;
  if (!expect(*v, json::value_t::boolean, pointer + "/" + pointer_token(key), key)) {
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::string> Reader::id_member(const json& object, std::string_view key,
                                             const std::string& pointer) {
  auto id = string_member(object, key, pointer, true);
  if (!id) return std::nullopt;
  if (auto why = bad_id_reason(*id); !why.empty()) {
    error(pointer + "/" + pointer_token(key), "id " + in_quotes(*id) + " " + why);
    return std::nullopt;
  }
  return id;
}

void Reader::labels(const json& object, const std::string& pointer, LabelSet& out) {
  if (auto label = string_member(object, "label", pointer, false)) out.label = std::move(*label);
  const json* all = member(object, "labels", pointer, false);
  if (all == nullptr) return;
  const std::string p = pointer + "/labels";
  if (!expect(*all, json::value_t::object, p, "labels")) return;
  for (const auto& item : all->items()) {
    const std::string ip = p + "/" + pointer_token(item.key());
    if (item.key().empty()) {
      error(ip, "empty language tag");
    } else if (expect(item.value(), json::value_t::string, ip, "a label")) {
      out.by_lang[item.key()] = item.value().get<std::string>();
    }
  }
}

void Reader::source_refs(const json& object, const std::string& pointer) {
  const json* refs = member(object, "sources", pointer, false);
  if (refs == nullptr) return;
  const std::string p = pointer + "/sources";
  if (!expect(*refs, json::value_t::array, p, "sources")) return;
  for (std::size_t i = 0; i < refs->size(); ++i) {
    const json& r = (*refs)[i];
    const std::string ip = p + "/" + std::to_string(i);
    if (!expect(r, json::value_t::string, ip, "a source id")) continue;
    const auto& id = r.get_ref<const std::string&>();
    if (!model_.source_index.contains(id)) {
      error(ip, "unknown source " + in_quotes(id) +
                    hint(id, model_.sources, [](const Source& s) { return s.id; }));
    }
  }
}

std::string Reader::csv_display_name(const std::string& relative) const {
  return (dir_ / relative).lexically_normal().string();
}

namespace {

/// Whether `path` is `folder` or lies below it (both absolute and normal).
bool is_within(const std::filesystem::path& path, const std::filesystem::path& folder) {
  auto p = path.begin();
  for (auto f = folder.begin(); f != folder.end(); ++f, ++p) {
    if (f->empty()) continue;  // the trailing "" of "dir/"
    if (p == path.end() || *p != *f) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> Reader::read_csv_file(const std::string& relative,
                                                 const std::string& pointer) {
  namespace fs = std::filesystem;
  const std::string name = csv_display_name(relative);
  std::string open_name = name;
  if (!any_path_) {
    const auto outside = [&](const std::string& how) {
      error(pointer, "CSV file " + in_quotes(relative) + " " + how +
                         "; files named in a model must lie in its folder or below it "
                         "(--allow-any-path lifts this)");
      return std::nullopt;
    };
    if (fs::path(relative).is_absolute()) return outside("is an absolute path");
    const fs::path normal = fs::path(relative).lexically_normal();
    if (!normal.empty() && *normal.begin() == "..") return outside("climbs out of the model's folder");
    // Through symbolic links: compare where both really are.
    std::error_code ec;
    const fs::path folder = fs::canonical(dir_, ec);
    if (!ec) {
      const fs::path real = fs::canonical(dir_ / relative, ec);
      if (!ec) {
        if (!is_within(real, folder)) {
          return outside("leads outside the model's folder through a symbolic link");
        }
        open_name = real.string();
      }
    }
  }
  try {
    InputText input = read_input(open_name, kMaxCsvFileBytes, InputKind::regular_file, {}, name);
    model_.inputs.push_back(input.identity);
    if (input.text.empty()) {
      diagnostics_->error_at_line(name, 1, 0, "empty CSV file (a header line is required)");
      return std::nullopt;
    }
    return std::move(input.text);
  } catch (const FileError& e) {
    error(pointer, e.what());
    return std::nullopt;
  }
}

}  // namespace policygraph::detail
