package browser_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/queries"
	"github.com/dipgraph/dipgraph/queries/browser"
)

func catalog(t *testing.T) *queries.Catalog {
	t.Helper()
	c, err := queries.Load(queries.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGuide(t *testing.T) {
	t.Parallel()
	c := catalog(t)
	g, err := browser.Guide(c, browser.Options{BaseURL: "http://localhost:8099/"})
	if err != nil {
		t.Fatal(err)
	}
	html := string(g)
	slides := regexp.MustCompile(`<slide class="row-fluid"`).FindAllStringIndex(html, -1)
	if want := len(c.List()) + 1; len(slides) != want {
		t.Errorf("guide has %d slides, want %d (overview + one per query)", len(slides), want)
	}
	for _, want := range []string{
		"<title>dipgraph query packs</title>",
		`<pre class="code runnable">:style http://localhost:8099/dipgraph.grass</pre>`,
		`play-topic="http://localhost:8099/dipgraph.html#slide-2"`,
		// Values and Cypher are HTML-escaped; Browser puts the text back.
		`:param a =&gt; &#39;Russia&#39;;`,
		`-[:ALIAS_OF]-&gt;(x)`,
		`dipgraph query run mediators-between --param a=Russia --param b=Ukraine`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("guide lacks %q", want)
		}
	}
	for _, q := range c.List() {
		if !strings.Contains(html, `id="`+q.Name+`"`) {
			t.Errorf("guide has no slide for %s", q.Name)
		}
	}
	if strings.Contains(html, "<script") {
		t.Error("guide contains a script element")
	}
}

func TestGuideWithoutBaseURL(t *testing.T) {
	t.Parallel()
	g, err := browser.Guide(catalog(t), browser.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(g, []byte("play-topic")) || bytes.Contains(g, []byte(":style http")) {
		t.Error("guide without a base URL links to one")
	}
	if !bytes.Contains(g, []byte("mediators-between (slide ")) {
		t.Error("guide without a base URL does not number its slides")
	}
}

func TestGuideValues(t *testing.T) {
	t.Parallel()
	c := catalog(t)
	g, err := browser.Guide(c, browser.Options{Values: map[string]map[string]string{
		"timeline": {"actor": "O'Brien \\ Co", "from": "2025-01-01"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(g, []byte(`:param actor =&gt; &#39;O\&#39;Brien \\ Co&#39;;`)) || !bytes.Contains(g, []byte(`:param from =&gt; &#39;2025-01-01&#39;;`)) {
		t.Error("guide does not set the given values, quoted for Cypher")
	}
	_, err = browser.Guide(c, browser.Options{Values: map[string]map[string]string{"timeline": {"since": "x"}}})
	if err == nil || !strings.Contains(err.Error(), `unknown parameter "since"`) {
		t.Errorf("Guide with an unknown parameter: error %v", err)
	}
}

func TestParamBlock(t *testing.T) {
	t.Parallel()
	q, _ := catalog(t).Get("evidence")
	params, err := q.Bind(map[string]string{"source": "Türkiye", "type": "MEDIATES", "target": "Russia", "min_confidence": "0.5"})
	if err != nil {
		t.Fatal(err)
	}
	want := `:param source => 'Türkiye';
:param type => 'MEDIATES';
:param target => 'Russia';
:param from => null;
:param to => null;
:param min_confidence => 0.5;
:param limit => 100;`
	if got := browser.ParamBlock(q, params); got != want {
		t.Errorf("ParamBlock = %s\nwant %s", got, want)
	}
}

// TestStyle checks the stylesheet has a rule for every label and
// relationship type of the graph model, each node rule with a colour, a
// size and a caption.
func TestStyle(t *testing.T) {
	t.Parallel()
	rules := map[string]string{}
	for _, m := range regexp.MustCompile(`(?s)([a-zA-Z_.]+)\s*\{([^}]*)\}`).FindAllStringSubmatch(string(browser.Style()), -1) {
		rules[m[1]] = m[2]
	}
	labels := append([]graph.Label{}, graph.EntityLabels...)
	labels = append(labels, graph.Article, graph.Alias, graph.Source)
	for _, l := range labels {
		r, ok := rules["node."+string(l)]
		if !ok {
			t.Errorf("no rule node.%s", l)
			continue
		}
		for _, prop := range []string{"color:", "diameter:", "caption:"} {
			if !strings.Contains(r, prop) {
				t.Errorf("node.%s has no %s", l, prop)
			}
		}
	}
	types := append([]graph.RelType{}, graph.RelTypes...)
	types = append(types, graph.MentionedIn, graph.AliasOf)
	for _, rt := range types {
		r, ok := rules["relationship."+string(rt)]
		if !ok || !strings.Contains(r, "color:") {
			t.Errorf("no rule relationship.%s with a color", rt)
		}
	}
	// Browser's GRASS parser has no comments and toggles quoting on any
	// quote character, so the file must not contain either outside
	// captions.
	if bytes.Contains(browser.Style(), []byte("/*")) {
		t.Error("stylesheet has a comment, which Browser's parser does not understand")
	}
}

func TestHandler(t *testing.T) {
	t.Parallel()
	h := browser.Handler(map[string][]byte{"dipgraph.html": []byte("<html>guide</html>"), "dipgraph.grass": []byte("node {}"), "index.html": []byte("index")})
	ln, err := browser.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- browser.Serve(ctx, ln, h) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	}()
	base := "http://" + ln.Addr().String()
	tests := []struct {
		method, path string
		status       int
		body, ctype  string
	}{
		{"GET", "/dipgraph.html", 200, "<html>guide</html>", "text/html; charset=utf-8"},
		{"GET", "/dipgraph.grass", 200, "node {}", "text/plain; charset=utf-8"},
		{"GET", "/", 200, "index", "text/html; charset=utf-8"},
		{"GET", "/../../etc/passwd", 404, "", ""},
		{"OPTIONS", "/dipgraph.html", 204, "", ""},
		{"POST", "/dipgraph.html", 405, "", ""},
	}
	client := &http.Client{Timeout: 5 * time.Second}
	for _, tt := range tests {
		req, _ := http.NewRequestWithContext(ctx, tt.method, base+tt.path, nil)
		req.Header.Set("Origin", "http://127.0.0.1:7474")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", tt.method, tt.path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, resp.StatusCode, tt.status)
		}
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "*" {
			t.Errorf("%s %s: Access-Control-Allow-Origin %q, want *", tt.method, tt.path, got)
		}
		if tt.body != "" && string(body) != tt.body {
			t.Errorf("%s %s: body %q, want %q", tt.method, tt.path, body, tt.body)
		}
		if tt.ctype != "" && resp.Header.Get("Content-Type") != tt.ctype {
			t.Errorf("%s %s: Content-Type %q, want %q", tt.method, tt.path, resp.Header.Get("Content-Type"), tt.ctype)
		}
	}
}

func TestListenLoopbackOnly(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"0.0.0.0:0", "[::]:0", "192.0.2.1:0", "example.org:0"} {
		if ln, err := browser.Listen(addr); err == nil {
			ln.Close()
			t.Errorf("Listen(%q) succeeded, want a loopback-only error", addr)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "localhost:0", ":0"} {
		ln, err := browser.Listen(addr)
		if err != nil {
			t.Errorf("Listen(%q): %v", addr, err)
			continue
		}
		if !strings.HasPrefix(ln.Addr().String(), "127.0.0.1:") {
			t.Errorf("Listen(%q) bound %s", addr, ln.Addr())
		}
		if u := browser.BaseURL(ln); !strings.HasPrefix(u, "http://localhost:") {
			t.Errorf("BaseURL = %s, want http://localhost:PORT (the allowlisted host)", u)
		}
		ln.Close()
	}
}

func TestPlayURL(t *testing.T) {
	t.Parallel()
	got := browser.PlayURL("http://127.0.0.1:7474/browser/", "http://localhost:8099/dipgraph.html")
	if want := "http://127.0.0.1:7474/browser/?cmd=play&arg=http%3A%2F%2Flocalhost%3A8099%2Fdipgraph.html"; got != want {
		t.Errorf("PlayURL = %s, want %s", got, want)
	}
}
