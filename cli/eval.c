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
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct span {
  size_t start, end;
};

struct spans {
  struct span *v;
  size_t n, cap;
};

static int spans_add(struct spans *s, size_t start, size_t end) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 1024;
    struct span *nv = realloc(s->v, cap * sizeof *nv);
    if (!nv)
      return 0;
    s->v = nv;
    s->cap = cap;
  }
  s->v[s->n].start = start;
  s->v[s->n].end = end;
  s->n++;
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
    if (!spans_add(&ps, s->start, s->end))
      goto nomem;
  }
  compare(&st->gold_tok, &pt, &st->tok);
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

static int eval_tokenize(const char *path, double min_tok, double min_sent,
                         int show_errors) {
  FILE *fp = fopen(path, "r");
  struct eval_state st;
  char line[65536];
  size_t lineno = 0, cursor = 0, sent_start = 0;
  size_t mwt_start = 0, mwt_end = 0, mwt_last = 0, mwt_pos = 0, mwt_first = 0;
  int in_sent = 0, new_par = 0, mwt_ok = 0, rc = EXIT_OK;
  sr_error err;

  if (!fp) {
    fprintf(stderr, "sitrep eval: cannot open %s\n", path);
    return EXIT_USAGE;
  }
  memset(&st, 0, sizeof st);
  st.show_errors = show_errors;
  if (sr_engine_open(NULL, &st.engine, &err) != SR_OK) {
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
      in_sent = 0;
      continue;
    }
    {
      char *tab = strchr(line, '\t'), *form, *end;
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
        } else if (mwt_ok) {
          st.unaligned++;
          spans_add(&st.gold_tok, mwt_start, mwt_end);
          mwt_ok = 0;
        }
        if (id_a == mwt_last)
          mwt_last = 0;
        continue;
      }
      if (locate(&st.text, &cursor, form, strlen(form), &start))
        spans_add(&st.gold_tok, start, start + strlen(form));
      else
        st.unaligned++;
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
    "Options:\n"
    "  --min-token-f1 X      exit 1 if token F1 is below X\n"
    "  --min-sentence-f1 X   exit 1 if sentence F1 is below X\n"
    "  --show-errors N       print the first N missed gold sentences\n";

int cli_eval(int argc, char **argv) {
  double min_tok = 0, min_sent = 0;
  int show = 0, i;
  const char *gold = NULL;
  if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
    fputs(usage_eval, argc < 2 ? stderr : stdout);
    return argc < 2 ? EXIT_USAGE : EXIT_OK;
  }
  if (!strcmp(argv[1], "conllu"))
    return eval_conllu(argc, argv);
  if (strcmp(argv[1], "tokenize")) {
    fprintf(stderr,
            "sitrep eval: unknown evaluation '%s' (tokenize or conllu)\n",
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
  return eval_tokenize(gold, min_tok, min_sent, show);
}
