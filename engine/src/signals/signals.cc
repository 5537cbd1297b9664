// AnalyzeMessage (signals.h): the three detectors and the urgency they imply.
#include "relais/engine/signals.h"

#include <utility>

#include "signals/prepared_signals.h"

namespace relais::engine {

MessageSignals AnalyzeMessage(std::string_view text,
                              std::span<const ConversationTurn> previous_turns) {
  return AnalyzeMessage(text, signal_words::PrepareMessage(text, kMaxSignalInputBytes),
                        previous_turns);
}

MessageSignals AnalyzeMessage(std::string_view text, const signal_words::MessageWords& message,
                              std::span<const ConversationTurn> previous_turns) {
  MessageSignals signals;
  signals.handoff = DetectHandoffRequest(message);
  signals.sensitive = DetectSensitiveTopic(message);
  signals.frustration = DetectFrustration(text, message, previous_turns);
  signals.wants_human = signals.handoff.requested || signals.sensitive.detected;

  if (signals.sensitive.detected) {
    signals.urgency = Urgency::kUrgent;
  } else if (signals.frustration.level >= 3) {
    signals.urgency = Urgency::kHigh;
  } else if (signals.frustration.level == 2) {
    signals.urgency = Urgency::kElevated;
  }

  if (signals.handoff.requested) {
    const char* code = signals.handoff.callback    ? "callback_request"
                       : signals.handoff.live_chat ? "live_chat_request"
                                                   : "handoff_request";
    signals.reasons.push_back({code, signals.handoff.evidence});
  }
  if (signals.sensitive.detected) {
    signals.reasons.push_back({"sensitive_topic", signals.sensitive.category});
  }
  for (const SignalReason& reason : signals.frustration.reasons) {
    signals.reasons.push_back(reason);
  }
  return signals;
}

}  // namespace relais::engine
