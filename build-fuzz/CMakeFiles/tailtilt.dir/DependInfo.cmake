
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/host/cli/cli.c" "CMakeFiles/tailtilt.dir/host/cli/cli.c.o" "gcc" "CMakeFiles/tailtilt.dir/host/cli/cli.c.o.d"
  "/work/main/host/cli/config.c" "CMakeFiles/tailtilt.dir/host/cli/config.c.o" "gcc" "CMakeFiles/tailtilt.dir/host/cli/config.c.o.d"
  "/work/main/host/cli/main.c" "CMakeFiles/tailtilt.dir/host/cli/main.c.o" "gcc" "CMakeFiles/tailtilt.dir/host/cli/main.c.o.d"
  "/work/main/host/cli/mpi.c" "CMakeFiles/tailtilt.dir/host/cli/mpi.c.o" "gcc" "CMakeFiles/tailtilt.dir/host/cli/mpi.c.o.d"
  "/work/main/host/cli/progress.c" "CMakeFiles/tailtilt.dir/host/cli/progress.c.o" "gcc" "CMakeFiles/tailtilt.dir/host/cli/progress.c.o.d"
  "/work/main/host/cli/sink.c" "CMakeFiles/tailtilt.dir/host/cli/sink.c.o" "gcc" "CMakeFiles/tailtilt.dir/host/cli/sink.c.o.d"
  "/work/main/host/cli/sweep.c" "CMakeFiles/tailtilt.dir/host/cli/sweep.c.o" "gcc" "CMakeFiles/tailtilt.dir/host/cli/sweep.c.o.d"
  "/work/main/host/cli/tail_cmd.c" "CMakeFiles/tailtilt.dir/host/cli/tail_cmd.c.o" "gcc" "CMakeFiles/tailtilt.dir/host/cli/tail_cmd.c.o.d"
  "/work/main/host/io/resume.c" "CMakeFiles/tailtilt.dir/host/io/resume.c.o" "gcc" "CMakeFiles/tailtilt.dir/host/io/resume.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-fuzz/CMakeFiles/tailtilt_core.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
