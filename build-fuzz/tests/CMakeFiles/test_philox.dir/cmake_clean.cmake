file(REMOVE_RECURSE
  "CMakeFiles/test_philox.dir/test_philox.c.o"
  "CMakeFiles/test_philox.dir/test_philox.c.o.d"
  "test_philox"
  "test_philox.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_philox.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
