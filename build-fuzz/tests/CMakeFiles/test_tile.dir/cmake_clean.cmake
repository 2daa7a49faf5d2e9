file(REMOVE_RECURSE
  "CMakeFiles/test_tile.dir/test_tile.c.o"
  "CMakeFiles/test_tile.dir/test_tile.c.o.d"
  "test_tile"
  "test_tile.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_tile.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
