package schedule

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/load"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
)

// patternExtractor is a small deterministic extractor for these tests (a
// pure seam: no database behind it): every sentence "A met B." between two
// capitalised names yields Country entities and a MEETS relation, so the
// tests can say exactly which facts an article version must leave in the
// graph. The real extractor runs in cmd/dipgraph's end-to-end test.
type patternExtractor struct{}

var _ Extractor = patternExtractor{}

var meetRE = regexp.MustCompile(`\b([A-Z][a-z]+) met ([A-Z][a-z]+)\b[^.]*\.`)

func (patternExtractor) Extract(ctx context.Context, a article.Article) (extract.Document, error) {
	if err := ctx.Err(); err != nil {
		return extract.Document{}, err
	}
	doc := extract.Document{Article: extract.Meta(a), Entities: []extract.Entity{}, Relations: []extract.Relation{}}
	seen := map[string]bool{}
	for _, m := range meetRE.FindAllStringSubmatch(a.Text, -1) {
		for _, name := range m[1:3] {
			if !seen[name] {
				seen[name] = true
				doc.Entities = append(doc.Entities, extract.Entity{Type: extract.TypeCountry, Name: name, Mentions: 1})
			}
		}
		doc.Relations = append(doc.Relations, extract.Relation{Type: extract.RelMeets, Source: m[1], Target: m[2], Evidence: m[0], Confidence: 0.9})
	}
	doc.Sort()
	return doc, nil
}

// newTestRunner returns a Runner on the test database with the real
// loader and the pattern extractor.
func newTestRunner(t *testing.T, db *graph.DB, opts Options) *Runner {
	t.Helper()
	if opts.Metrics == nil {
		opts.Metrics = NewMetrics()
	}
	if opts.Owner == "" {
		opts.Owner = "test:" + t.Name()
	}
	if opts.Backoff == 0 {
		opts.Backoff = 10 * time.Millisecond
	}
	r, err := New(db, load.New(db, load.Options{Workers: 2}), patternExtractor{}, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := r.Prepare(t.Context()); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	return r
}

// count runs a counting query.
func count(t *testing.T, db *graph.DB, cypher string, params map[string]any) int64 {
	t.Helper()
	res, err := db.Run(t.Context(), cypher, params, true)
	if err != nil {
		t.Fatalf("%s: %v", cypher, err)
	}
	n, _ := res.Rows[0][0].(int64)
	return n
}

// meets lists the MEETS pairs in the graph as "A-B" (names in order) with
// their source article keys.
func meets(t *testing.T, db *graph.DB) map[string][]string {
	t.Helper()
	res, err := db.Run(t.Context(), `MATCH (a)-[r:MEETS]->(b)
RETURN CASE WHEN a.name < b.name THEN a.name + '-' + b.name ELSE b.name + '-' + a.name END AS pair, r.sources AS sources`, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, row := range res.Rows {
		var srcs []string
		for _, s := range row[1].([]any) {
			srcs = append(srcs, s.(string))
		}
		out[row[0].(string)] = srcs
	}
	return out
}

// graphCounts returns the numbers of nodes and relationships.
func graphCounts(t *testing.T, db *graph.DB) (nodes, rels int64) {
	t.Helper()
	return count(t, db, "MATCH (n) WHERE NOT n:Source RETURN count(n)", nil), count(t, db, "MATCH ()-[r]->() RETURN count(r)", nil)
}

// resultOf finds the result for source name.
func resultOf(t *testing.T, results []Result, name string) Result {
	t.Helper()
	for _, r := range results {
		if r.Source == name {
			return r
		}
	}
	t.Fatalf("no result for source %s in %+v", name, results)
	return Result{}
}

// wantCounts checks a result's outcome and article counts.
func wantCounts(t *testing.T, step string, res Result, outcome Outcome, loaded, replaced, skipped, failed int) {
	t.Helper()
	if res.Outcome != outcome || res.Loaded != loaded || res.Replaced != replaced || res.Skipped != skipped || res.Failed != failed {
		t.Errorf("%s: source %s = %s loaded %d replaced %d skipped %d failed %d (err %v, %s); want %s %d %d %d %d",
			step, res.Source, res.Outcome, res.Loaded, res.Replaced, res.Skipped, res.Failed, res.Err, res.Message,
			outcome, loaded, replaced, skipped, failed)
	}
}

func newJSONLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func newLoader(db *graph.DB) *load.Loader { return load.New(db, load.Options{Workers: 2}) }

// neo4jWipe empties the database mid-test (the lock is already held).
func neo4jWipe(t *testing.T, db *graph.DB) {
	t.Helper()
	if _, err := db.Run(t.Context(), "MATCH (n) DETACH DELETE n", nil, false); err != nil {
		t.Fatal(err)
	}
}

// testConn is the test Neo4j (wiped, locked for this test).
func testConn(t *testing.T) neo4jtest.Conn {
	t.Helper()
	return neo4jtest.Require(t)
}

// hostPort returns the host:port of a bolt:// or neo4j:// URI.
func hostPort(t *testing.T, uri string) string {
	t.Helper()
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" {
		t.Fatalf("test Neo4j URI %q: %v", uri, err)
	}
	if u.Port() == "" {
		return u.Host + ":7687"
	}
	return u.Host
}
