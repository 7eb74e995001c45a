/*
 * where.c - places in documents and in analysts' queries (DESIGN.md,
 * "Dates and places"): finds place names among a sentence's tokens, ranks
 * the gazetteer's candidates for each, and gives every coded event a
 * location; sr_geocode does the same for one free-text description.
 *
 * Finding: at each capitalised word, the longest run of up to MAX_SPAN
 * words whose folded text is a gazetteer key ("Rostov - on - Don" ->
 * "rostov on don"; "Belgorod region" -> the region).
 *
 * Ranking, for each candidate place of a name (docs/ARCHITECTURE.md,
 * "Places", has the reasons):
 *   log10(population + 1)
 *   + 6 for a country, + 2 for a region ("Georgia" is the country)
 *   + 4 for the city of the same name inside a region that is also a
 *     candidate, or for a seat of a region beside it ("Kharkiv" and
 *     "Kiev" are the cities), + 6 to the region instead when
 *     "region", "oblast" or "province" follows
 *   + 1 for a capital, + 0.5 for the seat of a region
 *   + local context from the places named next to it in the sentence
 *     (a region that contains it + 8, a country + 4, a city in the same
 *     region + 4, in the same country + 1.5: "Lyman in the Donetsk
 *     region", "Kozinka, Belgorod region", "Chuhuiv, south of Kharkiv")
 *   + 2.5 when the document names the candidate's country elsewhere (its
 *     other places and its coded participants, "RUS" -> RU)
 *   - 0.5 when the name is an old or alternate one.
 * Strictness in documents (the best candidate that passes is taken):
 *   - the first word must be capitalised;
 *   - a name that is also an ordinary word (WordNet's lower-case lemmas and
 *     data/gazetteer/stop-names.txt: "March", "Police", "Mobile",
 *     "Wagner", "Of") needs a supporting place right after it, with only
 *     ",", "in", "the", "of" between ("Police, Poland", "Mobile, Alabama",
 *     "Lyman in the Donetsk region"); so does a name the tagger calls a
 *     person or an organisation, or one inside a longer proper name
 *     ("Wagner Group", "Denis Kapustin");
 *   - a city with no local context needs MIN_DOC_POPULATION people (or to
 *     be a region's seat) in a country the document names, else
 *     MIN_BARE_POPULATION (or to be a capital).
 * Countries and regions pass when they are capitalised and not ordinary
 * words. sr_geocode is not strict: the analyst asked for a place.
 *
 * An event's location is the place under its trigger in a locative phrase
 * ("in X", "near X", "at X", ... and the nouns below it: "in the village of
 * Kozinka") or its object ("recaptured Lyman"), the finest first, else a
 * city or region inside its recipient's or actor's phrase when that is
 * finer, else the dateline ("KYIV, June 24 (Reuters) -"), else the place
 * the document names most often.
 */
#include "where.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_SPAN 6                /* words in one place name */
#define CONTEXT_AFTER 6           /* a context place starts this close after */
#define CONTEXT_BEFORE 3          /* ... or ends this close before */
#define MIN_BARE_POPULATION 50000 /* a city named with no context at all */
#define MIN_DOC_POPULATION 1000   /* a city in a country the document names */
#define NO_NAME UINT32_MAX

struct mention {
  size_t first, last;   /* token indexes (document or query), inclusive */
  size_t sentence;      /* sentence index, for context */
  uint32_t lo, hi;      /* the names that match: [lo, hi) */
  uint32_t best;        /* the chosen name, or NO_NAME */
  unsigned region_word; /* "region", "oblast", ... follows */
  unsigned weak;        /* a person's or organisation's name, or inside a
                           longer proper name: needs local context */
  unsigned links;       /* linking words right after it (",", "in", "the",
                           "of"): a place after them is adjacent */
};

struct mentions {
  struct mention *m;
  size_t n, cap;
};

/* ------------------------------------------------------------------------ */
/* Words                                                                    */
/* ------------------------------------------------------------------------ */

static int first_cp(const char *s, size_t n, utf8proc_int32_t *cp) {
  if (!n)
    return 0;
  return utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
                          cp) > 0;
}

/* Starts with a capital letter. */
static int is_cap(const sr_token *t) {
  utf8proc_int32_t c;
  return first_cp(t->form, t->form_len, &c) &&
         utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
}

/* Starts with a letter. */
static int is_word(const sr_token *t) {
  utf8proc_int32_t c;
  utf8proc_category_t cat;
  if (!first_cp(t->form, t->form_len, &c))
    return 0;
  cat = utf8proc_category(c);
  return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

/* Has letters and no lower-case ones: "KYIV". */
static int all_caps(const sr_token *t) {
  size_t i;
  int letters = 0;
  for (i = 0; i < t->form_len; i++) {
    unsigned char c = (unsigned char)t->form[i];
    if (c >= 'a' && c <= 'z')
      return 0;
    letters += c >= 'A' && c <= 'Z';
  }
  return letters >= 2;
}

static int word_is(const sr_token *t, const char *const *list) {
  char low[32];
  size_t i;
  if (t->norm_len >= sizeof low)
    return 0;
  sr__lower(t->norm, t->norm_len, low, sizeof low);
  for (i = 0; list[i]; i++)
    if (!strcmp(low, list[i]))
      return 1;
  return 0;
}

static const char *const region_words[] = {
    "region", "oblast", "province", "governorate", "krai", "kray", NULL};

/* Capitalised words that may stand before a place name without making it
 * part of a longer name. */
static const char *const open_words[] = {
    "north",   "south",   "east",    "west",      "northern", "southern",
    "eastern", "western", "central", "greater",   "occupied", "in",
    "near",    "at",      "from",    "to",        "outside",  "around",
    "the",     "and",     "of",      "liberated", NULL};

static const char *const link_words[] = {",", "in", "the", "of", "-", NULL};

static int is_dash(const sr_token *t) {
  return t->norm_len == 1 && (t->norm[0] == '-' || t->norm[0] == ',');
}

/* ------------------------------------------------------------------------ */
/* Finding names                                                            */
/* ------------------------------------------------------------------------ */

static int push(struct mentions *L, const struct mention *m) {
  if (L->n == L->cap) {
    size_t ncap = L->cap ? L->cap * 2 : 64;
    struct mention *p = realloc(L->m, ncap * sizeof *p);
    if (!p)
      return 0;
    L->m = p;
    L->cap = ncap;
  }
  L->m[L->n++] = *m;
  return 1;
}

/* Finds the names in tok[0..n): `base` is added to token indexes. With
 * `need_cap`, a name starts only at a capitalised word. */
static sr_status find_names(const sr_gazetteer *g, const sr_token *tok,
                            size_t n, size_t base, size_t sentence,
                            int need_cap, struct mentions *out) {
  size_t i = 0;
  while (i < n) {
    char text[SR_GAZ_MAX_KEY * 2], key[SR_GAZ_MAX_KEY];
    size_t len = 0, k, best = SIZE_MAX;
    uint32_t lo = 0, hi = 0, a, b;
    struct mention m;
    if (!is_word(&tok[i]) || (need_cap && !is_cap(&tok[i]))) {
      i++;
      continue;
    }
    for (k = 0; k < MAX_SPAN && i + k < n; k++) {
      const sr_token *t = &tok[i + k];
      if (len + t->norm_len + 2 > sizeof text)
        break;
      if (k)
        text[len++] = ' ';
      memcpy(text + len, t->norm, t->norm_len);
      len += t->norm_len;
      if (!sr__place_key(text, len, key, sizeof key))
        break;
      if (is_word(t) && sr__gaz_find(g, key, &a, &b)) {
        best = k;
        lo = a;
        hi = b;
      }
      if (!sr__gaz_has_longer(g, key))
        break;
    }
    if (best == SIZE_MAX) {
      i++;
      continue;
    }
    memset(&m, 0, sizeof m);
    m.first = base + i;
    m.last = base + i + best;
    m.sentence = sentence;
    m.lo = lo;
    m.hi = hi;
    m.best = NO_NAME;
    m.region_word =
        i + best + 1 < n && word_is(&tok[i + best + 1], region_words);
    for (k = i + best + 1; k < n && m.links < 3 && word_is(&tok[k], link_words);
         k++)
      m.links++;
    if (need_cap) {
      const sr_token *t = &tok[i];
      const char *ner = t->ner;
      if (ner && (!strcmp(ner + (ner[0] ? 1 : 0), "-PER") ||
                  !strcmp(ner + (ner[0] ? 1 : 0), "-ORG")))
        m.weak = 1;
      if (i > 1 && is_cap(&tok[i - 1]) && !word_is(&tok[i - 1], open_words) &&
          !(out->n && out->m[out->n - 1].last == base + i - 1))
        m.weak = 1;
      if (i + best + 1 < n && is_cap(&tok[i + best + 1]) &&
          !all_caps(&tok[i + best + 1]) && !m.region_word) {
        char one[SR_GAZ_MAX_KEY];
        const sr_token *nx = &tok[i + best + 1];
        if (!sr__place_key(nx->norm, nx->norm_len, one, sizeof one) ||
            !sr__gaz_find(g, one, &a, &b))
          m.weak = 1;
      }
    }
    if (!push(out, &m))
      return SR_ENOMEM;
    i += best + 1;
  }
  return SR_OK;
}

/* ------------------------------------------------------------------------ */
/* Ranking                                                                  */
/* ------------------------------------------------------------------------ */

static double log10_pop(uint32_t pop) { return log10((double)pop + 1.0); }

/* The support one place gives another next to it (see the top). */
static double local_support(const struct sr_gaz_place *p,
                            const struct sr_gaz_place *q) {
  if (p == q)
    return 0;
  if (q->kind == SR_PLACE_ADMIN1)
    return p->admin1 != SR_GAZ_NONE && p->admin1 == q->admin1 &&
                   p->kind == SR_PLACE_CITY
               ? 8
               : 0;
  if (q->kind == SR_PLACE_COUNTRY)
    return p->kind != SR_PLACE_COUNTRY && p->country == q->country ? 4 : 0;
  if (p->kind == SR_PLACE_COUNTRY)
    return 0;
  if (p->admin1 != SR_GAZ_NONE && p->admin1 == q->admin1)
    return 4;
  return p->country == q->country ? 1.5 : 0;
}

struct ranking {
  const sr_gazetteer *g;
  size_t n;                           /* mentions in the document or query */
  const unsigned char *doc_countries; /* per country: named in the doc */
  int16_t only_country;               /* geocode --country, or -1 */
  int strict;                         /* documents: the rules at the top */
};

#define MAX_CONTEXT 8  /* places next to a name that are looked at */
#define MAX_REGIONS 16 /* region candidates of one name that are looked at */

/* Chooses the best name of mention `at` of R->all. */
static void rank_mention(const struct ranking *R, struct mention *all,
                         size_t at) {
  const sr_gazetteer *g = R->g;
  struct mention *m = &all[at];
  const struct mention *ctx[MAX_CONTEXT];
  const struct sr_gaz_place *regions[MAX_REGIONS];
  uint32_t i, best = NO_NAME;
  size_t k, nctx = 0, nreg = 0;
  double best_score = -1e9;
  /* the places named right before and after it in its sentence */
  for (k = at; k-- > 0 && nctx < MAX_CONTEXT;) {
    const struct mention *x = &all[k];
    if (x->sentence != m->sentence || x->last + CONTEXT_BEFORE < m->first)
      break;
    ctx[nctx++] = x;
  }
  for (k = at + 1; k < R->n && nctx < MAX_CONTEXT; k++) {
    const struct mention *x = &all[k];
    if (x->sentence != m->sentence || x->first > m->last + CONTEXT_AFTER)
      break;
    ctx[nctx++] = x;
  }
  for (i = m->lo; i < m->hi && nreg < MAX_REGIONS; i++)
    if (g->places[g->names[i].place].kind == SR_PLACE_ADMIN1)
      regions[nreg++] = &g->places[g->names[i].place];
  for (i = m->lo; i < m->hi; i++) {
    const struct sr_gaz_name *nm = &g->names[i];
    const struct sr_gaz_place *p = &g->places[nm->place];
    double score = log10_pop(p->population), local = 0;
    uint32_t j;
    int in_doc = 0, adjacent = 0;
    if (R->only_country >= 0 && p->country != (uint16_t)R->only_country)
      continue;
    if (p->kind == SR_PLACE_COUNTRY)
      score += 6;
    else if (p->kind == SR_PLACE_ADMIN1)
      score += m->region_word ? 8 : 2;
    /* a city inside a region of the same name, or a seat beside it
       ("Kiev": the capital, not the oblast around it) */
    for (k = 0; p->kind == SR_PLACE_CITY && !m->region_word && k < nreg; k++)
      if (regions[k]->admin1 == p->admin1 ||
          (regions[k]->country == p->country && p->rank >= 2)) {
        score += 4;
        break;
      }
    score += p->rank == 3 ? 1 : p->rank == 2 ? 0.5 : 0;
    if (nm->flags & SR_NAME_ALT)
      score -= 0.5;
    for (k = 0; k < nctx; k++) {
      const struct mention *x = ctx[k];
      for (j = x->lo; j < x->hi; j++) {
        double sup = local_support(p, &g->places[g->names[j].place]);
        if (sup > local)
          local = sup;
        if (sup > 0 && x->first > m->last && x->first - m->last - 1 <= m->links)
          adjacent = 1;
      }
    }
    score += local;
    if (R->doc_countries && p->kind != SR_PLACE_COUNTRY &&
        p->country != SR_GAZ_NONE && R->doc_countries[p->country]) {
      score += 2.5;
      in_doc = 1;
    }
    if (R->strict) {
      if ((nm->flags & SR_NAME_COMMON || m->weak) && !adjacent)
        continue;
      if (p->kind == SR_PLACE_CITY && local <= 0 &&
          !(in_doc ? p->population >= MIN_DOC_POPULATION || p->rank >= 2
                   : p->population >= MIN_BARE_POPULATION || p->rank == 3))
        continue;
    }
    if (score > best_score) {
      best_score = score;
      best = i;
    }
  }
  m->best = best;
}

static const struct sr_gaz_place *chosen(const sr_gazetteer *g,
                                         const struct mention *m) {
  return m->best == NO_NAME ? NULL : &g->places[g->names[m->best].place];
}

/* ------------------------------------------------------------------------ */
/* Locations                                                                */
/* ------------------------------------------------------------------------ */

static const char *const precision_names[] = {"city", "admin1", "country"};

static void fill_location(const sr_gazetteer *g, const struct sr_gaz_place *p,
                          sr_location *loc) {
  loc->name = g->strings + p->name;
  loc->country =
      p->country != SR_GAZ_NONE ? g->countries[p->country].iso2 : NULL;
  loc->admin1 = p->admin1 != SR_GAZ_NONE
                    ? g->strings + g->places[g->admin1[p->admin1].place].name
                    : NULL;
  loc->lat = p->lat / 1e5;
  loc->lon = p->lon / 1e5;
  loc->geonameid = p->geonameid;
  loc->population = p->population;
  loc->precision = precision_names[p->kind];
}

/* Makes the location of mention m in the document's arena. */
static sr_location *doc_location(const sr_gazetteer *g, sr_doc *d,
                                 const struct mention *m, const char *source) {
  sr_location *loc = sr__arena_calloc(&d->arena, 1, sizeof *loc);
  const sr_token *a = &d->tokens[m->first], *b = &d->tokens[m->last];
  if (!loc)
    return NULL;
  fill_location(g, chosen(g, m), loc);
  loc->text = sr__doc_strdup(d, a->form,
                             b->form >= a->form
                                 ? (size_t)(b->form + b->form_len - a->form)
                                 : a->form_len);
  if (!loc->text)
    return NULL;
  loc->start = a->start;
  loc->end = b->end > a->start ? b->end : a->end;
  loc->source = source;
  return loc;
}

static const char *const locative_cases[] = {
    "in",      "near",   "at",         "around", "outside", "inside",
    "into",    "across", "over",       "on",     "toward",  "towards",
    "through", "along",  "throughout", "within", "off",     NULL};

static const char *base_rel(const char *rel, char *buf, size_t cap) {
  size_t i = 0;
  if (!rel)
    return "";
  while (rel[i] && rel[i] != ':' && i + 1 < cap) {
    buf[i] = rel[i];
    i++;
  }
  buf[i] = '\0';
  return buf;
}

/* Is token j (sentence-relative) under token h, and how deep? Returns the
 * number of steps, or -1. */
static int steps_under(const sr_token *tok, size_t n, size_t j, size_t h) {
  int steps = 0;
  while (j != h) {
    if (!tok[j].head || tok[j].head > n || steps > (int)n)
      return -1;
    j = tok[j].head - 1;
    steps++;
  }
  return steps;
}

/* The case word of token h: the lemma of its first "case" dependent. */
static int has_locative_case(const sr_token *tok, size_t n, size_t h) {
  size_t k;
  char buf[16];
  for (k = 0; k < n; k++)
    if (tok[k].head == h + 1 &&
        !strcmp(base_rel(tok[k].deprel, buf, sizeof buf), "case"))
      return word_is(&tok[k], locative_cases);
  return 0;
}

/* The best place under trigger v of sentence s, in a locative phrase or
 * its object (the finest, then the one nearest the phrase's head): index
 * into L, or SIZE_MAX. */
static size_t tree_place(const sr_gazetteer *g, const sr_doc *d,
                         const struct mentions *L, size_t s, size_t v) {
  const sr_sentence *sen = &d->sentences[s];
  const sr_token *tok = &d->tokens[sen->first_token];
  size_t n = sen->token_count, j, k, best = SIZE_MAX;
  int best_steps = 1 << 30;
  for (j = 0; j < n; j++) {
    char buf[16];
    const char *rel;
    if (tok[j].head != v + 1)
      continue;
    rel = base_rel(tok[j].deprel, buf, sizeof buf);
    if (strcmp(rel, "obj") && /* "recaptured Lyman", "entered Rostov" */
        ((strcmp(rel, "obl") && strcmp(rel, "nmod") && strcmp(rel, "advmod")) ||
         !has_locative_case(tok, n, j)))
      continue;
    for (k = 0; k < L->n; k++) {
      const struct mention *m = &L->m[k];
      int st;
      if (m->sentence != s || !chosen(g, m))
        continue;
      st = steps_under(tok, n, m->first - sen->first_token, j);
      if (st < 0)
        continue;
      st += 1000 * chosen(g, m)->kind; /* finer places first */
      if (st < best_steps) {
        best_steps = st;
        best = k;
      }
    }
  }
  return best;
}

/* A city or region inside the participants' phrases: index into L, or
 * SIZE_MAX. Recipients first. Countries there are usually governments
 * acting ("Russia accused Ukraine"), not places. */
static size_t participant_place(const sr_gazetteer *g, const struct mentions *L,
                                const sr_doc *d, const sr_event *e) {
  size_t side, i, k;
  for (side = 0; side < 2; side++) {
    const sr_participant *p = side ? e->actors : e->recipients;
    size_t np = side ? e->actor_count : e->recipient_count;
    for (i = 0; i < np; i++)
      for (k = 0; k < L->n; k++) {
        const struct mention *m = &L->m[k];
        const struct sr_gaz_place *pl = chosen(g, m);
        const sr_token *t = &d->tokens[m->first];
        if (m->sentence == e->sentence && pl && pl->kind != SR_PLACE_COUNTRY &&
            t->start >= p[i].start && t->end <= p[i].end)
          return k;
      }
  }
  return SIZE_MAX;
}

/* The dateline: a place at the very start of the first sentence, in
 * capitals or followed within a few words by "(Agency) -". */
static size_t dateline_place(const sr_gazetteer *g, const struct mentions *L,
                             const sr_doc *d) {
  const struct mention *m;
  const sr_sentence *sen;
  size_t j, end;
  if (!L->n || !d->sentence_count)
    return SIZE_MAX;
  m = &L->m[0];
  sen = &d->sentences[0];
  if (m->sentence != 0 || m->first != sen->first_token || !chosen(g, m) ||
      m->last + 1 >= sen->first_token + sen->token_count ||
      !is_dash(&d->tokens[m->last + 1]))
    return SIZE_MAX;
  if (all_caps(&d->tokens[m->first]))
    return 0;
  end = sen->first_token + sen->token_count;
  for (j = m->last + 1; j + 1 < end && j < m->last + 12; j++)
    if (d->tokens[j].norm_len == 1 && d->tokens[j].norm[0] == ')' &&
        is_dash(&d->tokens[j + 1]))
      return 0;
  return SIZE_MAX;
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* The place the document names most often (ties: the one named first):
 * index into L, or SIZE_MAX. */
static size_t main_place(const sr_gazetteer *g, const struct mentions *L) {
  uint32_t *ids = malloc((L->n ? L->n : 1) * sizeof *ids), best_place = 0;
  size_t i, n = 0, best = SIZE_MAX, best_count = 0;
  if (!ids)
    return SIZE_MAX;
  for (i = 0; i < L->n; i++)
    if (chosen(g, &L->m[i]))
      ids[n++] = g->names[L->m[i].best].place;
  qsort(ids, n, sizeof *ids, cmp_u32);
  for (i = 0; i < n;) {
    size_t j = i;
    while (j < n && ids[j] == ids[i])
      j++;
    if (j - i > best_count) {
      best_count = j - i;
      best_place = ids[i];
    } else if (j - i == best_count) { /* tie: named first */
      size_t k;
      for (k = 0; k < L->n; k++) {
        const struct mention *m = &L->m[k];
        if (!chosen(g, m))
          continue;
        if (g->names[m->best].place == best_place)
          break;
        if (g->names[m->best].place == ids[i]) {
          best_place = ids[i];
          break;
        }
      }
    }
    i = j;
  }
  free(ids);
  for (i = 0; best_count && i < L->n; i++)
    if (chosen(g, &L->m[i]) && g->names[L->m[i].best].place == best_place) {
      best = i;
      break;
    }
  return best;
}

/* The country of an ISO3 participant code ("RUS"), or -1. */
static int country_of_code(const sr_gazetteer *g, const char *code) {
  uint32_t i;
  if (!code)
    return -1;
  for (i = 0; i < g->n_countries; i++)
    if (!strcmp(g->countries[i].iso3, code))
      return (int)i;
  return -1;
}

/* Keeps the places found in the document's arena (sr_doc_place). */
static sr_status keep_places(const sr_gazetteer *g, sr_doc *d,
                             const struct mentions *L) {
  size_t i, n = 0;
  for (i = 0; i < L->n; i++)
    n += chosen(g, &L->m[i]) != NULL;
  if (!n)
    return SR_OK;
  if (!(d->places = sr__arena_calloc(&d->arena, n, sizeof *d->places)))
    return SR_ENOMEM;
  for (i = 0; i < L->n; i++) {
    const sr_location *loc;
    if (!chosen(g, &L->m[i]))
      continue;
    if (!(loc = doc_location(g, d, &L->m[i], "mention")))
      return SR_ENOMEM;
    d->places[d->place_count++] = *loc;
  }
  return SR_OK;
}

sr_status sr_where_doc(const sr_gazetteer *g, sr_doc *d, sr_error *err) {
  struct mentions L = {NULL, 0, 0};
  struct ranking R;
  unsigned char *in_doc;
  sr_location *fallback = NULL;
  const char *fallback_source = NULL;
  size_t i, k, fb;
  sr_status st = SR_OK;
  if (!g || !d)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "sr_where_doc: NULL argument");
  d->places = NULL;
  d->place_count = 0;
  for (i = 0; i < d->event_count; i++) /* a second call starts afresh */
    d->events[i].location = NULL;
  for (i = 0; i < d->sentence_count && st == SR_OK; i++) {
    const sr_sentence *s = &d->sentences[i];
    st = find_names(g, &d->tokens[s->first_token], s->token_count,
                    s->first_token, i, 1, &L);
  }
  if (st != SR_OK || !L.n) {
    free(L.m);
    return st == SR_OK ? SR_OK
                       : sr__error(err, st, SIZE_MAX, 0, "out of memory");
  }
  in_doc = calloc(g->n_countries + 1, 1);
  if (!in_doc) {
    free(L.m);
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  memset(&R, 0, sizeof R);
  R.g = g;
  R.n = L.n;
  R.only_country = -1;
  R.strict = 1;
  /* pass 1: without the document's countries, to learn them */
  for (i = 0; i < L.n; i++) {
    const struct sr_gaz_place *p;
    rank_mention(&R, L.m, i);
    if ((p = chosen(g, &L.m[i])) && p->country != SR_GAZ_NONE)
      in_doc[p->country] = 1;
  }
  for (i = 0; i < d->event_count; i++) {
    const sr_event *e = &d->events[i];
    int c;
    for (k = 0; k < e->actor_count; k++)
      if ((c = country_of_code(g, e->actors[k].country)) >= 0)
        in_doc[c] = 1;
    for (k = 0; k < e->recipient_count; k++)
      if ((c = country_of_code(g, e->recipients[k].country)) >= 0)
        in_doc[c] = 1;
  }
  R.doc_countries = in_doc;
  for (i = 0; i < L.n; i++) /* pass 2 */
    rank_mention(&R, L.m, i);
  st = keep_places(g, d, &L);
  if ((fb = dateline_place(g, &L, d)) != SIZE_MAX)
    fallback_source = "dateline";
  else if ((fb = main_place(g, &L)) != SIZE_MAX)
    fallback_source = "document";
  for (i = 0; i < d->event_count && st == SR_OK; i++) {
    sr_event *e = &d->events[i];
    const sr_sentence *s = &d->sentences[e->sentence];
    size_t at = tree_place(g, d, &L, e->sentence,
                           e->trigger_token - s->first_token),
           part = participant_place(g, &L, d, e);
    /* the finer of the two: "recapture Lyman in the Donetsk region" */
    if (part != SIZE_MAX && (at == SIZE_MAX || chosen(g, &L.m[part])->kind <
                                                   chosen(g, &L.m[at])->kind)) {
      e->location = doc_location(g, d, &L.m[part], "participant");
    } else if (at != SIZE_MAX) {
      e->location = doc_location(g, d, &L.m[at], "event");
    } else if (fb != SIZE_MAX) {
      if (!fallback)
        fallback = doc_location(g, d, &L.m[fb], fallback_source);
      e->location = fallback;
    } else {
      continue;
    }
    if (!e->location)
      st = SR_ENOMEM;
  }
  free(in_doc);
  free(L.m);
  if (st != SR_OK)
    return sr__error(err, st, SIZE_MAX, 0, "out of memory");
  return SR_OK;
}

size_t sr_doc_place_count(const sr_doc *d) { return d ? d->place_count : 0; }

const sr_location *sr_doc_place(const sr_doc *d, size_t i) {
  return d && i < d->place_count ? &d->places[i] : NULL;
}

/* ------------------------------------------------------------------------ */
/* Free text                                                                */
/* ------------------------------------------------------------------------ */

static int query_punct(unsigned char c) {
  return c == ',' || c == ';' || c == '(' || c == ')' || c == '[' || c == ']' ||
         c == '/' || c == ':' || c == '"';
}

/* Words a lower-case query uses around place names. */
static const char *const query_words[] = {
    "near",  "outside", "in",    "at",      "of",   "north",  "south",
    "east",  "west",    "the",   "village", "town", "city",   "km",
    "miles", "around",  "close", "to",      "from", "suburb", NULL};

sr_status sr_geocode(const sr_gazetteer *g, const char *text, size_t len,
                     const char *country, sr_location *out, sr_error *err) {
  sr_token *tok;
  struct mentions L = {NULL, 0, 0};
  struct ranking R;
  size_t i = 0, n = 0, k;
  int caps = 0;
  sr_status st;
  if (!g || !out || (!text && len))
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "sr_geocode: NULL argument");
  memset(out, 0, sizeof *out);
  memset(&R, 0, sizeof R);
  R.g = g;
  R.only_country = -1;
  if (country && *country) {
    char up[4];
    size_t cl = strlen(country);
    uint32_t c;
    for (k = 0; k < cl && k < 3; k++)
      up[k] = (char)(country[k] >= 'a' && country[k] <= 'z' ? country[k] - 32
                                                            : country[k]);
    up[k] = '\0';
    for (c = 0; c < g->n_countries && cl <= 3; c++)
      if (!strcmp(cl == 2 ? g->countries[c].iso2 : g->countries[c].iso3, up))
        R.only_country = (int16_t)c;
    if (R.only_country < 0)
      return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                       "unknown country code '%s' (ISO 3166 alpha-2 or "
                       "alpha-3, such as UA or UKR)",
                       country);
  }
  if (!(tok = calloc(len + 1, sizeof *tok)))
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  while (i < len) { /* words, and punctuation marks on their own */
    size_t j = i;
    unsigned char c = (unsigned char)text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      i++;
      continue;
    }
    if (query_punct(c))
      j = i + 1;
    else
      while (j < len && !query_punct((unsigned char)text[j]) &&
             text[j] != ' ' && text[j] != '\t' && text[j] != '\n' &&
             text[j] != '\r')
        j++;
    tok[n].form = tok[n].norm = text + i;
    tok[n].form_len = tok[n].norm_len = j - i;
    tok[n].start = i;
    tok[n].end = j;
    caps |= is_cap(&tok[n]);
    n++;
    i = j;
  }
  if (!caps) /* a lower-case query: skip the words around names */
    for (i = 0; i < n; i++)
      if (word_is(&tok[i], query_words))
        tok[i].form_len = tok[i].norm_len = 0;
  st = find_names(g, tok, n, 0, 0, caps, &L);
  if (st == SR_OK) {
    R.n = L.n;
    for (k = 0; k < L.n; k++) {
      const struct mention *m = &L.m[k];
      rank_mention(&R, L.m, k);
      if (!chosen(g, m))
        continue;
      fill_location(g, chosen(g, m), out);
      out->start = tok[m->first].start;
      out->end = tok[m->last].end;
      out->source = "query";
      break;
    }
  }
  free(L.m);
  free(tok);
  if (st != SR_OK)
    return sr__error(err, st, SIZE_MAX, 0, "out of memory");
  return SR_OK;
}
