package graph_test

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
)

// testConn returns the test Neo4j without wiping it: these tests only
// connect and run read-only statements. It skips locally and fails in CI
// when none is configured, as neo4jtest.Require does.
func testConn(t *testing.T) neo4jtest.Conn {
	t.Helper()
	c, ok := neo4jtest.Env()
	if !ok {
		if os.Getenv("CI") != "" {
			t.Fatal("no test Neo4j: DIPGRAPH_TEST_NEO4J_URI is unset, and integration tests must not skip in CI (run `make test`)")
		}
		t.Skip("no test Neo4j: run `make test` (starts a local Neo4j), or set DIPGRAPH_TEST_NEO4J_URI, _USERNAME, _PASSWORD")
	}
	return c
}

func opts(c neo4jtest.Conn) graph.ConnOptions {
	return graph.ConnOptions{
		URI: c.URI, Username: c.Username, Password: c.Password, Database: c.Database,
		ConnectTimeout: 5 * time.Second, MaxRetryTime: 5 * time.Second,
	}
}

func TestOpenRunReadWrite(t *testing.T) {
	c := testConn(t)
	ctx := t.Context()
	db, err := graph.Open(ctx, opts(c))
	if err != nil {
		t.Fatalf("Open(%s): %v", c.URI, err)
	}
	t.Cleanup(func() {
		if err := db.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	if db.Database() != c.Database || db.URI() != c.URI {
		t.Errorf("Database(), URI() = %q, %q; want %q, %q", db.Database(), db.URI(), c.Database, c.URI)
	}

	res, err := db.Run(ctx, "RETURN 40 + $two AS answer, $name AS name", map[string]any{"two": 2, "name": "x"}, true)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(res.Columns) != 2 || res.Columns[0] != "answer" || res.Columns[1] != "name" {
		t.Errorf("Run columns = %v, want [answer name]", res.Columns)
	}
	if len(res.Rows) != 1 || res.Rows[0][0] != int64(42) || res.Rows[0][1] != "x" {
		t.Errorf("Run rows = %v, want [[42 x]]", res.Rows)
	}

	// CALL { … } IN TRANSACTIONS only works in an auto-commit transaction:
	// Run must not wrap the query in an explicit one.
	res, err = db.Run(ctx, "UNWIND range(1, 3) AS i CALL { WITH i RETURN i * 2 AS j } IN TRANSACTIONS OF 1 ROW RETURN sum(j) AS total", nil, false)
	if err != nil {
		t.Fatalf("Run(CALL IN TRANSACTIONS): %v", err)
	}
	if len(res.Rows) != 1 || res.Rows[0][0] != int64(12) {
		t.Errorf("Run(CALL IN TRANSACTIONS) rows = %v, want [[12]]", res.Rows)
	}

	// A read session refuses writes.
	if _, err := db.Run(ctx, "CREATE (:GraphDBTestNeverWritten)", nil, true); err == nil {
		t.Error("Run(CREATE, read=true) succeeded, want an access-mode error")
	}

	got, err := db.Read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		r, err := tx.Run(ctx, "RETURN 7 AS n", nil)
		if err != nil {
			return nil, err
		}
		rec, err := r.Single(ctx)
		if err != nil {
			return nil, err
		}
		return rec.Values[0], nil
	})
	if err != nil || got != int64(7) {
		t.Errorf("Read = %v, %v; want 7, nil", got, err)
	}
	got, err = db.Write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		r, err := tx.Run(ctx, "RETURN 8 AS n", nil)
		if err != nil {
			return nil, err
		}
		rec, err := r.Single(ctx)
		if err != nil {
			return nil, err
		}
		return rec.Values[0], nil
	})
	if err != nil || got != int64(8) {
		t.Errorf("Write = %v, %v; want 8, nil", got, err)
	}

	// A Cypher error is not a connection class.
	_, err = db.Run(ctx, "RETURN nonsense(", nil, true)
	if err == nil || errors.Is(err, graph.ErrUnreachable) || errors.Is(err, graph.ErrAuth) {
		t.Errorf("Run(syntax error) = %v, want a plain Cypher error", err)
	}
}

// TestOpenClassifiesFailures checks each common connection failure maps to
// its class with a message that says what went wrong. It makes exactly one
// wrong-password attempt: Neo4j rate-limits failed logins per user.
func TestOpenClassifiesFailures(t *testing.T) {
	c := testConn(t)
	hostPort := strings.TrimPrefix(strings.TrimPrefix(c.URI, "bolt://"), "neo4j://")
	if strings.Contains(hostPort, "://") {
		t.Skipf("failure cases need a plain bolt:// or neo4j:// test server, have %s", c.URI)
	}
	free := neo4jtest.FreePorts(t, 1)[0]
	tests := []struct {
		name    string
		mod     func(*graph.ConnOptions)
		want    error
		wantMsg []string // substrings of the message
	}{
		{
			name:    "wrong password",
			mod:     func(o *graph.ConnOptions) { o.Password = "not-the-password-" + strconv.Itoa(free) },
			want:    graph.ErrAuth,
			wantMsg: []string{"authentication failed", `user "` + c.Username + `"`, c.URI, "refused the username or password"},
		},
		{
			name:    "nothing listening",
			mod:     func(o *graph.ConnOptions) { o.URI = "bolt://127.0.0.1:" + strconv.Itoa(free) },
			want:    graph.ErrUnreachable,
			wantMsg: []string{"unreachable", "127.0.0.1:" + strconv.Itoa(free), "connection refused"},
		},
		{
			name:    "unknown database",
			mod:     func(o *graph.ConnOptions) { o.Database = "nosuchdb" },
			want:    graph.ErrUnknownDatabase,
			wantMsg: []string{"database not found", `"nosuchdb"`},
		},
		{
			name:    "TLS client, plain server",
			mod:     func(o *graph.ConnOptions) { o.URI = "bolt+s://" + hostPort },
			want:    graph.ErrTLS,
			wantMsg: []string{"TLS", "bolt+s://" + hostPort},
		},
		{
			name:    "routing TLS client, plain server",
			mod:     func(o *graph.ConnOptions) { o.URI = "neo4j+s://" + hostPort },
			want:    graph.ErrTLS,
			wantMsg: []string{"TLS"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := opts(c)
			tt.mod(&o)
			db, err := graph.Open(t.Context(), o)
			if err == nil {
				_ = db.Close(t.Context())
				t.Fatalf("Open(%s, db %s) succeeded, want %v", o.URI, o.Database, tt.want)
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open(%s, db %s) = %v, want errors.Is %v", o.URI, o.Database, err, tt.want)
			}
			for _, s := range tt.wantMsg {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Open(%s) message %q lacks %q", o.URI, err, s)
				}
			}
			if o.Password != "" && strings.Contains(err.Error(), o.Password) {
				t.Errorf("Open(%s) message %q contains the password", o.URI, err)
			}
		})
	}
}

func TestOpenRejectsBadURIAndHidesCredentials(t *testing.T) {
	tests := []struct{ uri, wantNot string }{
		{"http://127.0.0.1:7687", ""},
		{"bolt://user:s3cret-pw@127.0.0.1:" + strconv.Itoa(neo4jtest.FreePorts(t, 1)[0]), "s3cret-pw"},
		{"nonsense", ""},
	}
	for _, tt := range tests {
		db, err := graph.Open(t.Context(), graph.ConnOptions{URI: tt.uri, Username: "neo4j", Password: "pw-never-shown", ConnectTimeout: time.Second})
		if err == nil {
			_ = db.Close(t.Context())
			t.Errorf("Open(%q) succeeded, want an error", tt.uri)
			continue
		}
		for _, secret := range []string{"pw-never-shown", tt.wantNot} {
			if secret != "" && strings.Contains(err.Error(), secret) {
				t.Errorf("Open(%q) message %q contains %q", tt.uri, err, secret)
			}
		}
	}
}
