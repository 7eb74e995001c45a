/*
 * test_where.c - places (issue #6, item 2): name folding, the gazetteer
 * file (round trip, corrupt and truncated files), and one spec test per
 * ranking and strictness rule of src/where.c, including names that must
 * NOT resolve. The gazetteer is built here from a few rows with the same
 * builder tools/mk_gazetteer.c uses, so the tests need nothing outside
 * the repository; the coordinates and populations are GeoNames'.
 */
#include "unit.h"
#include "where.h"

#define GAZ_PATH "/tmp/sitrep_test_where.gaz"

static uint16_t add_country(struct sr_gaz_builder *b, const char *name,
                            const char *iso2, const char *iso3, double lat,
                            double lon, uint32_t pop) {
  struct sr_gaz_place p;
  uint32_t at;
  uint16_t idx;
  memset(&p, 0, sizeof p);
  p.kind = SR_PLACE_COUNTRY;
  p.lat = (int32_t)(lat * 1e5);
  p.lon = (int32_t)(lon * 1e5);
  p.population = pop;
  p.admin1 = SR_GAZ_NONE;
  assert_int_equal(sr__gaz_add_place(b, &p, name, &at), SR_OK);
  assert_int_equal(sr__gaz_add_country(b, iso2, iso3, at, &idx), SR_OK);
  sr__gaz_place_at(b, at)->country = idx;
  return idx;
}

static uint16_t add_region(struct sr_gaz_builder *b, uint16_t country,
                           const char *code, const char *name, const char *base,
                           double lat, double lon) {
  struct sr_gaz_place p;
  uint32_t at;
  uint16_t idx;
  char buf[128];
  memset(&p, 0, sizeof p);
  p.kind = SR_PLACE_ADMIN1;
  p.lat = (int32_t)(lat * 1e5);
  p.lon = (int32_t)(lon * 1e5);
  p.country = country;
  p.population = 1000000;
  assert_int_equal(sr__gaz_add_place(b, &p, name, &at), SR_OK);
  assert_int_equal(sr__gaz_add_admin1(b, country, code, at, &idx), SR_OK);
  sr__gaz_place_at(b, at)->admin1 = idx;
  assert_int_equal(sr__gaz_add_name(b, at, base, 0), SR_OK);
  snprintf(buf, sizeof buf, "%s region", base);
  assert_int_equal(sr__gaz_add_name(b, at, buf, 0), SR_OK);
  return idx;
}

static uint32_t add_city(struct sr_gaz_builder *b, uint16_t country,
                         uint16_t region, const char *name, double lat,
                         double lon, uint32_t pop, uint32_t id, uint8_t rank) {
  struct sr_gaz_place p;
  uint32_t at;
  memset(&p, 0, sizeof p);
  p.kind = SR_PLACE_CITY;
  p.lat = (int32_t)(lat * 1e5);
  p.lon = (int32_t)(lon * 1e5);
  p.country = country;
  p.admin1 = region;
  p.population = pop;
  p.geonameid = id;
  p.rank = rank;
  assert_int_equal(sr__gaz_add_place(b, &p, name, &at), SR_OK);
  return at;
}

/* Writes the test gazetteer to `path`. */
static void build_gazetteer(const char *path, int compress) {
  struct sr_gaz_builder *b;
  uint16_t ua, ru, us, pl, gb, donetsk, kharkiv, belgorod, kursk, rostov,
      moscow, wyoming, alabama, pomerania, england;
  uint32_t c;
  sr_error err;
  assert_int_equal(sr__gaz_builder_new(&b), SR_OK);
  ua = add_country(b, "Ukraine", "UA", "UKR", 50.45466, 30.5238, 45415596);
  ru = add_country(b, "Russia", "RU", "RUS", 55.75204, 37.61781, 140702000);
  us = add_country(b, "United States", "US", "USA", 38.89511, -77.03637,
                   310232863);
  pl = add_country(b, "Poland", "PL", "POL", 52.22977, 21.01178, 38500000);
  gb = add_country(b, "United Kingdom", "GB", "GBR", 51.50853, -0.12574,
                   62348447);
  donetsk = add_region(b, ua, "05", "Donetsk", "Donetsk", 48.0, 37.8);
  kharkiv = add_region(b, ua, "07", "Kharkiv", "Kharkiv", 49.9, 36.3);
  belgorod = add_region(b, ru, "09", "Belgorod Oblast", "Belgorod", 50.6, 36.6);
  kursk = add_region(b, ru, "41", "Kursk", "Kursk", 51.7, 36.2);
  rostov = add_region(b, ru, "61", "Rostov", "Rostov", 47.5, 40.1);
  moscow = add_region(b, ru, "48", "Moscow", "Moscow", 55.7, 37.6);
  wyoming = add_region(b, us, "WY", "Wyoming", "Wyoming", 42.9, -107.5);
  alabama = add_region(b, us, "AL", "Alabama", "Alabama", 32.8, -86.8);
  pomerania =
      add_region(b, pl, "84", "West Pomerania", "West Pomerania", 53.5, 15.0);
  england = add_region(b, gb, "ENG", "England", "England", 52.2, -1.2);
  add_city(b, ua,
           add_region(b, ua, "12", "Kyiv City", "Kyiv City", 50.45, 30.5),
           "Kyiv", 50.45466, 30.5238, 2797553, 703448, 3);

  c = add_city(b, ua, donetsk, "Lyman", 48.99012, 37.80843, 28200, 704204, 0);
  assert_int_equal(sr__gaz_add_name(b, c, "Krasnyy Liman", SR_NAME_ALT), 0);
  add_city(b, ua, kharkiv, "Lyman", 49.59358, 36.46548, 0, 0, 0);
  add_city(b, us, wyoming, "Lyman", 41.32745, -110.29293, 2115, 5830307, 0);
  c = add_city(b, ua, donetsk, "Bakhmut", 48.59419, 37.99886, 80500, 713174, 0);
  assert_int_equal(sr__gaz_add_name(b, c, "Artemivs'k", SR_NAME_ALT), 0);
  assert_int_equal(sr__gaz_add_name(b, c, "Artemovsk", SR_NAME_ALT), 0);
  add_city(b, ua, kharkiv, "Kharkiv", 49.98177, 36.25475, 1430885, 706483, 2);
  add_city(b, ua, kharkiv, "Chuhuiv", 49.83538, 36.6865, 36519, 710374, 0);
  add_city(b, ru, belgorod, "Kozinka", 50.4613, 35.6026, 0, 0, 0);
  add_city(b, ru, kursk, "Kozinka", 51.5, 36.0, 0, 0, 0);
  add_city(b, ru, belgorod, "Belgorod", 50.60343, 36.58091, 345289, 578072, 2);
  add_city(b, ru, kursk, "Kursk", 51.72689, 36.18457, 409431, 538560, 2);
  c = add_city(b, ru, rostov, "Rostov-on-Don", 47.21997, 39.70769, 1074482,
               501175, 2);
  assert_int_equal(sr__gaz_add_name(b, c, "Rostov-na-Donu", SR_NAME_ALT), 0);
  add_city(b, ru, moscow, "Moscow", 55.75204, 37.61781, 10381222, 524901, 3);
  add_city(b, us, SR_GAZ_NONE, "Moscow", 46.73239, -117.00017, 23800, 5601538,
           0);
  c = add_city(b, gb, england, "March", 52.55131, 0.08828, 18442, 2643071, 0);
  assert_int_equal(sr__gaz_add_name(b, c, "March", SR_NAME_COMMON), 0);
  c = add_city(b, pl, pomerania, "Police", 53.55214, 14.57182, 34350, 3088461,
               0);
  assert_int_equal(sr__gaz_add_name(b, c, "Police", SR_NAME_COMMON), 0);
  c = add_city(b, us, SR_GAZ_NONE, "Wagner", 43.07972, -98.29313, 1566, 5232661,
               0);
  assert_int_equal(sr__gaz_add_name(b, c, "Wagner", SR_NAME_COMMON), 0);
  c = add_city(b, us, alabama, "Mobile", 30.69436, -88.04305, 190274, 4076598,
               2);
  assert_int_equal(sr__gaz_add_name(b, c, "Mobile", SR_NAME_COMMON), 0);
  if (sr__gaz_write(b, path, compress, &err) != SR_OK)
    fail_msg("write: %s", err.msg);
  sr__gaz_builder_free(b);
}

static int group_setup(void **state) {
  sr_gazetteer *g = NULL;
  sr_error err;
  build_gazetteer(GAZ_PATH, 1);
  if (sr_gazetteer_open(GAZ_PATH, &g, &err) != SR_OK) {
    fprintf(stderr, "open: %s\n", err.msg);
    return -1;
  }
  *state = g;
  return 0;
}

static int group_teardown(void **state) {
  sr_gazetteer_free(*state);
  remove(GAZ_PATH);
  return 0;
}

/* sr_geocode as "name CC admin1 id precision", or "-" when nothing. */
static const char *geo(const sr_gazetteer *g, const char *q,
                       const char *country) {
  static char buf[256];
  sr_location loc;
  sr_error err;
  if (sr_geocode(g, q, strlen(q), country, &loc, &err) != SR_OK)
    fail_msg("geocode '%s': %s", q, err.msg);
  if (!loc.name)
    return "-";
  snprintf(buf, sizeof buf, "%s %s %s %u %s", loc.name, loc.country,
           loc.admin1 ? loc.admin1 : "-", (unsigned)loc.geonameid,
           loc.precision);
  return buf;
}

/* The places sr_where_doc finds in raw text, as "name/CC/admin1;". */
static void doc_places(const sr_gazetteer *g, const char *text, char *out,
                       size_t cap) {
  sr_engine *e = open_engine(NULL);
  sr_doc *d = parse_raw(e, text);
  sr_error err;
  size_t i, n = 0;
  if (sr_where_doc(g, d, &err) != SR_OK)
    fail_msg("where: %s", err.msg);
  out[0] = '\0';
  for (i = 0; i < sr_doc_place_count(d); i++) {
    const sr_location *l = sr_doc_place(d, i);
    n += (size_t)snprintf(out + n, cap - n, "%s/%s/%s;", l->name, l->country,
                          l->admin1 ? l->admin1 : "-");
  }
  sr_doc_free(d);
  sr_engine_close(e);
}

static void test_keys(void **state) {
  char k[SR_GAZ_MAX_KEY];
  (void)state;
  sr__place_key("Artemivs\xe2\x80\x99k", 12, k, sizeof k);
  assert_string_equal(k, "artemivsk");
  sr__place_key("Rostov-on-Don", 13, k, sizeof k);
  assert_string_equal(k, "rostov on don");
  sr__place_key("Rostov - on - Don", 17, k, sizeof k);
  assert_string_equal(k, "rostov on don");
  sr__place_key("\xc5\x81\xc3\xb3\x64\xc5\xba", 7, k, sizeof k); /* Łódź */
  assert_string_equal(k, "lodz");
  sr__place_key("St. Petersburg", 14, k, sizeof k);
  assert_string_equal(k, "st petersburg");
  sr__place_key("  KYIV  ", 8, k, sizeof k);
  assert_string_equal(k, "kyiv");
  assert_int_equal(sr__place_key("--", 2, k, sizeof k), 0);
  assert_int_equal(sr__place_key("Rostov-on-Don", 13, k, 5), 0); /* too long */
}

/* Old and alternate names lead to the current place. */
static void test_old_names(void **state) {
  const sr_gazetteer *g = *state;
  assert_string_equal(geo(g, "Krasnyy Liman", NULL),
                      "Lyman UA Donetsk 704204 city");
  assert_string_equal(geo(g, "Artemivsk", NULL),
                      "Bakhmut UA Donetsk 713174 city");
  assert_string_equal(geo(g, "ARTEMOVSK", NULL),
                      "Bakhmut UA Donetsk 713174 city");
  assert_string_equal(geo(g, "Rostov-na-Donu", NULL),
                      "Rostov-on-Don RU Rostov 501175 city");
  assert_string_equal(geo(g, "rostov on don", NULL),
                      "Rostov-on-Don RU Rostov 501175 city");
}

/* Population ranks places of one name; --country restricts them. */
static void test_population_and_country(void **state) {
  const sr_gazetteer *g = *state;
  assert_string_equal(geo(g, "Lyman", NULL), "Lyman UA Donetsk 704204 city");
  assert_string_equal(geo(g, "Lyman", "US"), "Lyman US Wyoming 5830307 city");
  assert_string_equal(geo(g, "Lyman", "usa"), "Lyman US Wyoming 5830307 city");
  assert_string_equal(geo(g, "Moscow", NULL), "Moscow RU Moscow 524901 city");
  assert_string_equal(geo(g, "Bakhmut", "RU"), "-");
  {
    sr_location loc;
    sr_error err;
    assert_int_equal(sr_geocode(g, "Lyman", 5, "XX", &loc, &err), SR_EINVAL);
    assert_non_null(strstr(err.msg, "unknown country code 'XX'"));
  }
}

/* Admin context: "Kozinka, Belgorod region", "Lyman in the Donetsk
 * region", "Chuhuiv, south of Kharkiv". */
static void test_admin_context(void **state) {
  const sr_gazetteer *g = *state;
  assert_string_equal(geo(g, "Kozinka, Belgorod region", NULL),
                      "Kozinka RU Belgorod Oblast 0 city");
  assert_string_equal(geo(g, "Kozinka, Kursk region", NULL),
                      "Kozinka RU Kursk 0 city");
  assert_string_equal(geo(g, "Lyman in the Kharkiv region", NULL),
                      "Lyman UA Kharkiv 0 city");
  assert_string_equal(geo(g, "Lyman, Wyoming", NULL),
                      "Lyman US Wyoming 5830307 city");
  assert_string_equal(geo(g, "Chuhuiv, south of Kharkiv", NULL),
                      "Chuhuiv UA Kharkiv 710374 city");
  assert_string_equal(geo(g, "near Bakhmut", NULL),
                      "Bakhmut UA Donetsk 713174 city");
  assert_string_equal(geo(g, "Belgorod region", NULL),
                      "Belgorod Oblast RU Belgorod Oblast 0 admin1");
  /* a bare name that is a region and a city: the city */
  assert_string_equal(geo(g, "Kharkiv", NULL),
                      "Kharkiv UA Kharkiv 706483 city");
  assert_string_equal(geo(g, "Ukraine", NULL), "Ukraine UA - 0 country");
  assert_string_equal(geo(g, "Gondor", NULL), "-");
  assert_string_equal(geo(g, "", NULL), "-");
}

/* In documents, the countries the document names rank places. */
static void test_document_country(void **state) {
  const sr_gazetteer *g = *state;
  char out[512];
  doc_places(g, "Fighting went on near Lyman.", out, sizeof out);
  assert_string_equal(out, "");
  doc_places(g, "Officials in the United States said a storm hit Lyman.", out,
             sizeof out);
  assert_string_equal(out, "United States/US/-;Lyman/US/Wyoming;");
  doc_places(g, "Troops from Ukraine returned to Lyman.", out, sizeof out);
  assert_string_equal(out, "Ukraine/UA/-;Lyman/UA/Donetsk;");
  doc_places(g, "Troops entered Lyman in the Donetsk region.", out, sizeof out);
  assert_string_equal(out, "Lyman/UA/Donetsk;Donetsk/UA/Donetsk;");
  /* a large place needs no context, and the capital wins over a town of
     a country the document names */
  doc_places(g, "The United States protested to Moscow.", out, sizeof out);
  assert_string_equal(out, "United States/US/-;Moscow/RU/Moscow;");
}

/* Names that must NOT resolve in documents. */
static void test_not_places(void **state) {
  const sr_gazetteer *g = *state;
  char out[512];
  doc_places(g, "In March the Wagner fighters met the Police chief.", out,
             sizeof out);
  assert_string_equal(out, "");
  doc_places(g, "Mobile phones were seized.", out, sizeof out);
  assert_string_equal(out, "");
  doc_places(g, "They drank a moscow mule in lyman.", out, sizeof out);
  assert_string_equal(out, "");
  doc_places(g, "The Wagner Group left Ukraine.", out, sizeof out);
  assert_string_equal(out, "Ukraine/UA/-;");
  /* with a place right after them they are places */
  doc_places(g, "A factory in Police, Poland burned.", out, sizeof out);
  assert_string_equal(out, "Police/PL/West Pomerania;Poland/PL/-;");
  doc_places(g, "Storms hit Mobile, Alabama.", out, sizeof out);
  assert_string_equal(out, "Mobile/US/Alabama;Alabama/US/Alabama;");
}

#define ROW(id, form, lemma, upos, head, rel)                                  \
  id "\t" form "\t" lemma "\t" upos "\t_\t_\t" head "\t" rel "\t_\t_\n"

/* A CoNLL-U document coded with one verb ("shell", 195) and the test
 * gazetteer. */
struct coded {
  sr_engine *e;
  sr_dict *dict;
  sr_doc *d;
};

static void code_with_places(const sr_gazetteer *g, const char *conllu,
                             struct coded *c) {
  sr_code_options opt;
  sr_error err;
  c->e = open_engine(NULL);
  c->dict = NULL;
  c->d = parse_str(c->e, conllu, SR_FORMAT_CONLLU, 1);
  assert_int_equal(sr_dict_new(c->e, &c->dict, &err), SR_OK);
  assert_int_equal(sr_dict_load_memory(c->dict, SR_DICT_VERBS, "t.verbs",
                                       "verb 195 shell\n", 15, &err),
                   SR_OK);
  /* participants must be known (resolve.c drops uncoded common nouns) */
  assert_int_equal(sr_dict_load_memory(c->dict, SR_DICT_AGENTS, "t.agents",
                                       "agent GOV: official\n"
                                       "agent MIL: troop\n",
                                       37, &err),
                   SR_OK);
  memset(&opt, 0, sizeof opt);
  opt.gazetteer = g;
  if (sr_code_doc(c->dict, c->d, &opt, &err) != SR_OK)
    fail_msg("code: %s", err.msg);
}

static void coded_free(struct coded *c) {
  sr_doc_free(c->d);
  sr_dict_free(c->dict);
  sr_engine_close(c->e);
}

/* clang-format off */
static const char event_doc[] =
    "# newdoc id = w1\n"
    "# date = 20221002\n"
    ROW("1", "KYIV", "Kyiv", "PROPN", "0", "root")
    ROW("2", ",", ",", "PUNCT", "1", "punct")
    ROW("3", "Oct", "Oct", "PROPN", "1", "appos")
    ROW("4", "(", "(", "PUNCT", "5", "punct")
    ROW("5", "Reuters", "Reuters", "PROPN", "1", "appos")
    ROW("6", ")", ")", "PUNCT", "5", "punct")
    ROW("7", "-", "-", "PUNCT", "1", "punct")
    "\n"
    ROW("1", "Troops", "troop", "NOUN", "2", "nsubj")
    ROW("2", "shelled", "shell", "VERB", "0", "root")
    ROW("3", "positions", "position", "NOUN", "2", "obj")
    ROW("4", "near", "near", "ADP", "5", "case")
    ROW("5", "Bakhmut", "Bakhmut", "PROPN", "2", "obl")
    ROW("6", ".", ".", "PUNCT", "2", "punct")
    "\n"
    ROW("1", "Troops", "troop", "NOUN", "2", "nsubj")
    ROW("2", "shelled", "shell", "VERB", "0", "root")
    ROW("3", "Lyman", "Lyman", "PROPN", "2", "obj")
    ROW("4", "in", "in", "ADP", "7", "case")
    ROW("5", "the", "the", "DET", "7", "det")
    ROW("6", "Donetsk", "Donetsk", "PROPN", "7", "compound")
    ROW("7", "region", "region", "NOUN", "2", "obl")
    ROW("8", ".", ".", "PUNCT", "2", "punct")
    "\n"
    ROW("1", "Troops", "troop", "NOUN", "2", "nsubj")
    ROW("2", "shelled", "shell", "VERB", "0", "root")
    ROW("3", "houses", "house", "NOUN", "2", "obj")
    ROW("4", ".", ".", "PUNCT", "2", "punct")
    "\n";

static const char main_place_doc[] =
    "# newdoc id = w2\n"
    ROW("1", "Belgorod", "Belgorod", "PROPN", "2", "nsubj")
    ROW("2", "waits", "wait", "VERB", "0", "root")
    ROW("3", ".", ".", "PUNCT", "2", "punct")
    "\n"
    ROW("1", "Belgorod", "Belgorod", "PROPN", "2", "nsubj")
    ROW("2", "waits", "wait", "VERB", "0", "root")
    ROW("3", ".", ".", "PUNCT", "2", "punct")
    "\n"
    ROW("1", "Officials", "official", "NOUN", "4", "nsubj")
    ROW("2", "in", "in", "ADP", "3", "case")
    ROW("3", "Kursk", "Kursk", "PROPN", "1", "nmod")
    ROW("4", "shelled", "shell", "VERB", "0", "root")
    ROW("5", "houses", "house", "NOUN", "4", "obj")
    ROW("6", ".", ".", "PUNCT", "4", "punct")
    "\n"
    ROW("1", "Troops", "troop", "NOUN", "2", "nsubj")
    ROW("2", "shelled", "shell", "VERB", "0", "root")
    ROW("3", "roads", "road", "NOUN", "2", "obj")
    ROW("4", ".", ".", "PUNCT", "2", "punct")
    "\n";
/* clang-format on */

/* Event locations: the tree (a locative phrase, the object), the
 * dateline. */
static void test_event_location(void **state) {
  const sr_gazetteer *g = *state;
  struct coded c;
  const sr_event *ev;
  sr_code_options opt;
  sr_error err;
  code_with_places(g, event_doc, &c);
  assert_int_equal(sr_doc_event_count(c.d), 3);
  ev = sr_doc_event(c.d, 0); /* "near Bakhmut" under the verb */
  assert_non_null(ev->location);
  assert_string_equal(ev->location->name, "Bakhmut");
  assert_string_equal(ev->location->source, "event");
  assert_string_equal(ev->location->text, "Bakhmut");
  assert_true(ev->location->lat > 48.5 && ev->location->lat < 48.7);
  ev = sr_doc_event(c.d, 1); /* the object is finer than "in the region" */
  assert_string_equal(ev->location->name, "Lyman");
  assert_string_equal(ev->location->country, "UA");
  assert_string_equal(ev->location->source, "event");
  assert_string_equal(ev->location->precision, "city");
  ev = sr_doc_event(c.d, 2); /* no place in the sentence: the dateline */
  assert_string_equal(ev->location->name, "Kyiv");
  assert_string_equal(ev->location->source, "dateline");
  /* without a gazetteer, no locations */
  memset(&opt, 0, sizeof opt);
  assert_int_equal(sr_code_doc(c.dict, c.d, &opt, &err), SR_OK);
  assert_null(sr_doc_event(c.d, 0)->location);
  coded_free(&c);
}

/* A place inside a participant's phrase; with no place in the sentence
 * and no dateline, the place the document names most often. */
static void test_main_place(void **state) {
  const sr_gazetteer *g = *state;
  struct coded c;
  const sr_event *ev;
  code_with_places(g, main_place_doc, &c);
  assert_int_equal(sr_doc_event_count(c.d), 2);
  assert_int_equal(sr_doc_place_count(c.d), 3);
  ev = sr_doc_event(c.d, 0); /* inside the actor's phrase */
  assert_string_equal(ev->location->name, "Kursk");
  assert_string_equal(ev->location->source, "participant");
  ev = sr_doc_event(c.d, 1); /* Belgorod twice, Kursk once */
  assert_string_equal(ev->location->name, "Belgorod");
  assert_string_equal(ev->location->country, "RU");
  assert_string_equal(ev->location->admin1, "Belgorod Oblast");
  assert_string_equal(ev->location->source, "document");
  coded_free(&c);
}

static void test_file_errors(void **state) {
  sr_gazetteer *g = NULL;
  sr_error err;
  char *buf;
  size_t len;
  FILE *fp;
  (void)state;
  build_gazetteer(GAZ_PATH ".raw", 0); /* uncompressed loads too */
  assert_int_equal(sr_gazetteer_open(GAZ_PATH ".raw", &g, &err), SR_OK);
  assert_string_equal(geo(g, "Krasnyy Liman", NULL),
                      "Lyman UA Donetsk 704204 city");
  sr_gazetteer_free(g);
  assert_int_equal(sr__read_file(GAZ_PATH ".raw", 1 << 24, &buf, &len, &err),
                   SR_OK);
  /* truncated */
  assert_int_equal(sr_gazetteer_open_memory(buf, len - 7, "t.gaz", &g, &err),
                   SR_EIO);
  assert_null(g);
  assert_non_null(strstr(err.msg, "t.gaz: gazetteer is truncated"));
  assert_int_equal(sr_gazetteer_open_memory(buf, 20, "t.gaz", &g, &err),
                   SR_EFORMAT);
  /* a flipped byte in the payload */
  buf[len / 2] ^= 0x40;
  assert_int_equal(sr_gazetteer_open_memory(buf, len, "t.gaz", &g, &err),
                   SR_EFORMAT);
  assert_non_null(strstr(err.msg, "checksum"));
  buf[len / 2] ^= 0x40;
  /* another version */
  buf[8] = 9;
  assert_int_equal(sr_gazetteer_open_memory(buf, len, "t.gaz", &g, &err),
                   SR_EFORMAT);
  assert_non_null(strstr(err.msg, "version 9"));
  buf[8] = 1;
  /* not a gazetteer */
  assert_int_equal(sr_gazetteer_open_memory("hello", 5, "t.gaz", &g, &err),
                   SR_EFORMAT);
  assert_non_null(strstr(err.msg, "not a sitrep gazetteer"));
  assert_int_equal(sr_gazetteer_open_memory(buf, len, "t.gaz", &g, &err),
                   SR_OK);
  sr_gazetteer_free(g);
  free(buf);
  /* a truncated file on disk */
  fp = fopen(GAZ_PATH ".cut", "wb");
  assert_non_null(fp);
  fwrite("SRGAZ\r\n\x1a", 1, 8, fp);
  fclose(fp);
  assert_int_equal(sr_gazetteer_open(GAZ_PATH ".cut", &g, &err), SR_EFORMAT);
  assert_non_null(strstr(err.msg, GAZ_PATH ".cut"));
  assert_int_equal(sr_gazetteer_open(GAZ_PATH ".missing", &g, &err), SR_EIO);
  remove(GAZ_PATH ".raw");
  remove(GAZ_PATH ".cut");
  sr_gazetteer_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_keys),
      cmocka_unit_test(test_old_names),
      cmocka_unit_test(test_population_and_country),
      cmocka_unit_test(test_admin_context),
      cmocka_unit_test(test_document_country),
      cmocka_unit_test(test_not_places),
      cmocka_unit_test(test_event_location),
      cmocka_unit_test(test_main_place),
      cmocka_unit_test(test_file_errors),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
