package schedule

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/graph"
)

// Lease defaults: a run holds its source for leaseTTL past its last
// renewal, and renews every leaseTTL/3, so a crashed holder blocks the
// source for at most leaseTTL.
const DefaultLeaseTTL = 2 * time.Minute

// Owner returns a lease owner id unique to this process: host:pid:random.
func Owner() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown-host"
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// state reads and writes the scheduler's (:Source {name}) nodes. All lease
// times come from the server's clock (datetime()), so hosts with skewed
// clocks still agree on who holds a lease.
type state struct {
	db    *graph.DB
	owner string
	ttl   time.Duration
}

// SourceState is what a Source node holds.
type SourceState struct {
	Name        string
	Type        string
	Location    string
	Schedule    string
	LastRun     time.Time
	LastSuccess time.Time
	Cursor      string // JSON, per source type
	LeaseOwner  string
	LeaseUntil  time.Time
}

// LeaseHeldError says another runner holds a source's lease.
type LeaseHeldError struct {
	Source string
	Owner  string
	Until  time.Time
}

func (e *LeaseHeldError) Error() string {
	return fmt.Sprintf("source %s is being run by %s (lease until %s)", e.Source, e.Owner, e.Until.UTC().Format(time.RFC3339))
}

// errLeaseLost cancels a run whose lease was taken over or could not be
// renewed before it expired.
var errLeaseLost = errors.New("lease lost")

// ensureConstraint makes Source.name unique, which also makes MERGE on it
// safe under concurrency. The graph schema creates the same constraint;
// IF NOT EXISTS makes the second creation a no-op.
func (s *state) ensureConstraint(ctx context.Context) error {
	_, err := s.db.Write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, "CREATE CONSTRAINT source_name IF NOT EXISTS FOR (s:Source) REQUIRE s.name IS UNIQUE", nil)
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	})
	if err != nil {
		var nerr *neo4j.Neo4jError
		// An equivalent constraint under another name already exists.
		if errors.As(err, &nerr) && (nerr.Code == "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists" || nerr.Code == "Neo.ClientError.Schema.ConstraintAlreadyExists") {
			return nil
		}
		return fmt.Errorf("source constraint: %w", err)
	}
	return nil
}

// acquire takes the lease on src for s.owner, creating the Source node if
// needed and recording its type, location and schedule. It returns the
// state as it was before this run, or a *LeaseHeldError.
//
// The first statement writes to the node, which takes its write lock for
// the rest of the transaction; the second reads the lease only then, so
// two runners cannot both see a free lease (Neo4j reads are read-committed
// and do not lock).
func (s *state) acquire(ctx context.Context, src SourceConfig) (SourceState, error) {
	out, err := s.db.Write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, `MERGE (s:Source {name: $name}) SET s.lease_lock = true`, map[string]any{"name": src.Name})
		if err != nil {
			return nil, err
		}
		if _, err := res.Consume(ctx); err != nil {
			return nil, err
		}
		res, err = tx.Run(ctx, `
MATCH (s:Source {name: $name})
WITH s, s {.*} AS before,
     (s.lease_owner IS NULL OR s.lease_until IS NULL OR s.lease_until < datetime() OR s.lease_owner = $owner) AS free
REMOVE s.lease_lock
FOREACH (_ IN CASE WHEN free THEN [1] ELSE [] END |
  SET s.lease_owner = $owner,
      s.lease_until = datetime() + duration({milliseconds: $ttl}),
      s.type = $type, s.location = $location, s.schedule = $schedule)
RETURN free, before`, map[string]any{
			"name": src.Name, "owner": s.owner, "ttl": s.ttl.Milliseconds(),
			"type": src.Type, "location": src.Location(), "schedule": src.Schedule,
		})
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, err
		}
		free, _ := rec.Get("free")
		before, _ := rec.Get("before")
		return leaseResult{free: free == true, before: stateFromMap(src.Name, before)}, nil
	})
	if err != nil {
		return SourceState{}, fmt.Errorf("lease on source %s: %w", src.Name, err)
	}
	r := out.(leaseResult)
	if !r.free {
		return r.before, &LeaseHeldError{Source: src.Name, Owner: r.before.LeaseOwner, Until: r.before.LeaseUntil}
	}
	return r.before, nil
}

type leaseResult struct {
	free   bool
	before SourceState
}

// renew extends the lease; ok is false when s.owner no longer holds it.
func (s *state) renew(ctx context.Context, name string) (bool, error) {
	out, err := s.db.Write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, `
MATCH (s:Source {name: $name}) WHERE s.lease_owner = $owner
SET s.lease_until = datetime() + duration({milliseconds: $ttl})
RETURN count(s) AS n`, map[string]any{"name": name, "owner": s.owner, "ttl": s.ttl.Milliseconds()})
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, err
		}
		n, _ := rec.Get("n")
		return n, nil
	})
	if err != nil {
		return false, fmt.Errorf("renew lease on source %s: %w", name, err)
	}
	return out == int64(1), nil
}

// saveCursor records a cursor mid-run (after a committed batch), if the
// lease is still ours.
func (s *state) saveCursor(ctx context.Context, name, cursor string) error {
	_, err := s.db.Write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, `MATCH (s:Source {name: $name}) WHERE s.lease_owner = $owner SET s.cursor = $cursor`,
			map[string]any{"name": name, "owner": s.owner, "cursor": cursor})
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	})
	if err != nil {
		return fmt.Errorf("save cursor of source %s: %w", name, err)
	}
	return nil
}

// release ends a run: it records last_run (when recordRun), on success
// last_success and the new cursor, and drops the lease, all only if
// s.owner still holds it.
func (s *state) release(ctx context.Context, name string, started time.Time, recordRun, ok bool, cursor string) error {
	_, err := s.db.Write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, `
MATCH (s:Source {name: $name}) WHERE s.lease_owner = $owner
SET s.lease_owner = null, s.lease_until = null
FOREACH (_ IN CASE WHEN $record THEN [1] ELSE [] END | SET s.last_run = $started)
FOREACH (_ IN CASE WHEN $ok THEN [1] ELSE [] END |
  SET s.last_success = datetime(), s.cursor = $cursor)`,
			map[string]any{"name": name, "owner": s.owner, "started": started.UTC(), "record": recordRun, "ok": ok, "cursor": cursor})
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	})
	if err != nil {
		return fmt.Errorf("release lease on source %s: %w", name, err)
	}
	return nil
}

// get reads one Source node; ok is false when there is none.
func (s *state) get(ctx context.Context, name string) (SourceState, bool, error) {
	out, err := s.db.Read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, `MATCH (s:Source {name: $name}) RETURN s {.*} AS s`, map[string]any{"name": name})
		if err != nil {
			return nil, err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, nil
		}
		v, _ := recs[0].Get("s")
		return v, nil
	})
	if err != nil {
		return SourceState{}, false, fmt.Errorf("read source %s: %w", name, err)
	}
	if out == nil {
		return SourceState{}, false, nil
	}
	return stateFromMap(name, out), true, nil
}

func stateFromMap(name string, v any) SourceState {
	m, _ := v.(map[string]any)
	st := SourceState{Name: name}
	str := func(k string) string { s, _ := m[k].(string); return s }
	tm := func(k string) time.Time { t, _ := m[k].(time.Time); return t }
	st.Type, st.Location, st.Schedule = str("type"), str("location"), str("schedule")
	st.Cursor, st.LeaseOwner = str("cursor"), str("lease_owner")
	st.LastRun, st.LastSuccess, st.LeaseUntil = tm("last_run"), tm("last_success"), tm("lease_until")
	return st
}

// decodeCursor reads a cursor of the kind v points to; a missing or
// unreadable cursor leaves v zero, which means "start from scratch" (safe:
// unchanged articles are skipped by content hash anyway).
func decodeCursor(raw string, v any) {
	if raw == "" {
		return
	}
	_ = json.Unmarshal([]byte(raw), v)
}

func encodeCursor(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
