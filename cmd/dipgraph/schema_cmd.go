package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/dipgraph/dipgraph/graph"
)

func newSchemaCmd(a *app) *cobra.Command {
	var format string
	var showOnly bool
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Create the graph's constraints and indexes and show them",
		Long: `Schema creates, if they do not exist yet, the uniqueness constraints on every
node key (Article.key, Country.name, Leader.name, Venue.name,
Organization.name, Delegation.key, Proposal.key, Alias.name, Source.name,
Entity.uid) and the indexes the loader and the queries use, waits until
they are online, and lists every constraint and index of the database.
"model" marks those of dipgraph's model (docs/model.md).

It is idempotent; load runs it before every load.`,
		Example: `  dipgraph schema
  dipgraph schema --show --format json`,
		Args: withArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := a.resolveFormat(format)
			if err != nil {
				return err
			}
			db, err := a.openDB(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close(cmd.Context())
			if !showOnly {
				if err := graph.EnsureSchema(cmd.Context(), db); err != nil {
					return err
				}
			}
			rows, err := graph.ShowSchema(cmd.Context(), db)
			if err != nil {
				return err
			}
			t := table{Columns: []string{"name", "kind", "type", "labels", "properties", "state", "model"}}
			for _, r := range rows {
				t.Rows = append(t.Rows, []any{r.Name, r.Kind, r.Type, strings.Join(r.Labels, ","), strings.Join(r.Properties, ","), r.State, r.Model})
			}
			return writeTable(a.stdout, f, t)
		},
	}
	cmd.Flags().BoolVar(&showOnly, "show", false, "only list constraints and indexes, create nothing")
	addFormatFlag(cmd, &format)
	return cmd
}
