// HTTP and WebSocket sessions (Boost.Beast). See server.cc for the concurrency
// model: everything here runs on the single I/O thread.
#ifndef RELAIS_SERVER_SRC_TRANSPORT_SESSIONS_H_
#define RELAIS_SERVER_SRC_TRANSPORT_SESSIONS_H_

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "coalescing_stream.h"
#include "context.h"
#include "relais/server/model.h"
#include "relais/server/protocol.h"

namespace relais::server::transport {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

using Request = http::request<http::string_body>;

// Reads HTTP requests on one connection; hands WebSocket upgrades on /ws to a
// WsSession, everything else to HandleHttp (http_handler.cc).
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, ServerContext& ctx);
  void Run();

 private:
  void DoRead();
  void OnRead(beast::error_code ec, size_t bytes);
  void Upgrade(Request&& req);
  void Write(http::response<http::string_body>&& res);
  void OnWrite(bool keep_alive, beast::error_code ec, size_t bytes);

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  ServerContext& ctx_;
  std::string ip_;
};

// One WebSocket connection (visitor or agent).
//
// Outbound: one queue per connection, one write in flight (frames written in a
// burst leave in one socket write: coalescing_stream.h). Backpressure policy:
// when max_outbound_queue frames are waiting (a client that does not read),
// the connection is closed; nothing is lost, because every message is stored
// and the client replays from its last seq when it reconnects.
// Inbound: a token bucket (messages_per_second, burst) per connection; over
// budget -> an "error" frame with code rate_limited and the frame is dropped;
// a client that keeps flooding (100 rejected frames in a row) is disconnected.
class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(tcp::socket&& socket, ServerContext& ctx, protocol::Role role,
            std::optional<Agent> agent, std::string ip);
  void Run(Request&& req);
  // Queues a frame (I/O thread only).
  void Send(std::shared_ptr<const std::string> frame);
  // Closes once the queued frames are written.
  void CloseAfterFlush(std::string reason);

 private:
  void OnAccept(beast::error_code ec);
  void DoRead();
  void OnRead(beast::error_code ec, size_t bytes);
  void DoWrite();
  void OnWrite(beast::error_code ec, size_t bytes);
  void DoClose();
  void Gone();
  void Reject(const protocol::FrameError& error);
  bool TakeToken();

  websocket::stream<CoalescingStream> ws_;  // see coalescing_stream.h
  beast::flat_buffer buffer_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  ServerContext& ctx_;
  protocol::Role role_;
  std::optional<Agent> agent_;
  std::string ip_;
  ConnId id_ = 0;
  bool registered_ = false;
  bool gone_ = false;
  bool closing_ = false;
  std::string close_reason_;
  double tokens_;
  std::chrono::steady_clock::time_point last_refill_;
  int rejected_in_a_row_ = 0;
};

}  // namespace relais::server::transport

#endif  // RELAIS_SERVER_SRC_TRANSPORT_SESSIONS_H_
