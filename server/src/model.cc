// The one rule of the model that is not a name: which states end a conversation.
#include "relais/server/model.h"

namespace relais::server {

bool IsTerminal(ConversationState s) {
  using CS = ConversationState;
  switch (s) {
    case CS::kClosed:
    case CS::kAbandoned:
    case CS::kCallbackRequested:
    case CS::kMessageLeft:
      return true;
    case CS::kBot:
    case CS::kQueued:
    case CS::kAssigned:
    case CS::kTransferred:
      return false;
  }
  return false;
}

}  // namespace relais::server
