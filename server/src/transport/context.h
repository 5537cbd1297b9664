// Internal to the transport: what every session and handler shares. Lives on
// the I/O thread; only `pool` work runs elsewhere (and posts back to `io`).
#ifndef RELAIS_SERVER_SRC_TRANSPORT_CONTEXT_H_
#define RELAIS_SERVER_SRC_TRANSPORT_CONTEXT_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "relais/server/auth.h"
#include "relais/server/clock.h"
#include "relais/server/config.h"
#include "relais/server/hub.h"
#include "relais/server/rate_limit.h"
#include "relais/server/repository.h"
#include "static_files.h"

namespace relais::server::transport {

class WsSession;

// The Outbox the Hub writes to: connection id -> live WebSocket session.
class Registry final : public Outbox {
 public:
  explicit Registry(boost::asio::io_context& io) : io_(io) {}
  // `session_key`: the agent session the socket was opened with ("" for visitors).
  void Add(ConnId id, std::weak_ptr<WsSession> session, std::string session_key);
  void Remove(ConnId id);
  size_t size() const { return sessions_.size(); }
  // Closes every socket opened with this agent session (sign-out, expiry).
  void CloseSession(const std::string& session_key, std::string_view reason);
  // Closes every socket at once, without a close handshake (server shutdown).
  void AbortAll();

  // Outbox: encodes the frame once and queues it on the session (no I/O here).
  void Send(ConnId conn, protocol::ServerFrame type, const nlohmann::json& data) override;
  void SendToEach(std::span<const ConnId> conns, protocol::ServerFrame type,
                  const nlohmann::json& data) override;
  // Closes after the queued frames; deferred so that the Hub is never re-entered.
  void Close(ConnId conn, std::string_view reason) override;

 private:
  struct Entry {
    std::weak_ptr<WsSession> session;
    std::string session_key;
  };
  boost::asio::io_context& io_;
  std::unordered_map<ConnId, Entry> sessions_;
};

// Open connections per client address, each held by a Slot: the first line
// of defence against one address taking every connection.
class ConnectionSlots {
 public:
  explicit ConnectionSlots(int per_address) : per_address_(per_address) {}
  using Slot = std::shared_ptr<void>;  // releases the connection when destroyed
  // A slot for one more connection from `address`, or nullptr at the cap.
  Slot Acquire(const std::string& address);

 private:
  int per_address_;
  std::shared_ptr<std::unordered_map<std::string, int>> open_ =
      std::make_shared<std::unordered_map<std::string, int>>();
};

struct KbBundle {
  std::string sha256;   // hex SHA-256 of `content` (the widget checks it)
  std::string hash;     // its first 32 hex digits: the bundle's name (/kb/<hash>.sqlite)
  std::string content;  // the SQLite bytes served (BundleForBrowsers)
  std::string gzip;     // the same, gzip-compressed once at start (empty if not smaller)
};

struct Counters {
  uint64_t http_requests = 0;
  uint64_t frames_received = 0;
  uint64_t frames_rejected = 0;
  uint64_t slow_consumers_dropped = 0;
  uint64_t logins_failed = 0;
  uint64_t logins_rate_limited = 0;  // per address, or too many checks queued
  uint64_t connections_refused = 0;  // per-address cap or full
};

struct ServerContext {
  const Config& config;
  Repository& repo;
  Hub& hub;
  Registry& registry;
  SessionStore& sessions;
  LoginThrottle& throttle;
  const Clock& clock;
  boost::asio::io_context& io;
  boost::asio::thread_pool& pool;  // argon2id hashing, off the I/O thread
  StaticFiles& files;
  KbBundle kb;
  std::string dummy_hash;  // verified against unknown e-mails to equalise timing
  Counters counters;
  ConnId next_conn = 1;
  // Set once at start (RunServer), before the first connection:
  std::vector<std::string> public_origins;  // config's, or derived from the listen address
  ConnectionSlots* slots = nullptr;
  WindowRateLimit* login_rate = nullptr;  // per client address
  int pending_logins = 0;                 // password checks queued or running
};

}  // namespace relais::server::transport

#endif  // RELAIS_SERVER_SRC_TRANSPORT_CONTEXT_H_
