/*
 * test_resolve.c - actor resolution (issue #6, item 3): misspelt names
 * through the deletion index, pronouns, bare surnames and role
 * descriptions within a document, relative pronouns, and phrases no
 * dictionary knows (kept when named, removed when not). Each rule has a
 * case that must resolve and cases that must not. Trees are hand-written
 * CoNLL-U (NER tags in MISC as NE=B-PER), so nothing depends on models.
 */
#include "unit.h"

#include "dict.h"
#include "resolve.h"

static sr_dict *dict_of(const sr_engine *e, const char *actors,
                        const char *agents, const char *verbs) {
  sr_dict *d = NULL;
  sr_error err;
  assert_int_equal(sr_dict_new(e, &d, &err), SR_OK);
  sr_dict_set_strict(d, 1);
  if (sr_dict_load_memory(d, SR_DICT_ACTORS, "t.actors", actors, strlen(actors),
                          &err) != SR_OK ||
      (agents && sr_dict_load_memory(d, SR_DICT_AGENTS, "t.agents", agents,
                                     strlen(agents), &err) != SR_OK) ||
      sr_dict_load_memory(d, SR_DICT_VERBS, "t.verbs", verbs, strlen(verbs),
                          &err) != SR_OK)
    fail_msg("load: %s", err.msg);
  return d;
}

/* Codes a CoNLL-U document and writes every participant of every event as
 * "A|B>C|D;" where each side is "text=code/name/entity" joined by ','. */
static void code_doc(const sr_engine *e, const sr_dict *dict,
                     const char *conllu, const char *date, char *out,
                     size_t cap) {
  sr_doc *d = parse_str(e, conllu, SR_FORMAT_CONLLU, 1);
  sr_code_options opt;
  sr_error err;
  size_t i, n = 0;
  memset(&opt, 0, sizeof opt);
  opt.date = date;
  if (sr_code_doc(dict, d, &opt, &err) != SR_OK)
    fail_msg("code: %s", err.msg);
  out[0] = '\0';
  for (i = 0; i < sr_doc_event_count(d); i++) {
    const sr_event *ev = sr_doc_event(d, i);
    size_t side, k;
    for (side = 0; side < 2; side++) {
      const sr_participant *p = side ? ev->recipients : ev->actors;
      size_t count = side ? ev->recipient_count : ev->actor_count;
      for (k = 0; k < count; k++)
        n += (size_t)snprintf(out + n, cap - n, "%s%s=%s/%s/%s", k ? "," : "",
                              p[k].text, p[k].code ? p[k].code : "-",
                              p[k].name ? p[k].name : "-",
                              p[k].entity ? p[k].entity : "-");
      n += (size_t)snprintf(out + n, cap - n, side ? ";" : ">");
    }
  }
  sr_doc_free(d);
}

#define ROW(id, form, lemma, upos, head, rel, ne)                              \
  id "\t" form "\t" lemma "\t" upos "\t_\t_\t" head "\t" rel "\t_\t" ne "\n"

static const char actors[] =
    "actor Russia\n  alias Russian\n  country RUS\n"
    "actor Ukraine\n  alias Ukrainian\n  country UKR\n"
    "actor Wagner Group\n  alias Wagner\n  country RUS\n  sector UAF\n"
    "actor Yevgeny Prigozhin\n  alias Prigozhin\n  country RUS\n"
    "  sector UAF\n"
    "  role RUSUAF 2014-05-01..2023-08-23 founder and leader of the Wagner "
    "Group\n"
    "actor Vladimir Putin\n  alias Putin\n  country RUS\n  sector GOV\n"
    "  role RUSGOV 2012-05-07.. President of Russia\n"
    "actor Sergei Shoigu\n  alias Shoigu\n  country RUS\n  sector MIL\n"
    "  role RUSMIL 2012-11-06..2024-05-12 Minister of Defence of Russia\n"
    "actor Andrei Belousov\n  alias Belousov\n  country RUS\n  sector MIL\n"
    "  role RUSMIL 2024-05-14.. Minister of Defence of Russia\n"
    "actor Rustem Umerov\n  alias Umerov\n  country UKR\n  sector MIL\n"
    "  role UKRMIL 2023-09-06..2025-07-17 Minister of Defence of Ukraine\n"
    /* two actors share a surname; two near-identical surnames */
    "actor Andriy Kovalenko\n  alias Kovalenko\n  country UKR\n"
    "actor Viktor Kovalenko\n  country UKR\n"
    "actor Oleh Shevchuk\n  alias Shevchuk\n  country UKR\n"
    "actor Ivan Shevchik\n  alias Shevchik\n  country RUS\n";

static const char agents[] = "agent GOV: leader; minister; spokesman\n"
                             "agent MIL: troops\n"
                             "agent MED: blogger\n";

static const char verbs[] = "verb 112 accuse\nverb 190 attack\n";

struct fixture {
  sr_engine *e;
  sr_dict *d;
};

static int setup(void **state) {
  static struct fixture f;
  f.e = open_engine(NULL);
  f.d = dict_of(f.e, actors, agents, verbs);
  *state = &f;
  return 0;
}

static int teardown(void **state) {
  struct fixture *f = *state;
  sr_dict_free(f->d);
  sr_engine_close(f->e);
  return 0;
}

/* ---- misspellings --------------------------------------------------------
 */

static int32_t actor_named(const sr_dict *d, const char *name) {
  size_t i;
  for (i = 0; i < d->actor_count; i++)
    if (!strcmp(d->actors[i].name, name))
      return (int32_t)i;
  fail_msg("no actor %s", name);
  return -1;
}

static int32_t lookup(const sr_dict *d, const char *w) {
  return sr__spell_lookup(d, w, strlen(w));
}

static void test_spelling_index(void **state) {
  const struct fixture *f = *state;
  const sr_dict *d = f->d;
  int32_t prig = actor_named(d, "Yevgeny Prigozhin");
  /* the seeds' spellings: a deletion, an insertion, two moves (9+ bytes) */
  assert_int_equal(lookup(d, "priozhin"), prig);
  assert_int_equal(lookup(d, "prighozhin"), prig);
  assert_int_equal(lookup(d, "prighozin"), prig);
  assert_int_equal(lookup(d, "shoygu"), actor_named(d, "Sergei Shoigu"));
  /* must not: the word itself, an extension, another first letter, a
     vowel replaced by a consonant, too short, too far for 5-8 bytes */
  assert_int_equal(lookup(d, "prigozhin"), -1);
  assert_int_equal(lookup(d, "putina"), -1);
  assert_int_equal(lookup(d, "prigozhina"), -1);
  assert_int_equal(lookup(d, "brigozhin"), -1);
  assert_int_equal(lookup(d, "pxigozhin"), -1); /* another second letter */
  assert_int_equal(lookup(d, "pxtin"), -1);
  assert_int_equal(lookup(d, "putn"), -1);
  assert_int_equal(lookup(d, "shoiguev"), -1);
  /* must not: ambiguous between two actors (one word, or two words) */
  assert_int_equal(lookup(d, "kovalenco"), -1);
  assert_int_equal(lookup(d, "shevchek"), -1);
  assert_int_equal(lookup(d, "shevchuck"), actor_named(d, "Oleh Shevchuk"));
}

/* "Prighozin accused Putin." */
static const char misspelt[] =
    ROW("1", "Prighozin", "Prighozin", "PROPN", "2", "nsubj", "NE=B-PER")
        ROW("2", "accused", "accuse", "VERB", "0", "root", "_")
            ROW("3", "Putin", "Putin", "PROPN", "2", "obj", "NE=B-PER")
                ROW("4", ".", ".", "PUNCT", "2", "punct", "_") "\n";

/* "prighozin accused Putina." (lower case; a different name) */
static const char not_misspelt[] =
    ROW("1", "prighozin", "prighozin", "PROPN", "2", "nsubj", "_")
        ROW("2", "accused", "accuse", "VERB", "0", "root", "_")
            ROW("3", "Putina", "Putina", "PROPN", "2", "obj", "NE=B-PER")
                ROW("4", ".", ".", "PUNCT", "2", "punct", "_") "\n";

/* "Priozhin accused Putin." with the word tagged as a common noun (as a
 * sentence-initial "Residents" would be): not a name, not corrected */
static const char common_noun[] =
    ROW("1", "Priozhin", "priozhin", "NOUN", "2", "nsubj", "_")
        ROW("2", "accused", "accuse", "VERB", "0", "root", "_")
            ROW("3", "Putin", "Putin", "PROPN", "2", "obj", "NE=B-PER")
                ROW("4", ".", ".", "PUNCT", "2", "punct", "_") "\n";

static void test_spelling_in_coder(void **state) {
  const struct fixture *f = *state;
  sr_engine *e = f->e;
  const sr_dict *d = f->d;
  char out[1024];
  code_doc(e, d, misspelt, "2023-06-24", out, sizeof out);
  assert_string_equal(out, "Prighozin=RUSUAF/Yevgeny Prigozhin/PER>"
                           "Putin=RUSGOV/Vladimir Putin/PER;");
  code_doc(e, d, not_misspelt, "2023-06-24", out, sizeof out);
  /* neither is coded: a lower-case word is not corrected, and the coder
     keeps no uncoded object */
  assert_string_equal(out, "prighozin=-/-/MISC>;");
  code_doc(e, d, common_noun, "2023-06-24", out, sizeof out);
  assert_string_equal(out, ">Putin=RUSGOV/Vladimir Putin/PER;");
}

/* ---- coreference ---------------------------------------------------------
 */

#define SUBJ_VERB_OBJ(subj, slemma, supos, sne, verb, vlemma, obj)             \
  ROW("1", subj, slemma, supos, "2", "nsubj", sne)                             \
  ROW("2", verb, vlemma, "VERB", "0", "root", "_")                             \
  ROW("3", obj, obj, "PROPN", "2", "obj", "_")                                 \
  ROW("4", ".", ".", "PUNCT", "2", "punct", "_") "\n"

static const char he_doc[] =
    SUBJ_VERB_OBJ("Prigozhin", "Prigozhin", "PROPN", "NE=B-PER", "accused",
                  "accuse", "Russia")
        SUBJ_VERB_OBJ("He", "he", "PRON", "_", "attacked", "attack", "Ukraine");

/* no person before "he": Russia is a country */
static const char he_alone[] = SUBJ_VERB_OBJ(
    "Russia", "Russia", "PROPN", "NE=B-LOC", "accused", "accuse", "Ukraine")
    SUBJ_VERB_OBJ("He", "he", "PRON", "_", "attacked", "attack", "Ukraine");

/* the person is four sentences back: too far for "he" */
#define FILLER                                                                 \
  SUBJ_VERB_OBJ("Ukraine", "Ukraine", "PROPN", "_", "attacked", "attack",      \
                "Russia")
static const char he_far[] =
    SUBJ_VERB_OBJ("Prigozhin", "Prigozhin", "PROPN", "NE=B-PER", "accused",
                  "accuse", "Russia")
        FILLER FILLER FILLER SUBJ_VERB_OBJ("He", "he", "PRON", "_", "attacked",
                                           "attack", "Ukraine");

static void test_pronouns(void **state) {
  const struct fixture *f = *state;
  sr_engine *e = f->e;
  const sr_dict *d = f->d;
  char out[2048];
  code_doc(e, d, he_doc, "2023-06-24", out, sizeof out);
  assert_string_equal(out,
                      "Prigozhin=RUSUAF/Yevgeny Prigozhin/PER>Russia=RUS/"
                      "Russia/-;He=RUSUAF/Yevgeny Prigozhin/PER>Ukraine=UKR/"
                      "Ukraine/-;");
  code_doc(e, d, he_alone, "2023-06-24", out, sizeof out);
  assert_string_equal(out, "Russia=RUS/Russia/LOC>Ukraine=UKR/Ukraine/-;"
                           ">Ukraine=UKR/Ukraine/-;");
  code_doc(e, d, he_far, "2023-06-24", out, sizeof out);
  assert_non_null(strstr(out, ";>Ukraine=UKR/Ukraine/-;"));
  assert_null(strstr(out, "He="));
}

/* "Russian troops attacked Ukraine. They accused Ukraine." */
static const char they_doc[] =
    ROW("1", "Russian", "Russian", "ADJ", "2", "amod", "_")
        ROW("2", "troops", "troop", "NOUN", "3", "nsubj", "_")
            ROW("3", "attacked", "attack", "VERB", "0", "root", "_")
                ROW("4", "Ukraine", "Ukraine", "PROPN", "3", "obj", "_")
                    ROW("5", ".", ".", "PUNCT", "3", "punct",
                        "_") "\n" SUBJ_VERB_OBJ("They", "they", "PRON", "_",
                                                "accused", "accuse", "Ukraine");

static void test_they(void **state) {
  const struct fixture *f = *state;
  sr_engine *e = f->e;
  const sr_dict *d = f->d;
  char out[1024];
  code_doc(e, d, they_doc, NULL, out, sizeof out);
  assert_string_equal(out, "Russian troops=RUSMIL/Russia/->Ukraine=UKR/"
                           "Ukraine/-;They=RUSMIL/Russia/->Ukraine=UKR/"
                           "Ukraine/-;");
}

/* "Vladimir Alekseev accused Ukraine. Alekseev attacked Russia.
 * Petrov attacked Russia." */
static const char surname_doc[] =
    ROW("1", "Vladimir", "Vladimir", "PROPN", "3", "nsubj", "NE=B-PER")
        ROW("2", "Alekseev", "Alekseev", "PROPN", "1", "flat", "NE=I-PER")
            ROW("3", "accused", "accuse", "VERB", "0", "root", "_")
                ROW("4", "Ukraine", "Ukraine", "PROPN", "3", "obj", "_")
                    ROW("5", ".", ".", "PUNCT", "3", "punct",
                        "_") "\n" SUBJ_VERB_OBJ("Alekseev", "Alekseev", "PROPN",
                                                "NE=B-PER", "attacked",
                                                "attack", "Russia")
                        SUBJ_VERB_OBJ("Petrov", "Petrov", "PROPN", "NE=B-PER",
                                      "attacked", "attack", "Russia");

static void test_surname(void **state) {
  const struct fixture *f = *state;
  sr_engine *e = f->e;
  const sr_dict *d = f->d;
  char out[1024];
  code_doc(e, d, surname_doc, NULL, out, sizeof out);
  assert_string_equal(out, "Vladimir Alekseev=-/-/PER>Ukraine=UKR/Ukraine/-;"
                           "Alekseev=-/Vladimir Alekseev/PER>Russia=RUS/"
                           "Russia/-;"
                           "Petrov=-/-/PER>Russia=RUS/Russia/-;");
}

/* "the Wagner leader accused Russia." */
#define ROLE_SENT(w1, l1, w2, l2)                                              \
  ROW("1", "the", "the", "DET", "3", "det", "_")                               \
  ROW("2", w1, l1, "PROPN", "3", "compound", "_")                              \
  ROW("3", w2, l2, "NOUN", "4", "nsubj", "_")                                  \
  ROW("4", "accused", "accuse", "VERB", "0", "root", "_")                      \
  ROW("5", "Russia", "Russia", "PROPN", "4", "obj", "_")                       \
  ROW("6", ".", ".", "PUNCT", "4", "punct", "_") "\n"

static const char wagner_leader[] =
    ROLE_SENT("Wagner", "Wagner", "leader", "leader");
static const char defence_minister[] =
    ROLE_SENT("defence", "defence", "minister", "minister");

/* "the leader accused Russia.": one content word says too little */
static const char bare_leader[] = ROW("1", "the", "the", "DET", "2", "det", "_")
    ROW("2", "leader", "leader", "NOUN", "3", "nsubj", "_")
        ROW("3", "accused", "accuse", "VERB", "0", "root", "_")
            ROW("4", "Russia", "Russia", "PROPN", "3", "obj", "_")
                ROW("5", ".", ".", "PUNCT", "3", "punct", "_") "\n";

/* Shoigu is named first, then "the defence minister" */
static const char shoigu_then_minister[] = SUBJ_VERB_OBJ(
    "Shoigu", "Shoigu", "PROPN", "NE=B-PER", "accused", "accuse", "Ukraine")
    ROLE_SENT("defence", "defence", "minister", "minister");

static void test_roles(void **state) {
  const struct fixture *f = *state;
  sr_engine *e = f->e;
  const sr_dict *d = f->d;
  char out[1024];
  /* the role in force on the date, the only one in the dictionary */
  code_doc(e, d, wagner_leader, "2023-06-24", out, sizeof out);
  assert_string_equal(out, "the Wagner leader=RUSUAF/Yevgeny Prigozhin/->"
                           "Russia=RUS/Russia/-;");
  /* must not: the role had ended and he was not named before */
  code_doc(e, d, wagner_leader, "2024-06-24", out, sizeof out);
  assert_string_equal(out, "the Wagner leader=RUSUAFGOV/Wagner Group/->"
                           "Russia=RUS/Russia/-;");
  /* must not: two defence ministers in office (Russia's and Ukraine's) */
  code_doc(e, d, defence_minister, "2023-10-01", out, sizeof out);
  assert_string_equal(out, "the defence minister=---GOV/-/->"
                           "Russia=RUS/Russia/-;");
  /* ... unless the document named one of them before */
  code_doc(e, d, shoigu_then_minister, "2023-10-01", out, sizeof out);
  assert_string_equal(out, "Shoigu=RUSMIL/Sergei Shoigu/PER>Ukraine=UKR/"
                           "Ukraine/-;the defence minister=RUSMIL/Sergei "
                           "Shoigu/->Russia=RUS/Russia/-;");
  /* must not: "the leader" alone */
  code_doc(e, d, bare_leader, "2023-06-24", out, sizeof out);
  assert_string_equal(out, "the leader=---GOV/-/->Russia=RUS/Russia/-;");
}

/* ---- relative pronouns and unknown actors --------------------------------
 */

/* "Ukraine accused Russian troops who attacked Kharkiv." */
static const char relative[] =
    ROW("1", "Ukraine", "Ukraine", "PROPN", "2", "nsubj",
        "_") ROW("2", "accused", "accuse", "VERB", "0", "root",
                 "_") ROW("3", "Russian", "Russian", "ADJ", "4", "amod", "_")
        ROW("4", "troops", "troop", "NOUN", "2", "obj", "_")
            ROW("5", "who", "who", "PRON", "6", "nsubj", "_")
                ROW("6", "attacked", "attack", "VERB", "4", "acl:relcl", "_")
                    ROW("7", "Ukraine", "Ukraine", "PROPN", "6", "obj", "_")
                        ROW("8", ".", ".", "PUNCT", "2", "punct", "_") "\n";

/* "Ukraine accused Wagner who attacked Ukraine.": "who" hung on a name
 * that is not a person is not followed */
static const char relative_org[] =
    ROW("1", "Ukraine", "Ukraine", "PROPN", "2", "nsubj",
        "_") ROW("2", "accused", "accuse", "VERB", "0", "root", "_")
        ROW("3", "Wagner", "Wagner", "PROPN", "2", "obj", "NE=B-ORG")
            ROW("4", "who", "who", "PRON", "5", "nsubj", "_")
                ROW("5", "attacked", "attack", "VERB", "3", "acl:relcl", "_")
                    ROW("6", "Ukraine", "Ukraine", "PROPN", "5", "obj", "_")
                        ROW("7", ".", ".", "PUNCT", "2", "punct", "_") "\n";

static void test_relative(void **state) {
  const struct fixture *f = *state;
  sr_engine *e = f->e;
  const sr_dict *d = f->d;
  char out[1024];
  code_doc(e, d, relative, NULL, out, sizeof out);
  assert_string_equal(out, "Ukraine=UKR/Ukraine/->Russian troops=RUSMIL/"
                           "Russia/-;Russian troops=RUSMIL/Russia/->"
                           "Ukraine=UKR/Ukraine/-;");
  code_doc(e, d, relative_org, NULL, out, sizeof out);
  assert_string_equal(out, "Ukraine=UKR/Ukraine/->Wagner=RUSUAF/Wagner Group/"
                           "ORG;>Ukraine=UKR/Ukraine/-;");
}

/* "A separate deal accused Ukraine. Everything attacked Ukraine.
 * Acme accused Ukraine. Russian blogger Tatarsky attacked Ukraine." */
static const char unknown_doc[] = ROW("1", "A", "a", "DET", "3", "det", "_")
    ROW("2", "separate", "separate", "ADJ", "3", "amod",
        "_") ROW("3", "deal", "deal", "NOUN", "4", "nsubj",
                 "_") ROW("4", "accused", "accuse", "VERB", "0", "root", "_")
        ROW("5", "Ukraine", "Ukraine", "PROPN", "4", "obj", "_")
            ROW("6", ".", ".", "PUNCT", "4", "punct", "_") "\n" SUBJ_VERB_OBJ(
                "Everything", "everything", "PRON", "_", "attacked", "attack",
                "Ukraine") SUBJ_VERB_OBJ("Acme", "Acme", "PROPN", "NE=B-ORG",
                                         "accused", "accuse", "Ukraine")
                ROW("1", "Russian", "Russian", "ADJ", "3", "amod",
                    "_") ROW("2", "blogger", "blogger", "NOUN", "3", "compound",
                             "_") ROW("3", "Tatarsky", "Tatarsky", "PROPN",
                                      "4", "nsubj", "NE=B-PER")
                    ROW("4", "attacked", "attack", "VERB", "0", "root", "_")
                        ROW("5", "Ukraine", "Ukraine", "PROPN", "4", "obj", "_")
                            ROW("6", ".", ".", "PUNCT", "4", "punct", "_") "\n";

static void test_unknown_actors(void **state) {
  const struct fixture *f = *state;
  sr_engine *e = f->e;
  const sr_dict *d = f->d;
  char out[1024];
  sr_doc *doc;
  sr_error err;
  code_doc(e, d, unknown_doc, NULL, out, sizeof out);
  assert_string_equal(out, ">Ukraine=UKR/Ukraine/-;"
                           ">Ukraine=UKR/Ukraine/-;"
                           "Acme=-/-/ORG>Ukraine=UKR/Ukraine/-;"
                           "Russian blogger Tatarsky=RUSMED/-/PER>Ukraine=UKR/"
                           "Ukraine/-;");
  /* the country of a named person comes from the demonym */
  doc = parse_str(e, unknown_doc, SR_FORMAT_CONLLU, 1);
  assert_int_equal(sr_code_doc(d, doc, NULL, &err), SR_OK);
  assert_int_equal(sr_doc_event_count(doc), 4);
  assert_string_equal(sr_doc_event(doc, 3)->actors[0].country, "RUS");
  assert_int_equal(sr_doc_event(doc, 0)->actor_count, 0);
  sr_doc_free(doc);
}

/* A dictionary with no capitalised names has no index and finds nothing;
 * loading more actors rebuilds it. */
static void test_index_rebuilt(void **state) {
  const struct fixture *f = *state;
  sr_dict *d = NULL;
  sr_error err;
  static const char lower[] = "actor nobody\n  alias someone special\n";
  static const char more[] = "actor Dmitry Peskov\n  alias Peskov\n";
  assert_int_equal(sr_dict_new(f->e, &d, &err), SR_OK);
  assert_int_equal(
      sr_dict_load_memory(d, SR_DICT_ACTORS, "a", lower, strlen(lower), &err),
      SR_OK);
  assert_int_equal(lookup(d, "somone"), -1);
  assert_int_equal(lookup(d, "peskow"), -1);
  assert_int_equal(
      sr_dict_load_memory(d, SR_DICT_ACTORS, "b", more, strlen(more), &err),
      SR_OK);
  assert_int_equal(lookup(d, "peskow"), 1);
  sr_dict_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_spelling_index),
      cmocka_unit_test(test_spelling_in_coder),
      cmocka_unit_test(test_pronouns),
      cmocka_unit_test(test_they),
      cmocka_unit_test(test_surname),
      cmocka_unit_test(test_roles),
      cmocka_unit_test(test_relative),
      cmocka_unit_test(test_unknown_actors),
      cmocka_unit_test(test_index_rebuilt),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
