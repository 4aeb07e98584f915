package schedule

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
)

// TestFetchPages reads each new or changed item from its linked page,
// falls back to the item's text when the page is missing or not HTML, and
// does not fetch pages again for unchanged items.
func TestFetchPages(t *testing.T) {
	db := openTestDB(t)
	ctx := t.Context()
	fs := newFeedServer(t)
	tmpl, err := os.ReadFile(filepath.Join("testdata", "feeds", "pages.xml"))
	if err != nil {
		t.Fatal(err)
	}
	setFeed := func(version, teaser string) {
		fs.setBody("/briefs.xml", strings.NewReplacer("{{VERSION}}", version, "{{TEASER}}", teaser).Replace(string(tmpl)), "application/rss+xml")
	}
	setFeed("v1", "A teaser without names.")
	fs.set("/p/istanbul", "istanbul.html", "text/html; charset=utf-8")
	fs.setBody("/p/vienna.pdf", "%PDF-1.7 not html", "application/pdf")
	// /p/lima is not served: 404.

	r := newTestRunner(t, db, Options{Sources: []SourceConfig{{Name: "briefs", Type: TypeFeed, URL: fs.url("/briefs.xml"), FetchPages: true, Timeout: 5 * time.Second}}})
	run := func(step string) Result {
		t.Helper()
		res, err := r.Sync(ctx, r.Sources())
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return res[0]
	}
	pageGets := func() [3]int {
		a, _ := fs.counts("/p/istanbul")
		b, _ := fs.counts("/p/lima")
		c, _ := fs.counts("/p/vienna.pdf")
		return [3]int{a, b, c}
	}

	wantCounts(t, "first run", run("first run"), OutcomeOK, 3, 0, 0, 0)
	checkMeets(t, "first run", db, map[string][]string{
		"Qatar-Turkey":    {fs.url("/p/istanbul")},   // from the page
		"Chile-Peru":      {fs.url("/p/lima")},       // page missing: the item's text
		"Austria-Hungary": {fs.url("/p/vienna.pdf")}, // page not HTML: the item's text
	})
	if got := pageGets(); got != [3]int{1, 1, 1} {
		t.Errorf("first run: page GETs %v, want one each", got)
	}

	// The feed changes (new ETag) but its items do not: no page is fetched.
	setFeed("v2", "A teaser without names.")
	wantCounts(t, "items unchanged", run("items unchanged"), OutcomeOK, 0, 0, 3, 0)
	if got := pageGets(); got != [3]int{1, 1, 1} {
		t.Errorf("items unchanged: page GETs %v, want no new ones", got)
	}

	// One item's teaser changes: only its page is fetched again; the page
	// text is the same, so the article stays as it is.
	setFeed("v3", "A new teaser, still without names.")
	wantCounts(t, "teaser changed", run("teaser changed"), OutcomeOK, 0, 0, 3, 0)
	if got := pageGets(); got != [3]int{2, 1, 1} {
		t.Errorf("teaser changed: page GETs %v, want the Istanbul page again only", got)
	}
}

// slowExtractor delays each article, so a run lasts long enough to be
// watched, interrupted or contended.
type slowExtractor struct {
	delay time.Duration
	n     atomic.Int32
}

var _ Extractor = (*slowExtractor)(nil)

func (s *slowExtractor) Extract(ctx context.Context, a article.Article) (extract.Document, error) {
	s.n.Add(1)
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return extract.Document{}, ctx.Err()
	}
	return patternExtractor{}.Extract(ctx, a)
}

// writeArticles writes n short articles; tag makes their texts differ
// from another call's (equal texts are duplicates to the loader).
func writeArticles(t *testing.T, dir, tag string, n int) {
	t.Helper()
	names := []string{"Qatar", "Egypt", "Turkey", "Russia", "Ukraine", "Norway", "Sudan", "Oman", "Iran", "Brazil"}
	for i := range n {
		a, b := names[i%len(names)], names[(i*3+1)%len(names)]
		if a == b {
			b = "Chile"
		}
		writeFile(t, filepath.Join(dir, "story-"+itoa(i)+".txt"), "Story "+itoa(i)+"\n\n"+a+" met "+b+" on day "+itoa(i)+" of the "+tag+" talks.\n")
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestLeaseBusyAndRenewed: a run renews its lease past the TTL, so a
// second runner that tries meanwhile is told "busy" and does nothing; the
// lease is released at the end.
func TestLeaseBusyAndRenewed(t *testing.T) {
	db := openTestDB(t)
	ctx := t.Context()
	dir := t.TempDir()
	writeArticles(t, dir, "busy", 12)
	src := SourceConfig{Name: "inbox", Type: TypeDir, Path: dir}
	slow := &slowExtractor{delay: 100 * time.Millisecond}
	first, err := New(db, newLoader(db), slow, Options{Owner: "first", LeaseTTL: 600 * time.Millisecond, BatchSize: 4, Sources: []SourceConfig{src}})
	if err != nil {
		t.Fatal(err)
	}
	second := newTestRunner(t, db, Options{Owner: "second", Sources: []SourceConfig{src}})

	done := make(chan Result, 1)
	go func() { done <- first.RunSource(ctx, first.Sources()[0]) }()
	waitFor(t, "the first run to start extracting", func() bool { return slow.n.Load() > 0 })
	time.Sleep(800 * time.Millisecond) // past the TTL: only renewal keeps the lease
	res, err := second.Sync(ctx, second.Sources())
	if err != nil {
		t.Fatal(err)
	}
	busy := res[0]
	if busy.Outcome != OutcomeBusy || !strings.Contains(busy.Message, "first") || busy.Loaded+busy.Skipped != 0 {
		t.Errorf("second runner during the first's run: %+v; want busy naming the holder, nothing done", busy)
	}
	if got := testutil.ToFloat64(second.metrics.runs.WithLabelValues("inbox", "busy")); got != 1 {
		t.Errorf("busy runs metric = %v, want 1", got)
	}
	wantCounts(t, "first run", <-done, OutcomeOK, 12, 0, 0, 0)
	st, _, err := first.state.get(ctx, "inbox")
	if err != nil || st.LeaseOwner != "" {
		t.Errorf("after the run: lease owner %q (%v), want released", st.LeaseOwner, err)
	}
	res, err = second.Sync(ctx, second.Sources())
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, "second runner afterwards", res[0], OutcomeOK, 0, 0, 12, 0)
}

// TestInterruptedRun cancels a run in the middle: it stops after the
// current batch, releases the lease without recording a last_run, and the
// next run completes the load without duplicates.
func TestInterruptedRun(t *testing.T) {
	db := openTestDB(t)
	dir := t.TempDir()
	writeArticles(t, dir, "interrupted", 20)
	src := SourceConfig{Name: "inbox", Type: TypeDir, Path: dir, Schedule: "@every 1h"}
	slow := &slowExtractor{delay: 50 * time.Millisecond}
	r, err := New(db, newLoader(db), slow, Options{Owner: "interrupted", BatchSize: 5, Sources: []SourceConfig{src}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		for slow.n.Load() < 8 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	res, err := r.Sync(ctx, r.Sources())
	if !errors.Is(err, context.Canceled) || len(res) != 1 || res[0].Outcome != OutcomeInterrupted {
		t.Fatalf("interrupted Sync = %+v, %v; want one interrupted result and context.Canceled", res, err)
	}
	loaded := count(t, db, "MATCH (a:Article) RETURN count(a)", nil)
	if loaded == 0 || loaded >= 20 || loaded%5 != 0 {
		t.Errorf("after the interruption %d articles are loaded; want whole batches of 5, fewer than 20", loaded)
	}
	st, _, err := r.state.get(t.Context(), "inbox")
	if err != nil || st.LeaseOwner != "" || !st.LastRun.IsZero() {
		t.Errorf("after the interruption: %+v (%v); want no lease and no last_run", st, err)
	}

	again := newTestRunner(t, db, Options{Sources: []SourceConfig{src}})
	res, err = again.Sync(t.Context(), again.Sources())
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, "rerun", res[0], OutcomeOK, 20-int(loaded), 0, int(loaded), 0)
	nodes, rels := graphCounts(t, db)

	// The same articles loaded in one clean run give the same graph.
	neo4jWipe(t, db)
	clean := newTestRunner(t, db, Options{Sources: []SourceConfig{src}})
	if _, err := clean.Sync(t.Context(), clean.Sources()); err != nil {
		t.Fatal(err)
	}
	if n2, r2 := graphCounts(t, db); n2 != nodes || r2 != rels {
		t.Errorf("interrupted + rerun: %d nodes %d relationships; one clean run: %d %d", nodes, rels, n2, r2)
	}
}

// TestScheduleLoop runs the scheduler: a new source runs at once, one that
// ran recently waits for its next activation, /metrics and /healthz answer,
// and cancelling the context stops it cleanly.
func TestScheduleLoop(t *testing.T) {
	db := openTestDB(t)
	dirA, dirB := t.TempDir(), t.TempDir()
	writeArticles(t, dirA, "fresh", 3)
	writeArticles(t, dirB, "recent", 2)
	recent := SourceConfig{Name: "recent", Type: TypeDir, Path: dirB, Schedule: "@every 1h"}
	pre := newTestRunner(t, db, Options{Sources: []SourceConfig{recent}})
	if _, err := pre.Sync(t.Context(), pre.Sources()); err != nil {
		t.Fatal(err)
	}

	metrics := NewMetrics()
	r := newTestRunner(t, db, Options{Metrics: metrics, Sources: []SourceConfig{
		{Name: "fresh", Type: TypeDir, Path: dirA, Schedule: "@every 1s"},
		recent,
		{Name: "manual", Type: TypeDir, Path: dirA}, // no schedule: sync only
	}})
	ctx, cancel := context.WithCancel(t.Context())
	l, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	serveDone := make(chan error, 1)
	go func() { serveDone <- Serve(ctx, l, metrics, r, newJSONLogger(io.Discard)) }()
	schedDone := make(chan error, 1)
	go func() { schedDone <- r.Schedule(ctx) }()

	runs := func(src, outcome string) float64 {
		return testutil.ToFloat64(metrics.runs.WithLabelValues(src, outcome))
	}
	waitFor(t, "two runs of the fresh source", func() bool { return runs("fresh", "ok") >= 2 })
	if got := count(t, db, "MATCH (a:Article) RETURN count(a)", nil); got != 5 {
		t.Errorf("%d articles, want 5", got)
	}
	if n := runs("recent", "ok"); n != 0 {
		t.Errorf("the recently run source ran %v times; want it to wait for its next activation", n)
	}

	base := "http://" + l.Addr().String()
	body := httpGet(t, base+"/metrics", http.StatusOK)
	for _, want := range []string{`dipgraph_source_runs_total{outcome="ok",source="fresh"}`, `dipgraph_source_articles_total{result="loaded",source="fresh"} 3`, "dipgraph_source_run_duration_seconds_bucket", "dipgraph_source_last_success_timestamp_seconds", "go_goroutines"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	var health struct {
		Status  string
		Sources []struct {
			Name        string    `json:"name"`
			LastOutcome string    `json:"last_outcome"`
			NextRun     time.Time `json:"next_run"`
		}
	}
	if err := json.Unmarshal([]byte(httpGet(t, base+"/healthz", http.StatusOK)), &health); err != nil {
		t.Fatal(err)
	}
	next := map[string]time.Time{}
	for _, s := range health.Sources {
		next[s.Name] = s.NextRun
	}
	if health.Status != "ok" || time.Until(next["recent"]) < 50*time.Minute || time.Until(next["fresh"]) > 2*time.Second {
		t.Errorf("/healthz = %+v; want ok, recent next in about an hour, fresh within seconds", health)
	}

	cancel()
	select {
	case err := <-schedDone:
		if err != nil {
			t.Errorf("Schedule after cancel = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Schedule did not return within 10s of cancellation")
	}
	if err := <-serveDone; err != nil {
		t.Errorf("Serve = %v", err)
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	r := &Runner{opts: Options{Backoff: time.Second, MaxBackoff: 10 * time.Second}}
	for _, tt := range []struct {
		n        int
		min, max time.Duration
	}{{1, 800 * time.Millisecond, 1200 * time.Millisecond}, {2, 1600 * time.Millisecond, 2400 * time.Millisecond}, {4, 6400 * time.Millisecond, 9600 * time.Millisecond}, {10, 8 * time.Second, 12 * time.Second}} {
		for range 20 {
			if d := r.backoff(tt.n); d < tt.min || d > tt.max {
				t.Errorf("backoff(%d) = %s, want within [%s, %s]", tt.n, d, tt.min, tt.max)
			}
		}
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func httpGet(t *testing.T, url string, want int) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Errorf("GET %s: %d, want %d: %s", url, resp.StatusCode, want, b)
	}
	return string(b)
}
