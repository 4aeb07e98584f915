package pipeline

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/load"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
	"github.com/dipgraph/dipgraph/internal/testenv"
)

// BenchmarkRun measures `dipgraph load` end to end (read, extract, load)
// on real article text, once with extraction overlapping the load in
// flight (Run) and once one chunk after the other (the serial baseline),
// on the same Neo4j in the same run, twice each, alternating, and prints
// the faster run's articles per second for both. The articles are the dev corpus (../shared, read at run time),
// each copy with a line of its own and a later date so that every copy
// is a new article: DIPGRAPH_BENCH_RUN_ARTICLES of them (40,000 at full
// scale, 300 under -benchtime 1x), in chunks of the default batch size.
func BenchmarkRun(b *testing.B) {
	c := neo4jtest.Require(b)
	n := testenv.BenchSize("DIPGRAPH_BENCH_RUN_ARTICLES", 40000, 300)
	dir := benchCorpus(b, n)
	ctx := b.Context()
	db, err := graph.Open(ctx, graph.ConnOptions{URI: c.URI, Username: c.Username, Password: c.Password, Database: c.Database})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close(ctx)
	ex, err := extract.New(extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	once := func(serial bool) (load.Summary, time.Duration) {
		b.StopTimer()
		neo4jtest.Wipe(b, c)
		b.StartTimer()
		start := time.Now()
		sum, err := Run(ctx, Options{Paths: []string{dir}, Extractor: ex, Loader: load.New(db, load.Options{}), serial: serial})
		el := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if sum.New != n {
			b.Fatalf("serial=%v: %d of %d articles new (skipped %v)", serial, sum.New, n, sum.Skipped)
		}
		return sum, el
	}
	for range b.N {
		// Alternate the two, twice, and keep each one's faster run: the
		// first loads on a server also warm up its JIT.
		var sum load.Summary
		piped, serial := time.Duration(1<<62), time.Duration(1<<62)
		for range 2 {
			_, s := once(true)
			serial = min(serial, s)
			ps, p := once(false)
			if p < piped {
				sum, piped = ps, p
			}
		}
		rate := float64(n) / piped.Seconds()
		b.Logf("pipelined: %d articles, %d transactions, %d relation rows in %s: %.0f articles/s, %.0f relation rows/s",
			n, sum.Transactions, sum.RelationRows, piped.Round(time.Millisecond), rate, float64(sum.RelationRows)/piped.Seconds())
		b.Logf("serial: %s: %.0f articles/s; pipelined/serial %.2f×", serial.Round(time.Millisecond), float64(n)/serial.Seconds(), serial.Seconds()/piped.Seconds())
		b.ReportMetric(rate, "articles/s")
		b.ReportMetric(float64(n)/serial.Seconds(), "serial-articles/s")
		b.ReportMetric(serial.Seconds()/piped.Seconds(), "x-serial")
	}
}

// benchCorpus writes n articles as JSON Lines into a temporary directory:
// the dev corpus over and over, copy k opening with its own line and
// dated k days after the original (undated ones stay undated).
func benchCorpus(b *testing.B, n int) string {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(testenv.Shared(b), "corpus", "dev", "*.txt"))
	var arts []article.Article
	for _, f := range files {
		as, errs := article.ReadFile(b.Context(), f, article.Options{})
		if len(errs) > 0 {
			b.Fatalf("read %s: %v", f, errs)
		}
		arts = append(arts, as...)
	}
	if len(arts) == 0 {
		b.Fatal("no dev corpus articles")
	}
	dir := b.TempDir()
	f, err := os.Create(filepath.Join(dir, "bench.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for i := range n {
		a := arts[i%len(arts)]
		k := i / len(arts)
		rec := map[string]string{
			"id":    fmt.Sprintf("bench-%d", i),
			"title": a.Title,
			"text":  fmt.Sprintf("Bulletin %d.\n\n%s", k, a.Text),
		}
		if !a.Date.IsZero() {
			rec["date"] = a.Date.AddDate(0, 0, k).Format("2006-01-02")
		}
		if err := enc.Encode(rec); err != nil {
			b.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return dir
}
