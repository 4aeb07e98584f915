package load_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/synth"
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/load"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
	"github.com/dipgraph/dipgraph/internal/testenv"
)

// benchScale picks the corpus sizes: DIPGRAPH_BENCH_ARTICLES (and
// _NAIVE_ARTICLES, _HUB_ARTICLES) when set; otherwise tiny under
// -benchtime 1x (make test) and full scale otherwise (make bench).
func benchScale() (articles, naive, hub int) {
	return testenv.BenchSize("DIPGRAPH_BENCH_ARTICLES", 100000, 300),
		testenv.BenchSize("DIPGRAPH_BENCH_NAIVE_ARTICLES", 2000, 60),
		testenv.BenchSize("DIPGRAPH_BENCH_HUB_ARTICLES", 10000, 300)
}

func benchOptions() load.Options {
	o := load.Options{}
	if n, err := strconv.Atoi(os.Getenv("DIPGRAPH_BENCH_BATCH")); err == nil {
		o.BatchSize = n
	}
	if n, err := strconv.Atoi(os.Getenv("DIPGRAPH_BENCH_WORKERS")); err == nil {
		o.Workers = n
	}
	if n, err := strconv.Atoi(os.Getenv("DIPGRAPH_BENCH_WRITERS")); err == nil {
		o.Writers = n
	}
	return o
}

func generate(b *testing.B, n int, opts synth.Options) []extract.Document {
	b.Helper()
	g, err := synth.New(opts)
	if err != nil {
		b.Fatal(err)
	}
	return g.Documents(n)
}

// serverCPU returns the CPU seconds used so far by the Neo4j process
// whose pid DIPGRAPH_BENCH_SERVER_PID names (a local server), or -1. CPU
// per row is comparable across runs on a busy machine; wall time is not.
func serverCPU() float64 {
	pid := os.Getenv("DIPGRAPH_BENCH_SERVER_PID")
	if pid == "" {
		return -1
	}
	raw, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+1:]))
	if len(f) < 13 {
		return -1
	}
	u, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (u + st) / 100
}

func cpuNote(before float64, rows int) string {
	if before < 0 {
		return ""
	}
	used := serverCPU() - before
	return fmt.Sprintf("; Neo4j used %.1f CPU s (%.0f relation rows per CPU s)", used, float64(rows)/used)
}

func loadAvg() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return string(raw[:len(raw)-1])
}

// BenchmarkLoad loads a synthetic corpus with the Loader, a slice of
// another with a naive one-MERGE-per-transaction loader, and a corpus in
// which every article asserts the same hub relationship, all against the
// same Neo4j in one run, and prints relationship rows per second for
// each and the ratio.
func BenchmarkLoad(b *testing.B) {
	c := neo4jtest.Require(b)
	ctx := context.Background()
	db, err := graph.Open(ctx, graph.ConnOptions{URI: c.URI, Username: c.Username, Password: c.Password, Database: c.Database})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close(ctx)
	nArticles, nNaive, nHub := benchScale()
	opts := benchOptions()

	for range b.N {
		b.StopTimer()
		neo4jtest.Wipe(b, c)
		if err := graph.EnsureSchema(ctx, db); err != nil {
			b.Fatal(err)
		}
		docs := generate(b, nArticles, synth.Options{Seed: 1})
		l := load.New(db, opts)
		b.Logf("machine: %d CPUs, load average %s", runtime.NumCPU(), loadAvg())
		b.StartTimer()

		// 1. The loader on the full corpus.
		cpu0 := serverCPU()
		start := time.Now()
		sum, err := l.Load(ctx, docs)
		if err != nil {
			b.Fatal(err)
		}
		el := time.Since(start)
		relRate := float64(sum.RelationRows) / el.Seconds()
		menRate := float64(sum.Mentions) / el.Seconds()
		b.StopTimer()
		cpuLoader := cpuNote(cpu0, sum.RelationRows)
		hubEdge := query(b, db, "MATCH ()-[x:MEETS]->() RETURN max(x.count)", nil)[0][0]
		b.Logf("loader: %d articles, %d relation rows, %d mentions in %s (batch %d, workers %d, writers %d, %d transactions, %d retries): %.0f relation rows/s, %.0f mentions/s, %.0f articles/s; largest MEETS edge %v articles%s",
			sum.Articles, sum.RelationRows, sum.Mentions, el.Round(time.Millisecond), l.Options().BatchSize, l.Options().Workers, l.Options().Writers, sum.Transactions, sum.Retries,
			relRate, menRate, float64(sum.Articles)/el.Seconds(), hubEdge, cpuLoader)

		// 2. The naive loader on a slice of a fresh corpus, same server.
		wipe(b, db)
		naiveDocs := generate(b, nNaive, synth.Options{Seed: 2})
		b.StartTimer()
		cpu0 = serverCPU()
		nRels, relTime, total := naiveLoad(b, db, naiveDocs)
		b.StopTimer()
		cpuNaive := cpuNote(cpu0, nRels)
		naiveRate := float64(nRels) / relTime.Seconds()
		b.Logf("naive: %d articles, %d relation rows in %s (%s in relationship transactions): %.0f relation rows/s%s",
			len(naiveDocs), nRels, total.Round(time.Millisecond), relTime.Round(time.Millisecond), naiveRate, cpuNaive)

		// 3. The hub edge: every article asserts the same MEETS.
		wipe(b, db)
		hubDocs := generate(b, nHub, synth.Options{Seed: 3, HubPair: true})
		b.StartTimer()
		cpu0 = serverCPU()
		start = time.Now()
		hs, err := l.Load(ctx, hubDocs)
		if err != nil {
			b.Fatal(err)
		}
		hel := time.Since(start)
		b.StopTimer()
		hubCount := query(b, db, "MATCH ()-[x:MEETS]->() RETURN max(x.count), max(size(x.sources))", nil)[0]
		hubRate := float64(hs.RelationRows) / hel.Seconds()
		b.Logf("hub: %d articles all asserting one MEETS (count %v, %v sources): %d relation rows in %s: %.0f relation rows/s%s",
			hs.Articles, hubCount[0], hubCount[1], hs.RelationRows, hel.Round(time.Millisecond), hubRate, cpuNote(cpu0, hs.RelationRows))
		b.Logf("ratio loader/naive: %.1f× (targets: ≥ 20× and ≥ 10000 relation rows/s); load average now %s", relRate/naiveRate, loadAvg())

		b.ReportMetric(relRate, "rels/s")
		b.ReportMetric(menRate, "mentions/s")
		b.ReportMetric(naiveRate, "naive-rels/s")
		b.ReportMetric(relRate/naiveRate, "x-naive")
		b.ReportMetric(hubRate, "hub-rels/s")
		if hc, _ := hubCount[0].(int64); int(hc) != hs.Articles {
			b.Errorf("hub edge count = %v, want %d", hubCount[0], hs.Articles)
		}
	}
}

// wipe empties the database in small transactions, relationships first:
// one DETACH DELETE of a hub node with 100,000 relationships can exceed
// the server's transaction memory.
func wipe(b *testing.B, db *graph.DB) {
	b.Helper()
	for _, q := range []string{
		"MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS",
		"MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS",
	} {
		if _, err := db.Run(context.Background(), q, nil, false); err != nil {
			b.Fatalf("wipe: %v", err)
		}
	}
}

// naiveLoad is the baseline: one MERGE per managed transaction, an
// entity or a relationship at a time, with the same provenance lists.
// It returns the relation rows written, the time spent in relationship
// transactions, and the total time.
func naiveLoad(b *testing.B, db *graph.DB, docs []extract.Document) (int, time.Duration, time.Duration) {
	ctx := context.Background()
	start := time.Now()
	var relTime time.Duration
	n := 0
	one := func(q string, p map[string]any) {
		if _, err := db.Write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			res, err := tx.Run(ctx, q, p)
			if err != nil {
				return nil, err
			}
			return res.Consume(ctx)
		}); err != nil {
			b.Fatal(err)
		}
	}
	for _, d := range docs {
		bt := graph.FromDocument(d)
		for _, nd := range bt.Nodes {
			one(fmt.Sprintf("MERGE (e:%s {%s: $key}) ON CREATE SET e:Entity, e.uid = $uid, e.name = $name", nd.Label, nd.Label.KeyProperty()),
				map[string]any{"key": nd.Key, "uid": nd.UID, "name": nd.Name})
		}
		rs := time.Now()
		for _, r := range bt.Rels {
			one(fmt.Sprintf(`MATCH (s:Entity {uid: $s}) MATCH (t:Entity {uid: $t})
MERGE (s)-[x:%s]->(t)
SET x.sources = coalesce(x.sources, []) + $key, x.dates = coalesce(x.dates, []) + $date,
    x.sentences = coalesce(x.sentences, []) + $sentence, x.confidence_pcts = coalesce(x.confidence_pcts, []) + $pct,
    x.count = coalesce(x.count, 0) + 1`, r.Type),
				map[string]any{"s": r.Source, "t": r.Target, "key": bt.Article.Key, "date": bt.Article.Date, "sentence": r.Sentence, "pct": r.ConfidencePct()})
			n++
		}
		relTime += time.Since(rs)
	}
	return n, relTime, time.Since(start)
}
