package article

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/internal/testenv"
)

// TestCorpus reads the dev corpus and the seed and checks every article's
// id, date, title and URL against the article block of its gold graph.
func TestCorpus(t *testing.T) {
	shared := testenv.Shared(t)
	dirs := []string{filepath.Join(shared, "corpus", "dev"), filepath.Join(shared, "corpus", "seed")}
	var skipped []string
	got := map[string]Article{}
	err := Walk(t.Context(), dirs, Options{OnSkip: func(p, r string) { skipped = append(skipped, p) }},
		func(a Article) error { got[a.Source] = a; return nil },
		func(err error) { t.Errorf("Walk: unexpected error: %v", err) })
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	for _, p := range skipped {
		if !strings.HasSuffix(p, ".graph.json") {
			t.Errorf("Walk skipped %s, want only .graph.json files skipped", p)
		}
	}
	if len(got) < 22 {
		t.Errorf("Walk read %d articles, want at least 22", len(got))
	}
	for src, a := range got {
		goldPath := strings.TrimSuffix(src, ".txt") + ".graph.json"
		raw, err := os.ReadFile(goldPath)
		if err != nil {
			t.Errorf("%s: no gold graph: %v", src, err)
			continue
		}
		var gold struct {
			Article struct {
				ID, Title, URL string
				Date           *string
			}
		}
		if err := json.Unmarshal(raw, &gold); err != nil {
			t.Fatalf("%s: %v", goldPath, err)
		}
		g := gold.Article
		if a.ID != g.ID {
			t.Errorf("%s: ID = %q, want %q", src, a.ID, g.ID)
		}
		if g.URL != "" && a.URL != g.URL {
			t.Errorf("%s: URL = %q, want %q", src, a.URL, g.URL)
		}
		if g.Title != "" && a.Title != g.Title && !strings.HasPrefix(g.Title, strings.TrimSuffix(a.Title, "…")) {
			t.Errorf("%s: Title = %q, want %q", src, a.Title, g.Title)
		}
		wantDate := ""
		if g.Date != nil {
			wantDate = *g.Date
		}
		if a.DateString() != wantDate {
			t.Errorf("%s: date = %q, want %q", src, a.DateString(), wantDate)
		}
		if wantDate == "" && (len(a.Warnings) != 1 || a.Warnings[0] != warnNoDate) {
			t.Errorf("%s: Warnings = %q, want [%q]", src, a.Warnings, warnNoDate)
		}
		if wantDate != "" && len(a.Warnings) != 0 {
			t.Errorf("%s: Warnings = %q, want none", src, a.Warnings)
		}
		if len(a.Text) < 200 || strings.Contains(a.Text, "\n\n\n") || strings.Contains(a.Text, "  ") {
			t.Errorf("%s: text not normalised or too short: %q", src, a.Text[:min(len(a.Text), 200)])
		}
	}
}
