package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// Headers of the hand-kept input files (exact, tab-separated).
var (
	overridesHeader   = []string{"iso3", "name", "add_aliases", "add_demonyms", "add_capitals", "drop_aliases"}
	statusHeader      = []string{"iso3", "iso2", "status"}
	cityKeepHeader    = []string{"name", "iso2"}
	cityAliasesHeader = []string{"name", "iso2", "english", "aliases"}
)

// File names of the hand-kept inputs, read from the data directory.
const (
	overridesFile   = "country_overrides.tsv"
	statusFile      = "country_status.tsv"
	stoplistFile    = "city_stoplist.txt"
	cityKeepFile    = "city_keep.tsv"
	cityAliasesFile = "city_aliases.tsv"
)

var (
	iso3RE = regexp.MustCompile(`^[A-Z]{3}$`)
	iso2RE = regexp.MustCompile(`^[A-Z]{2}$`)
)

// override is one row of country_overrides.tsv.
type override struct {
	where       string // file:line, for messages
	iso3        string
	name        string
	addAliases  []string
	addDemonyms []string
	addCapitals []string
	drop        []string
}

// statusEntry is one row of country_status.tsv: a state included although
// it is not a UN member in the source (or whose source flag is wrong, as
// world-countries marks the Holy See a member).
type statusEntry struct {
	where  string
	iso3   string
	iso2   string
	status string
}

type cityKey struct{ name, iso2 string }

// inputs holds every hand-kept table the generator applies.
type inputs struct {
	overrides   []override // file order
	status      []statusEntry
	stoplist    map[string]bool  // exact city names
	keep        map[cityKey]bool // towns kept whatever their population
	cityAliases map[cityKey][]string
	cityEnglish map[cityKey]string // English name replacing GeoNames' ("Cologne" for "Köln")
	aliasWhere  map[cityKey]string
}

// loadInputs reads the hand-kept tables from dir.
func loadInputs(dir string) (*inputs, error) {
	in := &inputs{
		stoplist:    map[string]bool{},
		keep:        map[cityKey]bool{},
		cityAliases: map[cityKey][]string{},
		cityEnglish: map[cityKey]string{},
		aliasWhere:  map[cityKey]string{},
	}
	path := filepath.Join(dir, overridesFile)
	rows, err := readTableFile(path, overridesHeader)
	if err != nil {
		return nil, err
	}
	seen := map[string]string{}
	for _, r := range rows {
		f := r.fields
		where := fmt.Sprintf("%s:%d", path, r.line)
		if !iso3RE.MatchString(f[0]) {
			return nil, fmt.Errorf("%s: iso3 %q is not three capital letters", where, f[0])
		}
		if prev, ok := seen[f[0]]; ok {
			return nil, fmt.Errorf("%s: %s already overridden at %s", where, f[0], prev)
		}
		seen[f[0]] = where
		in.overrides = append(in.overrides, override{
			where: where, iso3: f[0], name: clean(f[1]),
			addAliases: cleanList(splitList(f[2])), addDemonyms: cleanList(splitList(f[3])),
			addCapitals: cleanList(splitList(f[4])), drop: cleanList(splitList(f[5])),
		})
	}

	path = filepath.Join(dir, statusFile)
	rows, err = readTableFile(path, statusHeader)
	if err != nil {
		return nil, err
	}
	seenStatus := map[string]bool{}
	for _, r := range rows {
		f := r.fields
		where := fmt.Sprintf("%s:%d", path, r.line)
		if !iso3RE.MatchString(f[0]) {
			return nil, fmt.Errorf("%s: iso3 %q is not three capital letters", where, f[0])
		}
		if f[1] != "" && !iso2RE.MatchString(f[1]) {
			return nil, fmt.Errorf("%s: iso2 %q is not two capital letters", where, f[1])
		}
		switch f[2] {
		case "un", "observer", "other":
		default:
			return nil, fmt.Errorf("%s: status %q, want un, observer or other", where, f[2])
		}
		if seenStatus[f[0]] {
			return nil, fmt.Errorf("%s: %s listed twice", where, f[0])
		}
		seenStatus[f[0]] = true
		in.status = append(in.status, statusEntry{where: where, iso3: f[0], iso2: f[1], status: f[2]})
	}

	path = filepath.Join(dir, stoplistFile)
	lines, err := readLinesFile(path)
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		in.stoplist[l] = true
	}

	path = filepath.Join(dir, cityKeepFile)
	rows, err = readTableFile(path, cityKeepHeader)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if r.fields[0] == "" || !iso2RE.MatchString(r.fields[1]) {
			return nil, fmt.Errorf("%s:%d: want a name and a two-letter country code", path, r.line)
		}
		in.keep[cityKey{r.fields[0], r.fields[1]}] = true
	}

	path = filepath.Join(dir, cityAliasesFile)
	rows, err = readTableFile(path, cityAliasesHeader)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		f := r.fields
		where := fmt.Sprintf("%s:%d", path, r.line)
		if f[0] == "" || !iso2RE.MatchString(f[1]) {
			return nil, fmt.Errorf("%s: want a name and a two-letter country code", where)
		}
		k := cityKey{f[0], f[1]}
		if prev, ok := in.aliasWhere[k]; ok {
			return nil, fmt.Errorf("%s: %s (%s) already listed at %s", where, f[0], f[1], prev)
		}
		in.aliasWhere[k] = where
		in.cityEnglish[k] = clean(f[2])
		in.cityAliases[k] = cleanList(splitList(f[3]))
	}
	return in, nil
}

func cleanList(items []string) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		if c := clean(it); c != "" {
			out = uniq(out, c)
		}
	}
	return out
}

// dropSet builds a set of keys from a drop list.
func dropSet(items []string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, it := range items {
		m[key(it)] = true
	}
	return m
}

// words splits a name into lower-case folded words.
func words(s string) []string {
	return strings.FieldsFunc(key(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z') && !(r >= '0' && r <= '9') && r < 0x80
	})
}
