// The signal detectors on a message whose words are already prepared
// (signal_words::PrepareMessage), so that Engine::Ask folds and splits a question
// once for language detection and every detector (text/analyzed_question.h).
// Internal to the engine. Each gives exactly what its string form in signals.h
// gives for the text `message` was prepared from (with max_bytes =
// kMaxSignalInputBytes); the string forms prepare the message and call these.
// Pure and thread-safe.
#ifndef RELAIS_ENGINE_SRC_SIGNALS_PREPARED_SIGNALS_H_
#define RELAIS_ENGINE_SRC_SIGNALS_PREPARED_SIGNALS_H_

#include <span>
#include <string_view>

#include "relais/engine/signals.h"
#include "text/signal_words.h"

namespace relais::engine {

HandoffRequest DetectHandoffRequest(const signal_words::MessageWords& message);

SensitiveTopic DetectSensitiveTopic(const signal_words::MessageWords& message);

// `text` is the message itself (its capitals and "!!!" count); the previous turns
// are other texts, prepared here.
Frustration DetectFrustration(std::string_view text, const signal_words::MessageWords& message,
                              std::span<const ConversationTurn> previous_turns);

MessageSignals AnalyzeMessage(std::string_view text, const signal_words::MessageWords& message,
                              std::span<const ConversationTurn> previous_turns);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_SRC_SIGNALS_PREPARED_SIGNALS_H_
