# Empty compiler generated dependencies file for fuzz_spec.
# This may be replaced when dependencies are built.
