/*
 * fuzz_gazetteer.c - libFuzzer target for gazetteer files (issue #6: a
 * truncated or corrupt gazetteer is an error naming the file, never a
 * crash). The first byte chooses the mode: odd, the rest is a payload that
 * gets a valid header and checksum, so the fuzzer reaches the table checks
 * of the loader instead of stopping at the CRC; even, the rest is a whole
 * file. A gazetteer that loads is then asked for a few descriptions.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "sitrep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put32(unsigned char *p, uint64_t v) {
  int i;
  for (i = 0; i < 4; i++)
    p[i] = (unsigned char)(v >> (8 * i));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const queries[] = {
      "Kozinka, Belgorod region", "near Bakhmut", "a b c d e f g h", "Ukraine"};
  sr_gazetteer *g = NULL;
  sr_error err;
  unsigned char *buf = NULL;
  const unsigned char *file = data + 1;
  size_t len = size ? size - 1 : 0, i;
  if (!size)
    return 0;
  if (data[0] & 1) {
    if (!(buf = calloc(1, 40 + len + 1)))
      return 0;
    memcpy(buf, "SRGAZ\r\n\x1a", 8);
    put32(buf + 8, 1);
    put32(buf + 16, len); /* payload size, low word */
    put32(buf + 24, len); /* stored size, low word */
    put32(buf + 32, crc32(crc32(0L, Z_NULL, 0), data + 1, (uInt)len));
    memcpy(buf + 40, data + 1, len);
    file = buf;
    len += 40;
  }
  if (sr_gazetteer_open_memory(file, len, "fuzz", &g, &err) == SR_OK) {
    for (i = 0; i < sizeof queries / sizeof *queries; i++) {
      sr_location loc;
      sr_geocode(g, queries[i], strlen(queries[i]), NULL, &loc, &err);
    }
    sr_gazetteer_free(g);
  }
  free(buf);
  return 0;
}
