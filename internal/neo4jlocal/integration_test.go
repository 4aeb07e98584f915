package neo4jlocal

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/internal/neo4jtest"
)

// TestServerLifecycle is one full start/stop cycle of a real Neo4j:
// install (from the cache), first start with a generated password, Bolt
// with that password, Browser over HTTP, the HTTP API refusing anonymous
// requests, status, a second start, stop leaving no process, and a dump
// and restore of the stopped database.
func TestServerLifecycle(t *testing.T) {
	neo4jtest.RequireOwnServer(t)
	ctx := t.Context()
	ports := neo4jtest.FreePorts(t, 2)
	data := t.TempDir()
	s, err := New(Options{
		CacheDir: neo4jtest.CacheDir(t), DataDir: data,
		BoltPort: ports[0], HTTPPort: ports[1],
		Heap: "512m", PageCache: "256m",
		Log: io.Discard,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Whatever happened, leave no JVM behind.
		if _, err := s.Stop(context.Background()); err != nil {
			t.Errorf("cleanup Stop: %v", err)
		}
	})

	if err := s.Install(ctx); err != nil {
		t.Fatalf("Install: %v", err)
	}
	if !s.Installed() {
		t.Fatal("Installed() = false after Install")
	}

	res, err := s.Start(ctx)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Logf("Neo4j started in %s (pid %d)", res.Elapsed, res.PID)
	if res.AlreadyRunning || !res.PasswordGenerated || res.PID == 0 {
		t.Errorf("Start = %+v, want a fresh start with a generated password", res)
	}

	// The generated password: kept 0600, long enough, and accepted by Bolt.
	st, err := os.Stat(s.PasswordFile())
	if err != nil {
		t.Fatalf("password file: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("password file mode = %v, want 0600", st.Mode().Perm())
	}
	pw, err := s.Password()
	if err != nil || len(pw) < 16 {
		t.Fatalf("Password() = %d characters, %v; want at least 16", len(pw), err)
	}
	d, err := neo4j.NewDriverWithContext(s.BoltURI(), neo4j.BasicAuth("neo4j", pw, ""))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.VerifyConnectivity(ctx); err != nil {
		t.Errorf("Bolt at %s with the generated password: %v", s.BoltURI(), err)
	}
	r, err := neo4j.ExecuteQuery(ctx, d, "CREATE (n:LifecycleTest {answer: 40 + 2}) RETURN n.answer AS answer", nil,
		neo4j.EagerResultTransformer)
	if err != nil || len(r.Records) != 1 || r.Records[0].Values[0] != int64(42) {
		t.Errorf("CREATE … RETURN 40 + 2 = %v, %v", r, err)
	}
	_ = d.Close(ctx)

	// Browser is served; the HTTP API wants credentials.
	body, code := httpGet(t, s.BrowserURI())
	if code != http.StatusOK || !strings.Contains(body, "Neo4j Browser") {
		t.Errorf("GET %s = %d, body without \"Neo4j Browser\" (%d bytes)", s.BrowserURI(), code, len(body))
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.HTTPURI()+"db/neo4j/tx/commit",
		strings.NewReader(`{"statements":[{"statement":"RETURN 1"}]}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST tx/commit: %v", err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("POST tx/commit without credentials = %d, want 401", resp.StatusCode)
	}

	status := s.Status(ctx)
	if !status.Running || !status.Ready || !strings.HasPrefix(status.Version, "5.26.") || status.Edition != "community" ||
		status.DataBytes == 0 || status.PID != res.PID {
		t.Errorf("Status() = %+v, want up, 5.26.x community, data > 0, pid %d", status, res.PID)
	}

	again, err := s.Start(ctx)
	if err != nil || !again.AlreadyRunning || again.PID != res.PID {
		t.Errorf("second Start = %+v, %v; want already running with pid %d", again, err, res.PID)
	}
	if err := s.Dump(ctx, "neo4j", filepath.Join(t.TempDir(), "x.dump")); !errors.Is(err, ErrRunning) {
		t.Errorf("Dump while running = %v, want ErrRunning", err)
	}

	stop, err := s.Stop(ctx)
	if err != nil || !stop.WasRunning || stop.Killed {
		t.Errorf("Stop = %+v, %v; want a clean stop", stop, err)
	}
	t.Logf("Neo4j stopped in %s", stop.Elapsed)
	if pids := s.processes(); len(pids) != 0 {
		t.Errorf("after Stop, server processes remain: %v", pids)
	}
	if _, err := os.Stat(filepath.Join("/proc", strconv.Itoa(res.PID))); err == nil && !isZombie(res.PID) {
		t.Errorf("after Stop, pid %d is still alive", res.PID)
	}
	if st := s.Status(ctx); st.Running {
		t.Errorf("Status() after Stop = %+v, want down", st)
	}

	// Backups of the stopped database.
	dump := filepath.Join(t.TempDir(), "backup.dump")
	if err := s.Dump(ctx, "neo4j", dump); err != nil {
		t.Fatalf("Dump: %v", err)
	}
	if fi, err := os.Stat(dump); err != nil || fi.Size() == 0 {
		t.Fatalf("dump file: %v, %v", fi, err)
	}
	if err := s.Restore(ctx, "neo4j", dump); err != nil {
		t.Errorf("Restore: %v", err)
	}
	if err := s.Restore(ctx, "neo4j", filepath.Join(t.TempDir(), "missing.dump")); err == nil {
		t.Error("Restore of a missing file succeeded")
	}
}

func httpGet(t *testing.T, url string) (string, int) {
	t.Helper()
	c := http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return string(b), resp.StatusCode
}
