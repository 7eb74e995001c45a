/*
 * lemma.c - a lemmatizer learned from a treebank.
 *
 * Two tables, both keyed by the Penn Treebank tag:
 *   rules       tag + the last k letters of the lower-cased form (k = 0..5)
 *               -> "strip s letters, add a": VBD "ied" -> strip 1 add "y"
 *               ("tried" -> "try"), NNS "s" -> strip 1 ("troops" -> troop);
 *   exceptions  tag + form -> lemma, only for the words of the training set
 *               that the rules get wrong ("fled"/VBD -> flee, "struck" ->
 *               strike, "people"/NNS -> person).
 * A word takes its exception if it has one, else the rule of its longest
 * known suffix seen at least twice. Proper nouns keep their case (EWT's
 * "Google" -> Google); other words are lower-cased first ("Troops" -> troop).
 * Numbers, symbols and punctuation are their own lemma.
 */
#include "lemma.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SUFFIX 5     /* longest suffix a rule looks at */
#define MIN_RULE_COUNT 2 /* a rule must be seen this often to be trusted */
#define MAX_WORD 200     /* longer words are their own lemma */

/* A string -> string hash table with open addressing, in an arena. */
struct strmap {
  const char **keys, **values;
  size_t cap, count; /* cap is a power of two */
};

struct sr_lemmatizer {
  sr_arena arena;           /* owns everything */
  struct strmap rules;      /* "TAG\tSUFFIX" -> "STRIP\tADD" */
  struct strmap exceptions; /* "TAG\tFORM" -> lemma */
  struct strmap lexicon;    /* lemmas seen in training -> "" */
  size_t rule_count, exception_count, lexicon_count;
};

static int map_init(struct strmap *m, sr_arena *a, size_t expected) {
  size_t cap = 64;
  while (cap < expected * 2)
    cap *= 2;
  m->keys = sr__arena_calloc(a, cap, sizeof *m->keys);
  m->values = sr__arena_calloc(a, cap, sizeof *m->values);
  m->cap = cap;
  m->count = 0;
  return m->keys && m->values;
}

/* Inserts (key, value); both must live in the arena. The table is sized
 * for the entries up front, so it never fills. */
static void map_put(struct strmap *m, const char *key, const char *value) {
  size_t i = (size_t)sr__hash_str(key) & (m->cap - 1);
  while (m->keys[i] && strcmp(m->keys[i], key))
    i = (i + 1) & (m->cap - 1);
  if (!m->keys[i])
    m->count++;
  m->keys[i] = key;
  m->values[i] = value;
}

static const char *map_get(const struct strmap *m, const char *key) {
  size_t i = (size_t)sr__hash_str(key) & (m->cap - 1);
  while (m->keys[i]) {
    if (!strcmp(m->keys[i], key))
      return m->values[i];
    i = (i + 1) & (m->cap - 1);
  }
  return NULL;
}

static char *arena_strdup(sr_arena *a, const char *s, size_t n) {
  char *p = sr__arena_alloc(a, n + 1);
  if (p) {
    memcpy(p, s, n);
    p[n] = '\0';
  }
  return p;
}

static int is_proper(const char *xpos) {
  return !strcmp(xpos, "NNP") || !strcmp(xpos, "NNPS");
}

/* Tags whose words are their own lemma. */
static int is_invariant(const char *xpos) {
  return !strcmp(xpos, ".") || !strcmp(xpos, ",") || !strcmp(xpos, ":") ||
         !strcmp(xpos, "``") || !strcmp(xpos, "''") || !strcmp(xpos, "-LRB-") ||
         !strcmp(xpos, "-RRB-") || !strcmp(xpos, "HYPH") ||
         !strcmp(xpos, "NFP") || !strcmp(xpos, "SYM") || !strcmp(xpos, "$") ||
         !strcmp(xpos, "#") || !strcmp(xpos, "ADD");
}

/* The form as rules see it: lower-cased unless a proper noun. */
static size_t rule_form(const char *form, size_t n, const char *xpos,
                        char *out) {
  size_t i;
  int keep = is_proper(xpos);
  for (i = 0; i < n; i++)
    out[i] = keep ? form[i] : (char)tolower((unsigned char)form[i]);
  out[n] = '\0';
  return n;
}

/* Applies the rules from the longest known suffix down and takes the first
 * result that is a lemma seen in training ("shelled": "-lled" -> "shel" is
 * no word, "-ed" -> "shell" is); with none, the longest suffix's result.
 * Returns 0 if no rule applies. */
static int apply_rules(const struct sr_lemmatizer *m, const char *w, size_t n,
                       const char *xpos, char *out, size_t cap) {
  char key[64], cand[MAX_WORD + 64];
  size_t k = n - 1 < MAX_SUFFIX ? n - 1 : MAX_SUFFIX;
  int found = 0;
  for (;; k--) {
    const char *rule;
    int len = snprintf(key, sizeof key, "%s\t%s", xpos, w + n - k);
    if (len > 0 && (size_t)len < sizeof key &&
        (rule = map_get(&m->rules, key)) != NULL) {
      char *tab;
      long strip = strtol(rule, &tab, 10);
      size_t keep;
      if (*tab == '\t' && strip >= 0 && (size_t)strip < n) {
        keep = n - (size_t)strip;
        snprintf(cand, sizeof cand, "%.*s%s", (int)keep, w, tab + 1);
        if (!found)
          snprintf(out, cap, "%s", cand);
        found = 1;
        if (!m->lexicon.count || map_get(&m->lexicon, cand)) {
          snprintf(out, cap, "%s", cand);
          return 1;
        }
      }
    }
    if (!k)
      break;
  }
  return found;
}

size_t sr__lemma_of(const struct sr_lemmatizer *m, const char *form, size_t n,
                    const char *xpos, char *out, size_t cap) {
  char w[MAX_WORD + 1], key[MAX_WORD + 32];
  const char *exc;
  if (!cap)
    return 0;
  if (!n || n > MAX_WORD || is_invariant(xpos) || strlen(xpos) > 16) {
    snprintf(out, cap, "%.*s", (int)n, form);
    return strlen(out);
  }
  if (!strcmp(xpos, "CD")) { /* "25,000" -> 25000, "One" -> one */
    size_t i, k = 0, digits = 0;
    for (i = 0; i < n; i++)
      digits += isdigit((unsigned char)form[i]) != 0;
    for (i = 0; i < n && k + 1 < cap; i++)
      if (!(digits && form[i] == ',' && i > 0 && i + 1 < n &&
            isdigit((unsigned char)form[i - 1]) &&
            isdigit((unsigned char)form[i + 1])))
        out[k++] = digits ? form[i] : (char)tolower((unsigned char)form[i]);
    out[k] = '\0';
    return k;
  }
  snprintf(key, sizeof key, "%s\t%.*s", xpos, (int)n, form);
  if ((exc = map_get(&m->exceptions, key)) != NULL) {
    snprintf(out, cap, "%s", exc);
    return strlen(out);
  }
  rule_form(form, n, xpos, w);
  snprintf(key, sizeof key, "%s\t%s", xpos, w);
  if ((exc = map_get(&m->exceptions, key)) != NULL) {
    snprintf(out, cap, "%s", exc);
    return strlen(out);
  }
  if (!apply_rules(m, w, n, xpos, out, cap))
    snprintf(out, cap, "%s", w);
  if (is_proper(xpos) && islower((unsigned char)out[0])) {
    size_t i;
    for (i = 1; out[i] && !isupper((unsigned char)out[i]); i++)
      ;
    if (!out[i]) /* "kerala" -> Kerala: EWT capitalises names */
      out[0] = (char)toupper((unsigned char)out[0]);
  }
  return strlen(out);
}

/* ---- training -------------------------------------------------------- */

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct strlist {
  char **v;
  size_t n, cap;
};

static int list_add(struct strlist *l, const char *s) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 4096;
    char **nv = realloc(l->v, cap * sizeof *nv);
    if (!nv)
      return 0;
    l->v = nv;
    l->cap = cap;
  }
  l->v[l->n] = malloc(strlen(s) + 1);
  if (!l->v[l->n])
    return 0;
  memcpy(l->v[l->n], s, strlen(s) + 1);
  l->n++;
  return 1;
}

static void list_free(struct strlist *l) {
  size_t i;
  for (i = 0; i < l->n; i++)
    free(l->v[i]);
  free(l->v);
}

/* Sorted "KEY\tVALUE" lines -> for each KEY the most frequent VALUE (ties:
 * the smaller string, for determinism), with its count. Calls `take`. */
static int most_frequent(struct strlist *l,
                         int (*take)(void *, const char *key, size_t klen,
                                     const char *value, size_t count),
                         void *user, size_t key_fields) {
  size_t i = 0;
  if (!l->n)
    return 1;
  qsort(l->v, l->n, sizeof *l->v, cmp_str);
  while (i < l->n) {
    /* the key is the first `key_fields` tab-separated fields */
    const char *s = l->v[i], *p = s;
    size_t f, klen, best = 0, j = i;
    const char *best_value = NULL;
    for (f = 0; f < key_fields && p; f++) {
      p = strchr(p, '\t');
      if (p)
        p++;
    }
    if (!p)
      return 0;
    klen = (size_t)(p - s - 1);
    while (j < l->n && !strncmp(l->v[j], s, klen + 1)) {
      size_t k = j;
      while (k < l->n && !strcmp(l->v[k], l->v[j]))
        k++;
      if (k - j > best) {
        best = k - j;
        best_value = l->v[j] + klen + 1;
      }
      j = k;
    }
    if (!take(user, s, klen, best_value, best))
      return 0;
    i = j;
  }
  return 1;
}

struct take_ctx {
  struct sr_lemmatizer *m;
  struct strmap *map;
  size_t min_count;
  size_t *counter;
};

static int take_entry(void *user, const char *key, size_t klen,
                      const char *value, size_t count) {
  struct take_ctx *t = user;
  char *k, *v;
  if (count < t->min_count)
    return 1;
  k = arena_strdup(&t->m->arena, key, klen);
  v = arena_strdup(&t->m->arena, value, strlen(value));
  if (!k || !v)
    return 0;
  map_put(t->map, k, v);
  (*t->counter)++;
  return 1;
}

/* Keeps (tag, form) -> lemma only when the rules alone get it wrong. The
 * exception table is still empty while this runs. */
static int take_exception(void *user, const char *key, size_t klen,
                          const char *value, size_t count) {
  struct take_ctx *t = user;
  const char *tab = memchr(key, '\t', klen);
  char tag[32], got[MAX_WORD + 64];
  size_t tl;
  if (!tab || (tl = (size_t)(tab - key)) >= sizeof tag)
    return 1;
  memcpy(tag, key, tl);
  tag[tl] = '\0';
  sr__lemma_of(t->m, tab + 1, klen - tl - 1, tag, got, sizeof got);
  if (!strcmp(got, value))
    return 1;
  return take_entry(user, key, klen, value, count);
}

static sr_status new_model(const sr_allocator *a, size_t rules,
                           size_t exceptions, size_t lexicon,
                           struct sr_lemmatizer **out, sr_error *err) {
  sr_arena arena;
  struct sr_lemmatizer *m;
  sr__arena_init(&arena, a);
  m = sr__arena_calloc(&arena, 1, sizeof *m);
  if (!m) {
    sr__arena_free(&arena);
    sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    return SR_ENOMEM;
  }
  m->arena = arena;
  if (!map_init(&m->rules, &m->arena, rules) ||
      !map_init(&m->exceptions, &m->arena, exceptions) ||
      !map_init(&m->lexicon, &m->arena, lexicon)) {
    sr__lemma_free(m);
    sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    return SR_ENOMEM;
  }
  *out = m;
  return SR_OK;
}

sr_status sr__lemma_train(const sr_allocator *a, const struct sr_conllu *train,
                          struct sr_lemmatizer **out, sr_error *err) {
  struct strlist pairs = {0}, exc = {0};
  struct sr_lemmatizer *m = NULL;
  struct take_ctx t;
  size_t i, j, k;
  char w[MAX_WORD + 1], line[3 * MAX_WORD + 64];
  sr_status st;
  *out = NULL;
  /* 1. every (tag, suffix) -> transformation seen */
  for (i = 0; i < train->count; i++)
    for (j = 0; j < train->sentences[i].count; j++) {
      const struct sr_conllu_word *x = &train->sentences[i].words[j];
      size_t n = strlen(x->form), p = 0, lemma_len = strlen(x->lemma);
      if (!n || n > MAX_WORD || !*x->xpos || !*x->lemma ||
          is_invariant(x->xpos) || strlen(x->xpos) > 16)
        continue;
      rule_form(x->form, n, x->xpos, w);
      while (p < n && p < lemma_len && w[p] == x->lemma[p])
        p++;
      for (k = 0; k <= MAX_SUFFIX && k < n; k++) {
        if (n - p > k)
          continue; /* a rule may only rewrite the suffix it is keyed on */
        snprintf(line, sizeof line, "%s\t%s\t%zu\t%s", x->xpos, w + n - k,
                 n - p, x->lemma + p);
        if (!list_add(&pairs, line))
          goto nomem;
      }
    }
  st = new_model(a, pairs.n / 4 + 16, train->words / 8 + 16,
                 train->words / 4 + 16, &m, err);
  if (st != SR_OK) {
    list_free(&pairs);
    return st;
  }
  t.m = m;
  t.map = &m->rules;
  t.min_count = MIN_RULE_COUNT;
  t.counter = &m->rule_count;
  if (!most_frequent(&pairs, take_entry, &t, 2))
    goto nomem;
  /* the lexicon: every lemma of a word the rules apply to */
  for (i = 0; i < train->count; i++)
    for (j = 0; j < train->sentences[i].count; j++) {
      const struct sr_conllu_word *x = &train->sentences[i].words[j];
      size_t ll = strlen(x->lemma);
      char *l;
      if (!ll || ll > MAX_WORD || is_invariant(x->xpos) ||
          map_get(&m->lexicon, x->lemma))
        continue;
      if (!(l = arena_strdup(&m->arena, x->lemma, ll)))
        goto nomem;
      map_put(&m->lexicon, l, "");
      m->lexicon_count++;
    }
  /* 2. a (tag, form) whose most frequent gold lemma the rules miss becomes
   * an exception ("fled" -> flee); a lone typo ("of" meant as "off") does
   * not outvote the usual reading */
  for (i = 0; i < train->count; i++)
    for (j = 0; j < train->sentences[i].count; j++) {
      const struct sr_conllu_word *x = &train->sentences[i].words[j];
      size_t n = strlen(x->form);
      if (!n || n > MAX_WORD || !*x->xpos || !*x->lemma || strlen(x->xpos) > 16)
        continue;
      snprintf(line, sizeof line, "%s\t%s\t%s", x->xpos, x->form, x->lemma);
      if (!list_add(&exc, line))
        goto nomem;
    }
  t.map = &m->exceptions;
  t.min_count = 1;
  t.counter = &m->exception_count;
  if (!most_frequent(&exc, take_exception, &t, 2))
    goto nomem;
  list_free(&pairs);
  list_free(&exc);
  *out = m;
  return SR_OK;
nomem:
  list_free(&pairs);
  list_free(&exc);
  sr__lemma_free(m);
  sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  return SR_ENOMEM;
}

sr_status sr__lemma_add_irregular(struct sr_lemmatizer *m, const char *path,
                                  sr_error *err) {
  FILE *fp = fopen(path, "r");
  char line[512];
  size_t lineno = 0;
  if (!fp)
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: cannot open: %s", path,
                     strerror(errno));
  while (fgets(line, sizeof line, fp)) {
    char *field[3], *save = line, *p;
    size_t nf = 0, f;
    lineno++;
    if ((p = strchr(line, '#')) != NULL)
      *p = '\0';
    while (nf < 3 && (p = strtok_r(save, " \t\r\n", &save)) != NULL)
      field[nf++] = p;
    if (!nf)
      continue;
    if (nf != 3 || strtok_r(save, " \t\r\n", &save)) {
      fclose(fp);
      return sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                       "%s:%zu: expected 'base past participle'", path, lineno);
    }
    for (f = 1; f < 3; f++) {
      /* alternatives are written "dreamed/dreamt" */
      char *alt, *rest = field[f];
      while ((alt = strtok_r(rest, "/", &rest)) != NULL) {
        static const char *const tags[2][2] = {{"VBD", "VBN"}, {"VBN", "VBD"}};
        size_t t;
        for (t = 0; t < 2; t++) {
          char key[300];
          char *k, *v;
          snprintf(key, sizeof key, "%s\t%s", tags[f - 1][t], alt);
          if (t == 1 && map_get(&m->exceptions, key))
            continue; /* the other tag only if nothing says otherwise */
          k = arena_strdup(&m->arena, key, strlen(key));
          v = arena_strdup(&m->arena, field[0], strlen(field[0]));
          if (!k || !v) {
            fclose(fp);
            return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
          }
          if (!map_get(&m->exceptions, k))
            m->exception_count++;
          if (m->exceptions.count * 2 >= m->exceptions.cap) {
            fclose(fp);
            return sr__error(err, SR_ELIMIT, SIZE_MAX, lineno,
                             "%s:%zu: exception table full", path, lineno);
          }
          map_put(&m->exceptions, k, v);
        }
      }
    }
  }
  fclose(fp);
  return SR_OK;
}

/* ---- files ------------------------------------------------------------- */

#define LEMMA_MAGIC "sitrep-lemma 1"

sr_status sr__lemma_save(const struct sr_lemmatizer *m, const char *path,
                         sr_error *err) {
  FILE *fp = fopen(path, "w");
  size_t i;
  if (!fp)
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: cannot write: %s", path,
                     strerror(errno));
  fprintf(fp, "%s\n%zu %zu %zu\n", LEMMA_MAGIC, m->rule_count,
          m->exception_count, m->lexicon_count);
  for (i = 0; i < m->rules.cap; i++)
    if (m->rules.keys[i])
      fprintf(fp, "R\t%s\t%s\n", m->rules.keys[i], m->rules.values[i]);
  for (i = 0; i < m->exceptions.cap; i++)
    if (m->exceptions.keys[i])
      fprintf(fp, "E\t%s\t%s\n", m->exceptions.keys[i],
              m->exceptions.values[i]);
  for (i = 0; i < m->lexicon.cap; i++)
    if (m->lexicon.keys[i])
      fprintf(fp, "L\t%s\n", m->lexicon.keys[i]);
  if (fclose(fp) != 0)
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: write error: %s", path,
                     strerror(errno));
  return SR_OK;
}

sr_status sr__lemma_load(const sr_allocator *a, const char *path,
                         struct sr_lemmatizer **out, sr_error *err) {
  FILE *fp = fopen(path, "r");
  char line[4096];
  size_t lineno = 2, rules = 0, exceptions = 0, lexicon = 0, seen_r = 0,
         seen_e = 0, seen_l = 0;
  struct sr_lemmatizer *m = NULL;
  sr_status st;
  *out = NULL;
  if (!fp)
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: cannot open: %s", path,
                     strerror(errno));
  if (!fgets(line, sizeof line, fp) ||
      strncmp(line, LEMMA_MAGIC, strlen(LEMMA_MAGIC)) ||
      (line[strlen(LEMMA_MAGIC)] != '\n')) {
    fclose(fp);
    return sr__error(err, SR_EPARSE, SIZE_MAX, 1,
                     "%s:1: not a sitrep lemma model of version 1 (expected "
                     "'%s')",
                     path, LEMMA_MAGIC);
  }
  if (!fgets(line, sizeof line, fp) ||
      sscanf(line, "%zu %zu %zu", &rules, &exceptions, &lexicon) != 3 ||
      rules > 10000000 || exceptions > 10000000 || lexicon > 10000000) {
    fclose(fp);
    return sr__error(err, SR_EPARSE, SIZE_MAX, 2, "%s:2: bad table sizes line",
                     path);
  }
  st = new_model(a, rules, exceptions, lexicon, &m, err);
  if (st != SR_OK) {
    fclose(fp);
    return st;
  }
  while (fgets(line, sizeof line, fp)) {
    char *f1, *f2, *f3, *nl;
    struct strmap *map;
    lineno++;
    nl = strchr(line, '\n');
    if (!nl) {
      st = sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                     "%s:%zu: line too long or unterminated", path, lineno);
      break;
    }
    *nl = '\0';
    if (line[0] == 'L' && line[1] == '\t' && !strchr(line + 2, '\t')) {
      char *l = arena_strdup(&m->arena, line + 2, strlen(line + 2));
      if (++seen_l > lexicon) {
        st = sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                       "%s:%zu: more entries than the header announces", path,
                       lineno);
        break;
      }
      if (!l) {
        st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
        break;
      }
      map_put(&m->lexicon, l, "");
      continue;
    }
    {
      /* R<TAB>tag<TAB>suffix<TAB>strip<TAB>add, E<TAB>tag<TAB>form<TAB>lemma */
      size_t tabs = 0;
      char *p;
      for (p = line; *p; p++)
        tabs += *p == '\t';
      f1 = strchr(line, '\t');
      f2 = f1 ? strchr(f1 + 1, '\t') : NULL;
      f3 = f2 ? strchr(f2 + 1, '\t') : NULL;
      if ((line[0] != 'R' && line[0] != 'E') || line[1] != '\t' || !f3 ||
          tabs != (line[0] == 'R' ? 4u : 3u)) {
        st = sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                       "%s:%zu: expected 'R tag suffix strip add' or 'E tag "
                       "form lemma', tab-separated",
                       path, lineno);
        break;
      }
    }
    map = line[0] == 'R' ? &m->rules : &m->exceptions;
    if ((line[0] == 'R' ? ++seen_r > rules : ++seen_e > exceptions)) {
      st = sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                     "%s:%zu: more entries than the header announces", path,
                     lineno);
      break;
    }
    {
      char *k = arena_strdup(&m->arena, line + 2, (size_t)(f3 - line - 2));
      char *v = arena_strdup(&m->arena, f3 + 1, strlen(f3 + 1));
      if (!k || !v) {
        st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
        break;
      }
      map_put(map, k, v);
    }
  }
  fclose(fp);
  if (st == SR_OK &&
      (seen_r != rules || seen_e != exceptions || seen_l != lexicon))
    st = sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                   "%s: truncated: %zu of %zu rules and %zu of %zu "
                   "exceptions",
                   path, seen_r, rules, seen_e, exceptions);
  if (st != SR_OK) {
    sr__lemma_free(m);
    return st;
  }
  m->rule_count = rules;
  m->exception_count = exceptions;
  m->lexicon_count = lexicon;
  *out = m;
  return SR_OK;
}

void sr__lemma_sizes(const struct sr_lemmatizer *m, size_t *rules,
                     size_t *exceptions) {
  *rules = m->rule_count;
  *exceptions = m->exception_count;
}

void sr__lemma_free(struct sr_lemmatizer *m) {
  sr_arena a;
  if (!m)
    return;
  a = m->arena;
  sr__arena_free(&a);
}
