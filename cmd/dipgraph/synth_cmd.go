package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/dipgraph/dipgraph/extract/synth"
)

// newSynthCmd is a hidden developer command: it writes a seeded synthetic
// corpus for load and query benchmarks.
func newSynthCmd(a *app) *cobra.Command {
	var (
		n       int
		seed    uint64
		out     string
		hubPair bool
		text    bool
	)
	cmd := &cobra.Command{
		Use:    "synth --n N --seed S --out DIR",
		Short:  "Write a synthetic corpus of article graphs (for benchmarks)",
		Hidden: true,
		Long: `Synth writes N synthetic article graphs (<id>.graph.json, loadable with
load --from-json) built from the gazetteers, actor dictionary and cue lexicon,
with Zipf-distributed actor popularity so that hubs exist. The same seed
gives the same corpus. --text also writes each article as plain text.`,
		Example: `  dipgraph synth --n 1000 --seed 1 --out /tmp/synth
  dipgraph load --from-json /tmp/synth`,
		Args: withArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n < 1 {
				return usageErrorf("--n %d: want at least 1", n)
			}
			if out == "" {
				return usageErrorf("--out DIR is required")
			}
			g, err := synth.New(synth.Options{Seed: seed, HubPair: hubPair})
			if err != nil {
				return err
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return fmt.Errorf("create %s: %w", out, err)
			}
			for i := range n {
				if err := cmd.Context().Err(); err != nil {
					return err
				}
				doc := g.Document(i)
				b, err := doc.MarshalIndented()
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(out, doc.Article.ID+".graph.json"), b, 0o644); err != nil {
					return fmt.Errorf("write graph: %w", err)
				}
				if text {
					if err := os.WriteFile(filepath.Join(out, doc.Article.ID+".txt"), []byte(g.Text(i)), 0o644); err != nil {
						return fmt.Errorf("write text: %w", err)
					}
				}
			}
			fmt.Fprintf(a.stderr, "wrote %d synthetic articles to %s\n", n, out)
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&n, "n", 1000, "number of articles")
	f.Uint64Var(&seed, "seed", 1, "corpus seed")
	f.StringVar(&out, "out", "", "output directory")
	f.BoolVar(&hubPair, "hub-pair", false, "make every article about the same two countries")
	f.BoolVar(&text, "text", false, "also write <id>.txt article text")
	return cmd
}
