package graph

import (
	"errors"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// classify wraps a driver error in the class the command edge acts on.
func classify(uri, database string, err error) error {
	if err == nil {
		return nil
	}
	var authErr *neo4j.InvalidAuthenticationError
	var nerr *neo4j.Neo4jError
	msg := err.Error()
	switch {
	case errors.As(err, &authErr):
		return fmt.Errorf("%w at %s: %v", ErrAuth, uri, err)
	case errors.As(err, &nerr) && strings.HasPrefix(nerr.Code, "Neo.ClientError.Security.Unauthorized"),
		errors.As(err, &nerr) && strings.HasPrefix(nerr.Code, "Neo.ClientError.Security.AuthenticationRateLimit"):
		return fmt.Errorf("%w at %s: %s", ErrAuth, uri, nerr.Msg)
	case errors.As(err, &nerr) && nerr.Code == "Neo.ClientError.Database.DatabaseNotFound":
		return fmt.Errorf("%w: %q at %s", ErrUnknownDatabase, database, uri)
	case strings.Contains(msg, "tls:") || strings.Contains(msg, "x509:") || strings.Contains(msg, "first record does not look like a TLS handshake"):
		return fmt.Errorf("%w at %s: %v", ErrTLS, uri, err)
	case neo4j.IsConnectivityError(err) || strings.Contains(msg, "connection refused") || strings.Contains(msg, "i/o timeout") || strings.Contains(msg, "no such host"):
		return fmt.Errorf("%w at %s: %v", ErrUnreachable, uri, err)
	}
	return err
}
