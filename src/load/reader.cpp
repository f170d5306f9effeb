#include "reader.hpp"

#include <algorithm>

#include <policygraph/load/input_file.hpp>
#include <policygraph/load/json_text.hpp>

namespace policygraph::detail {

std::string type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";  // JSON's word: stays as it is
    // TRANSLATORS: a kind of JSON value, in "KEY: expected an object, found
    // a string".
    case json::value_t::object: return tr("an object");
    case json::value_t::array: return tr("an array");
    case json::value_t::string: return tr("a string");
    case json::value_t::boolean: return tr("a boolean");
    case json::value_t::binary: return tr("binary data");
    case json::value_t::discarded: return tr("nothing");
    default: return tr("a number");
  }
}

std::string bad_id_message(std::string_view id) {
  const std::string why = bad_id_reason(id);
  if (why.empty()) return {};
  const std::string quoted = in_quotes(id);
  // One whole message for each reason the rule gives (core/text.cpp).
  if (why == "is empty") return trf("id {0} is empty", {quoted});
  if (why == "contains a control character") {
    return trf("id {0} contains a control character", {quoted});
  }
  if (why == "is not valid UTF-8") return trf("id {0} is not valid UTF-8", {quoted});
  // TRANSLATORS: {0} is an id in quotes, {1} why it is refused (in English).
  return trf("id {0} {1}", {quoted, why});
}

namespace {
std::string expected_name(json::value_t type) {
  switch (type) {
    case json::value_t::object: return tr("an object");
    case json::value_t::array: return tr("an array");
    case json::value_t::string: return tr("a string");
    // TRANSLATORS: the values a JSON boolean takes; keep true and false as they are.
    case json::value_t::boolean: return tr("true or false");
    default: return tr("a number");
  }
}
bool has_type(const json& v, json::value_t type) {
  if (type == json::value_t::number_float) return v.is_number();
  return v.type() == type;
}
}  // namespace

void JsonReader::check_keys(const json& object, const std::string& pointer, std::string_view context,
                        std::initializer_list<std::string_view> known) {
  for (const auto& item : object.items()) {
    if (std::find(known.begin(), known.end(), item.key()) != known.end()) continue;
    std::string tag = std::string(context) + '\x1f' + item.key();
    if (!warned_.insert(std::move(tag)).second) continue;
    std::vector<std::string> names(known.begin(), known.end());
    // TRANSLATORS: {0} is a key of the model file, in quotes; {1} says what
    // the object holding it is ("a unit", "the model"); {2} is empty or
    // ' (did you mean "KEY"?)'.
    std::string message =
        trf("unknown key {0} in {1} (ignored){2}",
            {in_quotes(item.key()), tr(context), did_you_mean(item.key(), names)});
    diagnostics_->warning_at_pointer(file_, pointer + "/" + pointer_token(item.key()),
                                     std::move(message));
  }
}

namespace {
// TRANSLATORS: {0} is a key of the model file, as written ("units"), or
// what the value is ("a unit id"); {1} the kind of value it must be ("an
// array"), {2} the kind it is ("a string").
constexpr const char* kExpected = N_("{0}: expected {1}, found {2}");
}  // namespace

bool JsonReader::expect(const json& value, json::value_t type, const std::string& pointer,
                    const char* what) {
  if (has_type(value, type)) return true;
  error(pointer, fill(tr(kExpected), {tr(what), expected_name(type), type_name(value)}));
  return false;
}

bool JsonReader::expect_key(const json& value, json::value_t type, const std::string& pointer,
                        std::string_view key) {
  if (has_type(value, type)) return true;
  error(pointer, fill(tr(kExpected), {key, expected_name(type), type_name(value)}));
  return false;
}

const json* JsonReader::member(const json& object, std::string_view key, const std::string& pointer,
                           bool required) {
  const auto it = object.find(key);
  if (it == object.end()) {
    if (required) error(pointer, trf("missing key {0}", {in_quotes(key)}));
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonReader::string_member(const json& object, std::string_view key,
                                                 const std::string& pointer, bool required) {
  const json* v = member(object, key, pointer, required);
  if (v == nullptr) return std::nullopt;
  const std::string p = pointer + "/" + pointer_token(key);
  if (!expect_key(*v, json::value_t::string, p, key)) return std::nullopt;
  return v->get<std::string>();
}

std::optional<double> JsonReader::number_member(const json& object, std::string_view key,
                                            const std::string& pointer, bool required) {
  const json* v = member(object, key, pointer, required);
  if (v == nullptr) return std::nullopt;
  if (!expect_key(*v, json::value_t::number_float, pointer + "/" + pointer_token(key), key)) {
    return std::nullopt;
  }
  return v->get<double>();
}

std::optional<bool> JsonReader::bool_member(const json& object, std::string_view key,
                                        const std::string& pointer) {
  const json* v = member(object, key, pointer, false);
  if (v == nullptr) return std::nullopt;
  if (!expect_key(*v, json::value_t::boolean, pointer + "/" + pointer_token(key), key)) {
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::string> JsonReader::id_member(const json& object, std::string_view key,
                                             const std::string& pointer) {
  auto id = string_member(object, key, pointer, true);
  if (!id) return std::nullopt;
  if (auto why = bad_id_message(*id); !why.empty()) {
    error(pointer + "/" + pointer_token(key), std::move(why));
    return std::nullopt;
  }
  return id;
}

void Reader::labels(const json& object, const std::string& pointer, LabelSet& out) {
  if (auto label = string_member(object, "label", pointer, false)) out.label = std::move(*label);
  by_language(object, "labels", N_("a label"), pointer, out.by_lang);
}

void JsonReader::by_language(const json& object, const char* key, const char* what,
                         const std::string& pointer, std::map<std::string, std::string>& out) {
  const json* all = member(object, key, pointer, false);
  if (all == nullptr) return;
  const std::string p = pointer + "/" + key;
  if (!expect_key(*all, json::value_t::object, p, key)) return;
  for (const auto& item : all->items()) {
    const std::string ip = p + "/" + pointer_token(item.key());
    if (item.key().empty()) {
      error(ip, tr("empty language tag"));
    } else if (expect(item.value(), json::value_t::string, ip, what)) {
      out[item.key()] = item.value().get<std::string>();
    }
  }
}

void Reader::source_refs(const json& object, const std::string& pointer) {
  const json* refs = member(object, "sources", pointer, false);
  if (refs == nullptr) return;
  const std::string p = pointer + "/sources";
  if (!expect_key(*refs, json::value_t::array, p, "sources")) return;
  for (std::size_t i = 0; i < refs->size(); ++i) {
    const json& r = (*refs)[i];
    const std::string ip = p + "/" + std::to_string(i);
    if (!expect(r, json::value_t::string, ip, N_("a source id"))) continue;
    const auto& id = r.get_ref<const std::string&>();
    if (!model_.source_index.contains(id)) {
      // TRANSLATORS: {0} is a source id, in quotes; {1} is empty or
      // ' (did you mean "ID"?)'.
      error(ip, trf("unknown source {0}{1}",
                    {in_quotes(id),
                     hint(id, model_.sources, [](const Source& s) { return s.id; })}));
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
    const auto outside = [&](std::string message) {
      error(pointer, std::move(message));
      return std::nullopt;
    };
    const std::string quoted = in_quotes(relative);
    if (fs::path(relative).is_absolute()) {
      // TRANSLATORS: {0} is a file name as the model gives it, in quotes;
      // --allow-any-path is an option of the command line.
      return outside(trf("CSV file {0} is an absolute path; files named in a model must lie in "
                         "its folder or below it (--allow-any-path lifts this)",
                         {quoted}));
    }
    const fs::path normal = fs::path(relative).lexically_normal();
    if (!normal.empty() && *normal.begin() == "..") {
      return outside(trf("CSV file {0} climbs out of the model's folder; files named in a model "
                         "must lie in its folder or below it (--allow-any-path lifts this)",
                         {quoted}));
    }
    // Through symbolic links: compare where both really are.
    std::error_code ec;
    const fs::path folder = fs::canonical(dir_, ec);
    if (!ec) {
      const fs::path real = fs::canonical(dir_ / relative, ec);
      if (!ec) {
        if (!is_within(real, folder)) {
          return outside(trf("CSV file {0} leads outside the model's folder through a symbolic "
                             "link; files named in a model must lie in its folder or below it "
                             "(--allow-any-path lifts this)",
                             {quoted}));
        }
        open_name = real.string();
      }
    }
  }
  try {
    InputText input = read_input(open_name, kMaxCsvFileBytes, InputKind::regular_file, {}, name);
    model_.inputs.push_back(input.identity);
    if (input.text.empty()) {
      diagnostics().error_at_line(name, 1, 0, tr("empty CSV file (a header line is required)"));
      return std::nullopt;
    }
    return std::move(input.text);
  } catch (const FileError& e) {
    error(pointer, e.what());
    return std::nullopt;
  }
}

}  // namespace policygraph::detail
