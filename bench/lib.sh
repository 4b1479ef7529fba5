# Shared by the bench/ scripts (sourced, not run): builds target/pcl4j.jar when it is missing or
# older than the sources, and runs a benchmark main with the thread settings of --torch-threads.
# Usage: source bench/lib.sh; bench_java NAME MAIN_CLASS ARGS...   (uses $here and $torch_threads)

bench_build() {
  if [ ! -f "$here/target/pcl4j.jar" ] || [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$here/target/pcl4j.jar" -print -quit 2>/dev/null)" ]; then
    echo "$1: building target/pcl4j.jar ..." >&2
    (cd "$here" && mvn -q -B -DskipTests package) >&2
  fi
}

# --torch-threads N sets PyTorch's intra-op threads (DJL property ai.djl.pytorch.num_threads);
# empty takes the CLI's default (cli.Pcl4j.defaultTorchThreads): cores minus the augmentation workers' half.
bench_java() {
  local name="$1" main="$2"; shift 2
  local props=(-Dai.djl.offline=true)
  local cores; cores=$(nproc)
  local half=$(( cores / 2 > 0 ? cores / 2 : 1 ))
  local default=$(( cores - half > 0 ? cores - half : 1 ))
  props+=(-Dai.djl.pytorch.num_threads="${torch_threads:-$default}")
  echo "$name: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
  java ${PCL4J_JAVA_OPTS:--Xmx8g} "${props[@]}" -cp "$here/target/pcl4j.jar:$here/target/lib/*" "$main" "$@"
}
