package extract

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/dipgraph/dipgraph/extract/article"
	"github.com/dipgraph/dipgraph/extract/lexicon"
)

// Version identifies the extractor's rules and lexicon; the loader stores
// it on each Article so `load --force` can tell what to re-extract.
const Version = "1.0.0"

// Options configure an Extractor.
type Options struct {
	// LexiconDir holds files overriding the embedded lexicon data
	// (countries.tsv, cities.tsv, venues.tsv, organizations.tsv,
	// metonyms.tsv, city_stoplist.txt, actors.yaml, cues.yaml).
	LexiconDir string
	// MinConfidence drops relations below this confidence.
	MinConfidence float64
}

// name kinds found by the gazetteer trie
type nkind uint8

const (
	nkCountry nkind = iota + 1
	nkDemonym
	nkCapital
	nkCity
	nkVenue
	nkOrg
	nkMedia
	nkActor
	nkMetonym
)

// nameRef is one gazetteer entry a surface form points to.
type nameRef struct {
	kind    nkind
	name    string // canonical name (country, city, venue, org, actor)
	country string // country of a city/venue/capital/metonym/actor
	actor   *lexicon.Actor
}

// cueRef is one cue-lexicon entry: its family (relation cue family,
// "title", "honorific", "proposal:<group>", ...).
type cueRef struct {
	family string
}

// Extractor turns articles into article graphs. It is safe for concurrent
// use: all state built by New is read-only afterwards.
type Extractor struct {
	opts  Options
	lx    *lexicon.Lexicon
	names *lexicon.Trie[nameRef]
	cues  *lexicon.Trie[cueRef]

	capitalOf   map[string]string // country -> first capital
	countrySet  map[string]bool
	orgKind     map[string]string
	particles   map[string]bool
	notNames    map[string]bool
	nonLeaders  map[string]bool
	reporting   map[string]bool
	hedges      map[string]bool
	delegNouns  map[string]bool
	events      map[string]bool
	hyphen      map[string]string
	anaphors    map[string]bool
	containers  map[string]bool
	titleMods   map[string]bool
	personFirst map[string][]*lexicon.Actor // folded last token -> actors
}

// New loads the lexicon (embedded data, overridden by opts.LexiconDir) and
// builds the look-up structures once.
func New(opts Options) (*Extractor, error) {
	lx, err := lexicon.Load(opts.LexiconDir)
	if err != nil {
		return nil, fmt.Errorf("load lexicon: %w", err)
	}
	e := &Extractor{
		opts: opts, lx: lx,
		names:     lexicon.NewTrie[nameRef](),
		cues:      lexicon.NewTrie[cueRef](),
		capitalOf: map[string]string{}, countrySet: map[string]bool{}, orgKind: map[string]string{},
	}
	addName := func(form string, r nameRef) {
		form = strings.TrimSpace(form)
		if form == "" {
			return
		}
		first, _ := firstRune(form)
		if !unicode.IsUpper(first) && !unicode.IsDigit(first) && r.kind != nkOrg && r.kind != nkActor {
			return // lower-case aliases ("sultanate") are not names
		}
		e.names.Add(lexicon.Key(form), r)
	}
	for _, c := range lx.Countries {
		e.countrySet[c.Name] = true
		ref := nameRef{kind: nkCountry, name: c.Name, country: c.Name}
		addName(c.Name, ref)
		if c.Official != "" {
			addName(c.Official, ref)
		}
		for _, a := range c.Aliases {
			addName(a, ref)
		}
		for _, d := range c.Demonyms {
			addName(d, nameRef{kind: nkDemonym, name: c.Name, country: c.Name})
		}
		for i, cap := range c.Capitals {
			if i == 0 {
				e.capitalOf[c.Name] = cap
			}
			addName(cap, nameRef{kind: nkCapital, name: cap, country: c.Name})
		}
	}
	for _, c := range lx.Cities {
		if lx.CityStop[c.Name] {
			continue
		}
		ref := nameRef{kind: nkCity, name: c.Name, country: c.Country}
		if c.Capital {
			ref.kind = nkCapital
		}
		addName(c.Name, ref)
		if c.ASCII != "" && c.ASCII != c.Name {
			addName(c.ASCII, ref)
		}
		for _, a := range c.Aliases {
			addName(a, ref)
		}
	}
	for _, v := range lx.Venues {
		ref := nameRef{kind: nkVenue, name: v.Name, country: v.Country}
		addName(v.Name, ref)
		for _, a := range v.Aliases {
			addName(a, ref)
		}
	}
	for _, o := range lx.Orgs {
		k := nkOrg
		if o.Kind == "media" {
			k = nkMedia
		}
		e.orgKind[o.Name] = o.Kind
		ref := nameRef{kind: k, name: o.Name, country: o.Country}
		addName(o.Name, ref)
		for _, a := range o.Aliases {
			addName(a, ref)
		}
	}
	for n, c := range lx.Metonyms {
		addName(n, nameRef{kind: nkMetonym, name: n, country: c})
	}
	e.personFirst = map[string][]*lexicon.Actor{}
	for i := range lx.Actors {
		a := &lx.Actors[i]
		ref := nameRef{kind: nkActor, name: a.Name, country: a.Country, actor: a}
		addName(a.Name, ref)
		for _, al := range a.Aliases {
			addName(al, ref)
		}
	}
	c := lx.Cues
	for fam, phrases := range c.Families {
		for _, p := range phrases {
			e.cues.Add(lexicon.LowerKey(p), cueRef{family: fam})
		}
	}
	for group, phrases := range c.Proposals {
		for _, p := range phrases {
			e.cues.Add(lexicon.LowerKey(p), cueRef{family: "proposal:" + group})
		}
	}
	for _, p := range c.Titles {
		e.cues.Add(lexicon.LowerKey(p), cueRef{family: "title"})
	}
	for _, p := range c.Honorifics {
		e.cues.Add(lexicon.LowerKey(p), cueRef{family: "honorific"})
	}
	for kind, phrases := range c.Plurals {
		for _, p := range phrases {
			e.cues.Add(lexicon.LowerKey(p), cueRef{family: "plural:" + kind})
		}
	}
	for _, p := range c.Reporting {
		e.cues.Add(lexicon.LowerKey(p), cueRef{family: "reporting"})
	}
	set := func(list []string, lower bool) map[string]bool {
		m := make(map[string]bool, len(list))
		for _, w := range list {
			if lower {
				w = strings.ToLower(lexicon.Fold(w))
			}
			m[w] = true
		}
		return m
	}
	e.particles = set(c.Particles, true)
	e.notNames = set(c.NotNames, false)
	e.nonLeaders = set(c.NonLeaders, true)
	e.reporting = set(c.Reporting, true)
	e.hedges = set(c.Hedges, true)
	e.delegNouns = set(c.Delegations, true)
	e.events = set(c.Events, true)
	e.anaphors = set(c.Anaphors, true)
	e.containers = set(c.Containers, true)
	e.titleMods = set(c.TitleModifiers, true)
	e.hyphen = map[string]string{}
	for k, v := range c.Hyphen {
		e.hyphen[strings.ToLower(k)] = v
	}
	return e, nil
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, 0
	}
	return 0, 0
}

// Extract builds the article graph of a.
func (e *Extractor) Extract(ctx context.Context, a article.Article) (Document, error) {
	if err := ctx.Err(); err != nil {
		return Document{}, err
	}
	doc := Document{Article: Meta(a), Entities: []Entity{}, Relations: []Relation{}}
	r := newRun(e, a)
	r.process()
	doc.Entities, doc.Relations = r.output()
	doc.Sort()
	return doc, nil
}

// Meta returns the SPEC.md article block for a.
func Meta(a article.Article) ArticleMeta {
	m := ArticleMeta{ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source, ContentHash: article.ContentHash(a.Text), Extractor: Version}
	if d := a.DateString(); d != "" {
		m.Date = &d
	}
	return m
}
