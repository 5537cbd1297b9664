// Golden test, native side: the engine answers every question of
// tests/engine/golden/ask_queries.jsonl exactly as recorded in ask_golden.jsonl
// (AskResultToJson, byte for byte). tests/wasm/engine_golden.test.mjs checks the
// WebAssembly build against the same file, so the two builds must agree.
//
// The bundle is compiled at test time by the real `relais-kb build` from
// tests/engine/golden/kb. When a change to the engine or the fixture changes
// answers on purpose, regenerate the golden file with tests/engine/golden/regenerate.sh
// (`relais-kb ask`; when and how: tests/engine/golden/README.md).
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch_test_macros.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "relais/engine/ask_json.h"
#include "relais/engine/engine.h"
#include "relais/engine/knowledge_base.h"
#include "compile_engine.h"

namespace relais::engine {
namespace {

using nlohmann::json;

const std::string kGoldenDir = RELAIS_SOURCE_DIR "/tests/engine/golden";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// The JSON objects of a JSON-lines file, skipping blank and '#' lines.
std::vector<json> ReadJsonLines(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::vector<json> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    json parsed = json::parse(line, nullptr, false);
    INFO(path << ": " << line.substr(0, 200));
    REQUIRE(parsed.is_object());
    lines.push_back(std::move(parsed));
  }
  return lines;
}

// The context as ask() receives it: a string as is, an object as JSON text.
std::string ContextText(const json& line) {
  const auto it = line.find("context");
  if (it == line.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// The fixture bundle, compiled by `relais-kb build`.
Engine BuildFixtureEngine() { return testing::CompileEngine(kGoldenDir + "/kb"); }

TEST_CASE("The golden file answers exactly the golden question set", "[golden]") {
  const std::vector<json> queries = ReadJsonLines(kGoldenDir + "/ask_queries.jsonl");
  const std::vector<json> golden = ReadJsonLines(kGoldenDir + "/ask_golden.jsonl");
  INFO("regenerate ask_golden.jsonl after editing ask_queries.jsonl (see golden/README.md)");
  REQUIRE(golden.size() == queries.size());
  for (std::size_t i = 0; i < queries.size(); ++i) {
    INFO("question " << i + 1 << ": " << queries[i]["query"].dump().substr(0, 200));
    CHECK(golden[i]["query"] == queries[i]["query"]);
    CHECK(ContextText(golden[i]) == ContextText(queries[i]));
  }
}

TEST_CASE("The native engine gives the golden answers", "[golden]") {
  const Engine engine = BuildFixtureEngine();
  const std::vector<json> golden = ReadJsonLines(kGoldenDir + "/ask_golden.jsonl");
  REQUIRE(golden.size() >= 50);
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < golden.size(); ++i) {
    const json& line = golden[i];
    REQUIRE(line["query"].is_string());
    const AskResult result =
        engine.Ask(line["query"].get<std::string>(), AskContextFromJson(ContextText(line)));
    const std::string actual = AskResultToJson(result, engine.knowledge_base());
    const std::string expected = line["result"].dump();
    INFO("golden line " << i + 1 << ": " << line["query"].dump().substr(0, 200) << "\n"
                        << "expected: " << expected << "\nactual:   " << actual);
    CHECK(actual == expected);
    if (actual != expected) ++mismatches;
  }
  if (mismatches > 0) {
    WARN(mismatches << " answers differ from tests/engine/golden/ask_golden.jsonl. If the change "
                       "is intended, run tests/engine/golden/regenerate.sh and review the diff.");
  }
}

// Runs `relais-kb ARGS < stdin_file`; returns the exit status, stdout in *out.
int RunKbTool(const std::string& args, const std::string& stdin_file, std::string* out) {
  const std::string out_path = (std::filesystem::temp_directory_path() /
                                ("relais-ask-golden-out-" + std::to_string(::getpid())))
                                   .string();
  const std::string command =
      "'" RELAIS_KB_TOOL "' " + args + " < '" + stdin_file + "' > '" + out_path + "' 2>/dev/null";
  const int status = std::system(command.c_str());
  *out = ReadFile(out_path);
  std::filesystem::remove(out_path);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_CASE("relais-kb ask regenerates the golden file as it is", "[golden]") {
  // The regeneration command (golden/regenerate.sh) is a no-op on a clean tree: the
  // tool and the API agree, and the committed file is current.
  std::string out;
  REQUIRE(RunKbTool("ask '" + kGoldenDir + "/kb'", kGoldenDir + "/ask_queries.jsonl", &out) == 0);
  CHECK(out == ReadFile(kGoldenDir + "/ask_golden.jsonl"));

  // A line that is not a question object is an error naming the line.
  const std::string bad = (std::filesystem::temp_directory_path() /
                           ("relais-ask-golden-bad-" + std::to_string(::getpid())))
                              .string();
  std::ofstream(bad) << "{\"query\": \"renew my passport\"}\n[1, 2]\n";
  CHECK(RunKbTool("ask '" + kGoldenDir + "/kb'", bad, &out) == 1);
  CHECK(RunKbTool("ask /nonexistent/bundle.sqlite", bad, &out) == 1);
  std::filesystem::remove(bad);
}

TEST_CASE("The golden set exercises every decision and hand-off reason", "[golden]") {
  std::set<std::string> decisions;
  std::set<std::string> reasons;
  for (const json& line : ReadJsonLines(kGoldenDir + "/ask_golden.jsonl")) {
    const json& result = line["result"];
    REQUIRE(result.is_object());
    CHECK(result["ok"] == true);
    decisions.insert(result["decision"].get<std::string>());
    if (result["reason"].is_string()) reasons.insert(result["reason"].get<std::string>());
  }
  CHECK(decisions == std::set<std::string>{"answer", "clarify", "handoff"});
  CHECK(reasons == std::set<std::string>{"out_of_scope", "low_confidence", "asked_for_human",
                                         "frustration", "sensitive_topic",
                                         "entry_requires_person"});
}

}  // namespace
}  // namespace relais::engine
