/*
 * bench_segment.c - throughput of ingest + text + segment, and with
 * --analyze of the whole analysis pipeline (tagger, lemmatizer, named
 * entities, parser) after them.
 *
 *   bench_segment [--analyze [--models DIR]] FILE|DIR...
 *
 * Reads every input through the public API exactly as `sitrep tokenize`
 * (or `sitrep parse`) does, without printing, and reports MB/s,
 * sentences/s and tokens/s on one core, plus peak resident memory and, with
 * --analyze, the time the models took to load. Used by `make bench`; the
 * figures go in issue notes and docs/, never in pass/fail tests.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "sitrep.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  sr_engine *e;
  sr_error err;
  sr_doc_options opt;
  sr_config cfg;
  struct rusage ru;
  unsigned long long bytes = 0, docs = 0, sentences = 0, tokens = 0, errors = 0;
  double t0, secs;
  int i, first = 1;
  memset(&opt, 0, sizeof opt);
  memset(&cfg, 0, sizeof cfg);
  for (; first < argc && argv[first][0] == '-'; first++) {
    if (!strcmp(argv[first], "--analyze"))
      cfg.analyze = opt.analyze = 1;
    else if (!strcmp(argv[first], "--models") && first + 1 < argc)
      cfg.model_dir = argv[++first];
    else
      break;
  }
  if (first >= argc) {
    fprintf(stderr,
            "usage: bench_segment [--analyze [--models DIR]] FILE|DIR...\n");
    return 2;
  }
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 64 << 20); /* as cli/main.c does: see there */
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
  t0 = now();
  if (sr_engine_open(&cfg, &e, &err) != SR_OK) {
    fprintf(stderr, "bench_segment: %s\n", err.msg);
    return 3;
  }
  if (cfg.analyze)
    printf("models loaded in %.3f s\n", now() - t0);
  t0 = now();
  for (i = first; i < argc; i++) {
    sr_source *src;
    if (sr_source_open(e, argv[i], &opt, &src, &err) != SR_OK)
      return 3;
    for (;;) {
      sr_doc *d;
      sr_status st = sr_source_next(src, &d, &err);
      if (st != SR_OK) {
        errors++;
        if (st == SR_ENOMEM)
          return 3;
        continue;
      }
      if (!d)
        break;
      docs++;
      sentences += sr_doc_sentence_count(d);
      tokens += sr_doc_token_count(d);
      sr_doc_free(d);
    }
    bytes += sr_source_bytes_read(src);
    sr_source_close(src);
  }
  secs = now() - t0;
  getrusage(RUSAGE_SELF, &ru);
  printf("%s: %llu documents, %.1f MB in %.2f s\n",
         cfg.analyze ? "ingest+text+segment+analysis" : "ingest+text+segment",
         docs, (double)bytes / 1e6, secs);
  printf("  %.1f MB/s, %.0f sentences/s, %.0f tokens/s (one core)\n",
         (double)bytes / 1e6 / secs, (double)sentences / secs,
         (double)tokens / secs);
  printf("  peak resident memory %.1f MB; %llu inputs skipped\n",
         (double)ru.ru_maxrss / 1024.0, errors);
  sr_engine_close(e);
  return 0;
}
