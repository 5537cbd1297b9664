// Running the server: listener, HTTP + WebSocket transport, domain and storage
// wired together. The only entry point main() needs; no Boost types here.
#ifndef RELAIS_SERVER_SERVER_H_
#define RELAIS_SERVER_SERVER_H_

#include <cstdint>
#include <functional>

#include "relais/server/config.h"
#include "relais/server/status.h"

namespace relais::server {

// Opens storage in config.data_dir, recovers open conversations, listens on
// config.listen_host:listen_port and serves until SIGINT or SIGTERM.
// `on_listening` is called once with the bound port (useful with port 0).
// Returns the reason it could not start (kInternal: storage, kUnavailable: bind)
// or Ok after a clean shutdown. Blocks the calling thread, which becomes the
// I/O thread (see the concurrency model in src/transport/server.cc).
Status RunServer(const Config& config, const std::function<void(uint16_t port)>& on_listening);

}  // namespace relais::server

#endif  // RELAIS_SERVER_SERVER_H_
