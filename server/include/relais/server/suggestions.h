// The seam for suggested answers. The engine (relais::engine) will provide an
// implementation that asks the knowledge base with the visitor's last message;
// until then the server runs without one and sends no suggestions.
#ifndef RELAIS_SERVER_SUGGESTIONS_H_
#define RELAIS_SERVER_SUGGESTIONS_H_

#include <string>
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
};

}  // namespace relais::server

#endif  // RELAIS_SERVER_SUGGESTIONS_H_
