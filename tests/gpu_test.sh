#!/usr/bin/env bash
# gpu_test.sh: the GPU suite, or exit 77 (ctest: skipped) when the probe
# finds no usable device.
"$1" || exit $?
exec "$2" --jobs 1
