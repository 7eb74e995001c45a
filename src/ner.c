/*
 * ner.c - named entities (PER, ORG, LOC) with an averaged perceptron.
 *
 * Inside, the tagger uses BILOU tags (Begin, Inside, Last, Unit-length,
 * Outside; Ratinov and Roth 2009), 13 in all, and converts them to BIO on
 * the way out; on EWT dev BILOU was 0.6 F1 better than tagging BIO
 * directly. It gives a sentence the legal tag sequence (I or L only after
 * B or I of the same type, no entity left open at the end, so the BIO
 * output is always well formed) with the highest score, found exactly by
 * second-order Viterbi: a word's tag may depend on the tags of the two
 * words before it. The score of a sequence is the sum, over its words, of
 * the weights of each word's features for the tag it gets. The search
 * costs at most 14 x 14 x 13 additions a word, of which the legal ones are
 * about half; reading the feature weights costs more. Second-order search
 * was three F1 points better than greedy left-to-right tagging.
 *
 * Features (Ratnaparkhi 1996; Collins 2002; Ratinov and Roth 2009, "Design
 * challenges and misconceptions in named entity recognition"): the word,
 * its lower-cased form, its shape with runs capped at four ("Xxxx", "dd",
 * "XX.X.") and collapsed ("Xx", "d"), prefixes and suffixes of one to four
 * characters, its capitalisation pattern alone and with "first word of the
 * sentence", the lower-cased forms and short shapes of the two words on
 * each side, word bigrams, the tags of the two words before and their pair,
 * the previous tag with the word, with its shape and with its
 * part-of-speech tag, and gazetteer matches. When the caller gives each
 * word its predicted Penn tag (struct sr_ner_word.xpos) there are three
 * more: the tag, the tag with the capitalisation pattern, and the word's
 * place in a run of proper nouns (NNP, NNPS: first, inside, last, alone)
 * with the capitalisation pattern. Words without a tag simply lack these.
 * The models are trained with the tagger's own output on the training
 * text (jackknifed, so the tags are as wrong as at run time); tags of the
 * words around, tag trigrams and tag-word pairs gave nothing more on dev.
 * The tags add about one F1 point; but a model that always had them
 * learns to lean on them (on EWT dev it fell from 72.5 to 50.7 F1 when
 * tagging without them), so training hides the tags of a share of the
 * sentences (opt->hide_tags_percent): then it scores 71 F1 without tags
 * and loses nothing with them.
 *
 * A gazetteer is a list of names (countries, nationality words, places,
 * given names, surnames, organisations, and a list of ordinary lower-case
 * English words that says a capitalised word may be no name; see
 * tools/mk_ner_lexicon.c); a word in the longest match of a list's name
 * starting at or before it gets the feature "list c, Begin / Inside / Last
 * / Unit", once for matches as written and once for matches after
 * lower-casing, the second also paired with the capitalisation pattern.
 * On EWT dev the four lists beyond the first three added 1.5 F1.
 *
 * Every feature is hashed (template and value together) to one row of a
 * table of 2^hash_bits rows; a row holds the weights of all tags side by
 * side (sixteen int16, 32 bytes), so scoring a word reads one contiguous
 * run per feature. Collisions are accepted, as in Vowpal Wabbit; 2^17 rows
 * (about 60,000 used) tag as well as 2^18 and faster, the table being
 * half the size. Word analyses (hashes of the word, its forms and affixes)
 * are computed once per sentence in the caller's scratch memory.
 *
 * Training is the structured averaged perceptron (Collins 2002): decode a
 * training sentence with the current weights and, where the result differs
 * from the gold tags, add one to the weights of the gold features and take
 * one from those of the predicted ones. Averaging is lazy (Daume 2006):
 * besides each weight w we keep u = sum of c * delta over its updates, c
 * counting sentences, so the average is w - u / c, computed once per epoch
 * rather than after every step. The sentence order is shuffled every epoch
 * by a PRNG seeded from the options. Two thirds of the dev entities never
 * occur in training, yet on training data the word's own features soon
 * explain everything and the rest stop learning; so a share of training
 * words (opt->hide_percent) have their identity features hidden in each
 * epoch, which teaches the weights of shapes, context and gazetteers
 * (the idea of feature bagging, Sutton et al. 2006, and word dropout).
 * The whole training is repeated opt->runs times over differently
 * shuffled sentences and the runs' averaged weights are added: a score is
 * linear in the weights, so that is exactly an ensemble of the runs at the
 * tagging cost of one model (on EWT dev five runs gained 0.7 F1 over one,
 * with much less spread between seeds, and ten another 0.3).
 *
 * The saved model holds the averaged weights quantised to int16 with one
 * scale (only the argmax matters, so the scale is not stored); weights
 * below opt->prune and then all-zero rows are dropped, and the rest are
 * stored sparsely. In memory the table is dense, so one feature costs one
 * memory read.
 *
 * Model file, every integer little-endian, written byte by byte:
 *   header   "SRNERMDL", u32 version, u64 file size, u32 CRC-32 (zlib) of
 *            every byte after the header;
 *   sizes    u8 hash_bits, u8 tag count (13), u8 row stride (16), u8
 *            gazetteer categories;
 *   gazetteer  u32 entries, each u64 key (the hash of a word sequence) and
 *            u8 bits (bit c: a complete name of list c; bit 7: the start of
 *            a longer name), in ascending key order;
 *   weights  u32 rows, each varint slot (the first absolute, then the
 *            distance from the previous one), varint mask of the tags with
 *            a weight, and those weights as zigzag varints.
 * The version changes whenever the features change, since a model only
 * makes sense with the feature extraction it was trained with.
 */
#include "ner.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>
#include <zlib.h>

#define MODEL_MAGIC "SRNERMDL"
#define MODEL_MAGIC_LEN 8
#define MODEL_VERSION 3u
#define MODEL_HEADER_LEN (MODEL_MAGIC_LEN + 4 + 8 + 4)
#define MODEL_MAX_BYTES ((size_t)1 << 30) /* refuse larger files */

#define MIN_HASH_BITS 16
#define MAX_HASH_BITS 24
#define DEFAULT_HASH_BITS 17
#define DEFAULT_EPOCHS 12
#define DEFAULT_RUNS 10
#define DEFAULT_HIDE_PERCENT 15
#define DEFAULT_HIDE_TAGS_PERCENT 20

/* Inside, the tagger uses BILOU tags (Ratinov and Roth 2009): O, then for
 * each type t the tags 1 + 4t (B, first of several words), 2 + 4t (I,
 * inside), 3 + 4t (L, last) and 4 + 4t (U, a one-word entity). */
#define NTAGS 13     /* internal tags */
#define STRIDE 16    /* weights per row: NTAGS padded */
#define TAG_START 13 /* the "tag" before a sentence */
#define PART_B 0
#define PART_I 1
#define PART_L 2
#define PART_U 3

#define HIDE_WORD 1        /* training hides the word's identity */
#define HIDE_POS 2         /* and its part-of-speech tag */
#define CONTEXT 2          /* padding words on each side of a sentence */
#define MAX_FEATURES 128   /* features of one word, at most */
#define MAX_SHAPE 24       /* shapes are cut at this many characters */
#define MAX_NAME_WORDS 16  /* longest gazetteer name, in words */
#define MAX_NAME_BYTES 512 /* longest gazetteer line */
#define GAZ_PREFIX 0x80u   /* entry bit: the start of a longer name */

#define FNV_OFFSET 1469598103934665603ull
#define FNV_PRIME 1099511628211ull

/* Pseudo-words around a sentence, and their capitalisation patterns. */
#define H_START 0x5354415254ull /* "START" */
#define H_END 0x454e44ull       /* "END" */
#define CAP_START 126
#define CAP_END 127

/* Seeds of the word-sequence hashes of the two gazetteer variants. */
#define GAZ_SEED_EXACT 0x67617a2d65786163ull
#define GAZ_SEED_LOWER 0x67617a2d6c6f7765ull

/* Feature templates; each is hashed together with its value. */
enum {
  F_BIAS = 1,
  F_WORD,
  F_LOWER,
  F_SHAPE,
  F_SSHAPE,
  F_PREFIX,                /* + k - 1 for k characters */
  F_SUFFIX = F_PREFIX + 4, /* likewise */
  F_CAP = F_SUFFIX + 4,
  F_CAP_FIRST,
  F_LOWER_M1,
  F_LOWER_M2,
  F_LOWER_P1,
  F_LOWER_P2,
  F_SSHAPE_M1,
  F_SSHAPE_M2,
  F_SSHAPE_P1,
  F_SSHAPE_P2,
  F_TAG1,
  F_TAG12,
  F_TAG1_LOWER,
  F_TAG1_SSHAPE,
  F_BIGRAM_M1,
  F_BIGRAM_P1,
  F_SSHAPE3,
  F_CAP_M1,
  F_CAP_P1,
  F_GAZ,
  F_GAZ_CAP,
  F_POS,
  F_POS_CAP,
  F_PROPER_RUN,
  F_TAG1_POS
};

/* What sr__ner_tag (and training) knows about one word. */
struct wf {
  uint64_t word, lower;    /* FNV-1a of the bytes and of the lower-cased
                              bytes */
  uint64_t shape, sshape;  /* hashes of the capped and collapsed shapes */
  uint64_t pre[4], suf[4]; /* hashes of 1..4-character affixes, 0: none */
  uint64_t pos;            /* hash of the predicted Penn tag, 0: none */
  uint8_t cap;             /* capitalisation pattern, see analyse() */
  uint8_t run;             /* place in a run of NNP/NNPS words: 0 none,
                              1 B, 2 I, 3 L, 4 U */
  uint8_t gaz[2][SR_NER_MAX_GAZETTEERS]; /* [exact, lower][list]: 0 none,
                                            1 B, 2 I, 3 L, 4 U */
};

/* Word sequences of the gazetteers: open addressing, key 0 = empty. */
struct gaz_table {
  uint64_t *keys; /* cap entries */
  uint8_t *bits;  /* bits of each key, see GAZ_PREFIX */
  size_t cap;     /* a power of two, or 0 when empty */
  size_t count;   /* entries */
};

struct sr_ner {
  sr_allocator alloc;   /* where everything below comes from */
  unsigned hash_bits;   /* the table has 2^hash_bits rows */
  unsigned ncat;        /* gazetteer lists */
  int16_t *w;           /* (1 << hash_bits) * STRIDE quantised weights */
  size_t rows;          /* rows with a non-zero weight */
  struct gaz_table gaz; /* may be empty */
};

static const char *const tag_names[SR_NER_TAG_COUNT] = {
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"};
static const char *const type_names[SR_NER_TYPE_COUNT] = {"PER", "ORG", "LOC"};

const char *sr__ner_tag_name(unsigned tag) {
  return tag < SR_NER_TAG_COUNT ? tag_names[tag] : NULL;
}

const char *sr__ner_type_name(unsigned type) {
  return type < SR_NER_TYPE_COUNT ? type_names[type] : NULL;
}

/* ---- allocation ---------------------------------------------------------- */

static void *xcalloc(const sr_allocator *a, size_t n, size_t size) {
  void *p;
  if (size && n > SIZE_MAX / size)
    return NULL;
  p = a->alloc(a->ctx, n * size);
  if (p)
    memset(p, 0, n * size);
  return p;
}

static void xfree(const sr_allocator *a, void *p) {
  if (p)
    a->release(a->ctx, p);
}

static sr_status nomem(sr_error *err) {
  return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
}

/* ---- hashing ------------------------------------------------------------- */

/* MurmurHash3's 64-bit finaliser: every input bit reaches every output
 * bit, so the top hash_bits bits make a good table index. */
static uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

static uint64_t fnv(const char *s, size_t n) {
  uint64_t h = FNV_OFFSET;
  size_t i;
  for (i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
  return h;
}

static uint64_t feat1(unsigned t, uint64_t a) {
  return mix(a ^ ((uint64_t)t * 0x9e3779b97f4a7c15ull));
}

static uint64_t feat2(unsigned t, uint64_t a, uint64_t b) {
  return feat1(t, a ^ (b * 0xbf58476d1ce4e5b9ull + 0x94d049bb133111ebull));
}

static uint64_t feat3(unsigned t, uint64_t a, uint64_t b, uint64_t c) {
  return feat2(t, a, mix(b ^ (c * 0x2545f4914f6cdd1dull)));
}

/* The next hash of a word sequence. Never 0 (the empty-slot key). */
static uint64_t gaz_chain(uint64_t h, uint64_t word) {
  h = mix(h ^ word) + 0x9e3779b97f4a7c15ull;
  return h ? h : 1;
}

/* ---- word analysis ------------------------------------------------------- */

/* Character classes for shapes. */
static char shape_class(int32_t cp) {
  if (cp < 0)
    return '?';
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z')
      return 'X';
    if (cp >= 'a' && cp <= 'z')
      return 'x';
    if (cp >= '0' && cp <= '9')
      return 'd';
    return (char)cp; /* punctuation stands for itself */
  }
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_LU:
  case UTF8PROC_CATEGORY_LT:
    return 'X';
  case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO:
    return 'x';
  case UTF8PROC_CATEGORY_ND:
    return 'd';
  default:
    return '*';
  }
}

/* Hash of the lower-cased form (ASCII fast path; other characters through
 * utf8proc; invalid bytes as they are). Also used for gazetteer names, so
 * both sides lower-case alike. */
static uint64_t hash_lower(const char *s, size_t n) {
  uint64_t h = FNV_OFFSET;
  size_t i = 0;
  while (i < n) {
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) {
      if (b >= 'A' && b <= 'Z')
        b = (unsigned char)(b + 32);
      h = (h ^ b) * FNV_PRIME;
      i++;
    } else {
      utf8proc_int32_t cp;
      utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                            (utf8proc_ssize_t)(n - i), &cp);
      if (k < 1) {
        h = (h ^ b) * FNV_PRIME;
        i++;
      } else {
        utf8proc_uint8_t buf[4];
        utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), buf), j;
        for (j = 0; j < m; j++)
          h = (h ^ buf[j]) * FNV_PRIME;
        i += (size_t)k;
      }
    }
  }
  return h;
}

/* Fills everything in *x but the gazetteer codes.
 *
 * The capitalisation pattern: 1 digits and no letters, 2 neither letters
 * nor digits, 3 lower case, 4 one capital letter alone, 5 all capitals, 6
 * capitalised ("Paris"), 7 capitalised with more capitals ("McCain"), 8
 * lower case first with capitals later ("iPhone"); plus 16 for letters with
 * digits, 32 for a hyphen, 64 for a period. */
static void analyse(const char *s, size_t n, struct wf *x) {
  char shape[MAX_SHAPE], sshape[MAX_SHAPE];
  size_t ns = 0, nss = 0, i = 0, nch = 0;
  size_t pre_end[4] = {0, 0, 0, 0}, last_start[4] = {0, 0, 0, 0};
  unsigned run = 0, up = 0, low = 0, dig = 0, hyphen = 0, period = 0;
  char prev = 0, first = 0;
  unsigned k, base;
  x->word = fnv(s, n);
  x->lower = hash_lower(s, n);
  while (i < n) {
    unsigned char b = (unsigned char)s[i];
    int32_t cp;
    size_t len = 1;
    char c;
    if (b < 0x80) {
      cp = b;
    } else {
      utf8proc_int32_t v;
      utf8proc_ssize_t m = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                            (utf8proc_ssize_t)(n - i), &v);
      if (m < 1) {
        cp = -1;
      } else {
        cp = v;
        len = (size_t)m;
      }
    }
    c = shape_class(cp);
    if (!nch)
      first = c;
    up += c == 'X';
    low += c == 'x';
    dig += c == 'd';
    hyphen |= c == '-';
    period |= c == '.';
    if (c == prev) {
      run++;
    } else {
      run = 1;
      if (nss < MAX_SHAPE)
        sshape[nss++] = c;
    }
    if (run <= 4 && ns < MAX_SHAPE)
      shape[ns++] = c;
    prev = c;
    if (nch < 4)
      pre_end[nch] = i + len;
    last_start[nch % 4] = i;
    nch++;
    i += len;
  }
  x->shape = fnv(shape, ns);
  x->sshape = fnv(sshape, nss);
  for (k = 0; k < 4; k++) {
    if (k < nch) {
      size_t st = last_start[(nch - 1 - k) % 4];
      x->pre[k] = fnv(s, pre_end[k]);
      x->suf[k] = fnv(s + st, n - st);
    } else {
      x->pre[k] = x->suf[k] = 0;
    }
  }
  if (!up && !low)
    base = dig ? 1 : 2;
  else if (!up)
    base = 3;
  else if (!low)
    base = up == 1 ? 4 : 5;
  else if (first == 'X')
    base = up == 1 ? 6 : 7;
  else
    base = 8;
  if (dig && (up || low))
    base |= 16;
  if (hyphen)
    base |= 32;
  if (period)
    base |= 64;
  x->cap = (uint8_t)base;
  x->pos = 0;
  x->run = 0;
  memset(x->gaz, 0, sizeof x->gaz);
}

static void pad_word(struct wf *x, uint64_t h, uint8_t cap) {
  unsigned k;
  x->word = x->lower = x->shape = x->sshape = x->pos = h;
  for (k = 0; k < 4; k++)
    x->pre[k] = x->suf[k] = 0;
  x->cap = cap;
  x->run = 0;
  memset(x->gaz, 0, sizeof x->gaz);
}

/* ---- gazetteers ---------------------------------------------------------- */

static uint8_t gaz_get(const struct gaz_table *g, uint64_t key) {
  size_t i;
  if (!g->cap)
    return 0;
  i = (size_t)key & (g->cap - 1);
  while (g->keys[i]) {
    if (g->keys[i] == key)
      return g->bits[i];
    i = (i + 1) & (g->cap - 1);
  }
  return 0;
}

/* ORs `bits` into the entry of `key`, growing the table to keep it at most
 * half full. Returns 0 when out of memory. */
static int gaz_put(const sr_allocator *a, struct gaz_table *g, uint64_t key,
                   uint8_t bits) {
  size_t i;
  if (2 * (g->count + 1) > g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 1024, j;
    uint64_t *keys = xcalloc(a, cap, sizeof *keys);
    uint8_t *nb = xcalloc(a, cap, 1);
    if (!keys || !nb) {
      xfree(a, keys);
      xfree(a, nb);
      return 0;
    }
    for (j = 0; j < g->cap; j++)
      if (g->keys[j]) {
        size_t p = (size_t)g->keys[j] & (cap - 1);
        while (keys[p])
          p = (p + 1) & (cap - 1);
        keys[p] = g->keys[j];
        nb[p] = g->bits[j];
      }
    xfree(a, g->keys);
    xfree(a, g->bits);
    g->keys = keys;
    g->bits = nb;
    g->cap = cap;
  }
  i = (size_t)key & (g->cap - 1);
  while (g->keys[i] && g->keys[i] != key)
    i = (i + 1) & (g->cap - 1);
  if (!g->keys[i]) {
    g->keys[i] = key;
    g->count++;
  }
  g->bits[i] |= bits;
  return 1;
}

static void gaz_free(const sr_allocator *a, struct gaz_table *g) {
  xfree(a, g->keys);
  xfree(a, g->bits);
  memset(g, 0, sizeof *g);
}

static int name_split_char(char c) {
  return c == '-' || c == ',' || c == '(' || c == ')' || c == '/';
}

/* Adds one name (one line of list `cat`) in both variants. Returns 0 when
 * out of memory, -1 when it has too many words. */
static int gaz_add_name(const sr_allocator *a, struct gaz_table *g,
                        unsigned cat, const char *s, size_t n) {
  const char *wbeg[MAX_NAME_WORDS];
  size_t wlen[MAX_NAME_WORDS], nw = 0, i = 0, v, j;
  while (i < n) {
    size_t start;
    if (s[i] == ' ' || s[i] == '\t') {
      i++;
      continue;
    }
    start = i;
    if (name_split_char(s[i]))
      i++;
    else
      while (i < n && s[i] != ' ' && s[i] != '\t' && !name_split_char(s[i]))
        i++;
    if (nw == MAX_NAME_WORDS)
      return -1;
    wbeg[nw] = s + start;
    wlen[nw++] = i - start;
  }
  if (!nw)
    return 1;
  for (v = 0; v < 2; v++) {
    uint64_t h = v ? GAZ_SEED_LOWER : GAZ_SEED_EXACT;
    for (j = 0; j < nw; j++) {
      uint64_t wh = v ? hash_lower(wbeg[j], wlen[j]) : fnv(wbeg[j], wlen[j]);
      h = gaz_chain(h, wh);
      if (!gaz_put(a, g, h,
                   j + 1 == nw ? (uint8_t)(1u << cat) : (uint8_t)GAZ_PREFIX))
        return 0;
    }
  }
  return 1;
}

static sr_status gaz_read_list(const sr_allocator *a, struct gaz_table *g,
                               unsigned cat, const char *path, sr_error *err) {
  FILE *fp = fopen(path, "rb");
  char line[MAX_NAME_BYTES + 2];
  size_t lineno = 0;
  if (!fp)
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: cannot open: %s", path,
                     strerror(errno));
  while (fgets(line, sizeof line, fp)) {
    size_t n = strlen(line);
    int r;
    lineno++;
    if (n && line[n - 1] == '\n')
      line[--n] = '\0';
    else if (!feof(fp)) {
      fclose(fp);
      return sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                       "%s:%zu: name longer than %d bytes", path, lineno,
                       MAX_NAME_BYTES);
    }
    if (n && line[n - 1] == '\r')
      line[--n] = '\0';
    if (memchr(line, '\0', n)) {
      fclose(fp);
      return sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                       "%s:%zu: NUL byte in a name", path, lineno);
    }
    if (line[0] == '#')
      continue;
    r = gaz_add_name(a, g, cat, line, n);
    if (r == 0) {
      fclose(fp);
      return nomem(err);
    }
    if (r < 0) {
      fclose(fp);
      return sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                       "%s:%zu: name of more than %d words", path, lineno,
                       MAX_NAME_WORDS);
    }
  }
  if (ferror(fp)) {
    fclose(fp);
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: read error", path);
  }
  fclose(fp);
  return SR_OK;
}

/* Marks, for each list and variant, the words of the longest name that
 * starts at each word not already inside a match of that list. */
static void gaz_match(const struct sr_ner *m, struct wf *x, size_t n) {
  unsigned v, c;
  if (!m->gaz.count)
    return;
  for (v = 0; v < 2; v++) {
    size_t covered[SR_NER_MAX_GAZETTEERS] = {0}, i;
    for (i = 0; i < n; i++) {
      size_t best[SR_NER_MAX_GAZETTEERS] = {0}, j;
      uint64_t h = v ? GAZ_SEED_LOWER : GAZ_SEED_EXACT;
      int any = 0;
      for (j = i; j < n && j < i + MAX_NAME_WORDS; j++) {
        uint8_t bits;
        h = gaz_chain(h, v ? x[j].lower : x[j].word);
        if (!(bits = gaz_get(&m->gaz, h)))
          break;
        for (c = 0; c < m->ncat; c++)
          if (bits & (1u << c)) {
            best[c] = j - i + 1;
            any = 1;
          }
        if (!(bits & GAZ_PREFIX))
          break;
      }
      if (!any)
        continue;
      for (c = 0; c < m->ncat; c++) {
        size_t len = best[c], k;
        if (!len || i < covered[c])
          continue;
        covered[c] = i + len;
        if (len == 1) {
          x[i].gaz[v][c] = 4;
          continue;
        }
        for (k = 0; k < len; k++)
          x[i + k].gaz[v][c] = k == 0 ? 1 : k + 1 == len ? 3 : 2;
      }
    }
  }
}

/* ---- features and scoring ------------------------------------------------ */

/* The keys of the features of word i that do not depend on the tags; x
 * points at word 0 with CONTEXT padding words on each side. With `hide`
 * the word's own identity (form, affixes longer than two characters,
 * bigrams) is left out: training hides it now and then so the model also
 * learns what to do with words it has never seen (see struct trainer).
 * Returns the number of keys. */
static size_t word_features(const struct wf *x, size_t i, unsigned ncat,
                            int hide, uint64_t *key) {
  const struct wf *w = &x[i], *m1 = &x[(ptrdiff_t)i - 1],
                  *m2 = &x[(ptrdiff_t)i - 2], *q1 = &x[i + 1], *q2 = &x[i + 2];
  size_t n = 0;
  unsigned k, v, c;
  key[n++] = feat1(F_BIAS, 0);
  if (!(hide & HIDE_WORD)) {
    key[n++] = feat1(F_WORD, w->word);
    key[n++] = feat1(F_LOWER, w->lower);
    key[n++] = feat2(F_BIGRAM_M1, m1->lower, w->lower);
    key[n++] = feat2(F_BIGRAM_P1, w->lower, q1->lower);
  }
  key[n++] = feat1(F_SHAPE, w->shape);
  key[n++] = feat1(F_SSHAPE, w->sshape);
  for (k = 0; k < (hide & HIDE_WORD ? 2u : 4u); k++)
    if (w->pre[k]) {
      key[n++] = feat1(F_PREFIX + k, w->pre[k]);
      key[n++] = feat1(F_SUFFIX + k, w->suf[k]);
    }
  key[n++] = feat1(F_CAP, w->cap);
  key[n++] = feat2(F_CAP_FIRST, w->cap, i == 0);
  key[n++] = feat1(F_LOWER_M1, m1->lower);
  key[n++] = feat1(F_LOWER_M2, m2->lower);
  key[n++] = feat1(F_LOWER_P1, q1->lower);
  key[n++] = feat1(F_LOWER_P2, q2->lower);
  key[n++] = feat1(F_SSHAPE_M1, m1->sshape);
  key[n++] = feat1(F_SSHAPE_M2, m2->sshape);
  key[n++] = feat1(F_SSHAPE_P1, q1->sshape);
  key[n++] = feat1(F_SSHAPE_P2, q2->sshape);
  key[n++] = feat3(F_SSHAPE3, m1->sshape, w->sshape, q1->sshape);
  key[n++] = feat2(F_CAP_M1, m1->cap, w->cap);
  key[n++] = feat2(F_CAP_P1, w->cap, q1->cap);
  for (v = 0; v < 2; v++)
    for (c = 0; c < ncat; c++)
      if (w->gaz[v][c]) {
        key[n++] = feat2(F_GAZ, v * 8 + c, w->gaz[v][c]);
        key[n++] = feat3(F_GAZ_CAP, v * 8 + c, w->gaz[v][c], w->cap);
      }
  if (w->pos && !(hide & HIDE_POS)) {
    key[n++] = feat1(F_POS, w->pos);
    key[n++] = feat2(F_POS_CAP, w->pos, w->cap);
    if (w->run)
      key[n++] = feat2(F_PROPER_RUN, w->run, w->cap);
  }
  return n;
}

/* The features of word w that depend on the previous tag p1. */
static size_t tag_features(const struct wf *w, unsigned p1, int hide,
                           uint64_t *key) {
  size_t n = 0;
  key[n++] = feat1(F_TAG1, p1);
  key[n++] = feat2(F_TAG1_SSHAPE, p1, w->sshape);
  if (!(hide & HIDE_WORD))
    key[n++] = feat2(F_TAG1_LOWER, p1, w->lower);
  if (w->pos && !(hide & HIDE_POS))
    key[n++] = feat2(F_TAG1_POS, p1, w->pos);
  return n;
}

/* May internal tag t follow tag prev (TAG_START at the start)? After O,
 * L or U comes O, B or U; after B-X or I-X comes I-X or L-X. */
static int legal(unsigned prev, unsigned t) {
  int open = prev != TAG_START && prev != SR_NER_O &&
             ((prev - 1) % 4 == PART_B || (prev - 1) % 4 == PART_I);
  if (!open)
    return t == SR_NER_O || (t - 1) % 4 == PART_B || (t - 1) % 4 == PART_U;
  return t != SR_NER_O && (t - 1) / 4 == (prev - 1) / 4 &&
         ((t - 1) % 4 == PART_I || (t - 1) % 4 == PART_L);
}

/* May a sentence end with internal tag t? Not inside an entity. */
static int may_end(unsigned t) {
  return t == SR_NER_O || (t - 1) % 4 == PART_L || (t - 1) % 4 == PART_U;
}

/* BIO tags (sr_ner_tag, well formed) to internal ones, in place. */
static void bio_to_bilou(uint8_t *t, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned type, more;
    if (t[i] == SR_NER_O)
      continue;
    type = (t[i] - 1u) / 2;
    more = i + 1 < n && t[i + 1] == 2 * type + 2; /* an I- of its type */
    if ((t[i] - 1u) % 2 == 0)
      t[i] = (uint8_t)(1 + 4 * type + (more ? PART_B : PART_U));
    else
      t[i] = (uint8_t)(1 + 4 * type + (more ? PART_I : PART_L));
  }
}

/* Internal tags to BIO, in place. */
static void bilou_to_bio(uint8_t *t, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (t[i] != SR_NER_O) {
      unsigned type = (t[i] - 1u) / 4, part = (t[i] - 1u) % 4;
      t[i] = (uint8_t)(2 * type + 1 + (part == PART_I || part == PART_L));
    }
}

/* The weights decoding reads: the quantised table of a model, or the
 * float table of a model being trained. */
struct wview {
  const int16_t *q; /* quantised rows, or NULL */
  const float *f;   /* float rows when q is NULL */
  unsigned shift;   /* 64 - hash_bits */
};

/* Adds the weights of n features to s[0..NTAGS). */
static void add_rows(const struct wview *v, const uint64_t *key, size_t n,
                     double *s) {
  size_t f;
  unsigned k;
  if (v->q) {
    int32_t acc[STRIDE] = {0};
    for (f = 0; f < n; f++) {
      const int16_t *row = v->q + (size_t)(key[f] >> v->shift) * STRIDE;
      for (k = 0; k < STRIDE; k++)
        acc[k] += row[k];
    }
    for (k = 0; k < NTAGS; k++)
      s[k] += acc[k];
  } else {
    float acc[STRIDE] = {0};
    for (f = 0; f < n; f++) {
      const float *row = v->f + (size_t)(key[f] >> v->shift) * STRIDE;
      for (k = 0; k < STRIDE; k++)
        acc[k] += row[k];
    }
    for (k = 0; k < NTAGS; k++)
      s[k] += acc[k];
  }
}

#define NEG_INF (-1e300)
#define NPREV (TAG_START + 1) /* previous-tag values: the tags and START */

/* Back-pointers of one word: bp[p1][t] is the best tag two words back
 * given tags p1 and t for the previous word and this one. */
typedef uint8_t backptr[NPREV][NTAGS];

/* Second-order Viterbi: the best legal tag sequence for n analysed words
 * under the weights `v`. `hide` (training only) may be NULL. bp must hold
 * n entries. */
static void viterbi(const struct wview *v, const struct wf *x, size_t n,
                    unsigned ncat, const uint8_t *hide, backptr *bp,
                    uint8_t *tags) {
  double trans[NPREV][NPREV][NTAGS]; /* [p2][p1][t]: the tag-pair feature */
  double prev[NPREV][NTAGS], cur[NPREV][NTAGS];
  uint8_t ok[NPREV][NTAGS]; /* legal(p1, t), looked up in the inner loop */
  uint64_t key[MAX_FEATURES];
  unsigned p1, p2, t, bt = 0, bp1 = TAG_START;
  size_t i;
  double best;
  memset(trans, 0, sizeof trans);
  for (p1 = 0; p1 < NPREV; p1++)
    for (t = 0; t < NTAGS; t++)
      ok[p1][t] = (uint8_t)legal(p1, t);
  for (p2 = 0; p2 < NPREV; p2++)
    for (p1 = 0; p1 < NPREV; p1++)
      if (p1 == TAG_START ? p2 == TAG_START : ok[p2][p1]) {
        key[0] = feat2(F_TAG12, p1, p2);
        add_rows(v, key, 1, trans[p2][p1]);
      }
  for (i = 0; i < n; i++) {
    double e[NTAGS] = {0};
    int h = hide ? hide[i] : 0;
    add_rows(v, key, word_features(x, i, ncat, h, key), e);
    for (p1 = 0; p1 < NPREV; p1++) {
      double a[NTAGS];
      int reached = i == 0;
      for (t = 0; t < NTAGS; t++)
        cur[p1][t] = NEG_INF;
      if (i == 0 ? p1 != TAG_START : p1 == TAG_START)
        continue;
      for (p2 = 0; p2 < NPREV && !reached; p2++)
        reached = prev[p2][p1] > NEG_INF;
      if (!reached) /* no path ends in p1: skip its features */
        continue;
      memcpy(a, e, sizeof a);
      add_rows(v, key, tag_features(&x[i], p1, h, key), a);
      for (t = 0; t < NTAGS; t++) {
        unsigned arg = TAG_START;
        if (!ok[p1][t])
          continue;
        if (i == 0) {
          best = trans[TAG_START][TAG_START][t];
        } else {
          best = NEG_INF;
          for (p2 = 0; p2 < NPREV; p2++) {
            double s = prev[p2][p1];
            if (s <= NEG_INF)
              continue;
            s += trans[p2][p1][t];
            if (s > best) {
              best = s;
              arg = p2;
            }
          }
          if (best <= NEG_INF)
            continue;
        }
        cur[p1][t] = best + a[t];
        bp[i][p1][t] = (uint8_t)arg;
      }
    }
    memcpy(prev, cur, sizeof prev);
  }
  best = NEG_INF;
  for (p1 = 0; p1 < NPREV; p1++)
    for (t = 0; t < NTAGS; t++)
      if (may_end(t) && prev[p1][t] > best) {
        best = prev[p1][t];
        bp1 = p1;
        bt = t;
      }
  tags[n - 1] = (uint8_t)bt;
  if (n >= 2)
    tags[n - 2] = (uint8_t)bp1;
  for (i = n - 1; i >= 2; i--)
    tags[i - 2] = bp[i][tags[i - 1]][tags[i]];
}

/* Scratch layout: the word analyses, then one back-pointer set a word. */
size_t sr__ner_scratch_size(size_t count) {
  size_t per = sizeof(struct wf) + sizeof(backptr);
  if (count > SIZE_MAX / per - 2 * CONTEXT)
    return 0;
  return (count + 2 * CONTEXT) * per;
}

static backptr *scratch_bp(void *scratch, size_t count) {
  return (backptr *)((struct wf *)scratch + count + 2 * CONTEXT);
}

/* Analyses n words into x[-CONTEXT .. n + CONTEXT). */
static void analyse_sentence(const struct sr_ner *m,
                             const struct sr_ner_word *words, size_t n,
                             struct wf *x) {
  size_t i;
  pad_word(&x[-2], H_START, CAP_START);
  pad_word(&x[-1], H_START, CAP_START);
  for (i = 0; i < n; i++) {
    const char *t = words[i].xpos;
    analyse(words[i].text, words[i].len, &x[i]);
    if (t && *t)
      x[i].pos = fnv(t, strlen(t));
  }
  for (i = 0; i < n; i++) {
    const char *t = words[i].xpos;
    if (t && !strncmp(t, "NNP", 3)) {
      const char *u = i > 0 ? words[i - 1].xpos : NULL,
                 *v = i + 1 < n ? words[i + 1].xpos : NULL;
      int after = u && !strncmp(u, "NNP", 3),
          before = v && !strncmp(v, "NNP", 3);
      x[i].run = (uint8_t)(after ? (before ? 2 : 3) : (before ? 1 : 4));
    }
  }
  pad_word(&x[n], H_END, CAP_END);
  pad_word(&x[n + 1], H_END, CAP_END);
  gaz_match(m, x, n);
}

sr_status sr__ner_tag(const struct sr_ner *m, const struct sr_ner_word *words,
                      size_t count, void *scratch, size_t scratch_size,
                      uint8_t *tags, sr_error *err) {
  size_t need = sr__ner_scratch_size(count);
  struct wview view;
  struct wf *x;
  if (!count)
    return SR_OK;
  if (!need || !scratch || scratch_size < need)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "NER scratch memory too small: %zu bytes for %zu words "
                     "(needs %zu)",
                     scratch_size, count, need);
  x = (struct wf *)scratch + CONTEXT;
  analyse_sentence(m, words, count, x);
  view.q = m->w;
  view.f = NULL;
  view.shift = 64 - m->hash_bits;
  viterbi(&view, x, count, m->ncat, NULL, scratch_bp(scratch, count), tags);
  bilou_to_bio(tags, count);
  return SR_OK;
}

void sr__ner_sizes(const struct sr_ner *m, size_t *rows,
                   size_t *gazetteer_entries, size_t *table_rows) {
  if (rows)
    *rows = m->rows;
  if (gazetteer_entries)
    *gazetteer_entries = m->gaz.count;
  if (table_rows)
    *table_rows = (size_t)1 << m->hash_bits;
}

void sr__ner_free(struct sr_ner *m) {
  sr_allocator a;
  if (!m)
    return;
  a = m->alloc;
  xfree(&a, m->w);
  gaz_free(&a, &m->gaz);
  xfree(&a, m);
}

/* ---- scoring ------------------------------------------------------------- */

/* Does an entity start at word i? Returns its end (exclusive), or 0. */
static size_t entity_at(const uint8_t *t, size_t n, size_t i) {
  unsigned type;
  size_t j;
  if (t[i] == SR_NER_O || t[i] >= SR_NER_TAG_COUNT)
    return 0;
  type = (t[i] - 1u) / 2;
  if ((t[i] - 1u) % 2 == 1 && i > 0 && t[i - 1] != SR_NER_O &&
      t[i - 1] < SR_NER_TAG_COUNT && (t[i - 1] - 1u) / 2 == type)
    return 0; /* continues the entity before */
  for (j = i + 1; j < n && t[j] == 2 * type + 2; j++)
    ;
  return j;
}

void sr__ner_count(struct sr_ner_counts *c, const uint8_t *gold,
                   const uint8_t *pred, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    size_t ge = entity_at(gold, n, i), pe = entity_at(pred, n, i);
    unsigned gt = ge ? (gold[i] - 1u) / 2 : 0, pt = pe ? (pred[i] - 1u) / 2 : 0;
    if (ge)
      c->gold[gt]++;
    if (pe)
      c->found[pt]++;
    if (ge && pe && ge == pe && gt == pt)
      c->correct[gt]++;
  }
}

void sr__ner_prf(const struct sr_ner_counts *c, unsigned type, double *p,
                 double *r, double *f1) {
  size_t gold = 0, found = 0, correct = 0;
  unsigned t;
  double pp, rr;
  for (t = 0; t < SR_NER_TYPE_COUNT; t++)
    if (type >= SR_NER_TYPE_COUNT || type == t) {
      gold += c->gold[t];
      found += c->found[t];
      correct += c->correct[t];
    }
  pp = found ? (double)correct / (double)found : 0.0;
  rr = gold ? (double)correct / (double)gold : 0.0;
  if (p)
    *p = pp;
  if (r)
    *r = rr;
  if (f1)
    *f1 = pp + rr > 0 ? 2 * pp * rr / (pp + rr) : 0.0;
}

/* ---- corpora ------------------------------------------------------------- */

/* Words of the sentence being read, before they move into the arena. */
struct pending {
  struct sr_ner_word *words;
  uint8_t *tags;
  const char *id; /* the last sent_id comment, for the next sentence */
  size_t count, cap, line;
};

struct sentence_list {
  struct sr_ner_sentence *v;
  size_t n, cap;
};

static int flush_sentence(struct sr_ner_corpus *c, struct pending *p,
                          struct sentence_list *l) {
  struct sr_ner_sentence *s;
  size_t i;
  if (!p->count)
    return 1;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 1024;
    struct sr_ner_sentence *nv = realloc(l->v, cap * sizeof *nv);
    if (!nv)
      return 0;
    l->v = nv;
    l->cap = cap;
  }
  s = &l->v[l->n];
  s->words = sr__arena_alloc(&c->arena, p->count * sizeof *s->words);
  s->tags = sr__arena_alloc(&c->arena, p->count);
  if (!s->words || !s->tags)
    return 0;
  memcpy(s->words, p->words, p->count * sizeof *s->words);
  memcpy(s->tags, p->tags, p->count);
  s->count = p->count;
  s->line = p->line;
  s->id = p->id;
  p->id = NULL;
  for (i = 0; i < p->count; i++)
    c->entities += p->tags[i] && (p->tags[i] - 1u) % 2 == 0;
  c->words += p->count;
  l->n++;
  p->count = 0;
  return 1;
}

#define SENT_ID "# sent_id =" /* the comment naming a sentence */

/* The ID after SENT_ID, without the spaces around it, cut in place. */
static char *trim_id(char *s) {
  size_t n;
  while (*s == ' ' || *s == '\t')
    s++;
  n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    s[--n] = '\0';
  return s;
}

/* Reads a tag field; returns the tag, or -1 when malformed. */
static int parse_tag(const char *s, size_t n, const uint8_t *prev,
                     struct sr_ner_corpus *c) {
  unsigned type;
  if (n == 1 && s[0] == 'O')
    return SR_NER_O;
  if (n < 3 || (s[0] != 'B' && s[0] != 'I') || s[1] != '-')
    return -1;
  for (type = 0; type < SR_NER_TYPE_COUNT; type++)
    if (n - 2 == 3 && !memcmp(s + 2, type_names[type], 3))
      break;
  if (type == SR_NER_TYPE_COUNT) {
    c->dropped++;
    return SR_NER_O;
  }
  if (s[0] == 'I' && (!prev || *prev == SR_NER_O || (*prev - 1u) / 2 != type)) {
    c->repaired++;
    return (int)(2 * type + 1);
  }
  return (int)(2 * type + 1 + (s[0] == 'I'));
}

sr_status sr__ner_corpus_parse(const sr_allocator *alloc, const char *name,
                               const char *bytes, size_t len,
                               struct sr_ner_corpus **out, sr_error *err) {
  sr_arena arena;
  struct sr_ner_corpus *c;
  struct pending p = {0};
  struct sentence_list l = {0};
  char *text, *line, *end;
  size_t lineno = 0;
  sr_status st = SR_OK;
  *out = NULL;
  sr__arena_init(&arena, alloc ? alloc : sr__malloc_allocator());
  c = sr__arena_calloc(&arena, 1, sizeof *c);
  if (!c) {
    sr__arena_free(&arena);
    return nomem(err);
  }
  c->arena = arena;
  if (!(text = sr__arena_alloc(&c->arena, len + 1))) {
    st = nomem(err);
    goto done;
  }
  memcpy(text, bytes, len);
  text[len] = '\0';
  end = text + len;
  for (line = text; line < end; line++) {
    char *eol = memchr(line, '\n', (size_t)(end - line)), *f[3], *q;
    size_t n, nf = 1, id = 0;
    int tag;
    if (!eol)
      eol = end;
    *eol = '\0';
    n = (size_t)(eol - line);
    lineno++;
    if (n && line[n - 1] == '\r')
      line[--n] = '\0';
    for (q = line; *q == ' ' || *q == '\t'; q++)
      ;
    if (q == line + n) { /* blank: the sentence ends */
      if (!flush_sentence(c, &p, &l)) {
        st = nomem(err);
        goto done;
      }
      line = eol;
      continue;
    }
    if (line[0] == '#') {
      if (!strncmp(line, SENT_ID, sizeof SENT_ID - 1))
        p.id = trim_id(line + sizeof SENT_ID - 1);
      line = eol;
      continue;
    }
    f[0] = line;
    for (q = line; *q && nf < 3; q++)
      if (*q == '\t') {
        *q = '\0';
        f[nf++] = q + 1;
      }
    if (nf == 3 && (q = strchr(f[2], '\t')) != NULL)
      *q = '\0';
    if (nf < 3) {
      st = sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                     "%s:%zu: expected 'ID<TAB>TOKEN<TAB>TAG', found %zu "
                     "column%s",
                     name, lineno, nf, nf == 1 ? "" : "s");
      goto done;
    }
    for (q = f[0]; *q >= '0' && *q <= '9' && id <= p.count + 1; q++)
      id = id * 10 + (size_t)(*q - '0');
    if (q == f[0] || *q || id != p.count + 1) {
      st = sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                     "%s:%zu: word ID '%.20s' where %zu was expected", name,
                     lineno, f[0], p.count + 1);
      goto done;
    }
    if (!*f[1]) {
      st = sr__error(err, SR_EPARSE, SIZE_MAX, lineno, "%s:%zu: empty token",
                     name, lineno);
      goto done;
    }
    tag =
        parse_tag(f[2], strlen(f[2]), p.count ? &p.tags[p.count - 1] : NULL, c);
    if (tag < 0) {
      st = sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                     "%s:%zu: tag '%.40s' is not O, B-TYPE or I-TYPE", name,
                     lineno, f[2]);
      goto done;
    }
    if (p.count == p.cap) {
      size_t cap = p.cap ? p.cap * 2 : 64;
      struct sr_ner_word *nw = realloc(p.words, cap * sizeof *nw);
      uint8_t *nt;
      if (nw)
        p.words = nw;
      nt = nw ? realloc(p.tags, cap) : NULL;
      if (!nt) {
        st = nomem(err);
        goto done;
      }
      p.tags = nt;
      p.cap = cap;
    }
    if (!p.count)
      p.line = lineno;
    p.words[p.count].text = f[1];
    p.words[p.count].len = strlen(f[1]);
    p.words[p.count].xpos = NULL;
    p.tags[p.count++] = (uint8_t)tag;
    line = eol;
  }
  if (!flush_sentence(c, &p, &l))
    st = nomem(err);
  else if (l.n &&
           !(c->sentences = sr__arena_alloc(&c->arena, l.n * sizeof *l.v)))
    st = nomem(err);
  else {
    if (l.n)
      memcpy(c->sentences, l.v, l.n * sizeof *l.v);
    c->count = l.n;
  }
done:
  free(p.words);
  free(p.tags);
  free(l.v);
  if (st != SR_OK) {
    sr__ner_corpus_free(c);
    return st;
  }
  *out = c;
  return SR_OK;
}

sr_status sr__ner_corpus_read_file(const sr_allocator *alloc, const char *path,
                                   struct sr_ner_corpus **out, sr_error *err) {
  char *buf;
  size_t len;
  sr_status st = sr__read_file(path, SIZE_MAX / 4, &buf, &len, err);
  *out = NULL;
  if (st != SR_OK)
    return st;
  st = sr__ner_corpus_parse(alloc, path, buf, len, out, err);
  free(buf);
  return st;
}

void sr__ner_corpus_free(struct sr_ner_corpus *c) {
  sr_arena a;
  if (!c)
    return;
  a = c->arena;
  sr__arena_free(&a);
}

/* ---- predicted part-of-speech tags for a corpus -------------------------- */

#define MAX_MERGED 4     /* tagged sentences one corpus sentence may span */
#define MAX_JOINED 4096  /* and their words, at most */
#define MAX_INTERNED 256 /* distinct tags shared rather than copied */

/* A word of the tagged CoNLL-U file; strings point into its copy. */
struct tword {
  const char *form; /* NUL-terminated */
  const char *xpos; /* likewise */
};

/* A sentence of it: its words are w[first .. first + count). */
struct tsent {
  const char *id; /* sent_id, or NULL */
  size_t first, count;
};

struct id_key {
  const char *id;
  size_t s; /* sentence index */
};

struct text_key {
  uint64_t h; /* text_hash of the sentence */
  size_t s;
};

struct tagged {
  struct tword *w;
  size_t nw, capw;
  struct tsent *s;
  size_t ns, caps;
};

/* Room for `need` elements of `size` bytes in v, which holds *cap: v
 * itself, or a larger copy, or NULL when out of memory (v is kept). */
static void *grow(void *v, size_t *cap, size_t need, size_t size) {
  void *nv;
  size_t n;
  if (need <= *cap)
    return v;
  n = *cap ? *cap * 2 : 1024;
  if (n < need || n > SIZE_MAX / size || !(nv = realloc(v, n * size)))
    return NULL;
  *cap = n;
  return nv;
}

/* Ends the sentence whose words start at w[first]; returns 0 when out of
 * memory. */
static int tagged_flush(struct tagged *t, const char *id, size_t first) {
  struct tsent *ns;
  if (t->nw == first)
    return 1;
  if (!(ns = grow(t->s, &t->caps, t->ns + 1, sizeof *t->s)))
    return 0;
  t->s = ns;
  t->s[t->ns].id = id;
  t->s[t->ns].first = first;
  t->s[t->ns++].count = t->nw - first;
  return 1;
}

/* Reads the word lines of CoNLL-U text (NUL-terminated, changed in place)
 * into t. */
static sr_status tagged_parse(const char *name, char *text, size_t len,
                              struct tagged *t, sr_error *err) {
  char *line, *end = text + len;
  const char *id = NULL;
  size_t lineno = 0, first = 0;
  for (line = text; line < end; line++) {
    char *eol = memchr(line, '\n', (size_t)(end - line)), *f[5], *q;
    size_t n, nf = 1;
    if (!eol)
      eol = end;
    *eol = '\0';
    n = (size_t)(eol - line);
    lineno++;
    if (n && line[n - 1] == '\r')
      line[--n] = '\0';
    if (!n) { /* the sentence ends */
      if (!tagged_flush(t, id, first))
        return nomem(err);
      first = t->nw;
      id = NULL;
      line = eol;
      continue;
    }
    if (line[0] == '#') {
      if (!strncmp(line, SENT_ID, sizeof SENT_ID - 1))
        id = trim_id(line + sizeof SENT_ID - 1);
      line = eol;
      continue;
    }
    f[0] = line;
    for (q = line; *q && nf < 5; q++)
      if (*q == '\t') {
        *q = '\0';
        f[nf++] = q + 1;
      }
    if (nf == 5 && (q = strchr(f[4], '\t')) != NULL)
      *q = '\0';
    if (nf < 5 || !*f[1] || !*f[4])
      return sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                       "%s:%zu: expected a CoNLL-U word line with a form and "
                       "an XPOS (column 5)",
                       name, lineno);
    if (!strchr(f[0], '-') && !strchr(f[0], '.')) {
      /* not a multiword token or an empty node, which have no tag */
      struct tword *nw = grow(t->w, &t->capw, t->nw + 1, sizeof *t->w);
      if (!nw)
        return nomem(err);
      t->w = nw;
      t->w[t->nw].form = f[1];
      t->w[t->nw++].xpos = f[4];
    }
    line = eol;
  }
  return tagged_flush(t, id, first) ? SR_OK : nomem(err);
}

/* Gives each word of s the tag of the tagged word (of w[0..nw)) holding
 * its first character, spaces aside, in out[]. Returns 1 when the two hold
 * the same characters, 0 otherwise. */
static int align_chars(const struct sr_ner_sentence *s, const struct tword *w,
                       size_t nw, const char **out) {
  size_t i, j = 0;
  const char *q = nw ? w[0].form : "";
  for (i = 0; i < s->count; i++) {
    const char *p = s->words[i].text;
    size_t k, n = s->words[i].len;
    out[i] = NULL;
    for (k = 0; k < n; k++) {
      if (p[k] == ' ' || p[k] == '\t')
        continue;
      while (j < nw && (*q == '\0' || *q == ' '))
        if (*q)
          q++;
        else if (++j < nw)
          q = w[j].form;
      if (j >= nw || *q != p[k])
        return 0;
      if (!out[i])
        out[i] = w[j].xpos;
      q++;
    }
  }
  while (j < nw && (*q == '\0' || *q == ' '))
    if (*q)
      q++;
    else if (++j < nw)
      q = w[j].form;
  return j >= nw;
}

/* Do the words of s equal w[0..nw), one for one? */
static int same_words(const struct sr_ner_sentence *s, const struct tword *w,
                      size_t nw) {
  size_t i;
  if (s->count != nw)
    return 0;
  for (i = 0; i < nw; i++)
    if (strlen(w[i].form) != s->words[i].len ||
        memcmp(w[i].form, s->words[i].text, s->words[i].len))
      return 0;
  return 1;
}

/* FNV-1a over the bytes of p[0..n) but spaces, continuing from h. */
static uint64_t hash_chars(uint64_t h, const char *p, size_t n) {
  size_t k;
  for (k = 0; k < n; k++)
    if (p[k] != ' ' && p[k] != '\t')
      h = (h ^ (unsigned char)p[k]) * FNV_PRIME;
  return h;
}

static uint64_t sentence_hash(const struct sr_ner_sentence *s) {
  uint64_t h = FNV_OFFSET;
  size_t i;
  for (i = 0; i < s->count; i++)
    h = hash_chars(h, s->words[i].text, s->words[i].len);
  return h;
}

static uint64_t tagged_hash(const struct tword *w, size_t n) {
  uint64_t h = FNV_OFFSET;
  size_t i;
  for (i = 0; i < n; i++)
    h = hash_chars(h, w[i].form, strlen(w[i].form));
  return h;
}

static int cmp_id(const void *x, const void *y) {
  return strcmp(((const struct id_key *)x)->id, ((const struct id_key *)y)->id);
}

static int cmp_hash(const void *x, const void *y) {
  uint64_t a = ((const struct text_key *)x)->h,
           b = ((const struct text_key *)y)->h;
  return a < b ? -1 : a > b;
}

/* The sentence after sentence i of the original text: the one whose
 * sent_id is i's with its trailing number plus one ("doc-0010" ->
 * "doc-0011"), as EWT numbers them (a jackknifed file need not keep
 * their order), else the next one in the file. SIZE_MAX when none. */
static size_t next_sentence(const struct tagged *t, const struct id_key *ids,
                            size_t nids, size_t i) {
  const char *id = t->s[i].id;
  char buf[256];
  size_t n = id ? strlen(id) : 0, k;
  if (n && n + 2 <= sizeof buf && id[n - 1] >= '0' && id[n - 1] <= '9') {
    struct id_key key, *hit;
    memcpy(buf + 1, id, n + 1);
    for (k = n; k > 0 && buf[k] == '9'; k--)
      buf[k] = '0';
    if (k > 0 && buf[k] >= '0' && buf[k] <= '8') {
      buf[k]++;
      key.id = buf + 1;
      hit = bsearch(&key, ids, nids, sizeof *ids, cmp_id);
      if (hit)
        return hit->s;
    }
  }
  return i + 1 < t->ns ? i + 1 : SIZE_MAX;
}

static int cmp_text(const void *x, const void *y) {
  const struct text_key *a = x, *b = y;
  if (a->h != b->h)
    return a->h < b->h ? -1 : 1;
  return a->s < b->s ? -1 : a->s > b->s;
}

/* The copy of tag `s` in the corpus arena, shared by equal tags. */
static const char *intern(struct sr_ner_corpus *c, const char **seen,
                          size_t *nseen, const char *s) {
  size_t i, n = strlen(s);
  char *copy;
  for (i = 0; i < *nseen; i++)
    if (!strcmp(seen[i], s))
      return seen[i];
  if (!(copy = sr__arena_alloc(&c->arena, n + 1)))
    return NULL;
  memcpy(copy, s, n + 1);
  if (*nseen < MAX_INTERNED)
    seen[(*nseen)++] = copy;
  return copy;
}

sr_status sr__ner_corpus_set_xpos(struct sr_ner_corpus *c, const char *name,
                                  const char *bytes, size_t len,
                                  struct sr_ner_align *how, sr_error *err) {
  struct tagged t = {0};
  struct tword *joined = NULL; /* the words of sentences a corpus one joins */
  struct id_key *ids = NULL;
  struct text_key *texts = NULL;
  struct sr_ner_align a = {0};
  const char **xp = NULL, *seen[MAX_INTERNED];
  size_t nids = 0, i, off = 0, nseen = 0;
  char *text;
  sr_status st = SR_OK;
  if (!(text = malloc(len + 1)))
    return nomem(err);
  memcpy(text, bytes, len);
  text[len] = '\0';
  if ((st = tagged_parse(name, text, len, &t, err)) != SR_OK)
    goto done;
  ids = malloc((t.ns + 1) * sizeof *ids);
  texts = malloc((t.ns + 1) * sizeof *texts);
  xp = calloc(c->words + 1, sizeof *xp);
  joined = malloc(MAX_JOINED * sizeof *joined);
  if (!ids || !texts || !xp || !joined) {
    st = nomem(err);
    goto done;
  }
  for (i = 0; i < t.ns; i++) {
    if (t.s[i].id) {
      ids[nids].id = t.s[i].id;
      ids[nids++].s = i;
    }
    texts[i].h = tagged_hash(&t.w[t.s[i].first], t.s[i].count);
    texts[i].s = i;
  }
  qsort(ids, nids, sizeof *ids, cmp_id);
  qsort(texts, t.ns, sizeof *texts, cmp_text);
  for (i = 0; i < c->count; i++) {
    const struct sr_ner_sentence *s = &c->sentences[i];
    const char **out = xp + off;
    size_t ti = SIZE_MAX, k, nj, chain = SIZE_MAX;
    const struct tsent *ts = NULL;
    int found = 0;
    if (s->id) {
      struct id_key key, *hit;
      key.id = s->id;
      hit = bsearch(&key, ids, nids, sizeof *ids, cmp_id);
      if (hit) {
        ti = hit->s;
        ts = &t.s[ti];
        if (align_chars(s, &t.w[ts->first], ts->count, out)) {
          a.by_id++;
          found = 1;
        }
      }
    }
    if (!found) {
      struct text_key key, *hit;
      key.h = sentence_hash(s);
      key.s = 0;
      hit = bsearch(&key, texts, t.ns, sizeof *texts, cmp_hash);
      /* bsearch finds some entry with the hash; start at the first */
      while (hit && hit > texts && hit[-1].h == key.h)
        hit--;
      for (; hit && hit < texts + t.ns && hit->h == key.h && !found; hit++) {
        ts = &t.s[hit->s];
        if (align_chars(s, &t.w[ts->first], ts->count, out)) {
          a.by_text++;
          found = 1;
        }
      }
    }
    for (k = 1, nj = 0; !found && ti != SIZE_MAX && k < MAX_MERGED; k++) {
      size_t prev = k == 1 ? ti : chain, j;
      if ((chain = next_sentence(&t, ids, nids, prev)) == SIZE_MAX ||
          nj + (k == 1 ? t.s[ti].count : 0) + t.s[chain].count > MAX_JOINED)
        break;
      if (k == 1)
        for (j = 0; j < t.s[ti].count; j++)
          joined[nj++] = t.w[t.s[ti].first + j];
      for (j = 0; j < t.s[chain].count; j++)
        joined[nj++] = t.w[t.s[chain].first + j];
      if (align_chars(s, joined, nj, out)) {
        a.merged++;
        found = 2;
      }
    }
    if (!found) {
      st = sr__error(err, SR_EPARSE, SIZE_MAX, s->line,
                     "%s: no sentence has the words of the corpus sentence at "
                     "line %zu (sent_id %s), spaces aside",
                     name, s->line, s->id ? s->id : "none");
      goto done;
    }
    if (found == 1 && !same_words(s, &t.w[ts->first], ts->count))
      a.retokenized++;
    off += s->count;
  }
  for (i = 0; i < c->words; i++)
    if (xp[i] && !(xp[i] = intern(c, seen, &nseen, xp[i]))) {
      st = nomem(err);
      goto done;
    }
  for (i = 0, off = 0; i < c->count; i++) {
    const struct sr_ner_sentence *s = &c->sentences[i];
    size_t j;
    for (j = 0; j < s->count; j++)
      s->words[j].xpos = xp[off + j];
    off += s->count;
  }
  if (how)
    *how = a;
done:
  free(text);
  free(t.w);
  free(t.s);
  free(ids);
  free(texts);
  free(xp);
  free(joined);
  return st;
}

/* ---- training ------------------------------------------------------------ */

static uint64_t splitmix(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static double now_seconds(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Training state: the current weights and the averaging sums. */
struct trainer {
  float *w;         /* rows * STRIDE current weights */
  double *u;        /* rows * STRIDE sums of c * delta */
  float *sum;       /* rows * STRIDE averaged weights of the finished runs,
                       or NULL with one run */
  double c;         /* sentences seen: the perceptron's time step */
  size_t nrows;     /* 1 << hash_bits */
  unsigned bits;    /* hash_bits */
  double hide;      /* share of training words whose identity is hidden */
  double hide_tags; /* share of training sentences whose part-of-speech
                       tags are hidden */
  uint64_t rng;     /* splitmix state for shuffling and hiding */
  backptr *bp;      /* Viterbi back-pointers for the longest sentence */
  uint8_t *pred;    /* predicted tags, likewise */
  uint8_t *hidden;  /* which words are hidden, likewise */
};

/* True with probability p (p <= 0: never, drawing nothing). */
static int chance(struct trainer *tr, double p) {
  return p > 0 && (double)(splitmix(&tr->rng) >> 11) * 0x1.0p-53 < p;
}

static void update(struct trainer *tr, const uint64_t *key, size_t nf,
                   unsigned tag, float d) {
  const unsigned shift = 64 - tr->bits;
  size_t f;
  for (f = 0; f < nf; f++) {
    size_t r = (size_t)(key[f] >> shift) * STRIDE + tag;
    tr->w[r] += d;
    tr->u[r] += tr->c * d;
  }
}

/* Adds d to the weights of every feature of word i tagged t after p1, p2. */
static void update_word(struct trainer *tr, const struct wf *x, size_t i,
                        unsigned ncat, unsigned p1, unsigned p2, unsigned t,
                        float d) {
  uint64_t key[MAX_FEATURES];
  int h = tr->hidden[i];
  update(tr, key, word_features(x, i, ncat, h, key), t, d);
  update(tr, key, tag_features(&x[i], p1, h, key), t, d);
  key[0] = feat2(F_TAG12, p1, p2);
  update(tr, key, 1, t, d);
}

/* One structured-perceptron step (Collins 2002) on a sentence whose
 * analyses are x: decode with the current weights and, where the best
 * sequence differs from the gold one, reward the gold features and
 * penalise the predicted ones. Returns the number of words tagged right. */
static size_t train_sentence(struct trainer *tr, unsigned ncat,
                             const struct wf *x, const uint8_t *gold,
                             size_t n) {
  struct wview view;
  size_t i, right = 0;
  unsigned nopos = chance(tr, tr->hide_tags) ? HIDE_POS : 0;
  for (i = 0; i < n; i++)
    tr->hidden[i] = (uint8_t)((chance(tr, tr->hide) ? HIDE_WORD : 0) | nopos);
  view.q = NULL;
  view.f = tr->w;
  view.shift = 64 - tr->bits;
  viterbi(&view, x, n, ncat, tr->hidden, tr->bp, tr->pred);
  for (i = 0; i < n; i++)
    right += tr->pred[i] == gold[i];
  if (right < n)
    for (i = 0; i < n; i++) {
      unsigned g1 = i > 0 ? gold[i - 1] : TAG_START;
      unsigned g2 = i > 1 ? gold[i - 2] : TAG_START;
      unsigned q1 = i > 0 ? tr->pred[i - 1] : TAG_START;
      unsigned q2 = i > 1 ? tr->pred[i - 2] : TAG_START;
      if (gold[i] == tr->pred[i] && g1 == q1 && g2 == q2)
        continue; /* the same features with the same sign: no change */
      update_word(tr, x, i, ncat, g1, g2, gold[i], 1.0f);
      update_word(tr, x, i, ncat, q1, q2, tr->pred[i], -1.0f);
    }
  tr->c += 1.0;
  return right;
}

/* Weight i averaged over the steps of this run, plus those of the runs
 * before: their sum, not their mean, since only the argmax matters. */
static double averaged(const struct trainer *tr, size_t i) {
  double a = tr->c > 0 ? (double)tr->w[i] - tr->u[i] / tr->c : 0.0;
  return tr->sum ? a + tr->sum[i] : a;
}

/* Averages, quantises and prunes the weights into m->w; sets m->rows. */
static void quantise(const struct trainer *tr, struct sr_ner *m,
                     unsigned prune) {
  double max = 0, scale;
  size_t i, k, total = tr->nrows * STRIDE;
  for (i = 0; i < total; i++) {
    double a = averaged(tr, i);
    if (a < 0)
      a = -a;
    if (a > max)
      max = a;
  }
  scale = max > 0 ? 32767.0 / max : 0.0;
  m->rows = 0;
  for (i = 0; i < tr->nrows; i++) {
    int any = 0;
    for (k = 0; k < STRIDE; k++) {
      size_t j = i * STRIDE + k;
      double q = averaged(tr, j) * scale;
      long v = k < NTAGS ? (long)(q + (q < 0 ? -0.5 : 0.5)) : 0;
      if (v > 32767)
        v = 32767;
      if (v < -32767)
        v = -32767;
      if (labs(v) < (long)prune)
        v = 0;
      m->w[j] = (int16_t)v;
      any |= v != 0;
    }
    m->rows += (size_t)any;
  }
}

static void score_corpus(const struct sr_ner *m, const struct sr_ner_corpus *c,
                         void *scratch, size_t scratch_size, uint8_t *pred,
                         struct sr_ner_counts *counts) {
  size_t s;
  memset(counts, 0, sizeof *counts);
  for (s = 0; s < c->count; s++) {
    const struct sr_ner_sentence *st = &c->sentences[s];
    sr__ner_tag(m, st->words, st->count, scratch, scratch_size, pred, NULL);
    sr__ner_count(counts, st->tags, pred, st->count);
  }
}

static size_t longest_sentence(const struct sr_ner_corpus *c) {
  size_t i, most = 0;
  for (i = 0; c && i < c->count; i++)
    if (c->sentences[i].count > most)
      most = c->sentences[i].count;
  return most;
}

sr_status sr__ner_train(const struct sr_ner_corpus *train,
                        const struct sr_ner_corpus *dev,
                        const struct sr_ner_options *opt, struct sr_ner **out,
                        sr_error *err) {
  struct sr_ner_options o;
  const sr_allocator *a;
  struct sr_ner *m = NULL;
  struct trainer tr = {0};
  struct wf **cache = NULL;
  uint8_t **gold = NULL; /* internal gold tags of each training sentence */
  void *dx = NULL;
  size_t *order = NULL, i, longest, dx_size;
  uint8_t *pred = NULL;
  uint64_t rng;
  double t0 = now_seconds();
  unsigned epoch, run;
  sr_status st = SR_OK;
  *out = NULL;
  memset(&o, 0, sizeof o);
  if (opt)
    o = *opt;
  if (!o.epochs)
    o.epochs = DEFAULT_EPOCHS;
  if (!o.hash_bits)
    o.hash_bits = DEFAULT_HASH_BITS;
  if (!o.runs)
    o.runs = DEFAULT_RUNS;
  a = o.alloc ? o.alloc : sr__malloc_allocator();
  if (o.hash_bits < MIN_HASH_BITS || o.hash_bits > MAX_HASH_BITS)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "hash_bits must be %d..%d, not %u", MIN_HASH_BITS,
                     MAX_HASH_BITS, o.hash_bits);
  if (o.gazetteer_count > SR_NER_MAX_GAZETTEERS ||
      (o.gazetteer_count && !o.gazetteers))
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "at most %d gazetteers, not %zu", SR_NER_MAX_GAZETTEERS,
                     o.gazetteer_count);
  if (!o.hide_percent)
    o.hide_percent = DEFAULT_HIDE_PERCENT;
  if (o.hide_percent > 100 && o.hide_percent != SR_NER_HIDE_NONE)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "hide_percent must be 0..100, not %u", o.hide_percent);
  if (!o.hide_tags_percent)
    o.hide_tags_percent = DEFAULT_HIDE_TAGS_PERCENT;
  if (o.hide_tags_percent > 100 && o.hide_tags_percent != SR_NER_HIDE_NONE)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "hide_tags_percent must be 0..100, not %u",
                     o.hide_tags_percent);
  if (o.runs > SR_NER_MAX_RUNS)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "runs must be 1..%d, not %u",
                     SR_NER_MAX_RUNS, o.runs);
  if (o.prune > 32767)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "prune must be below 32768");
  if (!train || !train->words)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "the training corpus has no words");
  if (!(m = xcalloc(a, 1, sizeof *m)))
    return nomem(err);
  m->alloc = *a;
  m->hash_bits = o.hash_bits;
  m->ncat = (unsigned)o.gazetteer_count;
  for (i = 0; i < o.gazetteer_count; i++)
    if ((st = gaz_read_list(a, &m->gaz, (unsigned)i, o.gazetteers[i], err)) !=
        SR_OK)
      goto done;
  tr.bits = o.hash_bits;
  tr.hide = o.hide_percent == SR_NER_HIDE_NONE ? 0.0 : o.hide_percent / 100.0;
  tr.hide_tags = o.hide_tags_percent == SR_NER_HIDE_NONE
                     ? 0.0
                     : o.hide_tags_percent / 100.0;
  tr.rng = o.seed ^ 0x5eed;
  tr.nrows = (size_t)1 << o.hash_bits;
  tr.w = calloc(tr.nrows * STRIDE, sizeof *tr.w);
  tr.u = calloc(tr.nrows * STRIDE, sizeof *tr.u);
  tr.sum = o.runs > 1 ? calloc(tr.nrows * STRIDE, sizeof *tr.sum) : NULL;
  m->w = xcalloc(a, tr.nrows * STRIDE, sizeof *m->w);
  order = malloc((train->count + 1) * sizeof *order);
  cache = calloc(train->count, sizeof *cache);
  gold = calloc(train->count, sizeof *gold);
  longest = longest_sentence(dev);
  dx_size = sr__ner_scratch_size(longest);
  dx = malloc(dx_size ? dx_size : 1);
  pred = malloc(longest + 1);
  longest = longest_sentence(train);
  tr.bp = malloc((longest + 1) * sizeof *tr.bp);
  tr.pred = malloc(longest + 1);
  tr.hidden = malloc(longest + 1);
  if (!tr.w || !tr.u || (o.runs > 1 && !tr.sum) || !m->w || !order || !cache ||
      !gold || !dx || !pred || !tr.bp || !tr.pred || !tr.hidden) {
    st = nomem(err);
    goto done;
  }
  /* Word analyses do not change during training: make them once. */
  for (i = 0; i < train->count; i++) {
    const struct sr_ner_sentence *s = &train->sentences[i];
    if (!(cache[i] = malloc((s->count + 2 * CONTEXT) * sizeof **cache)) ||
        !(gold[i] = malloc(s->count + 1))) {
      st = nomem(err);
      goto done;
    }
    analyse_sentence(m, s->words, s->count, cache[i] + CONTEXT);
    memcpy(gold[i], s->tags, s->count);
    bio_to_bilou(gold[i], s->count);
    order[i] = i;
  }
  rng = o.seed;
  for (run = 1; run <= o.runs; run++) {
    if (run > 1) { /* keep the finished runs' average, start afresh */
      for (i = 0; i < tr.nrows * STRIDE; i++)
        tr.sum[i] = (float)averaged(&tr, i);
      memset(tr.w, 0, tr.nrows * STRIDE * sizeof *tr.w);
      memset(tr.u, 0, tr.nrows * STRIDE * sizeof *tr.u);
      tr.c = 0;
    }
    for (epoch = 1; epoch <= o.epochs; epoch++) {
      struct sr_ner_progress pr;
      size_t right = 0;
      for (i = train->count; i > 1; i--) { /* Fisher-Yates */
        size_t j = (size_t)(splitmix(&rng) % i), tmp = order[i - 1];
        order[i - 1] = order[j];
        order[j] = tmp;
      }
      for (i = 0; i < train->count; i++) {
        const struct sr_ner_sentence *s = &train->sentences[order[i]];
        right += train_sentence(&tr, m->ncat, cache[order[i]] + CONTEXT,
                                gold[order[i]], s->count);
      }
      if (!o.progress && (epoch < o.epochs || run < o.runs))
        continue;
      quantise(&tr, m, o.prune);
      if (!o.progress)
        continue;
      memset(&pr, 0, sizeof pr);
      pr.run = run;
      pr.runs = o.runs;
      pr.epoch = epoch;
      pr.epochs = o.epochs;
      pr.train_accuracy = (double)right / (double)train->words;
      pr.dev_precision = pr.dev_recall = pr.dev_f1 = -1;
      pr.rows = m->rows;
      if (dev && dev->words) {
        struct sr_ner_counts counts;
        score_corpus(m, dev, dx, dx_size, pred, &counts);
        sr__ner_prf(&counts, SR_NER_TYPE_COUNT, &pr.dev_precision,
                    &pr.dev_recall, &pr.dev_f1);
      }
      pr.seconds = now_seconds() - t0;
      o.progress(o.progress_user, &pr);
    }
  }
done:
  if (cache)
    for (i = 0; i < train->count; i++)
      free(cache[i]);
  if (gold)
    for (i = 0; i < train->count; i++)
      free(gold[i]);
  free(cache);
  free(gold);
  free(order);
  free(dx);
  free(pred);
  free(tr.w);
  free(tr.u);
  free(tr.sum);
  free(tr.bp);
  free(tr.pred);
  free(tr.hidden);
  if (st != SR_OK) {
    sr__ner_free(m);
    return st;
  }
  *out = m;
  return SR_OK;
}

/* ---- the model file ------------------------------------------------------ */

struct buf {
  unsigned char *p; /* malloc'ed */
  size_t n, cap;
  int failed; /* an allocation failed */
};

static void put_bytes(struct buf *b, const void *s, size_t n) {
  if (b->failed)
    return;
  if (b->cap - b->n < n) {
    size_t cap = b->cap ? b->cap : 1 << 16;
    unsigned char *np;
    while (cap - b->n < n)
      cap *= 2;
    if (!(np = realloc(b->p, cap))) {
      b->failed = 1;
      return;
    }
    b->p = np;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
}

static void put_u8(struct buf *b, unsigned v) {
  unsigned char c = (unsigned char)v;
  put_bytes(b, &c, 1);
}

static void put_le(struct buf *b, uint64_t v, unsigned bytes) {
  unsigned char c[8];
  unsigned i;
  for (i = 0; i < bytes; i++)
    c[i] = (unsigned char)(v >> (8 * i));
  put_bytes(b, c, bytes);
}

static void put_varint(struct buf *b, uint64_t v) {
  while (v >= 0x80) {
    put_u8(b, (unsigned)(v & 0x7f) | 0x80);
    v >>= 7;
  }
  put_u8(b, (unsigned)v);
}

static int cmp_u64(const void *x, const void *y) {
  uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
  return a < b ? -1 : a > b;
}

sr_status sr__ner_save(const struct sr_ner *m, const char *path,
                       sr_error *err) {
  struct buf b = {0};
  size_t i, nrows = (size_t)1 << m->hash_bits, k;
  uint64_t *keys = NULL, prev = 0;
  FILE *fp;
  uLong crc;
  put_bytes(&b, MODEL_MAGIC, MODEL_MAGIC_LEN);
  put_le(&b, MODEL_VERSION, 4);
  put_le(&b, 0, 8); /* file size, filled in below */
  put_le(&b, 0, 4); /* CRC, likewise */
  put_u8(&b, m->hash_bits);
  put_u8(&b, NTAGS);
  put_u8(&b, STRIDE);
  put_u8(&b, m->ncat);
  put_le(&b, m->gaz.count, 4);
  if (m->gaz.count) {
    size_t n = 0;
    if (!(keys = malloc(m->gaz.count * sizeof *keys))) {
      free(b.p);
      return nomem(err);
    }
    for (i = 0; i < m->gaz.cap; i++)
      if (m->gaz.keys[i])
        keys[n++] = m->gaz.keys[i];
    qsort(keys, n, sizeof *keys, cmp_u64);
    for (i = 0; i < n; i++) {
      put_le(&b, keys[i], 8);
      put_u8(&b, gaz_get(&m->gaz, keys[i]));
    }
    free(keys);
  }
  put_le(&b, m->rows, 4);
  for (i = 0; i < nrows; i++) {
    const int16_t *row = m->w + i * STRIDE;
    unsigned mask = 0;
    for (k = 0; k < NTAGS; k++)
      mask |= (unsigned)(row[k] != 0) << k;
    if (!mask)
      continue;
    put_varint(&b, i - prev);
    prev = i;
    put_varint(&b, mask);
    for (k = 0; k < NTAGS; k++)
      if (row[k]) {
        int32_t v = row[k];
        put_varint(&b, v < 0 ? ((uint64_t)(-(int64_t)v) << 1) - 1
                             : (uint64_t)v << 1);
      }
  }
  if (b.failed) {
    free(b.p);
    return nomem(err);
  }
  crc = crc32(0L, b.p + MODEL_HEADER_LEN, (uInt)(b.n - MODEL_HEADER_LEN));
  for (i = 0; i < 8; i++)
    b.p[MODEL_MAGIC_LEN + 4 + i] = (unsigned char)((uint64_t)b.n >> (8 * i));
  for (i = 0; i < 4; i++)
    b.p[MODEL_MAGIC_LEN + 12 + i] = (unsigned char)(crc >> (8 * i));
  fp = fopen(path, "wb");
  if (!fp) {
    free(b.p);
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: cannot create: %s", path,
                     strerror(errno));
  }
  if (fwrite(b.p, 1, b.n, fp) != b.n || fclose(fp) != 0) {
    free(b.p);
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: write error", path);
  }
  free(b.p);
  return SR_OK;
}

/* A bounds-checked reader over the file's bytes. */
struct reader {
  const unsigned char *p, *end;
  int short_; /* a read ran past the end */
};

static uint64_t get_le(struct reader *r, unsigned bytes) {
  uint64_t v = 0;
  unsigned i;
  if ((size_t)(r->end - r->p) < bytes) {
    r->short_ = 1;
    r->p = r->end;
    return 0;
  }
  for (i = 0; i < bytes; i++)
    v |= (uint64_t)r->p[i] << (8 * i);
  r->p += bytes;
  return v;
}

/* Returns UINT64_MAX for a varint longer than ten bytes or past the end. */
static uint64_t get_varint(struct reader *r) {
  uint64_t v = 0;
  unsigned shift = 0;
  while (r->p < r->end && shift < 64) {
    unsigned char c = *r->p++;
    v |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80))
      return v;
    shift += 7;
  }
  if (r->p >= r->end)
    r->short_ = 1;
  return UINT64_MAX;
}

static sr_status parse_model(const sr_allocator *a, const char *path,
                             const unsigned char *data, size_t len,
                             struct sr_ner **out, sr_error *err) {
  struct reader r;
  struct sr_ner *m;
  uint64_t version, size, crc, ngaz, nrows, i, slot = 0, table;
  unsigned bits, ntags, stride, ncat;
  sr_status st = SR_OK;
  if (!len)
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: empty file", path);
  if (len < MODEL_MAGIC_LEN ||
      memcmp(data, MODEL_MAGIC, MODEL_MAGIC_LEN) != 0) {
    if (len < MODEL_MAGIC_LEN && !memcmp(data, MODEL_MAGIC, len))
      return sr__error(err, SR_EIO, SIZE_MAX, 0,
                       "%s: truncated: %zu bytes, not even a header", path,
                       len);
    return sr__error(err, SR_EFORMAT, SIZE_MAX, 0,
                     "%s: not a sitrep NER model (bad magic)", path);
  }
  r.p = data + MODEL_MAGIC_LEN;
  r.end = data + len;
  r.short_ = 0;
  version = get_le(&r, 4);
  size = get_le(&r, 8);
  crc = get_le(&r, 4);
  if (r.short_)
    return sr__error(err, SR_EIO, SIZE_MAX, 0,
                     "%s: truncated: %zu bytes, not even a header", path, len);
  if (version != MODEL_VERSION)
    return sr__error(err, SR_EFORMAT, SIZE_MAX, 0,
                     "%s: NER model format version %llu, this build reads "
                     "version %u",
                     path, (unsigned long long)version, MODEL_VERSION);
  if (size > len)
    return sr__error(err, SR_EIO, SIZE_MAX, 0,
                     "%s: truncated: %zu bytes of %llu", path, len,
                     (unsigned long long)size);
  if (size < len)
    return sr__error(err, SR_EPARSE, SIZE_MAX, 0,
                     "%s: %zu bytes, but the header says %llu", path, len,
                     (unsigned long long)size);
  if (crc32(0L, data + MODEL_HEADER_LEN, (uInt)(len - MODEL_HEADER_LEN)) != crc)
    return sr__error(err, SR_EPARSE, SIZE_MAX, 0,
                     "%s: checksum mismatch: the file is damaged", path);
  bits = (unsigned)get_le(&r, 1);
  ntags = (unsigned)get_le(&r, 1);
  stride = (unsigned)get_le(&r, 1);
  ncat = (unsigned)get_le(&r, 1);
  ngaz = get_le(&r, 4);
  if (r.short_ || bits < MIN_HASH_BITS || bits > MAX_HASH_BITS ||
      ntags != NTAGS || stride != STRIDE || ncat > SR_NER_MAX_GAZETTEERS ||
      ngaz > (uint64_t)(r.end - r.p) / 9)
    return sr__error(err, SR_EPARSE, SIZE_MAX, 0,
                     "%s: inconsistent sizes: %u hash bits, %u tags, stride "
                     "%u, %u gazetteers, %llu gazetteer entries in %zu bytes",
                     path, bits, ntags, stride, ncat, (unsigned long long)ngaz,
                     (size_t)(r.end - r.p));
  if (!(m = xcalloc(a, 1, sizeof *m)))
    return nomem(err);
  m->alloc = *a;
  m->hash_bits = bits;
  m->ncat = ncat;
  table = (uint64_t)1 << bits;
  if (!(m->w = xcalloc(a, (size_t)table * STRIDE, sizeof *m->w))) {
    st = nomem(err);
    goto fail;
  }
  if (ngaz) {
    uint64_t prev = 0;
    m->gaz.cap = 1024;
    while (m->gaz.cap < 2 * ngaz + 2)
      m->gaz.cap *= 2;
    m->gaz.keys = xcalloc(a, m->gaz.cap, sizeof *m->gaz.keys);
    m->gaz.bits = xcalloc(a, m->gaz.cap, 1);
    if (!m->gaz.keys || !m->gaz.bits) {
      st = nomem(err);
      goto fail;
    }
    for (i = 0; i < ngaz; i++) {
      uint64_t key = get_le(&r, 8);
      unsigned b = (unsigned)get_le(&r, 1);
      size_t p;
      if (!key || key <= prev || !b ||
          (b & ~(GAZ_PREFIX | ((1u << ncat) - 1u)))) {
        st = sr__error(err, SR_EPARSE, SIZE_MAX, 0,
                       "%s: gazetteer entry %llu is invalid or out of order",
                       path, (unsigned long long)i);
        goto fail;
      }
      prev = key;
      p = (size_t)key & (m->gaz.cap - 1);
      while (m->gaz.keys[p])
        p = (p + 1) & (m->gaz.cap - 1);
      m->gaz.keys[p] = key;
      m->gaz.bits[p] = (uint8_t)b;
      m->gaz.count++;
    }
  }
  nrows = get_le(&r, 4);
  if (r.short_ || nrows > table || nrows > (uint64_t)(r.end - r.p) / 3) {
    st = sr__error(err, SR_EPARSE, SIZE_MAX, 0,
                   "%s: inconsistent sizes: %llu weight rows for a table of "
                   "%llu in %zu bytes",
                   path, (unsigned long long)nrows, (unsigned long long)table,
                   (size_t)(r.end - r.p));
    goto fail;
  }
  for (i = 0; i < nrows; i++) {
    uint64_t delta = get_varint(&r), mask64;
    unsigned mask, k;
    if (r.short_)
      break;
    if ((i && !delta) || delta >= table || slot + delta >= table) {
      st = sr__error(err, SR_EPARSE, SIZE_MAX, 0,
                     "%s: weight row %llu has a slot outside the table or "
                     "out of order",
                     path, (unsigned long long)i);
      goto fail;
    }
    slot += delta;
    mask64 = get_varint(&r);
    if (r.short_)
      break;
    if (!mask64 || mask64 >= (1u << NTAGS)) {
      st = sr__error(err, SR_EPARSE, SIZE_MAX, 0,
                     "%s: weight row %llu has a bad tag mask 0x%llx", path,
                     (unsigned long long)i, (unsigned long long)mask64);
      goto fail;
    }
    mask = (unsigned)mask64;
    for (k = 0; k < NTAGS; k++)
      if (mask & (1u << k)) {
        uint64_t z = get_varint(&r);
        int64_t v = (z & 1) ? -(int64_t)((z + 1) >> 1) : (int64_t)(z >> 1);
        if (r.short_)
          break;
        if (z == UINT64_MAX || v < -32767 || v > 32767 || v == 0) {
          st = sr__error(err, SR_EPARSE, SIZE_MAX, 0,
                         "%s: weight row %llu has a bad weight", path,
                         (unsigned long long)i);
          goto fail;
        }
        m->w[slot * STRIDE + k] = (int16_t)v;
      }
  }
  if (r.short_) {
    st = sr__error(err, SR_EPARSE, SIZE_MAX, 0,
                   "%s: inconsistent sizes: the data ends inside weight row "
                   "%llu of %llu",
                   path, (unsigned long long)i, (unsigned long long)nrows);
    goto fail;
  }
  if (r.p != r.end) {
    st = sr__error(err, SR_EPARSE, SIZE_MAX, 0,
                   "%s: inconsistent sizes: %zu bytes left after the last "
                   "weight row",
                   path, (size_t)(r.end - r.p));
    goto fail;
  }
  m->rows = (size_t)nrows;
  *out = m;
  return SR_OK;
fail:
  sr__ner_free(m);
  return st;
}

sr_status sr__ner_load(const sr_allocator *a, const char *path,
                       struct sr_ner **out, sr_error *err) {
  char *data;
  size_t len;
  sr_status st;
  *out = NULL;
  if ((st = sr__read_file(path, MODEL_MAX_BYTES, &data, &len, err)) != SR_OK)
    return st;
  st = parse_model(a ? a : sr__malloc_allocator(), path,
                   (const unsigned char *)data, len, out, err);
  free(data);
  return st;
}
