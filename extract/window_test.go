package extract

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/extract/article"
)

func TestWindowCut(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		limit int
		want  int
	}{
		{"fits", "short text", 100, 10},
		{"paragraph", strings.Repeat("a", 60) + "\n\n" + strings.Repeat("b", 60), 100, 62},
		{"line", strings.Repeat("a", 60) + "\n" + strings.Repeat("b", 60), 100, 61},
		{"sentence", strings.Repeat("a", 60) + ". " + strings.Repeat("b", 60), 100, 62},
		{"space", strings.Repeat("a", 60) + " " + strings.Repeat("b", 60), 100, 61},
		{"break too early", "a\n\n" + strings.Repeat("b", 200), 100, 100},
		{"no break, multibyte", strings.Repeat("é", 100), 101, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := windowCut(tt.text, tt.limit)
			if got != tt.want {
				t.Errorf("windowCut(%q…, %d) = %d, want %d", tt.text[:min(len(tt.text), 12)], tt.limit, got, tt.want)
			}
			if !utf8.ValidString(tt.text[:got]) {
				t.Errorf("windowCut cut inside a character")
			}
		})
	}
}

// TestWindows extracts a text longer than one window (a paragraph written
// for this test, repeated) and checks that the merged graph is the graph
// of one copy: the same entities and relations, mentions added up,
// sentence indices counted from the start, and a cancelled context stops
// the work.
func TestWindows(t *testing.T) {
	x, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	para := "Ecuador and Peru signed a border agreement on Thursday and agreed to hold further talks in Lima. " +
		"Ecuadorean Foreign Minister Gabriela Sommerfeld met Peruvian Foreign Minister Elmer Schialer in Lima.\n\n"
	one := article.Article{ID: "one", Title: "Neighbours sign accord", Text: para}
	copies := windowBytes/len(para) + 50
	big := one
	big.ID, big.Text = "big", strings.Repeat(para, copies)
	d1, err := x.Extract(t.Context(), one)
	if err != nil {
		t.Fatal(err)
	}
	d2, err := x.Extract(t.Context(), big)
	if err != nil {
		t.Fatal(err)
	}
	if len(d1.Entities) == 0 || len(d1.Relations) == 0 {
		t.Fatalf("no graph from the paragraph: %+v", d1)
	}
	ents := func(d Document) map[string]int {
		m := map[string]int{}
		for _, e := range d.Entities {
			m[e.Type+" "+e.Name] = e.Mentions
		}
		return m
	}
	e1, e2 := ents(d1), ents(d2)
	for k, n := range e1 {
		if strings.HasPrefix(k, TypeProposal) {
			continue // proposals count one mention per window
		}
		if e2[k] < n*copies {
			t.Errorf("entity %s: %d mentions in %d copies, want at least %d", k, e2[k], copies, n*copies)
		}
	}
	for k := range e2 {
		if _, ok := e1[k]; !ok {
			t.Errorf("entity %s only in the long text", k)
		}
	}
	rels := func(d Document) map[string]bool {
		m := map[string]bool{}
		for _, r := range d.Relations {
			m[r.Type+" "+r.Source+" -> "+r.Target] = true
		}
		return m
	}
	r1, r2 := rels(d1), rels(d2)
	for k := range r1 {
		if !r2[k] {
			t.Errorf("relation %s missing from the long text", k)
		}
	}
	for k := range r2 {
		if !r1[k] {
			t.Errorf("relation %s only in the long text", k)
		}
	}
	maxSent := 0
	for _, r := range d2.Relations {
		maxSent = max(maxSent, r.Sentence)
	}
	if maxSent >= 2*copies {
		t.Errorf("sentence index %d beyond the %d sentences of the text", maxSent, 2*copies)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := x.Extract(ctx, big); err == nil {
		t.Error("Extract with a cancelled context: no error")
	}
}
