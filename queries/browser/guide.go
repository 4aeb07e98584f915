package browser

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"sort"
	"strings"

	"github.com/dipgraph/dipgraph/queries"
)

// File names of the generated guide, stylesheet and index page.
const (
	GuideFile = "dipgraph.html"
	StyleFile = "dipgraph.grass"
	IndexFile = "index.html"
)

//go:embed style.grass
var style []byte

//go:embed guide.html.tmpl
var guideTmpl string

//go:embed index.html.tmpl
var indexTmpl string

// Style returns the GRASS stylesheet: one rule per label and relationship
// type of the graph model.
func Style() []byte { return bytes.Clone(style) }

// Options shape the guide.
type Options struct {
	// Title of the guide; empty means "dipgraph query packs".
	Title string
	// BaseURL is where the guide and stylesheet are served, such as
	// http://localhost:8099. With it the first slide links to every query
	// slide and offers `:style BaseURL/dipgraph.grass`; without it (files
	// written for an unknown server) those links are left out.
	BaseURL string
	// Values override the example values of the slides' `:param` lines:
	// query name → parameter → value as typed on the command line.
	Values map[string]map[string]string
}

type slide struct {
	Number      int
	Name        string
	Pack        string
	Title       string
	Description string
	ParamBlock  string
	Cypher      string
	Params      []paramRow
	Command     string
	Link        string
}

type paramRow struct {
	Name, Type, Default, Doc string
}

type guideData struct {
	Title    string
	BaseURL  string
	StyleURL string
	GuideURL string
	Packs    []packData
	Slides   []slide
}

type packData struct {
	Name   string
	Slides []slide
}

// Guide renders the Browser guide: an HTML document of <slide> elements
// (the format of Neo4j Browser's :play) with an overview slide and one slide
// per query, ordered by pack and name. Each query slide has two runnable
// blocks: the `:param` lines that set its parameters (example values from
// the header, else defaults), then the query's Cypher exactly as the CLI
// runs it. They are separate so that the query's result shows as an
// ordinary frame (table, graph, export), not inside a multi-statement list.
func Guide(c *queries.Catalog, o Options) ([]byte, error) {
	d, err := data(c, o)
	if err != nil {
		return nil, err
	}
	t, err := template.New("guide").Parse(guideTmpl)
	if err != nil {
		return nil, fmt.Errorf("guide template: %w", err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return nil, fmt.Errorf("guide: %w", err)
	}
	return buf.Bytes(), nil
}

func data(c *queries.Catalog, o Options) (guideData, error) {
	d := guideData{Title: o.Title, BaseURL: strings.TrimRight(o.BaseURL, "/")}
	if d.Title == "" {
		d.Title = "dipgraph query packs"
	}
	if d.BaseURL != "" {
		d.StyleURL = d.BaseURL + "/" + StyleFile
		d.GuideURL = d.BaseURL + "/" + GuideFile
	}
	byPack := map[string]*packData{}
	for i, q := range c.List() {
		params, err := slideParams(q, o.Values[q.Name])
		if err != nil {
			return d, err
		}
		s := slide{
			Number:      i + 2, // Browser numbers slides from 1; 1 is the overview
			Name:        q.Name,
			Pack:        q.Pack,
			Title:       q.Title,
			Description: q.Description,
			ParamBlock:  ParamBlock(q, params),
			Cypher:      q.Cypher,
			Command:     command(q, params),
		}
		if d.GuideURL != "" {
			s.Link = fmt.Sprintf("%s#slide-%d", d.GuideURL, s.Number)
		}
		for _, p := range q.Params {
			def := "required"
			if !p.Required {
				def = queries.CypherLiteral(p.Default)
			}
			s.Params = append(s.Params, paramRow{p.Name, string(p.Type), def, p.Doc})
		}
		d.Slides = append(d.Slides, s)
		if byPack[q.Pack] == nil {
			byPack[q.Pack] = &packData{Name: q.Pack}
		}
		byPack[q.Pack].Slides = append(byPack[q.Pack].Slides, s)
	}
	for _, p := range byPack {
		d.Packs = append(d.Packs, *p)
	}
	sort.Slice(d.Packs, func(i, j int) bool { return d.Packs[i].Name < d.Packs[j].Name })
	return d, nil
}

// slideParams binds the example values, overridden by values.
func slideParams(q *queries.Query, values map[string]string) (map[string]any, error) {
	v := map[string]string{}
	for k, x := range q.Example {
		v[k] = x
	}
	for k, x := range values {
		v[k] = x
	}
	params, err := q.Bind(v)
	if err != nil {
		return nil, fmt.Errorf("guide slide for %s: %w", q.Name, err)
	}
	return params, nil
}

// ParamBlock is the first runnable block of a query slide: one
// `:param name => value;` line per declared parameter, in header order.
// Browser runs the lines one after the other (multi-statement mode).
func ParamBlock(q *queries.Query, params map[string]any) string {
	var b strings.Builder
	for i, p := range q.Params {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, ":param %s => %s;", p.Name, queries.CypherLiteral(params[p.Name]))
	}
	return b.String()
}

// command is the equivalent shell command line.
func command(q *queries.Query, params map[string]any) string {
	parts := []string{"dipgraph query run", q.Name}
	for _, p := range q.Params {
		v, ok := params[p.Name]
		if !ok || v == nil || (!p.Required && v == p.Default) {
			continue
		}
		s := fmt.Sprint(v)
		if strings.ContainsAny(s, " '\"$\\") {
			s = "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
		parts = append(parts, "--param "+p.Name+"="+s)
	}
	return strings.Join(parts, " ")
}

// Index renders a small page for people who open the server's root in a
// web browser: what to type into Neo4j Browser.
func Index(c *queries.Catalog, o Options) ([]byte, error) {
	d, err := data(c, o)
	if err != nil {
		return nil, err
	}
	t, err := template.New("index").Parse(indexTmpl)
	if err != nil {
		return nil, fmt.Errorf("index template: %w", err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	return buf.Bytes(), nil
}

// Files returns the guide, the stylesheet and the index page by file name.
func Files(c *queries.Catalog, o Options) (map[string][]byte, error) {
	g, err := Guide(c, o)
	if err != nil {
		return nil, err
	}
	idx, err := Index(c, o)
	if err != nil {
		return nil, err
	}
	return map[string][]byte{GuideFile: g, StyleFile: Style(), IndexFile: idx}, nil
}
