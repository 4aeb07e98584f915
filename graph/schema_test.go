package graph_test

import (
	"reflect"
	"testing"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
)

func openTestDB(t *testing.T) *graph.DB {
	t.Helper()
	c := neo4jtest.Require(t)
	db, err := graph.Open(t.Context(), graph.ConnOptions{URI: c.URI, Username: c.Username, Password: c.Password, Database: c.Database})
	if err != nil {
		t.Fatalf("graph.Open(%s): %v", c.URI, err)
	}
	t.Cleanup(func() { _ = db.Close(t.Context()) })
	return db
}

// TestEnsureSchemaIdempotent applies the schema twice and finds every
// model constraint and index online.
func TestEnsureSchemaIdempotent(t *testing.T) {
	db := openTestDB(t)
	for i := range 2 {
		if err := graph.EnsureSchema(t.Context(), db); err != nil {
			t.Fatalf("EnsureSchema (run %d): %v", i+1, err)
		}
	}
	rows, err := graph.ShowSchema(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]graph.SchemaRow{}
	for _, r := range rows {
		got[r.Name] = r
	}
	for _, it := range graph.Schema {
		r, ok := got[it.Name]
		if !ok {
			t.Errorf("ShowSchema: %s missing", it.Name)
			continue
		}
		if r.State != "ONLINE" || !r.Model {
			t.Errorf("ShowSchema: %s = %+v, want ONLINE and part of the model", it.Name, r)
		}
		if len(r.Labels) != 1 || r.Labels[0] != string(it.Label) {
			t.Errorf("ShowSchema: %s labels = %v, want [%s]", it.Name, r.Labels, it.Label)
		}
	}
}

// TestEnsureSchemaMigratesConfidences converts relationships written by
// earlier versions (per-article confidences as a float list, then as an
// integer list) to whole percent in a string list, and leaves a current
// one as it is.
func TestEnsureSchemaMigratesConfidences(t *testing.T) {
	db := openTestDB(t)
	ctx := t.Context()
	if _, err := db.Run(ctx, `
CREATE (a:Country:Entity {name: 'Aland', uid: 'country:aland'}), (b:Country:Entity {name: 'Borduria', uid: 'country:borduria'}),
       (a)-[:MEDIATES {sources: ['k1', 'k2'], dates: ['2025-01-01', ''], confidences: [0.856, 0.9], confidence: 0.9, count: 2}]->(b),
       (b)-[:REJECTS {sources: ['k3'], dates: [''], confidences_pct: [75], confidence: 0.75, count: 1}]->(a),
       (a)-[:ACCEPTS {sources: ['k4'], dates: [''], confidence_pcts: ['60'], confidence: 0.6, count: 1}]->(b)`, nil, false); err != nil {
		t.Fatal(err)
	}
	if err := graph.EnsureSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
	res, err := db.Run(ctx, `
MATCH ()-[x:MEDIATES|REJECTS|ACCEPTS]->() RETURN type(x), x.confidence_pcts, x.confidences_pct, x.confidences, x.confidence ORDER BY type(x)`, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]any{
		{"ACCEPTS", []any{"60"}, nil, nil, 0.6},
		{"MEDIATES", []any{"86", "90"}, nil, nil, 0.9},
		{"REJECTS", []any{"75"}, nil, nil, 0.75},
	}
	if !reflect.DeepEqual(res.Rows, want) {
		t.Errorf("after EnsureSchema: %v, want %v", res.Rows, want)
	}
}
