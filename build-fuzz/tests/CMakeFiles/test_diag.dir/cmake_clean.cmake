file(REMOVE_RECURSE
  "CMakeFiles/test_diag.dir/test_diag.c.o"
  "CMakeFiles/test_diag.dir/test_diag.c.o.d"
  "test_diag"
  "test_diag.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_diag.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
