package load_test

import (
	"testing"

	"github.com/dipgraph/dipgraph/extract/synth"
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/load"
)

// TestSplitsOverMemoryLimit loads, as one group, more articles than a
// server with a small per-transaction memory limit takes in one
// transaction: the loader splits the group and loads every article once.
func TestSplitsOverMemoryLimit(t *testing.T) {
	_, start := ownNeo4j(t, "memory-test-password", "db.memory.transaction.max=32m")
	db := start()
	g, err := synth.New(synth.Options{Seed: 13})
	if err != nil {
		t.Fatal(err)
	}
	docs := g.Documents(600)
	wantRows := 0
	for _, d := range docs {
		wantRows += len(graph.FromDocument(d).Rels)
	}
	sum, err := load.New(db, load.Options{BatchSize: len(docs)}).Load(t.Context(), docs)
	if err != nil {
		t.Fatalf("Load over the memory limit: %v", err)
	}
	if sum.Articles != len(docs) || sum.RelationRows != wantRows || sum.Transactions < 2 {
		t.Errorf("Load = %d articles, %d relation rows in %d transactions; want %d articles, %d rows, split over 2 or more",
			sum.Articles, sum.RelationRows, sum.Transactions, len(docs), wantRows)
	}
	t.Logf("%d articles in %d transactions, %s", sum.Articles, sum.Transactions, sum.Elapsed)
	// Every assertion is in the graph exactly once.
	r, err := db.Run(t.Context(), "MATCH ()-[x]->() WHERE x.sources IS NOT NULL RETURN sum(x.count) AS n", nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := r.Rows[0][0].(int64); int(n) != wantRows {
		t.Errorf("sum of relationship counts = %d, want %d", n, wantRows)
	}
	r, err = db.Run(t.Context(), "MATCH (a:Article) RETURN count(a)", nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := r.Rows[0][0].(int64); int(n) != len(docs) {
		t.Errorf("articles = %d, want %d", n, len(docs))
	}
}
