package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dipgraph/dipgraph/queries/browser"
)

func newBrowserCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "browser",
		Short: "Neo4j Browser guide (:play) and stylesheet (:style) for the query packs",
		Long: `browser produces what Neo4j Browser needs to explore the graph with the
query packs: a guide whose slides present every query as a runnable block
(its :param lines, then its Cypher), and a GRASS stylesheet giving every
label a colour, size and caption.

Browser loads guides and stylesheets only over HTTP from hosts in the
server's browser.remote_content_hostname_allowlist (by default
guides.neo4j.com and localhost) that send CORS headers. "browser guide
--serve" runs such a server on 127.0.0.1 and prints the :play and :style
commands to type into Browser; "browser guide --out DIR" writes the files
for any other web server.`,
		Example: `  dipgraph browser guide --serve
  dipgraph browser guide --out site/ --base-url https://guides.example.org/dipgraph
  dipgraph browser style --out dipgraph.grass`,
	}
	cmd.AddCommand(newBrowserGuideCmd(a), newBrowserStyleCmd(a))
	return cmd
}

type browserGuideOptions struct {
	out     string
	serve   bool
	listen  string
	baseURL string
	values  []string
}

func newBrowserGuideCmd(a *app) *cobra.Command {
	return newBrowserGuideCmdWith(a, func(ctx context.Context, o browserGuideOptions) error { return a.runBrowserGuide(ctx, o) })
}

// newBrowserGuideCmdWith lets tests capture the parsed options.
func newBrowserGuideCmdWith(a *app, runF func(context.Context, browserGuideOptions) error) *cobra.Command {
	var o browserGuideOptions
	cmd := &cobra.Command{
		Use:   "guide [--serve] [--out DIR]",
		Short: "Write or serve the Browser guide for :play",
		Long: `guide renders the Neo4j Browser guide of every query pack (built-in and
queries.dir): an overview slide, then one slide per query with a runnable
block that sets the parameters with :param (the query's example values)
and runs its Cypher.

With --serve it listens on --listen (127.0.0.1:8099; loopback only),
serves dipgraph.html (guide), dipgraph.grass (style) and index.html with
Access-Control-Allow-Origin: *, and prints the :play and :style commands,
using the host name localhost, which Browser's default allowlist admits.
It runs until interrupted.

With --out DIR it writes the same three files into DIR; --base-url says
where they will be served, for the links between slides and the :style
command on the first slide. With neither, the guide goes to stdout.

--value QUERY.PARAM=VALUE changes the value a slide's :param line sets.`,
		Example: `  dipgraph browser guide --serve
  dipgraph browser guide --serve --listen 127.0.0.1:0
  dipgraph browser guide --out /tmp/guide
  dipgraph browser guide --value timeline.actor=Erdogan > dipgraph.html`,
		Args: withArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := slideValues(o.values); err != nil {
				return err
			}
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.out, "out", "", "write dipgraph.html, dipgraph.grass and index.html into this directory")
	f.BoolVar(&o.serve, "serve", false, "serve the guide and stylesheet on --listen until interrupted")
	f.StringVar(&o.listen, "listen", "127.0.0.1:8099", "address for --serve (loopback only; port 0 picks a free one)")
	f.StringVar(&o.baseURL, "base-url", "", "URL the files are served from (default with --serve: http://localhost:PORT)")
	f.StringArrayVar(&o.values, "value", nil, "slide parameter value QUERY.PARAM=VALUE; repeatable")
	return cmd
}

// slideValues parses QUERY.PARAM=VALUE flags.
func slideValues(kvs []string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		q, p, ok2 := strings.Cut(k, ".")
		if !ok || !ok2 || q == "" || p == "" {
			return nil, usageErrorf("--value %q: want QUERY.PARAM=VALUE", kv)
		}
		if out[q] == nil {
			out[q] = map[string]string{}
		}
		out[q][p] = v
	}
	return out, nil
}

func (a *app) runBrowserGuide(ctx context.Context, o browserGuideOptions) error {
	c, err := a.queryCatalog()
	if err != nil {
		return err
	}
	values, err := slideValues(o.values)
	if err != nil {
		return err
	}
	for q := range values {
		if _, err := lookupQuery(c, q); err != nil {
			return err
		}
	}
	bo := browser.Options{BaseURL: o.baseURL, Values: values}
	if !o.serve {
		if o.out == "" {
			g, err := browser.Guide(c, bo)
			if err != nil {
				return &usageError{err}
			}
			_, err = a.stdout.Write(g)
			return err
		}
		files, err := browser.Files(c, bo)
		if err != nil {
			return &usageError{err}
		}
		return a.writeGuideFiles(o.out, files)
	}

	ln, err := browser.Listen(o.listen)
	if err != nil {
		if errors.Is(err, browser.ErrNotLoopback) {
			return &usageError{err}
		}
		return err
	}
	defer ln.Close()
	if bo.BaseURL == "" {
		bo.BaseURL = browser.BaseURL(ln)
	}
	files, err := browser.Files(c, bo)
	if err != nil {
		return &usageError{err}
	}
	if o.out != "" {
		if err := a.writeGuideFiles(o.out, files); err != nil {
			return err
		}
	}
	base := strings.TrimRight(bo.BaseURL, "/")
	fmt.Fprintf(a.stdout, "Serving the dipgraph guide at %s/ (Ctrl+C stops it).\n", base)
	if u := a.localBrowserURL(); u != "" {
		fmt.Fprintf(a.stdout, "Open %s (it plays the guide once connected),\nor open Neo4j Browser at %s, connect, and run:\n",
			browser.PlayURL(u, base+"/"+browser.GuideFile), u)
	} else {
		fmt.Fprintln(a.stdout, "In Neo4j Browser, connect, then run:")
	}
	fmt.Fprintf(a.stdout, "  :play %s/%s\n  :style %s/%s\n", base, browser.GuideFile, base, browser.StyleFile)
	return browser.Serve(ctx, ln, browser.Handler(files))
}

// localBrowserURL is the managed local server's Browser address, or "" when
// commands talk to another server.
func (a *app) localBrowserURL() string {
	if !a.cfg.UsesLocalServer() {
		return ""
	}
	s, err := a.localServer()
	if err != nil {
		return ""
	}
	return s.BrowserURI()
}

func (a *app) writeGuideFiles(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("guide directory: %w", err)
	}
	for _, name := range []string{browser.GuideFile, browser.StyleFile, browser.IndexFile} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
		fmt.Fprintf(a.stderr, "wrote %s\n", p)
	}
	return nil
}

func newBrowserStyleCmd(a *app) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "style [--out FILE]",
		Short: "Write the GRASS stylesheet (colour, size, caption per label)",
		Long: `style writes the Neo4j Browser stylesheet for the graph model: a colour,
size and caption for every label (Country, Leader, Delegation, Venue,
Organization, Proposal, Article, Alias, Source) and a colour and width for
every relationship type. Load it by dropping the file onto Browser, or
with :style URL when it is served (dipgraph browser guide --serve).`,
		Example: `  dipgraph browser style --out dipgraph.grass
  dipgraph browser style > dipgraph.grass`,
		Args: withArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				_, err := a.stdout.Write(browser.Style())
				return err
			}
			if err := os.WriteFile(out, browser.Style(), 0o644); err != nil {
				return fmt.Errorf("write %s: %w", out, err)
			}
			fmt.Fprintf(a.stderr, "wrote %s\n", out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the stylesheet to FILE instead of stdout")
	return cmd
}
