package schedule

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"
)

// health tracks what /healthz reports: per source, the last outcome and
// the next planned run, and whether the last contact with Neo4j failed.
type health struct {
	mu       sync.Mutex
	sources  map[string]*sourceHealth
	neo4jErr string
}

type sourceHealth struct {
	Name        string    `json:"name"`
	LastOutcome Outcome   `json:"last_outcome,omitempty"`
	LastRun     time.Time `json:"last_run,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
	NextRun     time.Time `json:"next_run,omitzero"`
}

func newHealth() *health { return &health{sources: map[string]*sourceHealth{}} }

func (h *health) source(name string) *sourceHealth {
	s, ok := h.sources[name]
	if !ok {
		s = &sourceHealth{Name: name}
		h.sources[name] = s
	}
	return s
}

func (h *health) observe(res *Result, now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.source(res.Source)
	s.LastOutcome, s.LastRun, s.LastError = res.Outcome, res.Started, ""
	if res.Err != nil {
		s.LastError = res.Err.Error()
	}
	if res.Outcome == OutcomeOK || res.Outcome == OutcomePartial {
		s.LastSuccess = now
	}
	switch {
	case res.Neo4j && res.Err != nil:
		h.neo4jErr = res.Err.Error()
	case res.Outcome != OutcomeInterrupted:
		h.neo4jErr = "" // the run reached Neo4j (a lease at least)
	}
}

func (h *health) scheduled(name string, next time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.source(name).NextRun = next
}

func (h *health) neo4jFailed(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.neo4jErr = err.Error()
}

// HealthHandler serves /healthz: 200 with a JSON status while the last
// contact with Neo4j succeeded, 503 while it failed (the scheduler keeps
// retrying with backoff). A failing feed or directory does not make the
// scheduler unhealthy; its last_error says what went wrong.
func (r *Runner) HealthHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := r.health
		h.mu.Lock()
		body := struct {
			Status  string          `json:"status"`
			Owner   string          `json:"owner"`
			Neo4j   string          `json:"neo4j"`
			Sources []*sourceHealth `json:"sources"`
		}{Status: "ok", Owner: r.opts.Owner, Neo4j: "ok"}
		for _, s := range h.sources {
			c := *s
			body.Sources = append(body.Sources, &c)
		}
		if h.neo4jErr != "" {
			body.Status, body.Neo4j = "unavailable", h.neo4jErr
		}
		h.mu.Unlock()
		sort.Slice(body.Sources, func(i, j int) bool { return body.Sources[i].Name < body.Sources[j].Name })
		w.Header().Set("Content-Type", "application/json")
		if body.Status != "ok" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_ = json.NewEncoder(w).Encode(body)
	})
}

// Listen binds addr for Serve, so a port already in use is reported before
// the scheduler starts.
func Listen(addr string) (net.Listener, error) {
	return net.Listen("tcp", addr)
}

// Serve serves /metrics and /healthz on l until ctx is cancelled, then
// shuts the server down within a few seconds.
func Serve(ctx context.Context, l net.Listener, m *Metrics, r *Runner, log *slog.Logger) error {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.Handle("GET /healthz", r.HealthHandler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	log.Info("serving /metrics and /healthz", "addr", l.Addr().String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}
