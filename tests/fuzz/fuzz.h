/*
 * fuzz.h: what the fuzz targets in tests/fuzz/ share. Each target defines
 * LLVMFuzzerTestOneInput(); it is linked either with libFuzzer (`make fuzz`, clang, ASan+UBSan:
 * coverage-guided fuzzing) or with driver.c (every build, `make check`: the regression run of
 * each target over its corpus in tests/fuzz/corpus/TARGET/).
 *
 * A target must never crash, leak or hit undefined behaviour on any input; errors from pepkit's
 * own checks are the expected outcome for most inputs.
 */
#ifndef PEPKIT_FUZZ_H
#define PEPKIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Set up pepkit once per process (xmlsafe_init; PEPKIT_DATADIR must point at the source tree,
 * which `make fuzz-run` and the regression test set). Returns 0, or -1 if setup failed. */
int fuzz_setup(void);

/* Write data to a per-process temp file and return its path (static storage), for loaders
 * that read files; NULL if it cannot be written. */
const char *fuzz_temp_file(const uint8_t *data, size_t size, const char *suffix);

#endif
