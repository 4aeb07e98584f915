package eval

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseGraph feeds arbitrary bytes to the prediction decoder and scores
// whatever it accepts, as a prediction and as a gold graph: nothing may
// panic, and the outputs must render.
func FuzzParseGraph(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "pred", "*"+GraphExt))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"entities":[{"type":"Delegation","name":"delegation"},{"type":"Proposal","name":""}],"relations":[{"type":"MEETS"}]}`))
	f.Add([]byte(`{"entities":{"type":"Country"},"relations":"x","article":[]}`))
	goldBytes, err := os.ReadFile(filepath.Join("testdata", "gold", "alpha.graph.json"))
	if err != nil {
		f.Fatal(err)
	}
	gold, err := ParseGraph(goldBytes)
	if err != nil {
		f.Fatal(err)
	}
	predBytes, err := os.ReadFile(filepath.Join("testdata", "pred", "alpha.graph.json"))
	if err != nil {
		f.Fatal(err)
	}
	pred, err := ParseGraph(predBytes)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ParseGraph(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		s := NewScorer()
		if err := s.Add(gold, &g); err != nil {
			t.Fatalf("scoring a prediction against good gold failed: %v", err)
		}
		_ = s.Add(g, &pred) // as gold: may be refused, must not panic
		_ = s.Add(g, &g)
		sum := s.Summary()
		if err := sum.WriteTable(io.Discard); err != nil {
			t.Fatal(err)
		}
		if err := sum.WriteJSON(io.Discard); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzNorm checks that Norm never panics and returns words separated by
// single spaces.
func FuzzNorm(f *testing.F) {
	for _, s := range []string{"The U.S.", "ΟΔΟΣ", "İstanbul", "a\x1cb", "क्षेत्र", "ﬁ½", "\xff\xfe", "the "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Norm(s)
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Fatalf("Norm(%q) = %q: stray spaces", s, n)
		}
		if utf8.ValidString(s) && !utf8.ValidString(n) {
			t.Fatalf("Norm(%q) = %q: invalid UTF-8", s, n)
		}
		_ = removeWord(s, "delegation")
	})
}
