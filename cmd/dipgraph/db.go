package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/internal/neo4jlocal"
)

// localNotRunningError says commands found no managed server to talk to.
// It counts as graph.ErrUnreachable (exit 4).
type localNotRunningError struct{ dataDir string }

func (e *localNotRunningError) Error() string {
	return "the local Neo4j is not running: start it with `dipgraph neo4j start`, or set neo4j.uri (NEO4J_URI) (data directory " + e.dataDir + ")"
}

func (e *localNotRunningError) Is(target error) bool { return target == graph.ErrUnreachable }

// localExtraConf lists extra neo4j.conf lines for the managed server
// (Browser settings such as browser.post_connect_cmd). Commands that need
// a setting add it here.
func (a *app) localExtraConf() []string { return nil }

// localServer maps the local section of the configuration onto the
// managed server's options.
func (a *app) localServer() (*neo4jlocal.Server, error) {
	l := a.cfg.Local
	s, err := neo4jlocal.New(neo4jlocal.Options{
		CacheDir:       l.CacheDir,
		DataDir:        l.DataDir,
		Version:        l.Version,
		BrowserVersion: l.BrowserVersion,
		BoltPort:       l.BoltPort,
		HTTPPort:       l.HTTPPort,
		Heap:           l.Heap,
		PageCache:      l.PageCache,
		JavaHome:       l.JavaHome,
		StartTimeout:   l.StartTimeout,
		Password:       a.cfg.Neo4j.Password,
		ExtraConf:      a.localExtraConf(),
		Log:            a.stderr,
		Getenv:         a.getenv,
	})
	if err != nil {
		if errors.Is(err, neo4jlocal.ErrPasswordTooShort) {
			return nil, &usageError{err}
		}
		return nil, err
	}
	return s, nil
}

// connOptions says how to reach the Neo4j the configuration names: the
// configured URI and credentials, or, with no neo4j.uri, the managed local
// server on 127.0.0.1 with NEO4J_PASSWORD or its generated password.
func (a *app) connOptions() (graph.ConnOptions, error) {
	n := a.cfg.Neo4j
	o := graph.ConnOptions{
		URI:            n.URI,
		Username:       n.Username,
		Password:       n.Password,
		Database:       n.Database,
		ConnectTimeout: n.ConnectTimeout,
		MaxRetryTime:   n.MaxRetryTime,
	}
	if !a.cfg.UsesLocalServer() {
		return o, nil
	}
	s, err := a.localServer()
	if err != nil {
		return o, err
	}
	if !s.Running() {
		return o, &localNotRunningError{s.Options().DataDir}
	}
	o.URI = s.BoltURI()
	if o.Password, err = s.Password(); err != nil {
		return o, &usageError{fmt.Errorf("%w: set NEO4J_PASSWORD", err)}
	}
	return o, nil
}

// openDB connects to the configured Neo4j and verifies connectivity and
// credentials; failures are classified (graph.ErrUnreachable, ErrAuth, …)
// so exitCode prints a hint. The caller closes the DB.
func (a *app) openDB(ctx context.Context) (*graph.DB, error) {
	o, err := a.connOptions()
	if err != nil {
		return nil, err
	}
	return graph.Open(ctx, o)
}

// reconnect says how openDBWaiting waits for an unreachable Neo4j.
type reconnect struct {
	first, max time.Duration // the first pause, doubled up to max
	tries      int           // retries after the first attempt; 0: until ctx ends
	waitLocal  bool          // also wait while the managed local server is not running
	report     func(err error, wait time.Duration)
}

// openDBWaiting is openDB that tries again, with backoff, while Neo4j is
// unreachable (restarting, or not up yet); other failures (credentials,
// database name) end at once.
func (a *app) openDBWaiting(ctx context.Context, r reconnect) (*graph.DB, error) {
	wait := r.first
	for i := 0; ; i++ {
		db, err := a.openDB(ctx)
		var notStarted *localNotRunningError
		if err == nil || !errors.Is(err, graph.ErrUnreachable) ||
			(!r.waitLocal && errors.As(err, &notStarted)) || (r.tries > 0 && i >= r.tries) {
			return db, err
		}
		r.report(err, wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		wait = min(2*wait, r.max)
	}
}
