// libFuzzer target: one knowledge-base file, parsed from memory as an entry,
// service.md, a regression file and calibration.txt, then validated alone. Must
// never crash, hang or read out of bounds, whatever the bytes. Declared with
// relais_fuzz_target in tests/fuzz/CMakeLists.txt: `make fuzz`, then
//   mkdir -p /tmp/kb-corpus
//   build/fuzz/out/bin/kb_parser_fuzz /tmp/kb-corpus tests/fuzz/corpus/kb_parser_fuzz
// (libFuzzer adds new inputs to the first folder: keep the seed corpus second.)
// Ordinary builds replay the seed corpus (CTest "fuzz replay: kb_parser_fuzz"), and
// tests/knowledge-base/parser_fuzz_test.cpp runs this entry point on every fixture
// and on thousands of deterministic mutations of them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "relais/kb/diagnostics.h"
#include "relais/kb/parser.h"
#include "relais/kb/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  relais::kb::Diagnostics diagnostics;
  relais::kb::KnowledgeBaseSource kb;
  kb.entries.push_back(relais::kb::ParseEntry(text, "entries/fuzz/fuzz.md", &diagnostics));
  kb.service = relais::kb::ParseService(text, "service.md", &diagnostics);
  kb.tests = relais::kb::ParseRegressionFile(text, "tests/en.txt", "en", &diagnostics);
  kb.calibration = relais::kb::ParseCalibrationFile(text, "calibration.txt", &diagnostics);
  kb.calibration_file = "calibration.txt";
  relais::kb::ValidateKnowledgeBase(kb, {}, &diagnostics);
  (void)diagnostics.Format();
  return 0;
}
