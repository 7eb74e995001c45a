/*
 * fuzz_dict.c - libFuzzer target for the dictionary readers (src/dict.c)
 * and the coder (src/code.c): any bytes, read as each kind of dictionary
 * (the first byte picks the kind; the format is recognised from the
 * content as for users' files), must load or give a located error, and
 * the result must code a fixed sentence without a crash or a hang.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sitrep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sentence[] =
    "# newdoc id = f\n# date = 2023-06-24\n"
    "1\tRussian\tRussian\tADJ\t_\t_\t2\tamod\t_\t_\n"
    "2\ttroops\ttroop\tNOUN\t_\t_\t3\tnsubj\t_\t_\n"
    "3\tattacked\tattack\tVERB\t_\t_\t0\troot\t_\t_\n"
    "4\tthe\tthe\tDET\t_\t_\t5\tdet\t_\t_\n"
    "5\ttown\ttown\tNOUN\t_\t_\t3\tobj\t_\t_\n"
    "6\tof\tof\tADP\t_\t_\t7\tcase\t_\t_\n"
    "7\tKupiansk\tKupiansk\tPROPN\t_\t_\t5\tnmod\t_\t_\n\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static sr_engine *engine;
  sr_dict *dict = NULL;
  sr_doc *doc = NULL;
  sr_doc_options opt;
  sr_error err;
  sr_dict_kind kind;
  size_t i;
  if (size < 1 || size > 1 << 20)
    return 0;
  if (!engine && sr_engine_open(NULL, &engine, &err) != SR_OK)
    abort();
  kind = (sr_dict_kind)(data[0] % 4);
  if (sr_dict_new(engine, &dict, &err) != SR_OK)
    abort();
  sr_dict_set_strict(dict, data[0] & 4);
  if (sr_dict_load_memory(dict, kind, "fuzz", (const char *)data + 1, size - 1,
                          &err) == SR_OK) {
    memset(&opt, 0, sizeof opt);
    opt.format = SR_FORMAT_CONLLU;
    if (sr_doc_parse(engine, sentence, sizeof sentence - 1, &opt, &doc, &err) !=
        SR_OK)
      abort();
    if (sr_code_doc(dict, doc, NULL, &err) != SR_OK)
      abort();
    for (i = 0; i < sr_doc_event_count(doc); i++)
      if (!sr_doc_event(doc, i)->cameo)
        abort();
    sr_doc_free(doc);
  } else if (!err.msg[0]) {
    abort(); /* every error says what and where */
  }
  sr_dict_free(dict);
  return 0;
}
