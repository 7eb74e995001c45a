/*
 * parse.c - a greedy arc-eager dependency parser (Nivre 2003) trained with
 * the dynamic oracle of Goldberg and Nivre (2012) and averaged perceptrons.
 *
 * A configuration is a stack (word 0, the root, at the bottom) and a
 * buffer. Four transitions: SHIFT, REDUCE, LEFT-ARC (the buffer front
 * becomes head of the stack top) and RIGHT-ARC (the stack top becomes head
 * of the buffer front). One perceptron picks the transition from about 40
 * features of the configuration (words, tags, children, distance, valency:
 * the Zhang and Nivre 2011 set, trimmed); a second picks the relation of
 * each arc from features of its head and dependent. Separating the two
 * keeps the transition weights at four floats a row, which is what makes
 * the parser fast: one cache line per feature.
 *
 * Features are hashed into fixed tables (no feature strings at run time);
 * words are looked up once per sentence in a vocabulary of training words
 * seen twice or more. Training explores: after the first epoch the parser
 * follows its own mistakes nine times in ten and learns from the cheapest
 * correct move in each state it reaches.
 */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SHIFT, REDUCE, LEFT, RIGHT, NACTIONS };

#define MAX_TAGS 128
#define MAX_RELS 128
#define MAX_FEATS 80
#define NONE_ID 0 /* no token at this position */
#define ROOT_ID 1 /* the root pseudo-word */
#define UNK_ID 2  /* a word not in the vocabulary */
#define FIRST_WORD 3

/* A string -> int hash table (open addressing) in an arena. */
struct idmap {
  const char **keys;
  int *values;
  size_t cap, count; /* cap is a power of two, at least twice count */
};

struct sr_parser {
  sr_arena arena;             /* owns everything below */
  struct idmap words;         /* lower-cased word -> id (>= FIRST_WORD) */
  struct idmap tags;          /* XPOS -> id (>= FIRST_WORD) */
  const char *rels[MAX_RELS]; /* relation names */
  int nrels;
  int lstride;  /* row length of lw: nrels rounded up to a multiple of 8,
                   so scoring runs in fixed blocks the compiler vectorises */
  int root_rel; /* index of "root" */
  unsigned action_bits, label_bits;
  float *aw; /* action weights: rows x NACTIONS */
  float *lw; /* relation weights: rows x lstride */
  /* A loaded model keeps only the relation rows that are not all zero
   * (a tenth of them): lrow[h] is 1 + the index in lw of hash row h, or 0
   * for a zero row. NULL while training, when lw is dense. Loading then
   * allocates 6 MB instead of 58. */
  uint32_t *lrow;
  /* training only: accumulated t * update, for averaging */
  float *au, *lu;
  double t; /* updates so far (the averaging clock) */
};

/* ---- small utilities ----------------------------------------------------- */

static uint64_t mix64(uint64_t x) { /* splitmix64 finaliser */
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

static int idmap_init(struct idmap *m, sr_arena *a, size_t expected) {
  size_t cap = 64;
  while (cap < expected * 2 + 2)
    cap *= 2;
  m->keys = sr__arena_calloc(a, cap, sizeof *m->keys);
  m->values = sr__arena_calloc(a, cap, sizeof *m->values);
  m->cap = cap;
  m->count = 0;
  return m->keys && m->values;
}

static int idmap_get(const struct idmap *m, const char *key) {
  size_t i = (size_t)sr__hash_str(key) & (m->cap - 1);
  while (m->keys[i]) {
    if (!strcmp(m->keys[i], key))
      return m->values[i];
    i = (i + 1) & (m->cap - 1);
  }
  return -1;
}

/* Adds key (copied into the arena) with the next id; the table must have
 * room (callers size it). Returns the id, or -1 when out of memory. */
static int idmap_add(struct idmap *m, sr_arena *a, const char *key, int id) {
  size_t i = (size_t)sr__hash_str(key) & (m->cap - 1), n = strlen(key);
  char *k;
  while (m->keys[i]) {
    if (!strcmp(m->keys[i], key))
      return m->values[i];
    i = (i + 1) & (m->cap - 1);
  }
  if ((m->count + 1) * 2 > m->cap)
    return -1;
  k = sr__arena_alloc(a, n + 1);
  if (!k)
    return -1;
  memcpy(k, key, n + 1);
  m->keys[i] = k;
  m->values[i] = id;
  m->count++;
  return id;
}

static void lower_copy(char *dst, const char *src, size_t cap) {
  size_t i;
  for (i = 0; src[i] && i + 1 < cap; i++)
    dst[i] = (char)tolower((unsigned char)src[i]);
  dst[i] = '\0';
}

/* ---- configurations -------------------------------------------------------
 */

struct config {
  int n;      /* words; positions 1..n, 0 is the root */
  int *stack; /* stack[0..sp) */
  int sp;
  int b;                 /* buffer front; the buffer is b..n */
  int *head;             /* -1: none yet */
  int *rel;              /* relation of the arc to its head */
  int *lc, *rc;          /* leftmost and rightmost child, 0 none */
  int *lc2, *rc2;        /* second leftmost and rightmost child, 0 none */
  uint64_t *lset, *rset; /* sets of the relations of left/right children */
  int *nl, *nr;          /* number of left and right children */
  const int *wid, *tid;  /* word and tag ids per position */
  const int *sid;        /* suffix ids: the last three letters, hashed */
  int root_taken;        /* a word already hangs from the root */
};

static int cfg_alloc(struct config *c, sr_arena *a, int n) {
  size_t k = (size_t)n + 2;
  c->stack = sr__arena_alloc(a, k * sizeof(int));
  c->head = sr__arena_alloc(a, k * sizeof(int));
  c->rel = sr__arena_alloc(a, k * sizeof(int));
  c->lc = sr__arena_alloc(a, k * sizeof(int));
  c->rc = sr__arena_alloc(a, k * sizeof(int));
  c->nl = sr__arena_alloc(a, k * sizeof(int));
  c->nr = sr__arena_alloc(a, k * sizeof(int));
  c->lc2 = sr__arena_alloc(a, k * sizeof(int));
  c->rc2 = sr__arena_alloc(a, k * sizeof(int));
  c->lset = sr__arena_alloc(a, k * sizeof(uint64_t));
  c->rset = sr__arena_alloc(a, k * sizeof(uint64_t));
  return c->stack && c->head && c->rel && c->lc && c->rc && c->nl && c->nr &&
         c->lc2 && c->rc2 && c->lset && c->rset;
}

static void cfg_start(struct config *c, int n) {
  int i;
  c->n = n;
  c->sp = 1;
  c->stack[0] = 0;
  c->b = 1;
  c->root_taken = 0;
  for (i = 0; i <= n; i++) {
    c->head[i] = -1;
    c->rel[i] = -1;
    c->lc[i] = c->rc[i] = c->lc2[i] = c->rc2[i] = 0;
    c->nl[i] = c->nr[i] = 0;
    c->lset[i] = c->rset[i] = 0;
  }
}

static int cfg_done(const struct config *c) { return c->b > c->n; }

static int valid(const struct config *c, int action) {
  int s0 = c->stack[c->sp - 1];
  switch (action) {
  case SHIFT:
    return c->b <= c->n;
  case REDUCE:
    return s0 != 0 && c->head[s0] >= 0;
  case LEFT:
    return c->b <= c->n && s0 != 0 && c->head[s0] < 0;
  case RIGHT: /* nothing hangs from the root until the end: see finish */
    return c->b <= c->n && s0 != 0;
  }
  return 0;
}

static void add_arc(struct config *c, int h, int d, int r) {
  c->head[d] = h;
  c->rel[d] = r;
  if (h == 0)
    c->root_taken = 1;
  if (d < h) { /* left children arrive right to left */
    c->lc2[h] = c->lc[h];
    c->lc[h] = d;
    c->nl[h]++;
    c->lset[h] |= (uint64_t)1 << (r & 63);
  } else { /* right children arrive left to right */
    c->rc2[h] = c->rc[h];
    c->rc[h] = d;
    c->nr[h]++;
    c->rset[h] |= (uint64_t)1 << (r & 63);
  }
}

static void apply(struct config *c, int action, int r) {
  int s0 = c->stack[c->sp - 1];
  switch (action) {
  case SHIFT:
    c->stack[c->sp++] = c->b++;
    break;
  case REDUCE:
    c->sp--;
    break;
  case LEFT:
    add_arc(c, c->b, s0, r);
    c->sp--;
    break;
  case RIGHT:
    add_arc(c, s0, c->b, r);
    c->stack[c->sp++] = c->b++;
    break;
  }
}

/* The dynamic oracle: how many gold arcs an action makes unreachable. */
static int cost(const struct config *c, int action, const int *gold) {
  int s0 = c->stack[c->sp - 1], b0 = c->b, k, lost = 0;
  switch (action) {
  case SHIFT: /* (the root's arc stays reachable: it is made at the end) */
    for (k = 0; k < c->sp; k++) {
      int x = c->stack[k];
      lost += x && gold[b0] == x;
      lost += x && gold[x] == b0 && c->head[x] < 0;
    }
    return lost;
  case REDUCE:
    for (k = b0; k <= c->n; k++)
      lost += gold[k] == s0;
    return lost;
  case LEFT:
    lost += gold[s0] > b0 || gold[s0] == 0;
    for (k = b0; k <= c->n; k++)
      lost += gold[k] == s0;
    return lost;
  case RIGHT:
    if (gold[b0] != s0) {
      if (gold[b0] > b0)
        lost++;
      for (k = 0; k < c->sp; k++)
        lost += c->stack[k] == gold[b0];
    }
    for (k = 0; k < c->sp; k++) {
      int x = c->stack[k];
      lost += x && gold[x] == b0 && c->head[x] < 0;
    }
    return lost;
  }
  return 1 << 20;
}

/* ---- features ----------------------------------------------------------- */

static uint64_t feat(int t, int a, int b, int c) {
  return mix64(((uint64_t)t << 56) ^ ((uint64_t)(unsigned)a << 34) ^
               ((uint64_t)(unsigned)b << 14) ^ (uint64_t)(unsigned)c);
}

static int W(const struct config *c, int x) {
  return x < 0 ? NONE_ID : c->wid[x];
}
static int T(const struct config *c, int x) {
  return x < 0 ? NONE_ID : c->tid[x];
}
static int R(const struct config *c, int x) { return x <= 0 ? -2 : c->rel[x]; }

/* The transition features of a configuration into f[]; returns count. */
static int action_features(const struct config *c, uint64_t *f) {
  int s0 = c->stack[c->sp - 1], s1 = c->sp > 1 ? c->stack[c->sp - 2] : -1;
  int b0 = c->b <= c->n ? c->b : -1, b1 = c->b + 1 <= c->n ? c->b + 1 : -1;
  int b2 = c->b + 2 <= c->n ? c->b + 2 : -1;
  int s0h = c->head[s0] >= 0 ? c->head[s0] : -1;
  int s0l = c->lc[s0] ? c->lc[s0] : -1, s0r = c->rc[s0] ? c->rc[s0] : -1;
  int b0l = b0 > 0 && c->lc[b0] ? c->lc[b0] : -1;
  int s0w = W(c, s0), s0t = T(c, s0), b0w = W(c, b0), b0t = T(c, b0);
  int b1w = W(c, b1), b1t = T(c, b1), b2t = T(c, b2);
  int d = b0 > 0 ? (b0 - s0 > 6 ? 6 : b0 - s0) : 0;
  int n = 0;
  f[n++] = feat(1, s0w, 0, 0);
  f[n++] = feat(2, s0t, 0, 0);
  f[n++] = feat(3, s0w, s0t, 0);
  f[n++] = feat(4, b0w, 0, 0);
  f[n++] = feat(5, b0t, 0, 0);
  f[n++] = feat(6, b0w, b0t, 0);
  f[n++] = feat(7, b1w, 0, 0);
  f[n++] = feat(8, b1t, 0, 0);
  f[n++] = feat(9, b1w, b1t, 0);
  f[n++] = feat(10, W(c, b2), 0, 0);
  f[n++] = feat(11, b2t, 0, 0);
  f[n++] = feat(12, s0w * 131 + s0t, b0w, b0t);
  f[n++] = feat(13, s0w, s0t, b0w);
  f[n++] = feat(14, s0w, b0w, b0t);
  f[n++] = feat(15, s0w, s0t, b0t);
  f[n++] = feat(16, s0t, b0w, b0t);
  f[n++] = feat(17, s0w, b0w, 0);
  f[n++] = feat(18, s0t, b0t, 0);
  f[n++] = feat(19, b0t, b1t, 0);
  f[n++] = feat(20, b0t, b1t, b2t);
  f[n++] = feat(21, s0t, b0t, b1t);
  f[n++] = feat(22, T(c, s0h), s0t, b0t);
  f[n++] = feat(23, s0t, T(c, s0l), b0t);
  f[n++] = feat(24, s0t, T(c, s0r), b0t);
  f[n++] = feat(25, s0t, b0t, T(c, b0l));
  f[n++] = feat(26, s0w, d, 0);
  f[n++] = feat(27, s0t, d, 0);
  f[n++] = feat(28, b0w, d, 0);
  f[n++] = feat(29, b0t, d, 0);
  f[n++] = feat(30, s0w * 131 + b0w, d, 0);
  f[n++] = feat(31, s0t, b0t, d);
  f[n++] = feat(32, s0w, c->nr[s0], 0);
  f[n++] = feat(33, s0t, c->nr[s0], 0);
  f[n++] = feat(34, s0w, c->nl[s0], 0);
  f[n++] = feat(35, s0t, c->nl[s0], 0);
  f[n++] = feat(36, b0w, b0 > 0 ? c->nl[b0] : 0, 0);
  f[n++] = feat(37, b0t, b0 > 0 ? c->nl[b0] : 0, 0);
  f[n++] = feat(38, W(c, s0h), 0, 0);
  f[n++] = feat(39, T(c, s0h), 0, 0);
  f[n++] = feat(40, R(c, s0), 0, 0);
  f[n++] = feat(41, W(c, s0l), 0, 0);
  f[n++] = feat(42, T(c, s0l), 0, 0);
  f[n++] = feat(43, R(c, s0l), 0, 0);
  f[n++] = feat(44, W(c, s0r), 0, 0);
  f[n++] = feat(45, T(c, s0r), 0, 0);
  f[n++] = feat(46, R(c, s0r), 0, 0);
  f[n++] = feat(47, W(c, b0l), 0, 0);
  f[n++] = feat(48, T(c, b0l), 0, 0);
  f[n++] = feat(49, R(c, b0l), 0, 0);
  f[n++] = feat(50, s0t, R(c, s0l), R(c, s0r));
  f[n++] = feat(51, b0t, R(c, b0l), 0);
  f[n++] = feat(52, T(c, s1), s0t, b0t);
  f[n++] = feat(53, W(c, s1), T(c, s1), 0);
  f[n++] = feat(54, s0 == 0, b0t, c->root_taken);
  {
    int s0l2 = c->lc2[s0] ? c->lc2[s0] : -1,
        s0r2 = c->rc2[s0] ? c->rc2[s0] : -1;
    int b0l2 = b0 > 0 && c->lc2[b0] ? c->lc2[b0] : -1;
    int s0h2 = s0h > 0 && c->head[s0h] >= 0 ? c->head[s0h] : -1;
    uint64_t ls = c->lset[s0], rs = c->rset[s0], bs = b0 > 0 ? c->lset[b0] : 0;
    f[n++] = feat(55, s0t, T(c, s0l), T(c, s0l2));
    f[n++] = feat(56, s0t, T(c, s0r), T(c, s0r2));
    f[n++] = feat(57, b0t, T(c, b0l), T(c, b0l2));
    f[n++] = feat(58, T(c, s0h2), T(c, s0h), s0t);
    f[n++] = feat(59, W(c, s0l2), T(c, s0l2), R(c, s0l2));
    f[n++] = feat(60, W(c, s0r2), T(c, s0r2), R(c, s0r2));
    f[n++] = feat(61, s0t, (int)(ls ^ (ls >> 32)), 0);
    f[n++] = feat(62, s0t, (int)(rs ^ (rs >> 32)), 1);
    f[n++] = feat(63, b0t, (int)(bs ^ (bs >> 32)), 2);
    f[n++] = feat(64, b0 > 0 ? c->sid[b0] : 0, b0t, 0);
    f[n++] = feat(65, c->sid[s0], s0t, 0);
    f[n++] = feat(66, b1 > 0 ? c->sid[b1] : 0, b1t, 0);
  }
  return n;
}

/* The relation features of an arc h -> d into f[]; returns count. */
static int label_features(const struct config *c, int h, int d, uint64_t *f) {
  int hw = W(c, h), ht = T(c, h), dw = W(c, d), dt = T(c, d);
  int dir = d<h, dist = abs(h - d)> 6 ? 6 : abs(h - d);
  int dl = c->lc[d] ? c->lc[d] : -1, dr = c->rc[d] ? c->rc[d] : -1;
  int n = 0;
  f[n++] = feat(101, hw, dir, 0);
  f[n++] = feat(102, ht, dir, 0);
  f[n++] = feat(103, dw, dir, 0);
  f[n++] = feat(104, dt, dir, 0);
  f[n++] = feat(105, ht, dt, dir);
  f[n++] = feat(106, hw, dt, dir);
  f[n++] = feat(107, ht, dw, dir);
  f[n++] = feat(108, hw * 131 + ht, dw, dt);
  f[n++] = feat(109, ht, dt, dist * 2 + dir);
  f[n++] = feat(110, dt, T(c, dl), R(c, dl));
  f[n++] = feat(111, dt, T(c, dr), R(c, dr));
  f[n++] = feat(112, ht, R(c, h), dir);
  f[n++] = feat(113, dt, T(c, d - 1 >= 1 ? d - 1 : -1),
                T(c, d + 1 <= c->n ? d + 1 : -1));
  f[n++] = feat(114, ht, T(c, h - 1 >= 1 ? h - 1 : -1),
                T(c, h + 1 <= c->n ? h + 1 : -1));
  f[n++] = feat(115, h == 0, dt, dw);
  f[n++] = feat(116, dt, c->nl[d], c->nr[d]);
  f[n++] = feat(117, dw, dt, dir);
  {
    uint64_t hl = c->lset[h], dls = c->lset[d], drs = c->rset[d];
    int hh = c->head[h] > 0 ? c->head[h] : -1;
    f[n++] = feat(118, dt, (int)(hl ^ (hl >> 32)), dir);
    f[n++] = feat(119, dt, (int)(dls ^ (dls >> 32)), (int)(drs ^ (drs >> 32)));
    f[n++] = feat(120, c->sid[d], dt, dir);
    f[n++] = feat(121, W(c, dl), dt, dir);
    f[n++] = feat(122, W(c, dr), dt, dir);
    f[n++] = feat(123, T(c, hh), ht, dt);
    f[n++] = feat(124, hw, dw, dir);
    f[n++] = feat(125, c->sid[h], dt, dir);
  }
  return n;
}

static void score_actions(const struct sr_parser *p, const uint64_t *f, int n,
                          float *s) {
  size_t mask = ((size_t)1 << p->action_bits) - 1;
  int i;
  s[0] = s[1] = s[2] = s[3] = 0;
  for (i = 0; i < n; i++) {
    const float *w = p->aw + (f[i] & mask) * NACTIONS;
    s[0] += w[0];
    s[1] += w[1];
    s[2] += w[2];
    s[3] += w[3];
  }
}

/* The relation weights of feature f (lstride floats), or NULL when a
 * loaded model dropped its row as all zero. */
static const float *label_row(const struct sr_parser *p, uint64_t f) {
  size_t h = f & (((size_t)1 << p->label_bits) - 1);
  if (p->lrow) {
    if (!p->lrow[h])
      return NULL;
    h = p->lrow[h] - 1;
  }
  return p->lw + h * (size_t)p->lstride;
}

static int best_label(const struct sr_parser *p, const uint64_t *f, int n) {
  float s[MAX_RELS];
  int i, r, best = 0;
  memset(s, 0, sizeof s);
  for (i = 0; i < n; i++) {
    const float *w = label_row(p, f[i]);
    if (!w)
      continue;
    for (r = 0; r < p->lstride; r += 8) {
      int k;
      for (k = 0; k < 8; k++)
        s[r + k] += w[r + k];
    }
  }
  for (r = 1; r < p->nrels; r++)
    if (s[r] > s[best])
      best = r;
  return best;
}

static void update(float *w, float *u, size_t row, int cols, int col,
                   float delta, double t) {
  w[row * (size_t)cols + (size_t)col] += delta;
  u[row * (size_t)cols + (size_t)col] += (float)(t * delta);
}

/* ---- parsing ------------------------------------------------------------- */

/* The score of word i as the root of the sentence: the weight of relation
 * "root" for the arc 0 -> i. */
static float root_score(const struct sr_parser *p, const struct config *c,
                        int i, uint64_t *f) {
  int k, nf = label_features(c, 0, i, f);
  float s = 0;
  for (k = 0; k < nf; k++) {
    const float *w = label_row(p, f[k]);
    if (w)
      s += w[p->root_rel];
  }
  return s;
}

/* The root of a parsed configuration: of the words left without a head
 * (the root is attached last, as Ballesteros and Nivre 2013 advise for
 * arc-eager parsers: early root attachments were a frequent error), the
 * one root_score likes best. 0 when every word has a head. */
static int choose_root(const struct sr_parser *p, const struct config *c) {
  uint64_t f[MAX_FEATS];
  int i, root = 0;
  float best = 0;
  for (i = 1; i <= c->n; i++)
    if (c->head[i] < 0) {
      float s = root_score(p, c, i, f);
      if (!root || s > best) {
        root = i;
        best = s;
      }
    }
  return root;
}

/* Finishes a configuration: the root is chosen and the other words left
 * without a head hang from it. */
static void finish(const struct sr_parser *p, struct config *c) {
  int i, root = choose_root(p, c);
  uint64_t f[MAX_FEATS];
  if (root) {
    c->head[root] = 0;
    c->rel[root] = p->root_rel;
  }
  for (i = 1; i <= c->n; i++) {
    if (c->head[i] >= 0)
      continue;
    c->head[i] = root;
    c->rel[i] = best_label(p, f, label_features(c, root, i, f));
    if (c->rel[i] == p->root_rel)
      c->rel[i] = 0;
  }
  if (root)
    c->rel[root] = p->root_rel;
}

/* Runs the parser on a configuration whose ids are set. */
static void run(const struct sr_parser *p, struct config *c) {
  uint64_t f[MAX_FEATS];
  float s[NACTIONS];
  while (!cfg_done(c)) {
    int a, best = -1, nf = action_features(c, f), r = 0;
    score_actions(p, f, nf, s);
    for (a = 0; a < NACTIONS; a++)
      if (valid(c, a) && (best < 0 || s[a] > s[best]))
        best = a;
    if (best == LEFT || best == RIGHT) {
      int s0 = c->stack[c->sp - 1];
      int h = best == LEFT ? c->b : s0, d = best == LEFT ? s0 : c->b;
      r = h == 0 ? p->root_rel : best_label(p, f, label_features(c, h, d, f));
    }
    apply(c, best, r);
  }
  finish(p, c);
}

static void word_ids(const struct sr_parser *p, size_t n,
                     const char *const *forms, const char *const *xpos,
                     int *wid, int *tid, int *sid) {
  char low[256];
  size_t i;
  wid[0] = ROOT_ID;
  tid[0] = ROOT_ID;
  sid[0] = 0;
  for (i = 0; i < n; i++) {
    int w, t;
    size_t len;
    lower_copy(low, forms[i], sizeof low);
    len = strlen(low);
    sid[i + 1] = (int)(sr__hash_str(low + (len > 3 ? len - 3 : 0)) & 0xFFFFF);
    w = idmap_get(&p->words, low);
    t = idmap_get(&p->tags, xpos[i]);
    wid[i + 1] = w < 0 ? UNK_ID : w;
    tid[i + 1] = t < 0 ? UNK_ID : t;
  }
}

sr_status sr__parser_parse(const struct sr_parser *p, sr_arena *arena, size_t n,
                           const char *const *forms, const char *const *xpos,
                           int *heads, int *rel) {
  struct config c;
  int *wid, *tid, *sid;
  size_t i;
  if (n > 100000)
    return SR_ELIMIT;
  wid = sr__arena_alloc(arena, (n + 2) * sizeof(int));
  tid = sr__arena_alloc(arena, (n + 2) * sizeof(int));
  sid = sr__arena_alloc(arena, (n + 2) * sizeof(int));
  if (!wid || !tid || !sid || !cfg_alloc(&c, arena, (int)n))
    return SR_ENOMEM;
  word_ids(p, n, forms, xpos, wid, tid, sid);
  c.wid = wid;
  c.tid = tid;
  c.sid = sid;
  cfg_start(&c, (int)n);
  run(p, &c);
  for (i = 0; i < n; i++) {
    heads[i] = c.head[i + 1];
    rel[i] = c.rel[i + 1];
  }
  return SR_OK;
}

const char *sr__parser_rel_name(const struct sr_parser *p, int i) {
  return i >= 0 && i < p->nrels ? p->rels[i] : "dep";
}

/* Parses a corpus sentence with the model; heads and rels sized n+1. */
static int parse_sentence(const struct sr_parser *p,
                          const struct sr_conllu_sentence *s, int *heads,
                          int *rels) {
  sr_arena a;
  const char **forms, **tags;
  size_t i;
  int ok;
  sr__arena_init(&a, p->arena.alloc);
  forms = sr__arena_alloc(&a, (s->count + 1) * sizeof *forms);
  tags = sr__arena_alloc(&a, (s->count + 1) * sizeof *tags);
  ok = forms && tags;
  for (i = 0; ok && i < s->count; i++) {
    forms[i] = s->words[i].form;
    tags[i] = s->words[i].xpos;
  }
  ok = ok &&
       sr__parser_parse(p, &a, s->count, forms, tags, heads, rels) == SR_OK;
  sr__arena_free(&a);
  return ok;
}

static int same_universal(const char *a, const char *b) {
  size_t la = strcspn(a, ":"), lb = strcspn(b, ":");
  return la == lb && !memcmp(a, b, la);
}

void sr__parser_score(const struct sr_parser *p, const struct sr_conllu *c,
                      double *uas, double *las) {
  size_t i, j, words = 0, u = 0, l = 0;
  for (i = 0; i < c->count; i++) {
    const struct sr_conllu_sentence *s = &c->sentences[i];
    int *heads = malloc((s->count + 1) * sizeof(int));
    int *rels = malloc((s->count + 1) * sizeof(int));
    if (heads && rels && parse_sentence(p, s, heads, rels))
      for (j = 0; j < s->count; j++) {
        if (heads[j] == s->words[j].head) {
          u++;
          l += same_universal(sr__parser_rel_name(p, rels[j]),
                              s->words[j].deprel);
        }
      }
    words += s->count;
    free(heads);
    free(rels);
  }
  *uas = words ? 100.0 * (double)u / (double)words : 0;
  *las = words ? 100.0 * (double)l / (double)words : 0;
}

/* ---- training ------------------------------------------------------------ */

static int is_projective(const struct sr_conllu_sentence *s) {
  size_t i, j;
  for (i = 0; i < s->count; i++) {
    int a = (int)i + 1, h = s->words[i].head;
    int lo = a < h ? a : h, hi = a < h ? h : a;
    if (h < 0)
      return 0;
    for (j = 0; j < s->count; j++) {
      int b = (int)j + 1, g = s->words[j].head;
      /* an arc with one end strictly inside (lo, hi) and one outside */
      if (b > lo && b < hi && (g < lo || g > hi))
        return 0;
    }
  }
  return 1;
}

static uint32_t next_rand(uint64_t *state) {
  *state = *state * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(*state >> 33);
}

static sr_status new_parser(const sr_allocator *a, unsigned abits,
                            unsigned lbits, size_t words, int training,
                            struct sr_parser **out, sr_error *err) {
  sr_arena arena;
  struct sr_parser *p;
  sr__arena_init(&arena, a);
  p = sr__arena_calloc(&arena, 1, sizeof *p);
  if (!p) {
    sr__arena_free(&arena);
    sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    return SR_ENOMEM;
  }
  p->arena = arena;
  p->action_bits = abits;
  p->label_bits = lbits;
  if (!idmap_init(&p->words, &p->arena, words) ||
      !idmap_init(&p->tags, &p->arena, MAX_TAGS)) {
    sr__parser_free(p);
    sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    return SR_ENOMEM;
  }
  (void)training;
  *out = p;
  return SR_OK;
}

static int alloc_weights(struct sr_parser *p, int training) {
  size_t arows = (size_t)1 << p->action_bits;
  size_t lrows = (size_t)1 << p->label_bits;
  p->aw = sr__arena_calloc(&p->arena, arows * NACTIONS, sizeof(float));
  p->lstride = (p->nrels + 7) & ~7;
  if (!training) /* loading: get_sparse_table allocates the rows */
    return p->aw != NULL;
  p->lw =
      sr__arena_calloc(&p->arena, lrows * (size_t)p->lstride, sizeof(float));
  if (training) {
    p->au = sr__arena_calloc(&p->arena, arows * NACTIONS, sizeof(float));
    p->lu =
        sr__arena_calloc(&p->arena, lrows * (size_t)p->lstride, sizeof(float));
  }
  return p->aw && p->lw && (!training || (p->au && p->lu));
}

/* Turns the running weights into their averages (w - u / t). */
static void average(struct sr_parser *p) {
  size_t i, na = ((size_t)1 << p->action_bits) * NACTIONS;
  size_t nl = ((size_t)1 << p->label_bits) * (size_t)p->lstride;
  for (i = 0; i < na; i++)
    p->aw[i] -= (float)(p->au[i] / p->t);
  for (i = 0; i < nl; i++)
    p->lw[i] -= (float)(p->lu[i] / p->t);
}

/* Builds vocabularies: words seen twice or more, every tag and relation. */
static sr_status build_vocab(struct sr_parser *p, const struct sr_conllu *c,
                             sr_error *err) {
  struct idmap counts;
  char low[256];
  size_t i, j;
  int next_word = FIRST_WORD, next_tag = FIRST_WORD;
  if (!idmap_init(&counts, &p->arena, c->words))
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  p->nrels = 0;
  for (i = 0; i < c->count; i++)
    for (j = 0; j < c->sentences[i].count; j++) {
      const struct sr_conllu_word *w = &c->sentences[i].words[j];
      int k, seen;
      lower_copy(low, w->form, sizeof low);
      seen = idmap_get(&counts, low);
      if (seen < 0) {
        if (idmap_add(&counts, &p->arena, low, 1) < 0)
          return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
      } else if (seen == 1) {
        size_t slot = (size_t)sr__hash_str(low) & (counts.cap - 1);
        while (strcmp(counts.keys[slot], low))
          slot = (slot + 1) & (counts.cap - 1);
        counts.values[slot] = 2;
        if (idmap_add(&p->words, &p->arena, low, next_word++) < 0)
          return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
      }
      if (idmap_get(&p->tags, w->xpos) < 0) {
        if (next_tag >= MAX_TAGS ||
            idmap_add(&p->tags, &p->arena, w->xpos, next_tag++) < 0)
          return sr__error(err, SR_ELIMIT, SIZE_MAX, 0,
                           "more than %d XPOS tags", MAX_TAGS - FIRST_WORD);
      }
      for (k = 0; k < p->nrels; k++)
        if (!strcmp(p->rels[k], w->deprel))
          break;
      if (k == p->nrels) {
        if (p->nrels >= MAX_RELS)
          return sr__error(err, SR_ELIMIT, SIZE_MAX, 0,
                           "more than %d relations", MAX_RELS);
        p->rels[p->nrels++] = w->deprel; /* lives in the corpus... */
      }
    }
  /* ...so copy the relation names into the model's arena */
  for (i = 0; i < (size_t)p->nrels; i++) {
    size_t len = strlen(p->rels[i]);
    char *s = sr__arena_alloc(&p->arena, len + 1);
    if (!s)
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    memcpy(s, p->rels[i], len + 1);
    p->rels[i] = s;
    if (!strcmp(s, "root"))
      p->root_rel = (int)i;
  }
  return SR_OK;
}

static int rel_index(const struct sr_parser *p, const char *name) {
  int k;
  for (k = 0; k < p->nrels; k++)
    if (!strcmp(p->rels[k], name))
      return k;
  return 0;
}

/* One training pass over a sentence. */
static void train_sentence(struct sr_parser *p, struct config *c,
                           const int *gold, const int *gold_rel, uint64_t *rng,
                           int explore) {
  uint64_t f[MAX_FEATS], lf[MAX_FEATS];
  size_t amask = ((size_t)1 << p->action_bits) - 1;
  size_t lmask = ((size_t)1 << p->label_bits) - 1;
  float s[NACTIONS];
  while (!cfg_done(c)) {
    int a, pred = -1, best_gold = -1, costs[NACTIONS], nf, next, r = 0, i;
    nf = action_features(c, f);
    score_actions(p, f, nf, s);
    for (a = 0; a < NACTIONS; a++) {
      costs[a] = valid(c, a) ? cost(c, a, gold) : -1;
      if (costs[a] < 0)
        continue;
      if (pred < 0 || s[a] > s[pred])
        pred = a;
      if (costs[a] == 0 && (best_gold < 0 || s[a] > s[best_gold]))
        best_gold = a;
    }
    if (best_gold < 0) /* no correct move left: take the cheapest */
      for (a = 0; a < NACTIONS; a++)
        if (costs[a] >= 0 && (best_gold < 0 || costs[a] < costs[best_gold]))
          best_gold = a;
    p->t += 1;
    if (costs[pred] > costs[best_gold]) {
      for (i = 0; i < nf; i++) {
        update(p->aw, p->au, f[i] & amask, NACTIONS, best_gold, 1, p->t);
        update(p->aw, p->au, f[i] & amask, NACTIONS, pred, -1, p->t);
      }
    }
    next = pred;
    if (costs[pred] > costs[best_gold] &&
        !(explore && next_rand(rng) % 100 < (uint32_t)explore))
      next = best_gold;
    if (next == LEFT || next == RIGHT) {
      int s0 = c->stack[c->sp - 1];
      int h = next == LEFT ? c->b : s0, d = next == LEFT ? s0 : c->b;
      if (h == 0) {
        r = p->root_rel;
      } else {
        int nl = label_features(c, h, d, lf), guess = best_label(p, lf, nl);
        r = guess;
        if (gold[d] == h && guess != gold_rel[d]) {
          for (i = 0; i < nl; i++) {
            update(p->lw, p->lu, lf[i] & lmask, p->lstride, gold_rel[d], 1,
                   p->t);
            update(p->lw, p->lu, lf[i] & lmask, p->lstride, guess, -1, p->t);
          }
          r = gold_rel[d];
        }
      }
    }
    apply(c, next, r);
  }
  { /* the root, chosen among the words left without a head */
    int groot = 0, proot = choose_root(p, c), i, nl;
    for (i = 1; i <= c->n; i++)
      if (gold[i] == 0)
        groot = i;
    if (groot && c->head[groot] < 0 && proot != groot) {
      nl = label_features(c, 0, groot, lf);
      for (i = 0; i < nl; i++)
        update(p->lw, p->lu, lf[i] & lmask, p->lstride, p->root_rel, 1, p->t);
      nl = label_features(c, 0, proot, lf);
      for (i = 0; i < nl; i++)
        update(p->lw, p->lu, lf[i] & lmask, p->lstride, p->root_rel, -1, p->t);
    }
  }
}

sr_status sr__parser_train(const struct sr_conllu *train,
                           const struct sr_conllu *dev,
                           const struct sr_parser_options *opt,
                           struct sr_parser **out, sr_error *err) {
  static const struct sr_parser_options defaults = {12, 1,    20,  18,
                                                    1,  NULL, NULL};
  struct sr_parser_options o = opt ? *opt : defaults;
  struct sr_parser *p;
  size_t *order, i, j, maxlen = 0, usable = 0, na, nl;
  double *sum_aw = NULL, *sum_lw = NULL;
  uint64_t rng;
  int epoch, run;
  sr_status st;
  sr_arena scratch;
  *out = NULL;
  if (!o.epochs)
    o.epochs = defaults.epochs;
  if (!o.seed)
    o.seed = defaults.seed;
  if (!o.action_bits)
    o.action_bits = defaults.action_bits;
  if (!o.label_bits)
    o.label_bits = defaults.label_bits;
  if (o.runs <= 0)
    o.runs = defaults.runs;
  if (o.action_bits > 24 || o.label_bits > 20)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "weight tables too large");
  st = new_parser(train->arena.alloc, o.action_bits, o.label_bits, train->words,
                  1, &p, err);
  if (st != SR_OK)
    return st;
  st = build_vocab(p, train, err);
  if (st != SR_OK || !alloc_weights(p, 1)) {
    sr__parser_free(p);
    return st != SR_OK
               ? st
               : sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  na = ((size_t)1 << p->action_bits) * NACTIONS;
  nl = ((size_t)1 << p->label_bits) * (size_t)p->lstride;
  order = malloc(train->count * sizeof *order);
  if (!order) {
    sr__parser_free(p);
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  for (i = 0; i < train->count; i++) {
    if (train->sentences[i].count > maxlen)
      maxlen = train->sentences[i].count;
    if (is_projective(&train->sentences[i]))
      order[usable++] = i;
  }
  if (o.runs > 1) {
    sum_aw = calloc(na, sizeof *sum_aw);
    sum_lw = calloc(nl, sizeof *sum_lw);
    if (!sum_aw || !sum_lw) {
      free(sum_aw);
      free(sum_lw);
      free(order);
      sr__parser_free(p);
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    }
  }
  rng = 0x9E3779B97F4A7C15ull ^ o.seed;
  sr__arena_init(&scratch, train->arena.alloc);
  for (run = 0; run < o.runs; run++) {
    if (run) { /* a fresh model; the sum keeps the earlier ones */
      memset(p->aw, 0, na * sizeof *p->aw);
      memset(p->au, 0, na * sizeof *p->au);
      memset(p->lw, 0, nl * sizeof *p->lw);
      memset(p->lu, 0, nl * sizeof *p->lu);
      p->t = 0;
    }
    for (epoch = 0; epoch < o.epochs; epoch++) {
      for (i = usable; i > 1; i--) { /* Fisher-Yates */
        size_t k = next_rand(&rng) % i, tmp = order[i - 1];
        order[i - 1] = order[k];
        order[k] = tmp;
      }
      for (i = 0; i < usable; i++) {
        const struct sr_conllu_sentence *s = &train->sentences[order[i]];
        struct config c;
        int *wid, *tid, *sid, *gold, *grel;
        const char **forms, **tags;
        sr__arena_free(&scratch);
        sr__arena_init(&scratch, train->arena.alloc);
        wid = sr__arena_alloc(&scratch, (s->count + 2) * sizeof(int));
        tid = sr__arena_alloc(&scratch, (s->count + 2) * sizeof(int));
        sid = sr__arena_alloc(&scratch, (s->count + 2) * sizeof(int));
        gold = sr__arena_alloc(&scratch, (s->count + 2) * sizeof(int));
        grel = sr__arena_alloc(&scratch, (s->count + 2) * sizeof(int));
        forms = sr__arena_alloc(&scratch, (s->count + 1) * sizeof *forms);
        tags = sr__arena_alloc(&scratch, (s->count + 1) * sizeof *tags);
        if (!wid || !tid || !sid || !gold || !grel || !forms || !tags ||
            !cfg_alloc(&c, &scratch, (int)s->count)) {
          st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
          goto fail;
        }
        for (j = 0; j < s->count; j++) {
          forms[j] = s->words[j].form;
          tags[j] = s->words[j].xpos;
          gold[j + 1] = s->words[j].head;
          grel[j + 1] = rel_index(p, s->words[j].deprel);
        }
        gold[0] = -1;
        word_ids(p, s->count, forms, tags, wid, tid, sid);
        c.wid = wid;
        c.tid = tid;
        c.sid = sid;
        cfg_start(&c, (int)s->count);
        /* explore from the second epoch: follow our own mistake 9 times in
         * 10 (dev UAS 87.1; 86.9 at 5 in 10, 86.2 never) */
        train_sentence(p, &c, gold, grel, &rng, epoch > 0 ? 90 : 0);
      }
      if (o.progress) {
        /* score the averaged weights without disturbing training */
        float *aw = malloc(na * sizeof *aw), *lw = malloc(nl * sizeof *lw);
        double uas = 0, las = 0;
        if (aw && lw) {
          memcpy(aw, p->aw, na * sizeof *aw);
          memcpy(lw, p->lw, nl * sizeof *lw);
          average(p);
          if (dev)
            sr__parser_score(p, dev, &uas, &las);
          memcpy(p->aw, aw, na * sizeof *aw);
          memcpy(p->lw, lw, nl * sizeof *lw);
        }
        free(aw);
        free(lw);
        o.progress(o.user, epoch + 1, uas, las);
      }
    }
    if (sum_aw) {
      average(p);
      for (i = 0; i < na; i++)
        sum_aw[i] += p->aw[i];
      for (i = 0; i < nl; i++)
        sum_lw[i] += p->lw[i];
    }
  }
  sr__arena_free(&scratch);
  free(order);
  if (sum_aw) {
    for (i = 0; i < na; i++)
      p->aw[i] = (float)sum_aw[i];
    for (i = 0; i < nl; i++)
      p->lw[i] = (float)sum_lw[i];
    free(sum_aw);
    free(sum_lw);
  } else {
    average(p);
  }
  p->au = p->lu = NULL; /* arena memory; no longer used */
  *out = p;
  return SR_OK;
fail:
  sr__arena_free(&scratch);
  free(order);
  sr__parser_free(p);
  return st;
}

/* ---- model files ----------------------------------------------------------
 */

#define PARSE_MAGIC "SRPARSE"
#define PARSE_VERSION 1u

static void put_u32(FILE *fp, uint32_t v) {
  unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8),
                        (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
  fwrite(b, 1, 4, fp);
}

static void put_str(FILE *fp, const char *s) {
  uint32_t n = (uint32_t)strlen(s);
  put_u32(fp, n);
  fwrite(s, 1, n, fp);
}

/* Writes rows of weights quantised to int16 with one scale per table,
 * leaving out rows that are all zero. */
/* Writes a rows x cols table whose rows are `stride` floats apart. */
static void put_table(FILE *fp, const float *w, size_t rows, int cols,
                      int stride) {
  size_t r, nonzero = 0;
  int c;
  float maxabs = 0, scale;
  for (r = 0; r < rows * (size_t)stride; r++)
    if (fabsf(w[r]) > maxabs)
      maxabs = fabsf(w[r]);
  scale = maxabs > 0 ? maxabs / 32767.0f : 1.0f;
  for (r = 0; r < rows; r++) {
    for (c = 0; c < cols; c++)
      if ((int)lrintf(w[r * (size_t)stride + (size_t)c] / scale))
        break;
    nonzero += c < cols;
  }
  put_u32(fp, (uint32_t)rows);
  put_u32(fp, (uint32_t)cols);
  {
    uint32_t bits;
    memcpy(&bits, &scale, 4);
    put_u32(fp, bits);
  }
  put_u32(fp, (uint32_t)nonzero);
  for (r = 0; r < rows; r++) {
    unsigned char buf[2 * MAX_RELS];
    int any = 0;
    for (c = 0; c < cols; c++) {
      long q = lrintf(w[r * (size_t)stride + (size_t)c] / scale);
      uint16_t u = (uint16_t)(int16_t)q;
      any |= q != 0;
      buf[2 * c] = (unsigned char)u;
      buf[2 * c + 1] = (unsigned char)(u >> 8);
    }
    if (!any)
      continue;
    put_u32(fp, (uint32_t)r);
    fwrite(buf, 2, (size_t)cols, fp);
  }
}

sr_status sr__parser_save(const struct sr_parser *p, const char *path,
                          sr_error *err) {
  FILE *fp = fopen(path, "wb");
  size_t i;
  if (!fp)
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: cannot write: %s", path,
                     strerror(errno));
  if (p->lrow) {
    fclose(fp);
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "%s: only a freshly trained parser can be saved", path);
  }
  fwrite(PARSE_MAGIC, 1, 8, fp); /* includes the NUL */
  put_u32(fp, PARSE_VERSION);
  put_u32(fp, p->action_bits);
  put_u32(fp, p->label_bits);
  put_u32(fp, (uint32_t)p->nrels);
  put_u32(fp, (uint32_t)p->root_rel);
  for (i = 0; i < (size_t)p->nrels; i++)
    put_str(fp, p->rels[i]);
  put_u32(fp, (uint32_t)p->tags.count);
  for (i = 0; i < p->tags.cap; i++)
    if (p->tags.keys[i]) {
      put_str(fp, p->tags.keys[i]);
      put_u32(fp, (uint32_t)p->tags.values[i]);
    }
  put_u32(fp, (uint32_t)p->words.count);
  for (i = 0; i < p->words.cap; i++)
    if (p->words.keys[i]) {
      put_str(fp, p->words.keys[i]);
      put_u32(fp, (uint32_t)p->words.values[i]);
    }
  put_table(fp, p->aw, (size_t)1 << p->action_bits, NACTIONS, NACTIONS);
  put_table(fp, p->lw, (size_t)1 << p->label_bits, p->nrels, p->lstride);
  if (ferror(fp) || fclose(fp) != 0)
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: write error", path);
  return SR_OK;
}

/* A bounds-checked reader over the whole file in memory. */
struct rd {
  const unsigned char *p, *end;
  int bad;
};

static uint32_t get_u32(struct rd *r) {
  uint32_t v;
  if (r->end - r->p < 4) {
    r->bad = 1;
    return 0;
  }
  v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 |
      (uint32_t)r->p[3] << 24;
  r->p += 4;
  return v;
}

static char *get_str(struct rd *r, sr_arena *a) {
  uint32_t n = get_u32(r);
  char *s;
  if (r->bad || n > 4096 || (size_t)(r->end - r->p) < n) {
    r->bad = 1;
    return NULL;
  }
  s = sr__arena_alloc(a, n + 1);
  if (!s) {
    r->bad = 1;
    return NULL;
  }
  memcpy(s, r->p, n);
  s[n] = '\0';
  r->p += n;
  return s;
}

/* Reads the header put_table writes and checks it against the expected
 * shape and the bytes left: the scale and the number of rows that follow. */
static int get_table_header(struct rd *r, size_t rows, int cols, float *scale,
                            uint32_t *nonzero) {
  uint32_t bits;
  if (get_u32(r) != rows || get_u32(r) != (uint32_t)cols)
    return 0;
  bits = get_u32(r);
  memcpy(scale, &bits, 4);
  *nonzero = get_u32(r);
  return !r->bad && *scale > 0 && *nonzero <= rows &&
         (size_t)(r->end - r->p) / (4 + 2 * (size_t)cols) >= *nonzero;
}

/* Reads a table written by put_table into the dense rows x cols table w. */
static int get_table(struct rd *r, float *w, size_t rows, int cols) {
  uint32_t nonzero, i;
  float scale;
  if (!get_table_header(r, rows, cols, &scale, &nonzero))
    return 0;
  for (i = 0; i < nonzero; i++) {
    uint32_t row = get_u32(r);
    int c;
    if (row >= rows)
      return 0;
    for (c = 0; c < cols; c++) {
      int16_t q = (int16_t)(uint16_t)(r->p[0] | r->p[1] << 8);
      w[(size_t)row * (size_t)cols + (size_t)c] = (float)q * scale;
      r->p += 2;
    }
  }
  return !r->bad;
}

/* Reads a table written by put_table keeping only its nonzero rows: they
 * go to p->lw, lstride floats apart, in file order, and p->lrow maps hash
 * rows to them. */
static int get_sparse_table(struct rd *r, struct sr_parser *p, size_t rows,
                            int cols) {
  uint32_t nonzero, i;
  float scale;
  size_t stride = (size_t)p->lstride;
  if (!get_table_header(r, rows, cols, &scale, &nonzero))
    return 0;
  p->lrow = sr__arena_calloc(&p->arena, rows, sizeof *p->lrow);
  p->lw =
      sr__arena_calloc(&p->arena, (size_t)nonzero + 1, stride * sizeof *p->lw);
  if (!p->lrow || !p->lw)
    return 0;
  for (i = 0; i < nonzero; i++) {
    uint32_t row = get_u32(r);
    int c;
    if (r->bad || row >= rows || p->lrow[row])
      return 0;
    p->lrow[row] = i + 1;
    for (c = 0; c < cols; c++) {
      int16_t q = (int16_t)(uint16_t)(r->p[0] | r->p[1] << 8);
      p->lw[(size_t)i * stride + (size_t)c] = (float)q * scale;
      r->p += 2;
    }
  }
  return !r->bad;
}

sr_status sr__parser_load(const sr_allocator *a, const char *path,
                          struct sr_parser **out, sr_error *err) {
  char *buf;
  size_t len;
  sr_status st = sr__read_file(path, (size_t)1 << 31, &buf, &len, err);
  *out = NULL;
  if (st != SR_OK)
    return st;
  st = sr__parser_load_memory(a, path, (const unsigned char *)buf, len, out,
                              err);
  free(buf);
  return st;
}

sr_status sr__parser_load_memory(const sr_allocator *a, const char *name,
                                 const unsigned char *buf, size_t len,
                                 struct sr_parser **out, sr_error *err) {
  struct rd r;
  struct sr_parser *p = NULL;
  uint32_t version, abits, lbits, nrels, root, ntags, nwords, i;
  sr_status st;
  const char *path = name ? name : "(parser model)";
  *out = NULL;
  r.p = buf;
  r.end = buf + len;
  r.bad = 0;
  if (len < 8 || memcmp(buf, PARSE_MAGIC, 8))
    return sr__error(err, SR_EPARSE, 0, 0, "%s: not a sitrep parser model",
                     path);
  r.p += 8;
  version = get_u32(&r);
  if (version != PARSE_VERSION)
    return sr__error(err, SR_EPARSE, 8, 0,
                     "%s: parser model version %u; this sitrep reads "
                     "version %u",
                     path, version, PARSE_VERSION);
  abits = get_u32(&r);
  lbits = get_u32(&r);
  nrels = get_u32(&r);
  root = get_u32(&r);
  /* bound the tables a header can ask for: 2^26 floats (256 MB) each */
  if (r.bad || abits < 4 || abits > 24 || lbits < 4 || lbits > 24 || !nrels ||
      nrels > MAX_RELS || root >= nrels ||
      ((uint64_t)nrels << lbits) > ((uint64_t)1 << 26))
    return sr__error(err, SR_EPARSE, SIZE_MAX, 0,
                     "%s: inconsistent parser model header", path);
  st = new_parser(a, abits, lbits, 16, 0, &p, err);
  if (st != SR_OK)
    return st;
  p->nrels = (int)nrels;
  p->root_rel = (int)root;
  for (i = 0; i < nrels && !r.bad; i++)
    if (!(p->rels[i] = get_str(&r, &p->arena)))
      r.bad = 1;
  ntags = get_u32(&r);
  if (ntags > MAX_TAGS)
    r.bad = 1;
  for (i = 0; i < ntags && !r.bad; i++) {
    char *s = get_str(&r, &p->arena);
    uint32_t id = get_u32(&r);
    if (!s || id >= MAX_TAGS || idmap_add(&p->tags, &p->arena, s, (int)id) < 0)
      r.bad = 1;
  }
  nwords = get_u32(&r);
  /* each word needs at least 8 bytes: refuse counts the file cannot hold */
  if (!r.bad && nwords > (size_t)(r.end - r.p) / 8)
    r.bad = 1;
  if (!r.bad && !idmap_init(&p->words, &p->arena, nwords))
    r.bad = 1;
  for (i = 0; i < nwords && !r.bad; i++) {
    char *s = get_str(&r, &p->arena);
    uint32_t id = get_u32(&r);
    if (!s || id > INT32_MAX || idmap_add(&p->words, &p->arena, s, (int)id) < 0)
      r.bad = 1;
  }
  if (r.bad || !alloc_weights(p, 0) ||
      !get_table(&r, p->aw, (size_t)1 << abits, NACTIONS) ||
      !get_sparse_table(&r, p, (size_t)1 << lbits, (int)nrels) ||
      r.p != r.end) {
    sr__parser_free(p);
    return sr__error(err, SR_EPARSE, SIZE_MAX, 0,
                     "%s: truncated or inconsistent parser model", path);
  }
  *out = p;
  return SR_OK;
}

void sr__parser_free(struct sr_parser *p) {
  sr_arena a;
  if (!p)
    return;
  a = p->arena;
  sr__arena_free(&a);
}
