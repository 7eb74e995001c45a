/*
 * eval.c - `sitrep eval tokenize GOLD.conllu`: tokenizer and sentence
 * splitter accuracy on a UD treebank.
 *
 * The gold file's documents are rebuilt as raw text the way a user would
 * hold them: the sentences of a paragraph joined by one space, paragraphs
 * by a blank line. Each rebuilt document goes through the same path as
 * `sitrep tokenize --raw`, and predicted and gold tokens (UD words) and
 * sentences are compared as exact byte spans: precision, recall, F1. Words
 * of a multiword token ("don't" = do + n't) get their slice of the token's
 * span when their forms spell it, as they do in English-EWT.
 *
 * `sitrep eval parse GOLD.conllu` does the same with the analysis on
 * (`sitrep parse --raw`) and scores, over the tokens whose spans match a
 * gold word, UPOS and the attachment: a head is right when the predicted
 * head token has the gold head word's span (or both are the root), LAS
 * also wants the universal relation. As in the CoNLL 2018 shared task the
 * counts give precision over predicted tokens, recall over gold words, and
 * F1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct span {
  size_t start, end;
  /* for gold words and predicted tokens under `eval parse`: */
  size_t hstart, hend; /* span of the head; both SIZE_MAX for the root, both
                          0 when the head could not be placed */
  char rel[16];        /* universal relation (the part before ':') */
  char upos[8];
};

struct spans {
  struct span *v;
  size_t n, cap;
};

static int spans_add(struct spans *s, size_t start, size_t end) {
  struct span *sp;
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 1024;
    struct span *nv = realloc(s->v, cap * sizeof *nv);
    if (!nv)
      return 0;
    s->v = nv;
    s->cap = cap;
  }
  sp = &s->v[s->n++];
  memset(sp, 0, sizeof *sp);
  sp->start = start;
  sp->end = end;
  return 1;
}

struct buf {
  char *p;
  size_t n, cap;
};

static int buf_add(struct buf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    char *np;
    while (cap < b->n + n + 1)
      cap *= 2;
    np = realloc(b->p, cap);
    if (!np)
      return 0;
    b->p = np;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
  return 1;
}

struct counts {
  size_t gold, pred, hit;
};

/* Attachment counts over aligned words (eval parse). */
struct parse_counts {
  size_t upos, uas, las;
};

/* Copies the universal part of a relation ("nsubj" of "nsubj:pass"). */
static void universal_rel(char *dst, size_t cap, const char *rel, size_t n) {
  size_t k = 0;
  while (k < n && rel[k] != ':' && k + 1 < cap) {
    dst[k] = rel[k];
    k++;
  }
  dst[k] = '\0';
}

/* Scores the aligned pairs of two span lists sorted by start. */
static void compare_parse(const struct spans *gold, const struct spans *pred,
                          struct parse_counts *c) {
  size_t i = 0, j = 0;
  while (i < gold->n && j < pred->n) {
    const struct span *g = &gold->v[i], *p = &pred->v[j];
    if (g->start == p->start && g->end == p->end) {
      int head = g->hend != 0 && g->hstart == p->hstart && g->hend == p->hend;
      c->upos += !strcmp(g->upos, p->upos);
      c->uas += head;
      c->las += head && !strcmp(g->rel, p->rel);
      i++;
      j++;
    } else if (g->start < p->start ||
               (g->start == p->start && g->end < p->end)) {
      i++;
    } else {
      j++;
    }
  }
}

/* Both lists are sorted by start (they are built in text order). */
static void compare(const struct spans *gold, const struct spans *pred,
                    struct counts *c) {
  size_t i = 0, j = 0;
  c->gold += gold->n;
  c->pred += pred->n;
  while (i < gold->n && j < pred->n) {
    const struct span *g = &gold->v[i], *p = &pred->v[j];
    if (g->start == p->start && g->end == p->end) {
      c->hit++;
      i++;
      j++;
    } else if (g->start < p->start ||
               (g->start == p->start && g->end < p->end)) {
      i++;
    } else {
      j++;
    }
  }
}

struct eval_state {
  sr_engine *engine;
  struct buf text; /* the document being rebuilt */
  struct spans gold_tok, gold_sent;
  struct counts tok, sent;
  size_t docs, unaligned;
  int show_errors; /* sentence errors still to print */
  int parse;       /* eval parse: analyse and score the trees too */
  struct parse_counts attach;
};

/* Runs the rebuilt document through sitrep and scores it. */
static int score_doc(struct eval_state *st) {
  sr_doc_options opt;
  sr_doc *d = NULL;
  sr_error err;
  struct spans pt = {0}, ps = {0};
  size_t i;
  if (!st->text.n)
    return 1;
  memset(&opt, 0, sizeof opt);
  opt.raw = 1;
  opt.format = SR_FORMAT_TEXT;
  opt.analyze = st->parse;
  if (sr_doc_parse(st->engine, st->text.p, st->text.n, &opt, &d, &err) !=
      SR_OK) {
    fprintf(stderr, "sitrep eval: %s\n", err.msg);
    return 0;
  }
  for (i = 0; i < sr_doc_token_count(d); i++) {
    const sr_token *t = sr_doc_token(d, i);
    if (!spans_add(&pt, t->start, t->end))
      goto nomem;
  }
  for (i = 0; i < sr_doc_sentence_count(d); i++) {
    const sr_sentence *s = sr_doc_sentence(d, i);
    size_t k;
    if (!spans_add(&ps, s->start, s->end))
      goto nomem;
    for (k = 0; st->parse && k < s->token_count; k++) {
      const sr_token *t = sr_doc_token(d, s->first_token + k), *h;
      struct span *p;
      if (!t || !pt.v || s->first_token + k >= pt.n)
        break;
      p = &pt.v[s->first_token + k];
      h = t->head ? sr_doc_token(d, s->first_token + t->head - 1) : NULL;
      if (t->head == 0) {
        p->hstart = p->hend = SIZE_MAX;
      } else if (h) {
        p->hstart = h->start;
        p->hend = h->end;
      }
      universal_rel(p->rel, sizeof p->rel, t->deprel ? t->deprel : "",
                    t->deprel ? strlen(t->deprel) : 0);
      snprintf(p->upos, sizeof p->upos, "%.7s", t->upos ? t->upos : "");
    }
  }
  compare(&st->gold_tok, &pt, &st->tok);
  if (st->parse)
    compare_parse(&st->gold_tok, &pt, &st->attach);
  compare(&st->gold_sent, &ps, &st->sent);
  /* print token errors: gold tokens not predicted, with what was */
  for (i = 0; st->show_errors > 0 && i < st->gold_tok.n; i++) {
    size_t j, found = 0;
    const struct span *g = &st->gold_tok.v[i];
    for (j = 0; j < pt.n && pt.v[j].start <= g->start; j++)
      if (pt.v[j].start == g->start && pt.v[j].end == g->end)
        found = 1;
    if (!found) {
      size_t a = g->start > 20 ? g->start - 20 : 0;
      size_t b = g->end + 20 < st->text.n ? g->end + 20 : st->text.n;
      printf("TOKEN: [%.*s] in ...%.*s...\n", (int)(g->end - g->start),
             st->text.p + g->start, (int)(b - a), st->text.p + a);
      st->show_errors--;
    }
  }
  /* print predicted tokens that are not gold */
  for (i = 0; st->show_errors > 0 && i < pt.n; i++) {
    size_t j, found = 0;
    const struct span *p = &pt.v[i];
    for (j = 0; j < st->gold_tok.n && st->gold_tok.v[j].start <= p->start; j++)
      if (st->gold_tok.v[j].start == p->start &&
          st->gold_tok.v[j].end == p->end)
        found = 1;
    if (!found) {
      size_t a = p->start > 20 ? p->start - 20 : 0;
      size_t b = p->end + 20 < st->text.n ? p->end + 20 : st->text.n;
      printf("EXTRA: [%.*s] in ...%.*s...\n", (int)(p->end - p->start),
             st->text.p + p->start, (int)(b - a), st->text.p + a);
      st->show_errors--;
    }
  }
  /* print sentence errors: gold sentences not found, with context */
  for (i = 0; st->show_errors > 0 && i < st->gold_sent.n; i++) {
    size_t j, found = 0;
    const struct span *g = &st->gold_sent.v[i];
    for (j = 0; j < ps.n; j++)
      if (ps.v[j].start == g->start && ps.v[j].end == g->end)
        found = 1;
    if (!found) {
      printf("MISSED: %.*s\n", (int)(g->end - g->start), st->text.p + g->start);
      for (j = 0; j < ps.n; j++)
        if (ps.v[j].end > g->start && ps.v[j].start < g->end)
          printf("   got: %.*s\n", (int)(ps.v[j].end - ps.v[j].start),
                 st->text.p + ps.v[j].start);
      st->show_errors--;
    }
  }
  sr_doc_free(d);
  free(pt.v);
  free(ps.v);
  st->docs++;
  st->text.n = 0;
  st->gold_tok.n = 0;
  st->gold_sent.n = 0;
  return 1;
nomem:
  fprintf(stderr, "sitrep eval: out of memory\n");
  sr_doc_free(d);
  free(pt.v);
  free(ps.v);
  return 0;
}

/* Finds `form` in the text from *cursor, skipping whitespace. */
static int locate(const struct buf *text, size_t *cursor, const char *form,
                  size_t len, size_t *start) {
  size_t i = *cursor;
  while (i < text->n && (text->p[i] == ' ' || text->p[i] == '\n'))
    i++;
  if (i + len <= text->n && !memcmp(text->p + i, form, len)) {
    *start = i;
    *cursor = i + len;
    return 1;
  }
  return 0;
}

static double pct(size_t a, size_t b) {
  return b ? 100.0 * (double)a / (double)b : 0;
}

static double f1(const struct counts *c) {
  double p = pct(c->hit, c->pred), r = pct(c->hit, c->gold);
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* The words of the gold sentence being read, for eval parse: where each
 * word ID's span went in gold_tok (SIZE_MAX: not found in the text), its
 * head ID, relation and UPOS, until the sentence ends and heads can be
 * turned into spans. */
#define MAX_GOLD_WORDS 1024
struct gold_sentence {
  size_t index[MAX_GOLD_WORDS + 1];
  long head[MAX_GOLD_WORDS + 1];
  size_t count; /* highest ID seen */
};

/* Records word `id` (its span, if found, is the last of st->gold_tok). */
static void gold_word(struct eval_state *st, struct gold_sentence *gs,
                      size_t id, int found, const char *rest) {
  char col[5][32];
  size_t k = 0, n;
  struct span *g;
  if (id == 0 || id > MAX_GOLD_WORDS)
    return;
  while (gs->count < id)
    gs->index[++gs->count] = SIZE_MAX;
  gs->index[id] = found ? st->gold_tok.n - 1 : SIZE_MAX;
  gs->head[id] = -1;
  if (!found)
    return;
  /* rest: LEMMA UPOS XPOS FEATS HEAD DEPREL ... */
  memset(col, 0, sizeof col);
  for (k = 0; k < 6 && rest; k++) {
    const char *tab = strchr(rest, '\t');
    n = tab ? (size_t)(tab - rest) : strlen(rest);
    if (k == 1)
      snprintf(col[0], sizeof col[0], "%.*s", (int)n, rest);
    else if (k == 4)
      snprintf(col[1], sizeof col[1], "%.*s", (int)n, rest);
    else if (k == 5)
      snprintf(col[2], sizeof col[2], "%.*s", (int)n, rest);
    rest = tab ? tab + 1 : NULL;
  }
  g = &st->gold_tok.v[st->gold_tok.n - 1];
  snprintf(g->upos, sizeof g->upos, "%.7s", col[0]);
  universal_rel(g->rel, sizeof g->rel, col[2], strlen(col[2]));
  gs->head[id] = col[1][0] ? strtol(col[1], NULL, 10) : -1;
}

/* At the end of a gold sentence: each word's head ID becomes a span. */
static void gold_heads(struct eval_state *st, struct gold_sentence *gs) {
  size_t id;
  for (id = 1; id <= gs->count; id++) {
    struct span *g;
    long h = gs->head[id];
    if (gs->index[id] == SIZE_MAX)
      continue;
    g = &st->gold_tok.v[gs->index[id]];
    if (h == 0) {
      g->hstart = g->hend = SIZE_MAX;
    } else if (h > 0 && (size_t)h <= gs->count && gs->index[h] != SIZE_MAX) {
      g->hstart = st->gold_tok.v[gs->index[h]].start;
      g->hend = st->gold_tok.v[gs->index[h]].end;
    }
  }
  gs->count = 0;
}

static int eval_tokenize(const char *path, double min_tok, double min_sent,
                         int show_errors, int parse) {
  FILE *fp = fopen(path, "r");
  struct eval_state st;
  char line[65536];
  size_t lineno = 0, cursor = 0, sent_start = 0;
  size_t mwt_start = 0, mwt_end = 0, mwt_last = 0, mwt_pos = 0, mwt_first = 0;
  int in_sent = 0, new_par = 0, mwt_ok = 0, rc = EXIT_OK;
  struct gold_sentence *gs;
  sr_config cfg;
  sr_error err;

  if (!fp) {
    fprintf(stderr, "sitrep eval: cannot open %s\n", path);
    return EXIT_USAGE;
  }
  memset(&st, 0, sizeof st);
  st.show_errors = show_errors;
  st.parse = parse;
  memset(&cfg, 0, sizeof cfg);
  cfg.analyze = parse;
  gs = calloc(1, sizeof *gs);
  if (!gs || sr_engine_open(&cfg, &st.engine, &err) != SR_OK) {
    fprintf(stderr, "sitrep eval: %s\n", gs ? err.msg : "out of memory");
    free(gs);
    fclose(fp);
    return EXIT_FATAL;
  }
  while (fgets(line, sizeof line, fp)) {
    size_t len = strlen(line);
    lineno++;
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
      line[--len] = '\0';
    if (!strncmp(line, "# newdoc", 8)) {
      if (!score_doc(&st)) {
        rc = EXIT_FATAL;
        break;
      }
      cursor = 0;
      continue;
    }
    if (!strncmp(line, "# newpar", 8)) {
      new_par = 1;
      continue;
    }
    if (!strncmp(line, "# text = ", 9)) {
      if (st.text.n)
        buf_add(&st.text, new_par ? "\n\n" : " ", new_par ? 2 : 1);
      new_par = 0;
      sent_start = st.text.n;
      cursor = st.text.n;
      buf_add(&st.text, line + 9, len - 9);
      in_sent = 1;
      continue;
    }
    if (line[0] == '#')
      continue;
    if (!len) {
      if (in_sent)
        spans_add(&st.gold_sent, sent_start, st.text.n);
      gold_heads(&st, gs);
      in_sent = 0;
      continue;
    }
    {
      char *tab = strchr(line, '\t'), *form, *end, *rest;
      size_t id_a, id_b = 0, start;
      if (!tab) {
        fprintf(stderr, "sitrep eval: %s:%zu: not a CoNLL-U line\n", path,
                lineno);
        rc = EXIT_SKIPPED;
        continue;
      }
      form = tab + 1;
      end = strchr(form, '\t');
      if (!end)
        continue;
      *end = '\0';
      rest = end + 1;
      if (strchr(line, '.') && strchr(line, '.') < tab)
        continue; /* empty node */
      id_a = strtoul(line, NULL, 10);
      if (strchr(line, '-') && strchr(line, '-') < tab) {
        id_b = strtoul(strchr(line, '-') + 1, NULL, 10);
        if (locate(&st.text, &cursor, form, strlen(form), &start)) {
          mwt_start = start;
          mwt_end = start + strlen(form);
          mwt_pos = start;
          mwt_first = id_a;
          mwt_last = id_b;
          mwt_ok = 1;
        } else {
          st.unaligned++;
          mwt_ok = 0;
          mwt_last = id_b;
          mwt_first = id_a;
        }
        continue;
      }
      if (id_a >= mwt_first && id_a <= mwt_last && mwt_last) {
        size_t fl = strlen(form);
        if (mwt_ok && mwt_pos + fl <= mwt_end &&
            !memcmp(st.text.p + mwt_pos, form, fl)) {
          spans_add(&st.gold_tok, mwt_pos, mwt_pos + fl);
          mwt_pos += fl;
          gold_word(&st, gs, id_a, 1, rest);
        } else if (mwt_ok) {
          st.unaligned++;
          spans_add(&st.gold_tok, mwt_start, mwt_end);
          mwt_ok = 0;
          gold_word(&st, gs, id_a, 0, rest);
        } else {
          gold_word(&st, gs, id_a, 0, rest);
        }
        if (id_a == mwt_last)
          mwt_last = 0;
        continue;
      }
      if (locate(&st.text, &cursor, form, strlen(form), &start)) {
        spans_add(&st.gold_tok, start, start + strlen(form));
        gold_word(&st, gs, id_a, 1, rest);
      } else {
        st.unaligned++;
        gold_word(&st, gs, id_a, 0, rest);
      }
    }
  }
  if (rc != EXIT_FATAL && !score_doc(&st))
    rc = EXIT_FATAL;
  fclose(fp);
  printf("documents: %zu (gold words not found in the text: %zu)\n", st.docs,
         st.unaligned);
  printf("tokens:    P %.3f  R %.3f  F1 %.3f  (gold %zu, predicted %zu)\n",
         pct(st.tok.hit, st.tok.pred), pct(st.tok.hit, st.tok.gold),
         f1(&st.tok), st.tok.gold, st.tok.pred);
  printf("sentences: P %.3f  R %.3f  F1 %.3f  (gold %zu, predicted %zu)\n",
         pct(st.sent.hit, st.sent.pred), pct(st.sent.hit, st.sent.gold),
         f1(&st.sent), st.sent.gold, st.sent.pred);
  if (parse) {
    struct counts c = st.tok;
    const char *names[3] = {"UPOS", "UAS", "LAS"};
    size_t hits[3], k;
    hits[0] = st.attach.upos;
    hits[1] = st.attach.uas;
    hits[2] = st.attach.las;
    for (k = 0; k < 3; k++) {
      c.hit = hits[k];
      printf("%-10s P %.3f  R %.3f  F1 %.3f  (aligned words: %zu right)\n",
             names[k], pct(c.hit, c.pred), pct(c.hit, c.gold), f1(&c), hits[k]);
    }
  }
  free(gs);
  if (rc == EXIT_OK && (f1(&st.tok) < min_tok || f1(&st.sent) < min_sent)) {
    printf("BELOW FLOOR: token F1 must be >= %.2f, sentence F1 >= %.2f\n",
           min_tok, min_sent);
    rc = EXIT_SKIPPED;
  }
  sr_engine_close(st.engine);
  free(st.text.p);
  free(st.gold_tok.v);
  free(st.gold_sent.v);
  return rc;
}

/* The floors of `sitrep eval conllu --min-NAME X`. */
static const char *const floor_names[] = {"upos", "xpos", "lemma", "uas",
                                          "las"};

static int eval_conllu(int argc, char **argv) {
  sr_eval_scores sc;
  sr_error err;
  double floors[5] = {0, 0, 0, 0, 0}, got[5];
  const char *files[2] = {NULL, NULL};
  int i, k, nfiles = 0, rc = EXIT_OK;
  for (i = 2; i < argc; i++) {
    if (!strncmp(argv[i], "--min-", 6) && i + 1 < argc) {
      for (k = 0; k < 5; k++)
        if (!strcmp(argv[i] + 6, floor_names[k]))
          break;
      if (k == 5) {
        fprintf(stderr, "sitrep eval: unknown option '%s'\n", argv[i]);
        return EXIT_USAGE;
      }
      floors[k] = strtod(argv[++i], NULL);
    } else if (argv[i][0] == '-' || nfiles == 2) {
      fprintf(stderr, "usage: sitrep eval conllu [--min-upos X ...] "
                      "GOLD.conllu PRED.conllu\n");
      return EXIT_USAGE;
    } else {
      files[nfiles++] = argv[i];
    }
  }
  if (nfiles != 2) {
    fprintf(stderr, "usage: sitrep eval conllu [--min-upos X ...] "
                    "GOLD.conllu PRED.conllu\n");
    return EXIT_USAGE;
  }
  if (sr_eval_conllu(files[0], files[1], &sc, &err) != SR_OK) {
    fprintf(stderr, "sitrep eval: %s\n", err.msg);
    return err.code == SR_EIO ? EXIT_USAGE : EXIT_SKIPPED;
  }
  printf("sentences %zu, words %zu (gold tokenization)\n", sc.sentences,
         sc.words);
  printf("UPOS %.2f  XPOS %.2f  lemma %.2f", sc.upos, sc.xpos, sc.lemma);
  if (sc.has_tree)
    printf("  UAS %.2f  LAS %.2f", sc.uas, sc.las);
  printf("\n");
  got[0] = sc.upos;
  got[1] = sc.xpos;
  got[2] = sc.lemma;
  got[3] = sc.has_tree ? sc.uas : 0;
  got[4] = sc.has_tree ? sc.las : 0;
  for (k = 0; k < 5; k++)
    if (floors[k] > 0 && got[k] < floors[k]) {
      printf("FAIL: %s %.2f is below the floor %.2f\n", floor_names[k], got[k],
             floors[k]);
      rc = EXIT_SKIPPED;
    }
  return rc;
}

static const char usage_eval[] =
    "Usage: sitrep eval conllu [OPTION...] GOLD.conllu PRED.conllu\n"
    "\n"
    "Compares predicted CoNLL-U with gold on the same words: UPOS, XPOS,\n"
    "lemma accuracy and, when the prediction has heads, UAS and LAS (LAS on\n"
    "the universal relation, as the CoNLL 2018 script scores it). Make PRED\n"
    "with 'sitrep parse --input conllu GOLD.conllu'.\n"
    "\n"
    "Options:\n"
    "  --min-upos X, --min-xpos X, --min-lemma X, --min-uas X, --min-las X\n"
    "                        exit 1 if that figure is below X\n"
    "\n"
    "Usage: sitrep eval tokenize [OPTION...] GOLD.conllu\n"
    "\n"
    "Rebuilds the gold treebank's documents as raw text (sentences of a\n"
    "paragraph joined by a space, paragraphs by a blank line), tokenizes\n"
    "them as 'sitrep tokenize --raw' does and prints precision, recall and\n"
    "F1 of tokens (UD words) and sentences on exact byte spans.\n"
    "\n"
    "Usage: sitrep eval parse [OPTION...] GOLD.conllu\n"
    "\n"
    "The same through the whole analysis ('sitrep parse --raw'), adding UPOS,\n"
    "UAS and LAS over the tokens whose spans match gold words (a head is\n"
    "right when its span is the gold head's): P over predicted tokens, R over\n"
    "gold words, F1, as the CoNLL 2018 shared task scores raw text.\n"
    "\n"
    "Options:\n"
    "  --min-token-f1 X      exit 1 if token F1 is below X\n"
    "  --min-sentence-f1 X   exit 1 if sentence F1 is below X\n"
    "  --show-errors N       print the first N missed gold sentences\n"
    "\n"
    "Usage: sitrep eval petrarch [OPTION...] FILE.xml\n"
    "\n"
    "Event coding on PETRARCH validation records; see\n"
    "'sitrep eval petrarch --help'.\n"
    "\n"
    "Usage: sitrep eval plover [OPTION...] PLOVER_GSR_CAMEO.txt\n"
    "\n"
    "Event coding from raw text on the PLOVER gold standard records; see\n"
    "'sitrep eval plover --help'.\n";

int cli_eval(int argc, char **argv) {
  double min_tok = 0, min_sent = 0;
  int show = 0, i, parse;
  const char *gold = NULL;
  if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
    fputs(usage_eval, argc < 2 ? stderr : stdout);
    return argc < 2 ? EXIT_USAGE : EXIT_OK;
  }
  if (!strcmp(argv[1], "conllu"))
    return eval_conllu(argc, argv);
  if (!strcmp(argv[1], "petrarch"))
    return cli_eval_petrarch(argc - 1, argv + 1);
  if (!strcmp(argv[1], "plover"))
    return cli_eval_plover(argc - 1, argv + 1);
  parse = !strcmp(argv[1], "parse");
  if (strcmp(argv[1], "tokenize") && !parse) {
    fprintf(stderr,
            "sitrep eval: unknown evaluation '%s' (tokenize, parse, conllu, "
            "petrarch or plover)\n",
            argv[1]);
    return EXIT_USAGE;
  }
  for (i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--min-token-f1") && i + 1 < argc)
      min_tok = strtod(argv[++i], NULL);
    else if (!strcmp(argv[i], "--min-sentence-f1") && i + 1 < argc)
      min_sent = strtod(argv[++i], NULL);
    else if (!strcmp(argv[i], "--show-errors") && i + 1 < argc)
      show = (int)strtol(argv[++i], NULL, 10);
    else if (argv[i][0] == '-') {
      fprintf(stderr, "sitrep eval: unknown option '%s'\n", argv[i]);
      return EXIT_USAGE;
    } else
      gold = argv[i];
  }
  if (!gold) {
    fputs(usage_eval, stderr);
    return EXIT_USAGE;
  }
  return eval_tokenize(gold, min_tok, min_sent, show, parse);
}
