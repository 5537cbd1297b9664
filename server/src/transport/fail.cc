#include "fail.h"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/websocket/error.hpp>
#include <iostream>

namespace relais::server::transport {

bool Routine(const boost::system::error_code& ec) {
  namespace net = boost::asio;
  namespace beast = boost::beast;
  return !ec || ec == net::error::eof || ec == net::error::operation_aborted ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe ||
         ec == net::error::connection_aborted || ec == net::error::not_connected ||
         ec == beast::error::timeout || ec == beast::http::error::end_of_stream ||
         ec == beast::http::error::partial_message || ec == beast::websocket::error::closed;
}

void Fail(const boost::system::error_code& ec, std::string_view what) {
  if (Routine(ec)) return;
  std::cerr << "relais-server: " << what << ": " << ec.message() << "\n";
}

}  // namespace relais::server::transport
