package schedule

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/dipgraph/dipgraph/graph"
)

// feedServer serves feeds and pages from testdata on loopback, with ETag
// and Last-Modified validators, answering conditional GETs with 304. The
// feeds name their own links with {{BASE}}, replaced by the server's URL.
type feedServer struct {
	t           *testing.T
	srv         *httptest.Server
	mu          sync.Mutex
	bodies      map[string]string
	types       map[string]string
	modified    map[string]time.Time
	gets        map[string]int
	notModified map[string]int
}

func newFeedServer(t *testing.T) *feedServer {
	t.Helper()
	f := &feedServer{t: t, bodies: map[string]string{}, types: map[string]string{}, modified: map[string]time.Time{}, gets: map[string]int{}, notModified: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *feedServer) url(path string) string { return f.srv.URL + path }

// set serves testdata/feeds/file at path from now on.
func (f *feedServer) set(path, file, contentType string) {
	f.t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "feeds", file))
	if err != nil {
		f.t.Fatal(err)
	}
	f.setBody(path, string(b), contentType)
}

func (f *feedServer) setBody(path, body, contentType string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.bodies[path] = strings.ReplaceAll(body, "{{BASE}}", f.srv.URL)
	f.types[path] = contentType
	// Whole seconds, as HTTP dates have; later versions are later.
	f.modified[path] = time.Date(2025, 5, 16, 12, 0, 0, 0, time.UTC).Add(time.Duration(len(f.gets)+len(f.bodies)) * time.Hour)
}

func (f *feedServer) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gets[r.URL.Path]++
	body, ok := f.bodies[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	sum := sha256.Sum256([]byte(body))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	if r.Header.Get("If-None-Match") == etag {
		f.notModified[r.URL.Path]++
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", f.modified[r.URL.Path].Format(http.TimeFormat))
	w.Header().Set("Content-Type", f.types[r.URL.Path])
	fmt.Fprint(w, body)
}

func (f *feedServer) counts(path string) (gets, notModified int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gets[path], f.notModified[path]
}

// lockedBuffer collects log output from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestFeedsIncremental runs an RSS feed, an Atom feed and a malformed feed
// through four syncs against the real loader and Neo4j: new items are
// loaded once, an unchanged feed is answered 304 and loads nothing,
// unchanged items are skipped, a modified item replaces its old facts,
// and the malformed feed is reported each time while the others load.
func TestFeedsIncremental(t *testing.T) {
	db := openTestDB(t)
	ctx := t.Context()
	fs := newFeedServer(t)
	fs.set("/rss.xml", "rss-v1.xml", "application/rss+xml; charset=utf-8")
	fs.set("/atom.xml", "atom-v1.xml", "application/atom+xml")
	fs.set("/broken.xml", "broken.xml", "application/rss+xml")
	var logs lockedBuffer
	r := newTestRunner(t, db, Options{
		Logger: slog.New(slog.NewJSONHandler(&logs, nil)),
		Sources: []SourceConfig{
			{Name: "wire", Type: TypeFeed, URL: fs.url("/rss.xml"), Schedule: "@every 15m"},
			{Name: "half", Type: TypeFeed, URL: fs.url("/broken.xml"), Schedule: "@every 15m"},
			{Name: "desk", Type: TypeFeed, URL: fs.url("/atom.xml"), Schedule: "*/30 * * * *"},
		},
	})
	key := func(path string) string { return fs.url(path) } // canonical URL: tracking parameters dropped
	sync := func(step string) []Result {
		t.Helper()
		res, err := r.Sync(ctx, r.Sources())
		if err != nil {
			t.Fatalf("%s: Sync: %v", step, err)
		}
		half := resultOf(t, res, "half")
		if half.Outcome != OutcomeFailed || half.Err == nil || !strings.Contains(half.Err.Error(), fs.url("/broken.xml")) || half.Neo4j {
			t.Errorf("%s: malformed feed: outcome %s, err %v; want failed, naming its URL, not a Neo4j error", step, half.Outcome, half.Err)
		}
		return res
	}

	// 1: everything is new.
	res := sync("first sync")
	wantCounts(t, "first sync", resultOf(t, res, "wire"), OutcomeOK, 3, 0, 0, 0)
	wantCounts(t, "first sync", resultOf(t, res, "desk"), OutcomeOK, 2, 0, 0, 0)
	if n := count(t, db, "MATCH (a:Article) RETURN count(a)", nil); n != 5 {
		t.Fatalf("first sync: %d Article nodes, want 5", n)
	}
	want := map[string][]string{
		"Egypt-Qatar":      {key("/a/doha")}, // from content:encoded, not the teaser description
		"Russia-Turkey":    {key("/a/ankara")},
		"Norway-Sudan":     {key("/a/oslo")},
		"Iran-Switzerland": {key("/b/geneva")}, // Atom content over summary
		"Iran-Oman":        {key("/b/muscat")}, // Atom summary when there is no content
	}
	checkMeets(t, "first sync", db, want)
	nodes1, rels1 := graphCounts(t, db)

	// 2: nothing changed: conditional GETs answered 304, nothing loaded.
	res = sync("unchanged sync")
	for _, name := range []string{"wire", "desk"} {
		got := resultOf(t, res, name)
		wantCounts(t, "unchanged sync", got, OutcomeOK, 0, 0, 0, 0)
		if !strings.Contains(got.Message, "not modified") {
			t.Errorf("unchanged sync: %s message %q, want it to say not modified", name, got.Message)
		}
	}
	for _, p := range []string{"/rss.xml", "/atom.xml"} {
		if gets, nm := fs.counts(p); gets != 2 || nm != 1 {
			t.Errorf("unchanged sync: %s got %d GETs, %d answered 304; want 2 and 1", p, gets, nm)
		}
	}
	if nodes, rels := graphCounts(t, db); nodes != nodes1 || rels != rels1 {
		t.Errorf("unchanged sync: %d nodes %d relationships, want %d %d", nodes, rels, nodes1, rels1)
	}

	// 3: new versions: one new item each, one modified RSS item, one RSS
	// item dropped from the feed (its article stays).
	fs.set("/rss.xml", "rss-v2.xml", "application/rss+xml; charset=utf-8")
	fs.set("/atom.xml", "atom-v2.xml", "application/atom+xml")
	res = sync("changed sync")
	wantCounts(t, "changed sync", resultOf(t, res, "wire"), OutcomeOK, 1, 1, 1, 0)
	wantCounts(t, "changed sync", resultOf(t, res, "desk"), OutcomeOK, 1, 0, 2, 0)
	if n := count(t, db, "MATCH (a:Article) RETURN count(a)", nil); n != 7 {
		t.Errorf("changed sync: %d Article nodes, want 7", n)
	}
	delete(want, "Russia-Turkey") // the modified Ankara item's old fact is gone
	want["Turkey-Ukraine"] = []string{key("/a/ankara")}
	want["Egypt-Israel"] = []string{key("/a/cairo")}
	want["Brazil-China"] = []string{key("/b/brasilia")}
	checkMeets(t, "changed sync", db, want)
	if n := count(t, db, "MATCH (c:Country {name: 'Russia'}) RETURN count(c)", nil); n != 0 {
		t.Errorf("changed sync: Russia is still in the graph (%d nodes); only the replaced version named it", n)
	}
	if n := count(t, db, "MATCH (a:Article {key: $k}) WHERE a.title ENDS WITH '(updated)' RETURN count(a)", map[string]any{"k": key("/a/ankara")}); n != 1 {
		t.Errorf("changed sync: the Ankara article does not carry its new title")
	}
	nodes3, rels3 := graphCounts(t, db)

	// 4: unchanged again.
	res = sync("second unchanged sync")
	wantCounts(t, "second unchanged sync", resultOf(t, res, "wire"), OutcomeOK, 0, 0, 0, 0)
	wantCounts(t, "second unchanged sync", resultOf(t, res, "desk"), OutcomeOK, 0, 0, 0, 0)
	if nodes, rels := graphCounts(t, db); nodes != nodes3 || rels != rels3 {
		t.Errorf("second unchanged sync: %d nodes %d relationships, want %d %d", nodes, rels, nodes3, rels3)
	}

	// State: the cursor keeps the validators; the broken source keeps none.
	st, _, err := r.state.get(ctx, "wire")
	if err != nil || !strings.Contains(st.Cursor, `"etag"`) || st.LastSuccess.IsZero() || st.LeaseOwner != "" {
		t.Errorf("wire Source node: %+v, %v; want a cursor with the ETag, a last_success and no lease", st, err)
	}
	st, _, err = r.state.get(ctx, "half")
	if err != nil || st.Cursor != "" || !st.LastSuccess.IsZero() || st.LastRun.IsZero() {
		t.Errorf("half Source node: %+v, %v; want last_run only", st, err)
	}

	// Metrics and logs.
	m := r.metrics
	for _, c := range []struct {
		source, result string
		want           float64
	}{
		{"wire", "loaded", 4}, {"wire", "replaced", 1}, {"wire", "skipped", 1}, {"wire", "failed", 0},
		{"desk", "loaded", 3}, {"desk", "skipped", 2},
	} {
		if got := testutil.ToFloat64(m.articles.WithLabelValues(c.source, c.result)); got != c.want {
			t.Errorf("dipgraph_source_articles_total{source=%q,result=%q} = %v, want %v", c.source, c.result, got, c.want)
		}
	}
	if got := testutil.ToFloat64(m.runs.WithLabelValues("half", "failed")); got != 4 {
		t.Errorf("dipgraph_source_runs_total{source=half,outcome=failed} = %v, want 4", got)
	}
	if got := testutil.ToFloat64(m.runs.WithLabelValues("wire", "ok")); got != 4 {
		t.Errorf("dipgraph_source_runs_total{source=wire,outcome=ok} = %v, want 4", got)
	}
	if got := testutil.ToFloat64(m.lastSuccess.WithLabelValues("wire")); got < float64(time.Now().Add(-time.Hour).Unix()) {
		t.Errorf("dipgraph_source_last_success_timestamp_seconds{source=wire} = %v", got)
	}
	if got := testutil.ToFloat64(m.lastSuccess.WithLabelValues("half")); got != 0 {
		t.Errorf("last success of the broken feed = %v, want none", got)
	}
	if l := logs.String(); !strings.Contains(l, `"level":"ERROR","msg":"source run failed","source":"half"`) {
		t.Errorf("no error log line for the malformed feed in:\n%s", l)
	}
}

// checkMeets compares the MEETS pairs and their source articles.
func checkMeets(t *testing.T, step string, db *graph.DB, want map[string][]string) {
	t.Helper()
	got := meets(t, db)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: MEETS pairs and sources:\n got %v\nwant %v", step, got, want)
	}
}
