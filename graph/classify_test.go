package graph

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestClassify covers the error shapes the driver returns, bare and
// wrapped by callers' work functions; the integration tests in db_test.go
// produce the common ones from a real server.
func TestClassify(t *testing.T) {
	tg := target{uri: "bolt://db:7687", database: "news", user: "reader"}
	conn := &neo4j.ConnectivityError{Inner: io.EOF}
	tests := []struct {
		name    string
		err     error
		want    error // nil: passes through unclassified
		wantMsg string
	}{
		{"nil", nil, nil, ""},
		{"connectivity", conn, ErrUnreachable, "ConnectivityError: EOF"},
		{"wrapped connectivity", fmt.Errorf("merge Organization nodes: %w", conn), ErrUnreachable, "merge Organization nodes"},
		{"retries exhausted on a lost server", &neo4j.TransactionExecutionLimit{Cause: "timeout (exceeded max retry time: 30s)",
			Errors: []error{conn, fmt.Errorf("load batch: %w", conn)}}, ErrUnreachable, "gave up after 2 attempts"},
		{"retries exhausted on a deadlock", &neo4j.TransactionExecutionLimit{Cause: "timeout",
			Errors: []error{&neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected", Msg: "deadlock"}}}, nil, "TransactionExecutionLimit"},
		{"unauthorized", &neo4j.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized", Msg: "nope"}, ErrAuth, `user "reader"`},
		{"rate limit", &neo4j.Neo4jError{Code: "Neo.ClientError.Security.AuthenticationRateLimit", Msg: "slow down"}, ErrAuth, "too many failed attempts"},
		{"credentials expired", &neo4j.Neo4jError{Code: "Neo.ClientError.Security.CredentialsExpired", Msg: "change it"}, ErrAuth, "must be changed"},
		{"database not found", &neo4j.Neo4jError{Code: "Neo.ClientError.Database.DatabaseNotFound", Msg: "x"}, ErrUnknownDatabase, `"news"`},
		{"TLS client, plain server", errors.New("ConnectivityError: remote end closed the connection, check that TLS is enabled on the server"), ErrTLS, "TLS"},
		{"certificate", errors.New("tls: failed to verify certificate: x509: certificate signed by unknown authority"), ErrTLS, "x509"},
		{"HTTP port", errors.New("server responded HTTP. Make sure you are not trying to connect to the http endpoint"), ErrUnreachable, "HTTP"},
		{"refused", errors.New("dial tcp 127.0.0.1:1: connect: connection refused"), ErrUnreachable, "refused"},
		{"syntax error", &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "bad"}, nil, "SyntaxError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classify(tg, tt.err)
			if tt.err == nil {
				if got != nil {
					t.Fatalf("classify(nil) = %v", got)
				}
				return
			}
			if tt.want == nil {
				if isClassified(got) {
					t.Errorf("classify(%v) = %v, want it unclassified", tt.err, got)
				}
			} else if !errors.Is(got, tt.want) {
				t.Errorf("classify(%v) = %v, want errors.Is %v", tt.err, got, tt.want)
			}
			if !strings.Contains(got.Error(), tt.wantMsg) {
				t.Errorf("classify(%v) = %q, want it to mention %q", tt.err, got, tt.wantMsg)
			}
		})
	}
}
