#include "relais/engine/ask_json.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "relais/engine/utf8.h"

namespace relais::engine {
namespace {

using nlohmann::json;

// Bounds on what a context may carry (it comes from the browser's session storage).
constexpr std::size_t kMaxContextBytes = 64 * 1024;

json ContactsToJson(const std::vector<KbContact>& contacts) {
  json out = json::array();
  for (const KbContact& c : contacts) {
    out.push_back({{"kind", c.kind}, {"value", c.value}, {"label", c.label}});
  }
  return out;
}

json EntryObject(const KbEntry& entry, const KnowledgeBase& kb, std::string_view language) {
  const KbEntryText& text = entry.Text(language);
  json follow_ups = json::array();
  for (const std::string& id : entry.follow_ups) {
    if (const KbEntry* next = kb.FindEntry(id)) {
      follow_ups.push_back({{"id", id}, {"title", next->Text(language).title}});
    }
  }
  json alternatives = ContactsToJson(text.alternatives);
  if (entry.show_service_alternatives) {
    for (json& c : ContactsToJson(kb.info().Alternatives(text.language))) {
      alternatives.push_back(std::move(c));
    }
  }
  return {{"id", entry.id},
          {"language", text.language},
          {"category", entry.category},
          {"title", text.title},
          {"answer_markdown", text.answer_markdown},
          {"follow_ups", std::move(follow_ups)},
          {"alternatives", std::move(alternatives)},
          {"handoff", entry.handoff == KbHandoff::kAlways ? "always" : "never"},
          {"queue", entry.queue},
          {"skill", entry.skill},
          {"priority", vocabulary::Name(entry.priority)}};
}

TurnOutcome OutcomeFromDecisionName(std::string_view name) {
  if (name == "answer") return TurnOutcome::kAnswered;
  if (name == "clarify") return TurnOutcome::kClarified;
  if (name == "handoff") return TurnOutcome::kHandedOff;
  return TurnOutcome::kNoAnswer;
}

// A confidence printed with a fixed precision, so native and WebAssembly output
// compare as text.
double Rounded(double value) {
  return static_cast<double>(static_cast<long long>(value * 1e4 + 0.5)) / 1e4;
}

}  // namespace

AskContext AskContextFromJson(std::string_view context_json) {
  AskContext context;
  if (context_json.empty() || context_json.size() > kMaxContextBytes) return context;
  json parsed = json::parse(context_json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return context;

  if (auto it = parsed.find("language"); it != parsed.end() && it->is_string()) {
    context.page_language = TextLanguageFromCode(it->get_ref<const std::string&>());
  }
  auto history = parsed.find("history");
  if (history == parsed.end() || !history->is_array()) return context;
  const std::size_t first =
      history->size() > kMaxHistoryTurns ? history->size() - kMaxHistoryTurns : 0;
  for (std::size_t i = first; i < history->size(); ++i) {
    const json& turn = (*history)[i];
    if (!turn.is_object()) continue;
    auto text = turn.find("text");
    if (text == turn.end() || !text->is_string()) continue;
    ConversationTurn parsed_turn;
    parsed_turn.user_text =
        std::string(TruncateUtf8(text->get_ref<const std::string&>(), kMaxQueryBytes));
    if (auto d = turn.find("decision"); d != turn.end() && d->is_string()) {
      parsed_turn.outcome = OutcomeFromDecisionName(d->get_ref<const std::string&>());
    }
    context.history.push_back(std::move(parsed_turn));
  }
  return context;
}

std::string AskResultToJson(const AskResult& result, const KnowledgeBase& kb) {
  const std::string language(TextLanguageCode(result.language));
  json entry = nullptr;
  if (const KbEntry* found = kb.FindEntry(result.entry_id))
    entry = EntryObject(*found, kb, language);

  json suggestions = json::array();
  for (const RankedEntry& s : result.suggestions) {
    const KbEntry* found = kb.FindEntry(s.entry_id);
    if (found == nullptr) continue;
    suggestions.push_back({{"id", s.entry_id},
                           {"title", found->Text(language).title},
                           {"confidence", Rounded(s.confidence)}});
  }
  json entities = json::array();
  for (const Entity& e : result.entities)
    entities.push_back({{"type", e.type}, {"value", e.value}});

  json reason = nullptr;
  if (result.reason != HandoffReason::kNone) reason = vocabulary::Name(result.reason);

  json out = {{"ok", true},
              {"decision", DecisionName(result.decision)},
              {"reason", std::move(reason)},
              {"language", language},
              {"confidence", Rounded(result.confidence)},
              {"entry", std::move(entry)},
              {"suggestions", std::move(suggestions)},
              {"entities", std::move(entities)},
              {"priority", result.urgency},
              {"frustrated", result.frustrated},
              {"explanation", result.explanation}};
  // Only with the other_language reason (the widget routes by it).
  if (!result.visitor_languages.empty()) out["visitor_languages"] = result.visitor_languages;
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string EntryToJson(const KbEntry& entry, const KnowledgeBase& kb, std::string_view language) {
  return EntryObject(entry, kb, language).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string KbInfoToJson(const KbInfo& info) {
  json service = {{"id", info.service_id}};
  json alternatives = json::object();
  for (const std::string& language : info.languages) {
    const auto name = info.service_names.find(language);
    service[language] = name == info.service_names.end() ? "" : name->second;
    alternatives[language] = ContactsToJson(info.Alternatives(language));
  }
  return json{{"service", std::move(service)},   {"languages", info.languages},
              {"entry_count", info.entry_count}, {"content_hash", info.content_hash},
              {"build_time", info.build_time},   {"alternatives", std::move(alternatives)}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace relais::engine
