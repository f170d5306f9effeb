// Structures as written: full form (units, assign, control towers) and
// change form (a base and typed change ops), read into specs for the
// resolver. Only what can be checked without resolving is checked here.
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include <policygraph/load/csv.hpp>
#include <policygraph/load/json_text.hpp>

#include "reader.hpp"

namespace policygraph::detail {
namespace {

/// Sends the reader's problems to `to` while it lives.
class Recording {
 public:
  Recording(Reader& r, Diagnostics& to) : r_(r), before_(r.redirect(&to)) {}
  ~Recording() { r_.redirect(before_); }
  Recording(const Recording&) = delete;
  Recording& operator=(const Recording&) = delete;

 private:
  Reader& r_;
  Diagnostics* before_;
};

class StructureReader {
 public:
  explicit StructureReader(Reader& r) : r_(r), m_(r.model()) {}

  std::vector<StructureSpec> run(const json& list) {
    collect(list);
    for (std::size_t i = 0; i < specs_.size(); ++i) {
      StructureSpec& spec = specs_[i];
      if (!spec.readable) continue;
      const json& j = list[i];
      Recording recording(r_, spec.problems);
      read_common(j, spec);
      if (spec.change_form) {
        read_changes(j, spec);
      } else {
        read_full(j, spec);
      }
    }
    return std::move(specs_);
  }

  /// A list of change ops on its own, at `pointer` + "/N".
  std::vector<ChangeOp> read_ops(const json& list, const std::string& pointer) {
    std::vector<ChangeOp> out;
    if (!r_.expect(list, json::value_t::array, pointer, N_("a list of changes"))) return out;
    for (std::size_t k = 0; k < list.size(); ++k) {
      if (auto op = read_change(list[k], pointer + "/" + std::to_string(k))) {
        out.push_back(std::move(*op));
      }
    }
    return out;
  }

 private:
  // ---- the list: ids, forms, bases ------------------------------------------

  void collect(const json& list) {
    std::unordered_map<std::string, std::size_t> first;
    specs_.resize(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      StructureSpec& e = specs_[i];
      e.pointer = "/structures/" + std::to_string(i);
      if (!r_.expect(list[i], json::value_t::object, e.pointer, N_("a structure"))) continue;
      e.readable = true;
      r_.check_keys(list[i], e.pointer, N_("a structure"),
                    {"id", "label", "labels", "date", "description", "sources", "units", "assign",
                     "assign_csv", "control_towers", "base", "changes"});
      if (auto id = r_.id_member(list[i], "id", e.pointer)) {
        if (auto it = first.find(*id); it != first.end()) {
          r_.error(e.pointer + "/id",
                   // TRANSLATORS: {0} is an id, in quotes; {1} the JSON pointer of the
                   // entry that gave it first (/structures/0).
                   trf("duplicate structure id {0} (first at {1})",
                       {in_quotes(*id), "/structures/" + std::to_string(it->second)}));
        } else {
          first.emplace(*id, i);
          e.id = *id;
        }
      }
      e.change_form = list[i].contains("base");
    }
    for (std::size_t i = 0; i < specs_.size(); ++i) {
      StructureSpec& e = specs_[i];
      if (!e.readable || !e.change_form) continue;
      auto base = r_.string_member(list[i], "base", e.pointer, true);
      if (!base) continue;
      if (auto it = first.find(*base); it != first.end()) {
        e.base = it->second;
      } else {
        // suggest() breaks ties by id, so the map's order does not matter.
        r_.error(e.pointer + "/base",
                 // TRANSLATORS: {0} is a structure id, in quotes; {1} is empty or
                 // ' (did you mean "ID"?)'.
                 trf("unknown base structure {0}{1}",
                     {in_quotes(*base),
                      r_.hint(*base, first, [](const auto& entry) { return entry.first; })}));
      }
    }
    for (std::size_t i = 0; i < specs_.size(); ++i) {
      if (!specs_[i].id.empty()) m_.structure_index.emplace(specs_[i].id, static_cast<Index>(i));
    }
  }

  void read_common(const json& j, StructureSpec& s) {
    r_.labels(j, s.pointer, s.labels);
    if (auto d = r_.string_member(j, "date", s.pointer, false)) s.date = *d;
    r_.string_member(j, "description", s.pointer, false);
    r_.source_refs(j, s.pointer);
  }

  /// Unit attributes shared by full-form units and add-unit.
  void read_unit_info(const json& j, const std::string& p, UnitInfo& info) {
    UnitPatch patch = read_patch(j, p);
    info.labels.label = patch.label.value_or("");
    info.labels.by_lang = std::move(patch.labels);
    info.kind = patch.kind.value_or("");
    info.headcount = patch.headcount;
    info.autonomous = patch.autonomous.value_or(false);
  }

  /// The attribute keys of a unit, as far as they can be read.
  UnitPatch read_patch(const json& j, const std::string& p) {
    UnitPatch patch;
    LabelSet labels;
    r_.labels(j, p, labels);
    if (j.contains("label") && j["label"].is_string()) patch.label = labels.label;
    patch.labels = std::move(labels.by_lang);
    patch.kind = r_.string_member(j, "kind", p, false);
    if (auto h = r_.number_member(j, "headcount", p, false)) {
      if (!(*h >= 0) || !(*h <= kMaxQuantity)) {
        // TRANSLATORS: {0} is the headcount as the model file writes it.
        r_.error(p + "/headcount", trf("headcount must be a number from 0 to 1e15, found {0}",
                                       {j.at("headcount").dump()}));
      } else {
        patch.headcount = *h;
      }
    }
    patch.autonomous = r_.bool_member(j, "autonomous", p);
    return patch;
  }

  // ---- full form ---------------------------------------------------------------

  void read_full(const json& j, StructureSpec& s) {
    const std::string& p = s.pointer;
    if (j.contains("changes")) {
      // TRANSLATORS: "base" and "changes" are keys of the model file.
      r_.error(p + "/changes", tr("a structure in full form (without \"base\") cannot have "
                                  "\"changes\"; give \"base\" to apply them to another structure"));
    }
    const json* units = r_.member(j, "units", p, true);
    if (units == nullptr || !r_.expect_key(*units, json::value_t::array, p + "/units", "units")) {
      return;
    }
    s.units_readable = true;
    std::unordered_map<std::string, std::size_t> first;  // unit id -> position
    for (std::size_t k = 0; k < units->size(); ++k) {
      const std::string up = p + "/units/" + std::to_string(k);
      const json& u = (*units)[k];
      if (!r_.expect(u, json::value_t::object, up, N_("a unit"))) continue;
      r_.check_keys(u, up, N_("a unit"),
                    {"id", "parent", "label", "labels", "kind", "headcount", "autonomous"});
      auto id = r_.id_member(u, "id", up);
      UnitSpec unit;
      unit.parent = r_.string_member(u, "parent", up, false);
      read_unit_info(u, up, unit.info);
      if (!id) continue;
      if (auto it = first.find(*id); it != first.end()) {
        // TRANSLATORS: {0} is an id, in quotes; {1} the JSON pointer of the
        // entry that gave it first (/structures/0/units/0).
        r_.error(up + "/id", trf("duplicate unit id {0} (first at {1})",
                                 {in_quotes(*id), p + "/units/" + std::to_string(it->second)}));
        continue;
      }
      first.emplace(*id, k);
      unit.id = std::move(*id);
      unit.position = k;
      s.units.push_back(std::move(unit));
    }
    read_assign(j, s);
    read_control_towers(j, s);
  }

  void read_assign(const json& j, StructureSpec& s) {
    const std::string& p = s.pointer;
    Diagnostics pending;  // problems before the next entry
    Recording recording(r_, pending);
    const auto emit = [&](AssignSpec a) {
      a.problems = std::exchange(pending, Diagnostics{});
      s.assign.push_back(std::move(a));
    };
    const bool has_json = j.contains("assign");
    const bool has_csv = j.contains("assign_csv");
    if (has_json && has_csv) {
      // TRANSLATORS: "assign" and "assign_csv" are keys of the model file.
      r_.error(p, tr("give either \"assign\" or \"assign_csv\", not both"));
    } else if (has_json) {
      const json& a = j["assign"];
      if (r_.expect_key(a, json::value_t::object, p + "/assign", "assign")) {
        for (const auto& item : a.items()) {
          const std::string ip = p + "/assign/" + pointer_token(item.key());
          if (!r_.expect(item.value(), json::value_t::string, ip, N_("a unit id"))) continue;
          emit({item.key(), item.value().get<std::string>(), ip, 0, {}});
        }
      }
    } else if (has_csv) {
      read_assign_csv(j, s, emit);
    }
    s.assign_problems = std::move(pending);
  }

  template <class Emit>
  void read_assign_csv(const json& j, StructureSpec& s, const Emit& emit) {
    const std::string& p = s.pointer;
    auto path = r_.string_member(j, "assign_csv", p, true);
    if (!path) return;
    auto text = r_.read_csv_file(*path, p + "/assign_csv");
    if (!text) return;
    const std::string name = r_.csv_display_name(*path);
    if (auto bad = invalid_utf8_offset(*text); bad != std::string_view::npos) {
      r_.diagnostics().error_at_line(name, position_of(*text, bad).line, 0, tr("invalid UTF-8"));
      return;
    }
    s.assign_file = name;
    CsvColumns cols;
    std::size_t width = 0;
    bool header = true;
    read_csv(*text, name, r_.diagnostics(), [&](const CsvRecord& rec) {
      if (header) {
        header = false;
        width = rec.fields.size();
        return find_columns(rec, {"function", "unit"}, 2, name, r_.diagnostics(), cols);
      }
      if (rec.fields.size() != width) {
        // TRANSLATORS: {0} is the number of fields of the header line of a
        // CSV file, {1} that of this line.
        std::string message = trf("expected {0} fields, found {1}",
                                  {std::to_string(width), std::to_string(rec.fields.size())});
        r_.diagnostics().error_at_line(name, rec.line, 0, std::move(message));
        return true;
      }
      emit({std::string(rec.fields[cols.index[0]]), std::string(rec.fields[cols.index[1]]), {},
            rec.line, {}});
      return true;
    });
    if (header) r_.diagnostics().error_at_line(name, 1, 0, tr("no header line"));
  }

  void read_control_towers(const json& j, StructureSpec& s) {
    const std::string& p = s.pointer;
    Diagnostics pending;
    Recording recording(r_, pending);
    const json* towers = r_.member(j, "control_towers", p, false);
    if (towers != nullptr &&
        r_.expect_key(*towers, json::value_t::object, p + "/control_towers", "control_towers")) {
      for (const auto& item : towers->items()) {
        TowerSpec t;
        t.domain = item.key();
        t.pointer = p + "/control_towers/" + pointer_token(item.key());
        if (!item.value().is_null()) {
          if (r_.expect(item.value(), json::value_t::string, t.pointer, N_("a unit id"))) {
            t.unit = item.value().get<std::string>();
          } else {
            t.unit_given = false;
          }
        }
        t.problems = std::exchange(pending, Diagnostics{});
        s.towers.push_back(std::move(t));
      }
    }
    s.tower_problems = std::move(pending);
  }

  // ---- change form -------------------------------------------------------------

  void read_changes(const json& j, StructureSpec& s) {
    const std::string& p = s.pointer;
    for (const char* key : {"units", "assign", "assign_csv", "control_towers"}) {
      if (j.contains(key)) {
        // TRANSLATORS: "base" and {0} ("units", "assign", ...) are keys of
        // the model file.
        r_.error(p + "/" + key, trf("a structure in change form (with \"base\") cannot have "
                                    "\"{0}\"; write it as change ops",
                                    {key}));
      }
    }
    const json* changes = r_.member(j, "changes", p, true);
    if (changes == nullptr ||
        !r_.expect_key(*changes, json::value_t::array, p + "/changes", "changes")) {
      return;
    }
    for (std::size_t k = 0; k < changes->size(); ++k) {
      Diagnostics problems;
      std::optional<ChangeOp> op;
      {
        Recording recording(r_, problems);
        op = read_change((*changes)[k], p + "/changes/" + std::to_string(k));
      }
      if (!op && problems.all().empty()) continue;
      if (!op) {
        // Unreadable: its problems are reported with the next readable op,
        // or after the last one.
        pending_.append(problems);
        continue;
      }
      Diagnostics before = std::exchange(pending_, Diagnostics{});
      before.append(problems);
      s.changes.push_back(std::move(*op));
      s.change_problems.push_back(std::move(before));
    }
    s.change_problems.push_back(std::exchange(pending_, Diagnostics{}));  // after the last op
  }

  std::optional<ChangeOp> read_change(const json& j, const std::string& p) {
    if (!r_.expect(j, json::value_t::object, p, N_("a change"))) return std::nullopt;
    auto name = r_.string_member(j, "op", p, true);
    if (!name) return std::nullopt;
    ChangeOp op;
    op.file = r_.file();
    op.pointer = p;
    if (auto it = j.find("note"); it != j.end() && it->is_string()) op.note = it->get<std::string>();
    if (*name == "add-unit") {
      // TRANSLATORS: what an object of "changes" is, named by its op
      // (add-unit, remove-unit, ...), which stays as it is.
      r_.check_keys(j, p, N_("an add-unit change"),
                    {"op", "id", "parent", "label", "labels", "kind", "headcount", "autonomous",
                     "note"});
      AddUnit a;
      a.id = r_.id_member(j, "id", p);
      a.parent = r_.string_member(j, "parent", p, true);
      read_unit_info(j, p, a.info);
      op.kind = std::move(a);
    } else if (*name == "remove-unit") {
      r_.check_keys(j, p, N_("a remove-unit change"), {"op", "unit", "functions_to", "note"});
      RemoveUnit a;
      a.unit = r_.string_member(j, "unit", p, true);
      a.functions_to_given = j.contains("functions_to");
      if (a.functions_to_given) a.functions_to = r_.string_member(j, "functions_to", p, true);
      op.kind = std::move(a);
    } else if (*name == "move-unit") {
      r_.check_keys(j, p, N_("a move-unit change"), {"op", "unit", "to", "note"});
      MoveUnit a;
      a.unit = r_.string_member(j, "unit", p, true);
      a.to = r_.string_member(j, "to", p, true);
      op.kind = std::move(a);
    } else if (*name == "update-unit") {
      r_.check_keys(j, p, N_("an update-unit change"),
                    {"op", "unit", "label", "labels", "kind", "headcount", "autonomous", "note"});
      UpdateUnit a;
      a.unit = r_.string_member(j, "unit", p, true);
      a.patch = read_patch(j, p);
      // A key counts when it is there, or for kind, headcount and autonomous
      // when it has the right type.
      const bool given = j.contains("label") || j.contains("labels") || a.patch.kind ||
                         (j.contains("headcount") && j["headcount"].is_number()) ||
                         a.patch.autonomous;
      if (!given) {
        // TRANSLATORS: update-unit is an op; label, labels, kind, headcount
        // and autonomous are keys of the model file.
        r_.error(p, tr("update-unit changes nothing: give label, labels, kind, headcount or "
                       "autonomous"));
      }
      op.kind = std::move(a);
    } else if (*name == "merge-units") {
      r_.check_keys(j, p, N_("a merge-units change"),
                    {"op", "units", "into", "label", "labels", "note"});
      MergeUnits a;
      a.into = r_.string_member(j, "into", p, true);
      const json* list = r_.member(j, "units", p, true);
      if (list == nullptr || !r_.expect_key(*list, json::value_t::array, p + "/units", "units")) {
        a.units.emplace_back();  // unreadable: the merge is not made
      } else {
        for (std::size_t k = 0; k < list->size(); ++k) {
          if (r_.expect((*list)[k], json::value_t::string, p + "/units/" + std::to_string(k),
                        N_("a unit id"))) {
            a.units.emplace_back((*list)[k].get<std::string>());
          } else {
            a.units.emplace_back();
          }
        }
      }
      LabelSet labels;
      r_.labels(j, p, labels);
      if (j.contains("label") && j["label"].is_string()) a.label = labels.label;
      a.labels = std::move(labels.by_lang);
      op.kind = std::move(a);
    } else if (*name == "move-function") {
      r_.check_keys(j, p, N_("a move-function change"),
                    {"op", "function", "functions", "to", "note"});
      op.kind = read_move_function(j, p);
    } else if (*name == "drop-function") {
      r_.check_keys(j, p, N_("a drop-function change"), {"op", "function", "note"});
      op.kind = DropFunction{r_.string_member(j, "function", p, true)};
    } else if (*name == "set-control-tower") {
      r_.check_keys(j, p, N_("a set-control-tower change"), {"op", "domain", "unit", "note"});
      SetControlTower a;
      a.domain = r_.string_member(j, "domain", p, true);
      const json* unit = r_.member(j, "unit", p, true);
      if (unit == nullptr) {
        a.unit_given = false;
      } else if (!unit->is_null()) {
        // TRANSLATORS: what "unit" of set-control-tower must be; "unit" is
        // the key and null JSON's word for no value: keep both as they are.
        if (r_.expect(*unit, json::value_t::string, p + "/unit", N_("unit (a unit id or null)"))) {
          a.unit = unit->get<std::string>();
        } else {
          a.unit_given = false;
        }
      }
      op.kind = std::move(a);
    } else {
      static const std::vector<std::string> kOps{"add-unit",      "remove-unit",   "move-unit",
                                                 "update-unit",   "merge-units",   "move-function",
                                                 "drop-function", "set-control-tower"};
      // TRANSLATORS: {0} is the op given, in quotes; {1} is empty or
      // ' (did you mean "OP"?)'.
      r_.error(p + "/op", trf("unknown op {0}{1}", {in_quotes(*name), did_you_mean(*name, kOps)}));
      return std::nullopt;
    }
    return op;
  }

  MoveFunction read_move_function(const json& j, const std::string& p) {
    MoveFunction a;
    a.to = r_.string_member(j, "to", p, true);
    const bool one = j.contains("function");
    const bool many = j.contains("functions");
    if (one && many) {
      // TRANSLATORS: "function" and "functions" are keys of the model file.
      r_.error(p, tr("give \"function\" or \"functions\", not both"));
    } else if (!one && !many) {
      // TRANSLATORS: "function" and "functions" are keys of the model file.
      r_.error(p, tr("missing key \"function\" (or \"functions\")"));
    } else if (one) {
      a.single = true;
      if (auto f = r_.string_member(j, "function", p, true)) a.functions.push_back(*f);
    } else if (const json& list = j["functions"];
               r_.expect_key(list, json::value_t::array, p + "/functions", "functions")) {
      if (list.empty()) r_.error(p + "/functions", tr("move-function needs at least one function"));
      for (std::size_t k = 0; k < list.size(); ++k) {
        if (r_.expect(list[k], json::value_t::string, p + "/functions/" + std::to_string(k),
                      N_("a function id"))) {
          a.functions.push_back(list[k].get<std::string>());
        }
      }
    }
    return a;
  }

  Reader& r_;
  Model& m_;
  std::vector<StructureSpec> specs_;
  Diagnostics pending_;
};

}  // namespace

std::vector<StructureSpec> read_structure_specs(Reader& reader, const json& structures) {
  return StructureReader(reader).run(structures);
}

std::vector<ChangeOp> read_change_list(Reader& reader, const json& changes,
                                       const std::string& pointer) {
  return StructureReader(reader).read_ops(changes, pointer);
}

}  // namespace policygraph::detail
