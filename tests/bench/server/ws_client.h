// The load generator's connections: one WebSocket client (visitor or agent) and
// the agent sign-in over HTTP. Boost.Beast is confined to ws_client.cc so the
// modes compile against this small interface.
//
// Concurrency: everything runs on the one io_context thread of the process;
// callbacks are invoked on that thread and may call Send/Close directly.
#ifndef RELAIS_TESTS_BENCH_SERVER_WS_CLIENT_H_
#define RELAIS_TESTS_BENCH_SERVER_WS_CLIENT_H_

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace relais::bench {

struct Endpoint {
  std::string host = "127.0.0.1";  // an IPv4/IPv6 literal (no name resolution)
  uint16_t port = 0;
  // "http://host:port": sent as Origin, which relais-server accepts as its own.
  std::string Origin() const { return "http://" + host + ":" + std::to_string(port); }
};

class WsClient {
 public:
  struct Handlers {
    // Handshake done (ok) or failed (!ok, with a reason). Called once.
    std::function<void(bool ok, const std::string& error)> on_open;
    // One text message. The view is valid only during the call.
    std::function<void(std::string_view frame)> on_frame;
    // The connection ended after having opened (error or close frame).
    std::function<void(const std::string& reason)> on_close;
  };

  virtual ~WsClient() = default;

  // A new, unconnected client. Keep the returned pointer alive while in use:
  // pending operations also hold a reference.
  static std::shared_ptr<WsClient> Create(boost::asio::io_context& io);

  // Connects to ws://endpoint<target> with Origin = endpoint.Origin() and, when
  // not empty, `cookie` as the Cookie header.
  virtual void Connect(const Endpoint& endpoint, const std::string& target,
                       const std::string& cookie, Handlers handlers) = 0;
  // Queues one text message (one write in flight per connection).
  virtual void Send(std::string frame) = 0;
  // Messages queued but not yet written.
  virtual size_t Pending() const = 0;
  // Closes the TCP connection at once (no close handshake: the load generator
  // only needs the server to notice).
  virtual void Close() = 0;
};

// POST /api/login {"email","password"} and returns the session cookie
// ("relais_session=..."), or "" with *error set. Blocking: used during setup,
// before the io_context runs.
std::string Login(const Endpoint& endpoint, const std::string& email, const std::string& password,
                  std::string* error);

}  // namespace relais::bench

#endif  // RELAIS_TESTS_BENCH_SERVER_WS_CLIENT_H_
