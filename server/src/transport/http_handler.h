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

// Handles one request; `reply` is called exactly once on the I/O thread (maybe
// later: login hashes on the pool).
void HandleHttp(ServerContext& ctx, Request&& req, const std::string& ip, Reply reply);

// The signed-in agent for the request's session cookie, or nullopt.
std::optional<Agent> AgentFromCookie(ServerContext& ctx, const Request& req);

// Whether the request's Origin may open a WebSocket: the server's own origin
// (the widget iframe and the console are served from it) or one listed in
// allowed_origins. A missing Origin is refused.
bool OriginAllowed(const ServerContext& ctx, const Request& req, protocol::Role role);

// A plain error response.
Response MakeError(const Request& req, http::status status, const std::string& code);

}  // namespace relais::server::transport

#endif  // RELAIS_SERVER_SRC_TRANSPORT_HTTP_HANDLER_H_
