#!/usr/bin/env bash
# gpu_prepare.sh: run on the CPU machine before a GPU run: builds tailtilt,
# the GPU tests and the probe for sm_90 (any x86-64 CPU, no MPI) and packs
# them, the test data and the shared libraries they load (glibc and the
# driver's libcuda excepted: those are the GPU machine's) into bench/gpu-bundle/
# (git-ignored), which bench/gpu_check.sh uses on a bare GPU machine.
# --check: then runs the bundle with the system's copies of those libraries
# hidden (a private mount namespace): a CPU job, the GPU tests listed, the
# probe's exit 77 (no GPU here).
# VARIANTS="name:flags ..." (CUDA flags, commas between them; for example
# "tile5:-DTT_TILE_MIN_BLOCKS=5") also packs a tailtilt built with each as
# bin/tailtilt-<name>; gpu_check.sh then times W1-W3 with each, beside the
# main binary, in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
B=build-gpu
OUT=bench/gpu-bundle
cmake -S . -B $B -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 -DTT_PORTABLE=ON -DTT_MPI=OFF >/dev/null
cmake --build $B -j "$(nproc)" --target tailtilt test_gpu gpu_probe >/dev/null
rm -rf $OUT
mkdir -p $OUT/bin $OUT/lib $OUT/data
cp $B/tailtilt $B/tests/test_gpu $B/tests/gpu_probe $OUT/bin/
cp tests/data/* $OUT/data/
for v in ${VARIANTS:-}; do
  name=${v%%:*} flags=${v#*:}
  [[ $name =~ ^[A-Za-z0-9_]+$ ]] || { echo "gpu_prepare: variant name '$name': letters, digits, _"; exit 2; }
  cmake -S . -B "$B-$name" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 -DTT_PORTABLE=ON -DTT_MPI=OFF \
    "-DCMAKE_CUDA_FLAGS=${flags//,/ }" >/dev/null
  cmake --build "$B-$name" -j "$(nproc)" --target tailtilt >/dev/null
  cp "$B-$name/tailtilt" "$OUT/bin/tailtilt-$name"
  echo "variant $name: ${flags//,/ }" >>$OUT/VARIANTS
done
# the commit built (the GPU machine's copy of the tree may not carry the history)
git describe --always --dirty >$OUT/COMMIT 2>/dev/null || echo '?' >$OUT/COMMIT
# every library the binaries load, but glibc's own (the GPU machine's loader
# must match its libc) and the driver's
ldd $OUT/bin/* | awk '/=> \//{print $3}' | sort -u | while read -r lib; do
  case "$(basename "$lib")" in
    libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|libresolv.so.*|ld-linux*|libcuda.so*) ;;
    *) cp -L "$lib" $OUT/lib/ ;;
  esac
done
echo "bundle: $OUT ($(du -sh $OUT | cut -f1), $(ls $OUT/lib | wc -l) libraries); on the GPU machine: bash bench/gpu_check.sh"

if [ "${1:-}" = "--check" ]; then
  # A private mount namespace whose system library folder holds glibc alone:
  # every other library must come from the bundle. After the bind mount only
  # bash builtins and the bundle's binaries run (system tools would need the
  # hidden libraries).
  G=$(mktemp -d)
  for f in libc.so.6 libm.so.6 libpthread.so.0 libdl.so.2 librt.so.1 libresolv.so.2 ld-linux-x86-64.so.2; do
    [ -e /lib/x86_64-linux-gnu/$f ] && cp -L /lib/x86_64-linux-gnu/$f "$G"/
  done
  unshare -m bash -c '
    mount --bind "$1" /usr/lib/x86_64-linux-gnu || exit 1
    B=$2 fail=0
    export LD_LIBRARY_PATH=$B/lib
    out=$("$B"/bin/tailtilt threshold --backend cpu --t 0,2 --samples 1e5 --quiet)
    [[ $out == *"\"precision\":\"single\""* ]] || { echo "bundle: the CPU job failed: $out"; fail=1; }
    n=0
    while read -r line; do [[ $line =~ ^gpu:\ ([0-9]+)\ tests ]] && n=${BASH_REMATCH[1]}; done < <("$B"/bin/test_gpu --list)
    (( n >= 8 )) || { echo "bundle: test_gpu lists $n tests"; fail=1; }
    "$B"/bin/gpu_probe >/dev/null
    rc=$?
    (( rc == 77 )) || { echo "bundle: the probe exited $rc, not 77"; fail=1; }
    (( fail == 0 )) && echo "bundle check: runs with the system libraries hidden (a CPU job, test_gpu lists $n tests, probe 77)"
    exit $fail
  ' check "$G" "$PWD/$OUT"
  rc=$?
  rm -rf "$G"
  exit $rc
fi
