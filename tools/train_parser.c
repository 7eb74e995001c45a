/*
 * train_parser.c - trains and evaluates the dependency parser
 * (src/parse.c) on CoNLL-U treebanks.
 *
 *   train_parser --train TRAIN.conllu --dev DEV.conllu -o MODEL [--epochs N]
 *   train_parser --eval MODEL GOLD.conllu
 *
 * Both read the XPOS column of their input: gold tags for training and for
 * --eval on a treebank, or predicted ones when the input was tagged first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(void *user, int epoch, double uas, double las) {
  (void)user;
  printf("epoch %2d  dev UAS %.2f  LAS %.2f\n", epoch, uas, las);
  fflush(stdout);
}

int main(int argc, char **argv) {
  const char *train = NULL, *dev = NULL, *model = NULL, *eval = NULL;
  struct sr_parser_options opt;
  struct sr_conllu *tc = NULL, *dc = NULL;
  struct sr_parser *p = NULL;
  sr_error err;
  int i;
  memset(&opt, 0, sizeof opt);
  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--train") && i + 1 < argc)
      train = argv[++i];
    else if (!strcmp(argv[i], "--dev") && i + 1 < argc)
      dev = argv[++i];
    else if (!strcmp(argv[i], "-o") && i + 1 < argc)
      model = argv[++i];
    else if (!strcmp(argv[i], "--bits") && i + 1 < argc)
      opt.action_bits = (unsigned)strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--label-bits") && i + 1 < argc)
      opt.label_bits = (unsigned)strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
      opt.runs = (int)strtol(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--epochs") && i + 1 < argc)
      opt.epochs = (int)strtol(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--eval") && i + 2 < argc) {
      eval = argv[++i];
      dev = argv[++i];
    } else {
      fprintf(stderr,
              "usage: train_parser --train F --dev F -o MODEL "
              "[--epochs N] [--runs R] [--bits B] [--label-bits B]\n       "
              "train_parser --eval MODEL GOLD\n");
      return 2;
    }
  }
  if (dev &&
      sr__conllu_read_file(sr__malloc_allocator(), dev, &dc, &err) != SR_OK) {
    fprintf(stderr, "train_parser: %s\n", err.msg);
    return 1;
  }
  if (eval) {
    double t0 = now(), uas, las, secs;
    if (sr__parser_load(sr__malloc_allocator(), eval, &p, &err) != SR_OK) {
      fprintf(stderr, "train_parser: %s\n", err.msg);
      return 1;
    }
    printf("model loaded in %.3f s\n", now() - t0);
    t0 = now();
    sr__parser_score(p, dc, &uas, &las);
    secs = now() - t0;
    printf("UAS %.2f  LAS %.2f  (%zu words, %.0f words/s on one core)\n", uas,
           las, dc->words, (double)dc->words / secs);
  } else {
    if (!train || !model) {
      fprintf(stderr, "train_parser: --train and -o are needed\n");
      return 2;
    }
    if (sr__conllu_read_file(sr__malloc_allocator(), train, &tc, &err) !=
        SR_OK) {
      fprintf(stderr, "train_parser: %s\n", err.msg);
      return 1;
    }
    opt.progress = progress;
    if (sr__parser_train(tc, dc, &opt, &p, &err) != SR_OK ||
        sr__parser_save(p, model, &err) != SR_OK) {
      fprintf(stderr, "train_parser: %s\n", err.msg);
      return 1;
    }
    printf("saved %s\n", model);
  }
  sr__parser_free(p);
  sr__conllu_free(tc);
  sr__conllu_free(dc);
  return 0;
}
