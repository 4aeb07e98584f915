package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/internal/neo4jtest"
)

// buildBinary builds dipgraph into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "dipgraph")
	cmd := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// writeCorpus writes n short articles of text written for this test.
func writeCorpus(t *testing.T, dir string, n int) {
	t.Helper()
	countries := []string{"Turkey", "Qatar", "Egypt", "Norway", "Switzerland", "Oman", "Brazil", "Kenya", "Indonesia", "Mexico"}
	cities := []string{"Ankara", "Doha", "Cairo", "Oslo", "Geneva", "Muscat", "Brasilia", "Nairobi", "Jakarta", "Mexico City"}
	for i := range n {
		a, b := countries[i%len(countries)], countries[(i/len(countries)+i+1)%len(countries)]
		if a == b {
			b = "Chile"
		}
		city := cities[(i*7)%len(cities)]
		text := fmt.Sprintf("Talks round %d in %s\n\n%s and %s held talks in %s on Monday, officials said. "+
			"The foreign minister of %s met her counterpart from %s in round %d of the dialogue.\n", i, city, a, b, city, a, b, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("round-%04d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// graphSize counts articles, all nodes but Source nodes, and relationships.
func graphSize(t *testing.T, c neo4jtest.Conn) (articles, nodes, rels int64) {
	t.Helper()
	ctx := context.Background()
	d, err := neo4j.NewDriverWithContext(c.URI, neo4j.BasicAuth(c.Username, c.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close(ctx)
	get := func(q string) int64 {
		res, err := neo4j.ExecuteQuery(ctx, d, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(c.Database))
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		n, _ := res.Records[0].Values[0].(int64)
		return n
	}
	return get("MATCH (a:Article) RETURN count(a)"), get("MATCH (n) WHERE NOT n:Source RETURN count(n)"), get("MATCH ()-[r]->() RETURN count(r)")
}

// sourceLease reads the lease owner of a Source node ("" when free).
func sourceLease(t *testing.T, c neo4jtest.Conn, name string) string {
	t.Helper()
	ctx := context.Background()
	d, err := neo4j.NewDriverWithContext(c.URI, neo4j.BasicAuth(c.Username, c.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, d, "MATCH (s:Source {name: $n}) RETURN coalesce(s.lease_owner, '')", map[string]any{"n": name}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(c.Database))
	if err != nil || len(res.Records) == 0 {
		return ""
	}
	s, _ := res.Records[0].Values[0].(string)
	return s
}

// TestScheduleSIGTERM runs `dipgraph schedule` as a subprocess on a
// directory of many articles and sends SIGTERM in the middle of the run:
// the process exits 0 within seconds and releases its lease. A `dipgraph
// sync` carries on; a second sync beside it is told the source is busy;
// SIGTERM stops the first with exit 143. A last sync completes the load
// with exactly the graph of one clean load: no duplicates, nothing
// half-loaded.
func TestScheduleSIGTERM(t *testing.T) {
	c := neo4jtest.Require(t)
	bin := buildBinary(t)
	work := t.TempDir()
	articles := filepath.Join(work, "articles")
	if err := os.Mkdir(articles, 0o755); err != nil {
		t.Fatal(err)
	}
	const n = 1200
	writeCorpus(t, articles, n)
	cfg := filepath.Join(work, "dipgraph.yaml")
	if err := os.WriteFile(cfg, []byte(`schedule:
  listen: "127.0.0.1:0"
  sources:
    - name: inbox
      type: dir
      path: `+articles+`
      schedule: "@every 1h"
load:
  # Small transactions, one at a time: a run lasts long enough to be
  # interrupted on purpose.
  batch_size: 40
  workers: 1
log:
  level: debug
  format: json
`), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "NEO4J_URI="+c.URI, "NEO4J_USERNAME="+c.Username, "NEO4J_PASSWORD="+c.Password, "NEO4J_DATABASE="+c.Database,
		"XDG_CONFIG_HOME="+work, "HOME="+work)
	dipgraph := func(ctx context.Context, args ...string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, bin, append([]string{"--config", cfg}, args...)...)
		cmd.Env, cmd.Dir = env, work
		return cmd
	}
	// Full-size transactions for the loads that are not interrupted.
	fast := func(cmd *exec.Cmd) *exec.Cmd {
		cmd.Env = append(cmd.Env, "DIPGRAPH_LOAD_BATCH_SIZE=2000", "DIPGRAPH_LOAD_WORKERS=2")
		return cmd
	}

	sched := dipgraph(t.Context(), "schedule")
	var stderr bytes.Buffer
	sched.Stderr = &stderr
	if err := sched.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- sched.Wait() }()
	t.Cleanup(func() { _ = sched.Process.Kill() })

	// Wait until the run is under way (the lease is held and articles are
	// coming in), then stop it.
	waitRun(t, c, 0, exited, &stderr)
	before, _, _ := graphSize(t, c)
	sent := time.Now()
	if err := sched.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("schedule after SIGTERM: %v (want exit 0)\n%s", err, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("schedule still running 15s after SIGTERM\n%s", stderr.String())
	}
	took := time.Since(sent)
	if took > 5*time.Second {
		t.Errorf("schedule took %s to exit after SIGTERM, want a few seconds", took)
	}
	interrupted, _, _ := graphSize(t, c)
	t.Logf("schedule: SIGTERM with %d of %d articles loaded; exited 0 after %s, %d loaded", before, n, took.Round(time.Millisecond), interrupted)
	if interrupted >= n {
		t.Fatalf("all %d articles loaded by the time schedule stopped: SIGTERM did not interrupt the run; raise n", n)
	}
	if owner := sourceLease(t, c, "inbox"); owner != "" {
		t.Errorf("after SIGTERM the lease is still held by %s", owner)
	}
	logs := stderr.String()
	for _, want := range []string{`"outcome":"interrupted"`, `"msg":"scheduler stopped"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("schedule's log lacks %s:\n%s", want, lastLines(logs, 10))
		}
	}

	// A sync carries on; a second sync beside it finds the lease held and
	// skips the source (exit 0, outcome busy); SIGTERM stops the first
	// with exit 143.
	first := dipgraph(t.Context(), "sync", "inbox", "--format", "json")
	var firstErr bytes.Buffer
	first.Stderr = &firstErr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	firstExited := make(chan error, 1)
	go func() { firstExited <- first.Wait() }()
	t.Cleanup(func() { _ = first.Process.Kill() })
	waitRun(t, c, interrupted, firstExited, &firstErr)
	out, err := dipgraph(t.Context(), "sync", "inbox", "--format", "json").Output()
	if err != nil {
		t.Fatalf("sync beside sync: %v (want exit 0)", err)
	}
	var row map[string]any
	if err := json.Unmarshal(out, &row); err != nil || row["outcome"] != "busy" || !strings.Contains(fmt.Sprint(row["message"]), "being run by") {
		t.Errorf("sync beside a running sync printed %s; want outcome busy naming the holder", out)
	}
	if err := first.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-firstExited:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 143 {
			t.Errorf("sync after SIGTERM: %v, want exit status 143\n%s", err, firstErr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("sync still running 15s after SIGTERM")
	}
	interrupted2, _, _ := graphSize(t, c)
	t.Logf("sync: stopped by SIGTERM (exit 143) at %d articles", interrupted2)
	if interrupted2 >= n || interrupted2 <= interrupted {
		t.Errorf("the interrupted sync left %d articles (after schedule: %d, all: %d); want progress but not all", interrupted2, interrupted, n)
	}
	interrupted = interrupted2

	// The rerun finishes the load.
	out, err = fast(dipgraph(t.Context(), "sync", "--format", "json")).Output()
	if err != nil {
		t.Fatalf("rerun sync: %v\n%s", err, out)
	}
	row = nil
	if err := json.Unmarshal(out, &row); err != nil || row["outcome"] != "ok" || int64(row["skipped"].(float64)) < interrupted {
		t.Errorf("rerun sync printed %s; want ok with the %d loaded articles skipped", out, interrupted)
	}
	articlesAfter, nodes, rels := graphSize(t, c)

	// One clean load of the same articles gives the same graph.
	neo4jtest.Wipe(t, c)
	if out, err := fast(dipgraph(t.Context(), "sync", articles, "--format", "json")).Output(); err != nil {
		t.Fatalf("clean sync: %v\n%s", err, out)
	}
	cleanArticles, cleanNodes, cleanRels := graphSize(t, c)
	if articlesAfter != n || cleanArticles != n || nodes != cleanNodes || rels != cleanRels {
		t.Errorf("interrupted + rerun: %d articles, %d nodes, %d relationships; one clean load: %d, %d, %d (want %d articles)",
			articlesAfter, nodes, rels, cleanArticles, cleanNodes, cleanRels, n)
	}
}

// waitRun waits until a run of source inbox is under way: its lease is
// held and more than already articles are loaded.
func waitRun(t *testing.T, c neo4jtest.Conn, already int64, exited <-chan error, stderr *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if a, _, _ := graphSize(t, c); a > already && sourceLease(t, c, "inbox") != "" {
			return
		}
		select {
		case err := <-exited:
			t.Fatalf("exited before the run was seen under way: %v\n%s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no run under way within 2 minutes:\n%s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func lastLines(s string, n int) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
