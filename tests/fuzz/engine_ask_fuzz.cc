// libFuzzer target for Engine::Ask and the JSON around it: any bytes drive the query
// and the context, and Ask must return a well-formed decision, never crash, hang or
// read out of bounds. Declared with relais_fuzz_target in tests/fuzz/CMakeLists.txt:
// `make fuzz`, then
//   mkdir -p /tmp/ask-corpus
//   build/fuzz/out/bin/engine_ask_fuzz /tmp/ask-corpus tests/fuzz/corpus/engine_ask_fuzz
// (libFuzzer writes new inputs to the first folder: keep the seed corpus second.)
// Ordinary builds replay the seed corpus (CTest "fuzz replay: engine_ask_fuzz").
//
// The knowledge base is tests/engine/golden/kb, compiled once at start-up with
// relais::kb as `relais-kb build` does (knowledge-base/src/main.cc).
//
// Input layout: the first byte chooses the mode, the rest is split on 0x1E (ASCII
// record separator) into the query and then up to kMaxTurns records:
//   mode & 0x80 == 0: structured context: page language = mode % 3 (unknown, fr, en);
//     each record is one history turn, its first byte % 4 the outcome, the rest its text;
//   mode & 0x80 != 0: the first record is the context JSON, parsed by AskContextFromJson
//     (the path the WebAssembly module takes).
// Checked on every input: the documented invariants of AskResult, valid JSON out of
// AskResultToJson, and the same answer when asked twice.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "relais/engine/ask_json.h"
#include "relais/engine/engine.h"
#include "relais/engine/knowledge_base.h"
#include "relais/kb/bundle_writer.h"
#include "relais/kb/confusion.h"
#include "relais/kb/diagnostics.h"
#include "relais/kb/parser.h"
#include "relais/kb/training.h"

namespace {

using namespace relais;

constexpr char kSeparator = '\x1e';
constexpr std::size_t kMaxTurns = 16;  // more than kMaxHistoryTurns, to cross the cut

// Stops the run with a message: libFuzzer records the input as a crash.
[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "engine_ask_fuzz: %s\n", what);
  std::abort();
}

const engine::Engine& FixtureEngine() {
  static const std::optional<engine::Engine> engine = []() -> std::optional<engine::Engine> {
    kb::Diagnostics diagnostics;
    kb::KnowledgeBaseSource source =
        kb::LoadKnowledgeBase(RELAIS_SOURCE_DIR "/tests/engine/golden/kb", &diagnostics);
    if (diagnostics.has_errors()) return std::nullopt;
    const std::vector<kb::LabeledQuestion> questions = kb::CollectQuestions(source);
    auto cross_validation =
        kb::CrossValidateClassifier(questions, source.calibration, kb::CollectEntryTexts(source));
    if (!cross_validation.ok()) return std::nullopt;
    auto model = kb::TrainClassifier(questions, cross_validation.value());
    if (!model.ok()) return std::nullopt;
    kb::BundleOptions options;
    options.models.emplace_back(std::string(engine::kClassifierModelName),
                                std::move(model.value()));
    auto bundle = kb::BuildBundle(source, options);
    if (!bundle.ok()) return std::nullopt;
    auto knowledge_base = engine::KnowledgeBase::FromBundle(bundle.value());
    if (!knowledge_base.ok()) return std::nullopt;
    auto created = engine::Engine::Create(knowledge_base.value());
    if (!created.ok()) return std::nullopt;
    return std::move(created.value());
  }();
  if (!engine) Fail("the fixture knowledge base tests/engine/golden/kb does not compile");
  return *engine;
}

std::vector<std::string_view> SplitRecords(std::string_view text) {
  std::vector<std::string_view> records;
  while (records.size() <= kMaxTurns) {
    const std::size_t end = text.find(kSeparator);
    records.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return records;
}

void CheckInvariants(const engine::AskResult& r, const engine::KnowledgeBase& kb) {
  using engine::Decision;
  using engine::HandoffReason;
  if (!(r.confidence >= 0 && r.confidence <= 1)) Fail("confidence outside [0, 1]");
  if (r.urgency < 0 || r.urgency > 3) Fail("urgency outside 0..3");
  if (!r.entry_id.empty() && kb.FindEntry(r.entry_id) == nullptr) Fail("unknown entry id");
  switch (r.decision) {
    case Decision::kAnswer:
      if (r.reason != HandoffReason::kNone) Fail("an answer with a hand-off reason");
      if (r.entry_id.empty()) Fail("an answer without an entry");
      if (!r.suggestions.empty()) Fail("an answer with suggestions");
      break;
    case Decision::kClarify:
      if (r.reason != HandoffReason::kNone) Fail("a clarification with a hand-off reason");
      if (r.suggestions.size() < 2 || r.suggestions.size() > 3) Fail("not 2-3 suggestions");
      break;
    case Decision::kHandoff:
      if (r.reason == HandoffReason::kNone) Fail("a hand-off without a reason");
      if (!r.suggestions.empty()) Fail("a hand-off with suggestions");
      break;
    default:
      Fail("unknown decision");
  }
  for (const engine::RankedEntry& s : r.suggestions) {
    if (kb.FindEntry(s.entry_id) == nullptr) Fail("a suggestion of an unknown entry");
    if (!(s.confidence > 0 && s.confidence <= 1)) Fail("a suggestion's confidence outside (0, 1]");
  }
  for (const engine::Entity& e : r.entities) {
    if (e.type.empty() || e.value.empty()) Fail("an empty entity");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const engine::Engine& engine = FixtureEngine();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const unsigned char mode = input.empty() ? 0 : static_cast<unsigned char>(input[0]);
  const std::vector<std::string_view> records = SplitRecords(input.substr(input.empty() ? 0 : 1));

  engine::AskContext context;
  if (mode & 0x80) {
    if (records.size() > 1) context = engine::AskContextFromJson(records[1]);
  } else {
    static constexpr engine::TextLanguage kLanguages[] = {engine::TextLanguage::kUnknown,
                                                          engine::TextLanguage::kFrench,
                                                          engine::TextLanguage::kEnglish};
    context.page_language = kLanguages[mode % 3];
    for (std::size_t i = 1; i < records.size(); ++i) {
      std::string_view turn = records[i];
      engine::ConversationTurn parsed;
      if (!turn.empty()) {
        parsed.outcome = static_cast<engine::TurnOutcome>(static_cast<unsigned char>(turn[0]) % 4);
        turn.remove_prefix(1);
      }
      parsed.user_text = std::string(turn);
      context.history.push_back(std::move(parsed));
    }
  }

  const engine::AskResult result = engine.Ask(records[0], context);
  CheckInvariants(result, engine.knowledge_base());
  const std::string json = engine::AskResultToJson(result, engine.knowledge_base());
  const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) Fail("AskResultToJson is not a JSON object");
  if (engine::AskResultToJson(engine.Ask(records[0], context), engine.knowledge_base()) != json) {
    Fail("the same question gave two answers");
  }
  return 0;
}
