// Internal: a shim over the default SQLite VFS that gathers the contiguous
// writes of a WAL file into a buffer, written out in 64 KiB pwrite(2) calls
// when it fills or when SQLite syncs, reads, truncates or sizes the file (see
// sqlite_wal_vfs.h for why).
//
// Durability is unchanged: a commit ends with xSync on the WAL, which writes
// the buffer and then syncs; other connections only learn of frames through
// the WAL index, which SQLite updates after that sync. Bytes still in the
// buffer belong to a transaction that has not committed: losing them in a crash
// is what SQLite's own crash semantics already allow.
#include "sqlite_wal_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace relais::server::internal {
namespace {

// The unix VFS writes at most 128 KiB - 1 per call (it masks the length with
// 0x1ffff: SQLite itself never writes more than a page), so the buffer goes
// out in pieces of this size: 16 pages per system call instead of 2 calls per
// page. The buffer size only decides when a long commit is written out early.
constexpr int kMaxWriteBytes = 64 << 10;
constexpr int kBufferBytes = 4 * kMaxWriteBytes;

struct File {
  sqlite3_file base;    // methods = kMethods; must be first
  sqlite3_file* real;   // the underlying VFS' file, allocated right after this struct
  bool buffered;        // a WAL file
  unsigned char* data;  // sqlite3_malloc'ed on the first buffered write
  int len;
  sqlite3_int64 start;  // file offset of data[0]
};

sqlite3_vfs* real_vfs = nullptr;

File* Of(sqlite3_file* f) { return reinterpret_cast<File*>(f); }
const sqlite3_io_methods* Real(File* f) { return f->real->pMethods; }

int Flush(File* f) {
  int rc = SQLITE_OK;
  for (int done = 0; done < f->len && rc == SQLITE_OK; done += kMaxWriteBytes) {
    rc = Real(f)->xWrite(f->real, f->data + done, std::min(kMaxWriteBytes, f->len - done),
                         f->start + done);
  }
  f->len = 0;
  return rc;
}

int Close(sqlite3_file* file) {
  File* f = Of(file);
  int rc = Flush(f);
  sqlite3_free(f->data);
  f->data = nullptr;
  int closed = Real(f)->xClose(f->real);
  return rc != SQLITE_OK ? rc : closed;
}

int Read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return Real(f)->xRead(f->real, out, amount, offset);
}

int Write(sqlite3_file* file, const void* in, int amount, sqlite3_int64 offset) {
  File* f = Of(file);
  if (!f->buffered) return Real(f)->xWrite(f->real, in, amount, offset);
  if (f->len > 0 && offset == f->start + f->len && f->len + amount <= kBufferBytes) {
    std::memcpy(f->data + f->len, in, static_cast<size_t>(amount));
    f->len += amount;
    return SQLITE_OK;
  }
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  if (amount > kMaxWriteBytes) return Real(f)->xWrite(f->real, in, amount, offset);
  if (!f->data) {
    f->data = static_cast<unsigned char*>(sqlite3_malloc(kBufferBytes));
    if (!f->data) return Real(f)->xWrite(f->real, in, amount, offset);
  }
  std::memcpy(f->data, in, static_cast<size_t>(amount));
  f->len = amount;
  f->start = offset;
  return SQLITE_OK;
}

int Truncate(sqlite3_file* file, sqlite3_int64 size) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return Real(f)->xTruncate(f->real, size);
}

int Sync(sqlite3_file* file, int flags) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return Real(f)->xSync(f->real, flags);
}

int FileSize(sqlite3_file* file, sqlite3_int64* size) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return Real(f)->xFileSize(f->real, size);
}

// Everything else passes through.
int Lock(sqlite3_file* f, int l) { return Real(Of(f))->xLock(Of(f)->real, l); }
int Unlock(sqlite3_file* f, int l) { return Real(Of(f))->xUnlock(Of(f)->real, l); }
int CheckReservedLock(sqlite3_file* f, int* out) {
  return Real(Of(f))->xCheckReservedLock(Of(f)->real, out);
}
int FileControl(sqlite3_file* f, int op, void* arg) {
  return Real(Of(f))->xFileControl(Of(f)->real, op, arg);
}
int SectorSize(sqlite3_file* f) { return Real(Of(f))->xSectorSize(Of(f)->real); }
int DeviceCharacteristics(sqlite3_file* f) {
  return Real(Of(f))->xDeviceCharacteristics(Of(f)->real);
}
// The default VFS' files are version 3 (shared memory, memory mapping).
int ShmMap(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  return Real(Of(f))->xShmMap(Of(f)->real, page, size, extend, out);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return Real(Of(f))->xShmLock(Of(f)->real, offset, n, flags);
}
void ShmBarrier(sqlite3_file* f) { Real(Of(f))->xShmBarrier(Of(f)->real); }
int ShmUnmap(sqlite3_file* f, int del) { return Real(Of(f))->xShmUnmap(Of(f)->real, del); }
int Fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  File* file = Of(f);
  if (int rc = Flush(file); rc != SQLITE_OK) return rc;
  return Real(file)->xFetch(file->real, offset, amount, out);
}
int Unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) {
  return Real(Of(f))->xUnfetch(Of(f)->real, offset, p);
}

const sqlite3_io_methods kMethods = {
    .iVersion = 3,
    .xClose = Close,
    .xRead = Read,
    .xWrite = Write,
    .xTruncate = Truncate,
    .xSync = Sync,
    .xFileSize = FileSize,
    .xLock = Lock,
    .xUnlock = Unlock,
    .xCheckReservedLock = CheckReservedLock,
    .xFileControl = FileControl,
    .xSectorSize = SectorSize,
    .xDeviceCharacteristics = DeviceCharacteristics,
    .xShmMap = ShmMap,
    .xShmLock = ShmLock,
    .xShmBarrier = ShmBarrier,
    .xShmUnmap = ShmUnmap,
    .xFetch = Fetch,
    .xUnfetch = Unfetch,
};

int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  File* f = Of(file);
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  f->buffered = (flags & SQLITE_OPEN_WAL) != 0;
  f->data = nullptr;
  f->len = 0;
  f->start = 0;
  int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
  // SQLite calls xClose only on files whose pMethods is set.
  f->base.pMethods = rc == SQLITE_OK && f->real->pMethods ? &kMethods : nullptr;
  if (f->base.pMethods && f->real->pMethods->iVersion < 3) {
    // Not the file kind this shim knows how to forward: refuse (never seen
    // with the default unix VFS, whose files are version 3).
    f->real->pMethods->xClose(f->real);
    f->base.pMethods = nullptr;
    return SQLITE_CANTOPEN;
  }
  return rc;
}

}  // namespace

const char* BufferedWalVfs() {
  static sqlite3_vfs vfs;
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    real_vfs = sqlite3_vfs_find(nullptr);
    if (!real_vfs || real_vfs->iVersion < 3) return;
    vfs = *real_vfs;  // every other method is the default VFS' own
    vfs.zName = "relais-buffered-wal";
    vfs.szOsFile = static_cast<int>(sizeof(File)) + real_vfs->szOsFile;
    vfs.pNext = nullptr;
    vfs.xOpen = Open;
    ok = sqlite3_vfs_register(&vfs, 0) == SQLITE_OK;
  });
  return ok ? vfs.zName : nullptr;
}

}  // namespace relais::server::internal
