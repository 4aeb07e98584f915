package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dipgraph/dipgraph/graph/load"
)

func newForgetCmd(a *app) *cobra.Command {
	var (
		source string
		dryRun bool
		format string
	)
	cmd := &cobra.Command{
		Use:   "forget ARTICLE... | forget --source NAME",
		Short: "Remove articles and exactly their contribution from the graph",
		Long: `Forget removes articles, named by key (the canonical URL, or <source>:<id>)
or by id, and exactly what they contributed: their entries in every
relationship's provenance lists (counts, first/last seen, confidence and
evidence recomputed from what remains; a relationship no other article
asserts is deleted), their MENTIONED_IN, entities nothing else supports,
and the records of their syndicated duplicates.

--source NAME forgets every article loaded from that source (the file path
or source name in the Article's source property).

Exit status 3 when an ARTICLE names no loaded article.`,
		Example: `  dipgraph forget istanbul-talks-2025-05-16
  dipgraph forget https://example.com/news/talks
  dipgraph forget --source feeds/wire.jsonl --format json`,
		Args: withArgs(func(cmd *cobra.Command, args []string) error {
			if (source == "") == (len(args) == 0) {
				return fmt.Errorf("give ARTICLE keys or ids, or --source NAME (not both)")
			}
			return nil
		}),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format == "" {
				format = "table"
				if !a.isTTY {
					format = "json"
				}
			}
			if format != "table" && format != "json" {
				return usageErrorf("--format %q: want table or json", format)
			}
			l, closeDB, err := a.newLoader(cmd, dryRun, 1)
			if err != nil {
				return err
			}
			defer closeDB()
			var sum load.Summary
			if source != "" {
				sum, err = l.ForgetSource(cmd.Context(), source)
			} else {
				sum, err = l.Forget(cmd.Context(), args)
			}
			if perr := writeSummary(a.stdout, format, sum); perr != nil && err == nil {
				err = perr
			}
			if err != nil {
				return err
			}
			if n := len(sum.Skipped); n > 0 {
				for _, s := range sum.Skipped {
					fmt.Fprintf(a.stderr, "dipgraph: %s: %s\n", s.Input, s.Reason)
				}
				return &partialError{skipped: n, total: len(args)}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "forget every article of this source")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "count what would be forgotten, write nothing")
	addFormatFlag(cmd, &format)
	return cmd
}
