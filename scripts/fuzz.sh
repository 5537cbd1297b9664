#!/usr/bin/env bash
# Runs the libFuzzer targets built by the `fuzz` preset (build/fuzz/out/bin),
# one after the other, each for FUZZ_SECONDS (default 180), and fails if any of
# them finds a crash, a leak or a hang. `make fuzz` builds them, then runs this.
#
#   scripts/fuzz.sh [TARGET...]        default: every target below
#   FUZZ_SECONDS=60 scripts/fuzz.sh    shorter runs
#
# Each target fuzzes a scratch corpus, build/fuzz/run/<target>/corpus, seeded
# from tests/fuzz/corpus/<target> (the seeds are copied, never written to) and
# kept between runs (rm -rf build/fuzz/run to start over). Reproducers go to
# build/fuzz/run/<target>/artifacts/, the log to build/fuzz/run/<target>/fuzz.log.
# A reproducer worth keeping is copied into tests/fuzz/corpus/<target>/ once
# the bug is fixed, so that `make test` replays it.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-180}
bin=build/fuzz/out/bin
run=build/fuzz/run
all=(kb_parser_fuzz server_frame_fuzz engine_ask_fuzz static_path_fuzz http_request_fuzz)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all[@]}")

# Longest input per target: a little above what the code under test accepts,
# so the limits themselves are exercised.
max_len() {
  case $1 in
    static_path_fuzz) echo 2048 ;;       # kMaxStaticPathBytes is 1024
    server_frame_fuzz) echo 8192 ;;
    kb_parser_fuzz) echo 16384 ;;
    engine_ask_fuzz) echo 40960 ;;       # the longest seed: a 40 KB history
    http_request_fuzz) echo 24576 ;;     # above the 16 KiB header limit
    *) echo 4096 ;;
  esac
}

failed=()
for target in "${targets[@]}"; do
  exe=$bin/$target
  if [[ ! -x $exe ]]; then
    echo "fuzz: $exe missing: run 'make fuzz' (or cmake --preset fuzz && cmake --build build/fuzz)" >&2
    exit 2
  fi
  dir=$run/$target
  mkdir -p "$dir/corpus" "$dir/artifacts" "$dir/tmp"
  cp -r "tests/fuzz/corpus/$target/." "$dir/corpus/"
  args=(-max_total_time="$seconds" -max_len="$(max_len "$target")" -print_final_stats=1
        -artifact_prefix="$dir/artifacts/")
  dict=tests/fuzz/$target.dict
  [[ -f $dict ]] && args+=(-dict="$dict")
  if [[ $target == http_request_fuzz ]]; then
    # The server runs on a thread of its own and allocates between inputs, so
    # libFuzzer's per-input leak check (mallocs > frees after an input) fires
    # on every input and rescans the heap each time: leaks are checked once,
    # at exit, after the server has been stopped. The entropic schedule's
    # bookkeeping took most of the CPU with the server's ~50k features, for
    # less coverage per minute. The harness aborts on a hang after 3 s itself.
    args+=(-timeout=60 -detect_leaks=0 -entropic=0)
  fi
  echo "fuzz: $target for ${seconds}s (-max_len=$(max_len "$target"), log $dir/fuzz.log)"
  # Temporary web roots and data directories go under build/fuzz, not /tmp:
  # a crash leaves them behind.
  TMPDIR=$PWD/$dir/tmp "$exe" "${args[@]}" "$dir/corpus" >"$dir/fuzz.log" 2>&1
  status=$?
  rm -rf "${dir:?}/tmp"/*
  grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb)' \
    "$dir/fuzz.log" | sed 's/^/  /'
  if [[ $status -ne 0 ]]; then
    failed+=("$target")
    echo "fuzz: $target FAILED (exit $status)" >&2
    # The finding: from the first report line to libFuzzer's summary.
    awk '/^==[0-9]+==|^[a-z_]+_fuzz: |runtime error:|^INFO: a leak|deadly signal|-- timeout/ {on=1}
         on {print "  " $0; if (++n >= 80) exit}' "$dir/fuzz.log" >&2
    reproducer=$(grep -oE "Test unit written to [^ ]+" "$dir/fuzz.log" | tail -1 | cut -d' ' -f5)
    if grep -q '^Done [0-9]* runs' "$dir/fuzz.log"; then
      # LeakSanitizer at exit, after the last input: no input is to blame.
      echo "fuzz: found at exit (e.g. a leak): the allocation stacks above are the lead" >&2
    elif [[ -n $reproducer ]]; then
      echo "fuzz: reproducer $reproducer" >&2
      echo "fuzz:   replay: $exe $reproducer   (or build/native/tests/fuzz/$target $reproducer)" >&2
    fi
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: findings in ${failed[*]} (see build/fuzz/run/<target>/)" >&2
  exit 1
fi
echo "fuzz: ${targets[*]}: no finding in ${seconds}s each"
