package schedule

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
)

// openTestDB connects to the test Neo4j (wiped, locked for this test).
func openTestDB(t *testing.T) *graph.DB {
	t.Helper()
	c := neo4jtest.Require(t)
	db, err := graph.Open(t.Context(), graph.ConnOptions{URI: c.URI, Username: c.Username, Password: c.Password, Database: c.Database, ConnectTimeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("open test Neo4j: %v", err)
	}
	t.Cleanup(func() { _ = db.Close(t.Context()) })
	return db
}

func TestLease(t *testing.T) {
	db := openTestDB(t)
	ctx := t.Context()
	src := SourceConfig{Name: "wire", Type: TypeFeed, URL: "http://127.0.0.1:1/feed.xml", Schedule: "@every 15m"}
	a := &state{db: db, owner: "host-a:1:aaaa", ttl: time.Minute}
	b := &state{db: db, owner: "host-b:2:bbbb", ttl: time.Minute}
	if err := a.ensureConstraint(ctx); err != nil {
		t.Fatalf("ensureConstraint: %v", err)
	}
	if err := b.ensureConstraint(ctx); err != nil {
		t.Fatalf("ensureConstraint again: %v", err)
	}

	before, err := a.acquire(ctx, src)
	if err != nil {
		t.Fatalf("A acquire: %v", err)
	}
	if !before.LastRun.IsZero() || before.Cursor != "" {
		t.Errorf("A acquire on a new source: before = %+v, want empty", before)
	}
	// A runner may take its own lease again (a renewal by acquire).
	if _, err := a.acquire(ctx, src); err != nil {
		t.Errorf("A acquire again: %v", err)
	}
	_, err = b.acquire(ctx, src)
	var held *LeaseHeldError
	if !errors.As(err, &held) || held.Owner != a.owner || held.Until.Before(time.Now()) {
		t.Fatalf("B acquire while A holds: err = %v, want *LeaseHeldError naming %s with a future expiry", err, a.owner)
	}
	if ok, err := b.renew(ctx, src.Name); err != nil || ok {
		t.Errorf("B renew of A's lease = %v, %v; want false", ok, err)
	}
	if ok, err := a.renew(ctx, src.Name); err != nil || !ok {
		t.Errorf("A renew = %v, %v; want true", ok, err)
	}
	if err := b.release(ctx, src.Name, time.Now(), true, true, `{"etag":"b"}`); err != nil {
		t.Fatalf("B release: %v", err)
	}
	st, ok, err := a.get(ctx, src.Name)
	if err != nil || !ok || st.LeaseOwner != a.owner || st.Cursor != "" {
		t.Fatalf("after B's release of A's lease: %+v, %v, %v; want A still holding, no cursor", st, ok, err)
	}

	started := time.Now().Add(-time.Second).Truncate(time.Millisecond)
	if err := a.release(ctx, src.Name, started, true, true, `{"etag":"\"v1\""}`); err != nil {
		t.Fatalf("A release: %v", err)
	}
	st, _, err = a.get(ctx, src.Name)
	if err != nil {
		t.Fatal(err)
	}
	if st.LeaseOwner != "" || !st.LeaseUntil.IsZero() {
		t.Errorf("after release the lease is %q until %s, want none", st.LeaseOwner, st.LeaseUntil)
	}
	if !st.LastRun.Equal(started) || st.LastSuccess.IsZero() || st.Cursor != `{"etag":"\"v1\""}` {
		t.Errorf("after release: last_run %s (want %s), last_success %s, cursor %q", st.LastRun, started, st.LastSuccess, st.Cursor)
	}
	if st.Type != TypeFeed || st.Location != src.URL || st.Schedule != src.Schedule {
		t.Errorf("Source node type/location/schedule = %q %q %q", st.Type, st.Location, st.Schedule)
	}

	// B can now take it; a failed run keeps the old cursor and last_success.
	before, err = b.acquire(ctx, src)
	if err != nil {
		t.Fatalf("B acquire after release: %v", err)
	}
	if before.Cursor != `{"etag":"\"v1\""}` {
		t.Errorf("B sees cursor %q", before.Cursor)
	}
	if err := b.release(ctx, src.Name, time.Now(), true, false, `{"etag":"broken"}`); err != nil {
		t.Fatal(err)
	}
	st2, _, _ := a.get(ctx, src.Name)
	if st2.Cursor != st.Cursor || !st2.LastSuccess.Equal(st.LastSuccess) || !st2.LastRun.After(st.LastRun) {
		t.Errorf("after a failed run: cursor %q, last_success %s, last_run %s; want cursor and last_success unchanged, last_run later", st2.Cursor, st2.LastSuccess, st2.LastRun)
	}
}

func TestLeaseExpires(t *testing.T) {
	db := openTestDB(t)
	ctx := t.Context()
	src := SourceConfig{Name: "inbox", Type: TypeDir, Path: "/srv/articles"}
	a := &state{db: db, owner: "a", ttl: 300 * time.Millisecond}
	b := &state{db: db, owner: "b", ttl: time.Minute}
	if _, err := a.acquire(ctx, src); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // A "crashed": no renewal
	if _, err := b.acquire(ctx, src); err != nil {
		t.Fatalf("B acquire after A's lease expired: %v", err)
	}
	if ok, err := a.renew(ctx, src.Name); err != nil || ok {
		t.Errorf("A renew after B took over = %v, %v; want false", ok, err)
	}
}

// TestLeaseConcurrent races many runners for one free lease: exactly one
// may win, every time.
func TestLeaseConcurrent(t *testing.T) {
	db := openTestDB(t)
	ctx := t.Context()
	for round := range 5 {
		src := SourceConfig{Name: fmt.Sprintf("race-%d", round), Type: TypeDir, Path: "/srv/x"}
		const n = 8
		var wg sync.WaitGroup
		var mu sync.Mutex
		var winners []string
		var errs []error
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := &state{db: db, owner: fmt.Sprintf("runner-%d", i), ttl: time.Minute}
				_, err := s.acquire(ctx, src)
				mu.Lock()
				defer mu.Unlock()
				var held *LeaseHeldError
				switch {
				case err == nil:
					winners = append(winners, s.owner)
				case !errors.As(err, &held):
					errs = append(errs, err)
				}
			}()
		}
		wg.Wait()
		if len(errs) > 0 {
			t.Fatalf("round %d: acquire errors: %v", round, errs)
		}
		if len(winners) != 1 {
			t.Fatalf("round %d: %d runners got the lease (%v), want exactly 1", round, len(winners), winners)
		}
		st, _, err := (&state{db: db}).get(ctx, src.Name)
		if err != nil || st.LeaseOwner != winners[0] {
			t.Errorf("round %d: lease_owner = %q, want %q (%v)", round, st.LeaseOwner, winners[0], err)
		}
	}
	res, err := db.Run(ctx, "MATCH (s:Source) RETURN count(s) AS n", nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Rows[0][0]; n != int64(5) {
		t.Errorf("%v Source nodes, want 5 (one per name)", n)
	}
}
