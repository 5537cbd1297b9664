// `idle`: many concurrent idle visitor connections.
//
// The per-process file limit (about 20,000 here, not raisable) bounds one
// client process, so the connections are split over `--procs` forked children.
// Each child opens its share (at most 256 handshakes in flight), waits for the
// server's `hello` on every one and reports to the parent over a pipe. Once all
// children are connected, the parent reads the server's RSS (--server-pid),
// then asks every child to send a `ping` on each connection and to wait for
// each `pong`: every connection is live and served at the same moment. Then
// the children exit (closing everything) and the parent prints the figures.
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/steady_timer.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "frames.h"
#include "modes.h"
#include "proc.h"

namespace relais::bench {
namespace {

constexpr int kMaxInFlight = 256;

std::string ReadLine(int fd) {
  std::string line;
  char c;
  while (read(fd, &c, 1) == 1 && c != '\n') line += c;
  return line;
}

void WriteLine(int fd, const std::string& line) {
  std::string s = line + "\n";
  ssize_t ignored = write(fd, s.data(), s.size());
  (void)ignored;
}

// One child: `count` connections. Talks to the parent through `down` (commands)
// and `up` (reports). Returns the exit code.
int Child(const Endpoint& endpoint, int count, int down, int up) {
  boost::asio::io_context io(1);
  std::vector<std::shared_ptr<WsClient>> clients;
  std::vector<char> greeted(count, 0);
  int next = 0, in_flight = 0, ready = 0, failed = 0, pongs = 0, dropped = 0;
  bool pinging = false;
  std::string first_error;
  boost::asio::steady_timer watchdog(io);

  std::function<void()> pump = [&] {
    while (in_flight < kMaxInFlight && next < count) {
      int i = next++;
      ++in_flight;
      auto c = WsClient::Create(io);
      clients.push_back(c);
      WsClient::Handlers h;
      h.on_open = [&, i](bool ok, const std::string& error) {
        if (ok) return;
        if (first_error.empty()) first_error = error;
        ++failed;
        --in_flight;
        pump();
      };
      h.on_frame = [&, i](std::string_view frame) {
        std::string_view type = FrameType(frame);
        if (type == "hello" && !greeted[i]) {
          greeted[i] = 1;
          ++ready;
          --in_flight;
          pump();
        } else if (type == "pong" && pinging && ++pongs == ready) {
          io.stop();
        }
      };
      h.on_close = [&](const std::string& reason) {
        ++dropped;
        if (first_error.empty()) first_error = "closed: " + reason;
      };
      c->Connect(endpoint, "/ws", "", std::move(h));
    }
    if (!pinging && ready + failed == count) io.stop();
  };

  auto started = NowNs();
  watchdog.expires_after(std::chrono::seconds(90));
  watchdog.async_wait([&](boost::system::error_code ec) {
    if (!ec) io.stop();
  });
  pump();
  io.run();
  double connect_s = (NowNs() - started) / 1e9;
  if (!first_error.empty()) std::cerr << "relais-ws-load idle: " << first_error << "\n";
  char report[128];
  std::snprintf(report, sizeof report, "R %d %d %.3f", ready, failed, connect_s);
  WriteLine(up, report);

  if (ReadLine(down) != "P") return 1;
  pinging = true;
  auto ping_started = NowNs();
  for (auto& c : clients) c->Send(R"({"type":"ping"})");
  io.restart();
  watchdog.expires_after(std::chrono::seconds(30));
  watchdog.async_wait([&](boost::system::error_code ec) {
    if (!ec) io.stop();
  });
  if (ready > 0) io.run();
  std::snprintf(report, sizeof report, "G %d %d %.3f", pongs, dropped,
                (NowNs() - ping_started) / 1e9);
  WriteLine(up, report);

  ReadLine(down);  // "Q" (or EOF): exit, which closes every connection
  for (auto& c : clients) c->Close();
  return failed == 0 && pongs == ready ? 0 : 1;
}

}  // namespace

int RunIdle(const std::vector<std::string>& argv) {
  Args args;
  std::string error;
  if (!args.Parse(argv, {"connections", "procs", "server-pid", "settle-ms"}, &error)) {
    std::cerr << "relais-ws-load idle: " << error << "\n";
    return 2;
  }
  Endpoint endpoint = args.GetEndpoint();
  int total = static_cast<int>(args.Num("connections", 1000));
  int procs = static_cast<int>(args.Num("procs", std::ceil(total / 6000.0)));
  procs = std::max(1, std::min(procs, total));
  int server_pid = static_cast<int>(args.Num("server-pid", 0));
  int settle_ms = static_cast<int>(args.Num("settle-ms", 300));

  struct Proc {
    pid_t pid;
    int down;  // parent -> child
    int up;    // child -> parent
  };
  std::vector<Proc> children;
  long rss_before = ProcStatusKb(server_pid, "VmRSS");
  auto started = NowNs();
  for (int p = 0; p < procs; ++p) {
    int share = total / procs + (p < total % procs ? 1 : 0);
    int down[2], up[2];
    if (pipe(down) != 0 || pipe(up) != 0) {
      std::perror("pipe");
      return 1;
    }
    pid_t pid = fork();
    if (pid < 0) {
      std::perror("fork");
      return 1;
    }
    if (pid == 0) {
      close(down[1]);
      close(up[0]);
      for (const Proc& other : children) {
        close(other.down);
        close(other.up);
      }
      std::_Exit(Child(endpoint, share, down[0], up[1]));
    }
    close(down[0]);
    close(up[1]);
    children.push_back({pid, down[1], up[0]});
  }

  int ready = 0, failed = 0;
  for (const Proc& c : children) {
    int r = 0, f = 0;
    double s = 0;
    std::sscanf(ReadLine(c.up).c_str(), "R %d %d %lf", &r, &f, &s);
    ready += r;
    failed += f;
  }
  double connect_s = (NowNs() - started) / 1e9;
  // Let the server finish what the last handshakes started, then measure.
  usleep(static_cast<useconds_t>(settle_ms) * 1000);
  long rss_connected = ProcStatusKb(server_pid, "VmRSS");

  int pongs = 0, dropped = 0;
  double ping_s = 0;
  for (const Proc& c : children) WriteLine(c.down, "P");
  for (const Proc& c : children) {
    int g = 0, d = 0;
    double s = 0;
    std::sscanf(ReadLine(c.up).c_str(), "G %d %d %lf", &g, &d, &s);
    pongs += g;
    dropped += d;
    ping_s = std::max(ping_s, s);
  }
  long rss_after_ping = ProcStatusKb(server_pid, "VmRSS");
  long hwm = ProcStatusKb(server_pid, "VmHWM");
  for (const Proc& c : children) WriteLine(c.down, "Q");
  int worst = 0;
  for (const Proc& c : children) {
    int status = 0;
    waitpid(c.pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) worst = 1;
    close(c.down);
    close(c.up);
  }
  std::cout << "{\"mode\": \"idle\", \"connections\": " << ready << ", \"failed\": " << failed
            << ", \"procs\": " << procs << ", \"connect_s\": " << connect_s
            << ", \"pongs\": " << pongs << ", \"dropped\": " << dropped
            << ", \"ping_round_s\": " << ping_s << ", \"server_rss_kb_before\": " << rss_before
            << ", \"server_rss_kb_connected\": " << rss_connected
            << ", \"server_rss_kb_after_ping\": " << rss_after_ping
            << ", \"server_hwm_kb\": " << hwm << "}" << std::endl;
  return worst == 0 && failed == 0 && pongs == total ? 0 : 1;
}

}  // namespace relais::bench
