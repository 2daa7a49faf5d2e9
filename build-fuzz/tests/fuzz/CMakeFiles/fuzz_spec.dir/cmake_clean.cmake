file(REMOVE_RECURSE
  "CMakeFiles/fuzz_spec.dir/fuzz_spec.c.o"
  "CMakeFiles/fuzz_spec.dir/fuzz_spec.c.o.d"
  "fuzz_spec"
  "fuzz_spec.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_spec.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
