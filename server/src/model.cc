// Names of the model's enumerations, shared by storage and the wire protocol.
#include "relais/server/model.h"

#include <array>
#include <utility>

namespace relais::server {
namespace {

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "unknown";
}

template <typename E, size_t N>
std::optional<E> ValueOf(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view name) {
  for (const auto& [e, n] : table) {
    if (n == name) return e;
  }
  return std::nullopt;
}

using CS = ConversationState;
constexpr std::array<std::pair<CS, std::string_view>, 8> kStates = {{
    {CS::kBot, "bot"},
    {CS::kQueued, "queued"},
    {CS::kAssigned, "assigned"},
    {CS::kClosed, "closed"},
    {CS::kAbandoned, "abandoned"},
    {CS::kTransferred, "transferred"},
    {CS::kCallbackRequested, "callback_requested"},
    {CS::kMessageLeft, "message_left"},
}};

constexpr std::array<std::pair<Priority, std::string_view>, 3> kPriorities = {{
    {Priority::kNormal, "normal"},
    {Priority::kFrustrated, "frustrated"},
    {Priority::kUrgent, "urgent"},
}};

constexpr std::array<std::pair<AuthorKind, std::string_view>, 5> kAuthors = {{
    {AuthorKind::kVisitor, "visitor"},
    {AuthorKind::kBot, "bot"},
    {AuthorKind::kAgent, "agent"},
    {AuthorKind::kNote, "note"},
    {AuthorKind::kSystem, "system"},
}};

constexpr std::array<std::pair<AgentStatus, std::string_view>, 3> kAgentStatuses = {{
    {AgentStatus::kOffline, "offline"},
    {AgentStatus::kAvailable, "available"},
    {AgentStatus::kAway, "away"},
}};

}  // namespace

std::string_view StateName(ConversationState s) { return NameOf(kStates, s); }
std::optional<ConversationState> ParseState(std::string_view n) { return ValueOf(kStates, n); }
bool IsTerminal(ConversationState s) {
  return s == CS::kClosed || s == CS::kAbandoned || s == CS::kCallbackRequested ||
         s == CS::kMessageLeft;
}
std::string_view PriorityName(Priority p) { return NameOf(kPriorities, p); }
std::optional<Priority> ParsePriority(std::string_view n) { return ValueOf(kPriorities, n); }
std::string_view AuthorName(AuthorKind k) { return NameOf(kAuthors, k); }
std::optional<AuthorKind> ParseAuthor(std::string_view n) { return ValueOf(kAuthors, n); }
std::string_view AgentStatusName(AgentStatus s) { return NameOf(kAgentStatuses, s); }
std::optional<AgentStatus> ParseAgentStatus(std::string_view n) {
  return ValueOf(kAgentStatuses, n);
}

}  // namespace relais::server
