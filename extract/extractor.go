package extract

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/dipgraph/dipgraph/extract/article"
	"github.com/dipgraph/dipgraph/extract/lexicon"
)

// Version identifies the extractor's rules and lexicon; the loader stores
// it on each Article so `load --force` can tell what to re-extract.
const Version = "1.2.0"

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

// cueRef is one cue-lexicon entry: its family id (relation cue family,
// "title", "honorific", "proposal:<group>", ...), an index into
// Extractor.fams.
type cueRef struct {
	fam int
}

// Cue families the rules refer to get fixed ids so that a look-up is an
// integer compare (and a bit test) rather than a string compare; other
// families of cues.yaml (proposal groups, plural kinds, new relation
// families) get ids after these.
const (
	fTitle = iota
	fHonorific
	fReporting
	fMediateVerb
	fMediatePassive
	fMediateNoun
	fProposeVerb
	fProposePassive
	fProposeNoun
	fRejectVerb
	fRejectNoun
	fAcceptVerb
	fAcceptPassive
	fAcceptNoun
	fMeetVerb
	fMeetNoun
	fLeadPassive
	fLeadVerb
	fLeadNoun
	fVisitVerb
	fAttendVerb
	fJointVerb
	fRejectPassive
	nFixedFams
)

var fixedFams = [nFixedFams]string{"title", "honorific", "reporting", "mediate_verb", "mediate_passive", "mediate_noun",
	"propose_verb", "propose_passive", "propose_noun", "reject_verb", "reject_noun", "accept_verb", "accept_passive",
	"accept_noun", "meet_verb", "meet_noun", "lead_passive", "lead_verb", "lead_noun", "visit_verb", "attend_verb", "joint_verb", "reject_passive"}

// Word-set flags of a token (see Extractor.wflags and run.is).
const (
	wParticle uint32 = 1 << iota
	wNotName
	wNonLeader
	wHedge
	wDelegNoun
	wEvent
	wAnaphor
	wContainer
	wTitleMod
	wLeftBoundary
	wRightBoundary
	wConnector
	wSkipRight
	wDeterminer
	wPronounPerson
	wPlacePrep
	wPlaceNoun
	wPeopleNoun
	wNegation
	wNegGap
	wActorMod
)

// famKind says what a non-relation family is.
const (
	famRel = iota
	famProposal
	famPlural
)

// famInfo describes one cue family.
type famInfo struct {
	name  string
	kind  int
	group string // proposal group or plural kind
}

// famID returns the id of family name, adding it when new.
func (e *Extractor) famID(name string) int {
	if id, ok := e.famIDs[name]; ok {
		return id
	}
	id := len(e.fams)
	fi := famInfo{name: name}
	if g, ok := strings.CutPrefix(name, "proposal:"); ok {
		fi.kind, fi.group = famProposal, g
	} else if g, ok := strings.CutPrefix(name, "plural:"); ok {
		fi.kind, fi.group = famPlural, g
	}
	e.fams = append(e.fams, fi)
	e.famIDs[name] = id
	return id
}

// Extractor turns articles into article graphs. It is safe for concurrent
// use: all state built by New is read-only afterwards.
type Extractor struct {
	opts   Options
	lx     *lexicon.Lexicon
	names  *lexicon.Trie[nameRef]
	cues   *lexicon.Trie[cueRef]
	vocab  *lexicon.Vocab // token forms of trie keys and word sets
	wflags []uint32       // word-set flags (w*) per vocabulary id
	// notNamesLower: some not_names entry does not start with a capital,
	// so every token (not only capitalised ones) is looked up
	notNamesLower bool

	scratch sync.Pool // *scratch buffers reused across articles

	fams     []famInfo
	famIDs   map[string]int
	talksFam int // id of proposal:talks (-1 if absent)
	// cueAtPunct: some cue starts with punctuation, so cues are looked
	// for at every token, not only at words
	cueAtPunct bool

	capitalOf map[string]string // country -> first capital
	// known lists the lexicon's names for an entity, by type and canonical
	// name, so every Document carries them as aliases and the graph can
	// resolve "Türkiye" or "Erdogan" even where an article used another form
	known       map[string]map[string][]string
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
	ethnic      map[string]bool             // second parts of ethnic compounds ("Greek-Cypriot")
	starters    map[string]bool             // not_names that may start a sentence after "U.S." (not titles)
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
		vocab:     lexicon.NewVocab(),
		capitalOf: map[string]string{}, countrySet: map[string]bool{}, orgKind: map[string]string{},
		famIDs: map[string]int{},
	}
	for _, f := range fixedFams {
		e.famID(f)
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
		e.names.Add(e.vocab.InternAll(lexicon.Key(form)), r)
	}
	e.known = map[string]map[string][]string{}
	know := func(typ, name string, forms ...string) {
		m := e.known[typ]
		if m == nil {
			m = map[string][]string{}
			e.known[typ] = m
		}
		for _, f := range forms {
			if f != "" && f != name {
				m[name] = append(m[name], f)
			}
		}
	}
	for _, c := range lx.Countries {
		know(TypeCountry, c.Name, append([]string{c.Official}, c.Aliases...)...)
	}
	for _, c := range lx.Cities {
		know(TypeVenue, c.Name, append([]string{c.ASCII}, c.Aliases...)...)
	}
	for _, v := range lx.Venues {
		know(TypeVenue, v.Name, v.Aliases...)
	}
	for _, o := range lx.Orgs {
		know(TypeOrganization, o.Name, o.Aliases...)
	}
	for _, a := range lx.Actors {
		know(TypeLeader, a.Name, a.Aliases...)
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
	addCues := func(fam string, phrases []string) {
		id := e.famID(fam)
		for _, p := range phrases {
			toks := lexicon.Tokenize(p)
			if len(toks) > 0 && !toks[0].Word {
				e.cueAtPunct = true
			}
			e.cues.Add(e.vocab.InternAll(lexicon.LowerKey(p)), cueRef{fam: id})
		}
	}
	for _, fam := range sortedKeys(c.Families) {
		addCues(fam, c.Families[fam])
	}
	for _, group := range sortedKeys(c.Proposals) {
		addCues("proposal:"+group, c.Proposals[group])
	}
	addCues("title", c.Titles)
	addCues("honorific", c.Honorifics)
	for _, kind := range sortedKeys(c.Plurals) {
		addCues("plural:"+kind, c.Plurals[kind])
	}
	addCues("reporting", c.Reporting)
	e.talksFam = -1
	if id, ok := e.famIDs["proposal:talks"]; ok {
		e.talksFam = id
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
	e.ethnic = set(c.EthnicCompounds, true)
	// "U.S. President X": a title after an abbreviation does not start a
	// new sentence, other capitalised function words do ("... the U.S. The")
	titles := set(c.Titles, true)
	e.starters = map[string]bool{}
	for w := range e.notNames {
		if !titles[strings.ToLower(lexicon.Fold(w))] {
			e.starters[w] = true
		}
	}
	e.hyphen = map[string]string{}
	for k, v := range c.Hyphen {
		e.hyphen[strings.ToLower(k)] = v
	}
	// word-set flags per vocabulary id, so that a token's sets are one
	// array look-up
	flagSets := []struct {
		flag uint32
		set  map[string]bool
	}{
		{wParticle, e.particles}, {wNonLeader, e.nonLeaders}, {wHedge, e.hedges}, {wDelegNoun, e.delegNouns},
		{wEvent, e.events}, {wAnaphor, e.anaphors}, {wContainer, e.containers}, {wTitleMod, e.titleMods},
		{wLeftBoundary, leftBoundary}, {wRightBoundary, rightBoundary}, {wConnector, connectors},
		{wSkipRight, skipRight}, {wDeterminer, determiners}, {wPronounPerson, pronounsPerson},
		{wPlacePrep, placePreps}, {wPlaceNoun, placeNouns}, {wPeopleNoun, peopleNouns},
		{wNegation, set(c.Negations, true)}, {wNegGap, set(c.NegationGap, true)},
		{wActorMod, set(c.ActorModifiers, true)},
	}
	for _, fs := range flagSets {
		for w, ok := range fs.set {
			if ok {
				e.vocab.Intern(w)
			}
		}
	}
	e.wflags = make([]uint32, e.vocab.Len())
	for _, fs := range flagSets {
		for w, ok := range fs.set {
			if ok {
				e.wflags[e.vocab.ID(w)] |= fs.flag
			}
		}
	}
	for w := range e.notNames {
		if r, _ := firstRune(w); !unicode.IsUpper(r) {
			e.notNamesLower = true
		}
	}
	return e, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
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
	if len(a.Text) > windowBytes {
		ents, rels, err := e.extractWindows(ctx, a)
		if err != nil {
			return Document{}, err
		}
		doc.Entities, doc.Relations = ents, rels
	} else {
		r := newRun(e, a)
		r.process()
		doc.Entities, doc.Relations = r.output()
		r.release()
	}
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
