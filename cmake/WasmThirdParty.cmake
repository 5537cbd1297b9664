# RE2 and SQLite compiled from source with emcc, for the WebAssembly build only.
#
# Sources come from package registries, are checked against pinned SHA-256 sums and
# are cached under the build tree (build/wasm/_deps), so a second configure neither
# downloads nor regenerates anything:
#   - RE2: Debian's source package (`apt-get source`, needs deb-src lines: see
#     scripts/setup-debian.sh). Debian's repack drops the generated Unicode tables;
#     they are regenerated from Debian's unicode-data with RE2's own scripts.
#   - SQLite: the amalgamation shipped inside the npm package better-sqlite3
#     (`npm pack`, nothing of it is installed or executed).
# Emscripten ports (-sUSE_SQLITE3) are not used: they download from the internet.

set(relais_deps_dir "${CMAKE_BINARY_DIR}/_deps")
file(MAKE_DIRECTORY "${relais_deps_dir}")

set(RELAIS_RE2_DEBIAN_VERSION "20220601+dfsg-1")
set(RELAIS_RE2_ORIG_SHA256 "3bc61251da3b0b97be40a8a127818c517c62516e4eda11fc901d29496663df54")
set(RELAIS_SQLITE_NPM_PACKAGE "better-sqlite3@12.4.1")
set(RELAIS_SQLITE_NPM_SHA256 "14398acbf00d1e8fe0a2753df7d4f15c13138e4b874f4e6e96791f65b4536d0d")

# relais_run(<what> COMMAND ...): run at configure time, fail with a readable message.
function(relais_run what)
  execute_process(${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "Relais: ${what} failed (${rc}).\n${out}\n${err}")
  endif()
endfunction()

function(relais_check_sha256 file expected)
  file(SHA256 "${file}" actual)
  if(NOT actual STREQUAL expected)
    message(FATAL_ERROR "Relais: checksum mismatch for ${file}\n  expected ${expected}\n  got      ${actual}\n"
                        "Delete it and configure again; if it persists, the registry served different bytes.")
  endif()
endfunction()

# --- RE2 ---------------------------------------------------------------------
set(re2_root "${relais_deps_dir}/re2")
set(re2_src "${re2_root}/src")
if(NOT EXISTS "${re2_src}/re2/unicode_groups.cc")
  message(STATUS "Relais: fetching RE2 ${RELAIS_RE2_DEBIAN_VERSION} with apt-get source")
  file(REMOVE_RECURSE "${re2_root}")
  file(MAKE_DIRECTORY "${re2_root}")
  relais_run("apt-get source re2 (are deb-src lines configured? run scripts/setup-debian.sh as root)"
    COMMAND apt-get source --download-only "re2=${RELAIS_RE2_DEBIAN_VERSION}"
    WORKING_DIRECTORY "${re2_root}")
  string(REGEX REPLACE "-[^-]+$" "" re2_upstream "${RELAIS_RE2_DEBIAN_VERSION}")
  relais_check_sha256("${re2_root}/re2_${re2_upstream}.orig.tar.xz" "${RELAIS_RE2_ORIG_SHA256}")
  # dpkg-source checks every file against the .dsc and applies Debian's patches
  # (one makes unicode.py read /usr/share/unicode instead of the internet).
  relais_run("dpkg-source -x re2"
    COMMAND dpkg-source --no-check -x "re2_${RELAIS_RE2_DEBIAN_VERSION}.dsc" src
    WORKING_DIRECTORY "${re2_root}")
  relais_run("regenerating RE2's perl_groups.cc"
    COMMAND perl re2/make_perl_groups.pl OUTPUT_FILE "${re2_src}/re2/perl_groups.cc"
    WORKING_DIRECTORY "${re2_src}")
  foreach(table casefold groups)
    relais_run("regenerating RE2's unicode_${table}.cc (needs python3, python3-six, unicode-data)"
      COMMAND python3 make_unicode_${table}.py OUTPUT_FILE "${re2_src}/re2/unicode_${table}.cc.tmp"
      WORKING_DIRECTORY "${re2_src}/re2")
    file(RENAME "${re2_src}/re2/unicode_${table}.cc.tmp" "${re2_src}/re2/unicode_${table}.cc")
  endforeach()
endif()

add_library(relais_re2 STATIC)
target_sources(relais_re2 PRIVATE
  ${re2_src}/re2/bitstate.cc ${re2_src}/re2/compile.cc ${re2_src}/re2/dfa.cc
  ${re2_src}/re2/filtered_re2.cc ${re2_src}/re2/mimics_pcre.cc ${re2_src}/re2/nfa.cc
  ${re2_src}/re2/onepass.cc ${re2_src}/re2/parse.cc ${re2_src}/re2/perl_groups.cc
  ${re2_src}/re2/prefilter.cc ${re2_src}/re2/prefilter_tree.cc ${re2_src}/re2/prog.cc
  ${re2_src}/re2/re2.cc ${re2_src}/re2/regexp.cc ${re2_src}/re2/set.cc
  ${re2_src}/re2/simplify.cc ${re2_src}/re2/stringpiece.cc ${re2_src}/re2/tostring.cc
  ${re2_src}/re2/unicode_casefold.cc ${re2_src}/re2/unicode_groups.cc
  ${re2_src}/util/rune.cc ${re2_src}/util/strutil.cc)
target_include_directories(relais_re2 SYSTEM PUBLIC "${re2_src}")
# Ahead of RE2's own util/logging.h: ours drops log messages instead of formatting
# them with iostreams (wasm/src/re2_shim/util/logging.h).
target_include_directories(relais_re2 BEFORE PRIVATE "${CMAKE_SOURCE_DIR}/wasm/src/re2_shim")
target_compile_features(relais_re2 PUBLIC cxx_std_11)
# -O2, not -Oz: at -Oz RE2's small helpers stay out of line, which is slow in the
# browser's first-tier code where the engine's and the knowledge base's patterns
# are compiled: loading the demo bundle takes 90 ms more, to save 8.5 KB of gzip.
target_compile_options(relais_re2 PRIVATE -O2 -w)
add_library(relais::re2 ALIAS relais_re2)

# --- SQLite --------------------------------------------------------------------
set(sqlite_root "${relais_deps_dir}/sqlite")
if(NOT EXISTS "${sqlite_root}/sqlite3.c")
  message(STATUS "Relais: fetching the SQLite amalgamation (${RELAIS_SQLITE_NPM_PACKAGE}) with npm pack")
  file(REMOVE_RECURSE "${sqlite_root}")
  file(MAKE_DIRECTORY "${sqlite_root}/pack")
  relais_run("npm pack ${RELAIS_SQLITE_NPM_PACKAGE} (is the npm registry reachable?)"
    COMMAND npm pack --silent "${RELAIS_SQLITE_NPM_PACKAGE}"
    WORKING_DIRECTORY "${sqlite_root}/pack")
  file(GLOB tgz "${sqlite_root}/pack/*.tgz")
  relais_check_sha256("${tgz}" "${RELAIS_SQLITE_NPM_SHA256}")
  file(ARCHIVE_EXTRACT INPUT "${tgz}" DESTINATION "${sqlite_root}/pack"
       PATTERNS package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h)
  file(RENAME "${sqlite_root}/pack/package/deps/sqlite3/sqlite3.h" "${sqlite_root}/sqlite3.h")
  file(RENAME "${sqlite_root}/pack/package/deps/sqlite3/sqlite3.c" "${sqlite_root}/sqlite3.c")
  file(REMOVE_RECURSE "${sqlite_root}/pack")
endif()

# One configuration for every module: SQLite reads databases held in memory and
# nothing else. No threads; no files: SQLITE_OS_OTHER with wasm/src/sqlite_os_none.c
# instead of the unix VFS, so the modules link without Emscripten's file system
# (-sFILESYSTEM=0); temporary storage in memory.
set(relais_sqlite_definitions
  SQLITE_THREADSAFE=0 SQLITE_OS_OTHER=1 SQLITE_TEMP_STORE=3 SQLITE_DEFAULT_MEMSTATUS=0
  SQLITE_DQS=0 SQLITE_LIKE_DOESNT_MATCH_BLOBS SQLITE_MAX_EXPR_DEPTH=0 SQLITE_OMIT_LOAD_EXTENSION
  SQLITE_OMIT_DEPRECATED SQLITE_OMIT_SHARED_CACHE SQLITE_OMIT_PROGRESS_CALLBACK
  SQLITE_OMIT_AUTHORIZATION SQLITE_OMIT_COMPLETE SQLITE_OMIT_DECLTYPE SQLITE_OMIT_GET_TABLE
  SQLITE_OMIT_TCL_VARIABLE SQLITE_OMIT_TRACE SQLITE_OMIT_UTF16 SQLITE_OMIT_WAL SQLITE_OMIT_JSON
  SQLITE_OMIT_SEH)
# What the engine, which only runs SELECTs on a deserialised bundle, never needs.
# Each option was checked to build from the amalgamation (whose parser is
# pre-generated: OMIT_ATTACH, ANALYZE, VIEW, TRIGGER, WINDOWFUNC, CTE... do not)
# and to leave every answer of the engine unchanged. OMIT_INCRBLOB needs FTS5 off
# (FTS5 reads its index with sqlite3_blob_open). Savings: wasm/README.md.
set(relais_sqlite_reader_omissions
  SQLITE_OMIT_AUTOINCREMENT SQLITE_OMIT_AUTOMATIC_INDEX SQLITE_OMIT_AUTOVACUUM
  SQLITE_OMIT_COMPILEOPTION_DIAGS SQLITE_OMIT_COMPOUND_SELECT SQLITE_OMIT_DATETIME_FUNCS
  SQLITE_OMIT_EXPLAIN SQLITE_OMIT_FOREIGN_KEY SQLITE_OMIT_GENERATED_COLUMNS SQLITE_OMIT_INCRBLOB
  SQLITE_OMIT_INTEGRITY_CHECK SQLITE_OMIT_LIKE_OPTIMIZATION SQLITE_OMIT_LOOKASIDE
  SQLITE_OMIT_OR_OPTIMIZATION SQLITE_OMIT_QUICKBALANCE SQLITE_OMIT_UPSERT SQLITE_OMIT_XFER_OPT)
set(relais_sqlite_os "${CMAKE_SOURCE_DIR}/wasm/src/sqlite_os_none.c")
set_source_files_properties("${sqlite_root}/sqlite3.c" PROPERTIES COMPILE_OPTIONS -w)

# relais_sqlite_library(<name> <compile definitions>...)
function(relais_sqlite_library name)
  add_library(${name} STATIC "${sqlite_root}/sqlite3.c" "${relais_sqlite_os}")
  target_include_directories(${name} SYSTEM PUBLIC "${sqlite_root}")
  target_compile_definitions(${name} PRIVATE ${relais_sqlite_definitions} ${ARGN})
  target_compile_options(${name} PRIVATE -Oz)
endfunction()

# The engine's: the bundle's FTS5 index serves relais-server, the engine never queries it.
relais_sqlite_library(relais_sqlite3 ${relais_sqlite_reader_omissions})
add_library(relais::sqlite3 ALIAS relais_sqlite3)
# The toolchain smoke test's (tests/smoke): FTS5 on, as natively.
relais_sqlite_library(relais_sqlite3_fts5 SQLITE_ENABLE_FTS5)
add_library(relais::sqlite3_fts5 ALIAS relais_sqlite3_fts5)
