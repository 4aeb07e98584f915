package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/internal/worldtest"
)

func TestNewQueryRunCmd(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    queryRunOptions
		wantErr string
	}{
		{"params", []string{"timeline", "--param", "actor=Türkiye", "-p", "from=2025-01-01", "--format", "csv"},
			queryRunOptions{name: "timeline", params: []string{"actor=Türkiye", "from=2025-01-01"}, format: "csv"}, ""},
		{"no name", []string{}, queryRunOptions{}, "accepts 1 arg"},
		{"bad param", []string{"timeline", "--param", "actor"}, queryRunOptions{}, `--param "actor": want name=value`},
		{"twice", []string{"timeline", "-p", "actor=a", "-p", "actor=b"}, queryRunOptions{}, "--param actor given twice"},
		{"bad format", []string{"timeline", "--format", "xml"}, queryRunOptions{}, `--format "xml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &app{}
			var got queryRunOptions
			cmd := newQueryRunCmdWith(a, func(_ context.Context, o queryRunOptions) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(&strings.Builder{})
			cmd.SetErr(&strings.Builder{})
			err := cmd.Execute()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("query run %q: error %v, want %q", tt.args, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("query run %q: %v", tt.args, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("query run %q: options %+v, want %+v", tt.args, got, tt.want)
			}
		})
	}
}

func TestQueryListShow(t *testing.T) {
	isolateConfig(t)
	code, out, errs := runCLI(t, "", "query", "list", "--format", "json")
	if code != 0 {
		t.Fatalf("query list: exit %d: %s", code, errs)
	}
	names := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var row struct{ Name, Pack, Params, Title string }
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatalf("query list: line %q: %v", line, err)
		}
		names[row.Name] = true
	}
	for _, want := range []string{"mediators-between", "top-mediators", "proposals-by", "rejection-chains", "talks", "timeline",
		"top-venues", "representatives", "common-partners", "path", "new-actors", "conflicting-signals", "evidence"} {
		if !names[want] {
			t.Errorf("query list lacks %s", want)
		}
	}
	code, out, _ = runCLI(t, "", "query", "list", "--pack", "talks", "--format", "csv")
	if code != 0 || out != "name,pack,params,title\n"+
		"talks,talks,\"[venue], [from], [to], [min_confidence=0], [limit=100]\",\"Talks: who met where, led by whom\"\n"+
		"top-venues,talks,\"[from], [to], [min_confidence=0], [limit=100]\",Top venues\n" {
		t.Errorf("query list --pack talks: exit %d\n%s", code, out)
	}
	if code, _, errs := runCLI(t, "", "query", "list", "--pack", "nope"); code != exitUsage || !strings.Contains(errs, `no pack "nope"`) {
		t.Errorf("query list --pack nope: exit %d, %s", code, errs)
	}
	code, out, _ = runCLI(t, "", "query", "show", "evidence")
	if code != 0 || !strings.HasPrefix(out, "// name: evidence\n") || !strings.Contains(out, "LIMIT $limit\n") {
		t.Errorf("query show evidence: exit %d\n%s", code, out)
	}
	if code, _, errs := runCLI(t, "", "query", "show", "nope"); code != exitUsage || !strings.Contains(errs, `no query "nope"`) {
		t.Errorf("query show nope: exit %d, %s", code, errs)
	}
}

// TestQueryRunUsage checks parameter errors exit 2 before any connection is
// attempted (no Neo4j is configured here).
func TestQueryRunUsage(t *testing.T) {
	isolateConfig(t)
	t.Setenv("NEO4J_URI", "bolt://127.0.0.1:1")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"query", "run", "mediators-between", "--param", "a=Russia"}, "missing parameter b"},
		{[]string{"query", "run", "timeline", "--param", "actor=X", "--param", "actr=Y"}, `unknown parameter "actr"`},
		{[]string{"query", "run", "timeline", "--param", "actor=X", "--param", "from=May"}, `from: "May" is not a date: want YYYY-MM-DD`},
		{[]string{"query", "run", "timeline", "--param", "actor=X", "--limit", "0"}, "queries.limit"},
		{[]string{"query", "run", "nope"}, `no query "nope"`},
	}
	for _, tt := range tests {
		code, _, errs := runCLI(t, "", tt.args...)
		if code != exitUsage || !strings.Contains(errs, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and %q", tt.args, code, errs, tt.want)
		}
	}
}

func TestQueryUserDir(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "mine"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("mine/hello.cypher", "// name: hello\n// title: Say hello\n// param: who string -- whom\n// example: who=world\nRETURN 'hello ' + $who AS greeting\n")
	write("broken.cypher", "// name: broken\n// title: Broken\nRETURN $x\n")
	t.Setenv("DIPGRAPH_QUERIES_DIR", dir)
	code, out, errs := runCLI(t, "", "query", "list", "--pack", "mine", "--format", "csv")
	if code != 0 || out != "name,pack,params,title\nhello,mine,who,Say hello\n" {
		t.Errorf("query list with queries.dir: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(errs, "warning: skipped query file: "+filepath.Join(dir, "broken.cypher")+": query broken uses $x") {
		t.Errorf("no warning naming the broken file: %q", errs)
	}
	t.Setenv("DIPGRAPH_QUERIES_DIR", filepath.Join(dir, "missing"))
	if code, _, errs := runCLI(t, "", "query", "list"); code != exitUsage || !strings.Contains(errs, "queries.dir") {
		t.Errorf("query list with a missing queries.dir: exit %d, %s", code, errs)
	}
}

// TestQueryRun runs pack queries end to end against the test world.
func TestQueryRun(t *testing.T) {
	_, c := worldtest.Open(t)
	isolateConfig(t)
	t.Setenv("NEO4J_URI", c.URI)
	t.Setenv("NEO4J_USERNAME", c.Username)
	t.Setenv("NEO4J_PASSWORD", c.Password)
	t.Setenv("NEO4J_DATABASE", c.Database)
	code, out, errs := runCLI(t, "", "query", "run", "mediators-between", "--param", "a=Moscow", "--param", "b=Kyiv", "--format", "csv")
	if code != 0 {
		t.Fatalf("query run mediators-between: exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 || lines[0] != "mediator,type,articles,first_seen,last_seen,evidence" ||
		!strings.HasPrefix(lines[1], "Turkey,Country,2,2025-05-16,2025-06-02,") {
		t.Errorf("query run mediators-between:\n%s", out)
	}
	code, out, errs = runCLI(t, "", "query", "run", "timeline", "--param", "actor=Erdogan", "--limit", "2", "--format", "json")
	if code != 0 || strings.Count(out, "\n") != 2 || !strings.Contains(out, `"actor":"Recep Tayyip Erdoğan"`) {
		t.Errorf("query run timeline --limit 2: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "", "query", "run", "summary", "--format", "table")
	if code != 0 || !strings.Contains(out, "node          Article       7") {
		t.Errorf("query run summary --format table: exit %d\n%s", code, out)
	}
}
