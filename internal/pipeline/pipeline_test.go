package pipeline_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/load"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
	"github.com/dipgraph/dipgraph/internal/pipeline"
	"github.com/dipgraph/dipgraph/internal/testenv"
)

func setup(t *testing.T) (*graph.DB, *load.Loader, *extract.Extractor) {
	t.Helper()
	c := neo4jtest.Require(t)
	db, err := graph.Open(t.Context(), graph.ConnOptions{URI: c.URI, Username: c.Username, Password: c.Password, Database: c.Database})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close(t.Context()) })
	ex, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return db, load.New(db, load.Options{}), ex
}

func count(t *testing.T, db *graph.DB, q string, params map[string]any) int64 {
	t.Helper()
	r, err := db.Run(t.Context(), q, params, true)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return r.Rows[0][0].(int64)
}

// TestRunSeed extracts and loads the seed article through the real
// extractor: the relationships exist with the article's key in
// sources; a rerun skips it before extraction; --force re-extracts and
// changes nothing; an unreadable input is skipped with its reason.
func TestRunSeed(t *testing.T) {
	db, l, ex := setup(t)
	dir := t.TempDir()
	seed, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), "examples", "istanbul-talks-2025-05-16.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "istanbul-talks-2025-05-16.txt"), seed, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.jsonl"), []byte("{\"id\": \"x\", \"text\": \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var errs []error
	opts := pipeline.Options{Paths: []string{dir}, Extractor: ex, Loader: l, OnError: func(err error) { errs = append(errs, err) }}
	s, err := pipeline.Run(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if s.Articles != 1 || len(s.Skipped) != 1 || len(errs) != 1 {
		t.Fatalf("Run = %+v (errors %v), want 1 article loaded and broken.jsonl skipped", s, errs)
	}
	var ie *article.InputError
	if !errors.As(errs[0], &ie) {
		t.Errorf("skipped input error = %v, want an *article.InputError naming the file", errs[0])
	}

	key := graph.ArticleKey(extract.ArticleMeta{ID: "istanbul-talks-2025-05-16", Source: filepath.Join(dir, "istanbul-talks-2025-05-16.txt")})
	for name, q := range map[string]string{
		"Turkey MEDIATES Russia":   "MATCH (:Country {name:'Turkey'})-[x:MEDIATES]->(:Country {name:'Russia'}) WHERE $k IN x.sources RETURN count(x)",
		"Putin REJECTS a Proposal": "MATCH (:Leader {name:'Vladimir Putin'})-[x:REJECTS]->(:Proposal) WHERE $k IN x.sources RETURN count(x)",
	} {
		if n := count(t, db, q, map[string]any{"k": key}); n < 1 {
			keys, _ := db.Run(t.Context(), "MATCH (a:Article) RETURN a.key", nil, true)
			t.Errorf("%s: no relationship with %q in sources (articles: %v)", name, key, keys.Rows)
		}
	}
	if v := count(t, db, "MATCH (a:Article {key: $k}) WHERE a.extractor_version = $v RETURN count(a)", map[string]any{"k": key, "v": extract.Version}); v != 1 {
		t.Errorf("Article %q lacks extractor_version %s", key, extract.Version)
	}

	nodes := count(t, db, "MATCH (n) RETURN count(n)", nil)
	rels := count(t, db, "MATCH ()-[r]->() RETURN count(r)", nil)
	s, err = pipeline.Run(t.Context(), opts)
	if err != nil || s.Unchanged != 1 || s.Articles != 0 {
		t.Errorf("rerun = %+v, %v; want 1 unchanged, nothing loaded", s, err)
	}
	if n, r := count(t, db, "MATCH (n) RETURN count(n)", nil), count(t, db, "MATCH ()-[r]->() RETURN count(r)", nil); n != nodes || r != rels {
		t.Errorf("after loading the seed twice: %d nodes, %d relationships; after once: %d, %d", n, r, nodes, rels)
	}
	opts.Force = true
	s, err = pipeline.Run(t.Context(), opts)
	if err != nil || s.Unchanged != 1 || s.Articles != 0 {
		t.Errorf("rerun with Force = %+v, %v; want the re-extracted graph found unchanged", s, err)
	}
}

// TestRunJSON loads graph files and, run again, finds them unchanged.
func TestRunJSON(t *testing.T) {
	db, l, _ := setup(t)
	files, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(t), "graph", "testdata", "*.graph.json"))
	dir := t.TempDir()
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.graph.json"), []byte("{\n  \"article\": [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := pipeline.Options{Paths: []string{dir}, Loader: l}
	s, err := pipeline.RunJSON(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if s.Articles != len(files) || len(s.Skipped) != 1 {
		t.Fatalf("RunJSON = %+v, want %d articles and bad.graph.json skipped", s, len(files))
	}
	if n := count(t, db, "MATCH (a:Article) RETURN count(a)", nil); int(n) != len(files) {
		t.Errorf("%d Article nodes, want %d", n, len(files))
	}
	s, err = pipeline.RunJSON(t.Context(), opts)
	if err != nil || s.Unchanged != len(files) || s.Articles != 0 {
		t.Errorf("second RunJSON = %+v, %v; want %d unchanged", s, err, len(files))
	}
}

// TestRunChunks loads the examples in chunks of two: extraction of a chunk
// overlaps the load of the one before, yet every chunk is loaded once and
// counted, and cancelling after the first load stops the rest.
func TestRunChunks(t *testing.T) {
	db, l, ex := setup(t)
	var done []int
	opts := pipeline.Options{Paths: []string{filepath.Join(testenv.RepoRoot(t), "examples")}, Extractor: ex, Loader: l, ChunkSize: 2,
		Progress: func(p load.Progress) { done = append(done, p.Done) }}
	s, err := pipeline.Run(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	articles := count(t, db, "MATCH (a:Article) RETURN count(a)", nil)
	if articles < 5 || int(articles) != s.Articles {
		t.Errorf("%d Article nodes, summary %d articles; want the same, at least 5", articles, s.Articles)
	}
	if len(done) < 3 || !slices.IsSorted(done) || done[len(done)-1] != s.Articles+s.Unchanged+len(s.Skipped) {
		t.Errorf("progress reports %v for %+v, want one per chunk of two, ending at all articles", done, s)
	}

	if _, err := db.Run(t.Context(), "MATCH (n) DETACH DELETE n", nil, false); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	opts.Progress = func(load.Progress) { cancel() }
	s, err = pipeline.Run(ctx, opts)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Run error = %v, want context.Canceled", err)
	}
	if n := count(t, db, "MATCH (a:Article) RETURN count(a)", nil); n == 0 || n > 2 || int(n) != s.Articles {
		t.Errorf("cancelled after the first chunk: %d Article nodes, summary %d articles; want the first chunk's, in both", n, s.Articles)
	}
}
