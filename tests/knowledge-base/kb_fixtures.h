// Paths and helpers shared by the relais::kb tests.
#ifndef RELAIS_TESTS_KNOWLEDGE_BASE_KB_FIXTURES_H_
#define RELAIS_TESTS_KNOWLEDGE_BASE_KB_FIXTURES_H_

#include <fstream>
#include <sstream>
#include <string>

namespace relais::kb::testing {

// A small valid knowledge base (6 entries, tests, calibration).
inline std::string GoodKb() { return RELAIS_SOURCE_DIR "/tests/knowledge-base/good"; }
// One deliberately broken file per rule, annotated with `expect:` comments.
inline std::string BrokenKb() { return RELAIS_SOURCE_DIR "/tests/knowledge-base/broken"; }

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace relais::kb::testing

#endif  // RELAIS_TESTS_KNOWLEDGE_BASE_KB_FIXTURES_H_
