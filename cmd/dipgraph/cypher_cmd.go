package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

type cypherOptions struct {
	query  string
	file   string
	params []string
	format string
	read   bool
}

func newCypherCmd(a *app) *cobra.Command {
	return newCypherCmdWith(a, func(ctx context.Context, o cypherOptions) error { return a.runCypher(ctx, o) })
}

// newCypherCmdWith lets tests capture the parsed options instead of
// running them.
func newCypherCmdWith(a *app, runF func(context.Context, cypherOptions) error) *cobra.Command {
	var o cypherOptions
	cmd := &cobra.Command{
		Use:   "cypher ['QUERY'] [--param k=v]... [-f FILE]",
		Short: "Run ad-hoc Cypher against the configured Neo4j",
		Long: `cypher runs one Cypher statement with the same configuration and
credentials as every other command (the local server unless neo4j.uri is
set) and prints the records.

The statement is the argument, or read from -f FILE (- for stdin). It runs
in an auto-commit transaction, so writes and CALL { ... } IN TRANSACTIONS
work; --read opens a read session instead (routed to a reader in a
cluster). Values are passed only as parameters: --param k=v, where v is
parsed as JSON (numbers, booleans, null, lists, maps) and otherwise taken
as a string; use --param 'k="42"' for the string "42".

Output: --format table (default on a terminal), json (JSON Lines: one
object per record, keys in column order) or csv (a header row, then one
row per record). Nodes and relationships print as maps of labels/type and
properties.`,
		Example: `  dipgraph cypher 'RETURN 40 + 2 AS answer' --format json
  dipgraph cypher 'MATCH (c:Country {name: $name}) RETURN c' --param name=Turkey
  dipgraph cypher 'UNWIND $xs AS x RETURN x * 2 AS y' --param 'xs=[1,2,3]' --format csv
  dipgraph cypher -f report.cypher --read --format csv > report.csv`,
		Args: withArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.query = args[0]
			}
			if (o.query == "") == (o.file == "") {
				return usageErrorf("give the query either as an argument or with -f FILE, not both or neither")
			}
			f, err := a.resolveFormat(o.format)
			if err != nil {
				return err
			}
			o.format = f
			if _, err := parseParams(o.params); err != nil {
				return err
			}
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().StringArrayVarP(&o.params, "param", "p", nil, "query parameter k=v (v as JSON, else a string); repeatable")
	cmd.Flags().StringVarP(&o.file, "file", "f", "", "read the query from FILE (- for stdin)")
	cmd.Flags().BoolVar(&o.read, "read", false, "run in a read session (no writes; a reader in a cluster)")
	addFormatFlag(cmd, &o.format)
	return cmd
}

func (a *app) runCypher(ctx context.Context, o cypherOptions) error {
	query := o.query
	if o.file != "" {
		var b []byte
		var err error
		if o.file == "-" {
			b, err = io.ReadAll(a.stdin)
		} else {
			b, err = os.ReadFile(o.file)
		}
		if err != nil {
			return usageErrorf("read query: %v", err)
		}
		query = string(b)
	}
	if strings.TrimSpace(query) == "" {
		return usageErrorf("the query is empty")
	}
	params, err := parseParams(o.params)
	if err != nil {
		return err
	}
	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	res, err := db.Run(ctx, query, params, o.read)
	if err != nil {
		return err
	}
	return writeTable(a.stdout, o.format, table{Columns: res.Columns, Rows: res.Rows})
}

// parseParams turns k=v flags into query parameters: v as JSON when it
// parses, else the raw string.
func parseParams(kvs []string) (map[string]any, error) {
	params := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, usageErrorf("--param %q: want name=value", kv)
		}
		if _, dup := params[k]; dup {
			return nil, usageErrorf("--param %s given twice", k)
		}
		params[k] = paramValue(v)
	}
	return params, nil
}

func paramValue(v string) any {
	dec := json.NewDecoder(bytes.NewReader([]byte(v)))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return v
	}
	if _, err := dec.Token(); err != io.EOF {
		return v
	}
	return driverValue(x)
}

// driverValue converts decoded JSON to types the driver sends: integers
// as int64 (Cypher INTEGER), other numbers as float64.
func driverValue(x any) any {
	switch t := x.(type) {
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i
		}
		f, err := t.Float64()
		if err != nil {
			return t.String()
		}
		return f
	case []any:
		for i := range t {
			t[i] = driverValue(t[i])
		}
		return t
	case map[string]any:
		for k := range t {
			t[k] = driverValue(t[k])
		}
		return t
	}
	return x
}
