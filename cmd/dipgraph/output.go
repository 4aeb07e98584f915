package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
	"github.com/spf13/cobra"
)

// table is what commands print: named columns and rows of plain values.
type table struct {
	Columns []string
	Rows    [][]any
}

// addFormatFlag adds --format to cmd; "" means table on a terminal and
// JSON otherwise.
func addFormatFlag(cmd *cobra.Command, p *string) {
	cmd.Flags().StringVar(p, "format", "", "output format: table, json or csv (default: table on a terminal, json otherwise)")
}

// resolveFormat validates --format and fills in the default.
func (a *app) resolveFormat(f string) (string, error) {
	switch f {
	case "":
		if a.isTTY {
			return "table", nil
		}
		return "json", nil
	case "table", "json", "csv":
		return f, nil
	}
	return "", usageErrorf("--format %q: want table, json or csv", f)
}

// writeTable renders t: an aligned table, JSON Lines (one object per row,
// keys in column order) or CSV (a header row, then one row per record).
func writeTable(w io.Writer, format string, t table) error {
	switch format {
	case "json":
		for _, row := range t.Rows {
			var b strings.Builder
			b.WriteByte('{')
			for i, c := range t.Columns {
				if i > 0 {
					b.WriteByte(',')
				}
				k, _ := json.Marshal(c)
				v, err := marshalValue(plain(row[i]))
				if err != nil {
					return err
				}
				b.Write(k)
				b.WriteByte(':')
				b.Write(v)
			}
			b.WriteString("}\n")
			if _, err := io.WriteString(w, b.String()); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(t.Columns); err != nil {
			return err
		}
		for _, row := range t.Rows {
			rec := make([]string, len(row))
			for i, v := range row {
				rec[i] = cell(v)
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	default:
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(t.Columns, "\t"))
		seps := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			seps[i] = strings.Repeat("-", max(3, len(c)))
		}
		fmt.Fprintln(tw, strings.Join(seps, "\t"))
		for _, row := range t.Rows {
			cells := make([]string, len(row))
			for i, v := range row {
				cells[i] = strings.ReplaceAll(cell(v), "\t", " ")
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if len(t.Rows) != 1 {
			_, err := fmt.Fprintf(w, "(%d rows)\n", len(t.Rows))
			return err
		}
		_, err := fmt.Fprintln(w, "(1 row)")
		return err
	}
}

func marshalValue(v any) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}

// cell renders one value for a table or CSV cell: strings bare, the rest
// as compact JSON.
func cell(v any) string {
	p := plain(v)
	switch x := p.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	b, err := marshalValue(p)
	if err != nil {
		return fmt.Sprint(p)
	}
	return string(b)
}

// plain turns driver values (nodes, relationships, paths, temporal types)
// into JSON-friendly values.
func plain(v any) any {
	switch x := v.(type) {
	case dbtype.Node:
		return map[string]any{"labels": x.Labels, "properties": plainMap(x.Props), "element_id": x.ElementId}
	case dbtype.Relationship:
		return map[string]any{"type": x.Type, "properties": plainMap(x.Props), "element_id": x.ElementId,
			"start": x.StartElementId, "end": x.EndElementId}
	case dbtype.Path:
		nodes := make([]any, len(x.Nodes))
		for i, n := range x.Nodes {
			nodes[i] = plain(n)
		}
		rels := make([]any, len(x.Relationships))
		for i, r := range x.Relationships {
			rels[i] = plain(r)
		}
		return map[string]any{"nodes": nodes, "relationships": rels}
	case dbtype.Date:
		return time.Time(x).Format("2006-01-02")
	case dbtype.LocalDateTime:
		return time.Time(x).Format("2006-01-02T15:04:05.999999999")
	case dbtype.LocalTime:
		return time.Time(x).Format("15:04:05.999999999")
	case dbtype.Time:
		return time.Time(x).Format("15:04:05.999999999Z07:00")
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case dbtype.Duration:
		return x.String()
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	case map[string]any:
		return plainMap(x)
	}
	return v
}

func plainMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out[k] = plain(m[k])
	}
	return out
}
