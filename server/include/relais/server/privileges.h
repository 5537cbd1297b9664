// Never serving as root: the process gives up root before it reads a byte
// from the network, or refuses to start.
#ifndef RELAIS_SERVER_PRIVILEGES_H_
#define RELAIS_SERVER_PRIVILEGES_H_

#include <string>
#include <vector>

#include "relais/server/status.h"

namespace relais::server {

// When the process runs as root: creates each of `owned_dirs` if missing,
// gives it and the database files in it (relais.sqlite, its -wal and -shm,
// possibly created by an administrator's `relais-server user` run as root;
// refused if one is a link) to `user`, then switches for good to that user (its groups, group and
// id) and checks that root cannot be regained. kPermissionDenied, with what
// to do, when `user` is empty or is root itself; kNotFound for an unknown user.
// When the process does not run as root: does nothing (Ok).
Status DropRootPrivileges(const std::string& user, const std::vector<std::string>& owned_dirs);

// For the administrator's commands run as root (`relais-server user ...`):
// acts as the owner of `dir` when it exists and belongs to another user, so
// that the files SQLite creates there stay the service's. Ok otherwise.
Status ActAsOwnerOf(const std::string& dir);

}  // namespace relais::server

#endif  // RELAIS_SERVER_PRIVILEGES_H_
