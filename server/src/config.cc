// Configuration parsing: a strict reader that names the field on every error.
#include "relais/server/config.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "relais/engine/text_language.h"
#include "relais/server/static_path.h"

namespace relais::server {
namespace {

using nlohmann::json;

constexpr size_t kMaxConfigBytes = 1 << 20;
constexpr const char* kDays[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

Status Invalid(const std::string& path, const std::string& what) {
  return Status::Error(StatusCode::kInvalidArgument, path + ": " + what);
}

// Checks that `object` has only the listed keys.
Status OnlyKeys(const json& object, const std::string& path, const std::set<std::string>& keys) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (!keys.count(it.key())) {
      return Invalid(path.empty() ? it.key() : path + "." + it.key(), "unknown field");
    }
  }
  return Status::Ok();
}

std::string Join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

Status ReadString(const json& obj, const std::string& path, const char* key, std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Ok();
  if (!it->is_string()) return Invalid(Join(path, key), "expected a string");
  *out = it->get<std::string>();
  return Status::Ok();
}

Status ReadInt(const json& obj, const std::string& path, const char* key, int64_t min, int64_t max,
               int* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Ok();
  if (!it->is_number_integer()) return Invalid(Join(path, key), "expected an integer");
  int64_t v = it->get<int64_t>();
  if (v < min || v > max) {
    return Invalid(Join(path, key),
                   "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  *out = static_cast<int>(v);
  return Status::Ok();
}

Status ReadSize(const json& obj, const std::string& path, const char* key, int64_t min, int64_t max,
                size_t* out) {
  int v = static_cast<int>(*out);
  Status s = ReadInt(obj, path, key, min, max, &v);
  if (s.ok()) *out = static_cast<size_t>(v);
  return s;
}

Status ReadBool(const json& obj, const std::string& path, const char* key, bool* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Ok();
  if (!it->is_boolean()) return Invalid(Join(path, key), "expected true or false");
  *out = it->get<bool>();
  return Status::Ok();
}

Status ReadStrings(const json& obj, const std::string& path, const char* key,
                   std::vector<std::string>* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Ok();
  if (!it->is_array()) return Invalid(Join(path, key), "expected an array of strings");
  out->clear();
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string() || (*it)[i].get<std::string>().empty()) {
      return Invalid(Join(path, key) + "[" + std::to_string(i) + "]",
                     "expected a non-empty string");
    }
    out->push_back((*it)[i].get<std::string>());
  }
  return Status::Ok();
}

// "HH:MM" -> minutes; -1 when malformed.
int ParseClock(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return -1;
  for (int i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') return -1;
  }
  int h = (text[0] - '0') * 10 + (text[1] - '0');
  int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
  return h * 60 + m;
}

Status ParseHours(const json& j, const std::string& path, BusinessHours* out) {
  if (!j.is_object()) return Invalid(path, "expected an object");
  std::set<std::string> keys = {"utc_offset"};
  for (const char* d : kDays) keys.insert(d);
  if (Status s = OnlyKeys(j, path, keys); !s.ok()) return s;
  out->always_open = false;
  std::string offset = "+00:00";
  if (Status s = ReadString(j, path, "utc_offset", &offset); !s.ok()) return s;
  int minutes = offset.size() == 6 ? ParseClock(offset.substr(1)) : -1;
  if ((offset[0] != '+' && offset[0] != '-') || minutes < 0 || minutes > 14 * 60) {
    return Invalid(Join(path, "utc_offset"), "expected +HH:MM or -HH:MM");
  }
  out->utc_offset_minutes = offset[0] == '-' ? -minutes : minutes;
  for (int d = 0; d < 7; ++d) {
    std::vector<std::string> ranges;
    if (Status s = ReadStrings(j, path, kDays[d], &ranges); !s.ok()) return s;
    for (size_t i = 0; i < ranges.size(); ++i) {
      const std::string& r = ranges[i];
      int open = r.size() == 11 && r[5] == '-' ? ParseClock(r.substr(0, 5)) : -1;
      int close = open >= 0 ? ParseClock(r.substr(6)) : -1;
      if (open < 0 || close <= open) {
        return Invalid(Join(path, kDays[d]) + "[" + std::to_string(i) + "]",
                       "expected HH:MM-HH:MM with open before close");
      }
      out->windows[d].emplace_back(open, close);
    }
  }
  return Status::Ok();
}

bool ValidId(const std::string& id) {
  static const std::regex kId("[a-z0-9_-]{1,32}");
  return std::regex_match(id, kId);
}

Status ParseQueue(const json& j, const std::string& path, QueueConfig* q) {
  if (!j.is_object()) return Invalid(path, "expected an object");
  if (Status s = OnlyKeys(j, path, {"id", "name", "skills", "languages", "hours", "capacity"});
      !s.ok()) {
    return s;
  }
  if (Status s = ReadString(j, path, "id", &q->id); !s.ok()) return s;
  if (!ValidId(q->id)) return Invalid(Join(path, "id"), "required, [a-z0-9_-]{1,32}");
  if (auto it = j.find("name"); it != j.end()) {
    const std::string names_path = Join(path, "name");
    if (!it->is_object()) return Invalid(names_path, "expected {\"fr\": ..., \"en\": ...}");
    for (const auto& [code, name] : it->items()) {
      if (!engine::IsLanguageCode(code)) {
        return Invalid(Join(names_path, code), "not a language code (2 or 3 lowercase letters)");
      }
      if (Status s = ReadString(*it, names_path, code.c_str(), &q->names[code]); !s.ok()) return s;
    }
  }
  if (Status s = ReadStrings(j, path, "skills", &q->skills); !s.ok()) return s;
  q->languages = {"fr", "en"};
  if (Status s = ReadStrings(j, path, "languages", &q->languages); !s.ok()) return s;
  if (q->languages.empty()) return Invalid(Join(path, "languages"), "at least one language");
  for (const std::string& code : q->languages) {
    if (!engine::IsLanguageCode(code)) {
      return Invalid(Join(path, "languages"),
                     "'" + code + "' is not a language code (2 or 3 lowercase letters)");
    }
  }
  if (Status s = ReadInt(j, path, "capacity", 1, 100000, &q->capacity); !s.ok()) return s;
  if (auto it = j.find("hours"); it != j.end()) {
    if (Status s = ParseHours(*it, Join(path, "hours"), &q->hours); !s.ok()) return s;
  }
  return Status::Ok();
}

Status ParseLimits(const json& j, const std::string& path, Limits* l) {
  if (!j.is_object()) return Invalid(path, "expected an object");
  if (Status s = OnlyKeys(j, path,
                          {"max_message_bytes", "max_frame_bytes", "messages_per_second", "burst",
                           "new_conversations_per_ip_per_minute", "max_transcript_messages",
                           "max_outbound_queue", "max_outbound_bytes", "max_connections",
                           "reserved_agent_connections", "max_connections_per_ip",
                           "logins_per_ip_per_minute", "max_pending_logins", "max_tracked_logins"});
      !s.ok()) {
    return s;
  }
  Status s = ReadSize(j, path, "max_message_bytes", 1, 1 << 20, &l->max_message_bytes);
  if (s.ok()) s = ReadSize(j, path, "max_frame_bytes", 256, 16 << 20, &l->max_frame_bytes);
  if (s.ok()) {
    auto it = j.find("messages_per_second");
    if (it != j.end()) {
      if (!it->is_number() || it->get<double>() <= 0 || it->get<double>() > 10000) {
        return Invalid(Join(path, "messages_per_second"), "expected a number in (0, 10000]");
      }
      l->messages_per_second = it->get<double>();
    }
  }
  if (s.ok()) s = ReadInt(j, path, "burst", 1, 100000, &l->burst);
  if (s.ok()) {
    s = ReadInt(j, path, "new_conversations_per_ip_per_minute", 1, 1000000,
                &l->new_conversations_per_ip_per_minute);
  }
  if (s.ok())
    s = ReadInt(j, path, "max_transcript_messages", 0, 10000, &l->max_transcript_messages);
  if (s.ok()) s = ReadSize(j, path, "max_outbound_queue", 8, 1 << 20, &l->max_outbound_queue);
  if (s.ok()) {
    s = ReadSize(j, path, "max_outbound_bytes", 64 << 10, 1 << 30, &l->max_outbound_bytes);
  }
  if (s.ok()) s = ReadInt(j, path, "max_connections", 1, 1000000, &l->max_connections);
  if (s.ok()) {
    s = ReadInt(j, path, "reserved_agent_connections", 0, 1000000, &l->reserved_agent_connections);
  }
  if (s.ok()) {
    s = ReadInt(j, path, "max_connections_per_ip", 1, 1000000, &l->max_connections_per_ip);
  }
  if (s.ok()) {
    s = ReadInt(j, path, "logins_per_ip_per_minute", 1, 1000000, &l->logins_per_ip_per_minute);
  }
  if (s.ok()) s = ReadInt(j, path, "max_pending_logins", 1, 10000, &l->max_pending_logins);
  if (s.ok()) s = ReadInt(j, path, "max_tracked_logins", 10, 10000000, &l->max_tracked_logins);
  if (s.ok() && l->reserved_agent_connections >= l->max_connections) {
    return Invalid(Join(path, "reserved_agent_connections"), "must be below max_connections");
  }
  if (s.ok() && l->max_message_bytes + 512 > l->max_frame_bytes) {
    return Invalid(Join(path, "max_frame_bytes"), "must exceed max_message_bytes by 512");
  }
  return s;
}

Status ParseInto(const json& j, Config* c) {
  if (!j.is_object()) return Invalid("(root)", "expected a JSON object");
  if (Status s = OnlyKeys(j, "",
                          {"listen",
                           "data_dir",
                           "web_dir",
                           "kb_file",
                           "run_as",
                           "allowed_origins",
                           "public_origins",
                           "trusted_proxies",
                           "metrics_allowed_addresses",
                           "metrics_token",
                           "queues",
                           "service_level",
                           "agent_concurrency",
                           "offer_timeout_seconds",
                           "visitor_grace_seconds",
                           "retention_days",
                           "session_hours",
                           "secure_cookies",
                           "login_max_failures",
                           "login_lockout_seconds",
                           "limits",
                           "$comment"});
      !s.ok()) {
    return s;
  }
  if (auto it = j.find("listen"); it != j.end()) {
    if (!it->is_string()) return Invalid("listen", "expected \"HOST:PORT\"");
    if (Status s = ParseListen(it->get<std::string>(), &c->listen_host, &c->listen_port); !s.ok()) {
      return Invalid("listen", s.message());
    }
  }
  Status s = ReadString(j, "", "data_dir", &c->data_dir);
  if (s.ok()) s = ReadString(j, "", "web_dir", &c->web_dir);
  if (s.ok()) s = ReadString(j, "", "kb_file", &c->kb_file);
  if (s.ok()) s = ReadString(j, "", "run_as", &c->run_as);
  if (s.ok()) s = ReadStrings(j, "", "allowed_origins", &c->allowed_origins);
  if (s.ok()) s = ReadStrings(j, "", "public_origins", &c->public_origins);
  if (s.ok()) s = ReadStrings(j, "", "trusted_proxies", &c->trusted_proxies);
  if (s.ok()) {
    s = ReadStrings(j, "", "metrics_allowed_addresses", &c->metrics_allowed_addresses);
  }
  if (s.ok()) s = ReadString(j, "", "metrics_token", &c->metrics_token);
  if (!s.ok()) return s;
  if (!c->metrics_token.empty() && c->metrics_token.size() < 16) {
    return Invalid("metrics_token", "at least 16 characters (or leave it out)");
  }
  for (const char* key : {"allowed_origins", "public_origins"}) {
    const auto& origins =
        std::string(key) == "allowed_origins" ? c->allowed_origins : c->public_origins;
    for (size_t i = 0; i < origins.size(); ++i) {
      const std::string& o = origins[i];
      if ((o.rfind("http://", 0) != 0 && o.rfind("https://", 0) != 0) || o.back() == '/') {
        return Invalid(std::string(key) + "[" + std::to_string(i) + "]",
                       "expected scheme://host[:port] without a trailing slash");
      }
    }
  }
  if (auto it = j.find("queues"); it != j.end()) {
    if (!it->is_array()) return Invalid("queues", "expected an array");
    c->queues.clear();
    for (size_t i = 0; i < it->size(); ++i) {
      QueueConfig q;
      if (Status qs = ParseQueue((*it)[i], "queues[" + std::to_string(i) + "]", &q); !qs.ok()) {
        return qs;
      }
      c->queues.push_back(std::move(q));
    }
  }
  if (auto it = j.find("service_level"); it != j.end()) {
    if (!it->is_object()) return Invalid("service_level", "expected an object");
    if (Status ss = OnlyKeys(*it, "service_level", {"target_ratio", "answer_seconds"}); !ss.ok()) {
      return ss;
    }
    if (auto r = it->find("target_ratio"); r != it->end()) {
      if (!r->is_number() || r->get<double>() <= 0 || r->get<double>() > 1) {
        return Invalid("service_level.target_ratio", "expected a number in (0, 1]");
      }
      c->service_level.target_ratio = r->get<double>();
    }
    s = ReadInt(*it, "service_level", "answer_seconds", 1, 86400, &c->service_level.answer_seconds);
  }
  if (s.ok()) s = ReadInt(j, "", "agent_concurrency", 1, 20, &c->agent_concurrency);
  if (s.ok()) s = ReadInt(j, "", "offer_timeout_seconds", 1, 3600, &c->offer_timeout_seconds);
  if (s.ok()) s = ReadInt(j, "", "visitor_grace_seconds", 1, 86400, &c->visitor_grace_seconds);
  if (s.ok()) s = ReadInt(j, "", "retention_days", 1, 36500, &c->retention_days);
  if (s.ok()) s = ReadInt(j, "", "session_hours", 1, 24 * 30, &c->session_hours);
  if (s.ok()) s = ReadBool(j, "", "secure_cookies", &c->secure_cookies);
  if (s.ok()) s = ReadInt(j, "", "login_max_failures", 1, 1000, &c->login_max_failures);
  if (s.ok()) s = ReadInt(j, "", "login_lockout_seconds", 1, 86400, &c->login_lockout_seconds);
  if (s.ok()) {
    if (auto it = j.find("limits"); it != j.end()) s = ParseLimits(*it, "limits", &c->limits);
  }
  return s;
}

// Paths as they will be, links resolved as far as they exist.
std::filesystem::path Resolved(const std::string& path) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(path, ec);
  std::filesystem::path out = std::filesystem::weakly_canonical(abs, ec);
  return ec ? abs.lexically_normal() : out;
}

// The database must be unreachable by construction: never under the web
// root (nor the web root under it), and the knowledge-base bundle never read
// from it (any open/close of the database file outside SQLite releases
// SQLite's POSIX locks for the whole process).
Status CheckPathsApart(const Config& c) {
  const std::filesystem::path data = Resolved(c.data_dir);
  if (!c.web_dir.empty()) {
    const std::filesystem::path web = Resolved(c.web_dir);
    if (PathWithin(data, web) || PathWithin(web, data)) {
      return Invalid("data_dir", "\"" + c.data_dir + "\" and web_dir \"" + c.web_dir +
                                     "\" overlap: the database would be served to anyone; "
                                     "put the data directory outside the web directory");
    }
  }
  if (!c.kb_file.empty() && PathWithin(Resolved(c.kb_file), data)) {
    return Invalid("kb_file", "\"" + c.kb_file + "\" is inside data_dir \"" + c.data_dir +
                                  "\"; keep the bundle outside the data directory");
  }
  return Status::Ok();
}

}  // namespace

bool BusinessHours::IsOpen(TimeMs now) const {
  if (always_open) return true;
  int64_t local_min = now / 60000 + utc_offset_minutes;
  int64_t day = local_min >= 0 ? local_min / 1440 : (local_min - 1439) / 1440;
  int minute = static_cast<int>(local_min - day * 1440);
  int weekday = static_cast<int>(((day + 4) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
  for (const auto& [open, close] : windows[weekday]) {
    if (minute >= open && minute < close) return true;
  }
  return false;
}

const QueueConfig* Config::FindQueue(const std::string& id) const {
  for (const auto& q : queues) {
    if (q.id == id) return &q;
  }
  return nullptr;
}

Status ParseListen(const std::string& text, std::string* host, uint16_t* port) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return Status::Error(StatusCode::kInvalidArgument, "expected HOST:PORT, got \"" + text + "\"");
  }
  std::string h = text.substr(0, colon);
  if (h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  std::string p = text.substr(colon + 1);
  if (p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(p) > 65535) {
    return Status::Error(StatusCode::kInvalidArgument, "port must be 0..65535");
  }
  *host = h == "localhost" ? "127.0.0.1" : h;
  *port = static_cast<uint16_t>(std::stoi(p));
  return Status::Ok();
}

Status ValidateConfig(const Config& c) {
  if (c.queues.empty()) return Invalid("queues", "at least one queue is required");
  std::set<std::string> ids;
  for (size_t i = 0; i < c.queues.size(); ++i) {
    if (!ids.insert(c.queues[i].id).second) {
      return Invalid("queues[" + std::to_string(i) + "].id", "duplicate id " + c.queues[i].id);
    }
  }
  if (c.data_dir.empty()) return Invalid("data_dir", "required (or pass --data DIR)");
  return CheckPathsApart(c);
}

Result<Config> ParseConfig(const std::string& json_text) {
  if (json_text.size() > kMaxConfigBytes) return Invalid("(file)", "larger than 1 MiB");
  json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded()) return Invalid("(file)", "not valid JSON");
  Config c;
  if (Status s = ParseInto(j, &c); !s.ok()) return s;
  return c;
}

Result<Config> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(StatusCode::kNotFound, "cannot read config file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  Result<Config> c = ParseConfig(text.str());
  if (!c.ok()) return Status::Error(c.status().code(), path + ": " + c.status().message());
  return c;
}

Config DemoConfig() {
  Config c;
  c.demo = true;
  c.listen_port = 8080;
  // The demo knowledge base is in French and English, and partly in Spanish: the
  // general queue serves Spanish too.
  QueueConfig general{"general", {{"fr", "Général"}, {"en", "General"}, {"es", "General"}},
                      {},        {"fr", "en", "es"},
                      {},        50};
  QueueConfig passports{
      "passports", {{"fr", "Passeports"}, {"en", "Passports"}}, {"passports"}, {"fr", "en"}, {},
      30};
  QueueConfig complaints{"complaints",
                         {{"fr", "Plaintes"}, {"en", "Complaints"}},
                         {"complaints"},
                         {"fr", "en"},
                         {},
                         20};
  c.queues = {general, passports, complaints};
  // The demo's own pages, and a page of your own on the same machine at port 8000
  // (`python3 -m http.server 8000`), to try the embed snippet from another origin.
  c.allowed_origins = {"http://127.0.0.1:8080", "http://localhost:8080", "http://127.0.0.1:8000",
                       "http://localhost:8000"};
  return c;
}

}  // namespace relais::server
