# Shared by the bench/ scripts (sourced, not run): the option parser's --help and missing values, builds
# target/pcl4j.jar when it is missing or older than the sources, and runs a benchmark main with the thread
# settings of --torch-threads.
# Usage: source bench/lib.sh; bench_java NAME MAIN_CLASS ARGS...   (uses $here and $torch_threads)

# bench_help: prints the running script's header comment (its usage: what it measures, its options) and
# exits 0. The scripts parse their options before anything else, so --help never builds or runs Java.
bench_help() {
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
  exit 0
}

# bench_needs_value NAME "$@": in an option parser's arm for a flag that takes a value ($1 of the script's
# remaining arguments), exits 2 with "NAME: FLAG needs a value" when none follows (under set -u, "$2" would
# otherwise end the script with bash's "$2: unbound variable"), or when what follows is another flag
# (`--epochs --data X` would take "--data" as the epochs); --train-args alone takes flags as its value.
bench_needs_value() {
  [ $# -ge 3 ] || { echo "$1: $2 needs a value" >&2; exit 2; }
  case "$3" in
    --*) [ "$2" = --train-args ] || { echo "$1: $2 needs a value, got the flag $3" >&2; exit 2; } ;;
  esac
}

bench_build() {
  if [ ! -f "$here/target/pcl4j.jar" ] || [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$here/target/pcl4j.jar" -print -quit 2>/dev/null)" ]; then
    echo "$1: building target/pcl4j.jar ..." >&2
    (cd "$here" && mvn -q -B -DskipTests package) >&2
  fi
}

# --torch-threads N sets PyTorch's intra-op threads (DJL property ai.djl.pytorch.num_threads);
# empty keeps DJL's default, as `pcl4j train` does (one per core: fastest on an otherwise idle machine, docs/BENCHMARKS.md).
bench_java() {
  local name="$1" main="$2"; shift 2
  local props=(-Dai.djl.offline=true --enable-native-access=ALL-UNNAMED) # as the jar's manifest grants (pom.xml)
  if [ -n "${torch_threads:-}" ]; then
    props+=(-Dai.djl.pytorch.num_threads="$torch_threads")
  fi
  export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" # as bin/pcl4j does (see there)
  echo "$name: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores, OMP_WAIT_POLICY=$OMP_WAIT_POLICY" >&2
  java ${PCL4J_JAVA_OPTS:--Xmx8g} "${props[@]}" -cp "$here/target/pcl4j.jar:$here/target/lib/*" "$main" "$@"
}
