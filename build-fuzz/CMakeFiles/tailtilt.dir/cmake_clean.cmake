file(REMOVE_RECURSE
  "CMakeFiles/tailtilt.dir/host/cli/cli.c.o"
  "CMakeFiles/tailtilt.dir/host/cli/cli.c.o.d"
  "CMakeFiles/tailtilt.dir/host/cli/config.c.o"
  "CMakeFiles/tailtilt.dir/host/cli/config.c.o.d"
  "CMakeFiles/tailtilt.dir/host/cli/main.c.o"
  "CMakeFiles/tailtilt.dir/host/cli/main.c.o.d"
  "CMakeFiles/tailtilt.dir/host/cli/mpi.c.o"
  "CMakeFiles/tailtilt.dir/host/cli/mpi.c.o.d"
  "CMakeFiles/tailtilt.dir/host/cli/progress.c.o"
  "CMakeFiles/tailtilt.dir/host/cli/progress.c.o.d"
  "CMakeFiles/tailtilt.dir/host/cli/sink.c.o"
  "CMakeFiles/tailtilt.dir/host/cli/sink.c.o.d"
  "CMakeFiles/tailtilt.dir/host/cli/sweep.c.o"
  "CMakeFiles/tailtilt.dir/host/cli/sweep.c.o.d"
  "CMakeFiles/tailtilt.dir/host/cli/tail_cmd.c.o"
  "CMakeFiles/tailtilt.dir/host/cli/tail_cmd.c.o.d"
  "CMakeFiles/tailtilt.dir/host/io/resume.c.o"
  "CMakeFiles/tailtilt.dir/host/io/resume.c.o.d"
  "tailtilt"
  "tailtilt.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/tailtilt.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
