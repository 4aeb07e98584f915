package eval

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/extract"
)

// core lists the relation types of the core score.
var core = map[string]bool{extract.RelMediates: true, extract.RelProposes: true, extract.RelRejects: true}

func isEntityType(t string) bool   { return slices.Contains(extract.EntityTypes, t) }
func isRelationType(t string) bool { return slices.Contains(extract.RelationTypes, t) }

// Counts are true positives, false positives and false negatives.
type Counts struct {
	TP, FP, FN int
}

// PRF returns precision, recall and F1 as score.py's prf() computes them.
func (c Counts) PRF() (p, r, f float64) {
	if c.TP+c.FP != 0 {
		p = float64(c.TP) / float64(c.TP+c.FP)
	}
	if c.TP+c.FN != 0 {
		r = float64(c.TP) / float64(c.TP+c.FN)
	}
	if p+r != 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func (c *Counts) add(o Counts) {
	c.TP += o.TP
	c.FP += o.FP
	c.FN += o.FN
}

// tallies are counts per type in the order types were first touched, the
// order of score.py's defaultdict and hence of its JSON keys.
type tallies struct {
	order []string
	by    map[string]*Counts
}

func (t *tallies) at(typ string) *Counts {
	if t.by == nil {
		t.by = map[string]*Counts{}
	}
	c, ok := t.by[typ]
	if !ok {
		c = &Counts{}
		t.by[typ] = c
		t.order = append(t.order, typ)
	}
	return c
}

func (t *tallies) total(keep func(string) bool) Counts {
	var out Counts
	for _, k := range t.order {
		if keep == nil || keep(k) {
			out.add(*t.by[k])
		}
	}
	return out
}

func (t *tallies) list() []TypeCounts {
	out := make([]TypeCounts, len(t.order))
	for i, k := range t.order {
		out[i] = TypeCounts{Type: k, Counts: *t.by[k]}
	}
	return out
}

// dupKey is a gold entity across the corpus: type and normalised name.
type dupKey struct{ typ, name string }

// Scorer accumulates scores over articles, in the order they are added.
// The zero value is not ready; use NewScorer.
type Scorer struct {
	articles, missing int
	ent, rel, relaxed tallies
	relaxedTies       int
	dupOrder          []dupKey
	dups              map[dupKey]map[string]bool
}

// NewScorer returns an empty Scorer.
func NewScorer() *Scorer {
	return &Scorer{dups: map[dupKey]map[string]bool{}}
}

// Add scores one article. A nil pred is a missing or unreadable prediction:
// it scores as empty and counts as missing. An error (a gold relation whose
// endpoint names no gold entity) leaves the Scorer unchanged.
func (s *Scorer) Add(gold Graph, pred *Graph) error {
	d := newGoldDoc(gold)
	grels, err := d.goldRelations(gold)
	if err != nil {
		return err
	}
	s.articles++
	if pred == nil {
		s.missing++
		pred = &Graph{}
	}
	s.scoreEntities(d, pred)
	s.scoreRelations(d, pred, grels)
	return nil
}

// goldDoc is score.py's Doc: the scored gold entities with their name sets
// and the look-ups candidates() needs, computed once.
type goldDoc struct {
	ents      []Entity
	names     []map[string]bool // names_of(e): normalised name and aliases
	normName  []string
	groups    [][][]string // Proposal keyword groups: alternatives, padded and normalised
	countries []int        // Country and Organization indices, in order
	surnames  map[string][]int
	cidx      map[string]int // country_index memo by normalised name
}

func newGoldDoc(g Graph) *goldDoc {
	d := &goldDoc{surnames: map[string][]int{}, cidx: map[string]int{}}
	for _, e := range g.Entities {
		if isEntityType(e.Type) {
			d.ents = append(d.ents, e)
		}
	}
	d.names = make([]map[string]bool, len(d.ents))
	d.normName = make([]string, len(d.ents))
	d.groups = make([][][]string, len(d.ents))
	for i, e := range d.ents {
		d.names[i] = namesOf(e)
		d.normName[i] = Norm(e.Name)
		if e.Type == extract.TypeCountry || e.Type == extract.TypeOrganization {
			d.countries = append(d.countries, i)
		}
		if e.Type == extract.TypeLeader {
			// score.py appends once per distinct name form, so a leader
			// whose name and alias share a surname ("Vladimir Putin",
			// "Putin") is listed twice and no longer matches on it alone.
			for n := range d.names[i] {
				if n != "" {
					f := strings.Fields(n)
					d.surnames[f[len(f)-1]] = append(d.surnames[f[len(f)-1]], i)
				}
			}
		}
		if e.Type == extract.TypeProposal {
			kw := e.Keywords
			if len(kw) == 0 {
				kw = []string{e.Name}
			}
			for _, grp := range kw {
				var alts []string
				for _, a := range strings.Split(grp, "|") {
					alts = append(alts, " "+Norm(a)+" ")
				}
				d.groups[i] = append(d.groups[i], alts)
			}
		}
	}
	return d
}

func namesOf(e Entity) map[string]bool {
	out := map[string]bool{Norm(e.Name): true}
	for _, a := range e.Aliases {
		out[Norm(a)] = true
	}
	return out
}

// countryIndex is score.py's country_index: the first Country or
// Organization one of whose names equals name, else -1.
func (d *goldDoc) countryIndex(name string) int {
	n := Norm(name)
	if i, ok := d.cidx[n]; ok {
		return i
	}
	i := -1
	for _, c := range d.countries {
		if d.names[c][n] {
			i = c
			break
		}
	}
	d.cidx[n] = i
	return i
}

// candidates lists, in gold order, the gold entities pe may match: of its
// own type, or of any type when anyType is set (relation endpoints whose
// type does not help).
func (d *goldDoc) candidates(pe Entity, anyType bool) []int {
	var out []int
	pn := Norm(pe.Name)
	for i, g := range d.ents {
		if g.Type != pe.Type && !anyType {
			continue
		}
		switch g.Type {
		case extract.TypeDelegation:
			gc := d.countryIndex(g.Country)
			pc := pe.Country
			if pc == "" {
				pc = removeWord(pe.Name, "delegation")
			}
			pci := -1
			if pc != "" {
				pci = d.countryIndex(pc)
			}
			if gc != -1 && gc == pci {
				out = append(out, i)
			} else if d.names[i][pn] {
				out = append(out, i)
			}
		case extract.TypeProposal:
			padded := " " + pn + " "
			every := true
			for _, alts := range d.groups[i] {
				found := false
				for _, a := range alts {
					if strings.Contains(padded, a) {
						found = true
						break
					}
				}
				if !found {
					every = false
					break
				}
			}
			if every {
				out = append(out, i)
			}
		default:
			if d.names[i][pn] {
				out = append(out, i)
			} else if g.Type == extract.TypeLeader && pn != "" && !strings.Contains(pn, " ") &&
				len(d.surnames[pn]) == 1 && d.surnames[pn][0] == i {
				out = append(out, i)
			}
		}
	}
	return out
}

// removeWord deletes each whole-word, case-sensitive occurrence of w from
// s, as Python's re.sub(r"\bw\b", "", s) with Unicode word boundaries.
func removeWord(s, w string) string {
	var b strings.Builder
	rest := s
	prevWord := false // whether the rune before rest is a word character
	for {
		i := strings.Index(rest, w)
		if i < 0 {
			b.WriteString(rest)
			return b.String()
		}
		before := prevWord
		if i > 0 {
			r := lastRune(rest[:i])
			before = isWord(r)
		}
		after := false
		if j := i + len(w); j < len(rest) {
			after = isWord(firstRune(rest[j:]))
		}
		if !before && !after {
			b.WriteString(rest[:i])
			prevWord = isWord(lastRune(w))
			rest = rest[i+len(w):]
			continue
		}
		// Not a whole word: keep its first rune and search on after it.
		r, n := utf8.DecodeRuneInString(rest[i:])
		b.WriteString(rest[:i+n])
		prevWord = isWord(r)
		rest = rest[i+n:]
	}
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// bipartite is score.py's maximum matching by augmenting paths, tried in
// left order and candidate order, so that ties resolve the same way. It
// returns right index by left index.
func bipartite(cands [][]int) map[int]int {
	matchR := map[int]int{}
	var try func(l int, seen map[int]bool) bool
	try = func(l int, seen map[int]bool) bool {
		for _, r := range cands[l] {
			if seen[r] {
				continue
			}
			seen[r] = true
			if ml, ok := matchR[r]; !ok || try(ml, seen) {
				matchR[r] = l
				return true
			}
		}
		return false
	}
	for l := range cands {
		try(l, map[int]bool{})
	}
	out := make(map[int]int, len(matchR))
	for r, l := range matchR {
		out[l] = r
	}
	return out
}

func (s *Scorer) scoreEntities(d *goldDoc, pred *Graph) {
	var pents []Entity
	for _, e := range pred.Entities {
		if isEntityType(e.Type) {
			pents = append(pents, e)
		}
	}
	cands := make([][]int, len(pents))
	for i, e := range pents {
		cands[i] = d.candidates(e, false)
	}
	m := bipartite(cands)
	matched := map[int]bool{}
	for _, r := range m {
		matched[r] = true
	}
	for li, e := range pents {
		gi, ok := m[li]
		if !ok {
			s.ent.at(e.Type).FP++
			continue
		}
		g := d.ents[gi]
		if g.Optional {
			continue
		}
		s.ent.at(e.Type).TP++
		switch e.Type {
		case extract.TypeCountry, extract.TypeLeader, extract.TypeVenue, extract.TypeOrganization:
			// Proposals and delegations are per-article, so only these
			// can be split across the corpus.
			k := dupKey{g.Type, d.normName[gi]}
			set, ok := s.dups[k]
			if !ok {
				set = map[string]bool{}
				s.dups[k] = set
				s.dupOrder = append(s.dupOrder, k)
			}
			set[Norm(e.Name)] = true
		}
	}
	for gi, g := range d.ents {
		if !g.Optional && !matched[gi] {
			s.ent.at(g.Type).FN++
		}
	}
}

// goldRel is one scored gold relation with its endpoints as entity indices.
type goldRel struct {
	typ      string
	s, t     int
	optional bool
}

// goldRelations resolves gold relation endpoints by name: the target of
// MEETS_IN and VISITS prefers a Venue, every other endpoint a non-Venue.
func (d *goldDoc) goldRelations(gold Graph) ([]goldRel, error) {
	gidx := map[string][]int{}
	for i := range d.ents {
		gidx[d.normName[i]] = append(gidx[d.normName[i]], i)
	}
	end := func(name string, wantVenue bool) int {
		ids := gidx[Norm(name)]
		for _, i := range ids {
			if (d.ents[i].Type == extract.TypeVenue) == wantVenue {
				return i
			}
		}
		if len(ids) > 0 {
			return ids[0]
		}
		return -1
	}
	var out []goldRel
	for _, r := range gold.Relations {
		if !isRelationType(r.Type) {
			continue
		}
		s := end(r.Source, false)
		t := end(r.Target, r.Type == extract.RelMeetsIn || r.Type == extract.RelVisits)
		if s < 0 || t < 0 {
			return nil, fmt.Errorf("gold %s: relation endpoint not an entity: %s %q -> %q", gold.ID, r.Type, r.Source, r.Target)
		}
		out = append(out, goldRel{r.Type, s, t, r.Optional})
	}
	return out, nil
}

// predRel is a predicted relation with the gold entities each endpoint may
// stand for, in ascending order.
type predRel struct {
	typ  string
	s, t []int
}

func (s *Scorer) scoreRelations(d *goldDoc, pred *Graph, grels []goldRel) {
	byName := map[string][]Entity{}
	for _, e := range pred.Entities {
		n := Norm(e.Name)
		byName[n] = append(byName[n], e)
	}
	// endpoint maps a relation endpoint name to the gold entities its
	// predicted entities may match, falling back to any type.
	memo := map[string][]int{}
	endpoint := func(name string) []int {
		if c, ok := memo[name]; ok {
			return c // many relations share endpoints; spare hostile inputs the rework
		}
		es := byName[Norm(name)]
		if len(es) == 0 {
			es = []Entity{{Name: name}}
		}
		set := map[int]bool{}
		for _, e := range es {
			var c []int
			if isEntityType(e.Type) {
				c = d.candidates(e, false)
			}
			if len(c) == 0 {
				c = d.candidates(e, true)
			}
			for _, i := range c {
				set[i] = true
			}
		}
		out := make([]int, 0, len(set))
		for i := range set {
			out = append(out, i)
		}
		sort.Ints(out)
		memo[name] = out
		return out
	}
	var pend []predRel
	for _, r := range pred.Relations {
		if isRelationType(r.Type) {
			pend = append(pend, predRel{r.Type, endpoint(r.Source), endpoint(r.Target)})
		}
	}
	relMatch := func(p predRel, g goldRel) bool {
		if p.typ != g.typ {
			return false
		}
		if slices.Contains(p.s, g.s) && slices.Contains(p.t, g.t) {
			return true
		}
		return g.typ == extract.RelMeets && slices.Contains(p.t, g.s) && slices.Contains(p.s, g.t)
	}
	rc := make([][]int, len(pend))
	for li, p := range pend {
		for gi, g := range grels {
			if relMatch(p, g) {
				rc[li] = append(rc[li], gi)
			}
		}
	}
	rm := bipartite(rc)
	matched := map[int]bool{}
	for _, r := range rm {
		matched[r] = true
	}
	for li, p := range pend {
		gi, ok := rm[li]
		if !ok {
			s.rel.at(p.typ).FP++
			continue
		}
		if grels[gi].optional {
			continue
		}
		s.rel.at(p.typ).TP++
	}
	for gi, g := range grels {
		if !g.optional && !matched[gi] {
			s.rel.at(g.typ).FN++
		}
	}
	s.scoreRelaxed(d, grels, pend)
}

// relKey is a relation reduced to its type and endpoint indices; MEETS
// keys are put in ascending order.
type relKey struct {
	typ  string
	s, t int
}

func key(typ string, s, t int) relKey {
	if typ == extract.RelMeets && t < s {
		s, t = t, s
	}
	return relKey{typ, s, t}
}

// scoreRelaxed maps Leaders and Delegations to their country on both sides
// and matches sets of triples greedily, LEADS and REPRESENTS left out.
//
// Where one predicted relation could stand for several unused gold triples
// (a tie), score.py takes the first in its set's iteration order, which
// depends on Python's per-process string hashing (PYTHONHASHSEED), so its
// relaxed score can change from run to run. This port takes the first in
// endpoint order (gold entity order) and counts the ties; without ties the
// two agree exactly.
func (s *Scorer) scoreRelaxed(d *goldDoc, grels []goldRel, pend []predRel) {
	toCountry := func(i int) int {
		e := d.ents[i]
		if (e.Type == extract.TypeLeader || e.Type == extract.TypeDelegation) && e.Country != "" {
			if c := d.countryIndex(e.Country); c != -1 {
				return c
			}
		}
		return i
	}
	skip := func(t string) bool { return t == extract.RelLeads || t == extract.RelRepresents }
	req, opt := map[relKey]bool{}, map[relKey]bool{}
	for _, g := range grels {
		if skip(g.typ) {
			continue
		}
		k := key(g.typ, toCountry(g.s), toCountry(g.t))
		if g.optional {
			opt[k] = true
		} else {
			req[k] = true
		}
	}
	for k := range req {
		delete(opt, k)
	}
	used := map[relKey]bool{}
	c := s.relaxed.at("all")
	for _, p := range pend {
		if skip(p.typ) {
			continue
		}
		var opts []relKey
		seen := map[relKey]bool{}
		for _, a := range p.s {
			for _, b := range p.t {
				k := key(p.typ, toCountry(a), toCountry(b))
				if !seen[k] {
					seen[k] = true
					opts = append(opts, k)
				}
			}
		}
		var hits []relKey
		for _, k := range opts {
			if req[k] && !used[k] {
				hits = append(hits, k)
			}
		}
		if len(hits) > 0 {
			if len(hits) > 1 {
				s.relaxedTies++
			}
			used[hits[0]] = true
			c.TP++
			continue
		}
		excused := false
		for _, k := range opts {
			if opt[k] || used[k] {
				excused = true
				break
			}
		}
		if !excused {
			c.FP++
		}
	}
	for k := range req {
		if !used[k] {
			c.FN++
		}
	}
}
