// Storage interface. The domain sees only this; SQLite is the default
// implementation (sqlite_repository.h).
//
// A read that fails returns its error (never an empty result): callers turn
// it into an error for their client, not into "nothing there".
//
// Writes are asynchronous and ordered: they are applied in submission order by
// one writer, and `done` runs once the write is durable (committed and synced)
// or has failed. `done` runs on the writer's thread: callers marshal it to their
// own executor. Reads are synchronous and see only committed data.
#ifndef RELAIS_SERVER_REPOSITORY_H_
#define RELAIS_SERVER_REPOSITORY_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "relais/server/model.h"
#include "relais/server/status.h"

namespace relais::server {

// The result of appending a message: its seq, and whether the client id had
// already been stored (then seq/created_ms are those of the original).
struct Appended {
  int64_t seq = 0;
  TimeMs created_ms = 0;
  bool duplicate = false;
};

// Counters for /metrics, and whether storage accepts writes (/readyz).
struct StorageStats {
  uint64_t commits = 0;
  uint64_t ops_committed = 0;
  uint64_t last_batch = 0;
  uint64_t max_batch = 0;
  uint64_t pending = 0;
  // The outcome of the last commit (or idle probe write): false while writes
  // fail (disk full, file size limit, I/O error), with the reason in
  // `write_error`; true again after the next commit that succeeds.
  bool writable = true;
  std::string write_error;
};

class Repository {
 public:
  using Done = std::function<void(Status)>;
  using AppendDone = std::function<void(Result<Appended>)>;

  virtual ~Repository() = default;

  // --- asynchronous, ordered, durable writes ---
  virtual void InsertConversation(Conversation conversation, Done done) = 0;
  // Writes every mutable field of the conversation (state, queue, agent...).
  virtual void UpdateConversation(Conversation conversation, Done done) = 0;
  // Assigns the next seq in the same transaction. Idempotent per author: a
  // message whose (conversation, author kind, author id, client_id) is already
  // stored is not stored again and is answered with the original (duplicate);
  // the same client_id from another author is another message.
  virtual void AppendMessage(Message message, AppendDone done) = 0;
  virtual void AppendAudit(AuditEvent event, Done done) = 0;
  virtual void InsertFollowUp(FollowUp follow_up, std::function<void(Result<int64_t>)> done) = 0;
  virtual void CompleteFollowUp(int64_t id, int64_t agent_id, TimeMs at, Done done) = 0;
  // kAlreadyExists when the conversation already has a survey.
  virtual void InsertSurvey(Survey survey, Done done) = 0;
  // Deletes closed/abandoned conversations (and their messages) closed before `before`.
  virtual void PurgeClosedBefore(TimeMs before, Done done) = 0;
  // Blocks until every write submitted before the call is done (tests, shutdown).
  virtual void Flush() = 0;

  // --- synchronous reads (committed data) ---
  virtual Result<std::optional<Conversation>> FindConversation(const std::string& id) = 0;
  // Conversations in state bot, queued or assigned (recovery after a restart).
  virtual Result<std::vector<Conversation>> OpenConversations() = 0;
  // Messages with seq > after_seq, in seq order, at most `limit`.
  virtual Result<std::vector<Message>> MessagesAfter(const std::string& conversation_id,
                                                     int64_t after_seq, int limit) = 0;
  // The last `limit` messages with seq < before_seq, in seq order (a page of a
  // transcript read backwards from its end).
  virtual Result<std::vector<Message>> MessagesBefore(const std::string& conversation_id,
                                                      int64_t before_seq, int limit) = 0;
  virtual Result<std::vector<FollowUp>> OpenFollowUps(const std::vector<std::string>& queues) = 0;
  virtual Result<std::vector<AuditEvent>> AuditFor(const std::string& conversation_id) = 0;

  // --- agents (synchronous: the CLI and login use them; rare) ---
  // kAlreadyExists when the e-mail is taken. Returns the new id.
  virtual Result<int64_t> InsertAgent(const Agent& agent) = 0;
  virtual Status UpdateAgent(const Agent& agent) = 0;
  virtual Result<std::optional<Agent>> FindAgentByEmail(const std::string& email) = 0;
  virtual Result<std::optional<Agent>> FindAgentById(int64_t id) = 0;
  virtual Result<std::vector<Agent>> ListAgents() = 0;

  virtual StorageStats Stats() const = 0;
};

}  // namespace relais::server

#endif  // RELAIS_SERVER_REPOSITORY_H_
