// Logging of transport errors, as Beast's examples do with fail(): an error
// that ends a connection is written to stderr unless it is routine (the peer
// went away, a timeout, our own shutdown), so that a real fault (a TLS or
// accept error, a broken descriptor) is never silent.
#ifndef RELAIS_SERVER_TRANSPORT_FAIL_H_
#define RELAIS_SERVER_TRANSPORT_FAIL_H_

#include <boost/system/error_code.hpp>
#include <string_view>

namespace relais::server::transport {

// Whether `ec` is an everyday end of a connection: end of stream, reset,
// broken pipe, operation aborted, timeout, WebSocket closed.
bool Routine(const boost::system::error_code& ec);

// Logs "relais-server: <what>: <message>" unless Routine(ec).
void Fail(const boost::system::error_code& ec, std::string_view what);

}  // namespace relais::server::transport

#endif  // RELAIS_SERVER_TRANSPORT_FAIL_H_
