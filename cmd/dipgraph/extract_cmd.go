package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
)

type extractOptions struct {
	paths   []string
	out     string
	format  string
	verbose bool
	minConf float64
}

func newExtractCmd(a *app) *cobra.Command {
	opts := &extractOptions{}
	cmd := &cobra.Command{
		Use:   "extract PATH...",
		Short: "Extract article graphs (SPEC.md JSON) from news articles",
		Long: `Extract reads news articles and writes one article graph per article: the
countries, leaders, delegations, venues, organizations and proposals it names,
and the relations between them (MEDIATES, PROPOSES, REJECTS, ACCEPTS, LEADS,
REPRESENTS, MEETS, MEETS_IN, VISITS), each with its evidence sentence.

PATH may be a file or a directory (walked recursively). Plain text (seed
style or url:/date:/title: headers), JSON Lines, HTML pages and RSS/Atom
feeds are read; other files and earlier .graph.json outputs are passed over
(listed with --verbose). Use - for standard input.

With --out DIR one <id>.graph.json is written per article. Without it the
graph goes to standard output: one indented JSON document for a single
article, JSON Lines (one compact document per line) for several.

Bad inputs are reported on standard error with the file (and line) and the
reason and skipped; the exit status is then 3. Gazetteers, the actor
dictionary and the cue lexicon can be overridden with extract.lexicon_dir.`,
		Example: `  dipgraph extract examples/istanbul-talks-2025-05-16.txt
  dipgraph extract ../shared/corpus/dev --out /tmp/pred
  dipgraph extract feed.xml --format feed --min-confidence 0.5`,
		Args: withArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			opts.format = a.cfg.Extract.Format
			opts.minConf = a.cfg.Extract.MinConfidence
			return a.runExtract(cmd, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.out, "out", "", "write one <id>.graph.json per article into this directory")
	f.String("format", "auto", "input format: auto, text, jsonl, html or feed")
	f.BoolVarP(&opts.verbose, "verbose", "v", false, "list files passed over and per-article counts")
	f.Float64("min-confidence", 0, "drop relations below this confidence (0-1)")
	bindFlag(cmd, "format", "extract.format")
	bindFlag(cmd, "min-confidence", "extract.min_confidence")
	return cmd
}

func (a *app) runExtract(cmd *cobra.Command, opts *extractOptions) error {
	switch opts.format {
	case "", "auto", "text", "jsonl", "html", "feed":
	default:
		return usageErrorf("--format %q: want auto, text, jsonl, html or feed", opts.format)
	}
	if opts.minConf < 0 || opts.minConf > 1 {
		return usageErrorf("--min-confidence %v: want a number from 0 to 1", opts.minConf)
	}
	ex, err := extract.New(extract.Options{LexiconDir: a.cfg.Extract.LexiconDir, MinConfidence: opts.minConf})
	if err != nil {
		return usageErrorf("extract.lexicon_dir: %w", err)
	}
	if opts.out != "" {
		if err := os.MkdirAll(opts.out, 0o755); err != nil {
			return fmt.Errorf("create output directory: %w", err)
		}
	}
	ctx := cmd.Context()
	ropts := article.Options{Format: opts.format, MaxBytes: a.cfg.Extract.MaxArticleBytes, Stdin: a.stdin}
	if opts.verbose {
		ropts.OnSkip = func(path, reason string) { fmt.Fprintf(a.stderr, "skip %s: %s\n", path, reason) }
	}
	// Without --out, documents are buffered until a second one shows
	// whether the output is one indented document or JSON Lines.
	w := bufio.NewWriter(a.stdout)
	defer w.Flush()
	var first *extract.Document
	count, skipped, total := 0, 0, 0
	emit := func(doc *extract.Document, compact bool) error {
		if compact {
			b, err := json.Marshal(doc)
			if err != nil {
				return err
			}
			_, err = w.Write(append(b, '\n'))
			return err
		}
		b, err := doc.MarshalIndented()
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	seen := map[string]int{}
	fn := func(art article.Article) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		total++
		where := art.Source
		if art.Line > 0 {
			where = fmt.Sprintf("%s:%d", art.Source, art.Line)
		}
		for _, wmsg := range art.Warnings {
			fmt.Fprintf(a.stderr, "warning: %s: %s\n", where, wmsg)
		}
		doc, err := ex.Extract(ctx, art)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			skipped++
			fmt.Fprintf(a.stderr, "%s: extract: %v\n", where, err)
			return nil
		}
		count++
		if opts.verbose {
			fmt.Fprintf(a.stderr, "%s: %s: %d entities, %d relations\n", where, doc.Article.ID, len(doc.Entities), len(doc.Relations))
		}
		if opts.out != "" {
			id := doc.Article.ID
			if n := seen[id]; n > 0 {
				fmt.Fprintf(a.stderr, "warning: %s: article id %q seen before; overwriting its graph\n", where, id)
			}
			seen[id]++
			b, err := doc.MarshalIndented()
			if err != nil {
				return err
			}
			p := filepath.Join(opts.out, safeFileName(id)+".graph.json")
			if err := os.WriteFile(p, b, 0o644); err != nil {
				return fmt.Errorf("write %s: %w", p, err)
			}
			return nil
		}
		switch {
		case count == 1:
			first = &doc
		case count == 2:
			if err := emit(first, true); err != nil {
				return err
			}
			first = nil
			return emit(&doc, true)
		default:
			return emit(&doc, true)
		}
		return nil
	}
	onErr := func(err error) {
		skipped++
		total++
		fmt.Fprintf(a.stderr, "%v\n", err)
	}
	if err := article.Walk(ctx, opts.paths, ropts, fn, onErr); err != nil {
		return err
	}
	if first != nil {
		if err := emit(first, false); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if skipped > 0 {
		return &partialError{skipped: skipped, total: total}
	}
	if total == 0 {
		return errors.New("no articles found in the given paths")
	}
	return nil
}

// safeFileName keeps an article id usable as a file name.
func safeFileName(id string) string {
	b := []rune(id)
	for i, r := range b {
		if r == '/' || r == '\\' || r == 0 || r == ':' {
			b[i] = '_'
		}
	}
	s := string(b)
	if s == "" || s == "." || s == ".." {
		s = "article"
	}
	return s
}
