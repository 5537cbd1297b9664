// relais-kb end to end: exit codes, messages, reproducible bundles.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch_test_macros.hpp>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "kb_fixtures.h"
#include "relais/engine/knowledge_base.h"

namespace relais::kb {
namespace {

struct Output {
  int exit = -1;
  std::string out;
  std::string err;
};

// Per process: CTest runs the test cases of this file in parallel processes.
std::string Temp(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("relais-kb-cli-test-" + std::to_string(getpid()) + "-" + name))
      .string();
}

// Runs `relais-kb ARGS` through the shell (`environment` is prefixed, e.g.
// "SOURCE_DATE_EPOCH=1 ").
Output Run(const std::string& args, const std::string& environment = "") {
  const std::string out = Temp("stdout"), err = Temp("stderr");
  const std::string command = "env -u SOURCE_DATE_EPOCH " + environment + "'" RELAIS_KB_TOOL "' " +
                              args + " >'" + out + "' 2>'" + err + "'";
  const int status = std::system(command.c_str());
  Output result;
  result.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = testing::ReadFile(out);
  result.err = testing::ReadFile(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return result;
}

const std::string kGood = "'" + testing::GoodKb() + "'";
const std::string kBroken = "'" + testing::BrokenKb() + "'";

TEST_CASE("usage: help, and clear errors with exit status 2") {
  const Output help = Run("--help");
  CHECK(help.exit == 0);
  CHECK(help.out.starts_with("Usage: relais-kb COMMAND SOURCE_DIR"));
  CHECK(help.out.find("SOURCE_DATE_EPOCH") != std::string::npos);
  for (const char* args : {"", "frobnicate x", "check", "check a b", "build x", "check x -o y",
                           "check x --today 2026-13-01", "test x --min-pass-rate 2",
                           "check x --json", "check x --bogus", "build x -o y --lexical"}) {
    INFO(args);
    const Output usage = Run(args);
    CHECK(usage.exit == 2);
    CHECK(usage.err.starts_with("relais-kb: "));
    CHECK(usage.err.find("Try 'relais-kb --help'.") != std::string::npos);
  }
}

TEST_CASE("check: the good knowledge base passes, the broken one lists every error") {
  const Output good = Run("check " + kGood + " --today 2026-06-01");
  INFO(good.err);
  CHECK(good.exit == 0);
  CHECK(good.out == "6 entries, 72 example questions, 14 regression questions: ok\n");
  CHECK(good.err.empty());

  const Output broken = Run("check " + kBroken + " --today 2026-06-01 --lexical");
  CHECK(broken.exit == 1);
  CHECK(broken.out.ends_with("regression questions: errors found\n"));
  CHECK(broken.err.find(testing::BrokenKb() +
                        "/entries/header/bad-handoff.md:7: error: 'handoff' is 'sometimes'") !=
        std::string::npos);
  CHECK(broken.err.find(" errors, 7 warnings\n") != std::string::npos);

  CHECK(Run("check /nonexistent/kb").exit == 1);
}

TEST_CASE("build: a reproducible bundle the engine reads; nothing written on errors") {
  const std::string first = Temp("first.sqlite"), second = Temp("second.sqlite");
  const Output built =
      Run("build " + kGood + " -o '" + first + "'", "SOURCE_DATE_EPOCH=1767225600 ");
  INFO(built.err);
  REQUIRE(built.exit == 0);
  CHECK(built.out.starts_with("wrote " + first + ": "));
  REQUIRE(
      Run("build " + kGood + " --output '" + second + "'", "SOURCE_DATE_EPOCH=1767225600 ").exit ==
      0);
  const std::string bytes = testing::ReadFile(first);
  CHECK(bytes == testing::ReadFile(second));

  engine::Result<engine::KnowledgeBase> kb = engine::KnowledgeBase::FromBundle(bytes);
  REQUIRE(kb.ok());
  CHECK(kb.value().info().build_time == "2026-01-01T00:00:00Z");
  CHECK(kb.value().entries().size() == 6);
  CHECK(kb.value().Model(engine::kClassifierModelName).size() > 100);

  const std::string rejected = Temp("rejected.sqlite");
  std::filesystem::remove(rejected);
  const Output broken = Run("build " + kBroken + " -o '" + rejected + "'");
  CHECK(broken.exit == 1);
  CHECK(broken.err.find("fix the errors above first") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(rejected));

  const Output bad_epoch =
      Run("build " + kGood + " -o '" + rejected + "'", "SOURCE_DATE_EPOCH=soon ");
  CHECK(bad_epoch.exit == 1);
  CHECK(bad_epoch.err.find("SOURCE_DATE_EPOCH") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(rejected));
  std::filesystem::remove(first);
  std::filesystem::remove(second);
}

TEST_CASE("report: JSON per entry") {
  const Output report = Run("report " + kGood + " --json");
  REQUIRE(report.exit == 0);
  const nlohmann::json json = nlohmann::json::parse(report.out, nullptr, false);
  REQUIRE(json.is_object());
  CHECK(json["method"] == "engine classifier, 5-fold cross-validation");
  CHECK(json["entries"].size() == 6);
  const Output lexical = Run("report " + kGood + " --lexical");
  CHECK(lexical.exit == 0);
  CHECK(lexical.out.find("lexical nearest neighbour") != std::string::npos);
}

TEST_CASE("test: one line per regression question and a verdict from the engine") {
  const Output test = Run("test " + kGood);
  INFO(test.out << test.err);
  std::size_t lines = 0;
  for (std::size_t pos = 0;
       (pos = test.out.find(testing::GoodKb() + "/tests/", pos)) != std::string::npos; ++pos) {
    ++lines;
  }
  CHECK(lines == 14);
  CHECK(test.out.find("English: ") != std::string::npos);
  CHECK(test.out.find("Must hand off: ") != std::string::npos);
  const bool ok = test.out.ends_with("Result: ok\n");
  CHECK(test.exit == (ok ? 0 : 1));
}

}  // namespace
}  // namespace relais::kb
