package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

var countriesHeader = []string{"name", "official", "iso2", "iso3", "status", "aliases", "demonyms", "capitals"}

// country is one output row of countries.tsv plus what the city pass needs.
type country struct {
	Name, Official, ISO2, ISO3, Status string
	Aliases, Demonyms, Capitals        []string

	// capitalCities are the capital names used to flag cities, before the
	// metonym column's drops (Victoria is Seychelles' capital even though
	// "Victoria" is no metonym).
	capitalCities []string
	// explicit holds the keys of forms added by the override table; they
	// win over source forms when two countries claim the same name.
	explicit map[string]bool
}

// codeRE matches ISO-like codes and acronyms ("US", "U.S.", "DPRK"): the
// source's are all dropped; the override table adds back the few that news
// writes for the country.
var codeRE = regexp.MustCompile(`^(?:[A-Z]\.?){1,5}$`)

// report collects the generator's notes for stderr.
type report struct {
	verbose bool
	notes   []string
}

func (r *report) notef(format string, a ...any) { r.notes = append(r.notes, fmt.Sprintf(format, a...)) }

func (r *report) debugf(format string, a ...any) {
	if r.verbose {
		r.notef(format, a...)
	}
}

// buildCountries applies the status and override tables to the source.
func buildCountries(src []wcCountry, in *inputs, rep *report) ([]*country, error) {
	byISO3 := map[string]*wcCountry{}
	for i := range src {
		byISO3[src[i].CCA3] = &src[i]
	}
	status := map[string]statusEntry{}
	for _, s := range in.status {
		status[s.iso3] = s
	}
	ovr := map[string]override{}
	for _, o := range in.overrides {
		ovr[o.iso3] = o
	}

	// Included: every source UN member, plus every entry of the status table.
	var iso3s []string
	for _, c := range src {
		if _, ok := status[c.CCA3]; c.UNMember || ok {
			iso3s = append(iso3s, c.CCA3)
		}
	}
	for _, s := range in.status {
		if _, ok := byISO3[s.iso3]; !ok {
			iso3s = append(iso3s, s.iso3)
		}
	}
	included := map[string]bool{}
	for _, c := range iso3s {
		included[c] = true
	}
	for _, o := range in.overrides {
		if !included[o.iso3] {
			return nil, fmt.Errorf("%s: %s is neither a UN member in the source nor listed in %s", o.where, o.iso3, statusFile)
		}
	}

	// The English vocabulary that source alternative spellings must be
	// made of: words of the included states' English short and official
	// names and of the override table. It keeps "Republic of Korea",
	// "Burma"-free lists and drops "Bundesrepublik Deutschland".
	vocab := map[string]bool{}
	addVocab := func(s string) {
		for _, w := range words(s) {
			vocab[w] = true
		}
	}
	for _, iso3 := range iso3s {
		if c := byISO3[iso3]; c != nil {
			addVocab(c.Name.Common)
			addVocab(c.Name.Official)
		}
		if o, ok := ovr[iso3]; ok {
			addVocab(o.name)
			for _, a := range o.addAliases {
				addVocab(a)
			}
		}
	}

	var out []*country
	for _, iso3 := range iso3s {
		c := &country{ISO3: iso3, Status: "un", explicit: map[string]bool{}}
		src := byISO3[iso3]
		o, hasOvr := ovr[iso3]
		if s, ok := status[iso3]; ok {
			c.Status = s.status
			c.ISO2 = s.iso2
		}
		if src != nil {
			c.Name = clean(src.Name.Common)
			c.Official = clean(src.Name.Official)
			if c.ISO2 == "" {
				c.ISO2 = src.CCA2
			}
		}
		if hasOvr && o.name != "" {
			c.Name = o.name
		}
		if c.Name == "" {
			return nil, fmt.Errorf("%s: %s is not in the source; give it a name in %s", status[iso3].where, iso3, overridesFile)
		}
		drop := map[string]bool{}
		if hasOvr {
			drop = dropSet(o.drop)
		}
		nameKey := key(c.Name)
		keep := func(list []string, v string) []string {
			v = clean(v)
			if v == "" || key(v) == nameKey || drop[key(v)] {
				return list
			}
			return uniq(list, v)
		}

		// Aliases: the source's common and official names, its English
		// alternative spellings, then the override's additions.
		if src != nil {
			c.Aliases = keep(c.Aliases, src.Name.Common)
			c.Aliases = keep(c.Aliases, src.Name.Official)
			native := map[string]bool{}
			for lang, n := range src.Name.Native {
				if lang != "eng" {
					native[key(n.Common)] = true
					native[key(n.Official)] = true
				}
			}
			for _, alt := range src.AltSpellings {
				if why := rejectAlt(alt, native, vocab); why != "" {
					rep.debugf("%s: dropped source alias %q: %s", iso3, alt, why)
					continue
				}
				c.Aliases = keep(c.Aliases, strings.TrimPrefix(strings.TrimPrefix(alt, "The "), "the "))
			}
		}
		if hasOvr {
			for _, a := range o.addAliases {
				c.Aliases = keep(c.Aliases, a)
				c.explicit[key(a)] = true
			}
		}

		// Demonyms: the source's English forms ("Antiguan, Barbudan" and
		// "Kittitian or Nevisian" are two each), the override's, and
		// plurals of those ending in -an or -i (Ukrainians, Israelis).
		var dem []string
		if src != nil {
			if d, ok := src.Demonyms["eng"]; ok {
				dem = append(dem, splitDemonym(d.M)...)
				dem = append(dem, splitDemonym(d.F)...)
			}
		}
		if hasOvr {
			dem = append(dem, o.addDemonyms...)
			for _, d := range o.addDemonyms {
				c.explicit[key(d)] = true
				if p := plural(d); p != "" {
					c.explicit[key(p)] = true
				}
			}
		}
		for _, d := range dem {
			c.Demonyms = keep(c.Demonyms, d)
		}
		// Plurals only of the demonyms kept: "Djibouti" (the name) has none.
		for _, d := range c.Demonyms {
			if p := plural(d); p != "" {
				c.Demonyms = keep(c.Demonyms, p)
			}
		}

		// Capitals used as metonyms.
		var caps []string
		if src != nil {
			caps = append(caps, src.Capital...)
		}
		if hasOvr {
			caps = append(caps, o.addCapitals...)
			for _, k := range o.addCapitals {
				c.explicit[key(k)] = true
			}
		}
		for _, k := range caps {
			c.capitalCities = uniq(c.capitalCities, clean(k))
			c.Capitals = keep(c.Capitals, k)
		}

		// A form is listed once per row: demonyms and capitals win over
		// aliases ("Saudi" is a demonym, "Djibouti" a capital).
		c.Aliases = without(c.Aliases, c.Demonyms, c.Capitals)
		if key(c.Official) == nameKey {
			c.Official = ""
		}
		out = append(out, c)
	}
	resolveConflicts(out, rep)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	for i := 1; i < len(out); i++ {
		if out[i].Name == out[i-1].Name {
			return nil, fmt.Errorf("two states named %q (%s, %s)", out[i].Name, out[i-1].ISO3, out[i].ISO3)
		}
	}
	return out, nil
}

// rejectAlt says why a source alternative spelling is not kept as an alias,
// or "" to keep it.
func rejectAlt(alt string, native, vocab map[string]bool) string {
	switch {
	case codeRE.MatchString(strings.ReplaceAll(alt, " ", "")):
		return "code or acronym (the override table adds those news uses)"
	case strings.Contains(alt, ","):
		return "inverted ISO form"
	case strings.ContainsAny(alt, "()"):
		return "parenthesised qualifier"
	case !isLatin(alt):
		return "not Latin script"
	case native[key(alt)]:
		return "native name"
	}
	for _, w := range words(alt) {
		if !vocab[w] {
			return fmt.Sprintf("word %q is not English-name vocabulary", w)
		}
	}
	return ""
}

func splitDemonym(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, " or ", ","), ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// plural gives the plural noun of a demonym ending in -an or -i
// ("Ukrainian" → "Ukrainians", "Israeli" → "Israelis"), else "".
func plural(d string) string {
	if strings.HasSuffix(d, "an") || strings.HasSuffix(d, "i") {
		return d + "s"
	}
	return ""
}

// without returns list minus the items whose key is in any of the others.
func without(list []string, others ...[]string) []string {
	bad := map[string]bool{}
	for _, o := range others {
		for _, v := range o {
			bad[key(v)] = true
		}
	}
	out := list[:0:0]
	for _, v := range list {
		if !bad[key(v)] {
			out = append(out, v)
		}
	}
	return out
}

// resolveConflicts makes every surface form denote one state. A canonical
// name always wins. Otherwise a form that the override table gave to one
// state stays with it; a form still claimed by several states ("Korean",
// "Dominican") is dropped from all of them, since it cannot tell them apart.
func resolveConflicts(list []*country, rep *report) {
	names := map[string]string{}
	for _, c := range list {
		names[key(c.Name)] = c.ISO3
	}
	claims := map[string][]string{}
	for _, c := range list {
		seen := map[string]bool{}
		for _, v := range append(append(append([]string{}, c.Aliases...), c.Demonyms...), c.Capitals...) {
			k := key(v)
			if !seen[k] {
				seen[k] = true
				claims[k] = append(claims[k], c.ISO3)
			}
		}
	}
	byISO3 := map[string]*country{}
	for _, c := range list {
		byISO3[c.ISO3] = c
	}
	keys := make([]string, 0, len(claims))
	for k := range claims {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		owners := claims[k]
		if owner, ok := names[k]; ok {
			for _, iso3 := range owners {
				if iso3 != owner {
					rep.notef("conflict: %q is the name of %s; dropped from %s", k, owner, iso3)
					byISO3[iso3].dropKey(k)
				}
			}
			continue
		}
		if len(owners) < 2 {
			continue
		}
		var explicit []string
		for _, iso3 := range owners {
			if byISO3[iso3].explicit[k] {
				explicit = append(explicit, iso3)
			}
		}
		for _, iso3 := range owners {
			if len(explicit) == 1 && explicit[0] == iso3 {
				continue
			}
			byISO3[iso3].dropKey(k)
		}
		if len(explicit) == 1 {
			rep.notef("conflict: %q claimed by %s; kept for %s (override)", k, strings.Join(owners, ","), explicit[0])
		} else {
			rep.notef("conflict: %q claimed by %s; dropped from all", k, strings.Join(owners, ","))
		}
	}
}

func (c *country) dropKey(k string) {
	f := func(list []string) []string {
		out := list[:0:0]
		for _, v := range list {
			if key(v) != k {
				out = append(out, v)
			}
		}
		return out
	}
	c.Aliases, c.Demonyms, c.Capitals = f(c.Aliases), f(c.Demonyms), f(c.Capitals)
}

// countryRows renders countries.tsv rows.
func countryRows(list []*country) [][]string {
	rows := make([][]string, 0, len(list))
	for _, c := range list {
		rows = append(rows, []string{c.Name, c.Official, c.ISO2, c.ISO3, c.Status,
			joinList(c.Aliases), joinList(c.Demonyms), joinList(c.Capitals)})
	}
	return rows
}
