package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dipgraph/dipgraph/internal/schedule"
)

type syncOptions struct {
	args   []string
	format string
}

func newSyncCmd(a *app) *cobra.Command {
	return newSyncCmdWith(a, func(ctx context.Context, o syncOptions) error { return a.runSync(ctx, o) })
}

// newSyncCmdWith lets tests capture the parsed options.
func newSyncCmdWith(a *app, runF func(context.Context, syncOptions) error) *cobra.Command {
	var o syncOptions
	cmd := &cobra.Command{
		Use:   "sync [SOURCE | PATH | URL]...",
		Short: "Run sources once: the work of schedule, for cron and systemd timers",
		Long: `sync runs sources once, one after the other, and exits. With no
arguments it runs every source in schedule.sources. An argument is a
configured source's name, or an ad-hoc source: a directory or file path
(a .jsonl or .ndjson file is read as a growing JSON Lines file) or an
http(s) RSS/Atom feed URL. An ad-hoc source is named by its absolute path
or URL, and keeps its state under that name like a configured one.

Runs are incremental exactly as under "dipgraph schedule", with the state
in Neo4j. A source whose lease is held by another runner (a schedule
process, or another sync) is skipped with outcome "busy": that is not a
failure, the other runner is doing the work.

Output: one row per source (table on a terminal, else JSON Lines; --format
picks): outcome ok, partial, failed, busy or interrupted, and the article
counts loaded (new), replaced (changed), skipped (unchanged), failed and
forgotten. Logs go to stderr.

Exit status: 0 when every source was ok or busy; 3 when some inputs or
sources failed and the rest were done; 4 when Neo4j cannot be reached;
130 (SIGINT) or 143 (SIGTERM) when interrupted: the current batch was
finished or rolled back, and the next sync carries on.`,
		Example: `  dipgraph sync
  dipgraph sync inbox
  dipgraph sync ./articles https://example.org/world.rss
  */15 * * * * dipgraph sync --config /etc/dipgraph/config.yaml   # crontab`,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := a.resolveFormat(o.format)
			if err != nil {
				return err
			}
			o.format, o.args = f, args
			return runF(cmd.Context(), o)
		},
	}
	addFormatFlag(cmd, &o.format)
	return cmd
}

// syncSources picks the sources a sync runs: all configured ones with no
// arguments, else each argument as a configured name or an ad-hoc source.
func (a *app) syncSources(args []string) ([]schedule.SourceConfig, error) {
	configured := a.scheduleSources()
	if len(args) == 0 {
		if len(configured) == 0 {
			return nil, usageErrorf("no sources: add schedule.sources to the configuration, or give a path or feed URL (dipgraph sync ./articles https://example.org/feed.xml)")
		}
		return configured, nil
	}
	byName := map[string]schedule.SourceConfig{}
	for _, s := range configured {
		byName[s.Name] = s
	}
	var out []schedule.SourceConfig
	seen := map[string]bool{}
	for _, arg := range args {
		s, ok := byName[arg]
		if !ok {
			var err error
			if s, err = schedule.AdHoc(arg); err != nil {
				return nil, usageErrorf("%v", err)
			}
		}
		if !seen[s.Name] {
			seen[s.Name] = true
			out = append(out, s)
		}
	}
	return out, nil
}

func (a *app) runSync(ctx context.Context, o syncOptions) error {
	log := a.logger()
	sources, err := a.syncSources(o.args)
	if err != nil {
		return err
	}
	if err := a.checkSchedules(a.scheduleSources()); err != nil {
		return err
	}
	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	// Ad-hoc sources are validated by Sync itself; the runner gets only the
	// configured ones, whose schedules it checks.
	r, err := a.newRunner(db, a.scheduleSources(), log, nil)
	if err != nil {
		return err
	}
	if err := r.Prepare(ctx); err != nil {
		return err
	}
	results, runErr := r.Sync(ctx, sources)

	t := table{Columns: []string{"source", "type", "outcome", "loaded", "replaced", "skipped", "failed", "forgotten", "seconds", "message"}}
	failed, neo4jDown := 0, 0
	var firstNeo4j error
	for _, res := range results {
		msg := res.Message
		if res.Err != nil && res.Outcome != schedule.OutcomeInterrupted {
			if msg != "" {
				msg += ": "
			}
			msg += res.Err.Error()
		}
		t.Rows = append(t.Rows, []any{res.Source, res.Type, string(res.Outcome), res.Loaded, res.Replaced, res.Skipped, res.Failed, res.Forgotten, roundSeconds(res.Duration.Seconds()), msg})
		switch res.Outcome {
		case schedule.OutcomeFailed, schedule.OutcomePartial:
			failed++
			if res.Neo4j {
				neo4jDown++
				if firstNeo4j == nil {
					firstNeo4j = res.Err
				}
			}
		case schedule.OutcomeBusy:
			fmt.Fprintf(a.stderr, "dipgraph: skipped %s\n", res.Message)
		}
	}
	if err := writeTable(a.stdout, o.format, t); err != nil {
		return err
	}
	switch {
	case runErr != nil:
		return runErr // interrupted: exitCode maps the signal to 130 or 143
	case failed > 0 && neo4jDown == len(results):
		return firstNeo4j // Neo4j went away: exit 4 with its hint
	case failed > 0:
		fmt.Fprintf(a.stderr, "dipgraph: %d of %d sources failed or loaded only in part (see the log above)\n", failed, len(results))
		return &silentError{code: exitPartial}
	}
	return nil
}

func roundSeconds(s float64) float64 {
	return float64(int64(s*1000+0.5)) / 1000
}
