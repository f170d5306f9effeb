// The model reader: top level, sources, domains, functions, dependencies.
// Structures are in structure_reader.cpp.
#include <policygraph/load/model_reader.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>
#include <functional>
#include <filesystem>

#include <policygraph/load/csv.hpp>
#include <policygraph/load/input_file.hpp>
#include <policygraph/load/json_text.hpp>
#include <policygraph/resolve/resolve.hpp>

#include "reader.hpp"

namespace policygraph {
namespace {

using detail::json;
using detail::in_quotes;
using detail::Reader;

constexpr const char* kFormat = "policygraph/1";

/// Where each function was defined, for "first defined at" messages.
struct Origins {
  std::string csv_file;               // non-empty when functions came from CSV
  std::vector<std::size_t> position;  // JSON array index or CSV line, per function
  std::string describe(Index f) const {
    return csv_file.empty() ? "/functions/" + std::to_string(position[f])
                            : csv_file + ":" + std::to_string(position[f]);
  }
};

/// Parses a number in JSON's syntax (no nan, inf, hex or leading +).
std::optional<double> parse_json_number(std::string_view s) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return std::nullopt;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return std::nullopt;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range) {
    // Underflow to zero is fine (as in JSON); overflow is not.
    bool nonzero_mantissa = false;
    for (char c : s) {
      if (c == 'e' || c == 'E') break;
      if (c >= '1' && c <= '9') nonzero_mantissa = true;
    }
    const auto e = s.find_first_of("eE");
    const bool negative_exponent = e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
    if (nonzero_mantissa && !negative_exponent) return std::nullopt;
    return 0.0;
  }
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

class ModelReader {
 public:
  ModelReader(Reader& r, PhaseTimes* times, const PlainDependencies* plain = nullptr)
      : r_(r), m_(r.model()), times_(times), plain_(plain) {}

  void read(const json& root) {
    if (!r_.expect(root, json::value_t::object, "", N_("the model"))) return;
    r_.check_keys(root, "", N_("the model"),
                  {"format", "title", "titles", "description", "descriptions", "sources",
                   "domains", "functions", "dependencies", "structures"});
    if (auto format = r_.string_member(root, "format", "", true); format && *format != kFormat) {
      // TRANSLATORS: {0} is the format the file gives, in quotes; {1} the
      // one this version reads ("policygraph/1").
      r_.error("/format",
               trf("unsupported format {0} (expected \"{1}\")", {in_quotes(*format), kFormat}));
    }
    if (auto t = r_.string_member(root, "title", "", false)) m_.title = *t;
    if (auto d = r_.string_member(root, "description", "", false)) m_.description = *d;
    r_.by_language(root, "titles", N_("a title"), "", m_.titles);
    r_.by_language(root, "descriptions", N_("a description"), "", m_.descriptions);
    // TRANSLATORS: the steps of loading a model, under --timings.
    PhaseTimer functions(times_, N_("functions, domains, sources"));
    if (const json* s = r_.member(root, "sources", "", false)) read_sources(*s);
    if (const json* d = r_.member(root, "domains", "", true)) read_domains(*d);
    if (const json* f = r_.member(root, "functions", "", true)) read_functions(*f);
    functions.stop();
    PhaseTimer dependencies(times_, N_("dependencies"));
    if (const json* d = r_.member(root, "dependencies", "", true)) read_dependencies(*d);
    dependencies.stop();
    PhaseTimer resolve(times_, N_("structures (check, resolve)"));
    const json* structures = r_.member(root, "structures", "", true);
    if (structures != nullptr &&
        r_.expect_key(*structures, json::value_t::array, "/structures", "structures")) {
      if (structures->empty()) r_.error("/structures", tr("a model needs at least one structure"));
      auto specs = detail::read_structure_specs(r_, *structures);
      resolve_structures(m_, specs, r_.diagnostics());
    }
  }

 private:
  std::string suggest_function(const std::string& id) const {
    return r_.hint(id, m_.functions, [](const Function& f) { return f.id; });
  }
  std::string suggest_domain(const std::string& id) const {
    return r_.hint(id, m_.domains, [](const Domain& d) { return d.id; });
  }

  void read_sources(const json& sources) {
    if (!r_.expect_key(sources, json::value_t::array, "/sources", "sources")) return;
    std::vector<std::size_t> first;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      const std::string p = "/sources/" + std::to_string(i);
      const json& s = sources[i];
      if (!r_.expect(s, json::value_t::object, p, N_("a source"))) continue;
      r_.check_keys(s, p, N_("a source"), {"id", "title", "url", "date", "note"});
      Source src;
      auto id = r_.id_member(s, "id", p);
      if (auto t = r_.string_member(s, "title", p, true)) src.title = *t;
      if (auto u = r_.string_member(s, "url", p, false)) src.url = *u;
      if (auto d = r_.string_member(s, "date", p, false)) src.date = *d;
      if (auto n = r_.string_member(s, "note", p, false)) src.note = *n;
      if (!id) continue;
      if (auto it = m_.source_index.find(*id); it != m_.source_index.end()) {
        // TRANSLATORS: {0} is an id, in quotes; {1} the JSON pointer of the
        // entry that gave it first (/sources/0).
        r_.error(p + "/id", trf("duplicate source id {0} (first at {1})",
                                {in_quotes(*id), "/sources/" + std::to_string(first[it->second])}));
        continue;
      }
      src.id = *id;
      m_.source_index.emplace(*id, static_cast<Index>(m_.sources.size()));
      m_.sources.push_back(std::move(src));
      first.push_back(i);
    }
  }

  void read_domains(const json& domains) {
    if (!r_.expect_key(domains, json::value_t::array, "/domains", "domains")) return;
    std::vector<std::size_t> first;
    for (std::size_t i = 0; i < domains.size(); ++i) {
      const std::string p = "/domains/" + std::to_string(i);
      const json& d = domains[i];
      if (!r_.expect(d, json::value_t::object, p, N_("a domain"))) continue;
      r_.check_keys(d, p, N_("a domain"), {"id", "label", "labels", "description", "sources"});
      Domain domain;
      auto id = r_.id_member(d, "id", p);
      r_.labels(d, p, domain.labels);
      if (auto desc = r_.string_member(d, "description", p, false)) domain.description = *desc;
      r_.source_refs(d, p);
      if (!id) continue;
      if (auto it = m_.domain_index.find(*id); it != m_.domain_index.end()) {
        // TRANSLATORS: {0} is an id, in quotes; {1} the JSON pointer of the
        // entry that gave it first (/domains/0).
        r_.error(p + "/id", trf("duplicate domain id {0} (first at {1})",
                                {in_quotes(*id), "/domains/" + std::to_string(first[it->second])}));
        continue;
      }
      domain.id = *id;
      m_.domain_index.emplace(*id, static_cast<Index>(m_.domains.size()));
      m_.domains.push_back(std::move(domain));
      first.push_back(i);
    }
  }

  /// Adds a function unless its id is a duplicate; `where` locates errors.
  template <typename ErrorAt>
  void add_function(Function f, std::size_t origin, const ErrorAt& error_at) {
    if (auto why = detail::bad_id_message(f.id); !why.empty()) {
      error_at("id", why);
      return;
    }
    if (auto first = m_.function_index.find(f.id)) {
      // TRANSLATORS: {0} is an id, in quotes; {1} where it was given first:
      // a JSON pointer (/functions/0) or FILE:LINE of a CSV file.
      error_at("id", trf("duplicate function id {0} (first at {1})",
                         {in_quotes(f.id), origins_.describe(*first)}));
      return;
    }
    m_.function_index.insert(f.id, static_cast<Index>(m_.functions.size()));
    m_.functions.push_back(std::move(f));
    origins_.position.push_back(origin);
  }

  /// Resolves one domain reference of a function; reports unknown ones.
  template <typename ErrorAt>
  void add_domain(Function& f, const std::string& id, const ErrorAt& error_at) {
    auto it = m_.domain_index.find(id);
    if (it == m_.domain_index.end()) {
      // TRANSLATORS: {0} is a domain id, in quotes; {1} is empty or
      // ' (did you mean "ID"?)'.
      error_at("domains", trf("unknown domain {0}{1}", {in_quotes(id), suggest_domain(id)}));
    } else if (std::find(f.domains.begin(), f.domains.end(), it->second) != f.domains.end()) {
      error_at("domains", trf("domain {0} is listed twice", {in_quotes(id)}));
    } else {
      f.domains.push_back(it->second);
    }
  }

  void read_functions(const json& functions) {
    if (functions.is_object()) {
      read_functions_csv(functions);
      return;
    }
    if (!r_.expect(functions, json::value_t::array, "/functions",
                   // TRANSLATORS: what /functions must be; "functions" is its key and
                   // {"csv": PATH} is written so in the model file: keep both as they are.
                   N_("functions (an array, or {\"csv\": PATH})"))) {
      return;
    }
    for (std::size_t i = 0; i < functions.size(); ++i) {
      const std::string p = "/functions/" + std::to_string(i);
      const json& j = functions[i];
      if (!r_.expect(j, json::value_t::object, p, N_("a function"))) continue;
      r_.check_keys(j, p, N_("a function"),
                    {"id", "label", "labels", "domains", "description", "sources"});
      Function f;
      auto id = r_.string_member(j, "id", p, true);
      r_.labels(j, p, f.labels);
      if (auto d = r_.string_member(j, "description", p, false)) f.description = std::move(*d);
      r_.source_refs(j, p);
      if (const json* ds = r_.member(j, "domains", p, true);
          ds != nullptr && r_.expect_key(*ds, json::value_t::array, p + "/domains", "domains")) {
        if (ds->empty()) r_.error(p + "/domains", tr("a function needs at least one domain"));
        for (std::size_t k = 0; k < ds->size(); ++k) {
          const std::string dp = p + "/domains/" + std::to_string(k);
          if (!r_.expect((*ds)[k], json::value_t::string, dp, N_("a domain id"))) continue;
          add_domain(f, (*ds)[k].get<std::string>(),
                     [&](const char*, const std::string& msg) { r_.error(dp, msg); });
        }
      }
      if (!id) continue;
      f.id = std::move(*id);
      add_function(std::move(f), i,
                   [&](const char* key, const std::string& msg) { r_.error(p + "/" + key, msg); });
    }
  }

  /// The text of a referenced CSV file, checked to be UTF-8; nullopt (and
  /// an error) when it cannot be used.
  std::optional<std::string> open_csv_form(const json& ref, const std::string& pointer,
                                           std::string& name) {
    auto path = r_.string_member(ref, "csv", pointer, true);
    r_.check_keys(ref, pointer, N_("a CSV reference"), {"csv"});
    if (!path) return std::nullopt;
    auto text = r_.read_csv_file(*path, pointer + "/csv");
    if (!text) return std::nullopt;
    name = r_.csv_display_name(*path);
    if (auto bad = invalid_utf8_offset(*text); bad != std::string_view::npos) {
      r_.diagnostics().error_at_line(name, position_of(*text, bad).line,
                                     position_of(*text, bad).column, tr("invalid UTF-8"));
      return std::nullopt;
    }
    return text;
  }

  /// Finds the header columns of `text` and calls `row` for every data
  /// record of the header's width; problems go to `diagnostics`.
  template <typename Row>
  static bool read_csv_rows(std::string_view text, const std::string& name,
                            const std::vector<std::string>& columns, std::size_t required,
                            Diagnostics& diagnostics, const Row& row,
                            const std::vector<std::string>& prefixes = {}) {
    CsvColumns cols;
    std::size_t width = 0;  // the header's number of fields; every row must match
    bool header_seen = false;
    bool ok = true;
    read_csv(text, name, diagnostics, [&](const CsvRecord& rec) {
      if (!header_seen) {
        header_seen = true;
        width = rec.fields.size();
        ok = find_columns(rec, columns, required, name, diagnostics, cols, prefixes);
        return ok;
      }
      if (rec.fields.size() != width) {
        // TRANSLATORS: {0} is the number of fields of the header line of a
        // CSV file, {1} that of this line.
        std::string message = trf("expected {0} fields, found {1}",
                                  {std::to_string(width), std::to_string(rec.fields.size())});
        diagnostics.error_at_line(name, rec.line, 0, std::move(message));
        return true;
      }
      return row(rec, cols);
    });
    if (!header_seen) {
      diagnostics.error_at_line(name, 1, 0, tr("no header line"));
      return false;
    }
    return ok;
  }

  /// A record's cell for wanted column `w`, or "" when that column is absent.
  static std::string_view cell(const CsvRecord& rec, const CsvColumns& cols, std::size_t w) {
    const std::size_t c = cols.index[w];
    return c == CsvColumns::kAbsent || c >= rec.fields.size() ? std::string_view()
                                                               : rec.fields[c];
  }

  void read_functions_csv(const json& ref) {
    std::string name;
    // As in JSON: a label, labels in other languages (labels.ko, ...) and a
    // description; an empty cell gives none.
    const std::vector<std::string> columns{"id", "domains", "label", "description"};
    auto text = open_csv_form(ref, "/functions", name);
    if (!text) return;
    // At most a function a line, the header aside: room for all at once.
    const auto lines = static_cast<std::size_t>(std::count(text->begin(), text->end(), '\n')) + 1;
    m_.functions.reserve(m_.functions.size() + lines);
    m_.function_index.reserve(m_.function_index.size() + lines);
    read_csv_rows(*text, name, columns, 2, r_.diagnostics(),
                  [&](const CsvRecord& rec, const CsvColumns& cols) {
                    const auto at = [&](const char*, const std::string& msg) {
                      r_.diagnostics().error_at_line(name, rec.line, 0, msg);
                    };
                    Function f;
                    f.id = std::string(cell(rec, cols, 0));
                    f.labels.label = std::string(cell(rec, cols, 2));
                    f.description = std::string(cell(rec, cols, 3));
                    for (const auto& [column, tag] : cols.prefixed) {
                      if (column < rec.fields.size() && !rec.fields[column].empty()) {
                        f.labels.by_lang[tag] = std::string(rec.fields[column]);
                      }
                    }
                    std::string_view ds = cell(rec, cols, 1);
                    if (ds.empty()) at("domains", tr("a function needs at least one domain"));
                    while (!ds.empty()) {
                      const auto semi = ds.find(';');
                      const std::string_view one = ds.substr(0, semi);
                      if (one.empty()) {
                        at("domains", tr("empty domain id in \"domains\""));
                      } else {
                        add_domain(f, std::string(one), at);
                      }
                      if (semi == std::string_view::npos) break;
                      ds.remove_prefix(semi + 1);
                      if (ds.empty()) at("domains", tr("empty domain id in \"domains\""));
                    }
                    add_function(std::move(f), rec.line, at);
                    return true;
                  },
                  {"labels."});
    origins_.csv_file = name;
  }

  Index intern_kind(std::string_view kind) {
    auto it = kinds_.find(std::string(kind));
    if (it != kinds_.end()) return it->second;
    const auto k = static_cast<Index>(m_.dependency_kinds.size());
    m_.dependency_kinds.emplace_back(kind);
    kinds_.emplace(std::string(kind), k);
    return k;
  }

  std::optional<Index> function_ref(const std::string& id, const std::function<void(std::string)>& error) {
    if (auto f = m_.function_index.find(id)) return *f;
    // TRANSLATORS: {0} is a function id, in quotes; {1} is empty or
    // ' (did you mean "ID"?)'.
    error(trf("unknown function {0}{1}", {in_quotes(id), suggest_function(id)}));
    return std::nullopt;
  }

  void read_dependencies(const json& deps) {
    intern_kind("coordination");
    if (deps.is_object()) {
      read_dependencies_csv(deps);
      return;
    }
    if (!r_.expect(deps, json::value_t::array, "/dependencies",
                   // TRANSLATORS: what /dependencies must be; "dependencies" is its key and
                   // {"csv": PATH} is written so in the model file: keep both as they are.
                   N_("dependencies (an array, or {\"csv\": PATH})"))) {
      return;
    }
    m_.dependencies.reserve(deps.size());
    const auto* plain = plain_ != nullptr ? &plain_->records() : nullptr;
    std::size_t next_plain = 0;
    for (std::size_t i = 0; i < deps.size(); ++i) {
      if (plain != nullptr && next_plain < plain->size() && (*plain)[next_plain].index == i) {
        add_plain_dependency((*plain)[next_plain++]);
        continue;
      }
      const std::string p = "/dependencies/" + std::to_string(i);
      const json& j = deps[i];
      if (!r_.expect(j, json::value_t::object, p, N_("a dependency"))) continue;
      r_.check_keys(j, p, N_("a dependency"), {"from", "to", "weight", "kind", "note", "sources"});
      auto from = r_.string_member(j, "from", p, true);
      auto to = r_.string_member(j, "to", p, true);
      auto weight = r_.number_member(j, "weight", p, false);
      auto kind = r_.string_member(j, "kind", p, false);
      r_.string_member(j, "note", p, false);
      r_.source_refs(j, p);
      Dependency d;
      bool ok = true;
      if (weight) {
        if (!(*weight > 0) || !(*weight <= kMaxQuantity)) {
          // TRANSLATORS: {0} is the weight as the model file writes it.
          r_.error(p + "/weight", trf("weight must be a number > 0 and at most 1e15, found {0}",
                                      {j["weight"].dump()}));
          ok = false;
        }
        d.weight = *weight;
      }
      std::optional<Index> f, t;
      if (from) f = function_ref(*from, [&](std::string m) { r_.error(p + "/from", std::move(m)); });
      if (to) t = function_ref(*to, [&](std::string m) { r_.error(p + "/to", std::move(m)); });
      if (from && to && *from == *to) {
        r_.error(p, trf("self-dependency: {0} depends on itself", {in_quotes(*from)}));
        ok = false;
      }
      if (!f || !t || !ok) continue;
      d.from = *f;
      d.to = *t;
      d.kind = kind ? intern_kind(*kind) : 0;
      m_.dependencies.push_back(d);
    }
  }

  /// A plain element of /dependencies (load/json_text.hpp), checked as
  /// read_dependencies checks one in the document: its keys and their types
  /// are known to be right.
  void add_plain_dependency(const PlainDependencies::Record& rec) {
    const auto pointer = [&](const char* key) {
      return "/dependencies/" + std::to_string(rec.index) + key;
    };
    Dependency d;
    bool ok = true;
    if (!rec.weight.is_null()) {
      d.weight = rec.weight.get<double>();
      if (!(d.weight > 0) || !(d.weight <= kMaxQuantity)) {
        r_.error(pointer("/weight"), trf("weight must be a number > 0 and at most 1e15, found {0}",
                                         {rec.weight.dump()}));
        ok = false;
      }
    }
    const std::string_view from = plain_->from(rec);
    const std::string_view to = plain_->to(rec);
    const auto f = m_.function_index.find(from);
    const auto t = m_.function_index.find(to);
    if (!f) {
      const std::string id(from);
      r_.error(pointer("/from"), trf("unknown function {0}{1}", {in_quotes(id), suggest_function(id)}));
    }
    if (!t) {
      const std::string id(to);
      r_.error(pointer("/to"), trf("unknown function {0}{1}", {in_quotes(id), suggest_function(id)}));
    }
    if (from == to) {
      r_.error(pointer(""), trf("self-dependency: {0} depends on itself", {in_quotes(from)}));
      ok = false;
    }
    if (!f || !t || !ok) return;
    d.from = *f;
    d.to = *t;
    const auto kind = plain_->kind(rec);
    d.kind = kind ? intern_kind(*kind) : 0;
    m_.dependencies.push_back(d);
  }

  void read_dependencies_csv(const json& ref) {
    std::string name;
    auto text = open_csv_form(ref, "/dependencies", name);
    if (!text) return;
    // Most files are clean: read them in the fast way, and only a file with
    // any message at all a second time, in the way that says where and why.
    const std::size_t kinds_before = m_.dependency_kinds.size();
    const auto start_again = [&] {
      m_.dependencies.clear();
      while (m_.dependency_kinds.size() > kinds_before) {
        kinds_.erase(m_.dependency_kinds.back());
        m_.dependency_kinds.pop_back();
      }
    };
    if (read_unquoted_dependencies(*text, name)) return;
    start_again();
    if (read_clean_dependencies(*text, name)) return;
    start_again();
    read_csv_rows(*text, name, kDependencyColumns, 2, r_.diagnostics(),
                  [&](const CsvRecord& rec, const CsvColumns& cols) {
                    const auto error = [&](std::string msg) {
                      r_.diagnostics().error_at_line(name, rec.line, 0, std::move(msg));
                    };
                    const std::string from(cell(rec, cols, 0));
                    const std::string to(cell(rec, cols, 1));
                    Dependency d;
                    bool ok = true;
                    if (const std::string_view w = cell(rec, cols, 2); !w.empty()) {
                      const auto value = csv_weight(w);
                      if (!value) {
                        error(trf("weight must be a number > 0 and at most 1e15, found {0}",
                                  {in_quotes(w)}));
                        ok = false;
                      } else {
                        d.weight = *value;
                      }
                    }
                    auto f = function_ref(from, error);
                    auto t = function_ref(to, error);
                    if (from == to) {
                      error(trf("self-dependency: {0} depends on itself", {in_quotes(from)}));
                      ok = false;
                    }
                    if (!f || !t || !ok) return true;
                    d.from = *f;
                    d.to = *t;
                    const std::string_view kind = cell(rec, cols, 3);
                    d.kind = kind.empty() ? 0 : intern_kind(kind);
                    m_.dependencies.push_back(d);
                    return true;
                  });
  }

  /// The fastest way, for a file without a single problem and without
  /// quotes, the usual form of a large one: one pass over the text that
  /// splits each line where it stands, and ids looked up in batches. Says
  /// whether the file was such a one; if not, the caller starts again.
  bool read_unquoted_dependencies(std::string_view text, const std::string& name) {
    const auto head = unquoted_header(text);
    if (!head) return false;
    CsvColumns cols;
    Diagnostics quiet;
    if (!find_columns(head->header, kDependencyColumns, 2, name, quiet, cols) ||
        !quiet.all().empty()) {
      return false;
    }
    const std::size_t from_column = cols.index[0];
    const std::size_t to_column = cols.index[1];
    const std::size_t weight_column = cols.index[2];
    const std::size_t kind_column = cols.index[3];
    constexpr std::size_t kBatch = 256;  // dependencies per batch
    std::vector<std::string_view> ids(2 * kBatch);
    std::vector<std::uint32_t> found(2 * kBatch);
    std::vector<std::pair<double, Index>> rest(kBatch);  // weight and kind
    std::size_t pending = 0;
    const auto resolve = [&] {
      m_.function_index.find_all(std::span(ids).first(2 * pending),
                                 std::span(found).first(2 * pending));
      for (std::size_t k = 0; k < pending; ++k) {
        if (found[2 * k] == IdIndex::kAbsent || found[2 * k + 1] == IdIndex::kAbsent) return false;
        m_.dependencies.push_back(
            Dependency{found[2 * k], found[2 * k + 1], rest[k].first, rest[k].second});
      }
      pending = 0;
      return true;
    };
    std::string_view last_kind;  // most files hold few kinds, in runs
    Index last_kind_index = 0;
    m_.dependencies.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
    const bool clean = read_unquoted_records<5>(
        text, head->body, head->header.fields.size(), [&](std::span<const std::string_view> f) {
          const std::string_view from = f[from_column];
          const std::string_view to = f[to_column];
          if (from == to) return false;
          double weight = 1.0;
          if (weight_column != CsvColumns::kAbsent && !f[weight_column].empty()) {
            const std::string_view w = f[weight_column];
            if (w.size() == 1 && w[0] >= '1' && w[0] <= '9') {
              weight = w[0] - '0';
            } else if (const auto value = csv_weight(w)) {
              weight = *value;
            } else {
              return false;
            }
          }
          Index kind = 0;
          if (kind_column != CsvColumns::kAbsent && !f[kind_column].empty()) {
            const std::string_view k = f[kind_column];
            if (k != last_kind) {
              last_kind = k;
              last_kind_index = intern_kind(k);
            }
            kind = last_kind_index;
          }
          ids[2 * pending] = from;
          ids[2 * pending + 1] = to;
          rest[pending++] = {weight, kind};
          return pending < kBatch || resolve();
        });
    return clean && resolve();
  }

  /// Reads the dependencies of a file without a single problem, and says
  /// whether it had none (else the caller reads it again, reporting them).
  /// Ids are looked up in batches (IdIndex::find_all), so that the cache
  /// misses of a large index overlap.
  bool read_clean_dependencies(std::string_view text, const std::string& name) {
    struct Pending {
      std::string_view from;
      std::string_view to;
      double weight;
      Index kind;
    };
    constexpr std::size_t kBatch = 256;  // dependencies per batch
    std::vector<Pending> pending;
    pending.reserve(kBatch);
    std::vector<std::string_view> ids(2 * kBatch);
    std::vector<std::uint32_t> found(2 * kBatch);
    std::deque<std::string> unquoted;  // ids with doubled quotes, which `text` does not hold
    const auto in_text = [&](std::string_view field) {
      if (field.empty() || (field.data() >= text.data() &&
                            field.data() + field.size() <= text.data() + text.size())) {
        return field;
      }
      return std::string_view(unquoted.emplace_back(field));
    };
    bool clean = true;
    const auto resolve = [&] {
      const std::size_t count = pending.size();
      for (std::size_t k = 0; k < count; ++k) {
        ids[2 * k] = pending[k].from;
        ids[2 * k + 1] = pending[k].to;
      }
      m_.function_index.find_all(std::span(ids).first(2 * count),
                                 std::span(found).first(2 * count));
      for (std::size_t k = 0; k < count; ++k) {
        if (found[2 * k] == IdIndex::kAbsent || found[2 * k + 1] == IdIndex::kAbsent) {
          clean = false;
          return;
        }
        m_.dependencies.push_back(
            Dependency{found[2 * k], found[2 * k + 1], pending[k].weight, pending[k].kind});
      }
      pending.clear();
      unquoted.clear();
    };
    m_.dependencies.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
    Diagnostics quiet;
    const bool ok = read_csv_rows(text, name, kDependencyColumns, 2, quiet,
                                  [&](const CsvRecord& rec, const CsvColumns& cols) {
      Pending p{in_text(cell(rec, cols, 0)), in_text(cell(rec, cols, 1)), 1.0, 0};
      if (p.from == p.to) return clean = false;
      if (const std::string_view w = cell(rec, cols, 2); !w.empty()) {
        const auto value = csv_weight(w);
        if (!value) return clean = false;
        p.weight = *value;
      }
      if (const std::string_view kind = cell(rec, cols, 3); !kind.empty()) {
        p.kind = intern_kind(kind);
      }
      pending.push_back(p);
      if (pending.size() == kBatch) resolve();
      return clean;
    });
    if (clean) resolve();
    return ok && clean && quiet.all().empty();
  }

  /// A weight cell's value, when it is a number > 0 and at most kMaxQuantity.
  static std::optional<double> csv_weight(std::string_view cell) {
    const auto value = parse_json_number(cell);
    if (!value || !(*value > 0) || !(*value <= kMaxQuantity)) return std::nullopt;
    return value;
  }

  inline static const std::vector<std::string> kDependencyColumns{"from", "to", "weight", "kind",
                                                                  "note"};

  Reader& r_;
  Model& m_;
  PhaseTimes* times_;
  const PlainDependencies* plain_;
  Origins origins_;
  std::unordered_map<std::string, Index> kinds_;
};

}  // namespace

Model read_model_text(std::string_view text, const std::string& source_name,
                      const std::string& base_dir, Diagnostics& diagnostics,
                      const ReadOptions& options) {
  Model model;
  model.path = source_name;
  PhaseTimes* times = options.times;
  // TRANSLATORS: a step of loading a model, under --timings.
  PhaseTimer parse(times, N_("parse JSON"));
  PlainDependencies plain;
  auto root = parse_json(text, source_name, diagnostics, &plain);
  parse.stop();
  if (!root) throw ModelError(diagnostics);
  Reader reader(source_name, base_dir.empty() ? std::filesystem::path(".") : std::filesystem::path(base_dir),
                diagnostics, model, options.any_path);
  ModelReader(reader, times, &plain).read(*root);
  if (diagnostics.has_errors()) throw ModelError(diagnostics);
  PhaseTimer graph(times, N_("function graph"));
  model.graph = build_function_graph(model.functions.size(), model.dependencies);
  model.index_units();
  return model;
}

Model read_model_text(std::string_view text, const std::string& source_name,
                      const std::string& base_dir, Diagnostics& diagnostics, PhaseTimes* times) {
  ReadOptions options;
  options.times = times;
  return read_model_text(text, source_name, base_dir, diagnostics, options);
}

std::vector<ChangeOp> read_change_ops(std::string_view text, const std::string& source_name,
                                      Diagnostics& diagnostics) {
  auto root = parse_json(text, source_name, diagnostics);
  if (!root) throw ModelError(diagnostics);
  Model scratch;  // ops name ids only; apply() checks them against a model
  Reader reader(source_name, std::filesystem::path("."), diagnostics, scratch, false);
  std::vector<ChangeOp> ops = read_change_list(reader, *root, "");
  if (diagnostics.has_errors()) throw ModelError(diagnostics);
  return ops;
}

Model read_model_file(const std::string& path, Diagnostics& diagnostics,
                      const ReadOptions& options) {
  // TRANSLATORS: a step of loading a model, under --timings.
  PhaseTimer read(options.times, N_("read file"));
  InputText input = read_input(path, kMaxJsonFileBytes, InputKind::file_or_stream, options.waiting);
  read.stop();
  // A pipe (/dev/fd/63) has no folder of its own: its CSV paths are
  // relative to the current folder.
  const std::string dir =
      input.regular ? std::filesystem::path(path).parent_path().string() : std::string();
  Model model = read_model_text(input.text, path, dir, diagnostics, options);
  model.inputs.insert(model.inputs.begin(), input.identity);
  if (options.text != nullptr) *options.text = std::move(input.text);
  return model;
}

Model read_model_file(const std::string& path, Diagnostics& diagnostics, PhaseTimes* times) {
  ReadOptions options;
  options.times = times;
  return read_model_file(path, diagnostics, options);
}

}  // namespace policygraph
