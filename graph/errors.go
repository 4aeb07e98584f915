package graph

import "errors"

// Classes of connection failure the command edge turns into messages and
// exit codes. Errors returned by this package wrap one of them where the
// cause is known.
var (
	// ErrUnreachable: nothing answers at the URI (refused, timeout, DNS).
	ErrUnreachable = errors.New("neo4j unreachable")
	// ErrAuth: the server refused the credentials.
	ErrAuth = errors.New("neo4j authentication failed")
	// ErrUnknownDatabase: the server has no database of that name.
	ErrUnknownDatabase = errors.New("neo4j database not found")
	// ErrTLS: TLS on one side and not the other, or an untrusted certificate.
	ErrTLS = errors.New("neo4j TLS mismatch")
	// ErrTxMemory: a transaction needed more memory than the server allows
	// one transaction (or all of them); a smaller one may succeed.
	ErrTxMemory = errors.New("neo4j transaction memory limit reached")
)
