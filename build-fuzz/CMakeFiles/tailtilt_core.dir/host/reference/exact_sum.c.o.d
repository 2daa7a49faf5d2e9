CMakeFiles/tailtilt_core.dir/host/reference/exact_sum.c.o: \
  /usr/lib/llvm-14/lib/clang/14.0.6/share/asan_ignorelist.txt \
  /work/main/host/reference/exact_sum.c /usr/include/math.h \
  /usr/include/x86_64-linux-gnu/bits/libc-header-start.h \
  /usr/include/features.h /usr/include/features-time64.h \
  /usr/include/x86_64-linux-gnu/bits/wordsize.h \
  /usr/include/x86_64-linux-gnu/bits/timesize.h \
  /usr/include/stdc-predef.h /usr/include/x86_64-linux-gnu/sys/cdefs.h \
  /usr/include/x86_64-linux-gnu/bits/long-double.h \
  /usr/include/x86_64-linux-gnu/gnu/stubs.h \
  /usr/include/x86_64-linux-gnu/gnu/stubs-64.h \
  /usr/include/x86_64-linux-gnu/bits/types.h \
  /usr/include/x86_64-linux-gnu/bits/typesizes.h \
  /usr/include/x86_64-linux-gnu/bits/time64.h \
  /usr/include/x86_64-linux-gnu/bits/math-vector.h \
  /usr/include/x86_64-linux-gnu/bits/libm-simd-decl-stubs.h \
  /usr/include/x86_64-linux-gnu/bits/floatn.h \
  /usr/include/x86_64-linux-gnu/bits/floatn-common.h \
  /usr/include/x86_64-linux-gnu/bits/flt-eval-method.h \
  /usr/include/x86_64-linux-gnu/bits/fp-logb.h \
  /usr/include/x86_64-linux-gnu/bits/fp-fast.h \
  /usr/include/x86_64-linux-gnu/bits/mathcalls-helper-functions.h \
  /usr/include/x86_64-linux-gnu/bits/mathcalls.h /usr/include/stdio.h \
  /usr/lib/llvm-14/lib/clang/14.0.6/include/stddef.h \
  /usr/lib/llvm-14/lib/clang/14.0.6/include/stdarg.h \
  /usr/include/x86_64-linux-gnu/bits/types/__fpos_t.h \
  /usr/include/x86_64-linux-gnu/bits/types/__mbstate_t.h \
  /usr/include/x86_64-linux-gnu/bits/types/__fpos64_t.h \
  /usr/include/x86_64-linux-gnu/bits/types/__FILE.h \
  /usr/include/x86_64-linux-gnu/bits/types/FILE.h \
  /usr/include/x86_64-linux-gnu/bits/types/struct_FILE.h \
  /usr/include/x86_64-linux-gnu/bits/stdio_lim.h \
  /usr/include/x86_64-linux-gnu/bits/stdio.h /usr/include/gsl/gsl_cdf.h \
  /usr/include/gsl/gsl_randist.h /usr/include/gsl/gsl_rng.h \
  /usr/include/stdlib.h /usr/include/x86_64-linux-gnu/bits/waitflags.h \
  /usr/include/x86_64-linux-gnu/bits/waitstatus.h \
  /usr/include/x86_64-linux-gnu/sys/types.h \
  /usr/include/x86_64-linux-gnu/bits/types/clock_t.h \
  /usr/include/x86_64-linux-gnu/bits/types/clockid_t.h \
  /usr/include/x86_64-linux-gnu/bits/types/time_t.h \
  /usr/include/x86_64-linux-gnu/bits/types/timer_t.h \
  /usr/include/x86_64-linux-gnu/bits/stdint-intn.h /usr/include/endian.h \
  /usr/include/x86_64-linux-gnu/bits/endian.h \
  /usr/include/x86_64-linux-gnu/bits/endianness.h \
  /usr/include/x86_64-linux-gnu/bits/byteswap.h \
  /usr/include/x86_64-linux-gnu/bits/uintn-identity.h \
  /usr/include/x86_64-linux-gnu/sys/select.h \
  /usr/include/x86_64-linux-gnu/bits/select.h \
  /usr/include/x86_64-linux-gnu/bits/types/sigset_t.h \
  /usr/include/x86_64-linux-gnu/bits/types/__sigset_t.h \
  /usr/include/x86_64-linux-gnu/bits/types/struct_timeval.h \
  /usr/include/x86_64-linux-gnu/bits/types/struct_timespec.h \
  /usr/include/x86_64-linux-gnu/bits/pthreadtypes.h \
  /usr/include/x86_64-linux-gnu/bits/thread-shared-types.h \
  /usr/include/x86_64-linux-gnu/bits/pthreadtypes-arch.h \
  /usr/include/x86_64-linux-gnu/bits/atomic_wide_counter.h \
  /usr/include/x86_64-linux-gnu/bits/struct_mutex.h \
  /usr/include/x86_64-linux-gnu/bits/struct_rwlock.h \
  /usr/include/alloca.h \
  /usr/include/x86_64-linux-gnu/bits/stdlib-bsearch.h \
  /usr/include/x86_64-linux-gnu/bits/stdlib-float.h \
  /usr/include/gsl/gsl_types.h /usr/include/gsl/gsl_errno.h \
  /usr/include/errno.h /usr/include/x86_64-linux-gnu/bits/errno.h \
  /usr/include/linux/errno.h /usr/include/x86_64-linux-gnu/asm/errno.h \
  /usr/include/asm-generic/errno.h /usr/include/asm-generic/errno-base.h \
  /usr/include/gsl/gsl_inline.h /usr/include/gsl/gsl_vector.h \
  /usr/include/gsl/gsl_vector_complex_long_double.h \
  /usr/include/gsl/gsl_complex.h /usr/include/gsl/gsl_check_range.h \
  /usr/include/gsl/gsl_vector_long_double.h \
  /usr/include/gsl/gsl_block_long_double.h \
  /usr/include/gsl/gsl_vector_complex.h \
  /usr/include/gsl/gsl_block_complex_long_double.h \
  /usr/include/gsl/gsl_vector_complex_double.h \
  /usr/include/gsl/gsl_vector_double.h \
  /usr/include/gsl/gsl_block_double.h \
  /usr/include/gsl/gsl_block_complex_double.h \
  /usr/include/gsl/gsl_vector_complex_float.h \
  /usr/include/gsl/gsl_vector_float.h /usr/include/gsl/gsl_block_float.h \
  /usr/include/gsl/gsl_block_complex_float.h \
  /usr/include/gsl/gsl_vector_ulong.h /usr/include/gsl/gsl_block_ulong.h \
  /usr/include/gsl/gsl_vector_long.h /usr/include/gsl/gsl_block_long.h \
  /usr/include/gsl/gsl_vector_uint.h /usr/include/gsl/gsl_block_uint.h \
  /usr/include/gsl/gsl_vector_int.h /usr/include/gsl/gsl_block_int.h \
  /usr/include/gsl/gsl_vector_ushort.h \
  /usr/include/gsl/gsl_block_ushort.h \
  /usr/include/gsl/gsl_vector_short.h /usr/include/gsl/gsl_block_short.h \
  /usr/include/gsl/gsl_vector_uchar.h /usr/include/gsl/gsl_block_uchar.h \
  /usr/include/gsl/gsl_vector_char.h /usr/include/gsl/gsl_block_char.h \
  /usr/include/gsl/gsl_matrix.h \
  /usr/include/gsl/gsl_matrix_complex_long_double.h \
  /usr/include/gsl/gsl_blas_types.h /usr/include/gsl/gsl_cblas.h \
  /usr/lib/llvm-14/lib/clang/14.0.6/include/__stddef_max_align_t.h \
  /usr/include/gsl/gsl_matrix_complex_double.h \
  /usr/include/gsl/gsl_matrix_complex_float.h \
  /usr/include/gsl/gsl_matrix_long_double.h \
  /usr/include/gsl/gsl_matrix_double.h \
  /usr/include/gsl/gsl_matrix_float.h \
  /usr/include/gsl/gsl_matrix_ulong.h /usr/include/gsl/gsl_matrix_long.h \
  /usr/include/gsl/gsl_matrix_uint.h /usr/include/gsl/gsl_matrix_int.h \
  /usr/include/gsl/gsl_matrix_ushort.h \
  /usr/include/gsl/gsl_matrix_short.h \
  /usr/include/gsl/gsl_matrix_uchar.h /usr/include/gsl/gsl_matrix_char.h \
  /work/main/host/reference/exact.h /work/main/include/tailtilt.h \
  /work/main/include/tailtilt/defs.h \
  /usr/lib/llvm-14/lib/clang/14.0.6/include/stdint.h \
  /usr/include/stdint.h /usr/include/x86_64-linux-gnu/bits/wchar.h \
  /usr/include/x86_64-linux-gnu/bits/stdint-uintn.h \
  /work/main/include/tailtilt/draw.h \
  /work/main/include/tailtilt/stream.h \
  /work/main/include/tailtilt/philox.h \
  /work/main/include/tailtilt/dist.h \
  /work/main/include/tailtilt/fastmath.h \
  /work/main/include/tailtilt/normal_quantile.h \
  /work/main/include/tailtilt/uniform.h \
  /work/main/include/tailtilt/proposal.h \
  /work/main/include/tailtilt/density.h /work/main/host/laws/law.h \
  /work/main/host/reference/quadrature.h
