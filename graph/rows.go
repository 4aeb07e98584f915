package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dipgraph/dipgraph/extract"
)

// Batch is one article's contribution to the graph, as rows per label and
// relationship type. It is what the loader writes (and, on replace or
// forget, what it takes back).
type Batch struct {
	Article ArticleRow `json:"article"`
	// Nodes are the article's entities, one per node key, sorted by label
	// rank then uid. Each gets MENTIONED_IN {count: Mentions} to the Article.
	Nodes []NodeRow `json:"nodes"`
	// Rels are the article's relationships, one per (type, source, target),
	// sorted by type rank, source, target; MEETS in canonical order.
	Rels []RelRow `json:"relations"`
	// Warnings name what of the document was left out and why.
	Warnings []string `json:"warnings,omitempty"`
}

// ArticleRow is the Article node.
type ArticleRow struct {
	Key         string `json:"key"`
	ID          string `json:"id"`
	Title       string `json:"title,omitempty"`
	Date        string `json:"date,omitempty"` // YYYY-MM-DD or ""
	URL         string `json:"url,omitempty"`
	Source      string `json:"source,omitempty"`
	ContentHash string `json:"content_hash,omitempty"`
	Extractor   string `json:"extractor_version,omitempty"`
	// GraphHash fingerprints the whole Batch (article fields and rows), so
	// a reload whose graph is identical is recognised and changes nothing.
	GraphHash string `json:"graph_hash"`
}

// NodeRow is one entity node as one article sees it.
type NodeRow struct {
	Label Label  `json:"label"`
	UID   string `json:"uid"`
	Key   string `json:"key"` // value of Label.KeyProperty()
	Name  string `json:"name"`
	// Forms are the surface forms the article gives (name and aliases);
	// the node's aliases are the union over the articles mentioning it.
	Forms     []string `json:"forms"`
	AliasKeys []string `json:"alias_keys"`
	Mentions  int      `json:"mentions"`
	Country   string   `json:"country,omitempty"` // Leader, Venue, Delegation
	Title     string   `json:"title,omitempty"`   // Leader
	Date      string   `json:"date,omitempty"`    // Delegation
	Phrase    string   `json:"phrase,omitempty"`  // Proposal
	Parties   []string `json:"parties,omitempty"` // Proposal
	Keywords  []string `json:"keywords,omitempty"`
}

// RelRow is one article's assertion of one relationship.
type RelRow struct {
	Type       RelType `json:"type"`
	Source     string  `json:"source"` // uid
	Target     string  `json:"target"` // uid
	Sentence   string  `json:"sentence"`
	Confidence float64 `json:"confidence"`
}

// ConfidencePct is the confidence as relationships keep it per article:
// whole percent, written as a string ("85"). Every transaction that
// touches a relationship reads its lists and writes them back, and Neo4j
// 5.26 decodes a number list bit by bit across its whole read buffer,
// which a long string list read just before has grown. A float list made
// that decoding half of the server's time in a profiled load; an integer
// list still took 39% of a load onto a 100,000-article graph, and a hub's
// timeline with a confidence floor 382 ms p95 against 114 ms with strings.
// String lists decode directly. FromDocument keeps confidences to
// hundredths, so nothing is lost.
func (r RelRow) ConfidencePct() string { return strconv.Itoa(int(math.Round(r.Confidence * 100))) }

// FromDocument maps an article graph onto rows with the default terms.
func FromDocument(doc extract.Document) Batch { return DefaultTerms().FromDocument(doc) }

// FromDocument maps an article graph onto rows. It is pure: the same
// document always gives the same Batch. Entities and relations of types
// outside the whitelist, relations whose endpoints are not entities of the
// document, and self-relations are left out with a warning.
func (t *Terms) FromDocument(doc extract.Document) Batch {
	m := doc.Article
	b := Batch{Article: ArticleRow{
		Key:         ArticleKey(m),
		ID:          cleanName(m.ID),
		Title:       strings.TrimSpace(m.Title),
		URL:         strings.TrimSpace(m.URL),
		Source:      m.Source,
		ContentHash: m.ContentHash,
		Extractor:   m.Extractor,
	}}
	warn := func(format string, args ...any) { b.Warnings = append(b.Warnings, fmt.Sprintf(format, args...)) }
	if m.Date != nil {
		d := strings.TrimSpace(*m.Date)
		if _, err := time.Parse("2006-01-02", d); err == nil {
			b.Article.Date = d
		} else if d != "" {
			warn("article date %q is not YYYY-MM-DD; treated as undated", d)
		}
	}

	// Entities by name; a name may denote several entities ("Singapore"
	// the Country and the Venue).
	type ent struct {
		label Label
		e     extract.Entity
	}
	byName := make(map[string][]ent, 2*len(doc.Entities))
	ents := make([]ent, 0, len(doc.Entities))
	for i, e := range doc.Entities {
		l, ok := EntityLabel(e.Type)
		if !ok {
			warn("entity %d %q: type %q is not loaded", i, e.Name, e.Type)
			continue
		}
		e.Name = cleanName(e.Name)
		if e.Name == "" {
			warn("entity %d: empty name", i)
			continue
		}
		ents = append(ents, ent{l, e})
		byName[e.Name] = append(byName[e.Name], ent{l, e})
		if low := strings.ToLower(e.Name); low != e.Name {
			byName[low] = append(byName[low], ent{l, e})
		}
	}
	resolve := func(name string, venueFirst bool) (ent, bool) {
		name = cleanName(name)
		cands := byName[name]
		if len(cands) == 0 {
			cands = byName[strings.ToLower(name)]
		}
		if len(cands) == 0 {
			return ent{}, false
		}
		best := cands[0]
		score := func(x ent) int {
			s := x.label.Rank()
			if (x.label == Venue) != venueFirst {
				s += 100
			}
			return s
		}
		for _, c := range cands[1:] {
			if score(c) < score(best) {
				best = c
			}
		}
		return best, true
	}

	// Proposal parties: the actors that propose, accept or reject it.
	parties := map[string]map[string]bool{}
	type relEnds struct {
		t    RelType
		r    extract.Relation
		s, o ent
	}
	rels := make([]relEnds, 0, len(doc.Relations))
	for i, r := range doc.Relations {
		rt, ok := SpecRelType(r.Type)
		if !ok {
			warn("relation %d %s: type is not loaded", i, r.Type)
			continue
		}
		s, ok1 := resolve(r.Source, false)
		o, ok2 := resolve(r.Target, rt == MeetsIn || rt == Visits)
		if !ok1 || !ok2 {
			missing := r.Source
			if ok1 {
				missing = r.Target
			}
			warn("relation %d %s %q -> %q: %q is not an entity of the article", i, r.Type, r.Source, r.Target, missing)
			continue
		}
		rels = append(rels, relEnds{rt, r, s, o})
		if (rt == Proposes || rt == Accepts || rt == Rejects) && o.label == Proposal {
			if parties[o.e.Name] == nil {
				parties[o.e.Name] = map[string]bool{}
			}
			parties[o.e.Name][s.e.Name] = true
		}
	}

	// Nodes, merged by uid (two surface entities may share a key).
	byUID := map[string]*NodeRow{}
	uidOf := map[string]string{} // label + "\x00" + name → uid
	for _, x := range ents {
		e := x.e
		row := NodeRow{Label: x.label, Name: e.Name, Mentions: max(e.Mentions, 1)}
		switch x.label {
		case Delegation:
			c := cleanName(e.Country)
			if c == "" {
				c = cleanName(strings.TrimSuffix(strings.TrimSuffix(e.Name, " delegation"), " Delegation"))
			}
			row.Country, row.Date = c, b.Article.Date
			row.Key = DelegationKey(c, b.Article.Date, b.Article.Key)
			row.Name = c + " delegation"
		case Proposal:
			row.Phrase = t.NormalizePhrase(e.Name)
			row.Keywords = union(e.Keywords, nil)
			row.Parties = sortedKeys(parties[e.Name])
			row.Key = ProposalKey(row.Phrase, row.Parties)
		case Leader:
			row.Key, row.Country, row.Title = e.Name, cleanName(e.Country), cleanName(e.Title)
		case Venue:
			row.Key, row.Country = e.Name, cleanName(e.Country)
		default:
			row.Key = e.Name
		}
		row.UID = UID(x.label, row.Key)
		forms := map[string]bool{e.Name: true}
		for _, a := range e.Aliases {
			if a = cleanName(a); a != "" {
				forms[a] = true
			}
		}
		if prev, ok := byUID[row.UID]; ok {
			for _, f := range prev.Forms {
				forms[f] = true
			}
			prev.Forms = sortedKeys(forms)
			prev.Mentions += row.Mentions
			prev.Keywords = union(prev.Keywords, row.Keywords)
			if prev.Country == "" {
				prev.Country = row.Country
			}
			if prev.Title == "" {
				prev.Title = row.Title
			}
		} else {
			row.Forms = sortedKeys(forms)
			r := row
			byUID[row.UID] = &r
		}
		uidOf[string(x.label)+"\x00"+e.Name] = row.UID
	}
	if len(byUID) > 0 {
		b.Nodes = make([]NodeRow, 0, len(byUID))
	}
	for _, r := range byUID {
		r.AliasKeys = AliasKeys(r.Forms)
		if len(r.Keywords) == 0 {
			r.Keywords = nil
		}
		b.Nodes = append(b.Nodes, *r)
	}
	sort.Slice(b.Nodes, func(i, j int) bool {
		a, c := b.Nodes[i], b.Nodes[j]
		if a.Label.Rank() != c.Label.Rank() {
			return a.Label.Rank() < c.Label.Rank()
		}
		return a.UID < c.UID
	})

	// Relationships, one per (type, source, target); the most confident
	// assertion's sentence is kept.
	type relKey struct {
		t    RelType
		s, o string
	}
	best := map[relKey]RelRow{}
	var order []relKey
	for _, x := range rels {
		s := uidOf[string(x.s.label)+"\x00"+x.s.e.Name]
		o := uidOf[string(x.o.label)+"\x00"+x.o.e.Name]
		if s == o {
			warn("relation %s %q -> %q: source and target are the same entity", x.t, x.r.Source, x.r.Target)
			continue
		}
		if x.t == Meets && orderedAfter(x.s.label, byUID[s].Key, x.o.label, byUID[o].Key) {
			s, o = o, s
		}
		conf := x.r.Confidence
		if conf <= 0 {
			conf = 1 // gold graphs carry no confidence: an annotator's relation is certain
		}
		// Hundredths, the extractor's own precision: relationships keep
		// each article's confidence as whole percent (docs/model.md), and
		// the aggregate must equal what those percents give back.
		conf = math.Round(conf*100) / 100
		row := RelRow{Type: x.t, Source: s, Target: o, Sentence: cleanName(x.r.Evidence), Confidence: conf}
		k := relKey{x.t, s, o}
		prev, ok := best[k]
		if !ok {
			order = append(order, k)
		}
		if !ok || row.Confidence > prev.Confidence || (prev.Sentence == "" && row.Sentence != "") {
			if ok && row.Confidence < prev.Confidence {
				row.Confidence = prev.Confidence
			}
			best[k] = row
		}
	}
	for _, k := range order {
		b.Rels = append(b.Rels, best[k])
	}
	sort.Slice(b.Rels, func(i, j int) bool {
		a, c := b.Rels[i], b.Rels[j]
		if a.Type.Rank() != c.Type.Rank() {
			return a.Type.Rank() < c.Type.Rank()
		}
		if a.Source != c.Source {
			return a.Source < c.Source
		}
		return a.Target < c.Target
	})
	b.Article.GraphHash = b.hash()
	return b
}

// orderedAfter reports whether (la, ka) sorts after (lb, kb): MEETS is
// stored from the endpoint that sorts first by label, then key.
func orderedAfter(la Label, ka string, lb Label, kb string) bool {
	if la != lb {
		return la > lb
	}
	return ka > kb
}

func union(a, b []string) []string {
	set := map[string]bool{}
	for _, x := range a {
		set[x] = true
	}
	for _, x := range b {
		set[x] = true
	}
	if len(set) == 0 {
		return nil
	}
	return sortedKeys(set)
}

func (b Batch) hash() string {
	b.Article.GraphHash = ""
	raw, err := json.Marshal(b)
	if err != nil {
		panic(err) // plain strings and numbers always marshal
	}
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:16])
}
