#include <policygraph/export/model_writer.hpp>

#include <filesystem>

namespace policygraph {

using nlohmann::ordered_json;

namespace {

/// `label` and `labels` of `o`, each only when given.
void put_labels(ordered_json& o, const LabelSet& labels) {
  if (!labels.label.empty()) o["label"] = labels.label;
  if (!labels.by_lang.empty()) {
    ordered_json by_lang = ordered_json::object();
    for (const auto& [lang, text] : labels.by_lang) by_lang[lang] = text;
    o["labels"] = std::move(by_lang);
  }
}

void put_if_given(ordered_json& o, const char* key, const std::string& value) {
  if (!value.empty()) o[key] = value;
}

ordered_json sources_json(const Model& model) {
  ordered_json out = ordered_json::array();
  for (const Source& src : model.sources) {
    ordered_json o;
    o["id"] = src.id;
    o["title"] = src.title;
    put_if_given(o, "url", src.url);
    put_if_given(o, "date", src.date);
    put_if_given(o, "note", src.note);
    out.push_back(std::move(o));
  }
  return out;
}

ordered_json domains_json(const Model& model) {
  ordered_json out = ordered_json::array();
  for (const Domain& d : model.domains) {
    ordered_json o;
    o["id"] = d.id;
    put_labels(o, d.labels);
    put_if_given(o, "description", d.description);
    out.push_back(std::move(o));
  }
  return out;
}

ordered_json functions_json(const Model& model) {
  ordered_json out = ordered_json::array();
  for (const Function& f : model.functions) {
    ordered_json o;
    o["id"] = f.id;
    put_labels(o, f.labels);
    ordered_json domains = ordered_json::array();
    for (Index d : f.domains) domains.push_back(model.domains[d].id);
    o["domains"] = std::move(domains);
    put_if_given(o, "description", f.description);
    out.push_back(std::move(o));
  }
  return out;
}

ordered_json dependencies_json(const Model& model) {
  ordered_json out = ordered_json::array();
  for (const Dependency& d : model.dependencies) {
    ordered_json o;
    o["from"] = model.functions[d.from].id;
    o["to"] = model.functions[d.to].id;
    o["weight"] = d.weight;
    o["kind"] = model.dependency_kinds[d.kind];
    out.push_back(std::move(o));
  }
  return out;
}

ordered_json structure_json(const Model& model, const Resolved& s) {
  ordered_json o;
  o["id"] = s.id;
  put_labels(o, s.labels);
  put_if_given(o, "date", s.date);
  ordered_json units = ordered_json::array();
  for (Index u : s.order) {
    const UnitInfo& info = s.info[u];
    ordered_json unit;
    unit["id"] = model.unit_ids[u];
    if (s.parent[u] != kNone) unit["parent"] = model.unit_ids[s.parent[u]];
    put_labels(unit, info.labels);
    put_if_given(unit, "kind", info.kind);
    if (info.headcount) unit["headcount"] = *info.headcount;
    if (info.autonomous) unit["autonomous"] = true;
    units.push_back(std::move(unit));
  }
  o["units"] = std::move(units);
  ordered_json assign = ordered_json::object();
  for (Index f = 0; f < s.assign.size(); ++f) {
    if (s.assign[f] != kNone) assign[model.functions[f].id] = model.unit_ids[s.assign[f]];
  }
  o["assign"] = std::move(assign);
  ordered_json towers = ordered_json::object();
  for (Index d = 0; d < s.control_tower.size(); ++d) {
    if (s.control_tower[d] != kNone) {
      towers[model.domains[d].id] = model.unit_ids[s.control_tower[d]];
    }
  }
  if (!towers.empty()) o["control_towers"] = std::move(towers);
  return o;
}

}  // namespace

ordered_json model_json(const Model& model, Index s) {
  ordered_json j;
  j["format"] = "policygraph/1";
  put_if_given(j, "title", model.title);
  if (!model.titles.empty()) j["titles"] = model.titles;
  put_if_given(j, "description", model.description);
  if (!model.descriptions.empty()) j["descriptions"] = model.descriptions;
  if (!model.sources.empty()) j["sources"] = sources_json(model);
  j["domains"] = domains_json(model);
  j["functions"] = functions_json(model);
  j["dependencies"] = dependencies_json(model);
  j["structures"] = ordered_json::array({structure_json(model, model.structures[s])});
  return j;
}

namespace {

void put_optional(ordered_json& o, const char* key, const std::optional<std::string>& value) {
  if (value) o[key] = *value;
}

void put_label_map(ordered_json& o, const std::map<std::string, std::string>& labels) {
  if (labels.empty()) return;
  ordered_json by_lang = ordered_json::object();
  for (const auto& [lang, text] : labels) by_lang[lang] = text;
  o["labels"] = std::move(by_lang);
}

void put_unit_info(ordered_json& o, const UnitInfo& info) {
  put_labels(o, info.labels);
  put_if_given(o, "kind", info.kind);
  if (info.headcount) o["headcount"] = *info.headcount;
  if (info.autonomous) o["autonomous"] = true;
}

/// The keys of each op after "op".
struct OpKeys {
  ordered_json& o;
  void operator()(const AddUnit& a) const {
    put_optional(o, "id", a.id);
    put_optional(o, "parent", a.parent);
    put_unit_info(o, a.info);
  }
  void operator()(const RemoveUnit& a) const {
    put_optional(o, "unit", a.unit);
    put_optional(o, "functions_to", a.functions_to);
  }
  void operator()(const MoveUnit& a) const {
    put_optional(o, "unit", a.unit);
    put_optional(o, "to", a.to);
  }
  void operator()(const UpdateUnit& a) const {
    put_optional(o, "unit", a.unit);
    put_optional(o, "label", a.patch.label);
    put_label_map(o, a.patch.labels);
    put_optional(o, "kind", a.patch.kind);
    if (a.patch.headcount) o["headcount"] = *a.patch.headcount;
    if (a.patch.autonomous) o["autonomous"] = *a.patch.autonomous;
  }
  void operator()(const MergeUnits& a) const {
    ordered_json units = ordered_json::array();
    for (const auto& u : a.units) {
      if (u) units.push_back(*u);
    }
    o["units"] = std::move(units);
    put_optional(o, "into", a.into);
    put_optional(o, "label", a.label);
    put_label_map(o, a.labels);
  }
  void operator()(const MoveFunction& a) const {
    if (a.single && a.functions.size() == 1) {
      o["function"] = a.functions[0];
    } else {
      o["functions"] = a.functions;
    }
    put_optional(o, "to", a.to);
  }
  void operator()(const DropFunction& a) const { put_optional(o, "function", a.function); }
  void operator()(const SetControlTower& a) const {
    put_optional(o, "domain", a.domain);
    o["unit"] = a.unit ? ordered_json(*a.unit) : ordered_json(nullptr);
  }
};

}  // namespace

ordered_json change_op_json(const ChangeOp& op) {
  ordered_json o;
  o["op"] = std::string(op_name(op.kind));
  std::visit(OpKeys{o}, op.kind);
  put_if_given(o, "note", op.note);
  return o;
}

ordered_json change_structure_json(const std::string& id, const std::string& base,
                                   const std::string& label, const std::string& description,
                                   const std::vector<ChangeOp>& ops) {
  ordered_json j;
  j["id"] = id;
  j["base"] = base;
  put_if_given(j, "label", label);
  put_if_given(j, "description", description);
  ordered_json changes = ordered_json::array();
  for (const ChangeOp& op : ops) changes.push_back(change_op_json(op));
  j["changes"] = std::move(changes);
  return j;
}

std::string model_text_with_structures(std::string_view model_text, const std::string& model_path,
                                       const std::string& out_path,
                                       const std::vector<ordered_json>& structures) {
  namespace fs = std::filesystem;
  auto doc = ordered_json::parse(model_text);
  const fs::path from = fs::absolute(model_path).parent_path();
  const fs::path to = fs::absolute(out_path).parent_path();
  const auto rebase = [&](ordered_json& value) {
    if (!value.is_string()) return;
    value = fs::relative(from / value.get<std::string>(), to).lexically_normal().string();
  };
  for (const char* key : {"functions", "dependencies"}) {
    if (doc.contains(key) && doc[key].is_object() && doc[key].contains("csv")) rebase(doc[key]["csv"]);
  }
  for (auto& s : doc["structures"]) {
    if (s.contains("assign_csv")) rebase(s["assign_csv"]);
  }
  for (const ordered_json& s : structures) doc["structures"].push_back(s);
  return doc.dump(2) + "\n";
}

std::string model_text_with_structure(std::string_view model_text, const std::string& model_path,
                                      const std::string& out_path, const ordered_json& structure) {
  return model_text_with_structures(model_text, model_path, out_path, {structure});
}

}  // namespace policygraph
