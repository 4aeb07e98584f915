package queries_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/dipgraph/dipgraph/internal/worldtest"
	"github.com/dipgraph/dipgraph/queries"
)

var update = flag.Bool("update", false, "rewrite the want.json sections of testdata/*.txtar from the current results")

// TestQueries runs every query of every pack against the test world
// (testdata/world: articles → extractor → loader) and compares the rows
// with testdata/<query>.txtar. Each archive holds cases: params.json and
// want.json, plus <case>/params.json and <case>/want.json for more.
// Parameters are strings, as on the command line.
func TestQueries(t *testing.T) {
	c, err := queries.Load(queries.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	for _, p := range paths {
		files[strings.TrimSuffix(filepath.Base(p), ".txtar")] = p
	}
	for _, name := range c.Names() {
		if files[name] == "" {
			t.Errorf("query %s has no testdata/%s.txtar", name, name)
		}
	}
	for name, p := range files {
		if _, ok := c.Get(name); !ok {
			t.Errorf("%s: no query %s", p, name)
		}
	}
	db, _ := worldtest.Open(t)
	ctx := t.Context()
	for _, name := range c.Names() {
		p := files[name]
		if p == "" {
			continue
		}
		q, _ := c.Get(name)
		ar, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		changed := false
		for _, cs := range cases(t, p, ar) {
			t.Run(name+"/"+cs.name, func(t *testing.T) {
				params, err := q.Bind(cs.params)
				if err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				res, err := queries.Run(ctx, db, q, params, 30*time.Second)
				if err != nil {
					t.Fatalf("%s %s: %v", name, cs.name, err)
				}
				got := render(res)
				if got == string(ar.Files[cs.want].Data) {
					return
				}
				if *update {
					ar.Files[cs.want].Data = []byte(got)
					changed = true
					return
				}
				t.Errorf("%s: query %s with %v: rows differ\n--- want\n%s--- got\n%s(go test ./queries -run 'TestQueries/%s' -update accepts them)",
					p, name, cs.params, ar.Files[cs.want].Data, got, name)
			})
		}
		if changed {
			if err := os.WriteFile(p, txtar.Format(ar), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

type testCase struct {
	name   string
	params map[string]string
	want   int // index of the want file in the archive
}

func cases(t *testing.T, path string, ar *txtar.Archive) []testCase {
	t.Helper()
	idx := map[string]int{}
	for i, f := range ar.Files {
		idx[f.Name] = i
	}
	var out []testCase
	for _, f := range ar.Files {
		if f.Name != "params.json" && !strings.HasSuffix(f.Name, "/params.json") {
			continue
		}
		prefix := strings.TrimSuffix(f.Name, "params.json")
		name := strings.TrimSuffix(prefix, "/")
		if name == "" {
			name = "default"
		}
		var params map[string]string
		if err := json.Unmarshal(f.Data, &params); err != nil {
			t.Fatalf("%s: %s: %v", path, f.Name, err)
		}
		w, ok := idx[prefix+"want.json"]
		if !ok {
			if !*update {
				t.Fatalf("%s: %s has no %swant.json", path, f.Name, prefix)
			}
			ar.Files = append(ar.Files, txtar.File{Name: prefix + "want.json"})
			w = len(ar.Files) - 1
			idx[prefix+"want.json"] = w
		}
		out = append(out, testCase{name: name, params: params, want: w})
	}
	if len(out) == 0 {
		t.Fatalf("%s: no params.json", path)
	}
	return out
}

// render prints rows as a JSON array, one object per line, keys in column
// order, so that goldens diff line by line.
func render(res *queries.Result) string {
	if len(res.Rows) == 0 {
		return "[]\n"
	}
	var b strings.Builder
	b.WriteString("[\n")
	for i, row := range res.Rows {
		b.WriteString("  {")
		for j, col := range res.Columns {
			if j > 0 {
				b.WriteString(", ")
			}
			k, _ := json.Marshal(col)
			b.Write(k)
			b.WriteString(": ")
			b.Write(marshal(plain(row[j])))
		}
		b.WriteString("}")
		if i < len(res.Rows)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	return b.String()
}

func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return []byte(fmt.Sprintf("%q", fmt.Sprint(v)))
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// plain turns driver values into JSON values; floats are rounded to six
// places so goldens do not depend on float formatting noise.
func plain(v any) any {
	switch x := v.(type) {
	case dbtype.Date:
		return time.Time(x).Format("2006-01-02")
	case dbtype.Node:
		return map[string]any{"labels": x.Labels, "name": x.Props["name"]}
	case float64:
		return float64(int64(x*1e6+0.5)) / 1e6
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make(map[string]any, len(x))
		for _, k := range keys {
			out[k] = plain(x[k])
		}
		return out
	}
	return v
}

func TestRunTimeout(t *testing.T) {
	db, _ := worldtest.Open(t)
	q, err := queries.Parse("slow.cypher", "// name: slow\n// title: Slow\nUNWIND range(1, 100000000) AS i WITH i WHERE i % 7 = 0 RETURN count(*) AS n\n")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = queries.Run(t.Context(), db, q, map[string]any{}, 200*time.Millisecond)
	var te *queries.TimeoutError
	if !errorsAs(err, &te) {
		t.Fatalf("Run(slow, 200ms) error = %v, want *TimeoutError", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Run(slow, 200ms) returned after %s", d)
	}
	// The connection pool is still usable afterwards.
	q2, _ := queries.Parse("one.cypher", "// name: one\n// title: One\nRETURN 1 AS one\n")
	res, err := queries.Run(context.Background(), db, q2, nil, time.Second)
	if err != nil || len(res.Rows) != 1 {
		t.Fatalf("Run after a timeout: %v, %v", res, err)
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// TestPlansAnchorOnAlias checks that every query naming an actor starts
// from the Alias uniqueness index and scans no label or the whole graph,
// so its cost follows the actor's neighbourhood, not the graph's size.
func TestPlansAnchorOnAlias(t *testing.T) {
	db, c := worldtest.Open(t)
	cat, err := queries.Load(queries.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for _, q := range cat.List() {
		actor := false
		for _, p := range q.Params {
			if p.Required && p.Type == queries.String && strings.Contains(q.Cypher, "toLower(trim($"+p.Name+"))") {
				actor = true
			}
		}
		if !actor {
			continue
		}
		params, err := q.Bind(q.Example)
		if err != nil {
			t.Fatalf("%s: %v", q.Name, err)
		}
		s := db.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: c.Database, AccessMode: neo4j.AccessModeRead})
		// PROFILE, not EXPLAIN: the driver's Plan.Children (v5.28) returns
		// the last child for every child; ProfiledPlan.Children is right.
		res, err := s.Run(ctx, "PROFILE "+q.Cypher, params)
		if err != nil {
			s.Close(ctx)
			t.Fatalf("PROFILE %s: %v", q.Name, err)
		}
		sum, err := res.Consume(ctx)
		s.Close(ctx)
		if err != nil {
			t.Fatalf("PROFILE %s: %v", q.Name, err)
		}
		var ops []string
		var walk func(p neo4j.ProfiledPlan)
		walk = func(p neo4j.ProfiledPlan) {
			op := strings.SplitN(p.Operator(), "@", 2)[0]
			if d, ok := p.Arguments()["Details"].(string); ok && strings.HasPrefix(op, "NodeUniqueIndexSeek") {
				op += " " + d
			}
			ops = append(ops, op)
			for _, ch := range p.Children() {
				walk(ch)
			}
		}
		walk(sum.Profile())
		plan := strings.Join(ops, "\n")
		if !strings.Contains(plan, "NodeUniqueIndexSeek") || !strings.Contains(plan, ":Alias(name)") {
			t.Errorf("%s does not start from the Alias index:\n%s", q.Name, plan)
		}
		for _, bad := range []string{"AllNodesScan", "NodeByLabelScan", "DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan"} {
			if strings.Contains(plan, bad) {
				t.Errorf("%s plan has %s:\n%s", q.Name, bad, plan)
			}
		}
	}
}
