package queries

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/graph"
)

// Result is what a query returned: column names and rows of driver values
// (strings, int64, float64, bool, lists, maps, dbtype nodes and dates).
type Result struct {
	Columns []string
	Rows    [][]any
}

// TimeoutError says a query ran out of time.
type TimeoutError struct {
	Query   string
	Timeout time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("query %s did not finish within %s", e.Query, e.Timeout)
}

// Run executes q with params (from Bind) in a read transaction. A positive
// timeout bounds the whole run: when it passes, the driver abandons the
// transaction (closing its connection, so the server stops the query too)
// and Run returns a *TimeoutError.
func Run(ctx context.Context, db *graph.DB, q *Query, params map[string]any, timeout time.Duration) (*Result, error) {
	var config []func(*neo4j.TransactionConfig)
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
		// The server stops the query too: the client's deadline alone
		// would leave it running on the server.
		config = append(config, neo4j.WithTxTimeout(timeout))
	}
	out, err := db.Read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, q.Cypher, params)
		if err != nil {
			return nil, err
		}
		keys, err := res.Keys()
		if err != nil {
			return nil, err
		}
		r := &Result{Columns: keys, Rows: [][]any{}}
		for res.Next(ctx) {
			r.Rows = append(r.Rows, res.Record().Values)
		}
		return r, res.Err()
	}, config...)
	if err != nil {
		var ne *neo4j.Neo4jError
		serverTimeout := errors.As(err, &ne) && strings.Contains(ne.Code, "TransactionTimedOut")
		if timeout > 0 && (serverTimeout || errors.Is(ctx.Err(), context.DeadlineExceeded)) {
			return nil, &TimeoutError{Query: q.Name, Timeout: timeout}
		}
		return nil, fmt.Errorf("query %s: %w", q.Name, err)
	}
	return out.(*Result), nil
}
