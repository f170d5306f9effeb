#include <policygraph/load/model_reader.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

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

/// A model of functions f0 .. f{n-1} (and one id with a quote, a"q), one
/// domain and one structure, whose dependencies are `dependencies` (JSON)
/// or the file deps.csv of `dir` holding `csv`.
std::string model_text(int n, const std::string& dependencies) {
  std::string functions = R"({"id": "a\"q", "domains": ["d"]})";
  std::string assign = R"("a\"q": "u")";
  for (int i = 0; i < n; ++i) {
    functions += R"(, {"id": "f)" + std::to_string(i) + R"(", "domains": ["d"]})";
    assign += R"(, "f)" + std::to_string(i) + R"(": "u")";
  }
  return R"({"format": "policygraph/1", "domains": [{"id": "d"}], "functions": [)" + functions +
         R"(], "dependencies": )" + dependencies +
         R"(, "structures": [{"id": "s", "units": [{"id": "u"}], "assign": {)" + assign + "}}]}";
}

class CsvDependencies : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("policygraph-deps-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  Model read(int n, const std::string& csv, Diagnostics& d) const {
    std::ofstream(dir_ / "deps.csv") << csv;
    return read_model_text(model_text(n, R"({"csv": "deps.csv"})"), "m.json", dir_.string(), d);
  }
  std::string errors(int n, const std::string& csv) const {
    Diagnostics d;
    try {
      (void)read(n, csv, d);
    } catch (const ModelError& e) {
      // Without the folder, which changes from run to run.
      std::string text = e.diagnostics().render();
      const std::string folder = dir_.string() + "/";
      for (auto at = text.find(folder); at != std::string::npos; at = text.find(folder)) {
        text.erase(at, folder.size());
      }
      return text;
    }
    return "no error";
  }
  std::filesystem::path dir_;
};

TEST_F(CsvDependencies, ManyRowsLoadAsTheirJsonForm) {
  // 1,000 rows, several look-up batches, with kinds first seen late, a
  // repeated pair, quoted ids and an id with a doubled quote: the CSV
  // reader must give what the JSON reader gives for the same list.
  constexpr int kN = 300;
  std::string csv = "from,to,weight,kind\n";
  std::string json = "[";
  for (int i = 0; i < 1000; ++i) {
    const std::string from = i % 97 == 0 ? "a\"q" : "f" + std::to_string(i * 7 % kN);
    const std::string to = "f" + std::to_string((i * 13 + 1) % kN);
    if (from == to) continue;
    const std::string kind = i == 600 ? "legal" : i == 900 ? "data" : i % 5 == 0 ? "budget" : "";
    const std::string weight = std::to_string(1 + i % 4);
    const std::string from_csv = from == "a\"q" ? "\"a\"\"q\"" : "\"" + from + "\"";
    csv.append(from_csv).append(",").append(to).append(",").append(weight).append(",");
    csv.append(kind).append("\n");
    json.append(json.size() > 1 ? ", " : "").append(R"({"from": ")");
    json.append(from == "a\"q" ? std::string("a\\\"q") : from).append(R"(", "to": ")");
    json.append(to).append(R"(", "weight": )").append(weight);
    if (!kind.empty()) json.append(R"(, "kind": ")").append(kind).append("\"");
    json.append("}");
  }
  json += "]";
  Diagnostics d;
  const Model from_csv = read(kN, csv, d);
  const Model from_json = read_model_text(model_text(kN, json), "m.json", "", d);
  ASSERT_EQ(from_csv.dependencies.size(), from_json.dependencies.size());
  for (std::size_t i = 0; i < from_csv.dependencies.size(); ++i) {
    EXPECT_EQ(from_csv.dependencies[i].from, from_json.dependencies[i].from) << i;
    EXPECT_EQ(from_csv.dependencies[i].to, from_json.dependencies[i].to) << i;
    EXPECT_EQ(from_csv.dependencies[i].weight, from_json.dependencies[i].weight) << i;
    EXPECT_EQ(from_csv.dependencies[i].kind, from_json.dependencies[i].kind) << i;
  }
  // Kinds in the order first seen: budget (row 0), legal (600), data (900).
  EXPECT_EQ(from_csv.dependency_kinds,
            (std::vector<std::string>{"coordination", "budget", "legal", "data"}));
  EXPECT_EQ(from_csv.graph.targets, from_json.graph.targets);
  EXPECT_EQ(from_csv.graph.weights, from_json.graph.weights);
  // Row 0 reads a"q (function 0, before f0, f1, ...) -> f1 (function 2).
  EXPECT_EQ(from_csv.dependencies[0].from, 0U);
  EXPECT_EQ(from_csv.dependencies[0].to, 2U);  // f1 is function 2
}

TEST_F(CsvDependencies, AFileWithoutQuotesLoadsAsItsJsonForm) {
  // The usual large file: no quotes, which the reader takes in its fastest
  // way. CRLF ends, a blank line, columns in another order, weights written
  // in several ways and kinds in runs must give what JSON gives.
  constexpr int kN = 300;
  std::string csv = "kind,weight,to,from\r\n";
  std::string json = "[";
  const std::vector<std::string> weights{"1", "2.5", "1e2", "", "9", "0.25"};
  for (int i = 0; i < 1000; ++i) {
    const std::string from = "f" + std::to_string(i * 7 % kN);
    const std::string to = "f" + std::to_string((i * 13 + 1) % kN);
    if (from == to) continue;
    const std::string kind = i < 300 ? "budget" : i < 310 ? "" : i % 2 == 0 ? "legal" : "data";
    const std::string& weight = weights[i % weights.size()];
    csv.append(kind).append(",").append(weight).append(",").append(to).append(",");
    csv.append(from).append(i == 500 ? "\r\n\r\n" : "\r\n");
    json.append(json.size() > 1 ? ", " : "").append(R"({"from": ")").append(from);
    json.append(R"(", "to": ")").append(to).append("\"");
    if (!weight.empty()) json.append(R"(, "weight": )").append(weight);
    if (!kind.empty()) json.append(R"(, "kind": ")").append(kind).append("\"");
    json.append("}");
  }
  json += "]";
  Diagnostics d;
  const Model from_csv = read(kN, csv, d);
  const Model from_json = read_model_text(model_text(kN, json), "m.json", "", d);
  EXPECT_TRUE(d.all().empty());
  ASSERT_EQ(from_csv.dependencies.size(), from_json.dependencies.size());
  for (std::size_t i = 0; i < from_csv.dependencies.size(); ++i) {
    EXPECT_EQ(from_csv.dependencies[i].from, from_json.dependencies[i].from) << i;
    EXPECT_EQ(from_csv.dependencies[i].to, from_json.dependencies[i].to) << i;
    EXPECT_EQ(from_csv.dependencies[i].weight, from_json.dependencies[i].weight) << i;
    EXPECT_EQ(from_csv.dependencies[i].kind, from_json.dependencies[i].kind) << i;
  }
  EXPECT_EQ(from_csv.dependency_kinds,
            (std::vector<std::string>{"coordination", "budget", "legal", "data"}));
  // Row 1 (i = 1): f7 -> f14 with weight 2.5; a"q is function 0, so fK is K + 1.
  EXPECT_EQ(from_csv.dependencies[1].from, 8U);
  EXPECT_EQ(from_csv.dependencies[1].to, 15U);
  EXPECT_EQ(from_csv.dependencies[1].weight, 2.5);
}

TEST_F(CsvDependencies, ProblemsPastTheFirstRowsAreReportedInLineOrder) {
  // Problems spread over many rows and kinds of problem: each on its line,
  // in the order of the file, whatever part of the reader finds it.
  std::string csv = "from,to,weight\n";
  for (int i = 2; i <= 800; ++i) {
    switch (i) {
      case 5: csv += "f1,f2,f3,f4\n"; break;                 // too many fields
      case 300: csv += "f1,ghost,1\n"; break;                // unknown
      case 301: csv += "f1,f\"2,1\n"; break;                // stray quote
      case 602: csv += "f3,f3,2\n"; break;                   // self
      case 799: csv += "f4,f5,-1\n"; break;                  // weight
      default: csv += "f" + std::to_string(i % 10) + ",f" + std::to_string(i % 10 + 10) + ",1\n";
    }
  }
  EXPECT_EQ(errors(20, csv),
            "deps.csv:5: error: expected 3 fields, found 4\n"
            "deps.csv:300: error: unknown function \"ghost\"\n"
            "deps.csv:301: error: quote inside an unquoted field (quote the whole field and "
            "double the quotes inside it)\n"
            "deps.csv:602: error: self-dependency: \"f3\" depends on itself\n"
            "deps.csv:799: error: weight must be a number > 0 and at most 1e15, found \"-1\"\n");
}

TEST_F(CsvDependencies, AnExtraColumnIsAWarningAndTheRowsStillLoad) {
  Diagnostics d;
  const Model m = read(3, "from,to,why\nf0,f1,because\nf1,f2,\n", d);
  ASSERT_EQ(m.dependencies.size(), 2U);
  EXPECT_EQ(m.dependencies[1].from, 2U);  // f1 (a"q is function 0)
  EXPECT_EQ(m.dependencies[1].to, 3U);
  ASSERT_EQ(d.all().size(), 1U);
  EXPECT_NE(d.all()[0].message.find("unknown column \"why\""), std::string::npos)
      << d.all()[0].message;
}

TEST(ModelReader, UnreadableModelFileIsAFileError) {
  Diagnostics d;
  EXPECT_THROW((void)read_model_file(kData + "no-such-model.json", d), FileError);
  EXPECT_THROW((void)read_model_file(kData, d), FileError);  // a folder
}

}  // namespace
}  // namespace policygraph
