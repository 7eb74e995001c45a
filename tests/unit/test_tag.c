/*
 * test_tag.c - the part-of-speech tagger: training, the model file and its
 * errors.
 *
 * A tiny treebank written here (no ../shared) trains a small tagger, which
 * must then tag its own training sentences exactly as annotated, survive a
 * save and reload unchanged, and come out byte for byte the same from the
 * same seed. The model file is then damaged the ways files get damaged:
 * cut short, a foreign file, a newer format version, a size that does not
 * match, a flipped byte. Each must give its own clear error, and no
 * damaged file (cut at every length, or with a byte changed and the
 * checksum fixed up so that the parser's own checks are what stand in the
 * way) may crash the loader or the tagger. Loading with an allocator that
 * fails after N allocations must return SR_ENOMEM and give every block
 * back.
 */
#include "unit.h"

#include "tag.h"

#include <unistd.h>
#include <zlib.h>

/* ---- the treebank ---------------------------------------------------------
 */

/* word UPOS XPOS, words separated by spaces, one sentence per string. */
static const char *const sentences[] = {
    "The/DET/DT dog/NOUN/NN barks/VERB/VBZ ./PUNCT/.",
    "A/DET/DT cat/NOUN/NN sleeps/VERB/VBZ on/ADP/IN the/DET/DT mat/NOUN/NN "
    "./PUNCT/.",
    "The/DET/DT dogs/NOUN/NNS bark/VERB/VBP loudly/ADV/RB ./PUNCT/.",
    "I/PRON/PRP saw/VERB/VBD the/DET/DT cat/NOUN/NN yesterday/NOUN/NN "
    "./PUNCT/.",
    "She/PRON/PRP will/AUX/MD see/VERB/VB Mary/PROPN/NNP in/ADP/IN "
    "Paris/PROPN/NNP ./PUNCT/.",
    "Cats/NOUN/NNS run/VERB/VBP quickly/ADV/RB to/ADP/IN the/DET/DT "
    "door/NOUN/NN !/PUNCT/.",
    "He/PRON/PRP wants/VERB/VBZ to/PART/TO run/VERB/VB ./PUNCT/.",
    "Mary/PROPN/NNP has/AUX/VBZ seen/VERB/VBN the/DET/DT red/ADJ/JJ "
    "door/NOUN/NN ./PUNCT/.",
};
#define NSENT (sizeof sentences / sizeof *sentences)
#define REPEAT                                                                 \
  4 /* copies of the treebank: "the" passes the dictionary's                   \
       frequency threshold, so the dictionary is exercised */
#define MAX_WORDS 16

/* Writes the treebank as CoNLL-U (heads left out, as "_") into buf. */
static size_t write_conllu(char *buf, size_t cap) {
  size_t len = 0, r, s;
  for (r = 0; r < REPEAT; r++)
    for (s = 0; s < NSENT; s++) {
      char copy[256], *save = NULL, *tok;
      int id = 1;
      snprintf(copy, sizeof copy, "%s", sentences[s]);
      for (tok = strtok_r(copy, " ", &save); tok;
           tok = strtok_r(NULL, " ", &save)) {
        char *upos = strchr(tok, '/'), *xpos;
        assert_non_null(upos);
        *upos++ = '\0';
        xpos = strchr(upos, '/');
        assert_non_null(xpos);
        *xpos++ = '\0';
        len += (size_t)snprintf(buf + len, cap - len,
                                "%d\t%s\t_\t%s\t%s\t_\t_\t_\t_\t_\n", id++, tok,
                                upos, xpos);
        assert_true(len < cap);
      }
      len += (size_t)snprintf(buf + len, cap - len, "\n");
      assert_true(len < cap);
    }
  return len;
}

static struct sr_conllu *make_treebank(void) {
  static char buf[16384];
  struct sr_conllu *c = NULL;
  sr_error err;
  size_t len = write_conllu(buf, sizeof buf);
  if (sr__conllu_parse(sr__malloc_allocator(), "test.conllu", buf, len, &c,
                       &err) != SR_OK)
    fail_msg("sr__conllu_parse: %s", err.msg);
  return c;
}

/* A two-word lexicon, so the lexicon is trained, saved and loaded too. */
static const struct sr_tag_word lexicon_words[] = {{"door", 4}, {"Paris", 5}};
static const uint16_t lexicon_bits[] = {1, 1024};

static unsigned progress_calls;

static void count_progress(void *user, const struct sr_tagger_progress *p) {
  (void)user;
  assert_true(p->epoch >= 1 && p->epoch <= p->epochs);
  assert_true(p->dev_upos >= 0 && p->dev_upos <= 1);
  progress_calls++;
}

static struct sr_tagger *train_tiny(const struct sr_conllu *c, uint64_t seed) {
  struct sr_tagger_options opt;
  struct sr_tagger *t = NULL;
  sr_error err;
  memset(&opt, 0, sizeof opt);
  opt.epochs = 8;
  opt.seed = seed;
  opt.hash_bits = 16; /* the smallest table: a model of a few hundred KB */
  opt.runs = 2;
  opt.lexicon_words = lexicon_words;
  opt.lexicon_bits = lexicon_bits;
  opt.lexicon_count = 2;
  opt.progress = count_progress;
  if (sr__tagger_train(c, c, &opt, &t, &err) != SR_OK)
    fail_msg("sr__tagger_train: %s", err.msg);
  assert_non_null(t);
  return t;
}

/* Tags sentence s of the treebank; upos and xpos get the tag names,
 * separated by spaces. */
static void tag_sentence(const struct sr_tagger *t, const struct sr_conllu *c,
                         size_t s, char *upos_out, char *xpos_out, size_t cap) {
  const struct sr_conllu_sentence *cs = &c->sentences[s];
  struct sr_tag_word words[MAX_WORDS];
  uint8_t upos[MAX_WORDS], xpos[MAX_WORDS];
  size_t scratch_size = sr__tagger_scratch_size(cs->count), i, u = 0, x = 0;
  void *scratch = malloc(scratch_size);
  sr_error err;
  assert_non_null(scratch);
  assert_true(cs->count <= MAX_WORDS);
  for (i = 0; i < cs->count; i++) {
    words[i].text = cs->words[i].form;
    words[i].len = strlen(cs->words[i].form);
  }
  assert_int_equal(sr__tagger_tag(t, words, cs->count, scratch, scratch_size,
                                  upos, xpos, &err),
                   SR_OK);
  free(scratch);
  upos_out[0] = xpos_out[0] = '\0';
  for (i = 0; i < cs->count; i++) {
    const char *un = sr__tagger_upos_name(t, upos[i]);
    const char *xn = sr__tagger_xpos_name(t, xpos[i]);
    assert_non_null(un);
    assert_non_null(xn);
    u += (size_t)snprintf(upos_out + u, cap - u, "%s%s", i ? " " : "", un);
    x += (size_t)snprintf(xpos_out + x, cap - x, "%s%s", i ? " " : "", xn);
  }
}

static void gold_tags(const struct sr_conllu *c, size_t s, char *upos_out,
                      char *xpos_out, size_t cap) {
  const struct sr_conllu_sentence *cs = &c->sentences[s];
  size_t i, u = 0, x = 0;
  for (i = 0; i < cs->count; i++) {
    u += (size_t)snprintf(upos_out + u, cap - u, "%s%s", i ? " " : "",
                          cs->words[i].upos);
    x += (size_t)snprintf(xpos_out + x, cap - x, "%s%s", i ? " " : "",
                          cs->words[i].xpos);
  }
}

/* Every training sentence must come out as annotated. */
static void assert_tags_training_sentences(const struct sr_tagger *t,
                                           const struct sr_conllu *c) {
  char got_u[512], got_x[512], want_u[512], want_x[512];
  size_t s;
  for (s = 0; s < NSENT; s++) {
    tag_sentence(t, c, s, got_u, got_x, sizeof got_u);
    gold_tags(c, s, want_u, want_x, sizeof want_u);
    assert_string_equal(got_u, want_u);
    assert_string_equal(got_x, want_x);
  }
}

/* ---- files ----------------------------------------------------------------
 */

static void temp_path(char *buf, size_t cap, const char *what) {
  snprintf(buf, cap, "/tmp/sitrep_test_tag_%ld_%s.bin", (long)getpid(), what);
}

static unsigned char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  unsigned char *buf;
  long n;
  assert_non_null(f);
  assert_int_equal(fseek(f, 0, SEEK_END), 0);
  n = ftell(f);
  assert_true(n > 0);
  rewind(f);
  buf = malloc((size_t)n);
  assert_non_null(buf);
  assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  *len = (size_t)n;
  return buf;
}

static void write_all(const char *path, const unsigned char *buf, size_t len) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(buf, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
}

/* The header: magic (8), version (4), size (8), CRC-32 (4). */
#define VERSION_AT 8
#define SIZE_AT 12
#define CRC_AT 20
#define HEADER_LEN 24

static void put32(unsigned char *p, uint32_t v) {
  int i;
  for (i = 0; i < 4; i++)
    p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v) {
  int i;
  for (i = 0; i < 8; i++)
    p[i] = (unsigned char)(v >> (8 * i));
}

/* Makes a damaged copy consistent again: size and checksum. */
static void fix_header(unsigned char *buf, size_t len) {
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, buf + HEADER_LEN, (uInt)(len - HEADER_LEN));
  put64(buf + SIZE_AT, len);
  put32(buf + CRC_AT, (uint32_t)crc);
}

/* Loads `path` and expects failure with `code` and a message containing
 * `needle`. */
static void expect_load_error(const char *path, sr_status code,
                              const char *needle) {
  struct sr_tagger *t = (struct sr_tagger *)&t; /* must be reset to NULL */
  sr_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(sr__tagger_load(NULL, path, &t, &err), code);
  assert_null(t);
  assert_int_equal(err.code, code);
  if (!strstr(err.msg, needle))
    fail_msg("error \"%s\" does not mention \"%s\"", err.msg, needle);
  assert_null(strchr(err.msg, '\n'));
}

/* A shared fixture: the treebank, a trained tagger and its saved file. */
typedef struct tag_fixture {
  struct sr_conllu *treebank;
  struct sr_tagger *tagger;
  char path[256];      /* the saved model */
  unsigned char *file; /* its bytes */
  size_t file_len;
} tag_fixture;

static int tag_setup(void **state) {
  tag_fixture *f = calloc(1, sizeof *f);
  sr_error err;
  if (!f)
    return -1;
  f->treebank = make_treebank();
  progress_calls = 0;
  f->tagger = train_tiny(f->treebank, 7);
  temp_path(f->path, sizeof f->path, "model");
  if (sr__tagger_save(f->tagger, f->path, &err) != SR_OK)
    fail_msg("sr__tagger_save: %s", err.msg);
  f->file = read_all(f->path, &f->file_len);
  *state = f;
  return 0;
}

static int tag_teardown(void **state) {
  tag_fixture *f = *state;
  sr__tagger_free(f->tagger);
  sr__conllu_free(f->treebank);
  free(f->file);
  unlink(f->path);
  free(f);
  return 0;
}

/* ---- training and tagging -------------------------------------------------
 */

static void test_trained_tagger_tags_its_training_sentences(void **state) {
  tag_fixture *f = *state;
  assert_tags_training_sentences(f->tagger, f->treebank);
  /* two passes, two runs of eight epochs each, all reported */
  assert_int_equal(progress_calls, 2 * 2 * 8);
}

static void test_tag_names_and_counts(void **state) {
  tag_fixture *f = *state;
  size_t i;
  assert_int_equal(sr__tagger_upos_count(f->tagger), 11);
  assert_int_equal(sr__tagger_xpos_count(f->tagger), 16);
  /* sorted by name */
  assert_string_equal(sr__tagger_upos_name(f->tagger, 0), "ADJ");
  for (i = 1; i < sr__tagger_xpos_count(f->tagger); i++)
    assert_true(strcmp(sr__tagger_xpos_name(f->tagger, i - 1),
                       sr__tagger_xpos_name(f->tagger, i)) < 0);
  assert_null(sr__tagger_upos_name(f->tagger, 11));
  assert_null(sr__tagger_xpos_name(f->tagger, 16));
}

static void test_reloaded_model_tags_the_same(void **state) {
  tag_fixture *f = *state;
  struct sr_tagger *t = NULL;
  char again[256];
  sr_error err;
  unsigned char *bytes;
  size_t len;
  assert_int_equal(sr__tagger_load(NULL, f->path, &t, &err), SR_OK);
  assert_non_null(t);
  assert_tags_training_sentences(t, f->treebank);
  /* A loaded model saves to the same bytes. */
  temp_path(again, sizeof again, "again");
  assert_int_equal(sr__tagger_save(t, again, &err), SR_OK);
  bytes = read_all(again, &len);
  assert_int_equal(len, f->file_len);
  assert_memory_equal(bytes, f->file, len);
  free(bytes);
  unlink(again);
  sr__tagger_free(t);
}

static void test_same_seed_gives_the_same_file(void **state) {
  tag_fixture *f = *state;
  struct sr_tagger *t = train_tiny(f->treebank, 7);
  char other[256];
  unsigned char *bytes;
  size_t len;
  sr_error err;
  temp_path(other, sizeof other, "same_seed");
  assert_int_equal(sr__tagger_save(t, other, &err), SR_OK);
  bytes = read_all(other, &len);
  assert_int_equal(len, f->file_len);
  assert_memory_equal(bytes, f->file, len);
  free(bytes);
  unlink(other);
  sr__tagger_free(t);
}

static void test_scratch_too_small_is_einval(void **state) {
  tag_fixture *f = *state;
  struct sr_tag_word words[2] = {{"The", 3}, {"dog", 3}};
  uint8_t upos[2] = {99, 99}, xpos[2] = {99, 99};
  size_t need = sr__tagger_scratch_size(2);
  void *scratch = malloc(need);
  sr_error err;
  assert_non_null(scratch);
  assert_int_equal(
      sr__tagger_tag(f->tagger, words, 2, scratch, need - 1, upos, xpos, &err),
      SR_EINVAL);
  assert_int_equal(upos[0], 99); /* nothing written */
  assert_int_equal(
      sr__tagger_tag(f->tagger, words, 0, scratch, 0, upos, xpos, &err), SR_OK);
  assert_int_equal(sr__tagger_scratch_size(SIZE_MAX / 2), 0);
  free(scratch);
}

static void test_unknown_and_odd_words_get_valid_tags(void **state) {
  tag_fixture *f = *state;
  struct sr_tag_word words[6] = {{"Zyx", 3},      {"\xc3\xa9t\xc3\xa9", 6},
                                 {"", 0},         {"12-34", 5},
                                 {"\xff\xfe", 2}, {"\"", 1}};
  uint8_t upos[6], xpos[6];
  size_t need = sr__tagger_scratch_size(6), i;
  void *scratch = malloc(need);
  sr_error err;
  assert_non_null(scratch);
  assert_int_equal(
      sr__tagger_tag(f->tagger, words, 6, scratch, need, upos, xpos, &err),
      SR_OK);
  for (i = 0; i < 6; i++) {
    assert_true(upos[i] < sr__tagger_upos_count(f->tagger));
    assert_true(xpos[i] < sr__tagger_xpos_count(f->tagger));
  }
  free(scratch);
}

static void test_train_rejects_bad_options(void **state) {
  tag_fixture *f = *state;
  struct sr_tagger_options opt;
  struct sr_tagger *t = NULL;
  sr_error err;
  memset(&opt, 0, sizeof opt);
  opt.hash_bits = 40;
  assert_int_equal(sr__tagger_train(f->treebank, NULL, &opt, &t, &err),
                   SR_EINVAL);
  assert_null(t);
  assert_non_null(strstr(err.msg, "hash_bits"));
}

/* ---- damaged files --------------------------------------------------------
 */

static void test_missing_file_is_eio(void **state) {
  (void)state;
  expect_load_error("/nonexistent/dir/tagger.bin", SR_EIO, "cannot open");
}

static void test_truncated_file_is_a_clear_error(void **state) {
  tag_fixture *f = *state;
  char path[256];
  temp_path(path, sizeof path, "truncated");
  write_all(path, f->file, f->file_len / 2);
  expect_load_error(path, SR_EIO, "truncated");
  write_all(path, f->file, 10); /* shorter than the header */
  expect_load_error(path, SR_EIO, "truncated");
  unlink(path);
}

static void test_wrong_magic_is_a_clear_error(void **state) {
  tag_fixture *f = *state;
  char path[256];
  unsigned char *copy = malloc(f->file_len);
  assert_non_null(copy);
  memcpy(copy, f->file, f->file_len);
  memcpy(copy, "NOTAMODL", 8);
  temp_path(path, sizeof path, "magic");
  write_all(path, copy, f->file_len);
  expect_load_error(path, SR_EFORMAT, "bad magic");
  write_all(path, (const unsigned char *)"", 0); /* an empty file */
  expect_load_error(path, SR_EFORMAT, "bad magic");
  unlink(path);
  free(copy);
}

static void test_wrong_version_is_a_clear_error(void **state) {
  tag_fixture *f = *state;
  char path[256];
  unsigned char *copy = malloc(f->file_len);
  assert_non_null(copy);
  memcpy(copy, f->file, f->file_len);
  put32(copy + VERSION_AT, 99);
  temp_path(path, sizeof path, "version");
  write_all(path, copy, f->file_len);
  expect_load_error(path, SR_EFORMAT, "version 99");
  unlink(path);
  free(copy);
}

static void test_inconsistent_size_is_a_clear_error(void **state) {
  tag_fixture *f = *state;
  char path[256];
  unsigned char *copy = malloc(f->file_len + 16);
  assert_non_null(copy);
  memcpy(copy, f->file, f->file_len);
  memset(copy + f->file_len, 0, 16);
  temp_path(path, sizeof path, "size");
  /* Bytes appended after a complete model. */
  write_all(path, copy, f->file_len + 16);
  expect_load_error(path, SR_EPARSE, "inconsistent size");
  /* Bytes appended and the header made to agree: the parser finds them. */
  fix_header(copy, f->file_len + 16);
  write_all(path, copy, f->file_len + 16);
  expect_load_error(path, SR_EPARSE, "inconsistent size");
  unlink(path);
  free(copy);
}

static void test_flipped_byte_is_a_checksum_error(void **state) {
  tag_fixture *f = *state;
  char path[256];
  unsigned char *copy = malloc(f->file_len);
  assert_non_null(copy);
  memcpy(copy, f->file, f->file_len);
  copy[f->file_len / 2] ^= 0x40;
  temp_path(path, sizeof path, "flipped");
  write_all(path, copy, f->file_len);
  expect_load_error(path, SR_EPARSE, "checksum");
  unlink(path);
  free(copy);
}

/* Tags one sentence with a tagger that loaded, to show it is usable. */
static void tag_something(const struct sr_tagger *t) {
  struct sr_tag_word words[4] = {{"The", 3}, {"cat", 3}, {"runs", 4}, {".", 1}};
  uint8_t upos[4], xpos[4];
  char scratch[4096];
  sr_error err;
  size_t i;
  assert_true(sr__tagger_scratch_size(4) <= sizeof scratch);
  assert_int_equal(
      sr__tagger_tag(t, words, 4, scratch, sizeof scratch, upos, xpos, &err),
      SR_OK);
  for (i = 0; i < 4; i++) {
    assert_non_null(sr__tagger_upos_name(t, upos[i]));
    assert_non_null(sr__tagger_xpos_name(t, xpos[i]));
  }
}

static void test_every_cut_of_the_file_is_an_error(void **state) {
  tag_fixture *f = *state;
  char path[256];
  size_t len;
  temp_path(path, sizeof path, "cut");
  for (len = 0; len < f->file_len; len += len < 64 ? 1 : 61) {
    struct sr_tagger *t = NULL;
    sr_error err;
    unsigned char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, f->file, len);
    /* With the header fixed up, the parser itself meets the cut. */
    if (len >= HEADER_LEN)
      fix_header(copy, len);
    write_all(path, copy, len);
    assert_int_not_equal(sr__tagger_load(NULL, path, &t, &err), SR_OK);
    assert_null(t);
    free(copy);
  }
  unlink(path);
}

static void test_changed_bytes_never_crash(void **state) {
  tag_fixture *f = *state;
  static const unsigned char values[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
  char path[256];
  unsigned char *copy = malloc(f->file_len);
  size_t at, v, loaded = 0;
  assert_non_null(copy);
  temp_path(path, sizeof path, "changed");
  for (at = HEADER_LEN; at < f->file_len; at += at < 512 ? 1 : 97)
    for (v = 0; v < sizeof values; v++) {
      struct sr_tagger *t = NULL;
      sr_error err;
      sr_status st;
      memcpy(copy, f->file, f->file_len);
      if (copy[at] == values[v])
        continue;
      copy[at] = values[v];
      fix_header(copy, f->file_len);
      write_all(path, copy, f->file_len);
      st = sr__tagger_load(NULL, path, &t, &err);
      if (st == SR_OK) {
        tag_something(t); /* a value the checks let through stays safe */
        sr__tagger_free(t);
        loaded++;
      } else {
        assert_null(t);
        assert_true(err.msg[0] != '\0');
      }
    }
  (void)loaded;
  unlink(path);
  free(copy);
}

static void test_load_without_memory_fails_cleanly(void **state) {
  tag_fixture *f = *state;
  counting_alloc count;
  sr_allocator alloc;
  struct sr_tagger *t = NULL;
  sr_error err;
  size_t needed, n;
  /* Count what a successful load takes... */
  counting_alloc_init(&count, &alloc);
  assert_int_equal(sr__tagger_load(&alloc, f->path, &t, &err), SR_OK);
  sr__tagger_free(t);
  assert_int_equal(count.allocs, count.releases);
  needed = count.allocs;
  /* ...then refuse each allocation in turn. */
  for (n = 0; n < needed; n++) {
    counting_alloc_init(&count, &alloc);
    count.limit = n;
    t = NULL;
    assert_int_equal(sr__tagger_load(&alloc, f->path, &t, &err), SR_ENOMEM);
    assert_null(t);
    assert_int_equal(count.allocs, count.releases);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_trained_tagger_tags_its_training_sentences),
      cmocka_unit_test(test_tag_names_and_counts),
      cmocka_unit_test(test_reloaded_model_tags_the_same),
      cmocka_unit_test(test_same_seed_gives_the_same_file),
      cmocka_unit_test(test_scratch_too_small_is_einval),
      cmocka_unit_test(test_unknown_and_odd_words_get_valid_tags),
      cmocka_unit_test(test_train_rejects_bad_options),
      cmocka_unit_test(test_missing_file_is_eio),
      cmocka_unit_test(test_truncated_file_is_a_clear_error),
      cmocka_unit_test(test_wrong_magic_is_a_clear_error),
      cmocka_unit_test(test_wrong_version_is_a_clear_error),
      cmocka_unit_test(test_inconsistent_size_is_a_clear_error),
      cmocka_unit_test(test_flipped_byte_is_a_checksum_error),
      cmocka_unit_test(test_every_cut_of_the_file_is_an_error),
      cmocka_unit_test(test_changed_bytes_never_crash),
      cmocka_unit_test(test_load_without_memory_fails_cleanly),
  };
  return cmocka_run_group_tests(tests, tag_setup, tag_teardown);
}
