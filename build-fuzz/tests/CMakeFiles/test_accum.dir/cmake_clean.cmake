file(REMOVE_RECURSE
  "CMakeFiles/test_accum.dir/test_accum.c.o"
  "CMakeFiles/test_accum.dir/test_accum.c.o.d"
  "test_accum"
  "test_accum.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_accum.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
