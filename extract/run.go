package extract

import (
	"sort"
	"strings"
	"unicode"

	"github.com/dipgraph/dipgraph/extract/article"
	"github.com/dipgraph/dipgraph/extract/lexicon"
)

// mention kinds
type mkind uint8

const (
	mkCountry mkind = iota + 1 // a state by name, official name or alias
	mkDemonym                  // "Turkish", "Iranians"
	mkCapital                  // a capital: metonym ("Moscow said") or venue
	mkPlace                    // a city, venue or unknown place name
	mkMetonym                  // "Kremlin", "White House"
	mkOrg
	mkMedia // news agencies: recognised so they are never actors
	mkPerson
	mkDeleg
	mkPlural // "the two countries": a group reference
	mkNonLeader
	mkProposal // a named proposal ("Declaration of Principles")
)

// ment is one mention: a token range and what it refers to.
type ment struct {
	a, b   int
	kind   mkind
	ref    nameRef
	place  *nameRef // place sense of the same surface form, if any
	ent    *ent     // the actor or venue entity it names
	poss   bool     // followed by 's
	group  []*ent   // for plural references
	si     int      // index into run.sents
	venue  bool     // resolved as a venue
	dateln bool     // dateline
	mod    bool     // modifies a following title or noun ("Russian President X")
}

// ent is one entity of the article graph under construction.
type ent struct {
	typ, name, country, title string
	aliases                   map[string]bool
	mentions                  int
	first                     int
	group                     string   // proposal synonym group
	toks                      []string // person name tokens (folded)
	actor                     *lexicon.Actor
	countrySrc                int // strength of the country evidence
	kept                      bool
}

type rel struct {
	typ      string
	src, dst *ent
	conf     float64
	si       int
}

type run struct {
	e        *Extractor
	a        article.Article
	text     string
	titleEnd int
	toks     []lexicon.Token
	sents    []sentence
	sentOf   []int // token -> sentence index
	at       []*ment
	ments    []*ment
	cueAt    [][]lexicon.Prefix[cueRef]
	ents     map[string]*ent
	order    []*ent
	rels     map[string]*rel
	relOrder []*rel
	date     string

	lastProposal *ent
	mainParties  []*ent
	mediators    map[*ent]bool
	dateline     *ment
	pcands       []*pcand
	corefOf      map[*pcand]*pcand
	parts        map[int][]*ent // participants of events per sentence
	lastPerson   *ent
	lastActor    *ent
	extraDeleg   []*ment
	evCache      map[int]string
	hedgeCache   []int8 // 0 unknown, 1 no, 2 yes
	eventCache   []int8
}

func newRun(e *Extractor, a article.Article) *run {
	r := &run{e: e, a: a, ents: map[string]*ent{}, rels: map[string]*rel{}, date: a.DateString(), mediators: map[*ent]bool{}, corefOf: map[*pcand]*pcand{}, parts: map[int][]*ent{}}
	body := a.Text
	title := strings.TrimSpace(a.Title)
	if title != "" && !strings.Contains(firstN(body, 600), strings.TrimRight(firstN(title, 80), ".")) {
		r.text = title + "\n\n" + body
		r.titleEnd = len(title)
	} else {
		r.text = body
	}
	return r
}

func firstN(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func (r *run) process() {
	r.toks = lexicon.Tokenize(r.text)
	r.sents = splitSentences(r.text, r.toks, r.titleEnd, r.e.notNames)
	r.sentOf = make([]int, len(r.toks))
	for si, s := range r.sents {
		for i := s.a; i < s.b; i++ {
			r.sentOf[i] = si
		}
	}
	r.hedgeCache = make([]int8, len(r.sents))
	r.eventCache = make([]int8, len(r.sents))
	r.evCache = map[int]string{}
	r.at = make([]*ment, len(r.toks))
	r.cueAt = make([][]lexicon.Prefix[cueRef], len(r.toks))
	n := len(r.toks)
	lowerGet := func(i int) string { return r.toks[i].Lower }
	for i := 0; i < n; i++ {
		r.cueAt[i] = r.e.cues.MatchAll(n, i, lowerGet)
	}
	r.findNames()
	r.findPeople()
	r.findDelegations()
	r.resolvePlaces()
	r.findNamedProposals()
	r.countMentions()
	r.findMainParties()
	r.plurals()
	for si := range r.sents {
		r.relations(si)
	}
	r.represents()
}

// ---------- token helpers

func (r *run) low(i int) string {
	if i < 0 || i >= len(r.toks) {
		return ""
	}
	return r.toks[i].Lower
}

// cue returns the length of the longest match of family fam at token i.
func (r *run) cue(i int, fam string) int {
	if i < 0 || i >= len(r.toks) {
		return 0
	}
	best := 0
	for _, p := range r.cueAt[i] {
		for _, v := range p.Vals {
			if v.family == fam && p.Len > best {
				best = p.Len
			}
		}
	}
	return best
}

// cuePrefix returns the family (with the given prefix) and length of the
// longest match at i.
func (r *run) cuePrefix(i int, prefix string) (string, int) {
	if i < 0 || i >= len(r.toks) {
		return "", 0
	}
	fam, best := "", 0
	for _, p := range r.cueAt[i] {
		for _, v := range p.Vals {
			if strings.HasPrefix(v.family, prefix) && p.Len > best {
				fam, best = v.family, p.Len
			}
		}
	}
	return fam, best
}

func (r *run) sentStart(i int) bool {
	for _, s := range r.sents {
		if s.a == i {
			return true
		}
	}
	return false
}

// mentAt is the mention covering token i, nil outside the text.
func (r *run) mentAt(i int) *ment {
	if i < 0 || i >= len(r.at) {
		return nil
	}
	return r.at[i]
}

func (r *run) isCap(i int) bool { return i >= 0 && i < len(r.toks) && r.toks[i].IsCap() }

func (r *run) addMent(m *ment) {
	for i := m.a; i < m.b; i++ {
		if old := r.mentAt(i); old != nil && old != m {
			r.dropMent(old)
		}
	}
	for i := m.a; i < m.b; i++ {
		r.at[i] = m
	}
	m.si = r.sentOf[m.a]
	r.ments = append(r.ments, m)
}

func (r *run) dropMent(m *ment) {
	for i := m.a; i < m.b; i++ {
		if r.mentAt(i) == m {
			r.at[i] = nil
		}
	}
	for k, x := range r.ments {
		if x == m {
			r.ments = append(r.ments[:k], r.ments[k+1:]...)
			break
		}
	}
}

func (r *run) sortMents() {
	sort.Slice(r.ments, func(i, j int) bool { return r.ments[i].a < r.ments[j].a })
}

// ---------- entities

func entKey(typ, name string) string { return typ + "\x00" + normName(name) }

// normName is the scoring normalisation of SPEC.md: lower case, no
// diacritics or punctuation, no leading "the".
func normName(s string) string {
	f := strings.ToLower(lexicon.Fold(s))
	var b strings.Builder
	space := false
	for _, c := range f {
		switch {
		case c == '.':
			continue
		case unicode.IsLetter(c) || unicode.IsDigit(c) || c == '_':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(c)
		default:
			space = true
		}
	}
	out := b.String()
	return strings.TrimPrefix(out, "the ")
}

func (r *run) entity(typ, name string) *ent {
	k := entKey(typ, name)
	if x := r.ents[k]; x != nil {
		return x
	}
	x := &ent{typ: typ, name: name, aliases: map[string]bool{}, first: len(r.order)}
	r.ents[k] = x
	r.order = append(r.order, x)
	return x
}

func (r *run) country(name string) *ent {
	x := r.entity(TypeCountry, name)
	return x
}

func (r *run) surface(m *ment) string {
	if m.a >= m.b {
		return ""
	}
	return strings.TrimSpace(r.text[r.toks[m.a].Start:r.toks[m.b-1].End])
}

func (r *run) span(a, b int) string {
	if a < 0 {
		a = 0
	}
	if b > len(r.toks) {
		b = len(r.toks)
	}
	if a >= b {
		return ""
	}
	return r.text[r.toks[a].Start:r.toks[b-1].End]
}

// ---------- gazetteer mentions

func (r *run) findNames() {
	n := len(r.toks)
	fold := func(i int) string { return r.toks[i].Fold }
	title := func(i int) string {
		t := r.toks[i]
		if t.IsAllCaps() && len(t.Fold) >= 4 {
			return t.Fold[:1] + strings.ToLower(t.Fold[1:])
		}
		return t.Fold
	}
	for i := 0; i < n; i++ {
		if !r.toks[i].Word {
			continue
		}
		vals, l := r.e.names.Match(n, i, fold)
		if l == 0 && r.toks[i].IsAllCaps() && len(r.toks[i].Fold) >= 4 {
			vals, l = r.e.names.Match(n, i, title)
		}
		if l == 0 {
			continue
		}
		// a name must end at a word boundary: "Congo" in "Congo-Brazzaville"
		// is handled by the longest match; a following hyphen+capital
		// word makes it part of a longer unknown name ("Greek-Cypriot").
		m := &ment{a: i, b: i + l}
		best := pickRef(vals)
		m.ref = best
		for _, v := range vals {
			if v.kind == nkCapital || v.kind == nkCity || v.kind == nkVenue {
				vv := v
				m.place = &vv
				break
			}
		}
		switch best.kind {
		case nkCountry:
			m.kind = mkCountry
		case nkDemonym:
			m.kind = mkDemonym
		case nkCapital:
			m.kind = mkCapital
		case nkCity, nkVenue:
			m.kind = mkPlace
		case nkMetonym:
			m.kind = mkMetonym
		case nkOrg:
			m.kind = mkOrg
		case nkMedia:
			m.kind = mkMedia
		case nkActor:
			m.kind = mkPerson
		}
		if m.b < n {
			nt := r.toks[m.b]
			if !nt.Space && (nt.Lower == "'s" || nt.Lower == "'") {
				m.poss = true
			}
		}
		// "Greek-Cypriot", "Turkish-Cypriot": a demonym or country glued
		// to a capitalised word is a different name.
		if m.b+1 < n && r.toks[m.b].Text == "-" && !r.toks[m.b].Space && !r.toks[m.b+1].Space && r.isCap(m.b+1) && m.kind == mkDemonym {
			if r.mentAt(m.b+1) == nil {
				if vals2, l2 := r.e.names.Match(n, m.b+1, fold); l2 == 0 || pickRef(vals2).kind == nkDemonym {
					if _, ok := r.e.hyphen[r.low(m.b+1)]; !ok {
						i = m.b + 1
						continue
					}
				}
			}
		}
		// "Supreme National Security Council": an organization alias glued
		// to a longer capitalised name is not that organization
		if m.kind == mkOrg && i > 0 && r.isCap(i-1) && r.toks[i-1].Word && r.mentAt(i-1) == nil && !r.e.notNames[r.toks[i-1].Text] {
			i = m.b - 1
			continue
		}
		if m.kind == mkOrg && i > 0 && r.isCap(i-1) && r.e.notNames[r.toks[i-1].Text] && r.toks[i-1].Text != "The" && r.sentStart(i-1) == false {
			i = m.b - 1
			continue
		}
		r.addMent(m)
		i = m.b - 1
	}
	// dateline: a place at the very start of the body followed by ":" or a dash
	for _, s := range r.sents {
		if s.title {
			continue
		}
		if m := r.mentAt(s.a); m != nil && (m.kind == mkCapital || m.kind == mkPlace || m.place != nil) {
			j := m.b
			for j < s.b && j < m.b+4 && (r.toks[j].Text == "," || (r.isCap(j) && r.mentAt(j) != nil)) {
				j++
			}
			if j < s.b {
				t := r.toks[j].Text
				if t == ":" || t == "\u2014" || t == "-" || t == "(" || t == "\u2013" || (t == "," && r.low(j+1) != "") {
					m.dateln = true
					r.dateline = m
				}
			}
		}
		break
	}
}

func pickRef(vals []nameRef) nameRef {
	rank := map[nkind]int{nkActor: 1, nkMedia: 2, nkOrg: 3, nkCountry: 4, nkMetonym: 5, nkDemonym: 6, nkCapital: 7, nkVenue: 8, nkCity: 9}
	best := vals[0]
	for _, v := range vals[1:] {
		if rank[v.kind] < rank[best.kind] || (v.kind == best.kind && v.kind == nkCity && false) {
			best = v
		}
	}
	return best
}
