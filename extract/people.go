package extract

import (
	"strings"

	"github.com/dipgraph/dipgraph/extract/lexicon"
)

// pcand is one person mention before clustering into entities.
type pcand struct {
	m        *ment
	toks     []string // folded name tokens without honorifics
	display  string
	title    string
	country  string
	csrc     int // 3 title modifier, 2 apposition, 1 guess
	actor    *lexicon.Actor
	strong   bool // introduced by a title or apposition, or a dictionary actor
	fullName bool // at least two name tokens
}

func (r *run) personCand(m *ment) *pcand {
	return r.pcandOf[m]
}

// readName reads a person name starting at p: capitalised words, name
// particles (al-, bin, de, van), hyphenated parts and initials. It returns
// the end token (exclusive), or p when there is no name.
func (r *run) readName(p, lim int) int {
	if p >= lim || p < 0 {
		return p
	}
	if m := r.mentAt(p); m != nil && m.kind == mkPerson && m.a == p {
		return m.b
	}
	j := p
	words := 0
	for j < lim && j-p < 8 {
		t := r.toks[j]
		if m := r.mentAt(j); m != nil && m.kind != mkPlace && m.kind != mkCapital {
			break
		}
		if t.Word && t.IsCap() && !r.is(j, wNotName) && (j == p || t.Space || r.toks[j-1].Text == "-") {
			if words == 0 && r.cue(j, fTitle) > 0 && !(j+1 < lim && r.isCap(j+1) && r.cue(j+1, fTitle) == 0) {
				break
			}
			if words > 0 && r.cue(j, fTitle) > 0 && r.cue(j, fTitle) > 1 {
				break
			}
			if t.IsAllCaps() && len(t.Text) > 4 {
				break
			}
			words++
			j++
			continue
		}
		if t.Word && r.is(j, wParticle) && j+1 < lim {
			n := r.toks[j+1]
			if (n.Text == "-" && !n.Space && j+2 < lim && r.toks[j+2].IsCap()) || (n.Word && n.IsCap() && n.Space) {
				j++
				continue
			}
		}
		if t.Text == "-" && !t.Space && j > p && j+1 < lim && !r.toks[j+1].Space && r.toks[j+1].Word {
			j++
			// lower-case part after a hyphen ("Jong-un")
			if !r.toks[j].IsCap() {
				j++
			}
			continue
		}
		break
	}
	// trim trailing particles or hyphens
	for j > p && (r.toks[j-1].Text == "-" || r.is(j-1, wParticle) && !r.toks[j-1].IsCap()) {
		j--
	}
	if words == 0 {
		return p
	}
	return j
}

func (r *run) nameToks(a, b int) []string {
	var out []string
	for i := a; i < b; i++ {
		t := r.toks[i]
		if t.Text == "-" {
			continue
		}
		out = append(out, strings.TrimSuffix(t.Fold, "."))
	}
	return out
}

func (r *run) countryOfMent(m *ment) string {
	switch m.kind {
	case mkCountry, mkDemonym, mkCapital, mkMetonym:
		return m.ref.country
	case mkOrg:
		if m.ref.country != "" {
			return m.ref.country
		}
		return m.ref.name
	case mkDeleg:
		if m.ent != nil {
			return m.ent.country
		}
	}
	return ""
}

func (r *run) addPerson(a, b int, title, country string, csrc int, strong bool) *pcand {
	if b <= a {
		return nil
	}
	var m *ment
	if old := r.mentAt(a); old != nil && old.kind == mkPerson && old.a == a && old.b == b {
		m = old
	} else {
		m = &ment{a: a, b: b, kind: mkPerson}
		r.addMent(m)
	}
	c := r.personCand(m)
	if c == nil {
		c = &pcand{m: m}
		if m.ref.kind == nkActor {
			c.actor = m.ref.actor
			c.strong = true
		}
		r.pcands = append(r.pcands, c)
		r.pcandOf[m] = c
	}
	c.toks = r.nameToks(a, b)
	c.display = r.span(a, b)
	c.fullName = len(c.toks) >= 2
	if title != "" && c.title == "" {
		c.title = title
	}
	if country != "" && csrc > c.csrc {
		c.country, c.csrc = country, csrc
	}
	if strong {
		c.strong = true
	}
	return c
}

func (r *run) findPeople() {
	// dictionary actors found by the gazetteer
	for _, m := range append([]*ment(nil), r.liveMents()...) {
		if m.kind == mkPerson {
			r.addPerson(m.a, m.b, "", "", 0, true)
		}
	}
	// non-leaders: "journalist Evan Gershkovich", "Russian dissident X"
	for i := range r.toks {
		if !r.is(i, wNonLeader) {
			continue
		}
		s := r.sents[r.sentOf[i]]
		if end := r.readName(i+1, s.b); end > i+1 {
			if m := r.mentAt(i + 1); m != nil && m.kind == mkPerson {
				continue
			}
			r.addMent(&ment{a: i + 1, b: end, kind: mkNonLeader})
		}
	}
	for _, s := range r.sents {
		for i := s.a; i < s.b; i++ {
			if l := r.cue(i, fTitle); l > 0 {
				if m := r.mentAt(i); m != nil && m.kind == mkPerson {
					continue
				}
				i = r.tryTitle(s, i, l) - 1
			}
		}
	}
	for _, s := range r.sents {
		r.appositions(s)
	}
	for _, s := range r.sents {
		r.coordinatedAndSaid(s)
	}
	r.surnames()
	r.clusterPeople()
}

// tryTitle handles "Turkish Foreign Minister Hakan Fidan",
// "Ukraine's Infrastructure Minister X", "his Omani counterpart, X",
// "Minister of State ... H E Dr. X". It returns the token after what it
// consumed.
func (r *run) tryTitle(s sentence, i, l int) int {
	tstart, tend := i, i+l
	country := ""
	csrc := 0
	// left context: modifiers and the actor the title belongs to
	k := i - 1
	det := false
	for k >= s.a && i-k <= 6 {
		t := r.toks[k]
		if m := r.mentAt(k); m != nil && m.b == k+1 {
			if m.kind == mkPerson || m.kind == mkMedia || m.kind == mkNonLeader || m.kind == mkPlace {
				break
			}
			if c := r.countryOfMent(m); c != "" && country == "" {
				country, csrc = c, 3
				m.mod = true
				k = m.a - 1
				continue
			}
			break
		}
		if (t.Lower == "'s" || t.Lower == "'") && k-1 >= s.a && r.mentAt(k-1) != nil {
			k--
			continue
		}
		if t.Word && (r.is(k, wTitleMod) || r.cue(k, fTitle) > 0) {
			if t.Lower == "the" || t.Lower == "his" || t.Lower == "her" || t.Lower == "its" || t.Lower == "their" || t.Lower == "a" || t.Lower == "an" {
				det = true
				break
			}
			tstart = k
			k--
			continue
		}
		if t.Text == "-" && !t.Space {
			k--
			continue
		}
		break
	}
	p := tend
	// "ambassador to Malaysia Edgard D. Kagan": one state after to/of
	if w := r.low(p); (w == "to" || w == "of") && r.mentAt(p+1) != nil {
		if m := r.mentAt(p + 1); m.a == p+1 && (m.kind == mkCountry || m.kind == mkOrg) && r.isCap(m.b) && r.mentAt(m.b) == nil {
			if country == "" {
				country, csrc = r.countryOfMent(m), 2
			}
			m.mod = true
			tend = m.b
			p = m.b
		}
	}
	// "Minister of State at the Ministry of Foreign Affairs H E Dr. X"
	if w := r.low(p); w == "of" || w == "at" || w == "for" || w == "to" || w == "and" {
		found := -1
		for j := p + 1; j < s.b && j < p+16; j++ {
			if r.toks[j].Text == "," || r.toks[j].Text == "." {
				break
			}
			if l2 := r.cue(j, fHonorific); l2 > 0 && r.isCap(j) {
				found = j
				break
			}
		}
		if found < 0 {
			// "head of the Russian delegation, X"
			for j := p + 1; j < s.b && j < p+7; j++ {
				if r.toks[j].Text == "," {
					if j > p+1 && r.is(j-1, wDelegNoun) {
						found = j
					}
					break
				}
			}
			if found < 0 {
				return tend
			}
			for j := p; j < found; j++ {
				if m := r.mentAt(j); m != nil && country == "" {
					if c := r.countryOfMent(m); c != "" {
						country, csrc = c, 3
					}
				}
			}
			tend = found
			p = found + 1
		} else {
			for j := p; j < found; j++ {
				if m := r.mentAt(j); m != nil && country == "" {
					if c := r.countryOfMent(m); c != "" {
						country, csrc = c, 2
					}
				}
			}
			tend = found
			p = found
		}
	}
	for {
		if l2 := r.cue(p, fHonorific); l2 > 0 {
			p += l2
			continue
		}
		break
	}
	if r.low(p) == "," && (det || r.low(tend-1) == "counterpart") {
		p++
	}
	end := r.readName(p, s.b)
	if end == p {
		return tend
	}
	if m := r.mentAt(p); m != nil && m.kind == mkNonLeader {
		return end
	}
	title := strings.TrimSpace(r.span(tstart, tend))
	title = strings.Trim(title, ", ")
	r.addPerson(p, end, title, country, csrc, true)
	return end
}

// appositions handles "Vladimir Medinsky, an aide to the Russian
// President," and "Wang Yi, China's senior-most diplomat".
func (r *run) appositions(s sentence) {
	for i := s.a; i < s.b; i++ {
		if !r.isCap(i) {
			continue
		}
		if m := r.mentAt(i); m != nil && m.kind != mkPerson && m.kind != mkPlace && m.kind != mkCapital {
			i = m.b - 1
			continue
		}
		if i > s.a && r.toks[i-1].Word && r.toks[i-1].IsCap() && r.mentAt(i-1) == nil {
			continue
		}
		end := r.readName(i, s.b)
		if end == i {
			continue
		}
		isPerson := r.mentAt(i) != nil && r.mentAt(i).kind == mkPerson
		if !isPerson && end-i < 2 {
			continue
		}
		if end >= s.b || r.toks[end].Text != "," {
			i = end - 1
			continue
		}
		// scan the apposition
		title, country := "", ""
		tEnd := -1
		j := end + 1
		start := j
		for j < s.b && j < end+14 {
			t := r.toks[j]
			if t.Text == "," || t.Text == "." || t.Text == ";" || t.Lower == "who" || t.Lower == "which" || r.cue(j, fReporting) > 0 {
				break
			}
			if r.is(j, wNonLeader) {
				if !isPerson {
					r.addMent(&ment{a: i, b: end, kind: mkNonLeader})
				}
				tEnd = -2
				break
			}
			if m := r.mentAt(j); m != nil {
				if c := r.countryOfMent(m); c != "" && country == "" {
					country = c
				}
				if m.kind == mkPerson && m.poss && country == "" {
					// "Trump's special envoy": the country of that person,
					// filled in after clustering
					country = "@" + r.span(m.a, m.b)
				}
				j = m.b
				continue
			}
			if l := r.cue(j, fTitle); l > 0 {
				tEnd = j + l
				j += l
				continue
			}
			j++
		}
		if tEnd < 0 {
			i = end - 1
			continue
		}
		for start < tEnd && (r.low(start) == "the" || r.low(start) == "an" || r.low(start) == "a" || r.low(start) == "also" || r.low(start) == "his" || r.low(start) == "her") {
			start++
		}
		title = strings.TrimSpace(r.span(start, j))
		r.addPerson(i, end, title, country, 2, true)
		i = end - 1
	}
}

// coordinatedAndSaid adds "X and Jared Kushner" after a known person and
// two-word names that are the subject of a reporting verb ("Majed
// al-Ansari said").
func (r *run) coordinatedAndSaid(s sentence) {
	for i := s.a; i < s.b; i++ {
		if r.mentAt(i) != nil || !r.isCap(i) {
			continue
		}
		if i > s.a && r.toks[i-1].Word && r.toks[i-1].IsCap() {
			continue
		}
		end := r.readName(i, s.b)
		if end-i < 2 || len(r.nameToks(i, end)) < 2 {
			continue
		}
		ok := false
		// after "and" following a person
		if i-2 >= s.a && r.low(i-1) == "and" {
			if m := r.mentAt(i - 2); m != nil && m.kind == mkPerson {
				ok = true
			}
		}
		// "X said", "said X"
		if end < s.b && r.cue(end, fReporting) > 0 && r.low(end) != "according" {
			ok = true
		}
		if i-1 >= s.a && (r.low(i-1) == "said" || r.low(i-1) == "told") && i-2 >= s.a && r.toks[i-2].Text == "," {
			ok = true
		}
		// "X, who leads the rebel delegation", "X, who chaired the talks"
		strong := false
		if r.low(end) == "," && r.low(end+1) == "who" && (r.cue(end+2, fLeadVerb) > 0 || r.cue(end+2, fMediateVerb) > 0 || r.cue(end+2, fMeetVerb) > 0 || r.cue(end+2, fJointVerb) > 0) {
			ok, strong = true, true
		}
		if ok {
			r.addPerson(i, end, "", "", 0, strong)
		}
		i = end - 1
	}
}

// surnames links later mentions of a person by surname (or, for names
// such as "Anwar Ibrahim" and "Kim Jong Un", by the first name) to the
// person first named in full.
func (r *run) surnames() {
	keys := map[string]map[*pcand]bool{}
	add := func(k string, c *pcand) {
		k = strings.ToLower(k)
		if k == "" {
			return
		}
		if keys[k] == nil {
			keys[k] = map[*pcand]bool{}
		}
		keys[k][c] = true
	}
	for _, c := range r.pcands {
		if !c.fullName || !c.strong && c.actor == nil {
			continue
		}
		add(c.toks[len(c.toks)-1], c)
		add(c.toks[0], c)
		if len(c.toks) >= 3 && r.e.particles[strings.ToLower(c.toks[len(c.toks)-2])] {
			add(c.toks[len(c.toks)-2]+" "+c.toks[len(c.toks)-1], c)
		}
	}
	for _, s := range r.sents {
		for i := s.a; i < s.b; i++ {
			t := r.toks[i]
			if r.mentAt(i) != nil || !t.Word || !t.IsCap() || r.is(i, wNotName) || len(t.Text) < 3 {
				continue
			}
			if i+1 < s.b && r.isCap(i+1) && r.mentAt(i+1) == nil && r.toks[i+1].Space && !r.is(i+1, wNotName) {
				continue // part of a longer unknown name
			}
			set := keys[strings.ToLower(t.Fold)]
			if len(set) != 1 {
				continue
			}
			a := i
			// "al-Busaidi", "El Sisi"
			if i-2 >= s.a && r.toks[i-1].Text == "-" && !r.toks[i-1].Space && r.is(i-2, wParticle) {
				a = i - 2
			} else if i-1 >= s.a && r.is(i-1, wParticle) && r.mentAt(i-1) == nil {
				a = i - 1
			}
			for l := r.cue(a-1, fHonorific); false && l > 0; {
			}
			m := &ment{a: a, b: i + 1, kind: mkPerson}
			r.addMent(m)
			for c := range set {
				nc := &pcand{m: m, toks: r.nameToks(a, i+1), display: r.span(a, i+1), actor: c.actor}
				nc.country = ""
				r.pcands = append(r.pcands, nc)
				if r.pcandOf[m] == nil {
					r.pcandOf[m] = nc
				}
				r.corefOf[nc] = c
			}
		}
	}
}

// clusterPeople merges person mentions into Leader entities: dictionary
// actors by their canonical name, others by the fullest form of the name.
func (r *run) clusterPeople() {
	root := map[*pcand]*pcand{}
	var find func(c *pcand) *pcand
	find = func(c *pcand) *pcand {
		if p, ok := root[c]; ok && p != c {
			q := find(p)
			root[c] = q
			return q
		}
		return c
	}
	union := func(a, b *pcand) {
		ra, rb := find(a), find(b)
		if ra != rb {
			root[ra] = rb
		}
	}
	for nc, c := range r.corefOf {
		union(nc, c)
	}
	byActor := map[string]*pcand{}
	byName := map[string]*pcand{}
	for _, c := range r.pcands {
		if c.actor != nil {
			if o := byActor[c.actor.Name]; o != nil {
				union(c, o)
			} else {
				byActor[c.actor.Name] = c
			}
		}
		k := strings.ToLower(strings.Join(c.toks, " "))
		if o := byName[k]; o != nil {
			union(c, o)
		} else {
			byName[k] = c
		}
	}
	// partial names: "Sarraj" or "Fayez al-Sarraj" with "Fayez Sarraj".
	// A mention joins the only other person with that surname and at
	// least as many name tokens. Candidates with the same name are one
	// person already (byName), so one representative per distinct name,
	// bucketed by surname, is enough: linear in the mentions.
	bySurname := map[string][]*pcand{}
	seenName := map[string]bool{}
	for _, c := range r.pcands {
		if len(c.toks) == 0 {
			continue
		}
		if k := strings.ToLower(strings.Join(c.toks, " ")); !seenName[k] {
			seenName[k] = true
			last := strings.ToLower(c.toks[len(c.toks)-1])
			bySurname[last] = append(bySurname[last], c)
		}
	}
	for _, c := range r.pcands {
		if len(c.toks) == 0 {
			continue
		}
		var match *pcand
		several := false
		for _, o := range bySurname[strings.ToLower(c.toks[len(c.toks)-1])] {
			if len(o.toks) < len(c.toks) || find(o) == find(c) || !sameSurname(c.toks, o.toks) {
				continue
			}
			if match != nil && find(match) != find(o) {
				several = true
				break
			}
			match = o
		}
		if match != nil && !several {
			union(c, match)
		}
	}
	groups := map[*pcand][]*pcand{}
	var roots []*pcand
	for _, c := range r.pcands {
		rt := find(c)
		if groups[rt] == nil {
			roots = append(roots, rt)
		}
		groups[rt] = append(groups[rt], c)
	}
	for _, rt := range roots {
		g := groups[rt]
		var actor *lexicon.Actor
		strong := false
		best := g[0]
		title, country, csrc := "", "", 0
		for _, c := range g {
			if c.actor != nil {
				actor = c.actor
			}
			if c.strong {
				strong = true
			}
			if len(c.toks) > len(best.toks) {
				best = c
			}
			if c.title != "" && title == "" {
				title = c.title
			}
			if c.csrc > csrc {
				country, csrc = c.country, c.csrc
			}
		}
		if actor == nil && len(best.toks) < 2 {
			for _, c := range g {
				r.dropMent(c.m)
			}
			continue
		}
		if !strong && actor == nil {
			// an unknown name with no title, apposition or dictionary
			// entry: keep it only if it is said to speak
			if len(best.toks) < 2 {
				for _, c := range g {
					r.dropMent(c.m)
				}
				continue
			}
		}
		name := best.display
		name = strings.Join(strings.Fields(name), " ")
		if actor != nil {
			name = actor.Name
			if role, ok := actor.RoleAt(r.date); ok {
				if country == "" || csrc < 2 {
					if role.Country != "" {
						country = role.Country
					}
				}
				if title == "" {
					title = role.Title
				}
			}
			if country == "" {
				country = actor.Country
			}
		}
		x := r.entity(TypeLeader, name)
		x.actor = actor
		if x.title == "" {
			x.title = title
		}
		if country != "" && (x.country == "" || csrc > x.countrySrc) {
			x.country, x.countrySrc = country, csrc
		}
		x.toks = best.toks
		for _, c := range g {
			c.m.ent = x
			if c.display != name {
				x.addAlias(c.display)
			}
		}
	}
	// "Trump's special envoy": country of the named person
	for _, x := range r.order {
		if x.typ == TypeLeader && strings.HasPrefix(x.country, "@") {
			x.country = ""
			x.countrySrc = 0
		}
	}
}

func sameSurname(a, b []string) bool {
	la, lb := strings.ToLower(a[len(a)-1]), strings.ToLower(b[len(b)-1])
	if la != lb {
		return false
	}
	if len(a) == 1 || len(b) == 1 {
		return true
	}
	return strings.EqualFold(a[0], b[0])
}
