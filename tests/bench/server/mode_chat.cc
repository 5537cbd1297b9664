// `chat`: active conversations between visitors and agents, the way the widget
// and the console speak (server/PROTOCOL.md):
//
//   1. every agent signs in (POST /api/login), opens /ws?role=agent, waits for
//      `hello` and sends `agent.status` available;
//   2. visitors connect, hand off (`conversation.handoff` with a transcript) and
//      wait for `agent.joined`; agents accept every `conversation.offered`.
//      At most --handoff-window (8) hand-offs wait at a time, as a steady
//      arrival would (relais-server pushes the whole waiting list to every
//      agent at each change: a long queue makes the set-up slow, not the load);
//   3. load: visitors send `message.create` with client ids "m<index>". With
//      --rate R (open loop) messages leave at R per second overall, round-robin
//      over conversations, a conversation never having more than --window
//      unacknowledged (a send that would exceed it is counted as `deferred`);
//      with --rate 0 (closed loop) each conversation keeps --window in flight.
//      Measured: `message.ack` latency at the sender (the server acknowledges
//      after the durable commit) and `message.created` latency at the agent
//      (visitor -> agent delivery), for messages sent after --warmup seconds,
//      during --seconds seconds (or the first --messages messages).
//      With --server-pid, the server's CPU time during that window is reported
//      per acknowledged message.
//   4. drain: wait (10 s at most) for the outstanding acks and deliveries;
//   5. with --close 1, agents close every conversation (`conversation.close`)
//      and wait for `conversation.closed`, freeing their capacity for a next run.
//
// Agents sign in with --agent EMAIL (repeated) and --password, or come signed
// in: --cookie "relais_session=..." (repeated; see the `login` mode).
#include <boost/asio/steady_timer.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "frames.h"
#include "modes.h"
#include "proc.h"

namespace relais::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Visitor {
  std::shared_ptr<WsClient> ws;
  bool assigned = false;
  int outstanding = 0;
};

struct AgentConn {
  std::shared_ptr<WsClient> ws;
  bool available = false;
  std::vector<std::string> conversations;  // accepted
};

class ChatRun {
 public:
  ChatRun(const Args& args) : io_(1), timer_(io_), watchdog_(io_) {
    endpoint_ = args.GetEndpoint();
    agents_emails_ = args.All("agent");
    cookies_ = args.All("cookie");
    password_ = args.Str("password");
    conversations_ = static_cast<int>(args.Num("conversations", 100));
    rate_ = args.Num("rate", 0);
    window_ = static_cast<int>(args.Num("window", 8));
    warmup_ns_ = static_cast<int64_t>(args.Num("warmup", 1) * 1e9);
    duration_ns_ = static_cast<int64_t>(args.Num("seconds", 5) * 1e9);
    max_messages_ = static_cast<int64_t>(args.Num("messages", 0));
    text_bytes_ = static_cast<size_t>(args.Num("text-bytes", 64));
    setup_timeout_s_ = static_cast<int>(args.Num("setup-timeout", 120));
    close_ = args.Num("close", 0) != 0;
    server_pid_ = static_cast<int>(args.Num("server-pid", 0));
    handoff_window_ = std::max(1, static_cast<int>(args.Num("handoff-window", 8)));
  }

  int Run() {
    if (agents_emails_.empty() && cookies_.empty()) {
      return Fatal("at least one --agent (or --cookie) is required");
    }
    auto t0 = NowNs();
    for (const auto& email : agents_emails_) {
      std::string error;
      std::string cookie = Login(endpoint_, email, password_, &error);
      if (cookie.empty()) return Fatal(error);
      cookies_.push_back(cookie);
    }
    login_s_ = (NowNs() - t0) / 1e9;
    setup_started_ = NowNs();
    for (const auto& cookie : cookies_) ConnectAgent(cookie);
    watchdog_.expires_after(std::chrono::seconds(setup_timeout_s_));
    watchdog_.async_wait([this](boost::system::error_code ec) {
      if (!ec && !loading_)
        Abort("setup timed out (" + std::to_string(assigned_) + "/" +
              std::to_string(conversations_) + " conversations assigned)");
    });
    io_.run();
    return Report();
  }

 private:
  int Fatal(const std::string& why) {
    std::cerr << "relais-ws-load chat: " << why << "\n";
    std::cout << "{\"mode\": \"chat\", \"error\": " << nlohmann::json(why).dump() << "}"
              << std::endl;
    return 1;
  }

  void Abort(const std::string& why) {
    if (abort_reason_.empty()) abort_reason_ = why;
    io_.stop();
  }

  void ConnectAgent(const std::string& cookie) {
    size_t index = agents_.size();
    agents_.push_back(AgentConn{});
    agents_.back().ws = WsClient::Create(io_);
    WsClient::Handlers h;
    h.on_open = [this](bool ok, const std::string& error) {
      if (!ok) Abort("agent connection: " + error);
    };
    h.on_frame = [this, index](std::string_view frame) { OnAgentFrame(index, frame); };
    h.on_close = [this](const std::string& reason) { Abort("agent connection lost: " + reason); };
    agents_[index].ws->Connect(endpoint_, "/ws?role=agent", cookie, std::move(h));
  }

  void OnAgentFrame(size_t index, std::string_view frame) {
    std::string_view type = FrameType(frame);
    AgentConn& a = agents_[index];
    if (type == "message.created") {
      int64_t i = MessageIndex(frame);
      if (i >= 0 && static_cast<size_t>(i) < sent_ns_.size()) {
        ++delivered_;
        if (Measured(i)) delivery_ns_.push_back(NowNs() - sent_ns_[i]);
        if (!sending_) MaybeFinish();
      }
    } else if (type == "hello") {
      a.ws->Send(R"({"type":"agent.status","status":"available"})");
    } else if (type == "agent.state") {
      if (!a.available && StringField(frame, "\"status\":\"") == "available") {
        a.available = true;
        if (++agents_available_ == static_cast<int>(agents_.size())) PumpHandoffs();
      }
    } else if (type == "conversation.offered") {
      auto j = nlohmann::json::parse(frame, nullptr, false);
      if (j.is_discarded()) return Abort("bad offer frame");
      std::string id = j["conversation"].value("conversation_id", "");
      a.conversations.push_back(id);
      a.ws->Send(nlohmann::json{{"type", "conversation.accept"}, {"conversation_id", id}}.dump());
    } else if (type == "conversation.closed") {
      if (closing_ && ++closed_ == assigned_) io_.stop();
    } else if (type == "error") {
      Error("agent", frame);
    }
  }

  void Error(const char* who, std::string_view frame) {
    if (++errors_ <= 5) std::cerr << "relais-ws-load chat: " << who << " got " << frame << "\n";
  }

  // Starts hand-offs while fewer than --handoff-window wait for an agent.
  void PumpHandoffs() {
    int limit = handoff_window_;
    while (static_cast<int>(visitors_.size()) < conversations_ &&
           static_cast<int>(visitors_.size()) - assigned_ < limit) {
      ConnectVisitor();
    }
  }

  void ConnectVisitor() {
    size_t index = visitors_.size();
    visitors_.push_back({WsClient::Create(io_)});
    WsClient::Handlers h;
    h.on_open = [this](bool ok, const std::string& error) {
      if (!ok) Abort("visitor connection: " + error);
    };
    h.on_frame = [this, index](std::string_view frame) { OnVisitorFrame(index, frame); };
    h.on_close = [this](const std::string& reason) { Abort("visitor connection lost: " + reason); };
    visitors_[index].ws->Connect(endpoint_, "/ws", "", std::move(h));
  }

  void OnVisitorFrame(size_t index, std::string_view frame) {
    std::string_view type = FrameType(frame);
    Visitor& v = visitors_[index];
    if (type == "message.ack") {
      int64_t i = MessageIndex(frame);
      if (i < 0 || static_cast<size_t>(i) >= sent_ns_.size()) return;
      --v.outstanding;
      ++acked_;
      int64_t now = NowNs();
      if (Measured(i)) ack_ns_.push_back(now - sent_ns_[i]);
      if (now >= measure_from_ns_ && now < measure_to_ns_) ++acked_in_window_;
      if (rate_ <= 0 && sending_) SendFrom(index);
      if (!sending_) MaybeFinish();
    } else if (type == "message.created") {
      // The visitor's own message, echoed to every participant: not measured.
    } else if (type == "hello") {
      v.ws->Send(HandoffFrame());
    } else if (type == "agent.joined") {
      if (!v.assigned) {
        v.assigned = true;
        if (++assigned_ == conversations_)
          StartLoad();
        else
          PumpHandoffs();
      }
    } else if (type == "conversation.unavailable") {
      Abort(std::string("hand-off refused: ") + std::string(frame));
    } else if (type == "error") {
      Error("visitor", frame);
    }
  }

  bool Measured(int64_t i) const {
    return sent_ns_[i] >= measure_from_ns_ && sent_ns_[i] < measure_to_ns_;
  }

  void SendFrom(size_t index) {
    if (max_messages_ > 0 && static_cast<int64_t>(sent_ns_.size()) >= max_messages_) {
      return StopSending();
    }
    Visitor& v = visitors_[index];
    int64_t i = static_cast<int64_t>(sent_ns_.size());
    std::string id = "m" + std::to_string(i);
    std::string text = "message " + id + " ";
    if (text.size() < text_bytes_) text.append(text_bytes_ - text.size(), 'x');
    sent_ns_.push_back(NowNs());
    ++v.outstanding;
    v.ws->Send(R"({"type":"message.create","client_id":")" + id + R"(","text":")" + text + "\"}");
  }

  void StartLoad() {
    setup_s_ = (NowNs() - setup_started_) / 1e9;
    loading_ = true;
    sending_ = true;
    load_started_ = NowNs();
    measure_from_ns_ = load_started_ + warmup_ns_;
    measure_to_ns_ = measure_from_ns_ + duration_ns_;
    if (max_messages_ > 0) measure_from_ns_ = load_started_;
    sent_ns_.reserve(
        static_cast<size_t>(rate_ > 0 ? rate_ * 1.2 * (warmup_ns_ + duration_ns_) / 1e9 : 1 << 20));
    if (rate_ <= 0) {
      for (int w = 0; w < window_; ++w) {
        for (size_t v = 0; v < visitors_.size() && sending_; ++v) SendFrom(v);
      }
    }
    Tick();
  }

  // Every millisecond: sends what the open-loop schedule says is due, and ends
  // the sending phase on time.
  void Tick() {
    int64_t now = NowNs();
    if (!cpu_started_ && now >= measure_from_ns_) {
      cpu_started_ = true;
      cpu_start_s_ = ProcCpuSeconds(server_pid_);
      acked_at_cpu_start_ = acked_;
    }
    if (now >= measure_to_ns_) return StopSending();
    if (rate_ > 0) {
      auto due = static_cast<int64_t>(rate_ * (now - load_started_) / 1e9);
      int64_t sent = static_cast<int64_t>(sent_ns_.size()) + deferred_;
      while (sending_ && sent < due) {
        bool found = false;
        for (size_t tries = 0; tries < visitors_.size() && !found; ++tries) {
          size_t v = next_visitor_++ % visitors_.size();
          if (visitors_[v].outstanding < window_) {
            SendFrom(v);
            found = true;
          }
        }
        if (!found) ++deferred_;
        ++sent;
      }
    }
    if (!sending_) return;
    timer_.expires_after(std::chrono::milliseconds(1));
    timer_.async_wait([this](boost::system::error_code ec) {
      if (!ec) Tick();
    });
  }

  void StopSending() {
    if (!sending_) return;
    sending_ = false;
    sending_stopped_ = NowNs();
    if (cpu_started_) {
      cpu_s_ = ProcCpuSeconds(server_pid_) - cpu_start_s_;
      acked_during_cpu_ = acked_ - acked_at_cpu_start_;
    }
    measure_to_ns_ = std::min(measure_to_ns_, sending_stopped_);
    timer_.cancel();
    watchdog_.expires_after(std::chrono::seconds(15));
    watchdog_.async_wait([this](boost::system::error_code ec) {
      if (!ec) io_.stop();  // drain (or close) timed out: reported
    });
    MaybeFinish();
  }

  void MaybeFinish() {
    if (closing_ || acked_ != static_cast<int64_t>(sent_ns_.size()) ||
        delivered_ != static_cast<int64_t>(sent_ns_.size())) {
      return;
    }
    if (!close_) return io_.stop();
    closing_ = true;
    for (AgentConn& a : agents_) {
      for (const std::string& id : a.conversations) {
        a.ws->Send(nlohmann::json{
            {"type", "conversation.close"}, {"conversation_id", id}, {"outcome", "resolved"}}
                       .dump());
      }
    }
  }

  int Report() {
    if (!abort_reason_.empty()) return Fatal(abort_reason_);
    if (close_ && closed_ != assigned_) {
      std::cerr << "relais-ws-load chat: " << closed_ << "/" << assigned_
                << " conversations closed\n";
    }
    double window_s = std::max<int64_t>(1, measure_to_ns_ - measure_from_ns_) / 1e9;
    int64_t sent_in_window = static_cast<int64_t>(ack_ns_.size());  // acked ones
    size_t measured_sent = 0;
    for (int64_t t : sent_ns_) measured_sent += t >= measure_from_ns_ && t < measure_to_ns_;
    int64_t total = static_cast<int64_t>(sent_ns_.size());
    nlohmann::json out = {
        {"mode", "chat"},
        {"conversations", conversations_},
        {"agents", agents_.size()},
        {"rate_target", rate_},
        {"window", window_},
        {"login_s", login_s_},
        {"setup_s", setup_s_},
        {"measured_s", window_s},
        {"sent", total},
        {"acked", acked_},
        {"delivered", delivered_},
        {"lost_acks", total - acked_},
        {"lost_deliveries", total - delivered_},
        {"deferred", deferred_},
        {"errors", errors_},
        {"closed", closed_},
        {"measured_sent", measured_sent},
        {"measured_acked", sent_in_window},
        {"send_rate", measured_sent / window_s},
        {"ack_rate", acked_in_window_ / window_s},
        {"ack_p50_ms", PercentileMs(ack_ns_, 50)},
        {"ack_p99_ms", PercentileMs(ack_ns_, 99)},
        {"ack_max_ms", PercentileMs(ack_ns_, 100)},
        {"delivery_p50_ms", PercentileMs(delivery_ns_, 50)},
        {"delivery_p99_ms", PercentileMs(delivery_ns_, 99)},
        {"delivery_max_ms", PercentileMs(delivery_ns_, 100)},
    };
    if (server_pid_ > 0 && acked_during_cpu_ > 0) {
      out["server_cpu_s"] = cpu_s_;
      out["server_cpu_us_per_message"] = cpu_s_ * 1e6 / static_cast<double>(acked_during_cpu_);
    }
    std::cout << out.dump() << std::endl;
    bool ok = total > 0 && acked_ == total && delivered_ == total && errors_ == 0 &&
              (!close_ || closed_ == assigned_);
    return ok ? 0 : 1;
  }

  boost::asio::io_context io_;
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer watchdog_;
  Endpoint endpoint_;
  std::vector<std::string> agents_emails_;
  std::vector<std::string> cookies_;
  std::string password_;
  int conversations_ = 0;
  double rate_ = 0;
  int window_ = 8;
  int64_t warmup_ns_ = 0;
  int64_t duration_ns_ = 0;
  int64_t max_messages_ = 0;
  size_t text_bytes_ = 64;
  int setup_timeout_s_ = 120;
  bool close_ = false;
  int server_pid_ = 0;
  int handoff_window_ = 8;
  bool cpu_started_ = false;
  double cpu_start_s_ = 0;
  double cpu_s_ = 0;
  int64_t acked_at_cpu_start_ = 0;
  int64_t acked_during_cpu_ = 0;
  bool closing_ = false;
  int closed_ = 0;

  std::vector<AgentConn> agents_;
  std::vector<Visitor> visitors_;
  int agents_available_ = 0;
  int assigned_ = 0;
  size_t next_visitor_ = 0;
  bool loading_ = false;
  bool sending_ = false;
  int64_t setup_started_ = 0;
  int64_t load_started_ = 0;
  int64_t sending_stopped_ = 0;
  int64_t measure_from_ns_ = 0;
  int64_t measure_to_ns_ = INT64_MAX;
  double login_s_ = 0;
  double setup_s_ = 0;

  std::vector<int64_t> sent_ns_;  // by message index
  std::vector<int64_t> ack_ns_;
  std::vector<int64_t> delivery_ns_;
  int64_t acked_ = 0;
  int64_t acked_in_window_ = 0;
  int64_t delivered_ = 0;
  int64_t deferred_ = 0;
  int errors_ = 0;
  std::string abort_reason_;
};

}  // namespace

int RunChat(const std::vector<std::string>& argv) {
  Args args;
  std::string error;
  if (!args.Parse(
          argv,
          {"agent", "password", "conversations", "rate", "window", "warmup", "seconds", "messages",
           "text-bytes", "setup-timeout", "cookie", "close", "server-pid", "handoff-window"},
          &error)) {
    std::cerr << "relais-ws-load chat: " << error << "\n";
    return 2;
  }
  return ChatRun(args).Run();
}

}  // namespace relais::bench

namespace relais::bench {

int RunLogin(const std::vector<std::string>& argv) {
  Args args;
  std::string error;
  if (!args.Parse(argv, {"agent", "password"}, &error)) {
    std::cerr << "relais-ws-load login: " << error << "\n";
    return 2;
  }
  nlohmann::json cookies = nlohmann::json::array();
  auto t0 = NowNs();
  for (const auto& email : args.All("agent")) {
    std::string cookie = Login(args.GetEndpoint(), email, args.Str("password"), &error);
    if (cookie.empty()) {
      std::cerr << "relais-ws-load login: " << error << "\n";
      return 1;
    }
    cookies.push_back(cookie);
  }
  std::cout << nlohmann::json{{"mode", "login"},
                              {"cookies", cookies},
                              {"seconds", (NowNs() - t0) / 1e9}}
                   .dump()
            << std::endl;
  return 0;
}

}  // namespace relais::bench
