// HTTP routes. Runs on the I/O thread except the argon2id check of /api/login,
// which runs on ctx.pool and posts its answer back to ctx.io.
#include "http_handler.h"

#include <sodium.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace relais::server::transport {
namespace {

using nlohmann::json;

constexpr const char* kCookieName = "relais_session";

std::string_view Header(const Request& req, http::field f) {
  auto it = req.find(f);
  return it == req.end() ? std::string_view()
                         : std::string_view(it->value().data(), it->value().size());
}

std::string_view Header(const Request& req, std::string_view name) {
  auto it = req.find(beast::string_view(name.data(), name.size()));
  return it == req.end() ? std::string_view()
                         : std::string_view(it->value().data(), it->value().size());
}

Response Make(const Request& req, http::status status, std::string body, std::string_view type) {
  Response res{status, req.version() ? req.version() : 11};
  res.set(http::field::server, "relais");
  res.set(http::field::content_type, beast::string_view(type.data(), type.size()));
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response Json(const Request& req, http::status status, const json& body) {
  Response res = Make(req, status, body.dump(), "application/json");
  res.set(http::field::cache_control, "no-store");
  return res;
}

std::string CookieValue(const Request& req, std::string_view name) {
  std::string_view all = Header(req, http::field::cookie);
  while (!all.empty()) {
    size_t semi = all.find(';');
    std::string_view part = all.substr(0, semi);
    all = semi == std::string_view::npos ? std::string_view() : all.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
  }
  return "";
}

std::string SessionCookie(const ServerContext& ctx, const std::string& value, int64_t max_age) {
  std::string c = std::string(kCookieName) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (ctx.config.secure_cookies) c += "; Secure";
  return c;
}

json AgentJson(const Agent& a) {
  return {{"id", a.id},         {"email", a.email},         {"display_name", a.display_name},
          {"queues", a.queues}, {"languages", a.languages}, {"skills", a.skills}};
}

bool IsPublicOrigin(const ServerContext& ctx, std::string_view origin) {
  return std::find(ctx.public_origins.begin(), ctx.public_origins.end(), origin) !=
         ctx.public_origins.end();
}

// Same-origin check for state-changing requests made by browsers: Origin must
// be one of the server's public origins (never derived from Host).
bool SameOrigin(const ServerContext& ctx, const Request& req) {
  std::string_view origin = Header(req, http::field::origin);
  if (origin.empty()) return true;  // not a browser cross-site request
  return IsPublicOrigin(ctx, origin);
}

// /metrics: for the configured addresses, or with the configured bearer token.
bool MetricsAllowed(const ServerContext& ctx, const Request& req, const std::string& client) {
  const auto& allowed = ctx.config.metrics_allowed_addresses;
  if (std::find(allowed.begin(), allowed.end(), client) != allowed.end()) return true;
  const std::string& token = ctx.config.metrics_token;
  std::string_view auth = Header(req, http::field::authorization);
  constexpr std::string_view kBearer = "Bearer ";
  if (token.empty() || auth.size() != kBearer.size() + token.size() ||
      auth.substr(0, kBearer.size()) != kBearer) {
    return false;
  }
  return sodium_memcmp(auth.data() + kBearer.size(), token.data(), token.size()) == 0;
}

Response RetryLater(const Request& req, http::status status, const std::string& code,
                    TimeMs retry_ms) {
  Response res = MakeError(req, status, code);
  res.set(http::field::retry_after, std::to_string(std::max<TimeMs>(1, (retry_ms + 999) / 1000)));
  return res;
}

std::string Metrics(ServerContext& ctx) {
  HubStats hub = ctx.hub.Stats();
  StorageStats st = ctx.repo.Stats();
  std::ostringstream o;
  auto metric = [&o](const char* name, const char* type, const char* help) {
    o << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
  };
  metric("relais_connections", "gauge", "Open WebSocket connections.");
  o << "relais_connections{role=\"visitor\"} " << hub.visitor_connections << '\n';
  o << "relais_connections{role=\"agent\"} " << hub.agent_connections << '\n';
  metric("relais_agents_available", "gauge", "Agents connected and available.");
  o << "relais_agents_available " << hub.agents_available << '\n';
  metric("relais_conversations_open", "gauge", "Conversations not yet closed.");
  o << "relais_conversations_open " << hub.conversations_open << '\n';
  metric("relais_queue_length", "gauge", "Conversations waiting per queue.");
  for (const auto& q : hub.queues)
    o << "relais_queue_length{queue=\"" << q.id << "\"} " << q.waiting << '\n';
  metric("relais_queue_oldest_wait_seconds", "gauge", "Wait of the oldest waiting conversation.");
  for (const auto& q : hub.queues) {
    o << "relais_queue_oldest_wait_seconds{queue=\"" << q.id << "\"} " << q.oldest_wait_ms / 1000.0
      << '\n';
  }
  metric("relais_answered_total", "counter", "Conversations accepted by an agent.");
  for (const auto& q : hub.queues)
    o << "relais_answered_total{queue=\"" << q.id << "\"} " << q.answered << '\n';
  metric("relais_answered_in_target_total", "counter",
         "Conversations accepted within the service-level time.");
  for (const auto& q : hub.queues) {
    o << "relais_answered_in_target_total{queue=\"" << q.id << "\"} " << q.answered_in_target
      << '\n';
  }
  metric("relais_service_level_target_ratio", "gauge",
         "Target share answered within relais_service_level_answer_seconds.");
  o << "relais_service_level_target_ratio " << ctx.config.service_level.target_ratio << '\n';
  metric("relais_service_level_answer_seconds", "gauge", "Service-level answer time.");
  o << "relais_service_level_answer_seconds " << ctx.config.service_level.answer_seconds << '\n';
  metric("relais_handoffs_total", "counter", "Hand-offs received.");
  o << "relais_handoffs_total " << hub.handoffs << '\n';
  metric("relais_messages_total", "counter", "Chat messages stored (duplicates excluded).");
  o << "relais_messages_total " << hub.messages << '\n';
  metric("relais_commits_total", "counter", "Storage transactions committed.");
  o << "relais_commits_total " << st.commits << '\n';
  metric("relais_storage_ops_total", "counter", "Storage writes committed.");
  o << "relais_storage_ops_total " << st.ops_committed << '\n';
  metric("relais_commit_batch_size", "gauge", "Writes in the last commit.");
  o << "relais_commit_batch_size " << st.last_batch << '\n';
  metric("relais_commit_batch_size_max", "gauge", "Largest commit so far.");
  o << "relais_commit_batch_size_max " << st.max_batch << '\n';
  metric("relais_storage_pending", "gauge", "Writes waiting for the writer thread.");
  o << "relais_storage_pending " << st.pending << '\n';
  metric("relais_storage_writable", "gauge",
         "1 while storage accepts writes (last commit or idle probe succeeded), else 0.");
  o << "relais_storage_writable " << (st.writable ? 1 : 0) << '\n';
  metric("relais_http_requests_total", "counter", "HTTP requests (upgrades included).");
  o << "relais_http_requests_total " << ctx.counters.http_requests << '\n';
  metric("relais_frames_received_total", "counter", "WebSocket frames received.");
  o << "relais_frames_received_total " << ctx.counters.frames_received << '\n';
  metric("relais_frames_rejected_total", "counter", "Frames answered with an error frame.");
  o << "relais_frames_rejected_total " << ctx.counters.frames_rejected << '\n';
  metric("relais_slow_consumers_dropped_total", "counter", "Connections closed by backpressure.");
  o << "relais_slow_consumers_dropped_total " << ctx.counters.slow_consumers_dropped << '\n';
  metric("relais_logins_failed_total", "counter", "Failed agent logins.");
  o << "relais_logins_failed_total " << ctx.counters.logins_failed << '\n';
  metric("relais_logins_rate_limited_total", "counter",
         "Logins refused before the password check (per-address rate, queue full).");
  o << "relais_logins_rate_limited_total " << ctx.counters.logins_rate_limited << '\n';
  metric("relais_connections_refused_total", "counter",
         "Connections refused (per-address cap, server full).");
  o << "relais_connections_refused_total " << ctx.counters.connections_refused << '\n';
  return o.str();
}

// Every admission check runs before the slow password check: the
// per-address rate, the queue of checks, and the account's lockout, which
// counts the attempt now so that attempts sent at once cannot all be checked.
void Login(ServerContext& ctx, Request&& req, const std::string& client, Reply reply) {
  if (!SameOrigin(ctx, req)) return reply(MakeError(req, http::status::forbidden, "cross_origin"));
  TimeMs now = ctx.clock.NowMs();
  if (TimeMs wait = ctx.login_rate->Take(client, now); wait > 0) {
    ++ctx.counters.logins_rate_limited;
    return reply(RetryLater(req, http::status::too_many_requests, "rate_limited", wait));
  }
  json body = json::parse(req.body(), nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("email") ||
      !body["email"].is_string() || !body.contains("password") || !body["password"].is_string() ||
      body["email"].get_ref<const std::string&>().size() > 320 ||
      body["password"].get_ref<const std::string&>().size() > 1024) {
    return reply(MakeError(req, http::status::bad_request, "bad_request"));
  }
  std::string email = body["email"];
  std::string password = body["password"];
  if (ctx.pending_logins >= ctx.config.limits.max_pending_logins) {
    ++ctx.counters.logins_rate_limited;
    return reply(RetryLater(req, http::status::service_unavailable, "busy", 1000));
  }
  switch (ctx.throttle.Begin(email, now)) {
    case LoginThrottle::Admission::kProceed:
      break;
    case LoginThrottle::Admission::kLocked:
      return reply(MakeError(req, http::status::too_many_requests, "locked_out"));
    case LoginThrottle::Admission::kBusy:
      ++ctx.counters.logins_rate_limited;
      return reply(RetryLater(req, http::status::service_unavailable, "busy", 1000));
  }
  ++ctx.pending_logins;
  auto shared_req = std::make_shared<Request>(std::move(req));
  net::post(
      ctx.pool, [&ctx, email, password, client, shared_req, reply = std::move(reply)]() mutable {
        std::optional<Agent> agent;
        auto found = ctx.repo.FindAgentByEmail(email);
        if (found.ok() && found.value() && !found.value()->disabled) agent = *found.value();
        bool ok = agent ? VerifyPassword(agent->password_hash, password)
                        : (VerifyPassword(ctx.dummy_hash, password), false);
        net::post(ctx.io, [&ctx, ok, agent, email, client, shared_req, reply = std::move(reply)]() {
          const Request& req = *shared_req;
          --ctx.pending_logins;
          TimeMs now = ctx.clock.NowMs();
          // Finish re-checks the lockout: a right password checked while other
          // attempts locked the account does not sign in.
          const bool admitted = ctx.throttle.Finish(email, ok, now);
          if (!ok) {
            ++ctx.counters.logins_failed;
            if (ctx.throttle.Locked(email, now)) {
              // For the operator (journald, fail2ban): JSON-quoted, so a crafted
              // e-mail cannot forge log lines.
              std::cerr << "relais-server: login: " << json(email).dump() << " locked out for "
                        << ctx.config.login_lockout_seconds
                        << " s after repeated failures (last from " << client << ")\n";
            }
            return reply(MakeError(req, http::status::unauthorized, "invalid_credentials"));
          }
          if (!admitted)
            return reply(MakeError(req, http::status::too_many_requests, "locked_out"));
          SessionStore::Session session;
          int64_t ttl_s = static_cast<int64_t>(ctx.config.session_hours) * 3600;
          std::string cookie = ctx.sessions.Create(agent->id, now, ttl_s * 1000, &session);
          ctx.repo.AppendAudit(
              {now, "agent", std::to_string(agent->id),
               std::string(vocabulary::Name(vocabulary::EventKind::kAgentLogin)), "", "{}"},
              [](Status s) {
                if (!s.ok()) std::cerr << "relais-server: audit: " << s.message() << "\n";
              });
          Response res = Json(req, http::status::ok,
                              {{"agent", AgentJson(*agent)}, {"csrf_token", session.csrf_token}});
          res.set(http::field::set_cookie, SessionCookie(ctx, cookie, ttl_s));
          reply(std::move(res));
        });
      });
}

void ServeStatic(ServerContext& ctx, const Request& req, std::string_view path, Reply& reply) {
  auto file = ctx.files.Get(path);
  if (!file) return reply(MakeError(req, http::status::not_found, "not_found"));
  // "/demo" → "/demo/", so that the page's relative links resolve under it. Never
  // for "//host..." (a Location the browser would read as another site).
  if (!path.starts_with("//") && ctx.files.NamesDirectory(path)) {
    Response res = Make(req, http::status::moved_permanently, "", "text/plain");
    res.set(http::field::location, std::string(path) + "/");
    return reply(std::move(res));
  }
  std::string_view inm = Header(req, http::field::if_none_match);
  bool gzip = !file->gzip.empty() && AcceptsGzip(Header(req, http::field::accept_encoding));
  Response res;
  if (!inm.empty() && inm.find(file->etag) != std::string_view::npos) {
    res = Make(req, http::status::not_modified, "", file->content_type);
  } else {
    res = Make(req, http::status::ok, gzip ? file->gzip : file->content, file->content_type);
    if (gzip) res.set(http::field::content_encoding, "gzip");
  }
  res.set(http::field::etag, file->etag);
  res.set(http::field::cache_control, file->cache_control);
  res.set(http::field::vary, "Accept-Encoding");
  bool html = file->content_type.rfind("text/html", 0) == 0;
  if (html && path.rfind("/widget/", 0) == 0 && !ctx.kb.hash.empty()) {
    // The widget page loads on the first open, and the first answer needs the
    // knowledge base: the browser starts its download with the page's headers.
    res.set(http::field::link,
            "</kb/" + ctx.kb.hash + ".sqlite>; rel=preload; as=fetch; crossorigin");
  }
  if (html && path.rfind("/console/", 0) == 0) {
    res.set("Content-Security-Policy",
            "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  } else if (html && path.rfind("/widget/", 0) == 0 && !ctx.config.allowed_origins.empty()) {
    // The widget page carries its own CSP (meta); frame-ancestors cannot be set
    // in a meta tag, so the server restricts who may embed the iframe.
    std::string ancestors = "frame-ancestors 'self'";
    for (const auto& origin : ctx.config.allowed_origins) ancestors += " " + origin;
    res.set("Content-Security-Policy", ancestors);
  }
  if (req.method() == http::verb::head) {
    res.body().clear();
    res.content_length(gzip ? file->gzip.size() : file->content.size());
  }
  reply(std::move(res));
}

}  // namespace

Response MakeError(const Request& req, http::status status, const std::string& code) {
  return Json(req, status, {{"error", code}});
}

std::optional<Agent> AgentFromCookie(ServerContext& ctx, const Request& req,
                                     std::string* session_key) {
  std::string value = CookieValue(req, kCookieName);
  auto session = ctx.sessions.Find(value, ctx.clock.NowMs());
  if (!session) return std::nullopt;
  auto agent = ctx.repo.FindAgentById(session->agent_id);
  if (!agent.ok() || !agent.value() || agent.value()->disabled) return std::nullopt;
  if (session_key) *session_key = SessionStore::KeyOf(value);
  return *agent.value();
}

bool OriginAllowed(const ServerContext& ctx, const Request& req, protocol::Role role) {
  std::string_view origin = Header(req, http::field::origin);
  if (origin.empty()) return false;
  for (const auto& allowed : ctx.config.allowed_origins) {
    if (origin == allowed) return true;
  }
  // The widget runs in an iframe served from this server, so its WebSocket is
  // same-origin; the console is same-origin too.
  (void)role;
  return IsPublicOrigin(ctx, origin);
}

std::string ClientAddress(const ServerContext& ctx, const Request& req, const std::string& peer,
                          bool via_proxy) {
  (void)ctx;
  if (!via_proxy) return peer;
  std::string_view forwarded = Header(req, "X-Forwarded-For");
  size_t comma = forwarded.rfind(',');
  std::string_view last = comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1);
  while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
  while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
  boost::system::error_code ec;
  auto address = net::ip::make_address(std::string(last), ec);
  return ec ? peer : AddressText(address);
}

std::string AddressText(const net::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

void HandleHttp(ServerContext& ctx, Request&& req, const std::string& client, Reply reply) {
  std::string_view target(req.target().data(), req.target().size());
  std::string_view path = target.substr(0, target.find('?'));
  bool get = req.method() == http::verb::get || req.method() == http::verb::head;
  if (path == "/healthz" && get) return reply(Make(req, http::status::ok, "ok\n", "text/plain"));
  if (path == "/readyz" && get) {
    // Ready = storage accepts writes (its last commit or idle probe succeeded)
    // and keeps up with them.
    const StorageStats st = ctx.repo.Stats();
    if (!st.writable) {
      return reply(Make(req, http::status::service_unavailable,
                        "storage not writable: " + st.write_error + "\n", "text/plain"));
    }
    const bool ready = st.pending < 10000;
    return reply(Make(req, ready ? http::status::ok : http::status::service_unavailable,
                      ready ? "ready\n" : "storage backlog\n", "text/plain"));
  }
  if (path == "/metrics" && get) {
    if (!MetricsAllowed(ctx, req, client)) {
      return reply(MakeError(req, http::status::forbidden, "forbidden"));
    }
    return reply(Make(req, http::status::ok, Metrics(ctx), "text/plain; version=0.0.4"));
  }
  if (path == "/kb/current" && get) {
    if (ctx.kb.hash.empty()) return reply(MakeError(req, http::status::not_found, "no_bundle"));
    return reply(Json(req, http::status::ok,
                      {{"hash", ctx.kb.hash},
                       {"url", "/kb/" + ctx.kb.hash + ".sqlite"},
                       {"bytes", ctx.kb.content.size()},
                       {"sha256", ctx.kb.sha256}}));
  }
  if (path.rfind("/kb/", 0) == 0 && get) {
    if (ctx.kb.hash.empty() || path != "/kb/" + ctx.kb.hash + ".sqlite") {
      return reply(MakeError(req, http::status::not_found, "not_found"));
    }
    std::string etag = "\"" + ctx.kb.hash + "\"";
    if (Header(req, http::field::if_none_match).find(etag) != std::string_view::npos) {
      Response res = Make(req, http::status::not_modified, "", "application/vnd.sqlite3");
      res.set(http::field::etag, etag);
      return reply(std::move(res));
    }
    const bool gzip =
        !ctx.kb.gzip.empty() && AcceptsGzip(Header(req, http::field::accept_encoding));
    const std::string& body = gzip ? ctx.kb.gzip : ctx.kb.content;
    Response res = Make(req, http::status::ok, req.method() == http::verb::head ? "" : body,
                        "application/vnd.sqlite3");
    if (gzip) res.set(http::field::content_encoding, "gzip");
    res.set(http::field::vary, "Accept-Encoding");
    res.set(http::field::cache_control, "public, max-age=31536000, immutable");
    res.set(http::field::etag, etag);
    res.set(http::field::access_control_allow_origin, "*");
    return reply(std::move(res));
  }
  if (path == "/api/login") {
    if (req.method() != http::verb::post) {
      return reply(MakeError(req, http::status::method_not_allowed, "method_not_allowed"));
    }
    return Login(ctx, std::move(req), client, std::move(reply));
  }
  if (path == "/api/me" && get) {
    std::string value = CookieValue(req, kCookieName);
    auto session = ctx.sessions.Find(value, ctx.clock.NowMs());
    auto agent = AgentFromCookie(ctx, req);
    if (!session || !agent)
      return reply(MakeError(req, http::status::unauthorized, "unauthenticated"));
    return reply(Json(req, http::status::ok,
                      {{"agent", AgentJson(*agent)}, {"csrf_token", session->csrf_token}}));
  }
  if (path == "/api/logout") {
    if (req.method() != http::verb::post) {
      return reply(MakeError(req, http::status::method_not_allowed, "method_not_allowed"));
    }
    std::string value = CookieValue(req, kCookieName);
    auto session = ctx.sessions.Find(value, ctx.clock.NowMs());
    if (!session) return reply(MakeError(req, http::status::unauthorized, "unauthenticated"));
    if (!SameOrigin(ctx, req) || Header(req, "X-CSRF-Token") != session->csrf_token) {
      return reply(MakeError(req, http::status::forbidden, "csrf"));
    }
    ctx.sessions.Remove(value);
    // Signing out ends what the session opened, not only future requests.
    ctx.registry.CloseSession(SessionStore::KeyOf(value), "signed out");
    Response res = Json(req, http::status::ok, {{"ok", true}});
    res.set(http::field::set_cookie, SessionCookie(ctx, "", 0));
    return reply(std::move(res));
  }
  if (path == "/api/queues" && get) {
    json queues = json::array();
    for (const auto& q : ctx.config.queues) {
      queues.push_back({{"id", q.id},
                        {"name", q.names},
                        {"languages", q.languages},
                        {"open", q.hours.IsOpen(ctx.clock.NowMs())}});
    }
    return reply(Json(req, http::status::ok, {{"queues", queues}}));
  }
  if (!get) return reply(MakeError(req, http::status::method_not_allowed, "method_not_allowed"));
  ServeStatic(ctx, req, path, reply);
}

}  // namespace relais::server::transport
