package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/internal/neo4jtest"
)

// runCLI runs dipgraph with args as main does and returns the exit code,
// stdout and stderr. The environment is the test's (use t.Setenv); no
// user config file is read.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(t.Context(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// isolateConfig keeps the developer's own config file and DIPGRAPH_*
// settings out of a test.
func isolateConfig(t *testing.T) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "DIPGRAPH_") && !strings.HasPrefix(k, "DIPGRAPH_TEST_") || strings.HasPrefix(k, "NEO4J_") {
			t.Setenv(k, "")
		}
	}
	t.Chdir(t.TempDir()) // no ./dipgraph.yaml
}

func TestParseParams(t *testing.T) {
	tests := []struct {
		name    string
		in      []string
		want    map[string]any
		wantErr string
	}{
		{"none", nil, map[string]any{}, ""},
		{"integer", []string{"n=42"}, map[string]any{"n": int64(42)}, ""},
		{"negative float", []string{"x=-1.5e2"}, map[string]any{"x": -150.0}, ""},
		{"big integer stays exact", []string{"n=9007199254740993"}, map[string]any{"n": int64(9007199254740993)}, ""},
		{"booleans and null", []string{"a=true", "b=false", "c=null"}, map[string]any{"a": true, "b": false, "c": nil}, ""},
		{"list", []string{`xs=[1,"two",3.5]`}, map[string]any{"xs": []any{int64(1), "two", 3.5}}, ""},
		{"map", []string{`m={"k":{"n":1}}`}, map[string]any{"m": map[string]any{"k": map[string]any{"n": int64(1)}}}, ""},
		{"bare string", []string{"name=Recep Tayyip Erdoğan"}, map[string]any{"name": "Recep Tayyip Erdoğan"}, ""},
		{"JSON string", []string{`id="42"`}, map[string]any{"id": "42"}, ""},
		{"value with =", []string{"q=a=b"}, map[string]any{"q": "a=b"}, ""},
		{"empty value", []string{"e="}, map[string]any{"e": ""}, ""},
		{"trailing garbage is a string", []string{"v=1 2"}, map[string]any{"v": "1 2"}, ""},
		{"broken JSON is a string", []string{"v=[1,"}, map[string]any{"v": "[1,"}, ""},
		{"no =", []string{"name"}, nil, `--param "name": want name=value`},
		{"no name", []string{"=1"}, nil, "want name=value"},
		{"twice", []string{"a=1", "a=2"}, nil, "--param a given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseParams(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseParams(%q) error = %v, want %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseParams(%q): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseParams(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestNewCypherCmd(t *testing.T) {
	dir := t.TempDir()
	qfile := filepath.Join(dir, "q.cypher")
	tests := []struct {
		name    string
		args    []string
		want    cypherOptions
		wantErr string
	}{
		{"query argument", []string{"RETURN 1"}, cypherOptions{query: "RETURN 1", format: "json"}, ""},
		{"params, read, csv", []string{"RETURN $a", "--param", "a=1", "-p", "b=x", "--read", "--format", "csv"},
			cypherOptions{query: "RETURN $a", params: []string{"a=1", "b=x"}, read: true, format: "csv"}, ""},
		{"file", []string{"-f", qfile, "--format", "table"}, cypherOptions{file: qfile, format: "table"}, ""},
		{"neither", nil, cypherOptions{}, "either as an argument or with -f FILE"},
		{"both", []string{"RETURN 1", "-f", qfile}, cypherOptions{}, "not both"},
		{"bad format", []string{"RETURN 1", "--format", "xml"}, cypherOptions{}, `--format "xml"`},
		{"bad param", []string{"RETURN 1", "--param", "oops"}, cypherOptions{}, "want name=value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
			var got cypherOptions
			cmd := newCypherCmdWith(a, func(_ context.Context, o cypherOptions) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.ExecuteContext(t.Context())
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("cypher %q: error = %v, want %q", tt.args, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("cypher %q: %v", tt.args, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("cypher %q options = %+v, want %+v", tt.args, got, tt.want)
			}
		})
	}
}

// TestCypherRun runs the command end to end against the test Neo4j.
func TestCypherRun(t *testing.T) {
	c := neo4jtest.Require(t)
	isolateConfig(t)
	t.Setenv("NEO4J_URI", c.URI)
	t.Setenv("NEO4J_USERNAME", c.Username)
	t.Setenv("NEO4J_PASSWORD", c.Password)
	t.Setenv("NEO4J_DATABASE", c.Database)
	qfile := filepath.Join(t.TempDir(), "q.cypher")
	if err := os.WriteFile(qfile, []byte("UNWIND $xs AS x RETURN x, x * 2 AS double ORDER BY x"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		stdin    string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"json", "", []string{"cypher", "RETURN 40 + 2 AS answer", "--format", "json"}, 0, "{\"answer\":42}\n", ""},
		{"csv with params", "", []string{"cypher", "RETURN $name AS name, $n AS n, $xs AS xs", "-p", "name=Doha, Qatar", "-p", "n=7", "-p", "xs=[1,2]", "--format", "csv"},
			0, "name,n,xs\n\"Doha, Qatar\",7,\"[1,2]\"\n", ""},
		{"table", "", []string{"cypher", "RETURN 'a' AS x, 1 AS y", "--format", "table"}, 0, "x    y\n---  ---\na    1\n(1 row)\n", ""},
		{"file", "", []string{"cypher", "-f", qfile, "-p", "xs=[2,1]", "--format", "json"}, 0, "{\"x\":1,\"double\":2}\n{\"x\":2,\"double\":4}\n", ""},
		{"stdin", "RETURN 'piped' AS s", []string{"cypher", "-f", "-", "--format", "json"}, 0, "{\"s\":\"piped\"}\n", ""},
		{"write then read back", "", []string{"cypher", "CREATE (n:CypherCmdTest {v: $v}) RETURN n.v AS v", "-p", "v=5", "--format", "json"}, 0, "{\"v\":5}\n", ""},
		{"CALL IN TRANSACTIONS in auto-commit", "", []string{"cypher",
			"UNWIND range(1, 4) AS i CALL { WITH i CREATE (:CypherCmdTest {v: i}) } IN TRANSACTIONS OF 2 ROWS RETURN count(*) AS n", "--format", "json"},
			0, "{\"n\":4}\n", ""},
		{"read refuses writes", "", []string{"cypher", "CREATE (:CypherCmdTest)", "--read"}, 1, "", "Writing in read access mode not allowed"},
		{"syntax error", "", []string{"cypher", "RETURN nonsense("}, 1, "", "Neo.ClientError.Statement.SyntaxError"},
		{"empty file", "", []string{"cypher", "-f", "-"}, 2, "", "the query is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.stdin, tt.args...)
			if code != tt.wantCode {
				t.Fatalf("dipgraph %q: exit %d, want %d; stderr:\n%s", tt.args, code, tt.wantCode, errOut)
			}
			if tt.wantCode == 0 && out != tt.wantOut {
				t.Errorf("dipgraph %q stdout:\n%q\nwant:\n%q", tt.args, out, tt.wantOut)
			}
			if !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("dipgraph %q stderr lacks %q:\n%s", tt.args, tt.wantErr, errOut)
			}
		})
	}
}

// TestCypherWrongPassword checks the message and exit code a user sees.
// One wrong attempt only: Neo4j rate-limits failed logins.
func TestCypherWrongPassword(t *testing.T) {
	c := neo4jtest.Require(t)
	isolateConfig(t)
	t.Setenv("NEO4J_URI", c.URI)
	t.Setenv("NEO4J_USERNAME", c.Username)
	t.Setenv("NEO4J_PASSWORD", "definitely-not-the-password")
	code, out, errOut := runCLI(t, "", "cypher", "RETURN 1")
	if code != exitNeo4j {
		t.Errorf("exit %d, want %d", code, exitNeo4j)
	}
	if out != "" {
		t.Errorf("stdout = %q, want nothing", out)
	}
	for _, want := range []string{"neo4j authentication failed", `user "` + c.Username + `"`, c.URI,
		"refused the username or password", "hint: check neo4j.password (NEO4J_PASSWORD)"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "definitely-not-the-password") {
		t.Errorf("stderr shows the password:\n%s", errOut)
	}
}
