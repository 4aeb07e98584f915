package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/load"
)

// Loader is what a run needs from the graph loader (*load.Loader).
type Loader interface {
	// Known returns what the graph holds for each key already loaded.
	Known(ctx context.Context, keys []string) (map[string]load.Known, error)
	// Load loads documents, replacing older versions of the same articles.
	Load(ctx context.Context, docs []extract.Document) (load.Summary, error)
	// Forget removes articles and exactly their contributions.
	Forget(ctx context.Context, keys []string) (load.Summary, error)
}

// Extractor turns one article into its article graph (extract.Extractor).
type Extractor interface {
	Extract(ctx context.Context, a article.Article) (extract.Document, error)
}

// Options configure a Runner.
type Options struct {
	// Sources are the configured sources that Schedule runs on their
	// schedules and Sync runs once.
	Sources []SourceConfig
	// Location is the time zone of cron expressions (UTC when nil).
	Location *time.Location
	// Logger receives structured logs (discarded when nil).
	Logger *slog.Logger
	// Metrics records runs for /metrics (none when nil).
	Metrics *Metrics
	// Owner names this runner in leases (Owner() when empty).
	Owner string
	// LeaseTTL is how long a lease lasts past its last renewal
	// (DefaultLeaseTTL when 0).
	LeaseTTL time.Duration
	// BatchSize is how many articles are extracted and loaded at a time
	// (100 when 0); a signal stops a run between batches.
	BatchSize int
	// MaxConcurrent bounds how many sources Schedule runs at once (2 when 0).
	MaxConcurrent int
	// Read are the reader options (format, size limit, language check).
	Read article.Options
	// UserAgent is sent with every HTTP request (UserAgent("dev") when empty).
	UserAgent string
	// HTTPClient replaces the default client (tests).
	HTTPClient *http.Client
	// Key computes an Article's key as the loader does (graph.ArticleKey
	// when nil).
	Key func(extract.ArticleMeta) string
	// ExtractorVersion is the extractor's version (extract.Version): an
	// article whose text is unchanged but was extracted by another version
	// is extracted and loaded again. Empty: text alone decides.
	ExtractorVersion string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Retries is how many times Sync retries a source that failed on a
	// Neo4j error, with backoff (2 when 0; negative for none).
	Retries int
	// Backoff is the first retry delay after a Neo4j error, doubled per
	// failure up to MaxBackoff (5s and 5m when 0).
	Backoff, MaxBackoff time.Duration
}

// Runner runs sources: once each (Sync) or on their schedules (Schedule).
type Runner struct {
	opts      Options
	loader    Loader
	extractor Extractor
	state     *state
	fetch     *fetcher
	log       *slog.Logger
	metrics   *Metrics
	health    *health
	specs     map[string]Spec
	now       func() time.Time
	key       func(extract.ArticleMeta) string
}

// New checks the sources and their schedules and returns a Runner that
// keeps its state in db. It does not touch the database.
func New(db *graph.DB, l Loader, x Extractor, opts Options) (*Runner, error) {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Owner == "" {
		opts.Owner = Owner()
	}
	if opts.LeaseTTL <= 0 {
		opts.LeaseTTL = DefaultLeaseTTL
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 100
	}
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = 2
	}
	if opts.UserAgent == "" {
		opts.UserAgent = UserAgent("dev")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Key == nil {
		opts.Key = graph.ArticleKey
	}
	if opts.Retries == 0 {
		opts.Retries = 2
	}
	if opts.Backoff <= 0 {
		opts.Backoff = 5 * time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 5 * time.Minute
	}
	r := &Runner{
		opts: opts, loader: l, extractor: x,
		state:   &state{db: db, owner: opts.Owner, ttl: opts.LeaseTTL},
		fetch:   newFetcher(opts.UserAgent, opts.HTTPClient),
		log:     opts.Logger,
		metrics: opts.Metrics,
		health:  newHealth(),
		specs:   map[string]Spec{},
		now:     opts.Now,
		key:     opts.Key,
	}
	var errs []error
	names := map[string]bool{}
	for i, src := range opts.Sources {
		src, err := src.validate()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if names[src.Name] {
			errs = append(errs, fmt.Errorf("source %s: name used twice", src.Name))
		}
		names[src.Name] = true
		if src.Schedule != "" {
			spec, err := ParseSpec(src.Schedule, opts.Location)
			if err != nil {
				errs = append(errs, fmt.Errorf("source %s: %w", src.Name, err))
			}
			r.specs[src.Name] = spec
		}
		opts.Sources[i] = src
	}
	r.opts.Sources = opts.Sources
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return r, nil
}

// Owner is the id this runner takes leases under.
func (r *Runner) Owner() string { return r.opts.Owner }

// Sources returns the configured sources, paths made absolute.
func (r *Runner) Sources() []SourceConfig { return append([]SourceConfig(nil), r.opts.Sources...) }

// Prepare makes sure the Source name constraint exists.
func (r *Runner) Prepare(ctx context.Context) error {
	return dbErr(r.state.ensureConstraint(ctx))
}

// Sync runs each source once, one after the other; a failing source does
// not stop the others. A source that fails on a Neo4j error is retried
// with backoff. It stops early only when ctx is cancelled, returning the
// results so far (the interrupted one included) and ctx's error.
func (r *Runner) Sync(ctx context.Context, sources []SourceConfig) ([]Result, error) {
	var out []Result
	for _, src := range sources {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		src, err := src.validate()
		if err != nil {
			out = append(out, Result{Source: src.Name, Type: src.Type, Location: src.Location(), Outcome: OutcomeFailed, Err: err})
			continue
		}
		var res Result
		for attempt := 0; ; attempt++ {
			res = r.RunSource(ctx, src)
			if res.Outcome != OutcomeFailed || !res.Neo4j || attempt >= r.opts.Retries {
				break
			}
			d := r.backoff(attempt + 1)
			r.log.Info("retrying after a Neo4j error", "source", src.Name, "in", d.String())
			if !sleep(ctx, d) {
				break
			}
		}
		out = append(out, res)
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
	}
	return out, nil
}

// Schedule runs every configured source with a schedule on it until ctx
// is cancelled, then waits for the runs in progress to finish or roll back
// their current batch, and returns nil. A source runs at once when it has
// never run or missed its last activation (by the last_run on its Source
// node, whichever process ran it), then at each activation. After a Neo4j
// error it is retried with exponential backoff (never later than its next
// activation); other failures wait for the next activation.
func (r *Runner) Schedule(ctx context.Context) error {
	sem := make(chan struct{}, r.opts.MaxConcurrent)
	done := make(chan struct{})
	n := 0
	for _, src := range r.opts.Sources {
		spec, ok := r.specs[src.Name]
		if !ok || spec.IsZero() {
			r.log.Warn("source has no schedule: only sync runs it", "source", src.Name)
			continue
		}
		n++
		go func() {
			defer func() { done <- struct{}{} }()
			r.loop(ctx, src, spec, sem)
		}()
	}
	if n == 0 {
		return errors.New("no source has a schedule (set schedule.sources[].schedule)")
	}
	r.log.Info("scheduler started", "sources", n, "owner", r.opts.Owner, "timezone", r.opts.Location.String())
	for range n {
		<-done
	}
	r.log.Info("scheduler stopped")
	return nil
}

func (r *Runner) loop(ctx context.Context, src SourceConfig, spec Spec, sem chan struct{}) {
	log := r.log.With("source", src.Name)
	failures := 0
	next := r.firstRun(ctx, src, spec, log)
	for {
		r.health.scheduled(src.Name, next)
		if !sleep(ctx, next.Sub(r.now())) {
			return
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		res := r.RunSource(ctx, src)
		<-sem
		if ctx.Err() != nil {
			return
		}
		now := r.now()
		next = spec.Next(now)
		if res.Outcome == OutcomeFailed && res.Neo4j {
			failures++
			if retry := now.Add(r.backoff(failures)); retry.Before(next) {
				next = retry
			}
		} else {
			failures = 0
		}
		log.Debug("next run", "at", next.Format(time.RFC3339))
	}
}

// firstRun decides when a source first runs in this process: now when it
// never ran or its next activation after last_run has passed, else at that
// activation. If Neo4j cannot be asked, it retries with backoff.
func (r *Runner) firstRun(ctx context.Context, src SourceConfig, spec Spec, log *slog.Logger) time.Time {
	for attempt := 1; ; attempt++ {
		st, ok, err := r.state.get(ctx, src.Name)
		if err == nil {
			now := r.now()
			if !ok || st.LastRun.IsZero() {
				return now
			}
			if due := spec.Next(st.LastRun); due.After(now) {
				return due
			}
			return now
		}
		if ctx.Err() != nil {
			return r.now()
		}
		d := r.backoff(attempt)
		log.Warn("cannot read source state; retrying", "error", err, "in", d.String())
		r.health.neo4jFailed(err)
		if !sleep(ctx, d) {
			return r.now()
		}
	}
}

// backoff is the delay before retry n (1-based): Backoff doubled per
// failure, capped at MaxBackoff, with ±20% jitter so that several runners
// do not retry in step.
func (r *Runner) backoff(n int) time.Duration {
	d := r.opts.Backoff
	for i := 1; i < n && d < r.opts.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, r.opts.MaxBackoff)
	jitter := time.Duration((rand.Float64()*0.4 - 0.2) * float64(d))
	return d + jitter
}

// sleep waits d or until ctx is done; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
