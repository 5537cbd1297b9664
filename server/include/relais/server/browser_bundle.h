// The knowledge-base bundle as relais-server serves it to browsers.
#ifndef RELAIS_SERVER_BROWSER_BUNDLE_H_
#define RELAIS_SERVER_BROWSER_BUNDLE_H_

#include <string>
#include <string_view>

namespace relais::server {

// `bundle` (a relais-kb bundle's SQLite bytes) without its full-text index, the
// FTS5 table `search` and its shadow tables: about a third of the file, which
// the widget's engine never reads (it is for tools that query the bundle with
// SQLite). Every other table, and the header's application id and format
// version, are unchanged. A bundle without that table, or one SQLite cannot
// rewrite (damaged: the engine's own check then says what is wrong), is
// returned as it is.
std::string BundleForBrowsers(std::string_view bundle);

}  // namespace relais::server

#endif  // RELAIS_SERVER_BROWSER_BUNDLE_H_
