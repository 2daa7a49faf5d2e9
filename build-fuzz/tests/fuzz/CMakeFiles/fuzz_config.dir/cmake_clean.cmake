file(REMOVE_RECURSE
  "CMakeFiles/fuzz_config.dir/__/__/host/cli/config.c.o"
  "CMakeFiles/fuzz_config.dir/__/__/host/cli/config.c.o.d"
  "CMakeFiles/fuzz_config.dir/fuzz_config.c.o"
  "CMakeFiles/fuzz_config.dir/fuzz_config.c.o.d"
  "fuzz_config"
  "fuzz_config.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_config.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
