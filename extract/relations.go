package extract

import (
	"strings"
)

var leftBoundary = map[string]bool{".": true, ";": true, ":": true, "\u201c": true, "\u201d": true, "\"": true, "\u2014": true,
	"that": true, "which": true, "who": true, "whom": true, "whose": true, "but": true, "while": true, "whereas": true,
	"although": true, "though": true, "because": true, "unless": true, "if": true, "however": true}

var rightBoundary = map[string]bool{".": true, ";": true, ":": true, "\u201c": true, "\u201d": true, "\"": true, "\u2014": true,
	"which": true, "who": true, "but": true, "while": true, "whereas": true, "although": true, "because": true, "unless": true,
	"if": true, "said": true, "saying": true, "after": true, "before": true, "when": true}

var connectors = map[string]bool{",": true, "and": true, "&": true, "the": true, "both": true, "(": true, ")": true, "as": true,
	"well": true, "of": true, "then": true, "with": true, "separately": true, "leaders": true, "president": true}

var skipRight = map[string]bool{"with": true, "to": true, "the": true, "his": true, "her": true, "its": true, "their": true, "a": true,
	"an": true, "on": true, "by": true, "separately": true, "also": true, "both": true, "then": true, "again": true}

var pronounsPerson = map[string]bool{"he": true, "she": true, "his": true, "her": true}

func isActorEnt(x *ent) bool {
	return x != nil && (x.typ == TypeCountry || x.typ == TypeOrganization || x.typ == TypeLeader || x.typ == TypeDelegation)
}

func (r *run) actorAt(i int) *ment {
	m := r.mentAt(i)
	if m == nil || m.mod || m.venue || m.dateln {
		return nil
	}
	if m.kind == mkPlural {
		return m
	}
	if !isActorEnt(m.ent) {
		return nil
	}
	return m
}

func (r *run) mentEnts(m *ment) []*ent {
	if m.kind == mkPlural {
		return m.group
	}
	if m.kind == mkDeleg {
		out := []*ent{m.ent}
		for _, x := range r.extraDeleg {
			if x.a == m.a {
				out = append(out, x.ent)
			}
		}
		return out
	}
	return []*ent{m.ent}
}

// leftGroup finds the actor group (subject) ending before pos: "Russia,
// Ukraine, Türkiye and the United Nations signed".
func (r *run) leftGroup(si, pos, maxGap int) []*ent {
	s := r.sents[si]
	// "Djibouti, which hosts the IGAD secretariat and facilitated talks":
	// the second of two coordinated verbs has the subject of the first
	if pos-1 > s.a && r.low(pos-1) == "and" {
		for k := pos - 2; k >= s.a && k >= pos-10; k-- {
			if t := r.low(k); t == "," || t == ";" || r.is(k, wLeftBoundary) {
				break
			}
			if r.isVerbCue(k) && r.mentAt(k) == nil {
				return r.leftGroup(si, k, maxGap)
			}
		}
	}
	gap := 0
	for j := pos - 1; j >= s.a; j-- {
		t := r.toks[j]
		if r.is(j, wLeftBoundary) {
			if t.Lower == "who" || t.Lower == "which" {
				return r.relativeAntecedent(si, j)
			}
			return nil
		}
		if t.Text == "," {
			if p := r.appositionHead(si, j); p != nil {
				return r.collectLeft(si, p)
			}
		}
		if m := r.actorAt(j); m != nil {
			// "the Taliban's political office": a possessor is not the
			// subject
			if m.poss && m.b+1 < len(r.toks) && r.toks[m.b+1].Word && !(m.b+1 < pos && r.actorAt(m.b+1) != nil) && m.b+1 < pos {
				j = m.a
				gap++
				continue
			}
			return r.collectLeft(si, m)
		}
		if (t.Lower == "we" || t.Lower == "i") && r.inQuote(j) {
			// “We are insisting that ...”, the speaker said
			if sp := r.quoteSpeaker(si, j); sp != nil {
				return []*ent{sp}
			}
		}
		if r.is(j, wPronounPerson) && r.lastPerson != nil {
			// "he", "his": the last person named as a subject (not "met
			// his counterpart X ... where he held talks")
			if r.lastSubject != nil {
				return []*ent{r.lastSubject}
			}
			return []*ent{r.lastPerson}
		}
		if t.Lower == "they" && (r.lastActor == nil || r.lastActor.typ != TypeOrganization) {
			// "They also agreed to ...": the last group of parties, else
			// the article's main parties
			if len(r.lastGroup) >= 2 {
				return r.lastGroup
			}
			if len(r.mainParties) >= 2 {
				return r.mainParties
			}
		}
		if (t.Lower == "it" || t.Lower == "they" || t.Lower == "we") && r.lastActor != nil {
			return []*ent{r.lastActor}
		}
		if r.mentAt(j) != nil {
			j = r.mentAt(j).a
		}
		gap++
		if gap > maxGap {
			return nil
		}
	}
	return nil
}

// appositionHead: at the comma closing "X, an adviser to the Ghanaian
// President," returns X's mention so the apposition is skipped.
func (r *run) appositionHead(si, j int) *ment {
	s := r.sents[si]
	title := false
	for k := j - 1; k >= s.a && k > j-16; k-- {
		if r.cue(k, fTitle) > 0 {
			title = true
		}
		if r.toks[k].Text == "," {
			if !title {
				return nil
			}
			if m := r.mentAt(k - 1); m != nil && m.kind == mkPerson && m.ent != nil {
				return m
			}
			return nil
		}
		if r.toks[k].Text == "." || r.toks[k].Text == ";" {
			return nil
		}
	}
	return nil
}

func (r *run) relativeAntecedent(si, j int) []*ent {
	s := r.sents[si]
	k := j - 1
	// "X, the U.S. envoy who": back to the comma before the apposition
	for c := k; c >= s.a && c > j-10; c-- {
		if r.toks[c].Text == "," {
			k = c - 1
			break
		}
	}
	if r.toks[j-1].Text == "," {
		k = j - 2
		// "Baradar, the Taliban's political chief, who": the person the
		// apposition describes
		if r.low(j) == "who" {
			if p := r.appositionBefore(si, j-1); p != nil {
				return r.mentEnts(p)
			}
		}
	}
	for ; k >= s.a && k > j-12; k-- {
		if m := r.actorAt(k); m != nil {
			return r.mentEnts(m)
		}
	}
	return nil
}

func (r *run) collectLeft(si int, m *ment) []*ent {
	s := r.sents[si]
	out := append([]*ent(nil), r.mentEnts(m)...)
	k := m.a - 1
	for k >= s.a {
		if m2 := r.actorAt(k); m2 != nil {
			out = append(out, r.mentEnts(m2)...)
			k = m2.a - 1
			continue
		}
		t := r.toks[k]
		// "X, an aide to the Russian President, and Y": skip the
		// apposition to the person it describes
		if t.Text == "," {
			if p := r.appositionBefore(si, k); p != nil {
				out = append(out, r.mentEnts(p)...)
				k = p.a - 1
				continue
			}
		}
		if r.is(k, wConnector) || r.cue(k, fTitle) > 0 || r.is(k, wTitleMod) || r.is(k, wActorMod) || t.Lower == "'s" || t.Text == "-" {
			k--
			continue
		}
		if m2 := r.mentAt(k); m2 != nil && m2.mod {
			k = m2.a - 1
			continue
		}
		// "he and Ghani": a person pronoun in the group is the last person
		if (t.Lower == "he" || t.Lower == "she") && r.lastPerson != nil {
			out = append(out, r.lastPerson)
			k--
			continue
		}
		break
	}
	return dedupe(out)
}

func isOpenQuote(t string) bool  { return t == "\u201c" || t == "\u00ab" }
func isCloseQuote(t string) bool { return t == "\u201d" || t == "\u00bb" }

// inQuote reports whether token j stands inside a quotation of its
// sentence.
func (r *run) inQuote(j int) bool {
	s := r.sents[r.sentOf[j]]
	straight := 0
	for k := j - 1; k >= s.a; k-- {
		t := r.toks[k].Text
		if isCloseQuote(t) {
			return false
		}
		if isOpenQuote(t) {
			return true
		}
		if t == "\"" {
			straight++
		}
	}
	return straight%2 == 1
}

// quoteSpeaker finds who speaks a quotation: "He added, “We ...”",
// "X said: “...”", or "“...,” X said".
func (r *run) quoteSpeaker(si, j int) *ent {
	s := r.sents[si]
	q := -1
	for k := j - 1; k >= s.a; k-- {
		if t := r.toks[k].Text; isOpenQuote(t) || t == "\"" {
			q = k
			break
		}
	}
	if q < 0 {
		return nil
	}
	for k := q - 1; k >= s.a && k >= q-8; k-- {
		if m := r.mentAt(k); m != nil && m.kind == mkPerson && m.ent != nil {
			return m.ent
		}
		if w := r.low(k); (w == "he" || w == "she") && r.lastPerson != nil {
			return r.lastPerson
		}
	}
	// after the closing quote: "..., X said"
	for k := j + 1; k < s.b; k++ {
		if t := r.toks[k].Text; isCloseQuote(t) || t == "\"" {
			for n := k + 1; n < s.b && n <= k+6; n++ {
				if m := r.mentAt(n); m != nil && m.kind == mkPerson && m.ent != nil {
					return m.ent
				}
			}
			break
		}
	}
	return nil
}

// appositionAfter: at the comma opening an apposition after a name ("X,
// the U.S. special envoy for Afghan reconciliation, and Y"; "X, who
// chairs the government panel, and Y") returns the closing comma when
// another member of the group follows it; else -1.
func (r *run) appositionAfter(si, j int) int {
	s := r.sents[si]
	title := r.low(j+1) == "who"
	for k := j + 1; k < s.b && k < j+18; k++ {
		w := r.low(k)
		if w == "." || w == ";" || w == ":" {
			return -1
		}
		if w == "," {
			if k == j+1 || !title {
				return -1
			}
			if n := r.low(k + 1); n == "and" || r.actorAt(k+1) != nil {
				return k
			}
			return -1
		}
		if r.cue(k, fTitle) > 0 {
			title = true
		}
		if r.low(j+1) != "who" && (r.isVerbCue(k) && !r.isAux(k) || r.is(k, wRightBoundary)) {
			return -1
		}
		// "A, Ethiopian Prime Minister B, and C": a named person is a
		// member of the group, not an apposition (a possessor is fine:
		// "head of President X's team")
		if m := r.mentAt(k); m != nil && m.kind == mkPerson && !m.poss {
			return -1
		}
	}
	return -1
}

// appositionBefore: at the comma closing "X, <apposition>," returns X's
// mention when X is a person and the apposition is a title phrase or a
// short phrase without a verb ("better known as Timochenko").
func (r *run) appositionBefore(si, j int) *ment {
	s := r.sents[si]
	title, verb := false, false
	for k := j - 1; k >= s.a && k > j-16; k-- {
		if r.cue(k, fTitle) > 0 {
			title = true
		}
		if r.isVerbCue(k) || r.is(k, wLeftBoundary) || r.is(k, wRightBoundary) {
			verb = true
		}
		if r.toks[k].Text == "," {
			if k == j-1 || !title && (verb || j-k > 12) {
				return nil
			}
			if m := r.mentAt(k - 1); m != nil && m.kind == mkPerson && m.ent != nil {
				return m
			}
			return nil
		}
		if r.toks[k].Text == "." || r.toks[k].Text == ";" {
			return nil
		}
	}
	return nil
}

// rightGroup finds the actor group starting after pos.
func (r *run) rightGroup(si, pos, maxGap int) []*ent {
	s := r.sents[si]
	j := pos
	gap := 0
	for j < s.b {
		if m := r.actorAt(j); m != nil {
			break
		}
		if r.is(j, wRightBoundary) {
			return nil
		}
		if m := r.mentAt(j); m != nil {
			j = m.b
			gap++
			continue
		}
		if !(r.is(j, wSkipRight) || r.cue(j, fTitle) > 0 || r.is(j, wTitleMod) || r.cue(j, fHonorific) > 0) {
			gap++
		}
		if gap > maxGap {
			return nil
		}
		j++
	}
	var out []*ent
	for j < s.b {
		if m := r.actorAt(j); m != nil {
			out = append(out, r.mentEnts(m)...)
			j = m.b
			continue
		}
		t := r.toks[j]
		// "by X, the U.S. special envoy, and Y": over the apposition
		if t.Text == "," && len(out) > 0 {
			if c := r.appositionAfter(si, j); c > 0 {
				j = c + 1
				continue
			}
		}
		if m := r.mentAt(j); m != nil && m.mod {
			j = m.b
			continue
		}
		if r.is(j, wConnector) || t.Lower == "'s" || r.cue(j, fTitle) > 0 || r.is(j, wTitleMod) || r.is(j, wActorMod) || r.cue(j, fHonorific) > 0 || t.Lower == "from" || t.Lower == "so-called" || t.Lower == "guarantor" || t.Lower == "powers" || t.Text == "-" {
			if t.Lower == "," && j+1 < s.b && (r.low(j+1) == "who" || r.low(j+1) == "which") {
				break
			}
			j++
			continue
		}
		break
	}
	return dedupe(out)
}

func dedupe(xs []*ent) []*ent {
	seen := map[*ent]bool{}
	var out []*ent
	for _, x := range xs {
		if x != nil && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// betweenGroup returns the actors after "between" in the sentence.
func (r *run) betweenGroup(si, from int) []*ent {
	s := r.sents[si]
	for j := from; j < s.b; j++ {
		if r.low(j) == "between" {
			return r.rightGroup(si, j+1, 3)
		}
	}
	return nil
}

// countryOf maps a Leader or Delegation to its country entity.
func (r *run) countryOf(x *ent) *ent {
	if x == nil {
		return nil
	}
	if x.typ == TypeCountry || x.typ == TypeOrganization {
		return x
	}
	if x.country == "" {
		return nil
	}
	if c := r.lookup(TypeCountry, x.country); c != nil {
		return c
	}
	if c := r.lookup(TypeOrganization, x.country); c != nil {
		return c
	}
	return nil
}

func (r *run) states(xs []*ent) []*ent {
	var out []*ent
	for _, x := range xs {
		if c := r.countryOf(x); c != nil {
			out = append(out, c)
		}
	}
	return dedupe(out)
}

// relKey identifies a relation; entities are unique per type and name.
type relKey struct {
	typ      string
	src, dst *ent
}

func (r *run) addRel(typ string, src, dst *ent, conf float64, si int) {
	if src == nil || dst == nil || src == dst {
		return
	}
	if typ == RelMeets && src.name > dst.name {
		src, dst = dst, src
	}
	k := relKey{typ, src, dst}
	if old := r.rels[k]; old != nil {
		if conf > old.conf {
			old.conf, old.si = conf, si
		}
		return
	}
	x := &rel{typ: typ, src: src, dst: dst, conf: conf, si: si}
	r.rels[k] = x
	r.relOrder = append(r.relOrder, x)
}

func (r *run) hedged(si int) bool {
	if c := r.hedgeCache[si]; c != 0 {
		return c == 2
	}
	r.hedgeCache[si] = 1
	s := r.sents[si]
	for i := s.a; i < s.b; i++ {
		if r.isHedge(i) {
			r.hedgeCache[si] = 2
			return true
		}
	}
	return false
}

// isHedge: a hedge word, but not a capitalised one inside a sentence
// ("In May" is a month).
func (r *run) isHedge(i int) bool {
	return r.is(i, wHedge) && !(r.toks[i].Cap && i != r.sents[r.sentOf[i]].a)
}

// hedgedAt reports a hedge in the clause of token i: "Qatar could host
// talks" is hedged, "X chaired the talks, and said the deal would hold"
// is not. Conditionals (if, unless) hedge the whole sentence.
func (r *run) hedgedAt(i int) bool {
	si := r.sentOf[i]
	if !r.hedged(si) {
		return false
	}
	s := r.sents[si]
	for k := s.a; k < s.b; k++ {
		if w := r.low(k); (w == "if" || w == "unless") && r.is(k, wHedge) {
			return true
		}
	}
	boundary := func(k int) bool {
		switch r.low(k) {
		case ",", ";", ":", "\u2014", "(", ")", "said", "says", "told", "but", "while", "although", "whereas", "because", "saying":
			return true
		}
		return false
	}
	a := i
	for a > s.a && !boundary(a-1) {
		a--
	}
	b := i
	for b < s.b && !boundary(b) {
		b++
	}
	for k := a; k < b; k++ {
		if r.isHedge(k) {
			return true
		}
	}
	return false
}

func (r *run) conf(si int, base float64) float64 {
	if r.cur >= r.sents[si].a && r.cur < r.sents[si].b {
		if r.hedgedAt(r.cur) {
			base -= 0.25
		}
	} else if r.hedged(si) {
		base -= 0.25
	}
	if r.sents[si].title {
		base -= 0.1
	}
	return base
}

// findMainParties picks the article's two (or more) main parties: the
// first "between A and B" or coordinated subject of talks or an agreement.
func (r *run) findMainParties() {
	for pass := 0; pass < 2; pass++ {
		if r.findMainPartiesIn(pass == 1) {
			return
		}
	}
}

func (r *run) findMainPartiesIn(headline bool) bool {
	for si, s := range r.sents {
		if s.title != headline {
			continue
		}
		for i := s.a; i < s.b; i++ {
			var g []*ent
			if r.low(i) == "between" {
				g = r.states(r.rightGroup(si, i+1, 3))
			} else if (r.cue(i, fAcceptVerb) > 0 || r.cue(i, fMeetVerb) > 0) && !r.hyphenated(i) {
				g = r.states(r.leftGroup(si, i, 4))
			} else if r.cue(i, fMeetNoun) > 0 {
				// "A and B resumed talks"
				for k := i - 1; k >= s.a && k >= i-6; k-- {
					if r.holdVerb(k) {
						g = r.states(r.leftGroup(si, k, 4))
						break
					}
					if r.mentAt(k) != nil {
						break
					}
				}
			}
			if len(g) >= 2 {
				r.mainParties = g
				return true
			}
		}
	}
	return false
}

// ---------- proposals

var determiners = map[string]bool{"a": true, "an": true, "the": true, "its": true, "their": true, "his": true, "her": true, "any": true,
	"this": true, "that": true, "these": true, "those": true, "another": true, "such": true, "our": true, "my": true, "of": true,
	"for": true, "to": true, "on": true, "in": true, "by": true, "with": true, "from": true, "at": true, "no": true}

// mergedGroups are proposal groups whose mentions are one proposal per
// article ("the ceasefire", "a truce").
var mergedGroups = map[string]bool{"ceasefire": true, "exchange": true, "hostage": true, "meeting": true, "withdrawal": true,
	"embargo": true, "corridor": true, "observer": true, "aid": true, "talks": true}

// anaphorTarget is what "the deal", "the document" refer to: the latest
// proposal unless that is talks or a meeting, else the latest
// agreement-like one.
func (r *run) anaphorTarget() *ent {
	agreementLike := func(x *ent) bool {
		return x.group == "agreement" || x.group == "named" || x.group == "plan" || x.group == "ceasefire"
	}
	if x := r.lastProposal; x != nil && agreementLike(x) {
		return x
	}
	for i := len(r.order) - 1; i >= 0; i-- {
		if x := r.order[i]; x.typ == TypeProposal && agreementLike(x) {
			return x
		}
	}
	if x := r.lastProposal; x != nil && x.group != "talks" && x.group != "meeting" {
		return x
	}
	return nil
}

func (r *run) proposal(name, group string, specific bool) *ent {
	name = strings.TrimSpace(strings.Trim(name, " ,\"\u201c\u201d"))
	if name == "" {
		return nil
	}
	if mergedGroups[group] {
		for _, x := range r.order {
			if x.typ == TypeProposal && x.group == group {
				return x
			}
		}
	}
	if !specific && (group == "agreement" || group == "plan") {
		// "the deal", "the agreement": the latest agreement-like proposal
		for i := len(r.order) - 1; i >= 0; i-- {
			x := r.order[i]
			if x.typ == TypeProposal && (x.group == "agreement" || x.group == "named" || x.group == "plan" || x.group == "ceasefire") {
				return x
			}
		}
	}
	x := r.entity(TypeProposal, name)
	if x.group == "" {
		x.group = group
	}
	return x
}

// parseProposal reads the proposal named after pos (within maxGap tokens):
// "a full 30-day ceasefire", "an offer by X for a face-to-face meeting",
// "Cairo's proposal", "the offer". Side effect: proposers named inside
// ("offer by X", "Israeli ceasefire proposal", "U.S.-backed proposal")
// get PROPOSES relations.
func (r *run) parseProposal(si, pos, maxGap int) *ent {
	s := r.sents[si]
	gap := 0
	for j := pos; j < s.b && gap <= maxGap; j++ {
		t := r.toks[j]
		if t.Text == "." || t.Text == ";" || (t.Lower == "which" || t.Lower == "who") {
			return nil
		}
		if m := r.mentAt(j); m != nil && m.kind == mkProposal {
			return m.ent
		}
		fam, l := r.cueKind(j, famProposal)
		if l == 0 && r.is(j, wAnaphor) {
			fam, l = "agreement", 1
		}
		if l == 0 {
			if r.mentAt(j) != nil {
				j = r.mentAt(j).b - 1
			}
			gap++
			continue
		}
		// "normalisation deals", "ceasefire agreement": in a compound of
		// two proposal nouns the last is the head
		if f2, l2 := r.cueKind(j+l, famProposal); l2 > 0 && f2 != fam && (f2 == "agreement" || !r.is(j+l, wContainer) && r.low(j+l) != "proposal") {
			fam, l = f2, l+l2
		}
		group := fam
		if group == "talks" && gap > 2 {
			gap++
			continue
		}
		head := strings.ToLower(r.span(j, j+l))
		end := j + l
		// container: "proposal for a ceasefire", "offer by X for Y"
		if r.e.containers[head] || head == "proposal" {
			k := end
			var proposers []*ent
			if w := r.low(k); w == "by" || w == "from" {
				g := r.rightGroup(si, k+1, 2)
				proposers = g
				// skip the group
				for k < s.b && r.low(k) != "for" && r.low(k) != "to" && r.low(k) != "on" && k < end+12 {
					k++
				}
			}
			if w := r.low(k); w == "for" || w == "to" || w == "on" || w == "of" {
				if inner := r.parseProposal(si, k+1, 6); inner != nil {
					for _, p := range proposers {
						r.addRel(RelProposes, p, inner, r.conf(si, 0.8), si)
					}
					r.modProposers(si, j, inner)
					return inner
				}
			}
			if w := r.low(k); w == "that" {
				if x := r.clauseProposal(si, k+1); x != nil {
					for _, p := range proposers {
						r.addRel(RelProposes, p, x, r.conf(si, 0.8), si)
					}
					r.modProposers(si, j, x)
					return x
				}
			}
			// bare container: "the offer", "Cairo's proposal"
			a := r.modStart(si, j)
			specific := a < j && !r.onlyDeterminerMods(a, j)
			var x *ent
			if !specific && r.lastProposal != nil {
				x = r.lastProposal
			} else if r.lastProposal != nil && r.onlyActorMods(a, j) {
				x = r.lastProposal
			} else {
				x = r.proposal(r.span(a, end), "plan", specific)
			}
			for _, p := range proposers {
				r.addRel(RelProposes, p, x, r.conf(si, 0.8), si)
			}
			r.modProposers(si, j, x)
			return x
		}
		a := r.modStart(si, j)
		// right complement: "exchange of prisoners", "agreement on ..."
		b := end
		if w := r.low(b); (w == "of" || w == "on" || w == "for") && group != "named" && !(w == "on" && r.placePhrase(b+1)) {
			k := b + 1
			for k < s.b && k < b+5 && r.toks[k].Word && !r.is(k, wRightBoundary) && r.low(k) != "and" && r.low(k) != "in" && r.low(k) != "with" && r.low(k) != "to" && r.low(k) != "by" && r.low(k) != "alongside" && r.low(k) != "at" && !r.isAux(k) {
				k++
			}
			if k > b+1 {
				b = k
			}
		}
		specific := a < j && !r.onlyDeterminerMods(a, j) || b > end || l > 1
		if w := r.low(a - 1); !specific && (w == "a" || w == "an") {
			specific = true // "a roadmap": a new one, not the last plan
		}
		// "the documents on the hotel terrace": a definite anaphor with a
		// place after it is still the anaphor
		if b > end && a == j && r.low(j-1) == "the" && r.e.anaphors[head] && (r.low(end) == "on" || r.low(end) == "at") {
			specific, b = false, end
		}
		if !specific && r.e.anaphors[head] {
			if x := r.anaphorTarget(); x != nil {
				r.modProposers(si, j, x)
				return x
			}
		}
		x := r.proposal(r.span(a, b), group, specific)
		r.modProposers(si, j, x)
		return x
	}
	return nil
}

// modStart walks left over the modifiers of a proposal head: numbers,
// hyphenated compounds, adjectives, demonyms ("full 30-day", "Israeli").
func (r *run) modStart(si, j int) int {
	s := r.sents[si]
	a := j
	for k := j - 1; k >= s.a && j-k <= 7; k-- {
		t := r.toks[k]
		if r.is(k, wDeterminer) || t.Text == "," || t.Text == "\u201c" || t.Text == "\"" || r.cue(k, fTitle) > 0 {
			break
		}
		if m := r.mentAt(k); m != nil {
			if m.kind == mkDemonym || m.kind == mkCountry || m.kind == mkCapital || m.kind == mkMetonym || m.kind == mkOrg {
				a = m.a
				k = m.a
				if m.poss {
					break
				}
				continue
			}
			break
		}
		if t.Lower == "'s" {
			continue
		}
		if r.isVerbCue(k) {
			break
		}
		if t.Word || t.Text == "-" || t.Lower == "and" {
			a = k
			continue
		}
		break
	}
	for a < j && (r.low(a) == "and" || r.toks[a].Text == "-") {
		a++
	}
	return a
}

var verbFams = []int{fAcceptVerb, fRejectVerb, fProposeVerb, fMeetVerb, fMediateVerb, fVisitVerb, fReporting}

func (r *run) isVerbCue(k int) bool {
	for _, f := range verbFams {
		if r.cue(k, f) > 0 {
			return true
		}
	}
	low := r.low(k)
	return low == "is" || low == "was" || low == "were" || low == "are" || low == "be" || low == "been" || low == "has" || low == "had" || low == "have" || low == "will" || low == "would"
}

func (r *run) onlyDeterminerMods(a, j int) bool {
	for k := a; k < j; k++ {
		w := r.low(k)
		if w != "new" && w != "latest" && w != "proposed" && w != "draft" && w != "initial" && w != "landmark" && w != "historic" {
			return false
		}
	}
	return true
}

func (r *run) onlyActorMods(a, j int) bool {
	for k := a; k < j; k++ {
		if r.mentAt(k) == nil && r.low(k) != "'s" {
			return false
		}
	}
	return a < j
}

// modProposers adds PROPOSES for actors modifying a proposal head:
// "Israeli ceasefire proposal", "Cairo's proposal", "U.S.-backed proposal".
func (r *run) modProposers(si, j int, x *ent) {
	if x == nil {
		return
	}
	r.lastProposal = x
	s := r.sents[si]
	containerAt := false
	for k := j; k < s.b && k < j+3; k++ {
		if r.is(k, wContainer) || r.low(k) == "proposal" || r.low(k) == "plan" {
			containerAt = true
		}
	}
	for k := j - 1; k >= s.a && j-k <= 6; k-- {
		t := r.toks[k]
		if r.is(k, wDeterminer) && t.Lower != "its" {
			break
		}
		if t.Text == "-" && k+1 < s.b {
			if fam := r.e.hyphen[r.low(k+1)]; fam == "back" || fam == "propose" {
				for _, p := range r.hyphenActors(si, k) {
					r.addRel(RelProposes, p, x, r.conf(si, 0.8), si)
				}
				return
			}
		}
		if m := r.mentAt(k); m != nil && containerAt {
			if m.kind == mkDemonym || m.kind == mkCountry || m.kind == mkCapital || m.kind == mkMetonym || m.kind == mkOrg || (m.kind == mkPerson && m.poss) {
				if m.kind == mkCountry && !m.poss {
					continue
				}
				src := m.ent
				if src == nil && m.ref.country != "" {
					src = r.country(m.ref.country)
				}
				r.addRel(RelProposes, src, x, r.conf(si, 0.7), si)
				return
			}
		}
	}
}

// clauseProposal names a proposal by the clause after "that" or "to":
// "proposed that the United States ... be invited to mediate".
func (r *run) clauseProposal(si, k int) *ent {
	s := r.sents[si]
	end := k
	for end < s.b && end < k+14 {
		w := r.low(end)
		if w == "." || w == ";" || w == "," && end > k+3 || w == "after" || w == "before" || w == "amid" || w == "within" || w == "following" || w == "during" || w == "but" || w == "while" || w == "saying" ||
			w == "in" && r.low(end+1) == "exchange" {
			break
		}
		end++
	}
	if end <= k {
		return nil
	}
	// a clause that names a proposal head uses that noun phrase
	if x := r.parseProposalIn(si, k, end); x != nil {
		return x
	}
	name := r.span(k, end)
	x := r.entity(TypeProposal, name)
	if x.group == "" {
		x.group = "clause"
	}
	r.lastProposal = x
	return x
}

func (r *run) parseProposalIn(si, a, b int) *ent {
	// in a that-clause (r.preferNew) prefer a new (indefinite) proposal
	// to one referred back to: "that the final deal be put to voters in a
	// plebiscite"
	first := -1
	for j := a; j < b; j++ {
		if m := r.mentAt(j); m != nil && m.kind == mkProposal {
			return m.ent
		}
		if _, l := r.cueKind(j, famProposal); l > 0 {
			if r.low(j) == "exchange" && r.low(j-1) == "in" {
				continue // "in exchange for"
			}
			if first < 0 {
				first = j
			}
			if !r.preferNew || !r.definiteBefore(j) {
				return r.parseProposal(si, j, 0)
			}
		}
	}
	if first >= 0 {
		return r.parseProposal(si, first, 0)
	}
	return nil
}

// definiteBefore: the noun at j has "the" (or a possessive) before its
// modifiers.
func (r *run) definiteBefore(j int) bool {
	s := r.sents[r.sentOf[j]]
	for k := j - 1; k >= s.a && k >= j-4; k-- {
		switch w := r.low(k); w {
		case "the", "its", "their", "his", "her", "this", "that", "'s":
			return true
		case "a", "an":
			return false
		}
		if !r.toks[k].Word {
			return false
		}
	}
	return false
}

// hedgedClause: a that-clause with a modal ("that a referendum could be
// held") names a possibility, not a proposal.
func (r *run) hedgedClause(si, k int) bool {
	s := r.sents[si]
	for j := k; j < s.b && j < k+14; j++ {
		switch r.low(j) {
		case "could", "might", "may":
			return true
		case ".", ";":
			return false
		}
	}
	return false
}

// relativeObject: the proposal verb at i is in a relative clause whose
// antecedent is its object ("a forum, which she proposed to convene");
// returns the position of "which", else -1.
func (r *run) relativeObject(si, i int) int {
	s := r.sents[si]
	k := i - 1
	for k >= s.a && (r.isAux(k) || r.low(k) == "also" || r.low(k) == "then") {
		k--
	}
	if k < s.a {
		return -1
	}
	if m := r.mentAt(k); m != nil && m.kind == mkPerson {
		k = m.a - 1
	} else if w := r.low(k); w == "he" || w == "she" || w == "they" || w == "it" || w == "we" {
		k--
	} else {
		return -1
	}
	if k >= s.a && (r.low(k) == "which" || r.low(k) == "that") {
		return k
	}
	return -1
}

// proposalInSentence: a proposal is named before i in its sentence.
func (r *run) proposalInSentence(si, i int) bool {
	s := r.sents[si]
	for j := s.a; j < i; j++ {
		if m := r.mentAt(j); m != nil && m.kind == mkProposal {
			return true
		}
		if _, l := r.cueKind(j, famProposal); l > 0 || r.is(j, wAnaphor) {
			return true
		}
	}
	return false
}

// leftProposal finds the proposal named before pos in the sentence (for
// passives: "The document was signed by ..."), else the latest one.
func (r *run) leftProposal(si, pos int) *ent {
	s := r.sents[si]
	for j := pos - 1; j >= s.a && j >= pos-14; j-- {
		if m := r.mentAt(j); m != nil && m.kind == mkProposal {
			return m.ent
		}
		if _, l := r.cueKind(j, famProposal); l > 0 || r.is(j, wAnaphor) {
			k := j
			for k-1 >= s.a && r.toks[k-1].Word && !r.is(k-1, wDeterminer) && pos-k < 14 {
				k--
			}
			return r.parseProposal(si, k, 3)
		}
	}
	return r.lastProposal
}

// ---------- relations per sentence

func (r *run) relations(si int) {
	s := r.sents[si]
	var venues []*ent
	var venuePos []int // token of each venue of this sentence (-1: from elsewhere)
	for i := s.a; i < s.b; i++ {
		if m := r.mentAt(i); m != nil && m.venue && m.ent != nil && m.a == i && !r.notMeetingPlace(si, m) {
			venues = append(venues, m.ent)
			venuePos = append(venuePos, i)
		}
	}
	mediators := map[*ent]bool{}
	var parts []*ent
	addParts := func(xs ...*ent) { parts = append(parts, xs...) }
	for i := s.a; i < s.b; i++ {
		r.cur = i
		t := r.toks[i]
		// hyphenated cues: "Turkish-brokered", "U.S.-backed"
		if t.Text == "-" && !t.Space && i+1 < s.b && !r.toks[i+1].Space {
			if fam, ok := r.e.hyphen[r.low(i+1)]; ok {
				actors := r.hyphenActors(si, i)
				if len(actors) > 0 {
					switch fam {
					case "mediate", "back", "lead":
						if fam == "back" && r.proposalSoon(si, i+2) {
							r.parseProposal(si, i+2, 4) // PROPOSES via modProposers
							break
						}
						// "AU-led negotiations", "U.S.-backed talks"
						if fam == "mediate" || r.eventSoon(si, i+2) {
							parties := r.partiesFor(si, actors)
							for _, m := range actors {
								mediators[m] = true
								for _, p := range parties {
									r.addRel(RelMediates, m, p, r.conf(si, 0.85), si)
								}
							}
						}
					case "propose":
						r.parseProposal(si, i+2, 4)
					}
				}
			}
		}
		if r.cueMask[i] == 0 && r.mentAt(i) == nil {
			// no cue starts here: only the cue-less rules apply
			r.fromWhere(si, i)
			r.visitByBeing(si, i)
			continue
		}
		r.pairCue(si, i, &parts)
		if r.mentAt(i) != nil && r.mentAt(i).kind != mkPlural && r.mentAt(i).a == i && r.mentAt(i).kind != mkProposal {
			// cues never start inside names
			if m := r.mentAt(i); m.kind == mkPerson || m.kind == mkCountry || m.kind == mkOrg || m.kind == mkPlace || m.kind == mkCapital {
				if m.kind == mkPerson {
					r.lastPerson = m.ent
					if r.clauseSubject(m) {
						r.lastSubject = m.ent
					}
				} else if isActorEnt(m.ent) && !m.mod {
					r.lastActor = m.ent
				}
				i = m.b - 1
				continue
			}
		}
		// passive mediation: "mediated by Qatar and Turkiye"
		if l := r.cue(i, fMediatePassive); l > 0 {
			meds := r.rightGroup(si, i+l, 2)
			if len(meds) > 0 {
				parties := r.partiesFor(si, meds)
				for _, m := range meds {
					mediators[m] = true
					for _, p := range parties {
						r.addRel(RelMediates, m, p, r.conf(si, 0.85), si)
					}
				}
			}
			i += l - 1
			continue
		}
		if l := r.cue(i, fMediateVerb); l > 0 && !r.prevIsDeterminer(i) && !r.mediationUnrealised(i) {
			w := r.low(i)
			hostLike := strings.HasPrefix(w, "host") || strings.HasPrefix(w, "sponsor")
			if !hostLike || r.eventSoon(si, i+l) {
				meds := r.leftGroup(si, i, 8)
				if len(meds) > 0 {
					parties := r.states(r.betweenGroup(si, i+l))
					if len(parties) == 0 {
						g := r.rightGroup(si, i+l, 1)
						parties = r.states(g)
					}
					if len(parties) == 0 {
						parties = r.partiesFor(si, meds)
					}
					c := 0.8
					if hostLike {
						c = 0.6
						r.datelineVenue(si, meds, &venues)
					} else if x := r.parseProposal(si, i+l, 3); x != nil && x.group != "talks" && x.group != "meeting" {
						x.kept = true
					}
					for _, m := range meds {
						mediators[m] = true
						for _, p := range parties {
							r.addRel(RelMediates, m, p, r.conf(si, c), si)
						}
					}
				}
			}
		}
		if l := r.cue(i, fMediateNoun); l > 0 && r.cue(i, fMediateVerb) == 0 {
			var meds []*ent
			// "the Qatari mediators", "Qatar's mediation", "mediators in Qatar"
			if m := r.mentAt(i - 1); i-1 >= s.a && m != nil && (m.kind == mkDemonym || m.kind == mkCountry || m.kind == mkOrg) {
				meds = append(meds, r.entOf(m))
				// "the Saudi-U.S. mediators"
				if m.a-2 >= s.a && r.toks[m.a-1].Fold == "-" && !r.toks[m.a-1].Space {
					if m2 := r.mentAt(m.a - 2); m2 != nil && (m2.kind == mkDemonym || m2.kind == mkCountry || m2.kind == mkOrg) {
						meds = append(meds, r.entOf(m2))
					}
				}
			} else if i-2 >= s.a && r.toks[i-1].Lower == "'s" && r.mentAt(i-2) != nil {
				meds = append(meds, r.entOf(r.mentAt(i-2)))
			} else if r.low(i+l) == "in" || r.low(i+l) == "from" {
				if m := r.mentAt(i + l + 1); m != nil {
					meds = append(meds, r.entOf(m))
				}
			} else if r.low(i+l) == "of" || r.low(i+l) == "by" {
				meds = r.rightGroup(si, i+l+1, 1)
			} else {
				meds = r.leftGroup(si, i, 3)
			}
			// "efforts undertaken with Egypt and the United States"
			for k := i + l; k < s.b && k < i+l+6; k++ {
				if r.low(k) == "with" {
					meds = append(meds, r.rightGroup(si, k+1, 1)...)
					break
				}
				if r.low(k) == "between" {
					break
				}
			}
			meds = dedupe(meds)
			if len(meds) > 0 {
				parties := r.partiesFor(si, meds)
				for _, m := range meds {
					if m == nil {
						continue
					}
					mediators[m] = true
					for _, p := range parties {
						r.addRel(RelMediates, m, p, r.conf(si, 0.75), si)
					}
				}
			}
		}
		// PROPOSES
		if l := r.cue(i, fProposePassive); l > 0 {
			agents := r.rightGroup(si, i+l, 2)
			if len(agents) > 0 {
				if x := r.leftProposal(si, i); x != nil {
					for _, a := range agents {
						r.addRel(RelProposes, a, x, r.conf(si, 0.8), si)
					}
				}
			}
			i += l - 1
			continue
		}
		if l := r.cue(i, fProposeVerb); l > 0 && !r.prevIsDeterminer(i) && !r.isNounUse(i, l) {
			subj := r.leftGroup(si, i, 6)
			var x *ent
			k := i + l
			if len(subj) == 0 {
				i += l - 1
				continue
			}
			thatClause := false
			if rel := r.relativeObject(si, i); rel >= 0 && r.low(k) == "to" {
				// "a political dialogue forum, which she proposed to convene"
				x = r.leftProposal(si, rel)
			} else if r.low(k) == "that" || r.low(k-1) == "that" {
				// "proposed that ...", "insisted that ...", "demanded that ..."
				c := k
				if r.low(k) == "that" {
					c = k + 1
				}
				r.preferNew = true
				x = r.clauseProposal(si, c)
				r.preferNew = false
				thatClause = true
			} else if r.low(k) == "to" && r.isVerbish(k+1) {
				x = r.clauseProposal(si, k+1)
			} else {
				// "proposed to Russia holding a meeting": skip an indirect object
				x = r.parseProposal(si, k, 8)
				if x == nil && strings.HasSuffix(r.low(k), "ing") {
					x = r.clauseProposal(si, k)
				}
				// "called on Congress to pass a law"
				if x == nil {
					for j := k; j < s.b && j < k+6; j++ {
						if r.is(j, wRightBoundary) || r.low(j) == "," {
							break
						}
						if r.low(j) == "to" && r.isVerbish(j+1) {
							x = r.clauseProposal(si, j+1)
							break
						}
					}
				}
			}
			if r.negation(i) != negNone || x != nil && thatClause && r.hedgedClause(si, k) {
				x = nil // "was not invited", "suggested that a referendum could be held"
			}
			if x != nil {
				for _, a := range subj {
					r.addRel(RelProposes, a, x, r.conf(si, 0.8), si)
				}
			}
			i += l - 1
			continue
		}
		// REJECTS
		if l := r.cue(i, fRejectPassive); l > 0 {
			// "The demand for a withdrawal was swiftly rejected by the M23"
			agents := r.rightGroup(si, i+l, 2)
			if len(agents) > 0 && r.negation(i) == negNone {
				if x := r.leftProposal(si, i); x != nil {
					for _, a := range agents {
						r.addRel(RelRejects, a, x, r.conf(si, 0.8), si)
					}
				}
			}
			i += l - 1
			continue
		}
		if l := r.cue(i, fRejectNoun); l > 0 {
			subj := r.leftGroup(si, i, 2)
			if x := r.parseProposal(si, i+l, 4); x != nil {
				for _, a := range subj {
					r.addRel(RelRejects, a, x, r.conf(si, 0.8), si)
				}
			}
			i += l - 1
			continue
		}
		if l := r.cue(i, fRejectVerb); l > 0 && !r.prevIsDeterminer(i) {
			subj := r.leftGroup(si, i, 6)
			if len(subj) == 0 || r.negation(i) != negNone {
				// "did not reject", "neither endorsed nor ruled out"
				i += l - 1
				continue
			}
			if x := r.parseProposal(si, i+l, 6); x != nil {
				for _, a := range subj {
					r.addRel(RelRejects, a, x, r.conf(si, 0.8), si)
				}
			}
			i += l - 1
			continue
		}
		// ACCEPTS
		if l := r.cue(i, fAcceptNoun); l > 0 {
			agents := r.leftGroup(si, i, 2)
			x := r.parseProposal(si, i+l, 4)
			if len(agents) == 0 {
				agents = r.betweenGroup(si, i+l)
			}
			if x == nil && (r.low(i) == "signature" || r.low(i) == "signatures") {
				x = r.lastProposal
			}
			if x != nil {
				for _, a := range agents {
					r.accepts(a, x, si, 0.75)
				}
				addParts(agents...)
			}
			i += l - 1
			continue
		}
		if l := r.cue(i, fAcceptPassive); l > 0 && r.low(i+l-1) != "in" {
			var agents []*ent
			if r.low(i+l-1) == "by" {
				agents = r.rightGroup(si, i+l, 2)
			} else {
				agents = r.rightGroup(si, i+l, 2) // "reached between the two countries"
			}
			if x := r.leftProposal(si, i); x != nil {
				for _, a := range agents {
					r.accepts(a, x, si, 0.8)
				}
				addParts(agents...)
			}
			i += l - 1
			continue
		}
		if l := r.cue(i, fAcceptVerb); l > 0 && !r.prevIsDeterminer(i) && !r.isNounUse(i, l) && !r.hyphenated(i) {
			passive := r.isPassive(i)
			var agents []*ent
			var x *ent
			if passive {
				agents = r.betweenGroup(si, i+l)
				x = r.leftProposal(si, i)
				if len(agents) == 0 {
					agents = r.byAgents(si, i+l)
				}
				if len(agents) == 0 && x != nil && r.low(i+l) != "by" && r.proposalInSentence(si, i) {
					agents = r.mainParties
				}
			} else {
				agents = r.leftGroup(si, i, 6)
				if len(agents) == 0 {
					i += l - 1
					continue
				}
				k := r.skipTime(si, i+l)
				if r.low(k) == "to" && r.isVerbish(k+1) {
					x = r.clauseProposal(si, k+1)
				} else if r.low(k) == "that" {
					x = nil
				} else {
					if r.low(k) == "to" || r.low(k) == "on" || r.low(k) == "upon" {
						k++
					}
					x = r.parseProposal(si, k, 6)
					if x == nil && r.isVerbish(k) && (r.low(i) == "agreed" || r.low(i) == "agree" || r.low(i) == "agrees") {
						x = r.clauseProposal(si, k)
					}
				}
			}
			neg := r.negation(i)
			switch {
			case !passive && r.helpBefore(i):
				// "Angola and Zambia helped seal the deal": they mediated
				parties := r.partiesFor(si, agents)
				for _, m := range agents {
					mediators[m] = true
					for _, p := range parties {
						r.addRel(RelMediates, m, p, r.conf(si, 0.7), si)
					}
				}
			case neg == negNone:
				if x != nil {
					for _, a := range agents {
						r.accepts(a, x, si, 0.8)
					}
					addParts(agents...)
				}
				if !passive {
					r.jointAct(si, i, l, agents, x, mediators)
				}
				if len(agents) >= 2 {
					r.lastGroup = agents
				}
			case neg == negPlain && !r.hedgedAt(i) && x != nil:
				// "his government had not agreed to the exchange"
				for _, a := range agents {
					r.addRel(RelRejects, a, x, r.conf(si, 0.7), si)
				}
			}
			i += l - 1
			continue
		}
		// LEADS: "delegation led by X", "X ... to lead the Chinese delegation"
		if l := r.cue(i, fLeadPassive); l > 0 {
			if d := r.delegBefore(si, i); d != nil {
				for _, p := range r.rightGroup(si, i+l, 3) {
					if p.typ == TypeLeader {
						r.leads(p, d, si)
						break
					}
				}
			}
			i += l - 1
			continue
		}
		if l := r.cue(i, fLeadVerb); l > 0 && !r.prevIsDeterminer(i) {
			if d := r.delegAfter(si, i+l); d != nil {
				for _, p := range r.leftGroup(si, i, 8) {
					if p.typ == TypeLeader {
						r.leads(p, d, si)
						break
					}
				}
			}
		}
		if l := r.cue(i, fLeadNoun); l > 0 {
			if d := r.delegAfter(si, i+l); d != nil {
				var p []*ent
				if i-1 >= s.a && r.toks[i-1].Text == "," {
					p = r.leftGroup(si, i-1, 1)
				}
				if len(p) == 0 {
					p = r.rightGroup(si, i+l+2, 3)
				}
				for _, x := range p {
					if x.typ == TypeLeader {
						r.leads(x, d, si)
						break
					}
				}
			}
		}
		// VISITS
		if l := r.cue(i, fVisitVerb); l > 0 && !r.isNounUseVisit(i) {
			r.visits(si, i, l)
		}
		r.visitByBeing(si, i)
		r.fromWhere(si, i)
		if l := r.cue(i, fAttendVerb); l > 0 && r.negation(i) == negNone && !r.unrealised(i) {
			addParts(r.leftGroup(si, i, 3)...)
			addParts(r.rightGroup(si, i+l, 3)...)
		}
	}
	for m := range mediators {
		r.mediators[m] = true
	}
	parts = append(parts, r.parts[si]...)
	// MEETS_IN: the actors of the sentence's talks, meetings or signings
	if len(venues) == 0 && len(parts) > 0 && r.hasAttend(si) {
		for k := si - 1; k >= 0 && k >= si-4; k-- {
			if v := r.venuesOf(k); len(v) > 0 {
				venues = v
				venuePos = make([]int, len(v))
				for j := range venuePos {
					venuePos[j] = -1
				}
				break
			}
		}
	}
	if len(venues) > 0 {
		if len(parts) == 0 && r.sentHasEvent(si) && !r.eventUnrealised(si) {
			// no cue said who met there: the actors of the sentence, but
			// when the article's main parties are known only those
			// among them (and people acting for them)
			isMain := map[*ent]bool{}
			for _, p := range r.mainParties {
				isMain[p] = true
			}
			for i := s.a; i < s.b; i++ {
				if m := r.actorAt(i); m != nil {
					for _, x := range r.mentEnts(m) {
						if len(isMain) == 0 || isMain[x] || isMain[r.countryOf(x)] {
							parts = append(parts, x)
						}
					}
					i = m.b - 1
				}
			}
		}
		// where each participant is named in the sentence (a possessor,
		// "Biden's special envoy", is not there in person)
		pos := map[*ent]int{}
		onlyPoss := map[*ent]bool{}
		for i := s.a; i < s.b; i++ {
			if m := r.mentAt(i); m != nil && m.a == i && m.ent != nil {
				if _, ok := pos[m.ent]; !ok {
					pos[m.ent] = i
					onlyPoss[m.ent] = m.poss && m.kind == mkPerson
				} else if !m.poss {
					onlyPoss[m.ent] = false
				}
			}
		}
		for _, p := range dedupe(parts) {
			if mediators[p] || p.typ == TypeVenue || onlyPoss[p] {
				continue
			}
			for vi, v := range venues {
				// "X signed in Baabda, followed by Y's signature in
				// Jerusalem": with several places, each participant
				// met at the nearest one
				if len(venues) > 1 && venuePos[vi] >= 0 {
					pp, ok := pos[p]
					if !ok {
						continue
					}
					best := vi
					for vj := range venues {
						if venuePos[vj] >= 0 && abs(venuePos[vj]-pp) < abs(venuePos[best]-pp) {
							best = vj
						}
					}
					if best != vi {
						continue
					}
				}
				r.addRel(RelMeetsIn, p, v, r.conf(si, 0.7), si)
				if p.typ == TypeLeader {
					if c := r.countryOf(p); c != nil && !mediators[c] {
						r.addRel(RelMeetsIn, c, v, r.conf(si, 0.5), si)
					}
				}
			}
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// notMeetingPlace: a place named as an origin ("landing in Cairo from
// Khartoum"), where someone spoke ("Speaking in Erzurum"), or in a
// clause about what is still to come ("before he was set to leave for
// the G20 summit in Hamburg", "would be in Havana") is not where the
// sentence's meeting took place.
func (r *run) notMeetingPlace(si int, m *ment) bool {
	s := r.sents[si]
	if r.low(m.a-1) == "from" && !(r.low(m.b) == "where" || r.low(m.b) == "," && r.low(m.b+1) == "where") {
		return true
	}
	for k := m.a - 1; k >= s.a && k >= m.a-10; k-- {
		switch r.low(k) {
		case ",", ";", ":", "\u2014", "(", "and", "but", "while", "after", "where", "which", "who":
			return false
		case "speaking", "spoke", "addressing", "tweeted", "will", "would", "could", "might", "ahead", "leave",
			"set", "due", "expected", "scheduled", "planned", "plans", "coming", "next", "upcoming", "future":
			return true
		}
	}
	return false
}

// datelineVenue: "DOHA: Qatar hosted a signing ceremony ..." — with no
// place in the sentence, the dateline city is where the host held it when
// it lies in the host's country.
func (r *run) datelineVenue(si int, hosts []*ent, venues *[]*ent) {
	if len(*venues) > 0 || r.dateline == nil || r.dateline.place == nil {
		return
	}
	for _, h := range hosts {
		if c := r.countryOf(h); c != nil && c.name == r.dateline.place.country {
			v := r.entity(TypeVenue, r.dateline.place.name)
			v.country = c.name
			v.mentions++
			*venues = append(*venues, v)
			return
		}
	}
}

func (r *run) entOf(m *ment) *ent {
	if m == nil {
		return nil
	}
	if m.ent != nil {
		return m.ent
	}
	if m.ref.country != "" && r.e.countrySet[m.ref.country] {
		return r.country(m.ref.country)
	}
	return nil
}

func (r *run) venuesOf(si int) []*ent {
	var out []*ent
	s := r.sents[si]
	for i := s.a; i < s.b; i++ {
		if m := r.mentAt(i); m != nil && m.venue && m.ent != nil && m.a == i && !r.notMeetingPlace(si, m) {
			out = append(out, m.ent)
		}
	}
	return out
}

func (r *run) hasAttend(si int) bool {
	s := r.sents[si]
	for i := s.a; i < s.b; i++ {
		if r.cue(i, fAttendVerb) > 0 && r.negation(i) == negNone && !r.unrealised(i) {
			return true
		}
		// a place of this sentence that is no meeting place: do not look
		// for one in earlier sentences
		if m := r.mentAt(i); m != nil && m.venue && m.a == i && r.notMeetingPlace(si, m) {
			return false
		}
	}
	return false
}

// negation kinds before a verb
const (
	negNone    = iota
	negPlain   // "had not agreed", "didn't sign"
	negNeither // "neither endorsed nor ruled out": no stance either way
)

// negation reports whether the verb at i is negated: a negation word
// right before it, or with only adverbs and auxiliaries between ("has so
// far not formally agreed").
func (r *run) negation(i int) int {
	s := r.sents[r.sentOf[i]]
	for k := i - 1; k >= s.a && k >= i-5; k-- {
		w := r.low(k)
		if w == "neither" || w == "nor" {
			return negNeither
		}
		if r.is(k, wNegation) || w == "t" && k-1 >= s.a && r.low(k-1) == "'" && !r.toks[k-1].Space {
			return negPlain
		}
		if !r.is(k, wNegGap) {
			return negNone
		}
	}
	return negNone
}

// jointAct: "A and B signed a ceasefire", "the two men signed the
// document", "X signed the accord with Y" — the signatories of one act
// met. Mediators of the sentence are not counted as parties.
func (r *run) jointAct(si, i, l int, agents []*ent, x *ent, mediators map[*ent]bool) {
	if r.cue(i, fJointVerb) == 0 {
		return
	}
	s := r.sents[si]
	if r.helpBefore(i) {
		return // "Turkey and Qatar helped seal a truce": they are not its parties
	}
	if r.unrealised(i) || r.question(si) {
		return
	}
	var xs []*ent
	for _, a := range agents {
		if !mediators[a] {
			xs = append(xs, a)
		}
	}
	for a := 0; a < len(xs); a++ {
		for b := a + 1; b < len(xs); b++ {
			r.joint = append(r.joint, jointPair{xs[a], xs[b], si})
		}
	}
	// "... with Y", "... alongside Y" later in the clause
	for k := i + l; k < s.b && k < i+l+12; k++ {
		w := r.low(k)
		if r.is(k, wRightBoundary) || w == "," {
			break
		}
		if w == "with" || w == "alongside" {
			signing := strings.HasPrefix(r.low(i), "sign")
			for _, y := range r.rightGroup(si, k+1, 1) {
				if mediators[y] {
					continue
				}
				for _, a := range xs {
					r.joint = append(r.joint, jointPair{a, y, si})
				}
				// "Netanyahu signed the documents alongside X": X signed too
				if signing && x != nil && (w == "alongside" || y.typ == TypeLeader) {
					r.accepts(y, x, si, 0.7)
				}
			}
			break
		}
	}
}

// byAgents reads the agents of a passive after from: "was signed at a
// hotel in Doha by X, the U.S. envoy, and Y" (the "by" may come after a
// place or time adjunct).
func (r *run) byAgents(si, from int) []*ent {
	s := r.sents[si]
	for k := from; k < s.b && k < from+12; k++ {
		w := r.low(k)
		if w == "by" {
			return r.rightGroup(si, k+1, 2)
		}
		if w == "." || w == ";" || w == "," || r.is(k, wRightBoundary) || r.isVerbCue(k) && !r.isAux(k) {
			return nil
		}
	}
	return nil
}

// hyphenated: the word at i is the second part of a compound
// ("U.S.-backed", "UN-brokered"), handled as a hyphen cue.
func (r *run) hyphenated(i int) bool {
	return i > 0 && r.toks[i-1].Fold == "-" && !r.toks[i-1].Space && !r.toks[i].Space
}

// mentionedIn reports whether x is named in sentence si.
func (r *run) mentionedIn(si int, x *ent) bool {
	s := r.sents[si]
	for i := s.a; i < s.b; i++ {
		if m := r.mentAt(i); m != nil && m.ent == x {
			return true
		}
	}
	return false
}

// clauseSubject: the person mention m opens a clause (it is not the
// object of a verb or preposition): "X met Y" gives X, not Y.
func (r *run) clauseSubject(m *ment) bool {
	s := r.sents[m.si]
	k := m.a - 1
	for k >= s.a {
		if r.cue(k, fTitle) > 0 || r.is(k, wTitleMod) || r.low(k) == "'s" || r.cue(k, fHonorific) > 0 {
			k--
			continue
		}
		if p := r.mentAt(k); p != nil && (p.mod || p.kind == mkDemonym || p.kind == mkCountry) {
			k = p.a - 1
			continue
		}
		break
	}
	if k < s.a {
		return true
	}
	switch r.low(k) {
	case ",", "and", "but", ";", "while", "\u2014", "\u201c", "\"", "(", "then", "as":
		return true
	}
	return false
}

// helpBefore: "helped (to) seal", "helping broker".
func (r *run) helpBefore(i int) bool {
	h := r.low(i - 1)
	if h == "to" {
		h = r.low(i - 2)
	}
	return h == "help" || h == "helps" || h == "helped" || h == "helping"
}

// jointPair is a MEETS implied by a joint act, added once the whole
// article has been read (see addJointMeets).
type jointPair struct {
	a, b *ent
	si   int
}

// addJointMeets adds the MEETS of joint acts between parties: pairs with
// a mediator of the article (or a person acting for one) are dropped, as
// a mediator signing as witness did not meet as a party.
func (r *run) addJointMeets() {
	med := func(x *ent) bool {
		if r.mediators[x] {
			return true
		}
		c := r.countryOf(x)
		return c != nil && c != x && r.mediators[c]
	}
	for _, p := range r.joint {
		if med(p.a) || med(p.b) {
			continue
		}
		r.meets(p.a, p.b, p.si, 0.6)
	}
}

func (r *run) accepts(a, x *ent, si int, c float64) {
	r.addRel(RelAccepts, a, x, r.conf(si, c), si)
	if a.typ == TypeLeader || a.typ == TypeDelegation {
		if st := r.countryOf(a); st != nil {
			r.addRel(RelAccepts, st, x, r.conf(si, c-0.2), si)
		}
	}
}

func (r *run) leads(p, d *ent, si int) {
	r.addRel(RelLeads, p, d, r.conf(si, 0.85), si)
	if p.country == "" {
		p.country = d.country
	}
}

func (r *run) delegBefore(si, i int) *ent {
	s := r.sents[si]
	for k := i - 1; k >= s.a && k >= i-4; k-- {
		if m := r.mentAt(k); m != nil && m.kind == mkDeleg {
			return m.ent
		}
	}
	return nil
}

func (r *run) delegAfter(si, i int) *ent {
	s := r.sents[si]
	for k := i; k < s.b && k < i+5; k++ {
		if m := r.mentAt(k); m != nil && m.kind == mkDeleg {
			return m.ent
		}
	}
	return nil
}

func (r *run) prevIsDeterminer(i int) bool {
	w := r.low(i - 1)
	return w == "a" || w == "an" || w == "the" || w == "its" || w == "their" || w == "his" || w == "her" || w == "'s"
}

// isNounUse tells "an offer"/"the signing" (nouns) from verbs.
func (r *run) isNounUse(i, l int) bool {
	if r.prevIsDeterminer(i) {
		return true
	}
	w := r.low(i)
	if w == "offer" || w == "offers" || w == "call" || w == "calls" || w == "demand" || w == "demands" || w == "request" || w == "sign" || w == "signing" || w == "deal" || w == "pledge" || w == "bid" {
		n := r.low(i + l)
		if n == "by" || n == "of" || n == "from" || n == "." || n == "," {
			return true
		}
		if m := r.mentAt(i - 1); m != nil && !m.poss && m.kind != mkPerson && m.kind != mkCountry && m.kind != mkOrg {
			return true
		}
		if w == "signing" {
			return true
		}
	}
	return false
}

func (r *run) isNounUseVisit(i int) bool {
	w := r.low(i)
	if w != "visit" && w != "visits" {
		return false
	}
	// "during a visit to X" is still a visit; "visit" as a noun is fine
	return false
}

func (r *run) isPassive(i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		w := r.low(k)
		if w == "was" || w == "were" || w == "been" || w == "being" || w == "be" || w == "is" || w == "are" {
			return true
		}
		if w == "," {
			return true
		}
		if !(w == "also" || w == "jointly" || w == "formally" || w == "officially" || w == "reportedly" || w == "later" || w == "finally") {
			return false
		}
	}
	return false
}

// isVerbish guesses whether token k starts a verb phrase ("agreed to
// reestablish ties") rather than a noun phrase ("agreed to a truce").
func (r *run) isVerbish(k int) bool {
	w := r.low(k)
	if w == "" || r.is(k, wDeterminer) || r.mentAt(k) != nil {
		return false
	}
	if _, l := r.cueKind(k, famProposal); l > 0 {
		return false
	}
	if !r.toks[k].Word || r.toks[k].IsCap() {
		return false
	}
	adj := map[string]bool{"immediate": true, "permanent": true, "full": true, "temporary": true, "new": true, "comprehensive": true,
		"lasting": true, "short-term": true, "long-term": true, "humanitarian": true, "limited": true, "partial": true, "joint": true,
		"bilateral": true, "historic": true, "further": true, "direct": true, "indirect": true, "general": true}
	return !adj[w] && !(w[0] >= '0' && w[0] <= '9')
}

func (r *run) proposalSoon(si, k int) bool {
	s := r.sents[si]
	for j := k; j < s.b && j < k+4; j++ {
		if _, l := r.cueKind(j, famProposal); l > 0 {
			if r.e.talksFam >= 0 && r.cue(j, r.e.talksFam) > 0 {
				return false
			}
			return true
		}
		if m := r.mentAt(j); m != nil && m.kind == mkProposal {
			return true
		}
	}
	return false
}

func (r *run) eventSoon(si, k int) bool {
	s := r.sents[si]
	for j := k; j < s.b && j < k+5; j++ {
		w := r.low(j)
		if r.cue(j, fMeetNoun) > 0 || w == "efforts" || w == "effort" || w == "process" || w == "initiative" || w == "ceremony" || w == "signing" || w == "mediation" || w == "dialogue" {
			return true
		}
		if r.is(j, wDeterminer) || !r.toks[j].Word {
			continue
		}
	}
	return false
}

// hyphenActors returns the actors glued to a hyphen cue at i, with their
// coordination: "U.S. and European-backed" gives both.
func (r *run) hyphenActors(si, i int) []*ent {
	s := r.sents[si]
	var out []*ent
	m := r.mentAt(i - 1)
	if m == nil || m.b != i {
		return nil
	}
	if e := r.entOf(m); e != nil && isActorEnt(e) {
		out = append(out, e)
	} else if m.kind == mkPerson && m.ent != nil {
		out = append(out, m.ent)
	} else {
		return nil
	}
	k := m.a - 1
	for k >= s.a {
		w := r.low(k)
		if w == "and" || w == "," || w == "&" {
			k--
			continue
		}
		if m2 := r.mentAt(k); m2 != nil && m2.b == k+1 {
			if e := r.entOf(m2); e != nil && isActorEnt(e) {
				out = append(out, e)
				k = m2.a - 1
				continue
			}
		}
		break
	}
	return dedupe(out)
}

// partiesFor picks the parties a mediator works between: "between A and
// B", else other states or groups of the sentence, else the article's
// main parties.
func (r *run) partiesFor(si int, meds []*ent) []*ent {
	s := r.sents[si]
	isMed := map[*ent]bool{}
	for _, m := range meds {
		isMed[m] = true
		if c := r.countryOf(m); c != nil {
			isMed[c] = true
		}
	}
	filter := func(xs []*ent) []*ent {
		var out []*ent
		for _, x := range r.states(xs) {
			if !isMed[x] {
				out = append(out, x)
			}
		}
		return out
	}
	if g := filter(r.betweenGroup(si, s.a)); len(g) > 0 {
		return g
	}
	var xs []*ent
	for i := s.a; i < s.b; i++ {
		if m := r.actorAt(i); m != nil {
			xs = append(xs, r.mentEnts(m)...)
			i = m.b - 1
		}
	}
	g := filter(xs)
	main := filter(r.mainParties)
	if len(main) >= 2 {
		// the article's parties named in the sentence, else all of them:
		// other states of the sentence are more often co-mediators,
		// hosts or bystanders than parties
		isMain := map[*ent]bool{}
		for _, x := range main {
			isMain[x] = true
		}
		var both []*ent
		for _, x := range g {
			if isMain[x] {
				both = append(both, x)
			}
		}
		if len(both) >= 2 || len(both) == len(g) && len(g) > 0 {
			return both
		}
		return main
	}
	if len(g) > 0 {
		return g
	}
	return main
}

// pairCue handles MEETS: "A and B held talks", "A met B", "talks between
// A and B", "Russia-Ukraine talks", "a meeting with X and Y".
func (r *run) pairCue(si, i int, parts *[]*ent) {
	if r.cue(i, fMeetVerb) == 0 && r.cue(i, fMeetNoun) == 0 {
		return
	}
	// "did not meet", "is set to meet", "When will Putin and Zelenskyy
	// meet?": no meeting took place
	if r.negation(i) != negNone || r.unrealised(i) || r.question(si) {
		return
	}
	s := r.sents[si]
	pairs := func(xs []*ent, c float64) {
		xs = dedupe(xs)
		for a := 0; a < len(xs); a++ {
			for b := a + 1; b < len(xs); b++ {
				r.meets(xs[a], xs[b], si, c)
			}
		}
		*parts = append(*parts, xs...)
	}
	cross := func(subj, obj []*ent, c float64, within bool) {
		for _, a := range subj {
			for _, b := range obj {
				r.meets(a, b, si, c)
			}
		}
		if within {
			pairs(obj, c-0.1)
		}
		*parts = append(*parts, subj...)
		*parts = append(*parts, obj...)
	}
	if r.cue(i, fMeetVerb) == 0 && r.cue(i, fMeetNoun) == 0 {
		return
	}
	// "proposed holding a meeting between A and B", "a commitment from
	// Putin to meet Zelenskyy": a proposed meeting has not happened
	for k := i - 1; k >= s.a && k >= i-10; k-- {
		w := r.low(k)
		if r.cue(k, fProposeVerb) > 0 || w == "commitment" || w == "goal" || w == "offer" || w == "proposal" || w == "invitation" || w == "plans" || w == "plan" {
			return
		}
	}
	separately := false
	for k := s.a; k < s.b; k++ {
		if r.low(k) == "separately" || r.low(k) == "back-to-back" {
			separately = true
		}
	}
	if l := r.cue(i, fMeetVerb); l > 0 && !r.prevIsDeterminer(i) {
		w := r.low(i)
		if w == "host" || w == "hosts" || w == "hosted" || w == "received" || w == "receives" || w == "welcomed" {
			if r.low(i+l) == "by" {
				return // "a ceremony hosted by X": X hosted, nobody named met X
			}
			obj := r.rightGroup(si, i+l, 1)
			var people []*ent
			for _, o := range obj {
				if o.typ == TypeLeader || o.typ == TypeDelegation {
					people = append(people, o)
				}
			}
			if len(people) > 0 {
				cross(r.leftGroup(si, i, 4), people, 0.7, false)
			}
			return
		}
		subj := r.leftGroup(si, i, 6)
		if r.afterEvent(si, i) {
			subj = r.rightGroup(si, s.a, 2) // "X dials Y after a meeting with Z"
		}
		obj := r.rightGroup(si, i+l, 2)
		if len(obj) == 0 {
			obj = r.betweenGroup(si, i+l)
			if len(obj) > 0 && len(subj) <= 1 {
				pairs(append(subj, obj...), 0.75)
				return
			}
		}
		if len(obj) == 0 {
			pairs(subj, 0.75)
			return
		}
		cross(subj, obj, 0.8, !separately)
		return
	}
	if l := r.cue(i, fMeetNoun); l > 0 {
		// "Russia-Ukraine talks", "U.S.-Russia negotiations"
		if i-3 >= s.a && r.toks[i-2].Text == "-" && !r.toks[i-2].Space {
			a, b := r.mentAt(i-3), r.mentAt(i-1)
			if a != nil && b != nil && a.b == i-2 && b.a == i-1 {
				ea, eb := r.entOf(a), r.entOf(b)
				if isActorEnt(ea) && isActorEnt(eb) {
					pairs([]*ent{ea, eb}, 0.8)
					return
				}
			}
		}
		if r.low(i+l) == "between" {
			g := r.rightGroup(si, i+l+1, 2)
			pairs(g, 0.8)
			return
		}
		if r.low(i+l) == "with" {
			obj := r.rightGroup(si, i+l+1, 2)
			var subj []*ent
			if r.afterEvent(si, i) {
				// "Trump dials Zelenskyy after 3-hour meeting with Putin":
				// the one who met is the subject of the clause
				subj = r.rightGroup(si, s.a, 2)
			} else {
				subj = r.leftGroup(si, i, 6)
			}
			if len(subj) > 0 && len(obj) > 0 {
				cross(subj, obj, 0.75, !separately)
			}
			return
		}
		// "A and B ... held talks", "engaged in high-level talks"
		for k := i - 1; k >= s.a && k >= i-6; k-- {
			if r.holdVerb(k) {
				subj := r.leftGroup(si, k, 6)
				if len(subj) >= 2 {
					pairs(subj, 0.75)
				} else {
					*parts = append(*parts, subj...)
				}
				return
			}
			if r.mentAt(k) != nil {
				break
			}
		}
	}
}

// unrealised reports a verb that names a meeting or act still to come or
// hypothetical: "is set to meet", "would have held talks", "plans to
// sign", "will meet".
func (r *run) unrealised(i int) bool {
	s := r.sents[r.sentOf[i]]
	for k := i - 1; k >= s.a && k >= i-4; k-- {
		w := r.low(k)
		switch w {
		case "will", "would", "could", "might", "may", "should", "shall", "wo", "'ll":
			return true
		case "to":
			p := r.low(k - 1)
			switch p {
			case "set", "due", "expected", "scheduled", "plans", "planned", "planning", "plan", "hopes", "hoped",
				"hoping", "hope", "wants", "wanted", "want", "is", "are", "was", "were", "intends", "intended",
				"aims", "aimed", "going", "likely", "agreed", "agree", "agrees", "ready", "willing", "invited":
				return true
			}
			return false
		case "have", "be", "also", "then", "again", "not", "soon", "later", "first", "still", "jointly", "formally":
			continue
		}
		if !r.toks[k].Word {
			return false
		}
		if k < i-1 {
			return false
		}
	}
	return false
}

// holdVerb: verbs that make their subjects parties of the talks named
// after them ("held talks", "resumed negotiations").
func (r *run) holdVerb(k int) bool {
	switch r.low(k) {
	case "hold", "held", "holding", "holds", "had", "conducted", "began", "resumed", "resume", "engaged", "launched", "opened", "concluded", "conclude", "started", "restarted", "entered":
		return true
	}
	return false
}

// mediationUnrealised: a base-form or infinitive mediation verb ("was
// set up to mediate", "proposed that the UN mediate", "will coordinate")
// names no mediation that happened.
func (r *run) mediationUnrealised(i int) bool {
	switch r.low(i) {
	case "mediate", "broker", "facilitate", "chair", "host", "coordinate", "moderate", "sponsor":
		return true
	}
	return r.negation(i) != negNone || r.unrealised(i)
}

// skipTime skips a time adverbial after a verb ("agreed last month to",
// "signed on Friday a"): weekday and month names, numbers and time words.
func (r *run) skipTime(si, k int) int {
	s := r.sents[si]
	start := k
	for k < s.b && k < start+4 {
		switch w := r.low(k); w {
		case "last", "this", "next", "on", "earlier", "later", "week", "month", "year", "weekend", "today", "yesterday",
			"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
			"april", "may", "june", "july", "august", "september", "october", "november", "december", "night", "morning",
			"evening", "afternoon", "also", "finally", "formally", "jointly", "in", "principle":
			k++
			continue
		default:
			if len(w) > 0 && w[0] >= '0' && w[0] <= '9' {
				k++
				continue
			}
		}
		break
	}
	// "in" alone is not time ("agreed in Doha"); "in principle" is
	if k > start && r.low(k-1) == "in" {
		return start
	}
	if k > start && (r.low(k) == "to" || r.low(k) == "that" || r.is(k, wDeterminer)) {
		return k
	}
	return start
}

// placePhrase: "the South Lawn", "a hotel": a determiner and a
// capitalised word or a place mention start a location, not the topic of
// a proposal ("the documents on the South Lawn").
func (r *run) placePhrase(k int) bool {
	if w := r.low(k); w == "the" || w == "a" {
		k++
	}
	if m := r.mentAt(k); m != nil && (m.venue || m.kind == mkPlace) {
		return true
	}
	return r.isCap(k) && r.mentAt(k) == nil
}

// isAux: auxiliaries and -ly adverbs end a noun phrase ("a withdrawal
// of foreign troops | was swiftly rejected").
func (r *run) isAux(k int) bool {
	switch w := r.low(k); w {
	case "is", "was", "were", "are", "be", "been", "being", "has", "had", "have", "will", "would", "could", "should", "may", "might":
		return true
	default:
		return len(w) > 4 && strings.HasSuffix(w, "ly") && !r.toks[k].Cap
	}
}

// eventUnrealised: the sentence's meeting, talks or visit is negated,
// still to come or asked about, so its places are not where anyone met.
func (r *run) eventUnrealised(si int) bool {
	if r.question(si) {
		return true
	}
	s := r.sents[si]
	for i := s.a; i < s.b; i++ {
		if r.cue(i, fMeetVerb) > 0 || r.cue(i, fVisitVerb) > 0 || r.cue(i, fAttendVerb) > 0 || r.cue(i, fMeetNoun) > 0 {
			if r.negation(i) != negNone || r.unrealised(i) {
				return true
			}
		}
	}
	return false
}

// question: a sentence that asks ("When will Putin and Zelenskyy meet?")
// states nothing.
func (r *run) question(si int) bool {
	s := r.sents[si]
	for k := s.b - 1; k >= s.a && k >= s.b-3; k-- {
		if r.toks[k].Text == "?" {
			return true
		}
	}
	return false
}

// afterEvent: the event noun at i sits in a time adjunct ("after a
// three-hour meeting with", "following talks with").
func (r *run) afterEvent(si, i int) bool {
	s := r.sents[si]
	for k := i - 1; k >= s.a && k >= i-5; k-- {
		switch w := r.low(k); w {
		case "after", "before", "following", "during", "since", "ahead":
			return true
		case "a", "an", "the", "their", "his", "her", "its", "-", "long", "hour", "day", "brief", "lengthy", "first", "second", "third", "last", "latest":
			continue
		default:
			if r.toks[k].Word && (w[0] >= '0' && w[0] <= '9' || strings.HasSuffix(w, "-hour") || strings.HasSuffix(w, "hour")) {
				continue
			}
			return false
		}
	}
	return false
}

func (r *run) meets(a, b *ent, si int, c float64) {
	if a == nil || b == nil || a == b {
		return
	}
	r.addRel(RelMeets, a, b, r.conf(si, c), si)
	if a.typ == TypeLeader || b.typ == TypeLeader || a.typ == TypeDelegation || b.typ == TypeDelegation {
		ca, cb := r.countryOf(a), r.countryOf(b)
		if ca != nil && cb != nil && ca != cb {
			r.addRel(RelMeets, ca, cb, r.conf(si, c-0.25), si)
		}
	}
}

// visits handles "during a visit to Abu Dhabi", "arrived in X", "plans to
// visit Ethiopia and Somalia".
func (r *run) visits(si, i, l int) {
	s := r.sents[si]
	var who []*ent
	for _, x := range r.leftGroup(si, i, 10) {
		if x.typ == TypeLeader {
			who = append(who, x)
		}
	}
	if len(who) == 0 {
		for k := i - 1; k >= s.a; k-- {
			if m := r.mentAt(k); m != nil && m.kind == mkPerson && m.ent != nil {
				who = append(who, m.ent)
				break
			}
		}
	}
	if len(who) == 0 {
		// "During a visit to Vienna, Modi met ...": the main clause subject
		for k := i + l; k < s.b && k < i+l+8; k++ {
			if r.toks[k].Text == "," {
				if m := r.mentAt(k + 1); m != nil && m.kind == mkPerson && m.ent != nil {
					who = append(who, m.ent)
				}
				break
			}
		}
	}
	if len(who) == 0 {
		return
	}
	var targets []*ent
	for k := i + l; k < s.b && k < i+l+5; k++ {
		w := r.low(k)
		if m := r.mentAt(k); m != nil {
			if m.venue && m.ent != nil {
				targets = append(targets, m.ent)
				k = m.b - 1
				continue
			}
			// "landing in the Egyptian capital"
			if m.kind == mkDemonym && r.low(m.b) == "capital" {
				continue
			}
			if m.kind == mkCountry && m.ent != nil {
				targets = append(targets, m.ent)
				k = m.b - 1
				continue
			}
			if m.kind == mkCapital && m.ent != nil {
				targets = append(targets, m.ent)
				k = m.b - 1
				continue
			}
			break
		}
		if w == "the" || w == "to" || w == "in" || w == "and" || w == "," || w == "both" {
			continue
		}
		// "visited both capitals": the capitals of the main parties
		if (w == "capitals" || w == "countries") && (r.low(k-1) == "both" || r.low(k-1) == "two") {
			for _, p := range r.mainParties {
				if p.typ != TypeCountry {
					continue
				}
				if w == "countries" {
					targets = append(targets, p)
				} else if c := r.e.capitalOf[p.name]; c != "" {
					v := r.entity(TypeVenue, strings.TrimSuffix(c, " D.C."))
					if v.country == "" {
						v.country = p.name
					}
					v.mentions++
					targets = append(targets, v)
				}
			}
		}
		break
	}
	if r.negation(i) != negNone || r.unrealised(i) {
		return // "did not visit", "plans to visit"
	}
	for _, p := range who {
		for _, t := range targets {
			// going home is no visit
			if t == r.countryOf(p) || t.typ == TypeVenue && t.country != "" && t.country == p.country {
				continue
			}
			r.addRel(RelVisits, p, t, r.conf(si, 0.75), si)
		}
	}
}

// fromWhere: "arriving from Khartoum, where he held talks": the
// traveller visited and met in the place.
func (r *run) fromWhere(si, i int) {
	s := r.sents[si]
	if r.low(i) != "from" || i+1 >= s.b {
		return
	}
	m := r.mentAt(i + 1)
	if m == nil || !m.venue || !(r.low(m.b) == "where" || r.low(m.b) == "," && r.low(m.b+1) == "where") {
		return
	}
	who := r.leftGroup(si, i, 10)
	// "X met Y in Kyiv after arriving from Warsaw, where he held talks":
	// the traveller is the subject, X
	if r.lastSubject != nil && r.mentionedIn(si, r.lastSubject) {
		who = []*ent{r.lastSubject}
	}
	for _, p := range who {
		if p.typ == TypeLeader {
			r.addRel(RelVisits, p, m.ent, r.conf(si, 0.7), si)
			r.addRel(RelMeetsIn, p, m.ent, r.conf(si, 0.7), si)
		}
	}
}

// visitByBeing: "Defense Secretary Mark Esper was in Kabul": a person
// who was in a foreign capital or city visited it.
func (r *run) visitByBeing(si, i int) {
	if w := r.low(i); w != "was" && w != "were" || r.low(i+1) != "in" {
		return
	}
	m := r.mentAt(i + 2)
	if m == nil || m.a != i+2 || m.place == nil || m.dateln {
		return
	}
	var v *ent
	if m.venue && m.ent != nil {
		v = m.ent
	}
	for _, p := range r.leftGroup(si, i, 2) {
		if p.typ != TypeLeader || p.country == "" || m.place.country == "" || p.country == m.place.country {
			continue
		}
		if v == nil {
			// "was in Cairo": the capital is a place here, not Egypt
			v = r.entity(TypeVenue, m.place.name)
			if v.country == "" {
				v.country = m.place.country
			}
			v.mentions++
		}
		r.addRel(RelVisits, p, v, r.conf(si, 0.7), si)
	}
}

// represents adds REPRESENTS for every Leader and Delegation whose state
// or organization is an entity of the article.
func (r *run) represents() {
	for _, x := range r.order {
		if x.typ != TypeLeader && x.typ != TypeDelegation {
			continue
		}
		c := r.countryOf(x)
		if c == nil {
			continue
		}
		conf := 0.9
		if x.countrySrc == 0 && x.typ == TypeLeader {
			conf = 0.75
		}
		r.addRel(RelRepresents, x, c, conf, -1)
	}
}
