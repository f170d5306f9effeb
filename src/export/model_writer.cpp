#include <policygraph/export/model_writer.hpp>

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
  put_if_given(j, "description", model.description);
  if (!model.sources.empty()) j["sources"] = sources_json(model);
  j["domains"] = domains_json(model);
  j["functions"] = functions_json(model);
  j["dependencies"] = dependencies_json(model);
  j["structures"] = ordered_json::array({structure_json(model, model.structures[s])});
  return j;
}

}  // namespace policygraph
