package graph

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/extract"
)

var update = flag.Bool("update", false, "rewrite golden files")

func readDoc(t *testing.T, path string) extract.Document {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc extract.Document
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}

// TestFromDocumentGolden maps testdata/*.graph.json onto rows and compares
// them with testdata/*.rows.json.
func TestFromDocumentGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.graph.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, in := range files {
		name := strings.TrimSuffix(filepath.Base(in), ".graph.json")
		t.Run(name, func(t *testing.T) {
			b := FromDocument(readDoc(t, in))
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(b); err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(in, ".graph.json") + ".rows.json"
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run: go test ./graph -run TestFromDocumentGolden -update)", err)
			}
			if !bytes.Equal(want, buf.Bytes()) {
				t.Errorf("FromDocument(%s) differs from %s:\n%s\naccept with: go test ./graph -run 'TestFromDocumentGolden/%s$' -update",
					in, golden, lineDiff(string(want), buf.String()), name)
			}
			// Pure: a second mapping gives the same hash.
			if again := FromDocument(readDoc(t, in)); again.Article.GraphHash != b.Article.GraphHash {
				t.Errorf("FromDocument(%s) is not deterministic", in)
			}
		})
	}
}

// lineDiff shows the first differing lines of want and got.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 20; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + itoa(i+1) + "\n-" + wl + "\n+" + gl + "\n")
			shown++
		}
	}
	return b.String()
}

func itoa(i int) string {
	raw, _ := json.Marshal(i)
	return string(raw)
}

func TestFromDocumentProposalPair(t *testing.T) {
	a := FromDocument(readDoc(t, "testdata/truce-pair-a.graph.json"))
	b := FromDocument(readDoc(t, "testdata/truce-pair-b.graph.json"))
	key := func(bt Batch) string {
		for _, n := range bt.Nodes {
			if n.Label == Proposal {
				return n.Key
			}
		}
		return ""
	}
	if ka, kb := key(a), key(b); ka == "" || ka != kb {
		t.Errorf("proposal keys differ: %q vs %q; want one node for \"30-day ceasefire\" and \"full thirty-day truce\" with the same parties", ka, kb)
	}
}

func TestCanonicalURL(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"https://Example.COM/a/b/", "https://example.com/a/b", true},
		{"HTTP://example.com:80/x?utm_source=a&b=2&a=1#frag", "http://example.com/x?a=1&b=2", true},
		{"https://example.com:8443/x?fbclid=1&gclid=2", "https://example.com:8443/x", true},
		{"https://example.com/", "https://example.com", true},
		{"example.com/x", "", false},
		{"ftp://example.com/x", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := CanonicalURL(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CanonicalURL(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestArticleKey(t *testing.T) {
	tests := []struct {
		name string
		m    extract.ArticleMeta
		want string
	}{
		{"url", extract.ArticleMeta{ID: "x", URL: "https://A.example/p/?utm_medium=x", Source: "s"}, "https://a.example/p"},
		{"source and id", extract.ArticleMeta{ID: "x", Source: "feeds/a.jsonl"}, "feeds/a.jsonl:x"},
		{"bad url", extract.ArticleMeta{ID: "x", URL: "not a url", Source: "s"}, "s:x"},
		{"id only", extract.ArticleMeta{ID: " x "}, "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ArticleKey(tt.m); got != tt.want {
				t.Errorf("ArticleKey(%+v) = %q, want %q", tt.m, got, tt.want)
			}
		})
	}
}

func TestNormalizePhrase(t *testing.T) {
	tests := []struct{ in, want string }{
		{"30-day ceasefire", "30 day ceasefire"},
		{"full 30-day truce", "30 day ceasefire"},
		{"thirty-day cease-fire", "30 day ceasefire"},
		{"A Comprehensive Cease‑Fire", "ceasefire"},
		{"twenty-one-point peace plan", "21 point peace plan"},
		{"two hundred prisoner swap", "200 prisoner exchange"},
		{"exchange of prisoners", "prisoner exchange"},
		{"face-to-face meeting between Zelenskyy and Putin", "meeting between zelenskyy and putin"},
		{"summit", "meeting"},
		{"the", "the"},
		{"Türkiye's proposal", "turkiyes proposal"},
	}
	for _, tt := range tests {
		if got := DefaultTerms().NormalizePhrase(tt.in); got != tt.want {
			t.Errorf("NormalizePhrase(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseTermsErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"kind", "color\tred\n", "x.tsv:1: unknown kind"},
		{"fields", "synonym\n", "x.tsv:1: want kind"},
		{"number", "# c\nunit\tone\tone\n", "x.tsv:2: unit wants a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTerms(strings.NewReader(tt.in), "x.tsv")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseTerms(%q) error = %v, want containing %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestAliasKeys(t *testing.T) {
	got := AliasKeys([]string{"Türkiye", "Turkey", " TURKEY ", ""})
	want := []string{"turkey", "turkiye", "türkiye"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("AliasKeys = %q, want %q", got, want)
	}
}

// FuzzFromDocument: any JSON document maps without panicking, and rows
// only name entities the batch has.
func FuzzFromDocument(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.graph.json")
	for _, p := range files {
		raw, _ := os.ReadFile(p)
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var doc extract.Document
		if json.Unmarshal(raw, &doc) != nil {
			return
		}
		b := FromDocument(doc)
		uids := map[string]bool{}
		for _, n := range b.Nodes {
			uids[n.UID] = true
		}
		for _, r := range b.Rels {
			if !uids[r.Source] || !uids[r.Target] {
				t.Fatalf("relation %+v names a node the batch lacks", r)
			}
		}
	})
}

// TestFromDocumentBadDate: a date Neo4j's date() would refuse never
// reaches the loader's statements.
func TestFromDocumentBadDate(t *testing.T) {
	for _, d := range []string{"2025-13-45", "16 May 2025", "2025-5-6"} {
		date := d
		b := FromDocument(extract.Document{Article: extract.ArticleMeta{ID: "x", Date: &date}})
		if b.Article.Date != "" || len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0], "not YYYY-MM-DD") {
			t.Errorf("FromDocument(date %q): date %q, warnings %q; want undated with one warning", d, b.Article.Date, b.Warnings)
		}
	}
}
