package queries_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/synth"
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/load"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
	"github.com/dipgraph/dipgraph/internal/testenv"
	"github.com/dipgraph/dipgraph/queries"
)

var (
	benchOnce sync.Once
	benchDB   *graph.DB
	benchArgs map[string][]map[string]string
	benchErr  error
)

// benchGraph loads the synthetic corpus once per test binary (the test
// database is wiped first) and picks parameter sets from it: the most and
// least mentioned countries and leaders, so named-actor queries meet hubs
// and tails alike.
func benchGraph(b *testing.B) (*graph.DB, map[string][]map[string]string) {
	b.Helper()
	return benchGraphT(b)
}

func benchGraphT(b testing.TB) (*graph.DB, map[string][]map[string]string) {
	b.Helper()
	c := neo4jtest.Require(b) // lock + wipe
	benchOnce.Do(func() {
		ctx := context.Background()
		db, err := graph.Open(ctx, graph.ConnOptions{URI: c.URI, Username: c.Username, Password: c.Password, Database: c.Database})
		if err != nil {
			benchErr = err
			return
		}
		n := testenv.BenchSize("DIPGRAPH_BENCH_QUERY_ARTICLES", 100000, 300)
		g, err := synth.New(synth.Options{Seed: 7})
		if err != nil {
			benchErr = err
			return
		}
		start := time.Now()
		l := load.New(db, load.Options{})
		const chunk = 5000
		for i := 0; i < n; i += chunk {
			docs := make([]extract.Document, 0, chunk)
			for j := i; j < min(i+chunk, n); j++ {
				docs = append(docs, g.Document(j))
			}
			if _, err := l.Load(ctx, docs); err != nil {
				benchErr = fmt.Errorf("load synthetic articles %d-%d: %w", i, i+len(docs), err)
				return
			}
		}
		fmt.Fprintf(os.Stderr, "query bench: loaded %d synthetic articles in %s\n", n, time.Since(start).Round(time.Millisecond))
		benchDB = db
		benchArgs, benchErr = pickArgs(ctx, db)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	// Leave an empty database: the next test's wipe deletes in batches of
	// 10,000 nodes, too much at once for a dense 100,000-article graph.
	b.Cleanup(func() { dropAll(b, benchDB) })
	return benchDB, benchArgs
}

// dropAll deletes the graph in small transactions, relationships first.
func dropAll(b testing.TB, db *graph.DB) {
	ctx := context.Background()
	for _, stmt := range []string{
		"MATCH ()-[r]->() WITH r LIMIT 20000 DELETE r RETURN count(*)",
		"MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*)",
	} {
		for {
			res, err := db.Run(ctx, stmt, nil, false)
			if err != nil {
				b.Errorf("drop the benchmark graph: %v", err)
				return
			}
			if n, _ := res.Rows[0][0].(int64); n == 0 {
				break
			}
		}
	}
}

func column(ctx context.Context, db *graph.DB, cypher string) ([]string, error) {
	res, err := db.Run(ctx, cypher, nil, true)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range res.Rows {
		out = append(out, fmt.Sprint(r[0]))
	}
	return out, nil
}

// windowKey holds, among the picked arguments, the window of the :window
// benchmark variants.
const windowKey = "(window)"

// pickArgs chooses parameter sets per query from the loaded graph.
func pickArgs(ctx context.Context, db *graph.DB) (map[string][]map[string]string, error) {
	byMentions := func(label string) ([]string, error) {
		names, err := column(ctx, db, "MATCH (n:"+label+")-[m:MENTIONED_IN]->() WITH n, count(m) AS c ORDER BY c DESC, n.name RETURN n.name")
		if err != nil {
			return nil, err
		}
		// Five hubs, five from the middle, five from the tail.
		if len(names) <= 15 {
			return names, nil
		}
		mid := len(names) / 2
		return append(append(append([]string{}, names[:5]...), names[mid-2:mid+3]...), names[len(names)-5:]...), nil
	}
	countries, err := byMentions("Country")
	if err != nil {
		return nil, err
	}
	leaders, err := byMentions("Leader")
	if err != nil {
		return nil, err
	}
	venues, err := byMentions("Venue")
	if err != nil {
		return nil, err
	}
	edges, err := db.Run(ctx, "MATCH (s)-[r:MEDIATES]->(t) RETURN s.name, t.name ORDER BY r.count DESC, s.name, t.name LIMIT 15", nil, true)
	if err != nil {
		return nil, err
	}
	last, err := column(ctx, db, "MATCH (a:Article) RETURN toString(max(a.date))")
	if err != nil || len(last) == 0 {
		return nil, fmt.Errorf("no articles: %v", err)
	}
	lastDate, _ := time.Parse("2006-01-02", last[0])
	if len(countries) < 2 || len(leaders) < 2 || len(venues) == 0 || len(edges.Rows) == 0 {
		return nil, fmt.Errorf("synthetic graph too small: %d countries, %d leaders, %d venues, %d MEDIATES", len(countries), len(leaders), len(venues), len(edges.Rows))
	}
	actors := append(append([]string{}, countries...), leaders...)
	args := map[string][]map[string]string{}
	add := func(q string, m map[string]string) { args[q] = append(args[q], m) }
	for i, a := range actors {
		bb := countries[(i+1)%len(countries)]
		if bb == a {
			bb = countries[(i+2)%len(countries)]
		}
		for _, q := range []string{"mediators-between", "common-partners", "path"} {
			add(q, map[string]string{"a": a, "b": bb})
		}
		add("timeline", map[string]string{"actor": a})
		add("proposals-by", map[string]string{"actor": a})
		add("actor", map[string]string{"name": a})
	}
	for _, c := range countries {
		add("representatives", map[string]string{"country": c})
	}
	for _, r := range edges.Rows {
		add("evidence", map[string]string{"source": fmt.Sprint(r[0]), "type": "MEDIATES", "target": fmt.Sprint(r[1])})
	}
	// And the longest per-article lists of any interaction.
	heavy, err := db.Run(ctx, "MATCH (s)-[r:MEDIATES|PROPOSES|REJECTS|ACCEPTS|MEETS|MEETS_IN|VISITS]->(t) RETURN s.name, type(r), t.name ORDER BY r.count DESC, s.name, t.name LIMIT 5", nil, true)
	if err != nil {
		return nil, err
	}
	for _, r := range heavy.Rows {
		add("evidence", map[string]string{"source": fmt.Sprint(r[0]), "type": fmt.Sprint(r[1]), "target": fmt.Sprint(r[2])})
	}
	for _, v := range venues {
		add("talks", map[string]string{"venue": v})
	}
	for _, days := range []int{7, 30, 90} {
		add("new-actors", map[string]string{"since": lastDate.AddDate(0, 0, -days).Format("2006-01-02")})
	}
	// The window for the :window variants: the year before the last one.
	add(windowKey, map[string]string{"from": lastDate.AddDate(-2, 0, 0).Format("2006-01-02"), "to": lastDate.AddDate(-1, 0, 0).Format("2006-01-02")})
	return args, nil
}

// BenchmarkQueries runs every query of the embedded packs against the
// synthetic graph and reports p50 and p95 latency (ms) over the
// iterations, cycling through parameter sets that name hub, middle and
// tail actors. Queries without required parameters run with their
// defaults (whole-graph rankings). Queries with parameter sets that also
// take a window and a confidence floor run again with each
// (NAME:window, a year of articles; NAME:floor, min_confidence 0.8): the
// filtered paths read the per-article lists that the defaults skip.
func BenchmarkQueries(b *testing.B) {
	db, args := benchGraph(b)
	c, err := queries.Load(queries.Embedded())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, q := range c.List() {
		sets := args[q.Name]
		b.Run(q.Name, func(b *testing.B) { benchQuery(ctx, b, db, q, sets, nil) })
		if _, ok := q.Param("min_confidence"); !ok || len(sets) == 0 {
			continue
		}
		b.Run(q.Name+":window", func(b *testing.B) {
			benchQuery(ctx, b, db, q, sets, map[string]string{"from": args[windowKey][0]["from"], "to": args[windowKey][0]["to"]})
		})
		b.Run(q.Name+":floor", func(b *testing.B) {
			benchQuery(ctx, b, db, q, sets, map[string]string{"min_confidence": "0.8"})
		})
	}
}

// benchQuery measures q over the parameter sets, each overlaid with extra.
func benchQuery(ctx context.Context, b *testing.B, db *graph.DB, q *queries.Query, sets []map[string]string, extra map[string]string) {
	if len(sets) == 0 {
		sets = []map[string]string{{}}
	}
	bound := make([]map[string]any, len(sets))
	for i, s := range sets {
		m := map[string]string{}
		for k, v := range s {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		p, err := q.Bind(m)
		if err != nil {
			b.Fatalf("%s %v: %v", q.Name, m, err)
		}
		bound[i] = p
		if _, err := queries.Run(ctx, db, q, p, time.Minute); err != nil { // warm the plan cache
			b.Fatalf("%s %v: %v", q.Name, m, err)
		}
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := queries.Run(ctx, db, q, bound[i%len(bound)], time.Minute); err != nil {
			b.Fatalf("%s: %v", q.Name, err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		i := int(p*float64(len(lat)-1) + 0.5)
		return float64(lat[i].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(float64(len(sets)), "param-sets")
}
