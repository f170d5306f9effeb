// policygraph._core: the engine for the Python package (python/policygraph).
//
// A model is loaded once and held here; each call computes in C++ with the
// interpreter lock released and hands back only its result, converted from
// the JSON writers of the command line, so that a dict from Python is the
// document `policygraph CMD --format json` prints. The package's
// __init__.py gives it its Python face: docstrings, what-if structures,
// pandas and networkx.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <policygraph/core/messages.hpp>
#include <policygraph/core/text.hpp>
#include <policygraph/export/file_output.hpp>
#include <policygraph/policygraph.hpp>

namespace py = pybind11;

namespace policygraph::python {
namespace {

// ---- JSON to Python ---------------------------------------------------------

/// A new reference to the Python value of `j` (nullptr with an exception
/// set when Python runs out of memory). Written against the C API: results
/// of the 100k model hold some 50,000 values, and this is most of what a
/// call costs beyond the computation.
template <class Json>
PyObject* to_python_ref(const Json& j) {
  using nlohmann::json;
  switch (j.type()) {
    case json::value_t::boolean:
      return PyBool_FromLong(j.template get<bool>() ? 1 : 0);
    case json::value_t::number_integer:
      return PyLong_FromLongLong(j.template get<std::int64_t>());
    case json::value_t::number_unsigned:
      return PyLong_FromUnsignedLongLong(j.template get<std::uint64_t>());
    case json::value_t::number_float:
      return PyFloat_FromDouble(j.template get<double>());
    case json::value_t::string: {
      const auto& text = j.template get_ref<const std::string&>();
      return PyUnicode_FromStringAndSize(text.data(), static_cast<Py_ssize_t>(text.size()));
    }
    case json::value_t::array: {
      PyObject* out = PyList_New(static_cast<Py_ssize_t>(j.size()));
      if (out == nullptr) return nullptr;
      Py_ssize_t i = 0;
      for (const auto& e : j) {
        PyObject* item = to_python_ref(e);
        if (item == nullptr) {
          Py_DECREF(out);
          return nullptr;
        }
        PyList_SET_ITEM(out, i++, item);  // steals the reference
      }
      return out;
    }
    case json::value_t::object: {
      PyObject* out = PyDict_New();
      if (out == nullptr) return nullptr;
      for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& key = it.key();
        PyObject* k = PyUnicode_FromStringAndSize(key.data(), static_cast<Py_ssize_t>(key.size()));
        PyObject* v = k != nullptr ? to_python_ref(it.value()) : nullptr;
        const bool stored = v != nullptr && PyDict_SetItem(out, k, v) == 0;
        Py_XDECREF(k);
        Py_XDECREF(v);
        if (!stored) {
          Py_DECREF(out);
          return nullptr;
        }
      }
      return out;
    }
    default:  // null (binary and discarded never come out of the writers)
      Py_RETURN_NONE;
  }
}

template <class Json>
py::object to_python(const Json& j) {
  PyObject* out = to_python_ref(j);
  if (out == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(out);
}

py::dict labels_dict(const LabelSet& labels) {
  py::dict out;
  for (const auto& [lang, text] : labels.by_lang) out[py::str(lang)] = text;
  return out;
}

py::object optional_text(const std::string& text) {
  return text.empty() ? py::object(py::none()) : py::object(py::str(text));
}

// ---- errors -------------------------------------------------------------------

/// policygraph.ModelError, created at import: a ValueError carrying the
/// located diagnostics as `.diagnostics`.
PyObject* model_error_type = nullptr;

py::list diagnostics_list(const Diagnostics& diagnostics) {
  py::list out;
  for (const Diagnostic& d : diagnostics.all()) {
    py::dict item;
    item["severity"] = d.severity == Severity::kError ? "error" : "warning";
    item["file"] = d.file;
    item["pointer"] = d.has_pointer ? py::object(py::str(d.pointer)) : py::object(py::none());
    item["line"] = d.line > 0 ? py::object(py::int_(d.line)) : py::object(py::none());
    item["column"] = d.column > 0 ? py::object(py::int_(d.column)) : py::object(py::none());
    item["message"] = d.message;
    item["text"] = d.to_string();
    out.append(std::move(item));
  }
  return out;
}

void raise_model_error(const ModelError& e) {
  std::string text = e.diagnostics().render();
  while (!text.empty() && text.back() == '\n') text.pop_back();
  py::object error = py::reinterpret_borrow<py::object>(model_error_type)(text);
  error.attr("diagnostics") = diagnostics_list(e.diagnostics());
  error.attr("error_count") = e.diagnostics().error_count();
  PyErr_SetObject(model_error_type, error.ptr());
}

// pybind11's translator type takes the pointer by value.
void translate(std::exception_ptr p) {  // NOLINT(performance-unnecessary-value-param)
  try {
    if (p) std::rethrow_exception(p);
  } catch (const ModelError& e) {
    raise_model_error(e);
  } catch (const FileError& e) {
    PyErr_SetString(PyExc_OSError, e.what());
  } catch (const ConstraintError& e) {
    PyErr_SetString(PyExc_ValueError, e.what());
  }
}

/// The ranges of the command line's --noise and --drop.
void check_sampling(double noise, double drop) {
  if (!(noise >= 0 && noise <= 10)) throw py::value_error("noise must be from 0 to 10");
  if (!(drop >= 0 && drop < 1)) throw py::value_error("drop must be from 0 to below 1");
}

// ---- the model ----------------------------------------------------------------

/// Tables of one result, made when asked for: the CSV of `--format csv
/// --table NAME`.
struct Tables {
  std::vector<std::string> names;
  std::function<std::optional<Table>(const std::string&)> make;

  [[nodiscard]] std::string csv(const std::string& name) const {
    std::optional<Table> t = make(name);
    if (!t) throw py::value_error(not_a_choice("table", name, names));
    return render_csv(*t);
  }
};

std::pair<py::object, Tables> result(py::object json, Tables tables) {
  return {std::move(json), std::move(tables)};
}

/// A loaded model and what it was read from, with the structures added to
/// it since in change form (written by save()).
class Handle {
 public:
  Handle(std::shared_ptr<Model> model, std::string text, std::string path)
      : model_(std::move(model)), text_(std::move(text)), path_(std::move(path)) {}

  static std::shared_ptr<Handle> load(const std::string& path, bool any_path) {
    Diagnostics diagnostics;
    ReadOptions options;
    options.any_path = any_path;
    std::string text;
    options.text = &text;
    auto model = std::make_shared<Model>();
    {
      py::gil_scoped_release release;  // a large model takes a while to read
      *model = read_model_file(path, diagnostics, options);
    }
    auto h = std::make_shared<Handle>(std::move(model), std::move(text), path);
    h->warnings_ = diagnostics;
    return h;
  }

  static std::shared_ptr<Handle> loads(const std::string& text, const std::string& name,
                                       const std::string& base_dir, bool any_path) {
    Diagnostics diagnostics;
    ReadOptions options;
    options.any_path = any_path;
    auto model = std::make_shared<Model>();
    {
      py::gil_scoped_release release;
      *model = read_model_text(text, name, base_dir, diagnostics, options);
    }
    // save() rewrites CSV paths from the folder the text's paths are relative to.
    const std::string path =
        (std::filesystem::path(base_dir.empty() ? "." : base_dir) / "model.json").string();
    auto h = std::make_shared<Handle>(std::move(model), text, path);
    h->warnings_ = diagnostics;
    return h;
  }

  [[nodiscard]] const Model& model() const { return *model_; }
  [[nodiscard]] py::list warnings() const { return diagnostics_list(warnings_); }
  [[nodiscard]] const std::string& path() const { return model_->path; }

  [[nodiscard]] Index structure(const std::string& id) const {
    if (auto s = model_->find_structure(id)) return *s;
    std::vector<std::string> ids;
    ids.reserve(model_->structures.size());
    for (const Resolved& s : model_->structures) ids.push_back(s.id);
    throw py::value_error(
        unknown_name(N_("unknown structure {0}{1}; the model has: {2}"), id, ids));
  }

  [[nodiscard]] std::vector<Index> structures(const std::vector<std::string>& ids) const {
    std::vector<Index> out;
    if (ids.empty()) {
      for (Index s = 0; s < model_->structures.size(); ++s) out.push_back(s);
    }
    for (const std::string& id : ids) out.push_back(structure(id));
    return out;
  }

  [[nodiscard]] std::size_t baseline(const std::vector<Index>& among,
                                     const std::optional<std::string>& id) const {
    if (!id) return 0;
    const Index b = structure(*id);
    for (std::size_t i = 0; i < among.size(); ++i) {
      if (among[i] == b) return i;
    }
    throw py::value_error("the baseline " + in_quotes(*id) + " is not among the structures");
  }

  // ---- plain values ----

  [[nodiscard]] py::dict info() const {
    const Model& m = *model_;
    // id, label and labels, the keys every named thing has.
    const auto named = [](const std::string& id, const LabelSet& labels) {
      py::dict d;
      d["id"] = id;
      d["label"] = optional_text(labels.label);
      d["labels"] = labels_dict(labels);
      return d;
    };
    py::list structures;
    for (const Resolved& s : m.structures) {
      py::dict d = named(s.id, s.labels);
      d["date"] = optional_text(s.date);
      d["base"] = optional_text(s.base);
      structures.append(std::move(d));
    }
    py::list domains;
    for (const Domain& x : m.domains) {
      py::dict d = named(x.id, x.labels);
      d["description"] = optional_text(x.description);
      domains.append(std::move(d));
    }
    py::list functions;
    for (const Function& f : m.functions) {
      py::dict d = named(f.id, f.labels);
      d["description"] = optional_text(f.description);
      py::list ds;
      for (Index x : f.domains) ds.append(m.domains[x].id);
      d["domains"] = std::move(ds);
      functions.append(std::move(d));
    }
    py::dict out;
    out["title"] = m.title;
    out["description"] = optional_text(m.description);
    out["structures"] = std::move(structures);
    out["domains"] = std::move(domains);
    out["functions"] = std::move(functions);
    out["dependency_count"] = m.dependencies.size();
    return out;
  }

  [[nodiscard]] py::list units(const std::string& id) const {
    const Model& m = *model_;
    const Resolved& s = m.structures[structure(id)];
    std::vector<py::list> owned(m.unit_ids.size());
    for (Index f = 0; f < m.functions.size(); ++f) {
      if (s.assign[f] != kNone) owned[s.assign[f]].append(m.functions[f].id);
    }
    py::list out;
    for (Index u : s.order) {
      const UnitInfo& info = s.info[u];
      py::dict d;
      d["id"] = m.unit_ids[u];
      d["parent"] = s.parent[u] == kNone ? py::object(py::none())
                                         : py::object(py::str(m.unit_ids[s.parent[u]]));
      d["label"] = optional_text(info.labels.label);
      d["labels"] = labels_dict(info.labels);
      d["kind"] = optional_text(info.kind);
      d["headcount"] = info.headcount ? py::object(py::float_(*info.headcount))
                                      : py::object(py::none());
      d["autonomous"] = info.autonomous;
      d["depth"] = s.depth[u];
      d["functions"] = std::move(owned[u]);
      py::list towers;
      for (Index x = 0; x < m.domains.size(); ++x) {
        if (s.control_tower[x] == u) towers.append(m.domains[x].id);
      }
      d["control_tower_of"] = std::move(towers);
      out.append(std::move(d));
    }
    return out;
  }

  /// The function graph of structure `id` for networkx: nodes (id, label,
  /// unit, unit path, domains) of the functions present, and edges.
  [[nodiscard]] py::tuple graph(const std::string& id, bool directed) const {
    const Model& m = *model_;
    const Resolved& s = m.structures[structure(id)];
    py::list nodes;
    for (Index f = 0; f < m.functions.size(); ++f) {
      const Index u = s.assign[f];
      if (u == kNone) continue;
      py::dict attrs;
      attrs["label"] = m.functions[f].labels.pick("", m.functions[f].id);
      attrs["unit"] = m.unit_ids[u];
      std::vector<std::string> path;
      for (Index x = u; x != kNone; x = s.parent[x]) path.push_back(m.unit_ids[x]);
      attrs["unit_path"] = py::list(py::cast(std::vector<std::string>(path.rbegin(), path.rend())));
      py::list ds;
      for (Index x : m.functions[f].domains) ds.append(m.domains[x].id);
      attrs["domains"] = std::move(ds);
      attrs["primary_domain"] = m.domains[m.functions[f].domains.front()].id;
      nodes.append(py::make_tuple(m.functions[f].id, std::move(attrs)));
    }
    py::list edges;
    if (directed) {
      for (const Dependency& d : m.dependencies) {
        if (s.assign[d.from] == kNone || s.assign[d.to] == kNone) continue;
        py::dict attrs;
        attrs["weight"] = d.weight;
        if (!m.dependency_kinds[d.kind].empty()) attrs["kind"] = m.dependency_kinds[d.kind];
        edges.append(py::make_tuple(m.functions[d.from].id, m.functions[d.to].id, attrs));
      }
    } else {
      const FunctionGraph& g = m.graph;
      for (std::uint32_t a = 0; a < g.vertex_count(); ++a) {
        if (s.assign[a] == kNone) continue;
        const auto targets = g.neighbours(a);
        const auto weights = g.neighbour_weights(a);
        for (std::size_t k = 0; k < targets.size(); ++k) {
          const std::uint32_t b = targets[k];
          if (b <= a || s.assign[b] == kNone) continue;
          py::dict attrs;
          attrs["weight"] = weights[k];
          edges.append(py::make_tuple(m.functions[a].id, m.functions[b].id, attrs));
        }
      }
    }
    return py::make_tuple(std::move(nodes), std::move(edges));
  }

  // ---- what-ifs ----

  /// A copy of the model with structure `base` changed by `ops_text` (a
  /// JSON list of change ops) added last as `id`.
  [[nodiscard]] std::shared_ptr<Handle> with_changes(const std::string& base,
                                                     const std::string& ops_text,
                                                     const std::string& id,
                                                     const std::string& label,
                                                     const std::string& description) const {
    const Index b = structure(base);
    if (const std::string why = bad_id_reason(id); !why.empty()) {
      throw py::value_error("structure id " + in_quotes(id) + " " + why);
    }
    if (model_->find_structure(id)) {
      throw py::value_error("the model has a structure " + in_quotes(id) +
                            " already; give the what-if another id");
    }
    Diagnostics diagnostics;
    const std::vector<ChangeOp> ops = read_change_ops(ops_text, "ops", diagnostics);
    auto copy = std::make_shared<Model>();
    {
      py::gil_scoped_release release;
      *copy = *model_;
    }
    Resolved what_if = apply_changes(*copy, copy->structures[b], ops, diagnostics, id);
    if (diagnostics.has_errors()) throw ModelError(diagnostics);
    what_if.labels.label = label;
    copy->add_structure(std::move(what_if));
    auto h = std::make_shared<Handle>(std::move(copy), text_, path_);
    h->added_ = added_;
    h->added_.push_back(change_structure_json(id, base, label, description, ops));
    return h;
  }

  /// The model file with the structures added since loading, for `out`.
  [[nodiscard]] std::string text_for(const std::string& out) const {
    return model_text_with_structures(text_, path_, out, added_);
  }

  /// Writes the model to `out`, which must not be a file it was read from:
  /// saving adds structures, so the file it came from stays as the user
  /// wrote it (the command line refuses the same).
  void save(const std::string& out) const {
    struct stat st {};
    if (::stat(follow_links(out).c_str(), &st) == 0) {
      const FileIdentity target{static_cast<std::uint64_t>(st.st_dev),
                                static_cast<std::uint64_t>(st.st_ino)};
      if (std::find(model_->inputs.begin(), model_->inputs.end(), target) !=
          model_->inputs.end()) {
        throw FileError("cannot write " + out +
                        ": the model was read from it; save to another file");
      }
    }
    const std::string text = text_for(out);
    py::gil_scoped_release release;
    write_file(out, text);
  }

  [[nodiscard]] py::list added() const {
    py::list out;
    for (const auto& s : added_) out.append(to_python(s));
    return out;
  }

  // ---- the commands ----

  /// The betweenness of the wrapper's _betweenness: -1 skip, 0 exact, K > 0
  /// estimated from K sources.
  [[nodiscard]] static MetricsOptions betweenness_options(std::int64_t betweenness) {
    MetricsOptions options;
    options.betweenness = betweenness >= 0;
    if (betweenness > 0) options.betweenness_sources = static_cast<std::size_t>(betweenness);
    return options;
  }

  [[nodiscard]] std::pair<py::object, Tables> metrics(const std::string& id,
                                                      std::optional<int> level,
                                                      std::int64_t betweenness, bool work_grouping,
                                                      unsigned threads,
                                                      const std::string& lang) const {
    const Index s = structure(id);
    MetricsOptions options = betweenness_options(betweenness);
    options.work_grouping = work_grouping;
    options.threads = threads;
    auto m = std::make_shared<StructureMetrics>();
    nlohmann::ordered_json j;
    {
      py::gil_scoped_release release;
      *m = structure_metrics(*model_, s, level, options);
      j = metrics_json(*model_, *m);
    }
    auto model = model_;
    return result(to_python(j),
                  {metrics_table_names(), [model, m, lang](const std::string& name) {
                     std::optional<Table> t;
                     if (auto which = parse_metrics_table(name)) {
                       t = metrics_table(*model, {*m}, *which, lang, true);
                     }
                     return t;
                   }});
  }

  [[nodiscard]] std::pair<py::object, Tables> compare(const std::vector<std::string>& ids,
                                                      const std::optional<std::string>& baseline,
                                                      std::optional<int> level,
                                                      std::int64_t betweenness,
                                                      bool work_grouping, unsigned threads,
                                                      const std::string& lang) const {
    const std::vector<Index> among = structures(ids);
    const std::size_t b = this->baseline(among, baseline);
    MetricsOptions options = betweenness_options(betweenness);
    options.work_grouping = work_grouping;
    options.threads = threads;
    auto c = std::make_shared<Comparison>();
    nlohmann::ordered_json j;
    {
      py::gil_scoped_release release;
      *c = compare_structures(*model_, among, b, level, options);
      j = comparison_json(*model_, *c);
    }
    auto model = model_;
    return result(to_python(j), {comparison_table_names(), [model, c, lang](const std::string& n) {
                                   return comparison_table(*model, *c, n, lang, true);
                                 }});
  }

  [[nodiscard]] std::pair<py::object, Tables> diff(const std::string& from, const std::string& to,
                                                   const std::string& lang) const {
    const Index a = structure(from);
    const Index b = structure(to);
    auto d = std::make_shared<StructureDiff>();
    {
      py::gil_scoped_release release;
      *d = diff_structures(*model_, a, b);
    }
    auto model = model_;
    return result(to_python(diff_json(*model_, *d, lang)),
                  {{"changes"}, [model, d, lang](const std::string& name) {
                     std::optional<Table> t;
                     if (name == "changes") t = diff_table(*model, *d, lang);
                     return t;
                   }});
  }

  [[nodiscard]] std::pair<py::object, Tables> explain(const std::string& from,
                                                      const std::string& to,
                                                      std::optional<int> level,
                                                      const std::string& lang) const {
    const Index a = structure(from);
    const Index b = structure(to);
    auto e = std::make_shared<Explanation>();
    nlohmann::ordered_json j;
    {
      py::gil_scoped_release release;
      *e = explain_change(*model_, a, b, level);
      j = explain_json(*model_, *e, lang);
    }
    auto model = model_;
    return result(to_python(j), {explain_table_names(), [model, e, lang](const std::string& n) {
                                   return explain_table(*model, *e, n, lang);
                                 }});
  }

  [[nodiscard]] std::pair<py::object, Tables> sensitivity_of(
      const std::vector<std::string>& ids, const std::optional<std::string>& baseline,
      std::size_t samples, double noise, double drop, std::uint64_t seed,
      std::optional<int> level, unsigned threads) const {
    if (samples < 1) throw py::value_error("samples must be at least 1");
    check_sampling(noise, drop);
    const std::vector<Index> among = structures(ids);
    const std::size_t b = this->baseline(among, baseline);
    SensitivityOptions o;
    o.samples = samples;
    o.noise = noise;
    o.drop = drop;
    o.seed = seed;
    o.level = level;
    o.threads = threads;
    auto r = std::make_shared<SensitivityResult>();
    nlohmann::ordered_json j;
    {
      py::gil_scoped_release release;
      *r = sensitivity(*model_, among, b, o);
      j = sensitivity_json(*model_, *r, o);
    }
    auto model = model_;
    return result(to_python(j), {{"sensitivity"}, [model, r](const std::string& name) {
                                   std::optional<Table> t;
                                   if (name == "sensitivity") {
                                     t = sensitivity_table(*model, *r, true);
                                   }
                                   return t;
                                 }});
  }

  [[nodiscard]] std::pair<py::object, Tables> optimize(const std::string& id,
                                                       const ConstraintChoice& choice,
                                                       const ConsensusOptions& samples,
                                                       const std::string& wanted_id,
                                                       const std::string& lang) const {
    const Index si = structure(id);
    const Resolved& s = model_->structures[si];
    if (!wanted_id.empty()) {
      if (const std::string why = bad_id_reason(wanted_id); !why.empty()) {
        throw py::value_error("id " + in_quotes(wanted_id) + " " + why);
      }
    }
    auto set = std::make_shared<Constraints>(make_constraints(*model_, s, choice));
    const std::string out_id =
        fresh_structure_id(*model_, wanted_id.empty() ? s.id + "-optimized" : wanted_id);
    auto model = model_;
    if (samples.samples > 0) {
      check_sampling(samples.noise, samples.drop);
      auto c = std::make_shared<ConsensusResult>();
      {
        py::gil_scoped_release release;
        *c = optimize_consensus(*model_, si, set->search, samples);
      }
      const auto j = consensus_json(*model_, *c, samples,
                                    consensus_structure(*model_, s, *c, *set, samples, out_id));
      return result(to_python(j), {{"moves"}, [model, c, si, lang](const std::string& name) {
                                     std::optional<Table> t;
                                     if (name == "moves") {
                                       t = consensus_table(*model, model->structures[si], *c, lang);
                                     }
                                     return t;
                                   }});
    }
    auto r = std::make_shared<OptimizeResult>();
    {
      py::gil_scoped_release release;
      *r = optimize_assignment(*model_, si, set->search);
    }
    const auto structure_json =
        change_structure_json(out_id, s.id, "Proposed by policygraph optimize from " + s.id,
                              optimize_summary(*r, *set), proposal_changes(*model_, *r));
    return result(to_python(structure_json),
                  {{"moves"}, [model, r, set, si, lang](const std::string& name) {
                     std::optional<Table> t;
                     if (name == "moves") {
                       t = optimize_table(*model, model->structures[si], *r, lang);
                     }
                     return t;
                   }});
  }

  [[nodiscard]] py::object check(const std::string& rules_text, const std::string& rules_name,
                                 const std::vector<std::string>& ids,
                                 const std::optional<std::string>& known_text,
                                 const std::string& lang) const {
    Diagnostics diagnostics;
    const RuleSet rules = read_rules(rules_text, rules_name, *model_, diagnostics);
    std::vector<KnownViolation> known;
    if (known_text) known = read_known(*known_text, "known", diagnostics);
    std::vector<Index> among;
    among.reserve(ids.size());
    for (const std::string& id : ids) among.push_back(structure(id));
    std::string text;
    {
      py::gil_scoped_release release;
      const CheckResult r = check_rules(*model_, rules, among, known_text ? &known : nullptr);
      text = check_json_text(*model_, rules, r, lang);
    }
    return to_python(nlohmann::ordered_json::parse(text));
  }

 private:
  std::shared_ptr<Model> model_;
  std::string text_;  ///< the model file as read
  std::string path_;  ///< where its CSV paths are relative to (its folder)
  std::vector<nlohmann::ordered_json> added_;
  Diagnostics warnings_;
};

ConstraintChoice constraint_choice(std::size_t max_moves, const std::vector<std::string>& pins,
                                   const std::string& capacity, std::size_t slack,
                                   const std::string& targets, const std::string& objective,
                                   std::uint64_t seed, std::size_t rounds) {
  ConstraintChoice c;
  if (objective != "distance" && objective != "cross") {
    throw py::value_error(not_a_choice("objective", objective, {"distance", "cross"}));
  }
  c.objective = objective == "distance" ? Objective::kDistance : Objective::kCross;
  c.max_moves = max_moves;
  c.pins = pins;
  c.capacity = capacity;
  c.slack = slack;
  c.targets = targets;
  c.seed = seed;
  c.rounds = rounds;
  return c;
}

}  // namespace
}  // namespace policygraph::python

PYBIND11_MODULE(_core, m) {
  using policygraph::python::Handle;
  using policygraph::python::Tables;
  namespace pgp = policygraph::python;
  m.doc() = "The policygraph engine; use the policygraph package, not this module.";
  m.attr("version") = policygraph::kVersion;

  pgp::model_error_type = PyErr_NewExceptionWithDoc(
      "policygraph.ModelError",
      "The model (or a list of change ops, a rules file) is invalid. str() gives every\n"
      "problem as the command line prints it; .diagnostics lists them, each a dict with\n"
      "severity, file, pointer or line and column, and message.",
      PyExc_ValueError, nullptr);
  m.attr("ModelError") = py::handle(pgp::model_error_type);
  py::register_exception_translator(pgp::translate);

  py::class_<Tables>(m, "Tables")
      .def_readonly("names", &Tables::names)
      .def("csv", &Tables::csv, py::arg("name"));

  py::class_<Handle, std::shared_ptr<Handle>>(m, "Model")
      .def_static("load", &Handle::load, py::arg("path"), py::arg("any_path"))
      .def_static("loads", &Handle::loads, py::arg("text"), py::arg("name"), py::arg("base_dir"),
                  py::arg("any_path"))
      .def_property_readonly("path", &Handle::path)
      .def("warnings", &Handle::warnings)
      .def("info", &Handle::info)
      .def("units", &Handle::units, py::arg("structure"))
      .def("graph", &Handle::graph, py::arg("structure"), py::arg("directed"))
      .def("with_changes", &Handle::with_changes, py::arg("base"), py::arg("ops"), py::arg("id"),
           py::arg("label"), py::arg("description"))
      .def("added", &Handle::added)
      .def("text_for", &Handle::text_for, py::arg("path"))
      .def("save", &Handle::save, py::arg("path"))
      .def("metrics", &Handle::metrics, py::arg("structure"), py::arg("level"),
           py::arg("betweenness"), py::arg("work_grouping"), py::arg("threads"), py::arg("lang"))
      .def("compare", &Handle::compare, py::arg("structures"), py::arg("baseline"),
           py::arg("level"), py::arg("betweenness"), py::arg("work_grouping"), py::arg("threads"),
           py::arg("lang"))
      .def("diff", &Handle::diff, py::arg("a"), py::arg("b"), py::arg("lang"))
      .def("explain", &Handle::explain, py::arg("a"), py::arg("b"), py::arg("level"),
           py::arg("lang"))
      .def("sensitivity", &Handle::sensitivity_of, py::arg("structures"), py::arg("baseline"),
           py::arg("samples"), py::arg("noise"), py::arg("drop"), py::arg("seed"),
           py::arg("level"), py::arg("threads"))
      .def(
          "optimize",
          [](const Handle& h, const std::string& structure, std::size_t max_moves,
             const std::vector<std::string>& pins, const std::string& capacity,
             std::size_t slack, const std::string& targets, const std::string& objective,
             std::uint64_t seed, std::size_t rounds, std::size_t samples, double noise,
             double drop, unsigned threads, const std::string& id, const std::string& lang) {
            policygraph::ConsensusOptions sampling;
            sampling.samples = samples;
            sampling.noise = noise;
            sampling.drop = drop;
            sampling.seed = seed;
            sampling.threads = threads;
            return h.optimize(structure,
                              pgp::constraint_choice(max_moves, pins, capacity, slack, targets,
                                                     objective, seed, rounds),
                              sampling, id, lang);
          },
          py::arg("structure"), py::arg("max_moves"), py::arg("pins"), py::arg("capacity"),
          py::arg("slack"), py::arg("targets"), py::arg("objective"), py::arg("seed"),
          py::arg("rounds"), py::arg("samples"), py::arg("noise"), py::arg("drop"),
          py::arg("threads"), py::arg("id"), py::arg("lang"))
      .def("check", &Handle::check, py::arg("rules"), py::arg("rules_name"),
           py::arg("structures"), py::arg("known"), py::arg("lang"));
}
