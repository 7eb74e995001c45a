/*
 * gazetteer.c - the compiled gazetteer file: folding names into keys,
 * building and writing the file (tools/mk_gazetteer.c and the tests use
 * the builder), and loading it, with every count and offset checked, so
 * that a truncated or corrupt file is a located error, never a crash.
 *
 * File layout (version 1; all integers little-endian, whatever the host):
 *   header, 40 bytes:
 *     0  magic "SRGAZ\r\n\x1a"   8  u32 version (1)    12 u32 flags (bit 0:
 *     the payload is zstd-compressed)   16 u64 payload bytes   24 u64 stored
 *     payload bytes   32 u32 CRC-32 of the payload   36 u32 zero
 *   payload (after decompression):
 *     u32 places, names, countries, admin1, string bytes
 *     places    26 bytes each, stored as columns (all latitudes, then all
 *               longitudes, ...): i32 lat*1e5, i32 lon*1e5, u32 geonameid
 *               (these three as differences from the previous place),
 *               u32 population, u32 name (string offset), u16 country,
 *               u16 admin1 (0xFFFF: none), u8 kind, u8 rank
 *     names     9 bytes each, as columns: u32 key (string offset, as a
 *               difference from the previous name's), u32 place, u8
 *               flags; sorted by key bytes, then place; the keys come
 *               first in the strings, in this order
 *     countries 12 bytes each: 2 bytes ISO2, 3 bytes ISO3, 3 zero, u32 place
 *     admin1    12 bytes each: u16 country, u16 zero, u32 code (string
 *               offset), u32 place
 *     strings   NUL-terminated UTF-8, the last byte a NUL
 * Loading decodes the arrays field by field (no casts of the file's
 * bytes), so the format does not depend on the host's byte order or
 * struct padding.
 */
#include "where.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <zlib.h>
#include <zstd.h>

#define GAZ_MAGIC "SRGAZ\r\n\x1a"
#define GAZ_MAGIC_LEN 8
#define GAZ_VERSION 1u
#define GAZ_HEADER_LEN 40
#define GAZ_FLAG_ZSTD 1u
#define GAZ_PLACE_LEN 26
#define GAZ_NAME_LEN 9
#define GAZ_COUNTRY_LEN 12
#define GAZ_ADMIN1_LEN 12
#define GAZ_MAX_PAYLOAD ((uint64_t)1 << 30) /* refuse anything larger */

/* ------------------------------------------------------------------------ */
/* Keys                                                                     */
/* ------------------------------------------------------------------------ */

/* Letters that Unicode does not decompose into a base letter and a mark,
 * but that writers replace by ASCII ones ("Łódź" as "Lodz"). */
static const char *fold_special(utf8proc_int32_t c) {
  switch (c) {
  case 0x141: /* Ł */
  case 0x142: /* ł */
    return "l";
  case 0xD8: /* Ø */
  case 0xF8: /* ø */
    return "o";
  case 0x110: /* Đ */
  case 0x111: /* đ */
    return "d";
  case 0x131: /* dotless i */
    return "i";
  case 0xC6: /* Æ */
  case 0xE6: /* æ */
    return "ae";
  case 0x152: /* Œ */
  case 0x153: /* œ */
    return "oe";
  case 0xDF: /* ß */
    return "ss";
  case 0xDE: /* Þ */
  case 0xFE: /* þ */
    return "th";
  default:
    return NULL;
  }
}

/* Dropped without a trace: apostrophes and dots ("Artemivs'k",
 * "St. Petersburg"), and soft signs written as primes. */
static int fold_dropped(utf8proc_int32_t c) {
  return c == '\'' || c == '.' || c == '`' || c == 0x2019 || c == 0x2018 ||
         c == 0x2BC || c == 0x2BB || c == 0xB4 || c == 0x2032 || c == 0x2B9;
}

size_t sr__place_key(const char *s, size_t n, char *out, size_t cap) {
  size_t i = 0, o = 0;
  int space = 0; /* a separator is pending */
  if (cap < 2)
    return 0;
  while (i < n) {
    unsigned char b = (unsigned char)s[i];
    utf8proc_int32_t cps[8];
    utf8proc_ssize_t k = 1, m = 1, j;
    if (b < 0x80) {
      cps[0] = b >= 'A' && b <= 'Z' ? b + 32 : b;
      i++;
    } else {
      utf8proc_int32_t cp;
      int bound = 0;
      k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                           (utf8proc_ssize_t)(n - i), &cp);
      if (k < 1) { /* an invalid byte separates words */
        i++;
        space = o > 0;
        continue;
      }
      i += (size_t)k;
      m = utf8proc_decompose_char(
          cp, cps, 8,
          UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &bound);
      if (m < 1 || m > 8)
        continue;
    }
    for (j = 0; j < m; j++) {
      utf8proc_int32_t c = cps[j];
      const char *sp = fold_special(c);
      utf8proc_category_t cat;
      size_t len;
      utf8proc_uint8_t enc[4];
      if (fold_dropped(c))
        continue;
      cat = c < 0x80 ? UTF8PROC_CATEGORY_CN : utf8proc_category(c);
      if (!sp && c < 0x80 &&
          !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        space = o > 0;
        continue;
      }
      if (!sp && c >= 0x80 &&
          !(cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) &&
          !(cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO)) {
        space = o > 0;
        continue;
      }
      if (space) {
        if (o + 1 >= cap)
          return 0;
        out[o++] = ' ';
        space = 0;
      }
      if (sp) {
        len = strlen(sp);
        if (o + len >= cap)
          return 0;
        memcpy(out + o, sp, len);
      } else {
        len = (size_t)utf8proc_encode_char(c, enc);
        if (o + len >= cap)
          return 0;
        memcpy(out + o, enc, len);
      }
      o += len;
    }
  }
  out[o] = '\0';
  return o;
}

/* ------------------------------------------------------------------------ */
/* Lookup                                                                   */
/* ------------------------------------------------------------------------ */

/* The first name whose key is not below `key` (byte order). */
static uint32_t lower_bound(const sr_gazetteer *g, const char *key) {
  uint32_t lo = 0, hi = g->n_names;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (strcmp(g->strings + g->names[mid].key, key) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

size_t sr__gaz_find(const sr_gazetteer *g, const char *key, uint32_t *lo,
                    uint32_t *hi) {
  uint32_t a = lower_bound(g, key), b = a;
  while (b < g->n_names && !strcmp(g->strings + g->names[b].key, key))
    b++;
  *lo = a;
  *hi = b;
  return b - a;
}

int sr__gaz_has_longer(const sr_gazetteer *g, const char *prefix) {
  char buf[SR_GAZ_MAX_KEY + 1];
  size_t n = strlen(prefix);
  uint32_t i;
  if (n + 2 > sizeof buf)
    return 0;
  memcpy(buf, prefix, n);
  buf[n] = ' ';
  buf[n + 1] = '\0';
  i = lower_bound(g, buf);
  return i < g->n_names && !strncmp(g->strings + g->names[i].key, buf, n + 1);
}

/* ------------------------------------------------------------------------ */
/* Building                                                                 */
/* ------------------------------------------------------------------------ */

struct sr_gaz_builder {
  char *strings; /* the string pool */
  size_t strings_len, strings_cap;
  uint32_t *intern; /* open addressing: string offset + 1, 0 empty */
  size_t intern_cap, intern_count;
  struct sr_gaz_place *places;
  size_t n_places, cap_places;
  struct sr_gaz_name *names;
  size_t n_names, cap_names;
  struct sr_gaz_country *countries;
  size_t n_countries, cap_countries;
  struct sr_gaz_admin1 *admin1;
  size_t n_admin1, cap_admin1;
};

/* Makes room for one more item in a growable array. */
static int grow(void **items, size_t *cap, size_t n, size_t size) {
  void *p;
  size_t ncap;
  if (n < *cap)
    return 1;
  ncap = *cap ? *cap * 2 : 256;
  if (!(p = realloc(*items, ncap * size)))
    return 0;
  *items = p;
  *cap = ncap;
  return 1;
}

sr_status sr__gaz_builder_new(struct sr_gaz_builder **out) {
  struct sr_gaz_builder *b = calloc(1, sizeof *b);
  *out = NULL;
  if (!b)
    return SR_ENOMEM;
  b->intern_cap = 1 << 16;
  b->intern = calloc(b->intern_cap, sizeof *b->intern);
  b->strings = malloc(1 << 16);
  b->strings_cap = 1 << 16;
  if (!b->intern || !b->strings) {
    sr__gaz_builder_free(b);
    return SR_ENOMEM;
  }
  b->strings[0] = '\0'; /* offset 0 is the empty string */
  b->strings_len = 1;
  *out = b;
  return SR_OK;
}

void sr__gaz_builder_free(struct sr_gaz_builder *b) {
  if (!b)
    return;
  free(b->strings);
  free(b->intern);
  free(b->places);
  free(b->names);
  free(b->countries);
  free(b->admin1);
  free(b);
}

/* The offset of string s in the pool, adding it once. */
static sr_status intern(struct sr_gaz_builder *b, const char *s,
                        uint32_t *off) {
  size_t n = strlen(s), mask, i;
  uint64_t h = sr__hash_str(s);
  if (b->intern_count * 2 >= b->intern_cap) { /* rehash at half full */
    size_t ncap = b->intern_cap * 2, k;
    uint32_t *nt = calloc(ncap, sizeof *nt);
    if (!nt)
      return SR_ENOMEM;
    for (k = 0; k < b->intern_cap; k++) {
      uint32_t v = b->intern[k];
      if (!v)
        continue;
      i = (size_t)sr__hash_str(b->strings + v - 1) & (ncap - 1);
      while (nt[i])
        i = (i + 1) & (ncap - 1);
      nt[i] = v;
    }
    free(b->intern);
    b->intern = nt;
    b->intern_cap = ncap;
  }
  mask = b->intern_cap - 1;
  for (i = (size_t)h & mask; b->intern[i]; i = (i + 1) & mask)
    if (!strcmp(b->strings + b->intern[i] - 1, s)) {
      *off = b->intern[i] - 1;
      return SR_OK;
    }
  if (b->strings_len + n + 1 > UINT32_MAX - 1)
    return SR_ELIMIT;
  while (b->strings_len + n + 1 > b->strings_cap) {
    char *p = realloc(b->strings, b->strings_cap * 2);
    if (!p)
      return SR_ENOMEM;
    b->strings = p;
    b->strings_cap *= 2;
  }
  memcpy(b->strings + b->strings_len, s, n + 1);
  *off = (uint32_t)b->strings_len;
  b->intern[i] = (uint32_t)b->strings_len + 1;
  b->intern_count++;
  b->strings_len += n + 1;
  return SR_OK;
}

sr_status sr__gaz_add_place(struct sr_gaz_builder *b,
                            const struct sr_gaz_place *p, const char *name,
                            uint32_t *idx) {
  sr_status st;
  uint32_t at = (uint32_t)b->n_places;
  if (b->n_places >= SR_GAZ_MAX_PLACES)
    return SR_ELIMIT;
  if (!grow((void **)&b->places, &b->cap_places, b->n_places,
            sizeof *b->places))
    return SR_ENOMEM;
  b->places[at] = *p;
  if ((st = intern(b, name, &b->places[at].name)) != SR_OK)
    return st;
  b->n_places++;
  if (idx)
    *idx = at;
  return sr__gaz_add_name(b, at, name, 0);
}

struct sr_gaz_place *sr__gaz_place_at(struct sr_gaz_builder *b, uint32_t idx) {
  return idx < b->n_places ? &b->places[idx] : NULL;
}

sr_status sr__gaz_add_name(struct sr_gaz_builder *b, uint32_t place,
                           const char *name, uint32_t flags) {
  char key[SR_GAZ_MAX_KEY];
  uint32_t off;
  sr_status st;
  size_t i;
  if (place >= b->n_places)
    return SR_EINVAL;
  if (!sr__place_key(name, strlen(name), key, sizeof key))
    return SR_OK;
  if ((st = intern(b, key, &off)) != SR_OK)
    return st;
  /* names of one place are added together: look back over them */
  for (i = b->n_names; i-- > 0 && b->names[i].place == place;)
    if (b->names[i].key == off) {
      b->names[i].flags &= flags | SR_NAME_COMMON; /* current name wins */
      b->names[i].flags |= flags & SR_NAME_COMMON;
      return SR_OK;
    }
  if (!grow((void **)&b->names, &b->cap_names, b->n_names, sizeof *b->names))
    return SR_ENOMEM;
  b->names[b->n_names].key = off;
  b->names[b->n_names].place = place;
  b->names[b->n_names].flags = flags;
  b->n_names++;
  return SR_OK;
}

sr_status sr__gaz_add_country(struct sr_gaz_builder *b, const char *iso2,
                              const char *iso3, uint32_t place, uint16_t *idx) {
  struct sr_gaz_country *c;
  if (strlen(iso2) != 2 || strlen(iso3) != 3 || place >= b->n_places)
    return SR_EINVAL;
  if (b->n_countries >= SR_GAZ_NONE)
    return SR_ELIMIT;
  if (!grow((void **)&b->countries, &b->cap_countries, b->n_countries,
            sizeof *b->countries))
    return SR_ENOMEM;
  c = &b->countries[b->n_countries];
  memcpy(c->iso2, iso2, 3);
  memcpy(c->iso3, iso3, 4);
  c->place = place;
  if (idx)
    *idx = (uint16_t)b->n_countries;
  b->n_countries++;
  return SR_OK;
}

sr_status sr__gaz_add_admin1(struct sr_gaz_builder *b, uint16_t country,
                             const char *code, uint32_t place, uint16_t *idx) {
  struct sr_gaz_admin1 *a;
  sr_status st;
  if (country >= b->n_countries || place >= b->n_places)
    return SR_EINVAL;
  if (b->n_admin1 >= SR_GAZ_NONE)
    return SR_ELIMIT;
  if (!grow((void **)&b->admin1, &b->cap_admin1, b->n_admin1,
            sizeof *b->admin1))
    return SR_ENOMEM;
  a = &b->admin1[b->n_admin1];
  a->country = country;
  a->place = place;
  if ((st = intern(b, code, &a->code)) != SR_OK)
    return st;
  if (idx)
    *idx = (uint16_t)b->n_admin1;
  b->n_admin1++;
  return SR_OK;
}

/* A name with its key string, so that qsort needs no context. */
struct sort_name {
  const char *key;
  struct sr_gaz_name name;
};

static int name_cmp(const void *a, const void *b) {
  const struct sort_name *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  if (c)
    return c;
  return x->name.place < y->name.place ? -1 : x->name.place > y->name.place;
}

static sr_status sort_names(struct sr_gaz_builder *b) {
  struct sort_name *tmp = malloc((b->n_names ? b->n_names : 1) * sizeof *tmp);
  size_t i;
  if (!tmp)
    return SR_ENOMEM;
  for (i = 0; i < b->n_names; i++) {
    tmp[i].key = b->strings + b->names[i].key;
    tmp[i].name = b->names[i];
  }
  qsort(tmp, b->n_names, sizeof *tmp, name_cmp);
  for (i = 0; i < b->n_names; i++)
    b->names[i] = tmp[i].name;
  free(tmp);
  return SR_OK;
}

static void put_u16(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
}

static void put_u32(unsigned char *p, uint32_t v) {
  put_u16(p, v & 0xFFFF);
  put_u16(p + 2, v >> 16);
}

static void put_u64(unsigned char *p, uint64_t v) {
  put_u32(p, (uint32_t)v);
  put_u32(p + 4, (uint32_t)(v >> 32));
}

/* Rewrites the string pool with the keys first, in name order, so that
 * the key offsets of the sorted names grow and their differences are
 * small (they compress). The builder takes no more names afterwards. */
static sr_status reorder_pool(struct sr_gaz_builder *b) {
  char *pool = malloc(b->strings_cap);
  uint32_t *map = malloc(b->strings_len * sizeof *map);
  size_t len = 1, i, off;
  if (!pool || !map) {
    free(pool);
    free(map);
    return SR_ENOMEM;
  }
  memset(map, 0xFF, b->strings_len * sizeof *map);
  pool[0] = '\0';
  map[0] = 0;
  for (i = 0; i < b->n_names; i++) {
    off = b->names[i].key;
    if (map[off] == UINT32_MAX) {
      size_t n = strlen(b->strings + off) + 1;
      memcpy(pool + len, b->strings + off, n);
      map[off] = (uint32_t)len;
      len += n;
    }
    b->names[i].key = map[off];
  }
  for (off = 1; off < b->strings_len; off += strlen(b->strings + off) + 1)
    if (map[off] == UINT32_MAX) {
      size_t n = strlen(b->strings + off) + 1;
      memcpy(pool + len, b->strings + off, n);
      map[off] = (uint32_t)len;
      len += n;
    }
  for (i = 0; i < b->n_places; i++)
    b->places[i].name = map[b->places[i].name];
  for (i = 0; i < b->n_admin1; i++)
    b->admin1[i].code = map[b->admin1[i].code];
  free(b->strings);
  free(map);
  b->strings = pool;
  memset(b->intern, 0, b->intern_cap * sizeof *b->intern);
  b->intern_count = 0;
  return SR_OK;
}

sr_status sr__gaz_write(struct sr_gaz_builder *b, const char *path,
                        int compress, sr_error *err) {
  size_t size, i, n, stored_len;
  unsigned char *buf, *p, header[GAZ_HEADER_LEN];
  void *stored;
  FILE *fp;
  int ok;
  if (sort_names(b) != SR_OK || reorder_pool(b) != SR_OK)
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  size = 20 + b->n_places * GAZ_PLACE_LEN + b->n_names * GAZ_NAME_LEN +
         b->n_countries * GAZ_COUNTRY_LEN + b->n_admin1 * GAZ_ADMIN1_LEN +
         b->strings_len;
  if (!(buf = calloc(1, size)))
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  p = buf;
  put_u32(p, (uint32_t)b->n_places);
  put_u32(p + 4, (uint32_t)b->n_names);
  put_u32(p + 8, (uint32_t)b->n_countries);
  put_u32(p + 12, (uint32_t)b->n_admin1);
  put_u32(p + 16, (uint32_t)b->strings_len);
  p += 20;
  n = b->n_places; /* columns; coordinates and ids as differences */
  for (i = 0; i < n; i++) {
    const struct sr_gaz_place *q = &b->places[i],
                              *pr = &b->places[i ? i - 1 : 0];
    put_u32(p + i * 4, (uint32_t)q->lat - (i ? (uint32_t)pr->lat : 0));
    put_u32(p + 4 * n + i * 4, (uint32_t)q->lon - (i ? (uint32_t)pr->lon : 0));
    put_u32(p + 8 * n + i * 4, q->geonameid - (i ? pr->geonameid : 0));
    put_u32(p + 12 * n + i * 4, q->population);
    put_u32(p + 16 * n + i * 4, q->name);
    put_u16(p + 20 * n + i * 2, q->country);
    put_u16(p + 22 * n + i * 2, q->admin1);
    p[24 * n + i] = q->kind;
    p[25 * n + i] = q->rank;
  }
  p += GAZ_PLACE_LEN * n;
  n = b->n_names;
  for (i = 0; i < n; i++) {
    put_u32(p + i * 4, b->names[i].key - (i ? b->names[i - 1].key : 0));
    put_u32(p + 4 * n + i * 4, b->names[i].place);
    p[8 * n + i] = (unsigned char)b->names[i].flags;
  }
  p += GAZ_NAME_LEN * n;
  for (i = 0; i < b->n_countries; i++, p += GAZ_COUNTRY_LEN) {
    memcpy(p, b->countries[i].iso2, 2);
    memcpy(p + 2, b->countries[i].iso3, 3);
    put_u32(p + 8, b->countries[i].place);
  }
  for (i = 0; i < b->n_admin1; i++, p += GAZ_ADMIN1_LEN) {
    put_u16(p, b->admin1[i].country);
    put_u32(p + 4, b->admin1[i].code);
    put_u32(p + 8, b->admin1[i].place);
  }
  memcpy(p, b->strings, b->strings_len);
  stored = buf;
  stored_len = size;
  if (compress) {
    size_t bound = ZSTD_compressBound(size);
    if (!(stored = malloc(bound))) {
      free(buf);
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    }
    stored_len = ZSTD_compress(stored, bound, buf, size, 19);
    if (ZSTD_isError(stored_len)) {
      free(stored);
      free(buf);
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "zstd: %s",
                       ZSTD_getErrorName(stored_len));
    }
  }
  memset(header, 0, sizeof header);
  memcpy(header, GAZ_MAGIC, GAZ_MAGIC_LEN);
  put_u32(header + 8, GAZ_VERSION);
  put_u32(header + 12, compress ? GAZ_FLAG_ZSTD : 0);
  put_u64(header + 16, size);
  put_u64(header + 24, stored_len);
  put_u32(header + 32, (uint32_t)crc32(crc32(0L, Z_NULL, 0), buf, (uInt)size));
  fp = fopen(path, "wb");
  ok = fp && fwrite(header, 1, sizeof header, fp) == sizeof header &&
       fwrite(stored, 1, stored_len, fp) == stored_len;
  if (fp && fclose(fp) != 0)
    ok = 0;
  if (stored != buf)
    free(stored);
  free(buf);
  if (!ok)
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: cannot write: %s", path,
                     strerror(errno));
  return SR_OK;
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                  */
/* ------------------------------------------------------------------------ */

static uint32_t get_u16(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get_u32(const unsigned char *p) {
  return get_u16(p) | get_u16(p + 2) << 16;
}

static uint64_t get_u64(const unsigned char *p) {
  return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

/* Decodes and checks a payload into g. `name` is for messages. */
static sr_status decode(sr_gazetteer *g, const unsigned char *p, size_t size,
                        const char *name, sr_error *err) {
  uint32_t np, nn, nc, na, ns, i;
  uint64_t need;
  char *block;
  struct sr_gaz_place *places;
  struct sr_gaz_name *names;
  struct sr_gaz_country *countries;
  struct sr_gaz_admin1 *admin1;
  if (size < 20)
    return sr__error(err, SR_EFORMAT, GAZ_HEADER_LEN, 0,
                     "%s: gazetteer payload too short", name);
  np = get_u32(p);
  nn = get_u32(p + 4);
  nc = get_u32(p + 8);
  na = get_u32(p + 12);
  ns = get_u32(p + 16);
  need = 20 + (uint64_t)np * GAZ_PLACE_LEN + (uint64_t)nn * GAZ_NAME_LEN +
         (uint64_t)nc * GAZ_COUNTRY_LEN + (uint64_t)na * GAZ_ADMIN1_LEN + ns;
  if (need != size || np > SR_GAZ_MAX_PLACES || nc >= SR_GAZ_NONE ||
      na >= SR_GAZ_NONE || !ns || p[size - 1] != '\0')
    return sr__error(err, SR_EFORMAT, GAZ_HEADER_LEN, 0,
                     "%s: gazetteer tables do not add up to the payload "
                     "(%zu bytes)",
                     name, size);
  block =
      malloc((size_t)np * sizeof *places + (size_t)nn * sizeof *names +
             (size_t)nc * sizeof *countries + (size_t)na * sizeof *admin1 + 1);
  if (!block)
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  places = (void *)block;
  names = (void *)(places + np);
  countries = (void *)(names + nn);
  admin1 = (void *)(countries + nc);
  g->block = block;
  g->strings = (const char *)p + size - ns; /* in the payload, kept */
  g->strings_size = ns;
  p += 20;
#define BAD(what, idx)                                                         \
  sr__error(err, SR_EFORMAT, SIZE_MAX, 0, "%s: gazetteer %s %u is corrupt",    \
            name, what, (unsigned)(idx))
  for (i = 0; i < np; i++) { /* columns; see the top */
    struct sr_gaz_place *q = &places[i];
    uint32_t lat = get_u32(p + i * 4), lon = get_u32(p + 4 * np + i * 4),
             id = get_u32(p + 8 * np + i * 4);
    if (i) {
      lat += (uint32_t)places[i - 1].lat;
      lon += (uint32_t)places[i - 1].lon;
      id += places[i - 1].geonameid;
    }
    q->lat = lat <= INT32_MAX ? (int32_t)lat : -(int32_t)(~lat) - 1;
    q->lon = lon <= INT32_MAX ? (int32_t)lon : -(int32_t)(~lon) - 1;
    q->geonameid = id;
    q->population = get_u32(p + 12 * (size_t)np + i * 4);
    q->name = get_u32(p + 16 * (size_t)np + i * 4);
    q->country = (uint16_t)get_u16(p + 20 * (size_t)np + i * 2);
    q->admin1 = (uint16_t)get_u16(p + 22 * (size_t)np + i * 2);
    q->kind = p[24 * (size_t)np + i];
    q->rank = p[25 * (size_t)np + i];
    if (q->name >= ns || (q->country != SR_GAZ_NONE && q->country >= nc) ||
        (q->admin1 != SR_GAZ_NONE && q->admin1 >= na) ||
        q->kind > SR_PLACE_COUNTRY || q->lat < -9000000 || q->lat > 9000000 ||
        q->lon < -18000000 || q->lon > 18000000)
      return BAD("place", i);
  }
  p += GAZ_PLACE_LEN * (size_t)np;
  for (i = 0; i < nn; i++) {
    names[i].key = get_u32(p + i * 4) + (i ? names[i - 1].key : 0);
    names[i].place = get_u32(p + 4 * (size_t)nn + i * 4);
    names[i].flags = p[8 * (size_t)nn + i];
    if (names[i].key >= ns || names[i].place >= np ||
        strlen(g->strings + names[i].key) >= SR_GAZ_MAX_KEY ||
        (i &&
         strcmp(g->strings + names[i - 1].key, g->strings + names[i].key) > 0))
      return BAD("name", i);
  }
  p += GAZ_NAME_LEN * (size_t)nn;
  for (i = 0; i < nc; i++, p += GAZ_COUNTRY_LEN) {
    memcpy(countries[i].iso2, p, 2);
    countries[i].iso2[2] = '\0';
    memcpy(countries[i].iso3, p + 2, 3);
    countries[i].iso3[3] = '\0';
    countries[i].place = get_u32(p + 8);
    if (countries[i].place >= np)
      return BAD("country", i);
  }
  for (i = 0; i < na; i++, p += GAZ_ADMIN1_LEN) {
    admin1[i].country = (uint16_t)get_u16(p);
    admin1[i].code = get_u32(p + 4);
    admin1[i].place = get_u32(p + 8);
    if (admin1[i].country >= nc || admin1[i].code >= ns ||
        admin1[i].place >= np)
      return BAD("region", i);
  }
#undef BAD
  g->places = places;
  g->n_places = np;
  g->names = names;
  g->n_names = nn;
  g->countries = countries;
  g->n_countries = nc;
  g->admin1 = admin1;
  g->n_admin1 = na;
  return SR_OK;
}

sr_status sr_gazetteer_open_memory(const void *bytes, size_t len,
                                   const char *name, sr_gazetteer **out,
                                   sr_error *err) {
  const unsigned char *b = bytes;
  uint64_t size, stored;
  uint32_t version, flags, crc;
  unsigned char *raw = NULL;
  const unsigned char *payload;
  sr_gazetteer *g;
  sr_status st;
  if (!out)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "sr_gazetteer_open: NULL argument");
  *out = NULL;
  if (!name)
    name = "gazetteer";
  if (!bytes || len < GAZ_HEADER_LEN || memcmp(b, GAZ_MAGIC, GAZ_MAGIC_LEN))
    return sr__error(err, SR_EFORMAT, 0, 0,
                     "%s: not a sitrep gazetteer (bad magic or shorter than "
                     "its header)",
                     name);
  version = get_u32(b + 8);
  flags = get_u32(b + 12);
  size = get_u64(b + 16);
  stored = get_u64(b + 24);
  crc = get_u32(b + 32);
  if (version != GAZ_VERSION)
    return sr__error(err, SR_EFORMAT, 8, 0,
                     "%s: gazetteer version %u, this sitrep reads version %u",
                     name, (unsigned)version, GAZ_VERSION);
  if (flags & ~GAZ_FLAG_ZSTD || size > GAZ_MAX_PAYLOAD ||
      (!(flags & GAZ_FLAG_ZSTD) && stored != size))
    return sr__error(err, SR_EFORMAT, 12, 0, "%s: bad gazetteer header", name);
  if (stored != len - GAZ_HEADER_LEN)
    return sr__error(err, SR_EIO, len, 0,
                     "%s: gazetteer is truncated or has trailing bytes (%zu "
                     "payload bytes, header says %llu)",
                     name, len - GAZ_HEADER_LEN, (unsigned long long)stored);
  payload = b + GAZ_HEADER_LEN;
  if (flags & GAZ_FLAG_ZSTD) {
    size_t got;
    if (!(raw = malloc(size ? (size_t)size : 1)))
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    got = ZSTD_decompress(raw, (size_t)size, payload, (size_t)stored);
    if (ZSTD_isError(got) || got != size) {
      free(raw);
      return sr__error(err, SR_EFORMAT, GAZ_HEADER_LEN, 0,
                       "%s: gazetteer payload does not decompress: %s", name,
                       ZSTD_isError(got) ? ZSTD_getErrorName(got)
                                         : "wrong size");
    }
  } else { /* keep a copy: the strings are used where they are */
    if (!(raw = malloc(size ? (size_t)size : 1)))
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    memcpy(raw, payload, (size_t)size);
  }
  payload = raw;
  if ((uint32_t)crc32(crc32(0L, Z_NULL, 0), payload, (uInt)size) != crc) {
    free(raw);
    return sr__error(err, SR_EFORMAT, GAZ_HEADER_LEN, 0,
                     "%s: gazetteer checksum mismatch (corrupt file)", name);
  }
  if (!(g = calloc(1, sizeof *g))) {
    free(raw);
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  g->payload = raw;
  st = decode(g, payload, (size_t)size, name, err);
  if (st != SR_OK) {
    sr_gazetteer_free(g);
    return st;
  }
  *out = g;
  return SR_OK;
}

sr_status sr_gazetteer_open(const char *path, sr_gazetteer **out,
                            sr_error *err) {
  char *buf;
  size_t len;
  sr_status st;
  if (!out)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "sr_gazetteer_open: NULL argument");
  *out = NULL;
  if (!path)
    path = getenv("SITREP_GAZETTEER");
  if (!path)
    path = SITREP_GAZETTEER_FILE;
  { /* one read of the known size: no growing buffer */
    FILE *fp = fopen(path, "rb");
    long n;
    if (!fp)
      return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: cannot open: %s", path,
                       strerror(errno));
    if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
        (uint64_t)n > GAZ_MAX_PAYLOAD || fseek(fp, 0, SEEK_SET) != 0) {
      fclose(fp);
      return sr__error(err, SR_EIO, SIZE_MAX, 0,
                       "%s: cannot read (not a regular file, or too large)",
                       path);
    }
    len = (size_t)n;
    if (!(buf = malloc(len ? len : 1))) {
      fclose(fp);
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    }
    if (fread(buf, 1, len, fp) != len) {
      free(buf);
      fclose(fp);
      return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: read error", path);
    }
    fclose(fp);
  }
  st = sr_gazetteer_open_memory(buf, len, path, out, err);
  free(buf);
  return st;
}

void sr_gazetteer_free(sr_gazetteer *g) {
  if (!g)
    return;
  free(g->block);
  free(g->payload);
  free(g);
}
