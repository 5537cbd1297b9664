// Boost.Beast implementation of ws_client.h. Single-threaded: no strands.
#include "ws_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <deque>

namespace relais::bench {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr auto kHandshakeTimeout = std::chrono::seconds(30);

class BeastClient final : public WsClient, public std::enable_shared_from_this<BeastClient> {
 public:
  explicit BeastClient(net::io_context& io) : ws_(io) {}

  void Connect(const Endpoint& endpoint, const std::string& target, const std::string& cookie,
               Handlers handlers) override {
    handlers_ = std::move(handlers);
    host_ = endpoint.host + ":" + std::to_string(endpoint.port);
    target_ = target;
    boost::system::error_code ec;
    auto address = net::ip::make_address(endpoint.host, ec);
    if (ec) return Fail("bad address " + endpoint.host);
    std::string origin = endpoint.Origin();
    ws_.set_option(websocket::stream_base::decorator([origin, cookie](websocket::request_type& r) {
      r.set(http::field::origin, origin);
      r.set(http::field::user_agent, "relais-ws-load");
      if (!cookie.empty()) r.set(http::field::cookie, cookie);
    }));
    // Client frames must be masked; the mask need not be cryptographic here.
    ws_.secure_prng(false);
    ws_.auto_fragment(false);
    beast::get_lowest_layer(ws_).expires_after(kHandshakeTimeout);
    beast::get_lowest_layer(ws_).async_connect(
        tcp::endpoint(address, endpoint.port),
        [self = shared_from_this()](beast::error_code ec) { self->OnConnect(ec); });
  }

  void Send(std::string frame) override {
    if (!open_) return;
    out_.push_back(std::move(frame));
    if (out_.size() == 1) DoWrite();
  }

  size_t Pending() const override { return out_.size(); }

  void Close() override {
    open_ = false;
    out_.clear();
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

 private:
  void Fail(const std::string& why) {
    if (auto cb = std::move(handlers_.on_open)) {
      handlers_.on_open = nullptr;
      cb(false, why);
    }
  }

  void OnConnect(beast::error_code ec) {
    if (ec) return Fail("connect: " + ec.message());
    beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true), ec);
    ws_.async_handshake(host_, target_, [self = shared_from_this()](beast::error_code ec) {
      self->OnHandshake(ec);
    });
  }

  void OnHandshake(beast::error_code ec) {
    if (ec) return Fail("handshake: " + ec.message());
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    open_ = true;
    if (auto cb = std::move(handlers_.on_open)) {
      handlers_.on_open = nullptr;
      cb(true, "");
    }
    DoRead();
  }

  void DoRead() {
    ws_.async_read(buffer_,
                   [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec) return Gone(ec.message());
    auto data = buffer_.cdata();
    if (handlers_.on_frame) {
      handlers_.on_frame(std::string_view(static_cast<const char*>(data.data()), data.size()));
    }
    buffer_.consume(buffer_.size());
    if (open_) DoRead();
  }

  void DoWrite() {
    ws_.async_write(
        net::buffer(out_.front()),
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnWrite(ec); });
  }

  void OnWrite(beast::error_code ec) {
    if (ec) return Gone(ec.message());
    if (out_.empty()) return;  // closed meanwhile
    out_.pop_front();
    if (!out_.empty()) DoWrite();
  }

  void Gone(const std::string& reason) {
    bool was_open = open_;
    open_ = false;
    out_.clear();
    if (was_open && handlers_.on_close) handlers_.on_close(reason);
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::deque<std::string> out_;
  Handlers handlers_;
  std::string host_;
  std::string target_;
  bool open_ = false;
};

}  // namespace

std::shared_ptr<WsClient> WsClient::Create(net::io_context& io) {
  return std::make_shared<BeastClient>(io);
}

std::string Login(const Endpoint& endpoint, const std::string& email, const std::string& password,
                  std::string* error) {
  try {
    net::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(30));
    stream.connect(tcp::endpoint(net::ip::make_address(endpoint.host), endpoint.port));
    http::request<http::string_body> req{http::verb::post, "/api/login", 11};
    req.set(http::field::host, endpoint.host + ":" + std::to_string(endpoint.port));
    req.set(http::field::origin, endpoint.Origin());
    req.set(http::field::content_type, "application/json");
    // E-mail and password come from the bench driver: plain ASCII, no quotes.
    req.body() = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    if (res.result() != http::status::ok) {
      *error = "login " + email + ": HTTP " + std::to_string(res.result_int()) + " " + res.body();
      return "";
    }
    std::string cookie(res[http::field::set_cookie]);
    cookie = cookie.substr(0, cookie.find(';'));
    if (cookie.empty()) *error = "login " + email + ": no cookie";
    return cookie;
  } catch (const std::exception& e) {
    *error = "login " + email + ": " + e.what();
    return "";
  }
}

}  // namespace relais::bench
