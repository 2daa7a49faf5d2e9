file(REMOVE_RECURSE
  "CMakeFiles/test_laws.dir/test_laws.c.o"
  "CMakeFiles/test_laws.dir/test_laws.c.o.d"
  "test_laws"
  "test_laws.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_laws.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
