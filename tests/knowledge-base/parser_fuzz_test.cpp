// Runs the libFuzzer entry point (tests/fuzz/kb_parser_fuzz.cc) on every fixture
// file and on deterministic mutations of them, so that the fuzz target keeps
// compiling and the parser keeps surviving hostile input in ordinary builds.
#include <catch2/catch_test_macros.hpp>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>

#include "kb_fixtures.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace relais::kb {
namespace {

// Characters that mean something to the parsers, and bytes that are not UTF-8.
constexpr std::string_view kStructural = "-#:|<>[]()\n\r`*!\x80\xff";

int Feed(const std::string& bytes) {
  return LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

TEST_CASE("the parser survives every fixture and thousands of mutations of them") {
  std::vector<std::string> corpus;
  for (const std::string& root : {testing::GoodKb(), testing::BrokenKb()}) {
    for (const auto& item : std::filesystem::recursive_directory_iterator(root)) {
      if (item.is_regular_file()) corpus.push_back(testing::ReadFile(item.path().string()));
    }
  }
  REQUIRE(corpus.size() > 50);
  std::mt19937 random(20260101);  // fixed seed: the same inputs on every run
  std::size_t runs = 0;
  for (const std::string& original : corpus) {
    CHECK(Feed(original) == 0);
    for (int round = 0; round < 40; ++round) {
      std::string mutated = original;
      const int edits = 1 + static_cast<int>(random() % 8);
      for (int e = 0; e < edits && !mutated.empty(); ++e) {
        const std::size_t at = random() % mutated.size();
        switch (random() % 5) {
          case 0:  // random byte
            mutated[at] = static_cast<char>(random());
            break;
          case 1:  // structural characters
            mutated.insert(at, 1, kStructural[random() % kStructural.size()]);
            break;
          case 2:  // delete a run
            mutated.erase(at, random() % 64);
            break;
          case 3:  // duplicate a run
            mutated.insert(at, mutated.substr(at, random() % 256));
            break;
          default:  // splice another file in
            mutated.insert(at, corpus[random() % corpus.size()].substr(0, random() % 512));
            break;
        }
      }
      CHECK(Feed(mutated) == 0);
      ++runs;
    }
  }
  CHECK(Feed("") == 0);
  CHECK(Feed(std::string(300 * 1024, '-')) == 0);   // over the file budget
  CHECK(Feed(std::string(5000, 'x') + "\n") == 0);  // over the line budget
  CHECK(runs == corpus.size() * 40);
}

}  // namespace
}  // namespace relais::kb
