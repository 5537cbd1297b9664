// The server configuration: one JSON file, optionally overridden by command-line
// flags. Every field is documented in server/README.md; validation errors name
// the offending field (e.g. "queues[1].hours.mon[0]: expected HH:MM-HH:MM").
#ifndef RELAIS_SERVER_CONFIG_H_
#define RELAIS_SERVER_CONFIG_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "relais/server/clock.h"
#include "relais/server/status.h"

namespace relais::server {

// Opening windows of one queue, in the queue's local time.
struct BusinessHours {
  bool always_open = true;
  int utc_offset_minutes = 0;  // local = UTC + offset
  // windows[d] for d = 0 (Sunday) .. 6 (Saturday): [open, close) in minutes after
  // local midnight; close may be 1440.
  std::array<std::vector<std::pair<int, int>>, 7> windows;

  // Whether the queue is open at `now`.
  bool IsOpen(TimeMs now) const;
};

struct QueueConfig {
  std::string id;  // [a-z0-9_-]{1,32}
  // Its name per language code ({"fr": "Passeports", "en": "Passports"}), shown to
  // agents and visitors; those who read a language it has no name in see its id.
  std::map<std::string, std::string> names;
  std::vector<std::string> skills;     // skills an agent needs for this queue (any of them)
  std::vector<std::string> languages;  // languages served ("fr", "en")
  BusinessHours hours;
  int capacity = 50;  // maximum conversations waiting in the queue
};

struct ServiceLevel {
  double target_ratio = 0.8;  // share of conversations answered within answer_seconds
  int answer_seconds = 180;
};

struct Limits {
  size_t max_message_bytes = 4000;  // text of one chat message (UTF-8 bytes)
  size_t max_frame_bytes = 65536;   // one WebSocket frame (hand-off transcripts are bigger)
  double messages_per_second = 5;   // sustained frames per connection
  int burst = 20;                   // frames allowed above the sustained rate
  int new_conversations_per_ip_per_minute = 30;
  int max_transcript_messages = 100;     // bot transcript entries carried by a hand-off
  size_t max_outbound_queue = 1024;      // frames queued for a slow client before it is dropped
  size_t max_outbound_bytes = 16 << 20;  // bytes queued for a slow client before it is dropped
  int max_connections = 10000;           // WebSocket connections, agents' reserve included
  int reserved_agent_connections = 100;  // of max_connections, never taken by visitors
  int max_connections_per_ip = 256;      // open TCP connections (and WebSockets) per address
  int logins_per_ip_per_minute = 30;     // POST /api/login per address
  int max_pending_logins = 16;           // password checks queued at once (others: 503)
  int max_tracked_logins = 100000;       // e-mails tracked by the lockout
};

struct Config {
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 8080;               // 0: any free port (printed at start)
  std::string data_dir;                      // SQLite database lives in data_dir/relais.sqlite
  std::string web_dir;                       // static assets root ("" = repository's build/web)
  std::string kb_file;                       // knowledge-base bundle to serve ("" = none)
  std::string run_as;                        // started as root: the account to switch to
  std::vector<std::string> allowed_origins;  // widget origins allowed on /ws
  // Origins at which browsers reach this server itself (console, widget
  // iframe): the same-origin checks compare Origin with these, never with the
  // client's Host header. Empty: derived from the listen address at start.
  std::vector<std::string> public_origins;
  // Reverse proxies whose X-Forwarded-For is believed (exact addresses): the
  // per-address limits then apply to the client address the proxy appended.
  std::vector<std::string> trusted_proxies;
  // Who may read /metrics: these client addresses, or anyone presenting
  // "Authorization: Bearer <metrics_token>" when a token is set.
  std::vector<std::string> metrics_allowed_addresses = {"127.0.0.1", "::1"};
  std::string metrics_token;
  std::vector<QueueConfig> queues;
  ServiceLevel service_level;
  int agent_concurrency = 3;  // conversations one agent handles at once
  int offer_timeout_seconds = 30;
  int visitor_grace_seconds = 300;  // a queued visitor gone this long is "abandoned"
  int retention_days = 365;         // closed conversations older than this are purged
  int session_hours = 12;           // agent session lifetime
  bool secure_cookies = false;      // add "Secure" to the session cookie (behind TLS)
  int login_max_failures = 5;       // failures before an account is locked
  int login_lockout_seconds = 900;
  Limits limits;
  bool demo = false;

  // The queue with this id, or nullptr.
  const QueueConfig* FindQueue(const std::string& id) const;
};

// Parses and validates a configuration from JSON text. Unknown fields are errors
// (a typo must not silently fall back to a default). Returns kInvalidArgument
// with the field path on failure.
Result<Config> ParseConfig(const std::string& json_text);

// Reads FILE and parses it (kNotFound when it cannot be read).
Result<Config> LoadConfigFile(const std::string& path);

// The --demo configuration: queues general (fr, en), passports, complaints, always
// open, listening on 127.0.0.1:8080.
Config DemoConfig();

// Checks cross-field invariants (at least one queue, unique ids, data_dir set).
Status ValidateConfig(const Config& config);

// Parses "HOST:PORT" (IPv4, "localhost" or [IPv6]); kInvalidArgument otherwise.
Status ParseListen(const std::string& text, std::string* host, uint16_t* port);

}  // namespace relais::server

#endif  // RELAIS_SERVER_CONFIG_H_
