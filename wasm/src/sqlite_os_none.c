/* SQLite's operating-system layer for the WebAssembly build (compiled with
 * SQLITE_OS_OTHER=1, see cmake/WasmThirdParty.cmake): no files, no clock, no
 * entropy.
 *
 * The engine only opens ":memory:" and deserialises the knowledge-base bundle
 * into it (SQLite's memdb VFS, which sits on top of this one), and temporary
 * storage is in memory (SQLITE_TEMP_STORE=3), so no file is ever opened. Without
 * SQLite's unix VFS the module needs no Emscripten file system at all
 * (-sFILESYSTEM=0), which keeps both the .wasm and its JavaScript glue small.
 * A fixed clock and zeroed randomness also keep the engine deterministic. */
#include <sqlite3.h>
#include <string.h>

static int NoOpen(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags,
                  int* out_flags) {
  (void)vfs, (void)name, (void)flags, (void)out_flags;
  file->pMethods = 0; /* tells SQLite that there is nothing to close */
  return SQLITE_CANTOPEN;
}

static int NoDelete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  (void)vfs, (void)name, (void)sync_dir;
  return SQLITE_IOERR_DELETE;
}

static int NoAccess(sqlite3_vfs* vfs, const char* name, int flags, int* exists) {
  (void)vfs, (void)name, (void)flags;
  *exists = 0;
  return SQLITE_OK;
}

static int FullPathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  (void)vfs;
  sqlite3_snprintf(size, out, "%s", name);
  return SQLITE_OK;
}

static int ZeroRandomness(sqlite3_vfs* vfs, int size, char* out) {
  (void)vfs;
  memset(out, 0, (size_t)size);
  return size;
}

static int NoSleep(sqlite3_vfs* vfs, int microseconds) {
  (void)vfs;
  return microseconds;
}

/* 1970-01-01 as a Julian day number, in milliseconds (what SQLite expects). */
static int EpochTime(sqlite3_vfs* vfs, sqlite3_int64* now) {
  (void)vfs;
  *now = 210866760000000LL;
  return SQLITE_OK;
}

static int NoLastError(sqlite3_vfs* vfs, int size, char* out) {
  (void)vfs, (void)size, (void)out;
  return 0;
}

static sqlite3_vfs relais_none_vfs = {
    2,             /* iVersion */
    0,             /* szOsFile: no file of its own */
    512,           /* mxPathname */
    0,             /* pNext */
    "relais-none", /* zName */
    0,             /* pAppData */
    NoOpen,         NoDelete, NoAccess, FullPathname,
    0,              0,        0,        0, /* no extension loading */
    ZeroRandomness, NoSleep,
    0, /* xCurrentTime: SQLite uses xCurrentTimeInt64 */
    NoLastError,    EpochTime,
    0,              0,        0, /* no system calls to override */
};

int sqlite3_os_init(void) { return sqlite3_vfs_register(&relais_none_vfs, 1); }

int sqlite3_os_end(void) { return SQLITE_OK; }
