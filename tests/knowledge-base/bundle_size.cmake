# Builds a knowledge base's bundle with relais-kb and fails when it is over its
# gzip budget (knowledge-base/README.md, "Size"): the widget downloads it when the
# visitor opens the chat. Run with cmake -P and:
#   RELAIS_KB        the relais-kb tool
#   SOURCE           the knowledge-base directory
#   BUNDLE           where to write the bundle (its .tar.gz is written beside it)
#   MAX_GZIP_BYTES   the budget
foreach(var RELAIS_KB SOURCE BUNDLE MAX_GZIP_BYTES)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "bundle_size.cmake needs -D${var}=...")
  endif()
endforeach()

execute_process(COMMAND "${RELAIS_KB}" build "${SOURCE}" -o "${BUNDLE}"
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "relais-kb build ${SOURCE} failed (${status})")
endif()

# A gzipped tar of the one file: its few hundred bytes of header only make the
# check stricter than gzip alone.
get_filename_component(name "${BUNDLE}" NAME)
file(ARCHIVE_CREATE OUTPUT "${BUNDLE}.tar.gz" PATHS "${BUNDLE}" FORMAT gnutar
     COMPRESSION GZip COMPRESSION_LEVEL 9)
file(SIZE "${BUNDLE}" raw_bytes)
file(SIZE "${BUNDLE}.tar.gz" gzip_bytes)
message(STATUS "${name}: ${raw_bytes} bytes, ${gzip_bytes} bytes gzipped (budget ${MAX_GZIP_BYTES})")
if(gzip_bytes GREATER MAX_GZIP_BYTES)
  message(FATAL_ERROR "${SOURCE}: the bundle is ${gzip_bytes} bytes gzipped, over its budget of "
                      "${MAX_GZIP_BYTES}")
endif()
