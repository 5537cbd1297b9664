// HTTP routes (Boost.Beast types): health, metrics, knowledge-base bundle,
// agent login/logout, static files; and the checks made before a WebSocket
// upgrade (Origin allow-list, session cookie).
#ifndef RELAIS_SERVER_SRC_TRANSPORT_HTTP_HANDLER_H_
#define RELAIS_SERVER_SRC_TRANSPORT_HTTP_HANDLER_H_

#include <functional>
#include <optional>
#include <string>

#include "sessions.h"

namespace relais::server::transport {

using Response = http::response<http::string_body>;
using Reply = std::function<void(Response&&)>;

// Handles one request from `client` (ClientAddress); `reply` is called exactly
// once on the I/O thread (maybe later: login hashes on the pool).
void HandleHttp(ServerContext& ctx, Request&& req, const std::string& client, Reply reply);

// The signed-in agent for the request's session cookie, or nullopt; sets
// *session_key (SessionStore::KeyOf) when given.
std::optional<Agent> AgentFromCookie(ServerContext& ctx, const Request& req,
                                     std::string* session_key = nullptr);

// Whether the request's Origin may open a WebSocket: one of the server's own
// public origins (the widget iframe and the console are served from it) or one
// listed in allowed_origins. A missing Origin is refused. The client's Host
// header plays no part (DNS rebinding).
bool OriginAllowed(const ServerContext& ctx, const Request& req, protocol::Role role);

// How an address is written for limits and allow-lists: an IPv4 client of a
// dual-stack socket (::ffff:a.b.c.d) as plain IPv4, so one client has one key.
std::string AddressText(const net::ip::address& address);

// The address limits and access rules apply to: the peer's, or, when the
// peer is a trusted proxy, the last address of X-Forwarded-For (the one that
// proxy appended) if it is a valid IP address.
std::string ClientAddress(const ServerContext& ctx, const Request& req, const std::string& peer,
                          bool via_proxy);

// A plain error response.
Response MakeError(const Request& req, http::status status, const std::string& code);

}  // namespace relais::server::transport

#endif  // RELAIS_SERVER_SRC_TRANSPORT_HTTP_HANDLER_H_
