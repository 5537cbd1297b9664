// Tests for relais-eval: data set loading errors, the evaluation protocol, the
// command line (exit codes, --predict output) and, when the shared data is
// present, the CLINC150 figures the engine is held to.
#include <catch2/catch_test_macros.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "eval_dataset.h"
#include "eval_metrics.h"

using namespace relais;
namespace fs = std::filesystem;

namespace {

fs::path TempFile(const std::string& name, const std::string& content) {
  const fs::path dir = fs::temp_directory_path() / "relais_eval_test";
  fs::create_directories(dir);
  const fs::path path = dir / name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// A small data set: 4 intents x 8 training questions, validation with
// in-scope and out-of-scope questions.
std::string SmallDataset(bool with_validation) {
  nlohmann::json d;
  d["name"] = "small";
  d["language"] = "en";
  const char* intents[4][8] = {
      {"renew my passport", "passport renewal", "my passport expired", "new passport",
       "passport application", "get a passport", "replace lost passport", "passport photo rules"},
      {"file my taxes", "tax deadline", "pay income tax", "tax return", "tax refund status",
       "where is my tax refund", "taxes online", "tax forms"},
      {"opening hours", "when do you open", "are you open sunday", "office hours", "closing time",
       "what time do you close", "open on holidays", "hours today"},
      {"driver licence renewal", "lost my driving licence", "driving permit", "licence test",
       "book a driving test", "renew licence", "licence address change", "driving exam"}};
  const char* names[4] = {"passport", "taxes", "hours", "licence"};
  for (int i = 0; i < 4; ++i) {
    for (const char* t : intents[i]) d["train"].push_back({{"text", t}, {"intent", names[i]}});
  }
  if (with_validation) {
    const char* val[4][3] = {{"passport renew", "expired passport", "lost passport"},
                             {"tax refund", "income tax deadline", "file tax return"},
                             {"open today", "what are your hours", "sunday hours"},
                             {"driving licence", "renew driving licence", "driving test"}};
    for (int i = 0; i < 4; ++i) {
      for (const char* t : val[i]) d["validation"].push_back({{"text", t}, {"intent", names[i]}});
    }
    for (const char* t : {"what is the weather", "tell me a joke", "best pizza in town",
                          "how tall is everest", "play some music", "who won the game"}) {
      d["validation"].push_back({{"text", t}, {"intent", nullptr}});
    }
  }
  return d.dump();
}

// Runs a shell command, returning its exit status and standard output.
int Run(const std::string& command, std::string* out) {
  const fs::path capture = fs::temp_directory_path() / "relais_eval_test" / "out.txt";
  const int status = std::system((command + " > " + capture.string() + " 2>&1").c_str());
  std::ifstream in(capture);
  std::stringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return status;
}

}  // namespace

TEST_CASE("LoadDataset names the file and the problem", "[relais_eval]") {
  auto missing = eval::LoadDataset("/nonexistent/data.json");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message().find("/nonexistent/data.json") != std::string::npos);

  const auto bad_json = TempFile("bad.json", "{\"train\": [");
  auto r = eval::LoadDataset(bad_json.string());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("bad.json") != std::string::npos);
  CHECK(r.status().message().find("not valid JSON") != std::string::npos);

  r = eval::LoadDataset(TempFile("notrain.json", "{\"name\": \"x\"}").string());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("\"train\"") != std::string::npos);

  r = eval::LoadDataset(TempFile("notext.json", R"({"train": [{"intent": "a"}]})").string());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("train[0]") != std::string::npos);
  CHECK(r.status().message().find("\"text\"") != std::string::npos);

  r = eval::LoadDataset(
      TempFile("badintent.json", R"({"train": [{"text": "a", "intent": 3}]})").string());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("\"intent\"") != std::string::npos);

  r = eval::LoadDataset(
      TempFile("oosonly.json", R"({"train": [{"text": "a", "intent": null}]})").string());
  REQUIRE_FALSE(r.ok());
}

TEST_CASE("Evaluate cross-calibrates when scoring validation", "[relais_eval]") {
  auto data = eval::LoadDataset(TempFile("small.json", SmallDataset(true)).string());
  REQUIRE(data.ok());
  auto report = eval::Evaluate(data.value(), "", {}, nullptr);
  REQUIRE(report.ok());
  const eval::EvalReport& r = report.value();
  CHECK(r.split == "validation");
  CHECK(r.thresholds.size() == 2);  // one per fold
  CHECK(r.in_scope == 12);
  CHECK(r.out_of_scope == 6);
  CHECK(r.closed_set_accuracy >= 0.75);
  CHECK(r.in_scope_accuracy <= r.closed_set_accuracy);
  CHECK(r.oos_recall >= 0);
  CHECK(r.model_bytes > 0);
  CHECK_FALSE(eval::Evaluate(data.value(), "test", {}, nullptr).ok());  // no test split
}

TEST_CASE("Evaluate holds out training data when there is no validation", "[relais_eval]") {
  std::string text = SmallDataset(false);
  nlohmann::json d = nlohmann::json::parse(text);
  d["test"] = {{{"text", "renew passport"}, {"intent", "passport"}},
               {{"text", "weather tomorrow"}, {"intent", nullptr}}};
  auto data = eval::LoadDataset(TempFile("noval.json", d.dump()).string());
  REQUIRE(data.ok());
  auto report = eval::Evaluate(data.value(), "", {}, nullptr);
  REQUIRE(report.ok());
  CHECK(report.value().split == "test");
  CHECK(report.value().train_examples == 28);  // every tenth held out: 8 per intent → 7
  CHECK(report.value().thresholds.size() == 1);
}

TEST_CASE("relais-eval command line: errors, JSON report, predictions", "[relais_eval]") {
  const std::string tool = RELAIS_EVAL_PATH;
  std::string out;
  CHECK(Run(tool, &out) != 0);
  CHECK(out.find("usage") != std::string::npos);
  CHECK(Run(tool + " /nonexistent.json", &out) != 0);
  CHECK(out.find("/nonexistent.json") != std::string::npos);
  const auto bad = TempFile("cli_bad.json", "not json");
  CHECK(Run(tool + " " + bad.string(), &out) != 0);
  CHECK(out.find("cli_bad.json: not valid JSON") != std::string::npos);

  const auto small = TempFile("cli_small.json", SmallDataset(true));
  REQUIRE(Run(tool + " " + small.string() + " --split validation --json", &out) == 0);
  const nlohmann::json report = nlohmann::json::parse(out, nullptr, false);
  REQUIRE(report.is_object());
  for (const char* key : {"in_scope_accuracy", "oos_recall", "oos_precision", "closed_set_accuracy",
                          "latency_us_p50", "latency_us_p99", "train_ms", "model_bytes"}) {
    CHECK(report.contains(key));
  }

  const auto queries = TempFile("queries.txt", "how do I renew my passport\n\n😀\nweather?\n");
  REQUIRE(Run(tool + " " + small.string() + " --predict " + queries.string(), &out) == 0);
  std::istringstream lines(out);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    REQUIRE(j.is_object());
    CHECK(j.contains("text"));
    CHECK(j.contains("intent"));
    CHECK(j.contains("confidence"));
    const std::string decision = j["decision"];
    CHECK((decision == "answer" || decision == "clarify" || decision == "handoff"));
    if (n == 0) CHECK(j["intent"] == "passport");
    if (n == 1 || n == 2) {
      CHECK(j["intent"].is_null());
      CHECK(decision == "handoff");
    }
    ++n;
  }
  CHECK(n == 4);
  CHECK(Run(tool + " " + small.string() + " --predict /nonexistent.txt", &out) != 0);
}

TEST_CASE("CLINC150 validation meets the engine's targets", "[relais_eval][data]") {
  const std::string path = std::string(RELAIS_SHARED_DATA_DIR) + "/intents/clinc150.json";
  if (!fs::exists(path)) SKIP("shared data absent: " << path);
#if defined(__SANITIZE_ADDRESS__)
  SKIP("CLINC150 training takes minutes under sanitizers; run the native build");
#endif
  auto data = eval::LoadDataset(path);
  REQUIRE(data.ok());
  const auto t0 = std::chrono::steady_clock::now();
  auto report = eval::Evaluate(data.value(), "validation", {}, nullptr);
  REQUIRE(report.ok());
  const eval::EvalReport& r = report.value();
  INFO("in-scope " << r.in_scope_accuracy << " oos recall " << r.oos_recall << " closed "
                   << r.closed_set_accuracy << " bytes " << r.model_bytes << " in "
                   << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
                   << " s");
  CHECK(r.in_scope_accuracy >= 0.90);
  CHECK(r.oos_recall >= 0.55);
  CHECK(r.closed_set_accuracy >= 0.90);
  CHECK(r.model_bytes <= 2u * 1024 * 1024);
}
