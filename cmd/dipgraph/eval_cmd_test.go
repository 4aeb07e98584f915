package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// evalTestdata is the scorer's own testdata: six gold graphs, five
// predictions (one malformed), golden table and JSON.
func evalTestdata(t *testing.T) (gold, pred, table, js string) {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "extract", "eval", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	return filepath.Join(dir, "gold"), filepath.Join(dir, "pred"), read("score.golden.txt"), read("score.golden.json")
}

// evalCLI runs dipgraph with the user's config and DIPGRAPH_* settings kept
// out, from an empty working directory.
func evalCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "DIPGRAPH_") && !strings.HasPrefix(k, "DIPGRAPH_TEST_") {
			t.Setenv(k, "")
		}
	}
	t.Chdir(t.TempDir())
	var out, errb bytes.Buffer
	code = run(t.Context(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestEvalCmd(t *testing.T) {
	gold, pred, table, js := evalTestdata(t)
	headline := "articles=6 missing=2 entity_f1=0.708 relation_f1=0.704 core_f1=0.643 relaxed_f1=0.723 split=1/17"
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string // exact, when not ""
		stderrHas  []string
		stdoutHas  string
		stderrNone string
	}{
		{name: "table", args: []string{"eval", gold, pred}, stdout: table,
			stderrHas: []string{"echo.graph.json: not a valid article graph"}},
		{name: "format json", args: []string{"eval", gold, pred, "--format", "json"}, stdout: js,
			stderrHas: []string{headline}},
		{name: "json alias", args: []string{"eval", "--json", gold, pred}, stdout: js},
		{name: "gold files one by one", args: []string{"eval", filepath.Join(gold, "alpha.graph.json"), filepath.Join(gold, "delta.graph.json"), pred},
			stdoutHas: "articles=2 missing=1 "},
		{name: "thresholds met", args: []string{"eval", gold, pred, "--min-entity-f1", "0.7", "--min-relation-f1", "0.7"}, stdout: table},
		{name: "entity threshold missed", args: []string{"eval", gold, pred, "--min-entity-f1", "0.71"}, code: 1, stdout: table,
			stderrHas: []string{"entity micro-F1 0.708 is below --min-entity-f1 0.71"}, stderrNone: "relation micro-F1"},
		{name: "both thresholds missed", args: []string{"eval", gold, pred, "--min-entity-f1=0.9", "--min-relation-f1=0.9"}, code: 1,
			stderrHas: []string{"entity micro-F1 0.708", "relation micro-F1 0.704 is below --min-relation-f1 0.9"}},
		{name: "bad format", args: []string{"eval", gold, pred, "--format", "csv"}, code: 2, stderrHas: []string{`--format "csv": want table or json`}},
		{name: "json conflicts with format table", args: []string{"eval", gold, pred, "--json", "--format", "table"}, code: 2, stderrHas: []string{"--json conflicts"}},
		{name: "pred dir missing", args: []string{"eval", gold, filepath.Join(gold, "nope")}, code: 2, stderrHas: []string{"not a directory", "--extract"}},
		{name: "out needs extract", args: []string{"eval", gold, pred, "--out", "x"}, code: 2, stderrHas: []string{"--out"}},
		{name: "no arguments", args: []string{"eval"}, code: 2},
		{name: "no gold files", args: []string{"eval", pred + "/..", pred}, code: 1, stderrHas: []string{"no gold files"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := evalCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstderr: %s", code, tt.code, stderr)
			}
			if tt.stdout != "" && stdout != tt.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout, tt.stdout)
			}
			if !strings.Contains(stdout, tt.stdoutHas) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdoutHas, stdout)
			}
			for _, s := range tt.stderrHas {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			if tt.stderrNone != "" && strings.Contains(stderr, tt.stderrNone) {
				t.Errorf("stderr has %q:\n%s", tt.stderrNone, stderr)
			}
		})
	}
}

// A gold file that cannot be read or scored is reported and left out; the
// rest is scored and the exit status is 3.
func TestEvalCmdBadGold(t *testing.T) {
	gold, pred, _, _ := evalTestdata(t)
	dir := t.TempDir()
	for _, name := range []string{"alpha.graph.json", "bravo.graph.json"} {
		b, err := os.ReadFile(filepath.Join(gold, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		"broken.graph.json":   `{"entities": [`,
		"dangling.graph.json": `{"article": {"id": "dangling"}, "entities": [{"type": "Country", "name": "Chad"}], "relations": [{"type": "MEETS", "source": "Chad", "target": "Niger"}]}`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := evalCLI(t, "eval", dir, pred)
	if code != 3 {
		t.Errorf("exit %d, want 3; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "articles=2 missing=0 ") {
		t.Errorf("want alpha and bravo scored:\n%s", stdout)
	}
	for _, s := range []string{"broken.graph.json: not a valid article graph", "dangling.graph.json: gold dangling: relation endpoint not an entity"} {
		if !strings.Contains(stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, stderr)
		}
	}
}

// Extract-and-score: the seed article beside a gold graph written for this
// test, another gold graph with no article beside it.
func TestEvalCmdExtract(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("..", "..", "examples", "istanbul-talks-2025-05-16.txt"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	const goldDoc = `{"article": {"id": "istanbul-talks-2025-05-16"},
  "entities": [
    {"type": "Country", "name": "Russia", "aliases": ["Russian", "Moscow"]},
    {"type": "Country", "name": "Ukraine", "aliases": ["Ukrainian", "Kyiv"]},
    {"type": "Country", "name": "Turkey", "aliases": ["Turkish", "Türkiye"]},
    {"type": "Venue", "name": "Istanbul", "country": "Turkey"}
  ],
  "relations": [
    {"type": "MEETS", "source": "Russia", "target": "Ukraine"},
    {"type": "MEETS_IN", "source": "Russia", "target": "Istanbul"}
  ]}`
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("istanbul-talks-2025-05-16.txt", string(seed))
	write("istanbul-talks-2025-05-16.graph.json", goldDoc)
	write("orphan.graph.json", `{"entities": [{"type": "Country", "name": "Chad"}]}`)
	out := filepath.Join(t.TempDir(), "pred")

	for _, args := range [][]string{
		{"eval", "--extract", dir, "--out", out, "--format", "json"},
		{"eval", dir, "--out", out, "--format", "json"}, // one argument: extract mode
	} {
		code, stdout, stderr := evalCLI(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		var sum struct {
			Articles int                       `json:"articles"`
			Missing  int                       `json:"missing_predictions"`
			Entity   map[string]map[string]any `json:"entity"`
		}
		if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stdout)
		}
		if sum.Articles != 2 || sum.Missing != 1 {
			t.Errorf("%v: articles=%d missing=%d, want 2 and 1 (the orphan)", args, sum.Articles, sum.Missing)
		}
		if !strings.Contains(stderr, "orphan.graph.json: no article beside it") {
			t.Errorf("%v: stderr lacks the orphan:\n%s", args, stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, "istanbul-talks-2025-05-16.graph.json"))
		if err != nil {
			t.Fatalf("%v: prediction not written: %v", args, err)
		}
		if !json.Valid(b) {
			t.Errorf("%v: written prediction is not JSON", args)
		}
		if _, err := os.Stat(filepath.Join(out, "orphan.graph.json")); err == nil {
			t.Errorf("%v: wrote a prediction for the orphan", args)
		}
	}
}
