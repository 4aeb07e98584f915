package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/load"
	"github.com/dipgraph/dipgraph/internal/schedule"
)

type scheduleOptions struct {
	listen string
}

func newScheduleCmd(a *app) *cobra.Command {
	return newScheduleCmdWith(a, func(ctx context.Context, o scheduleOptions) error { return a.runSchedule(ctx, o) })
}

// newScheduleCmdWith lets tests capture the parsed options.
func newScheduleCmdWith(a *app, runF func(context.Context, scheduleOptions) error) *cobra.Command {
	var o scheduleOptions
	cmd := &cobra.Command{
		Use:   "schedule",
		Short: "Keep the graph current: run each configured source on its schedule",
		Long: `schedule runs until stopped. Each source in schedule.sources (a watched
directory, an RSS/Atom feed URL or a JSON Lines file) runs on its own
schedule: a five-field cron expression read in schedule.timezone (UTC by
default; CRON_TZ=Area/City in front overrides it) or an interval such as
"@every 15m". A source that never ran, or missed its last activation, runs
at once.

Each run loads only what is new or changed: articles whose content hash is
already in the graph are skipped before extraction, a changed article
replaces its old facts, feeds are fetched with conditional GET. The state
lives in Neo4j on (:Source {name}) nodes, so any host or a fresh process
carries on where the last run stopped. A run holds a lease on its Source
node, so two runs of one source never overlap, even a cron
"dipgraph sync" beside this process.

A failing source does not stop the others; after a Neo4j error a source is
retried with exponential backoff. SIGTERM or SIGINT lets the runs in
progress finish or roll back their current batch, releases their leases
and exits 0.

/metrics (Prometheus) and /healthz are served on schedule.listen
(127.0.0.1:9464 by default; --listen ""  turns them off). Logs are
structured (log/slog): JSON when stderr is not a terminal, else text;
log.level and log.format set them. See docs/schedule.md.`,
		Example: `  dipgraph schedule
  dipgraph schedule --config /etc/dipgraph/config.yaml --listen 127.0.0.1:9464
  curl -s 127.0.0.1:9464/metrics | grep dipgraph_source`,
		Args: withArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.listen = a.cfg.Schedule.Listen
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.listen, "listen", "", `address for /metrics and /healthz (key schedule.listen; "" turns them off)`)
	bindFlag(cmd, "listen", "schedule.listen")
	return cmd
}

func (a *app) runSchedule(ctx context.Context, o scheduleOptions) error {
	// A stop by SIGTERM or SIGINT is a clean exit (0), whatever was under
	// way: the current batches were finished or rolled back and the leases
	// released. So an error counts only while ctx is live.
	if err := a.scheduleUntilStopped(ctx, o); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

func (a *app) scheduleUntilStopped(ctx context.Context, o scheduleOptions) error {
	log := a.logger()
	if len(a.cfg.Schedule.Sources) == 0 {
		return usageErrorf("no sources to schedule: add schedule.sources to the configuration (see docs/schedule.md), or run `dipgraph sync PATH_OR_URL` once")
	}
	sources := a.scheduleSources()
	if err := a.checkSchedules(sources); err != nil {
		return err
	}
	// A service may start before its database: wait for it (2 s doubling
	// up to a minute between tries) as long as it is unreachable.
	db, err := a.openDBWaiting(ctx, reconnect{first: 2 * time.Second, max: time.Minute, waitLocal: true,
		report: func(err error, wait time.Duration) {
			log.Warn("Neo4j unreachable; retrying", "error", err.Error(), "in", wait.String())
		}})
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	metrics := schedule.NewMetrics()
	r, err := a.newRunner(db, sources, log, metrics)
	if err != nil {
		return err
	}
	if err := r.Prepare(ctx); err != nil {
		return err
	}
	errc := make(chan error, 1)
	serveCtx, stopServe := context.WithCancel(ctx)
	defer stopServe()
	if o.listen != "" {
		l, err := schedule.Listen(o.listen)
		if err != nil {
			return usageErrorf("schedule.listen %s: %v", o.listen, err)
		}
		go func() { errc <- schedule.Serve(serveCtx, l, metrics, r, log) }()
	} else {
		errc <- nil
	}
	err = r.Schedule(ctx)
	stopServe()
	if serr := <-errc; serr != nil && err == nil {
		log.Warn("metrics server stopped", "error", serr)
	}
	return err
}

// scheduleSources maps schedule.sources onto the scheduler's sources.
func (a *app) scheduleSources() []schedule.SourceConfig {
	var out []schedule.SourceConfig
	for _, s := range a.cfg.Schedule.Sources {
		out = append(out, schedule.SourceConfig{
			Name: s.Name, Type: s.Type, Path: s.Path, URL: s.URL, Schedule: s.Schedule,
			ForgetDeleted: s.ForgetDeleted, FetchPages: s.FetchPages, Timeout: s.Timeout, MaxBytes: s.MaxBytes,
		})
	}
	return out
}

// checkSchedules parses every source's schedule before anything connects,
// so a typo is a configuration error (exit 2), not a Neo4j round trip.
func (a *app) checkSchedules(sources []schedule.SourceConfig) error {
	loc, err := time.LoadLocation(a.cfg.Schedule.Timezone)
	if err != nil {
		return usageErrorf("schedule.timezone %q: %v", a.cfg.Schedule.Timezone, err)
	}
	var errs []error
	for i, s := range sources {
		if s.Schedule == "" {
			continue
		}
		if _, err := schedule.ParseSpec(s.Schedule, loc); err != nil {
			errs = append(errs, fmt.Errorf("schedule.sources[%d].schedule (%s): %w", i, s.Name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return &usageError{err}
	}
	return nil
}

// newRunner builds the scheduler with the real extractor and loader.
func (a *app) newRunner(db *graph.DB, sources []schedule.SourceConfig, log *slog.Logger, metrics *schedule.Metrics) (*schedule.Runner, error) {
	loc, err := time.LoadLocation(a.cfg.Schedule.Timezone)
	if err != nil {
		return nil, usageErrorf("schedule.timezone %q: %v", a.cfg.Schedule.Timezone, err)
	}
	x, err := extract.New(extract.Options{LexiconDir: a.cfg.Extract.LexiconDir, MinConfidence: a.cfg.Extract.MinConfidence})
	if err != nil {
		return nil, usageErrorf("extract.lexicon_dir: %v", err)
	}
	l := load.New(db, load.Options{BatchSize: a.cfg.Load.BatchSize, Workers: a.cfg.Load.Workers, MaxEvidence: a.cfg.Load.MaxEvidence})
	r, err := schedule.New(db, l, x, schedule.Options{
		Sources:          sources,
		Location:         loc,
		Logger:           log,
		Metrics:          metrics,
		Read:             article.Options{Format: a.cfg.Extract.Format, MaxBytes: a.cfg.Extract.MaxArticleBytes},
		LeaseTTL:         a.cfg.Schedule.LeaseTTL,
		BatchSize:        a.cfg.Schedule.BatchSize,
		UserAgent:        schedule.UserAgent(version),
		Key:              graph.ArticleKey,
		ExtractorVersion: extract.Version,
	})
	if err != nil {
		return nil, usageErrorf("schedule.sources: %v", err)
	}
	return r, nil
}

// logger builds the structured logger: JSON when stderr is not a terminal
// (journald, files, log shippers) or log.format is json, text otherwise;
// the level is log.level.
func (a *app) logger() *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(a.cfg.Log.Level)); err != nil {
		level = slog.LevelInfo
	}
	return newLogger(a.stderr, level, a.cfg.Log.Format, a.stderrTTY)
}

func newLogger(w io.Writer, level slog.Level, format string, tty bool) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if strings.EqualFold(format, "json") || (!strings.EqualFold(format, "text") && !tty) {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
