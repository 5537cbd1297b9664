// Internal: the VFS the storage writer opens its database with.
//
// SQLite writes a commit to the WAL as two pwrite(2) calls per page (frame
// header, then page). A chat message touches about two pages (its
// conversation's leaf in the primary key and in the client-id index), so a
// commit of a few hundred messages from different conversations was ~4
// syscalls per message, each taking ext4's inode lock: the largest part of the
// writer thread's time. This shim over the default VFS gathers a WAL file's
// contiguous writes in a buffer and writes them in 64 KiB calls when SQLite
// syncs (at COMMIT), reads, truncates or asks for the size. Other files pass
// through.
#ifndef RELAIS_SERVER_SRC_SQLITE_WAL_VFS_H_
#define RELAIS_SERVER_SRC_SQLITE_WAL_VFS_H_

namespace relais::server::internal {

// Registers the shim (once, thread-safe) and returns its name for
// sqlite3_open_v2, or nullptr if the default VFS cannot be wrapped (then the
// default VFS is used unchanged).
const char* BufferedWalVfs();

}  // namespace relais::server::internal

#endif  // RELAIS_SERVER_SRC_SQLITE_WAL_VFS_H_
