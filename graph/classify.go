package graph

import (
	"errors"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// target names what a failing call talked to, for messages. It never
// holds the password.
type target struct {
	uri, database, user string
}

// classify wraps a driver error in the class the command edge acts on
// (ErrAuth, ErrUnknownDatabase, ErrTLS, ErrUnreachable) with a message
// that names the server, and the user or database where they matter.
// Other errors (Cypher syntax, constraint violations, …) pass unchanged.
func classify(t target, err error) error {
	if err == nil {
		return nil
	}
	var (
		authErr  *neo4j.InvalidAuthenticationError
		nerr     *neo4j.Neo4jError
		connErr  *neo4j.ConnectivityError
		limitErr *neo4j.TransactionExecutionLimit
	)
	// A managed transaction that ran out of retries carries its attempts'
	// errors without unwrapping to them: classify by the last one.
	if errors.As(err, &limitErr) && len(limitErr.Errors) > 0 {
		last := limitErr.Errors[len(limitErr.Errors)-1]
		if c := classify(t, last); isClassified(c) {
			return fmt.Errorf("%w (gave up after %d attempts: %s)", c, len(limitErr.Errors), limitErr.Cause)
		}
	}
	code := ""
	if errors.As(err, &nerr) {
		code = nerr.Code
	}
	msg := err.Error()
	who := ""
	if t.user != "" {
		who = fmt.Sprintf(" for user %q", t.user)
	}
	switch {
	case errors.As(err, &authErr), code == "Neo.ClientError.Security.Unauthorized":
		return fmt.Errorf("%w%s at %s: the server refused the username or password", ErrAuth, who, t.uri)
	case code == "Neo.ClientError.Security.AuthenticationRateLimit":
		return fmt.Errorf("%w%s at %s: too many failed attempts, the server blocks logins for a while (%s)", ErrAuth, who, t.uri, nerr.Msg)
	case code == "Neo.ClientError.Security.CredentialsExpired":
		return fmt.Errorf("%w%s at %s: the password has expired and must be changed first (%s)", ErrAuth, who, t.uri, nerr.Msg)
	case code == "Neo.ClientError.Database.DatabaseNotFound":
		return fmt.Errorf("%w: %q at %s", ErrUnknownDatabase, t.database, t.uri)
	case isTxMemory(code):
		return fmt.Errorf("%w at %s: %v", ErrTxMemory, t.uri, err)
	case isTLSMismatch(msg):
		return fmt.Errorf("%w at %s: %v", ErrTLS, t.uri, err)
	// errors.As, not neo4j.IsConnectivityError: callers' work functions
	// wrap driver errors ("merge nodes: %w"), and the driver's helper only
	// looks at the outermost error.
	case errors.As(err, &connErr), isUnreachable(msg):
		return fmt.Errorf("%w at %s: %v", ErrUnreachable, t.uri, err)
	}
	return err
}

// isClassified reports whether err already carries one of the classes.
func isClassified(err error) bool {
	for _, class := range []error{ErrAuth, ErrUnknownDatabase, ErrTLS, ErrUnreachable, ErrTxMemory} {
		if errors.Is(err, class) {
			return true
		}
	}
	return false
}

// IsTxMemory reports whether err is the server refusing a transaction
// for its memory limits.
func IsTxMemory(err error) bool {
	var nerr *neo4j.Neo4jError
	return errors.As(err, &nerr) && isTxMemory(nerr.Code)
}

// isTxMemory recognises the server's transaction memory limits: the
// per-transaction limit (db.memory.transaction.max) and the pool of all
// transactions (dbms.memory.transaction.total.max), by their 4.x and 5.x
// codes.
func isTxMemory(code string) bool {
	for _, s := range []string{"MemoryPoolOutOfMemoryError", "TransactionOutOfMemoryError", "TransactionMemoryLimit"} {
		if strings.Contains(code, s) {
			return true
		}
	}
	return false
}

// isTLSMismatch recognises the driver's messages for TLS on one side only
// and for certificates it does not trust. A TLS client meeting a plain
// Bolt server sees the connection closed ("check that TLS is enabled on
// the server"); a plain client meeting a TLS server gets garbage back.
func isTLSMismatch(msg string) bool {
	for _, s := range []string{
		"check that TLS is enabled on the server",
		"tls:",
		"x509:",
		"TLS handshake",
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// isUnreachable recognises failures to reach a Bolt server that the
// driver does not mark as connectivity errors: a refused or timed-out
// connection, an unknown host, or an HTTP port given instead of Bolt.
func isUnreachable(msg string) bool {
	for _, s := range []string{
		"connection refused",
		"i/o timeout",
		"no such host",
		"server responded HTTP",
		"connection reset by peer",
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
