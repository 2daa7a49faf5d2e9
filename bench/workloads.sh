# shellcheck shell=bash disable=SC2034
# workloads.sh (sourced by run.sh, gpu_bench.sh, gpu_profile.sh): the
# benchmark's workloads W1-W3 as tailtilt arguments, written once.
# w_args W S: sets the array ARGS to workload W at S samples (W3: S/1024
# trials of best-of-1024).
w_args() {
  local py=${PY:-python3}
  case $1 in
    W1) ARGS=(tilt --error 'normal()' --utility 'normal()' --samples "$2"
              --beta "$($py -c "print(','.join(repr(1/(0.1*k)) for k in range(1,17)))")") ;;
    W2) ARGS=(threshold --error 'student_t(df=3)' --utility 'normal()' --t lin:0:30:16 --samples "$2") ;;
    W3) ARGS=(bon --error 'student_t(df=3)' --utility 'normal()' --n 1024
              --trials "$($py -c "print(int(float('$2') / 1024))")") ;;
    *) echo "w_args: no workload $1" >&2; return 2 ;;
  esac
}
