/*
 * tag.h - what the part-of-speech tagger offers the engine and the training
 * tool: an averaged-perceptron tagger that gives every word of a sentence a
 * universal tag (UPOS) and a Penn Treebank tag (XPOS), trained on a UD
 * treebank (English-EWT), saved to and loaded from a compact model file.
 *
 * A trained or loaded tagger is immutable: sr__tagger_tag may be called
 * from any number of threads at once on the same tagger, because all the
 * state of one call lives in the scratch memory the caller passes in (the
 * engine takes it from the document's arena). Training prints nothing; it
 * reports progress through an optional callback. How the tagger works and
 * what the model file holds is described at the top of tag.c.
 */
#ifndef SR_TAG_H
#define SR_TAG_H

#include "conllu.h"
#include "internal.h"

#include <stddef.h>
#include <stdint.h>

struct sr_tagger;

/* One word: a slice of the caller's text (UTF-8, not NUL-terminated). The
 * engine passes the token's matching key (typographic quotes and dashes
 * mapped to ASCII), the form treebanks use. */
struct sr_tag_word {
  const char *text; /* the word's bytes (borrowed) */
  size_t len;       /* their number */
};

/* What the progress callback is told after each training epoch. */
struct sr_tagger_progress {
  unsigned pass;         /* 1-based tagging pass being trained */
  unsigned passes;       /* number of passes */
  unsigned epoch;        /* 1-based epoch just finished */
  unsigned epochs;       /* epochs per pass */
  double train_accuracy; /* share of scored training words tagged right
                            during the epoch (before averaging), 0..1 */
  double dev_upos;       /* UPOS accuracy of the model so far on the dev
                            corpus, 0..1, or -1 without a dev corpus */
  double dev_xpos;       /* XPOS accuracy likewise */
  double seconds;        /* wall-clock time since training started */
  unsigned run;          /* 1-based training run of this pass */
  unsigned runs;         /* runs per pass */
};

typedef void (*sr_tagger_progress_fn)(void *user,
                                      const struct sr_tagger_progress *p);

/* Training options. Zero-initialise, then set what you need: every zero
 * field takes the documented default. */
struct sr_tagger_options {
  unsigned epochs;    /* passes over the training data for each tagging
                         pass; default 10 */
  uint64_t seed;      /* shuffles the sentence order; the same seed, data
                         and options give the same model, byte for byte */
  unsigned hash_bits; /* the weight table has 2^hash_bits feature slots;
                         16..24, default 20 */
  unsigned passes;    /* 1: one right-to-left pass; 2: then a left-to-right
                         pass that also sees the first pass's classes on
                         both sides; default 2 */
  unsigned runs;      /* training runs per pass, each over differently
                         shuffled sentences; their averaged weights are
                         added (an ensemble at the tagging cost of one
                         model); 1..100, default 5 */
  /* An outside lexicon (the training tool reads WordNet): each word, with
   * a bit set of its possible analyses. The bits are opaque to the tagger,
   * which only learns what they predict; words are matched lower-cased and
   * repeated words have their bits ORed. The lexicon is stored in the
   * model. lexicon_count 0: none. */
  const struct sr_tag_word *lexicon_words; /* borrowed during training */
  const uint16_t *lexicon_bits;            /* one bit set per word */
  size_t lexicon_count;                    /* entries in both arrays */
  sr_tagger_progress_fn progress; /* called after every epoch; may be NULL */
  void *progress_user;            /* passed to progress */
  const sr_allocator *alloc;      /* for the returned tagger; NULL: malloc */
};

/* Trains a tagger on the gold UPOS and XPOS columns of `train`. `dev` may
 * be NULL; when given, every epoch is scored on it and reported through
 * opt->progress. `opt` may be NULL for all defaults. Errors: SR_EINVAL for
 * bad options or a corpus with no words or too many distinct tags (250) or
 * tag pairs (250), SR_ENOMEM. On success *out is owned by the caller: free
 * it with sr__tagger_free. */
sr_status sr__tagger_train(const struct sr_conllu *train,
                           const struct sr_conllu *dev,
                           const struct sr_tagger_options *opt,
                           struct sr_tagger **out, sr_error *err);

/* Writes the model to `path` (replacing it). Errors: SR_EIO, SR_ENOMEM. */
sr_status sr__tagger_save(const struct sr_tagger *t, const char *path,
                          sr_error *err);

/* Reads a model written by sr__tagger_save. `a` may be NULL for malloc.
 * Every field is checked before use, so any file gives either a tagger or
 * an error: SR_EIO when it cannot be read or is truncated, SR_EFORMAT when
 * it is not a tagger model (bad magic) or of another format version,
 * SR_EPARSE when its size, checksum, counts or indices are inconsistent,
 * SR_ENOMEM. The message names the file and what is wrong. On success
 * *out is owned by the caller: free it with sr__tagger_free. */
sr_status sr__tagger_load(const sr_allocator *a, const char *path,
                          struct sr_tagger **out, sr_error *err);

/* Frees a tagger. NULL is a no-op. */
void sr__tagger_free(struct sr_tagger *t);

/* Bytes of scratch memory sr__tagger_tag needs for a sentence of `count`
 * words, or 0 when that size would overflow. */
size_t sr__tagger_scratch_size(size_t count);

/* Tags one sentence: writes the UPOS and XPOS tag index of words[i] to
 * upos[i] and xpos[i] (see sr__tagger_upos_name). `scratch` must hold
 * sr__tagger_scratch_size(count) bytes aligned for any type; its contents
 * on return mean nothing. Reads only the tagger, so threads may share one
 * tagger (each with its own scratch). Errors: SR_EINVAL when the scratch
 * memory is too small (nothing is written). A count of 0 does nothing. */
sr_status sr__tagger_tag(const struct sr_tagger *t,
                         const struct sr_tag_word *words, size_t count,
                         void *scratch, size_t scratch_size, uint8_t *upos,
                         uint8_t *xpos, sr_error *err);

/* The number of UPOS and XPOS tags the model knows; indices run below. */
size_t sr__tagger_upos_count(const struct sr_tagger *t);
size_t sr__tagger_xpos_count(const struct sr_tagger *t);

/* The name of a tag index ("NOUN", "NN"), or NULL when out of range.
 * Borrowed: valid until the tagger is freed. */
const char *sr__tagger_upos_name(const struct sr_tagger *t, size_t index);
const char *sr__tagger_xpos_name(const struct sr_tagger *t, size_t index);

#endif
