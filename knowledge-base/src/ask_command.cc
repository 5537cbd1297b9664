#include "ask_command.h"

#include <istream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "relais/engine/ask_json.h"
#include "relais/engine/engine.h"
#include "relais/engine/knowledge_base.h"

namespace relais::kb {

engine::Status RunAsk(std::string_view bundle, std::istream& in, std::ostream& out) {
  engine::Result<engine::KnowledgeBase> knowledge_base = engine::KnowledgeBase::FromBundle(bundle);
  if (!knowledge_base.ok()) return knowledge_base.status();
  engine::Result<engine::Engine> created = engine::Engine::Create(knowledge_base.value());
  if (!created.ok()) return created.status();
  const engine::Engine& engine = created.value();

  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    const nlohmann::json request = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    const auto query = request.is_object() ? request.find("query") : request.end();
    if (request.is_discarded() || !request.is_object() || query == request.end() ||
        !query->is_string()) {
      return engine::Status::Error(
          engine::StatusCode::kInvalidArgument,
          "line " + std::to_string(number) + ": expected {\"query\": \"...\", \"context\": {...}}");
    }
    // A string context is passed as is (to try malformed contexts); anything else as JSON.
    nlohmann::json context = request.contains("context") ? request["context"] : nlohmann::json();
    const std::string context_text = context.is_string() ? context.get<std::string>()
                                     : context.is_null() ? std::string()
                                                         : context.dump();
    const engine::AskResult result =
        engine.Ask(query->get_ref<const std::string&>(), engine::AskContextFromJson(context_text));
    out << R"({"query":)" << query->dump() << R"(,"context":)" << context.dump() << R"(,"result":)"
        << engine::AskResultToJson(result, engine.knowledge_base()) << "}\n";
  }
  return engine::Status::Ok();
}

}  // namespace relais::kb
