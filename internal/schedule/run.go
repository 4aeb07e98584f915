package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
	"github.com/dipgraph/dipgraph/graph/load"
)

// Outcome is how one run of a source ended.
type Outcome string

// Outcomes of a run.
const (
	OutcomeOK          Outcome = "ok"          // everything read was loaded or skipped as unchanged
	OutcomePartial     Outcome = "partial"     // the run finished, but some inputs or articles failed
	OutcomeFailed      Outcome = "failed"      // the source could not be read, or Neo4j failed
	OutcomeBusy        Outcome = "busy"        // another runner holds the source's lease; nothing done
	OutcomeInterrupted Outcome = "interrupted" // stopped by a signal; the current batch was finished or rolled back
)

// Result reports one run of one source.
type Result struct {
	Source    string
	Type      string
	Location  string
	Outcome   Outcome
	Loaded    int // new articles loaded
	Replaced  int // changed articles whose old facts were replaced
	Skipped   int // articles unchanged since they were loaded
	Failed    int // inputs or articles that could not be read, extracted or loaded
	Forgotten int // articles of deleted files forgotten (forget_deleted)
	Started   time.Time
	Duration  time.Duration
	// Message says more in words ("not modified", the lease holder, …).
	Message string
	// Err is the error that failed or interrupted the run.
	Err error
	// Neo4j is true when Err came from the database, which calls for a
	// retry with backoff rather than waiting for the next scheduled time.
	Neo4j bool
}

// dbError marks errors from Neo4j (state, loader).
type dbError struct{ err error }

func (e *dbError) Error() string { return e.err.Error() }
func (e *dbError) Unwrap() error { return e.err }

func dbErr(err error) error {
	if err == nil {
		return nil
	}
	var de *dbError
	if errors.As(err, &de) {
		return err
	}
	return &dbError{err}
}

// run is one run of one source.
type run struct {
	r      *Runner
	src    SourceConfig
	log    *slog.Logger
	res    *Result
	cursor string // as stored before the run ("" when the source moved)
}

// RunSource runs src once: lease, read, skip unchanged, extract, load,
// record state, release. It never returns an error; the Result says what
// happened. A cancelled ctx interrupts the run after the current batch,
// which the loader finishes or rolls back.
func (r *Runner) RunSource(ctx context.Context, src SourceConfig) (res Result) {
	start := r.now()
	res = Result{Source: src.Name, Type: src.Type, Location: src.Location(), Started: start}
	log := r.log.With("source", src.Name, "type", src.Type)
	defer func() {
		res.Duration = r.now().Sub(start)
		r.finish(log, &res)
	}()

	before, err := r.state.acquire(ctx, src)
	var held *LeaseHeldError
	switch {
	case errors.As(err, &held):
		res.Outcome, res.Message = OutcomeBusy, held.Error()
		return res
	case err != nil:
		res.Outcome, res.Err, res.Neo4j = OutcomeFailed, err, true
		if ctx.Err() != nil {
			res.Outcome = OutcomeInterrupted
		}
		return res
	}
	cursor := before.Cursor
	if before.Location != src.Location() || before.Type != src.Type {
		cursor = "" // the source was repointed: its old cursor means nothing here
	}

	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stopRenew := r.keepLease(runCtx, cancel, src.Name, log)

	rn := &run{r: r, src: src, log: log, res: &res, cursor: cursor}
	var newCursor string
	switch src.Type {
	case TypeDir:
		newCursor, err = rn.dir(runCtx)
	case TypeJSONL:
		newCursor, err = rn.jsonl(runCtx)
	case TypeFeed:
		newCursor, err = rn.feed(runCtx)
	default:
		err = fmt.Errorf("source %s: unknown type %q", src.Name, src.Type)
	}
	stopRenew()
	if cause := context.Cause(runCtx); err != nil && errors.Is(cause, errLeaseLost) && ctx.Err() == nil {
		err = fmt.Errorf("source %s: %w (another runner may have taken over)", src.Name, errLeaseLost)
	}

	interrupted := ctx.Err() != nil
	switch {
	case interrupted:
		res.Outcome, res.Err = OutcomeInterrupted, ctx.Err()
	case err != nil:
		var de *dbError
		res.Outcome, res.Err, res.Neo4j = OutcomeFailed, err, errors.As(err, &de)
	case res.Failed > 0:
		res.Outcome = OutcomePartial
	default:
		res.Outcome = OutcomeOK
	}

	// Release with a fresh, bounded context: a SIGTERM must not leave the
	// lease held until it expires. An interrupted run records no last_run,
	// so the next process resumes it at once.
	relCtx, relCancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer relCancel()
	ok := res.Outcome == OutcomeOK || res.Outcome == OutcomePartial
	if err := r.state.release(relCtx, src.Name, start, !interrupted, ok, newCursor); err != nil {
		log.Warn("could not release the source's lease; it expires by itself", "error", err, "lease_ttl", r.opts.LeaseTTL)
	}
	return res
}

// keepLease renews the lease every TTL/3 until stop is called. When the
// lease is lost (another runner took it over after an expiry) or cannot
// be renewed before it would expire, it cancels the run.
func (r *Runner) keepLease(ctx context.Context, cancel context.CancelCauseFunc, name string, log *slog.Logger) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	ttl := r.opts.LeaseTTL
	go func() {
		defer close(finished)
		t := time.NewTicker(ttl / 3)
		defer t.Stop()
		lastOK := time.Now()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			ok, err := r.state.renew(ctx, name)
			switch {
			case err != nil && ctx.Err() != nil:
				return
			case err != nil:
				log.Warn("lease renewal failed", "error", err)
				if time.Since(lastOK) > ttl*2/3 {
					cancel(errLeaseLost)
					return
				}
			case !ok:
				log.Error("lease lost: another runner took the source over")
				cancel(errLeaseLost)
				return
			default:
				lastOK = time.Now()
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// finish logs a run and records it in the metrics and health state.
func (r *Runner) finish(log *slog.Logger, res *Result) {
	attrs := []any{
		"outcome", string(res.Outcome), "loaded", res.Loaded, "replaced", res.Replaced,
		"skipped", res.Skipped, "failed", res.Failed, "forgotten", res.Forgotten,
		"duration", res.Duration.Round(time.Millisecond).String(),
	}
	if res.Message != "" {
		attrs = append(attrs, "message", res.Message)
	}
	if res.Err != nil {
		attrs = append(attrs, "error", res.Err.Error())
	}
	switch res.Outcome {
	case OutcomeFailed:
		log.Error("source run failed", attrs...)
	case OutcomeBusy:
		log.Warn("source skipped: its lease is held by another runner", attrs...)
	case OutcomePartial, OutcomeInterrupted:
		log.Warn("source run finished", attrs...)
	default:
		log.Info("source run finished", attrs...)
	}
	r.metrics.observe(res, r.now())
	r.health.observe(res, r.now())
}

// process loads one batch of articles: articles whose content hash is
// already stored under their key are skipped before extraction; the rest
// are extracted and loaded, replacing older versions.
func (rn *run) process(ctx context.Context, arts []article.Article) error {
	if len(arts) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// One article per key: a feed or file that repeats an item keeps the last.
	metas := make([]extract.ArticleMeta, 0, len(arts))
	index := map[string]int{}
	var keys []string
	var kept []article.Article
	for _, a := range arts {
		m := extract.Meta(a)
		k := rn.r.key(m)
		if i, ok := index[k]; ok {
			kept[i], metas[i] = a, m
			continue
		}
		index[k] = len(kept)
		kept, metas, keys = append(kept, a), append(metas, m), append(keys, k)
	}
	known, err := rn.r.loader.Known(ctx, keys)
	if err != nil {
		return dbErr(fmt.Errorf("source %s: look up known articles: %w", rn.src.Name, err))
	}
	var docs []extract.Document
	for i, a := range kept {
		if k, seen := known[keys[i]]; seen && rn.unchanged(k, metas[i]) {
			rn.res.Skipped++
			continue
		}
		doc, err := rn.r.extractor.Extract(ctx, a)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			rn.res.Failed++
			rn.log.Warn("article not extracted", "article", a.ID, "input", inputName(a), "error", err.Error())
			continue
		}
		docs = append(docs, doc)
	}
	if len(docs) == 0 {
		return nil
	}
	sum, err := rn.r.loader.Load(ctx, docs)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return dbErr(fmt.Errorf("source %s: load %d articles: %w", rn.src.Name, len(docs), err))
	}
	rn.res.Loaded += sum.New
	rn.res.Replaced += sum.Replaced
	rn.res.Skipped += sum.Unchanged + sum.Duplicates
	rn.res.Failed += len(sum.Skipped)
	for _, sk := range sum.Skipped {
		rn.log.Warn("article not loaded", "input", sk.Input, "reason", sk.Reason)
	}
	return nil
}

// unchanged reports whether the graph already holds this version of the
// article: the same text, extracted by the same extractor version.
func (rn *run) unchanged(k load.Known, m extract.ArticleMeta) bool {
	if k.ContentHash != m.ContentHash {
		return false
	}
	v := rn.r.opts.ExtractorVersion
	return v == "" || k.ExtractorVersion == "" || k.ExtractorVersion == v || k.DuplicateOf != ""
}

// inputError records one input that could not be read.
func (rn *run) inputError(err error) {
	rn.res.Failed++
	rn.log.Warn("input not read", "error", err.Error())
}

func inputName(a article.Article) string {
	if a.Line > 0 {
		return fmt.Sprintf("%s:%d", a.Source, a.Line)
	}
	return a.Source
}
