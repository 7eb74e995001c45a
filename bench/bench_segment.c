/*
 * bench_segment.c - throughput of ingest + text + segment.
 *
 * Reads every input through the public API exactly as `sitrep tokenize`
 * does, without printing, and reports MB/s, sentences/s and tokens/s on
 * one core, plus peak resident memory. Used by `make bench`; the figures go
 * in issue notes and docs/, never in pass/fail tests.
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
  struct rusage ru;
  unsigned long long bytes = 0, docs = 0, sentences = 0, tokens = 0, errors = 0;
  double t0, secs;
  int i;
  if (argc < 2) {
    fprintf(stderr, "usage: bench_segment FILE|DIR...\n");
    return 2;
  }
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 64 << 20); /* as cli/main.c does: see there */
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
  memset(&opt, 0, sizeof opt);
  if (sr_engine_open(NULL, &e, &err) != SR_OK)
    return 3;
  t0 = now();
  for (i = 1; i < argc; i++) {
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
  printf("ingest+text+segment: %llu documents, %.1f MB in %.2f s\n", docs,
         (double)bytes / 1e6, secs);
  printf("  %.1f MB/s, %.0f sentences/s, %.0f tokens/s (one core)\n",
         (double)bytes / 1e6 / secs, (double)sentences / secs,
         (double)tokens / secs);
  printf("  peak resident memory %.1f MB; %llu inputs skipped\n",
         (double)ru.ru_maxrss / 1024.0, errors);
  sr_engine_close(e);
  return 0;
}
