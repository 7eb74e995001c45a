/*
 * resolve.c - who exactly (issue #6, item 3). Three jobs after the word
 * tries of dict.c have matched what they can:
 *
 *   1. Misspelt names. Every capitalised word of an actor name (5 bytes or
 *      longer) goes into a symmetric-delete index: the hashes of the word
 *      with up to k bytes deleted (k = 1 for 5-8 bytes, 2 for longer),
 *      sorted. A capitalised token of a participant phrase that no actor or
 *      agent phrase starts with is looked up the same way; candidates are
 *      checked with the true (optimal string alignment) distance, where
 *      a vowel replaced by a consonant counts twice, against
 *      the smaller of the two lengths' limits, must share the first two
 *      letters (misspellings and transliterations keep a name's start;
 *      "Cxlenardhon" is a garbled word, not "Calenardhon"), must not be a
 *      prefix extension ("Putina" of "Putin", the
 *      Slavic feminine and similar derived names), and must all belong to
 *      one actor. The index is built once per dictionary load and lookups
 *      allocate nothing.
 *   2. Coreference within a document, over the coded participants in text
 *      order: "he"/"she"/"him"/"her" take the latest person (NER PER, or
 *      resolved through a role) within three sentences, "they"/"them" the
 *      latest coded plural noun ("Russian troops") within one; a lone
 *      capitalised name that no
 *      dictionary knows takes an earlier person whose name ends with it;
 *      a role description ("the Wagner leader", "the defence minister")
 *      takes the actor whose dated role title contains all its content
 *      words: the latest such actor already in the document, else the
 *      only one in the dictionary whose role is in force on the date.
 *   3. Unknown actors: a participant with no code is kept when its head is
 *      a named entity (the NER tag, else a proper noun: entity "MISC"),
 *      with a country from a demonym or apposition ("Russian blogger X");
 *      anything else ("a separate deal", "everything") is removed.
 */
#include "resolve.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPELL_MIN 5      /* shorter words are never corrected */
#define SPELL_MAX 40     /* longer words are not indexed */
#define PRONOUN_WINDOW 3 /* sentences back for he / she */
#define GROUP_WINDOW 1   /* sentences back for they */
#define LOWER_CAP 128

struct spell_word {
  const char *word;
  uint32_t len;
  int32_t actor; /* -2: the word belongs to several actors */
};

struct spell_entry {
  uint32_t hash;
  uint32_t word;
};

struct sr_spell {
  struct spell_word *words;
  size_t word_count;
  struct spell_entry *entries; /* sorted by hash */
  size_t entry_count;
};

static unsigned max_edits(size_t len) {
  return len < SPELL_MIN ? 0 : len <= 8 ? 1 : 2;
}

/* ------------------------------------------------------------------------ */
/* Noting the names                                                         */
/* ------------------------------------------------------------------------ */

int sr__spell_note(struct sr_dict *d, const char *phrase, size_t n,
                   int underscores, const char **w, size_t k, int32_t actor) {
  size_t i = 0, wi = 0;
  while (i < n && wi < k) {
    size_t j, len;
    while (i < n && (phrase[i] == ' ' || phrase[i] == '\t' ||
                     (underscores && phrase[i] == '_')))
      i++;
    if (i >= n)
      break;
    j = i;
    while (j < n && phrase[j] != ' ' && phrase[j] != '\t' &&
           !(underscores && phrase[j] == '_'))
      j++;
    while (wi < k && w[wi][0] == '\'') /* the "'s" split off a word */
      wi++;
    if (wi >= k)
      break;
    len = strlen(w[wi]);
    if (phrase[i] >= 'A' && phrase[i] <= 'Z' && len >= SPELL_MIN &&
        len <= SPELL_MAX) {
      struct sr_name_word *nw;
      if (d->name_word_count == d->name_word_cap) {
        size_t cap = d->name_word_cap ? d->name_word_cap * 2 : 256;
        nw = sr__arena_grow(&d->arena, d->name_words,
                            d->name_word_cap * sizeof *nw, cap * sizeof *nw);
        if (!nw)
          return 0;
        d->name_words = nw;
        d->name_word_cap = cap;
      }
      nw = &d->name_words[d->name_word_count++];
      nw->word = w[wi];
      nw->len = (uint32_t)len;
      nw->actor = actor;
      d->spell_stale = 1;
    }
    wi++;
    i = j;
  }
  return 1;
}

/* ------------------------------------------------------------------------ */
/* The deletion index                                                       */
/* ------------------------------------------------------------------------ */

/* FNV-1a of w without the bytes at positions skip1 and skip2 (SIZE_MAX:
 * none). */
static uint32_t hash_without(const char *w, size_t len, size_t skip1,
                             size_t skip2) {
  uint32_t h = 2166136261u;
  size_t i;
  for (i = 0; i < len; i++) {
    if (i == skip1 || i == skip2)
      continue;
    h ^= (unsigned char)w[i];
    h *= 16777619u;
  }
  return h;
}

/* Calls fn with the hash of every variant of w with up to `edits` bytes
 * deleted (the word itself included; repeats are harmless). */
static void each_variant(const char *w, size_t len, unsigned edits,
                         void (*fn)(void *user, uint32_t hash), void *user) {
  size_t i, j;
  fn(user, hash_without(w, len, SIZE_MAX, SIZE_MAX));
  if (edits < 1)
    return;
  for (i = 0; i < len; i++) {
    fn(user, hash_without(w, len, i, SIZE_MAX));
    if (edits < 2)
      continue;
    for (j = i + 1; j < len; j++)
      fn(user, hash_without(w, len, i, j));
  }
}

struct fill {
  struct spell_entry *entries;
  size_t n;
  uint32_t word;
};

static void count_variant(void *user, uint32_t hash) {
  (void)hash;
  ((struct fill *)user)->n++;
}

static void add_variant(void *user, uint32_t hash) {
  struct fill *f = user;
  f->entries[f->n].hash = hash;
  f->entries[f->n].word = f->word;
  f->n++;
}

static int by_word(const void *a, const void *b) {
  const struct sr_name_word *x = a, *y = b;
  int c = strcmp(x->word, y->word);
  return c ? c : (x->actor > y->actor) - (x->actor < y->actor);
}

/* Sorts entries by hash: four stable byte passes (LSD radix), so equal
 * hashes keep word order. Returns 0 when out of memory. */
static int sort_entries(struct spell_entry *e, size_t n) {
  struct spell_entry *tmp = malloc(n * sizeof *tmp), *src = e, *dst = tmp;
  unsigned shift;
  if (!tmp)
    return 0;
  for (shift = 0; shift < 32; shift += 8) {
    size_t count[257] = {0}, i;
    for (i = 0; i < n; i++)
      count[((src[i].hash >> shift) & 0xffu) + 1]++;
    for (i = 1; i < 257; i++)
      count[i] += count[i - 1];
    for (i = 0; i < n; i++)
      dst[count[(src[i].hash >> shift) & 0xffu]++] = src[i];
    {
      struct spell_entry *t = src;
      src = dst;
      dst = t;
    }
  }
  free(tmp); /* four passes: the result is back in e */
  return 1;
}

void sr__spell_free(struct sr_dict *d) {
  if (!d->spell)
    return;
  free(d->spell->words);
  free(d->spell->entries);
  free(d->spell);
  d->spell = NULL;
}

int sr__spell_build(struct sr_dict *d) {
  struct sr_spell *sp;
  struct sr_name_word *sorted;
  struct fill f;
  size_t i;
  sr__spell_free(d);
  d->spell_stale = 0;
  if (!d->name_word_count)
    return 1;
  sorted = malloc(d->name_word_count * sizeof *sorted);
  sp = calloc(1, sizeof *sp);
  if (sp)
    sp->words = malloc(d->name_word_count * sizeof *sp->words);
  if (!sorted || !sp || !sp->words) {
    free(sorted);
    if (sp)
      free(sp->words);
    free(sp);
    return 0;
  }
  memcpy(sorted, d->name_words, d->name_word_count * sizeof *sorted);
  qsort(sorted, d->name_word_count, sizeof *sorted, by_word);
  for (i = 0; i < d->name_word_count; i++) {
    struct spell_word *last =
        sp->word_count ? &sp->words[sp->word_count - 1] : NULL;
    if (last && !strcmp(last->word, sorted[i].word)) {
      if (last->actor != sorted[i].actor)
        last->actor = -2;
      continue;
    }
    sp->words[sp->word_count].word = sorted[i].word;
    sp->words[sp->word_count].len = sorted[i].len;
    sp->words[sp->word_count].actor = sorted[i].actor;
    sp->word_count++;
  }
  free(sorted);
  memset(&f, 0, sizeof f);
  for (i = 0; i < sp->word_count; i++)
    each_variant(sp->words[i].word, sp->words[i].len,
                 max_edits(sp->words[i].len), count_variant, &f);
  if (!(f.entries = malloc(f.n * sizeof *f.entries))) {
    free(sp->words);
    free(sp);
    return 0;
  }
  sp->entry_count = f.n;
  f.n = 0;
  for (i = 0; i < sp->word_count; i++) {
    f.word = (uint32_t)i;
    each_variant(sp->words[i].word, sp->words[i].len,
                 max_edits(sp->words[i].len), add_variant, &f);
  }
  sp->entries = f.entries;
  d->spell = sp;
  if (!sort_entries(f.entries, sp->entry_count)) {
    sr__spell_free(d);
    return 0;
  }
  return 1;
}

static int is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Optimal string alignment distance of two words of at most SPELL_MAX
 * bytes, or limit + 1 once it must exceed `limit`. A letter replaced by
 * one of its own kind (vowel for vowel: Shoigu, Shoygu; consonant for
 * consonant) costs 1; a vowel for a consonant costs 2, as a deletion and
 * an insertion: transliterations swap like for like, "Gxndor" is not
 * "Gondor". */
static unsigned osa_distance(const char *a, size_t la, const char *b, size_t lb,
                             unsigned limit) {
  unsigned rows[3][SPELL_MAX + 1];
  unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
  size_t i, j;
  if ((la > lb ? la - lb : lb - la) > limit)
    return limit + 1;
  for (j = 0; j <= lb; j++)
    prev[j] = (unsigned)j;
  for (i = 1; i <= la; i++) {
    unsigned best;
    cur[0] = (unsigned)i;
    best = cur[0];
    for (j = 1; j <= lb; j++) {
      unsigned cost = a[i - 1] == b[j - 1]                       ? 0
                      : is_vowel(a[i - 1]) == is_vowel(b[j - 1]) ? 1
                                                                 : 2;
      unsigned v = prev[j - 1] + cost;
      if (prev[j] + 1 < v)
        v = prev[j] + 1;
      if (cur[j - 1] + 1 < v)
        v = cur[j - 1] + 1;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          prev2[j - 2] + 1 < v)
        v = prev2[j - 2] + 1;
      cur[j] = v;
      if (v < best)
        best = v;
    }
    if (best > limit)
      return limit + 1;
    {
      unsigned *t = prev2;
      prev2 = prev;
      prev = cur;
      cur = t;
    }
  }
  return prev[lb];
}

struct probe {
  const struct sr_spell *sp;
  const char *q;
  size_t len;
  int32_t found;
  int known, ambiguous;
};

static void probe_variant(void *user, uint32_t hash) {
  struct probe *p = user;
  const struct sr_spell *sp = p->sp;
  size_t lo = 0, hi = sp->entry_count;
  while (lo < hi) { /* first entry with this hash */
    size_t mid = lo + (hi - lo) / 2;
    if (sp->entries[mid].hash < hash)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (; lo < sp->entry_count && sp->entries[lo].hash == hash; lo++) {
    const struct spell_word *w = &sp->words[sp->entries[lo].word];
    unsigned limit = max_edits(w->len) < max_edits(p->len) ? max_edits(w->len)
                                                           : max_edits(p->len);
    size_t shorter = w->len < p->len ? w->len : p->len;
    if (w->len == p->len && !memcmp(w->word, p->q, p->len)) {
      p->known = 1;
      continue;
    }
    if (w->word[0] != p->q[0] || w->word[1] != p->q[1] ||
        !memcmp(w->word, p->q, shorter))
      continue; /* another start, or an extension */
    if (osa_distance(p->q, p->len, w->word, w->len, limit) > limit)
      continue;
    if (w->actor < 0 || (p->found >= 0 && p->found != w->actor))
      p->ambiguous = 1;
    else
      p->found = w->actor;
  }
}

int32_t sr__spell_lookup(const struct sr_dict *d, const char *lower,
                         size_t len) {
  struct probe p;
  if (!d || !d->spell || len < SPELL_MIN || len > SPELL_MAX)
    return -1;
  p.sp = d->spell;
  p.q = lower;
  p.len = len;
  p.found = -1;
  p.known = p.ambiguous = 0;
  each_variant(lower, len, max_edits(len), probe_variant, &p);
  return p.known || p.ambiguous ? -1 : p.found;
}

static const char *ner_type(const sr_token *t);

static int upos_is(const sr_token *t, const char *u) {
  return t->upos && !strcmp(t->upos, u);
}

int32_t sr__resolve_spelling(const struct sr_dict *d, const sr_token *t,
                             const char *lower) {
  size_t len = strlen(lower);
  if (!t->form_len || t->form[0] < 'A' || t->form[0] > 'Z')
    return -1;
  /* a name: a capitalised common noun may just open the sentence */
  if (t->upos && !upos_is(t, "PROPN") && !upos_is(t, "X") && !ner_type(t))
    return -1;
  if (sr__trie_step(&d->actor_trie, 0, lower, len) != SR_TRIE_NONE ||
      sr__trie_step(&d->agent_trie, 0, lower, len) != SR_TRIE_NONE)
    return -1;
  return sr__spell_lookup(d, lower, len);
}

int sr__is_relative(const sr_token *t, const char *lower, const char *rel,
                    const char *head_rel, const sr_token *noun) {
  int who = !strcmp(lower, "who");
  if (!who && strcmp(lower, "which") && strcmp(lower, "that"))
    return 0;
  if (t->upos && !upos_is(t, "PRON"))
    return 0;
  if (!rel || !head_rel || strncmp(rel, "nsubj", 5) ||
      strncmp(head_rel, "acl", 3))
    return 0;
  /* "who" is a person: a common noun, or a name the NER calls a person
     (a parse that hangs "who" on "Al-Qaeda" is not followed) */
  return !who || upos_is(noun, "NOUN") ||
         (noun->ner && strlen(noun->ner) > 2 && !strcmp(noun->ner + 2, "PER"));
}

/* ------------------------------------------------------------------------ */
/* Coreference and unknown actors                                           */
/* ------------------------------------------------------------------------ */

/* One participant of the document, in text order. */
struct mention {
  sr_participant *p;
  size_t sentence;
  const sr_token *tok; /* the sentence's tokens */
  size_t n;
  size_t first, last, head; /* in the sentence; head SIZE_MAX if unknown */
  int person;
};

static int by_start(const void *a, const void *b) {
  const struct mention *x = a, *y = b;
  if (x->p->start != y->p->start)
    return x->p->start < y->p->start ? -1 : 1;
  return (x->p > y->p) - (x->p < y->p);
}

static size_t lower_tok(const sr_token *t, char *out) {
  return sr__lower(t->form, t->form_len, out, LOWER_CAP);
}

/* The NER type of a token ("PER" of "B-PER"), or NULL. */
static const char *ner_type(const sr_token *t) {
  if (!t->ner || strlen(t->ner) < 3 || t->ner[1] != '-')
    return NULL;
  if (!strcmp(t->ner + 2, "PER"))
    return "PER";
  if (!strcmp(t->ner + 2, "ORG"))
    return "ORG";
  if (!strcmp(t->ner + 2, "LOC"))
    return "LOC";
  return "MISC";
}

/* Locates a participant's tokens and head within its sentence. */
static void locate(struct mention *m) {
  size_t j;
  m->first = m->last = m->head = SIZE_MAX;
  for (j = 0; j < m->n; j++)
    if (m->tok[j].start >= m->p->start && m->tok[j].end <= m->p->end) {
      if (m->first == SIZE_MAX)
        m->first = j;
      m->last = j;
    }
  for (j = m->first; m->first != SIZE_MAX && j <= m->last; j++) {
    size_t h = m->tok[j].head; /* 1-based, 0 root */
    if (h == 0 || h - 1 < m->first || h - 1 > m->last) {
      m->head = j;
      return;
    }
  }
}

static int word_in(const char *text, const char *w, size_t wl) {
  char buf[LOWER_CAP * 4];
  size_t n = sr__lower(text, strlen(text), buf, sizeof buf), i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n &&
           ((buf[j] >= 'a' && buf[j] <= 'z') ||
            (buf[j] >= '0' && buf[j] <= '9') || (unsigned char)buf[j] >= 0x80))
      j++;
    if (j - i == wl && !memcmp(buf + i, w, wl))
      return 1;
    i = j > i ? j : i + 1;
  }
  return 0;
}

/* Does every content word of the mention occur in the role title? */
static int title_covers(const struct mention *m, const char *title) {
  size_t j, words = 0;
  for (j = m->first; j <= m->last; j++) {
    const sr_token *t = &m->tok[j];
    char w[LOWER_CAP];
    size_t wl;
    if (!upos_is(t, "NOUN") && !upos_is(t, "PROPN") && !upos_is(t, "ADJ"))
      continue;
    wl = lower_tok(t, w);
    if (!strcmp(w, "defense"))
      wl = (size_t)snprintf(w, sizeof w, "defence");
    if (!word_in(title, w, wl))
      return 0;
    words++;
  }
  return words >= 2;
}

/* The role of actor a whose title covers the mention: in force on `date`
 * when `dated`, else any. */
static const struct sr_role *covering_role(const struct sr_actor *a,
                                           const struct mention *m,
                                           uint32_t date, int dated) {
  size_t r;
  for (r = 0; r < a->role_count; r++) {
    const struct sr_role *ro = &a->roles[r];
    if (!ro->title || (dated && date && (date < ro->from || date > ro->to)))
      continue;
    if (title_covers(m, ro->title))
      return ro;
  }
  return NULL;
}

static void copy_actor(sr_doc *doc, sr_participant *p, const char *code,
                       const char *name) {
  p->code = code;
  p->country = NULL;
  p->sector = NULL;
  if (code && strlen(code) >= 3) {
    p->country = strncmp(code, "---", 3) ? sr__doc_strdup(doc, code, 3) : NULL;
    p->sector = code[3] ? code + 3 : NULL;
  }
  p->name = name;
}

static void copy_from(sr_participant *p, const sr_participant *a) {
  p->code = a->code;
  p->country = a->country;
  p->sector = a->sector;
  p->name = a->name ? a->name : a->text;
  p->entity = a->entity;
}

/* A role description: "the Wagner leader", "the defence minister". */
static int resolve_role(const struct sr_dict *dict, sr_doc *doc,
                        struct mention *all, size_t at, uint32_t date) {
  struct mention *m = &all[at];
  const sr_token *h = &m->tok[m->head];
  char hw[LOWER_CAP];
  size_t hl = lower_tok(h, hw), j, a, found = SIZE_MAX, count = 0;
  const struct sr_role *role = NULL;
  int has_the = 0;
  if (!upos_is(h, "NOUN") ||
      sr__trie_step(&dict->agent_trie, 0, hw, hl) == SR_TRIE_NONE ||
      (m->p->name && word_in(m->p->name, hw, hl)))
    return 0;
  for (j = m->first; j < m->head; j++) {
    char w[LOWER_CAP];
    lower_tok(&m->tok[j], w);
    if (!strcmp(w, "the") && m->tok[j].head == m->head + 1)
      has_the = 1;
  }
  if (!has_the)
    return 0;
  /* an actor of the document already: the latest */
  for (j = at; j-- > 0 && found == SIZE_MAX;) {
    const char *name = all[j].p->name;
    if (!name || all[j].p->end > m->p->start)
      continue;
    for (a = 0; a < dict->actor_count; a++)
      if (!strcmp(dict->actors[a].name, name) &&
          (role = covering_role(&dict->actors[a], m, date, 0))) {
        found = a;
        break;
      }
  }
  /* else the only actor whose role in force has that title */
  if (found == SIZE_MAX && date)
    for (a = 0; a < dict->actor_count; a++) {
      const struct sr_role *r = covering_role(&dict->actors[a], m, date, 1);
      if (r && count++ == 0) {
        found = a;
        role = r;
      }
    }
  if (found == SIZE_MAX || count > 1)
    return 0;
  {
    const struct sr_actor *ac = &dict->actors[found];
    const char *code = sr__actor_code(ac, date);
    copy_actor(doc, m->p, code ? code : role->code, ac->name);
  }
  m->person = 1;
  return 1;
}

static int is_word(const char *w, const char *const *list) {
  for (; *list; list++)
    if (!strcmp(w, *list))
      return 1;
  return 0;
}

/* Is the mention's head a plural noun ("troops", "fighters")? */
static int plural(const struct mention *c) {
  const sr_token *t = &c->tok[c->head];
  if (t->xpos && (!strcmp(t->xpos, "NNS") || !strcmp(t->xpos, "NNPS")))
    return 1;
  return upos_is(t, "NOUN") && t->lemma && t->form_len > strlen(t->lemma) &&
         t->form[t->form_len - 1] == 's';
}

/* "he", "they", a bare surname: an earlier participant. */
static int resolve_reference(struct mention *all, size_t at) {
  static const char *const person[] = {"he", "she", "him", "her", NULL};
  static const char *const group[] = {"they", "them", NULL};
  struct mention *m = &all[at];
  const sr_token *h = &m->tok[m->head];
  char w[LOWER_CAP];
  size_t wl = lower_tok(h, w), j;
  int want_person = is_word(w, person), want_group = is_word(w, group);
  int surname =
      !want_person && !want_group && m->first == m->last && h->form[0] >= 'A' &&
      h->form[0] <= 'Z' &&
      (upos_is(h, "PROPN") || (ner_type(h) && !strcmp(ner_type(h), "PER")));
  if ((want_person || want_group) && !upos_is(h, "PRON"))
    return 0;
  if (!want_person && !want_group && !surname)
    return 0;
  for (j = at; j-- > 0;) {
    const struct mention *c = &all[j];
    size_t back = m->sentence - c->sentence;
    if (c->p->end > m->p->start || (!c->p->code && !c->p->entity))
      continue;
    if (want_person && back > PRONOUN_WINDOW)
      return 0;
    if (want_group && back > GROUP_WINDOW)
      return 0;
    if ((want_person && !c->person) ||
        (want_group && (c->person || !c->p->code || !plural(c))))
      continue;
    if (surname &&
        (!c->person || !word_in(c->p->name ? c->p->name : c->p->text, w, wl)))
      continue;
    copy_from(m->p, c->p);
    m->person = c->person;
    return 1;
  }
  return 0;
}

/* The actor that the one word w names on its own ("Russian"), or -1. */
static int32_t actor_word(const struct sr_dict *dict, const char *w,
                          size_t wl) {
  uint32_t node = sr__trie_step(&dict->actor_trie, 0, w, wl);
  return node == SR_TRIE_NONE ? -1 : dict->actor_trie.payload[node];
}

/* A named entity no dictionary knows: its type and, from a demonym or an
 * apposition ("Russian blogger X"), its country. */
static void mark_entity(const struct sr_dict *dict, struct mention *m) {
  static const char *const calendar[] = {
      "january",  "february", "march",    "april",     "may",
      "june",     "july",     "august",   "september", "october",
      "november", "december", "monday",   "tuesday",   "wednesday",
      "thursday", "friday",   "saturday", "sunday",    NULL};
  const sr_token *h = &m->tok[m->head];
  char hw[LOWER_CAP];
  size_t hl = lower_tok(h, hw), j;
  if (is_word(hw, calendar)) /* "February" is a date, never an actor */
    return;
  m->p->entity = ner_type(h);
  if (!m->p->entity && !m->p->code && upos_is(h, "PROPN"))
    m->p->entity = "MISC"; /* a name the NER missed */
  if (!m->p->entity)
    return;
  /* "Russian blogger X", "Russian General X": the dictionary knew the
     demonym, not the person; the code stays, the name is not theirs */
  if (m->p->name && !word_in(m->p->name, hw, hl) &&
      actor_word(dict, hw, hl) < 0 && sr__resolve_spelling(dict, h, hw) < 0)
    m->p->name = NULL;
  if (m->p->code)
    return;
  for (j = m->first; j <= m->last; j++) {
    char w[LOWER_CAP];
    size_t wl;
    int32_t a;
    if (j == m->head ||
        (!upos_is(&m->tok[j], "ADJ") && !upos_is(&m->tok[j], "PROPN")))
      continue;
    wl = lower_tok(&m->tok[j], w);
    a = actor_word(dict, w, wl);
    if (a >= 0 && dict->actors[a].country && !dict->actors[a].sector) {
      m->p->country = dict->actors[a].country;
      return;
    }
  }
}

/* Removes the participants of a side that are neither coded nor named. */
static size_t compact(sr_participant *p, size_t n) {
  size_t i, k = 0;
  for (i = 0; i < n; i++)
    if (p[i].code || p[i].entity)
      p[k++] = p[i];
  return k;
}

sr_status sr__resolve_doc(const struct sr_dict *dict, sr_doc *doc,
                          sr_event *events, size_t count, uint32_t date) {
  struct mention *all;
  size_t total = 0, i, k = 0;
  for (i = 0; i < count; i++)
    total += events[i].actor_count + events[i].recipient_count;
  if (!total)
    return SR_OK;
  if (!(all = calloc(total, sizeof *all)))
    return SR_ENOMEM;
  for (i = 0; i < count; i++) {
    const sr_sentence *s = &doc->sentences[events[i].sentence];
    /* the participants live in the document's arena; the event holds them
       read-only for callers */
    sr_participant *sides[2] = {
        (sr_participant *)(uintptr_t)events[i].actors,
        (sr_participant *)(uintptr_t)events[i].recipients};
    size_t ns[2] = {events[i].actor_count, events[i].recipient_count}, a, b;
    for (a = 0; a < 2; a++)
      for (b = 0; b < ns[a]; b++) {
        struct mention *m = &all[k++];
        m->p = &sides[a][b];
        m->sentence = events[i].sentence;
        m->tok = &doc->tokens[s->first_token];
        m->n = s->token_count;
        locate(m);
      }
  }
  qsort(all, total, sizeof *all, by_start);
  for (i = 0; i < total; i++) {
    struct mention *m = &all[i];
    const sr_token *h;
    if (m->head == SIZE_MAX)
      continue;
    h = &m->tok[m->head];
    if (resolve_role(dict, doc, all, i, date))
      continue;
    if (!m->p->code && resolve_reference(all, i))
      continue;
    if (!m->p->code || ner_type(h) || upos_is(h, "PROPN"))
      mark_entity(dict, m);
    m->person = m->p->entity && !strcmp(m->p->entity, "PER");
  }
  free(all);
  for (i = 0; i < count; i++) {
    events[i].actor_count = compact(
        (sr_participant *)(uintptr_t)events[i].actors, events[i].actor_count);
    events[i].recipient_count =
        compact((sr_participant *)(uintptr_t)events[i].recipients,
                events[i].recipient_count);
  }
  return SR_OK;
}
