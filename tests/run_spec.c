/*
 * run_spec.c - runs the spec files in tests/spec/ (STYLE.md section 8).
 *
 * A spec file is prose with examples:
 *
 *   ~~~ example DUMP
 *   input lines
 *   .
 *   expected output lines
 *   ~~~
 *
 * DUMP names the stage dump to compare: `tokens` (body text, raw: one line
 * per sentence, tokens joined by |), `norm` (the same with each token's
 * matching key) and `article` (a whole text article: `meta KEY=VALUE` lines,
 * `boilerplate: TEXT` lines, then the sentences). A failing example prints
 * its file, number and line, the input, and expected against actual.
 * The runner links the library and uses only the public API.
 *
 * Usage: run_spec FILE...   Exit status 0 when every example passes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sitrep.h"

struct text {
  char *p;
  size_t n, cap;
};

static void add(struct text *t, const char *s, size_t n) {
  if (t->n + n + 1 > t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 1024;
    while (cap < t->n + n + 1)
      cap *= 2;
    t->p = realloc(t->p, cap);
    if (!t->p) {
      fprintf(stderr, "run_spec: out of memory\n");
      exit(3);
    }
    t->cap = cap;
  }
  memcpy(t->p + t->n, s, n);
  t->n += n;
  t->p[t->n] = '\0';
}

static void adds(struct text *t, const char *s) { add(t, s, strlen(s)); }

static void dump_sentences(const sr_doc *d, int norm, struct text *out) {
  size_t i, j;
  for (i = 0; i < sr_doc_sentence_count(d); i++) {
    const sr_sentence *s = sr_doc_sentence(d, i);
    for (j = 0; j < s->token_count; j++) {
      const sr_token *t = sr_doc_token(d, s->first_token + j);
      if (j)
        adds(out, "|");
      if (norm)
        add(out, t->norm, t->norm_len);
      else
        add(out, t->form, t->form_len);
    }
    adds(out, "\n");
  }
}

static int run_example(const sr_engine *e, const char *dump,
                       const struct text *input, struct text *out) {
  sr_doc_options opt;
  sr_doc *d;
  sr_error err;
  int article = !strcmp(dump, "article");
  memset(&opt, 0, sizeof opt);
  opt.format = SR_FORMAT_TEXT;
  opt.raw = !article;
  if (sr_doc_parse(e, input->p ? input->p : "", input->n, &opt, &d, &err) !=
      SR_OK) {
    adds(out, "error: ");
    adds(out, err.msg);
    adds(out, "\n");
    return 1;
  }
  if (article) {
    static const char *const keys[] = {"title", "source", "url", "author"};
    size_t i, len;
    const char *in = sr_doc_input(d, &len);
    if (sr_doc_date(d)) {
      adds(out, "meta date=");
      adds(out, sr_doc_date(d));
      adds(out, "\n");
    }
    for (i = 0; i < 4; i++)
      if (sr_doc_meta(d, keys[i])) {
        adds(out, "meta ");
        adds(out, keys[i]);
        adds(out, "=");
        adds(out, sr_doc_meta(d, keys[i]));
        adds(out, "\n");
      }
    for (i = 0; i < sr_doc_boilerplate_count(d); i++) {
      const sr_boilerplate *b = sr_doc_boilerplate(d, i);
      adds(out, "boilerplate: ");
      add(out, in + b->start, b->end - b->start);
      adds(out, "\n");
    }
  }
  dump_sentences(d, !strcmp(dump, "norm"), out);
  sr_doc_free(d);
  return 1;
}

int main(int argc, char **argv) {
  sr_engine *e;
  sr_error err;
  int f, passed = 0, failed = 0;
  if (argc < 2) {
    fprintf(stderr, "usage: run_spec FILE...\n");
    return 2;
  }
  if (sr_engine_open(NULL, &e, &err) != SR_OK) {
    fprintf(stderr, "run_spec: %s\n", err.msg);
    return 3;
  }
  for (f = 1; f < argc; f++) {
    FILE *fp = fopen(argv[f], "r");
    char line[8192];
    int state = 0, number = 0; /* 0 prose, 1 input, 2 expected */
    size_t lineno = 0, start_line = 0;
    char dump[64] = "";
    struct text input = {0}, expected = {0}, actual = {0};
    if (!fp) {
      fprintf(stderr, "run_spec: cannot open %s\n", argv[f]);
      failed++;
      continue;
    }
    while (fgets(line, sizeof line, fp)) {
      lineno++;
      if (state == 0) {
        if (!strncmp(line, "~~~ example ", 12)) {
          size_t k = 0;
          const char *p = line + 12;
          while (*p && *p != '\n' && *p != ' ' && k + 1 < sizeof dump)
            dump[k++] = *p++;
          dump[k] = '\0';
          state = 1;
          number++;
          start_line = lineno;
          input.n = expected.n = actual.n = 0;
          if (input.p)
            input.p[0] = '\0';
        }
        continue;
      }
      if (state == 1) {
        if (!strcmp(line, ".\n")) {
          state = 2;
          if (input.n && input.p[input.n - 1] == '\n')
            input.p[--input.n] = '\0'; /* the last line break is syntax */
          continue;
        }
        adds(&input, line);
        continue;
      }
      if (!strncmp(line, "~~~", 3)) {
        state = 0;
        if (strcmp(dump, "tokens") && strcmp(dump, "norm") &&
            strcmp(dump, "article")) {
          printf("FAIL %s example %d (line %zu): unknown dump '%s'\n", argv[f],
                 number, start_line, dump);
          failed++;
          continue;
        }
        run_example(e, dump, &input, &actual);
        if (actual.n == expected.n &&
            (!actual.n || !memcmp(actual.p, expected.p, actual.n))) {
          passed++;
        } else {
          failed++;
          printf("FAIL %s example %d (line %zu, %s)\n--- input\n%s\n"
                 "--- expected\n%s--- actual\n%s\n",
                 argv[f], number, start_line, dump, input.p ? input.p : "",
                 expected.p ? expected.p : "", actual.p ? actual.p : "");
        }
        continue;
      }
      adds(&expected, line);
    }
    fclose(fp);
    free(input.p);
    free(expected.p);
    free(actual.p);
  }
  sr_engine_close(e);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
