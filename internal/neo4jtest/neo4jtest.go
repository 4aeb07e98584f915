// Package neo4jtest gives integration tests a real Neo4j: connection values
// from DIPGRAPH_TEST_NEO4J_URI, _USERNAME, _PASSWORD and _DATABASE, a
// cross-process lock so packages tested in parallel do not share the one
// Community database at once, and a wipe at the start of each test.
//
// Without DIPGRAPH_TEST_NEO4J_URI a test skips with instructions, except in
// CI (CI set), where it fails: integration tests never skip in CI.
// Import it only from _test.go files.
package neo4jtest

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Conn holds plain connection values, so any package can build its own
// connection without an import cycle.
type Conn struct {
	URI, Username, Password, Database string
}

// Env reads the test connection from the environment; ok is false when
// DIPGRAPH_TEST_NEO4J_URI is unset.
func Env() (Conn, bool) {
	c := Conn{
		URI:      os.Getenv("DIPGRAPH_TEST_NEO4J_URI"),
		Username: os.Getenv("DIPGRAPH_TEST_NEO4J_USERNAME"),
		Password: os.Getenv("DIPGRAPH_TEST_NEO4J_PASSWORD"),
		Database: os.Getenv("DIPGRAPH_TEST_NEO4J_DATABASE"),
	}
	if c.Username == "" {
		c.Username = "neo4j"
	}
	if c.Database == "" {
		c.Database = "neo4j"
	}
	return c, c.URI != ""
}

// Require returns the test Neo4j, locked for this test and wiped of data.
// It skips (locally) or fails (in CI) when none is configured.
func Require(t testing.TB) Conn {
	t.Helper()
	c, ok := Env()
	if !ok {
		if os.Getenv("CI") != "" {
			t.Fatal("no test Neo4j: DIPGRAPH_TEST_NEO4J_URI is unset, and integration tests must not skip in CI (run `make test`)")
		}
		t.Skip("no test Neo4j: run `make test` (starts a local Neo4j), or set DIPGRAPH_TEST_NEO4J_URI, _USERNAME, _PASSWORD")
	}
	lock(t, c.URI)
	Wipe(t, c)
	return c
}

// lock takes an exclusive flock held until the test ends.
func lock(t testing.TB, uri string) {
	t.Helper()
	name := filepath.Join(os.TempDir(), "dipgraph-neo4jtest-"+sanitize(uri)+".lock")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatalf("neo4jtest lock %s: %v", name, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatalf("neo4jtest lock %s: %v", name, err)
	}
	t.Cleanup(func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	})
}

func sanitize(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			b[i] = '_'
		}
	}
	return string(b)
}

// Wipe deletes every node and relationship (schema stays).
func Wipe(t testing.TB, c Conn) {
	t.Helper()
	ctx := context.Background()
	d, err := neo4j.NewDriverWithContext(c.URI, neo4j.BasicAuth(c.Username, c.Password, ""))
	if err != nil {
		t.Fatalf("neo4jtest: %v", err)
	}
	defer d.Close(ctx)
	s := d.NewSession(ctx, neo4j.SessionConfig{DatabaseName: c.Database})
	defer s.Close(ctx)
	// Relationships first, in small transactions: detaching a hub node
	// left by a benchmark in one go can exceed the transaction memory pool.
	for _, q := range []string{
		"MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 5000 ROWS",
		"MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS",
	} {
		res, err := s.Run(ctx, q, nil)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			t.Fatalf("neo4jtest: wipe %s: %v", c.URI, err)
		}
	}
}

// FreePorts returns n distinct loopback ports that nothing listened on at
// the time of the call (all are held open together, so they differ).
func FreePorts(t testing.TB, n int) []int {
	t.Helper()
	ports := make([]int, 0, n)
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			_ = l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("neo4jtest: free port: %v", err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// RequireOwnServer gates a test that installs and starts a Neo4j of its
// own (tens of seconds): it runs with DIPGRAPH_TEST_LOCAL_NEO4J=1 (make
// test sets it) and always in CI; otherwise it skips, naming what it
// needs.
func RequireOwnServer(t testing.TB) {
	t.Helper()
	if os.Getenv("DIPGRAPH_TEST_LOCAL_NEO4J") == "" && os.Getenv("CI") == "" {
		t.Skip("starts a Neo4j of its own: run `make test`, or set DIPGRAPH_TEST_LOCAL_NEO4J=1")
	}
}

// CacheDir is the managed Neo4j's shared download cache (local.cache_dir's
// default), so such tests never fetch Neo4j again when `make run` or
// `make test` already did.
func CacheDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "dipgraph")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(home, ".cache", "dipgraph")
}
