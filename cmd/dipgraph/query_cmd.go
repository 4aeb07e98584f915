package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dipgraph/dipgraph/queries"
)

func newQueryCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "query",
		Short: "List, show and run the analyst query packs",
		Long: `query runs named, parameterised Cypher queries over the loaded graph.

The packs built into dipgraph cover mediation (mediators-between,
top-mediators), proposals (proposals-by, rejection-chains,
conflicting-signals), talks (talks, top-venues), actors (timeline,
representatives, common-partners, path, new-actors, evidence, actor) and an
overview (summary). Extra packs come from the directory in queries.dir
(<dir>/<pack>/<name>.cypher); a query there replaces a built-in one of the
same name.

Actor parameters take any name or alias the extractor knows ("Türkiye",
"Erdogan"); the query resolves it to the canonical node itself, so the
same Cypher runs in Neo4j Browser. Actor queries also take from and to
(YYYY-MM-DD) and min_confidence. Results stop at --limit rows (key
queries.limit, default 100); a query that runs longer than --timeout
(queries.timeout) is stopped.`,
		Example: `  dipgraph query list
  dipgraph query show mediators-between
  dipgraph query run mediators-between --param a=Russia --param b=Ukraine
  dipgraph query run timeline --param actor=Erdogan --param from=2025-01-01 --format csv`,
	}
	cmd.AddCommand(newQueryListCmd(a), newQueryShowCmd(a), newQueryRunCmd(a))
	return cmd
}

// queryCatalog loads the embedded packs and the user directory of
// queries.dir. Files that do not parse are reported on stderr and left
// out; a missing directory is a configuration error.
func (a *app) queryCatalog() (*queries.Catalog, error) {
	fss := []fs.FS{queries.Embedded()}
	if dir := a.cfg.Queries.Dir; dir != "" {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, usageErrorf("queries.dir: %v", err)
		}
		if !st.IsDir() {
			return nil, usageErrorf("queries.dir: %s is not a directory", dir)
		}
		fss = append(fss, queries.Dir(dir))
	}
	c, err := queries.Load(fss...)
	if err != nil {
		for _, e := range splitJoined(err) {
			fmt.Fprintf(a.stderr, "dipgraph: warning: skipped query file: %v\n", e)
		}
	}
	return c, nil
}

// splitJoined undoes errors.Join so each problem gets its own line.
func splitJoined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// lookupQuery finds name in the catalog or says which names exist.
func lookupQuery(c *queries.Catalog, name string) (*queries.Query, error) {
	q, ok := c.Get(name)
	if !ok {
		return nil, usageErrorf("no query %q; `dipgraph query list` shows them (%s)", name, strings.Join(c.Names(), ", "))
	}
	return q, nil
}

func newQueryListCmd(a *app) *cobra.Command {
	var format, pack string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the queries of every pack with their parameters",
		Long: `list prints one row per query: its name, pack, parameters (optional
ones in brackets, with their default) and title.`,
		Example: `  dipgraph query list
  dipgraph query list --pack proposals --format json`,
		Args: withArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := a.resolveFormat(format)
			if err != nil {
				return err
			}
			c, err := a.queryCatalog()
			if err != nil {
				return err
			}
			t := table{Columns: []string{"name", "pack", "params", "title"}}
			for _, q := range c.List() {
				if pack != "" && q.Pack != pack {
					continue
				}
				t.Rows = append(t.Rows, []any{q.Name, q.Pack, q.Signature(), q.Title})
			}
			if pack != "" && len(t.Rows) == 0 {
				return usageErrorf("no pack %q (packs: %s)", pack, strings.Join(c.Packs(), ", "))
			}
			return writeTable(a.stdout, f, t)
		},
	}
	cmd.Flags().StringVar(&pack, "pack", "", "only the queries of this pack")
	addFormatFlag(cmd, &format)
	return cmd
}

func newQueryShowCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Print a query's file: header (parameters, example) and Cypher",
		Long: `show prints the query file as it is: the header with its parameters,
their types and defaults, and the Cypher, which you can paste into Neo4j
Browser after setting the parameters with :param.`,
		Example: `  dipgraph query show timeline`,
		Args:    withArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.queryCatalog()
			if err != nil {
				return err
			}
			q, err := lookupQuery(c, args[0])
			if err != nil {
				return err
			}
			src := q.Source
			if !strings.HasSuffix(src, "\n") {
				src += "\n"
			}
			_, err = fmt.Fprint(a.stdout, src)
			return err
		},
	}
	return cmd
}

type queryRunOptions struct {
	name   string
	params []string
	format string
}

func newQueryRunCmd(a *app) *cobra.Command {
	return newQueryRunCmdWith(a, func(ctx context.Context, o queryRunOptions) error { return a.runQuery(ctx, o) })
}

// newQueryRunCmdWith lets tests capture the parsed options.
func newQueryRunCmdWith(a *app, runF func(context.Context, queryRunOptions) error) *cobra.Command {
	var o queryRunOptions
	cmd := &cobra.Command{
		Use:   "run NAME [--param name=value]...",
		Short: "Run a query and print its rows",
		Long: `run checks the parameters against the query's header (an unknown or
missing parameter, or a value of the wrong type, is an error with exit
code 2), runs the query in a read transaction and prints the rows.

Values are typed by the header: string, date (YYYY-MM-DD), int, float,
bool; an empty value (--param from=) means null for an optional parameter.
--limit sets the row limit of every query (key queries.limit); a
--param limit=N wins over it.`,
		Example: `  dipgraph query run top-mediators
  dipgraph query run mediators-between --param a=Türkiye --param b=Ukraine
  dipgraph query run evidence -p source=Turkey -p type=MEDIATES -p target=Russia --format json
  dipgraph query run new-actors --param since=2025-05-01 --limit 20 --format csv`,
		Args: withArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.name = args[0]
			f, err := a.resolveFormat(o.format)
			if err != nil {
				return err
			}
			o.format = f
			if _, err := paramValues(o.params); err != nil {
				return err
			}
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().StringArrayVarP(&o.params, "param", "p", nil, "query parameter name=value; repeatable")
	cmd.Flags().Int("limit", 0, "maximum rows (key queries.limit; default 100)")
	cmd.Flags().Duration("timeout", 0, "stop the query after this long (key queries.timeout; default 30s)")
	bindFlag(cmd, "limit", "queries.limit")
	bindFlag(cmd, "timeout", "queries.timeout")
	addFormatFlag(cmd, &o.format)
	return cmd
}

// paramValues turns name=value flags into a map; a name given twice is an
// error.
func paramValues(kvs []string) (map[string]string, error) {
	out := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, usageErrorf("--param %q: want name=value", kv)
		}
		if _, dup := out[k]; dup {
			return nil, usageErrorf("--param %s given twice", k)
		}
		out[k] = v
	}
	return out, nil
}

func (a *app) runQuery(ctx context.Context, o queryRunOptions) error {
	c, err := a.queryCatalog()
	if err != nil {
		return err
	}
	q, err := lookupQuery(c, o.name)
	if err != nil {
		return err
	}
	values, err := paramValues(o.params)
	if err != nil {
		return err
	}
	if _, ok := q.Param("limit"); ok {
		if _, given := values["limit"]; !given {
			values["limit"] = strconv.Itoa(a.cfg.Queries.Limit)
		}
	}
	params, err := q.Bind(values)
	if err != nil {
		return &usageError{err}
	}
	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	res, err := queries.Run(ctx, db, q, params, a.cfg.Queries.Timeout)
	if err != nil {
		var te *queries.TimeoutError
		if errors.As(err, &te) {
			return fmt.Errorf("%w (raise --timeout or queries.timeout, or narrow it with from/to)", err)
		}
		return err
	}
	return writeTable(a.stdout, o.format, table{Columns: res.Columns, Rows: res.Rows})
}
