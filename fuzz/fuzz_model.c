/*
 * fuzz_model.c - libFuzzer target for model files (issue #3: truncated,
 * wrong version, wrong endianness, inconsistent sizes must be refused with
 * an error, never a crash): any bytes go to the parser model loader.
 */
#include <stdint.h>
#include <stdlib.h>

#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct sr_parser *p = NULL;
  sr_error err;
  if (sr__parser_load_memory(sr__malloc_allocator(), "fuzz", data, size, &p,
                             &err) == SR_OK)
    sr__parser_free(p);
  return 0;
}
