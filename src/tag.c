/*
 * tag.c - part-of-speech tagging with an averaged perceptron.
 *
 * The tagger gives each word one class, a UPOS+XPOS pair seen in training
 * ("NN NOUN", "NNP PROPN", "VBZ AUX", ...): one joint decision keeps the two
 * tags consistent and costs one scoring per word. (On EWT dev, with the
 * same features and no lexicon, one joint pass scored UPOS 94.83 / XPOS
 * 94.38 and an XPOS pass followed by a UPOS pass 94.91 / 94.35 for twice
 * the work; two joint passes, as below, 95.22 / 94.55.)
 *
 * It reads the sentence twice. The first pass goes right to left, each
 * word's class chosen with the classes already given to the two words
 * after it as features (alone, this beat a left-to-right pass by 0.15 on
 * EWT dev). The second pass goes left to right and also sees the first
 * pass's classes on both sides, so decisions that need context on both
 * sides get it. The second pass is trained on first-pass classes produced
 * by jackknifing, so it learns how far the first pass can be trusted on
 * unseen text. (A third pass gained nothing.)
 *
 * Features are the usual rich set (Ratnaparkhi 1996; Collins 2002;
 * Honnibal's "A good part-of-speech tagger in about 200 lines of Python"):
 * the word, its lower-cased form, prefixes and suffixes of one to four
 * characters, its shape, digit/hyphen/capital flags, two words on each side,
 * the classes of the two words read before it and their combination, a few
 * word pairs, which of it and its neighbours are capitalised, and the
 * analyses an outside lexicon gives the word and its neighbours (the
 * training tool uses WordNet; it helps most with words the treebank never
 * shows: +0.6 UPOS on EWT dev). Each feature (template and value together) is
 * hashed to one of 2^hash_bits slots; a slot holds the weights of all
 * classes together, so scoring a word reads one short run of memory per
 * feature. Collisions are accepted, as in Vowpal Wabbit. Frequent words
 * that are nearly unambiguous in training go into a tag dictionary and are
 * not scored at all.
 *
 * Training is the averaged perceptron (Collins 2002) with the lazy
 * averaging trick of Daume (2006, p. 19): besides each weight w we keep
 * u = sum of c * delta over its updates, c counting scored words, so the
 * average over all steps is w - u / c, computed once instead of after every
 * word. Integers keep training exact and deterministic. Each pass is
 * trained several times over differently shuffled sentences and the runs'
 * averaged weights are added: since a score is linear in the weights, that
 * is exactly an ensemble of the runs, at the tagging cost of one model (on
 * EWT dev, five runs gained about 0.1 on both tags over one).
 *
 * The averaged weights are quantised to int16 (one scale per pass: only the
 * argmax matters, so the scale is not kept). Weights that round to zero are
 * dropped, and so are slots left without weights. In memory a slot table
 * maps each slot to its weights: most slots have only a few non-zero
 * classes and keep them as a short (class, weight) list, the rest keep a
 * dense row. That keeps a cold feature to about two cache lines.
 *
 * Model file, all integers little-endian, written byte by byte:
 *   "SRTAGGER" magic, u32 version, u64 file size, u32 CRC-32 of the bytes
 *   after this 24-byte header; u8 hash_bits, passes, UPOS count, XPOS
 *   count; the tag names (u8 length + bytes each); the lexicon: u32 count
 *   of (u64 word hash, u16 bits); then per pass: u8 direction (0 left to
 *   right, 1 right to left), u8 class count, the class -> UPOS and class ->
 *   XPOS maps (u8 each), the tag dictionary: u32 count of (u64 word hash, u8
 *   class), u32 slot count and the slots in ascending order: varint gap from
 *   the previous slot, varint non-zero count (0: dense) and then either
 *   every class's i16 weight or (u8 class, i16 weight) pairs.
 * Hashes, feature templates and their order are part of the format: change
 * any of them and MODEL_VERSION must change too.
 */
#include "tag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#define MODEL_MAGIC "SRTAGGER"
#define MODEL_MAGIC_LEN 8
#define MODEL_VERSION 1u
#define MODEL_HEADER_LEN (MODEL_MAGIC_LEN + 4 + 8 + 4)

#define MIN_HASH_BITS 16
#define MAX_HASH_BITS 24
#define DEFAULT_HASH_BITS 20
#define DEFAULT_EPOCHS 10
#define DEFAULT_PASSES 2
#define DEFAULT_RUNS 5
#define MAX_RUNS 100
#define MAX_PASSES 2

#define MAX_TAGS 250    /* UPOS or XPOS tags in a model */
#define MAX_CLASSES 250 /* classes of a pass; larger values are sentinels */
#define CLASS_START 252 /* the class of the padding before a sentence */
#define CLASS_END 253   /* the class of the padding after it */
#define NO_TAG 255      /* a gold tag unseen in training */
#define MAX_TAG_NAME 64 /* bytes in a tag name */
#define MAX_TABLE_ENTRIES (1u << 24) /* lexicon or dictionary words */

#define CONTEXT 2       /* words of padding on each side of a sentence */
#define ROW_ALIGN 8     /* dense rows are padded to whole 16-byte vectors */
#define MAX_STRIDE 256  /* MAX_CLASSES rounded up to ROW_ALIGN */
#define MAX_FEATURES 64 /* features of one word, at most */

/* Slots with at most this many non-zero weights keep a (class, weight)
 * list; past it a dense row is cheaper to add up with vector adds. */
#define SPARSE_MAX 12
#define REF_SPARSE 0x80000000u /* slot_ref flag: a sparse list follows */

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif

/* A word table: hashes of words -> a small value. Open addressing with
 * linear probing; a key of 0 marks an empty slot (a real 0 hash is stored
 * as 1). Used for the tag dictionary and the lexicon. */
struct word_table {
  uint64_t *keys;   /* cap entries */
  uint16_t *values; /* the value of each key */
  size_t cap;       /* a power of two, at least count * 4 / 3; 0: empty */
  size_t count;     /* entries */
};

/* One weight of a sparse slot: class and quantised weight. A slot's list
 * starts with a header entry whose class_ field holds the list length. */
struct sparse_weight {
  uint16_t class_; /* class index (or, in the header, the count) */
  int16_t weight;  /* quantised weight */
};

/* One pass over the sentence. */
struct tag_pass {
  int direction;     /* +1: left to right; -1: right to left */
  unsigned nclasses; /* classes it chooses among, <= MAX_CLASSES */
  unsigned stride;   /* weights per dense row: nclasses rounded up to
                        ROW_ALIGN */
  uint8_t class_upos[MAX_CLASSES]; /* class -> UPOS index */
  uint8_t class_xpos[MAX_CLASSES]; /* class -> XPOS index */
  struct word_table dict;          /* words tagged without scoring: form
                                      hash -> class */
  /* Each of the 2^hash_bits slots: 0 when it has no weights, REF_SPARSE|i
   * for the list at sparse[i], else the number of its dense row. */
  uint32_t *slot_ref;
  int16_t *dense;               /* (ndense + 1) * stride weights; row 0
                                   unused */
  size_t ndense, dense_cap;     /* dense rows used and allocated */
  struct sparse_weight *sparse; /* all sparse lists, header first */
  size_t nsparse, sparse_cap;   /* entries used and allocated */
  size_t nslots_used;           /* slots with weights */
};

struct sr_tagger {
  sr_allocator alloc;         /* where everything below comes from */
  unsigned hash_bits;         /* the weight tables have 2^hash_bits slots */
  unsigned npasses;           /* 1 or 2 */
  size_t nupos, nxpos;        /* tags known */
  char *upos_names[MAX_TAGS]; /* NUL-terminated, owned */
  char *xpos_names[MAX_TAGS]; /* NUL-terminated, owned */
  struct word_table lexicon;  /* lower-cased word hash -> analysis bits;
                                 may be empty */
  struct tag_pass pass[MAX_PASSES]; /* in the order they run */
};

/* ---- allocation ---------------------------------------------------------- */

static void *tagger_alloc(struct sr_tagger *t, size_t n) {
  return t->alloc.alloc(t->alloc.ctx, n ? n : 1);
}

static void *tagger_calloc(struct sr_tagger *t, size_t n, size_t size) {
  void *p;
  if (size && n > SIZE_MAX / size)
    return NULL;
  p = tagger_alloc(t, n * size);
  if (p)
    memset(p, 0, n * size);
  return p;
}

static void tagger_release(struct sr_tagger *t, void *p) {
  if (p)
    t->alloc.release(t->alloc.ctx, p);
}

/* Makes *p, which holds *cap elements of `size` bytes, hold at least
 * `need`, keeping its contents. The allocator has no realloc, so this
 * copies. */
static int tagger_reserve(struct sr_tagger *t, void **p, size_t *cap,
                          size_t need, size_t size) {
  void *np;
  if (need <= *cap)
    return 0;
  if (need > SIZE_MAX / size)
    return -1;
  np = tagger_alloc(t, need * size);
  if (!np)
    return -1;
  if (*p)
    memcpy(np, *p, *cap * size);
  tagger_release(t, *p);
  *p = np;
  *cap = need;
  return 0;
}

/* Like tagger_reserve, but doubling, so that appending one element at a
 * time costs amortised constant time. */
static int tagger_grow(struct sr_tagger *t, void **p, size_t *cap, size_t need,
                       size_t size) {
  size_t ncap = *cap ? *cap : 1024;
  if (need <= *cap)
    return 0;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 2 / size)
      return -1;
    ncap *= 2;
  }
  return tagger_reserve(t, p, cap, ncap, size);
}

static struct sr_tagger *tagger_new(const sr_allocator *a) {
  sr_allocator alloc = *sr__malloc_allocator();
  struct sr_tagger *t;
  if (a)
    alloc = *a;
  t = alloc.alloc(alloc.ctx, sizeof *t);
  if (!t)
    return NULL;
  memset(t, 0, sizeof *t);
  t->alloc = alloc;
  return t;
}

static void table_free(struct sr_tagger *t, struct word_table *wt) {
  tagger_release(t, wt->keys);
  tagger_release(t, wt->values);
  memset(wt, 0, sizeof *wt);
}

static void pass_free_weights(struct sr_tagger *t, struct tag_pass *p) {
  tagger_release(t, p->slot_ref);
  tagger_release(t, p->dense);
  tagger_release(t, p->sparse);
  p->slot_ref = NULL;
  p->dense = NULL;
  p->sparse = NULL;
  p->ndense = p->dense_cap = p->nsparse = p->sparse_cap = 0;
  p->nslots_used = 0;
}

static void pass_free(struct sr_tagger *t, struct tag_pass *p) {
  pass_free_weights(t, p);
  table_free(t, &p->dict);
  memset(p, 0, sizeof *p);
}

void sr__tagger_free(struct sr_tagger *t) {
  size_t i;
  if (!t)
    return;
  for (i = 0; i < MAX_PASSES; i++)
    pass_free(t, &t->pass[i]);
  table_free(t, &t->lexicon);
  for (i = 0; i < MAX_TAGS; i++) {
    tagger_release(t, t->upos_names[i]);
    tagger_release(t, t->xpos_names[i]);
  }
  t->alloc.release(t->alloc.ctx, t);
}

static char *tagger_strdup(struct sr_tagger *t, const char *s, size_t n) {
  char *p = tagger_alloc(t, n + 1);
  if (!p)
    return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

/* ---- hashing ------------------------------------------------------------- */

#define FNV_OFFSET 0xcbf29ce484222325u
#define FNV_PRIME 0x100000001b3u

/* The splitmix64 finalizer: spreads every input bit over the output, so
 * the top hash_bits bits of a feature key are a fair slot. */
static uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9u;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebu;
  x ^= x >> 31;
  return x;
}

static uint64_t fnv_byte(uint64_t h, unsigned char c) {
  return (h ^ c) * FNV_PRIME;
}

static unsigned char ascii_lower(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* ---- word tables --------------------------------------------------------- */

/* Prepares an empty table for `count` keys at most. Linear probing stays
 * short up to three quarters full; a fuller table would save memory, an
 * emptier one would cost the loader page faults. */
static sr_status table_init(struct sr_tagger *t, struct word_table *wt,
                            size_t count) {
  size_t cap = 16;
  while (cap / 4 * 3 < count)
    cap *= 2;
  wt->keys = tagger_calloc(t, cap, sizeof *wt->keys);
  wt->values = tagger_calloc(t, cap, sizeof *wt->values);
  if (!wt->keys || !wt->values)
    return SR_ENOMEM;
  wt->cap = cap;
  wt->count = 0;
  return SR_OK;
}

/* The index of key's entry, or of the empty slot where it would go. */
static size_t table_probe(const struct word_table *wt, uint64_t key) {
  size_t i;
  for (i = (size_t)mix64(key) & (wt->cap - 1);
       wt->keys[i] && wt->keys[i] != key; i = (i + 1) & (wt->cap - 1))
    ;
  return i;
}

/* Returns key's value, or -1 when it is absent. */
static int table_find(const struct word_table *wt, uint64_t key) {
  size_t i;
  if (!wt->cap)
    return -1;
  i = table_probe(wt, key ? key : 1);
  return wt->keys[i] ? wt->values[i] : -1;
}

/* ORs `value` into key's entry, adding it if needed; there must be room
 * (table_init was given the number of distinct keys, at most). */
static void table_or(struct word_table *wt, uint64_t key, uint16_t value) {
  size_t i;
  if (!key)
    key = 1;
  i = table_probe(wt, key);
  if (!wt->keys[i]) {
    wt->keys[i] = key;
    wt->values[i] = 0;
    wt->count++;
  }
  wt->values[i] |= value;
}

/* ---- words --------------------------------------------------------------- */

enum word_flag {
  WORD_HAS_DIGIT = 1,
  WORD_HAS_HYPHEN = 2,
  WORD_HAS_UPPER = 4,
  WORD_INIT_UPPER = 8,
  WORD_ALL_UPPER = 16,
  WORD_ALL_DIGIT = 32,
  WORD_INNER_UPPER = 64, /* "iPhone", "McDonald" */
  WORD_HAS_LETTER = 128,
  WORD_FIRST = 256 /* first word of the sentence */
};

/* What the features need to know of one word, computed once per word: the
 * neighbours' features reuse it. */
struct word_info {
  uint64_t form;      /* hash of the exact form (the dictionary key) */
  uint64_t lower;     /* hash of the ASCII-lower-cased form */
  uint64_t shape;     /* hash of the shape ("Xxxx", "dd.d") */
  uint64_t prefix[4]; /* lower-cased first 1..4 characters */
  uint64_t suffix[4]; /* lower-cased last 1..4 characters */
  uint32_t flags;     /* enum word_flag */
  uint32_t lex;       /* lexicon bits of the lower-cased word, or 0 */
  uint32_t in_quote;  /* an odd number of '"' tokens came before it, so
                         a '"' here closes rather than opens */
};

/* Distinct values for the padding words, so "no word" is a feature of its
 * own. Any constants unlikely to be the FNV hash of a word will do. */
#define PAD_BEFORE_HASH 0x5354415254000001u
#define PAD_AFTER_HASH 0x454e440000000002u

static void pad_word(struct word_info *w, uint64_t h) {
  size_t k;
  memset(w, 0, sizeof *w);
  w->form = w->lower = w->shape = h;
  for (k = 0; k < 4; k++)
    w->prefix[k] = w->suffix[k] = h;
}

static int is_utf8_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

static void describe_word(const char *s, size_t n, struct word_info *w) {
  uint64_t form = FNV_OFFSET, lower = FNV_OFFSET, shape = FNV_OFFSET;
  unsigned chars = 0;           /* characters (code points) seen so far */
  unsigned char last_shape = 0; /* previous shape character */
  unsigned run = 0;             /* how often it repeated */
  unsigned upper = 0, letters = 0, digits = 0;
  size_t i, k, start;
  memset(w, 0, sizeof *w);
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i], sc;
    form = fnv_byte(form, c);
    if (!is_utf8_continuation(c)) {
      /* A character starts: `lower` now covers the first `chars` ones. */
      if (chars >= 1 && chars <= 4)
        w->prefix[chars - 1] = lower;
      chars++;
    }
    lower = fnv_byte(lower, ascii_lower(c));
    if (c >= 'A' && c <= 'Z') {
      sc = 'X';
      upper++;
      letters++;
      w->flags |= i == 0 ? WORD_INIT_UPPER : WORD_INNER_UPPER;
    } else if (c >= 'a' && c <= 'z') {
      sc = 'x';
      letters++;
    } else if (c >= '0' && c <= '9') {
      sc = 'd';
      digits++;
    } else if (c >= 0x80) {
      if (is_utf8_continuation(c))
        continue; /* one shape character per code point */
      sc = 'u';
      letters++;
    } else {
      sc = c;
      if (c == '-')
        w->flags |= WORD_HAS_HYPHEN;
    }
    /* Runs longer than three say nothing more: "Xxxx" covers every
     * capitalised word of four letters or more. */
    run = sc == last_shape ? run + 1 : 1;
    last_shape = sc;
    if (run <= 3)
      shape = fnv_byte(shape, sc);
  }
  for (k = chars ? chars - 1 : 0; k < 4; k++)
    w->prefix[k] = lower; /* the last prefix, and the whole of short words */
  if (letters)
    w->flags |= WORD_HAS_LETTER;
  if (digits)
    w->flags |= WORD_HAS_DIGIT;
  if (digits && digits == n)
    w->flags |= WORD_ALL_DIGIT;
  if (upper)
    w->flags |= WORD_HAS_UPPER;
  if (upper && upper == letters && letters > 1)
    w->flags |= WORD_ALL_UPPER;
  w->form = form;
  w->lower = lower;
  w->shape = shape;
  /* Suffixes: the lower-cased last k characters. */
  start = n;
  for (k = 0; k < 4; k++) {
    uint64_t h = FNV_OFFSET;
    if (start > 0) {
      start--;
      while (start > 0 && is_utf8_continuation((unsigned char)s[start]))
        start--;
    }
    for (i = start; i < n; i++)
      h = fnv_byte(h, ascii_lower((unsigned char)s[i]));
    w->suffix[k] = h;
  }
}

/* Fills info[0 .. count + 2 * CONTEXT): padding, the words, padding. */
static void describe_sentence(const struct word_table *lexicon,
                              const struct sr_tag_word *words, size_t count,
                              struct word_info *info) {
  size_t i;
  unsigned quotes = 0; /* '"' tokens so far */
  for (i = 0; i < CONTEXT; i++) {
    pad_word(&info[i], PAD_BEFORE_HASH + i);
    pad_word(&info[CONTEXT + count + i], PAD_AFTER_HASH + i);
  }
  for (i = 0; i < count; i++) {
    struct word_info *w = &info[CONTEXT + i];
    int bits;
    describe_word(words[i].text, words[i].len, w);
    bits = table_find(lexicon, w->lower);
    w->lex = bits < 0 ? 0 : (uint32_t)bits;
    w->in_quote = quotes & 1;
    if (words[i].len == 1 && words[i].text[0] == '"')
      quotes++;
  }
  if (count)
    info[CONTEXT].flags |= WORD_FIRST;
}

/* ---- features ------------------------------------------------------------ */

/* Feature templates. The number is hashed with the value, so equal values
 * of different templates land in different slots. "Prev" is the word read
 * just before this one in the pass's direction. */
enum feature_template {
  F_BIAS = 1,
  F_FORM,
  F_LOWER,
  F_PREV_CLASS_LOWER,
  F_LOWER_NEXT_LOWER,
  F_LEFT_LOWER_LOWER,
  F_BEFORE_LOWER, /* "before": the first pass's class of a word */
  F_PREFIX,       /* + 0..3 */
  F_SUFFIX = F_PREFIX + 4,
  F_SHAPE = F_SUFFIX + 4,
  F_FLAGS,
  F_HAS_DIGIT,
  F_HAS_HYPHEN,
  F_INIT_UPPER,
  F_FIRST_UPPER,
  F_LOWER_LEFT1,
  F_LOWER_LEFT2,
  F_LOWER_RIGHT1,
  F_LOWER_RIGHT2,
  F_SUFFIX3_LEFT1,
  F_SUFFIX3_RIGHT1,
  F_SHAPE_RIGHT1,
  F_PREV1_CLASS,
  F_PREV2_CLASS,
  F_PREV1_PREV2_CLASS,
  F_BEFORE,
  F_BEFORE_LEFT1,
  F_BEFORE_RIGHT1,
  F_BEFORE_RIGHT2,
  F_BEFORE_RIGHT1_RIGHT2,
  F_BEFORE_LEFT1_RIGHT1,
  F_LEX,
  F_LEX_LEFT1,
  F_LEX_RIGHT1,
  F_LEX_CAPS,
  F_LEX_SUFFIX2,
  F_LEX_PREV_CLASS,
  F_LOWER_LEX_RIGHT1,
  F_FORM_IN_QUOTE,
  F_BEFORE_RIGHT1_LOWER,
  F_BEFORE_LEFT1_LOWER,
  F_CAPS_PATTERN,
  F_CAPS_PATTERN_LEX,
  F_CAPS_PATTERN_PREV_CLASS,
  F_CAPS_PATTERN_BEFORE_RIGHT1
};

#define TEMPLATE_SEED 0x9e3779b97f4a7c15u

static uint64_t key1(unsigned template_, uint64_t v) {
  return mix64(v ^ (template_ * TEMPLATE_SEED));
}

static uint64_t key2(unsigned template_, uint64_t a, uint64_t b) {
  return mix64(mix64(a ^ (template_ * TEMPLATE_SEED)) + b);
}

/* Which of the word and its neighbours are capitalised, and whether it
 * opens the sentence: names run in capitalised stretches (an adjective
 * inside one is NNP in EWT: "Greater Boston"). */
static unsigned caps_pattern(const struct word_info *w) {
  return ((w[-1].flags & WORD_INIT_UPPER) ? 4 : 0) +
         ((w[0].flags & WORD_INIT_UPPER) ? 2 : 0) +
         ((w[1].flags & WORD_INIT_UPPER) ? 1 : 0) +
         ((w[0].flags & WORD_FIRST) ? 8 : 0);
}

static int has_lexicon_features(const struct word_info *w) {
  return w[0].lex || w[-1].lex || w[1].lex;
}

static size_t keys_to_slots(const uint64_t *keys, size_t n, unsigned bits,
                            uint32_t *slots) {
  size_t k;
  for (k = 0; k < n; k++)
    slots[k] = (uint32_t)(keys[k] >> (64 - bits));
  return n;
}

/* Writes the slots of the features of word w[0] (w[-CONTEXT .. CONTEXT]
 * are valid) that do not depend on this pass's own decisions: everything
 * but the history features below. `before` points at the first pass's
 * class of the word (before[-2 .. 2] valid) in the second pass and is NULL
 * in the first. Returns the number of slots written. */
static size_t context_features(const struct word_info *w, const uint8_t *before,
                               unsigned bits, uint32_t *slots) {
  uint64_t keys[MAX_FEATURES]; /* feature keys before reduction to slots */
  const struct word_info *cur = &w[0];
  unsigned caps = cur->flags & (WORD_INIT_UPPER | WORD_ALL_UPPER);
  unsigned pattern = caps_pattern(w);
  size_t n = 0, k;
  keys[n++] = key1(F_BIAS, 0);
  keys[n++] = key1(F_FORM, cur->form);
  keys[n++] = key1(F_LOWER, cur->lower);
  keys[n++] = key2(F_LOWER_NEXT_LOWER, cur->lower, w[1].lower);
  keys[n++] = key2(F_LEFT_LOWER_LOWER, w[-1].lower, cur->lower);
  for (k = 0; k < 4; k++) {
    keys[n++] = key1(F_PREFIX + (unsigned)k, cur->prefix[k]);
    keys[n++] = key1(F_SUFFIX + (unsigned)k, cur->suffix[k]);
  }
  keys[n++] = key1(F_SHAPE, cur->shape);
  keys[n++] = key1(F_FLAGS, cur->flags & ~(unsigned)WORD_FIRST);
  if (cur->flags & WORD_HAS_DIGIT)
    keys[n++] = key1(F_HAS_DIGIT, 1);
  if (cur->flags & WORD_HAS_HYPHEN)
    keys[n++] = key1(F_HAS_HYPHEN, 1);
  if (cur->flags & WORD_INIT_UPPER)
    keys[n++] = key1(F_INIT_UPPER, 1);
  if ((cur->flags & WORD_INIT_UPPER) && (cur->flags & WORD_FIRST))
    keys[n++] = key1(F_FIRST_UPPER, 1);
  keys[n++] = key1(F_LOWER_LEFT1, w[-1].lower);
  keys[n++] = key1(F_LOWER_LEFT2, w[-2].lower);
  keys[n++] = key1(F_LOWER_RIGHT1, w[1].lower);
  keys[n++] = key1(F_LOWER_RIGHT2, w[2].lower);
  keys[n++] = key1(F_SUFFIX3_LEFT1, w[-1].suffix[2]);
  keys[n++] = key1(F_SUFFIX3_RIGHT1, w[1].suffix[2]);
  keys[n++] = key1(F_SHAPE_RIGHT1, w[1].shape);
  if (before) {
    keys[n++] = key2(F_BEFORE_LOWER, before[0], cur->lower);
    keys[n++] = key1(F_BEFORE, before[0]);
    keys[n++] = key1(F_BEFORE_LEFT1, before[-1]);
    keys[n++] = key1(F_BEFORE_RIGHT1, before[1]);
    keys[n++] = key1(F_BEFORE_RIGHT2, before[2]);
    keys[n++] = key2(F_BEFORE_RIGHT1_RIGHT2, before[1], before[2]);
    keys[n++] = key2(F_BEFORE_LEFT1_RIGHT1, before[-1], before[1]);
    keys[n++] = key2(F_BEFORE_RIGHT1_LOWER, before[1], cur->lower);
    keys[n++] = key2(F_BEFORE_LEFT1_LOWER, before[-1], cur->lower);
    keys[n++] = key2(F_CAPS_PATTERN_BEFORE_RIGHT1, pattern, before[1]);
  }
  if (has_lexicon_features(w)) {
    keys[n++] = key1(F_LEX, cur->lex);
    keys[n++] = key1(F_LEX_LEFT1, w[-1].lex);
    keys[n++] = key1(F_LEX_RIGHT1, w[1].lex);
    keys[n++] = key2(F_LEX_CAPS, cur->lex,
                     caps + ((cur->flags & WORD_FIRST) ? 256 : 0));
    keys[n++] = key2(F_LEX_SUFFIX2, cur->lex, cur->suffix[1]);
  }
  keys[n++] = key2(F_LOWER_LEX_RIGHT1, cur->lower, w[1].lex);
  keys[n++] = key2(F_FORM_IN_QUOTE, cur->form, cur->in_quote);
  keys[n++] = key1(F_CAPS_PATTERN, pattern);
  keys[n++] = key2(F_CAPS_PATTERN_LEX, pattern, cur->lex);
  return keys_to_slots(keys, n, bits, slots);
}

/* Writes the slots of the features of word w[0] that depend on prev1 and
 * prev2, the classes this pass gave the two words read before it. Returns
 * the number of slots written. */
static size_t history_features(const struct word_info *w, unsigned prev1,
                               unsigned prev2, unsigned bits, uint32_t *slots) {
  uint64_t keys[8]; /* feature keys before reduction to slots */
  size_t n = 0;
  keys[n++] = key2(F_PREV_CLASS_LOWER, prev1, w[0].lower);
  keys[n++] = key1(F_PREV1_CLASS, prev1);
  keys[n++] = key1(F_PREV2_CLASS, prev2);
  keys[n++] = key2(F_PREV1_PREV2_CLASS, prev1, prev2);
  if (has_lexicon_features(w))
    keys[n++] = key2(F_LEX_PREV_CLASS, w[0].lex, prev1);
  keys[n++] = key2(F_CAPS_PATTERN_PREV_CLASS, caps_pattern(w), prev1);
  return keys_to_slots(keys, n, bits, slots);
}

/* All the features of word w[0]; see the two functions above. */
static size_t word_features(const struct word_info *w, unsigned prev1,
                            unsigned prev2, const uint8_t *before,
                            unsigned bits, uint32_t *slots) {
  size_t n = context_features(w, before, bits, slots);
  return n + history_features(w, prev1, prev2, bits, slots + n);
}

/* ---- weights in memory --------------------------------------------------- */

/* Stores the quantised weights row[0 .. nclasses) of one slot, as a sparse
 * list or a dense row. Slots must come at most once; an all-zero row is
 * not stored. */
static sr_status pass_add_slot(struct sr_tagger *t, struct tag_pass *tp,
                               size_t slot, const int16_t *row) {
  unsigned c, nonzero = 0;
  for (c = 0; c < tp->nclasses; c++)
    nonzero += row[c] != 0;
  if (!nonzero)
    return SR_OK;
  if (nonzero <= SPARSE_MAX) {
    struct sparse_weight *list;
    if (tagger_grow(t, (void **)&tp->sparse, &tp->sparse_cap,
                    tp->nsparse + nonzero + 1, sizeof *tp->sparse) ||
        tp->nsparse >= REF_SPARSE)
      return SR_ENOMEM;
    list = tp->sparse + tp->nsparse;
    list[0].class_ = (uint16_t)nonzero;
    list[0].weight = 0;
    for (c = 0, nonzero = 0; c < tp->nclasses; c++)
      if (row[c]) {
        nonzero++;
        list[nonzero].class_ = (uint16_t)c;
        list[nonzero].weight = row[c];
      }
    tp->slot_ref[slot] = REF_SPARSE | (uint32_t)tp->nsparse;
    tp->nsparse += nonzero + 1;
  } else {
    size_t at = (tp->ndense + 1) * tp->stride; /* row 0 stays unused */
    if (tagger_grow(t, (void **)&tp->dense, &tp->dense_cap, at + tp->stride,
                    sizeof *tp->dense) ||
        tp->ndense + 1 >= REF_SPARSE)
      return SR_ENOMEM;
    memset(tp->dense + at, 0, tp->stride * sizeof *tp->dense);
    memcpy(tp->dense + at, row, tp->nclasses * sizeof *row);
    tp->slot_ref[slot] = (uint32_t)++tp->ndense;
  }
  tp->nslots_used++;
  return SR_OK;
}

/* Reads a slot's weights back into row[0 .. nclasses). */
static void pass_get_slot(const struct tag_pass *tp, size_t slot,
                          int16_t *row) {
  uint32_t ref = tp->slot_ref[slot];
  unsigned c;
  memset(row, 0, tp->nclasses * sizeof *row);
  if (ref & REF_SPARSE) {
    const struct sparse_weight *list = tp->sparse + (ref & ~REF_SPARSE);
    for (c = 1; c <= list[0].class_; c++)
      row[list[c].class_] = list[c].weight;
  } else if (ref) {
    memcpy(row, tp->dense + (size_t)ref * tp->stride,
           tp->nclasses * sizeof *row);
  }
}

/* Adds one dense row to the class scores: eight int16 weights at a time,
 * widened to int32. gcc -O2 does not vectorise the plain loop (it would
 * need run-time overlap checks), and this loop is where tagging spends
 * most of its time, so SSE2 (always there on x86-64) is used directly. */
static void add_dense(int32_t *scores, const int16_t *row, unsigned stride) {
  unsigned i;
#if defined(__SSE2__)
  for (i = 0; i < stride; i += ROW_ALIGN) {
    __m128i w = _mm_loadu_si128((const __m128i *)(row + i));
    __m128i sign = _mm_srai_epi16(w, 15); /* all ones where negative */
    __m128i *s = (__m128i *)(scores + i);
    _mm_storeu_si128(
        s, _mm_add_epi32(_mm_loadu_si128(s), _mm_unpacklo_epi16(w, sign)));
    _mm_storeu_si128(s + 1, _mm_add_epi32(_mm_loadu_si128(s + 1),
                                          _mm_unpackhi_epi16(w, sign)));
  }
#else
  for (i = 0; i < stride; i++)
    scores[i] += row[i];
#endif
}

/* Sums the weights of the features in slots[0 .. nf) into scores. All
 * slot references are loaded first and their weights prefetched, so the
 * cache misses of one word overlap instead of following one another. */
static void score_word(const struct tag_pass *tp, const uint32_t *slots,
                       size_t nf, int32_t *scores) {
  uint32_t refs[MAX_FEATURES]; /* slot references of the features */
  size_t f;
  unsigned c;
  memset(scores, 0, tp->stride * sizeof *scores);
  for (f = 0; f < nf; f++)
    refs[f] = tp->slot_ref[slots[f]];
  for (f = 0; f < nf; f++) {
    if (refs[f] & REF_SPARSE)
      PREFETCH(tp->sparse + (refs[f] & ~REF_SPARSE));
    else if (refs[f])
      PREFETCH(tp->dense + (size_t)refs[f] * tp->stride);
  }
  for (f = 0; f < nf; f++) {
    uint32_t ref = refs[f];
    if (ref & REF_SPARSE) {
      const struct sparse_weight *list = tp->sparse + (ref & ~REF_SPARSE);
      for (c = 1; c <= list[0].class_; c++)
        scores[list[c].class_] += list[c].weight;
    } else if (ref) {
      add_dense(scores, tp->dense + (size_t)ref * tp->stride, tp->stride);
    }
  }
}

static unsigned best_class(const int32_t *scores, unsigned nclasses) {
  unsigned best = 0, c;
  for (c = 1; c < nclasses; c++)
    if (scores[c] > scores[best])
      best = c;
  return best;
}

/* ---- tagging ------------------------------------------------------------- */

/* The position of the k-th word a pass reads. */
static size_t reading_order(const struct tag_pass *tp, size_t count, size_t k) {
  return tp->direction > 0 ? k : count - 1 - k;
}

/* Starts loading the slot references of a word's features into the
 * cache, so the misses overlap with the work on the word before it. */
static void prefetch_slots(const struct tag_pass *tp, const uint32_t *slots,
                           size_t n) {
  size_t f;
  for (f = 0; f < n; f++)
    PREFETCH(&tp->slot_ref[slots[f]]);
}

/* Runs one pass over a described sentence. `info` and `out` point at the
 * first word, with CONTEXT entries of padding on each side; `before` is the
 * first pass's output laid out the same way (second pass), or NULL. The
 * context features of the next word are computed, and their slots
 * prefetched, before the current word is scored: only the history
 * features have to wait for the current decision. */
static void run_pass(const struct tag_pass *tp, unsigned bits,
                     const struct word_info *info, size_t count,
                     const uint8_t *before, uint8_t *out) {
  uint32_t slots[2][MAX_FEATURES]; /* features of this word and the next */
  size_t nctx[2] = {0, 0};         /* their context features */
  int known[2] = {-1, -1};         /* their dictionary class, or -1 */
  int32_t scores[MAX_STRIDE];      /* class scores of one word */
  unsigned prev1 = tp->direction > 0 ? CLASS_START : CLASS_END;
  unsigned prev2 = prev1; /* classes of the two words read before */
  size_t k;
  out[-1] = out[-2] = CLASS_START;
  out[count] = out[count + 1] = CLASS_END;
  for (k = 0; k <= count; k++) {
    unsigned cur = (unsigned)(k + 1) & 1, next = (unsigned)k & 1;
    if (k < count) { /* look ahead: word k is read next */
      size_t j = reading_order(tp, count, k);
      known[next] = table_find(&tp->dict, info[j].form);
      if (known[next] < 0) {
        nctx[next] = context_features(&info[j], before ? &before[j] : NULL,
                                      bits, slots[next]);
        prefetch_slots(tp, slots[next], nctx[next]);
      }
    }
    if (k > 0) { /* decide word k - 1 */
      size_t i = reading_order(tp, count, k - 1), nf;
      if (known[cur] >= 0) {
        out[i] = (uint8_t)known[cur];
      } else {
        nf = nctx[cur] + history_features(&info[i], prev1, prev2, bits,
                                          slots[cur] + nctx[cur]);
        score_word(tp, slots[cur], nf, scores);
        out[i] = (uint8_t)best_class(scores, tp->nclasses);
      }
      prev2 = prev1;
      prev1 = out[i];
    }
  }
}

/* The scratch memory of one sentence: word descriptions, then the classes
 * of every pass, each with CONTEXT entries of padding on both sides. */
struct scratch_layout {
  struct word_info *info; /* count + 2 * CONTEXT words */
  uint8_t *classes;       /* MAX_PASSES rows of count + 2 * CONTEXT */
};

size_t sr__tagger_scratch_size(size_t count) {
  size_t per_word = sizeof(struct word_info) + MAX_PASSES;
  if (count > SIZE_MAX / per_word - 2 * CONTEXT)
    return 0;
  return (count + 2 * CONTEXT) * per_word;
}

/* Runs the first `npasses` passes on a described sentence (info and
 * classes padded); the classes of pass p go to classes + p * (count + 2 *
 * CONTEXT). */
static void run_passes(const struct sr_tagger *t, unsigned npasses,
                       const struct word_info *info, size_t count,
                       uint8_t *classes) {
  size_t row = count + 2 * CONTEXT;
  unsigned p;
  for (p = 0; p < npasses; p++)
    run_pass(&t->pass[p], t->hash_bits, info + CONTEXT, count,
             p ? classes + (p - 1) * row + CONTEXT : NULL,
             classes + p * row + CONTEXT);
}

sr_status sr__tagger_tag(const struct sr_tagger *t,
                         const struct sr_tag_word *words, size_t count,
                         void *scratch, size_t scratch_size, uint8_t *upos,
                         uint8_t *xpos, sr_error *err) {
  struct scratch_layout s;
  size_t need = sr__tagger_scratch_size(count), i;
  const struct tag_pass *last = &t->pass[t->npasses - 1];
  const uint8_t *final;
  if (!count)
    return SR_OK;
  if (!need || scratch_size < need)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "tagger scratch of %zu bytes is too small for %zu words",
                     scratch_size, count);
  s.info = scratch;
  s.classes = (uint8_t *)(s.info + count + 2 * CONTEXT);
  describe_sentence(&t->lexicon, words, count, s.info);
  run_passes(t, t->npasses, s.info, count, s.classes);
  final = s.classes + (t->npasses - 1) * (count + 2 * CONTEXT) + CONTEXT;
  for (i = 0; i < count; i++) {
    upos[i] = last->class_upos[final[i]];
    xpos[i] = last->class_xpos[final[i]];
  }
  return SR_OK;
}

size_t sr__tagger_upos_count(const struct sr_tagger *t) { return t->nupos; }
size_t sr__tagger_xpos_count(const struct sr_tagger *t) { return t->nxpos; }

const char *sr__tagger_upos_name(const struct sr_tagger *t, size_t index) {
  return index < t->nupos ? t->upos_names[index] : NULL;
}

const char *sr__tagger_xpos_name(const struct sr_tagger *t, size_t index) {
  return index < t->nxpos ? t->xpos_names[index] : NULL;
}

/* ---- training: corpora --------------------------------------------------- */

/* A corpus made ready for training: every sentence's words described and
 * padded, with gold classes in the same layout. Training memory is plain
 * malloc: it is the tool's, and freed before sr__tagger_train returns. */
struct prepared {
  size_t nsent;           /* sentences */
  size_t *first;          /* per sentence: index of its first word below */
  size_t *count;          /* per sentence: its words */
  size_t padded;          /* entries below */
  size_t words;           /* words in all sentences */
  struct word_info *info; /* all sentences, each padded on both sides */
  uint8_t *gold_upos;     /* gold UPOS index, or NO_TAG (padding, or a tag
                             unseen in training) */
  uint8_t *gold_xpos;     /* gold XPOS likewise */
  uint8_t *gold_class;    /* gold UPOS+XPOS class, or NO_TAG */
  uint8_t *classes;       /* MAX_PASSES layers of `padded` classes, one
                             per pass */
};

/* The tag sets and the classes, read from the training corpus. Names point
 * into the corpus. */
struct tagset {
  const char *upos[MAX_TAGS];      /* sorted by name */
  size_t nupos;                    /* UPOS tags */
  const char *xpos[MAX_TAGS];      /* sorted by name */
  size_t nxpos;                    /* XPOS tags */
  uint8_t class_upos[MAX_CLASSES]; /* class -> UPOS */
  uint8_t class_xpos[MAX_CLASSES]; /* class -> XPOS */
  size_t nclasses;                 /* sorted by XPOS, then UPOS */
};

static int find_name(const char *const *names, size_t n, const char *s) {
  size_t lo = 0, hi = n; /* binary search over sorted names */
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(names[mid], s);
    if (!c)
      return (int)mid;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -1;
}

static int cmp_name(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds s to an unsorted set of names; returns 0 when the set is full. */
static int add_name(const char **names, size_t *n, const char *s) {
  size_t i;
  for (i = 0; i < *n; i++)
    if (!strcmp(names[i], s))
      return 1;
  if (*n == MAX_TAGS)
    return 0;
  names[(*n)++] = s;
  return 1;
}

static int bad_tag_name(const char *s) {
  size_t n = strlen(s);
  return n == 0 || n > MAX_TAG_NAME;
}

static sr_status collect_tags(const struct sr_conllu *c, struct tagset *ts,
                              sr_error *err) {
  static const char no_name[] = "";
  size_t s, i, k;
  unsigned char seen[MAX_TAGS][MAX_TAGS]; /* [xpos][upos] pairs present */
  memset(ts, 0, sizeof *ts);
  for (s = 0; s < c->count; s++)
    for (i = 0; i < c->sentences[s].count; i++) {
      const struct sr_conllu_word *w = &c->sentences[s].words[i];
      if (bad_tag_name(w->upos) || bad_tag_name(w->xpos))
        return sr__error(err, SR_EINVAL, SIZE_MAX, c->sentences[s].line + i,
                         "training corpus line %zu: word \"%s\" has no "
                         "UPOS or XPOS (or one longer than %d bytes)",
                         c->sentences[s].line + i, w->form ? w->form : no_name,
                         MAX_TAG_NAME);
      if (!add_name(ts->upos, &ts->nupos, w->upos) ||
          !add_name(ts->xpos, &ts->nxpos, w->xpos))
        return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                         "training corpus has more than %d distinct tags",
                         MAX_TAGS);
    }
  if (!ts->nupos)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "training corpus has no words");
  qsort(ts->upos, ts->nupos, sizeof *ts->upos, cmp_name);
  qsort(ts->xpos, ts->nxpos, sizeof *ts->xpos, cmp_name);
  memset(seen, 0, sizeof seen);
  for (s = 0; s < c->count; s++)
    for (i = 0; i < c->sentences[s].count; i++) {
      const struct sr_conllu_word *w = &c->sentences[s].words[i];
      seen[find_name(ts->xpos, ts->nxpos, w->xpos)]
          [find_name(ts->upos, ts->nupos, w->upos)] = 1;
    }
  for (i = 0; i < ts->nxpos; i++)
    for (k = 0; k < ts->nupos; k++)
      if (seen[i][k]) {
        if (ts->nclasses == MAX_CLASSES)
          return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                           "training corpus has more than %d distinct "
                           "UPOS+XPOS pairs",
                           MAX_CLASSES);
        ts->class_xpos[ts->nclasses] = (uint8_t)i;
        ts->class_upos[ts->nclasses] = (uint8_t)k;
        ts->nclasses++;
      }
  return SR_OK;
}

static void prepared_free(struct prepared *p) {
  free(p->first);
  free(p->count);
  free(p->info);
  free(p->gold_upos);
  free(p->gold_xpos);
  free(p->gold_class);
  free(p->classes);
  memset(p, 0, sizeof *p);
}

static uint8_t class_of(const struct tagset *ts, uint8_t upos, uint8_t xpos) {
  size_t c;
  for (c = 0; c < ts->nclasses; c++)
    if (ts->class_upos[c] == upos && ts->class_xpos[c] == xpos)
      return (uint8_t)c;
  return NO_TAG;
}

/* Describes corpus c into p. On failure p may hold some of its arrays:
 * release it with prepared_free either way. */
static sr_status prepare(const struct sr_conllu *c, const struct tagset *ts,
                         const struct word_table *lexicon, struct prepared *p) {
  size_t s, i, at = 0, longest = 0;
  struct sr_tag_word *words; /* one sentence's words */
  memset(p, 0, sizeof *p);
  p->nsent = c->count;
  for (s = 0; s < c->count; s++) {
    p->padded += c->sentences[s].count + 2 * CONTEXT;
    p->words += c->sentences[s].count;
    if (c->sentences[s].count > longest)
      longest = c->sentences[s].count;
  }
  p->first = malloc((p->nsent + 1) * sizeof *p->first);
  p->count = malloc((p->nsent + 1) * sizeof *p->count);
  p->info = malloc((p->padded + 1) * sizeof *p->info);
  p->gold_upos = malloc(p->padded + 1);
  p->gold_xpos = malloc(p->padded + 1);
  p->gold_class = malloc(p->padded + 1);
  p->classes = malloc(MAX_PASSES * (p->padded + 1));
  words = malloc((longest + 1) * sizeof *words);
  if (!p->first || !p->count || !p->info || !p->gold_upos || !p->gold_xpos ||
      !p->gold_class || !p->classes || !words) {
    free(words);
    return SR_ENOMEM; /* the caller's prepared_free releases the rest */
  }
  memset(p->gold_upos, NO_TAG, p->padded);
  memset(p->gold_xpos, NO_TAG, p->padded);
  memset(p->gold_class, NO_TAG, p->padded);
  for (s = 0; s < c->count; s++) {
    const struct sr_conllu_sentence *cs = &c->sentences[s];
    p->first[s] = at + CONTEXT;
    p->count[s] = cs->count;
    for (i = 0; i < cs->count; i++) {
      size_t j = at + CONTEXT + i;
      int u = find_name(ts->upos, ts->nupos, cs->words[i].upos);
      int x = find_name(ts->xpos, ts->nxpos, cs->words[i].xpos);
      words[i].text = cs->words[i].form;
      words[i].len = strlen(cs->words[i].form);
      p->gold_upos[j] = u < 0 ? NO_TAG : (uint8_t)u;
      p->gold_xpos[j] = x < 0 ? NO_TAG : (uint8_t)x;
      if (u >= 0 && x >= 0)
        p->gold_class[j] = class_of(ts, (uint8_t)u, (uint8_t)x);
    }
    describe_sentence(lexicon, words, cs->count, &p->info[at]);
    at += cs->count + 2 * CONTEXT;
  }
  free(words);
  return SR_OK;
}

/* ---- training: the tag dictionary ---------------------------------------- */

/* A word goes into the tag dictionary when it is frequent and nearly
 * always has the same class (Honnibal's thresholds). */
#define DICT_MIN_COUNT 20
#define DICT_MIN_SHARE 0.97

struct word_class {
  uint64_t key;   /* form hash */
  uint8_t class_; /* gold class */
};

static int cmp_word_class(const void *a, const void *b) {
  const struct word_class *x = a, *y = b;
  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return (int)x->class_ - (int)y->class_;
}

/* Builds pass tp's dictionary from the sentences subset[0 .. nsubset). */
static sr_status build_dict(struct sr_tagger *t, struct tag_pass *tp,
                            const struct prepared *p, const size_t *subset,
                            size_t nsubset) {
  struct word_class *wc = malloc((p->words + 1) * sizeof *wc);
  size_t n = 0, k, i, j, entries = 0;
  int fill;
  if (!wc)
    return SR_ENOMEM;
  for (k = 0; k < nsubset; k++)
    for (i = 0; i < p->count[subset[k]]; i++) {
      size_t at = p->first[subset[k]] + i;
      if (p->gold_class[at] == NO_TAG)
        continue;
      wc[n].key = p->info[at].form;
      wc[n].class_ = p->gold_class[at];
      n++;
    }
  qsort(wc, n, sizeof *wc, cmp_word_class);
  /* Two sweeps over the runs of equal keys: count, then fill. */
  for (fill = 0; fill < 2; fill++) {
    if (fill && table_init(t, &tp->dict, entries)) {
      free(wc);
      return SR_ENOMEM;
    }
    entries = 0;
    for (i = 0; i < n; i = j) {
      size_t best_run = 0, run;
      uint8_t best = 0;
      for (j = i; j < n && wc[j].key == wc[i].key; j += run) {
        for (run = 0; j + run < n && wc[j + run].key == wc[i].key &&
                      wc[j + run].class_ == wc[j].class_;
             run++)
          ;
        if (run > best_run) {
          best_run = run;
          best = wc[j].class_;
        }
      }
      if (j - i >= DICT_MIN_COUNT &&
          (double)best_run >= DICT_MIN_SHARE * (double)(j - i)) {
        if (fill)
          table_or(&tp->dict, wc[i].key, best);
        entries++;
      }
    }
  }
  free(wc);
  return SR_OK;
}

/* ---- training: the perceptron -------------------------------------------- */

/* Weights while training: w and the averaging sum u (see the top of the
 * file), 2^hash_bits rows of `stride`. */
struct train_weights {
  int32_t *w;   /* current weights */
  int64_t *u;   /* sum of step * delta */
  int64_t step; /* words scored so far: the c of the averaging trick */
  float *sum;   /* the averaged weights of the runs already finished, or
                   NULL before the second run */
};

/* The averaged weight i of the current run plus those of the finished
 * runs. The runs' sum, not their mean: only the argmax matters. */
static double averaged_weight(const struct train_weights *tw, size_t i) {
  double step = tw->step ? (double)tw->step : 1;
  return (tw->sum ? tw->sum[i] : 0) + tw->w[i] - (double)tw->u[i] / step;
}

struct trainer {
  struct sr_tagger_options opt; /* with the defaults filled in */
  int have_dev;                 /* a dev corpus was given */
  struct tagset tags;           /* tag sets from the training corpus */
  struct prepared train, dev;   /* described corpora */
  struct timespec started;      /* for progress reports */
};

static void shuffle(size_t *order, size_t n, uint64_t *rng) {
  size_t i;
  for (i = n; i > 1; i--) {
    size_t j, tmp;
    *rng += 0x9e3779b97f4a7c15u; /* splitmix64 */
    j = (size_t)(mix64(*rng) % i);
    tmp = order[i - 1];
    order[i - 1] = order[j];
    order[j] = tmp;
  }
}

/* Trains pass `pi` for one epoch over the sentences in `order`; returns
 * the number of scored words it got right and sets *scored. */
static size_t train_epoch(struct trainer *tr, const struct tag_pass *tp,
                          unsigned pi, struct train_weights *tw,
                          const size_t *order, size_t norder, size_t *scored) {
  struct prepared *p = &tr->train;
  unsigned bits = tr->opt.hash_bits, stride = tp->stride, c;
  uint32_t slots[MAX_FEATURES]; /* feature slots of one word */
  int32_t scores[MAX_STRIDE];   /* class scores of one word */
  uint8_t *own = p->classes + (size_t)pi * p->padded;
  const uint8_t *before = pi ? p->classes + (size_t)(pi - 1) * p->padded : NULL;
  size_t s, k, f, nf, right = 0;
  *scored = 0;
  for (s = 0; s < norder; s++) {
    size_t first = p->first[order[s]], count = p->count[order[s]];
    unsigned prev1 = tp->direction > 0 ? CLASS_START : CLASS_END;
    unsigned prev2 = prev1;
    for (k = 0; k < count; k++) {
      size_t i = first + reading_order(tp, count, k);
      unsigned gold = p->gold_class[i], guess;
      int known = table_find(&tp->dict, p->info[i].form);
      if (known >= 0) {
        guess = (unsigned)known;
        goto next;
      }
      nf = word_features(&p->info[i], prev1, prev2, before ? &before[i] : NULL,
                         bits, slots);
      memset(scores, 0, stride * sizeof *scores);
      for (f = 0; f < nf; f++) {
        const int32_t *row = tw->w + (size_t)slots[f] * stride;
        for (c = 0; c < stride; c++)
          scores[c] += row[c];
      }
      guess = best_class(scores, tp->nclasses);
      if (gold == NO_TAG)
        goto next;
      tw->step++;
      (*scored)++;
      if (guess == gold) {
        right++;
        goto next;
      }
      for (f = 0; f < nf; f++) {
        size_t base = (size_t)slots[f] * stride;
        tw->w[base + gold]++;
        tw->u[base + gold] += tw->step;
        tw->w[base + guess]--;
        tw->u[base + guess] -= tw->step;
      }
    next:
      own[i] = (uint8_t)guess;
      prev2 = prev1;
      prev1 = guess;
    }
  }
  return right;
}

/* Rounds to the nearest integer, halves away from zero (lround without
 * libm). */
static long round_weight(double x) {
  return x >= 0 ? (long)(x + 0.5) : -(long)(-x + 0.5);
}

/* Replaces pass tp's weights by the averaged training weights, quantised
 * to int16 with one scale for the pass. */
static sr_status set_averaged_weights(struct sr_tagger *t, struct tag_pass *tp,
                                      const struct train_weights *tw) {
  size_t nslots = (size_t)1 << t->hash_bits, slot, i;
  double largest = 0, scale;
  int16_t row[MAX_CLASSES]; /* one slot's quantised weights */
  unsigned c;
  pass_free_weights(t, tp);
  for (i = 0; i < nslots * tp->stride; i++) {
    double avg = averaged_weight(tw, i);
    if (avg > largest)
      largest = avg;
    else if (-avg > largest)
      largest = -avg;
  }
  scale = largest > 0 ? 32767.0 / largest : 0;
  tp->slot_ref = tagger_calloc(t, nslots, sizeof *tp->slot_ref);
  if (!tp->slot_ref)
    return SR_ENOMEM;
  for (slot = 0; slot < nslots; slot++) {
    size_t base = slot * tp->stride;
    for (c = 0; c < tp->nclasses; c++)
      row[c] = (int16_t)round_weight(averaged_weight(tw, base + c) * scale);
    if (pass_add_slot(t, tp, slot, row))
      return SR_ENOMEM;
  }
  return SR_OK;
}

/* Runs the first `npasses` passes over the sentences subset[0 ..
 * nsubset) of a prepared corpus (all of them when subset is NULL), leaving
 * each pass's classes in its layer of p->classes. */
static void tag_prepared(const struct sr_tagger *t, unsigned npasses,
                         struct prepared *p, const size_t *subset,
                         size_t nsubset) {
  size_t k;
  unsigned pi;
  if (!subset)
    nsubset = p->nsent;
  for (k = 0; k < nsubset; k++) {
    size_t s = subset ? subset[k] : k;
    for (pi = 0; pi < npasses; pi++) {
      uint8_t *layer = p->classes + (size_t)pi * p->padded;
      run_pass(&t->pass[pi], t->hash_bits, &p->info[p->first[s]], p->count[s],
               pi ? layer - p->padded + p->first[s] : NULL,
               layer + p->first[s]);
    }
  }
}

/* Tags the dev corpus and scores it against its gold tags. */
static void evaluate(const struct sr_tagger *t, struct prepared *p,
                     double *upos_acc, double *xpos_acc) {
  const struct tag_pass *last = &t->pass[t->npasses - 1];
  const uint8_t *final = p->classes + (size_t)(t->npasses - 1) * p->padded;
  size_t s, i, upos_right = 0, xpos_right = 0;
  tag_prepared(t, t->npasses, p, NULL, 0);
  for (s = 0; s < p->nsent; s++)
    for (i = 0; i < p->count[s]; i++) {
      size_t j = p->first[s] + i;
      upos_right += last->class_upos[final[j]] == p->gold_upos[j];
      xpos_right += last->class_xpos[final[j]] == p->gold_xpos[j];
    }
  *upos_acc = p->words ? (double)upos_right / (double)p->words : 0;
  *xpos_acc = p->words ? (double)xpos_right / (double)p->words : 0;
}

static double seconds_since(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) +
         (double)(now.tv_nsec - start->tv_nsec) * 1e-9;
}

static void pass_setup(struct tag_pass *tp, const struct tagset *ts,
                       unsigned pi) {
  tp->direction = pi % 2 == 0 ? -1 : 1;
  tp->nclasses = (unsigned)ts->nclasses;
  tp->stride = (tp->nclasses + ROW_ALIGN - 1) / ROW_ALIGN * ROW_ALIGN;
  memcpy(tp->class_upos, ts->class_upos, sizeof tp->class_upos);
  memcpy(tp->class_xpos, ts->class_xpos, sizeof tp->class_xpos);
}

/* Trains pass pi of t on the training sentences subset[0 .. nsubset); the
 * passes before it are final and their (jackknifed) classes of those
 * sentences are in the training corpus's class layers. With `report` (the
 * real model) it makes opt.runs runs and scores every epoch on dev for the
 * progress callback; without (a jackknife fold) one run, and only its last
 * epoch becomes a model. */
static sr_status train_pass(struct trainer *tr, struct sr_tagger *t,
                            unsigned pi, const size_t *subset, size_t nsubset,
                            int report, sr_error *err) {
  struct tag_pass *tp = &t->pass[pi];
  struct train_weights tw;
  size_t nslots = (size_t)1 << t->hash_bits, *order, scored, right;
  uint64_t rng = tr->opt.seed ^ (0x7461676765720000u + pi); /* "tagger" */
  unsigned epoch, run, runs = report ? tr->opt.runs : 1;
  sr_status st = SR_OK;
  pass_free(t, tp);
  pass_setup(tp, &tr->tags, pi);
  if (build_dict(t, tp, &tr->train, subset, nsubset))
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  memset(&tw, 0, sizeof tw);
  tw.w = calloc(nslots * tp->stride, sizeof *tw.w);
  tw.u = calloc(nslots * tp->stride, sizeof *tw.u);
  order = malloc((nsubset + 1) * sizeof *order);
  if (!tw.w || !tw.u || !order) {
    st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0,
                   "out of memory for 2^%u x %u training weights", t->hash_bits,
                   tp->stride);
    goto done;
  }
  if (runs > 1 && !(tw.sum = calloc(nslots * tp->stride, sizeof *tw.sum))) {
    st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    goto done;
  }
  for (run = 1; run <= runs; run++) {
    if (run > 1) {
      size_t i, n = nslots * tp->stride;
      for (i = 0; i < n; i++)
        tw.sum[i] = (float)averaged_weight(&tw, i);
      memset(tw.w, 0, n * sizeof *tw.w);
      memset(tw.u, 0, n * sizeof *tw.u);
      tw.step = 0;
    }
    memcpy(order, subset, nsubset * sizeof *order);
    for (epoch = 1; epoch <= tr->opt.epochs; epoch++) {
      struct sr_tagger_progress pr;
      shuffle(order, nsubset, &rng);
      right = train_epoch(tr, tp, pi, &tw, order, nsubset, &scored);
      if ((epoch < tr->opt.epochs || run < runs) &&
          !(report && tr->opt.progress))
        continue; /* nobody looks at this epoch's model */
      if (set_averaged_weights(t, tp, &tw)) {
        st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
        goto done;
      }
      t->npasses = pi + 1;
      if (!report || !tr->opt.progress)
        continue;
      memset(&pr, 0, sizeof pr);
      pr.pass = pi + 1;
      pr.passes = tr->opt.passes;
      pr.epoch = epoch;
      pr.epochs = tr->opt.epochs;
      pr.train_accuracy = scored ? (double)right / (double)scored : 0;
      pr.dev_upos = pr.dev_xpos = -1;
      if (tr->have_dev)
        evaluate(t, &tr->dev, &pr.dev_upos, &pr.dev_xpos);
      pr.seconds = seconds_since(&tr->started);
      pr.run = run;
      pr.runs = runs;
      tr->opt.progress(tr->opt.progress_user, &pr);
    }
  }
done:
  free(tw.w);
  free(tw.u);
  free(tw.sum);
  free(order);
  return st;
}

/* A pass learns how far to trust the one before it. Tagged by a pass that
 * saw them in training, the training sentences would look almost
 * error-free, so the classes the next pass learns from come from
 * jackknifing instead (stacking, Wolpert 1992): the corpus is cut into
 * JACKKNIFE_FOLDS stretches of sentences, and each is tagged by pass pi
 * trained (once, to save time) on the others. The result replaces class
 * layer pi of the training corpus. */
#define JACKKNIFE_FOLDS 4

static sr_status jackknife_pass(struct trainer *tr, unsigned hash_bits,
                                unsigned pi, sr_error *err) {
  struct prepared *p = &tr->train;
  size_t *others = malloc((p->nsent + 1) * sizeof *others);
  uint8_t *layer = malloc(p->padded + 1); /* the jackknifed classes */
  struct sr_tagger *fold_tagger = NULL;   /* pass pi without one fold */
  uint8_t *own = p->classes + (size_t)pi * p->padded;
  const uint8_t *before = pi ? p->classes + (size_t)(pi - 1) * p->padded : NULL;
  sr_status st = SR_OK;
  unsigned f;
  size_t s, nothers;
  if (!others || !layer) {
    st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    goto done;
  }
  for (f = 0; f < JACKKNIFE_FOLDS; f++) {
    size_t lo = p->nsent * f / JACKKNIFE_FOLDS;
    size_t hi = p->nsent * (f + 1) / JACKKNIFE_FOLDS;
    fold_tagger = tagger_new(NULL);
    if (!fold_tagger) {
      st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
      goto done;
    }
    fold_tagger->hash_bits = hash_bits;
    for (s = 0, nothers = 0; s < p->nsent; s++)
      if (s < lo || s >= hi)
        others[nothers++] = s;
    st = train_pass(tr, fold_tagger, pi, others, nothers, 0, err);
    if (st)
      goto done;
    for (s = lo; s < hi; s++)
      run_pass(&fold_tagger->pass[pi], hash_bits, &p->info[p->first[s]],
               p->count[s], before ? before + p->first[s] : NULL,
               layer + p->first[s]);
    sr__tagger_free(fold_tagger);
    fold_tagger = NULL;
  }
  memcpy(own, layer, p->padded);
done:
  sr__tagger_free(fold_tagger);
  free(others);
  free(layer);
  return st;
}

/* Copies the tag names and the lexicon into a new tagger. */
static sr_status tagger_setup(struct trainer *tr, struct sr_tagger *t,
                              sr_error *err) {
  size_t i;
  t->hash_bits = tr->opt.hash_bits;
  t->nupos = tr->tags.nupos;
  t->nxpos = tr->tags.nxpos;
  for (i = 0; i < t->nupos; i++)
    if (!(t->upos_names[i] =
              tagger_strdup(t, tr->tags.upos[i], strlen(tr->tags.upos[i]))))
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  for (i = 0; i < t->nxpos; i++)
    if (!(t->xpos_names[i] =
              tagger_strdup(t, tr->tags.xpos[i], strlen(tr->tags.xpos[i]))))
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  if (tr->opt.lexicon_count) {
    if (tr->opt.lexicon_count > MAX_TABLE_ENTRIES)
      return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                       "lexicon of %zu words is over the limit of %u",
                       tr->opt.lexicon_count, MAX_TABLE_ENTRIES);
    if (table_init(t, &t->lexicon, tr->opt.lexicon_count))
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    for (i = 0; i < tr->opt.lexicon_count; i++) {
      struct word_info wi; /* only its lower-cased hash is used */
      describe_word(tr->opt.lexicon_words[i].text, tr->opt.lexicon_words[i].len,
                    &wi);
      table_or(&t->lexicon, wi.lower, tr->opt.lexicon_bits[i]);
    }
  }
  return SR_OK;
}

sr_status sr__tagger_train(const struct sr_conllu *train,
                           const struct sr_conllu *dev,
                           const struct sr_tagger_options *opt,
                           struct sr_tagger **out, sr_error *err) {
  struct trainer *tr;
  struct sr_tagger *t = NULL;
  size_t *all = NULL; /* every training sentence */
  sr_status st;
  size_t i;
  unsigned pi;
  if (!out || !train)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "no corpus or output");
  *out = NULL;
  if (opt && opt->alloc && (!opt->alloc->alloc || !opt->alloc->release))
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "incomplete allocator");
  if (opt && opt->lexicon_count && (!opt->lexicon_words || !opt->lexicon_bits))
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "lexicon without words");
  tr = calloc(1, sizeof *tr);
  if (!tr)
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  clock_gettime(CLOCK_MONOTONIC, &tr->started);
  if (opt)
    tr->opt = *opt;
  if (!tr->opt.epochs)
    tr->opt.epochs = DEFAULT_EPOCHS;
  if (!tr->opt.hash_bits)
    tr->opt.hash_bits = DEFAULT_HASH_BITS;
  if (!tr->opt.passes)
    tr->opt.passes = DEFAULT_PASSES;
  if (!tr->opt.runs)
    tr->opt.runs = DEFAULT_RUNS;
  if (tr->opt.hash_bits < MIN_HASH_BITS || tr->opt.hash_bits > MAX_HASH_BITS ||
      tr->opt.passes > MAX_PASSES || tr->opt.runs > MAX_RUNS) {
    st = sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                   "hash_bits must be %d..%d, passes 1..%d and runs 1..%d",
                   MIN_HASH_BITS, MAX_HASH_BITS, MAX_PASSES, MAX_RUNS);
    goto done;
  }
  st = collect_tags(train, &tr->tags, err);
  if (st)
    goto done;
  t = tagger_new(tr->opt.alloc);
  if (!t) {
    st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    goto done;
  }
  st = tagger_setup(tr, t, err);
  if (st)
    goto done;
  tr->have_dev = dev != NULL;
  all = malloc((train->count + 1) * sizeof *all);
  if (!all || prepare(train, &tr->tags, &t->lexicon, &tr->train) ||
      (dev && prepare(dev, &tr->tags, &t->lexicon, &tr->dev))) {
    st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    goto done;
  }
  for (i = 0; i < train->count; i++)
    all[i] = i;
  for (pi = 0; pi < tr->opt.passes; pi++) {
    if (pi > 0)
      st = jackknife_pass(tr, t->hash_bits, pi - 1, err);
    if (!st)
      st = train_pass(tr, t, pi, all, train->count, 1, err);
    if (st)
      goto done;
  }
  *out = t;
  t = NULL;
done:
  sr__tagger_free(t);
  free(all);
  prepared_free(&tr->train);
  prepared_free(&tr->dev);
  free(tr);
  return st;
}

/* ---- saving -------------------------------------------------------------- */

/* A growing byte buffer; every value is written byte by byte, low byte
 * first, so the file reads the same on any machine. */
struct writer {
  unsigned char *buf; /* malloc'd */
  size_t len, cap;    /* bytes written and allocated */
  int failed;         /* an allocation failed; later writes are ignored */
};

static void put_bytes(struct writer *w, const void *p, size_t n) {
  if (w->failed)
    return;
  if (w->len + n > w->cap) {
    size_t cap = w->cap ? w->cap : (size_t)1 << 16;
    unsigned char *nb;
    while (cap < w->len + n)
      cap *= 2;
    nb = realloc(w->buf, cap);
    if (!nb) {
      w->failed = 1;
      return;
    }
    w->buf = nb;
    w->cap = cap;
  }
  memcpy(w->buf + w->len, p, n);
  w->len += n;
}

static void put_le(struct writer *w, uint64_t v, unsigned bytes) {
  unsigned char b[8];
  unsigned i;
  for (i = 0; i < bytes; i++)
    b[i] = (unsigned char)(v >> (8 * i));
  put_bytes(w, b, bytes);
}

static void put_u8(struct writer *w, unsigned v) { put_le(w, v, 1); }
static void put_u32(struct writer *w, uint32_t v) { put_le(w, v, 4); }

/* LEB128: seven bits a byte, low first, high bit set on all but the last. */
static void put_varint(struct writer *w, uint64_t v) {
  while (v >= 0x80) {
    put_u8(w, (unsigned)(v & 0x7f) | 0x80);
    v >>= 7;
  }
  put_u8(w, (unsigned)v);
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Writes a word table in key order, so equal models give equal files:
 * u32 count, then (u64 key, value in value_bytes bytes) each. */
static void put_table(struct writer *w, const struct word_table *wt,
                      unsigned value_bytes) {
  uint64_t *keys = malloc((wt->count + 1) * sizeof *keys);
  size_t i, n = 0;
  if (!keys) {
    w->failed = 1;
    return;
  }
  for (i = 0; i < wt->cap; i++)
    if (wt->keys[i])
      keys[n++] = wt->keys[i];
  qsort(keys, n, sizeof *keys, cmp_u64);
  put_u32(w, (uint32_t)n);
  for (i = 0; i < n; i++) {
    put_le(w, keys[i], 8);
    put_le(w, (uint64_t)table_find(wt, keys[i]), value_bytes);
  }
  free(keys);
}

static void put_pass(struct writer *w, const struct sr_tagger *t,
                     const struct tag_pass *tp) {
  size_t nslots = (size_t)1 << t->hash_bits, slot, last = 0;
  int16_t row[MAX_CLASSES]; /* one slot's weights */
  unsigned c;
  put_u8(w, tp->direction > 0 ? 0 : 1);
  put_u8(w, tp->nclasses);
  put_bytes(w, tp->class_upos, tp->nclasses);
  put_bytes(w, tp->class_xpos, tp->nclasses);
  put_table(w, &tp->dict, 1);
  put_u32(w, (uint32_t)tp->nslots_used);
  for (slot = 0; slot < nslots; slot++) {
    unsigned nonzero = 0;
    if (!tp->slot_ref[slot])
      continue;
    pass_get_slot(tp, slot, row);
    for (c = 0; c < tp->nclasses; c++)
      nonzero += row[c] != 0;
    put_varint(w, slot - last);
    last = slot;
    /* Sparse costs three bytes a weight, dense two for every class. */
    if (3 * nonzero >= 2 * tp->nclasses) {
      put_varint(w, 0);
      for (c = 0; c < tp->nclasses; c++)
        put_le(w, (uint16_t)row[c], 2);
    } else {
      put_varint(w, nonzero);
      for (c = 0; c < tp->nclasses; c++)
        if (row[c]) {
          put_u8(w, c);
          put_le(w, (uint16_t)row[c], 2);
        }
    }
  }
}

sr_status sr__tagger_save(const struct sr_tagger *t, const char *path,
                          sr_error *err) {
  struct writer w;
  FILE *f;
  size_t i;
  unsigned pi;
  uLong crc;
  if (!t || !path)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "no tagger or path");
  memset(&w, 0, sizeof w);
  put_bytes(&w, MODEL_MAGIC, MODEL_MAGIC_LEN);
  put_u32(&w, MODEL_VERSION);
  put_le(&w, 0, 8); /* file size, set below */
  put_u32(&w, 0);   /* checksum, set below */
  put_u8(&w, t->hash_bits);
  put_u8(&w, t->npasses);
  put_u8(&w, (unsigned)t->nupos);
  put_u8(&w, (unsigned)t->nxpos);
  for (i = 0; i < t->nupos + t->nxpos; i++) {
    const char *name =
        i < t->nupos ? t->upos_names[i] : t->xpos_names[i - t->nupos];
    put_u8(&w, (unsigned)strlen(name));
    put_bytes(&w, name, strlen(name));
  }
  put_table(&w, &t->lexicon, 2);
  for (pi = 0; pi < t->npasses; pi++)
    put_pass(&w, t, &t->pass[pi]);
  if (w.failed) {
    free(w.buf);
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "%s: out of memory", path);
  }
  for (i = 0; i < 8; i++)
    w.buf[MODEL_MAGIC_LEN + 4 + i] =
        (unsigned char)((uint64_t)w.len >> (8 * i));
  crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, w.buf + MODEL_HEADER_LEN, (uInt)(w.len - MODEL_HEADER_LEN));
  for (i = 0; i < 4; i++)
    w.buf[MODEL_MAGIC_LEN + 12 + i] = (unsigned char)(crc >> (8 * i));
  f = fopen(path, "wb");
  if (!f) {
    free(w.buf);
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: cannot create: %s", path,
                     strerror(errno));
  }
  if (fwrite(w.buf, 1, w.len, f) != w.len) {
    fclose(f);
    free(w.buf);
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: write failed", path);
  }
  free(w.buf);
  if (fclose(f) != 0)
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: write failed", path);
  return SR_OK;
}

/* ---- loading ------------------------------------------------------------- */

/* Reads from a byte range; reading past its end sets `short_` and yields
 * zeros, so a parser checks once per section instead of after every
 * value. */
struct reader {
  const unsigned char *p; /* the bytes */
  size_t len, at;         /* their number, and the read position */
  int short_;             /* a read went past the end */
};

static uint64_t get_le(struct reader *r, unsigned bytes) {
  uint64_t v = 0;
  unsigned i;
  if (r->len - r->at < bytes) {
    r->short_ = 1;
    r->at = r->len;
    return 0;
  }
  for (i = 0; i < bytes; i++)
    v |= (uint64_t)r->p[r->at + i] << (8 * i);
  r->at += bytes;
  return v;
}

static unsigned get_u8(struct reader *r) { return (unsigned)get_le(r, 1); }
static uint32_t get_u32(struct reader *r) { return (uint32_t)get_le(r, 4); }

static uint64_t get_varint(struct reader *r) {
  uint64_t v = 0;
  unsigned shift;
  for (shift = 0; shift < 64; shift += 7) {
    unsigned b = get_u8(r);
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80))
      return v;
  }
  r->short_ = 1; /* over-long: as malformed as a short read */
  return 0;
}

/* Reads a word table written by put_table. Values must be below `limit`.
 * Returns a message naming what is wrong, or NULL. */
static const char *read_table(struct sr_tagger *t, struct reader *r,
                              struct word_table *wt, unsigned value_bytes,
                              unsigned limit, sr_status *st) {
  uint32_t entries = get_u32(r), i;
  *st = SR_EPARSE;
  if (r->short_)
    return "truncated word table";
  if (entries > MAX_TABLE_ENTRIES ||
      entries > (r->len - r->at) / (8 + value_bytes))
    return "word table size does not fit the file";
  if (table_init(t, wt, entries)) {
    *st = SR_ENOMEM;
    return "out of memory";
  }
  for (i = 0; i < entries; i++) {
    uint64_t key = get_le(r, 8), value = get_le(r, value_bytes);
    if (value >= limit)
      return "word table value out of range";
    if (table_find(wt, key) >= 0)
      return "duplicate word in a word table";
    table_or(wt, key, (uint16_t)value);
  }
  *st = SR_OK;
  return NULL;
}

/* Walks the `used` slots ahead of r (a copy: r itself does not move) to
 * allocate exactly the sparse and dense storage they will take, so loading
 * never copies a growing array. Damage is left for read_pass to report. */
static int reserve_weights(struct sr_tagger *t, struct tag_pass *tp,
                           struct reader r, size_t used) {
  size_t i, sparse = 0, dense = 0;
  unsigned c;
  for (i = 0; i < used && !r.short_; i++) {
    uint64_t nonzero;
    get_varint(&r); /* gap */
    nonzero = get_varint(&r);
    if (nonzero > tp->nclasses)
      break;
    if (!nonzero) { /* dense in the file: count its non-zero weights */
      for (c = 0; c < tp->nclasses; c++)
        nonzero += get_le(&r, 2) != 0;
    } else {
      r.at = nonzero * 3 <= r.len - r.at ? r.at + nonzero * 3 : r.len;
    }
    if (nonzero > SPARSE_MAX)
      dense++;
    else if (nonzero)
      sparse += nonzero + 1;
  }
  return tagger_reserve(t, (void **)&tp->sparse, &tp->sparse_cap, sparse + 1,
                        sizeof *tp->sparse) ||
         tagger_reserve(t, (void **)&tp->dense, &tp->dense_cap,
                        (dense + 1) * tp->stride, sizeof *tp->dense);
}

/* Reads one pass; returns a message naming what is wrong, or NULL. */
static const char *read_pass(struct sr_tagger *t, struct reader *r,
                             struct tag_pass *tp, sr_status *st) {
  size_t nslots = (size_t)1 << t->hash_bits, i, slot = 0, used;
  int16_t row[MAX_CLASSES]; /* one slot's weights */
  const char *what;
  unsigned c, direction = get_u8(r);
  *st = SR_EPARSE;
  tp->nclasses = get_u8(r);
  if (r->short_)
    return "truncated pass header";
  if (direction > 1)
    return "unknown pass direction";
  if (!tp->nclasses || tp->nclasses > MAX_CLASSES)
    return "bad class count";
  tp->direction = direction ? -1 : 1;
  tp->stride = (tp->nclasses + ROW_ALIGN - 1) / ROW_ALIGN * ROW_ALIGN;
  for (c = 0; c < tp->nclasses; c++)
    tp->class_upos[c] = (uint8_t)get_u8(r);
  for (c = 0; c < tp->nclasses; c++)
    tp->class_xpos[c] = (uint8_t)get_u8(r);
  if (r->short_)
    return "truncated class table";
  for (c = 0; c < tp->nclasses; c++)
    if (tp->class_upos[c] >= t->nupos || tp->class_xpos[c] >= t->nxpos)
      return "class maps to an unknown tag";
  what = read_table(t, r, &tp->dict, 1, tp->nclasses, st);
  if (what)
    return what;
  *st = SR_EPARSE;
  used = get_u32(r);
  if (r->short_)
    return "truncated tag dictionary";
  /* Each slot takes at least four bytes (gap, count, one weight). */
  if (used > nslots || used > (r->len - r->at) / 4)
    return "slot count does not fit the file";
  tp->slot_ref = tagger_calloc(t, nslots, sizeof *tp->slot_ref);
  if (!tp->slot_ref || reserve_weights(t, tp, *r, used)) {
    *st = SR_ENOMEM;
    return "out of memory";
  }
  for (i = 0; i < used; i++) {
    uint64_t gap = get_varint(r), nonzero = get_varint(r);
    if (r->short_)
      return "truncated weights";
    if ((i > 0 && !gap) || gap >= nslots - slot)
      return "weight slots out of order or out of range";
    slot += (size_t)gap;
    if (nonzero > tp->nclasses)
      return "a slot has more weights than classes";
    memset(row, 0, sizeof row);
    if (!nonzero) {
      for (c = 0; c < tp->nclasses; c++)
        row[c] = (int16_t)(uint16_t)get_le(r, 2);
    } else {
      for (c = 0; c < nonzero; c++) {
        unsigned cls = get_u8(r);
        if (cls >= tp->nclasses)
          return "weight class out of range";
        row[cls] = (int16_t)(uint16_t)get_le(r, 2);
      }
    }
    if (r->short_)
      return "truncated weights";
    if (pass_add_slot(t, tp, slot, row)) {
      *st = SR_ENOMEM;
      return "out of memory";
    }
  }
  *st = SR_OK;
  return NULL;
}

/* Parses a whole model file held in memory. */
static sr_status parse_model(struct sr_tagger *t, const char *path,
                             const unsigned char *buf, size_t len,
                             sr_error *err) {
  struct reader r;
  uint64_t declared;
  uint32_t version, stored_crc;
  uLong crc;
  const char *what = NULL;
  sr_status st = SR_EPARSE;
  size_t i;
  unsigned pi;
  if (len < MODEL_MAGIC_LEN || memcmp(buf, MODEL_MAGIC, MODEL_MAGIC_LEN))
    return sr__error(err, SR_EFORMAT, 0, 0,
                     "%s: not a sitrep tagger model (bad magic)", path);
  r.p = buf;
  r.len = len;
  r.at = MODEL_MAGIC_LEN;
  r.short_ = 0;
  version = get_u32(&r);
  declared = get_le(&r, 8);
  stored_crc = get_u32(&r);
  if (r.short_)
    return sr__error(err, SR_EIO, len, 0,
                     "%s: truncated: %zu bytes, shorter than the header", path,
                     len);
  if (version != MODEL_VERSION)
    return sr__error(err, SR_EFORMAT, MODEL_MAGIC_LEN, 0,
                     "%s: tagger model version %u, this build reads "
                     "version %u",
                     path, (unsigned)version, MODEL_VERSION);
  if (declared > len)
    return sr__error(err, SR_EIO, len, 0, "%s: truncated: %zu bytes of %llu",
                     path, len, (unsigned long long)declared);
  if (declared < len)
    return sr__error(err, SR_EPARSE, (size_t)declared, 0,
                     "%s: inconsistent size: the header says %llu bytes, "
                     "the file has %zu",
                     path, (unsigned long long)declared, len);
  crc = crc32(0L, Z_NULL, 0);
  for (i = MODEL_HEADER_LEN; i < len; i += (size_t)1 << 30) /* uInt pieces */
    crc = crc32(
        crc, buf + i,
        (uInt)(len - i < ((size_t)1 << 30) ? len - i : ((size_t)1 << 30)));
  if ((uint32_t)crc != stored_crc)
    return sr__error(err, SR_EPARSE, MODEL_HEADER_LEN, 0,
                     "%s: checksum mismatch: the model is corrupted", path);
  t->hash_bits = get_u8(&r);
  t->npasses = get_u8(&r);
  t->nupos = get_u8(&r);
  t->nxpos = get_u8(&r);
  if (r.short_)
    what = "truncated model header";
  else if (t->hash_bits < MIN_HASH_BITS || t->hash_bits > MAX_HASH_BITS)
    what = "hash bits out of range";
  else if (!t->npasses || t->npasses > MAX_PASSES)
    what = "bad pass count";
  else if (!t->nupos || t->nupos > MAX_TAGS || !t->nxpos || t->nxpos > MAX_TAGS)
    what = "bad tag count";
  for (i = 0; !what && i < t->nupos + t->nxpos; i++) {
    size_t n = get_u8(&r);
    char *name;
    if (!n || n > MAX_TAG_NAME || n > r.len - r.at) {
      what = "bad tag name";
      break;
    }
    name = tagger_strdup(t, (const char *)r.p + r.at, n);
    if (!name) {
      st = SR_ENOMEM;
      what = "out of memory";
      break;
    }
    r.at += n;
    if (i < t->nupos)
      t->upos_names[i] = name;
    else
      t->xpos_names[i - t->nupos] = name;
  }
  if (!what)
    what = read_table(t, &r, &t->lexicon, 2, 65536, &st);
  for (pi = 0; !what && pi < t->npasses; pi++)
    what = read_pass(t, &r, &t->pass[pi], &st);
  for (pi = 1; !what && pi < t->npasses; pi++)
    if (t->pass[pi].nclasses != t->pass[0].nclasses)
      what = "passes disagree on the classes"; /* `before` indexes them */
  if (!what && r.at != r.len)
    what = "inconsistent size: bytes left after the last pass";
  if (what)
    return sr__error(err, st == SR_OK ? SR_EPARSE : st, r.at, 0,
                     "%s: %s (at byte %zu)", path, what, r.at);
  return SR_OK;
}

sr_status sr__tagger_load(const sr_allocator *a, const char *path,
                          struct sr_tagger **out, sr_error *err) {
  struct sr_tagger *t;
  unsigned char *buf = NULL;
  size_t len = 0, cap = 0;
  FILE *f = NULL;
  struct stat sb; /* for the file's size */
  sr_status st;
  if (!out || !path)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "no path or output");
  *out = NULL;
  if (a && (!a->alloc || !a->release))
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "incomplete allocator");
  t = tagger_new(a);
  if (!t)
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  f = fopen(path, "rb");
  if (!f) {
    st = sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: cannot open: %s", path,
                   strerror(errno));
    goto fail;
  }
  /* Read it all: models are a few MB. The buffer is sized from the file
   * (every extra page costs the loader a fault) and grows by doubling if
   * the file turns out longer. */
  if (fstat(fileno(f), &sb) == 0 && sb.st_size > 0 &&
      (uint64_t)sb.st_size < SIZE_MAX &&
      tagger_reserve(t, (void **)&buf, &cap, (size_t)sb.st_size + 1, 1)) {
    st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0,
                   "%s: out of memory reading the model", path);
    goto fail;
  }
  for (;;) {
    size_t got;
    if (len == cap &&
        tagger_grow(t, (void **)&buf, &cap, len + ((size_t)1 << 20), 1)) {
      st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0,
                     "%s: out of memory reading the model", path);
      goto fail;
    }
    got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0) {
      if (ferror(f)) {
        st = sr__error(err, SR_EIO, len, 0, "%s: read error", path);
        goto fail;
      }
      break;
    }
  }
  fclose(f);
  f = NULL;
  st = parse_model(t, path, buf, len, err);
  if (st)
    goto fail;
  tagger_release(t, buf);
  *out = t;
  return SR_OK;
fail:
  if (f)
    fclose(f);
  tagger_release(t, buf);
  sr__tagger_free(t);
  return st;
}
