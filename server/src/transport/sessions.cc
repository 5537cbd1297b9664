// HTTP and WebSocket sessions. Single I/O thread: no locks, no strands.
#include "sessions.h"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <iostream>

#include "fail.h"
#include "http_handler.h"

namespace relais::server::transport {

namespace {
constexpr size_t kMaxRequestBody = 64 * 1024;
constexpr int kMaxRejectedInARow = 100;
}  // namespace

// ------------------------------------------------------------------ Registry

void Registry::Add(ConnId id, std::weak_ptr<WsSession> session, std::string session_key) {
  sessions_[id] = Entry{std::move(session), std::move(session_key)};
}

void Registry::Remove(ConnId id) { sessions_.erase(id); }

void Registry::Send(ConnId conn, protocol::ServerFrame type, const nlohmann::json& data) {
  auto it = sessions_.find(conn);
  if (it == sessions_.end()) return;
  if (auto s = it->second.session.lock()) {
    s->Send(std::make_shared<const std::string>(protocol::EncodeFrame(type, data)));
  }
}

void Registry::SendToEach(std::span<const ConnId> conns, protocol::ServerFrame type,
                          const nlohmann::json& data) {
  std::shared_ptr<const std::string> frame;  // encoded for the first live session
  for (ConnId conn : conns) {
    auto it = sessions_.find(conn);
    if (it == sessions_.end()) continue;
    if (auto s = it->second.session.lock()) {
      if (!frame) frame = std::make_shared<const std::string>(protocol::EncodeFrame(type, data));
      s->Send(frame);
    }
  }
}

void Registry::Close(ConnId conn, std::string_view reason) {
  auto it = sessions_.find(conn);
  if (it == sessions_.end()) return;
  net::post(io_, [session = it->second.session, reason = std::string(reason)] {
    if (auto s = session.lock()) s->CloseAfterFlush(reason);
  });
}

void Registry::CloseSession(const std::string& session_key, std::string_view reason) {
  if (session_key.empty()) return;
  for (const auto& [id, entry] : sessions_) {
    if (entry.session_key == session_key) Close(id, reason);
  }
}

void Registry::AbortAll() {
  // Abort only closes sockets: the handlers it cancels run later, never here.
  for (const auto& [id, entry] : sessions_) {
    if (auto s = entry.session.lock()) s->Abort();
  }
}

ConnectionSlots::Slot ConnectionSlots::Acquire(const std::string& address) {
  int& open = (*open_)[address];
  if (open >= per_address_) {
    if (open == 0) open_->erase(address);
    return nullptr;
  }
  ++open;
  // The pointer is only there to be non-null; the deleter gives the place back.
  return Slot(open_.get(), [open = open_, address](void*) {
    auto it = open->find(address);
    if (it != open->end() && --it->second <= 0) open->erase(it);
  });
}

// ------------------------------------------------------------------ HTTP

namespace {

// RFC 9112 §6.1 and §6.3: the only transfer coding accepted is exactly
// "chunked", alone, in one field, and never beside Content-Length (a request
// framed two ways is how requests are smuggled past a proxy).
bool AmbiguousFraming(const Request& req) {
  const size_t te = req.count(http::field::transfer_encoding);
  const size_t cl = req.count(http::field::content_length);
  if (cl > 1) return true;
  if (te == 0) return false;
  if (te > 1 || cl > 0) return true;
  std::string_view value = req[http::field::transfer_encoding];
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return !beast::iequals(value, "chunked");
}

constexpr size_t kMaxLingerBytes = 1 << 20;
constexpr auto kLingerTime = std::chrono::seconds(2);

}  // namespace

HttpSession::HttpSession(tcp::socket&& socket, ServerContext& ctx)
    : stream_(std::move(socket)), ctx_(ctx) {
  beast::error_code ec;
  auto remote = stream_.socket().remote_endpoint(ec);
  ip_ = ec ? "unknown" : AddressText(remote.address());
  const auto& proxies = ctx_.config.trusted_proxies;
  via_proxy_ = std::find(proxies.begin(), proxies.end(), ip_) != proxies.end();
}

void HttpSession::Run() {
  // A trusted proxy carries many clients: they are counted by the address it
  // forwards, at the WebSocket upgrade, instead.
  if (!via_proxy_) {
    slot_ = ctx_.slots->Acquire(ip_);
    if (!slot_) {
      ++ctx_.counters.connections_refused;
      Request none;
      return WriteAndClose(
          MakeError(none, http::status::too_many_requests, "too_many_connections"));
    }
  }
  net::dispatch(stream_.get_executor(),
                beast::bind_front_handler(&HttpSession::DoRead, shared_from_this()));
}

void HttpSession::DoRead() {
  parser_.emplace();
  parser_->body_limit(kMaxRequestBody);
  parser_->header_limit(16 * 1024);
  stream_.expires_after(std::chrono::seconds(30));
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&HttpSession::OnHeader, shared_from_this()));
}

void HttpSession::OnHeader(beast::error_code ec, size_t) {
  if (ec) return OnReadError(ec);
  if (AmbiguousFraming(parser_->get())) {
    Request none;
    return WriteAndClose(MakeError(none, http::status::bad_request, "bad_framing"));
  }
  if (parser_->is_done()) return OnRead({}, 0);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::OnRead, shared_from_this()));
}

void HttpSession::OnReadError(beast::error_code ec) {
  Request none;
  if (ec == http::error::end_of_stream) {
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  } else if (ec == http::error::body_limit) {
    WriteAndClose(MakeError(none, http::status::payload_too_large, "too_large"));
  } else if (ec == http::error::header_limit) {
    WriteAndClose(
        MakeError(none, http::status::request_header_fields_too_large, "header_too_large"));
  } else if (ec.category() == beast::error_code(http::error::end_of_stream).category() &&
             ec != http::error::partial_message) {
    // Anything the parser could not make sense of: one answer, then close.
    WriteAndClose(MakeError(none, http::status::bad_request, "bad_request"));
  } else {
    // Timeout, reset, closed mid-request: nothing to answer; the socket closes
    // with this session (and anything unusual is logged).
    Fail(ec, "http read");
  }
}

void HttpSession::OnRead(beast::error_code ec, size_t) {
  if (ec) return OnReadError(ec);
  ++ctx_.counters.http_requests;
  Request req = parser_->release();
  if (websocket::is_upgrade(req)) return Upgrade(std::move(req));
  HandleHttp(ctx_, std::move(req), ClientAddress(ctx_, req, ip_, via_proxy_),
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
  std::string session_key;
  if (role == protocol::Role::kAgent) {
    agent = AgentFromCookie(ctx_, req, &session_key);
    if (!agent) return Write(MakeError(req, http::status::unauthorized, "unauthenticated"));
  }
  // Visitors never take the slots reserved for agents.
  const auto& limits = ctx_.config.limits;
  const size_t cap = static_cast<size_t>(
      role == protocol::Role::kAgent ? limits.max_connections
                                     : limits.max_connections - limits.reserved_agent_connections);
  if (ctx_.registry.size() >= cap) {
    ++ctx_.counters.connections_refused;
    return Write(MakeError(req, http::status::service_unavailable, "too_many_connections"));
  }
  const std::string client = ClientAddress(ctx_, req, ip_, via_proxy_);
  ConnectionSlots::Slot slot = std::move(slot_);
  if (via_proxy_) {
    slot = ctx_.slots->Acquire(client);
    if (!slot) {
      ++ctx_.counters.connections_refused;
      return Write(MakeError(req, http::status::too_many_requests, "too_many_connections"));
    }
  }
  stream_.expires_never();
  std::make_shared<WsSession>(stream_.release_socket(), ctx_, role, std::move(agent),
                              std::move(session_key), client, std::move(slot))
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

void HttpSession::WriteAndClose(http::response<http::string_body>&& res) {
  res.keep_alive(false);
  Write(std::move(res));
}

void HttpSession::OnWrite(bool keep_alive, beast::error_code ec, size_t) {
  if (ec) return Fail(ec, "http write");
  if (!keep_alive) return Linger();
  DoRead();
}

void HttpSession::Linger() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  // A connection refused for being over its address's cap holds no slot: it
  // must not linger either, or a flood of them would hold descriptors.
  if (!slot_ && !via_proxy_) return;
  stream_.expires_after(kLingerTime);
  buffer_.clear();
  auto self = shared_from_this();
  stream_.async_read_some(buffer_.prepare(16 * 1024), [self](beast::error_code ec, size_t n) {
    self->lingered_ += n;
    if (ec || self->lingered_ >= kMaxLingerBytes) return;  // closed with the session
    self->Linger();
  });
}

// ------------------------------------------------------------------ WebSocket

WsSession::WsSession(tcp::socket&& socket, ServerContext& ctx, protocol::Role role,
                     std::optional<Agent> agent, std::string session_key, std::string ip,
                     ConnectionSlots::Slot slot)
    : ws_(std::move(socket)),
      ctx_(ctx),
      role_(role),
      agent_(std::move(agent)),
      session_key_(std::move(session_key)),
      ip_(std::move(ip)),
      slot_(std::move(slot)),
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
  if (ec) return Fail(ec, "websocket handshake");
  id_ = ctx_.next_conn++;
  registered_ = true;
  ctx_.registry.Add(id_, weak_from_this(), session_key_);
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
  if (ec) {
    Fail(ec, "websocket read");
    return Gone();
  }
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
    Reject({protocol::ErrorCode::kRateLimited, "too many frames; slow down", "", ""});
  } else if (!ws_.got_text()) {
    Reject({protocol::ErrorCode::kBadFrame, "binary frames are not accepted", "", ""});
  } else {
    protocol::DecodeLimits limits;
    limits.max_frame_bytes = ctx_.config.limits.max_frame_bytes;
    limits.max_text_bytes = ctx_.config.limits.max_message_bytes;
    limits.max_transcript = ctx_.config.limits.max_transcript_messages;
    Command command;
    protocol::FrameError error;
    if (protocol::DecodeClientFrame(text, role_, limits, &command, &error)) {
      rejected_in_a_row_ = 0;
      try {
        ctx_.hub.Handle(id_, command);
      } catch (const std::exception& e) {
        // Defence in depth: a frame the codec let through must not take the
        // server down (the codec and Hub are fuzzed/tested so this should not happen).
        const std::string type(vocabulary::Name(FrameOf(command)));
        std::cerr << "relais-server: frame " << type << " failed: " << e.what() << "\n";
        Reject({protocol::ErrorCode::kInternal, "the request could not be processed", type, ""});
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
  if (queue_.size() >= ctx_.config.limits.max_outbound_queue ||
      queued_bytes_ + frame->size() > ctx_.config.limits.max_outbound_bytes) {
    // Backpressure policy: drop the slow consumer (see sessions.h).
    ++ctx_.counters.slow_consumers_dropped;
    closing_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    return;
  }
  queued_bytes_ += frame->size();
  queue_.push_back(std::move(frame));
  if (queue_.size() == 1) DoWrite();
}

void WsSession::DoWrite() {
  ws_.text(true);
  ws_.async_write(net::buffer(*queue_.front()),
                  beast::bind_front_handler(&WsSession::OnWrite, shared_from_this()));
}

void WsSession::OnWrite(beast::error_code ec, size_t) {
  if (ec) {
    Fail(ec, "websocket write");
    return Gone();
  }
  queued_bytes_ -= queue_.front()->size();
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

void WsSession::Abort() {
  closing_ = true;  // queue nothing more
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
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
  queued_bytes_ = 0;
  if (registered_) {
    ctx_.registry.Remove(id_);
    ctx_.hub.Disconnected(id_);
  }
}

}  // namespace relais::server::transport
