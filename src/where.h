/*
 * where.h - places: the compiled gazetteer (gazetteer.c reads and writes
 * it) and what the rest of the library asks of it (where.c: name lookup,
 * ranking, event locations, free-text geocoding).
 *
 * The gazetteer holds three kinds of place (countries, first-level
 * regions, populated places) and a sorted list of (key, place) names,
 * where a key is a name folded by sr__place_key(): lower case, no
 * diacritics, no apostrophes or dots, hyphens as spaces. The same folding
 * is applied to the words of a document, so "Rostov-on-Don" (five tokens),
 * "ROSTOV-NA-DONU" and "Rostov on Don" meet at one key. The file format is
 * in docs/ARCHITECTURE.md ("Places") and in gazetteer.c.
 */
#ifndef SR_WHERE_H
#define SR_WHERE_H

#include "internal.h"

#include <stdint.h>

#define SR_GAZ_NONE 0xFFFFu /* no country or region */
#define SR_GAZ_MAX_KEY 128  /* longest key in bytes, NUL included */
#define SR_GAZ_MAX_PLACES (1u << 24)

enum sr_place_kind {
  SR_PLACE_CITY = 0,
  SR_PLACE_ADMIN1 = 1,
  SR_PLACE_COUNTRY = 2
};

/* Flags of a name. */
enum {
  SR_NAME_COMMON = 1, /* also an ordinary word ("March", "Police"): such a
                         name is taken only with explicit context */
  SR_NAME_ALT = 2     /* an alternate or former name, not the current one */
};

struct sr_gaz_place {
  int32_t lat, lon;    /* degrees * 1e5 */
  uint32_t geonameid;  /* GeoNames id, 0 when unknown */
  uint32_t population; /* 0 when unknown */
  uint32_t name;       /* offset of the current name in the strings */
  uint16_t country;    /* index into countries, or SR_GAZ_NONE */
  uint16_t admin1;     /* index into admin1, or SR_GAZ_NONE */
  uint8_t kind;        /* enum sr_place_kind */
  uint8_t rank;        /* 3 capital, 2 seat of a region, 1 seat of a
                          district, 0 other */
};

struct sr_gaz_name {
  uint32_t key;   /* offset of the folded name in the strings */
  uint32_t place; /* index into places */
  uint32_t flags; /* SR_NAME_* */
};

struct sr_gaz_country {
  char iso2[3];   /* "UA" */
  char iso3[4];   /* "UKR" */
  uint32_t place; /* its place (kind SR_PLACE_COUNTRY) */
};

struct sr_gaz_admin1 {
  uint16_t country; /* index into countries */
  uint32_t code;    /* offset of the GeoNames code ("05") in the strings */
  uint32_t place;   /* its place (kind SR_PLACE_ADMIN1) */
};

struct sr_gazetteer {
  const char *strings; /* NUL-terminated strings, back to back */
  size_t strings_size;
  const struct sr_gaz_place *places;
  uint32_t n_places;
  const struct sr_gaz_name *names; /* sorted by key, then by place index */
  uint32_t n_names;
  const struct sr_gaz_country *countries;
  uint32_t n_countries;
  const struct sr_gaz_admin1 *admin1;
  uint32_t n_admin1;
  void *block;   /* the one allocation holding the tables above */
  void *payload; /* the decompressed file, holding the strings */
};

/* Folds a name into a lookup key (see above) in out[cap]; returns its
 * length (0 when nothing is left, or when it does not fit). */
size_t sr__place_key(const char *s, size_t n, char *out, size_t cap);

/* The range [*lo, *hi) of names whose key is `key`; returns *hi - *lo. */
size_t sr__gaz_find(const sr_gazetteer *g, const char *key, uint32_t *lo,
                    uint32_t *hi);

/* Nonzero when some key starts with `prefix` followed by a space: a longer
 * name may still match. */
int sr__gaz_has_longer(const sr_gazetteer *g, const char *prefix);

/* ---- building a gazetteer (tools/mk_gazetteer.c, tests) ---------------- */

struct sr_gaz_builder;

sr_status sr__gaz_builder_new(struct sr_gaz_builder **out);
void sr__gaz_builder_free(struct sr_gaz_builder *b);

/* Adds a place; `name` is its current name, also added as a name. The
 * place's `name` field is ignored. *idx (may be NULL) gets its index. */
sr_status sr__gaz_add_place(struct sr_gaz_builder *b,
                            const struct sr_gaz_place *p, const char *name,
                            uint32_t *idx);

/* The place at idx, to fill in fields later (admin1 of a region). */
struct sr_gaz_place *sr__gaz_place_at(struct sr_gaz_builder *b, uint32_t idx);

/* Adds another name of a place. Names whose key is empty or too long are
 * ignored; a key already listed for the place only merges the flags. */
sr_status sr__gaz_add_name(struct sr_gaz_builder *b, uint32_t place,
                           const char *name, uint32_t flags);

sr_status sr__gaz_add_country(struct sr_gaz_builder *b, const char *iso2,
                              const char *iso3, uint32_t place, uint16_t *idx);

sr_status sr__gaz_add_admin1(struct sr_gaz_builder *b, uint16_t country,
                             const char *code, uint32_t place, uint16_t *idx);

/* Writes the gazetteer file (zstd-compressed when `compress`). */
sr_status sr__gaz_write(struct sr_gaz_builder *b, const char *path,
                        int compress, sr_error *err);

#endif
