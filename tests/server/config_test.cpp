#include "relais/server/config.h"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>

namespace relais::server {
namespace {

// 2026-11-23 was a Monday; 10:00 UTC.
constexpr TimeMs kMonday10h = 1795428000000;
constexpr TimeMs kHour = 3600 * 1000;

TEST_CASE("the demo configuration is valid") {
  Config c = DemoConfig();
  c.data_dir = "/tmp/x";
  REQUIRE(ValidateConfig(c).ok());
  REQUIRE(c.queues.size() == 3);
  CHECK(c.FindQueue("general") != nullptr);
  CHECK(c.FindQueue("passports")->skills == std::vector<std::string>{"passports"});
  CHECK(c.FindQueue("nope") == nullptr);
  // README: the embed snippet on a page of your own at http://localhost:8000 works.
  CHECK(std::count(c.allowed_origins.begin(), c.allowed_origins.end(), "http://localhost:8000") ==
        1);
}

TEST_CASE("a full configuration parses") {
  auto c = ParseConfig(R"({
    "listen": "127.0.0.1:9000", "data_dir": "/var/lib/relais",
    "allowed_origins": ["https://www.example.gc.ca"],
    "queues": [{"id": "general", "name": {"fr": "Général", "en": "General"},
                "languages": ["fr", "en"], "capacity": 10,
                "hours": {"utc_offset": "-05:00", "mon": ["08:30-12:00", "13:00-17:00"]}}],
    "service_level": {"target_ratio": 0.8, "answer_seconds": 180},
    "agent_concurrency": 2, "offer_timeout_seconds": 20, "retention_days": 90,
    "limits": {"max_message_bytes": 2000, "messages_per_second": 3, "burst": 5}
  })");
  REQUIRE(c.ok());
  const Config& config = c.value();
  CHECK(config.listen_port == 9000);
  CHECK(config.agent_concurrency == 2);
  CHECK(config.limits.max_message_bytes == 2000);
  CHECK(config.limits.messages_per_second == 3);
  const BusinessHours& h = config.queues[0].hours;
  CHECK_FALSE(h.always_open);
  CHECK(h.utc_offset_minutes == -300);
  // Monday 10:00 UTC is 05:00 local: closed. 14:00 UTC = 09:00 local: open.
  CHECK_FALSE(h.IsOpen(kMonday10h));
  CHECK(h.IsOpen(kMonday10h + 4 * kHour));
  // 17:30 UTC = 12:30 local: lunch break.
  CHECK_FALSE(h.IsOpen(kMonday10h + 7 * kHour + kHour / 2));
  // Tuesday: no windows at all.
  CHECK_FALSE(h.IsOpen(kMonday10h + 28 * kHour));
}

TEST_CASE("validation errors name the field") {
  auto check = [](const char* text, const std::string& field) {
    auto c = ParseConfig(text);
    REQUIRE_FALSE(c.ok());
    INFO(c.status().message());
    CHECK(c.status().code() == StatusCode::kInvalidArgument);
    CHECK(c.status().message().rfind(field, 0) == 0);
  };
  check(R"({"lisen": "x"})", "lisen");
  check(R"({"listen": "nohostport"})", "listen");
  check(R"({"queues": [{"id": "Bad Id"}]})", "queues[0].id");
  check(R"({"queues": [{"id": "a", "capacity": 0}]})", "queues[0].capacity");
  check(R"({"queues": [{"id": "a", "hours": {"mon": ["9-5"]}}]})", "queues[0].hours.mon[0]");
  check(R"({"queues": [{"id": "a", "hours": {"utc_offset": "EST"}}]})",
        "queues[0].hours.utc_offset");
  check(R"({"limits": {"burst": "many"}})", "limits.burst");
  check(R"({"service_level": {"target_ratio": 2}})", "service_level.target_ratio");
  check(R"({"allowed_origins": ["example.com"]})", "allowed_origins[0]");
  check(R"({"public_origins": ["https://chat.example.org/"]})", "public_origins[0]");
  check(R"({"metrics_token": "short"})", "metrics_token");
  check(R"({"limits": {"max_connections": 10, "reserved_agent_connections": 10}})",
        "limits.reserved_agent_connections");
  check(R"({"limits": {"max_outbound_bytes": 10}})", "limits.max_outbound_bytes");
  check("not json", "(file)");
}

TEST_CASE("security settings parse, with safe defaults") {
  Config defaults;
  CHECK(defaults.metrics_allowed_addresses == std::vector<std::string>{"127.0.0.1", "::1"});
  CHECK(defaults.limits.reserved_agent_connections < defaults.limits.max_connections);
  auto c = ParseConfig(R"({
    "public_origins": ["https://chat.example.org"], "trusted_proxies": ["127.0.0.1"],
    "metrics_allowed_addresses": [], "metrics_token": "0123456789abcdef",
    "limits": {"max_connections_per_ip": 8, "logins_per_ip_per_minute": 4,
               "max_pending_logins": 2, "max_tracked_logins": 100,
               "reserved_agent_connections": 5, "max_outbound_bytes": 1048576}
  })");
  REQUIRE(c.ok());
  CHECK(c.value().public_origins == std::vector<std::string>{"https://chat.example.org"});
  CHECK(c.value().trusted_proxies == std::vector<std::string>{"127.0.0.1"});
  CHECK(c.value().metrics_allowed_addresses.empty());
  CHECK(c.value().limits.max_connections_per_ip == 8);
  CHECK(c.value().limits.max_outbound_bytes == 1048576);
}

TEST_CASE("cross-field validation") {
  Config c = DemoConfig();
  CHECK(ValidateConfig(c).message().rfind("data_dir", 0) == 0);
  c.data_dir = "/tmp/x";
  c.queues.push_back(c.queues[0]);
  CHECK(ValidateConfig(c).message().rfind("queues[3].id", 0) == 0);
  c.queues.clear();
  CHECK(ValidateConfig(c).message().rfind("queues", 0) == 0);
}

TEST_CASE("the data directory can never be served") {
  Config c = DemoConfig();
  c.web_dir = "/srv/relais/web";
  for (const char* data : {"/srv/relais/web", "/srv/relais/web/data", "/srv/relais/web/./d/..",
                           "/srv/relais", "/srv/relais/web/"}) {
    INFO(data);
    c.data_dir = data;
    Status s = ValidateConfig(c);
    CHECK(s.message().rfind("data_dir", 0) == 0);
    CHECK(s.message().find("web_dir") != std::string::npos);
  }
  c.data_dir = "/srv/relais/data";
  CHECK(ValidateConfig(c).ok());
  c.kb_file = "/srv/relais/data/relais.sqlite";
  CHECK(ValidateConfig(c).message().rfind("kb_file", 0) == 0);
  c.kb_file = "/srv/relais/kb/current.sqlite";
  CHECK(ValidateConfig(c).ok());
}

TEST_CASE("listen addresses") {
  std::string host;
  uint16_t port = 1;
  REQUIRE(ParseListen("localhost:0", &host, &port).ok());
  CHECK(host == "127.0.0.1");
  CHECK(port == 0);
  REQUIRE(ParseListen("[::1]:8443", &host, &port).ok());
  CHECK(host == "::1");
  CHECK(port == 8443);
  CHECK_FALSE(ParseListen("127.0.0.1:99999", &host, &port).ok());
  CHECK_FALSE(ParseListen("127.0.0.1:", &host, &port).ok());
  CHECK_FALSE(ParseListen("127.0.0.1:8a", &host, &port).ok());
}

TEST_CASE("business hours across midnight and time zones") {
  auto c = ParseConfig(R"({"queues": [{"id": "q", "hours": {"utc_offset": "+09:00",
                          "mon": ["00:00-24:00"], "sun": ["22:00-24:00"]}}]})");
  REQUIRE(c.ok());
  const BusinessHours& h = c.value().queues[0].hours;
  CHECK(h.IsOpen(kMonday10h));                     // 19:00 Monday local
  CHECK_FALSE(h.IsOpen(kMonday10h + 6 * kHour));   // 01:00 Tuesday local
  CHECK(h.IsOpen(kMonday10h - 11 * kHour));        // 08:00 Monday local
  CHECK(h.IsOpen(kMonday10h - 20 * kHour));        // 23:00 Sunday local
  CHECK_FALSE(h.IsOpen(kMonday10h - 25 * kHour));  // 18:00 Sunday local
}

}  // namespace
}  // namespace relais::server
