/*
 * train_ner.c - trains and evaluates the named-entity tagger (src/ner.c).
 *
 *   train_ner --train TRAIN.iob2 --dev DEV.iob2 -o MODEL [--epochs N]
 *             [--seed S] [--bits B] [--hide PERCENT] [--hide-tags PERCENT]
 *             [--prune P] [--runs R]
 *             [--gazetteer LIST]... [--no-gazetteers]
 *             [--train-tags TRAIN.conllu] [--dev-tags DEV.conllu]
 *   train_ner --eval MODEL GOLD.iob2 [--tags GOLD.conllu] [--out PRED]
 *
 * The --*-tags files give every word its predicted Penn tag (column 5),
 * as the engine does at run time: the part-of-speech tagger's output on
 * the same sentences (for the training corpus, jackknifed, so that the
 * tags are as good as on unseen text). Sentences are matched by sent_id
 * and text; a corpus sentence that matches none is an error. Without
 * them the words have no tags and the tag features are absent.
 *
 * Training prints the dev entity scores after every epoch. Without
 * --gazetteer it uses the seven lists tools/mk_ner_lexicon.c writes to
 * data/lexicon/ (run it from the repository root, or name the lists).
 *
 * Evaluation prints entity precision, recall and F1 (exact span and type,
 * as conlleval counts) overall and per type, the time to load the model,
 * and the tagging speed: words per second on one thread, the corpus tagged
 * repeatedly for at least a second, reading excluded. --out also writes
 * each word as `id word xpos gold predicted`, for reading the errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ner.h"

static const char *const default_lists[] = {
    "data/lexicon/ner-countries.txt",   "data/lexicon/ner-demonyms.txt",
    "data/lexicon/ner-places.txt",      "data/lexicon/ner-given-names.txt",
    "data/lexicon/ner-surnames.txt",    "data/lexicon/ner-organizations.txt",
    "data/lexicon/ner-common-words.txt"};

static int usage(void) {
  fprintf(stderr,
          "usage: train_ner --train TRAIN.iob2 --dev DEV.iob2 -o MODEL "
          "[--epochs N] [--seed S]\n"
          "                 [--bits B] [--hide PERCENT] [--hide-tags PERCENT] "
          "[--prune P] [--runs R]\n"
          "                 [--gazetteer LIST]... [--no-gazetteers]\n"
          "                 [--train-tags TRAIN.conllu] "
          "[--dev-tags DEV.conllu]\n"
          "       train_ner --eval MODEL GOLD.iob2 [--tags "
          "GOLD.conllu] [--out PRED.txt]\n");
  return 2;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void progress(void *user, const struct sr_ner_progress *p) {
  (void)user;
  if (p->runs > 1)
    printf("run %u/%u ", p->run, p->runs);
  printf("epoch %2u/%u  train acc %.2f%%", p->epoch, p->epochs,
         100 * p->train_accuracy);
  if (p->dev_f1 >= 0)
    printf("  dev P %.2f R %.2f F1 %.2f", 100 * p->dev_precision,
           100 * p->dev_recall, 100 * p->dev_f1);
  printf("  rows %zu  %.1f s\n", p->rows, p->seconds);
  fflush(stdout);
}

/* Fills the xpos of corpus c from a tagged CoNLL-U file; prints how the
 * sentences were matched. Returns 0 on success. */
static int read_tags(struct sr_ner_corpus *c, const char *what,
                     const char *path) {
  char *buf;
  size_t len;
  struct sr_ner_align how;
  sr_error err;
  sr_status st = sr__read_file(path, SIZE_MAX / 4, &buf, &len, &err);
  if (st == SR_OK) {
    st = sr__ner_corpus_set_xpos(c, path, buf, len, &how, &err);
    free(buf);
  }
  if (st != SR_OK) {
    fprintf(stderr, "train_ner: %s\n", err.msg);
    return 1;
  }
  printf("%s tags: %zu sentences by sent_id, %zu by text, %zu joined; %zu "
         "tokenized differently\n",
         what, how.by_id, how.by_text, how.merged, how.retokenized);
  return 0;
}

static int train(int argc, char **argv) {
  const char *train_path = NULL, *dev_path = NULL, *model = NULL;
  const char *train_tags = NULL, *dev_tags = NULL;
  const char *lists[SR_NER_MAX_GAZETTEERS];
  size_t nlists = 0;
  int no_lists = 0, i;
  struct sr_ner_options opt;
  struct sr_ner_corpus *tc = NULL, *dc = NULL;
  struct sr_ner *m = NULL;
  struct stat sb;
  size_t rows, gaz, table;
  sr_error err;
  memset(&opt, 0, sizeof opt);
  for (i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--no-gazetteers")) {
      no_lists = 1;
      continue;
    }
    if (!v)
      return usage();
    i++;
    if (!strcmp(a, "--train"))
      train_path = v;
    else if (!strcmp(a, "--dev"))
      dev_path = v;
    else if (!strcmp(a, "--train-tags"))
      train_tags = v;
    else if (!strcmp(a, "--dev-tags"))
      dev_tags = v;
    else if (!strcmp(a, "-o"))
      model = v;
    else if (!strcmp(a, "--epochs"))
      opt.epochs = (unsigned)strtoul(v, NULL, 10);
    else if (!strcmp(a, "--seed"))
      opt.seed = strtoull(v, NULL, 10);
    else if (!strcmp(a, "--bits"))
      opt.hash_bits = (unsigned)strtoul(v, NULL, 10);
    else if (!strcmp(a, "--hide"))
      opt.hide_percent = strtoul(v, NULL, 10) ? (unsigned)strtoul(v, NULL, 10)
                                              : SR_NER_HIDE_NONE;
    else if (!strcmp(a, "--runs"))
      opt.runs = (unsigned)strtoul(v, NULL, 10);
    else if (!strcmp(a, "--hide-tags"))
      opt.hide_tags_percent = strtoul(v, NULL, 10)
                                  ? (unsigned)strtoul(v, NULL, 10)
                                  : SR_NER_HIDE_NONE;
    else if (!strcmp(a, "--prune"))
      opt.prune = (unsigned)strtoul(v, NULL, 10);
    else if (!strcmp(a, "--gazetteer") && nlists < SR_NER_MAX_GAZETTEERS)
      lists[nlists++] = v;
    else
      return usage();
  }
  if (!train_path || !model || (dev_tags && !dev_path))
    return usage();
  if (!nlists && !no_lists) {
    for (nlists = 0; nlists < sizeof default_lists / sizeof *default_lists;
         nlists++) {
      lists[nlists] = default_lists[nlists];
      if (stat(lists[nlists], &sb) != 0) {
        fprintf(stderr,
                "train_ner: %s not found: run from the repository root, "
                "name the lists with --gazetteer, or use --no-gazetteers\n",
                lists[nlists]);
        return 1;
      }
    }
  }
  opt.gazetteers = no_lists ? NULL : lists;
  opt.gazetteer_count = no_lists ? 0 : nlists;
  opt.progress = progress;
  if (sr__ner_corpus_read_file(NULL, train_path, &tc, &err) != SR_OK ||
      (dev_path &&
       sr__ner_corpus_read_file(NULL, dev_path, &dc, &err) != SR_OK)) {
    fprintf(stderr, "train_ner: %s\n", err.msg);
    sr__ner_corpus_free(tc);
    return 1;
  }
  if ((train_tags && read_tags(tc, "train", train_tags)) ||
      (dev_tags && read_tags(dc, "dev", dev_tags))) {
    sr__ner_corpus_free(tc);
    sr__ner_corpus_free(dc);
    return 1;
  }
  printf("train: %zu sentences, %zu words, %zu entities (%zu other-type "
         "tags read as O)\n",
         tc->count, tc->words, tc->entities, tc->dropped);
  if (dc)
    printf("dev:   %zu sentences, %zu words, %zu entities\n", dc->count,
           dc->words, dc->entities);
  if (sr__ner_train(tc, dc, &opt, &m, &err) != SR_OK ||
      sr__ner_save(m, model, &err) != SR_OK) {
    fprintf(stderr, "train_ner: %s\n", err.msg);
    sr__ner_corpus_free(tc);
    sr__ner_corpus_free(dc);
    sr__ner_free(m);
    return 1;
  }
  sr__ner_sizes(m, &rows, &gaz, &table);
  printf("%zu of %zu feature rows, %zu gazetteer entries -> %s (%lld "
         "bytes)\n",
         rows, table, gaz, model,
         stat(model, &sb) == 0 ? (long long)sb.st_size : -1LL);
  sr__ner_free(m);
  sr__ner_corpus_free(tc);
  sr__ner_corpus_free(dc);
  return 0;
}

static int evaluate(const char *model, const char *gold, const char *tags,
                    const char *out) {
  FILE *fp = NULL;
  struct sr_ner *m = NULL;
  struct sr_ner_corpus *c = NULL;
  struct sr_ner_counts counts;
  uint8_t *pred = NULL;
  void *scratch = NULL;
  size_t i, longest = 0, scratch_size, runs = 0, rows, gaz, table;
  double t0, load, elapsed;
  unsigned t;
  sr_error err;
  t0 = now();
  if (sr__ner_load(NULL, model, &m, &err) != SR_OK) {
    fprintf(stderr, "train_ner: %s\n", err.msg);
    return 1;
  }
  load = now() - t0;
  sr__ner_sizes(m, &rows, &gaz, &table);
  printf("loaded %s in %.1f ms (%zu of %zu feature rows, %zu gazetteer "
         "entries)\n",
         model, 1000 * load, rows, table, gaz);
  if (sr__ner_corpus_read_file(NULL, gold, &c, &err) != SR_OK) {
    fprintf(stderr, "train_ner: %s\n", err.msg);
    sr__ner_free(m);
    return 1;
  }
  if (tags && read_tags(c, "gold", tags)) {
    sr__ner_corpus_free(c);
    sr__ner_free(m);
    return 1;
  }
  for (i = 0; i < c->count; i++)
    if (c->sentences[i].count > longest)
      longest = c->sentences[i].count;
  scratch_size = sr__ner_scratch_size(longest);
  scratch = malloc(scratch_size);
  pred = malloc(longest + 1);
  if (!scratch || !pred) {
    fprintf(stderr, "train_ner: out of memory\n");
    return 1;
  }
  if (out && !(fp = fopen(out, "w"))) {
    perror(out);
    return 1;
  }
  memset(&counts, 0, sizeof counts);
  for (i = 0; i < c->count; i++) { /* score (and write) once */
    const struct sr_ner_sentence *s = &c->sentences[i];
    size_t j;
    if (sr__ner_tag(m, s->words, s->count, scratch, scratch_size, pred, &err) !=
        SR_OK) {
      fprintf(stderr, "train_ner: %s\n", err.msg);
      return 1;
    }
    sr__ner_count(&counts, s->tags, pred, s->count);
    for (j = 0; fp && j < s->count; j++)
      fprintf(fp, "%zu\t%s\t%s\t%s\t%s\n", j + 1, s->words[j].text,
              s->words[j].xpos ? s->words[j].xpos : "_",
              sr__ner_tag_name(s->tags[j]), sr__ner_tag_name(pred[j]));
    if (fp)
      fputc('\n', fp);
  }
  if (fp && fclose(fp) != 0) {
    perror(out);
    return 1;
  }
  t0 = now();
  do { /* then time it */
    for (i = 0; i < c->count; i++) {
      const struct sr_ner_sentence *s = &c->sentences[i];
      sr__ner_tag(m, s->words, s->count, scratch, scratch_size, pred, NULL);
    }
    runs++;
    elapsed = now() - t0;
  } while (elapsed < 1.0);
  printf("%-8s %9s %7s %7s %6s %6s %8s\n", "", "precision", "recall", "F1",
         "gold", "found", "correct");
  for (t = 0; t <= SR_NER_TYPE_COUNT; t++) {
    double p, r, f;
    size_t g = 0, fd = 0, ok = 0, k;
    for (k = 0; k < SR_NER_TYPE_COUNT; k++)
      if (t == SR_NER_TYPE_COUNT || t == k) {
        g += counts.gold[k];
        fd += counts.found[k];
        ok += counts.correct[k];
      }
    sr__ner_prf(&counts, t, &p, &r, &f);
    printf("%-8s %9.2f %7.2f %7.2f %6zu %6zu %8zu\n",
           t == SR_NER_TYPE_COUNT ? "overall" : sr__ner_type_name(t), 100 * p,
           100 * r, 100 * f, g, fd, ok);
  }
  printf("speed: %.0f tokens/s (%zu tokens x %zu runs in %.2f s, one "
         "thread)\n",
         (double)c->words * (double)runs / elapsed, c->words, runs, elapsed);
  free(scratch);
  free(pred);
  sr__ner_corpus_free(c);
  sr__ner_free(m);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "--eval")) {
    const char *tags = NULL, *out = NULL;
    int i;
    if (argc < 4)
      return usage();
    for (i = 4; i + 1 < argc; i += 2)
      if (!strcmp(argv[i], "--tags"))
        tags = argv[i + 1];
      else if (!strcmp(argv[i], "--out"))
        out = argv[i + 1];
      else
        return usage();
    if (i != argc)
      return usage();
    return evaluate(argv[2], argv[3], tags, out);
  }
  return train(argc, argv);
}
