package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph/load"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
)

func useTestNeo4j(t *testing.T) {
	t.Helper()
	c := neo4jtest.Require(t)
	isolateConfig(t)
	t.Setenv("NEO4J_URI", c.URI)
	t.Setenv("NEO4J_USERNAME", c.Username)
	t.Setenv("NEO4J_PASSWORD", c.Password)
	t.Setenv("NEO4J_DATABASE", c.Database)
}

func decodeSummary(t *testing.T, out string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, out)
	}
	return m
}

// TestLoadCmd: load, reload (unchanged), a bad input (exit 3), dry run,
// forget by id, schema listing.
func TestLoadCmd(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("..", "..", "examples", "istanbul-talks-2025-05-16.txt"))
	if err != nil {
		t.Fatal(err)
	}
	useTestNeo4j(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "seed.txt"), seed, 0o644); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runCLI(t, "", "load", dir, "--format", "json")
	if code != 0 {
		t.Fatalf("load: exit %d\n%s", code, errOut)
	}
	if m := decodeSummary(t, out); m["articles"] != 1.0 || m["rels_created"].(float64) < 10 {
		t.Errorf("load summary = %v, want 1 article and its relationships", m)
	}
	code, out, _ = runCLI(t, "", "load", dir, "--format", "json")
	if m := decodeSummary(t, out); code != 0 || m["unchanged"] != 1.0 || m["articles"] != 0.0 {
		t.Errorf("reload: exit %d, summary %v; want 0 and 1 unchanged", code, m)
	}
	code, out, _ = runCLI(t, "", "load", dir, "--format", "table")
	if code != 0 || !strings.Contains(out, "articles:       0 loaded (0 new, 0 replaced), 1 unchanged") || !strings.Contains(out, "elapsed:") {
		t.Errorf("table summary (exit %d):\n%s", code, out)
	}

	if err := os.WriteFile(filepath.Join(dir, "bad.jsonl"), []byte("{\"id\": 1, \"text\":\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCLI(t, "", "load", dir, "--format", "json", "--dry-run")
	if code != 3 || !strings.Contains(errOut, "bad.jsonl") {
		t.Errorf("dry run with a bad input: exit %d, stderr %q; want 3 naming bad.jsonl", code, errOut)
	}
	if m := decodeSummary(t, out); m["dry_run"] != true || len(m["skipped"].([]any)) != 1 {
		t.Errorf("dry-run summary = %v", m)
	}

	code, out, errOut = runCLI(t, "", "forget", "seed", "--format", "json")
	if m := decodeSummary(t, out); code != 0 || m["forgotten"] != 1.0 {
		t.Errorf("forget: exit %d, %v, %s", code, m, errOut)
	}
	code, _, errOut = runCLI(t, "", "forget", "no-such-article")
	if code != 3 || !strings.Contains(errOut, "no-such-article") {
		t.Errorf("forget unknown: exit %d, stderr %q; want 3", code, errOut)
	}

	code, out, _ = runCLI(t, "", "schema", "--format", "csv")
	if code != 0 || !strings.Contains(out, "article_key,constraint,UNIQUENESS,Article,key,ONLINE,true") {
		t.Errorf("schema: exit %d\n%s", code, out)
	}
}

func TestLoadCmdUsage(t *testing.T) {
	isolateConfig(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"nothing", []string{"load"}, "give at least one PATH"},
		{"both", []string{"load", "x", "--from-json", "y"}, "not both"},
		{"format", []string{"load", "x", "--format", "csv"}, "want table or json"},
		{"forget both", []string{"forget", "a", "--source", "s"}, "not both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NEO4J_URI", "bolt://127.0.0.1:1")
			code, _, errOut := runCLI(t, "", tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
			}
		})
	}
}

// TestLoadCmdUnreachable: no server → exit 4 with a hint.
func TestLoadCmdUnreachable(t *testing.T) {
	isolateConfig(t)
	t.Setenv("NEO4J_URI", "bolt://127.0.0.1:1")
	t.Setenv("NEO4J_PASSWORD", "whatever1")
	t.Setenv("DIPGRAPH_NEO4J_CONNECT_TIMEOUT", "2s")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Talks\n2025-01-01\n\nNorland met Sudmark.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "", "load", dir)
	if code != 4 || !strings.Contains(errOut, "unreachable") || !strings.Contains(errOut, "retrying in 1s") || !strings.Contains(errOut, "retrying in 4s") {
		t.Errorf("load with no server: exit %d, stderr %q; want 4 after retries 1s, 2s, 4s apart", code, errOut)
	}
}

// TestProgressRedraws checks that the progress line keeps its clock moving
// between reports, and that nothing is drawn after done.
func TestProgressRedraws(t *testing.T) {
	var buf syncBuffer
	clock := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	a := &app{stderr: &buf, stderrTTY: true, now: func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Second)
		return clock
	}}
	p := a.progressBar("load")
	p.tick = time.Millisecond
	p.update(load.Progress{Done: 10, Total: 20, RelationRows: 7})
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(buf.String(), "\r") < 5 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	p.printf("dipgraph: skipped %s\n", "x.txt")
	p.done()
	out := buf.String()
	if n := strings.Count(out, "\r"); n < 5 {
		t.Fatalf("%d draws in 10 s with a 1 ms tick, want at least 5:\n%q", n, out)
	}
	if !strings.Contains(out, "load: 10/20 articles, 7 relationship rows") || !strings.Contains(out, "\ndipgraph: skipped x.txt\n") {
		t.Errorf("progress output = %q", out)
	}
	time.Sleep(20 * time.Millisecond)
	if after := buf.String(); after != out {
		t.Errorf("drawn after done: %q", after[len(out):])
	}
	if !strings.HasSuffix(out, "\n") {
		t.Errorf("output does not end the line: %q", out)
	}
}
