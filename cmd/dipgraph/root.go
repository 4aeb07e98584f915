package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/dipgraph/dipgraph/config"
)

// version is set by -ldflags "-X main.version=…" in release builds.
var version = "dev"

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "dipgraph",
		Short: "Turn diplomatic news into a Neo4j knowledge graph",
		Long: `dipgraph reads news articles (text, JSON Lines, HTML, RSS/Atom), extracts
diplomatic actors (leaders, delegations, countries, venues, organizations,
proposals) and their interactions (MEDIATES, PROPOSES, REJECTS, ACCEPTS,
LEADS, REPRESENTS, MEETS, MEETS_IN, VISITS), loads them into Neo4j with
provenance, and runs analyst query packs over the graph.

With no neo4j.uri configured, every command talks to a local Neo4j that
dipgraph assembles from Maven Central and runs itself (dipgraph neo4j start).

Configuration: defaults < config file < environment < flags. The file is
--config, else ./dipgraph.yaml, ~/.config/dipgraph/config.yaml or
/etc/dipgraph/config.yaml. Environment: NEO4J_URI, NEO4J_USERNAME,
NEO4J_PASSWORD, NEO4J_DATABASE, and DIPGRAPH_<KEY> for every other key
(dots become underscores: DIPGRAPH_LOAD_BATCH_SIZE).

Exit codes: 0 success, 1 failure, 2 usage or configuration error, 3 partial
success (some inputs bad or failed), 4 Neo4j unreachable or authentication
failed, 130/143 interrupted.`,
		Example: `  dipgraph neo4j start
  dipgraph load examples/
  dipgraph query run top-mediators
  dipgraph cypher 'MATCH (c:Country) RETURN c.name LIMIT 5' --format json`,
		Version:       version,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return a.loadConfig(cmd)
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &flagError{err} })
	pf := root.PersistentFlags()
	pf.StringVar(&a.configFile, "config", "", "config file (default: ./dipgraph.yaml, ~/.config/dipgraph/config.yaml, /etc/dipgraph/config.yaml)")
	pf.String("uri", "", "Neo4j URI, e.g. bolt://host:7687 or neo4j+s://xxxx.databases.neo4j.io (key neo4j.uri, env NEO4J_URI; empty: the local server)")
	pf.String("username", "", "Neo4j user (key neo4j.username, env NEO4J_USERNAME)")
	pf.String("database", "", "Neo4j database (key neo4j.database, env NEO4J_DATABASE)")
	pf.String("log-level", "", "log level: debug, info, warn, error (key log.level)")
	a.flagKeys = map[string]string{
		"neo4j.uri":      "uri",
		"neo4j.username": "username",
		"neo4j.database": "database",
		"log.level":      "log-level",
	}

	root.AddCommand(
		newConfigCmd(a),
		newNeo4jCmd(a),
		newCypherCmd(a),
		newExtractCmd(a),
		newEvalCmd(a),
		newLoadCmd(a),
		newSchemaCmd(a),
		newForgetCmd(a),
		newQueryCmd(a),
		newBrowserCmd(a),
		newScheduleCmd(a),
		newSyncCmd(a),
		newSynthCmd(a),
	)
	return root
}

// loadConfig reads the configuration once per run, binding the persistent
// flags and any command-local flags annotated with a config key.
func (a *app) loadConfig(cmd *cobra.Command) error {
	flags := map[string]*pflag.Flag{}
	for key, name := range a.flagKeys {
		if f := cmd.Flags().Lookup(name); f != nil {
			flags[key] = f
		}
	}
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if keys, ok := f.Annotations[configKeyAnnotation]; ok && len(keys) == 1 {
			flags[keys[0]] = f
		}
	})
	res, err := config.Load(config.LoadOptions{
		File:        a.configFile,
		SearchPaths: config.DefaultSearchPaths(),
		Getenv:      a.getenv,
		Environ:     a.environ,
		Flags:       flags,
	})
	if err != nil {
		return &usageError{err}
	}
	a.cfg, a.cfgFile = res.Config, res.File
	return nil
}

// configKeyAnnotation binds a command-local flag to a configuration key, so
// the flag wins over file and environment for that key.
const configKeyAnnotation = "dipgraph_config_key"

// bindFlag marks flag name of cmd as setting configuration key.
func bindFlag(cmd *cobra.Command, name, key string) {
	f := cmd.Flags().Lookup(name)
	if f == nil {
		panic(fmt.Sprintf("bindFlag: no flag --%s on %s", name, cmd.Name()))
	}
	if f.Annotations == nil {
		f.Annotations = map[string][]string{}
	}
	f.Annotations[configKeyAnnotation] = []string{key}
}
