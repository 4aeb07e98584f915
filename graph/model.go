package graph

import (
	"net/url"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/dipgraph/dipgraph/extract"
)

// Label is a node label the loader may write. Labels and relationship
// types reach Cypher only from these whitelists, never from input text.
type Label string

// Node labels (docs/model.md).
const (
	Article      Label = "Article"
	Country      Label = "Country"
	Leader       Label = "Leader"
	Delegation   Label = "Delegation"
	Venue        Label = "Venue"
	Organization Label = "Organization"
	Proposal     Label = "Proposal"
	Alias        Label = "Alias"
	Source       Label = "Source"
	// Entity is the extra label every entity node carries.
	Entity Label = "Entity"
)

// EntityLabels lists the entity labels in canonical order, the order in
// which a load transaction locks nodes (see graph/load).
var EntityLabels = []Label{Country, Leader, Delegation, Venue, Organization, Proposal}

// KeyProperty names the property holding a node's unique key.
func (l Label) KeyProperty() string {
	switch l {
	case Article, Delegation, Proposal:
		return "key"
	}
	return "name"
}

// Rank is l's position in EntityLabels, or len(EntityLabels) for other
// labels.
func (l Label) Rank() int {
	for i, x := range EntityLabels {
		if x == l {
			return i
		}
	}
	return len(EntityLabels)
}

// EntityLabel returns the whitelisted label for an extract entity type.
func EntityLabel(typ string) (Label, bool) {
	for _, l := range EntityLabels {
		if string(l) == typ {
			return l, true
		}
	}
	return "", false
}

// RelType is a relationship type the loader may write.
type RelType string

// Relationship types: the nine SPEC.md types plus the loader's own.
const (
	Mediates   RelType = "MEDIATES"
	Proposes   RelType = "PROPOSES"
	Rejects    RelType = "REJECTS"
	Accepts    RelType = "ACCEPTS"
	Leads      RelType = "LEADS"
	Represents RelType = "REPRESENTS"
	Meets      RelType = "MEETS"
	MeetsIn    RelType = "MEETS_IN"
	Visits     RelType = "VISITS"

	MentionedIn RelType = "MENTIONED_IN"
	AliasOf     RelType = "ALIAS_OF"
)

// RelTypes lists the SPEC.md relationship types in canonical order.
var RelTypes = []RelType{Mediates, Proposes, Rejects, Accepts, Leads, Represents, Meets, MeetsIn, Visits}

// Rank is t's position in RelTypes, or len(RelTypes).
func (t RelType) Rank() int {
	for i, x := range RelTypes {
		if x == t {
			return i
		}
	}
	return len(RelTypes)
}

// SpecRelType returns the whitelisted type for an extract relation type.
func SpecRelType(typ string) (RelType, bool) {
	for _, t := range RelTypes {
		if string(t) == typ {
			return t, true
		}
	}
	return "", false
}

// UID is the loader's internal identity of an entity node, unique across
// labels ("Country:Turkey", "Delegation:Ukraine|2025-05-16"): a Venue and
// a Country may share a name, so the name alone is not enough. It is stored
// as the node's uid property (unique constraint on :Entity(uid)), which
// lets one constant statement per relationship type match endpoints of
// any label.
func UID(l Label, key string) string { return string(l) + ":" + key }

// trackingParams are query parameters dropped from article URLs: they
// identify a click, not an article.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true, "msclkid": true,
	"yclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true,
	"ocid": true, "cmpid": true, "smid": true, "ref_src": true,
}

// CanonicalURL returns the canonical form of an absolute http(s) URL:
// lower-case scheme and host, default port dropped, no fragment, tracking
// parameters (utm_*, fbclid, gclid, …) dropped, remaining parameters sorted,
// trailing slash trimmed. ok is false when raw is not such a URL.
func CanonicalURL(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	if p := u.Port(); p != "" && !(scheme == "http" && p == "80") && !(scheme == "https" && p == "443") {
		host += ":" + p
	}
	q := u.Query()
	for k := range q {
		if trackingParams[strings.ToLower(k)] || strings.HasPrefix(strings.ToLower(k), "utm_") {
			q.Del(k)
		}
	}
	path := strings.TrimRight(u.EscapedPath(), "/")
	out := scheme + "://" + host + path
	if enc := q.Encode(); enc != "" {
		out += "?" + enc
	}
	return out, true
}

// ArticleKey is the identity of an article in the graph: its canonical URL
// when it has one, else "<source>:<id>" (just the id when the source is
// unknown).
func ArticleKey(m extract.ArticleMeta) string {
	if u, ok := CanonicalURL(m.URL); ok {
		return u
	}
	id := cleanName(m.ID)
	if m.Source == "" {
		return id
	}
	return strings.Map(noControl, m.Source) + ":" + id
}

// noControl replaces control characters (tabs, newlines) with spaces, so
// keys print on one line.
func noControl(r rune) rune {
	if unicode.IsControl(r) {
		return ' '
	}
	return r
}

// DelegationKey is a Delegation's key: its country and the article date
// ("Ukraine|2025-05-16"), or the article key when the article is undated,
// so one country's team at one meeting is one node across articles.
func DelegationKey(country, date, articleKey string) string {
	if date != "" {
		return country + "|" + date
	}
	return country + "|" + articleKey
}

// ProposalKey is a Proposal's key: the normalised phrase and the sorted,
// comma-joined canonical names of its parties.
func ProposalKey(phrase string, parties []string) string {
	p := append([]string(nil), parties...)
	sort.Strings(p)
	return phrase + "|" + strings.Join(p, ",")
}

// cleanName trims and collapses white space; names become keys, and keys
// must not differ by spacing.
func cleanName(s string) string { return strings.Join(strings.Fields(s), " ") }

// Fold removes diacritics ("Türkiye" → "Turkiye"). It is safe for
// concurrent use: a transform chain keeps state, so each call builds its own.
func Fold(s string) string {
	if isASCII(s) { // most names; the chain allocates kilobytes per call
		return s
	}
	t := foldChains.Get().(transform.Transformer)
	defer foldChains.Put(t)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

// foldChains reuses Fold's transformer chains: building one allocates
// kilobytes, a fifth of what mapping an article allocated. A chain keeps
// state, so each is used by one call at a time (transform.String resets it).
var foldChains = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// AliasKeys returns the Alias node names for surface forms: each form
// lower-cased with white space collapsed, plus its diacritic-free variant,
// sorted and without repeats.
func AliasKeys(forms []string) []string {
	set := map[string]bool{}
	for _, f := range forms {
		k := strings.ToLower(cleanName(f))
		if k == "" {
			continue
		}
		set[k] = true
		set[Fold(k)] = true
	}
	return sortedKeys(set)
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// RelTypePattern is the nine SPEC types as a Cypher relationship type
// alternation, MEDIATES|REJECTS|…, for statements built from the
// whitelist.
func RelTypePattern() string {
	s := make([]string, len(RelTypes))
	for i, t := range RelTypes {
		s[i] = string(t)
	}
	return strings.Join(s, "|")
}
