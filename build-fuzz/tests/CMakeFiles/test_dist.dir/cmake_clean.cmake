file(REMOVE_RECURSE
  "CMakeFiles/test_dist.dir/test_dist.c.o"
  "CMakeFiles/test_dist.dir/test_dist.c.o.d"
  "test_dist"
  "test_dist.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_dist.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
