/*
 * ner.h - the named-entity tagger the engine offers later stages: it marks
 * people (PER), organisations (ORG) and places (LOC) in a tokenized
 * sentence with BIO tags ("B-PER I-PER O ... B-LOC"), the spans the actor
 * dictionaries and the place resolver start from. It is an averaged
 * perceptron trained on UniversalNER English-EWT, saved to and loaded from
 * one small binary model file that also carries its gazetteers (country,
 * nationality and place names derived from mledoze/countries and GeoNames;
 * given names, surnames and organisations from the Phoenix actor
 * dictionaries and WordNet; ordinary English words from WordNet; all made
 * by tools/mk_ner_lexicon.c). It reads each word's part-of-speech tag as
 * the tagger (tag.h) predicted it, when the caller has one.
 *
 * This header also gives the pieces the training tool and the tests need:
 * a reader for UNER's IOB2 files and entity-level scoring (exact span and
 * type, as conlleval counts). How the tagger works and what the model file
 * holds is described at the top of ner.c.
 *
 * Threading: a trained or loaded tagger is immutable, and sr__ner_tag keeps
 * all the state of one call in scratch memory the caller passes in, so any
 * number of threads may tag with one tagger at once. Training prints
 * nothing; it reports each epoch through an optional callback.
 */
#ifndef SR_NER_H
#define SR_NER_H

#include "internal.h"

#include <stddef.h>
#include <stdint.h>

/* The tags, as the small integers sr__ner_tag writes. For a tag t > 0 the
 * entity type is (t - 1) / 2 (an sr_ner_type) and t is a B- tag when
 * (t - 1) % 2 == 0. */
enum sr_ner_tag {
  SR_NER_O = 0, /* outside any entity */
  SR_NER_B_PER, /* first word of a person's name */
  SR_NER_I_PER, /* a later word of it */
  SR_NER_B_ORG, /* organisation */
  SR_NER_I_ORG,
  SR_NER_B_LOC, /* place */
  SR_NER_I_LOC,
  SR_NER_TAG_COUNT
};

enum sr_ner_type { SR_NER_PER = 0, SR_NER_ORG, SR_NER_LOC, SR_NER_TYPE_COUNT };

/* "O", "B-PER", "I-PER", ... for a tag, or NULL when out of range. Static. */
const char *sr__ner_tag_name(unsigned tag);

/* "PER", "ORG", "LOC" for a type, or NULL when out of range. Static. */
const char *sr__ner_type_name(unsigned type);

/* One word to tag: a slice of the caller's text, UTF-8 (invalid bytes are
 * tolerated), not NUL-terminated. The engine passes the token's matching
 * key (typographic quotes and dashes mapped to ASCII), the form EWT uses,
 * and the Penn tag the part-of-speech tagger predicted for it. A model is
 * trained with predicted tags (see sr__ner_corpus_set_xpos) and tags best
 * with them; without (NULL) their features are absent. */
struct sr_ner_word {
  const char *text; /* the word's bytes (borrowed) */
  size_t len;       /* their number */
  const char *xpos; /* its predicted Penn tag ("NNP"), or NULL if unknown */
};

/* ---- corpora: UniversalNER IOB2 files ----------------------------------- */

/* One sentence of a corpus, every string in the corpus arena. */
struct sr_ner_sentence {
  struct sr_ner_word *words; /* words[0] is word 1; texts NUL-terminated */
  uint8_t *tags;             /* the gold tag of each word (sr_ner_tag) */
  size_t count;              /* words */
  size_t line;               /* line of its first word in the file */
  const char *id;            /* its "# sent_id = ID" comment, or NULL */
};

struct sr_ner_corpus {
  sr_arena arena;                    /* owns everything below */
  struct sr_ner_sentence *sentences; /* in file order */
  size_t count;                      /* sentences */
  size_t words;                      /* words in all sentences */
  size_t entities;                   /* gold entities (PER, ORG, LOC) */
  size_t dropped;  /* tagged words whose type is not PER, ORG or LOC
                      (UNER's OTH, stray B-O), read as O */
  size_t repaired; /* I- tags with no entity of their type to continue,
                      read as B- (IOB1 habits; none in UNER EWT) */
};

/* Parses UNER text bytes[0..len) named `name` (for messages). The format:
 * one word a line as tab-separated `id token tag`, optionally followed by
 * more columns (UNER adds `-` and the annotator); sentences end at a blank
 * line; lines starting with '#' are comments. IDs must count 1, 2, ...
 * within a sentence, the token must not be empty and the tag must be O or
 * B-TYPE / I-TYPE. Types other than PER, ORG and LOC are read as O (see
 * `dropped`). A malformed line is an SR_EPARSE error saying NAME:LINE:
 * what; nothing is repaired silently except the I- tags counted in
 * `repaired`. `alloc` may be NULL for malloc; otherwise it must outlive the
 * corpus. On success *out is owned by the caller: free with
 * sr__ner_corpus_free. */
sr_status sr__ner_corpus_parse(const sr_allocator *alloc, const char *name,
                               const char *bytes, size_t len,
                               struct sr_ner_corpus **out, sr_error *err);

/* Reads and parses a file; SR_EIO when it cannot be read. */
sr_status sr__ner_corpus_read_file(const sr_allocator *alloc, const char *path,
                                   struct sr_ner_corpus **out, sr_error *err);

/* Frees a corpus. NULL is a no-op. */
void sr__ner_corpus_free(struct sr_ner_corpus *c);

/* How sr__ner_corpus_set_xpos matched the corpus to the tagged file. */
struct sr_ner_align {
  size_t by_id;       /* sentences found by their sent_id */
  size_t by_text;     /* found by their text, their sent_id naming another
                         sentence or none */
  size_t retokenized; /* of those two kinds, the ones whose words are split
                         differently: each word takes the tag of the word
                         holding its first character */
  size_t merged;      /* one corpus sentence spanning several tagged ones
                         that follow each other */
};

/* Fills the xpos of every word of `c` from CoNLL-U text bytes[0..len)
 * named `name` (column 5 of each word line; multiword-token and empty-node
 * lines are skipped), which must hold the same sentences, in any order,
 * with "# sent_id" comments: the part-of-speech tagger's output on the
 * corpus. A sentence is matched by its sent_id when the two have the same
 * characters (spaces aside), else by those characters; a sentence whose
 * text spans its sent_id's sentence and the ones after it (UNER EWT joins
 * two once) takes their tags in turn. The tags are copied into the corpus
 * arena. Errors: SR_EPARSE saying NAME:LINE for malformed CoNLL-U, and
 * naming the corpus sentence (its sent_id and line) that matches nothing;
 * SR_ENOMEM. On an error the corpus keeps its old tags. `how` may be
 * NULL. */
sr_status sr__ner_corpus_set_xpos(struct sr_ner_corpus *c, const char *name,
                                  const char *bytes, size_t len,
                                  struct sr_ner_align *how, sr_error *err);

/* ---- scoring ------------------------------------------------------------- */

/* Entity counts per type, summed over sentences. An entity is a B-X tag,
 * or an I-X tag that does not continue an X entity, with the I-X tags that
 * follow it; a predicted entity is correct when a gold entity has the same
 * first word, last word and type (CoNLL's conlleval). */
struct sr_ner_counts {
  size_t gold[SR_NER_TYPE_COUNT];    /* entities in the gold tags */
  size_t found[SR_NER_TYPE_COUNT];   /* entities in the predicted tags */
  size_t correct[SR_NER_TYPE_COUNT]; /* predicted entities that are right */
};

/* Adds the entities of one sentence of n words to `c`. */
void sr__ner_count(struct sr_ner_counts *c, const uint8_t *gold,
                   const uint8_t *pred, size_t n);

/* Precision, recall and F1 (0..1; 0 when undefined) of one type, or of all
 * types together when `type` is SR_NER_TYPE_COUNT. Any out-parameter may
 * be NULL. */
void sr__ner_prf(const struct sr_ner_counts *c, unsigned type, double *p,
                 double *r, double *f1);

/* ---- the tagger ---------------------------------------------------------- */

struct sr_ner;

/* What the progress callback is told after each training epoch. */
struct sr_ner_progress {
  unsigned run;          /* 1-based run (see sr_ner_options.runs) */
  unsigned runs;         /* runs in all */
  unsigned epoch;        /* 1-based epoch just finished */
  unsigned epochs;       /* epochs in all */
  double train_accuracy; /* share of training words tagged right during the
                            epoch (before averaging), 0..1 */
  double dev_precision;  /* entity scores of the model as it would be saved
                            now (the finished runs and this one's average),
                            on the dev corpus, 0..1; -1 without one */
  double dev_recall;
  double dev_f1;
  size_t rows;    /* feature rows the saved model would hold */
  double seconds; /* wall-clock time since training started */
};

typedef void (*sr_ner_progress_fn)(void *user, const struct sr_ner_progress *p);

#define SR_NER_MAX_GAZETTEERS 7
#define SR_NER_HIDE_NONE 1000 /* hide_percent: hide nothing */
#define SR_NER_MAX_RUNS 32

/* Training options. Zero-initialise, then set what you need: every zero
 * field takes the documented default. */
struct sr_ner_options {
  unsigned epochs;    /* passes over the training data; default 12 */
  uint64_t seed;      /* shuffles the sentence order; the same seed, data
                         and options give the same model, byte for byte */
  unsigned hash_bits; /* the weight table has 2^hash_bits feature rows;
                         16..24, default 17 */
  const char *const *gazetteers; /* name lists, one category each (see
                         sr__ner_train); may be NULL when the count is 0 */
  size_t gazetteer_count;        /* at most SR_NER_MAX_GAZETTEERS */
  unsigned hide_percent;         /* share of training words whose own identity
                                 (form, longer affixes, bigrams) is hidden in an
                                 epoch, so that the context, shape and gazetteer
                                 features also learn to tag unseen words; default
                                 15, SR_NER_HIDE_NONE for none */
  unsigned hide_tags_percent;    /* share of training sentences whose words'
                                    part-of-speech tags are hidden in an epoch,
                                    so that the model also tags well without
                                    them; default 20, SR_NER_HIDE_NONE for
                                    none */
  unsigned prune; /* saved weights whose quantised magnitude is below
                     this are dropped (the scale maps the largest
                     weight to 32767); default 0 keeps all */
  unsigned runs;  /* independent trainings over differently shuffled
                     sentences whose averaged weights are added (an
                     ensemble at the cost of one model); 1..SR_NER_MAX_RUNS,
                     default 10 */
  sr_ner_progress_fn progress; /* called after every epoch; may be NULL */
  void *progress_user;         /* passed to progress */
  const sr_allocator *alloc;   /* for the returned tagger; NULL: malloc */
};

/* Trains a tagger on the gold tags of `train`. Each gazetteer is a UTF-8
 * file of names, one a line ('#' starts a comment line, blank lines are
 * skipped); a word's feature says whether it begins, continues, ends or is
 * a name of that list, matched as written and lower-cased. A name is split
 * into words at spaces and around - , ( ) / as the tokenizer would. `dev`
 * may be NULL; when given, every epoch is scored on it and reported
 * through opt->progress. `opt` may be NULL for all defaults. Errors:
 * SR_EINVAL for bad options or an empty corpus, SR_EIO when a gazetteer
 * cannot be read, SR_EPARSE for a malformed one (PATH:LINE), SR_ENOMEM.
 * On success *out is owned by the caller: free it with sr__ner_free. */
sr_status sr__ner_train(const struct sr_ner_corpus *train,
                        const struct sr_ner_corpus *dev,
                        const struct sr_ner_options *opt, struct sr_ner **out,
                        sr_error *err);

/* Writes the model to `path`, replacing it. Errors: SR_EIO, SR_ENOMEM. */
sr_status sr__ner_save(const struct sr_ner *m, const char *path, sr_error *err);

/* Reads a model written by sr__ner_save. `a` may be NULL for malloc.
 * Every field is checked before use, so any file gives either a tagger or
 * an error naming the file and what is wrong: SR_EIO when it cannot be
 * read or is truncated, SR_EFORMAT when it is not a sitrep NER model or has
 * another format version, SR_EPARSE when its checksum, sizes or values are
 * inconsistent, SR_ENOMEM. On success *out is owned by the caller: free it
 * with sr__ner_free. */
sr_status sr__ner_load(const sr_allocator *a, const char *path,
                       struct sr_ner **out, sr_error *err);

/* Frees a tagger. NULL is a no-op. */
void sr__ner_free(struct sr_ner *m);

/* Bytes of scratch memory sr__ner_tag needs for a sentence of `count`
 * words, or 0 when that size would overflow. */
size_t sr__ner_scratch_size(size_t count);

/* Tags one sentence: writes the tag (sr_ner_tag) of words[i] to tags[i].
 * The result is always well formed: an I-X tag only follows B-X or I-X.
 * `scratch` must hold sr__ner_scratch_size(count) bytes aligned for any
 * type; its contents on return mean nothing. Reads only the tagger, so
 * threads may share it. Errors: SR_EINVAL when the scratch memory is too
 * small (nothing is written). A count of 0 does nothing. */
sr_status sr__ner_tag(const struct sr_ner *m, const struct sr_ner_word *words,
                      size_t count, void *scratch, size_t scratch_size,
                      uint8_t *tags, sr_error *err);

/* Sizes for reports: feature rows with weights, gazetteer entries (names
 * and their prefixes, as written and lower-cased) and 2^hash_bits. */
void sr__ner_sizes(const struct sr_ner *m, size_t *rows,
                   size_t *gazetteer_entries, size_t *table_rows);

#endif
