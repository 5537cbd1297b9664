// `populate`: stores conversations through the protocol, for the restart
// benchmark. Each visitor connects, hands off (a two-entry transcript), sends
// --messages messages, waits for their acks and disconnects: the conversation
// stays open (queued, visitor away) in the server's storage; with --leave 1
// the visitor first leaves (`conversation.leave`, waiting for
// `conversation.closed`): the conversation is stored, ended (abandoned).
// --window visitors work at a time.
#include <boost/asio/steady_timer.hpp>
#include <iostream>

#include "frames.h"
#include "modes.h"

namespace relais::bench {

int RunPopulate(const std::vector<std::string>& argv) {
  Args args;
  std::string error;
  if (!args.Parse(argv, {"conversations", "window", "messages", "leave"}, &error)) {
    std::cerr << "relais-ws-load populate: " << error << "\n";
    return 2;
  }
  Endpoint endpoint = args.GetEndpoint();
  const int total = static_cast<int>(args.Num("conversations", 1000));
  const int window = static_cast<int>(args.Num("window", 64));
  const int messages = static_cast<int>(args.Num("messages", 2));
  const bool leave = args.Num("leave", 0) != 0;

  boost::asio::io_context io(1);
  boost::asio::steady_timer watchdog(io);
  int started = 0, done = 0, failed = 0;
  std::string first_error;
  std::function<void()> pump;

  auto finish_one = [&](bool ok, const std::string& why) {
    if (!ok) {
      ++failed;
      if (first_error.empty()) first_error = why;
    }
    ++done;
    if (done == total) io.stop();
    pump();
  };

  pump = [&] {
    while (started < total && started - done < window) {
      int n = started++;
      auto c = WsClient::Create(io);
      auto acked = std::make_shared<int>(0);
      auto finished = std::make_shared<bool>(false);
      WsClient::Handlers h;
      h.on_open = [&, finished](bool ok, const std::string& why) {
        if (!ok && !*finished) {
          *finished = true;
          finish_one(false, why);
        }
      };
      // Weak: the client's pending read keeps it alive; a strong capture would
      // make the client own itself.
      h.on_frame = [&, weak = std::weak_ptr<WsClient>(c), n, acked,
                    finished](std::string_view frame) {
        auto c = weak.lock();
        if (!c) return;
        auto done_sending = [&] {
          if (leave) return c->Send(R"({"type":"conversation.leave"})");
          if (*finished) return;
          *finished = true;
          c->Close();
          finish_one(true, "");
        };
        std::string_view type = FrameType(frame);
        if (type == "hello") {
          c->Send(HandoffFrame());
        } else if (type == "conversation.created") {
          for (int m = 0; m < messages; ++m) {
            c->Send(R"({"type":"message.create","client_id":"p)" + std::to_string(n) + "-" +
                    std::to_string(m) + R"(","text":"Message de test pour le redémarrage."})");
          }
          if (messages == 0) done_sending();
        } else if (type == "message.ack") {
          if (++*acked == messages) done_sending();
        } else if (type == "conversation.closed") {
          if (!*finished) {
            *finished = true;
            c->Close();
            finish_one(true, "");
          }
        } else if (type == "error" || type == "conversation.unavailable") {
          if (!*finished) {
            *finished = true;
            c->Close();
            finish_one(false, std::string(frame));
          }
        }
      };
      h.on_close = [&, finished](const std::string& why) {
        if (!*finished) {
          *finished = true;
          finish_one(false, "closed: " + why);
        }
      };
      c->Connect(endpoint, "/ws", "", std::move(h));
    }
  };

  auto t0 = NowNs();
  watchdog.expires_after(std::chrono::seconds(300));
  watchdog.async_wait([&](boost::system::error_code ec) {
    if (!ec) io.stop();
  });
  if (total > 0) {
    pump();
    io.run();
  }
  double seconds = (NowNs() - t0) / 1e9;
  if (!first_error.empty()) std::cerr << "relais-ws-load populate: " << first_error << "\n";
  std::cout << "{\"mode\": \"populate\", \"conversations\": " << done - failed
            << ", \"failed\": " << failed << ", \"messages_each\": " << messages
            << ", \"left\": " << (leave ? "true" : "false") << ", \"seconds\": " << seconds << "}"
            << std::endl;
  return failed == 0 && done == total ? 0 : 1;
}

}  // namespace relais::bench
