package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenArticle is the golden-file form of an Article.
type goldenArticle struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Date     *string  `json:"date"`
	URL      string   `json:"url,omitempty"`
	Source   string   `json:"source"`
	Line     int      `json:"line,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
	Text     string   `json:"text"`
}

type goldenResult struct {
	Articles []goldenArticle `json:"articles"`
	Errors   []string        `json:"errors"`
}

func toGolden(arts []Article, errs []error) goldenResult {
	r := goldenResult{Articles: []goldenArticle{}, Errors: []string{}}
	for _, a := range arts {
		g := goldenArticle{ID: a.ID, Title: a.Title, URL: a.URL, Source: filepath.ToSlash(a.Source), Line: a.Line, Warnings: a.Warnings, Text: a.Text}
		if d := a.DateString(); d != "" {
			g.Date = &d
		}
		r.Articles = append(r.Articles, g)
	}
	for _, e := range errs {
		r.Errors = append(r.Errors, e.Error())
	}
	return r
}

// TestGolden reads each file under testdata/inputs and compares the
// articles and errors with testdata/golden/<file>.json.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "inputs", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range files {
		name := filepath.Base(in)
		t.Run(name, func(t *testing.T) {
			arts, errs := ReadFile(t.Context(), in, Options{})
			for _, e := range errs {
				var ie *InputError
				if !errors.As(e, &ie) || ie.Path != in {
					t.Errorf("ReadFile(%s): error %v is not an *InputError naming the file", in, e)
				}
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(toGolden(arts, errs)); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			goldenPath := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.WriteFile(goldenPath, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(goldenPath)
			if err != nil {
				t.Fatalf("%v (run: go test ./extract/article -run TestGolden -update)", err)
			}
			if string(got) != string(want) {
				t.Errorf("ReadFile(%s) mismatch:\n%s\naccept with: go test ./extract/article -run 'TestGolden/%s' -update", in, lineDiff(string(want), string(got)), name)
			}
		})
	}
}

// lineDiff is a small -want +got listing of the lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("-" + wl + "\n+" + gl + "\n")
		}
	}
	return b.String()
}
