file(REMOVE_RECURSE
  "CMakeFiles/test_is.dir/test_is.c.o"
  "CMakeFiles/test_is.dir/test_is.c.o.d"
  "test_is"
  "test_is.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_is.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
