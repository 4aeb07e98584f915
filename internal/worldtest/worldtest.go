// Package worldtest loads the query packs' test world into a test Neo4j: the
// articles under queries/testdata/world, written for these tests, read by
// extract/article, extracted by the real extractor and written by the real
// loader, the same path as `dipgraph load`. Import it only from _test.go
// files (it pulls in the whole pipeline, which package queries itself must
// not import).
package worldtest

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/load"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
)

// Dir is the directory of the world's article texts.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "queries", "testdata", "world")
}

// Open returns a connection to the test Neo4j (locked for the test and
// wiped; skipped locally and failed in CI when none is configured) with the
// world loaded, and the connection values.
func Open(t testing.TB) (*graph.DB, neo4jtest.Conn) {
	t.Helper()
	c := neo4jtest.Require(t)
	ctx := context.Background()
	db, err := graph.Open(ctx, graph.ConnOptions{URI: c.URI, Username: c.Username, Password: c.Password, Database: c.Database})
	if err != nil {
		t.Fatalf("open test Neo4j: %v", err)
	}
	t.Cleanup(func() { _ = db.Close(context.Background()) })
	docs := Documents(t)
	sum, err := load.New(db, load.Options{Workers: 1}).Load(ctx, docs)
	if err != nil {
		t.Fatalf("load world: %v", err)
	}
	if len(sum.Skipped) > 0 || sum.New != len(docs) {
		t.Fatalf("load world: %d of %d articles new, skipped %v", sum.New, len(docs), sum.Skipped)
	}
	return db, c
}

// Documents reads and extracts the world's articles.
func Documents(t testing.TB) []extract.Document {
	t.Helper()
	ctx := context.Background()
	ex, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatalf("extractor: %v", err)
	}
	// Read the world by a path relative to the working directory (the test's
	// package), so the keys of undated articles without URL
	// (<source>:<id>, source being the path) do not depend on the checkout.
	dir := Dir()
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, dir); err == nil {
			dir = rel
		}
	}
	var docs []extract.Document
	err = article.Walk(ctx, []string{dir}, article.Options{}, func(a article.Article) error {
		d, err := ex.Extract(ctx, a)
		if err != nil {
			return err
		}
		docs = append(docs, d)
		return nil
	}, func(err error) { t.Errorf("read world: %v", err) })
	if err != nil {
		t.Fatalf("read world: %v", err)
	}
	if len(docs) == 0 {
		t.Fatalf("no articles under %s", Dir())
	}
	return docs
}
