/*
 * train_tagger.c - trains and evaluates the part-of-speech tagger
 * (src/tag.c).
 *
 *   train_tagger --train TRAIN.conllu --dev DEV.conllu -o MODEL
 *                [--epochs N] [--seed S] [--bits B] [--passes P]
 *                [--runs R] [--wordnet DIR | --no-wordnet]
 *   train_tagger --eval MODEL GOLD.conllu
 *   train_tagger --tag MODEL IN.conllu OUT.conllu
 *
 * Training prints the dev accuracy after every epoch. It gives the tagger
 * a lexicon read from WordNet (Debian's wordnet-base puts it in
 * /usr/share/wordnet, the default): every lemma of the four index files
 * with the regular inflections of its part of speech, the irregular forms
 * of the exception files, and whether the synsets write the word with a
 * capital. The lexicon is stored in the model, so tagging needs no WordNet;
 * without it (--no-wordnet, or the directory missing) dev accuracy drops
 * by about half a point, mostly on words the treebank never shows.
 * (A gazetteer of place names, tried the same way, did not help.) Options
 * left out take the library's defaults (sr_tagger_options in src/tag.h).
 *
 * --tag copies IN to OUT with the UPOS and XPOS columns of every word
 * replaced by the model's tags: `make train` uses it to give the parser
 * training trees with jackknifed (predicted) tags, the kind it sees at run
 * time.
 *
 * Evaluation tags the gold words (gold tokenization) and prints UPOS and
 * XPOS accuracy, the time the model took to load, and the tagging speed on
 * one core: the corpus is tagged again and again for at least a second and
 * the fastest round counts, so the figure is the tagger's rather than the
 * machine's noise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tag.h"

#define DEFAULT_WORDNET "/usr/share/wordnet"

static int usage(void) {
  fprintf(stderr,
          "usage: train_tagger --train TRAIN.conllu --dev DEV.conllu -o MODEL\n"
          "                    [--epochs N] [--seed S] [--bits B] "
          "[--passes P]\n"
          "                    [--runs R] [--wordnet DIR | --no-wordnet]\n"
          "       train_tagger --eval MODEL GOLD.conllu\n"
          "       train_tagger --tag MODEL IN.conllu OUT.conllu\n");
  return 2;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void report_epoch(void *user, const struct sr_tagger_progress *p) {
  (void)user;
  printf("pass %u/%u run %u/%u epoch %2u/%u  train %.2f%%", p->pass, p->passes,
         p->run, p->runs, p->epoch, p->epochs, 100 * p->train_accuracy);
  if (p->dev_upos >= 0)
    printf("  dev UPOS %.2f%%  XPOS %.2f%%", 100 * p->dev_upos,
           100 * p->dev_xpos);
  printf("  (%.1f s)\n", p->seconds);
  fflush(stdout);
}

/* Reads an unsigned number option; returns 0 when it is not one. */
static int parse_number(const char *s, unsigned long long *out) {
  char *end;
  if (!*s || *s == '-')
    return 0;
  *out = strtoull(s, &end, 10);
  return *end == '\0';
}

/* ---- the WordNet lexicon ---------------------------------------------- */

/* What WordNet says a form can be. The tagger treats the set as an opaque
 * feature value and learns what each combination predicts. */
enum lexicon_bit {
  LEX_NOUN = 1,
  LEX_NOUN_PLURAL = 2,
  LEX_VERB = 4,
  LEX_VERB_3SG = 8,
  LEX_VERB_PAST = 16,
  LEX_VERB_ING = 32,
  LEX_ADJ = 64,
  LEX_ADJ_CMP = 128,
  LEX_ADJ_SUP = 256,
  LEX_ADV = 512,
  LEX_CAPITALISED = 1024,
  LEX_LOWER = 2048
};

/* The forms read from WordNet, as sr_tagger_options wants them. */
struct lexicon_list {
  struct sr_tag_word *words; /* each form (text owned by strings) */
  uint16_t *bits;            /* enum lexicon_bit of each form */
  size_t count, cap;         /* forms used and allocated */
  char **strings;            /* the copies the words point into */
  size_t nstrings, strings_cap;
};

static void lex_free(struct lexicon_list *l) {
  size_t i;
  for (i = 0; i < l->nstrings; i++)
    free(l->strings[i]);
  free(l->strings);
  free(l->words);
  free(l->bits);
  memset(l, 0, sizeof *l);
}

static int lex_add(struct lexicon_list *l, const char *w, size_t n,
                   unsigned bits) {
  char *copy;
  if (!n || n > 60)
    return 0;
  if (l->count == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 4096;
    struct sr_tag_word *nw = realloc(l->words, cap * sizeof *nw);
    uint16_t *nb;
    if (!nw)
      return -1;
    l->words = nw;
    nb = realloc(l->bits, cap * sizeof *nb);
    if (!nb)
      return -1;
    l->bits = nb;
    l->cap = cap;
  }
  if (l->nstrings == l->strings_cap) {
    size_t cap = l->strings_cap ? l->strings_cap * 2 : 4096;
    char **ns = realloc(l->strings, cap * sizeof *ns);
    if (!ns)
      return -1;
    l->strings = ns;
    l->strings_cap = cap;
  }
  copy = malloc(n + 1);
  if (!copy)
    return -1;
  memcpy(copy, w, n);
  copy[n] = 0;
  l->strings[l->nstrings++] = copy;
  l->words[l->count].text = copy;
  l->words[l->count].len = n;
  l->bits[l->count] = (uint16_t)bits;
  l->count++;
  return 0;
}

static int is_vowel(char c) { return strchr("aeiou", c) != NULL; }

/* Adds w with `suffix`, applying the spelling rules of English
 * inflection, overgenerating where unsure (a form that is no word never
 * occurs in text, so it costs only space). */
static int lex_inflect(struct lexicon_list *l, const char *w, size_t n,
                       const char *suffix, unsigned bits) {
  char buf[128];
  size_t sl = strlen(suffix);
  if (n + sl + 2 > sizeof buf)
    return 0;
  memcpy(buf, w, n);
  if (!strcmp(suffix, "s")) {
    char last = w[n - 1];
    if (last == 's' || last == 'x' || last == 'z' ||
        (n > 1 && (w[n - 2] == 'c' || w[n - 2] == 's') && last == 'h')) {
      memcpy(buf + n, "es", 2);
      return lex_add(l, buf, n + 2, bits);
    }
    if (last == 'y' && n > 1 && !is_vowel(w[n - 2])) {
      memcpy(buf + n - 1, "ies", 3);
      return lex_add(l, buf, n + 2, bits);
    }
    buf[n] = 's';
    return lex_add(l, buf, n + 1, bits);
  }
  /* -ed, -ing, -er, -est */
  {
    char last = w[n - 1];
    size_t m = n;
    if (last == 'e' && suffix[0] == 'e')
      m = n - 1; /* bake + ed -> baked */
    else if (last == 'e' && !strcmp(suffix, "ing") && n > 2 && w[n - 2] != 'e')
      m = n - 1; /* bake + ing -> baking */
    else if (last == 'y' && suffix[0] == 'e' && n > 1 && !is_vowel(w[n - 2])) {
      buf[n - 1] = 'i'; /* try + ed -> tried */
    }
    memcpy(buf + m, suffix, sl);
    if (lex_add(l, buf, m + sl, bits))
      return -1;
    /* stop -> stopped: double a final consonant after a single vowel */
    if (n >= 3 && !is_vowel(last) && last != 'w' && last != 'x' &&
        last != 'y' && is_vowel(w[n - 2]) && !is_vowel(w[n - 3])) {
      memcpy(buf, w, n);
      buf[n] = last;
      memcpy(buf + n + 1, suffix, sl);
      return lex_add(l, buf, n + 1 + sl, bits);
    }
  }
  return 0;
}

static int word_ok(const char *w, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (!((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z') ||
          w[i] == '-' || w[i] == '\'' || w[i] == '.' ||
          (w[i] >= '0' && w[i] <= '9')))
      return 0;
  return n > 0;
}

/* index.POS: one lemma per line, first field. */
static int read_index(struct lexicon_list *l, const char *dir,
                      const char *pos) {
  char path[1024], line[4096];
  FILE *f;
  snprintf(path, sizeof path, "%s/index.%s", dir, pos);
  f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "train_tagger: cannot open %s\n", path);
    return -1;
  }
  while (fgets(line, sizeof line, f)) {
    size_t n = strcspn(line, " ");
    if (line[0] == ' ' || !word_ok(line, n))
      continue;
    if (!strcmp(pos, "noun")) {
      if (lex_add(l, line, n, LEX_NOUN) ||
          lex_inflect(l, line, n, "s", LEX_NOUN_PLURAL))
        goto oom;
    } else if (!strcmp(pos, "verb")) {
      if (lex_add(l, line, n, LEX_VERB) ||
          lex_inflect(l, line, n, "s", LEX_VERB_3SG) ||
          lex_inflect(l, line, n, "ed", LEX_VERB_PAST) ||
          lex_inflect(l, line, n, "ing", LEX_VERB_ING))
        goto oom;
    } else if (!strcmp(pos, "adj")) {
      if (lex_add(l, line, n, LEX_ADJ) ||
          lex_inflect(l, line, n, "er", LEX_ADJ_CMP) ||
          lex_inflect(l, line, n, "est", LEX_ADJ_SUP))
        goto oom;
    } else if (lex_add(l, line, n, LEX_ADV))
      goto oom;
  }
  fclose(f);
  return 0;
oom:
  fclose(f);
  return -1;
}

/* POS.exc: "inflected lemma" per line. */
static int read_exceptions(struct lexicon_list *l, const char *dir,
                           const char *pos) {
  char path[1024], line[4096];
  FILE *f;
  snprintf(path, sizeof path, "%s/%s.exc", dir, pos);
  f = fopen(path, "r");
  if (!f)
    return 0;
  while (fgets(line, sizeof line, f)) {
    size_t n = strcspn(line, " ");
    unsigned bits;
    if (!word_ok(line, n))
      continue;
    if (!strcmp(pos, "noun"))
      bits = LEX_NOUN_PLURAL;
    else if (!strcmp(pos, "verb"))
      bits = n > 3 && !memcmp(line + n - 3, "ing", 3) ? LEX_VERB_ING
             : line[n - 1] == 's'                     ? LEX_VERB_3SG
                                                      : LEX_VERB_PAST;
    else if (!strcmp(pos, "adj"))
      bits = line[n - 1] == 't' ? LEX_ADJ_SUP : LEX_ADJ_CMP;
    else
      bits = LEX_ADV;
    if (lex_add(l, line, n, bits)) {
      fclose(f);
      return -1;
    }
  }
  fclose(f);
  return 0;
}

/* data.POS: the synsets' words keep their case, which tells names
 * ("Mexico") from common words. */
static int read_case(struct lexicon_list *l, const char *dir, const char *pos) {
  char path[1024], *line = NULL;
  size_t cap = 0;
  FILE *f;
  snprintf(path, sizeof path, "%s/data.%s", dir, pos);
  f = fopen(path, "r");
  if (!f)
    return 0;
  while (getline(&line, &cap, f) > 0) {
    char *save = NULL, *tok;
    unsigned k, count;
    if (line[0] == ' ')
      continue;
    tok = strtok_r(line, " ", &save); /* offset */
    tok = strtok_r(NULL, " ", &save); /* lex file */
    tok = strtok_r(NULL, " ", &save); /* type */
    tok = strtok_r(NULL, " ", &save); /* word count, hex */
    if (!tok)
      continue;
    count = (unsigned)strtoul(tok, NULL, 16);
    for (k = 0; k < count; k++) {
      size_t n;
      tok = strtok_r(NULL, " ", &save);
      if (!tok)
        break;
      n = strcspn(tok, "(");
      if (word_ok(tok, n) &&
          lex_add(l, tok, n,
                  tok[0] >= 'A' && tok[0] <= 'Z' ? LEX_CAPITALISED
                                                 : LEX_LOWER)) {
        free(line);
        fclose(f);
        return -1;
      }
      strtok_r(NULL, " ", &save); /* lex_id */
    }
  }
  free(line);
  fclose(f);
  return 0;
}

static int read_wordnet(struct lexicon_list *l, const char *dir) {
  static const char *const pos[] = {"noun", "verb", "adj", "adv"};
  size_t i;
  for (i = 0; i < 4; i++)
    if (read_index(l, dir, pos[i]) || read_exceptions(l, dir, pos[i]) ||
        read_case(l, dir, pos[i]))
      return -1;
  return 0;
}

static int cmd_train(int argc, char **argv) {
  const char *train_path = NULL, *dev_path = NULL, *model_path = NULL;
  const char *wordnet = DEFAULT_WORDNET;
  struct lexicon_list lex; /* the WordNet forms */
  struct stat sb;
  struct sr_tagger_options opt;
  struct sr_conllu *train = NULL, *dev = NULL;
  struct sr_tagger *t = NULL;
  sr_error err;
  int i, rc = 1;
  memset(&opt, 0, sizeof opt);
  opt.progress = report_epoch;
  for (i = 1; i < argc; i++) {
    unsigned long long n;
    const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(arg, "--no-wordnet")) {
      wordnet = NULL;
      continue;
    }
    if (!val)
      return usage();
    i++;
    if (!strcmp(arg, "--train"))
      train_path = val;
    else if (!strcmp(arg, "--dev"))
      dev_path = val;
    else if (!strcmp(arg, "-o"))
      model_path = val;
    else if (!strcmp(arg, "--epochs") && parse_number(val, &n) && n && n < 1000)
      opt.epochs = (unsigned)n;
    else if (!strcmp(arg, "--seed") && parse_number(val, &n))
      opt.seed = n;
    else if (!strcmp(arg, "--bits") && parse_number(val, &n) && n < 64)
      opt.hash_bits = (unsigned)n;
    else if (!strcmp(arg, "--passes") && parse_number(val, &n) && n && n < 10)
      opt.passes = (unsigned)n;
    else if (!strcmp(arg, "--runs") && parse_number(val, &n) && n && n < 100)
      opt.runs = (unsigned)n;
    else if (!strcmp(arg, "--wordnet"))
      wordnet = val;
    else
      return usage();
  }
  if (!train_path || !dev_path || !model_path)
    return usage();
  memset(&lex, 0, sizeof lex);
  if (wordnet && stat(wordnet, &sb) != 0) {
    fprintf(stderr,
            "train_tagger: note: no WordNet in %s (apt-get install "
            "wordnet-base); training without a lexicon\n",
            wordnet);
    wordnet = NULL;
  }
  if (wordnet) {
    if (read_wordnet(&lex, wordnet)) {
      lex_free(&lex);
      return 1;
    }
  }
  if (lex.count) {
    opt.lexicon_words = lex.words;
    opt.lexicon_bits = lex.bits;
    opt.lexicon_count = lex.count;
    printf("lexicon: %zu forms\n", lex.count);
  }
  if (sr__conllu_read_file(sr__malloc_allocator(), train_path, &train, &err) ||
      sr__conllu_read_file(sr__malloc_allocator(), dev_path, &dev, &err) ||
      sr__tagger_train(train, dev, &opt, &t, &err) ||
      sr__tagger_save(t, model_path, &err)) {
    fprintf(stderr, "train_tagger: %s\n", err.msg);
    goto done;
  }
  printf("saved %s\n", model_path);
  rc = 0;
done:
  sr__tagger_free(t);
  sr__conllu_free(train);
  sr__conllu_free(dev);
  lex_free(&lex);
  return rc;
}

/* What tagging one sentence needs, sized for the longest sentence of a
 * corpus; upos and xpos hold the last sentence's tags. */
struct tag_buffers {
  struct sr_tag_word *words;
  uint8_t *upos, *xpos;
  void *scratch;
  size_t scratch_size;
};

static void buffers_free(struct tag_buffers *b) {
  free(b->words);
  free(b->upos);
  free(b->xpos);
  free(b->scratch);
  memset(b, 0, sizeof *b);
}

/* Returns 0 on success, else prints the error and returns 1. */
static int buffers_alloc(struct tag_buffers *b, const struct sr_conllu *c) {
  size_t s, longest = 0;
  for (s = 0; s < c->count; s++)
    if (c->sentences[s].count > longest)
      longest = c->sentences[s].count;
  b->scratch_size = sr__tagger_scratch_size(longest);
  b->words = malloc((longest + 1) * sizeof *b->words);
  b->upos = malloc(longest + 1);
  b->xpos = malloc(longest + 1);
  b->scratch = malloc(b->scratch_size + 1);
  if (!b->words || !b->upos || !b->xpos || !b->scratch) {
    fprintf(stderr, "train_tagger: out of memory\n");
    buffers_free(b);
    return 1;
  }
  return 0;
}

/* Tags one sentence into b->upos and b->xpos. Returns 0 on success. */
static int tag_sentence(const struct sr_tagger *t,
                        const struct sr_conllu_sentence *cs,
                        struct tag_buffers *b) {
  size_t i;
  sr_error err;
  for (i = 0; i < cs->count; i++) {
    b->words[i].text = cs->words[i].form;
    b->words[i].len = strlen(cs->words[i].form);
  }
  if (sr__tagger_tag(t, b->words, cs->count, b->scratch, b->scratch_size,
                     b->upos, b->xpos, &err)) {
    fprintf(stderr, "train_tagger: %s\n", err.msg);
    return 1;
  }
  return 0;
}

/* Tags every sentence of `c` once; with `upos_right` non-NULL also counts
 * the words whose tags match the gold ones. Returns 0 on success. */
static int tag_corpus(const struct sr_tagger *t, const struct sr_conllu *c,
                      struct tag_buffers *b, size_t *upos_right,
                      size_t *xpos_right) {
  size_t s, i;
  for (s = 0; s < c->count; s++) {
    const struct sr_conllu_sentence *cs = &c->sentences[s];
    if (tag_sentence(t, cs, b))
      return 1;
    if (!upos_right)
      continue;
    for (i = 0; i < cs->count; i++) {
      *upos_right +=
          !strcmp(sr__tagger_upos_name(t, b->upos[i]), cs->words[i].upos);
      *xpos_right +=
          !strcmp(sr__tagger_xpos_name(t, b->xpos[i]), cs->words[i].xpos);
    }
  }
  return 0;
}

static int cmd_eval(const char *model_path, const char *gold_path) {
  struct sr_conllu *gold = NULL;
  struct sr_tagger *t = NULL;
  struct tag_buffers b = {0};
  size_t upos_right = 0, xpos_right = 0;
  double start, load_seconds, best = 1e30, spent = 0;
  unsigned rounds = 0;
  sr_error err;
  int rc = 1;
  start = now_seconds();
  if (sr__tagger_load(sr__malloc_allocator(), model_path, &t, &err)) {
    fprintf(stderr, "train_tagger: %s\n", err.msg);
    return 1;
  }
  load_seconds = now_seconds() - start;
  if (sr__conllu_read_file(sr__malloc_allocator(), gold_path, &gold, &err)) {
    fprintf(stderr, "train_tagger: %s\n", err.msg);
    goto done;
  }
  if (buffers_alloc(&b, gold) ||
      tag_corpus(t, gold, &b, &upos_right, &xpos_right))
    goto done;
  /* Speed: at least three rounds and a second in all; keep the best. */
  while (rounds < 3 || spent < 1.0) {
    double t0 = now_seconds(), took;
    if (tag_corpus(t, gold, &b, NULL, NULL))
      goto done;
    took = now_seconds() - t0;
    if (took < best)
      best = took;
    spent += took;
    rounds++;
  }
  printf("words       %zu\n", gold->words);
  printf("UPOS        %.2f%%\n",
         100.0 * (double)upos_right / (double)(gold->words ? gold->words : 1));
  printf("XPOS        %.2f%%\n",
         100.0 * (double)xpos_right / (double)(gold->words ? gold->words : 1));
  printf("speed       %.0f tokens/s (one core, best of %u rounds)\n",
         (double)gold->words / best, rounds);
  printf("model load  %.3f s\n", load_seconds);
  rc = 0;
done:
  buffers_free(&b);
  sr__conllu_free(gold);
  sr__tagger_free(t);
  return rc;
}

/* Writes `in_path` to `out_path` with the UPOS and XPOS columns of each
 * word (a line whose ID is a plain number) replaced by predicted tags. */
static int cmd_tag(const char *model_path, const char *in_path,
                   const char *out_path) {
  struct sr_conllu *c = NULL;
  struct sr_tagger *t = NULL;
  struct tag_buffers b = {0};
  char *text = NULL, *line;
  size_t len, i, sent = 0, word = 0;
  FILE *out = NULL;
  sr_error err;
  int rc = 1;
  if (sr__tagger_load(sr__malloc_allocator(), model_path, &t, &err) ||
      sr__conllu_read_file(sr__malloc_allocator(), in_path, &c, &err) ||
      sr__read_file(in_path, (size_t)1 << 30, &text, &len, &err)) {
    fprintf(stderr, "train_tagger: %s\n", err.msg);
    goto done;
  }
  if (buffers_alloc(&b, c))
    goto done;
  out = fopen(out_path, "wb");
  if (!out) {
    fprintf(stderr, "train_tagger: cannot write %s\n", out_path);
    goto done;
  }
  for (line = text; line < text + len;) {
    char *eol = memchr(line, '\n', (size_t)(text + len - line));
    char *tab1, *tab3, *tab5;
    size_t n = eol ? (size_t)(eol - line) : (size_t)(text + len - line);
    int is_word = n && line[0] >= '0' && line[0] <= '9';
    for (i = 0; is_word && i < n && line[i] != '\t'; i++)
      if (line[i] < '0' || line[i] > '9')
        is_word = 0;
    if (!is_word) {
      fwrite(line, 1, n, out);
      fputc('\n', out);
      line += n + 1;
      continue;
    }
    /* the first word of the next sentence: tag it */
    if (word == 0 && tag_sentence(t, &c->sentences[sent], &b))
      goto done;
    /* ID FORM LEMMA | UPOS XPOS | FEATS ... */
    tab1 = memchr(line, '\t', n);
    tab3 = tab1 ? memchr(tab1 + 1, '\t', n - (size_t)(tab1 + 1 - line)) : NULL;
    tab3 = tab3 ? memchr(tab3 + 1, '\t', n - (size_t)(tab3 + 1 - line)) : NULL;
    tab5 = tab3 ? memchr(tab3 + 1, '\t', n - (size_t)(tab3 + 1 - line)) : NULL;
    tab5 = tab5 ? memchr(tab5 + 1, '\t', n - (size_t)(tab5 + 1 - line)) : NULL;
    if (!tab5) {
      fprintf(stderr, "train_tagger: %s: a word line with too few columns\n",
              in_path);
      goto done;
    }
    fwrite(line, 1, (size_t)(tab3 + 1 - line), out);
    fprintf(out, "%s\t%s", sr__tagger_upos_name(t, b.upos[word]),
            sr__tagger_xpos_name(t, b.xpos[word]));
    fwrite(tab5, 1, n - (size_t)(tab5 - line), out);
    fputc('\n', out);
    if (++word == c->sentences[sent].count) {
      word = 0;
      sent++;
    }
    line += n + 1;
  }
  if (fclose(out)) {
    out = NULL;
    fprintf(stderr, "train_tagger: cannot write %s\n", out_path);
    goto done;
  }
  out = NULL;
  rc = 0;
done:
  if (out)
    fclose(out);
  free(text);
  buffers_free(&b);
  sr__conllu_free(c);
  sr__tagger_free(t);
  return rc;
}

int main(int argc, char **argv) {
  if (argc == 5 && !strcmp(argv[1], "--tag"))
    return cmd_tag(argv[2], argv[3], argv[4]);
  if (argc == 4 && !strcmp(argv[1], "--eval"))
    return cmd_eval(argv[2], argv[3]);
  if (argc >= 2 && !strcmp(argv[1], "--train"))
    return cmd_train(argc, argv);
  return usage();
}
