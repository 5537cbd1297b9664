// SQLite storage.
//
// Concurrency model
// -----------------
// * One writer thread owns the write connection. Every write is an Op pushed on
//   a FIFO queue (mutex + condition variable). The writer takes everything that
//   is queued (up to kMaxBatch ops), runs it inside ONE transaction, each op in
//   its own SAVEPOINT so that a failing op (e.g. a UNIQUE violation) does not
//   undo the others, COMMITs, and only then runs the ops' `done` callbacks. With
//   journal_mode=WAL and synchronous=FULL the commit is durable when COMMIT
//   returns, so a `done` with an OK status means "on disk". Grouping is
//   natural: while one commit syncs, new ops queue up and share the next one
//   (one commit per message ~300/s here; 100 per commit ~16,000/s).
//   The transaction-control statements (BEGIN, SAVEPOINT, RELEASE, COMMIT)
//   are prepared once, not parsed per op.
// * Ops run in submission order, so per-conversation seq order is the order in
//   which the domain submitted the messages. The writer remembers the last seq
//   of each conversation it appended to (next_seq_), so an append is one
//   INSERT; the dedup lookup runs only when the INSERT hits the UNIQUE
//   (conversation_id, author_kind, author_id, client_id) constraint.
// * Checkpoints (copying WAL pages into the database file) do not run inside
//   the writer's commits: SQLite's default auto-checkpoint would, every 1000
//   WAL pages, copy pages and fsync the database file while every pending
//   acknowledgement waits. A checkpointer thread with its own connection runs
//   PASSIVE checkpoints (they never block the writer or readers) whenever the
//   WAL has grown by kCheckpointFrames; it copies each page once however often
//   it changed. Under a sustained stream of commits a passive checkpoint never
//   quite catches up, and SQLite restarts the WAL from its beginning only
//   when a write starts with everything copied; so when the WAL passes
//   kWalFramesLimit the writer, between two batches (after their
//   acknowledgements went out), runs one checkpoint itself: it copies only
//   what changed since the checkpointer's last pass. This bounds the WAL
//   (about kWalFramesLimit x 4 KiB) at the price of one short pause.
// * Reads use a second connection guarded by reader_mu_ and see committed data
//   only (WAL readers never block the writer).
// * `done` callbacks run on the writer thread; they must be short and must not
//   call back into the repository synchronously (they post to their owner).
// * Write health: the outcome of the writer's last transaction (commit or
//   failure, with its error) is kept under mu_ and reported by Stats() for
//   /readyz. When no write arrives for kProbeInterval the writer commits a
//   one-row probe (table `health`), so an idle server notices a full disk, and
//   notices by itself when space is back.
// * Opening checks the file first (PRAGMA quick_check, before any write): a
//   damaged database is refused with a message that says how to recover,
//   instead of being served (reads failing into empty answers) and written to.
//   Then the schema is brought to this server's version (sqlite_schema.h: one
//   transaction per migration), before the other connections open.
#include "relais/server/sqlite_repository.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "sqlite_db.h"
#include "sqlite_rows.h"
#include "sqlite_schema.h"
#include "sqlite_wal_vfs.h"

namespace relais::server {
namespace {

using internal::AgentsTable;
using internal::ConversationsTable;
using internal::Db;
using internal::EventsTable;
using internal::FollowUpsTable;
using internal::MessagesTable;
using internal::Query;
using internal::RowReader;
using internal::SurveysTable;
using internal::Table;
using internal::ToJson;

constexpr size_t kMaxBatch = 512;
// A writer idle this long commits a probe write (see the top of the file).
constexpr auto kProbeInterval = std::chrono::seconds(2);
// WAL pages (4 KiB frames) appended before the checkpointer runs a pass.
constexpr int kCheckpointFrames = 1024;
// WAL size at which the writer completes a checkpoint itself (see above).
constexpr int kWalFramesLimit = 16384;
// Memory-mapped while the file is checked at open (SQLite caps it at its
// compile-time limit, 2 GiB by default; the rest is read normally).
constexpr int64_t kCheckMmapBytes = int64_t{1} << 40;
// Conversations whose next seq the writer remembers (cleared past this).
constexpr size_t kMaxSeqCache = 100000;

class SqliteRepository final : public Repository {
 public:
  ~SqliteRepository() override {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (writer_thread_.joinable()) writer_thread_.join();
    {
      std::lock_guard lock(checkpoint_mu_);
      checkpoint_stop_ = true;
    }
    checkpoint_cv_.notify_all();
    if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
    // The connections close after this; the last one checkpoints the whole WAL.
  }

  Status Open(const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
      return Status::Error(StatusCode::kInternal, "cannot create " + dir + ": " + ec.message());
    path_ = (std::filesystem::path(dir) / "relais.sqlite").string();
    // The writer's WAL writes leave in 64 KiB writes instead of two per page
    // (sqlite_wal_vfs.h); readers and the checkpointer only read the WAL.
    if (Status s = writer_.Open(path_, internal::BufferedWalVfs()); !s.ok()) return s;
    // Before anything writes to it (a damaged file is left as it was found).
    if (Status s = CheckIntegrity(); !s.ok()) return s;
    if (Status s = writer_.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                "PRAGMA foreign_keys=ON;");
        !s.ok()) {
      return s;
    }
    if (Status s = internal::MigrateSchema(writer_, path_); !s.ok()) return s;
    if (Status s = reader_.Open(path_); !s.ok()) return s;
    if (Status s = reader_.Exec("PRAGMA query_only=1;"); !s.ok()) return s;
    if (Status s = checkpointer_.Open(path_); !s.ok()) return s;
    // Checkpoints must sync like the writer does (synchronous is per connection).
    if (Status s = checkpointer_.Exec("PRAGMA synchronous=FULL;"); !s.ok()) return s;
    // Replaces SQLite's auto-checkpoint on the writer (see the top of the file);
    // after a burst the WAL file is truncated back to this size when it restarts.
    writer_.Exec("PRAGMA journal_size_limit=67108864;");
    // The pages every append touches (one leaf per active conversation in the
    // primary key and in the client-id index, plus their parents) must stay
    // cached: SQLite's default 2 MiB thrashes past a few hundred conversations.
    writer_.Exec("PRAGMA cache_size=-16384;");
    sqlite3_wal_hook(writer_.raw(), &SqliteRepository::OnWalCommit, this);
    // Readiness is right from the start: a server started on a full disk is
    // not ready (it starts, and becomes ready when a write succeeds).
    RecordHealth(Probe());
    checkpoint_thread_ = std::thread([this] { CheckpointLoop(); });
    writer_thread_ = std::thread([this] { WriterLoop(); });
    return Status::Ok();
  }

  void InsertConversation(Conversation c, Done done) override {
    Submit(
        [c = std::move(c)](Db& db) {
          static const std::string sql = ConversationsTable().Insert();
          Query q(db, sql);
          ConversationsTable().BindInsert(q, c);
          return q.Run("insert conversation");
        },
        std::move(done));
  }

  void UpdateConversation(Conversation c, Done done) override {
    Submit(
        [c = std::move(c)](Db& db) {
          static const std::string sql = ConversationsTable().Update();
          Query q(db, sql);
          ConversationsTable().BindUpdate(q, c);
          Status s = q.Run("update conversation");
          if (s.ok() && db.Changes() == 0) {
            return Status::Error(StatusCode::kNotFound, "no conversation " + c.id);
          }
          return s;
        },
        std::move(done));
  }

  void AppendMessage(Message m, AppendDone done) override {
    auto out = std::make_shared<Appended>();
    Submit(
        [this, m = std::move(m), out](Db& db) mutable {
          // Writer thread: next_seq_ is only touched here and in WriterLoop.
          auto cached = next_seq_.find(m.conversation_id);
          int64_t next = 1;
          if (cached != next_seq_.end()) {
            next = cached->second;
          } else {
            Query q(db, "SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE conversation_id=?1");
            q.Bind(1, m.conversation_id);
            if (q.Step() != SQLITE_ROW) return db.Error("next seq");
            next = q.Int(0);
          }
          {
            static const std::string sql = MessagesTable().Insert(
                "ON CONFLICT (conversation_id, author_kind, author_id, client_id) DO NOTHING");
            m.seq = next;
            Query q(db, sql);
            MessagesTable().BindInsert(q, m);
            if (Status s = q.Run("insert message"); !s.ok()) {
              next_seq_.erase(m.conversation_id);  // re-read MAX(seq) next time
              return s;
            }
          }
          if (db.Changes() == 1) {
            if (next_seq_.size() >= kMaxSeqCache) next_seq_.clear();
            next_seq_[m.conversation_id] = next + 1;
            out->seq = next;
            out->created_ms = m.created_ms;
            return Status::Ok();
          }
          // This author already stored this client id: answer with the original
          // (only its seq and created_ms are read).
          Query q(db,
                  "SELECT seq, created_ms FROM messages WHERE conversation_id=?1 AND "
                  "author_kind=?2 AND author_id=?3 AND client_id=?4");
          q.Bind(1, m.conversation_id).Bind(2, vocabulary::Name(m.author));
          q.Bind(3, m.author_id).Bind(4, m.client_id);
          if (q.Step() != SQLITE_ROW) return db.Error("duplicate message");
          const Message original = RowReader(MessagesTable(), q).Read();
          out->seq = original.seq;
          out->created_ms = original.created_ms;
          out->duplicate = true;
          return Status::Ok();
        },
        [out, done = std::move(done)](Status s) {
          if (!done) return;
          if (s.ok()) {
            done(*out);
          } else {
            done(s);
          }
        });
  }

  void AppendAudit(AuditEvent e, Done done) override {
    Submit(
        [e = std::move(e)](Db& db) {
          static const std::string sql = EventsTable().Insert();
          Query q(db, sql);
          EventsTable().BindInsert(q, e);
          return q.Run("insert event");
        },
        std::move(done));
  }

  void InsertFollowUp(FollowUp f, std::function<void(Result<int64_t>)> done) override {
    auto id = std::make_shared<int64_t>(0);
    Submit(
        [f = std::move(f), id](Db& db) {
          static const std::string sql = FollowUpsTable().Insert();
          Query q(db, sql);
          FollowUpsTable().BindInsert(q, f);
          Status s = q.Run("insert follow-up");
          *id = db.LastRowId();
          return s;
        },
        [id, done = std::move(done)](Status s) {
          if (!done) return;
          if (s.ok()) {
            done(*id);
          } else {
            done(s);
          }
        });
  }

  void CompleteFollowUp(int64_t id, int64_t agent_id, TimeMs at, Done done) override {
    Submit(
        [=](Db& db) {
          Query q(db,
                  "UPDATE followups SET state='done', done_ms=?2, done_by=?3 WHERE id=?1 AND "
                  "state='open'");
          q.Bind(1, id).Bind(2, at).Bind(3, agent_id);
          Status s = q.Run("complete follow-up");
          if (s.ok() && db.Changes() == 0) {
            return Status::Error(StatusCode::kNotFound, "no open follow-up " + std::to_string(id));
          }
          return s;
        },
        std::move(done));
  }

  void InsertSurvey(Survey v, Done done) override {
    Submit(
        [v = std::move(v)](Db& db) {
          static const std::string sql = SurveysTable().Insert();
          Query q(db, sql);
          SurveysTable().BindInsert(q, v);
          return q.Run("insert survey");
        },
        std::move(done));
  }

  void PurgeClosedBefore(TimeMs before, Done done) override {
    Submit(
        [this, before](Db& db) {
          next_seq_.clear();  // deleted conversations must not keep a seq
          Query q(db,
                  "DELETE FROM conversations WHERE state IN ('closed', 'abandoned', "
                  "'callback_requested', 'message_left') AND updated_ms < ?1");
          q.Bind(1, before);
          return q.Run("purge");
        },
        std::move(done));
  }

  void Flush() override {
    std::unique_lock lock(mu_);
    uint64_t target = submitted_;
    flushed_cv_.wait(lock, [&] { return completed_ >= target; });
  }

  Result<std::optional<Conversation>> FindConversation(const std::string& id) override {
    static const std::string sql = ConversationsTable().Select("WHERE id=?1");
    std::lock_guard lock(reader_mu_);
    Query q(reader_, sql);
    q.Bind(1, id);
    return ReadOne(q, ConversationsTable(), "find conversation");
  }

  Result<std::vector<Conversation>> OpenConversations() override {
    static const std::string sql = ConversationsTable().Select(
        "WHERE state IN ('bot', 'queued', 'assigned', 'transferred') ORDER BY created_ms");
    std::lock_guard lock(reader_mu_);
    Query q(reader_, sql);
    return ReadAll(q, ConversationsTable(), "open conversations");
  }

  Result<std::vector<Message>> MessagesAfter(const std::string& id, int64_t after,
                                             int limit) override {
    static const std::string sql =
        MessagesTable().Select("WHERE conversation_id=?1 AND seq>?2 ORDER BY seq LIMIT ?3");
    std::lock_guard lock(reader_mu_);
    Query q(reader_, sql);
    q.Bind(1, id).Bind(2, after).Bind(3, static_cast<int64_t>(limit));
    return ReadAll(q, MessagesTable(), "messages");
  }

  Result<std::vector<Message>> MessagesBefore(const std::string& id, int64_t before,
                                              int limit) override {
    static const std::string sql =
        MessagesTable().Select("WHERE conversation_id=?1 AND seq<?2 ORDER BY seq DESC LIMIT ?3");
    std::lock_guard lock(reader_mu_);
    Query q(reader_, sql);
    q.Bind(1, id).Bind(2, before).Bind(3, static_cast<int64_t>(limit));
    auto out = ReadAll(q, MessagesTable(), "messages");
    if (out.ok()) std::reverse(out.value().begin(), out.value().end());
    return out;
  }

  Result<std::vector<FollowUp>> OpenFollowUps(const std::vector<std::string>& queues) override {
    static const std::string sql = FollowUpsTable().Select(
        "WHERE state='open' AND queue IN (SELECT value FROM json_each(?1)) "
        "ORDER BY created_ms LIMIT 500");
    std::lock_guard lock(reader_mu_);
    Query q(reader_, sql);
    q.Bind(1, ToJson(queues));
    return ReadAll(q, FollowUpsTable(), "follow-ups");
  }

  Result<std::vector<AuditEvent>> AuditFor(const std::string& id) override {
    static const std::string sql = EventsTable().Select("WHERE conversation_id=?1 ORDER BY id");
    std::lock_guard lock(reader_mu_);
    Query q(reader_, sql);
    q.Bind(1, id);
    return ReadAll(q, EventsTable(), "audit");
  }

  Result<int64_t> InsertAgent(const Agent& a) override {
    auto id = std::make_shared<int64_t>(0);
    Status s = RunSync([&a, id](Db& db) {
      static const std::string sql = AgentsTable().Insert();
      Query q(db, sql);
      AgentsTable().BindInsert(q, a);
      Status st = q.Run("insert agent");
      *id = db.LastRowId();
      return st;
    });
    if (!s.ok()) return s;
    return *id;
  }

  Status UpdateAgent(const Agent& a) override {
    return RunSync([&a](Db& db) {
      static const std::string sql = AgentsTable().Update();
      Query q(db, sql);
      AgentsTable().BindUpdate(q, a);
      Status st = q.Run("update agent");
      if (st.ok() && db.Changes() == 0) {
        return Status::Error(StatusCode::kNotFound, "no agent " + std::to_string(a.id));
      }
      return st;
    });
  }

  Result<std::optional<Agent>> FindAgentByEmail(const std::string& email) override {
    static const std::string sql = AgentsTable().Select("WHERE email=?1");
    std::lock_guard lock(reader_mu_);
    Query q(reader_, sql);
    q.Bind(1, email);
    return ReadOne(q, AgentsTable(), "find agent");
  }

  Result<std::optional<Agent>> FindAgentById(int64_t id) override {
    static const std::string sql = AgentsTable().Select("WHERE id=?1");
    std::lock_guard lock(reader_mu_);
    Query q(reader_, sql);
    q.Bind(1, id);
    return ReadOne(q, AgentsTable(), "find agent");
  }

  Result<std::vector<Agent>> ListAgents() override {
    static const std::string sql = AgentsTable().Select("ORDER BY id");
    std::lock_guard lock(reader_mu_);
    Query q(reader_, sql);
    return ReadAll(q, AgentsTable(), "agents");
  }

  StorageStats Stats() const override {
    std::lock_guard lock(mu_);
    StorageStats s = stats_;
    s.pending = submitted_ - completed_;
    return s;
  }

 private:
  struct Op {
    std::function<Status(Db&)> apply;
    std::function<void(Status)> done;
  };

  // Every row of a SELECT of `table` (reader_mu_ held). A step that fails
  // mid-way fails the whole read (`what` names it).
  template <typename Record>
  Result<std::vector<Record>> ReadAll(Query& q, const Table<Record>& table, const char* what) {
    RowReader rows(table, q);
    std::vector<Record> out;
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) out.push_back(rows.Read());
    if (rc != SQLITE_DONE) return reader_.Error(what);
    return out;
  }

  // The first row of a SELECT of `table`, or nullopt (reader_mu_ held).
  template <typename Record>
  Result<std::optional<Record>> ReadOne(Query& q, const Table<Record>& table, const char* what) {
    int rc = q.Step();
    if (rc == SQLITE_ROW) return std::optional<Record>(RowReader(table, q).Read());
    if (rc == SQLITE_DONE) return std::optional<Record>();
    return reader_.Error(what);
  }

  // Reads every page (PRAGMA quick_check: b-tree structure, record formats,
  // NOT NULL/CHECK constraints; not the agreement of indexes with their
  // tables, which integrity_check adds at about twice the cost). Open only.
  //
  // The file is memory-mapped for the check only: the b-tree is walked in key
  // order, not file order, and page faults read ahead where 4 KiB reads do
  // not (1.3 GB, 4 million messages, cold cache: 2.3 s instead of 19-25 s;
  // see server/README.md). The price: an I/O error (EIO) on the file during
  // the check stops the process with SIGBUS instead of an error message.
  Status CheckIntegrity() {
    std::vector<std::string> problems;
    int rc = SQLITE_OK;
    writer_.Exec(("PRAGMA mmap_size=" + std::to_string(kCheckMmapBytes)).c_str());
    {
      Query q(writer_, "PRAGMA quick_check(5)");
      while ((rc = q.Step()) == SQLITE_ROW) problems.push_back(q.Text(0));
    }
    const int primary = sqlite3_extended_errcode(writer_.raw()) & 0xff;
    const Status failed = writer_.Error("cannot read " + path_);
    const std::string reason = sqlite3_errmsg(writer_.raw());
    writer_.Exec("PRAGMA mmap_size=0");
    if (rc != SQLITE_DONE && primary != SQLITE_CORRUPT && primary != SQLITE_NOTADB) {
      return failed;  // I/O error, locked, not permitted...
    }
    if (rc != SQLITE_DONE) {
      problems.assign(1, reason);
    } else if (problems.size() == 1 && problems[0] == "ok") {
      return Status::Ok();
    }
    std::string what;
    for (const std::string& p : problems) what += (what.empty() ? "" : "; ") + p;
    const std::string dir = std::filesystem::path(path_).parent_path().string();
    return Status::Error(
        StatusCode::kCorrupt,
        path_ + " is damaged (" + what +
            "). relais-server did not start and changed nothing. To recover, stop every "
            "relais-server using this file, then either restore the latest backup of " +
            dir + ", or salvage what is readable into a new file: sqlite3 " + path_ +
            " .recover | sqlite3 " + path_ +
            ".recovered (the shell's .dump where .recover "
            "fails: see \"Damaged database\" in server/README.md), then replace " +
            path_ + " by it and remove " + path_ + "-wal and " + path_ + "-shm.");
  }

  // One durable write of the `health` row, in its own transaction (writer
  // thread, or Open before it starts).
  Status Probe() {
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    Query q(writer_,
            "INSERT INTO health (id, probe_ms) VALUES (1, ?1) "
            "ON CONFLICT (id) DO UPDATE SET probe_ms=excluded.probe_ms");
    q.Bind(1, now);
    return q.Run("probe write");
  }

  void RecordHealth(const Status& s) {
    std::lock_guard lock(mu_);
    stats_.writable = s.ok();
    stats_.write_error = s.ok() ? std::string() : s.message();
  }

  void Submit(std::function<Status(Db&)> apply, std::function<void(Status)> done) {
    {
      std::lock_guard lock(mu_);
      queue_.push_back({std::move(apply), std::move(done)});
      ++submitted_;
    }
    cv_.notify_one();
  }

  // Submits and waits (never call from the writer thread or a `done` callback).
  Status RunSync(std::function<Status(Db&)> apply) {
    std::promise<Status> promise;
    auto future = promise.get_future();
    Submit(std::move(apply), [&promise](Status s) { promise.set_value(std::move(s)); });
    return future.get();
  }

  // A prepared transaction-control statement (cheaper than Exec per op).
  Status Control(const char* sql) { return Query(writer_, sql).Run(sql); }

  void WriterLoop() {
    for (;;) {
      std::vector<Op> batch;
      {
        std::unique_lock lock(mu_);
        if (!cv_.wait_for(lock, kProbeInterval, [&] { return stop_ || !queue_.empty(); })) {
          lock.unlock();
          RecordHealth(Probe());  // idle: is the disk still writable?
          continue;
        }
        if (queue_.empty()) return;  // stop_ and drained
        while (!queue_.empty() && batch.size() < kMaxBatch) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      std::vector<Status> results(batch.size());
      Status outcome = Control("BEGIN IMMEDIATE");
      for (size_t i = 0; i < batch.size() && outcome.ok(); ++i) {
        Control("SAVEPOINT op");
        results[i] = batch[i].apply(writer_);
        if (sqlite3_get_autocommit(writer_.raw())) {
          // SQLite rolled the whole transaction back (disk full, I/O error):
          // the ops before this one are undone too, and no op may run outside
          // the transaction.
          outcome = results[i].ok() ? writer_.Error("transaction rolled back") : results[i];
          break;
        }
        if (!results[i].ok()) Control("ROLLBACK TO op");
        Control("RELEASE op");
      }
      if (outcome.ok()) outcome = Control("COMMIT");
      if (!outcome.ok()) {
        if (!sqlite3_get_autocommit(writer_.raw())) writer_.Exec("ROLLBACK");
        for (auto& r : results) r = outcome;
        next_seq_.clear();  // the batch's appends are undone
      }
      RecordHealth(outcome);
      {
        std::lock_guard lock(mu_);
        ++stats_.commits;
        stats_.ops_committed += batch.size();
        stats_.last_batch = batch.size();
        stats_.max_batch = std::max<uint64_t>(stats_.max_batch, batch.size());
      }
      for (size_t i = 0; i < batch.size(); ++i) {
        if (batch[i].done) batch[i].done(results[i]);
      }
      {
        std::lock_guard lock(mu_);
        completed_ += batch.size();
      }
      flushed_cv_.notify_all();
      // Acknowledgements are out: a good moment to bound the WAL.
      if (wal_frames_.load(std::memory_order_relaxed) >= kWalFramesLimit) {
        sqlite3_wal_checkpoint_v2(writer_.raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                  nullptr);
        // SQLITE_BUSY while the checkpointer runs: tried again after the next batch.
      }
    }
  }

  // sqlite3_wal_hook, on the writer thread after each commit: `frames` is the
  // WAL's size in pages.
  static int OnWalCommit(void* self, sqlite3*, const char*, int frames) {
    auto* repo = static_cast<SqliteRepository*>(self);
    repo->wal_frames_.store(frames, std::memory_order_relaxed);
    bool wake = false;
    {
      std::lock_guard lock(repo->checkpoint_mu_);
      if (frames < repo->requested_at_) repo->requested_at_ = 0;  // the WAL restarted
      if (frames - repo->requested_at_ >= kCheckpointFrames) {
        repo->requested_at_ = frames;
        repo->checkpoint_wanted_ = wake = true;
      }
    }
    if (wake) repo->checkpoint_cv_.notify_one();
    return SQLITE_OK;
  }

  void CheckpointLoop() {
    for (;;) {
      {
        std::unique_lock lock(checkpoint_mu_);
        checkpoint_cv_.wait(lock, [&] { return checkpoint_stop_ || checkpoint_wanted_; });
        if (checkpoint_stop_) return;
        checkpoint_wanted_ = false;
      }
      // PASSIVE: copies what it can without waiting for anyone; a failure
      // (SQLITE_BUSY while the writer completes one) is retried on the next request.
      sqlite3_wal_checkpoint_v2(checkpointer_.raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                nullptr);
    }
  }

  std::string path_;                                   // set by Open
  Db writer_;                                          // writer thread only (and Open)
  std::unordered_map<std::string, int64_t> next_seq_;  // writer thread only
  Db reader_;
  std::mutex reader_mu_;
  Db checkpointer_;  // checkpoint thread only (and Open)

  std::atomic<int> wal_frames_{0};  // WAL size after the last commit
  std::mutex checkpoint_mu_;        // guards the three below
  std::condition_variable checkpoint_cv_;
  int requested_at_ = 0;  // WAL size when the last pass was requested
  bool checkpoint_wanted_ = false;
  bool checkpoint_stop_ = false;
  std::thread checkpoint_thread_;

  mutable std::mutex mu_;  // guards everything below
  std::condition_variable cv_;
  std::condition_variable flushed_cv_;
  std::deque<Op> queue_;
  bool stop_ = false;
  uint64_t submitted_ = 0;
  uint64_t completed_ = 0;
  StorageStats stats_;
  std::thread writer_thread_;  // last: started after everything above exists
};

}  // namespace

Result<std::unique_ptr<Repository>> OpenSqliteRepository(const std::string& data_dir) {
  auto repo = std::make_unique<SqliteRepository>();
  if (Status s = repo->Open(data_dir); !s.ok()) return s;
  return std::unique_ptr<Repository>(std::move(repo));
}

}  // namespace relais::server
