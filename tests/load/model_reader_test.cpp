#include <policygraph/load/model_reader.hpp>

#include <gtest/gtest.h>

namespace policygraph {
namespace {

const std::string kData = std::string(POLICYGRAPH_SOURCE_DIR) + "/tests/data/";

Model load(const std::string& path) {
  Diagnostics d;
  return read_model_file(path, d);
}

std::string errors_of(std::string_view text) {
  Diagnostics d;
  try {
    (void)read_model_text(text, "m.json", "", d);
  } catch (const ModelError& e) {
    return e.diagnostics().render();
  }
  return "no error";
}

TEST(ModelReader, CsvAndJsonFormsLoadToTheSameModel) {
  const Model json = load(kData + "small.json");
  const Model csv = load(kData + "small-csv/model.json");
  ASSERT_EQ(json.functions.size(), csv.functions.size());
  for (std::size_t f = 0; f < json.functions.size(); ++f) {
    EXPECT_EQ(json.functions[f].id, csv.functions[f].id);
    EXPECT_EQ(json.functions[f].labels.label, csv.functions[f].labels.label);
    EXPECT_EQ(json.functions[f].domains, csv.functions[f].domains);
  }
  EXPECT_EQ(json.graph.offsets, csv.graph.offsets);
  EXPECT_EQ(json.graph.targets, csv.graph.targets);
  EXPECT_EQ(json.graph.weights, csv.graph.weights);
  EXPECT_EQ(json.dependency_kinds, csv.dependency_kinds);
  ASSERT_EQ(json.structures.size(), csv.structures.size());
  for (std::size_t s = 0; s < json.structures.size(); ++s) {
    EXPECT_EQ(json.structures[s].parent, csv.structures[s].parent);
    EXPECT_EQ(json.structures[s].assign, csv.structures[s].assign);
    EXPECT_EQ(json.structures[s].control_tower, csv.structures[s].control_tower);
  }
}

TEST(ModelReader, SmallModelGraphSumsBothDirections) {
  const Model m = load(kData + "small.json");
  // supply-minerals is written twice (1 each way): one pair of weight 2.
  const Index supply = *m.find_function("supply");
  const Index minerals = *m.find_function("minerals");
  const auto row = m.graph.neighbours(supply);
  const auto at = std::find(row.begin(), row.end(), minerals) - row.begin();
  EXPECT_DOUBLE_EQ(m.graph.neighbour_weights(supply)[at], 2.0);
  EXPECT_EQ(m.graph.pair_count(), 3U);
  EXPECT_EQ(m.dependency_kinds, (std::vector<std::string>{"coordination", "data"}));
}

TEST(ModelReader, LabelsFallBackFromLanguageToLabelToId) {
  const Model m = load(kData + "small.json");
  const Function& supply = m.functions[*m.find_function("supply")];
  EXPECT_EQ(supply.labels.pick("ko", supply.id), "공급망 정책");
  EXPECT_EQ(supply.labels.pick("fr", supply.id), "Supply-chain policy");
  const Resolved& after = m.structures[1];
  const Index office = *m.find_unit("security-office");
  EXPECT_EQ(m.unit_name(after, office, "ko"), "안보실");
  EXPECT_EQ(m.unit_path(after, *m.find_unit("supply-bureau"), ""),
            "Ministry > Security Office > Supply Bureau");
}

TEST(ModelReader, MinimalModelWithNoDependencies) {
  Diagnostics d;
  const Model m = read_model_text(
      R"({"format": "policygraph/1", "domains": [], "functions": [], "dependencies": [],
          "structures": [{"id": "s", "units": [{"id": "root"}]}]})",
      "m.json", "", d);
  EXPECT_EQ(m.structures.size(), 1U);
  EXPECT_EQ(m.structures[0].root, *m.find_unit("root"));
  EXPECT_EQ(m.graph.pair_count(), 0U);
}

TEST(ModelReader, EveryErrorIsReportedNotOnlyTheFirst) {
  EXPECT_EQ(errors_of(R"({"format": "x", "domains": [{"id": ""}], "functions": 3,
                          "dependencies": [], "structures": []})"),
            "m.json: /format: error: unsupported format \"x\" (expected \"policygraph/1\")\n"
            "m.json: /domains/0/id: error: id \"\" is empty\n"
            "m.json: /functions: error: functions (an array, or {\"csv\": PATH}): expected an "
            "array, found a number\n"
            "m.json: /structures: error: a model needs at least one structure\n");
}

TEST(ModelReader, UnreadableModelFileIsAFileError) {
  Diagnostics d;
  EXPECT_THROW((void)read_model_file(kData + "no-such-model.json", d), FileError);
  EXPECT_THROW((void)read_model_file(kData, d), FileError);  // a folder
}

}  // namespace
}  // namespace policygraph
