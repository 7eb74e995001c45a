/*
 * train_lemma.c - trains and evaluates the lemmatizer (src/lemma.c).
 *
 *   train_lemma --train TRAIN.conllu [--irregular VERBS.txt] -o MODEL
 *   train_lemma --eval MODEL GOLD.conllu
 *
 * Evaluation uses the gold XPOS tags, so it measures the lemmatizer alone;
 * with predicted tags the figure also carries the tagger's errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lemma.h"

static int usage(void) {
  fprintf(stderr, "usage: train_lemma --train TRAIN.conllu "
                  "[--irregular VERBS.txt] -o MODEL\n"
                  "       train_lemma --eval MODEL GOLD.conllu\n");
  return 2;
}

int main(int argc, char **argv) {
  sr_error err;
  struct sr_conllu *c = NULL;
  struct sr_lemmatizer *m = NULL;
  size_t rules, exceptions;
  if ((argc == 5 || argc == 7) && !strcmp(argv[1], "--train") &&
      !strcmp(argv[argc - 2], "-o") &&
      (argc == 5 || !strcmp(argv[3], "--irregular"))) {
    if (sr__conllu_read_file(sr__malloc_allocator(), argv[2], &c, &err) !=
            SR_OK ||
        sr__lemma_train(sr__malloc_allocator(), c, &m, &err) != SR_OK ||
        (argc == 7 && sr__lemma_add_irregular(m, argv[4], &err) != SR_OK) ||
        sr__lemma_save(m, argv[argc - 1], &err) != SR_OK) {
      fprintf(stderr, "train_lemma: %s\n", err.msg);
      return 1;
    }
    sr__lemma_sizes(m, &rules, &exceptions);
    printf("%zu suffix rules, %zu exceptions -> %s\n", rules, exceptions,
           argv[argc - 1]);
  } else if (argc == 4 && !strcmp(argv[1], "--eval")) {
    size_t i, j, right = 0, total = 0;
    char got[256];
    clock_t t0 = clock();
    if (sr__lemma_load(sr__malloc_allocator(), argv[2], &m, &err) != SR_OK) {
      fprintf(stderr, "train_lemma: %s\n", err.msg);
      return 1;
    }
    printf("loaded in %.3f s\n", (double)(clock() - t0) / CLOCKS_PER_SEC);
    if (sr__conllu_read_file(sr__malloc_allocator(), argv[3], &c, &err) !=
        SR_OK) {
      fprintf(stderr, "train_lemma: %s\n", err.msg);
      return 1;
    }
    for (i = 0; i < c->count; i++)
      for (j = 0; j < c->sentences[i].count; j++) {
        const struct sr_conllu_word *w = &c->sentences[i].words[j];
        sr__lemma_of(m, w->form, strlen(w->form), w->xpos, got, sizeof got);
        right += !strcmp(got, w->lemma);
        total++;
      }
    printf("lemma accuracy (gold XPOS): %.2f%% of %zu words\n",
           100.0 * (double)right / (double)total, total);
  } else {
    return usage();
  }
  sr__lemma_free(m);
  sr__conllu_free(c);
  return 0;
}
