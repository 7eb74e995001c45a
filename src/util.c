/*
 * util.c - the few helpers several stages share: the malloc-based default
 * allocator, reading a whole file (treebanks, model files) and the FNV-1a
 * string hash the model vocabularies use, lower-casing for matching, and
 * the month lengths and "YYYY-MM-DD" writer that ingest (publication dates)
 * and when (event dates) share. Declared in internal.h.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static void *malloc_alloc(void *ctx, size_t n) {
  (void)ctx;
  return malloc(n ? n : 1);
}

static void malloc_release(void *ctx, void *p) {
  (void)ctx;
  free(p);
}

const sr_allocator *sr__malloc_allocator(void) {
  static const sr_allocator allocator = {malloc_alloc, malloc_release, NULL};
  return &allocator;
}

sr_status sr__read_file(const char *path, size_t max, char **out, size_t *len,
                        sr_error *err) {
  FILE *fp = fopen(path, "rb");
  char *buf = NULL;
  size_t n = 0, cap = 0, got;
  *out = NULL;
  *len = 0;
  if (!fp)
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: cannot open: %s", path,
                     strerror(errno));
  do {
    if (cap - n < 65536) {
      char *nb;
      if (cap > max) {
        free(buf);
        fclose(fp);
        return sr__error(err, SR_ELIMIT, SIZE_MAX, 0,
                         "%s: larger than %zu bytes", path, max);
      }
      cap = cap ? cap * 2 : 1 << 16;
      if (!(nb = realloc(buf, cap))) {
        free(buf);
        fclose(fp);
        return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
      }
      buf = nb;
    }
    got = fread(buf + n, 1, cap - n, fp);
    n += got;
  } while (got);
  if (ferror(fp)) {
    free(buf);
    fclose(fp);
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: read error: %s", path,
                     strerror(errno));
  }
  fclose(fp);
  *out = buf;
  *len = n;
  return SR_OK;
}

uint64_t sr__hash_str(const char *s) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a offset basis */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

size_t sr__lower(const char *s, size_t n, char *out, size_t cap) {
  size_t i = 0, o = 0;
  while (i < n && o + 4 < cap) {
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) {
      out[o++] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
      i++;
    } else {
      utf8proc_int32_t cp;
      utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                            (utf8proc_ssize_t)(n - i), &cp);
      if (k < 1) {
        out[o++] = (char)b;
        i++;
      } else {
        o += (size_t)utf8proc_encode_char(utf8proc_tolower(cp),
                                          (utf8proc_uint8_t *)out + o);
        i += (size_t)k;
      }
    }
  }
  out[o] = '\0';
  return o;
}

int sr__month_days(int y, int m) {
  static const unsigned char days[12] = {31, 28, 31, 30, 31, 30,
                                         31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

void sr__put_ymd(char out[11], int y, int m, int d) {
  out[0] = (char)('0' + y / 1000 % 10);
  out[1] = (char)('0' + y / 100 % 10);
  out[2] = (char)('0' + y / 10 % 10);
  out[3] = (char)('0' + y % 10);
  out[4] = '-';
  out[5] = (char)('0' + m / 10);
  out[6] = (char)('0' + m % 10);
  out[7] = '-';
  out[8] = (char)('0' + d / 10);
  out[9] = (char)('0' + d % 10);
  out[10] = '\0';
}
