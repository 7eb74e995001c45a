/*
 * sitrep.h - the public interface of libsitrep, and its reference manual.
 *
 * sitrep turns news articles into political event data. This header is the
 * only one installed; the `sitrep` command (cli/main.c) and the server are
 * its clients and use nothing else. It covers the pipeline of DESIGN.md in
 * the order of the sections below: ingest (bytes -> documents with
 * metadata), text (UTF-8 repair, NFC, boilerplate), segment (sentences and
 * tokens, every token with its byte range in the original input), analysis
 * (tags, lemmas, entities, dependency trees), dictionaries and coding
 * (events with dates and places), the event store and its queries, and
 * evaluation.
 *
 * Conventions that hold for every function below:
 *   - Functions return an sr_status; SR_OK (zero) is success. Objects come
 *     back through an OUT parameter.
 *   - An `sr_error *err` argument may be NULL. When it is not and the call
 *     fails, it receives the code, a one-line message that says what and
 *     where, and the byte offset of the problem (or SIZE_MAX).
 *   - Functions never take ownership of their arguments. Everything a
 *     document produces belongs to the document and lives until
 *     sr_doc_free(). Destructors accept NULL.
 *   - Text is passed as a pointer plus a length and need not be
 *     NUL-terminated. Byte offsets are into the *original input*: the
 *     (decompressed) bytes of a text or HTML file as it is on disk, or the
 *     UTF-8 bytes of the text value of a JSONL record.
 *   - Threading: an sr_engine is immutable once open and may be shared by
 *     any number of threads. An sr_doc or sr_source belongs to one thread at
 *     a time. The library has no global mutable state and never prints;
 *     warnings go to the callback in sr_config.
 */
#ifndef SITREP_H
#define SITREP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define SR_EXPORT __attribute__((visibility("default")))
#else
#define SR_EXPORT
#endif

#define SR_VERSION "0.1.0"

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

typedef enum sr_status {
  SR_OK = 0, /* success */
  SR_ENOMEM, /* an allocation failed */
  SR_EINVAL, /* a caller's argument is wrong (NULL handle, bad option) */
  SR_EIO,    /* a file could not be opened or read, or is truncated */
  SR_EPARSE, /* malformed input: JSON, CoNLL-U, compressed stream, date */
  SR_EDICT,  /* malformed dictionary */
  SR_EDB,    /* database error */
  SR_ELIMIT, /* input is past a limit in sr_config (document size...) */
  SR_EFORMAT /* input is not of a kind sitrep reads (a binary file) */
} sr_status;

/* The size of sr_error.msg, after curl's CURL_ERROR_SIZE. */
#define SR_ERROR_SIZE 256

typedef struct sr_error {
  sr_status code;          /* what went wrong */
  size_t offset;           /* byte offset into the input, or SIZE_MAX */
  size_t line;             /* 1-based line in the input file, or 0 */
  char msg[SR_ERROR_SIZE]; /* one line, no newline; says what and where */
} sr_error;

/* A static, lower-case description of a status code ("out of memory").
 * Never NULL, also for values outside the enum. */
SR_EXPORT const char *sr_strerror(sr_status s);

/* ------------------------------------------------------------------------ */
/* Engine: configuration shared by all documents                            */
/* ------------------------------------------------------------------------ */

/* A warning about one document: something was repaired or dropped but the
 * document is still usable (invalid UTF-8 replaced, NUL bytes, a sentence
 * cut at the token limit, an unreadable date in the metadata). The sr_error
 * is borrowed for the duration of the call. The callback may be called from
 * any thread that parses a document. */
typedef void (*sr_warn_fn)(void *user, const sr_error *warning);

/* A pluggable allocator, used for every allocation the library makes on
 * behalf of an engine and the documents and sources opened with it.
 * `alloc` returns NULL on failure; `release` accepts NULL. */
typedef struct sr_allocator {
  void *(*alloc)(void *ctx, size_t size);
  void (*release)(void *ctx, void *ptr);
  void *ctx;
} sr_allocator;

/* Engine configuration. Zero-initialise it and set what you need: every
 * zero field takes the documented default. */
typedef struct sr_config {
  size_t max_doc_bytes;       /* largest document (or JSONL line) accepted;
                                 default 16 MiB, at most 1 GiB. Past it:
                                 SR_ELIMIT. */
  size_t max_sentence_tokens; /* a sentence is cut after this many tokens,
                                 with a warning; default 400 */
  sr_warn_fn warn;            /* warnings; NULL ignores them */
  void *warn_user;            /* passed to warn */
  const sr_allocator *alloc;  /* NULL: malloc/free. Copied at open. */
  int analyze;                /* nonzero: load the tagger, lemmatizer,
                                 parser and named-entity models, so that
                                 documents can be analysed (see
                                 sr_doc_options.analyze). Loading takes
                                 about half a second. */
  const char *model_dir;      /* where the models are; NULL: the
                                 SITREP_MODELS environment variable, else
                                 the data/models folder sitrep was built
                                 from. Copied at open. */
} sr_config;

typedef struct sr_engine sr_engine;

/* Opens an engine. `cfg` may be NULL for all defaults. On success *out
 * is owned by the caller: close it with sr_engine_close() after every
 * document and source made with it is freed. */
SR_EXPORT sr_status sr_engine_open(const sr_config *cfg, sr_engine **out,
                                   sr_error *err);

/* Closes an engine. NULL is a no-op. */
SR_EXPORT void sr_engine_close(sr_engine *e);

/* The library version, SR_VERSION at build time. Static. */
SR_EXPORT const char *sr_version(void);

/* ------------------------------------------------------------------------ */
/* Documents                                                                */
/* ------------------------------------------------------------------------ */

typedef enum sr_format {
  SR_FORMAT_AUTO = 0, /* decide from the file name, then the content */
  SR_FORMAT_TEXT,     /* one plain-text article per file */
  SR_FORMAT_JSONL,    /* one JSON object (article) per line */
  SR_FORMAT_HTML,     /* one HTML page per file; visible text only */
  SR_FORMAT_CONLLU    /* CoNLL-U sentences, tokenized (and perhaps tagged
                         and parsed) already; one document per "# newdoc" */
} sr_format;

/* Options for reading one document or one source. Zero-initialise. */
typedef struct sr_doc_options {
  sr_format format;   /* SR_FORMAT_AUTO: by name, then content */
  int raw;            /* nonzero: the input is body text only: no metadata
                         header or date marker, no boilerplate removal */
  const char *id;     /* document id; NULL: derived from the file name (or
                         "PATH:LINE" / the `id` key for JSONL records) */
  const char *date;   /* overrides any date found in the input; YYYY-MM-DD */
  const char *title;  /* overrides the title */
  const char *source; /* overrides the source (outlet) */
  const char *url;    /* overrides the URL */
  int analyze;        /* nonzero: also tag, lemmatize, parse and find named
                         entities (needs an engine opened with analyze) */
} sr_doc_options;

typedef struct sr_doc sr_doc;

/* One token (a UD "word"): a slice of the cleaned text plus its range in
 * the original input. Borrowed from its document. */
typedef struct sr_token {
  const char *form; /* cleaned text: valid UTF-8, NFC; not NUL-terminated */
  size_t form_len;
  const char *norm; /* key for matching: typographic quotes, dashes and
                       ellipses mapped to ASCII; same as form otherwise */
  size_t norm_len;
  size_t start, end;    /* byte range [start, end) in the original input */
  unsigned space_after; /* 1 if whitespace follows the token */
  /* Filled only when the document was analysed, else NULL and 0. The
   * strings are static or borrowed from the document. */
  const char *upos;   /* universal part of speech: "NOUN" */
  const char *xpos;   /* Penn Treebank tag: "NNS" */
  const char *lemma;  /* "troop" */
  size_t head;        /* the head's position in the sentence (1-based),
                         0 for the root */
  const char *deprel; /* UD relation to the head: "nsubj" */
  const char *ner;    /* "B-PER", "I-LOC", ... or "O" */
} sr_token;

/* One sentence: a run of tokens. Borrowed from its document. */
typedef struct sr_sentence {
  size_t first_token; /* index of its first token, see sr_doc_token() */
  size_t token_count; /* at least 1 */
  size_t start, end;  /* byte range [start, end) in the original input */
} sr_sentence;

/* A line of the article recognised as boilerplate (an advertisement marker,
 * a comment form, a share prompt, a photo credit...). Kept in the document
 * for provenance, excluded from the sentences. Borrowed. */
typedef struct sr_boilerplate {
  size_t start, end;  /* byte range in the original input */
  const char *reason; /* static: "advertisement", "comment-form", ... */
} sr_boilerplate;

/* Counts of what the text stage repaired in a document. */
typedef struct sr_doc_repairs {
  size_t invalid_utf8;  /* invalid byte sequences replaced by U+FFFD */
  size_t nul_bytes;     /* NUL and other control bytes turned into spaces */
  size_t nfc_changes;   /* runs rewritten by NFC normalisation */
  size_t removed_chars; /* BOM, soft hyphens and zero-width characters */
  size_t forced_breaks; /* sentences cut at max_sentence_tokens */
} sr_doc_repairs;

/* Reads one document from memory: metadata (unless opt->raw), cleaning and
 * segmentation. `bytes` is the whole input: a text article, an HTML page,
 * or one JSONL line (format SR_FORMAT_JSONL). `opt` may be NULL. On
 * success *out is owned by the caller (free with sr_doc_free). Errors:
 * SR_ELIMIT (larger than max_doc_bytes), SR_EPARSE (bad JSON), SR_EFORMAT
 * (binary data), SR_ENOMEM. */
SR_EXPORT sr_status sr_doc_parse(const sr_engine *e, const char *bytes,
                                 size_t len, const sr_doc_options *opt,
                                 sr_doc **out, sr_error *err);

/* Frees a document and everything borrowed from it. NULL is a no-op. */
SR_EXPORT void sr_doc_free(sr_doc *d);

/* The document id. Borrowed; never NULL. */
SR_EXPORT const char *sr_doc_id(const sr_doc *d);

/* The file the document came from ("-" for standard input), or NULL when
 * it was parsed from memory. Borrowed. */
SR_EXPORT const char *sr_doc_path(const sr_doc *d);

/* The 1-based line of a JSONL record in its file, else 0. */
SR_EXPORT size_t sr_doc_line(const sr_doc *d);

/* The publication date as "YYYY-MM-DD", or NULL when unknown. Borrowed. */
SR_EXPORT const char *sr_doc_date(const sr_doc *d);

/* Where the date came from: "option", "header", "marker", "filename",
 * "json", "html", or NULL when there is none. Static. */
SR_EXPORT const char *sr_doc_date_origin(const sr_doc *d);

/* Metadata value for `key` ("title", "source", "url", "author", or any
 * key of a JSONL record or header block), or NULL. Borrowed. */
SR_EXPORT const char *sr_doc_meta(const sr_doc *d, const char *key);

/* Metadata entries in input order, for listing them all. */
SR_EXPORT size_t sr_doc_meta_count(const sr_doc *d);
SR_EXPORT void sr_doc_meta_at(const sr_doc *d, size_t i, const char **key,
                              const char **value);

/* The original input bytes that offsets point into. Borrowed. */
SR_EXPORT const char *sr_doc_input(const sr_doc *d, size_t *len);

/* The format the document was read as (never SR_FORMAT_AUTO). */
SR_EXPORT sr_format sr_doc_format(const sr_doc *d);

/* Nonzero when the document was read from CoNLL-U with a full tree (HEAD
 * and DEPREL) for every sentence: the tokens then hold the given tree
 * unless the document was also analysed. */
SR_EXPORT int sr_doc_has_tree(const sr_doc *d);

SR_EXPORT size_t sr_doc_sentence_count(const sr_doc *d);
/* Borrowed; i < sr_doc_sentence_count(d). */
SR_EXPORT const sr_sentence *sr_doc_sentence(const sr_doc *d, size_t i);

SR_EXPORT size_t sr_doc_token_count(const sr_doc *d);
/* Borrowed; i < sr_doc_token_count(d). */
SR_EXPORT const sr_token *sr_doc_token(const sr_doc *d, size_t i);

/* The cleaned text of sentence i with line breaks and tabs as spaces, as
 * CoNLL-U's `# text` wants it. Borrowed; NUL-terminated. */
SR_EXPORT const char *sr_doc_sentence_text(const sr_doc *d, size_t i,
                                           size_t *len);

SR_EXPORT size_t sr_doc_boilerplate_count(const sr_doc *d);
/* Borrowed; i < sr_doc_boilerplate_count(d). */
SR_EXPORT const sr_boilerplate *sr_doc_boilerplate(const sr_doc *d, size_t i);

/* What the text stage repaired. Borrowed. */
SR_EXPORT const sr_doc_repairs *sr_doc_repairs_of(const sr_doc *d);

/* ------------------------------------------------------------------------ */
/* Sources: files, directories, standard input                             */
/* ------------------------------------------------------------------------ */

/* A source yields the documents of one path: a plain-text, HTML or JSONL
 * file (each may be gzip- or zstd-compressed: recognised by content), "-"
 * for standard input, or a directory, read recursively in name order
 * (hidden entries skipped). JSONL files are streamed, so memory does not
 * grow with their size. */
typedef struct sr_source sr_source;

/* Opens a source. The path and options are copied. Opening does not read:
 * a missing file is reported by the first sr_source_next(). */
SR_EXPORT sr_status sr_source_open(const sr_engine *e, const char *path,
                                   const sr_doc_options *opt, sr_source **out,
                                   sr_error *err);

/* Opens a source over bytes in memory, as if they were the file `name`
 * (used to pick the format; may be NULL). The bytes are borrowed and must
 * outlive the source. */
SR_EXPORT sr_status sr_source_open_memory(const sr_engine *e, const char *name,
                                          const void *bytes, size_t len,
                                          const sr_doc_options *opt,
                                          sr_source **out, sr_error *err);

/* Reads the next document. On SR_OK, *out is the next document (owned by
 * the caller) or NULL when the source is exhausted. On any other status the
 * bad record (a file, a JSONL line) has been skipped, `err` says what and
 * where (FILE:LINE: or FILE: byte N:), and the caller may call again to go
 * on with the rest: nothing is skipped without an error. */
SR_EXPORT sr_status sr_source_next(sr_source *src, sr_doc **out, sr_error *err);

/* Bytes read so far from the files of this source (after decompression):
 * for progress reports and throughput figures. */
SR_EXPORT uint64_t sr_source_bytes_read(const sr_source *src);

/* Closes a source. NULL is a no-op. */
SR_EXPORT void sr_source_close(sr_source *src);

/* ------------------------------------------------------------------------ */
/* Dictionaries                                                             */
/* ------------------------------------------------------------------------ */

/* Actor, agent, verb and discard dictionaries, in sitrep's native format
 * or in the PETRARCH / TABARI formats (recognised from each file's
 * content; docs/DICTIONARIES.md is the manual). Load them once; a loaded
 * sr_dict is read-only and may be shared by any number of threads. */
typedef struct sr_dict sr_dict;

typedef enum sr_dict_kind {
  SR_DICT_ACTORS,  /* who: names -> codes, dated roles */
  SR_DICT_AGENTS,  /* kinds of people: "troops" -> MIL */
  SR_DICT_VERBS,   /* verb patterns and event nouns -> CAMEO codes */
  SR_DICT_DISCARDS /* phrases that drop a sentence or a story */
} sr_dict_kind;

/* What a dictionary holds, for messages and tests. */
typedef struct sr_dict_counts {
  size_t actors, agents, verbs, patterns, nouns, discards, sets;
  size_t warnings; /* malformed lines reported and skipped */
} sr_dict_counts;

/* Creates an empty dictionary. `e` may be NULL (malloc, no warnings); with
 * an engine, its allocator is used and malformed lines are reported to its
 * warning callback as "FILE:LINE: reason" (SR_EDICT). */
SR_EXPORT sr_status sr_dict_new(const sr_engine *e, sr_dict **out,
                                sr_error *err);

/* Nonzero: the first malformed line makes the load fail with SR_EDICT. */
SR_EXPORT void sr_dict_set_strict(sr_dict *d, int strict);

/* Adds the entries of one file of the given kind. Errors: SR_EIO (cannot
 * read), SR_EFORMAT (binary), SR_EDICT (malformed, when strict). */
SR_EXPORT sr_status sr_dict_load(sr_dict *d, sr_dict_kind kind,
                                 const char *path, sr_error *err);

/* The same from memory; `name` is used in messages. */
SR_EXPORT sr_status sr_dict_load_memory(sr_dict *d, sr_dict_kind kind,
                                        const char *name, const char *bytes,
                                        size_t len, sr_error *err);

/* Loads every *.actors, *.agents, *.verbs and *.discards file of a folder,
 * kind by kind, each kind in file-name order. */
SR_EXPORT sr_status sr_dict_load_dir(sr_dict *d, const char *dir,
                                     sr_error *err);

SR_EXPORT void sr_dict_stats(const sr_dict *d, sr_dict_counts *out);

/* Frees a dictionary. NULL is a no-op. */
SR_EXPORT void sr_dict_free(sr_dict *d);

/* ------------------------------------------------------------------------ */
/* Places: the gazetteer                                                    */
/* ------------------------------------------------------------------------ */

/* A compiled gazetteer (data/gazetteer/gazetteer.bin, derived from
 * GeoNames by tools/mk_gazetteer.c): countries, first-level regions and
 * populated places with their current, alternate and former names
 * (Artemivsk -> Bakhmut, Krasnyy Liman -> Lyman). Loading takes a few
 * hundredths of a second; a loaded gazetteer is read-only and may be shared
 * by any number of threads. docs/ARCHITECTURE.md ("Places") describes the
 * file and the ranking. */
typedef struct sr_gazetteer sr_gazetteer;

/* Loads a gazetteer file. `path` NULL: the SITREP_GAZETTEER environment
 * variable, else the data/gazetteer/gazetteer.bin sitrep was built from.
 * On success *out is owned by the caller (sr_gazetteer_free). Errors:
 * SR_EIO (cannot read, truncated), SR_EFORMAT (not a gazetteer, another
 * version, corrupt: the message names the file and what is wrong),
 * SR_ENOMEM. */
SR_EXPORT sr_status sr_gazetteer_open(const char *path, sr_gazetteer **out,
                                      sr_error *err);

/* The same from a file's bytes in memory (copied; `bytes` may be freed
 * afterwards). `name` is used in messages and may be NULL. */
SR_EXPORT sr_status sr_gazetteer_open_memory(const void *bytes, size_t len,
                                             const char *name,
                                             sr_gazetteer **out, sr_error *err);

/* Frees a gazetteer. NULL is a no-op. Documents coded with it borrow its
 * strings: free them first. */
SR_EXPORT void sr_gazetteer_free(sr_gazetteer *g);

/* A place resolved from text. The strings are NUL-terminated; `text` is
 * borrowed from the document (NULL for sr_geocode), the others from the
 * gazetteer or static. */
typedef struct sr_location {
  const char *text;      /* the words that name it, as written */
  size_t start, end;     /* their byte range in the original input (in the
                            query, for sr_geocode) */
  const char *name;      /* the gazetteer's current name: "Lyman" */
  const char *country;   /* ISO 3166-1 alpha-2 code: "UA" */
  const char *admin1;    /* first-level region ("Donetsk"), or NULL (for a
                            country) */
  double lat, lon;       /* degrees (WGS84); for a region, a population-
                            weighted centre of its places; for a country,
                            its capital */
  uint32_t geonameid;    /* GeoNames id, 0 when unknown */
  uint32_t population;   /* GeoNames population, 0 when unknown */
  const char *precision; /* static: "city", "admin1" or "country" */
  const char *source;    /* static: how the place was chosen: "event" (a
                            phrase such as "in X" under the trigger),
                            "participant" (inside the actor's or the
                            recipient's phrase), "dateline" ("KYIV, June 24
                            (Reuters) -"), "document" (the place the
                            document mentions most), "query" (sr_geocode) */
} sr_location;

/* Resolves a free-text place description as analysts write it ("Chuhuiv,
 * south of Kharkiv", "near Bakhmut", "Kozinka, Belgorod region", "Krasnyy
 * Liman"): the first place named is the answer, the others are its
 * context; capitalised words are preferred when there are any.
 * `country` (ISO2 or ISO3, may be NULL) keeps only places in that
 * country. On SR_OK *out is filled, with out->name NULL when nothing
 * matched. Errors: SR_EINVAL (NULL argument, unknown country code). */
SR_EXPORT sr_status sr_geocode(const sr_gazetteer *g, const char *text,
                               size_t len, const char *country,
                               sr_location *out, sr_error *err);

/* Finds the places a document names (sr_doc_place) and, when it has been
 * coded (sr_code_doc), gives each event its location; sr_code_doc calls it
 * when its options carry a gazetteer. Works on any segmented document; the
 * named-entity tags of an analysed one make it stricter about people and
 * organisations whose names are also places. The gazetteer must outlive
 * the document. Errors: SR_EINVAL (NULL argument), SR_ENOMEM. */
SR_EXPORT sr_status sr_where_doc(const sr_gazetteer *g, sr_doc *d,
                                 sr_error *err);

/* The places found by sr_where_doc, in text order (source "mention").
 * Borrowed; i < sr_doc_place_count(d). */
SR_EXPORT size_t sr_doc_place_count(const sr_doc *d);
SR_EXPORT const sr_location *sr_doc_place(const sr_doc *d, size_t i);

/* ------------------------------------------------------------------------ */
/* Coding: events from dependency trees                                     */
/* ------------------------------------------------------------------------ */

/* One side of an event: an actor or a recipient. Borrowed from the doc. */
typedef struct sr_participant {
  const char *text;    /* the phrase as written (NUL-terminated) */
  size_t start, end;   /* its byte range in the original input */
  const char *code;    /* CAMEO-style code as the dictionaries build it:
                          "RUSMIL", "---GOV"; NULL when no dictionary knows
                          the phrase (the text is still given) */
  const char *country; /* "RUS", or NULL */
  const char *sector;  /* "MIL", or NULL */
  const char *name;    /* canonical actor name, or NULL; for a pronoun,
                          a bare surname or a role description ("he",
                          "Prigozhin", "the Wagner leader") the name of the
                          earlier actor it refers to (an unknown person's
                          name as first written) */
  const char *entity;  /* named-entity type when the head is a name: "PER",
                          "ORG", "LOC", or "MISC" (a proper noun the NER
                          left untagged); NULL for common nouns. A phrase
                          with neither code nor entity is never a
                          participant ("a separate deal", "everything") */
} sr_participant;

/* One coded event. Borrowed from the doc. */
typedef struct sr_event {
  size_t sentence;   /* index of its sentence in the document */
  const char *cameo; /* CAMEO code: "195" */
  const char *event; /* PLOVER event type: "ASSAULT", or NULL */
  const char *mode;  /* PLOVER mode: "aerial", or NULL */
  int quad;          /* CAMEO quad class 1..4, 0 when unknown */
  double goldstein;  /* Goldstein value, 0 when unknown */
  const sr_participant *actors, *recipients;
  size_t actor_count, recipient_count; /* either may be 0 */
  int negated;             /* "denied attacking", "did not attack" */
  int hypothetical;        /* "would march on Moscow", "if they attack" */
  const char *reported_by; /* who says so ("Prigozhin said ..."), or NULL */
  size_t trigger_token;    /* index of the verb or noun, see sr_doc_token */
  size_t trigger_start, trigger_end; /* its byte range in the input */
  double confidence;           /* 0..1, higher when the pattern is specific */
  const sr_location *location; /* where it happened (see sr_location),
                                  or NULL: no gazetteer, or no place */
  /* When it happened: "YYYY-MM-DD", or NULL when neither the text nor
   * the document dates it. A date expression attached to the trigger or
   * its clause ("on Friday", "24 June 2023", "two months ago", "the day
   * before") is resolved against the publication date, or a dateline
   * ("KYIV, June 24 (Reuters) -"), or with neither the last full date the
   * text gave; the tense of its clause says whether an open date ("on
   * Friday", "in March", "June 24") lies before or after that anchor.
   * Without such an expression the event takes the publication date
   * (sr_doc_date, else sr_code_options.date). docs/ARCHITECTURE.md,
   * "Dates", lists the forms. Borrowed from the doc. */
  const char *date;
  /* Static: "day"; "week" (some day of the Monday-to-Sunday week holding
   * `date`: "last week" gives its Monday, "last weekend" its Saturday,
   * "two weeks ago" the day two weeks back); "month" (`date` is its first
   * day: "in March", "two months ago"); "year" (`date` is 1 January: "in
   * 2022", "a year ago"); "pub" (no expression: the publication date); or
   * NULL with date NULL. */
  const char *date_precision;
} sr_event;

typedef struct sr_code_options {
  const char *date; /* YYYY-MM-DD for dated roles; NULL: the document's
                       date; with neither, roles are not decided by date.
                       Also the publication date of sr_event.date when
                       the document has none. */
  const sr_gazetteer *gazetteer; /* places for sr_event.location; NULL:
                                    events have no location. Borrowed: it
                                    must outlive the document. */
} sr_code_options;

/* Codes every sentence of an analysed document (sr_doc_options.analyze,
 * or CoNLL-U input with trees) with dictionary `dict`; the events are kept
 * in the document, replacing any from an earlier call. `opt` may be NULL.
 * Errors: SR_EINVAL (the document has no trees), SR_ENOMEM. */
SR_EXPORT sr_status sr_code_doc(const sr_dict *dict, sr_doc *d,
                                const sr_code_options *opt, sr_error *err);

SR_EXPORT size_t sr_doc_event_count(const sr_doc *d);
/* Borrowed; i < sr_doc_event_count(d). */
SR_EXPORT const sr_event *sr_doc_event(const sr_doc *d, size_t i);

/* A stable id for event i of a document, the "id" of its JSONL record:
 * 16 hex digits hashed from the document id, the trigger's offset, the
 * CAMEO code and i. Writes into buf (at least 17 bytes) and returns it. */
SR_EXPORT const char *sr_doc_event_id(const sr_doc *d, size_t i, char *buf);

/* ------------------------------------------------------------------------ */
/* Event store                                                              */
/* ------------------------------------------------------------------------ */

/* A store is one SQLite file (WAL journal) holding documents, sentences
 * (with a full-text index), actors and the spellings seen for each, event
 * mentions and the events they cluster into, and quotes. docs/STORE.md
 * describes the schema. One sr_store belongs to one thread at a time;
 * several processes may read a store while one writes it. */
typedef struct sr_store sr_store;

/* Opens the store at `path`. With `writable`, a missing or empty file
 * becomes a new store and an older schema is migrated; without, the store
 * must exist. Errors (SR_EDB) name the file and say what is wrong: not a
 * SQLite file, another program's database, a schema from a newer sitrep,
 * read-only, locked by another writer for more than five seconds. */
SR_EXPORT sr_status sr_store_open(const char *path, int writable,
                                  sr_store **out, sr_error *err);

/* Closes the store, rolling back a transaction still open. NULL: no-op. */
SR_EXPORT void sr_store_close(sr_store *s);

/* Batches: sr_store_add() calls between begin and commit are one
 * transaction, all stored or (after a crash, or a rollback) none.
 * Without begin, each sr_store_add() is its own transaction. */
SR_EXPORT sr_status sr_store_begin(sr_store *s, sr_error *err);
SR_EXPORT sr_status sr_store_commit(sr_store *s, sr_error *err);
SR_EXPORT void sr_store_rollback(sr_store *s);

typedef enum sr_store_result {
  SR_STORE_ADDED,     /* a document not seen before */
  SR_STORE_UNCHANGED, /* same id and same content hash: nothing changed */
  SR_STORE_REPLACED   /* same id, new content: the old rows were replaced */
} sr_store_result;

/* Stores a coded document (sr_code_doc() first): the document with its
 * metadata and SHA-256 content hash, every sentence, the event mentions
 * with their participants, and quotes. Each mention joins the event of
 * another mention with the same canonical actors and recipients, the same
 * event type and flags, a date within a day and a compatible place, or
 * starts a new event. `result` may be NULL. On error the document's rows
 * are rolled back and the open batch stays usable unless the error is
 * SR_EDB from the disk (full, I/O), which the caller should treat as
 * fatal. */
SR_EXPORT sr_status sr_store_add(sr_store *s, const sr_doc *d,
                                 sr_store_result *result, sr_error *err);

/* Row counts of the main tables, for tests and `sitrep ingest`. */
typedef struct sr_store_counts {
  uint64_t documents, sentences, events, mentions, actors, quotes;
} sr_store_counts;
SR_EXPORT sr_status sr_store_counts_get(sr_store *s, sr_store_counts *out,
                                        sr_error *err);

/* Queries. Each returns a table of text cells, read row by row. Filters are
 * bound as parameters, never pasted into SQL: any text is safe. */
typedef enum sr_query_kind {
  SR_QUERY_TIMELINE,  /* events by date: date, event, cameo, actors,
                         recipients, place, mentions, articles, sources;
                         events with neither actor nor recipient are left
                         out (SR_QUERY_EVENTS lists them) */
  SR_QUERY_ACTORS,    /* actors by number of events: name, code, country,
                         sector, as_actor, as_recipient, spellings */
  SR_QUERY_PARTNERS,  /* for filter.actor (the matching actor in the most
                         events): the actors it meets most, with counts
                         by direction */
  SR_QUERY_SPELLINGS, /* for filter.actor: each spelling seen and how often */
  SR_QUERY_EVENTS,    /* event mentions with their sentence and document */
  SR_QUERY_QUOTES,    /* speaker, quote, outlet, date, document */
  SR_QUERY_SEARCH,    /* full-text search of sentences (filter.text is an
                         FTS5 query): document, date, sentence, snippet */
  SR_QUERY_DYADS,     /* one row per actor x recipient of each mention,
                         in PETRARCH/Phoenix TSV order */
  SR_QUERY_EXPORT     /* every event mention, one row each, all fields */
} sr_query_kind;

typedef struct sr_query_filter {
  const char *actor;   /* name, code or spelling (case-insensitive
                          substring of the name or spelling, or exact code) */
  const char *type;    /* PLOVER type ("ASSAULT") or CAMEO code prefix */
  const char *country; /* actor or recipient country code ("RUS") */
  const char *place;   /* place name substring */
  const char *from;    /* YYYY-MM-DD, inclusive */
  const char *to;      /* YYYY-MM-DD, inclusive */
  const char *text;    /* FTS5 query for SR_QUERY_SEARCH */
  size_t limit;        /* most rows; 0: a default per query */
} sr_query_filter;

typedef struct sr_rows sr_rows;

/* Runs a query; `filter` may be NULL. Errors: SR_EINVAL (a bad date or
 * FTS query, named in the message), SR_EDB. */
SR_EXPORT sr_status sr_store_query(sr_store *s, sr_query_kind kind,
                                   const sr_query_filter *filter, sr_rows **out,
                                   sr_error *err);

SR_EXPORT size_t sr_rows_column_count(const sr_rows *r);
SR_EXPORT const char *sr_rows_column_name(const sr_rows *r, size_t col);
/* What a column holds, for printing: text, a number, a flag (0 or 1), or
 * a JSON value (an array of participants in SR_QUERY_EXPORT). */
typedef enum sr_column_type {
  SR_COLUMN_TEXT,
  SR_COLUMN_NUMBER,
  SR_COLUMN_FLAG,
  SR_COLUMN_JSON
} sr_column_type;
SR_EXPORT sr_column_type sr_rows_column_type(const sr_rows *r, size_t col);

/* Steps to the next row: *has_row is 1 with a row, 0 at the end. */
SR_EXPORT sr_status sr_rows_next(sr_rows *r, int *has_row, sr_error *err);

/* The cell of the current row as text, or NULL for an empty cell. Valid
 * until the next sr_rows_next(). */
SR_EXPORT const char *sr_rows_text(sr_rows *r, size_t col);

SR_EXPORT void sr_rows_free(sr_rows *r);

/* ------------------------------------------------------------------------ */
/* Evaluation                                                               */
/* ------------------------------------------------------------------------ */

/* Scores of predicted CoNLL-U against gold, both with the same words. */
typedef struct sr_eval_scores {
  size_t sentences, words;  /* compared */
  double upos, xpos, lemma; /* accuracy in percent over all words */
  double uas, las;          /* attachment scores in percent; LAS compares
                               the universal relation (before ':'), as the
                               CoNLL 2018 shared-task script does */
  int has_tree;             /* the prediction has heads */
} sr_eval_scores;

/* Compares the CoNLL-U files `pred` and `gold` word by word (gold
 * tokenization: the sentences and their word forms must match; the first
 * difference is an SR_EPARSE error naming both files and the sentence).
 * Malformed CoNLL-U is an error naming FILE:LINE. */
SR_EXPORT sr_status sr_eval_conllu(const char *gold, const char *pred,
                                   sr_eval_scores *out, sr_error *err);

#ifdef __cplusplus
}
#endif
#endif /* SITREP_H */
