package main

import (
	"sort"
	"strconv"
)

var citiesHeader = []string{"name", "ascii", "country", "iso2", "population", "capital", "aliases"}

type city struct {
	gnCity
	country string
	capital bool
	kept    bool
	aliases []string
}

// buildCities selects the GeoNames cities for cities.tsv:
//   - population ≥ minPop, every capital, and every town in city_keep.tsv;
//   - minus names in city_stoplist.txt (common words, first names), unless kept;
//   - minus names that are a state's name, alias or demonym, unless the city
//     is that state's capital ("Singapore", "Djibouti") or kept;
//   - one row per name and country: the most populous;
//   - a capital, a kept town or a city given English names in
//     city_aliases.tsv shadows other countries' cities of the same name
//     ("Washington" in England, "Bethlehem" in South Africa), which would
//     otherwise be read in their place.
//
// city_aliases.tsv may replace GeoNames' local name by the English one
// ("Köln" → "Cologne"); the local name then becomes an alias.
//
// The country column is the canonical name from countries.tsv, or for a
// territory outside it (Hong Kong, Puerto Rico) the source's short name.
func buildCities(cities []gnCity, countries []*country, src []wcCountry, in *inputs, minPop int64, rep *report) [][]string {
	byISO2 := map[string]*country{}
	for _, c := range countries {
		if c.ISO2 != "" {
			byISO2[c.ISO2] = c
		}
	}
	territory := map[string]string{}
	for _, s := range src {
		territory[s.CCA2] = clean(s.Name.Common)
	}
	// Every surface form of a state, for the "a city is not a country" rule.
	stateForms := map[string]bool{}
	for _, c := range countries {
		stateForms[key(c.Name)] = true
		for _, l := range [][]string{c.Aliases, c.Demonyms} {
			for _, v := range l {
				stateForms[key(v)] = true
			}
		}
	}
	capitals := map[string]map[string]bool{} // iso2 → capital keys
	for _, c := range countries {
		if c.ISO2 == "" {
			continue
		}
		m := map[string]bool{}
		for _, k := range c.capitalCities {
			m[key(k)] = true
		}
		capitals[c.ISO2] = m
	}

	best := map[cityKey]*city{}
	var order []cityKey
	for _, g := range cities {
		name := clean(g.Name)
		k := cityKey{name, g.CountryCode}
		english := in.cityEnglish[k]
		isCap := capitals[g.CountryCode][key(name)] || (english != "" && capitals[g.CountryCode][key(english)])
		kept := in.keep[k] || (english != "" && in.keep[cityKey{english, g.CountryCode}])
		if g.Population < minPop && !isCap && !kept {
			continue
		}
		final := name
		if english != "" {
			final = english
		}
		if in.stoplist[final] && !kept {
			rep.debugf("city %s (%s): on the stop-list", name, g.CountryCode)
			continue
		}
		if (stateForms[key(name)] || (english != "" && stateForms[key(english)])) && !isCap && !kept {
			rep.debugf("city %s (%s): names a state", name, g.CountryCode)
			continue
		}
		if b, ok := best[k]; ok {
			// Same name twice in one country: keep the most populous, or on
			// a tie the lower geonameid (input is sorted by it).
			if g.Population > b.Population {
				b.GeonameID, b.Population = g.GeonameID, g.Population
			}
			b.capital = b.capital || isCap
			continue
		}
		ctry := territory[g.CountryCode]
		if c := byISO2[g.CountryCode]; c != nil {
			ctry = c.Name
		}
		if ctry == "" {
			rep.notef("city %s: country code %s unknown; skipped", name, g.CountryCode)
			continue
		}
		c := &city{gnCity: g, country: ctry, capital: isCap, kept: kept}
		c.Name = name
		if english != "" && english != name {
			c.Name = english
			if !in.stoplist[name] {
				c.aliases = []string{name}
			}
		}
		for _, a := range in.cityAliases[k] {
			if a != c.Name {
				c.aliases = uniq(c.aliases, a)
			}
		}
		best[k] = c
		order = append(order, k)
	}

	// Names of the entries that shadow others.
	owner := map[string]map[string]bool{} // name → iso2s
	claim := func(name, iso2 string) {
		if owner[name] == nil {
			owner[name] = map[string]bool{}
		}
		owner[name][iso2] = true
	}
	for _, k := range order {
		c := best[k]
		_, named := in.aliasWhere[k]
		if c.capital || c.kept || named {
			claim(c.Name, k.iso2)
			for _, a := range c.aliases {
				claim(a, k.iso2)
			}
		}
	}
	list := make([]*city, 0, len(order))
	for _, k := range order {
		c := best[k]
		if o := owner[c.Name]; o != nil && !o[k.iso2] {
			rep.debugf("city %s (%s): shadowed by the %s of another country", c.Name, k.iso2, c.Name)
			continue
		}
		list = append(list, c)
	}

	for _, k := range sortedKeys(in.aliasWhere) {
		if _, ok := best[k]; !ok {
			rep.notef("%s: city %s (%s) not in the output; line unused", in.aliasWhere[k], k.name, k.iso2)
		}
	}
	for _, k := range sortedKeys(in.keep) {
		if _, ok := best[k]; !ok {
			rep.notef("%s: %s (%s) not in the cities source", cityKeepFile, k.name, k.iso2)
		}
	}
	for _, c := range countries {
		found := false
		for _, k := range order {
			if k.iso2 == c.ISO2 && best[k].capital {
				found = true
				break
			}
		}
		if !found && c.ISO2 != "" {
			rep.notef("capital of %s (%v) not found among cities", c.Name, c.capitalCities)
		}
	}

	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.Population != b.Population {
			return a.Population > b.Population
		}
		return a.CountryCode < b.CountryCode
	})
	rows := make([][]string, 0, len(list))
	for _, c := range list {
		capital := "no"
		if c.capital {
			capital = "yes"
		}
		ascii := fold(c.Name)
		if in.stoplist[ascii] {
			// "Malé" folds to "Male", a stop-listed word: no ASCII form.
			ascii = ""
		}
		rows = append(rows, []string{c.Name, ascii, c.country, c.CountryCode,
			strconv.FormatInt(c.Population, 10), capital, joinList(c.aliases)})
	}
	return rows
}

func sortedKeys[V any](m map[cityKey]V) []cityKey {
	keys := make([]cityKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].name != keys[j].name {
			return keys[i].name < keys[j].name
		}
		return keys[i].iso2 < keys[j].iso2
	})
	return keys
}
