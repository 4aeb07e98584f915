package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/dipgraph/dipgraph/graph"
)

// Exit codes, one table for every command (README "Exit codes").
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2   // usage or configuration error
	exitPartial     = 3   // some inputs were bad or failed, the rest done
	exitNeo4j       = 4   // Neo4j unreachable or authentication failed
	exitInterrupted = 130 // SIGINT
	exitTerminated  = 143 // SIGTERM
)

// usageError marks a wrong command line or configuration (exit 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// partialError says the command finished but skipped or failed some inputs
// (exit 3); the details were already reported.
type partialError struct{ skipped, total int }

func (e *partialError) Error() string {
	return fmt.Sprintf("%d of %d inputs were skipped or failed", e.skipped, e.total)
}

// silentError carries an exit code for a failure already reported.
type silentError struct{ code int }

func (e *silentError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// signalError is the cancellation cause when a signal stops the process.
type signalError struct{ sig os.Signal }

func (e *signalError) Error() string { return "received " + e.sig.String() }

// interruptCode returns 143 for SIGTERM and 130 otherwise.
func interruptCode(ctx context.Context) (int, bool) {
	var se *signalError
	if !errors.As(context.Cause(ctx), &se) {
		return 0, false
	}
	if se.sig == syscall.SIGTERM {
		return exitTerminated, true
	}
	return exitInterrupted, true
}

// exitCode picks the documented exit code for err, and prints the message
// and hint on stderr. It is the one place errors become user-facing.
func exitCode(ctx context.Context, err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var (
		ue *usageError
		pe *partialError
		se *silentError
	)
	switch {
	case errors.As(err, &se):
		return se.code
	case ctx.Err() != nil:
		if code, ok := interruptCode(ctx); ok {
			fmt.Fprintf(stderr, "dipgraph: interrupted (%v)\n", context.Cause(ctx))
			return code
		}
		fmt.Fprintf(stderr, "dipgraph: %v\n", err)
		return exitFailure
	case errors.As(err, &pe):
		fmt.Fprintf(stderr, "dipgraph: %v\n", err)
		return exitPartial
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "dipgraph: %v\n", err)
		return exitUsage
	case errors.Is(err, graph.ErrAuth):
		fmt.Fprintf(stderr, "dipgraph: %v\nhint: check neo4j.password (NEO4J_PASSWORD) and neo4j.username; the managed local server keeps its generated password in its data directory (dipgraph neo4j status)\n", err)
		return exitNeo4j
	case errors.Is(err, graph.ErrUnreachable):
		fmt.Fprintf(stderr, "dipgraph: %v\nhint: is Neo4j running? try `dipgraph neo4j status` or `dipgraph neo4j start`, or set neo4j.uri (NEO4J_URI)\n", err)
		return exitNeo4j
	case errors.Is(err, graph.ErrTLS):
		fmt.Fprintf(stderr, "dipgraph: %v\nhint: use bolt:// or neo4j:// for a server without TLS, bolt+s:// or neo4j+s:// (Aura) for one with it\n", err)
		return exitNeo4j
	case errors.Is(err, graph.ErrUnknownDatabase):
		fmt.Fprintf(stderr, "dipgraph: %v\nhint: check neo4j.database (NEO4J_DATABASE); Community edition has one user database, \"neo4j\"\n", err)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "dipgraph: %v\n", err)
		return exitFailure
	}
}
