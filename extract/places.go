package extract

import (
	"strings"
)

var placeNouns = map[string]bool{"city": true, "capital": true, "resort": true, "town": true, "port": true, "village": true,
	"island": true, "enclave": true, "region": false, "palace": true, "hotel": true, "base": true, "compound": true}

var placePreps = map[string]bool{"in": true, "at": true, "from": true, "inside": true, "near": true, "into": true, "to": true}

// sentHasEvent reports whether sentence si mentions a diplomatic event.
func (r *run) sentHasEvent(si int) bool {
	if c := r.eventCache[si]; c != 0 {
		return c == 2
	}
	r.eventCache[si] = 1
	s := r.sents[si]
	for i := s.a; i < s.b; i++ {
		if r.is(i, wEvent) || r.cue(i, fVisitVerb) > 0 {
			r.eventCache[si] = 2
			return true
		}
	}
	return false
}

// placeStart walks back over "the Turkish city of", "the Omani capital,"
// and returns the preposition position before the place phrase, or -1.
func (r *run) placeStart(a, sa int) (int, string) {
	k := a - 1
	country := ""
	if k >= sa && r.low(k) == "," && k-1 >= sa && r.is(k-1, wPlaceNoun) {
		k -= 2
		goto noun
	}
	if k >= sa && r.low(k) == "of" && k-1 >= sa && r.is(k-1, wPlaceNoun) {
		k -= 2
		goto noun
	}
	return k, country
noun:
	// adjectives and the country before the place noun
	for j := 0; k >= sa && j < 4; j++ {
		if m := r.mentAt(k); m != nil {
			if c := r.countryOfMent(m); c != "" {
				country = c
			}
			k = m.a - 1
			continue
		}
		if r.low(k) == "the" || r.low(k) == "a" {
			k--
			break
		}
		if r.toks[k].Word && !r.is(k, wPlacePrep) {
			k--
			continue
		}
		break
	}
	return k, country
}

// resolvePlaces decides for each capital, city and venue name whether it
// is a Venue (diplomacy happens there) or, for capitals, a metonym of its
// country ("Moscow said").
func (r *run) resolvePlaces() {
	for _, m := range append([]*ment(nil), r.liveMents()...) {
		if m.kind == mkMetonym && !m.dateln {
			r.metonymVenue(m)
			continue
		}
		if m.place == nil || m.dateln {
			continue
		}
		if m.kind != mkCapital && m.kind != mkPlace && !(m.kind == mkCountry && m.place.name == m.ref.name) {
			continue
		}
		s := r.sents[m.si]
		venue := false
		k, ctry := r.placeStart(m.a, s.a)
		prep := r.low(k)
		if k != m.a-1 && !r.is(k, wPlacePrep) && (r.sentHasEvent(m.si) || m.si > 0 && r.sentHasEvent(m.si-1) || m.si > 1 && r.sentHasEvent(m.si-2)) {
			// "the Omani capital, Muscat" in a story about talks
			venue = true
		}
		if r.is(k, wPlacePrep) && r.sentHasEvent(m.si) {
			venue = true
			if prep == "to" && !(r.cue(k-1, fVisitVerb) > 0 || r.cueEndsAt(k, fVisitVerb)) {
				venue = false
			}
			if prep == "from" && !(r.low(m.b) == "where" || r.low(m.b) == "," && r.low(m.b+1) == "where") && !r.cueEndsAt(k-1, fVisitVerb) {
				venue = false
			}
		}
		// "the Ohrid meeting", "Istanbul talks"
		if !venue && m.b < s.b {
			if w := r.low(m.b); w == "talks" || w == "meeting" || w == "summit" || w == "negotiations" || w == "conference" || w == "process" || w == "round" {
				venue = true
			}
		}
		if r.cueEndsAt(m.a, fVisitVerb) {
			venue = true
		}
		if venue {
			c := m.place.country
			if c == "" {
				c = ctry
			}
			v := r.entity(TypeVenue, m.place.name)
			if v.country == "" {
				v.country = c
			}
			m.ent = v
			m.venue = true
			m.kind = mkPlace
			continue
		}
		if m.kind == mkCapital {
			// a capital named with "the ... capital of" is a place, not an actor
			if k2, _ := r.placeStart(m.a, s.a); k2 != m.a-1 {
				continue
			}
			m.ent = r.country(m.ref.country)
		}
	}
	r.demonymCapitals()
	r.unknownPlaces()
}

// metonymVenue: "at the White House", "at a White House ceremony",
// "talks at the Kremlin": an institution's building named as where an
// event happens is a Venue (elsewhere it stands for its state).
func (r *run) metonymVenue(m *ment) {
	k := m.a - 1
	if w := r.low(k); w == "the" || w == "a" || w == "an" {
		k--
	}
	if w := r.low(k); w != "at" && w != "in" && w != "inside" {
		return
	}
	if !r.sentHasEvent(m.si) && !r.is(m.b, wEvent) && r.low(m.b) != "ceremony" {
		return
	}
	v := r.entity(TypeVenue, m.ref.name)
	if v.country == "" {
		v.country = m.ref.country
	}
	m.ent = v
	m.venue = true
	m.kind = mkPlace
}

// cueEndsAt reports whether a cue of family fam ends right before token i.
func (r *run) cueEndsAt(i int, fam int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if l := r.cue(k, fam); l > 0 && k+l == i {
			return true
		}
	}
	return false
}

// demonymCapitals turns "in the German capital" into the Venue Berlin.
func (r *run) demonymCapitals() {
	for i := 2; i < len(r.toks); i++ {
		if r.low(i) != "capital" {
			continue
		}
		m := r.mentAt(i - 1)
		if m == nil || (m.kind != mkDemonym && m.kind != mkCountry) || !m.poss && m.kind == mkCountry {
			continue
		}
		k := m.a - 1
		if r.low(k) == "the" {
			k--
		}
		if !r.is(k, wPlacePrep) || !r.sentHasEvent(r.sentOf[i]) {
			continue
		}
		// "the Omani capital, Muscat" is handled by the name itself
		if r.low(i+1) == "," || r.low(i+1) == "of" {
			continue
		}
		cap := r.e.capitalOf[m.ref.country]
		if cap == "" {
			continue
		}
		cap = strings.TrimSuffix(cap, " D.C.")
		v := r.entity(TypeVenue, cap)
		if v.country == "" {
			v.country = m.ref.country
		}
		v.addAlias(r.span(m.a, i+1))
		vm := &ment{a: i, b: i + 1, kind: mkPlace, ent: v, venue: true}
		r.addMent(vm)
	}
}

// unknownPlaces takes capitalised names after "in"/"at" in a sentence about
// talks, meetings or visits as venues even when no gazetteer lists them
// ("talks in Ohrid", "the resort of Crans-Montana").
func (r *run) unknownPlaces() {
	for si, s := range r.sents {
		if !r.sentHasEvent(si) {
			continue
		}
		for i := s.a + 1; i < s.b; i++ {
			if r.mentAt(i) != nil || !r.isCap(i) || !r.toks[i].Word || r.is(i, wNotName) || r.toks[i].IsAllCaps() {
				continue
			}
			k, ctry := r.placeStart(i, s.a)
			if w := r.low(k); w != "in" && w != "at" {
				continue
			}
			if k != i-1 && ctry == "" && r.low(i-1) != "of" {
				continue
			}
			j := i + 1
			for j < s.b && j < i+4 {
				if r.toks[j].Text == "-" && !r.toks[j].Space && j+1 < s.b && r.isCap(j+1) {
					j += 2
					continue
				}
				if r.isCap(j) && r.toks[j].Word && r.mentAt(j) == nil && !r.is(j, wNotName) && r.toks[j].Space {
					j++
					continue
				}
				break
			}
			if j < s.b {
				w := r.low(j)
				if !(w == "," || w == "." || w == "on" || w == "last" || w == "this" || w == "earlier" || w == "and" || w == "in" || w == "during" || w == "to" || w == "for" || w == "before" || w == "after" || w == "where" || w == ";" || w == "amid" || w == "since" || w == "with" || w == "from") {
					continue
				}
			}
			if r.cue(i, fTitle) > 0 || r.cue(i, fHonorific) > 0 {
				continue
			}
			name := r.span(i, j)
			// "Anchorage, Alaska": a following country tells where it is
			if ctry == "" && r.low(j) == "," {
				if m := r.mentAt(j + 1); m != nil && m.kind == mkCountry {
					ctry = m.ref.country
				}
			}
			v := r.entity(TypeVenue, name)
			if v.country == "" {
				v.country = ctry
			}
			r.addMent(&ment{a: i, b: j, kind: mkPlace, ent: v, venue: true})
			i = j - 1
		}
	}
}

// findDelegations finds "the Ukrainian delegation", "Pakistan's
// delegation", "the Russian, Turkish, Ukrainian and UN delegations" and
// "Russia is sending a lower-level team headed by X".
func (r *run) findDelegations() {
	for si, s := range r.sents {
		for i := s.a; i < s.b; i++ {
			if !r.is(i, wDelegNoun) || r.mentAt(i) != nil {
				continue
			}
			noun := r.low(i)
			var found []*ment
			k := i - 1
			adj := 0
			for k >= s.a && i-k <= 12 {
				t := r.toks[k]
				if m := r.mentAt(k); m != nil && m.b == k+1 {
					if c := r.countryOfMent(m); c != "" && m.kind != mkDeleg {
						found = append(found, m)
						k = m.a - 1
						continue
					}
					break
				}
				if t.Lower == "'s" || t.Lower == "'" || t.Text == "," || t.Lower == "and" || t.Text == "-" {
					k--
					continue
				}
				if len(found) == 0 && adj < 3 && t.Word && !t.IsCap() && t.Lower != "the" && t.Lower != "a" && t.Lower != "an" && t.Lower != "of" && t.Lower != "their" && t.Lower != "its" && t.Lower != "two" && t.Lower != "both" {
					adj++
					k--
					continue
				}
				break
			}
			// "President Nicolás Maduro's negotiating team": the country of
			// the person
			var personCountry string
			if len(found) == 0 && personCountry == "" && k >= s.a && k+1 <= i {
				if m := r.mentAt(k); m != nil && m.kind == mkPerson && m.poss && m.ent != nil && m.ent.country != "" {
					personCountry = m.ent.country
				}
			}
			// "delegations of Libya's Government of National Accord and of
			// the Libyan National Army", "a delegation from Yemen's Houthis"
			if len(found) == 0 && personCountry == "" {
				found = r.delegationOf(si, i+1)
			}
			ledBy := r.cue(i+1, fLeadPassive) > 0 || r.cue(i+1, fLeadVerb) > 0 && (r.low(i+1) == "led" || r.low(i+1) == "headed")
			if len(found) == 0 && (noun == "team" || noun == "delegation" || noun == "mission") && ledBy {
				// "Russia is sending a lower-level team headed by X"
				for k := i - 1; k >= s.a && k >= i-10; k-- {
					if m := r.mentAt(k); m != nil {
						if c := r.countryOfMent(m); c != "" && !m.mod {
							found = append(found, m)
						}
						break
					}
				}
			}
			if len(found) == 0 && personCountry == "" {
				continue
			}
			if (noun == "team" || noun == "teams" || noun == "panel") && !ledBy && adj > 0 && r.low(i-1) != "negotiating" && r.low(i-1) != "peace" {
				continue
			}
			if noun == "panel" && r.low(i+1) == "of" {
				continue // "a panel of experts"
			}
			if personCountry != "" {
				d := r.entity(TypeDelegation, personCountry+" delegation")
				d.country = personCountry
				d.addAlias(r.span(k, i+1))
				r.addMent(&ment{a: i, b: i + 1, kind: mkDeleg, ent: d, si: si})
				continue
			}
			if (noun == "team" || noun == "teams" || noun == "mission" || noun == "envoys" || noun == "delegates") && !ledBy && len(found) == 0 {
				continue
			}
			if noun == "mission" && !ledBy {
				continue
			}
			for _, m := range found {
				c := r.countryOfMent(m)
				d := r.entity(TypeDelegation, c+" delegation")
				d.country = c
				d.addAlias(r.span(m.a, i+1))
				// the delegation mention sits on the noun; the country
				// mention stays (it names the state too)
				m.mod = true
				dm := &ment{a: i, b: i + 1, kind: mkDeleg, ent: d, si: si}
				if r.mentAt(i) == nil {
					r.addMent(dm)
				} else {
					dm.si = si
					r.extraDeleg = append(r.extraDeleg, dm)
				}
			}
		}
	}
}

// genericDelegations resolves "the government delegation" and "a rebel
// team" to the article's main parties: the one state among them, or the
// one organization.
func (r *run) genericDelegations() {
	var state, group *ent
	nStates, nGroups := 0, 0
	for _, p := range r.mainParties {
		switch p.typ {
		case TypeCountry:
			state = p
			nStates++
		case TypeOrganization:
			if k := r.e.orgKind[p.name]; k == "armed" || k == "political" {
				group = p
				nGroups++
			}
		}
	}
	for si, s := range r.sents {
		for i := s.a; i < s.b; i++ {
			if !r.is(i, wDelegNoun) || r.mentAt(i) != nil {
				continue
			}
			var side *ent
			for k := i - 1; k >= s.a && k >= i-3; k-- {
				w := r.low(k)
				if w == "government" || w == "governmental" || w == "state" {
					if nStates == 1 {
						side = state
					}
					break
				}
				if w == "rebel" || w == "rebels" || w == "opposition" || w == "insurgent" || w == "guerrilla" || w == "militant" {
					if nGroups == 1 {
						side = group
					}
					break
				}
				if w == "peace" || w == "negotiating" || w == "technical" || w == "security" || w == "military" || w == "official" {
					continue
				}
				break
			}
			if side == nil {
				continue
			}
			d := r.entity(TypeDelegation, side.name+" delegation")
			d.country = side.name
			d.addAlias(r.span(i-1, i+1))
			d.mentions++
			r.addMent(&ment{a: i, b: i + 1, kind: mkDeleg, ent: d, si: si})
		}
	}
}

// delegationOf reads "of/from [the] A (and of B)" after a delegation noun
// and returns the actor mentions named (an organization after "Yemen's"
// rather than the state).
func (r *run) delegationOf(si, j int) []*ment {
	s := r.sents[si]
	var out []*ment
	if w := r.low(j); w != "of" && w != "from" && w != "representing" {
		return nil
	}
	for k := j + 1; k < s.b && k < j+14; k++ {
		w := r.low(k)
		if w == "the" || w == "and" || w == "of" || w == "," || w == "'s" || w == "from" || r.is(k, wActorMod) || r.is(k, wTitleMod) || r.toks[k].Text == "-" {
			continue
		}
		m := r.mentAt(k)
		if m == nil && r.toks[k].Word && !r.toks[k].Cap && (r.low(k+1) == "-" || r.low(k-1) == "-") {
			continue // "eastern-based"
		}
		if m == nil || m.a != k {
			break
		}
		if r.low(m.b) == "-" && !r.toks[m.b].Space && m.b+1 < s.b && r.toks[m.b+1].Word && !r.toks[m.b+1].Cap {
			k = m.b // "UN-recognised": a modifier
			continue
		}
		if m.kind == mkPerson && m.poss {
			// "Khalifa Haftar's eastern-based Libyan National Army"
			k = m.b - 1
			continue
		}
		c := r.countryOfMent(m)
		if c == "" || m.kind == mkDeleg {
			break
		}
		if m.poss {
			// "Yemen's Houthi movement": the organization named next
			if n := r.mentAt(m.b + 1); n != nil && n.kind == mkOrg {
				k = m.b
				continue
			}
		}
		out = append(out, m)
		k = m.b - 1
	}
	return out
}

// findNamedProposals finds capitalised proposal names: "Declaration of
// Principles", "Ankara Declaration", "Agreement on the Path to ...".
func (r *run) findNamedProposals() {
	heads := map[string]bool{"declaration": true, "agreement": true, "accord": true, "accords": true, "agreements": true,
		"memorandum": true, "treaty": true, "plan": true, "initiative": true, "protocol": true, "charter": true,
		"framework": true, "roadmap": true, "communique": true, "pact": true, "deal": true, "annex": true, "statement": true}
	for _, s := range r.sents {
		if r.titleCase(s) {
			continue
		}
		for i := s.a; i < s.b; i++ {
			t := r.toks[i]
			if !t.IsCap() || !heads[t.Lower] {
				continue
			}
			a, b := i, i+1
			// capitalised modifiers before: "Ankara Declaration", "Good Friday Agreement"
			for a-1 >= s.a && r.isCap(a-1) && r.toks[a-1].Word && !r.is(a-1, wNotName) && (r.mentAt(a-1) == nil || r.mentAt(a-1).kind == mkCapital || r.mentAt(a-1).kind == mkPlace) {
				a--
			}
			// "of Principles", "on Missing Persons", "on the Path to Normalization of Relations between Kosovo and Serbia"
			if w := r.low(b); w == "of" || w == "on" {
				j := b + 1
				if r.low(j) == "the" {
					j++
				}
				if r.isCap(j) {
					for j < s.b && (r.isCap(j) || (r.toks[j].Word && (r.low(j) == "of" || r.low(j) == "to" || r.low(j) == "on" || r.low(j) == "and" || r.low(j) == "the" || r.low(j) == "for")) && j < b+14) {
						j++
					}
					for j > b && !r.isCap(j-1) {
						j--
					}
					b = j
				}
			}
			if a == i && b == i+1 {
				continue // a bare capitalised "Agreement"
			}
			name := r.span(a, b)
			p := r.entity(TypeProposal, name)
			p.group = "named"
			m := &ment{a: a, b: b, kind: mkProposal, ent: p}
			r.addMent(m)
			i = b - 1
		}
	}
}

// titleCase reports a headline written in Title Case, where capitals
// say nothing about names.
func (r *run) titleCase(s sentence) bool {
	if !s.title {
		return false // body sentences full of names are not Title Case
	}
	words, caps := 0, 0
	for i := s.a; i < s.b; i++ {
		if r.toks[i].Word && len(r.toks[i].Text) > 3 {
			words++
			if r.toks[i].IsCap() {
				caps++
			}
		}
	}
	return words >= 3 && caps*10 >= words*7
}

var peopleNouns = map[string]bool{"prisoners": true, "prisoner": true, "civilians": true, "soldiers": true, "troops": true,
	"forces": true, "hostages": true, "people": true, "women": true, "children": true, "citizens": true, "nationals": true,
	"refugees": true, "journalists": true, "journalist": true, "detainees": true, "fighters": true, "militants": true,
	"captives": true, "residents": true, "workers": true, "students": true, "settlers": true, "victims": true, "casualties": true}

// countMentions creates Country and Organization entities from their
// mentions and counts how often each entity is named.
func (r *run) countMentions() {
	r.sortMents()
	for _, m := range r.ments {
		if m.ent == nil {
			switch m.kind {
			case mkCountry, mkDemonym, mkMetonym:
				if m.dateln {
					continue
				}
				// "Palestinian prisoners", "Russian forces": people, not the state
				if m.kind == mkDemonym && r.is(m.b, wPeopleNoun) {
					continue
				}
				if r.e.countrySet[m.ref.country] || m.kind == mkMetonym {
					m.ent = r.country(m.ref.country)
				}
			case mkOrg:
				m.ent = r.entity(TypeOrganization, m.ref.name)
			}
		}
		if m.ent == nil {
			continue
		}
		m.ent.mentions++
		if s := r.surface(m); s != m.ent.name && m.kind != mkPlace || m.kind == mkPlace && s != m.ent.name {
			m.ent.addAlias(s)
		}
	}
	for _, m := range r.extraDeleg {
		m.ent.mentions++
	}
}
