file(REMOVE_RECURSE
  "CMakeFiles/fuzz_text.dir/fuzz_text.c.o"
  "CMakeFiles/fuzz_text.dir/fuzz_text.c.o.d"
  "fuzz_text"
  "fuzz_text.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_text.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
