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
//
// Framing is strict (RFC 9112): a request whose header carries
// Transfer-Encoding other than exactly "chunked", or Transfer-Encoding
// together with Content-Length, is refused; and after any error that leaves
// the stream unread (bad framing, over-limit header or body, junk) the server
// answers once, with "Connection: close", and closes: what follows on the
// stream is never parsed as another request. Closing reads and discards what
// the client still sends for a moment (a bounded "lingering close"), so that
// the client sees the answer instead of a reset.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, ServerContext& ctx);
  void Run();

 private:
  void DoRead();
  void OnHeader(beast::error_code ec, size_t bytes);
  void OnRead(beast::error_code ec, size_t bytes);
  void OnReadError(beast::error_code ec);
  void Upgrade(Request&& req);
  void Write(http::response<http::string_body>&& res);
  // Answers with `res` (forced to close), then closes the connection.
  void WriteAndClose(http::response<http::string_body>&& res);
  void OnWrite(bool keep_alive, beast::error_code ec, size_t bytes);
  void Linger();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  ServerContext& ctx_;
  std::string ip_;                // the peer's address
  bool via_proxy_ = false;        // the peer is a trusted reverse proxy
  ConnectionSlots::Slot slot_;    // this connection's place in the per-address count
  std::size_t lingered_ = 0;      // bytes discarded while closing
};

// One WebSocket connection (visitor or agent).
//
// Outbound: one queue per connection, one write in flight (frames written in a
// burst leave in one socket write: coalescing_stream.h). Backpressure policy:
// when max_outbound_queue frames or max_outbound_bytes bytes are waiting (a
// client that does not read), the connection is closed; nothing is lost,
// because every message is stored and the client replays from its last seq
// when it reconnects.
// Inbound: a token bucket (messages_per_second, burst) per connection; over
// budget -> an "error" frame with code rate_limited and the frame is dropped;
// a client that keeps flooding (100 rejected frames in a row) is disconnected.
class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  // `session_key`: the agent's session (SessionStore::KeyOf), "" for visitors;
  // `slot`: the connection's place in the per-address count, held until it ends.
  WsSession(tcp::socket&& socket, ServerContext& ctx, protocol::Role role,
            std::optional<Agent> agent, std::string session_key, std::string ip,
            ConnectionSlots::Slot slot);
  void Run(Request&& req);
  // Queues a frame (I/O thread only).
  void Send(std::shared_ptr<const std::string> frame);
  // Closes once the queued frames are written.
  void CloseAfterFlush(std::string reason);
  // Closes the socket now: every pending operation fails (server shutdown).
  void Abort();

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
  size_t queued_bytes_ = 0;
  ServerContext& ctx_;
  protocol::Role role_;
  std::optional<Agent> agent_;
  std::string session_key_;
  std::string ip_;
  ConnectionSlots::Slot slot_;
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
