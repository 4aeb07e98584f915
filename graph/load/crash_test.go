package load_test

import (
	"context"
	"errors"
	"io"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/extract/synth"
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/load"
	"github.com/dipgraph/dipgraph/internal/neo4jlocal"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
)

// ownNeo4j installs a Neo4j of the test's own (never the shared test
// server) with extra neo4j.conf lines, stopped when the test ends, and
// returns it with a function that starts it and connects. Starting a
// server takes tens of seconds, so such tests run with
// DIPGRAPH_TEST_LOCAL_NEO4J=1 (make test sets it) and always in CI.
func ownNeo4j(t *testing.T, password string, extraConf ...string) (*neo4jlocal.Server, func() *graph.DB) {
	t.Helper()
	neo4jtest.RequireOwnServer(t)
	ctx := t.Context()
	ports := neo4jtest.FreePorts(t, 2)
	s, err := neo4jlocal.New(neo4jlocal.Options{
		CacheDir: neo4jtest.CacheDir(t), DataDir: t.TempDir(), BoltPort: ports[0], HTTPPort: ports[1],
		Heap: "768m", PageCache: "256m", Password: password, Log: io.Discard, ExtraConf: extraConf,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = s.Stop(context.Background()) })
	if err := s.Install(ctx); err != nil {
		t.Fatalf("Install: %v", err)
	}
	return s, func() *graph.DB {
		t.Helper()
		if _, err := s.Start(ctx); err != nil {
			t.Fatalf("Start: %v", err)
		}
		db, err := graph.Open(ctx, graph.ConnOptions{URI: s.BoltURI(), Username: "neo4j", Password: password,
			ConnectTimeout: 5 * time.Second, MaxRetryTime: 3 * time.Second})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { _ = db.Close(context.Background()) })
		return db
	}
}

// TestCrashAndRerun kills a Neo4j of its own in the middle of a load,
// starts it again (crash recovery), and checks that no article is half
// loaded and that rerunning the load completes it with nothing counted
// twice.
func TestCrashAndRerun(t *testing.T) {
	ctx := t.Context()
	s, start := ownNeo4j(t, "crash-test-password")

	g, err := synth.New(synth.Options{Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	docs := g.Documents(1500)
	wantRows, wantMentions := 0, 0
	for _, d := range docs {
		b := graph.FromDocument(d)
		wantRows += len(b.Rels)
		wantMentions += len(b.Nodes)
	}

	// 1. Load in small transactions; kill -9 the server after the second
	// commit.
	db := start()
	var once sync.Once
	killed := make(chan struct{})
	l := load.New(db, load.Options{BatchSize: 50, Workers: 2, Retries: 1, RetryDelay: 200 * time.Millisecond,
		Progress: func(p load.Progress) {
			if p.Transactions >= 2 {
				once.Do(func() {
					_ = syscall.Kill(s.PID(), syscall.SIGKILL)
					close(killed)
				})
			}
		}})
	sum, err := l.Load(ctx, docs)
	select {
	case <-killed:
	default:
		t.Fatalf("the load finished (%+v, %v) before the server could be killed", sum, err)
	}
	if err == nil || !errors.Is(err, graph.ErrUnreachable) {
		t.Fatalf("Load with the server killed: %v (summary %+v), want an error wrapping ErrUnreachable", err, sum)
	}
	if sum.Articles == 0 || sum.Articles >= len(docs) {
		t.Fatalf("committed %d of %d articles before the kill; want some, not all", sum.Articles, len(docs))
	}
	_ = db.Close(ctx)
	for s.Running() {
		time.Sleep(100 * time.Millisecond)
	}

	// 2. Restart: every article in the graph is whole, none is half there.
	db = start()
	defer db.Close(ctx)
	checkWhole(t, db)
	loaded := query(t, db, "MATCH (a:Article) RETURN count(a)", nil)[0][0].(int64)
	t.Logf("after the crash: %d of %d articles loaded (the load had reported %d committed)", loaded, len(docs), sum.Articles)
	if int(loaded) < sum.Articles {
		t.Errorf("%d articles in the graph, but %d were reported committed", loaded, sum.Articles)
	}

	// 3. Rerun: completes, loads only the rest, counts everything once.
	sum2, err := load.New(db, load.Options{}).Load(ctx, docs)
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	if sum2.Unchanged != int(loaded) || sum2.New != len(docs)-int(loaded) {
		t.Errorf("rerun = %+v, want %d unchanged and %d new", sum2, loaded, len(docs)-int(loaded))
	}
	checkWhole(t, db)
	row := query(t, db, `MATCH ()-[x]->() WHERE x.sources IS NOT NULL RETURN sum(x.count), sum(size(x.sources))`, nil)[0]
	if row[0].(int64) != int64(wantRows) || row[1].(int64) != int64(wantRows) {
		t.Errorf("relationship assertions after rerun = %v (count), %v (sources); want %d each", row[0], row[1], wantRows)
	}
	if m := query(t, db, "MATCH ()-[m:MENTIONED_IN]->() RETURN count(m)", nil)[0][0].(int64); m != int64(wantMentions) {
		t.Errorf("MENTIONED_IN = %d, want %d", m, wantMentions)
	}
}

// checkWhole asserts that each Article's recorded relationships all list
// it exactly once, that no relationship lists an article the graph does
// not hold, that each aggregate matches its lists, and that no Article
// is left locked mid-load.
func checkWhole(t *testing.T, db *graph.DB) {
	t.Helper()
	checks := []struct{ name, q string }{
		{"articles whose recorded relationships do not all list them once", `
MATCH (a:Article) WHERE a.graph_hash IS NOT NULL AND a.duplicate_of IS NULL
UNWIND range(0, size(a.edge_types) - 1) AS i
OPTIONAL MATCH (:Entity {uid: a.edge_sources[i]})-[x]->(:Entity {uid: a.edge_targets[i]}) WHERE type(x) = a.edge_types[i]
WITH a, i, x WHERE x IS NULL OR size([k IN x.sources WHERE k = a.key]) <> 1
RETURN count(DISTINCT a)`},
		{"relationships listing an article that is not loaded", `
MATCH ()-[x]->() WHERE x.sources IS NOT NULL
UNWIND x.sources AS k
OPTIONAL MATCH (a:Article {key: k})
WITH x, a WHERE a IS NULL OR a.graph_hash IS NULL
RETURN count(x)`},
		{"relationships whose count differs from their lists", `
MATCH ()-[x]->() WHERE x.sources IS NOT NULL
  AND (x.count <> size(x.sources) OR size(x.dates) <> x.count OR size(x.confidence_pcts) <> x.count)
RETURN count(x)`},
		{"articles whose edge lists are not aligned", `
MATCH (a:Article) WHERE a.edge_types IS NOT NULL
  AND NOT (size(a.edge_sources) = size(a.edge_types) AND size(a.edge_targets) = size(a.edge_types)
           AND size(a.edge_sentences) = size(a.edge_types))
RETURN count(a)`},
		{"articles left mid-load", `MATCH (a:Article) WHERE a.loading IS NOT NULL OR a.graph_hash IS NULL RETURN count(a)`},
		{"entities nothing mentions", `MATCH (e:Entity) WHERE NOT EXISTS { (e)-[:MENTIONED_IN]->() } RETURN count(e)`},
	}
	for _, c := range checks {
		if n := query(t, db, c.q, nil)[0][0].(int64); n != 0 {
			t.Errorf("%s: %d", c.name, n)
		}
	}
}
