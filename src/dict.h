/*
 * dict.h - the compiled dictionaries the coder reads (dict.c builds them).
 *
 * Four kinds of entry, from any mix of native and PETRARCH/TABARI files:
 *   actors    phrase -> actor (name, country, sector, dated role codes)
 *   agents    phrase -> sector code added to the actor's country
 *   verbs     lemma  -> verb block: a default CAMEO code and patterns
 *   discards  phrase -> drop the sentence or the story
 * Phrases are compiled into word tries: every word is lower-cased, and a
 * token matches a word when its lower-cased form or lemma equals it.
 * Everything lives in the dictionary's arena and is read-only once loaded,
 * so one sr_dict may be shared by any number of threads.
 */
#ifndef SR_DICT_H
#define SR_DICT_H

#include "internal.h"

#include <stdint.h>

#define SR_DATE_OPEN_FROM 0u      /* a role with no start */
#define SR_DATE_OPEN_TO 99991231u /* a role with no end */
#define SR_TRIE_NONE 0u           /* "no such node"; the root is node 0 */
#define SR_PATTERN_MAX_ITEMS 24   /* items on one side of a pattern */

/* A word trie. Node 0 is the root; edges live in one hash table keyed by
 * (parent, word). A node's payload is an index into the owner's array,
 * or -1. */
struct sr_trie {
  uint32_t *edge_parent, *edge_child; /* open addressing, cap a power of 2 */
  const char **edge_word;
  size_t edge_cap, edge_count;
  int32_t *payload; /* per node */
  size_t node_count, node_cap;
};

/* The child of `node` along `word` (len bytes, lower-case), or
 * SR_TRIE_NONE. */
uint32_t sr__trie_step(const struct sr_trie *t, uint32_t node, const char *word,
                       size_t len);

/* The same with the word's sr__word_hash given (the coder hashes each
 * token once per sentence). */
uint32_t sr__trie_step_hashed(const struct sr_trie *t, uint32_t node,
                              const char *word, size_t len, uint64_t hash);

struct sr_role {
  const char *code;  /* "RUSGOV" */
  uint32_t from, to; /* inclusive, YYYYMMDD */
  const char *title; /* "Minister of Defence of Russia" (native files), or
                        NULL; resolve.c matches role descriptions to it */
};

struct sr_actor {
  const char *name;     /* canonical name, as written in the dictionary */
  const char *code;     /* code when no role applies; NULL: none */
  const char *country;  /* "RUS", or NULL */
  const char *sector;   /* "GOV", or NULL */
  const char *wikidata; /* "Q7747", or NULL */
  struct sr_role *roles;
  size_t role_count;
};

struct sr_agent {
  const char *code; /* "MIL", "GOVFRM" */
  int prefix;       /* 1: goes before the country ("NGO~"), 0: after */
};

/* One element of a verb pattern. */
enum sr_item_kind {
  SR_ITEM_WORD,     /* words[0..word_count): consecutive tokens */
  SR_ITEM_SET,      /* any member of set `set` */
  SR_ITEM_TARGET,   /* '+': the recipient is here */
  SR_ITEM_SOURCE,   /* '$': the actor is here */
  SR_ITEM_SKIP,     /* '^': skip a phrase (a gap is allowed anyway) */
  SR_ITEM_COMPOUND, /* '%': actor and recipient are both in the subject */
  SR_ITEM_NEGATION  /* a native "not" (reserved) */
};

struct sr_item {
  unsigned char kind;     /* enum sr_item_kind */
  unsigned char group;    /* 0, or the {noun phrase} it is in (1-based) */
  unsigned char pp;       /* 0, or the (prepositional phrase) it is in */
  unsigned char pp_first; /* 1 for the preposition that opens its (...) */
  unsigned char word_count;
  unsigned char petrarch; /* PETRARCH format: a bare word is not the verb of
                             an infinitive, which it writes "(TO LEAVE)" */
  const char **words;     /* lower-case */
  int32_t set;            /* for SR_ITEM_SET */
};

/* A 256-bit Bloom filter of words: two bits per word. A pattern keeps
 * the filter of the words it requires; the coder, the filter of a
 * sentence's forms and lemmas, and tries only patterns whose bits are all
 * there (most patterns of a big block need a word the sentence lacks). */
#define SR_BLOOM_WORDS 4
void sr__bloom_add(uint64_t bloom[SR_BLOOM_WORDS], const char *w, size_t n);
void sr__bloom_hashed(uint64_t bloom[SR_BLOOM_WORDS], uint64_t word_hash);

struct sr_pattern {
  uint64_t need[SR_BLOOM_WORDS]; /* the words it requires (all WORD items) */
  const char *code;     /* CAMEO code for actor -> recipient; NULL: none */
  const char *rcode;    /* paired code for recipient -> actor; NULL */
  const char *plover;   /* override of the CAMEO table, or NULL */
  const char *mode;     /* override, or NULL */
  struct sr_item *pre;  /* items before the verb, in sentence order */
  struct sr_item *post; /* items after it */
  unsigned char pre_count, post_count;
  unsigned char weight; /* words it requires: the most specific wins */
  const char *file;     /* where it was written, for --explain */
  uint32_t line;
};

/* A verb form ("restore", "break", the "take" of "take note") and the
 * block it belongs to. A multi-word verb requires its other words as a
 * pattern of its own (`form`), whose code, if any, beats the block's. */
struct sr_verb {
  const char *word;        /* lower-case lemma or inflected form */
  uint32_t block;          /* index into sr_dict.blocks */
  struct sr_pattern *form; /* the multi-word requirement, or NULL */
};

struct sr_verb_block {
  const char *code;       /* default code; NULL or "---": no event */
  const char *rcode;      /* paired default ("040:040"), or NULL */
  uint32_t first_pattern; /* patterns[first .. first+count) */
  uint32_t pattern_count;
};

/* A named word set (&MILITARY). Members are phrases; a member may itself
 * be a set ("&TIETYPES"), kept as a one-item phrase naming it. */
struct sr_set {
  const char *name;      /* upper-case, without '&' */
  const char ***members; /* NULL-terminated word arrays */
  size_t *member_len;
  size_t member_count, member_cap;
  /* built after each load: members by first word, so that a token is
     looked up rather than compared with every member */
  uint32_t *index;   /* open addressing by sr__word_hash: member + 1, 0 */
  size_t index_cap;  /* a power of 2, or 0 */
  uint32_t *subsets; /* members naming another set ("&TIETYPES") */
  size_t subset_count;
};

/* FNV-1a of a word of n bytes (the dictionary's hash tables). */
uint64_t sr__word_hash(const char *w, size_t n);

/* A PETRARCH transformation, "~ a (b . ATTACK) SAY = a b 112": a verb
 * (SAY) whose complement clause holds an event (ATTACK by someone else)
 * becomes one event of its own (a accuses b). Verb words stand for the
 * code their verb block gives them, compared by root when that code is a
 * root code ("190": all of 19), else exactly; a word without a code, for
 * the lemma itself. */
enum sr_slot {
  SR_SLOT_SAME,  /* the outer verb's source ('a') */
  SR_SLOT_OTHER, /* a coded participant other than the outer source */
  SR_SLOT_NONE,  /* '_': no subject of its own */
  SR_SLOT_ANY    /* '.': anything */
};

struct sr_transform {
  unsigned char inner_src, inner_tgt; /* enum sr_slot */
  unsigned char future;   /* "WILL_ATTACK": the inner verb has will/would */
  unsigned char b_is_src; /* the result's target is the inner source */
  const char *inner;      /* lower-case verb word, or NULL: any code (Q) */
  const char *outer;      /* lower-case verb word */
  const char *code;       /* the result's code, or NULL: the inner one */
  const char *file;       /* where it was written */
  uint32_t line;
};

struct sr_dict {
  const sr_engine *engine;
  sr_arena arena;
  int strict;      /* malformed lines are fatal */
  size_t warnings; /* malformed lines reported */

  struct sr_trie actor_trie; /* payload: actors[] */
  struct sr_actor *actors;
  size_t actor_count, actor_cap;

  struct sr_trie agent_trie; /* payload: agents[] */
  struct sr_agent *agents;
  size_t agent_count, agent_cap;

  struct sr_trie discard_trie; /* payload: 0 sentence, 1 story */
  size_t discard_count;

  struct sr_trie noun_trie; /* payload: patterns[] (event nouns) */
  size_t noun_count;

  struct sr_verb *verbs; /* hash table by word, open addressing */
  size_t verb_cap, verb_count;
  struct sr_verb_block *blocks;
  size_t block_count, block_cap;
  struct sr_pattern *patterns; /* grouped by block */
  size_t pattern_count, pattern_cap;

  struct sr_set *sets;
  size_t set_count, set_cap;

  struct sr_transform *transforms; /* in file order: the first match wins */
  size_t transform_count, transform_cap;
  /* resolve.c: the capitalised words of actor names and the deletion
     index over them (rebuilt after actors are loaded) */
  struct sr_name_word *name_words;
  size_t name_word_count, name_word_cap;
  struct sr_spell *spell; /* malloc'd; NULL when there are no names */
  int spell_stale;        /* names added since the index was built */
  int loading_dir;        /* sr_dict_load_dir builds it once at the end */
};

/* Finds the verb entries for a lower-case word: calls fn for each. */
void sr__dict_verbs(const struct sr_dict *d, const char *word, size_t len,
                    void (*fn)(void *user, const struct sr_verb *v),
                    void *user);

/* The set named `name` (upper-case, no '&'), or -1. */
int32_t sr__dict_set(const struct sr_dict *d, const char *name, size_t len);

/* The code of actor `a` on date `date` (YYYYMMDD, 0 when unknown): the
 * first role in force, else the default code. May be NULL. */
const char *sr__actor_code(const struct sr_actor *a, uint32_t date);

#endif
