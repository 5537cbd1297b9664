// The seam for suggested answers: the Hub asks it for answers an agent may reuse.
// KnowledgeSuggestions (knowledge_suggestions.h) implements it with the engine;
// without a knowledge base (--kb) the server runs without one and sends none.
#ifndef RELAIS_SERVER_SUGGESTIONS_H_
#define RELAIS_SERVER_SUGGESTIONS_H_

#include <string>
#include <string_view>
#include <vector>

#include "relais/server/model.h"

namespace relais::server {

// One answer an agent may reuse.
struct Suggestion {
  std::string id;  // knowledge-base answer id
  std::string title;
  std::string text;
  double score = 0;  // 0..1, higher is better
};

class SuggestionSource {
 public:
  virtual ~SuggestionSource() = default;
  // Up to `limit` suggestions for a conversation given its messages (oldest
  // first). Called on the Hub's thread: must be fast (no I/O) and must not
  // throw. Returns an empty list when it has nothing useful.
  virtual std::vector<Suggestion> Suggest(const Conversation& conversation,
                                          const std::vector<Message>& messages, int limit) = 0;
  // Up to `limit` answers for what an agent typed in the console's search box,
  // in `language` ("fr" or "en"). Same rules as Suggest.
  virtual std::vector<Suggestion> Search(std::string_view query, std::string_view language,
                                         int limit) = 0;
};

}  // namespace relais::server

#endif  // RELAIS_SERVER_SUGGESTIONS_H_
