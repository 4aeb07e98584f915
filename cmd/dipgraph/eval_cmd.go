package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
	"github.com/dipgraph/dipgraph/extract/eval"
)

type evalOptions struct {
	golds       []string
	predDir     string // "" in extract-and-score mode
	extract     bool
	out         string
	format      string
	jsonAlias   bool
	minEntity   float64
	minRelation float64
	minConf     float64
	inFormat    string
}

func newEvalCmd(a *app) *cobra.Command {
	opts := &evalOptions{}
	cmd := &cobra.Command{
		Use:   "eval GOLD... [PRED_DIR]",
		Short: "Score article graphs against gold graphs by the SPEC.md matching rules",
		Long: `Eval scores predicted article graphs against gold graphs with the rules of
SPEC.md, exactly as the reference scorer score.py does: precision, recall
and F1 per entity and relation type, micro-averaged, the core score
(MEDIATES, PROPOSES, REJECTS), the relaxed relation score (leaders and
delegations mapped to their country) and the gold entities split into
several names across the corpus.

GOLD is a directory (its *.graph.json files, not recursive) or a gold
.graph.json file. With two or more arguments the last is PRED_DIR, holding
one <id>.graph.json per gold <id>.graph.json; a missing or unreadable
prediction scores as empty and counts as missing.

With --extract, or with a single argument, eval extracts and scores in one
step: it reads the article beside each gold file (<id>.txt, else another
<id>.<ext>), runs the extractor in memory and scores the result; --out DIR
also writes the predictions there.

The table has score.py's layout, its last line the headline
(articles=… missing=… entity_f1=… relation_f1=… core_f1=… relaxed_f1=…
split=split/matched). --format json prints score.py's --json document
(same keys, same layout) and the headline on standard error.

Exit status: 1 when --min-entity-f1 or --min-relation-f1 is not reached,
3 when gold files could not be read or scored (the rest is scored), 2 for
usage errors.`,
		Example: `  dipgraph eval ../shared/corpus/dev /tmp/pred
  dipgraph eval --extract ../shared/corpus/dev ../shared/corpus/seed --min-entity-f1 0.85 --min-relation-f1 0.6
  dipgraph eval ../shared/corpus/dev --out /tmp/pred --format json | jq .entity_micro_f1`,
		Args: withArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.extract || len(args) == 1 {
				opts.golds = args
			} else {
				opts.golds, opts.predDir = args[:len(args)-1], args[len(args)-1]
			}
			opts.minConf = a.cfg.Extract.MinConfidence
			opts.inFormat = a.cfg.Extract.Format
			return a.runEval(cmd.Context(), cmd, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", "table", "output format: table (score.py's table) or json (score.py's --json)")
	f.BoolVar(&opts.jsonAlias, "json", false, "same as --format json")
	f.Float64Var(&opts.minEntity, "min-entity-f1", 0, "exit 1 when the entity micro-F1 is below this")
	f.Float64Var(&opts.minRelation, "min-relation-f1", 0, "exit 1 when the relation micro-F1 is below this")
	f.BoolVar(&opts.extract, "extract", false, "extract the articles beside the gold files and score them (all arguments are GOLD)")
	f.StringVar(&opts.out, "out", "", "with --extract: also write the predictions as <id>.graph.json into this directory")
	f.Float64("min-confidence", 0, "with --extract: drop relations below this confidence (0-1)")
	f.String("input-format", "auto", "with --extract: article format: auto, text, jsonl, html or feed")
	bindFlag(cmd, "min-confidence", "extract.min_confidence")
	bindFlag(cmd, "input-format", "extract.format")
	return cmd
}

func (a *app) runEval(ctx context.Context, cmd *cobra.Command, opts *evalOptions) error {
	format := opts.format
	if opts.jsonAlias {
		if cmd.Flags().Changed("format") && format != "json" {
			return usageErrorf("--json conflicts with --format %s", format)
		}
		format = "json"
	}
	if format != "table" && format != "json" {
		return usageErrorf("--format %q: want table or json", format)
	}
	extracting := opts.predDir == ""
	if !extracting {
		if opts.out != "" {
			return usageErrorf("--out writes extracted predictions; it needs --extract (or a single GOLD argument)")
		}
		if info, err := os.Stat(opts.predDir); err != nil || !info.IsDir() {
			return usageErrorf("PRED_DIR %s: not a directory (to extract and score in one step, use --extract)", opts.predDir)
		}
	}

	golds, goldErrs := eval.ReadGold(opts.golds)
	for _, err := range goldErrs {
		fmt.Fprintf(a.stderr, "%v\n", err)
	}
	if len(golds) == 0 {
		return fmt.Errorf("no gold files (*%s) in %s", eval.GraphExt, strings.Join(opts.golds, ", "))
	}
	bad := len(goldErrs)

	var preds map[string]extract.Document
	if extracting {
		var err error
		preds, err = a.evalExtract(ctx, golds, opts)
		if err != nil {
			return err
		}
	}

	s := eval.NewScorer()
	for _, g := range golds {
		var pred *eval.Graph
		if extracting {
			if doc, ok := preds[g.ID]; ok {
				pg, err := eval.FromDocument(doc)
				if err != nil {
					fmt.Fprintf(a.stderr, "%s: prediction not scorable: %v\n", g.Path, err)
				} else {
					pred = &pg
				}
			}
		} else {
			p, err := eval.ReadPrediction(opts.predDir, g.ID)
			if err != nil {
				fmt.Fprintf(a.stderr, "%v\n", err)
			}
			pred = p
		}
		if err := s.Add(g.Graph, pred); err != nil {
			bad++
			fmt.Fprintf(a.stderr, "%s: %v (gold file left out)\n", g.Path, err)
		}
	}
	sum := s.Summary()

	if format == "json" {
		if err := sum.WriteJSON(a.stdout); err != nil {
			return err
		}
		fmt.Fprintln(a.stderr, sum.Headline())
	} else if err := sum.WriteTable(a.stdout); err != nil {
		return err
	}
	if sum.RelaxedTies > 0 {
		fmt.Fprintf(a.stderr, "note: %d relaxed-score ties broken in gold order; score.py breaks them in hash order, so its relaxed_f1 may differ slightly\n", sum.RelaxedTies)
	}

	var below []string
	if f := sum.EntityF1(); f < opts.minEntity {
		below = append(below, fmt.Sprintf("entity micro-F1 %.3f is below --min-entity-f1 %g", f, opts.minEntity))
	}
	if f := sum.RelationF1(); f < opts.minRelation {
		below = append(below, fmt.Sprintf("relation micro-F1 %.3f is below --min-relation-f1 %g", f, opts.minRelation))
	}
	if len(below) > 0 {
		return errors.New(strings.Join(below, "; "))
	}
	if bad > 0 {
		return &partialError{skipped: bad, total: len(golds) + len(goldErrs)}
	}
	return nil
}

// evalExtract extracts the article beside each gold file, reports what
// could not be read or extracted (those score as missing) and writes the
// predictions to --out when asked.
func (a *app) evalExtract(ctx context.Context, golds []eval.GoldFile, opts *evalOptions) (map[string]extract.Document, error) {
	switch opts.inFormat {
	case "", "auto", "text", "jsonl", "html", "feed":
	default:
		return nil, usageErrorf("--input-format %q: want auto, text, jsonl, html or feed", opts.inFormat)
	}
	if opts.minConf < 0 || opts.minConf > 1 {
		return nil, usageErrorf("--min-confidence %v: want a number from 0 to 1", opts.minConf)
	}
	x, err := extract.New(extract.Options{LexiconDir: a.cfg.Extract.LexiconDir, MinConfidence: opts.minConf})
	if err != nil {
		return nil, usageErrorf("extract.lexicon_dir: %w", err)
	}
	ropts := article.Options{Format: opts.inFormat, MaxBytes: a.cfg.Extract.MaxArticleBytes}
	preds, problems, err := eval.Predict(ctx, x, golds, ropts)
	if err != nil {
		return nil, err
	}
	for _, p := range problems {
		fmt.Fprintf(a.stderr, "%v (scored as missing)\n", p)
	}
	if opts.out == "" {
		return preds, nil
	}
	if err := os.MkdirAll(opts.out, 0o755); err != nil {
		return nil, fmt.Errorf("create output directory: %w", err)
	}
	for _, g := range golds {
		doc, ok := preds[g.ID]
		if !ok {
			continue
		}
		b, err := doc.MarshalIndented()
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", g.ID, err)
		}
		p := filepath.Join(opts.out, g.ID+eval.GraphExt)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return nil, fmt.Errorf("write %s: %w", p, err)
		}
	}
	return preds, nil
}
