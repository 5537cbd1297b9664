// Suggested answers and knowledge-base search for agents, from the engine run
// natively on the server over the same bundle the widget downloads: the
// engine's best entries for what the visitor wrote, completed by a BM25 search
// over the answers' titles and text.
#ifndef RELAIS_SERVER_KNOWLEDGE_SUGGESTIONS_H_
#define RELAIS_SERVER_KNOWLEDGE_SUGGESTIONS_H_

#include <memory>
#include <string_view>
#include <vector>

#include "relais/server/status.h"
#include "relais/server/suggestions.h"

namespace relais::server {

class KnowledgeSuggestions final : public SuggestionSource {
 public:
  // Loads the bundle (relais-kb build output); errors name what is wrong.
  static Result<std::unique_ptr<KnowledgeSuggestions>> FromBundle(std::string_view sqlite_bytes);
  ~KnowledgeSuggestions() override;

  // Suggestions for the visitor's latest messages, in the conversation's language.
  std::vector<Suggestion> Suggest(const Conversation& conversation,
                                  const std::vector<Message>& messages, int limit) override;

  std::vector<Suggestion> Search(std::string_view query, std::string_view language,
                                 int limit) override;

 private:
  struct State;
  explicit KnowledgeSuggestions(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace relais::server

#endif  // RELAIS_SERVER_KNOWLEDGE_SUGGESTIONS_H_
