/*
 * lemma.h - the lemmatizer the engine offers later stages: form + PTB tag
 * -> lemma ("fled"/VBD -> "flee", "troops"/NNS -> "troop"), learned from a
 * treebank. Dictionaries match verb patterns on lemmas, so one entry
 * ("strike") covers struck, strikes and striking.
 */
#ifndef SR_LEMMA_H
#define SR_LEMMA_H

#include "conllu.h"

struct sr_lemmatizer;

/* Learns suffix rules per tag from `train`, then keeps as exceptions the
 * (form, tag) pairs that the rules get wrong (irregular verbs, plurals
 * like "people"). Deterministic. *out is owned by the caller. */
sr_status sr__lemma_train(const sr_allocator *a, const struct sr_conllu *train,
                          struct sr_lemmatizer **out, sr_error *err);

/* Adds irregular verbs from a hand-edited list, one verb a line:
 * "base past participle" ("flee fled fled", "dream dreamed/dreamt
 * dreamed/dreamt"), '#' starts a comment. The past becomes an exception
 * for VBD, the participle for VBN, each also for the other tag unless the
 * treebank said otherwise. Errors name PATH:LINE. */
sr_status sr__lemma_add_irregular(struct sr_lemmatizer *m, const char *path,
                                  sr_error *err);

/* Writes the model as versioned UTF-8 text ("sitrep-lemma 1"), which is
 * endian-safe by construction and diffs well in review. */
sr_status sr__lemma_save(const struct sr_lemmatizer *m, const char *path,
                         sr_error *err);

/* Reads a model written by sr__lemma_save. A wrong header, version or a
 * malformed line is an SR_EPARSE error naming PATH:LINE. */
sr_status sr__lemma_load(const sr_allocator *a, const char *path,
                         struct sr_lemmatizer **out, sr_error *err);

/* Writes the lemma of form[0..n) tagged `xpos` into out[0..cap) (always
 * NUL-terminated; cut at cap-1 bytes) and returns its length. Thread-safe:
 * the model is read-only. */
size_t sr__lemma_of(const struct sr_lemmatizer *m, const char *form, size_t n,
                    const char *xpos, char *out, size_t cap);

/* Number of suffix rules and exceptions, for reports. */
void sr__lemma_sizes(const struct sr_lemmatizer *m, size_t *rules,
                     size_t *exceptions);

void sr__lemma_free(struct sr_lemmatizer *m);

#endif
