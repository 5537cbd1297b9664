// Wiring and lifetime of a running server.
//
// Concurrency model
// -----------------
// * ONE I/O thread (the caller of RunServer) runs the io_context: the listener,
//   every HTTP and WebSocket session, the Hub (domain) and its timers. The Hub
//   and the sessions are therefore confined to one thread and take no locks;
//   "never send while holding a lock" holds trivially. Two cores are plenty for
//   this: the expensive work is elsewhere.
// * The storage writer thread (SqliteRepository) groups commits; its
//   completions are posted back to the I/O thread (Hub's `post`) through a
//   CompletionQueue: one io_context handler runs every completion of a commit,
//   instead of one post (lock, allocation, wakeup) per write.
// * A one-thread pool runs argon2id password checks for /api/login, posting the
//   result back to the I/O thread. Its first job hashes the dummy password that
//   unknown e-mails are checked against, so that start-up does not wait for it.
// * Storage reads (replay, conversation detail, login lookup) are synchronous
//   on a separate SQLite connection; they are short indexed lookups.
#include "relais/server/server.h"

#include <sodium.h>
#include <sys/resource.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <vector>

#include "context.h"
#include "fail.h"
#include "relais/server/browser_bundle.h"
#include "relais/server/knowledge_suggestions.h"
#include "relais/server/rate_limit.h"
#include "relais/server/sqlite_repository.h"
#include "sessions.h"

namespace relais::server {
namespace {

using transport::net::ip::tcp;
namespace net = transport::net;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& io, transport::ServerContext& ctx)
      : acceptor_(io), retry_(io), ctx_(ctx) {}

  Status Open(const std::string& host, uint16_t port) {
    boost::system::error_code ec;
    auto address = net::ip::make_address(host, ec);
    if (ec) return Status::Error(StatusCode::kInvalidArgument, "listen: bad address " + host);
    tcp::endpoint endpoint(address, port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      return Status::Error(
          StatusCode::kUnavailable,
          "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
    }
    return Status::Ok();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  void Accept() {
    acceptor_.async_accept(
        [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
          if (!ec) {
            // Chat frames are small and latency-bound: without this, Nagle holds
            // a frame (e.g. message.created right after message.ack) until the
            // client's delayed ACK (up to 40 ms) arrives.
            boost::system::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            std::make_shared<transport::HttpSession>(std::move(socket), self->ctx_)->Run();
          }
          if (ec == net::error::operation_aborted) return;  // shutting down
          if (!ec) return self->Accept();
          // Out of descriptors or memory: say so, and try again shortly rather
          // than spin on the same error.
          transport::Fail(ec, "accept");
          self->retry_.expires_after(std::chrono::milliseconds(100));
          self->retry_.async_wait([self](boost::system::error_code wait) {
            if (!wait) self->Accept();
          });
        });
  }
  void Close() {
    boost::system::error_code ec;
    acceptor_.close(ec);
  }

 private:
  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  transport::ServerContext& ctx_;
};

Result<transport::KbBundle> LoadKb(const std::string& path) {
  transport::KbBundle kb;
  if (path.empty()) return kb;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(StatusCode::kNotFound, "--kb: cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  kb.content = BundleForBrowsers(s.str());
  // The one hash of a bundle, as web/build.mjs computes it for static hosting:
  // SHA-256 of the bytes served; its first 32 hex digits name the file.
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(kb.content.data()),
                     kb.content.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  kb.sha256 = hex;
  kb.hash = kb.sha256.substr(0, 32);
  kb.gzip = transport::Gzip(kb.content);
  if (kb.gzip.size() >= kb.content.size()) kb.gzip.clear();
  return kb;
}

// Hands functions from any thread to the I/O thread in bursts: the first Post
// after a drain posts one Drain handler; later Posts only append. Must outlive
// io.run(); handlers still queued when the io_context is destroyed never run.
class CompletionQueue {
 public:
  explicit CompletionQueue(net::io_context& io) : io_(io) {}

  void Post(std::function<void()> fn) {
    bool schedule;
    {
      std::lock_guard lock(mu_);
      items_.push_back(std::move(fn));
      schedule = !scheduled_;
      scheduled_ = true;
    }
    if (schedule) net::post(io_, [this] { Drain(); });
  }

 private:
  void Drain() {
    std::vector<std::function<void()>> batch;
    {
      std::lock_guard lock(mu_);
      batch.swap(items_);
      scheduled_ = false;
    }
    for (auto& fn : batch) fn();
  }

  net::io_context& io_;
  std::mutex mu_;
  std::vector<std::function<void()>> items_;
  bool scheduled_ = false;
};

// One file descriptor per connection: raises the soft limit to the hard one
// (systemd's default soft limit is 1,024) and warns when even that cannot hold
// limits.max_connections.
void RaiseFileLimit(const Config& config) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  const rlim_t needed = static_cast<rlim_t>(config.limits.max_connections) + 64;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
    std::cerr << "relais-server: warning: the open-file limit (" << limit.rlim_cur
              << ") is below limits.max_connections + 64 (" << needed
              << "); raise it (systemd: LimitNOFILE=) or connections will be refused\n";
  }
}

// Every `period`, runs `fn` until the io_context stops.
void Every(net::steady_timer& timer, std::chrono::milliseconds period, std::function<void()> fn) {
  timer.expires_after(period);
  timer.async_wait([&timer, period, fn](boost::system::error_code ec) {
    if (ec) return;
    fn();
    Every(timer, period, fn);
  });
}

// The origins at which browsers reach this server: the configured ones, or
// the listen address (with "localhost" for a loopback one). A server behind
// a proxy or on a wildcard address must say (public_origins).
std::vector<std::string> PublicOrigins(const Config& config, uint16_t port) {
  if (!config.public_origins.empty()) return config.public_origins;
  const std::string p = ":" + std::to_string(port);
  const std::string& host = config.listen_host;
  if (host == "0.0.0.0" || host == "::") {
    std::cerr << "relais-server: warning: listening on " << host
              << " without public_origins: only http://localhost" << p
              << " is trusted as this server's own origin; set public_origins\n";
    return {"http://localhost" + p, "http://127.0.0.1" + p};
  }
  std::string authority = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::vector<std::string> out = {"http://" + authority + p};
  if (host == "127.0.0.1" || host == "::1") out.push_back("http://localhost" + p);
  return out;
}

// After io.run() has returned (SIGTERM, SIGINT): closes every WebSocket's
// socket, then runs the handlers that are ready, without waiting for a peer or
// a timer: the aborted reads and writes, and what they start (every operation
// on a closed socket fails at once). Why: a WebSocket that is closing keeps
// its teardown in its CoalescingStream's State, which the session itself owns;
// only running that handler breaks the cycle, and a bare io.stop() left it
// queued (LeakSanitizer: sessions from HttpSession::Upgrade never freed).
// Clients see the connection drop, as before, and reconnect and replay. HTTP
// sessions waiting for a request hold no such cycle: the io_context frees them.
void ShutDown(net::io_context& io, transport::Registry& registry) {
  registry.AbortAll();
  io.restart();
  io.poll();
}

}  // namespace

Status RunServer(const Config& config, const std::function<void(uint16_t)>& on_listening) {
  if (!InitCrypto()) return Status::Error(StatusCode::kInternal, "libsodium failed to initialise");
  auto kb = LoadKb(config.kb_file);
  if (!kb.ok()) return kb.status();
  // Agents' suggested answers and search come from the engine over the same
  // bundle; a bundle the engine cannot read stops the server before it serves it.
  std::unique_ptr<KnowledgeSuggestions> suggestions;
  if (!kb.value().content.empty()) {
    auto loaded = KnowledgeSuggestions::FromBundle(kb.value().content);
    if (!loaded.ok()) {
      return Status::Error(loaded.status().code(),
                           config.kb_file + ": " + loaded.status().message());
    }
    suggestions = std::move(loaded).value();
  }
  RaiseFileLimit(config);
  net::io_context io(1);
  net::thread_pool pool(1);
  auto opened = OpenSqliteRepository(config.data_dir);
  if (!opened.ok()) return opened.status();
  std::unique_ptr<Repository> repo = std::move(opened).value();

  SystemClock clock;
  transport::Registry registry(io);
  CompletionQueue completions(io);
  Hub hub(config, *repo, clock, registry,
          [&completions](std::function<void()> fn) { completions.Post(std::move(fn)); });
  if (Status s = hub.Recover(); !s.ok()) return s;
  if (suggestions) hub.SetSuggestionSource(suggestions.get());
  SessionStore sessions;
  LoginThrottle throttle(config.login_max_failures,
                         static_cast<TimeMs>(config.login_lockout_seconds) * 1000,
                         static_cast<size_t>(config.limits.max_tracked_logins));
  // The data directory is never served, even if a configuration put it
  // under the web root (ValidateConfig refuses that too).
  transport::StaticFiles files(config.web_dir, {config.data_dir});
  transport::ServerContext ctx{config,
                               *repo,
                               hub,
                               registry,
                               sessions,
                               throttle,
                               clock,
                               io,
                               pool,
                               files,
                               std::move(kb).value(),
                               "",  // dummy_hash: computed by the pool's first job below
                               transport::Counters{},
                               1,
                               {}};

  transport::ConnectionSlots slots(config.limits.max_connections_per_ip);
  WindowRateLimit login_rate(config.limits.logins_per_ip_per_minute, 60 * 1000);
  ctx.slots = &slots;
  ctx.login_rate = &login_rate;

  auto listener = std::make_shared<Listener>(io, ctx);
  if (Status s = listener->Open(config.listen_host, config.listen_port); !s.ok()) return s;
  ctx.public_origins = PublicOrigins(config, listener->port());
  // argon2id takes ~0.5 s: off the start-up path. Logins run on the same
  // one-thread pool after this job, so they always see the hash (no lock).
  net::post(pool, [&ctx] {
    auto dummy = HashPassword("relais-timing-equaliser");
    if (dummy.ok()) {
      ctx.dummy_hash = dummy.value();
    } else {
      std::cerr << "relais-server: " << dummy.status().message() << "\n";
    }
  });
  listener->Accept();
  on_listening(listener->port());

  net::steady_timer tick(io);
  Every(tick, std::chrono::milliseconds(200), [&hub] { hub.Tick(); });
  // Accounts disabled from the CLI (another process) are noticed here.
  net::steady_timer disabled_check(io);
  Every(disabled_check, std::chrono::seconds(2), [&hub, &repo, &sessions, &registry, &clock] {
    for (const std::string& key : sessions.TakeExpired(clock.NowMs())) {
      registry.CloseSession(key, "session expired");
    }
    for (int64_t id : hub.ConnectedAgents()) {
      auto agent = repo->FindAgentById(id);
      if (agent.ok() && (!agent.value() || agent.value()->disabled)) {
        sessions.RemoveAgent(id);
        hub.DisableAgent(id);
      }
    }
  });
  net::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int) {
    listener->Close();
    io.stop();
  });

  io.run();
  ShutDown(io, registry);
  pool.join();
  repo->Flush();
  return Status::Ok();
}

}  // namespace relais::server
