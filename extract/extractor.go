package extract

import (
	"context"

	"github.com/dipgraph/dipgraph/extract/article"
)

// Version identifies the extractor's rules and lexicon; the loader stores
// it on each Article so `load --force` can tell what to re-extract.
const Version = "0.1.0"

// Options configure an Extractor.
type Options struct {
	// LexiconDir holds files overriding the embedded lexicon data.
	LexiconDir string
	// MinConfidence drops relations below this confidence.
	MinConfidence float64
}

// Extractor turns articles into article graphs. It is safe for concurrent
// use.
type Extractor struct {
	opts Options
}

// New loads the lexicon (embedded data, overridden by opts.LexiconDir).
// PLACEHOLDER: the extraction engine replaces this file.
func New(opts Options) (*Extractor, error) {
	return &Extractor{opts: opts}, nil
}

// Extract builds the article graph of a. PLACEHOLDER.
func (e *Extractor) Extract(ctx context.Context, a article.Article) (Document, error) {
	if err := ctx.Err(); err != nil {
		return Document{}, err
	}
	doc := Document{Article: Meta(a), Entities: []Entity{}, Relations: []Relation{}}
	return doc, nil
}

// Meta returns the SPEC.md article block for a.
func Meta(a article.Article) ArticleMeta {
	m := ArticleMeta{ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source, ContentHash: article.ContentHash(a.Text), Extractor: Version}
	if d := a.DateString(); d != "" {
		m.Date = &d
	}
	return m
}
