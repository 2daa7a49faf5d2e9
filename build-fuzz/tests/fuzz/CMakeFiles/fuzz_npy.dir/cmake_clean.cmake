file(REMOVE_RECURSE
  "CMakeFiles/fuzz_npy.dir/fuzz_npy.c.o"
  "CMakeFiles/fuzz_npy.dir/fuzz_npy.c.o.d"
  "fuzz_npy"
  "fuzz_npy.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_npy.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
