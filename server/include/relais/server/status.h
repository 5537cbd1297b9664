// Errors as values at the server's module boundaries: the engine's Status and
// Result (one type across Relais, so engine errors pass through unchanged).
#ifndef RELAIS_SERVER_STATUS_H_
#define RELAIS_SERVER_STATUS_H_

#include "relais/engine/status.h"

namespace relais::server {

using engine::Result;
using engine::Status;
using engine::StatusCode;

}  // namespace relais::server

#endif  // RELAIS_SERVER_STATUS_H_
