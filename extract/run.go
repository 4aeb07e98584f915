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
	dead   bool     // dropped (see run.dropMent)
}

// ent is one entity of the article graph under construction.
type ent struct {
	typ, name, country, title string
	aliases                   []string // surface forms (a small set)
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
	ments    []*ment // in the order added; may hold dropped ones (see liveMents)
	nDead    int
	cueOff   []int32                  // cues starting at token i: cueFlat[cueOff[i]:cueOff[i+1]]
	cueFlat  []lexicon.Prefix[cueRef] //
	cueMask  []uint64                 // families of the cues starting at each token
	lid, fid []int32                  // vocabulary ids of each token's lower-case and folded forms (-1: none)
	wf       []uint32                 // word-set flags of each token
	sc       *scratch
	ents     map[string]*ent
	entRaw   map[rawKey]*ent
	order    []*ent
	rels     map[relKey]*rel
	relOrder []*rel
	date     string

	lastProposal *ent
	mainParties  []*ent
	mediators    map[*ent]bool
	dateline     *ment
	pcands       []*pcand
	pcandOf      map[*ment]*pcand // first candidate of each mention
	firstMent    map[*ent]*ment   // built by repEvidence
	corefOf      map[*pcand]*pcand
	parts        map[int][]*ent // participants of events per sentence
	lastPerson   *ent
	lastSubject  *ent // last person named as the subject of a clause
	lastActor    *ent
	extraDeleg   []*ment
	joint        []jointPair
	lastGroup    []*ent // last group of two or more parties acting together ("they")
	cur          int    // token whose cue is being read (for the clause of hedges)
	preferNew    bool   // clause proposals: prefer an indefinite head (that-clauses)
	evCache      map[int]string
	hedgeCache   []int8 // 0 unknown, 1 no, 2 yes
	eventCache   []int8
}

func newRun(e *Extractor, a article.Article) *run {
	r := &run{e: e, a: a, ents: map[string]*ent{}, entRaw: map[rawKey]*ent{}, rels: map[relKey]*rel{}, date: a.DateString(), mediators: map[*ent]bool{}, corefOf: map[*pcand]*pcand{}, pcandOf: map[*ment]*pcand{}, parts: map[int][]*ent{}}
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

// scratch holds the per-token buffers of a run, reused across articles
// through Extractor.scratch so that a batch does not allocate (and the
// collector does not scan) them again for every article.
type scratch struct {
	toks    []lexicon.Token
	sentOf  []int
	at      []*ment
	cueOff  []int32
	cueFlat []lexicon.Prefix[cueRef]
	cueMask []uint64
	lid     []int32
	fid     []int32
	wf      []uint32
}

// release clears the buffers (they point into the article) and returns
// them to the pool.
func (r *run) release() {
	sc := r.sc
	if sc == nil {
		return
	}
	sc.toks = clearSlice(r.toks)
	sc.sentOf = r.sentOf[:0]
	sc.at = clearSlice(r.at)
	sc.cueOff = r.cueOff[:0]
	sc.cueFlat = clearSlice(r.cueFlat)
	sc.cueMask = r.cueMask[:0]
	sc.lid, sc.fid, sc.wf = r.lid[:0], r.fid[:0], r.wf[:0]
	r.sc = nil
	r.e.scratch.Put(sc)
}

func clearSlice[T any](s []T) []T {
	clear(s)
	return s[:0]
}

// grow returns s with length n, reusing its array when large enough.
func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		s = s[:n]
		clear(s)
		return s
	}
	return make([]T, n)
}

func (r *run) process() {
	sc, _ := r.e.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	r.sc = sc
	r.toks = lexicon.AppendTokens(sc.toks[:0], r.text)
	r.sents = splitSentences(r.text, r.toks, r.titleEnd, r.e.starters)
	n := len(r.toks)
	r.sentOf = grow(sc.sentOf, n)
	for si, s := range r.sents {
		for i := s.a; i < s.b; i++ {
			r.sentOf[i] = si
		}
	}
	r.hedgeCache = make([]int8, len(r.sents))
	r.eventCache = make([]int8, len(r.sents))
	r.evCache = map[int]string{}
	r.at = grow(sc.at, n)
	// each token is looked up once in the vocabulary: its lower-case and
	// folded forms' ids (tries compare these) and its word-set flags
	r.lid, r.fid, r.wf = grow(sc.lid, n), grow(sc.fid, n), grow(sc.wf, n)
	voc := r.e.vocab
	for i := range r.toks {
		t := &r.toks[i]
		lid := voc.ID(t.Lower)
		r.lid[i] = lid
		if t.Fold == t.Lower {
			r.fid[i] = lid
		} else {
			r.fid[i] = voc.ID(t.Fold)
		}
		var f uint32
		if lid >= 0 && int(lid) < len(r.e.wflags) {
			f = r.e.wflags[lid]
		}
		if (t.Cap || r.e.notNamesLower) && r.e.notNames[t.Text] {
			f |= wNotName
		}
		r.wf[i] = f
	}
	lowerGet := func(i int) int32 { return r.lid[i] }
	r.cueMask = grow(sc.cueMask, n)
	r.cueOff = grow(sc.cueOff, n+1)
	r.cueFlat = sc.cueFlat[:0]
	for i := 0; i < n; i++ {
		r.cueOff[i] = int32(len(r.cueFlat))
		if !r.toks[i].Word && !r.e.cueAtPunct {
			continue
		}
		before := len(r.cueFlat)
		r.cueFlat = r.e.cues.AppendMatches(r.cueFlat, n, i, lowerGet)
		var mask uint64
		for _, p := range r.cueFlat[before:] {
			for _, v := range p.Vals {
				mask |= famBit(v.fam)
			}
		}
		r.cueMask[i] = mask
	}
	r.cueOff[n] = int32(len(r.cueFlat))
	r.findNames()
	r.findPeople()
	r.findDelegations()
	r.resolvePlaces()
	r.findNamedProposals()
	r.countMentions()
	r.findMainParties()
	r.genericDelegations()
	r.plurals()
	for si := range r.sents {
		r.relations(si)
	}
	r.cur = -1
	r.addJointMeets()
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
func (r *run) cue(i int, fam int) int {
	if i < 0 || i >= len(r.toks) || !r.mayCue(i, fam) {
		return 0
	}
	best := 0
	for _, p := range r.cueAt(i) {
		for _, v := range p.Vals {
			if v.fam == fam && p.Len > best {
				best = p.Len
			}
		}
	}
	return best
}

func (r *run) cueAt(i int) []lexicon.Prefix[cueRef] {
	return r.cueFlat[r.cueOff[i]:r.cueOff[i+1]]
}

// mayCue is a quick test whether a cue of family fam may start at i: each
// token keeps a bit set of the families that start there (families past
// 63 share the last bit).
func (r *run) mayCue(i, fam int) bool {
	return r.cueMask[i]&famBit(fam) != 0
}

func famBit(fam int) uint64 {
	if fam >= 63 {
		return 1 << 63
	}
	return 1 << uint(fam)
}

// cueKind returns the group and length of the longest cue of a kind
// (famProposal, famPlural) at i.
func (r *run) cueKind(i int, kind int) (string, int) {
	if i < 0 || i >= len(r.toks) || r.cueMask[i] == 0 {
		return "", 0
	}
	fam, best := "", 0
	for _, p := range r.cueAt(i) {
		for _, v := range p.Vals {
			if fi := &r.e.fams[v.fam]; fi.kind == kind && p.Len > best {
				fam, best = fi.group, p.Len
			}
		}
	}
	return fam, best
}

func (r *run) sentStart(i int) bool {
	return i >= 0 && i < len(r.toks) && r.sents[r.sentOf[i]].a == i
}

// mentAt is the mention covering token i, nil outside the text.
func (r *run) mentAt(i int) *ment {
	if i < 0 || i >= len(r.at) {
		return nil
	}
	return r.at[i]
}

// is reports whether token i is in the word sets of flag f.
func (r *run) is(i int, f uint32) bool { return i >= 0 && i < len(r.wf) && r.wf[i]&f != 0 }

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
	m.dead = false
	r.ments = append(r.ments, m)
}

// dropMent removes m. The list of mentions is compacted lazily (see
// liveMents) so that dropping many mentions stays linear.
func (r *run) dropMent(m *ment) {
	for i := m.a; i < m.b; i++ {
		if r.mentAt(i) == m {
			r.at[i] = nil
		}
	}
	if !m.dead {
		m.dead = true
		r.nDead++
	}
}

// liveMents returns r.ments without dropped mentions, in the order they
// were added.
func (r *run) liveMents() []*ment {
	if r.nDead > 0 {
		out := r.ments[:0]
		for _, m := range r.ments {
			if !m.dead {
				out = append(out, m)
			}
		}
		clear(r.ments[len(out):])
		r.ments = out
		r.nDead = 0
	}
	return r.ments
}

func (r *run) sortMents() {
	ms := r.liveMents()
	sort.Slice(ms, func(i, j int) bool { return ms[i].a < ms[j].a })
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
	// most look-ups repeat a name already seen as written: skip the
	// normalisation then
	rk := rawKey{typ, name}
	if x := r.entRaw[rk]; x != nil {
		return x
	}
	k := entKey(typ, name)
	if x := r.ents[k]; x != nil {
		r.entRaw[rk] = x
		return x
	}
	x := &ent{typ: typ, name: name, first: len(r.order)}
	r.ents[k] = x
	r.entRaw[rk] = x
	r.order = append(r.order, x)
	return x
}

type rawKey struct{ typ, name string }

func (x *ent) addAlias(a string) {
	for _, b := range x.aliases {
		if a == b {
			return
		}
	}
	x.aliases = append(x.aliases, a)
}

// lookup returns the entity of that type and name if it exists.
func (r *run) lookup(typ, name string) *ent {
	rk := rawKey{typ, name}
	if x := r.entRaw[rk]; x != nil {
		return x
	}
	x := r.ents[entKey(typ, name)]
	if x != nil {
		r.entRaw[rk] = x
	}
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
	fold := func(i int) int32 { return r.fid[i] }
	title := func(i int) int32 {
		t := r.toks[i]
		if t.IsAllCaps() && len(t.Fold) >= 4 {
			return r.e.vocab.ID(t.Fold[:1] + strings.ToLower(t.Fold[1:]))
		}
		return r.fid[i]
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
		// "Sheikh Abdullah bin Zayed Al Nahyan": an alias with an honorific
		// ("Sheikh Abdullah bin Zayed") inside a longer form of the same
		// person's name starting one token later
		if best.kind == nkActor && l >= 2 {
			if vals2, l2 := r.e.names.Match(n, i+1, fold); l2 > 0 && i+1+l2 > m.b {
				if b2 := pickRef(vals2); b2.kind == nkActor && b2.actor == best.actor {
					m.b = i + 1 + l2
				}
			}
		}
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
				// "Qatari-Turkish mediators" name two states; "Greek-Cypriot"
				// (ethnic_compounds) and unknown compounds name neither
				if vals2, l2 := r.e.names.Match(n, m.b+1, fold); l2 == 0 || pickRef(vals2).kind == nkDemonym && r.e.ethnic[r.low(m.b+1)] {
					if _, ok := r.e.hyphen[r.low(m.b+1)]; !ok {
						i = m.b + 1
						continue
					}
				}
			}
		}
		// "Supreme National Security Council": an organization alias glued
		// to a longer capitalised name is not that organization
		if m.kind == mkOrg && i > 0 && r.isCap(i-1) && r.toks[i-1].Word && r.mentAt(i-1) == nil && !r.is(i-1, wNotName) {
			i = m.b - 1
			continue
		}
		if m.kind == mkOrg && i > 0 && r.isCap(i-1) && r.is(i-1, wNotName) && r.toks[i-1].Text != "The" && !r.sentStart(i-1) {
			i = m.b - 1
			continue
		}
		r.addMent(m)
		i = m.b - 1
	}
	r.ellipsisNames()
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

// ellipsisNames finds the first conjunct of "North and South Korea",
// "East and West Germany": a capitalised word before "and" plus the tail
// of the name after it is a name too.
func (r *run) ellipsisNames() {
	n := len(r.toks)
	for i := 0; i+3 < n; i++ {
		if r.at[i] != nil || !r.toks[i].Cap || !r.toks[i].Word || r.low(i+1) != "and" {
			continue
		}
		m := r.at[i+2]
		if m == nil || m.a != i+2 || m.b-m.a < 2 || (m.kind != mkCountry && m.kind != mkOrg) {
			continue
		}
		span := m.b - m.a
		get := func(k int) int32 {
			if k == 0 {
				return r.fid[i]
			}
			return r.fid[m.a+k]
		}
		vals, l := r.e.names.Match(span, 0, get)
		if l != span {
			continue
		}
		best := pickRef(vals)
		if best.kind != nkCountry && best.kind != nkOrg {
			continue
		}
		e := &ment{a: i, b: i + 1, ref: best, kind: mkCountry}
		if best.kind == nkOrg {
			e.kind = mkOrg
		}
		r.addMent(e)
	}
}

// refRank orders the senses of one surface form: a dictionary actor
// before an organization, before a country, ... before a plain city.
var refRank = [...]int{nkActor: 1, nkMedia: 2, nkOrg: 3, nkCountry: 4, nkMetonym: 5, nkDemonym: 6, nkCapital: 7, nkVenue: 8, nkCity: 9}

func pickRef(vals []nameRef) nameRef {
	best := vals[0]
	for _, v := range vals[1:] {
		if refRank[v.kind] < refRank[best.kind] {
			best = v
		}
	}
	return best
}
