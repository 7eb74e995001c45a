/*
 * resolve.h - who exactly: misspelt names, coreference within a document
 * and actors no dictionary knows (resolve.c, DESIGN.md "Dictionaries").
 */
#ifndef SR_RESOLVE_H
#define SR_RESOLVE_H

#include "dict.h"

/* A capitalised word of an actor name, as the dictionary wrote it. */
struct sr_name_word {
  const char *word; /* lower-case, in the dictionary's arena */
  uint32_t len;
  int32_t actor; /* index into sr_dict.actors */
};

/* Records the capitalised words of actor name `phrase` (n bytes; split
 * into the lower-case words w[0..k) by dict.c) for actor `actor`. Returns
 * 0 when out of memory. */
int sr__spell_note(struct sr_dict *d, const char *phrase, size_t n,
                   int underscores, const char **w, size_t k, int32_t actor);

/* (Re)builds the deletion index over the noted words. Returns 0 when out of
 * memory (the dictionary then has no index). */
int sr__spell_build(struct sr_dict *d);
void sr__spell_free(struct sr_dict *d);

/* The actor a misspelt name stands for: `lower` (len bytes, lower-case) is
 * within the edit distance its length allows (1 for 5-8 bytes, 2 for
 * longer, none under 5) of the words of exactly one actor, with the same
 * first letter, and is neither one of those words nor an extension of one
 * ("Putina" is not "Putin"). Returns the actor's index, or -1. Allocates
 * nothing. */
int32_t sr__spell_lookup(const struct sr_dict *d, const char *lower,
                         size_t len);

/* sr__spell_lookup for a token of a participant phrase: only a capitalised
 * name (PROPN, X or an NER entity) that no actor or agent phrase starts
 * with is looked up. */
int32_t sr__resolve_spelling(const struct sr_dict *d, const sr_token *t,
                             const char *lower);

/* Is token t a relative pronoun ("who", "which", "that") standing for
 * `noun`, the noun its relative clause modifies? `rel` is its relation,
 * `head_rel` the clause's. "who" needs a common noun or a person's name. */
int sr__is_relative(const sr_token *t, const char *lower, const char *rel,
                    const char *head_rel, const sr_token *noun);

/* After coding a document: resolves pronouns, bare surnames and role
 * descriptions to earlier actors, marks named entities, and removes
 * participants that are neither coded nor named. `date` is YYYYMMDD or 0.
 * Returns SR_OK or SR_ENOMEM. */
sr_status sr__resolve_doc(const struct sr_dict *dict, sr_doc *doc,
                          sr_event *events, size_t count, uint32_t date);

#endif
