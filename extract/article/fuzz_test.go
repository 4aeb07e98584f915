package article

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// fuzzMaxBytes keeps fuzz inputs' work small.
const fuzzMaxBytes = 1 << 20

// addInputSeeds adds the golden inputs with the given extensions as seeds
// (beside the corpus under testdata/fuzz/<FuzzName>/).
func addInputSeeds(f *testing.F, exts ...string) {
	files, _ := filepath.Glob(filepath.Join("testdata", "inputs", "*"))
	for _, p := range files {
		for _, ext := range exts {
			if strings.HasSuffix(p, ext) {
				if data, err := os.ReadFile(p); err == nil {
					f.Add(data)
				}
			}
		}
	}
}

// checkParse runs Parse and checks the promises every input must keep:
// no panic, every problem an *InputError naming the input, every article
// with a file-name-safe id and normalised valid UTF-8 text.
func checkParse(t *testing.T, name string, data []byte, format string) {
	arts, errs := Parse(t.Context(), name, data, Options{Format: format, MaxBytes: fuzzMaxBytes})
	for _, err := range errs {
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Fatalf("Parse: error %v (%T) is not an *InputError", err, err)
		}
		if ie.Path != name || ie.Reason == "" || ie.Line < 0 {
			t.Fatalf("Parse: error %+v does not name %q with a reason", ie, name)
		}
	}
	seen := map[string]bool{}
	for _, a := range arts {
		if a.ID == "" || strings.HasPrefix(a.ID, ".") || seen[a.ID] {
			t.Fatalf("Parse: bad or repeated id %q", a.ID)
		}
		seen[a.ID] = true
		for _, r := range a.ID {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-') {
				t.Fatalf("Parse: id %q has %q, not file-name safe", a.ID, r)
			}
		}
		if a.Text == "" || !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
			t.Fatalf("Parse: empty or invalid text in %+v", a)
		}
		if strings.Contains(a.Text, "\n\n\n") || strings.Contains(a.Text, "  ") || strings.ContainsRune(a.Text, 0) || strings.TrimSpace(a.Text) != a.Text {
			t.Fatalf("Parse: text not normalised: %q", a.Text)
		}
		if strings.ContainsAny(a.Title, "\n\r\t") {
			t.Fatalf("Parse: title has line breaks: %q", a.Title)
		}
		if a.Source != name {
			t.Fatalf("Parse: Source = %q, want %q", a.Source, name)
		}
		if a.Date.IsZero() == (len(a.Warnings) == 0) {
			t.Fatalf("Parse: date %v with warnings %q: a missing date must warn, a date must not", a.Date, a.Warnings)
		}
	}
}

func FuzzParseText(f *testing.F) {
	addInputSeeds(f, ".txt")
	f.Add([]byte(" date 2025-05-16 Headline\n\nBody."))
	f.Add([]byte("title: x\r\n\r\nBody\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "in.txt", data, FormatText)
	})
}

func FuzzParseJSONL(f *testing.F) {
	addInputSeeds(f, ".jsonl", ".json")
	f.Add([]byte("{\"id\":1,\"text\":\"a\"}\n[1]\n{\"text\":\"<p>b</p>\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "in.jsonl", data, FormatJSONL)
		checkParse(t, "in.json", data, FormatAuto)
	})
}

func FuzzParseHTML(f *testing.F) {
	addInputSeeds(f, ".html")
	f.Add([]byte("<article><h1>T</h1><p>Text</p></article>"))
	f.Add([]byte(strings.Repeat("<div>", 520)))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "in.html", data, FormatHTML)
	})
}

func FuzzParseFeed(f *testing.F) {
	addInputSeeds(f, ".rss", ".atom")
	f.Add([]byte(entityBomb))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id><content type="html">&lt;p&gt;T&lt;/p&gt;</content></entry></feed>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "in.rss", data, FormatFeed)
	})
}

// FuzzParse lets format detection choose, from content alone.
func FuzzParse(f *testing.F) {
	addInputSeeds(f, ".txt", ".jsonl", ".json", ".html", ".rss", ".atom")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "stdin-like", data, FormatAuto)
	})
}

func FuzzNormText(f *testing.F) {
	f.Add("a\r\n\r\n\r\nb  c\u00a0d\u200b")
	f.Add("Cafe\u0301 \u2029 x")
	f.Fuzz(func(t *testing.T, s string) {
		once := normText(s)
		if twice := normText(once); twice != once {
			t.Fatalf("normText not idempotent: %q → %q → %q", s, once, twice)
		}
	})
}
