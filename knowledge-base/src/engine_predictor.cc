#include "engine_predictor.h"

#include "relais/engine/engine.h"
#include "relais/engine/knowledge_base.h"

namespace relais::kb {

engine::Result<Predictor> MakeEnginePredictor(std::string_view bundle) {
  engine::Result<engine::KnowledgeBase> knowledge_base = engine::KnowledgeBase::FromBundle(bundle);
  if (!knowledge_base.ok()) return knowledge_base.status();
  engine::Result<engine::Engine> created = engine::Engine::Create(knowledge_base.value());
  if (!created.ok()) return created.status();
  // Engine copies share their immutable state: capturing by value is cheap.
  return Predictor([engine = std::move(created.value())](std::string_view question,
                                                         std::string_view language) {
    engine::AskContext context;
    context.page_language = engine::TextLanguageFromCode(language);
    const engine::AskResult result = engine.Ask(question, context);
    Prediction prediction;
    switch (result.decision) {
      case engine::Decision::kAnswer:
        prediction.outcome = Outcome::kAnswer;
        break;
      case engine::Decision::kClarify:
        prediction.outcome = Outcome::kClarify;
        break;
      case engine::Decision::kHandoff:
        prediction.outcome = Outcome::kHandoff;
        break;
    }
    prediction.entry_id = result.entry_id;
    for (const engine::RankedEntry& suggestion : result.suggestions) {
      prediction.options.push_back(suggestion.entry_id);
    }
    prediction.confidence = result.confidence;
    prediction.entry_requires_person = result.reason == engine::HandoffReason::kEntryRequiresPerson;
    prediction.reason = std::string(vocabulary::Name(result.reason));
    return prediction;
  });
}

}  // namespace relais::kb
