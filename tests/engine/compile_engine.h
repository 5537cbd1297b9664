// Compiles a knowledge-base directory with the real `relais-kb build` (validation,
// cross-validation, training, calibration) and loads the bundle into an Engine
// (or returns the bundle's bytes).
// Tests using it define RELAIS_KB_TOOL (the relais-kb binary, tests/engine/CMakeLists.txt).
#ifndef RELAIS_TESTS_ENGINE_COMPILE_ENGINE_H_
#define RELAIS_TESTS_ENGINE_COMPILE_ENGINE_H_

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch_test_macros.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>

#include "relais/engine/engine.h"
#include "relais/engine/knowledge_base.h"

namespace relais::engine::testing {

// The bundle's bytes.
inline std::string CompileBundle(const std::string& directory) {
  const std::string bundle_path =
      (std::filesystem::temp_directory_path() /
       ("relais-compile-engine-" + std::to_string(::getpid()) + ".sqlite"))
          .string();
  const std::string command = "SOURCE_DATE_EPOCH=0 '" RELAIS_KB_TOOL "' build '" + directory +
                              "' -o '" + bundle_path + "' >/dev/null 2>'" + bundle_path + ".log'";
  const int status = std::system(command.c_str());
  INFO(command);
  {
    std::ifstream log(bundle_path + ".log");
    INFO(std::string((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>()));
    std::filesystem::remove(bundle_path + ".log");
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
  }
  std::ifstream in(bundle_path, std::ios::binary);
  const std::string bundle((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(bundle_path);
  return bundle;
}

inline Engine CompileEngine(const std::string& directory) {
  Result<KnowledgeBase> knowledge_base = KnowledgeBase::FromBundle(CompileBundle(directory));
  REQUIRE(knowledge_base.ok());
  Result<Engine> engine = Engine::Create(knowledge_base.value());
  REQUIRE(engine.ok());
  return std::move(engine.value());
}

}  // namespace relais::engine::testing

#endif  // RELAIS_TESTS_ENGINE_COMPILE_ENGINE_H_
