/*
 * dict.c - reading actor, agent, verb and discard dictionaries.
 *
 * Two formats, recognised from the content of each file:
 *   native     sitrep's own, line-oriented and keyword-led ("actor",
 *              "agent", "verb", "noun", "set", "discard");
 *              docs/DICTIONARIES.md is its manual.
 *   PETRARCH   the formats of PETRARCH and TABARI (Phoenix, the
 *              UniversalPetrarch validation suite): "NAME [CODE]" actors
 *              with "+ALIAS" lines and dated codes, "NAME {PLURALS} [~CODE]"
 *              agents with !MACRO! substitutions, CAMEO 2.0 verb files with
 *              &SYNSETS, "--- VERB [CODE] ---" blocks and "- * WORDS [CODE]"
 *              patterns, and discard lists.
 * Both compile into the same structures (dict.h): word tries for phrases,
 * a hash table of verb words, verb blocks with their patterns. A malformed
 * line is reported as "FILE:LINE: reason" through the engine's warning
 * callback and skipped, or is fatal when the dictionary is strict.
 */
#include "dict.h"
#include "ingest.h"
#include "resolve.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_WORD 256        /* longer dictionary words are cut */
#define MAX_PHRASE_WORDS 32 /* longer phrases are an error */
#define MAX_DICT_BYTES ((size_t)256 << 20)
#define MAX_MACRO_ALTS 64

/* ------------------------------------------------------------------------ */
/* Growing arrays and strings in the arena                                  */
/* ------------------------------------------------------------------------ */

/* Makes room for one more element in an arena array. */
static int grow(sr_arena *a, void **items, size_t *cap, size_t count,
                size_t size) {
  size_t ncap;
  void *p;
  if (count < *cap)
    return 1;
  ncap = *cap ? *cap * 2 : 16;
  p = sr__arena_grow(a, *items, *cap * size, ncap * size);
  if (!p)
    return 0;
  *items = p;
  *cap = ncap;
  return 1;
}

static char *copy_str(sr_arena *a, const char *s, size_t n) {
  char *p = sr__arena_alloc(a, n + 1);
  if (p) {
    memcpy(p, s, n);
    p[n] = '\0';
  }
  return p;
}

static char *copy_upper(sr_arena *a, const char *s, size_t n) {
  char *p = copy_str(a, s, n);
  size_t i;
  for (i = 0; p && i < n; i++)
    p[i] = (char)toupper((unsigned char)p[i]);
  return p;
}

static char *copy_lower(sr_arena *a, const char *s, size_t n) {
  char buf[MAX_WORD + 8];
  size_t len = sr__lower(s, n < MAX_WORD ? n : MAX_WORD, buf, sizeof buf);
  return copy_str(a, buf, len);
}

/* ------------------------------------------------------------------------ */
/* Word tries                                                               */
/* ------------------------------------------------------------------------ */

/* FNV-1a of a word given by length (verb table and trie edges). */
static uint64_t word_hash(const char *w, size_t n) {
  uint64_t h = 1469598103934665603ull;
  size_t i;
  for (i = 0; i < n; i++)
    h = (h ^ (unsigned char)w[i]) * 1099511628211ull;
  return h;
}

void sr__bloom_hashed(uint64_t bloom[SR_BLOOM_WORDS], uint64_t h) {
  unsigned a = (unsigned)(h & 255u), b = (unsigned)((h >> 8) & 255u);
  bloom[a >> 6] |= 1ull << (a & 63u);
  bloom[b >> 6] |= 1ull << (b & 63u);
}

void sr__bloom_add(uint64_t bloom[SR_BLOOM_WORDS], const char *w, size_t n) {
  sr__bloom_hashed(bloom, word_hash(w, n));
}

uint64_t sr__word_hash(const char *w, size_t n) { return word_hash(w, n); }

/* A trie edge: the word's hash mixed with its parent node. */
static uint64_t edge_mix(uint64_t word, uint32_t parent) {
  return word ^ ((uint64_t)parent * 0x9E3779B97F4A7C15ull);
}

static uint64_t edge_hash(uint32_t parent, const char *w, size_t n) {
  return edge_mix(word_hash(w, n), parent);
}

static int trie_init(struct sr_trie *t, sr_arena *a) {
  memset(t, 0, sizeof *t);
  t->node_cap = 16;
  t->payload = sr__arena_alloc(a, t->node_cap * sizeof *t->payload);
  if (!t->payload)
    return 0;
  t->payload[0] = -1;
  t->node_count = 1;
  return 1;
}

uint32_t sr__trie_step(const struct sr_trie *t, uint32_t node, const char *word,
                       size_t len) {
  return sr__trie_step_hashed(t, node, word, len, word_hash(word, len));
}

uint32_t sr__trie_step_hashed(const struct sr_trie *t, uint32_t node,
                              const char *word, size_t len, uint64_t hash) {
  size_t i;
  if (!t->edge_cap)
    return SR_TRIE_NONE;
  i = (size_t)edge_mix(hash, node) & (t->edge_cap - 1);
  while (t->edge_word[i]) {
    if (t->edge_parent[i] == node && t->edge_word[i][0] == word[0] &&
        !strncmp(t->edge_word[i], word, len) && t->edge_word[i][len] == '\0')
      return t->edge_child[i];
    i = (i + 1) & (t->edge_cap - 1);
  }
  return SR_TRIE_NONE;
}

static int trie_rehash(struct sr_trie *t, sr_arena *a) {
  size_t ncap = t->edge_cap ? t->edge_cap * 2 : 1024, i;
  uint32_t *np = sr__arena_calloc(a, ncap, sizeof *np);
  uint32_t *nc = sr__arena_calloc(a, ncap, sizeof *nc);
  const char **nw = sr__arena_calloc(a, ncap, sizeof *nw);
  if (!np || !nc || !nw)
    return 0;
  for (i = 0; i < t->edge_cap; i++) {
    size_t j;
    if (!t->edge_word[i])
      continue;
    j = (size_t)edge_hash(t->edge_parent[i], t->edge_word[i],
                          strlen(t->edge_word[i])) &
        (ncap - 1);
    while (nw[j])
      j = (j + 1) & (ncap - 1);
    np[j] = t->edge_parent[i];
    nc[j] = t->edge_child[i];
    nw[j] = t->edge_word[i];
  }
  t->edge_parent = np;
  t->edge_child = nc;
  t->edge_word = nw;
  t->edge_cap = ncap;
  return 1;
}

/* Adds a phrase of lower-case words (arena strings) and returns its node,
 * or SR_TRIE_NONE when out of memory. */
static uint32_t trie_add(struct sr_trie *t, sr_arena *a, const char **words,
                         size_t n) {
  uint32_t node = 0;
  size_t k;
  for (k = 0; k < n; k++) {
    size_t len = strlen(words[k]), i;
    uint32_t child = sr__trie_step(t, node, words[k], len);
    if (child != SR_TRIE_NONE) {
      node = child;
      continue;
    }
    if ((t->edge_count + 1) * 2 > t->edge_cap && !trie_rehash(t, a))
      return SR_TRIE_NONE;
    if (!grow(a, (void **)&t->payload, &t->node_cap, t->node_count,
              sizeof *t->payload))
      return SR_TRIE_NONE;
    child = (uint32_t)t->node_count++;
    t->payload[child] = -1;
    i = (size_t)edge_hash(node, words[k], len) & (t->edge_cap - 1);
    while (t->edge_word[i])
      i = (i + 1) & (t->edge_cap - 1);
    t->edge_parent[i] = node;
    t->edge_child[i] = child;
    t->edge_word[i] = words[k];
    t->edge_count++;
    node = child;
  }
  return node;
}

/* ------------------------------------------------------------------------ */
/* Loading state and messages                                               */
/* ------------------------------------------------------------------------ */

struct loader {
  sr_dict *d;
  const char *path; /* arena copy */
  size_t line;
  sr_error *err;
  sr_status fatal; /* set when a strict dictionary meets a bad line */
};

/* Reports a malformed line: a warning, or the fatal error when strict.
 * Returns 0 when loading must stop. */
static int bad_line(struct loader *L, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int bad_line(struct loader *L, const char *fmt, ...) {
  char msg[SR_ERROR_SIZE];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  L->d->warnings++;
  if (L->d->strict) {
    sr__error(L->err, SR_EDICT, SIZE_MAX, L->line, "%s:%zu: %s", L->path,
              L->line, msg);
    L->fatal = SR_EDICT;
    return 0;
  }
  if (L->d->engine && L->d->engine->warn) {
    sr_error w;
    memset(&w, 0, sizeof w);
    w.code = SR_EDICT;
    w.offset = SIZE_MAX;
    w.line = L->line;
    snprintf(w.msg, sizeof w.msg, "%s:%zu: %.160s", L->path, L->line, msg);
    L->d->engine->warn(L->d->engine->warn_user, &w);
  }
  return 1;
}

static int oom(struct loader *L) {
  sr__error(L->err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  L->fatal = SR_ENOMEM;
  return 0;
}

/* Cuts a '#' comment: at the start of the line or after a blank. */
static size_t strip_comment(const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t'))
      break;
  while (i > 0 && isspace((unsigned char)s[i - 1]))
    i--;
  return i;
}

/* Skips white space (every kind isspace() knows, so that scanning loops
 * that stop at isspace() always make progress). */
static const char *skip_blanks(const char *s, const char *end) {
  while (s < end && isspace((unsigned char)*s))
    s++;
  return s;
}

/* Splits a phrase into lower-case words: at blanks, and for the PETRARCH
 * format also at '_'. "People's" gives "people" "'s", as the tokenizer
 * splits it. A trailing '_' (PETRARCH's "exact word") is dropped. Returns
 * the word count, 0 for an empty phrase, -1 when too long or out of
 * memory. */
static int split_phrase(sr_arena *a, const char *s, size_t n, int underscores,
                        const char **out) {
  int count = 0;
  size_t i = 0;
  while (i < n) {
    size_t j;
    while (i < n &&
           (s[i] == ' ' || s[i] == '\t' || (underscores && s[i] == '_')))
      i++;
    j = i;
    while (j < n && s[j] != ' ' && s[j] != '\t' &&
           !(underscores && s[j] == '_'))
      j++;
    if (j > i) {
      size_t wend = j;
      int poss = wend - i > 2 && s[wend - 2] == '\'' &&
                 (s[wend - 1] == 's' || s[wend - 1] == 'S');
      if (poss)
        wend -= 2;
      if (count + 2 > MAX_PHRASE_WORDS)
        return -1;
      if (!(out[count++] = copy_lower(a, s + i, wend - i)))
        return -1;
      if (poss && !(out[count++] = copy_lower(a, s + wend, 2)))
        return -1;
    }
    i = j;
  }
  return count;
}

/* Stores a phrase array in the arena. */
static const char **keep_words(sr_arena *a, const char **w, int n) {
  const char **p = sr__arena_alloc(a, (size_t)(n + 1) * sizeof *p);
  if (p) {
    memcpy(p, w, (size_t)n * sizeof *p);
    p[n] = NULL;
  }
  return p;
}

static int valid_date(unsigned long v) {
  unsigned long m = v / 100 % 100, d = v % 100;
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Parses a date, YYYYMMDD, YYYY-MM-DD or PETRARCH's YYMMDD (years below
 * 30 are 20YY). Returns 0 when malformed. */
static uint32_t parse_date(const char *s, size_t n) {
  char digits[9];
  size_t k = 0, i;
  for (i = 0; i < n; i++) {
    if (isdigit((unsigned char)s[i])) {
      if (k == 8)
        return 0;
      digits[k++] = s[i];
    } else if (s[i] != '-') {
      return 0;
    }
  }
  digits[k] = '\0';
  if (k == 6) {
    unsigned long v = strtoul(digits, NULL, 10);
    unsigned long yy = v / 10000;
    v += yy < 30 ? 20000000ul : 19000000ul;
    return valid_date(v) ? (uint32_t)v : 0;
  }
  if (k == 8) {
    unsigned long v = strtoul(digits, NULL, 10);
    return valid_date(v) ? (uint32_t)v : 0;
  }
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Actors                                                                   */
/* ------------------------------------------------------------------------ */

static struct sr_actor *new_actor(struct loader *L, const char *name,
                                  size_t n) {
  sr_dict *d = L->d;
  struct sr_actor *a;
  if (!grow(&d->arena, (void **)&d->actors, &d->actor_cap, d->actor_count,
            sizeof *d->actors))
    return NULL;
  a = &d->actors[d->actor_count];
  memset(a, 0, sizeof *a);
  if (!(a->name = copy_str(&d->arena, name, n)))
    return NULL;
  d->actor_count++;
  return a;
}

/* Adds `phrase` as a name of the last actor. Returns 0 on a fatal error. */
static int add_actor_name(struct loader *L, const char *phrase, size_t n,
                          int underscores) {
  const char *w[MAX_PHRASE_WORDS];
  int k = split_phrase(&L->d->arena, phrase, n, underscores, w);
  uint32_t node;
  if (k < 0)
    return bad_line(L, "name too long: %.40s", phrase);
  if (k == 0)
    return 1;
  node = trie_add(&L->d->actor_trie, &L->d->arena, w, (size_t)k);
  if (node == SR_TRIE_NONE)
    return oom(L);
  if (L->d->actor_trie.payload[node] < 0)
    L->d->actor_trie.payload[node] = (int32_t)(L->d->actor_count - 1);
  /* its capitalised words feed the misspelling index (resolve.c) */
  if (!sr__spell_note(L->d, phrase, n, underscores, w, (size_t)k,
                      (int32_t)(L->d->actor_count - 1)))
    return oom(L);
  return 1;
}

static int add_role(struct loader *L, struct sr_actor *a, const char *code,
                    size_t code_len, uint32_t from, uint32_t to) {
  struct sr_role *r =
      sr__arena_grow(&L->d->arena, a->roles, a->role_count * sizeof *r,
                     (a->role_count + 1) * sizeof *r);
  if (!r)
    return oom(L);
  a->roles = r;
  r += a->role_count++;
  r->title = NULL;
  r->from = from;
  r->to = to;
  if (!(r->code = copy_upper(&L->d->arena, code, code_len)))
    return oom(L);
  return 1;
}

/* One PETRARCH code block "[CODE]", "[CODE <YYMMDD]", "[CODE >D]",
 * "[CODE D-D]" for actor a. s..e is the text between the brackets. */
static int petr_actor_code(struct loader *L, struct sr_actor *a, const char *s,
                           const char *e) {
  const char *c, *ce;
  s = skip_blanks(s, e);
  while (e > s && isspace((unsigned char)e[-1]))
    e--;
  c = s;
  ce = c;
  while (ce < e && !isspace((unsigned char)*ce) && *ce != '<' && *ce != '>')
    ce++;
  /* a code that is all digits is a date range with no code: malformed */
  s = skip_blanks(ce, e);
  if (ce == c)
    return bad_line(L, "actor code missing in [%.*s]", (int)(e - c), c);
  if (s == e) {
    if (!a->code && !(a->code = copy_upper(&L->d->arena, c, (size_t)(ce - c))))
      return oom(L);
    return 1;
  }
  if (*s == '<' || *s == '>') {
    int before = *s == '<';
    uint32_t date;
    s = skip_blanks(s + 1, e);
    date = parse_date(s, (size_t)(e - s));
    if (!date)
      return bad_line(L, "bad date in [%.*s]", (int)(e - c), c);
    return before
               ? add_role(L, a, c, (size_t)(ce - c), SR_DATE_OPEN_FROM,
                          date - 1)
               : add_role(L, a, c, (size_t)(ce - c), date + 1, SR_DATE_OPEN_TO);
  }
  {
    const char *dash = memchr(s, '-', (size_t)(e - s));
    uint32_t from, to;
    if (!dash)
      return bad_line(L, "bad date range in [%.*s]", (int)(e - c), c);
    {
      const char *fe = dash;
      while (fe > s && isspace((unsigned char)fe[-1]))
        fe--;
      from = parse_date(s, (size_t)(fe - s));
    }
    s = skip_blanks(dash + 1, e);
    to = parse_date(s, (size_t)(e - s));
    if (!from || !to)
      return bad_line(L, "bad date range in [%.*s]", (int)(e - c), c);
    return add_role(L, a, c, (size_t)(ce - c), from, to);
  }
}

/* Parses the code blocks of a PETRARCH actor line (from `s`): returns
 * 0 on a fatal error. */
static int petr_actor_codes(struct loader *L, struct sr_actor *a, const char *s,
                            const char *e) {
  while ((s = memchr(s, '[', (size_t)(e - s))) != NULL) {
    const char *close = memchr(s, ']', (size_t)(e - s));
    if (!close)
      return bad_line(L, "'[' without ']'");
    if (!petr_actor_code(L, a, s + 1, close))
      return 0;
    s = close + 1;
  }
  return 1;
}

static int load_petr_actor_line(struct loader *L, const char *s, size_t n,
                                struct sr_actor **cur) {
  const char *e = s + n, *p = skip_blanks(s, e), *bracket;
  int indented = p > s;
  if (p == e)
    return 1;
  bracket = memchr(p, '[', (size_t)(e - p));
  if (*p == '[') { /* a code line for the current actor */
    if (!*cur)
      return bad_line(L, "code with no actor before it");
    return petr_actor_codes(L, *cur, p, e);
  }
  if (*p == '+') { /* an alias */
    const char *name_end = bracket ? bracket : e;
    if (!*cur)
      return bad_line(L, "alias with no actor before it");
    if (!add_actor_name(L, p + 1, (size_t)(name_end - p - 1), 1))
      return 0;
    return bracket ? petr_actor_codes(L, *cur, bracket, e) : 1;
  }
  if (indented && *cur && !bracket)
    return bad_line(L, "indented line is neither a code nor an alias");
  {
    const char *name_end = bracket ? bracket : e;
    while (name_end > p && isspace((unsigned char)name_end[-1]))
      name_end--;
    if (name_end == p)
      return bad_line(L, "actor name missing");
    if (!(*cur = new_actor(L, p, (size_t)(name_end - p))))
      return oom(L);
    {
      char *q; /* display name: '_' as spaces */
      for (q = (char *)(*cur)->name; *q; q++)
        if (*q == '_')
          *q = ' ';
    }
    if (!add_actor_name(L, p, (size_t)(name_end - p), 1))
      return 0;
    return bracket ? petr_actor_codes(L, *cur, bracket, e) : 1;
  }
}

/* Native actor statements: "actor NAME" and its indented attributes. */
static int load_native_actor_attr(struct loader *L, struct sr_actor *a,
                                  const char *key, size_t key_len,
                                  const char *v, const char *e) {
  sr_arena *ar = &L->d->arena;
  size_t vn = (size_t)(e - v);
#define KEY(k) (key_len == sizeof(k) - 1 && !memcmp(key, k, sizeof(k) - 1))
  if (KEY("alias")) {
    while (v < e) {
      const char *semi = memchr(v, ';', (size_t)(e - v));
      const char *end = semi ? semi : e;
      if (!add_actor_name(L, v, (size_t)(end - v), 0))
        return 0;
      v = semi ? semi + 1 : e;
    }
    return 1;
  }
  if (KEY("country")) {
    if (vn < 2 || vn > 6)
      return bad_line(L, "country code should be 3 letters: %.*s", (int)vn, v);
    return (a->country = copy_upper(ar, v, vn)) ? 1 : oom(L);
  }
  if (KEY("sector")) {
    if (vn < 3 || vn % 3)
      return bad_line(L, "sector should be 3-letter codes: %.*s", (int)vn, v);
    return (a->sector = copy_upper(ar, v, vn)) ? 1 : oom(L);
  }
  if (KEY("wikidata")) {
    if (vn < 2 || (*v != 'Q' && *v != 'q'))
      return bad_line(L, "wikidata id should be Q followed by digits");
    return (a->wikidata = copy_upper(ar, v, vn)) ? 1 : oom(L);
  }
  if (KEY("role")) {
    const char *c = v, *ce = v, *range, *dots, *re;
    uint32_t from = SR_DATE_OPEN_FROM, to = SR_DATE_OPEN_TO;
    while (ce < e && !isspace((unsigned char)*ce))
      ce++;
    range = skip_blanks(ce, e);
    re = range;
    while (re < e && !isspace((unsigned char)*re))
      re++;
    dots = NULL;
    {
      const char *q;
      for (q = range; q + 1 < re && !dots; q++)
        if (q[0] == '.' && q[1] == '.')
          dots = q;
    }
    if (ce == c || !dots || dots >= re)
      return bad_line(L, "role should be: role CODE FROM..TO [description]");
    if (dots > range && !(from = parse_date(range, (size_t)(dots - range))))
      return bad_line(L, "bad start date in role");
    if (dots + 2 < re && !(to = parse_date(dots + 2, (size_t)(re - dots - 2))))
      return bad_line(L, "bad end date in role");
    if (from > to)
      return bad_line(L, "role ends before it starts");
    if (!add_role(L, a, c, (size_t)(ce - c), from, to))
      return 0;
    re = skip_blanks(re, e); /* the description, for role phrases */
    if (re < e && !(a->roles[a->role_count - 1].title =
                        copy_str(ar, re, (size_t)(e - re))))
      return oom(L);
    return 1;
  }
#undef KEY
  return bad_line(L, "unknown actor attribute '%.*s'", (int)key_len, key);
}

/* ------------------------------------------------------------------------ */
/* Agents                                                                   */
/* ------------------------------------------------------------------------ */

static int add_agent(struct loader *L, const char *phrase, size_t n,
                     int underscores, const char *code, size_t code_len,
                     int prefix) {
  sr_dict *d = L->d;
  const char *w[MAX_PHRASE_WORDS];
  int k = split_phrase(&d->arena, phrase, n, underscores, w);
  uint32_t node;
  struct sr_agent *ag;
  if (k < 0)
    return bad_line(L, "agent phrase too long");
  if (k == 0)
    return bad_line(L, "empty agent phrase");
  node = trie_add(&d->agent_trie, &d->arena, w, (size_t)k);
  if (node == SR_TRIE_NONE)
    return oom(L);
  if (d->agent_trie.payload[node] >= 0)
    return 1; /* the first entry for a phrase wins */
  if (!grow(&d->arena, (void **)&d->agents, &d->agent_cap, d->agent_count,
            sizeof *d->agents))
    return oom(L);
  ag = &d->agents[d->agent_count];
  ag->prefix = prefix;
  if (!(ag->code = copy_upper(&d->arena, code, code_len)))
    return oom(L);
  d->agent_trie.payload[node] = (int32_t)d->agent_count++;
  return 1;
}

/* An agent code as written: "~GOV", "NGO~", "GOV". */
static int agent_code(const char *s, const char *e, const char **code,
                      size_t *len, int *prefix) {
  s = skip_blanks(s, e);
  while (e > s && isspace((unsigned char)e[-1]))
    e--;
  *prefix = 0;
  if (s < e && *s == '~')
    s++;
  else if (e > s && e[-1] == '~') {
    e--;
    *prefix = 1;
  }
  *code = s;
  *len = (size_t)(e - s);
  return *len > 0;
}

/* A PETRARCH plural of the last word: "IES" after a consonant + Y, "ES"
 * after S, X, Z, CH, SH, else "S". */
static size_t regular_plural(const char *s, size_t n, char *out, size_t cap) {
  const char *suffix = "S";
  size_t keep = n;
  if (n + 4 > cap)
    return 0;
  if (n > 1 && (s[n - 1] == 'Y' || s[n - 1] == 'y') &&
      !strchr("AEIOUaeiou", s[n - 2])) {
    keep = n - 1;
    suffix = "IES";
  } else if (n > 0 && (strchr("SXZsxz", s[n - 1]) ||
                       (n > 1 && (s[n - 1] == 'H' || s[n - 1] == 'h') &&
                        strchr("CScs", s[n - 2])))) {
    suffix = "ES";
  }
  memcpy(out, s, keep);
  memcpy(out + keep, suffix, strlen(suffix) + 1);
  return keep + strlen(suffix);
}

struct macro {
  char name[64];
  char *alts[MAX_MACRO_ALTS];
  size_t alt_count;
};

struct petr_agent_state {
  struct macro macros[32];
  size_t macro_count;
};

static int load_petr_agent_entry(struct loader *L, const char *s,
                                 const char *e) {
  const char *brace = memchr(s, '{', (size_t)(e - s));
  const char *bracket = memchr(s, '[', (size_t)(e - s));
  const char *close, *name_end, *code;
  size_t code_len;
  int prefix;
  if (!bracket || !(close = memchr(bracket, ']', (size_t)(e - bracket))))
    return bad_line(L, "agent without [CODE]");
  if (!agent_code(bracket + 1, close, &code, &code_len, &prefix))
    return bad_line(L, "empty agent code");
  name_end = brace && brace < bracket ? brace : bracket;
  while (name_end > s && isspace((unsigned char)name_end[-1]))
    name_end--;
  if (name_end == s)
    return bad_line(L, "agent name missing");
  if (!add_agent(L, s, (size_t)(name_end - s), 1, code, code_len, prefix))
    return 0;
  if (brace && brace < bracket) { /* explicit plurals, maybe none */
    const char *bclose = memchr(brace, '}', (size_t)(bracket - brace));
    const char *p = brace + 1;
    if (!bclose)
      return bad_line(L, "'{' without '}'");
    while (p < bclose) {
      const char *q;
      p = skip_blanks(p, bclose);
      q = p;
      while (q < bclose && !isspace((unsigned char)*q))
        q++;
      if (q > p && !add_agent(L, p, (size_t)(q - p), 1, code, code_len, prefix))
        return 0;
      p = q;
    }
  } else {
    char plural[MAX_WORD];
    size_t n = regular_plural(s, (size_t)(name_end - s), plural, sizeof plural);
    if (n && !add_agent(L, plural, n, 1, code, code_len, prefix))
      return 0;
  }
  return 1;
}

/* Expands the first !MACRO! of the line (recursively for the others). */
static int expand_agent(struct loader *L, struct petr_agent_state *st,
                        const char *s, size_t n, int depth) {
  const char *bang = memchr(s, '!', n), *bang2;
  size_t m;
  if (!bang || depth > 4)
    return load_petr_agent_entry(L, s, s + n);
  bang2 = memchr(bang + 1, '!', n - (size_t)(bang + 1 - s));
  if (!bang2)
    return bad_line(L, "unclosed !MACRO!");
  for (m = 0; m < st->macro_count; m++) {
    struct macro *mc = &st->macros[m];
    size_t k;
    if (strlen(mc->name) != (size_t)(bang2 - bang + 1) ||
        memcmp(mc->name, bang, (size_t)(bang2 - bang + 1)))
      continue;
    for (k = 0; k < mc->alt_count; k++) {
      char buf[1024];
      int len =
          snprintf(buf, sizeof buf, "%.*s%s%.*s", (int)(bang - s), s,
                   mc->alts[k], (int)(n - (size_t)(bang2 + 1 - s)), bang2 + 1);
      if (len < 0 || (size_t)len >= sizeof buf)
        return bad_line(L, "line too long after macro expansion");
      if (!expand_agent(L, st, buf, (size_t)len, depth + 1))
        return 0;
    }
    return 1;
  }
  return bad_line(L, "unknown macro %.*s", (int)(bang2 - bang + 1), bang);
}

static int load_petr_agent_line(struct loader *L, struct petr_agent_state *st,
                                const char *s, size_t n) {
  const char *e = s + n, *eq;
  s = skip_blanks(s, e);
  if (s == e)
    return 1;
  eq = memchr(s, '=', (size_t)(e - s));
  if (*s == '!' && eq) { /* !NAME! = A, B, C */
    struct macro *mc;
    const char *name_end = eq, *p = eq + 1;
    while (name_end > s && isspace((unsigned char)name_end[-1]))
      name_end--;
    if (st->macro_count == sizeof st->macros / sizeof st->macros[0] ||
        (size_t)(name_end - s) >= sizeof mc->name)
      return bad_line(L, "too many or too long macros");
    mc = &st->macros[st->macro_count++];
    memset(mc, 0, sizeof *mc);
    memcpy(mc->name, s, (size_t)(name_end - s));
    while (p < e && mc->alt_count < MAX_MACRO_ALTS) {
      const char *comma = memchr(p, ',', (size_t)(e - p));
      const char *end = comma ? comma : e, *a = skip_blanks(p, end);
      while (end > a && isspace((unsigned char)end[-1]))
        end--;
      if (end > a && !(mc->alts[mc->alt_count++] =
                           copy_str(&L->d->arena, a, (size_t)(end - a))))
        return oom(L);
      p = comma ? comma + 1 : e;
    }
    return 1;
  }
  return expand_agent(L, st, s, (size_t)(e - s), 0);
}

/* ------------------------------------------------------------------------ */
/* Verbs: sets, blocks, patterns                                            */
/* ------------------------------------------------------------------------ */

int32_t sr__dict_set(const struct sr_dict *d, const char *name, size_t len) {
  size_t i;
  for (i = 0; i < d->set_count; i++)
    if (strlen(d->sets[i].name) == len &&
        !strncasecmp(d->sets[i].name, name, len))
      return (int32_t)i;
  return -1;
}

static struct sr_set *new_set(struct loader *L, const char *name, size_t n) {
  sr_dict *d = L->d;
  int32_t old = sr__dict_set(d, name, n);
  struct sr_set *s;
  if (old >= 0) /* a second definition adds to the first */
    return &d->sets[old];
  if (!grow(&d->arena, (void **)&d->sets, &d->set_cap, d->set_count,
            sizeof *d->sets))
    return NULL;
  s = &d->sets[d->set_count];
  memset(s, 0, sizeof *s);
  if (!(s->name = copy_upper(&d->arena, name, n)))
    return NULL;
  d->set_count++;
  return s;
}

static int add_set_member(struct loader *L, struct sr_set *set, const char *s,
                          size_t n, int underscores) {
  const char *w[MAX_PHRASE_WORDS];
  char clean[1024];
  size_t k = 0, i;
  int count;
  for (i = 0; i < n && k + 1 < sizeof clean; i++) /* "(TO THE END)" */
    if (!strchr("(){}", s[i]))
      clean[k++] = s[i];
  count = split_phrase(&L->d->arena, clean, k, underscores, w);
  if (count < 0)
    return bad_line(L, "set member too long");
  if (count == 0)
    return 1;
  if (!grow(&L->d->arena, (void **)&set->members, &set->member_cap,
            set->member_count, sizeof *set->members))
    return oom(L);
  set->member_len = sr__arena_grow(&L->d->arena, set->member_len,
                                   set->member_count * sizeof(size_t),
                                   (set->member_count + 1) * sizeof(size_t));
  if (!set->member_len ||
      !(set->members[set->member_count] = keep_words(&L->d->arena, w, count)))
    return oom(L);
  set->member_len[set->member_count++] = (size_t)count;
  return 1;
}

static struct sr_verb_block *new_block(struct loader *L, const char *code,
                                       size_t code_len) {
  sr_dict *d = L->d;
  struct sr_verb_block *b;
  if (!grow(&d->arena, (void **)&d->blocks, &d->block_cap, d->block_count,
            sizeof *d->blocks))
    return NULL;
  b = &d->blocks[d->block_count++];
  memset(b, 0, sizeof *b);
  b->first_pattern = (uint32_t)d->pattern_count;
  if (code_len) {
    const char *colon = memchr(code, ':', code_len);
    size_t n = colon ? (size_t)(colon - code) : code_len;
    if (n && !(b->code = copy_upper(&d->arena, code, n)))
      return NULL;
    if (colon && colon + 1 < code + code_len &&
        !(b->rcode = copy_upper(&d->arena, colon + 1, code_len - n - 1)))
      return NULL;
  }
  return b;
}

static int add_verb_word(struct loader *L, const char *word,
                         struct sr_pattern *form) {
  sr_dict *d = L->d;
  size_t i, n = strlen(word);
  if ((d->verb_count + 1) * 2 > d->verb_cap) {
    size_t ncap = d->verb_cap ? d->verb_cap * 2 : 1024, k;
    struct sr_verb *nv = sr__arena_calloc(&d->arena, ncap, sizeof *nv);
    if (!nv)
      return oom(L);
    for (k = 0; k < d->verb_cap; k++) {
      size_t j;
      if (!d->verbs[k].word)
        continue;
      j = (size_t)word_hash(d->verbs[k].word, strlen(d->verbs[k].word)) &
          (ncap - 1);
      while (nv[j].word)
        j = (j + 1) & (ncap - 1);
      nv[j] = d->verbs[k];
    }
    d->verbs = nv;
    d->verb_cap = ncap;
  }
  i = (size_t)word_hash(word, n) & (d->verb_cap - 1);
  while (d->verbs[i].word) {
    /* the same word in the same block once is enough */
    if (d->verbs[i].block == d->block_count - 1 &&
        !strcmp(d->verbs[i].word, word) && !form && !d->verbs[i].form)
      return 1;
    i = (i + 1) & (d->verb_cap - 1);
  }
  d->verbs[i].word = word;
  d->verbs[i].block = (uint32_t)(d->block_count - 1);
  d->verbs[i].form = form;
  d->verb_count++;
  return 1;
}

void sr__dict_verbs(const struct sr_dict *d, const char *word, size_t len,
                    void (*fn)(void *user, const struct sr_verb *v),
                    void *user) {
  size_t i;
  if (!d->verb_cap)
    return;
  i = (size_t)word_hash(word, len) & (d->verb_cap - 1);
  while (d->verbs[i].word) {
    if (d->verbs[i].word[0] == word[0] &&
        !strncmp(d->verbs[i].word, word, len) && d->verbs[i].word[len] == '\0')
      fn(user, &d->verbs[i]);
    i = (i + 1) & (d->verb_cap - 1);
  }
}

/* Parses a code "[050]", "[037:037]", "[:054]" (the text between the
 * brackets) into p->code and p->rcode. */
static int pattern_code(struct loader *L, struct sr_pattern *p, const char *s,
                        const char *e) {
  const char *colon, *slash;
  s = skip_blanks(s, e);
  while (e > s && isspace((unsigned char)e[-1]))
    e--;
  if (s == e)
    return bad_line(L, "empty code []");
  slash = memchr(s, '/', (size_t)(e - s));
  if (slash && L->d && slash > s && isdigit((unsigned char)*s)) {
    /* native override "195/ASSAULT/aerial" */
    const char *slash2 = memchr(slash + 1, '/', (size_t)(e - slash - 1));
    const char *te = slash2 ? slash2 : e;
    if (!(p->plover =
              copy_upper(&L->d->arena, slash + 1, (size_t)(te - slash - 1))))
      return oom(L);
    if (slash2 && !(p->mode = copy_str(&L->d->arena, slash2 + 1,
                                       (size_t)(e - slash2 - 1))))
      return oom(L);
    e = slash;
  }
  colon = memchr(s, ':', (size_t)(e - s));
  if (colon) {
    if (colon > s &&
        !(p->code = copy_upper(&L->d->arena, s, (size_t)(colon - s))))
      return oom(L);
    if (colon + 1 < e && !(p->rcode = copy_upper(&L->d->arena, colon + 1,
                                                 (size_t)(e - colon - 1))))
      return oom(L);
    return 1;
  }
  return (p->code = copy_upper(&L->d->arena, s, (size_t)(e - s))) ? 1 : oom(L);
}

/* Parses pattern items from s..e: words, &SETS, {groups}, (PREP groups),
 * and the markers * + $ ^ %. Items before '*' go to pre, after to post;
 * with no '*' (a multi-word verb form) `star_at` says where the verb is.
 * Returns 0 on a fatal error, -1 for a malformed pattern (reported). */
/* Fills p->need from the words of its WORD items. */
static void pattern_bloom(struct sr_pattern *p) {
  size_t i, w;
  memset(p->need, 0, sizeof p->need);
  for (i = 0; i < (size_t)p->pre_count + p->post_count; i++) {
    const struct sr_item *it =
        i < p->pre_count ? &p->pre[i] : &p->post[i - p->pre_count];
    if (it->kind == SR_ITEM_WORD)
      for (w = 0; w < it->word_count; w++)
        sr__bloom_add(p->need, it->words[w], strlen(it->words[w]));
  }
}

static int parse_items(struct loader *L, struct sr_pattern *p, const char *s,
                       const char *e, int underscores) {
  struct sr_item pre[SR_PATTERN_MAX_ITEMS], post[SR_PATTERN_MAX_ITEMS];
  size_t npre = 0, npost = 0;
  int after = 0, group = 0, pp = 0, in_group = 0, in_pp = 0, pp_open = 0;
  int weight = 0;
  while (s < e) {
    struct sr_item it;
    const char *t;
    s = skip_blanks(s, e);
    if (s == e)
      break;
    memset(&it, 0, sizeof it);
    switch (*s) {
    case '{':
      in_group = ++group;
      s++;
      continue;
    case '}':
      in_group = 0;
      s++;
      continue;
    case '(':
      in_pp = ++pp;
      pp_open = 1;
      s++;
      continue;
    case ')':
      in_pp = 0;
      s++;
      continue;
    case '*':
      if (after) {
        bad_line(L, "two '*' in a pattern");
        return L->fatal ? 0 : -1;
      }
      after = 1;
      s++;
      continue;
    case '+':
    case '$':
    case '^':
    case '%':
      if (s + 1 == e || strchr(" \t)}", s[1])) {
        it.kind = *s == '+'   ? SR_ITEM_TARGET
                  : *s == '$' ? SR_ITEM_SOURCE
                  : *s == '^' ? SR_ITEM_SKIP
                              : SR_ITEM_COMPOUND;
        s++;
        goto add;
      }
      if (*s == '+') { /* "+WORD" inside a verb form: the verb itself */
        s++;
        continue;
      }
      break;
    default:
      break;
    }
    t = s;
    while (t < e && !strchr(" \t{}()", *t))
      t++;
    if (*s == '&') {
      it.kind = SR_ITEM_SET;
      it.set = -1;
      it.word_count = 1;
      if (!(it.words = sr__arena_alloc(&L->d->arena, sizeof *it.words)) ||
          !(it.words[0] = copy_upper(&L->d->arena, s + 1, (size_t)(t - s - 1))))
        return oom(L);
      weight++;
    } else {
      const char *w[MAX_PHRASE_WORDS];
      int k = split_phrase(&L->d->arena, s, (size_t)(t - s), underscores, w);
      if (k < 0)
        return oom(L);
      if (k == 0) {
        s = t;
        continue;
      }
      it.kind = SR_ITEM_WORD;
      it.petrarch = (unsigned char)underscores;
      it.word_count = (unsigned char)k;
      if (!(it.words = keep_words(&L->d->arena, w, k)))
        return oom(L);
      weight += k;
    }
    s = t;
  add:
    it.group = (unsigned char)in_group;
    it.pp = (unsigned char)in_pp;
    it.pp_first = (unsigned char)(in_pp && pp_open);
    if (in_pp)
      pp_open = 0;
    if (after ? npost == SR_PATTERN_MAX_ITEMS : npre == SR_PATTERN_MAX_ITEMS) {
      bad_line(L, "pattern too long");
      return L->fatal ? 0 : -1;
    }
    if (after)
      post[npost++] = it;
    else
      pre[npre++] = it;
  }
  if (!after && npre) { /* no '*': all words follow the verb */
    memcpy(post, pre, npre * sizeof *pre);
    npost = npre;
    npre = 0;
  }
  p->pre = sr__arena_alloc(&L->d->arena, (npre + 1) * sizeof *pre);
  p->post = sr__arena_alloc(&L->d->arena, (npost + 1) * sizeof *post);
  if (!p->pre || !p->post)
    return oom(L);
  memcpy(p->pre, pre, npre * sizeof *pre);
  memcpy(p->post, post, npost * sizeof *post);
  p->pre_count = (unsigned char)npre;
  p->post_count = (unsigned char)npost;
  p->weight = (unsigned char)(weight > 255 ? 255 : weight);
  pattern_bloom(p);
  return 1;
}

static struct sr_pattern *new_pattern(struct loader *L) {
  sr_dict *d = L->d;
  struct sr_pattern *p;
  if (!grow(&d->arena, (void **)&d->patterns, &d->pattern_cap, d->pattern_count,
            sizeof *d->patterns))
    return NULL;
  p = &d->patterns[d->pattern_count];
  memset(p, 0, sizeof *p);
  p->file = L->path;
  p->line = (uint32_t)L->line;
  return p;
}

/* A pattern line "- PRE * POST [CODE]" of the current block. */
static int load_petr_pattern(struct loader *L, const char *s, const char *e) {
  const char *open = NULL, *close, *q;
  struct sr_pattern *p;
  int r;
  for (q = e; q > s; q--) /* the last [...] is the code */
    if (q[-1] == '[') {
      open = q - 1;
      break;
    }
  if (!open || !(close = memchr(open, ']', (size_t)(e - open))))
    return bad_line(L, "pattern without [CODE]");
  if (!memchr(s, '*', (size_t)(open - s)))
    return bad_line(L, "pattern without '*' for the verb");
  if (!(p = new_pattern(L)))
    return oom(L);
  if (!pattern_code(L, p, open + 1, close))
    return !L->fatal;
  r = parse_items(L, p, s, open, 1);
  if (r <= 0)
    return r == 0 ? 0 : 1;
  L->d->pattern_count++;
  L->d->blocks[L->d->block_count - 1].pattern_count++;
  return 1;
}

/* Adds "attacks", "attacked", "attacking" for the base "attack" (with
 * the usual spelling rules for -e, -y and sibilants). */
static int add_inflections(struct loader *L, const char *base,
                           struct sr_pattern *form) {
  char buf[3][MAX_WORD + 8];
  size_t n = strlen(base), k;
  int vowel_y;
  if (n < 2 || n > MAX_WORD)
    return 1;
  vowel_y = base[n - 1] == 'y' && !strchr("aeiou", base[n - 2]);
  if (vowel_y) {
    snprintf(buf[0], sizeof buf[0], "%.*sies", (int)(n - 1), base);
    snprintf(buf[1], sizeof buf[1], "%.*sied", (int)(n - 1), base);
    snprintf(buf[2], sizeof buf[2], "%sing", base);
  } else if (base[n - 1] == 'e') {
    snprintf(buf[0], sizeof buf[0], "%ss", base);
    snprintf(buf[1], sizeof buf[1], "%sd", base);
    snprintf(buf[2], sizeof buf[2], "%.*sing", (int)(n - 1), base);
  } else {
    int sib = strchr("sxz", base[n - 1]) ||
              (base[n - 1] == 'h' && strchr("cs", base[n - 2]));
    snprintf(buf[0], sizeof buf[0], "%s%s", base, sib ? "es" : "s");
    snprintf(buf[1], sizeof buf[1], "%sed", base);
    snprintf(buf[2], sizeof buf[2], "%sing", base);
  }
  for (k = 0; k < 3; k++) {
    const char *w = copy_str(&L->d->arena, buf[k], strlen(buf[k]));
    if (!w || !add_verb_word(L, w, form))
      return w ? 0 : oom(L);
  }
  return 1;
}

/* A verb-form line of a block: "RESTORE", "BREAK { BROKE BROKEN }",
 * "+TAKE_NOTE {+TOOK_NOTE ...}", "KLM_NOP_+RST [002]". */
static int load_petr_verb_form(struct loader *L, const char *s, const char *e) {
  const char *brace = NULL, *bracket, *end, *q;
  const char *forms[16][2];
  size_t nforms = 0, f;
  const char *code = NULL, *code_end = NULL;
  bracket = memchr(s, '[', (size_t)(e - s));
  if (bracket) {
    code_end = memchr(bracket, ']', (size_t)(e - bracket));
    if (!code_end)
      return bad_line(L, "'[' without ']'");
    code = bracket + 1;
  }
  end = bracket ? bracket : e;
  brace = memchr(s, '{', (size_t)(end - s));
  q = brace ? brace : end;
  while (q > s && isspace((unsigned char)q[-1]))
    q--;
  forms[nforms][0] = s;
  forms[nforms++][1] = q;
  if (brace) {
    const char *bclose = memchr(brace, '}', (size_t)(end - brace)), *p;
    if (!bclose)
      return bad_line(L, "'{' without '}'");
    for (p = brace + 1; p < bclose && nforms < 16;) {
      p = skip_blanks(p, bclose);
      q = p;
      while (q < bclose && !isspace((unsigned char)*q))
        q++;
      if (q > p) {
        forms[nforms][0] = p;
        forms[nforms++][1] = q;
      }
      p = q;
    }
  }
  for (f = 0; f < nforms; f++) {
    const char *a = forms[f][0], *b = forms[f][1], *plus, *verb, *vend;
    struct sr_pattern *p = NULL;
    if (a < b && *a == '+')
      a++;
    if (a >= b)
      return bad_line(L, "verb form missing");
    plus = memchr(a, '+', (size_t)(b - a));
    verb = plus ? plus + 1 : a;
    vend = verb;
    while (vend < b && *vend != '_')
      vend++;
    if (vend == verb)
      return bad_line(L, "verb form missing");
    if (plus || vend < b || code) {
      /* multi-word: the other words become a required pattern */
      char buf[512];
      int len = snprintf(buf, sizeof buf, "%.*s * %.*s",
                         plus ? (int)(plus - a) : 0, a, (int)(b - vend), vend);
      int r;
      if (len < 0 || (size_t)len >= sizeof buf)
        return bad_line(L, "verb form too long");
      if (!(p = sr__arena_calloc(&L->d->arena, 1, sizeof *p)))
        return oom(L);
      p->file = L->path;
      p->line = (uint32_t)L->line;
      if (code && !pattern_code(L, p, code, code_end))
        return !L->fatal;
      r = parse_items(L, p, buf, buf + len, 1);
      if (r <= 0)
        return r == 0 ? 0 : 1;
    }
    {
      const char *word = copy_lower(&L->d->arena, verb, (size_t)(vend - verb));
      if (!word || !add_verb_word(L, word, p))
        return word ? 0 : oom(L);
      /* the base form also gets its regular inflections, as PETRARCH
         generates them: the tagger's lemma may be wrong ("welcom") */
      if (f == 0 && !add_inflections(L, word, p))
        return 0;
    }
  }
  return 1;
}

/* "~ a (X Y WORD) OUTER = a R CODE": a transformation (dict.h). X is a
 * (the outer source), '_' or another name; Y is '.' or a name; R names X
 * or Y; WORD and CODE are a verb word ("WILL_" for a future) and a code,
 * or one name for the inner code carried over ("(a b Q) SAY = a b Q"). */
static int load_petr_transform(struct loader *L, const char *s, const char *e) {
  const char *tok[12];
  size_t len[12], n = 0;
  struct sr_transform t;
  sr_dict *d = L->d;
  memset(&t, 0, sizeof t);
  while (s < e && n < 12) { /* tokens: words, '(' , ')' and '=' */
    s = skip_blanks(s, e);
    if (s == e)
      break;
    tok[n] = s;
    if (*s == '(' || *s == ')' || *s == '=')
      s++;
    else
      while (s < e && !isspace((unsigned char)*s) && *s != '(' && *s != ')' &&
             *s != '=')
        s++;
    len[n] = (size_t)(s - tok[n]);
    n++;
  }
#define TOK_IS(i, str) (len[i] == strlen(str) && !memcmp(tok[i], str, len[i]))
#define TOK_SAME(i, j) (len[i] == len[j] && !memcmp(tok[i], tok[j], len[i]))
  if (n != 11 || !TOK_IS(1, "(") || !TOK_IS(5, ")") || !TOK_IS(7, "=") ||
      !TOK_SAME(8, 0))
    return bad_line(L, "transformation not of the form "
                       "'~ a (X Y VERB) VERB = a R CODE'");
  t.inner_src = TOK_SAME(2, 0)   ? SR_SLOT_SAME
                : TOK_IS(2, "_") ? SR_SLOT_NONE
                                 : SR_SLOT_OTHER;
  t.inner_tgt = TOK_IS(3, ".") ? SR_SLOT_ANY : SR_SLOT_OTHER;
  if (TOK_SAME(9, 2) && t.inner_src == SR_SLOT_OTHER)
    t.b_is_src = 1;
  else if (!TOK_SAME(9, 3) || t.inner_tgt == SR_SLOT_ANY)
    return bad_line(L, "transformation: the result's target must be a "
                       "participant named in the clause");
  if (len[4] > 5 && !memcmp(tok[4], "WILL_", 5)) {
    t.future = 1;
    tok[4] += 5;
    len[4] -= 5;
  }
  if (!TOK_SAME(4, 10)) {
    size_t k;
    for (k = 0; k < len[10]; k++)
      if (!isdigit((unsigned char)tok[10][k]))
        return bad_line(L, "transformation: bad code '%.*s'", (int)len[10],
                        tok[10]);
    if (!(t.inner = copy_lower(&d->arena, tok[4], len[4])) ||
        !(t.code = copy_str(&d->arena, tok[10], len[10])))
      return oom(L);
  }
  if (!(t.outer = copy_lower(&d->arena, tok[6], len[6])))
    return oom(L);
#undef TOK_IS
#undef TOK_SAME
  t.file = L->path;
  t.line = (uint32_t)L->line;
  if (!grow(&d->arena, (void **)&d->transforms, &d->transform_cap,
            d->transform_count, sizeof *d->transforms))
    return oom(L);
  d->transforms[d->transform_count++] = t;
  return 1;
}

struct petr_verb_state {
  struct sr_set *set; /* the set being defined, or NULL */
  int in_block;
};

static int load_petr_verb_line(struct loader *L, struct petr_verb_state *st,
                               const char *s, size_t n) {
  const char *e = s + n;
  s = skip_blanks(s, e);
  if (s == e) {
    st->set = NULL;
    return 1;
  }
  if (*s == '&') { /* a synset */
    const char *q = s + 1;
    while (q < e && !isspace((unsigned char)*q))
      q++;
    if (q == s + 1)
      return bad_line(L, "set name missing after '&'");
    if (!(st->set = new_set(L, s + 1, (size_t)(q - s - 1))))
      return oom(L);
    return 1;
  }
  if (st->set && *s == '+')
    return add_set_member(L, st->set, s + 1, (size_t)(e - s - 1), 1);
  st->set = NULL;
  if (e - s >= 3 && !memcmp(s, "---", 3)) { /* --- VERB [CODE] --- */
    const char *open = memchr(s, '[', (size_t)(e - s)), *close;
    if (!open || !(close = memchr(open, ']', (size_t)(e - open))))
      return bad_line(L, "block header without [CODE]");
    open = skip_blanks(open + 1, close);
    while (close > open && isspace((unsigned char)close[-1]))
      close--;
    if (!new_block(L, open, (size_t)(close - open)))
      return oom(L);
    st->in_block = 1;
    return 1;
  }
  if (*s == '~')
    return load_petr_transform(L, s + 1, e);
  if (!st->in_block)
    return bad_line(L, "line outside a '--- VERB [CODE] ---' block");
  if (*s == '-' || *s == '*')
    return load_petr_pattern(L, *s == '-' ? s + 1 : s, e);
  return load_petr_verb_form(L, s, e);
}

/* ------------------------------------------------------------------------ */
/* Discards and event nouns                                                 */
/* ------------------------------------------------------------------------ */

static int add_phrase(struct loader *L, struct sr_trie *t, const char *s,
                      size_t n, int underscores, int32_t payload) {
  const char *w[MAX_PHRASE_WORDS];
  int k = split_phrase(&L->d->arena, s, n, underscores, w);
  uint32_t node;
  if (k < 0)
    return bad_line(L, "phrase too long");
  if (k == 0)
    return bad_line(L, "empty phrase");
  node = trie_add(t, &L->d->arena, w, (size_t)k);
  if (node == SR_TRIE_NONE)
    return oom(L);
  if (t->payload[node] < 0)
    t->payload[node] = payload;
  return 1;
}

/* ------------------------------------------------------------------------ */
/* The native format                                                        */
/* ------------------------------------------------------------------------ */

/* Calls fn for each ';'-separated phrase of s..e. */
static int each_phrase(struct loader *L, const char *s, const char *e,
                       int (*fn)(struct loader *, const char *, size_t, void *),
                       void *user) {
  while (s < e) {
    const char *semi = memchr(s, ';', (size_t)(e - s));
    const char *end = semi ? semi : e, *a = skip_blanks(s, end);
    while (end > a && isspace((unsigned char)end[-1]))
      end--;
    if (end > a && !fn(L, a, (size_t)(end - a), user))
      return 0;
    s = semi ? semi + 1 : e;
  }
  return 1;
}

struct agent_args {
  const char *code;
  size_t len;
  int prefix;
};

static int native_agent_phrase(struct loader *L, const char *s, size_t n,
                               void *user) {
  struct agent_args *a = user;
  return add_agent(L, s, n, 0, a->code, a->len, a->prefix);
}

static int native_set_member(struct loader *L, const char *s, size_t n,
                             void *user) {
  return add_set_member(L, user, s, n, 0);
}

static int native_discard(struct loader *L, const char *s, size_t n,
                          void *user) {
  int story = *(int *)user;
  if (!add_phrase(L, &L->d->discard_trie, s, n, 0, story))
    return 0;
  L->d->discard_count++;
  return 1;
}

static int native_noun(struct loader *L, const char *s, size_t n, void *user) {
  struct sr_pattern *proto = user, *p;
  if (!(p = new_pattern(L)))
    return oom(L);
  *p = *proto;
  if (!add_phrase(L, &L->d->noun_trie, s, n, 0, (int32_t)L->d->pattern_count))
    return 0;
  L->d->pattern_count++;
  L->d->noun_count++;
  return 1;
}

/* "verb CODE LEMMA items..." or "noun CODE PHRASE; PHRASE". */
static int load_native_verb(struct loader *L, const char *s, const char *e,
                            int noun) {
  const char *c = s, *ce = s, *lemma, *le;
  struct sr_pattern proto;
  memset(&proto, 0, sizeof proto);
  proto.file = L->path;
  proto.line = (uint32_t)L->line;
  while (ce < e && !isspace((unsigned char)*ce))
    ce++;
  {
    const char *q = c;
    while (q < ce && isdigit((unsigned char)*q))
      q++;
    if (q - c < 2 || q - c > 4 || (q < ce && *q != '/'))
      return bad_line(L, "expected a CAMEO code (2 to 4 digits) after '%s'",
                      noun ? "noun" : "verb");
  }
  if (!pattern_code(L, &proto, c, ce))
    return !L->fatal;
  lemma = skip_blanks(ce, e);
  if (lemma == e)
    return bad_line(L, "%s without words", noun ? "noun" : "verb");
  if (noun)
    return each_phrase(L, lemma, e, native_noun, &proto);
  le = lemma;
  while (le < e && !isspace((unsigned char)*le) && !strchr("(){}", *le))
    le++;
  {
    struct sr_pattern *p;
    const char *word;
    int r;
    if (!new_block(L, NULL, 0) || !(p = new_pattern(L)))
      return oom(L);
    *p = proto;
    r = parse_items(L, p, le, e, 0);
    if (r <= 0)
      return r == 0 ? 0 : 1;
    /* "verb 195 shoot down": a single lemma only; the rest are items */
    if (!(word = copy_lower(&L->d->arena, lemma, (size_t)(le - lemma))))
      return oom(L);
    L->d->pattern_count++;
    L->d->blocks[L->d->block_count - 1].pattern_count = 1;
    return add_verb_word(L, word, NULL);
  }
}

static int load_native_line(struct loader *L, const char *s, size_t n,
                            struct sr_actor **cur) {
  const char *e = s + n, *p = skip_blanks(s, e), *kw_end, *rest;
  size_t kw;
  if (p == e)
    return 1;
  kw_end = p;
  while (kw_end < e && !isspace((unsigned char)*kw_end) && *kw_end != ':')
    kw_end++;
  kw = (size_t)(kw_end - p);
  rest = skip_blanks(kw_end, e);
  if (p > s) { /* an indented attribute of the current actor */
    if (!*cur)
      return bad_line(L, "indented line outside an actor entry");
    return load_native_actor_attr(L, *cur, p, kw, rest, e);
  }
  *cur = NULL;
#define IS(k) (kw == sizeof(k) - 1 && !memcmp(p, k, sizeof(k) - 1))
  if (IS("actor")) {
    if (rest == e)
      return bad_line(L, "actor without a name");
    if (!(*cur = new_actor(L, rest, (size_t)(e - rest))))
      return oom(L);
    return add_actor_name(L, rest, (size_t)(e - rest), 0);
  }
  if (IS("agent") || IS("set")) {
    const char *colon = memchr(rest, ':', (size_t)(e - rest)), *ce;
    if (!colon)
      return bad_line(L, "expected '%s NAME: phrase; phrase'",
                      IS("set") ? "set" : "agent");
    ce = colon;
    while (ce > rest && isspace((unsigned char)ce[-1]))
      ce--;
    if (IS("set")) {
      struct sr_set *set;
      if (ce == rest)
        return bad_line(L, "set without a name");
      if (!(set = new_set(L, *rest == '&' ? rest + 1 : rest,
                          (size_t)(ce - rest) - (*rest == '&'))))
        return oom(L);
      return each_phrase(L, colon + 1, e, native_set_member, set);
    } else {
      struct agent_args a;
      if (!agent_code(rest, ce, &a.code, &a.len, &a.prefix))
        return bad_line(L, "agent without a code");
      return each_phrase(L, colon + 1, e, native_agent_phrase, &a);
    }
  }
  if (IS("verb") || IS("noun"))
    return load_native_verb(L, rest, e, IS("noun"));
  if (IS("discard") || IS("discard-story")) {
    int story = IS("discard-story");
    if (rest == e)
      return bad_line(L, "discard without a phrase");
    return each_phrase(L, rest, e, native_discard, &story);
  }
#undef IS
  return bad_line(L, "unknown statement '%.*s'", (int)kw, p);
}

/* ------------------------------------------------------------------------ */
/* Files                                                                    */
/* ------------------------------------------------------------------------ */

/* Native files start (after comments) with one of the keywords. */
static int is_native(const char *buf, size_t len) {
  static const char *const keywords[] = {"actor ",        "agent ", "verb ",
                                         "noun ",         "set ",   "discard ",
                                         "discard-story "};
  size_t i = 0;
  while (i < len) {
    const char *nl = memchr(buf + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - buf) : len, k;
    const char *s = buf + i;
    size_t n = strip_comment(s, end - i);
    if (n && !(n >= 4 && !memcmp(s, "<!--", 4))) {
      for (k = 0; k < sizeof keywords / sizeof *keywords; k++)
        if (n >= strlen(keywords[k]) &&
            !memcmp(s, keywords[k], strlen(keywords[k])))
          return 1;
      return 0;
    }
    i = end + 1;
  }
  return 1; /* an empty file is a valid native file */
}

/* (Re)builds every set's first-word index (struct sr_set). Returns 0 when
 * out of memory. */
static int index_sets(sr_dict *d) {
  size_t i, m;
  for (i = 0; i < d->set_count; i++) {
    struct sr_set *st = &d->sets[i];
    size_t cap = 8, subs = 0;
    while (cap < 2 * st->member_count)
      cap *= 2;
    st->index = sr__arena_calloc(&d->arena, cap, sizeof *st->index);
    st->subsets =
        sr__arena_alloc(&d->arena, (st->member_count + 1) * sizeof(uint32_t));
    if (!st->index || !st->subsets)
      return 0;
    st->index_cap = cap;
    for (m = 0; m < st->member_count; m++) {
      const char *w = st->members[m][0];
      size_t slot;
      if (st->member_len[m] == 1 && w[0] == '&') {
        st->subsets[subs++] = (uint32_t)m;
        continue;
      }
      slot = (size_t)word_hash(w, strlen(w)) & (cap - 1);
      while (st->index[slot])
        slot = (slot + 1) & (cap - 1);
      st->index[slot] = (uint32_t)m + 1;
    }
    st->subset_count = subs;
  }
  return 1;
}

static sr_status load_buffer(sr_dict *d, sr_dict_kind kind, const char *path,
                             const char *buf, size_t len, sr_error *err) {
  struct loader L;
  struct sr_actor *cur = NULL;
  struct petr_agent_state *agents = NULL;
  struct petr_verb_state verbs = {NULL, 0};
  int native = is_native(buf, len), in_comment = 0;
  size_t i = 0;
  memset(&L, 0, sizeof L);
  L.d = d;
  L.err = err;
  if (!(L.path = copy_str(&d->arena, path, strlen(path))))
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  if (!native && kind == SR_DICT_AGENTS &&
      !(agents = calloc(1, sizeof *agents)))
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  {
    char why[64];
    if (sr__looks_binary(buf, len, why, sizeof why)) {
      free(agents);
      return sr__error(err, SR_EFORMAT, SIZE_MAX, 0,
                       "%s: binary file, not a dictionary (%s)", path, why);
    }
  }
  while (i < len && !L.fatal) {
    const char *nl = memchr(buf + i, '\n', len - i), *s = buf + i;
    size_t end = nl ? (size_t)(nl - buf) : len, n;
    int ok = 1;
    L.line++;
    n = end - i;
    if (n && s[n - 1] == '\r')
      n--;
    i = end + 1;
    /* <!-- XML comments --> may span lines (PETRARCH files) */
    if (in_comment || (s + n - skip_blanks(s, s + n) >= 2 &&
                       !memcmp(skip_blanks(s, s + n), "<!", 2))) {
      const char *close = NULL, *q;
      for (q = s; q + 2 < s + n; q++)
        if (q[0] == '-' && q[1] == '-' && q[2] == '>') {
          close = q + 3;
        }
      if (!close && (s + n > s + 1 && s[n - 1] == '>'))
        close = s + n;
      in_comment = !close;
      if (!close)
        continue;
      n = (size_t)(s + n - close);
      s = close;
    }
    n = strip_comment(s, n);
    if (!n)
      continue;
    if (memchr(s, '\0', n)) {
      if (!bad_line(&L, "NUL byte in the line"))
        break;
      continue;
    }
    if (native) {
      ok = load_native_line(&L, s, n, &cur);
    } else {
      switch (kind) {
      case SR_DICT_ACTORS:
        ok = load_petr_actor_line(&L, s, n, &cur);
        break;
      case SR_DICT_AGENTS:
        ok = load_petr_agent_line(&L, agents, s, n);
        break;
      case SR_DICT_VERBS:
        ok = load_petr_verb_line(&L, &verbs, s, n);
        break;
      case SR_DICT_DISCARDS: {
        const char *p = skip_blanks(s, s + n);
        int story = *p == '+';
        ok = add_phrase(&L, &d->discard_trie, p + story,
                        (size_t)(s + n - p - story), 1, story);
        d->discard_count += ok;
        break;
      }
      }
    }
    if (!ok && !L.fatal)
      L.fatal = SR_EDICT;
  }
  free(agents);
  if (L.fatal)
    return L.fatal;
  /* native actors: the code is country + sector */
  {
    size_t a;
    for (a = 0; a < d->actor_count; a++) {
      struct sr_actor *ac = &d->actors[a];
      if (!ac->code && (ac->country || ac->sector)) {
        char code[64];
        snprintf(code, sizeof code, "%s%s", ac->country ? ac->country : "---",
                 ac->sector ? ac->sector : "");
        if (!(ac->code = copy_str(&d->arena, code, strlen(code))))
          return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
      }
    }
  }
  if (!index_sets(d))
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  /* resolve &SET references now that every set of the file is known */
  {
    size_t p;
    for (p = 0; p < d->pattern_count; p++) {
      struct sr_pattern *pt = &d->patterns[p];
      unsigned k;
      for (k = 0; k < (unsigned)pt->pre_count + pt->post_count; k++) {
        struct sr_item *it =
            k < pt->pre_count ? &pt->pre[k] : &pt->post[k - pt->pre_count];
        if (it->kind == SR_ITEM_SET && it->set < 0)
          it->set = sr__dict_set(d, it->words[0], strlen(it->words[0]));
      }
    }
  }
  if (d->spell_stale && !d->loading_dir && !sr__spell_build(d))
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  return SR_OK;
}

SR_EXPORT sr_status sr_dict_new(const sr_engine *e, sr_dict **out,
                                sr_error *err) {
  const sr_allocator *alloc = e ? &e->alloc : sr__malloc_allocator();
  sr_dict *d;
  *out = NULL;
  if (!(d = alloc->alloc(alloc->ctx, sizeof *d)))
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  memset(d, 0, sizeof *d);
  d->engine = e;
  sr__arena_init(&d->arena, alloc);
  if (!trie_init(&d->actor_trie, &d->arena) ||
      !trie_init(&d->agent_trie, &d->arena) ||
      !trie_init(&d->discard_trie, &d->arena) ||
      !trie_init(&d->noun_trie, &d->arena)) {
    sr_dict_free(d);
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  *out = d;
  return SR_OK;
}

SR_EXPORT void sr_dict_set_strict(sr_dict *d, int strict) {
  if (d)
    d->strict = strict;
}

SR_EXPORT sr_status sr_dict_load(sr_dict *d, sr_dict_kind kind,
                                 const char *path, sr_error *err) {
  char *buf;
  size_t len;
  sr_status st;
  if (!d || !path || (unsigned)kind > SR_DICT_DISCARDS)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "sr_dict_load: bad arguments");
  if ((st = sr__read_file(path, MAX_DICT_BYTES, &buf, &len, err)) != SR_OK)
    return st;
  st = load_buffer(d, kind, path, buf, len, err);
  free(buf);
  return st;
}

SR_EXPORT sr_status sr_dict_load_memory(sr_dict *d, sr_dict_kind kind,
                                        const char *name, const char *bytes,
                                        size_t len, sr_error *err) {
  if (!d || (!bytes && len) || (unsigned)kind > SR_DICT_DISCARDS)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "sr_dict_load_memory: bad arguments");
  return load_buffer(d, kind, name ? name : "<memory>", bytes ? bytes : "", len,
                     err);
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

SR_EXPORT sr_status sr_dict_load_dir(sr_dict *d, const char *dir,
                                     sr_error *err) {
  static const struct {
    const char *ext;
    sr_dict_kind kind;
  } kinds[] = {{".actors", SR_DICT_ACTORS},
               {".agents", SR_DICT_AGENTS},
               {".verbs", SR_DICT_VERBS},
               {".discards", SR_DICT_DISCARDS}};
  DIR *dp = opendir(dir);
  struct dirent *ent;
  char **names = NULL;
  size_t count = 0, cap = 0, i, loaded = 0;
  sr_status st = SR_OK;
  if (!dp)
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: cannot open: %s", dir,
                     strerror(errno));
  while ((ent = readdir(dp)) != NULL) {
    char **nn;
    if (ent->d_name[0] == '.')
      continue;
    if (count == cap) {
      cap = cap ? cap * 2 : 16;
      if (!(nn = realloc(names, cap * sizeof *names))) {
        st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
        break;
      }
      names = nn;
    }
    if (!(names[count] = strdup(ent->d_name))) {
      st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
      break;
    }
    count++;
  }
  closedir(dp);
  if (count)
    qsort(names, count, sizeof *names, by_name);
  d->loading_dir = 1; /* one misspelling index for the whole directory */
  /* actors, agents, verbs, discards: each kind in name order */
  for (i = 0; st == SR_OK && i < sizeof kinds / sizeof *kinds; i++) {
    size_t f;
    for (f = 0; st == SR_OK && f < count; f++) {
      size_t n = strlen(names[f]), el = strlen(kinds[i].ext);
      char path[4096];
      if (n <= el || strcmp(names[f] + n - el, kinds[i].ext))
        continue;
      if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[f]) >=
          sizeof path) {
        st = sr__error(err, SR_EINVAL, SIZE_MAX, 0, "%s: path too long", dir);
        break;
      }
      st = sr_dict_load(d, kinds[i].kind, path, err);
      loaded++;
    }
  }
  for (i = 0; i < count; i++)
    free(names[i]);
  free(names);
  d->loading_dir = 0;
  if (st == SR_OK && d->spell_stale && !sr__spell_build(d))
    st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  if (st == SR_OK && !loaded)
    st = sr__error(err, SR_EIO, SIZE_MAX, 0,
                   "%s: no .actors, .agents, .verbs or .discards files", dir);
  return st;
}

SR_EXPORT void sr_dict_stats(const sr_dict *d, sr_dict_counts *out) {
  memset(out, 0, sizeof *out);
  if (!d)
    return;
  out->actors = d->actor_count;
  out->agents = d->agent_count;
  out->verbs = d->verb_count;
  out->patterns = d->pattern_count - d->noun_count;
  out->nouns = d->noun_count;
  out->discards = d->discard_count;
  out->sets = d->set_count;
  out->warnings = d->warnings;
}

SR_EXPORT void sr_dict_free(sr_dict *d) {
  const sr_allocator *alloc;
  if (!d)
    return;
  alloc = d->arena.alloc;
  sr__spell_free(d);
  sr__arena_free(&d->arena);
  alloc->release(alloc->ctx, d);
}

const char *sr__actor_code(const struct sr_actor *a, uint32_t date) {
  size_t i;
  if (date)
    for (i = 0; i < a->role_count; i++)
      if (date >= a->roles[i].from && date <= a->roles[i].to)
        return a->roles[i].code;
  return a->code;
}
