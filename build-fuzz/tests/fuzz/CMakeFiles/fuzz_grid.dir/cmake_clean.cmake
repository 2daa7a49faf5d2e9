file(REMOVE_RECURSE
  "CMakeFiles/fuzz_grid.dir/fuzz_grid.c.o"
  "CMakeFiles/fuzz_grid.dir/fuzz_grid.c.o.d"
  "fuzz_grid"
  "fuzz_grid.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_grid.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
