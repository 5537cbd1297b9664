#include "relais/server/knowledge_suggestions.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "relais/engine/bm25.h"
#include "relais/engine/engine.h"
#include "relais/engine/knowledge_base.h"

namespace relais::server {
namespace {

using engine::TextLanguage;

// The engine's best entry is offered even when it would not answer a visitor
// on its own: an agent judges, so a weak lead is still worth showing.
constexpr double kMinEngineConfidence = 0.05;
// The visitor's last few messages, most recent last, make the query.
constexpr int kVisitorMessagesUsed = 3;
constexpr std::size_t kMaxQueryBytes = 1000;

TextLanguage LanguageOf(std::string_view code) {
  TextLanguage language = engine::TextLanguageFromCode(code);
  return language == TextLanguage::kUnknown ? TextLanguage::kFrench : language;
}

}  // namespace

struct KnowledgeSuggestions::State {
  engine::KnowledgeBase kb;
  engine::Engine engine;
  engine::Bm25Index index;
  // index document i = entry documents[i].first in language documents[i].second
  std::vector<std::pair<std::size_t, TextLanguage>> documents;

  void Add(const engine::KbEntry& entry, double score, std::string_view language,
           std::vector<Suggestion>* out) const {
    for (const Suggestion& s : *out) {
      if (s.id == entry.id) return;
    }
    const engine::KbEntryText& text = entry.Text(language);
    out->push_back({entry.id, text.title, text.answer_markdown, std::clamp(score, 0.0, 1.0)});
  }
};

KnowledgeSuggestions::KnowledgeSuggestions(std::unique_ptr<State> state)
    : state_(std::move(state)) {}
KnowledgeSuggestions::~KnowledgeSuggestions() = default;

Result<std::unique_ptr<KnowledgeSuggestions>> KnowledgeSuggestions::FromBundle(
    std::string_view sqlite_bytes) {
  auto fail = [](std::string_view what, const std::string& message) {
    return Status::Error(StatusCode::kInvalidArgument,
                         "knowledge base: " + std::string(what) + ": " + message);
  };
  auto kb = engine::KnowledgeBase::FromBundle(sqlite_bytes);
  if (!kb.ok()) return fail("cannot read the bundle", kb.status().message());
  auto created = engine::Engine::Create(kb.value());
  if (!created.ok()) return fail("cannot load the engine", created.status().message());

  // One lexical document per entry and language: its title and the ways people
  // ask for it (answers are long and share much wording; questions match best).
  std::vector<engine::Bm25Document> texts;
  std::vector<std::pair<std::size_t, TextLanguage>> documents;
  std::map<std::pair<std::string, TextLanguage>, std::size_t> document_of;
  const auto& entries = kb.value().entries();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    for (TextLanguage language : {TextLanguage::kEnglish, TextLanguage::kFrench}) {
      document_of[{entries[i].id, language}] = texts.size();
      texts.push_back({entries[i].Text(engine::TextLanguageCode(language)).title, language});
      documents.emplace_back(i, language);
    }
  }
  for (const engine::KbQuestion& question : kb.value().questions()) {
    auto it = document_of.find({question.entry_id, engine::TextLanguageFromCode(question.language)});
    if (it != document_of.end()) texts[it->second].text += "\n" + question.text;
  }
  auto index = engine::Bm25Index::Build(texts);
  if (!index.ok()) return fail("cannot index the answers", index.status().message());

  auto state = std::unique_ptr<State>(new State{std::move(kb).value(), std::move(created).value(),
                                                std::move(index).value(), std::move(documents)});
  return std::unique_ptr<KnowledgeSuggestions>(new KnowledgeSuggestions(std::move(state)));
}

std::vector<Suggestion> KnowledgeSuggestions::Search(std::string_view query,
                                                     std::string_view language, int limit) {
  std::vector<Suggestion> out;
  if (limit <= 0) return out;
  const TextLanguage answer_language = LanguageOf(language);
  const std::string_view code = engine::TextLanguageCode(answer_language);
  const engine::KnowledgeBase& kb = state_->kb;

  engine::AskContext context;
  context.page_language = answer_language;
  engine::AskResult asked = state_->engine.Ask(query, context);
  if (const engine::KbEntry* best = kb.FindEntry(asked.entry_id);
      best != nullptr && asked.confidence >= kMinEngineConfidence) {
    state_->Add(*best, asked.confidence, code, &out);
  }
  for (const engine::RankedEntry& ranked : asked.suggestions) {
    if (const engine::KbEntry* entry = kb.FindEntry(ranked.entry_id)) {
      state_->Add(*entry, ranked.confidence, code, &out);
    }
  }

  // Lexical hits in either language, shown in the conversation's language;
  // scores relative to the best hit, below the engine's own candidates.
  const auto hits = state_->index.Search(query, asked.language, 4 * static_cast<std::size_t>(limit));
  for (const engine::Bm25Hit& hit : hits) {
    const std::size_t entry = state_->documents[hit.document].first;
    state_->Add(kb.entries()[entry], 0.5 * hit.score / hits.front().score, code, &out);
  }
  if (out.size() > static_cast<std::size_t>(limit)) out.resize(limit);
  return out;
}

std::vector<Suggestion> KnowledgeSuggestions::Suggest(const Conversation& conversation,
                                                      const std::vector<Message>& messages,
                                                      int limit) {
  std::vector<const std::string*> recent;
  for (auto it = messages.rbegin();
       it != messages.rend() && recent.size() < kVisitorMessagesUsed; ++it) {
    if (it->author == AuthorKind::kVisitor) recent.push_back(&it->text);
  }
  std::string query;
  for (auto it = recent.rbegin(); it != recent.rend(); ++it) {
    if (!query.empty()) query += '\n';
    query += **it;
  }
  if (query.size() > kMaxQueryBytes) {
    std::size_t cut = query.size() - kMaxQueryBytes;
    while (cut < query.size() && (static_cast<unsigned char>(query[cut]) & 0xC0) == 0x80) ++cut;
    query.erase(0, cut);  // keep the most recent text, from a character boundary
  }
  if (query.empty()) return {};
  return Search(query, conversation.language, limit);
}

}  // namespace relais::server
