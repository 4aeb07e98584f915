package graph_test

import (
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
