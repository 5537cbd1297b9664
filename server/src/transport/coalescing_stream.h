// A write-coalescing stream layer under each WebSocket session.
//
// Why: a chat message fans out as several small frames (message.ack and
// message.created to the sender, message.created to the agent), and an agent's
// connection receives the frames of every conversation it handles. Written one
// by one, each frame costs a sendmsg(2) (on loopback the kernel also runs the
// receiver's TCP stack in that call): the biggest share of the I/O thread's
// time under load. Here frames that Beast writes while the session still has
// frames to hand over are gathered and leave in one write.
//
// How (single I/O thread, no locks): async_write_some copies the bytes into
// `pending` and posts the completion at once, so Beast and the session move on
// to their next frame. One Flush is posted; when it runs while a write
// completion it posted has not run yet (the session is about to write again),
// it steps aside, at most kMaxDeferrals times in a row (each time lets every
// other ready handler run first: more would add latency under load), then
// everything pending goes out in one socket write. Frames written while that
// write is in flight form the next batch. An idle connection thus writes at
// once; a busy one (an agent receiving many conversations) in batches.
//
// Backpressure is unchanged: while more than kHighWaterBytes wait for the
// socket, the completion of the write that crossed the mark is held until the
// socket drains, so the session's own queue (limits.max_outbound_queue, the
// stated slow-consumer policy in sessions.h) fills up as before.
//
// Lifetime: the socket and buffers live in a shared State that every pending
// handler holds, so no handler outlives what it touches. The WebSocket close
// handshake flushes pending bytes before the TCP teardown (async_teardown).
#ifndef RELAIS_SERVER_SRC_TRANSPORT_COALESCING_STREAM_H_
#define RELAIS_SERVER_SRC_TRANSPORT_COALESCING_STREAM_H_

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <memory>
#include <string>
#include <utility>

namespace relais::server::transport {

class CoalescingStream {
 public:
  using executor_type = boost::beast::tcp_stream::executor_type;
  using next_layer_type = boost::beast::tcp_stream;

  static constexpr size_t kFlushNowBytes = 32 * 1024;    // stop gathering past this
  static constexpr size_t kHighWaterBytes = 256 * 1024;  // hold completions past this
  static constexpr int kMaxDeferrals = 2;                // rounds of stepping aside

  explicit CoalescingStream(boost::asio::ip::tcp::socket&& socket)
      : state_(std::make_shared<State>(std::move(socket))) {}

  executor_type get_executor() noexcept { return state_->stream.get_executor(); }
  next_layer_type& next_layer() noexcept { return state_->stream; }
  const next_layer_type& next_layer() const noexcept { return state_->stream; }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return state_->stream.socket().async_read_some(buffers, std::forward<Token>(token));
  }

  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::beast::error_code, size_t)>(
        [state = state_](auto handler, const ConstBuffers& b) {
          State::Write(state, std::move(handler), b);
        },
        token, buffers);
  }

  // Runs `fn` (on the I/O thread, never inline) once every accepted byte has
  // been written or the socket has failed; the socket stays alive until then.
  template <class Fn>
  void AsyncDrain(Fn fn) {
    State::WhenDrained(state_, Task(std::move(fn)));
  }

 private:
  // A move-only void() callable (Beast's handlers are move-only).
  class Task {
   public:
    Task() = default;
    template <class Fn>
    explicit Task(Fn fn) : impl_(std::make_unique<Impl<Fn>>(std::move(fn))) {}
    explicit operator bool() const { return impl_ != nullptr; }
    void operator()() {
      auto impl = std::move(impl_);
      impl->Run();
    }

   private:
    struct Base {
      virtual ~Base() = default;
      virtual void Run() = 0;
    };
    template <class Fn>
    struct Impl final : Base {
      explicit Impl(Fn f) : fn(std::move(f)) {}
      void Run() override { fn(); }
      Fn fn;
    };
    std::unique_ptr<Base> impl_;
  };

  struct State {
    explicit State(boost::asio::ip::tcp::socket&& socket) : stream(std::move(socket)) {}

    template <class Handler, class ConstBuffers>
    static void Write(const std::shared_ptr<State>& s, Handler handler, const ConstBuffers& b) {
      if (s->error) {
        boost::asio::post(s->stream.get_executor(),
                          boost::beast::bind_front_handler(std::move(handler), s->error, 0));
        return;
      }
      size_t n = 0;
      for (auto buffer : boost::beast::buffers_range_ref(b)) {
        s->pending.append(static_cast<const char*>(buffer.data()), buffer.size());
        n += buffer.size();
      }
      // The completion, posted now or held while too much waits for the socket.
      auto complete = [s, handler = std::move(handler), n]() mutable {
        --s->completions_posted;
        boost::beast::error_code ec = s->error;
        handler(ec, ec ? 0 : n);
      };
      if (s->pending.size() + s->flushing.size() <= kHighWaterBytes) {
        ++s->completions_posted;
        boost::asio::post(s->stream.get_executor(), std::move(complete));
      } else {
        s->held = Task(std::move(complete));
      }
      ScheduleFlush(s);
    }

    static void ScheduleFlush(const std::shared_ptr<State>& s) {
      if (s->writing || s->flush_posted || s->pending.empty()) return;
      s->flush_posted = true;
      boost::asio::post(s->stream.get_executor(), [s] {
        s->flush_posted = false;
        Flush(s);
      });
    }

    static void Flush(const std::shared_ptr<State>& s) {
      if (s->writing || s->pending.empty() || s->error) return;
      if (s->completions_posted > 0 && s->pending.size() < kFlushNowBytes &&
          s->deferrals < kMaxDeferrals) {
        ++s->deferrals;  // the session is about to write again: gather that too
        ScheduleFlush(s);
        return;
      }
      s->deferrals = 0;
      s->writing = true;
      s->flushing.swap(s->pending);
      boost::asio::async_write(s->stream.socket(), boost::asio::buffer(s->flushing),
                               [s](boost::beast::error_code ec, size_t) { OnFlushed(s, ec); });
    }

    static void OnFlushed(const std::shared_ptr<State>& s, boost::beast::error_code ec) {
      s->writing = false;
      s->flushing.clear();
      if (ec) {
        s->error = ec;
        s->pending.clear();
      }
      if (s->held && (ec || s->pending.size() <= kHighWaterBytes)) {
        ++s->completions_posted;
        boost::asio::post(s->stream.get_executor(),
                          [held = std::move(s->held)]() mutable { held(); });
      }
      if (!s->pending.empty()) return ScheduleFlush(s);
      if (s->on_drained) {
        Task fn = std::move(s->on_drained);
        fn();
      }
    }

    static void WhenDrained(const std::shared_ptr<State>& s, Task fn) {
      if (!s->writing && (s->pending.empty() || s->error)) {
        // `s` rides along: `fn` may use the socket it owns.
        boost::asio::post(s->stream.get_executor(), [s, fn = std::move(fn)]() mutable { fn(); });
        return;
      }
      s->on_drained = std::move(fn);
      ScheduleFlush(s);
    }

    boost::beast::tcp_stream stream;
    std::string pending;   // accepted, not yet handed to the socket
    std::string flushing;  // in the socket write in flight
    bool writing = false;
    bool flush_posted = false;
    int completions_posted = 0;  // write completions posted and not yet run
    int deferrals = 0;
    boost::beast::error_code error;  // sticky: the socket failed
    Task held;                       // a completion held back (backpressure)
    Task on_drained;                 // the close handshake's teardown
  };

  std::shared_ptr<State> state_;
};

// The WebSocket close handshake ends with a TCP teardown of the next layer:
// flush first, so the close frame (and anything before it) is not lost.
template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, CoalescingStream& stream,
                    TeardownHandler&& handler) {
  stream.AsyncDrain([role, &socket = stream.next_layer().socket(),
                     handler = std::forward<TeardownHandler>(handler)]() mutable {
    using boost::beast::websocket::async_teardown;
    async_teardown(role, socket, std::move(handler));
  });
}

// Synchronous teardown (unused by the server, required by Beast's interface).
inline void teardown(boost::beast::role_type role, CoalescingStream& stream,
                     boost::beast::error_code& ec) {
  using boost::beast::websocket::teardown;
  teardown(role, stream.next_layer().socket(), ec);
}

}  // namespace relais::server::transport

#endif  // RELAIS_SERVER_SRC_TRANSPORT_COALESCING_STREAM_H_
