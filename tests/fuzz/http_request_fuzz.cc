// libFuzzer target for the whole HTTP request path of the real server: the
// input is the raw byte stream of one TCP connection (request lines, headers,
// bodies, pipelined requests, WebSocket upgrades and frames) sent to a
// relais-server started once in this process (RunServer on a background
// thread, port 0, temporary data and web directories).
//
// Per input: connect, write the bytes while reading, half-close, read to EOF.
// Aborts (a finding) when
//  * the server neither answers nor closes for kStall after the last byte
//    moved, or holds the connection past kTotal (a hang), or sends more than
//    kMaxResponseBytes (a flood: a loop of answers);
//  * an answer does not start with an HTTP/1.x status line, or a first
//    request with both Transfer-Encoding and Content-Length is not refused;
//  * anything follows a response sent with "Connection: close", a 413 or a
//    431 (a request hidden in an unread body, or in junk, was answered);
//  * an answer carries a secret (a file beside the web root, this process's
//    environment), a database or /etc/passwd;
//  * every kHealthEvery inputs, a fresh "GET /healthz" is not answered 200.
// Placeholders: "@SESSION@" and "@CSRF@" are replaced by a signed-in agent's
// session cookie and CSRF token (so the signed-in routes and the agent's
// WebSocket are reachable); "@WAIT@" pauses the writing until the server
// answers (so WebSocket frames follow the 101, as a client's do).
//
// RELAIS_FUZZ_TRACE=1 prints each exchange.
//
// Replayed over corpus/http_request_fuzz by CTest (see CMakeLists.txt), which
// also stops the server at exit (SIGTERM, as in production) and checks that it
// returns; `make fuzz` runs it (scripts/fuzz.sh).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "relais/server/auth.h"
#include "relais/server/config.h"
#include "relais/server/server.h"
#include "relais/server/sqlite_repository.h"

// argon2id at its interactive cost (~0.1-0.5 s, 64 MiB per check) would take
// most of the fuzzer's time on inputs that log in, and it is not what this
// target tests: this binary is linked with --wrap=crypto_pwhash_str_alg
// (CMakeLists.txt), so every hash the server makes, the agent's and the dummy
// one, uses the smallest argon2id cost. Verification stays the real libsodium
// code, reading the cost from the hash.
extern "C" int __real_crypto_pwhash_str_alg(char* out, const char* passwd,
                                            unsigned long long passwdlen,
                                            unsigned long long opslimit, size_t memlimit, int alg);
extern "C" int __wrap_crypto_pwhash_str_alg(char* out, const char* passwd,
                                            unsigned long long passwdlen,
                                            unsigned long long /*opslimit*/, size_t /*memlimit*/,
                                            int alg) {
  return __real_crypto_pwhash_str_alg(out, passwd, passwdlen, crypto_pwhash_OPSLIMIT_MIN,
                                      crypto_pwhash_MEMLIMIT_MIN, alg);
}

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using relais::server::Status;

// A server that moves no byte for this long after the request was sent (and
// half-closed) has hung: every answer it owes is a fast one (one argon2id
// check, ~0.1-1 s, is the slowest).
constexpr auto kStall = 3s;
constexpr auto kTotal = 30s;
constexpr size_t kMaxResponseBytes = 16 << 20;
constexpr int kHealthEvery = 50;
// "@WAIT@" in an input: send what comes before it, then wait until the server
// sends something (or kMaxWait) before sending the rest. A WebSocket client
// waits for the 101 before its first frame: frames sent with the upgrade
// request land in the HTTP session's buffer, which the WebSocket never sees.
constexpr std::string_view kWait = "@WAIT@";
constexpr size_t kMaxWaits = 4;
constexpr auto kMaxWait = 20ms;

// Never served: the secret is in a file beside the web root and in this
// process's environment (/proc/self/environ); any SQLite database; /etc/passwd.
constexpr std::string_view kSecret = "relais-fuzz-secret-4b1d";
constexpr std::string_view kSqliteMagic = "SQLite format 3";
constexpr std::string_view kPasswdLine = "root:x:0:0:";
constexpr std::string_view kAgentEmail = "fuzz-agent@relais.test";
constexpr std::string_view kAgentPassword = "fuzz-agent-password";

std::string Printable(std::string_view bytes, size_t max) {
  std::string out;
  for (unsigned char c : bytes.substr(0, max)) {
    if (c == '\n') {
      out += "\\n\n    ";
    } else if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  if (bytes.size() > max) out += "... (" + std::to_string(bytes.size()) + " bytes)";
  return out;
}

// One TCP exchange with the server.
struct Outcome {
  enum End { kClosed, kStalled, kTooLong, kTooMuch, kCannotConnect } end = kClosed;
  std::string response;
  int error = 0;  // errno of a failed connect or of a reset
  std::chrono::milliseconds elapsed{0};
};

// Splits `request` at each "@WAIT@" (at most kMaxWaits of them count).
std::vector<std::string_view> Segments(std::string_view request) {
  std::vector<std::string_view> out;
  for (;;) {
    size_t at = out.size() < kMaxWaits ? request.find(kWait) : std::string_view::npos;
    out.push_back(request.substr(0, at));
    if (at == std::string_view::npos) return out;
    request.remove_prefix(at + kWait.size());
  }
}

Outcome Exchange(uint16_t port, std::string_view request) {
  Outcome out;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    out.end = Outcome::kCannotConnect;
    out.error = errno;
    if (fd >= 0) close(fd);
    return out;
  }
  // Write and read at once: a server answering pipelined requests stops
  // reading while its answers are not read, so a blocking write could wait
  // forever on a server that does nothing wrong.
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  const std::vector<std::string_view> segments = Segments(request);
  size_t segment = 0;  // being written
  size_t sent = 0;     // of segments[segment]
  bool writing = true;
  std::optional<Clock::time_point> waiting_since;  // between two segments
  size_t received_before_wait = 0;
  const Clock::time_point start = Clock::now();
  Clock::time_point last_progress = start;
  char buffer[16384];
  for (;;) {
    Clock::time_point now = Clock::now();
    if (waiting_since &&
        (out.response.size() > received_before_wait || now - *waiting_since >= kMaxWait)) {
      waiting_since.reset();
      ++segment;
      sent = 0;
    }
    if (writing && !waiting_since && sent == segments[segment].size()) {
      if (segment + 1 < segments.size()) {
        waiting_since = now;
        received_before_wait = out.response.size();
        continue;
      }
      writing = false;
      shutdown(fd, SHUT_WR);
    }
    if (now - last_progress >= kStall) {
      out.end = Outcome::kStalled;
      break;
    }
    if (now - start >= kTotal) {
      out.end = Outcome::kTooLong;
      break;
    }
    auto deadline = waiting_since ? std::min(last_progress + kStall, *waiting_since + kMaxWait)
                                  : last_progress + kStall;
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    const bool want_write = writing && !waiting_since;
    pollfd p{fd, static_cast<short>(POLLIN | (want_write ? POLLOUT : 0)), 0};
    int ready = poll(&p, 1, static_cast<int>(wait.count()) + 1);
    if (ready <= 0) continue;  // timeout (checked above) or EINTR
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n > 0) {
        out.response.append(buffer, static_cast<size_t>(n));
        last_progress = Clock::now();
        if (out.response.size() > kMaxResponseBytes) {
          out.end = Outcome::kTooMuch;
          break;
        }
      } else if (n == 0) {
        break;
      } else if (errno != EAGAIN && errno != EINTR) {
        // A reset: the server closed with input unread. Closed all the same.
        out.error = errno;
        break;
      }
    }
    if (want_write && (p.revents & (POLLOUT | POLLERR))) {
      std::string_view rest = segments[segment].substr(sent);
      ssize_t n = send(fd, rest.data(), std::min<size_t>(rest.size(), 64 * 1024), MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<size_t>(n);
        last_progress = Clock::now();
      } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        writing = false;  // the server closed its side: read what it said
      }
    }
  }
  close(fd);
  out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  return out;
}

void Write(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

[[noreturn]] void SetupFailed(const std::string& what) {
  // Not a finding of an input: exit without leaving a crash reproducer.
  std::fprintf(stderr, "http_request_fuzz: cannot set up: %s\n", what.c_str());
  std::_Exit(2);
}

// The server under test, started on first use and stopped at exit.
class Harness {
 public:
  static Harness& Get() {
    static Harness* harness = [] {
      auto* h = new Harness();  // lives until exit; Stop() runs from atexit
      h->Start();
      std::atexit([] { Get().Stop(); });
      return h;
    }();
    return *harness;
  }

  uint16_t port() const { return port_; }

  // The input with the placeholders replaced.
  std::string Substitute(std::string_view input) const {
    std::string out(input);
    Replace(&out, "@SESSION@", cookie_);
    Replace(&out, "@CSRF@", csrf_);
    return out;
  }

  // After an input that may have signed the harness's agent out.
  void RefreshSession() { Login(/*required=*/false); }

  // When the server thread has returned without being asked to (a signal
  // from outside, e.g. ^C): not a finding.
  void ExitIfServerStopped() {
    std::lock_guard lock(mu_);
    if (done_ && !stopping_) {
      std::fprintf(stderr, "http_request_fuzz: the server stopped (%s); exiting\n",
                   result_.ok() ? "signal" : result_.message().c_str());
      std::_Exit(1);
    }
  }

 private:
  static void Replace(std::string* text, std::string_view from, const std::string& to) {
    for (size_t at = text->find(from); at != std::string::npos; at = text->find(from, at)) {
      text->replace(at, from.size(), to);
      at += to.size();
    }
  }

  void Start() {
    std::string dir = (fs::temp_directory_path() / "relais-http-fuzz-XXXXXX").string();
    if (!mkdtemp(dir.data())) SetupFailed("mkdtemp: " + std::string(std::strerror(errno)));
    base_ = dir;
    const fs::path web = base_ / "web";
    const fs::path data = base_ / "data";
    Write(web / "index.html", "<!doctype html><title>Relais</title>public index\n");
    Write(web / "app.js", "console.log('public app');\n");
    Write(web / "app.js.gz", "not really gzip, but served as the precompressed app.js");
    Write(web / "console" / "index.html", "<!doctype html><title>Console</title>\n");
    Write(web / "widget" / "index.html", "<!doctype html><title>Widget</title>\n");
    Write(web / "style.css", std::string(4096, 'a'));  // gzipped on the fly
    Write(base_ / "secret.txt", kSecret);
    setenv("RELAIS_FUZZ_SECRET", std::string(kSecret).c_str(), 1);
    fs::create_directories(data);
    fs::create_symlink(base_ / "secret.txt", web / "link_secret");
    fs::create_symlink(data / "relais.sqlite", web / "link_db");
    fs::create_symlink("/proc/self/environ", web / "link_environ");

    if (!relais::server::InitCrypto()) SetupFailed("libsodium");
    CreateAgent(data);

    relais::server::Config config;
    config.listen_host = "127.0.0.1";
    config.listen_port = 0;
    config.data_dir = data.string();
    config.web_dir = web.string();
    config.allowed_origins = {"http://widget.test"};
    config.public_origins = {"http://relais.test"};
    config.metrics_allowed_addresses = {};  // /metrics only with the token
    config.metrics_token = "fuzz-metrics-token";
    relais::server::QueueConfig queue;
    queue.id = "general";
    queue.names = {{"fr", "Général"}, {"en", "General"}};
    queue.languages = {"fr", "en"};
    config.queues = {queue};
    // Every input comes from 127.0.0.1: per-address limits would soon answer
    // 429 to everything and hide the rest of the server.
    config.limits.max_connections_per_ip = 1 << 20;
    config.limits.logins_per_ip_per_minute = 1 << 20;
    config.limits.max_pending_logins = 1 << 10;
    config.limits.new_conversations_per_ip_per_minute = 1 << 20;
    if (Status s = relais::server::ValidateConfig(config); !s.ok()) SetupFailed(s.message());

    thread_ = std::thread([this, config] {
      Status s = relais::server::RunServer(config, [this](uint16_t port) {
        std::lock_guard lock(mu_);
        port_ = port;
        cv_.notify_all();
      });
      std::lock_guard lock(mu_);
      done_ = true;
      result_ = s;
      cv_.notify_all();
    });
    std::string failed;
    {
      std::unique_lock lock(mu_);
      if (!cv_.wait_for(lock, 60s, [this] { return port_ != 0 || done_; })) {
        failed = "no port after 60 s";
      } else if (done_) {
        failed = "RunServer: " + result_.message();
      }
    }
    if (!failed.empty()) SetupFailed(failed);
    Login(/*required=*/true);
  }

  // The account whose session the inputs use (an e-mail no seed names, so
  // that inputs do not lock it out by accident).
  void CreateAgent(const fs::path& data) {
    auto repo = relais::server::OpenSqliteRepository(data.string());
    if (!repo.ok()) SetupFailed("storage: " + repo.status().message());
    auto hash = relais::server::HashPassword(kAgentPassword);
    if (!hash.ok()) SetupFailed(hash.status().message());
    relais::server::Agent agent;
    agent.email = kAgentEmail;
    agent.display_name = "Fuzz";
    agent.password_hash = hash.value();
    agent.languages = {"fr", "en"};
    agent.queues = {"general"};
    auto id = repo.value()->InsertAgent(agent);
    if (!id.ok()) SetupFailed("agent: " + id.status().message());
    repo.value()->Flush();
  }  // the repository closes here, before the server opens the file

  void Login(bool required) {
    const std::string body = "{\"email\":\"" + std::string(kAgentEmail) + "\",\"password\":\"" +
                             std::string(kAgentPassword) + "\"}";
    Outcome o = Exchange(port_,
                         "POST /api/login HTTP/1.1\r\nHost: relais.test\r\n"
                         "Content-Type: application/json\r\nConnection: close\r\n"
                         "Content-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n" + body);
    const std::string& r = o.response;
    size_t cookie = r.find("relais_session=");
    size_t csrf = r.find("\"csrf_token\":\"");
    if (r.rfind("HTTP/1.1 200 ", 0) != 0 || cookie == std::string::npos ||
        csrf == std::string::npos) {
      // Inputs can lock the account out (wrong passwords) or sign it out:
      // the placeholders then name a dead session, which is fine.
      if (required) SetupFailed("login failed: " + Printable(r, 400));
      return;
    }
    cookie += std::strlen("relais_session=");
    cookie_ = r.substr(cookie, r.find(';', cookie) - cookie);
    csrf += std::strlen("\"csrf_token\":\"");
    csrf_ = r.substr(csrf, r.find('"', csrf) - csrf);
  }

  // SIGTERM, as a service manager stops it; RunServer must return.
  void Stop() {
    {
      std::lock_guard lock(mu_);
      if (done_) return;
      stopping_ = true;
    }
    kill(getpid(), SIGTERM);
    {
      std::unique_lock lock(mu_);
      if (!cv_.wait_for(lock, 30s, [this] { return done_; })) {
        std::fprintf(stderr, "http_request_fuzz: the server did not stop within 30 s of SIGTERM\n");
        std::abort();
      }
    }
    thread_.join();
    if (!result_.ok()) {
      std::fprintf(stderr, "http_request_fuzz: RunServer: %s\n", result_.message().c_str());
      std::abort();
    }
    std::error_code ignored;
    fs::remove_all(base_, ignored);
  }

  fs::path base_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  uint16_t port_ = 0;
  bool done_ = false;
  bool stopping_ = false;
  Status result_ = Status::Ok();
  std::string cookie_ = "none";
  std::string csrf_ = "none";
};

[[noreturn]] void Fail(std::string_view input, const Outcome& o, const std::string& what) {
  Harness::Get().ExitIfServerStopped();
  std::fprintf(stderr,
               "http_request_fuzz: %s\n  request (%zu bytes):\n    %s\n  response (%zu bytes):\n"
               "    %s\n",
               what.c_str(), input.size(), Printable(input, 2000).c_str(), o.response.size(),
               Printable(o.response, 2000).c_str());
  std::abort();
}

// Whether the first request head of `input` has a header field `name`
// (case-insensitive, at the start of a line).
bool FirstHeadHas(std::string_view input, std::string_view name) {
  std::string_view head = input.substr(0, input.find("\r\n\r\n"));
  for (size_t at = head.find("\r\n"); at != std::string_view::npos;
       at = head.find("\r\n", at + 2)) {
    std::string_view line = head.substr(at + 2);
    if (line.size() > name.size() && line[name.size()] == ':' &&
        std::equal(name.begin(), name.end(), line.begin(),
                   [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      return true;
    }
  }
  return false;
}

void Check(std::string_view input, const Outcome& o) {
  switch (o.end) {
    case Outcome::kCannotConnect:
      Fail(input, o, "cannot connect to the server: " + std::string(std::strerror(o.error)));
    case Outcome::kStalled:
      Fail(input, o, "hang: the server neither answered nor closed the connection for 3 s");
    case Outcome::kTooLong:
      Fail(input, o, "hang: the connection was still open after 30 s");
    case Outcome::kTooMuch:
      Fail(input, o, "flood: more than 16 MiB of answers");
    case Outcome::kClosed:
      break;
  }
  std::string_view r = o.response;
  // A request framed both ways is how requests are smuggled past a proxy:
  // refused with an answer (RFC 9112 §6.1), whatever the codings say.
  if (input.find("\r\n\r\n") != std::string_view::npos &&
      FirstHeadHas(input, "transfer-encoding") && FirstHeadHas(input, "content-length") &&
      r.rfind("HTTP/1.1 4", 0) != 0 && r.rfind("HTTP/1.0 4", 0) != 0) {
    Fail(input, o, "a request with both Transfer-Encoding and Content-Length was not refused");
  }
  if (r.empty()) return;  // nothing to answer (e.g. EOF before a whole request)
  // HTTP/1.0 is answered in kind (RFC 9110 §6.2 allows it); any other
  // version in a status line is the server echoing one it does not speak.
  if (r.rfind("HTTP/1.1 ", 0) != 0 && r.rfind("HTTP/1.0 ", 0) != 0) {
    Fail(input, o, "the answer does not start with an HTTP/1.x status line");
  }
  // Up to a WebSocket upgrade, the stream is HTTP, and no HTTP answer echoes
  // the request. (WebSocket error frames may echo a frame's type: the
  // fuzzer, which learns the strings compared here, could put a marker there.)
  std::string_view http = r.substr(0, r.find("HTTP/1.1 101 "));
  if (http.find(kSecret) != std::string_view::npos) Fail(input, o, "a secret was served");
  if (http.find(kSqliteMagic) != std::string_view::npos) Fail(input, o, "a database was served");
  if (http.find(kPasswdLine) != std::string_view::npos) Fail(input, o, "/etc/passwd was served");
  // After an answer sent with "Connection: close", or an error that leaves
  // the rest of the stream unread (413, 431), nothing more may be answered:
  // what followed was not a request (a request hidden in a body or in junk).
  size_t last = std::string_view::npos;
  for (std::string_view mark : {"\r\nConnection: close\r\n", "HTTP/1.1 413 ", "HTTP/1.1 431 ",
                                "HTTP/1.0 413 ", "HTTP/1.0 431 "}) {
    last = std::min(last, http.find(mark));
  }
  if (last != std::string_view::npos) {
    std::string_view after = http.substr(last + 1);
    if (after.find("HTTP/1.1 ") != std::string_view::npos ||
        after.find("HTTP/1.0 ") != std::string_view::npos) {
      Fail(input, o, "an answer after the last one the connection may carry");
    }
  }
}

void CheckHealth(std::string_view input) {
  Outcome o = Exchange(Harness::Get().port(),
                       "GET /healthz HTTP/1.1\r\nHost: relais.test\r\nConnection: close\r\n\r\n");
  std::string_view r = o.response;
  if (o.end != Outcome::kClosed || r.rfind("HTTP/1.1 200 ", 0) != 0 || r.size() < 7 ||
      r.substr(r.size() - 7) != "\r\n\r\nok\n") {
    Fail(input, o,
         "GET /healthz is no longer answered 200 (after this input or one of the " +
             std::to_string(kHealthEvery) + " before it)");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static int count = 0;
  Harness& harness = Harness::Get();
  harness.ExitIfServerStopped();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const bool signed_in = input.find("@SESSION@") != std::string_view::npos;
  const std::string request = harness.Substitute(input);
  const Outcome outcome = Exchange(harness.port(), request);
  // RELAIS_FUZZ_TRACE=1: each exchange on stderr (to see what seeds reach).
  static const bool trace = std::getenv("RELAIS_FUZZ_TRACE") != nullptr;
  if (trace) {
    std::fprintf(stderr, "--- %zu bytes in, %zu out in %d ms:\n    %s\n", size,
                 outcome.response.size(), static_cast<int>(outcome.elapsed.count()),
                 Printable(outcome.response, 600).c_str());
  }
  Check(input, outcome);
  if (signed_in && input.find("logout") != std::string_view::npos) harness.RefreshSession();
  if (++count % kHealthEvery == 0) CheckHealth(input);
  return 0;
}
