package extract

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// Entity types scored by SPEC.md.
const (
	TypeCountry      = "Country"
	TypeLeader       = "Leader"
	TypeDelegation   = "Delegation"
	TypeVenue        = "Venue"
	TypeOrganization = "Organization"
	TypeProposal     = "Proposal"
)

// Relation types scored by SPEC.md.
const (
	RelMediates   = "MEDIATES"
	RelProposes   = "PROPOSES"
	RelRejects    = "REJECTS"
	RelAccepts    = "ACCEPTS"
	RelLeads      = "LEADS"
	RelRepresents = "REPRESENTS"
	RelMeets      = "MEETS"
	RelMeetsIn    = "MEETS_IN"
	RelVisits     = "VISITS"
)

// EntityTypes lists the SPEC.md entity types in their canonical order.
var EntityTypes = []string{TypeCountry, TypeLeader, TypeDelegation, TypeVenue, TypeOrganization, TypeProposal}

// RelationTypes lists the SPEC.md relation types in their canonical order.
var RelationTypes = []string{RelMediates, RelProposes, RelRejects, RelAccepts, RelLeads, RelRepresents, RelMeets, RelMeetsIn, RelVisits}

// Document is one article graph exactly as SPEC.md defines it. Extra fields
// (mentions, confidence, sentence, source, content_hash, extractor) are
// allowed by SPEC.md and ignored by scoring.
type Document struct {
	Article   ArticleMeta `json:"article"`
	Entities  []Entity    `json:"entities"`
	Relations []Relation  `json:"relations"`
}

// ArticleMeta identifies the article a Document was extracted from.
// Date is "YYYY-MM-DD" or nil when the article has no usable date.
type ArticleMeta struct {
	ID    string  `json:"id"`
	Date  *string `json:"date"`
	Title string  `json:"title"`
	URL   string  `json:"url,omitempty"`
	// Source names where the article came from (a file path, feed or
	// source name); it scopes ID when the article has no URL.
	Source string `json:"source,omitempty"`
	// ContentHash is a hex SHA-256 of the article's normalised text, so
	// the loader can tell unchanged and syndicated copies apart.
	ContentHash string `json:"content_hash,omitempty"`
	// Extractor is the extractor version that produced the Document.
	Extractor string `json:"extractor,omitempty"`
}

// Entity is one node of an article graph. Name is the canonical name the
// loader uses as the node key.
type Entity struct {
	Type     string   `json:"type"`
	Name     string   `json:"name"`
	Country  string   `json:"country,omitempty"`
	Title    string   `json:"title,omitempty"`
	Aliases  []string `json:"aliases,omitempty"`
	Keywords []string `json:"keywords,omitempty"`
	Optional bool     `json:"optional,omitempty"`
	// Mentions counts how often the article names the entity.
	Mentions int `json:"mentions,omitempty"`
}

// Relation is one edge of an article graph; Source and Target name entities
// of the same Document by Name.
type Relation struct {
	Type       string  `json:"type"`
	Source     string  `json:"source"`
	Target     string  `json:"target"`
	Evidence   string  `json:"evidence,omitempty"`
	Confidence float64 `json:"confidence,omitempty"`
	// Sentence is the 0-based index of the evidence sentence in the text.
	Sentence int  `json:"sentence"`
	Optional bool `json:"optional,omitempty"`
}

// Sort puts entities in (type, name) and relations in (type, source,
// target) order so that output is byte-stable.
func (d *Document) Sort() {
	slices.SortStableFunc(d.Entities, func(a, b Entity) int {
		if ra, rb := rank(EntityTypes, a.Type), rank(EntityTypes, b.Type); ra != rb {
			return ra - rb
		}
		return strings.Compare(a.Name, b.Name)
	})
	slices.SortStableFunc(d.Relations, func(a, b Relation) int {
		if ra, rb := rank(RelationTypes, a.Type), rank(RelationTypes, b.Type); ra != rb {
			return ra - rb
		}
		if c := strings.Compare(a.Source, b.Source); c != 0 {
			return c
		}
		return strings.Compare(a.Target, b.Target)
	})
}

func rank(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return len(list)
}

// MarshalIndented renders d as indented JSON with a trailing newline and
// without HTML escaping, the form written to <id>.graph.json files.
func (d *Document) MarshalIndented() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
