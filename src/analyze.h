/*
 * analyze.h - the analysis stage: part of speech, lemmas, dependency trees
 * and named entities for the sentences of a document, from the models in
 * data/models/ (tag.c, lemma.c, parse.c, ner.c do the work; this stage
 * loads them and runs them sentence by sentence).
 */
#ifndef SR_ANALYZE_H
#define SR_ANALYZE_H

#include "internal.h"

/* Loads the models of an engine from `dir` (NULL: SITREP_MODELS, else the
 * folder sitrep was built from). The tagger, lemmatizer and parser are
 * required; the named-entity model is optional. A missing required model
 * is SR_EIO with a message saying to run `make train`; a broken one is the
 * loader's SR_EPARSE error. */
sr_status sr__analyze_load(sr_engine *e, const char *dir, sr_error *err);

/* Frees what sr__analyze_load loaded. */
void sr__analyze_unload(sr_engine *e);

/* Fills upos, xpos, lemma, head, deprel and ner of every token of `d`. */
sr_status sr__analyze(sr_doc *d, sr_error *err);

#endif
