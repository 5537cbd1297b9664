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

#include "relais/server/auth.h"
#include "relais/server/clock.h"
#include "relais/server/config.h"
#include "relais/server/hub.h"
#include "relais/server/repository.h"
#include "static_files.h"

namespace relais::server::transport {

class WsSession;

// The Outbox the Hub writes to: connection id -> live WebSocket session.
class Registry final : public Outbox {
 public:
  explicit Registry(boost::asio::io_context& io) : io_(io) {}
  void Add(ConnId id, std::weak_ptr<WsSession> session) { sessions_[id] = std::move(session); }
  void Remove(ConnId id) { sessions_.erase(id); }
  size_t size() const { return sessions_.size(); }

  // Outbox: encodes the frame once and queues it on the session (no I/O here).
  void Send(ConnId conn, std::string_view type, const nlohmann::json& data) override;
  void SendToEach(std::span<const ConnId> conns, std::string_view type,
                  const nlohmann::json& data) override;
  // Closes after the queued frames; deferred so that the Hub is never re-entered.
  void Close(ConnId conn, std::string_view reason) override;

 private:
  boost::asio::io_context& io_;
  std::unordered_map<ConnId, std::weak_ptr<WsSession>> sessions_;
};

struct KbBundle {
  std::string hash;     // hex content hash (first 16 bytes of BLAKE2b-256) of `content`
  std::string content;  // the SQLite bytes served (BundleForBrowsers)
  std::string gzip;     // the same, gzip-compressed once at start (empty if not smaller)
};

struct Counters {
  uint64_t http_requests = 0;
  uint64_t frames_received = 0;
  uint64_t frames_rejected = 0;
  uint64_t slow_consumers_dropped = 0;
  uint64_t logins_failed = 0;
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
};

}  // namespace relais::server::transport

#endif  // RELAIS_SERVER_SRC_TRANSPORT_CONTEXT_H_
