// HTTP and WebSocket sessions. Single I/O thread: no locks, no strands.
#include "sessions.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <iostream>

#include "http_handler.h"

namespace relais::server::transport {

namespace {
constexpr size_t kMaxRequestBody = 64 * 1024;
constexpr int kMaxRejectedInARow = 100;
}  // namespace

// ------------------------------------------------------------------ Registry

void Registry::Send(ConnId conn, std::string_view type, const nlohmann::json& data) {
  auto it = sessions_.find(conn);
  if (it == sessions_.end()) return;
  if (auto s = it->second.lock()) {
    s->Send(std::make_shared<const std::string>(protocol::EncodeFrame(type, data)));
  }
}

void Registry::SendToEach(std::span<const ConnId> conns, std::string_view type,
                          const nlohmann::json& data) {
  std::shared_ptr<const std::string> frame;  // encoded for the first live session
  for (ConnId conn : conns) {
    auto it = sessions_.find(conn);
    if (it == sessions_.end()) continue;
    if (auto s = it->second.lock()) {
      if (!frame) frame = std::make_shared<const std::string>(protocol::EncodeFrame(type, data));
      s->Send(frame);
    }
  }
}

void Registry::Close(ConnId conn, std::string_view reason) {
  auto it = sessions_.find(conn);
  if (it == sessions_.end()) return;
  net::post(io_, [session = it->second, reason = std::string(reason)] {
    if (auto s = session.lock()) s->CloseAfterFlush(reason);
  });
}

// ------------------------------------------------------------------ HTTP

HttpSession::HttpSession(tcp::socket&& socket, ServerContext& ctx)
    : stream_(std::move(socket)), ctx_(ctx) {
  beast::error_code ec;
  auto remote = stream_.socket().remote_endpoint(ec);
  ip_ = ec ? "unknown" : remote.address().to_string();
}

void HttpSession::Run() {
  net::dispatch(stream_.get_executor(),
                beast::bind_front_handler(&HttpSession::DoRead, shared_from_this()));
}

void HttpSession::DoRead() {
  parser_.emplace();
  parser_->body_limit(kMaxRequestBody);
  parser_->header_limit(16 * 1024);
  stream_.expires_after(std::chrono::seconds(30));
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::OnRead, shared_from_this()));
}

void HttpSession::OnRead(beast::error_code ec, size_t) {
  if (ec == http::error::end_of_stream) {
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    return;
  }
  if (ec) {
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
      Request dummy;
      Write(MakeError(dummy, http::status::payload_too_large, "too_large"));
    }
    return;
  }
  ++ctx_.counters.http_requests;
  Request req = parser_->release();
  if (websocket::is_upgrade(req)) return Upgrade(std::move(req));
  HandleHttp(ctx_, std::move(req), ip_,
             [self = shared_from_this()](Response&& res) { self->Write(std::move(res)); });
}

void HttpSession::Upgrade(Request&& req) {
  std::string_view target(req.target().data(), req.target().size());
  std::string_view path = target.substr(0, target.find('?'));
  std::string_view query = target.find('?') == std::string_view::npos
                               ? std::string_view()
                               : target.substr(target.find('?') + 1);
  if (path != "/ws") return Write(MakeError(req, http::status::not_found, "not_found"));
  protocol::Role role = query.find("role=agent") != std::string_view::npos
                            ? protocol::Role::kAgent
                            : protocol::Role::kVisitor;
  if (!OriginAllowed(ctx_, req, role)) {
    return Write(MakeError(req, http::status::forbidden, "origin_not_allowed"));
  }
  std::optional<Agent> agent;
  if (role == protocol::Role::kAgent) {
    agent = AgentFromCookie(ctx_, req);
    if (!agent) return Write(MakeError(req, http::status::unauthorized, "unauthenticated"));
  }
  if (static_cast<int>(ctx_.registry.size()) >= ctx_.config.limits.max_connections) {
    return Write(MakeError(req, http::status::service_unavailable, "too_many_connections"));
  }
  stream_.expires_never();
  std::make_shared<WsSession>(stream_.release_socket(), ctx_, role, std::move(agent), ip_)
      ->Run(std::move(req));
}

void HttpSession::Write(http::response<http::string_body>&& res) {
  bool keep_alive = res.keep_alive();
  auto sp = std::make_shared<http::response<http::string_body>>(std::move(res));
  http::async_write(stream_, *sp,
                    [self = shared_from_this(), sp, keep_alive](beast::error_code ec, size_t n) {
                      self->OnWrite(keep_alive, ec, n);
                    });
}

void HttpSession::OnWrite(bool keep_alive, beast::error_code ec, size_t) {
  if (ec) return;
  if (!keep_alive) {
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    return;
  }
  DoRead();
}

// ------------------------------------------------------------------ WebSocket

WsSession::WsSession(tcp::socket&& socket, ServerContext& ctx, protocol::Role role,
                     std::optional<Agent> agent, std::string ip)
    : ws_(std::move(socket)),
      ctx_(ctx),
      role_(role),
      agent_(std::move(agent)),
      ip_(std::move(ip)),
      tokens_(ctx.config.limits.burst),
      last_refill_(std::chrono::steady_clock::now()) {}

void WsSession::Run(Request&& req) {
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "relais"); }));
  // Frames up to 4x the budget are read and answered with a too_large error
  // frame (the connection stays); beyond that the connection is closed (1009).
  ws_.read_message_max(std::min<size_t>(4 * ctx_.config.limits.max_frame_bytes, 16 << 20));
  ws_.async_accept(req, beast::bind_front_handler(&WsSession::OnAccept, shared_from_this()));
}

void WsSession::OnAccept(beast::error_code ec) {
  if (ec) return;
  id_ = ctx_.next_conn++;
  registered_ = true;
  ctx_.registry.Add(id_, weak_from_this());
  if (role_ == protocol::Role::kAgent) {
    ctx_.hub.AgentConnected(id_, *agent_);
  } else {
    ctx_.hub.VisitorConnected(id_, ip_);
  }
  DoRead();
}

bool WsSession::TakeToken() {
  auto now = std::chrono::steady_clock::now();
  double elapsed = std::chrono::duration<double>(now - last_refill_).count();
  last_refill_ = now;
  tokens_ = std::min<double>(ctx_.config.limits.burst,
                             tokens_ + elapsed * ctx_.config.limits.messages_per_second);
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

void WsSession::DoRead() {
  ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::OnRead, shared_from_this()));
}

void WsSession::Reject(const protocol::FrameError& error) {
  ++ctx_.counters.frames_rejected;
  Send(std::make_shared<const std::string>(protocol::EncodeError(error)));
  if (++rejected_in_a_row_ >= kMaxRejectedInARow) CloseAfterFlush("too many bad frames");
}

void WsSession::OnRead(beast::error_code ec, size_t) {
  if (ec) return Gone();
  ++ctx_.counters.frames_received;
  // A view of the frame in the read buffer (not copied); the buffer is only
  // emptied below, before the next read.
  auto data = buffer_.cdata();
  std::string_view text(static_cast<const char*>(data.data()), data.size());
  if (closing_) {
    buffer_.consume(buffer_.size());
    return DoRead();
  }
  if (!TakeToken()) {
    Reject({protocol::code::kRateLimited, "too many frames; slow down", ""});
  } else if (!ws_.got_text()) {
    Reject({protocol::code::kBadFrame, "binary frames are not accepted", ""});
  } else {
    protocol::DecodeLimits limits;
    limits.max_frame_bytes = ctx_.config.limits.max_frame_bytes;
    limits.max_text_bytes = ctx_.config.limits.max_message_bytes;
    limits.max_transcript = ctx_.config.limits.max_transcript_messages;
    protocol::ClientFrame frame;
    protocol::FrameError error;
    if (protocol::DecodeClientFrame(text, role_, limits, &frame, &error)) {
      rejected_in_a_row_ = 0;
      try {
        ctx_.hub.HandleFrame(id_, frame);
      } catch (const std::exception& e) {
        // Defence in depth: a frame the codec let through must not take the
        // server down (the codec and Hub are fuzzed/tested so this should not happen).
        std::cerr << "relais-server: frame " << frame.type << " failed: " << e.what() << "\n";
        Reject({protocol::code::kInternal, "the request could not be processed", frame.type});
      }
    } else {
      Reject(error);
    }
  }
  buffer_.consume(buffer_.size());
  DoRead();
}

void WsSession::Send(std::shared_ptr<const std::string> frame) {
  if (gone_ || closing_) return;
  if (queue_.size() >= ctx_.config.limits.max_outbound_queue) {
    // Backpressure policy: drop the slow consumer (see sessions.h).
    ++ctx_.counters.slow_consumers_dropped;
    closing_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    return;
  }
  queue_.push_back(std::move(frame));
  if (queue_.size() == 1) DoWrite();
}

void WsSession::DoWrite() {
  ws_.text(true);
  ws_.async_write(net::buffer(*queue_.front()),
                  beast::bind_front_handler(&WsSession::OnWrite, shared_from_this()));
}

void WsSession::OnWrite(beast::error_code ec, size_t) {
  if (ec) return Gone();
  queue_.pop_front();
  if (!queue_.empty()) return DoWrite();
  if (closing_ && !close_reason_.empty()) DoClose();
}

void WsSession::CloseAfterFlush(std::string reason) {
  if (gone_ || closing_) return;
  closing_ = true;
  close_reason_ = reason.empty() ? "closing" : std::move(reason);
  if (queue_.empty()) DoClose();
}

void WsSession::DoClose() {
  websocket::close_reason reason(websocket::close_code::policy_error);
  reason.reason = close_reason_.substr(0, 120);
  ws_.async_close(reason, [self = shared_from_this()](beast::error_code) { self->Gone(); });
}

void WsSession::Gone() {
  if (gone_) return;
  gone_ = true;
  queue_.clear();
  if (registered_) {
    ctx_.registry.Remove(id_);
    ctx_.hub.Disconnected(id_);
  }
}

}  // namespace relais::server::transport
