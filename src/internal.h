/*
 * internal.h - the types every stage shares: the engine, the document and
 * the offset map that keeps every derived byte traceable to the input.
 *
 * A document flows through the stages in order (DESIGN.md, "Pipeline"):
 * ingest fills `input`, the metadata and `body` (the article text with its
 * map back to `input`); text fills `clean` and the boilerplate list;
 * segment fills tokens and sentences. Each stage reads only what earlier
 * stages left in the document. Everything lives in the document's arena.
 */
#ifndef SR_INTERNAL_H
#define SR_INTERNAL_H

#include "arena.h"
#include "sitrep.h"

#include <stddef.h>
#include <stdint.h>

#define SR_DEFAULT_MAX_DOC_BYTES ((size_t)16 << 20)
#define SR_DEFAULT_MAX_SENTENCE_TOKENS 400
/* The largest max_doc_bytes accepted: cleaned text may grow to three times
 * its input (U+FFFD for each bad byte) and segment.c keeps 32-bit offsets. */
#define SR_MAX_DOC_BYTES ((size_t)1 << 30)

struct sr_tagger;
struct sr_lemmatizer;
struct sr_parser;
struct sr_ner;

struct sr_engine {
  sr_allocator alloc; /* copied from the config, or malloc/free */
  /* models, when opened with sr_config.analyze (analyze.c) */
  struct sr_tagger *tagger;
  struct sr_lemmatizer *lemmatizer;
  struct sr_parser *parser;
  struct sr_ner *ner;         /* may be NULL: entities are then all "O" */
  size_t max_doc_bytes;       /* see sr_config */
  size_t max_sentence_tokens; /* see sr_config */
  sr_warn_fn warn;            /* may be NULL */
  void *warn_user;
};

/* An offset map turns a byte position in a derived buffer into a position
 * in the buffer it came from. Between anchors the two advance together;
 * an anchor is placed wherever an edit changes the length (an entity
 * decoded, an invalid byte replaced by three bytes of U+FFFD, a BOM
 * dropped). A position inside an edited run maps to the start of the next
 * anchor at most, so a range [start, end) always maps to a range that
 * covers the edited source bytes. With no anchors the map is a shift by
 * `base`. */
struct sr_offmap {
  size_t *dst;   /* anchor positions in the derived buffer, ascending */
  size_t *src;   /* the matching positions in the source buffer */
  size_t n, cap; /* anchors used and allocated */
  size_t base;   /* source position of derived position 0 */
};

struct sr_meta {
  const char *key, *value; /* NUL-terminated copies in the arena */
};

/* A token while the document is being built: offsets into `clean`. */
struct sr_token_build {
  size_t start, end; /* range in doc->clean */
};

struct sr_doc {
  const sr_engine *engine;
  sr_arena arena; /* owns everything below */

  char *id;    /* document id */
  char *path;  /* source file, or NULL */
  size_t line; /* JSONL line, or 0 */
  sr_format format;

  const char *input; /* the original bytes that offsets point into */
  size_t input_len;

  char date[11];           /* "YYYY-MM-DD" or "" */
  const char *date_origin; /* static string, or NULL */
  struct sr_meta *meta;    /* metadata in input order */
  size_t meta_count, meta_cap;

  /* ingest -> text: the article body and its map into `input`. */
  const char *body;
  size_t body_len;
  struct sr_offmap body_map;
  int raw; /* no boilerplate removal */

  /* text -> segment: valid NFC UTF-8 and its map into `body`. */
  char *clean;
  size_t clean_len;
  struct sr_offmap clean_map;
  size_t *boiler_start, *boiler_end; /* boilerplate lines, in `clean` */
  const char **boiler_reason;
  size_t boiler_count;

  /* segment: results, with offsets already mapped to `input`. */
  sr_token *tokens;
  size_t token_count;
  sr_sentence *sentences;
  size_t sentence_count;
  sr_boilerplate *boilerplate;
  char **sentence_text; /* lazily built `# text` strings */

  sr_doc_repairs repairs;
  int given_tree; /* CoNLL-U input with a tree for every sentence */
  int analyzed;   /* tagged and parsed by sitrep (analyze.c) */

  /* code: events, in sentence order (code.c) */
  sr_event *events;
  size_t event_count;

  /* where: the places named, in text order (where.c) */
  sr_location *places;
  size_t place_count;
};

/* Fills `err` (if not NULL) with a formatted one-line message. Newlines in
 * the message are replaced by spaces. Returns `code`. */
sr_status sr__error(sr_error *err, sr_status code, size_t offset, size_t line,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Sends a warning about document `d` to the engine's callback, if any. */
void sr__warn(const sr_doc *d, size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Offset maps (text.c). `map` lives in arena `a`. */
void sr__offmap_init(struct sr_offmap *map, size_t base);
sr_status sr__offmap_add(struct sr_offmap *map, sr_arena *a, size_t dst,
                         size_t src);
size_t sr__offmap_lookup(const struct sr_offmap *map, size_t pos);

/* util.c: shared helpers. */

/* The default allocator (malloc/free). Static. */
const sr_allocator *sr__malloc_allocator(void);

/* Reads a whole file into a malloc'd buffer (free with free()); files past
 * `max` bytes are SR_ELIMIT. Errors name the path. */
sr_status sr__read_file(const char *path, size_t max, char **out, size_t *len,
                        sr_error *err);

/* Lower-cases s[0..n) into out (ASCII fast path, other characters through
 * utf8proc; invalid bytes copied as they are) and NUL-terminates it. Stops
 * early rather than overflow `cap`. Returns the length written. */
size_t sr__lower(const char *s, size_t n, char *out, size_t cap);

/* FNV-1a hash of a NUL-terminated string. */
uint64_t sr__hash_str(const char *s);

/* Days in month m (1..12) of year y in the Gregorian calendar. */
int sr__month_days(int y, int m);

/* Writes "YYYY-MM-DD" and a NUL; y in 0..9999, m and d valid. */
void sr__put_ymd(char out[11], int y, int m, int d);

/* Creates an empty document with its arena (engine.c). */
sr_status sr__doc_new(const sr_engine *e, sr_doc **out, sr_error *err);

/* Adds (or, with `replace`, overwrites) a metadata entry; copies both. */
sr_status sr__doc_set_meta(sr_doc *d, const char *key, size_t key_len,
                           const char *value, size_t value_len, int replace);

/* Copies a string into the document's arena, NUL-terminated. */
char *sr__doc_strdup(sr_doc *d, const char *s, size_t n);

/* Runs text and segment on a document whose body is set, then applies the
 * date and id options (engine.c). */
sr_status sr__doc_finish(sr_doc *d, const sr_doc_options *opt, sr_error *err);

#endif
