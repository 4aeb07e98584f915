package article

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// goodArticle is a short English article written for these tests.
const goodArticle = `url: https://example.org/test/good
date: 2024-06-01
title: Envoys meet in Oslo

Envoys from the two governments met in Oslo on Saturday for talks hosted by Norway, and both delegations agreed to meet again next month.
`

const frenchText = `Les ministres des affaires étrangères se sont réunis samedi à Genève pour des pourparlers consacrés au cessez-le-feu. Selon un communiqué publié dans la soirée, les deux délégations ont accepté de poursuivre les discussions le mois prochain, sous l'égide de la Suisse et avec la participation d'observateurs européens.` //nolint:misspell // French on purpose: the language check must refuse it

const germanText = `Die Außenminister beider Länder trafen sich am Samstag in Genf zu Gesprächen über einen Waffenstillstand. Nach Angaben eines Sprechers einigten sich die Delegationen darauf, die Verhandlungen im nächsten Monat fortzusetzen, wobei die Schweiz als Gastgeber auftreten wird und europäische Beobachter teilnehmen sollen.`

// TestInputErrors puts one bad input beside a good article and checks
// that Walk reports the bad one (file, line, reason) and still reads the
// good one.
func TestInputErrors(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		content  []byte
		opts     Options
		wantLine int
		want     string // substring of the reason
	}{
		{name: "empty", file: "empty.txt", content: nil, want: "empty file"},
		{name: "blank", file: "blank.txt", content: []byte(" \n\n\t\n"), want: "empty file"},
		{name: "binary", file: "image.txt", content: bytes.Repeat([]byte{0x89, 'P', 0x01, 0x02, 0x1a, 0x03, 0x04}, 200), want: "binary file (mostly non-text"},
		{name: "NUL bytes", file: "nul.txt", content: []byte("title: x\n\nSome text\x00with a NUL"), want: "binary file (NUL byte at byte 19)"},
		{name: "invalid UTF-8", file: "latin1.txt", content: []byte("title: Caf\xe9 talks\n\nText"), wantLine: 1, want: "invalid UTF-8 at byte 10"},
		{name: "truncated JSON", file: "cut.json", content: []byte(`{"id": "x", "text": "The talks`), want: "truncated JSON"},
		{name: "JSON syntax", file: "bad.json", content: []byte(`{"id": "x",, "text": "y"}`), want: "invalid JSON"},
		{name: "JSONL line is an array", file: "lines.jsonl", content: []byte("{\"id\":\"ok\",\"text\":\"Talks were held in Oslo.\"}\n[1,2]\n"), wantLine: 2, want: "not an article object (JSON array)"},
		{name: "JSONL invalid line", file: "lines2.jsonl", content: []byte("{\"id\":\"ok\",\"text\":\"Talks were held in Oslo.\"}\n\n{oops}\n"), wantLine: 3, want: "invalid JSON"},
		{name: "JSONL invalid UTF-8 line", file: "lines3.jsonl", content: []byte("{\"id\":\"ok\",\"text\":\"Talks.\"}\n{\"text\":\"caf\xe9\"}\n"), wantLine: 2, want: "invalid UTF-8 at byte 40"},
		{name: "JSONL missing text", file: "lines4.jsonl", content: []byte("{\"id\":\"ok\",\"title\":\"No body\"}\n"), wantLine: 1, want: "no article text"},
		{name: "JSONL line over limit", file: "long.jsonl", content: []byte("{\"text\":\"" + strings.Repeat("talks ", 400) + "\"}\n"), opts: Options{MaxBytes: 1000}, wantLine: 1, want: "line is larger than the limit"},
		{name: "malformed feed", file: "broken.rss", content: []byte("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><item><title>A</title>\n<description>Talks <<< more</description></item></channel></rss>"), wantLine: 3, want: "malformed feed: expected element name after <"},
		{name: "truncated feed", file: "cut.atom", content: []byte("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>A</title><content>Talks in"), wantLine: 2, want: "malformed feed: unexpected EOF"},
		{name: "XML that is not a feed", file: "other.xml", content: []byte("<?xml version=\"1.0\"?>\n<catalog><book>x</book></catalog>"), want: "not an RSS or Atom feed"},
		{name: "feed with entity declarations", file: "bomb.rss", content: []byte(entityBomb), want: "XML entity declarations are not allowed"},
		{name: "not English (French)", file: "fr.txt", content: []byte(frenchText), want: "not English"},
		{name: "not English (German)", file: "de.txt", content: []byte(germanText), want: "not English"},
		{name: "over MaxBytes", file: "big.txt", content: []byte(goodArticle + strings.Repeat("More talks were held. ", 100)), opts: Options{MaxBytes: 1000}, want: "file is larger than the limit"},
		{name: "HTML nested too deeply", file: "deep.html", content: []byte(strings.Repeat("<div>", 600) + "text"), wantLine: 1, want: "HTML nested too deeply (more than 512 levels)"},
		{name: "HTML without text", file: "blank.html", content: []byte("<html><body><nav>Home</nav></body></html>"), want: "no article text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			good := filepath.Join(dir, "a-good.txt")
			bad := filepath.Join(dir, tt.file)
			writeFile(t, good, []byte(goodArticle))
			writeFile(t, bad, tt.content)
			var got []Article
			var errs []*InputError
			err := Walk(t.Context(), []string{dir}, tt.opts, func(a Article) error {
				got = append(got, a)
				return nil
			}, func(err error) {
				var ie *InputError
				if !errors.As(err, &ie) {
					t.Errorf("Walk: error %v (%T) is not an *InputError", err, err)
					return
				}
				errs = append(errs, ie)
			})
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			var goodRead bool
			for _, a := range got {
				if a.Source == good {
					goodRead = true
				}
			}
			if !goodRead {
				t.Errorf("Walk did not read the good article beside %s (got %d articles)", tt.file, len(got))
			}
			if len(errs) != 1 {
				t.Fatalf("Walk reported %d errors, want 1: %v", len(errs), errs)
			}
			e := errs[0]
			if e.Path != bad || e.Line != tt.wantLine || !strings.Contains(e.Reason, tt.want) {
				t.Errorf("error = {Path: %q, Line: %d, Reason: %q}, want {Path: %q, Line: %d, Reason containing %q}", e.Path, e.Line, e.Reason, bad, tt.wantLine, tt.want)
			}
			if !strings.Contains(e.Error(), tt.file) {
				t.Errorf("error text %q does not name the file", e.Error())
			}
		})
	}
}

const entityBomb = `<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><guid>bomb</guid><description>&lol9; Talks were held in Oslo.</description></item>
</channel></rss>
`

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWalkSkips checks what Walk passes over, its order, and that a
// symbolic-link loop does not hang it.
func TestWalkSkips(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b/z.txt", "b/a.txt", "a.txt", "c/d/e.html"} {
		content := goodArticle
		if strings.HasSuffix(f, ".html") {
			content = "<html><body><article><p>" + strings.ReplaceAll(goodArticle, "\n", " ") + "</p></article></body></html>"
		}
		writeFile(t, filepath.Join(dir, f), []byte(content))
	}
	skipped := map[string]string{
		"photo.png":          "not an article format (.png)",
		"report.pdf":         "not an article format (.pdf)",
		"main.go":            "not an article format (.go)",
		".hidden.txt":        "hidden file",
		"a.graph.json":       "dipgraph output (.graph.json)",
		"README":             "no file extension",
		".git":               "hidden directory",
		"b/loop":             "symbolic link to a directory (not followed)",
		"b/up":               "symbolic link to a directory (not followed)",
		"c/d/out.GRAPH.JSON": "dipgraph output (.graph.json)",
	}
	for f := range skipped {
		switch f {
		case ".git":
			writeFile(t, filepath.Join(dir, ".git", "HEAD.txt"), []byte(goodArticle))
		case "b/loop":
			if err := os.Symlink(filepath.Join(dir, "b"), filepath.Join(dir, f)); err != nil {
				t.Skip("no symlinks:", err)
			}
		case "b/up":
			if err := os.Symlink("..", filepath.Join(dir, f)); err != nil {
				t.Skip("no symlinks:", err)
			}
		default:
			writeFile(t, filepath.Join(dir, f), []byte("x"))
		}
	}
	gotSkips := map[string]string{}
	var order []string
	err := Walk(t.Context(), []string{dir}, Options{OnSkip: func(p, reason string) {
		rel, _ := filepath.Rel(dir, p)
		gotSkips[filepath.ToSlash(rel)] = reason
	}}, func(a Article) error {
		rel, _ := filepath.Rel(dir, a.Source)
		order = append(order, filepath.ToSlash(rel))
		return nil
	}, func(err error) { t.Errorf("Walk: unexpected error %v", err) })
	if err != nil {
		t.Fatal(err)
	}
	wantOrder := []string{"a.txt", "b/a.txt", "b/z.txt", "c/d/e.html"}
	if strings.Join(order, " ") != strings.Join(wantOrder, " ") {
		t.Errorf("Walk read %q, want %q in that order", order, wantOrder)
	}
	for f, want := range skipped {
		if gotSkips[f] != want {
			t.Errorf("skip of %s = %q, want %q", f, gotSkips[f], want)
		}
	}
	if len(gotSkips) != len(skipped) {
		t.Errorf("skipped %v, want exactly %v", gotSkips, skipped)
	}
}

func TestWalkStdinAndMissing(t *testing.T) {
	var got []Article
	var errs []error
	opts := Options{Stdin: strings.NewReader(goodArticle)}
	err := Walk(t.Context(), []string{"-", filepath.Join(t.TempDir(), "missing.txt")}, opts,
		func(a Article) error { got = append(got, a); return nil },
		func(err error) { errs = append(errs, err) })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Source != "-" || got[0].Title != "Envoys meet in Oslo" || got[0].ID != hashID("u-", "https://example.org/test/good") {
		t.Errorf("Walk(-) = %+v, want the stdin article with a URL-hash id", got)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "missing.txt: cannot open") {
		t.Errorf("Walk(missing) errors = %v, want one naming missing.txt", errs)
	}
}

func TestWalkStopsOnContextAndCallbackError(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), []byte(goodArticle))
	writeFile(t, filepath.Join(dir, "b.txt"), []byte(goodArticle))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := Walk(ctx, []string{dir}, Options{}, func(Article) error { return nil }, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Walk(cancelled ctx) = %v, want context.Canceled", err)
	}
	stop := errors.New("stop")
	n := 0
	err := Walk(t.Context(), []string{dir}, Options{}, func(Article) error { n++; return stop }, nil)
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("Walk with failing fn = %v after %d calls, want stop after 1", err, n)
	}
}

func TestForcedFormat(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "feed.dat")
	writeFile(t, path, []byte(`<rss version="2.0"><channel><item><guid>g1</guid><title>T</title><description>Talks were held in Oslo.</description></item></channel></rss>`))
	arts, errs := ReadFile(t.Context(), path, Options{Format: FormatFeed})
	if len(errs) != 0 || len(arts) != 1 || arts[0].ID != "g1" {
		t.Errorf("ReadFile(feed forced) = %v, %v; want one article g1", arts, errs)
	}
	arts, errs = ReadFile(t.Context(), path, Options{Format: FormatText})
	if len(errs) != 0 || len(arts) != 1 || !strings.HasPrefix(arts[0].Text, "<rss") {
		t.Errorf("ReadFile(text forced) = %v, %v; want the markup as text", arts, errs)
	}
	_, errs = ReadFile(t.Context(), path, Options{Format: "pdf"})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `unknown format "pdf"`) {
		t.Errorf("ReadFile(format pdf) errors = %v, want unknown format", errs)
	}
}

// TestGofeedDoesNotExpandEntities checks the library itself, below our
// own refusal of entity declarations: encoding/xml (non-strict, as gofeed
// sets it) leaves an undeclared-to-it entity as literal text.
func TestGofeedDoesNotExpandEntities(t *testing.T) {
	feed, err := gofeed.NewParser().Parse(strings.NewReader(entityBomb))
	if err != nil {
		t.Fatalf("gofeed.Parse(entity bomb): %v", err)
	}
	if len(feed.Items) != 1 || len(feed.Items[0].Title) > 100 || len(feed.Items[0].Description) > 100 {
		t.Fatalf("gofeed expanded the entity bomb: %d items, title %d bytes", len(feed.Items), len(feed.Items[0].Title))
	}
	if feed.Items[0].Title != "&lol9;" {
		t.Errorf("title = %q, want the literal \"&lol9;\"", feed.Items[0].Title)
	}
}

// TestWalkSymlinkedRoot: a link named on the command line is followed.
func TestWalkSymlinkedRoot(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "real", "a.txt"), []byte(goodArticle))
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "real"), link); err != nil {
		t.Skip("no symlinks:", err)
	}
	var got []string
	err := Walk(t.Context(), []string{link}, Options{}, func(a Article) error {
		got = append(got, a.Source)
		return nil
	}, func(err error) { t.Errorf("Walk: %v", err) })
	if err != nil || len(got) != 1 || got[0] != filepath.Join(link, "a.txt") {
		t.Errorf("Walk(%s) read %q (err %v), want [%s]", link, got, err, filepath.Join(link, "a.txt"))
	}
}
