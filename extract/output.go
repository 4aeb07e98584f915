package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// plurals resolves "the two countries", "both leaders", "the two
// delegations" to the entities they point back to.
func (r *run) plurals() {
	for si, s := range r.sents {
		for i := s.a; i < s.b; i++ {
			fam, l := r.cueKind(i, famPlural)
			if l == 0 || r.mentAt(i) != nil {
				continue
			}
			var g []*ent
			switch fam {
			case "country":
				g = r.mainParties
			case "leader":
				g = r.recent(TypeLeader, i, 2)
			case "delegation":
				g = r.recent(TypeDelegation, i, 2)
			}
			if len(g) >= 2 {
				m := &ment{a: i, b: i + l, kind: mkPlural, group: g, si: si}
				r.addMent(m)
			}
			i += l - 1
		}
	}
}

// recent returns the last n distinct entities of a type mentioned before
// token i.
func (r *run) recent(typ string, i, n int) []*ent {
	var out []*ent
	seen := map[*ent]bool{}
	for k := i - 1; k >= 0 && len(out) < n; k-- {
		if m := r.mentAt(k); m != nil && m.ent != nil && m.ent.typ == typ && !seen[m.ent] {
			seen[m.ent] = true
			out = append(out, m.ent)
			k = m.a
		}
	}
	for _, m := range r.extraDeleg {
		if len(out) >= n {
			break
		}
		if m.a < i && m.ent.typ == typ && !seen[m.ent] {
			seen[m.ent] = true
			out = append(out, m.ent)
		}
	}
	return out
}

func (r *run) evidence(si int) string {
	if si < 0 || si >= len(r.sents) {
		return ""
	}
	if ev, ok := r.evCache[si]; ok {
		return ev
	}
	ev := r.evidenceText(si)
	r.evCache[si] = ev
	return ev
}

func (r *run) evidenceText(si int) string {
	s := r.sents[si]
	ev := collapseSpace(r.span(s.a, s.b))
	if len(ev) > 600 {
		ev = ev[:600]
		for len(ev) > 0 && ev[len(ev)-1]&0xC0 == 0x80 {
			ev = ev[:len(ev)-1]
		}
		if len(ev) > 0 && ev[len(ev)-1] >= 0xC0 {
			ev = ev[:len(ev)-1]
		}
	}
	return ev
}

// output builds the SPEC.md entities and relations. Proposals without any
// relation are dropped (a proposal is something put forward, accepted or
// rejected by someone); so are venues nobody meets in or visits, unless
// the venue was named as the place of talks.
func (r *run) output() ([]Entity, []Relation) {
	r.mergeBareAgreements()
	used := make(map[*ent]bool, len(r.order))
	rels := make([]Relation, 0, len(r.relOrder))
	for _, x := range r.relOrder {
		if x.conf < r.e.opts.MinConfidence {
			continue
		}
		used[x.src], used[x.dst] = true, true
		rel := Relation{Type: x.typ, Source: x.src.name, Target: x.dst.name, Confidence: round2(x.conf), Sentence: -1}
		if x.si >= 0 {
			rel.Evidence = r.evidence(x.si)
			rel.Sentence = r.sents[x.si].idx
		} else {
			rel.Evidence = r.repEvidence(x.src)
		}
		rels = append(rels, rel)
	}
	ents := make([]Entity, 0, len(r.order))
	for _, x := range r.order {
		if x.typ == TypeProposal && !used[x] && x.group != "named" && !x.kept {
			continue
		}
		if x.typ != TypeProposal && x.mentions == 0 && !used[x] {
			continue
		}
		e := Entity{Type: x.typ, Name: x.name, Mentions: x.mentions}
		if e.Mentions == 0 {
			e.Mentions = 1
		}
		if x.typ == TypeLeader || x.typ == TypeDelegation || x.typ == TypeVenue {
			e.Country = x.country
		}
		if x.typ == TypeLeader {
			e.Title = x.title
		}
		seen := map[string]bool{x.name: true, "": true}
		for _, list := range [][]string{x.aliases, r.e.known[x.typ][x.name]} {
			for _, a := range list {
				if !seen[a] {
					seen[a] = true
					e.Aliases = append(e.Aliases, a)
				}
			}
		}
		sort.Strings(e.Aliases)
		ents = append(ents, e)
	}
	if ents == nil {
		ents = []Entity{}
	}
	if rels == nil {
		rels = []Relation{}
	}
	return ents, rels
}

// repEvidence is the sentence of the first mention of x.
// bareModifiers may stand before a bare agreement noun ("the final peace
// accord").
var bareModifiers = map[string]bool{"a": true, "an": true, "the": true, "final": true, "landmark": true, "historic": true,
	"new": true, "peace": true, "comprehensive": true, "formal": true, "written": true}

// mergeBareAgreements: when an article names one specific agreement ("the
// agreement on the 2024 presidential election", "the Abraham Accords"),
// its bare mentions ("an agreement", "the final peace accord") are the
// same proposal; their relations move to it.
func (r *run) mergeBareAgreements() {
	var bare []*ent
	var target *ent
	targets := 0
	for _, x := range r.order {
		if x.typ != TypeProposal || x.group != "agreement" && x.group != "named" {
			continue
		}
		words := strings.Fields(strings.ToLower(x.name))
		for len(words) > 1 && bareModifiers[words[0]] {
			words = words[1:]
		}
		if x.group == "agreement" && len(words) == 1 {
			bare = append(bare, x)
		} else {
			target = x
			targets++
		}
	}
	if len(bare) == 0 || targets != 1 {
		return
	}
	isBare := map[*ent]bool{}
	for _, x := range bare {
		isBare[x] = true
	}
	out := r.relOrder[:0]
	for _, x := range r.relOrder {
		if !isBare[x.dst] {
			out = append(out, x)
			continue
		}
		k := relKey{x.typ, x.src, target}
		if old := r.rels[k]; old != nil {
			if x.conf > old.conf {
				old.conf, old.si = x.conf, x.si
			}
			continue
		}
		delete(r.rels, relKey{x.typ, x.src, x.dst})
		x.dst = target
		r.rels[k] = x
		out = append(out, x)
	}
	r.relOrder = out
}

func (r *run) repEvidence(x *ent) string {
	if r.firstMent == nil {
		r.firstMent = map[*ent]*ment{}
		for _, m := range r.liveMents() {
			if m.ent != nil && r.firstMent[m.ent] == nil {
				r.firstMent[m.ent] = m
			}
		}
	}
	if m := r.firstMent[x]; m != nil {
		return r.evidence(m.si)
	}
	return ""
}

// collapseSpace is strings.Join(strings.Fields(s), " ") without the
// intermediate slice.
func collapseSpace(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c >= utf8.RuneSelf ||
			c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		size, isSpace := 1, false
		if c := s[i]; c < utf8.RuneSelf {
			isSpace = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			isSpace = unicode.IsSpace(r)
		}
		if isSpace {
			space = b.Len() > 0
		} else {
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func round2(f float64) float64 {
	if f > 1 {
		f = 1
	}
	if f < 0.05 {
		f = 0.05
	}
	return float64(int(f*100+0.5)) / 100
}
