#include <policygraph/report/sensitivity_writer.hpp>

namespace policygraph {

using nlohmann::ordered_json;

namespace {

ordered_json spread_json(const Spread& s) {
  return {{"mean", s.mean}, {"p5", s.p5}, {"p95", s.p95}};
}

const std::string& id(const Model& model, const SensitivityResult& r, std::size_t k) {
  return model.structures[r.structures[k]].id;
}

std::string order_text(const Model& model, const SensitivityResult& r,
                       const std::vector<std::size_t>& order) {
  std::string out;
  for (std::size_t k : order) out += (out.empty() ? "" : " < ") + id(model, r, k);
  return out;
}

std::string percent(double share) { return rounded(100 * share, 1) + "%"; }

std::string setup(const SensitivityResult& r, const SensitivityOptions& o) {
  std::string s = std::to_string(o.samples) + " samples; each dependency weight x exp(N(0, " +
                  exact_number(o.noise) + "^2))";
  if (o.drop > 0) s += ", dropped with probability " + exact_number(o.drop);
  s += "; seed " + std::to_string(o.seed) + "; level " +
       (o.level ? std::to_string(*o.level) : std::string("none"));
  (void)r;
  return s;
}

}  // namespace

ordered_json sensitivity_json(const Model& model, const SensitivityResult& r,
                              const SensitivityOptions& o) {
  ordered_json j;
  j["samples"] = o.samples;
  j["noise"] = o.noise;
  j["drop"] = o.drop;
  j["seed"] = o.seed;
  j["level"] = o.level ? ordered_json(*o.level) : ordered_json(nullptr);
  j["baseline"] = id(model, r, r.baseline);
  ordered_json list = ordered_json::array();
  for (std::size_t k = 0; k < r.structures.size(); ++k) {
    ordered_json s;
    s["structure"] = id(model, r, k);
    ordered_json metrics;
    ordered_json deltas;
    for (std::size_t m = 0; m < r.metrics.size(); ++m) {
      ordered_json v = spread_json(r.values[k][m]);
      v["nominal"] = r.nominal[k][m];
      metrics[r.metrics[m]] = std::move(v);
      deltas[r.metrics[m]] = spread_json(r.deltas[k][m]);
    }
    s["metrics"] = std::move(metrics);
    if (k != r.baseline) {
      s["delta"] = std::move(deltas);
      s["cost_lower_than_baseline"] = r.cheaper_than_baseline[k];
    }
    list.push_back(std::move(s));
  }
  j["structures"] = std::move(list);
  const auto ids = [&](const std::vector<std::size_t>& order) {
    ordered_json a = ordered_json::array();
    for (std::size_t k : order) a.push_back(id(model, r, k));
    return a;
  };
  j["ranking"] = {{"by_coordination_cost", {{"order", ids(r.rank_by_cost)}, {"holds", r.rank_by_cost_holds}}},
                  {"by_cross_unit_share", {{"order", ids(r.rank_by_cross)}, {"holds", r.rank_by_cross_holds}}}};
  return j;
}

Table sensitivity_table(const Model& model, const SensitivityResult& r, bool exact) {
  Table t;
  t.header = {"structure", "metric", "nominal", "mean", "p5", "p95",
              "delta_mean", "delta_p5", "delta_p95"};
  t.right = {false, false, true, true, true, true, true, true, true};
  const auto num = [&](double v) { return exact ? exact_number(v) : rounded(v, 3); };
  for (std::size_t k = 0; k < r.structures.size(); ++k) {
    for (std::size_t m = 0; m < r.metrics.size(); ++m) {
      const Spread& v = r.values[k][m];
      const Spread& d = r.deltas[k][m];
      const bool base = k == r.baseline;
      t.rows.push_back({id(model, r, k), r.metrics[m], num(r.nominal[k][m]), num(v.mean),
                        num(v.p5), num(v.p95), base ? "" : num(d.mean), base ? "" : num(d.p5),
                        base ? "" : num(d.p95)});
    }
  }
  return t;
}

std::string sensitivity_text(const Model& model, const SensitivityResult& r,
                             const SensitivityOptions& o, bool markdown) {
  const auto section = [&](const std::string& title) {
    return markdown ? "\n### " + title + "\n\n" : "\n" + title + "\n";
  };
  std::string out = (markdown ? "## " : "") + std::string("Sensitivity to the dependency weights: ") +
                    setup(r, o) + "\n";
  // Each figure as "mean [p5, p95]", one column per structure.
  Table t;
  t.header = {"metric"};
  t.right = {false};
  for (std::size_t k = 0; k < r.structures.size(); ++k) {
    t.header.push_back(id(model, r, k) + (k == r.baseline ? " (baseline)" : ""));
    t.right.push_back(true);
  }
  Table d = t;
  d.header.erase(d.header.begin() + 1 + static_cast<std::ptrdiff_t>(r.baseline));
  d.right.pop_back();
  for (std::size_t m = 0; m < r.metrics.size(); ++m) {
    std::vector<std::string> row{r.metrics[m]};
    std::vector<std::string> drow{r.metrics[m]};
    for (std::size_t k = 0; k < r.structures.size(); ++k) {
      const Spread& v = r.values[k][m];
      row.push_back(rounded(v.mean, 3) + " [" + rounded(v.p5, 3) + ", " + rounded(v.p95, 3) + "]");
      if (k == r.baseline) continue;
      const Spread& x = r.deltas[k][m];
      drow.push_back(rounded(x.mean, 3) + " [" + rounded(x.p5, 3) + ", " + rounded(x.p95, 3) + "]");
    }
    t.rows.push_back(std::move(row));
    d.rows.push_back(std::move(drow));
  }
  const auto render = [&](const Table& table) {
    return markdown ? render_markdown(table) : render_text(table);
  };
  out += section("Each figure over the samples: mean [5th, 95th percentile]") + render(t);
  if (r.structures.size() > 1) {
    out += section("Difference to the baseline, sample by sample: mean [5th, 95th percentile]") +
           render(d);
    out += section("How often the conclusions hold");
    const std::string bullet = markdown ? "- " : "  ";
    out += bullet + "ranking by coordination cost, " + order_text(model, r, r.rank_by_cost) +
           ": holds in " + percent(r.rank_by_cost_holds) + " of samples\n";
    out += bullet + "ranking by cross-unit share, " + order_text(model, r, r.rank_by_cross) +
           ": holds in " + percent(r.rank_by_cross_holds) + " of samples\n";
    for (std::size_t k = 0; k < r.structures.size(); ++k) {
      if (k == r.baseline) continue;
      out += bullet + id(model, r, k) + " has a lower coordination cost than " +
             id(model, r, r.baseline) + " in " + percent(r.cheaper_than_baseline[k]) +
             " of samples\n";
    }
  }
  return terminal_page(out);
}

}  // namespace policygraph
