/*
 * test_code.c - dictionaries (native and PETRARCH formats) and the coder
 * over given trees: one test per format construct, pattern feature and
 * flag (issue #4, "spec tests for every pattern feature, flag and
 * dictionary-format construct"). Trees are written as CoNLL-U by hand, so
 * the tests do not depend on the parser's models.
 */
#include "unit.h"

static sr_dict *dict_from(const sr_engine *e, int strict, const char *actors,
                          const char *agents, const char *verbs,
                          const char *discards) {
  sr_dict *d = NULL;
  sr_error err;
  const char *text[4] = {actors, agents, verbs, discards};
  sr_dict_kind kind[4] = {SR_DICT_ACTORS, SR_DICT_AGENTS, SR_DICT_VERBS,
                          SR_DICT_DISCARDS};
  int k;
  assert_int_equal(sr_dict_new(e, &d, &err), SR_OK);
  sr_dict_set_strict(d, strict);
  for (k = 0; k < 4; k++)
    if (text[k] && sr_dict_load_memory(d, kind[k], "t.dict", text[k],
                                       strlen(text[k]), &err) != SR_OK)
      fail_msg("load: %s", err.msg);
  return d;
}

/* Codes one CoNLL-U sentence; returns the events as "SRC TGT CODE;" for
 * every actor x recipient pair, in order. */
static void code_str(const sr_engine *e, const sr_dict *dict,
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
    size_t a, r;
    for (a = 0; a < (ev->actor_count ? ev->actor_count : 1); a++)
      for (r = 0; r < (ev->recipient_count ? ev->recipient_count : 1); r++)
        n += (size_t)snprintf(
            out + n, cap - n, "%s %s %s%s%s;",
            ev->actor_count && ev->actors[a].code ? ev->actors[a].code : "---",
            ev->recipient_count && ev->recipients[r].code
                ? ev->recipients[r].code
                : "---",
            ev->cameo, ev->negated ? " neg" : "",
            ev->hypothetical ? " hyp" : "");
  }
  sr_doc_free(d);
}

#define ROW(id, form, lemma, upos, head, rel)                                  \
  id "\t" form "\t" lemma "\t" upos "\t_\t_\t" head "\t" rel "\t_\t_\n"

static const char actors_native[] =
    "# a comment\n"
    "actor Russia\n"
    "  alias Russian; Russian Federation\n"
    "  country RUS\n"
    "actor Ukraine\n"
    "  alias Ukrainian\n"
    "  country UKR\n"
    "actor Vladimir Putin\n"
    "  alias Putin\n"
    "  country RUS\n"
    "  wikidata Q7747\n"
    "  role RUSGOV 2012-05-07.. president\n"
    "  role RUSGOV 2008-05-08..2012-05-07 prime minister\n"
    "  role RUSELI ..2008-05-07\n";

static const char agents_native[] = "agent MIL: troops; armed forces\n"
                                    "agent GOV: government; minister\n"
                                    "agent IGO~: alliance\n";

static const char verbs_native[] = "set WEAPON: missile; drone\n"
                                   "verb 190 attack\n"
                                   "verb 195 launch &WEAPON strike\n"
                                   "verb 112 accuse\n"
                                   "verb 1124 accuse (of treason)\n"
                                   "verb 0874 pull out (of +)\n"
                                   "noun 195 air strike; airstrike\n";

/* "Russian troops attacked Ukraine." */
static const char attack[] = ROW("1", "Russian", "Russian", "ADJ", "2", "amod")
    ROW("2", "troops", "troop", "NOUN", "3", "nsubj")
        ROW("3", "attacked", "attack", "VERB", "0", "root")
            ROW("4", "Ukraine", "Ukraine", "PROPN", "3", "obj")
                ROW("5", ".", ".", "PUNCT", "3", "punct") "\n";

static void test_native_actor_agent_verb(void **state) {
  sr_engine *e = open_engine(NULL);
  sr_dict *d =
      dict_from(e, 1, actors_native, agents_native, verbs_native, NULL);
  char out[512];
  sr_dict_counts c;
  (void)state;
  sr_dict_stats(d, &c);
  assert_int_equal(c.actors, 3);
  assert_int_equal(c.agents, 5);
  assert_int_equal(c.nouns, 2);
  assert_int_equal(c.warnings, 0);
  code_str(e, d, attack, NULL, out, sizeof out);
  assert_string_equal(out, "RUSMIL UKR 190;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* "Putin accused Ukraine of treason." on three dates: the role in force */
static const char accuse[] = ROW("1", "Putin", "Putin", "PROPN", "2", "nsubj")
    ROW("2", "accused", "accuse", "VERB", "0", "root")
        ROW("3", "Ukraine", "Ukraine", "PROPN", "2", "obj")
            ROW("4", "of", "of", "ADP", "5", "case")
                ROW("5", "treason", "treason", "NOUN", "2", "obl")
                    ROW("6", ".", ".", "PUNCT", "2", "punct") "\n";

static void test_dated_roles_and_specific_pattern(void **state) {
  sr_engine *e = open_engine(NULL);
  sr_dict *d =
      dict_from(e, 1, actors_native, agents_native, verbs_native, NULL);
  char out[512];
  (void)state;
  code_str(e, d, accuse, "2023-06-24", out, sizeof out);
  assert_string_equal(out, "RUSGOV UKR 1124;"); /* (of treason) beats accuse */
  code_str(e, d, accuse, "2005-01-01", out, sizeof out);
  assert_string_equal(out, "RUSELI UKR 1124;");
  code_str(e, d, accuse, NULL, out, sizeof out); /* no date: default code */
  assert_string_equal(out, "RUS UKR 1124;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* "Russia and Belarus did not launch a drone strike on Ukraine." with a
 * set, a negation and conj in the subject */
static void test_sets_conj_and_negation(void **state) {
  sr_engine *e = open_engine(NULL);
  sr_dict *d =
      dict_from(e, 1, actors_native, agents_native, verbs_native, NULL);
  char out[512];
  static const char text[] = ROW("1", "Russia", "Russia", "PROPN", "6", "nsubj")
      ROW("2", "and", "and", "CCONJ", "3", "cc") ROW("3", "Ukraine", "Ukraine",
                                                     "PROPN", "1", "conj")
          ROW("4", "did", "do", "AUX", "6", "aux")
              ROW("5", "not", "not", "PART", "6", "advmod")
                  ROW("6", "launch", "launch", "VERB", "0", "root")
                      ROW("7", "a", "a", "DET", "9", "det")
                          ROW("8", "drone", "drone", "NOUN", "9", "compound")
                              ROW("9", "strike", "strike", "NOUN", "6", "obj")
                                  ROW("10", "on", "on", "ADP", "11", "case")
                                      ROW("11", "Putin", "Putin", "PROPN", "9",
                                          "nmod") "\n";
  (void)state;
  code_str(e, d, text, "2023-01-01", out, sizeof out);
  assert_string_equal(out, "RUS RUSGOV 195 neg;UKR RUSGOV 195 neg;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* "Russia did not criticize Ukraine.": a negation the PETRARCH ontology
 * defines turns the code into its opposite (110 -> 050), without the
 * negated flag; "did not attack" has no opposite and keeps the flag. */
static void test_negation_opposite(void **state) {
  sr_engine *e = open_engine(NULL);
  sr_dict *d = dict_from(e, 1, actors_native, agents_native,
                         "verb 110 criticize\nverb 190 attack\n", NULL);
  char out[512];
  static const char text[] = ROW("1", "Russia", "Russia", "PROPN", "4", "nsubj")
      ROW("2", "did", "do", "AUX", "4", "aux")
          ROW("3", "not", "not", "PART", "4", "advmod")
              ROW("4", "criticize", "criticize", "VERB", "0", "root")
                  ROW("5", "Ukraine", "Ukraine", "PROPN", "4", "obj") "\n";
  static const char plain[] =
      ROW("1", "Russia", "Russia", "PROPN", "2", "nsubj")
          ROW("2", "criticized", "criticize", "VERB", "0", "root")
              ROW("3", "Ukraine", "Ukraine", "PROPN", "2", "obj") "\n";
  static const char attack_not[] =
      ROW("1", "Russia", "Russia", "PROPN", "4", "nsubj")
          ROW("2", "did", "do", "AUX", "4", "aux")
              ROW("3", "not", "not", "PART", "4", "advmod")
                  ROW("4", "attack", "attack", "VERB", "0", "root")
                      ROW("5", "Ukraine", "Ukraine", "PROPN", "4", "obj") "\n";
  (void)state;
  code_str(e, d, text, NULL, out, sizeof out);
  assert_string_equal(out, "RUS UKR 050;");
  code_str(e, d, plain, NULL, out, sizeof out);
  assert_string_equal(out, "RUS UKR 110;");
  code_str(e, d, attack_not, NULL, out, sizeof out);
  assert_string_equal(out, "RUS UKR 190 neg;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* Where a pattern's words are looked for: before '*' in the subject (not
 * in an adverb, "recently allowed"), after it in the verb's phrases but not
 * in a clause it reports ("allowed that Arnor is the neatest place"). */
static void test_pattern_domains(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char verbs[] = "--- ALLOW [080] ---\n"
                              "ALLOW\n"
                              "- * {NEATEST PLACE} [027]\n"
                              "- RECENTLY * [025]\n"
                              "- CABINETS * [110]\n";
  static const char reported[] =
      ROW("1", "Gondor", "Gondor", "PROPN", "3", "nsubj")
          ROW("2", "recently", "recently", "ADV", "3", "advmod")
              ROW("3", "allowed", "allow", "VERB", "0", "root")
                  ROW("4", "that", "that", "SCONJ", "8", "mark")
                      ROW("5", "Arnor", "Arnor", "PROPN", "8", "nsubj")
                          ROW("6", "is", "be", "AUX", "8", "cop")
                              ROW("7", "neatest", "neat", "ADJ", "8", "amod")
                                  ROW("8", "place", "place", "NOUN", "3",
                                      "ccomp") "\n";
  static const char object[] =
      ROW("1", "Gondor", "Gondor", "PROPN", "2", "compound")
          ROW("2", "cabinets", "cabinet", "NOUN", "3", "nsubj")
              ROW("3", "allowed", "allow", "VERB", "0", "root")
                  ROW("4", "Arnor", "Arnor", "PROPN", "3", "iobj")
                      ROW("5", "neatest", "neat", "ADJ", "6", "amod")
                          ROW("6", "place", "place", "NOUN", "3", "obj") "\n";
  static const char adverbial[] =
      ROW("1", "Gondor", "Gondor", "PROPN", "2",
          "nsubj") ROW("2", "allowed", "allow", "VERB", "0", "root")
          ROW("3", "Arnor", "Arnor", "PROPN", "2", "obj")
              ROW("4", "calling", "call", "VERB", "2", "advcl")
                  ROW("5", "it", "it", "PRON", "4", "obj")
                      ROW("6", "neatest", "neat", "ADJ", "7", "amod")
                          ROW("7", "place", "place", "NOUN", "4", "xcomp") "\n";
  sr_dict *d =
      dict_from(e, 1, "GONDOR [GON]\nARNOR [ARN]\n", NULL, verbs, NULL);
  char out[512];
  (void)state;
  code_str(e, d, reported, NULL, out, sizeof out);
  assert_string_equal(out, "GON ARN 080;");
  code_str(e, d, object, NULL, out, sizeof out); /* the more specific wins */
  assert_string_equal(out, "GON ARN 027;");
  code_str(e, d, adverbial, NULL, out, sizeof out); /* not in an advcl */
  assert_string_equal(out, "GON ARN 080;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* Several agents join in sentence order, a prefix agent first; a
 * conjunct naming only a sector takes the actor and the shared modifiers
 * of the first conjunct ("Danish Islamist media and government"). */
static void test_agents_join_and_conjuncts(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char agents[] = "MEDIA [~MED]\nGOVERNMENT [~GOV]\n"
                               "ISLAMIST [~MUS]\nMSF [NGO~]\nREBEL [~REB]\n";
  static const char shared[] = ROW("1", "Danish", "Danish", "ADJ", "3", "amod")
      ROW("2", "Islamist", "Islamist", "ADJ", "3", "amod")
          ROW("3", "media", "media", "NOUN", "6", "nsubj")
              ROW("4", "and", "and", "CCONJ", "5", "cc")
                  ROW("5", "government", "government", "NOUN", "3", "conj")
                      ROW("6", "warned", "warn", "VERB", "0", "root")
                          ROW("7", "Arnor", "Arnor", "PROPN", "6", "obj") "\n";
  static const char prefix[] = ROW("1", "MSF", "MSF", "PROPN", "3", "compound")
      ROW("2", "Danish", "Danish", "ADJ", "3", "amod")
          ROW("3", "media", "media", "NOUN", "4", "nsubj")
              ROW("4", "warned", "warn", "VERB", "0", "root")
                  ROW("5", "Arnor", "Arnor", "PROPN", "4", "obj") "\n";
  static const char modifier[] =
      ROW("1", "Danish", "Danish", "ADJ", "2", "amod")
          ROW("2", "media", "media", "NOUN", "5", "nsubj")
              ROW("3", "among", "among", "ADP", "4", "case")
                  ROW("4", "rebels", "rebel", "NOUN", "2", "nmod")
                      ROW("5", "warned", "warn", "VERB", "0", "root")
                          ROW("6", "Arnor", "Arnor", "PROPN", "5", "obj") "\n";
  sr_dict *d = dict_from(e, 1, "DENMARK [DNK]\n+DANISH\nARNOR [ARN]\n", agents,
                         "--- WARN [130] ---\nWARN\n", NULL);
  char out[512];
  (void)state;
  code_str(e, d, shared, NULL, out, sizeof out);
  assert_string_equal(out, "DNKMUSMED ARN 130;DNKMUSGOV ARN 130;");
  code_str(e, d, prefix, NULL, out, sizeof out);
  assert_string_equal(out, "NGODNKMED ARN 130;");
  code_str(e, d, modifier, NULL, out, sizeof out); /* not DNKMEDREB */
  assert_string_equal(out, "DNKMED ARN 130;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* Sets: the longest member matches and counts as that many words ("gold
 * florin" beats "florin"); in a {group}, other modifiers may come after a
 * word but not between a set and the word it classifies. */
static void test_sets_longest_and_groups(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char verbs[] = "&CURRENCY\n+FLORIN\n+DUCAT\n\n"
                              "&HYPERCURR\n+GOLD FLORIN\n\n"
                              "&KINDS\n+ECONOMIC\n\n"
                              "--- CONTRIBUTE [070] ---\n"
                              "CONTRIBUTE\n"
                              "- * &CURRENCY [071]\n"
                              "- * &HYPERCURR [072]\n\n"
                              "--- ABANDON [345] ---\n"
                              "ABANDON\n"
                              "- * {NEW &KINDS RELATIONS} [903]\n";
  static const char gold[] = ROW("1", "Arnor", "Arnor", "PROPN", "2", "nsubj")
      ROW("2", "contributed", "contribute", "VERB", "0", "root")
          ROW("3", "gold", "gold", "ADJ", "4", "amod")
              ROW("4", "florin", "florin", "NOUN", "2", "obj")
                  ROW("5", "to", "to", "ADP", "6", "case")
                      ROW("6", "Gondor", "Gondor", "PROPN", "2", "obl") "\n";
  static const char gap[] = ROW("1", "Arnor", "Arnor", "PROPN", "2", "nsubj")
      ROW("2", "abandoned", "abandon", "VERB", "0", "root")
          ROW("3", "new", "new", "ADJ", "6", "amod")
              ROW("4", "global", "global", "ADJ", "6", "amod")
                  ROW("5", "economic", "economic", "ADJ", "6", "amod")
                      ROW("6", "relations", "relation", "NOUN", "2", "obj")
                          ROW("7", "with", "with", "ADP", "8", "case")
                              ROW("8", "Gondor", "Gondor", "PROPN", "6",
                                  "nmod") "\n";
  static const char after_set[] =
      ROW("1", "Arnor", "Arnor", "PROPN", "2", "nsubj")
          ROW("2", "abandoned", "abandon", "VERB", "0", "root")
              ROW("3", "new", "new", "ADJ", "6", "amod")
                  ROW("4", "economic", "economic", "ADJ", "6", "amod")
                      ROW("5", "trade", "trade", "NOUN", "6", "compound")
                          ROW("6", "relations", "relation", "NOUN", "2", "obj")
                              ROW("7", "with", "with", "ADP", "8", "case")
                                  ROW("8", "Gondor", "Gondor", "PROPN", "6",
                                      "nmod") "\n";
  static const char conjunct[] =
      ROW("1", "Arnor", "Arnor", "PROPN", "2",
          "nsubj") ROW("2", "abandoned", "abandon", "VERB", "0", "root")
          ROW("3", "new", "new", "ADJ", "5", "amod")
              ROW("4", "economic", "economic", "ADJ", "5", "amod")
                  ROW("5", "talks", "talk", "NOUN", "2", "obj")
                      ROW("6", "and", "and", "CCONJ", "7", "cc")
                          ROW("7", "relations", "relation", "NOUN", "5", "conj")
                              ROW("8", "with", "with", "ADP", "9", "case")
                                  ROW("9", "Gondor", "Gondor", "PROPN", "5",
                                      "nmod") "\n";
  sr_dict *d =
      dict_from(e, 1, "GONDOR [GON]\nARNOR [ARN]\n", NULL, verbs, NULL);
  char out[512];
  (void)state;
  /* not one phrase; the second conjunct's uncoded recipient ("relations")
   * is no participant (resolve.c), and the event it would leave repeats
   * the first */
  code_str(e, d, conjunct, NULL, out, sizeof out);
  assert_string_equal(out, "ARN GON 345;");
  code_str(e, d, gold, NULL, out, sizeof out);
  assert_string_equal(out, "ARN GON 072;");
  code_str(e, d, gap, NULL, out, sizeof out);
  assert_string_equal(out, "ARN GON 903;");
  code_str(e, d, after_set, NULL, out, sizeof out);
  assert_string_equal(out, "ARN GON 345;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* PETRARCH transformations: "Gondor said it attacked Arnor" is Gondor
 * owning up (015); "Gondor said Mordor attacked Arnor and shelled Bree" is
 * Gondor accusing Mordor (112), and neither attack is coded apart; "Gondor
 * wants to attack Arnor" is a threat (138); a malformed rule is a
 * located bad line. */
static void test_transformations(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char verbs[] = "--- EXPLAIN_VERBAL [010] ---\nSAY\n\n"
                              "--- DEMAND [100] ---\nWANT [030]\n\n"
                              "--- FIGHT [190] ---\nATTACK\nSHELL\n\n"
                              "~ a (a b ATTACK) SAY = a b 015\n"
                              "~ a (b . ATTACK) SAY = a b 112\n"
                              "~ a (_ b ATTACK) WANT = a b 138\n";
  static const char own[] = ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
      ROW("2", "said", "say", "VERB", "0", "root")
          ROW("3", "it", "it", "PRON", "4", "nsubj")
              ROW("4", "attacked", "attack", "VERB", "2", "ccomp")
                  ROW("5", "Arnor", "Arnor", "PROPN", "4", "obj") "\n";
  static const char other[] =
      ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
          ROW("2", "said", "say", "VERB", "0", "root")
              ROW("3", "Mordor", "Mordor", "PROPN", "4", "nsubj")
                  ROW("4", "attacked", "attack", "VERB", "2", "ccomp")
                      ROW("5", "Arnor", "Arnor", "PROPN", "4", "obj")
                          ROW("6", "and", "and", "CCONJ", "7", "cc")
                              ROW("7", "shelled", "shell", "VERB", "4", "conj")
                                  ROW("8", "Bree", "Bree", "PROPN", "7",
                                      "obj") "\n";
  static const char want[] = ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
      ROW("2", "wants", "want", "VERB", "0", "root")
          ROW("3", "to", "to", "PART", "4", "mark")
              ROW("4", "attack", "attack", "VERB", "2", "xcomp")
                  ROW("5", "Arnor", "Arnor", "PROPN", "4", "obj") "\n";
  sr_dict *d =
      dict_from(e, 1, "GONDOR [GON]\nARNOR [ARN]\nMORDOR [MOR]\nBREE [BRE]\n",
                NULL, verbs, NULL);
  static const char bad_rule[] = "--- SAY [010] ---\nSAY\n"
                                 "~ a (a b) SAY = a b 015\n";
  sr_dict *bad = NULL;
  sr_error err;
  char out[512];
  (void)state;
  code_str(e, d, own, NULL, out, sizeof out);
  assert_string_equal(out, "GON ARN 015;");
  code_str(e, d, other, NULL, out, sizeof out);
  assert_string_equal(out, "GON MOR 112;");
  code_str(e, d, want, NULL, out, sizeof out);
  assert_string_equal(out, "GON ARN 138;");
  sr_dict_free(d);
  assert_int_equal(sr_dict_new(e, &bad, &err), SR_OK);
  sr_dict_set_strict(bad, 1);
  assert_int_equal(sr_dict_load_memory(bad, SR_DICT_VERBS, "t.verbs", bad_rule,
                                       strlen(bad_rule), &err),
                   SR_EDICT);
  assert_non_null(strstr(err.msg, "t.verbs:3:"));
  sr_dict_free(bad);
  sr_engine_close(e);
}

/* "Gondor asked Arnor to attack Mordor": the infinitive (attached as
 * advcl, as UD v1 parsers do) is what was asked, not an attack; with a
 * subject of its own ("so that Arnor attacked") it is coded. */
static void test_infinitive_covered(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char asked[] =
      ROW("1", "Gondor", "Gondor", "PROPN", "2",
          "nsubj") ROW("2", "asked", "ask", "VERB", "0", "root")
          ROW("3", "Arnor", "Arnor", "PROPN", "2", "obj")
              ROW("4", "to", "to", "PART", "5", "mark")
                  ROW("5", "attack", "attack", "VERB", "2", "advcl")
                      ROW("6", "Mordor", "Mordor", "PROPN", "5", "obj") "\n";
  static const char own[] = ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
      ROW("2", "asked", "ask", "VERB", "0", "root")
          ROW("3", "so", "so", "SCONJ", "6", "mark") ROW("4", "that", "that",
                                                         "SCONJ", "3", "fixed")
              ROW("5", "Arnor", "Arnor", "PROPN", "6", "nsubj")
                  ROW("6", "attacked", "attack", "VERB", "2", "advcl")
                      ROW("7", "Mordor", "Mordor", "PROPN", "6", "obj") "\n";
  static const char chain[] =
      ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
          ROW("2", "asked", "ask", "VERB", "0", "root")
              ROW("3", "Arnor", "Arnor", "PROPN", "2", "obj")
                  ROW("4", "to", "to", "PART", "5", "mark")
                      ROW("5", "plan", "plan", "VERB", "2", "xcomp")
                          ROW("6", "to", "to", "PART", "7", "mark")
                              ROW("7", "attack", "attack", "VERB", "5", "advcl")
                                  ROW("8", "Mordor", "Mordor", "PROPN", "7",
                                      "obj") "\n";
  static const char on_object[] =
      ROW("1", "Gondor", "Gondor", "PROPN", "2",
          "nsubj") ROW("2", "asked", "ask", "VERB", "0", "root")
          ROW("3", "Arnor", "Arnor", "PROPN", "2", "obj")
              ROW("4", "to", "to", "PART", "5", "mark")
                  ROW("5", "attack", "attack", "VERB", "3", "acl")
                      ROW("6", "Mordor", "Mordor", "PROPN", "5", "obj") "\n";
  static const char pressure[] =
      ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
          ROW("2", "faces", "face", "VERB", "0", "root")
              ROW("3", "pressure", "pressure", "NOUN", "2", "obj")
                  ROW("4", "from", "from", "ADP", "5", "case")
                      ROW("5", "Arnor", "Arnor", "PROPN", "3", "nmod")
                          ROW("6", "to", "to", "PART", "7", "mark")
                              ROW("7", "attack", "attack", "VERB", "2", "advcl")
                                  ROW("8", "Mordor", "Mordor", "PROPN", "7",
                                      "obj") "\n";
  sr_dict *d =
      dict_from(e, 1, "GONDOR [GON]\nARNOR [ARN]\nMORDOR [MOR]\n", NULL,
                "--- FACE [---] ---\nFACE\n"
                "- * PRESSURE (FROM +) [---:100]\n\n"
                "--- ASK [020] ---\nASK\n\n"
                "--- FIGHT [190] ---\nATTACK\n",
                NULL);
  char out[512];
  (void)state;
  code_str(e, d, asked, NULL, out, sizeof out);
  assert_string_equal(out, "GON ARN 020;");
  code_str(e, d, pressure, NULL, out, sizeof out); /* only a paired code */
  assert_string_equal(out, "ARN GON 100;");
  code_str(e, d, on_object, NULL, out, sizeof out); /* hung on the object */
  assert_string_equal(out, "GON ARN 020;");
  code_str(e, d, chain, NULL, out, sizeof out); /* covered all the way down */
  assert_string_equal(out, "GON ARN 020;");
  code_str(e, d, own, NULL, out, sizeof out);
  assert_string_equal(out, "GON MOR 020;ARN MOR 190;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* An actor does not act on itself: "Gondor attacked Minas Tirith" (a
 * name of Gondor) keeps its actor but no recipient; "Gondor attacked
 * Arnor and Minas Tirith" keeps Arnor; "Gondor and Arnor attacked Minas
 * Tirith" is one event per actor. */
static void test_no_self_events(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char self[] = ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
      ROW("2", "attacked", "attack", "VERB", "0", "root")
          ROW("3", "Minas", "Minas", "PROPN", "2", "obj")
              ROW("4", "Tirith", "Tirith", "PROPN", "3", "flat") "\n";
  static const char both[] = ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
      ROW("2", "attacked", "attack", "VERB", "0", "root")
          ROW("3", "Arnor", "Arnor", "PROPN", "2", "obj")
              ROW("4", "and", "and", "CCONJ", "5", "cc")
                  ROW("5", "Minas", "Minas", "PROPN", "3", "conj")
                      ROW("6", "Tirith", "Tirith", "PROPN", "5", "flat") "\n";
  static const char pair[] = ROW("1", "Gondor", "Gondor", "PROPN", "4", "nsubj")
      ROW("2", "and", "and", "CCONJ", "3", "cc")
          ROW("3", "Arnor", "Arnor", "PROPN", "1", "conj")
              ROW("4", "attacked", "attack", "VERB", "0", "root")
                  ROW("5", "Minas", "Minas", "PROPN", "4", "obj")
                      ROW("6", "Tirith", "Tirith", "PROPN", "5", "flat") "\n";
  sr_dict *d = dict_from(e, 1, "GONDOR [GON]\n+MINAS_TIRITH\nARNOR [ARN]\n",
                         NULL, "--- FIGHT [190] ---\nATTACK\n", NULL);
  char out[512];
  (void)state;
  code_str(e, d, self, NULL, out, sizeof out);
  assert_string_equal(out, "GON --- 190;");
  code_str(e, d, both, NULL, out, sizeof out);
  assert_string_equal(out, "GON ARN 190;");
  code_str(e, d, pair, NULL, out, sizeof out); /* Arnor keeps its target */
  assert_string_equal(out, "GON --- 190;ARN GON 190;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* The recipient is not looked for inside a statement the verb reports
 * ("Gondor said the plan won support from Arnor": Arnor is not whom Gondor
 * told), but is inside an embedded question ("questioned whether the plan
 * won support from Arnor"); a report that comes first ("Arnor won,
 * Gondor said") does not give its subject as recipient. */
static void test_target_not_in_statement(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char said[] = ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
      ROW("2", "said", "say", "VERB", "0", "root")
          ROW("3", "plan", "plan", "NOUN", "4", "nsubj")
              ROW("4", "won", "win", "VERB", "2", "ccomp")
                  ROW("5", "support", "support", "NOUN", "4", "obj")
                      ROW("6", "from", "from", "ADP", "7", "case")
                          ROW("7", "Arnor", "Arnor", "PROPN", "5", "nmod") "\n";
  static const char asked[] =
      ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
          ROW("2", "questioned", "question", "VERB", "0", "root")
              ROW("3", "whether", "whether", "SCONJ", "5", "mark")
                  ROW("4", "plan", "plan", "NOUN", "5", "nsubj")
                      ROW("5", "won", "win", "VERB", "2", "ccomp")
                          ROW("6", "support", "support", "NOUN", "5", "obj")
                              ROW("7", "from", "from", "ADP", "8", "case")
                                  ROW("8", "Arnor", "Arnor", "PROPN", "6",
                                      "nmod") "\n";
  static const char fronted[] =
      ROW("1", "Arnor", "Arnor", "PROPN", "2", "nsubj")
          ROW("2", "won", "win", "VERB", "5", "ccomp")
              ROW("3", ",", ",", "PUNCT", "2", "punct")
                  ROW("4", "Gondor", "Gondor", "PROPN", "5", "nsubj")
                      ROW("5", "said", "say", "VERB", "0", "root") "\n";
  sr_dict *d = dict_from(e, 1, "GONDOR [GON]\nARNOR [ARN]\n", NULL,
                         "--- SAY [010] ---\nSAY\n\n"
                         "--- QUESTION [111] ---\nQUESTION\n",
                         NULL);
  char out[512];
  (void)state;
  code_str(e, d, said, NULL, out, sizeof out);
  assert_string_equal(out, "GON --- 010;");
  code_str(e, d, asked, NULL, out, sizeof out);
  assert_string_equal(out, "GON ARN 111;");
  code_str(e, d, fronted, NULL, out, sizeof out); /* not "GON ARN 010" */
  assert_string_equal(out, "GON --- 010;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* "Gondor and Arnor met": consultation with no recipient among a list of
 * actors is among themselves; "Gondor and Arnor attacked" is not. */
static void test_reciprocal_without_recipient(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char met[] = ROW("1", "Gondor", "Gondor", "PROPN", "4", "nsubj")
      ROW("2", "and", "and", "CCONJ", "3", "cc")
          ROW("3", "Arnor", "Arnor", "PROPN", "1", "conj")
              ROW("4", "met", "meet", "VERB", "0", "root") "\n";
  static const char attacked[] =
      ROW("1", "Gondor", "Gondor", "PROPN", "4", "nsubj")
          ROW("2", "and", "and", "CCONJ", "3", "cc")
              ROW("3", "Arnor", "Arnor", "PROPN", "1", "conj")
                  ROW("4", "attacked", "attack", "VERB", "0", "root") "\n";
  sr_dict *d = dict_from(e, 1, "GONDOR [GON]\nARNOR [ARN]\n", NULL,
                         "--- MEET [040] ---\nMEET\n\n"
                         "--- FIGHT [190] ---\nATTACK\n",
                         NULL);
  char out[512];
  (void)state;
  code_str(e, d, met, NULL, out, sizeof out);
  assert_string_equal(out, "GON ARN 040;ARN GON 040;");
  code_str(e, d, attacked, NULL, out, sizeof out);
  assert_string_equal(out, "GON --- 190;ARN --- 190;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* In a list, an apposition naming another actor is a member ("Gondor,
 * the Arnor, and Mordor", as a parser may attach it); outside a list it
 * describes its head ("Gondor, Arnor's ally,"). */
static void test_apposition_in_list(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char list[] = ROW("1", "Gondor", "Gondor", "PROPN", "7", "nsubj")
      ROW("2", ",", ",", "PUNCT", "1", "punct")
          ROW("3", "the", "the", "DET", "4", "det") ROW("4", "Arnor", "Arnor",
                                                        "PROPN", "1", "appos")
              ROW("5", "and", "and", "CCONJ", "6", "cc")
                  ROW("6", "Mordor", "Mordor", "PROPN", "1", "conj")
                      ROW("7", "attacked", "attack", "VERB", "0", "root")
                          ROW("8", "Bree", "Bree", "PROPN", "7", "obj") "\n";
  static const char ally[] = ROW("1", "Gondor", "Gondor", "PROPN", "6", "nsubj")
      ROW("2", ",", ",", "PUNCT", "1", "punct")
          ROW("3", "Arnor", "Arnor", "PROPN", "5", "nmod:poss")
              ROW("4", "'s", "'s", "PART", "3", "case")
                  ROW("5", "ally", "ally", "NOUN", "1", "appos")
                      ROW("6", "attacked", "attack", "VERB", "0", "root")
                          ROW("7", "Bree", "Bree", "PROPN", "6", "obj") "\n";
  sr_dict *d =
      dict_from(e, 1, "GONDOR [GON]\nARNOR [ARN]\nMORDOR [MOR]\nBREE [BRE]\n",
                NULL, "--- FIGHT [190] ---\nATTACK\n", NULL);
  char out[512];
  (void)state;
  code_str(e, d, list, NULL, out, sizeof out);
  assert_string_equal(out, "GON BRE 190;ARN BRE 190;MOR BRE 190;");
  code_str(e, d, ally, NULL, out, sizeof out);
  assert_string_equal(out, "GON BRE 190;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* A noun phrase does not take in a subject hung on its head: with "said"
 * parsed as the copula of "Saturday", "a Bree official" is not part of
 * the phrase "Saturday", so it is no recipient of the attack. */
static void test_phrase_without_subject(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char text[] = ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
      ROW("2", "attacked", "attack", "VERB", "0", "root")
          ROW("3", "embassy", "embassy", "NOUN", "2", "obj")
              ROW("4", ",", ",", "PUNCT", "8", "punct")
                  ROW("5", "Bree", "Bree", "PROPN", "6", "compound")
                      ROW("6", "official", "official", "NOUN", "8", "nsubj")
                          ROW("7", "said", "say", "VERB", "8", "cop")
                              ROW("8", "Saturday", "Saturday", "PROPN", "2",
                                  "conj") "\n";
  sr_dict *d =
      dict_from(e, 1, "GONDOR [GON]\nBREE [BRE]\n", "OFFICIAL [~GOV]\n",
                "--- FIGHT [190] ---\nATTACK\n", NULL);
  char out[512];
  (void)state;
  code_str(e, d, text, NULL, out, sizeof out);
  assert_string_equal(out, "GON --- 190;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* Equally specific patterns: a later identical pattern revises an earlier
 * one ("* SUPPORT" 051, later 060); of different ones the first listed
 * wins ("* AID" before "* HELP"). */
static void test_pattern_ties(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char verbs[] = "--- GRANT [070] ---\n"
                              "GIVE\n"
                              "- * SUPPORT [051]\n"
                              "- * AID [073]\n"
                              "- * HELP [074]\n"
                              "- * SUPPORT [060]\n";
  static const char support[] =
      ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
          ROW("2", "gave", "give", "VERB", "0", "root")
              ROW("3", "support", "support", "NOUN", "2", "obj")
                  ROW("4", "to", "to", "ADP", "5", "case")
                      ROW("5", "Arnor", "Arnor", "PROPN", "2", "obl") "\n";
  static const char both[] = ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
      ROW("2", "gave", "give", "VERB", "0", "root")
          ROW("3", "help", "help", "NOUN", "2", "obj")
              ROW("4", "and", "and", "CCONJ", "5", "cc")
                  ROW("5", "aid", "aid", "NOUN", "3", "conj")
                      ROW("6", "to", "to", "ADP", "7", "case")
                          ROW("7", "Arnor", "Arnor", "PROPN", "2", "obl") "\n";
  sr_dict *d =
      dict_from(e, 1, "GONDOR [GON]\nARNOR [ARN]\n", NULL, verbs, NULL);
  char out[512];
  (void)state;
  code_str(e, d, support, NULL, out, sizeof out);
  assert_string_equal(out, "GON ARN 060;");
  code_str(e, d, both, NULL, out, sizeof out);
  assert_string_equal(out, "GON ARN 073;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* A verb coded by default and its coded infinitive take the code PICO
 * gives the two together: "wants to help Arnor" is intent (030) to aid
 * (070), 033, whatever "* HELP" says of the noun; "asked Arnor to help
 * Mordor" is an appeal for aid (023) to Arnor. */
static void test_compose_with_infinitive(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char verbs[] = "--- DEMAND [100] ---\n"
                              "WANT [030]\n"
                              "- * HELP [023]\n\n"
                              "--- ASK [020] ---\nASK\n\n"
                              "--- AID [070] ---\nHELP\n";
  static const char want[] = ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
      ROW("2", "wants", "want", "VERB", "0", "root")
          ROW("3", "to", "to", "PART", "4", "mark")
              ROW("4", "help", "help", "VERB", "2", "xcomp")
                  ROW("5", "Arnor", "Arnor", "PROPN", "4", "obj") "\n";
  static const char asked[] =
      ROW("1", "Gondor", "Gondor", "PROPN", "2",
          "nsubj") ROW("2", "asked", "ask", "VERB", "0", "root")
          ROW("3", "Arnor", "Arnor", "PROPN", "2", "obj")
              ROW("4", "to", "to", "PART", "5", "mark")
                  ROW("5", "help", "help", "VERB", "2", "advcl")
                      ROW("6", "Mordor", "Mordor", "PROPN", "5", "obj") "\n";
  sr_dict *d = dict_from(e, 1, "GONDOR [GON]\nARNOR [ARN]\nMORDOR [MOR]\n",
                         NULL, verbs, NULL);
  char out[512];
  (void)state;
  code_str(e, d, want, NULL, out, sizeof out);
  assert_string_equal(out, "GON ARN 033;");
  code_str(e, d, asked, NULL, out, sizeof out);
  assert_string_equal(out, "GON ARN 023;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* A pattern's prepositional phrase without '+' says how, not to whom:
 * "Gondor engaged Arnor in a firefight in Mordor" is against Arnor. */
static void test_object_before_named_phrase(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char text[] = ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
      ROW("2", "engaged", "engage", "VERB", "0", "root")
          ROW("3", "Arnor", "Arnor", "PROPN", "2", "obj")
              ROW("4", "in", "in", "ADP", "6", "case")
                  ROW("5", "a", "a", "DET", "6", "det")
                      ROW("6", "firefight", "firefight", "NOUN", "2", "obl")
                          ROW("7", "in", "in", "ADP", "8", "case")
                              ROW("8", "Mordor", "Mordor", "PROPN", "6",
                                  "nmod") "\n";
  sr_dict *d =
      dict_from(e, 1, "GONDOR [GON]\nARNOR [ARN]\nMORDOR [MOR]\n", NULL,
                "--- ENGAGE [190] ---\nENGAGE\n"
                "- * (IN FIREFIGHT) [193]\n",
                NULL);
  char out[512];
  (void)state;
  code_str(e, d, text, NULL, out, sizeof out);
  assert_string_equal(out, "GON ARN 193;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* "Gondor conducted military exercises in Arnor": an object coded only
 * by a sector adjective yields to an actor in a phrase; "Gondor attacked
 * military units" keeps it when there is none. */
static void test_sector_adjective_object(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char text[] = ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
      ROW("2", "conducted", "conduct", "VERB", "0", "root")
          ROW("3", "military", "military", "ADJ", "4", "amod")
              ROW("4", "exercises", "exercise", "NOUN", "2", "obj")
                  ROW("5", "in", "in", "ADP", "6", "case")
                      ROW("6", "Arnor", "Arnor", "PROPN", "2", "obl") "\n";
  static const char units[] =
      ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
          ROW("2", "conducted", "conduct", "VERB", "0", "root")
              ROW("3", "military", "military", "ADJ", "4", "amod")
                  ROW("4", "exercises", "exercise", "NOUN", "2", "obj") "\n";
  sr_dict *d =
      dict_from(e, 1, "GONDOR [GON]\nARNOR [ARN]\n", "MILITARY [~MIL]\n",
                "--- CONDUCT [150] ---\nCONDUCT\n", NULL);
  char out[512];
  (void)state;
  code_str(e, d, text, NULL, out, sizeof out);
  assert_string_equal(out, "GON ARN 150;");
  code_str(e, d, units, NULL, out, sizeof out);
  assert_string_equal(out, "GON ---MIL 150;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* An adverbial clause marked "of" is what the verb is about, so its words
 * still count for the verb's patterns: "accused Arnor of leading a
 * mutiny" is 1125, not the bare 112. */
static void test_pattern_in_complement_clause(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char text[] = ROW("1", "Gondor", "Gondor", "PROPN", "2", "nsubj")
      ROW("2", "accused", "accuse", "VERB", "0", "root")
          ROW("3", "Arnor", "Arnor", "PROPN", "2", "obj")
              ROW("4", "of", "of", "SCONJ", "5", "mark")
                  ROW("5", "leading", "lead", "VERB", "2", "advcl")
                      ROW("6", "a", "a", "DET", "7", "det")
                          ROW("7", "mutiny", "mutiny", "NOUN", "5", "obj") "\n";
  sr_dict *d = dict_from(e, 1, "GONDOR [GON]\nARNOR [ARN]\n", NULL,
                         "--- ACCUSE [112] ---\nACCUSE\n"
                         "- * MUTINY [1125]\n",
                         NULL);
  char out[512];
  (void)state;
  code_str(e, d, text, NULL, out, sizeof out);
  assert_string_equal(out, "GON ARN 1125;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* Passive with a by-phrase, a '+' in a prepositional phrase, a modal. */
static void test_passive_target_marker_and_modal(void **state) {
  sr_engine *e = open_engine(NULL);
  sr_dict *d =
      dict_from(e, 1, actors_native, agents_native, verbs_native, NULL);
  char out[512];
  static const char passive[] =
      ROW("1", "Ukraine", "Ukraine", "PROPN", "3",
          "nsubj:pass") ROW("2", "was", "be", "AUX", "3", "aux:pass")
          ROW("3", "attacked", "attack", "VERB", "0", "root")
              ROW("4", "by", "by", "ADP", "5", "case")
                  ROW("5", "Russia", "Russia", "PROPN", "3", "obl:agent") "\n";
  static const char pullout[] =
      ROW("1", "Russia", "Russia", "PROPN", "3", "nsubj")
          ROW("2", "would", "would", "AUX", "3", "aux") ROW("3", "pull", "pull",
                                                            "VERB", "0", "root")
              ROW("4", "out", "out", "ADP", "3", "compound:prt")
                  ROW("5", "of", "of", "ADP", "6", "case")
                      ROW("6", "Ukraine", "Ukraine", "PROPN", "3", "obl") "\n";
  (void)state;
  code_str(e, d, passive, NULL, out, sizeof out);
  assert_string_equal(out, "RUS UKR 190;");
  code_str(e, d, pullout, NULL, out, sizeof out);
  assert_string_equal(out, "RUS UKR 0874 hyp;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* An event noun with its adjective as actor; a discard drops it. */
static void test_event_noun_and_discard(void **state) {
  sr_engine *e = open_engine(NULL);
  sr_dict *d = dict_from(e, 1, actors_native, agents_native, verbs_native,
                         "discard football match\n");
  char out[512];
  static const char noun[] = ROW("1", "A", "a", "DET", "3", "det")
      ROW("2", "Russian", "Russian", "ADJ", "3", "amod")
          ROW("3", "airstrike", "airstrike", "NOUN", "0", "root")
              ROW("4", "on", "on", "ADP", "5", "case")
                  ROW("5", "Ukraine", "Ukraine", "PROPN", "3", "nmod") "\n";
  static const char football[] =
      ROW("1", "Russia", "Russia", "PROPN", "2",
          "nsubj") ROW("2", "attacked", "attack", "VERB", "0", "root")
          ROW("3", "Ukraine", "Ukraine", "PROPN", "2", "obj")
              ROW("4", "in", "in", "ADP", "7", "case")
                  ROW("5", "the", "the", "DET", "7", "det")
                      ROW("6", "football", "football", "NOUN", "7", "compound")
                          ROW("7", "match", "match", "NOUN", "2", "obl") "\n";
  (void)state;
  code_str(e, d, noun, NULL, out, sizeof out);
  assert_string_equal(out, "RUS UKR 195;");
  code_str(e, d, football, NULL, out, sizeof out);
  assert_string_equal(out, "");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* The PETRARCH formats: actors with aliases and dated codes, agents with
 * plurals and macros, a CAMEO 2.0 verb block with a synset and a paired
 * code, UD v1 labels (dobj, nmod). */
static void test_petrarch_formats(void **state) {
  sr_engine *e = open_engine(NULL);
  static const char actors[] = "<!-- header -->\n"
                               "GONDOR [GON]\n"
                               "+MINAS_TIRITH\n"
                               "ARNOR_  [ARN] # comment\n"
                               "GOLLUM\n"
                               "\t[HOB < 950601]\n"
                               "\t[HOBGOV 19950601 - 19990815]\n"
                               "\t[HOBREB > 990816]\n";
  static const char agents[] = "!PERSON! = MAN, MEN\n"
                               "CONGRESS!PERSON! [~LEG]\n"
                               "SOLDIER [~MIL]\n";
  static const char verbs[] = "&TIES\n"
                              "+TIES\n"
                              "+RELATIONS\n"
                              "\n"
                              "--- RESTORE [050:050] ---\n"
                              "RESTORE\n"
                              "- * {DIPLOMATIC &TIES} [051]\n";
  static const char text[] =
      ROW("1", "Congressmen", "congressman", "NOUN", "5",
          "nsubj") ROW("2", "from", "from", "ADP", "4", "case")
          ROW("3", "Minas", "Minas", "PROPN", "4", "name")
              ROW("4", "Tirith", "Tirith", "PROPN", "1", "nmod")
                  ROW("5", "restored", "restore", "VERB", "0", "root")
                      ROW("6", "diplomatic", "diplomatic", "ADJ", "7", "amod")
                          ROW("7", "relations", "relation", "NOUN", "5", "dobj")
                              ROW("8", "with", "with", "ADP", "9", "case")
                                  ROW("9", "Gollum", "Gollum", "PROPN", "7",
                                      "nmod") "\n";
  static const char plain[] = ROW("1", "Arnor", "Arnor", "PROPN", "2", "nsubj")
      ROW("2", "restores", "restore", "VERB", "0", "root")
          ROW("3", "ties", "tie", "NOUN", "2", "dobj")
              ROW("4", "with", "with", "ADP", "5", "case")
                  ROW("5", "Soldiers", "soldier", "NOUN", "2", "nmod") "\n";
  sr_dict *d = dict_from(e, 1, actors, agents, verbs, NULL);
  char out[512];
  (void)state;
  code_str(e, d, text, "1996-01-01", out, sizeof out);
  assert_string_equal(out, "GONLEG HOBGOV 051;");
  code_str(e, d, text, "1999-12-01", out, sizeof out);
  assert_string_equal(out, "GONLEG HOBREB 051;");
  code_str(e, d, text, "1990-12-01", out, sizeof out);
  assert_string_equal(out, "GONLEG HOB 051;");
  code_str(e, d, plain, NULL, out, sizeof out); /* the paired default */
  assert_string_equal(out, "ARN ---MIL 050;---MIL ARN 050;");
  sr_dict_free(d);
  sr_engine_close(e);
}

/* Malformed lines: a warning naming FILE:LINE, or with strict an error. */
static void test_malformed_lines(void **state) {
  warnings ws = {0};
  sr_config cfg;
  sr_engine *e;
  sr_dict *d = NULL;
  sr_error err;
  sr_dict_counts c;
  static const char bad[] = "actor Russia\n"
                            "  country RUS\n"
                            "  role RUSGOV 2012-13-99..\n"
                            "  colour red\n"
                            "verb 19x attack\n"
                            "frobnicate\n";
  (void)state;
  memset(&cfg, 0, sizeof cfg);
  cfg.warn = collect_warning;
  cfg.warn_user = &ws;
  e = open_engine(&cfg);
  assert_int_equal(sr_dict_new(e, &d, &err), SR_OK);
  assert_int_equal(sr_dict_load_memory(d, SR_DICT_ACTORS, "x.actors", bad,
                                       strlen(bad), &err),
                   SR_OK);
  sr_dict_stats(d, &c);
  assert_int_equal(c.warnings, 4);
  assert_int_equal(ws.count, 4);
  assert_non_null(strstr(ws.last, "x.actors:6:"));
  assert_int_equal(c.actors, 1);
  sr_dict_free(d);
  assert_int_equal(sr_dict_new(e, &d, &err), SR_OK);
  sr_dict_set_strict(d, 1);
  assert_int_equal(sr_dict_load_memory(d, SR_DICT_ACTORS, "x.actors", bad,
                                       strlen(bad), &err),
                   SR_EDICT);
  assert_non_null(strstr(err.msg, "x.actors:3:"));
  sr_dict_free(d);
  /* binary content is refused whole */
  assert_int_equal(sr_dict_new(e, &d, &err), SR_OK);
  assert_int_equal(sr_dict_load_memory(d, SR_DICT_VERBS, "b.verbs",
                                       "\x01\x02\x03\x00\x00\x00\x00\x00", 8,
                                       &err),
                   SR_EFORMAT);
  sr_dict_free(d);
  sr_engine_close(e);
}

/* reported_by: the subject of a speech verb over the clause, or the noun
 * of "according to". */
static void test_reported_by(void **state) {
  sr_engine *e = open_engine(NULL);
  sr_dict *d =
      dict_from(e, 1, actors_native, agents_native, verbs_native, NULL);
  static const char said[] = ROW("1", "Russia", "Russia", "PROPN", "2", "nsubj")
      ROW("2", "attacked", "attack", "VERB", "6", "advcl")
          ROW("3", "Ukraine", "Ukraine", "PROPN", "2", "obj")
              ROW("4", "the", "the", "DET", "5", "det")
                  ROW("5", "governor", "governor", "NOUN", "6", "nsubj")
                      ROW("6", "said", "say", "VERB", "0", "root") "\n";
  static const char according[] =
      ROW("1", "Russia", "Russia", "PROPN", "2",
          "nsubj") ROW("2", "attacked", "attack", "VERB", "0", "root")
          ROW("3", "Ukraine", "Ukraine", "PROPN", "2", "obj")
              ROW("4", "according", "accord", "VERB", "6", "case")
                  ROW("5", "to", "to", "ADP", "4", "fixed")
                      ROW("6", "Reuters", "Reuters", "PROPN", "2", "obl") "\n";
  const char *const texts[2] = {said, according};
  const char *const want[2] = {"the governor", "Reuters"};
  int k;
  (void)state;
  for (k = 0; k < 2; k++) {
    sr_doc *doc = parse_str(e, texts[k], SR_FORMAT_CONLLU, 1);
    sr_error err;
    assert_int_equal(sr_code_doc(d, doc, NULL, &err), SR_OK);
    assert_int_equal(sr_doc_event_count(doc), 1);
    assert_non_null(sr_doc_event(doc, 0)->reported_by);
    assert_string_equal(sr_doc_event(doc, 0)->reported_by, want[k]);
    sr_doc_free(doc);
  }
  sr_dict_free(d);
  sr_engine_close(e);
}

/* A document with no trees is an error, not an empty result. */
static void test_needs_trees(void **state) {
  sr_engine *e = open_engine(NULL);
  sr_dict *d = dict_from(e, 1, actors_native, NULL, verbs_native, NULL);
  sr_doc *doc = parse_str(e, "Russia attacked Ukraine.", SR_FORMAT_TEXT, 1);
  sr_error err;
  (void)state;
  assert_int_equal(sr_code_doc(d, doc, NULL, &err), SR_EINVAL);
  sr_doc_free(doc);
  sr_dict_free(d);
  sr_engine_close(e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_native_actor_agent_verb),
      cmocka_unit_test(test_dated_roles_and_specific_pattern),
      cmocka_unit_test(test_sets_conj_and_negation),
      cmocka_unit_test(test_negation_opposite),
      cmocka_unit_test(test_pattern_domains),
      cmocka_unit_test(test_agents_join_and_conjuncts),
      cmocka_unit_test(test_sets_longest_and_groups),
      cmocka_unit_test(test_transformations),
      cmocka_unit_test(test_infinitive_covered),
      cmocka_unit_test(test_no_self_events),
      cmocka_unit_test(test_target_not_in_statement),
      cmocka_unit_test(test_reciprocal_without_recipient),
      cmocka_unit_test(test_apposition_in_list),
      cmocka_unit_test(test_phrase_without_subject),
      cmocka_unit_test(test_pattern_ties),
      cmocka_unit_test(test_compose_with_infinitive),
      cmocka_unit_test(test_object_before_named_phrase),
      cmocka_unit_test(test_sector_adjective_object),
      cmocka_unit_test(test_pattern_in_complement_clause),
      cmocka_unit_test(test_passive_target_marker_and_modal),
      cmocka_unit_test(test_event_noun_and_discard),
      cmocka_unit_test(test_petrarch_formats),
      cmocka_unit_test(test_malformed_lines),
      cmocka_unit_test(test_reported_by),
      cmocka_unit_test(test_needs_trees),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
