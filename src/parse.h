/*
 * parse.h - the dependency parser the engine offers later stages: a greedy
 * arc-eager transition parser with averaged-perceptron scores, trained with
 * a dynamic oracle on a UD treebank, producing UD v2 trees (heads and
 * relations with subtypes). The coder reads subjects and objects off these
 * trees.
 */
#ifndef SR_PARSE_H
#define SR_PARSE_H

#include "conllu.h"

struct sr_parser;

/* Training options; zero fields take the defaults noted. */
struct sr_parser_options {
  int epochs;           /* passes over the training data; default 12 */
  uint32_t seed;        /* shuffling and exploration; default 1 */
  unsigned action_bits; /* log2 rows of the transition weights; 20 */
  unsigned label_bits;  /* log2 rows of the relation weights; 18 */
  int runs; /* models trained one after another on differently shuffled
               data, their averaged weights added into one; default 1 */
  /* called after each epoch with dev scores (NULL: silent) */
  void (*progress)(void *user, int epoch, double uas, double las);
  void *user;
};

/* Trains on `train` (sentences with non-projective trees are skipped: the
 * arc-eager oracle needs projective trees) and scores `dev` after each
 * epoch (dev may be NULL). Uses the gold XPOS tags of the corpus; callers
 * that parse predicted tags may pass a corpus whose XPOS column was
 * predicted. Deterministic for a seed. */
sr_status sr__parser_train(const struct sr_conllu *train,
                           const struct sr_conllu *dev,
                           const struct sr_parser_options *opt,
                           struct sr_parser **out, sr_error *err);

/* Writes a versioned, little-endian binary model ("SRPARSE", version 1)
 * with weights quantised to 16 bits and empty rows left out. */
sr_status sr__parser_save(const struct sr_parser *p, const char *path,
                          sr_error *err);

/* Reads a model; a wrong magic, version, a truncated file or inconsistent
 * sizes are SR_EPARSE errors naming the file. */
sr_status sr__parser_load(const sr_allocator *a, const char *path,
                          struct sr_parser **out, sr_error *err);

/* The same from bytes in memory; `name` is used in messages. The bytes
 * are not kept. */
sr_status sr__parser_load_memory(const sr_allocator *a, const char *name,
                                 const unsigned char *bytes, size_t len,
                                 struct sr_parser **out, sr_error *err);

/* Parses one sentence of n words (forms and XPOS tags, NUL-terminated).
 * Writes heads[i] (0 for the root, else 1..n) and rel[i] (a relation
 * index, see sr__parser_rel_name). Scratch memory comes from `arena`.
 * Thread-safe: the model is read-only. */
sr_status sr__parser_parse(const struct sr_parser *p, sr_arena *arena, size_t n,
                           const char *const *forms, const char *const *xpos,
                           int *heads, int *rel);

/* The name of relation index i ("nsubj", "obl:agent"). Static for the
 * model's lifetime. */
const char *sr__parser_rel_name(const struct sr_parser *p, int i);

/* Parses every sentence of `c` (using its FORM and XPOS) and scores the
 * result against its own heads and relations: UAS and LAS in percent. */
void sr__parser_score(const struct sr_parser *p, const struct sr_conllu *c,
                      double *uas, double *las);

void sr__parser_free(struct sr_parser *p);

#endif
