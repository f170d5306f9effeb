#include <policygraph/report/sensitivity_writer.hpp>

#include <policygraph/core/messages.hpp>
#include <policygraph/core/text.hpp>

namespace policygraph {

using nlohmann::ordered_json;

namespace {

ordered_json spread_json(const Spread& s) {
  return {{"mean", s.mean}, {"p5", s.p5}, {"p95", s.p95}};
}

const std::string& id(const Model& model, const SensitivityResult& r, std::size_t k) {
  return model.structures[r.structures[k]].id;
}

/// "a = b < c": lowest first, "=" between tied structures.
std::string order_text(const Model& model, const SensitivityResult& r, const Ranking& ranking) {
  std::string out;
  std::size_t previous = 0;
  for (std::size_t k : ranking.order) {
    if (!out.empty()) out += ranking.rank[k] == ranking.rank[previous] ? " = " : " < ";
    out += id(model, r, k);
    previous = k;
  }
  return out;
}

ordered_json ranking_json(const Model& model, const SensitivityResult& r, const Ranking& ranking) {
  ordered_json order = ordered_json::array();
  ordered_json rank = ordered_json::array();
  for (std::size_t k : ranking.order) {
    order.push_back(id(model, r, k));
    rank.push_back(ranking.rank[k]);
  }
  return {{"order", std::move(order)}, {"rank", std::move(rank)}, {"holds", ranking.holds}};
}

std::string percent(double share) { return rounded(100 * share, 1) + "%"; }

std::string setup(const SensitivityOptions& o) {
  const std::string samples = trn("{0} sample", "{0} samples", o.samples);
  const std::string level = o.level ? std::to_string(*o.level) : tr("none");
  return o.drop > 0
             ? trf("{0}; each dependency weight x exp(N(0, {1}^2)), dropped with probability {2}; "
                   "seed {3}; level {4}",
                   {samples, exact_number(o.noise), exact_number(o.drop), std::to_string(o.seed),
                    level})
             : trf("{0}; each dependency weight x exp(N(0, {1}^2)); seed {2}; level {3}",
                   {samples, exact_number(o.noise), std::to_string(o.seed), level});
}

std::string spread_text(const Spread& v, std::string_view separator) {
  return rounded(v.mean, 3) + std::string(separator) + "[" + rounded(v.p5, 3) + ", " +
         rounded(v.p95, 3) + "]";
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
  j["tie_tolerance"] = kTieTolerance;
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
      ordered_json d = spread_json(r.deltas[k][m]);
      const Shares& shares = r.against_baseline[k][m];
      d["lower"] = shares.lower;
      d["tied"] = shares.tied;
      d["higher"] = shares.higher;
      deltas[r.metrics[m]] = std::move(d);
    }
    s["metrics"] = std::move(metrics);
    if (k != r.baseline) {
      s["delta"] = std::move(deltas);
      const Shares& cost = r.against_baseline[k][SensitivityResult::kCost];
      s["cost_lower_than_baseline"] = cost.lower;
      s["cost_tied_with_baseline"] = cost.tied;
      s["cost_higher_than_baseline"] = cost.higher;
    }
    list.push_back(std::move(s));
  }
  j["structures"] = std::move(list);
  j["ranking"] = {{"by_coordination_cost", ranking_json(model, r, r.rank_by_cost)},
                  {"by_cross_unit_share", ranking_json(model, r, r.rank_by_cross)}};
  return j;
}

Table sensitivity_table(const Model& model, const SensitivityResult& r, bool exact) {
  Table t;
  t.header = {"structure", "metric",    "nominal", "mean",       "p5",    "p95",  "delta_mean",
              "delta_p5",  "delta_p95", "rank",    "rank_holds", "lower", "tied", "higher"};
  t.right = {false, false, true, true, true, true, true, true, true, true, true, true, true, true};
  const auto num = [&](double v) { return exact ? exact_number(v) : rounded(v, 3); };
  for (std::size_t k = 0; k < r.structures.size(); ++k) {
    for (std::size_t m = 0; m < r.metrics.size(); ++m) {
      const Spread& v = r.values[k][m];
      const Spread& d = r.deltas[k][m];
      const Shares& x = r.against_baseline[k][m];
      const bool base = k == r.baseline;
      const Ranking* ranking = m == SensitivityResult::kCost    ? &r.rank_by_cost
                               : m == SensitivityResult::kCross ? &r.rank_by_cross
                                                                : nullptr;
      t.rows.push_back({id(model, r, k), r.metrics[m], num(r.nominal[k][m]), num(v.mean),
                        num(v.p5), num(v.p95), base ? "" : num(d.mean), base ? "" : num(d.p5),
                        base ? "" : num(d.p95),
                        ranking != nullptr ? std::to_string(ranking->rank[k]) : "",
                        ranking != nullptr ? num(ranking->holds) : "", base ? "" : num(x.lower),
                        base ? "" : num(x.tied), base ? "" : num(x.higher)});
    }
  }
  return t;
}

SensitivityTables sensitivity_tables(const Model& model, const SensitivityResult& r,
                                     std::string_view separator) {
  SensitivityTables out;
  Table& t = out.values;
  t.header = {tr("metric")};
  t.right = {false};
  for (std::size_t k = 0; k < r.structures.size(); ++k) {
    t.header.push_back(k == r.baseline ? trf("{0} (baseline)", {id(model, r, k)}) : id(model, r, k));
    t.right.push_back(true);
  }
  Table& d = out.deltas;
  d = t;
  d.header.erase(d.header.begin() + 1 + static_cast<std::ptrdiff_t>(r.baseline));
  d.right.pop_back();
  for (std::size_t m = 0; m < r.metrics.size(); ++m) {
    std::vector<std::string> row{r.metrics[m]};
    std::vector<std::string> drow{r.metrics[m]};
    for (std::size_t k = 0; k < r.structures.size(); ++k) {
      row.push_back(spread_text(r.values[k][m], separator));
      if (k != r.baseline) drow.push_back(spread_text(r.deltas[k][m], separator));
    }
    t.rows.push_back(std::move(row));
    d.rows.push_back(std::move(drow));
  }
  if (r.structures.size() < 2) d = Table{};
  return out;
}

std::string sensitivity_setup(const SensitivityOptions& o) { return setup(o); }

std::string sensitivity_order(const Model& model, const SensitivityResult& r,
                              const Ranking& ranking) {
  return order_text(model, r, ranking);
}

std::string sensitivity_text(const Model& model, const SensitivityResult& r,
                             const SensitivityOptions& o, bool markdown) {
  const auto section = [&](const std::string& title) {
    return markdown ? "\n### " + title + "\n\n" : "\n" + title + "\n";
  };
  std::string out = (markdown ? "## " : "") +
                    trf("Sensitivity to the dependency weights: {0}", {setup(o)}) + "\n";
  const SensitivityTables tables = sensitivity_tables(model, r);
  const auto render = [&](const Table& table) {
    return markdown ? render_markdown(table) : render_text(table);
  };
  out += section(tr("Each figure over the samples: mean [5th, 95th percentile]")) +
         render(tables.values);
  if (r.structures.size() > 1) {
    out += section(tr("Difference to the baseline, sample by sample: mean [5th, 95th percentile]")) +
           render(tables.deltas);
    static_assert(kTieTolerance == 1e-9, "the heading states the tolerance");
    out += section(tr("How often the conclusions hold (tied: within 1e-9 x max(1, |a|, |b|))"));
    const std::string bullet = markdown ? "- " : "  ";
    out += bullet +
           trf("ranking by coordination cost, {0}: holds in {1} of samples",
               {order_text(model, r, r.rank_by_cost), percent(r.rank_by_cost.holds)}) +
           "\n";
    out += bullet +
           trf("ranking by cross-unit share, {0}: holds in {1} of samples",
               {order_text(model, r, r.rank_by_cross), percent(r.rank_by_cross.holds)}) +
           "\n";
    for (std::size_t k = 0; k < r.structures.size(); ++k) {
      if (k == r.baseline) continue;
      const Shares& cost = r.against_baseline[k][SensitivityResult::kCost];
      out += bullet +
             trf("coordination cost of {0} against {1}: lower in {2} of samples, tied in {3}, "
                 "higher in {4}",
                 {id(model, r, k), id(model, r, r.baseline), percent(cost.lower),
                  percent(cost.tied), percent(cost.higher)}) +
             "\n";
    }
  }
  return terminal_page(out);
}

}  // namespace policygraph
