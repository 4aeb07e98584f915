package graph

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// ConnOptions says how to reach one Neo4j database.
type ConnOptions struct {
	URI      string // bolt://, neo4j://, bolt+s://, neo4j+s:// (Aura) …
	Username string
	Password string
	Database string
	// ConnectTimeout bounds the socket connect and the first handshake.
	ConnectTimeout time.Duration
	// MaxRetryTime bounds the driver's retries of a managed transaction.
	MaxRetryTime time.Duration
}

// DB is a connection to one Neo4j database. It is safe for concurrent use;
// each call opens its own session.
type DB struct {
	driver   neo4j.DriverWithContext
	database string
	uri      string
	t        target // for error messages
}

// Open connects and verifies connectivity and authentication, so a wrong
// URI or password fails here with a classified error (ErrUnreachable,
// ErrAuth, ErrUnknownDatabase, ErrTLS) rather than at the first query.
func Open(ctx context.Context, o ConnOptions) (*DB, error) {
	if o.Database == "" {
		o.Database = "neo4j"
	}
	driver, err := neo4j.NewDriverWithContext(o.URI, neo4j.BasicAuth(o.Username, o.Password, ""), func(c *config.Config) {
		if o.ConnectTimeout > 0 {
			c.SocketConnectTimeout = o.ConnectTimeout
			c.ConnectionAcquisitionTimeout = 2 * o.ConnectTimeout
		}
		if o.MaxRetryTime > 0 {
			c.MaxTransactionRetryTime = o.MaxRetryTime
		}
	})
	if err != nil { // a malformed URI or unsupported scheme; nothing was dialled
		return nil, fmt.Errorf("neo4j %s: %w", redactURI(o.URI), err)
	}
	uri := redactURI(o.URI)
	db := &DB{driver: driver, database: o.Database, uri: uri,
		t: target{uri: uri, database: o.Database, user: o.Username}}
	if err := db.Verify(ctx); err != nil {
		_ = driver.Close(ctx)
		return nil, err
	}
	return db, nil
}

// Verify checks that the server answers, accepts the credentials and has
// the database.
func (db *DB) Verify(ctx context.Context) error {
	if err := db.driver.VerifyConnectivity(ctx); err != nil {
		return classify(db.t, err)
	}
	if _, err := db.Read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, "RETURN 1", nil)
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	}); err != nil {
		return err
	}
	return nil
}

// Database names the database all work runs against.
func (db *DB) Database() string { return db.database }

// URI is the server address (never with credentials).
func (db *DB) URI() string { return db.uri }

// Driver exposes the underlying driver for callers that need sessions of
// their own (benchmarks, auto-commit batches).
func (db *DB) Driver() neo4j.DriverWithContext { return db.driver }

// Read runs work in a managed read transaction, retried on transient errors.
func (db *DB) Read(ctx context.Context, work neo4j.ManagedTransactionWork, config ...func(*neo4j.TransactionConfig)) (any, error) {
	s := db.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db.database, AccessMode: neo4j.AccessModeRead})
	defer s.Close(ctx)
	out, err := s.ExecuteRead(ctx, work, config...)
	if err != nil {
		return nil, classify(db.t, err)
	}
	return out, nil
}

// Write runs work in a managed write transaction, retried on transient
// errors (deadlocks, leader switches, lost connections); work must be
// idempotent.
func (db *DB) Write(ctx context.Context, work neo4j.ManagedTransactionWork) (any, error) {
	s := db.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db.database, AccessMode: neo4j.AccessModeWrite})
	defer s.Close(ctx)
	out, err := s.ExecuteWrite(ctx, work)
	if err != nil {
		return nil, classify(db.t, err)
	}
	return out, nil
}

// Result is the outcome of an ad-hoc query: column names and rows of
// driver values.
type Result struct {
	Columns []string
	Rows    [][]any
}

// Run executes one query in an auto-commit transaction, so writes and
// CALL { … } IN TRANSACTIONS work; read routes it to a reader in a cluster.
// Auto-commit queries are not retried.
func (db *DB) Run(ctx context.Context, query string, params map[string]any, read bool) (*Result, error) {
	mode := neo4j.AccessModeWrite
	if read {
		mode = neo4j.AccessModeRead
	}
	s := db.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db.database, AccessMode: mode})
	defer s.Close(ctx)
	res, err := s.Run(ctx, query, params)
	if err != nil {
		return nil, classify(db.t, err)
	}
	keys, err := res.Keys()
	if err != nil {
		return nil, classify(db.t, err)
	}
	out := &Result{Columns: keys}
	for res.Next(ctx) {
		out.Rows = append(out.Rows, res.Record().Values)
	}
	if err := res.Err(); err != nil {
		return nil, classify(db.t, err)
	}
	return out, nil
}

// redactURI drops user information (user:password@) from a URI so it can
// appear in messages.
func redactURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		if scheme, rest, ok := strings.Cut(uri, "://"); ok {
			if _, host, ok := strings.Cut(rest, "@"); ok {
				return scheme + "://" + host
			}
		}
		return uri
	}
	if u.User == nil {
		return uri
	}
	u.User = nil
	return u.String()
}

// Close releases the connection pool.
func (db *DB) Close(ctx context.Context) error { return db.driver.Close(ctx) }
