package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
	"github.com/dipgraph/dipgraph/graph/load"
	"github.com/dipgraph/dipgraph/internal/pipeline"
)

type loadOptions struct {
	paths    []string
	fromJSON string
	dryRun   bool
	force    bool
	format   string
	verbose  bool
	writers  int
}

func newLoadCmd(a *app) *cobra.Command {
	opts := &loadOptions{}
	cmd := &cobra.Command{
		Use:   "load PATH... | load --from-json DIR",
		Short: "Extract articles and load them into Neo4j",
		Long: `Load reads news articles (files or directories, like extract), extracts their
graphs and loads them into Neo4j: one node per country, leader, delegation,
venue, organization and proposal, one relationship per (source, type,
target) with per-article provenance, MENTIONED_IN from every entity to its
Article (docs/model.md).

Loading is idempotent: an article whose text and extractor version are
already loaded is skipped before extraction; a changed article replaces its
earlier contribution exactly; an article whose text equals one loaded under
another key is recorded as a duplicate. Each transaction holds whole
articles, so an interrupted load leaves no half-loaded article; run the
same command again to finish it. Constraints and indexes are created first
(see dipgraph schema).

--from-json DIR loads the .graph.json files written by extract --out
instead of extracting. --dry-run reads the graph and prints what would
change without writing. --force re-extracts unchanged articles (the graph
still changes only where the new extraction differs).

Exit status: 0 done, 3 some inputs skipped (listed on stderr), 4 Neo4j
unreachable after retries (rerun to finish), 2 usage.`,
		Example: `  dipgraph load examples/
  dipgraph load ../shared/corpus/dev --format json
  dipgraph extract corpus/ --out /tmp/graphs && dipgraph load --from-json /tmp/graphs
  dipgraph load news.jsonl --dry-run`,
		Args: withArgs(func(cmd *cobra.Command, args []string) error {
			if opts.fromJSON == "" && len(args) == 0 {
				return fmt.Errorf("give at least one PATH, or --from-json DIR")
			}
			if opts.fromJSON != "" && len(args) > 0 {
				return fmt.Errorf("give PATHs or --from-json DIR, not both")
			}
			return nil
		}),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			return a.runLoad(cmd, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.fromJSON, "from-json", "", "load the *.graph.json files under DIR (written by extract --out) instead of extracting")
	f.BoolVar(&opts.dryRun, "dry-run", false, "print what would change without writing")
	f.BoolVar(&opts.force, "force", false, "re-extract articles whose text and extractor version are already loaded")
	f.BoolVarP(&opts.verbose, "verbose", "v", false, "print warnings (articles, extraction, files passed over)")
	f.String("input-format", "auto", "input format: auto, text, jsonl, html or feed")
	f.Int("batch-size", 0, "articles per transaction (key load.batch_size)")
	f.Int("workers", 0, "goroutines mapping articles to rows (key load.workers)")
	f.IntVar(&opts.writers, "writers", 1, "transactions in flight (more than 1 rarely helps: transactions sharing hub entities queue on them)")
	f.Int("max-evidence", 0, "evidence sentences kept per relationship (key load.max_evidence)")
	addFormatFlag(cmd, &opts.format)
	bindFlag(cmd, "input-format", "extract.format")
	bindFlag(cmd, "batch-size", "load.batch_size")
	bindFlag(cmd, "workers", "load.workers")
	bindFlag(cmd, "max-evidence", "load.max_evidence")
	return cmd
}

// newLoader maps the load section of the configuration onto a Loader.
func (a *app) newLoader(cmd *cobra.Command, dryRun bool, writers int) (*load.Loader, func(), error) {
	// A Neo4j that is restarting gets three tries (1 s, 2 s, 4 s apart); the
	// load itself then relies on the driver's and the loader's retries.
	db, err := a.openDBWaiting(cmd.Context(), reconnect{first: time.Second, max: 4 * time.Second, tries: 3,
		report: func(err error, wait time.Duration) {
			fmt.Fprintf(a.stderr, "dipgraph: %v; retrying in %s\n", err, wait)
		}})
	if err != nil {
		return nil, nil, err
	}
	l := load.New(db, load.Options{
		BatchSize:   a.cfg.Load.BatchSize,
		Workers:     a.cfg.Load.Workers,
		Writers:     writers,
		MaxEvidence: a.cfg.Load.MaxEvidence,
		DryRun:      dryRun,
	})
	return l, func() { _ = db.Close(cmd.Context()) }, nil
}

func (a *app) runLoad(cmd *cobra.Command, opts *loadOptions) error {
	format := opts.format
	if format == "" {
		format = "table"
		if !a.isTTY {
			format = "json"
		}
	}
	if format != "table" && format != "json" {
		return usageErrorf("--format %q: want table or json", opts.format)
	}
	bar := a.progressBar("load")
	l, closeDB, err := a.newLoader(cmd, opts.dryRun, opts.writers)
	if err != nil {
		return err
	}
	defer closeDB()
	popts := pipeline.Options{
		Loader:   l,
		Force:    opts.force,
		Progress: bar.update,
		OnError:  func(err error) { bar.printf("dipgraph: skipped %v\n", err) },
		OnWarn: func(w string) {
			if opts.verbose {
				bar.printf("dipgraph: warning: %s\n", w)
			}
		},
	}
	var sum load.Summary
	if opts.fromJSON != "" {
		popts.Paths = []string{opts.fromJSON}
		sum, err = pipeline.RunJSON(cmd.Context(), popts)
	} else {
		ex, xerr := extract.New(extract.Options{LexiconDir: a.cfg.Extract.LexiconDir, MinConfidence: a.cfg.Extract.MinConfidence})
		if xerr != nil {
			return usageErrorf("extract.lexicon_dir: %w", xerr)
		}
		popts.Paths = opts.paths
		popts.Extractor = ex
		popts.Read = article.Options{Format: a.cfg.Extract.Format, MaxBytes: a.cfg.Extract.MaxArticleBytes, Stdin: a.stdin}
		sum, err = pipeline.Run(cmd.Context(), popts)
	}
	bar.done()
	if opts.verbose {
		for _, w := range sum.Warnings {
			fmt.Fprintf(a.stderr, "dipgraph: warning: %s\n", w)
		}
	}
	if perr := writeSummary(a.stdout, format, sum); perr != nil && err == nil {
		err = perr
	}
	if err != nil {
		return err
	}
	if n := len(sum.Skipped); n > 0 {
		return &partialError{skipped: n, total: n + sum.Articles + sum.Unchanged + sum.Duplicates}
	}
	return nil
}

// summaryJSON is the --format json summary: the loader's counts plus
// throughput.
type summaryJSON struct {
	load.Summary
	ArticlesPerSecond     float64 `json:"articles_per_second"`
	RelationRowsPerSecond float64 `json:"relation_rows_per_second"`
}

func writeSummary(w io.Writer, format string, s load.Summary) error {
	secs := s.Elapsed.Seconds()
	rate := func(n int) float64 {
		if secs <= 0 {
			return 0
		}
		return float64(n) / secs
	}
	if s.Skipped == nil {
		s.Skipped = []load.Skip{}
	}
	if format == "json" {
		b, err := json.Marshal(summaryJSON{Summary: s, ArticlesPerSecond: rate(s.Articles), RelationRowsPerSecond: rate(s.RelationRows)})
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(w, string(b))
		return err
	}
	var b strings.Builder
	if s.DryRun {
		b.WriteString("dry run: nothing was written; counts are what a load would do\n")
	}
	fmt.Fprintf(&b, "articles:       %d loaded (%d new, %d replaced), %d unchanged, %d duplicates", s.Articles, s.New, s.Replaced, s.Unchanged, s.Duplicates)
	if s.Forgotten > 0 {
		fmt.Fprintf(&b, ", %d forgotten", s.Forgotten)
	}
	fmt.Fprintf(&b, "\nnodes:          %d created, %d updated, %d deleted\n", s.NodesCreated, s.NodesUpdated, s.NodesDeleted)
	fmt.Fprintf(&b, "relationships:  %d created, %d updated, %d deleted (%d article assertions, %d mentions)\n", s.RelsCreated, s.RelsUpdated, s.RelsDeleted, s.RelationRows, s.Mentions)
	fmt.Fprintf(&b, "skipped inputs: %d\n", len(s.Skipped))
	for _, sk := range s.Skipped {
		fmt.Fprintf(&b, "  %s: %s\n", sk.Input, sk.Reason)
	}
	fmt.Fprintf(&b, "elapsed:        %s (%.0f articles/s, %.0f relationship rows/s; %d transactions", s.Elapsed.Round(time.Millisecond), rate(s.Articles), rate(s.RelationRows), s.Transactions)
	if s.Retries > 0 {
		fmt.Fprintf(&b, ", %d retried", s.Retries)
	}
	b.WriteString(")\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// progress draws a one-line progress report on stderr when stderr is a
// terminal, rewritten in place with \r. A transaction of the default
// 10,000 articles takes seconds, so the line is also redrawn every tick
// with the time so far: a frozen line reads as a hung command. The loader
// reports from its own goroutine and extraction workers report skipped
// inputs, so every write holds the lock.
type progress struct {
	a     *app
	what  string
	tick  time.Duration
	mu    sync.Mutex
	start time.Time
	last  load.Progress
	shown bool
	stop  chan struct{} // closed by done; nil until the first update
}

func (a *app) progressBar(what string) *progress {
	return &progress{a: a, what: what, tick: time.Second, start: a.now()}
}

func (p *progress) update(pr load.Progress) {
	if !p.a.stderrTTY {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last = pr
	p.draw()
	if p.stop == nil {
		p.stop = make(chan struct{})
		go p.redraw(p.stop)
	}
}

// redraw keeps the elapsed time moving between reports.
func (p *progress) redraw(stop chan struct{}) {
	t := time.NewTicker(p.tick)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			p.mu.Lock()
			select {
			case <-stop: // done ran while this tick waited for the lock
			default:
				p.draw()
			}
			p.mu.Unlock()
		}
	}
}

func (p *progress) draw() {
	total := ""
	if p.last.Total > 0 {
		total = fmt.Sprintf("/%d", p.last.Total)
	}
	fmt.Fprintf(p.a.stderr, "\r%s: %d%s articles, %d relationship rows, %s   ", p.what, p.last.Done, total, p.last.RelationRows, p.a.now().Sub(p.start).Round(time.Second))
	p.shown = true
}

// printf ends the progress line, if one is shown, and prints a message;
// the next tick draws the line again below it.
func (p *progress) printf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endLine()
	fmt.Fprintf(p.a.stderr, format, args...)
}

func (p *progress) endLine() {
	if p.shown {
		fmt.Fprintln(p.a.stderr)
		p.shown = false
	}
}

// done stops the redraws and ends the progress line before the summary.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stop != nil {
		close(p.stop)
		p.stop = nil
	}
	p.endLine()
}
