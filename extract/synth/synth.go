package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/lexicon"
)

// Options configure a Generator.
type Options struct {
	// Seed selects the corpus; the same seed gives the same articles.
	Seed uint64
	// Start and Days bound article dates. Defaults 2020-01-01 and 2000.
	Start time.Time
	Days  int
	// Zipf is the exponent of actor popularity (> 1). Default 1.2.
	Zipf float64
	// Source is the articles' source name. Default "synth".
	Source string
	// HubPair makes every article about the two most popular countries,
	// so that their MEETS relationship is asserted by every article.
	HubPair bool
	// Lexicon supplies names and cue words; nil loads the embedded one.
	Lexicon *lexicon.Lexicon
}

// Generator makes synthetic articles. It is safe for concurrent use.
type Generator struct {
	opts      Options
	countries []country // in popularity order
	orgs      []string
	verbs     map[string][]string
	kinds     []string // proposal head nouns
	cum       []float64
}

type country struct {
	name    string
	aliases []string
	leaders []leader
	venues  []venue
}

type leader struct{ name, title string }

type venue struct{ name, country string }

// New prepares a generator from the lexicon.
func New(opts Options) (*Generator, error) {
	if opts.Start.IsZero() {
		opts.Start = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if opts.Days <= 0 {
		opts.Days = 2000
	}
	if opts.Zipf <= 1 {
		opts.Zipf = 1.2
	}
	if opts.Source == "" {
		opts.Source = "synth"
	}
	lx := opts.Lexicon
	if lx == nil {
		var err error
		if lx, err = lexicon.Load(""); err != nil {
			return nil, fmt.Errorf("synth: %w", err)
		}
	}
	g := &Generator{opts: opts, verbs: map[string][]string{}}
	byName := map[string]*country{}
	for _, c := range lx.Countries {
		if c.Name == "" {
			continue
		}
		al := append(append([]string{}, c.Aliases...), c.Demonyms...)
		g.countries = append(g.countries, country{name: c.Name, aliases: al})
	}
	if len(g.countries) < 3 {
		return nil, fmt.Errorf("synth: the lexicon has %d countries, want at least 3", len(g.countries))
	}
	sort.Slice(g.countries, func(i, j int) bool { return g.countries[i].name < g.countries[j].name })
	// Popularity order: a seeded shuffle, so each seed has its own hubs.
	rng := rand.New(rand.NewPCG(opts.Seed, 0x5eed))
	rng.Shuffle(len(g.countries), func(i, j int) { g.countries[i], g.countries[j] = g.countries[j], g.countries[i] })
	for i := range g.countries {
		byName[g.countries[i].name] = &g.countries[i]
	}
	for _, a := range lx.Actors {
		if c := byName[a.Country]; c != nil {
			title := "envoy"
			if len(a.Roles) > 0 {
				title = a.Roles[len(a.Roles)-1].Title
			}
			c.leaders = append(c.leaders, leader{a.Name, title})
		}
	}
	for _, v := range lx.Venues {
		if c := byName[v.Country]; c != nil {
			c.venues = append(c.venues, venue{v.Name, v.Country})
		}
	}
	for _, ct := range lx.Cities {
		if c := byName[ct.Country]; c != nil && ct.Capital {
			c.venues = append(c.venues, venue{ct.Name, ct.Country})
		}
	}
	for i := range g.countries {
		c := &g.countries[i]
		if len(c.leaders) == 0 {
			c.leaders = []leader{{made(c.name, opts.Seed), "Foreign Minister"}}
		}
		if len(c.venues) == 0 {
			c.venues = []venue{{c.name + " City", c.name}}
		}
	}
	for _, o := range lx.Orgs {
		if o.Kind == "igo" {
			g.orgs = append(g.orgs, o.Name)
		}
	}
	sort.Strings(g.orgs)
	for _, fam := range []string{"mediate_verb", "propose_verb", "reject_verb", "accept_verb", "meet_verb", "visit_verb"} {
		g.verbs[fam] = pick(lx.Cues.Families[fam], []string{fam})
	}
	for _, k := range []string{"ceasefire", "exchange", "plan", "agreement", "meeting", "corridor", "withdrawal"} {
		if list := lx.Cues.Proposals[k]; len(list) > 0 {
			g.kinds = append(g.kinds, list[0])
		}
	}
	if len(g.kinds) == 0 {
		g.kinds = []string{"ceasefire"}
	}
	// Zipf weights 1/rank^s over countries.
	g.cum = make([]float64, len(g.countries))
	total := 0.0
	for i := range g.countries {
		total += 1 / math.Pow(float64(i+1), opts.Zipf)
		g.cum[i] = total
	}
	for i := range g.cum {
		g.cum[i] /= total
	}
	return g, nil
}

func pick(list, fallback []string) []string {
	var out []string
	for _, w := range list {
		if !strings.Contains(w, " ") && strings.HasSuffix(w, "ed") {
			out = append(out, w) // past tense reads naturally in a report
		}
	}
	if len(out) == 0 {
		return fallback
	}
	return out
}

// made invents a person's name for a country the actor dictionary lacks.
func made(country string, seed uint64) string {
	first := []string{"Amir", "Lena", "Tomas", "Nadia", "Karim", "Elif", "Jonas", "Mira", "Pavel", "Sara", "Idris", "Anya"}
	last := []string{"Kovac", "Haddad", "Lindqvist", "Osei", "Moreau", "Tanaka", "Petrov", "Silva", "Demir", "Novak", "Reyes", "Bauer"}
	h := sha256.Sum256([]byte(fmt.Sprintf("%d|%s", seed, country)))
	return first[int(h[0])%len(first)] + " " + last[int(h[1])%len(last)]
}

// zipf draws a country index by popularity.
func (g *Generator) zipf(r *rand.Rand) int {
	u := r.Float64()
	return sort.SearchFloat64s(g.cum, u)
}

// Document returns article i (0-based) of the corpus.
func (g *Generator) Document(i int) extract.Document {
	r := rand.New(rand.NewPCG(g.opts.Seed, uint64(i)+1))
	date := g.opts.Start.AddDate(0, 0, r.IntN(g.opts.Days)).Format("2006-01-02")
	var ia, ib int
	if g.opts.HubPair {
		ia, ib = 0, 1
	} else {
		ia = g.zipf(r)
		for ib = g.zipf(r); ib == ia; ib = g.zipf(r) {
		}
	}
	a, b := &g.countries[ia], &g.countries[ib]
	im := g.zipf(r)
	for im == ia || im == ib {
		im = (im + 1) % len(g.countries)
	}
	m := &g.countries[im]
	la := a.leaders[r.IntN(len(a.leaders))]
	lb := b.leaders[r.IntN(len(b.leaders))]
	lm := m.leaders[r.IntN(len(m.leaders))]
	v := m.venues[r.IntN(len(m.venues))]
	kind := g.kinds[r.IntN(len(g.kinds))]
	prop := kind
	if kind == g.kinds[0] {
		prop = fmt.Sprintf("%d-day %s", []int{7, 10, 14, 30, 60, 90}[r.IntN(6)], kind)
	}
	verb := func(fam string) string { l := g.verbs[fam]; return l[r.IntN(len(l))] }
	conf := func() float64 { return math.Round((0.5+r.Float64()/2)*100) / 100 }

	id := fmt.Sprintf("synth-%d-%08d", g.opts.Seed, i)
	doc := extract.Document{Article: extract.ArticleMeta{
		ID: id, Date: &date, Title: fmt.Sprintf("%s and %s hold talks in %s", a.name, b.name, v.name),
		URL: fmt.Sprintf("https://synth.example/%d/%08d", g.opts.Seed, i), Source: g.opts.Source, Extractor: "synth",
	}}
	ent := func(e extract.Entity) {
		e.Mentions = 1 + r.IntN(4)
		doc.Entities = append(doc.Entities, e)
	}
	ent(extract.Entity{Type: extract.TypeCountry, Name: a.name, Aliases: first(a.aliases, 2)})
	ent(extract.Entity{Type: extract.TypeCountry, Name: b.name, Aliases: first(b.aliases, 2)})
	ent(extract.Entity{Type: extract.TypeCountry, Name: m.name, Aliases: first(m.aliases, 2)})
	ent(extract.Entity{Type: extract.TypeLeader, Name: la.name, Country: a.name, Title: la.title})
	ent(extract.Entity{Type: extract.TypeLeader, Name: lb.name, Country: b.name, Title: lb.title})
	ent(extract.Entity{Type: extract.TypeLeader, Name: lm.name, Country: m.name, Title: lm.title})
	ent(extract.Entity{Type: extract.TypeDelegation, Name: a.name + " delegation", Country: a.name})
	ent(extract.Entity{Type: extract.TypeDelegation, Name: b.name + " delegation", Country: b.name})
	ent(extract.Entity{Type: extract.TypeVenue, Name: v.name, Country: v.country})
	ent(extract.Entity{Type: extract.TypeProposal, Name: prop, Keywords: []string{kind}})
	rel := func(t, s, o, ev string) {
		doc.Relations = append(doc.Relations, extract.Relation{Type: t, Source: s, Target: o, Evidence: ev, Confidence: conf()})
	}
	talks := fmt.Sprintf("%s %s talks between %s and %s in %s.", m.name, verb("mediate_verb"), a.name, b.name, v.name)
	rel(extract.RelMediates, m.name, a.name, talks)
	rel(extract.RelMediates, m.name, b.name, talks)
	rel(extract.RelMeets, a.name, b.name, fmt.Sprintf("%s and %s %s on %s.", a.name, b.name, verb("meet_verb"), date))
	rel(extract.RelMeetsIn, a.name, v.name, talks)
	rel(extract.RelMeetsIn, b.name, v.name, talks)
	rel(extract.RelLeads, la.name, a.name+" delegation", fmt.Sprintf("The %s delegation was led by %s %s.", a.name, la.title, la.name))
	rel(extract.RelLeads, lb.name, b.name+" delegation", fmt.Sprintf("The %s delegation was led by %s %s.", b.name, lb.title, lb.name))
	rel(extract.RelRepresents, la.name, a.name, fmt.Sprintf("%s %s %s.", a.name, la.title, la.name))
	rel(extract.RelRepresents, lb.name, b.name, fmt.Sprintf("%s %s %s.", b.name, lb.title, lb.name))
	rel(extract.RelProposes, a.name, prop, fmt.Sprintf("%s %s a %s.", a.name, verb("propose_verb"), prop))
	if r.IntN(3) == 0 {
		rel(extract.RelRejects, b.name, prop, fmt.Sprintf("%s %s the %s.", b.name, verb("reject_verb"), prop))
	} else {
		rel(extract.RelAccepts, b.name, prop, fmt.Sprintf("%s %s the %s.", b.name, verb("accept_verb"), prop))
	}
	rel(extract.RelVisits, lm.name, v.name, fmt.Sprintf("%s %s %s.", lm.name, verb("visit_verb"), v.name))
	if len(g.orgs) > 0 && r.IntN(4) == 0 {
		org := g.orgs[r.IntN(len(g.orgs))]
		ent(extract.Entity{Type: extract.TypeOrganization, Name: org})
		rel(extract.RelProposes, org, prop, fmt.Sprintf("The %s backed the %s.", org, prop))
	}
	doc.Article.ContentHash = hash(doc)
	doc.Sort()
	return doc
}

// Text renders article i as plain text in the seed article's layout
// (title line, date line, blank line, body), for pipeline tests.
func (g *Generator) Text(i int) string {
	d := g.Document(i)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n\n", d.Article.Title, *d.Article.Date)
	seen := map[string]bool{}
	for _, r := range d.Relations {
		if r.Evidence != "" && !seen[r.Evidence] {
			seen[r.Evidence] = true
			b.WriteString(r.Evidence + " ")
		}
	}
	return strings.TrimSpace(b.String()) + "\n"
}

// Documents returns articles 0..n-1.
func (g *Generator) Documents(n int) []extract.Document {
	out := make([]extract.Document, n)
	for i := range out {
		out[i] = g.Document(i)
	}
	return out
}

func first(list []string, n int) []string {
	if len(list) > n {
		return list[:n]
	}
	return list
}

func hash(d extract.Document) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%s", d.Article.ID, *d.Article.Date, d.Article.Title)
	for _, r := range d.Relations {
		fmt.Fprintf(h, "|%s|%s|%s|%s", r.Type, r.Source, r.Target, r.Evidence)
	}
	return hex.EncodeToString(h.Sum(nil))
}
