# Empty dependencies file for fuzz_text.
# This may be replaced when dependencies are built.
