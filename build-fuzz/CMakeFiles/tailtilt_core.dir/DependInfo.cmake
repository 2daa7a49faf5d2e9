
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/host/analysis/khat.c" "CMakeFiles/tailtilt_core.dir/host/analysis/khat.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/analysis/khat.c.o.d"
  "/work/main/host/analysis/tail_stats.c" "CMakeFiles/tailtilt_core.dir/host/analysis/tail_stats.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/analysis/tail_stats.c.o.d"
  "/work/main/host/backends/cpu/backend.c" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/backend.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/backend.c.o.d"
  "/work/main/host/backends/cpu/conditional.c" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/conditional.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/conditional.c.o.d"
  "/work/main/host/backends/cpu/exceed.c" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/exceed.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/exceed.c.o.d"
  "/work/main/host/backends/cpu/importance.c" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/importance.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/importance.c.o.d"
  "/work/main/host/backends/cpu/sample_set.c" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/sample_set.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/sample_set.c.o.d"
  "/work/main/host/backends/cpu/sample_tile.c" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/sample_tile.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/sample_tile.c.o.d"
  "/work/main/host/backends/cpu/tilt.c" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/tilt.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/tilt.c.o.d"
  "/work/main/host/backends/cpu/tournament.c" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/tournament.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/backends/cpu/tournament.c.o.d"
  "/work/main/host/backends/cuda/stub.c" "CMakeFiles/tailtilt_core.dir/host/backends/cuda/stub.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/backends/cuda/stub.c.o.d"
  "/work/main/host/core/engine.c" "CMakeFiles/tailtilt_core.dir/host/core/engine.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/core/engine.c.o.d"
  "/work/main/host/core/grid.c" "CMakeFiles/tailtilt_core.dir/host/core/grid.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/core/grid.c.o.d"
  "/work/main/host/core/record.c" "CMakeFiles/tailtilt_core.dir/host/core/record.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/core/record.c.o.d"
  "/work/main/host/core/run.c" "CMakeFiles/tailtilt_core.dir/host/core/run.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/core/run.c.o.d"
  "/work/main/host/core/status.c" "CMakeFiles/tailtilt_core.dir/host/core/status.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/core/status.c.o.d"
  "/work/main/host/core/stream.c" "CMakeFiles/tailtilt_core.dir/host/core/stream.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/core/stream.c.o.d"
  "/work/main/host/core/util.c" "CMakeFiles/tailtilt_core.dir/host/core/util.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/core/util.c.o.d"
  "/work/main/host/io/array_io.c" "CMakeFiles/tailtilt_core.dir/host/io/array_io.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/io/array_io.c.o.d"
  "/work/main/host/io/writer.c" "CMakeFiles/tailtilt_core.dir/host/io/writer.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/io/writer.c.o.d"
  "/work/main/host/laws/cauchy.c" "CMakeFiles/tailtilt_core.dir/host/laws/cauchy.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/laws/cauchy.c.o.d"
  "/work/main/host/laws/dist_spec.c" "CMakeFiles/tailtilt_core.dir/host/laws/dist_spec.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/laws/dist_spec.c.o.d"
  "/work/main/host/laws/empirical.c" "CMakeFiles/tailtilt_core.dir/host/laws/empirical.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/laws/empirical.c.o.d"
  "/work/main/host/laws/exponential.c" "CMakeFiles/tailtilt_core.dir/host/laws/exponential.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/laws/exponential.c.o.d"
  "/work/main/host/laws/laplace.c" "CMakeFiles/tailtilt_core.dir/host/laws/laplace.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/laws/laplace.c.o.d"
  "/work/main/host/laws/levy.c" "CMakeFiles/tailtilt_core.dir/host/laws/levy.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/laws/levy.c.o.d"
  "/work/main/host/laws/lognormal.c" "CMakeFiles/tailtilt_core.dir/host/laws/lognormal.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/laws/lognormal.c.o.d"
  "/work/main/host/laws/lomax.c" "CMakeFiles/tailtilt_core.dir/host/laws/lomax.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/laws/lomax.c.o.d"
  "/work/main/host/laws/normal.c" "CMakeFiles/tailtilt_core.dir/host/laws/normal.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/laws/normal.c.o.d"
  "/work/main/host/laws/pareto.c" "CMakeFiles/tailtilt_core.dir/host/laws/pareto.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/laws/pareto.c.o.d"
  "/work/main/host/laws/student_t.c" "CMakeFiles/tailtilt_core.dir/host/laws/student_t.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/laws/student_t.c.o.d"
  "/work/main/host/laws/table.c" "CMakeFiles/tailtilt_core.dir/host/laws/table.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/laws/table.c.o.d"
  "/work/main/host/laws/uniform.c" "CMakeFiles/tailtilt_core.dir/host/laws/uniform.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/laws/uniform.c.o.d"
  "/work/main/host/laws/weibull.c" "CMakeFiles/tailtilt_core.dir/host/laws/weibull.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/laws/weibull.c.o.d"
  "/work/main/host/methods/bon.c" "CMakeFiles/tailtilt_core.dir/host/methods/bon.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/methods/bon.c.o.d"
  "/work/main/host/methods/bon_weighted.c" "CMakeFiles/tailtilt_core.dir/host/methods/bon_weighted.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/methods/bon_weighted.c.o.d"
  "/work/main/host/methods/construct.c" "CMakeFiles/tailtilt_core.dir/host/methods/construct.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/methods/construct.c.o.d"
  "/work/main/host/methods/job.c" "CMakeFiles/tailtilt_core.dir/host/methods/job.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/methods/job.c.o.d"
  "/work/main/host/methods/proposals.c" "CMakeFiles/tailtilt_core.dir/host/methods/proposals.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/methods/proposals.c.o.d"
  "/work/main/host/methods/run.c" "CMakeFiles/tailtilt_core.dir/host/methods/run.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/methods/run.c.o.d"
  "/work/main/host/methods/table.c" "CMakeFiles/tailtilt_core.dir/host/methods/table.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/methods/table.c.o.d"
  "/work/main/host/methods/threshold.c" "CMakeFiles/tailtilt_core.dir/host/methods/threshold.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/methods/threshold.c.o.d"
  "/work/main/host/methods/threshold_points.c" "CMakeFiles/tailtilt_core.dir/host/methods/threshold_points.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/methods/threshold_points.c.o.d"
  "/work/main/host/methods/tilt.c" "CMakeFiles/tailtilt_core.dir/host/methods/tilt.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/methods/tilt.c.o.d"
  "/work/main/host/reference/exact.c" "CMakeFiles/tailtilt_core.dir/host/reference/exact.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/reference/exact.c.o.d"
  "/work/main/host/reference/exact_sum.c" "CMakeFiles/tailtilt_core.dir/host/reference/exact_sum.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/reference/exact_sum.c.o.d"
  "/work/main/host/reference/expect.c" "CMakeFiles/tailtilt_core.dir/host/reference/expect.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/reference/expect.c.o.d"
  "/work/main/host/reference/quadrature.c" "CMakeFiles/tailtilt_core.dir/host/reference/quadrature.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/reference/quadrature.c.o.d"
  "/work/main/host/reference/regions.c" "CMakeFiles/tailtilt_core.dir/host/reference/regions.c.o" "gcc" "CMakeFiles/tailtilt_core.dir/host/reference/regions.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
