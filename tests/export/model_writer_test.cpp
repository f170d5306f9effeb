#include <policygraph/export/model_writer.hpp>

#include <filesystem>

#include <gtest/gtest.h>
#include <policygraph/report/metrics_writer.hpp>
#include <policygraph/metrics/metrics.hpp>

#include "test_util.hpp"

namespace policygraph {
namespace {

using nlohmann::ordered_json;

/// Every model the tests and the datasets hold.
std::vector<std::string> all_models() {
  std::vector<std::string> paths;
  for (const char* name : {"small.json", "tiny.json", "karate.json", "adversarial.json",
                           "small-csv/model.json"}) {
    paths.push_back(testing::kDataDir + name);
  }
  const std::filesystem::path datasets = std::string(POLICYGRAPH_SOURCE_DIR) + "/datasets";
  for (const auto& entry : std::filesystem::directory_iterator(datasets)) {
    if (std::filesystem::exists(entry.path() / "model.json")) {
      paths.push_back((entry.path() / "model.json").string());
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

/// The JSON pointers where `a` and `b` differ, with both values: what a
/// failure of the test below needs to be read.
void differences(const nlohmann::json& a, const nlohmann::json& b, const std::string& at,
                 std::vector<std::string>& out) {
  if (a.is_object() && b.is_object()) {
    if (a.size() != b.size()) out.push_back(at + ": other keys");
    for (const auto& [key, value] : a.items()) {
      differences(value, b.contains(key) ? b[key] : nlohmann::json(), at + "/" + key, out);
    }
    return;
  }
  if (a.is_array() && b.is_array() && a.size() == b.size()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      differences(a[i], b[i], at + "/" + std::to_string(i), out);
    }
    return;
  }
  if (a.dump() != b.dump()) out.push_back(at + ": " + a.dump() + " against " + b.dump());
}

TEST(ModelJson, ReadBackGivesTheSameMetricsForEveryStructure) {
  for (const std::string& path : all_models()) {
    Diagnostics d;
    const Model model = read_model_file(path, d);
    for (Index s = 0; s < model.structures.size(); ++s) {
      SCOPED_TRACE(path + " structure " + model.structures[s].id);
      const std::string text = model_json(model, s).dump(2);
      Diagnostics d2;
      const Model back = read_model_text(text, "export.json", "", d2);
      ASSERT_EQ(back.structures.size(), 1U);
      for (std::optional<int> level : {std::optional<int>(), std::optional<int>(1)}) {
        const auto read = nlohmann::json::parse(
            metrics_json(back, structure_metrics(back, 0, level)).dump());
        const auto wanted = nlohmann::json::parse(
            metrics_json(model, structure_metrics(model, s, level)).dump());
        std::vector<std::string> diff;
        differences(read, wanted, "", diff);
        EXPECT_EQ(diff, std::vector<std::string>()) << "level " << (level ? *level : -1);
      }
      // The only warnings: one per function the exported structure leaves
      // out, which is now in no structure of the file.
      std::vector<std::string> warned;
      for (const Diagnostic& x : d2.all()) {
        EXPECT_NE(x.message.find("is assigned in no structure"), std::string::npos)
            << x.to_string();
        warned.push_back(x.message);
      }
      std::vector<std::string> absent;
      for (Index f = 0; f < model.functions.size(); ++f) {
        if (model.structures[s].assign[f] == kNone) {
          absent.push_back("function \"" + model.functions[f].id +
                           "\" is assigned in no structure: every figure leaves it out");
        }
      }
      EXPECT_EQ(warned, absent);
    }
  }
}

TEST(ModelJson, ChangeFormBecomesFullFormWithEveryChangeApplied) {
  // small.json "after": security-office added under the ministry,
  // supply-bureau moved into it, export-control and minerals moved to it,
  // and it is the control tower of security.
  const Model m = testing::model_file("small.json");
  const ordered_json j = model_json(m, *m.find_structure("after"));
  ASSERT_EQ(j["structures"].size(), 1U);
  const ordered_json& s = j["structures"][0];
  EXPECT_EQ(s["id"], "after");
  EXPECT_FALSE(s.contains("base"));
  EXPECT_FALSE(s.contains("changes"));
  EXPECT_EQ(s["units"].dump(),
            R"([{"id":"ministry","label":"Ministry","kind":"ministry"},)"
            R"({"id":"industry-office","parent":"ministry","label":"Industry Office","kind":"office"},)"
            R"({"id":"trade-office","parent":"ministry","label":"Trade Office","kind":"office","headcount":10.0},)"
            R"({"id":"supply-bureau","parent":"security-office","label":"Supply Bureau","kind":"bureau"},)"
            R"({"id":"security-office","parent":"ministry","label":"Security Office","labels":{"ko":"안보실"},"kind":"office"}])");
  EXPECT_EQ(s["assign"].dump(),
            R"({"supply":"supply-bureau","export-control":"security-office",)"
            R"("minerals":"security-office","ai":"industry-office"})");
  EXPECT_EQ(s["control_towers"].dump(), R"({"security":"security-office"})");
}

TEST(ModelJson, DependenciesKeepTheirDirectionWeightAndKind) {
  const Model m = testing::model_file("small.json");
  const ordered_json j = model_json(m, 0);
  ASSERT_EQ(j["dependencies"].size(), 4U);
  EXPECT_EQ(j["dependencies"][2].dump(),
            R"({"from":"minerals","to":"supply","weight":1.0,"kind":"data"})");
  EXPECT_EQ(j["functions"][0].dump(),
            R"({"id":"supply","label":"Supply-chain policy","labels":{"ko":"공급망 정책"},)"
            R"("domains":["security"]})");
  EXPECT_EQ(j["format"], "policygraph/1");
  EXPECT_EQ(j["sources"][0]["id"], "hand");
}

TEST(ModelJson, AbsentFunctionsStayInTheModelButOutOfTheAssignment) {
  const Model m = testing::model_file("adversarial.json");
  const ordered_json j = model_json(m, 1);
  EXPECT_EQ(j["functions"].size(), m.functions.size());
  EXPECT_FALSE(j["structures"][0]["assign"].contains("gone"));
  EXPECT_EQ(j["structures"][0]["assign"]["late"], "bureau{1}");
}

}  // namespace
}  // namespace policygraph
