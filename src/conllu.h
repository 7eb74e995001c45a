/*
 * conllu.h - reading CoNLL-U: the treebanks the models are trained on, and
 * trees that users bring from another parser (DESIGN.md: "CoNLL-U input is
 * accepted anywhere a parse is needed").
 */
#ifndef SR_CONLLU_H
#define SR_CONLLU_H

#include "internal.h"

/* One syntactic word (multiword-token ranges and empty nodes are skipped;
 * a range's surface form is kept on its first word). Strings are
 * NUL-terminated, in the corpus arena; "_" columns are empty strings. */
struct sr_conllu_word {
  const char *form, *lemma, *upos, *xpos, *feats, *deprel, *misc;
  const char *mwt_form; /* surface of the multiword token it opens, or NULL */
  int head;             /* 0 for the root, -1 when column 7 is "_" */
};

struct sr_conllu_sentence {
  struct sr_conllu_word *words; /* words[0] is word 1 */
  size_t count;
  const char *sent_id; /* from "# sent_id = ", or NULL */
  const char *text;    /* from "# text = ", or NULL */
  const char *newdoc;  /* from "# newdoc id = " before it, or NULL */
  int newpar;          /* a "# newpar" comment came before it */
  const char *date;    /* from "# date = ", or NULL */
  size_t line;         /* line of its first word */
};

struct sr_conllu {
  sr_arena arena; /* owns everything */
  struct sr_conllu_sentence *sentences;
  size_t count, cap;
  size_t words; /* total words */
};

/* Parses CoNLL-U text bytes[0..len) named `name` (for messages). Checks
 * that every word line has ten tab-separated columns, that IDs count 1, 2,
 * ... within a sentence, that heads are numbers within the sentence (or
 * "_" in every word of a sentence), and that the heads form a tree (no
 * cycles, exactly one root) when given. On error nothing is returned and
 * `err` says NAME:LINE: what; there is no silent repair. On success *out
 * is owned by the caller: free with sr__conllu_free. */
sr_status sr__conllu_parse(const sr_allocator *alloc, const char *name,
                           const char *bytes, size_t len,
                           struct sr_conllu **out, sr_error *err);

/* The same for a piece of a larger file whose first line is line
 * `first_line` of it (messages then give the file's line numbers). */
sr_status sr__conllu_parse_lines(const sr_allocator *alloc, const char *name,
                                 size_t first_line, const char *bytes,
                                 size_t len, struct sr_conllu **out,
                                 sr_error *err);

/* Reads and parses a file. */
sr_status sr__conllu_read_file(const sr_allocator *alloc, const char *path,
                               struct sr_conllu **out, sr_error *err);

/* Frees a corpus. NULL is a no-op. */
void sr__conllu_free(struct sr_conllu *c);

#endif
