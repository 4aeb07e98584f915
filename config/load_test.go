package config_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"

	"github.com/dipgraph/dipgraph/config"
)

// env is a fake environment for Load.
type env map[string]string

func (e env) getenv(k string) string { return e[k] }
func (e env) environ() []string {
	out := make([]string, 0, len(e))
	for k, v := range e {
		out = append(out, k+"="+v)
	}
	return out
}

// flags parses args against a flag set with a few flags bound to keys, as
// the root command does.
func flags(t *testing.T, args ...string) map[string]*pflag.Flag {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	fs.String("uri", "", "")
	fs.Int("batch-size", 0, "")
	fs.String("timeout", "", "")
	fs.Int("bolt-port", 0, "")
	if err := fs.Parse(args); err != nil {
		t.Fatalf("parse flags %v: %v", args, err)
	}
	return map[string]*pflag.Flag{
		"neo4j.uri":       fs.Lookup("uri"),
		"load.batch_size": fs.Lookup("batch-size"),
		"queries.timeout": fs.Lookup("timeout"),
		"local.bolt_port": fs.Lookup("bolt-port"),
	}
}

func load(t *testing.T, file string, e env, f map[string]*pflag.Flag) (config.Result, error) {
	t.Helper()
	if e == nil {
		e = env{}
	}
	return config.Load(config.LoadOptions{File: file, Getenv: e.getenv, Environ: e.environ, Flags: f})
}

func TestLoadPrecedence(t *testing.T) {
	partial := filepath.Join("testdata", "good", "partial.yaml") // load.batch_size: 5000, local.bolt_port: 17687
	tests := []struct {
		name  string
		file  string
		env   env
		args  []string
		check func(c config.Config) (got, want any)
	}{
		{"default", "", nil, nil, func(c config.Config) (any, any) { return c.Load.BatchSize, 10000 }},
		{"file over default", partial, nil, nil, func(c config.Config) (any, any) { return c.Load.BatchSize, 5000 }},
		{"env over file", partial, env{"DIPGRAPH_LOAD_BATCH_SIZE": "6000"}, nil,
			func(c config.Config) (any, any) { return c.Load.BatchSize, 6000 }},
		{"flag over env", partial, env{"DIPGRAPH_LOAD_BATCH_SIZE": "6000"}, []string{"--batch-size=7000"},
			func(c config.Config) (any, any) { return c.Load.BatchSize, 7000 }},
		{"unset flag does not override file", partial, nil, nil,
			func(c config.Config) (any, any) { return c.Local.BoltPort, 17687 }},
		{"flag over file", partial, nil, []string{"--bolt-port=27687"},
			func(c config.Config) (any, any) { return c.Local.BoltPort, 27687 }},
		{"duration from env", "", env{"DIPGRAPH_QUERIES_TIMEOUT": "90s"}, nil,
			func(c config.Config) (any, any) { return c.Queries.Timeout, 90 * time.Second }},
		{"duration from flag", "", env{"DIPGRAPH_QUERIES_TIMEOUT": "90s"}, []string{"--timeout=2m"},
			func(c config.Config) (any, any) { return c.Queries.Timeout, 2 * time.Minute }},
		{"NEO4J_URI", "", env{"NEO4J_URI": "bolt://db.example:7687"}, nil,
			func(c config.Config) (any, any) { return c.Neo4j.URI, "bolt://db.example:7687" }},
		{"NEO4J_URI over file", filepath.Join("testdata", "good", "full.yaml"), env{"NEO4J_URI": "bolt://db.example:7687"}, nil,
			func(c config.Config) (any, any) { return c.Neo4j.URI, "bolt://db.example:7687" }},
		{"DIPGRAPH_NEO4J_URI also works", "", env{"DIPGRAPH_NEO4J_URI": "neo4j://cluster:7687"}, nil,
			func(c config.Config) (any, any) { return c.Neo4j.URI, "neo4j://cluster:7687" }},
		{"Neo4j's own name wins over the prefixed one", "", env{"NEO4J_URI": "bolt://a:7687", "DIPGRAPH_NEO4J_URI": "bolt://b:7687"}, nil,
			func(c config.Config) (any, any) { return c.Neo4j.URI, "bolt://a:7687" }},
		{"--uri over NEO4J_URI", "", env{"NEO4J_URI": "bolt://a:7687"}, []string{"--uri=bolt://c:7687"},
			func(c config.Config) (any, any) { return c.Neo4j.URI, "bolt://c:7687" }},
		{"NEO4J_PASSWORD", "", env{"NEO4J_PASSWORD": "env-password-1"}, nil,
			func(c config.Config) (any, any) { return c.Neo4j.Password, "env-password-1" }},
		{"NEO4J_USERNAME and NEO4J_DATABASE", "", env{"NEO4J_USERNAME": "reader", "NEO4J_DATABASE": "news"}, nil,
			func(c config.Config) (any, any) { return c.Neo4j.Username + "/" + c.Neo4j.Database, "reader/news" }},
		{"empty env var is unset", partial, env{"DIPGRAPH_LOAD_BATCH_SIZE": ""}, nil,
			func(c config.Config) (any, any) { return c.Load.BatchSize, 5000 }},
		{"DIPGRAPH_CONFIG names the file", "", env{"DIPGRAPH_CONFIG": partial}, nil,
			func(c config.Config) (any, any) { return c.Load.BatchSize, 5000 }},
		{"test variables are not keys", "", env{"DIPGRAPH_TEST_NEO4J_URI": "bolt://x:1"}, nil,
			func(c config.Config) (any, any) { return c.Neo4j.URI, "" }},
		{"nested env key", "", env{"DIPGRAPH_LOCAL_DATA_DIR": "/tmp/dg-data", "DIPGRAPH_LOCAL_HEAP": "1g"}, nil,
			func(c config.Config) (any, any) { return c.Local.DataDir + " " + c.Local.Heap, "/tmp/dg-data 1g" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := load(t, tt.file, tt.env, flags(t, tt.args...))
			if err != nil {
				t.Fatalf("Load(file %q, env %v, args %v): %v", tt.file, tt.env, tt.args, err)
			}
			got, want := tt.check(res.Config)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Load(file %q, env %v, args %v): got %v, want %v", tt.file, tt.env, tt.args, got, want)
			}
			wantFile := tt.file
			if wantFile == "" {
				wantFile = tt.env["DIPGRAPH_CONFIG"]
			}
			if res.File != wantFile {
				t.Errorf("Result.File = %q, want %q", res.File, wantFile)
			}
		})
	}
}

func TestLoadFull(t *testing.T) {
	res, err := load(t, filepath.Join("testdata", "good", "full.yaml"), nil, nil)
	if err != nil {
		t.Fatalf("Load(full.yaml): %v", err)
	}
	c := res.Config
	want := config.Config{
		Neo4j: config.Neo4j{URI: "neo4j+s://abcd1234.databases.neo4j.io", Username: "analyst", Password: "file-password-1",
			Database: "news", ConnectTimeout: 20 * time.Second, MaxRetryTime: time.Minute},
		Local: config.Local{CacheDir: "/srv/dipgraph/cache", DataDir: "/srv/dipgraph/data", Version: "5.26.30",
			BrowserVersion: "5.24.0", BoltPort: 17687, HTTPPort: 17474, Heap: "2g", PageCache: "1g",
			JavaHome: "/usr/lib/jvm/java-17-openjdk-amd64", StartTimeout: 2 * time.Minute},
		Extract: config.Extract{LexiconDir: "/srv/dipgraph/lexicon", MaxArticleBytes: 1 << 20, MinConfidence: 0.5, Format: "text"},
		Load:    config.Loading{BatchSize: 500, Workers: 3, MaxEvidence: 2},
		Queries: config.Queries{Dir: "/srv/dipgraph/queries", Timeout: time.Minute, Limit: 50},
		Schedule: config.Schedule{Timezone: "Europe/Istanbul", Listen: "127.0.0.1:9999", LeaseTTL: 5 * time.Minute, BatchSize: 250, Sources: []config.Source{
			{Name: "inbox", Type: "dir", Path: "/srv/articles", Schedule: "@every 15m"},
			{Name: "wire", Type: "feed", URL: "https://example.org/world.rss", Schedule: "*/30 * * * *",
				FetchPages: true, Timeout: 30 * time.Second, MaxBytes: 1000000},
		}},
		Log: config.Log{Level: "debug", Format: "json"},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Load(full.yaml):\ngot  %+v\nwant %+v", c, want)
	}
	if got := c.Masked().Neo4j.Password; got != "********" {
		t.Errorf("Masked().Neo4j.Password = %q, want ********", got)
	}
}

func TestLoadGoodFilesKeepDefaults(t *testing.T) {
	for _, name := range []string{"empty.yaml", "nulls.yaml"} {
		t.Run(name, func(t *testing.T) {
			res, err := load(t, filepath.Join("testdata", "good", name), nil, nil)
			if err != nil {
				t.Fatalf("Load(%s): %v", name, err)
			}
			assertYAMLEqual(t, res.Config, config.Default())
		})
	}
}

func TestLoadRejects(t *testing.T) {
	bad := func(name string) string { return filepath.Join("testdata", "bad", name) }
	tests := []struct {
		name    string
		file    string
		env     env
		args    []string
		wantErr []string // substrings of the error
	}{
		{"unknown top-level key", bad("unknown-top.yaml"), nil, nil,
			[]string{bad("unknown-top.yaml"), "line 3", "unknown key neo4jj"}},
		{"unknown nested key", bad("unknown-nested.yaml"), nil, nil,
			[]string{bad("unknown-nested.yaml"), "line 3", "unknown key neo4j.passwrod", "password"}},
		{"unknown key in a list item", bad("unknown-source-key.yaml"), nil, nil,
			[]string{"line 7", "unknown key schedule.sources[0].interval"}},
		{"wrong type", bad("wrong-type.yaml"), nil, nil,
			[]string{bad("wrong-type.yaml"), "line 2", "load.batch_size", `"lots"`, "integer"}},
		{"bad duration", bad("bad-duration.yaml"), nil, nil,
			[]string{"line 2", "queries.timeout", `"forever"`, "duration"}},
		{"out-of-range values, all reported", bad("invalid-values.yaml"), nil, nil,
			[]string{bad("invalid-values.yaml"), "local.bolt_port", "70000", "extract.format", `"pdf"`, "log.level", `"loud"`,
				"schedule.lease_ttl", "5s", "schedule.batch_size", "0"}},
		{"YAML syntax", bad("syntax.yaml"), nil, nil, []string{bad("syntax.yaml"), "line"}},
		{"scalar for a section", bad("not-a-mapping.yaml"), nil, nil, []string{"line 1", "neo4j must be a mapping"}},
		{"missing explicit file", bad("does-not-exist.yaml"), nil, nil, []string{"does-not-exist.yaml", "no such file"}},
		{"unknown DIPGRAPH_ variable", "", env{"DIPGRAPH_LOAD_BATCHSIZE": "10"}, nil,
			[]string{"DIPGRAPH_LOAD_BATCHSIZE", "unknown configuration key", "load.batch_size"}},
		{"bad env value", "", env{"DIPGRAPH_LOAD_BATCH_SIZE": "many"}, nil,
			[]string{"DIPGRAPH_LOAD_BATCH_SIZE", "load.batch_size", `"many"`}},
		{"bad env duration", "", env{"DIPGRAPH_NEO4J_CONNECT_TIMEOUT": "soon"}, nil,
			[]string{"DIPGRAPH_NEO4J_CONNECT_TIMEOUT", "neo4j.connect_timeout", `"soon"`}},
		{"env value out of range", "", env{"DIPGRAPH_LOAD_WORKERS": "0"}, nil,
			[]string{"load.workers", "between 1 and 64"}},
		{"bad NEO4J_URI", "", env{"NEO4J_URI": "http://localhost:7474"}, nil,
			[]string{"neo4j.uri", `scheme "http" not supported`}},
		{"bad flag value", "", nil, []string{"--timeout=later"},
			[]string{"--timeout", "queries.timeout", `"later"`}},
		{"flag out of range", "", nil, []string{"--bolt-port=0"},
			[]string{"local.bolt_port", "between 1 and 65535"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, tt.file, tt.env, flags(t, tt.args...))
			if err == nil {
				t.Fatalf("Load(file %q, env %v, args %v) succeeded, want an error", tt.file, tt.env, tt.args)
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Load(file %q, env %v, args %v) error lacks %q:\n%v", tt.file, tt.env, tt.args, s, err)
				}
			}
		})
	}
}

func TestLoadReportsEveryUnknownKey(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "two.yaml")
	if err := os.WriteFile(f, []byte("neo4j:\n  url: x\nload:\n  batchsize: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := load(t, f, nil, nil)
	if err == nil {
		t.Fatal("Load(two unknown keys) succeeded")
	}
	for _, s := range []string{"line 2: unknown key neo4j.url", "line 4: unknown key load.batchsize"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error lacks %q:\n%v", s, err)
		}
	}
}

// TestExampleConfigLoadsToDefault proves the file `config init` writes is
// valid and says exactly what the defaults are.
func TestExampleConfigLoadsToDefault(t *testing.T) {
	example := filepath.Join("..", "cmd", "dipgraph", "example.yaml")
	res, err := load(t, example, nil, nil)
	if err != nil {
		t.Fatalf("Load(%s): %v", example, err)
	}
	assertYAMLEqual(t, res.Config, config.Default())

	// Every key is mentioned (set or commented), so the example documents them all.
	b, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range config.Keys() {
		leaf := k[strings.LastIndex(k, ".")+1:]
		if !strings.Contains(string(b), leaf+":") {
			t.Errorf("%s does not mention key %s", example, k)
		}
	}
}

// TestConfigurationDocListsEveryKey keeps docs/configuration.md in step
// with the Config type.
func TestConfigurationDocListsEveryKey(t *testing.T) {
	doc := filepath.Join("..", "docs", "configuration.md")
	b, err := os.ReadFile(doc)
	if err != nil {
		t.Fatalf("read %s: %v", doc, err)
	}
	for _, k := range config.Keys() {
		if !strings.Contains(string(b), "`"+k+"`") {
			t.Errorf("%s does not document key `%s`", doc, k)
		}
		if !strings.Contains(string(b), config.EnvName(k)) {
			t.Errorf("%s does not name the environment variable %s", doc, config.EnvName(k))
		}
	}
}

func TestKeysAndEnvName(t *testing.T) {
	keys := config.Keys()
	for _, want := range []string{"neo4j.uri", "local.bolt_port", "load.batch_size", "schedule.sources", "log.format"} {
		found := false
		for _, k := range keys {
			found = found || k == want
		}
		if !found {
			t.Errorf("Keys() lacks %s", want)
		}
	}
	if got := config.EnvName("local.bolt_port"); got != "DIPGRAPH_LOCAL_BOLT_PORT" {
		t.Errorf("EnvName(local.bolt_port) = %s", got)
	}
}

func TestValidateReportsAll(t *testing.T) {
	c := config.Default()
	c.Neo4j.URI = "localhost:7687"
	c.Local.BoltPort = 7474
	c.Local.Heap = "lots"
	c.Load.BatchSize = 0
	c.Schedule.Timezone = "Mars/Olympus"
	c.Schedule.Sources = []config.Source{{Name: "a", Type: "ftp", Schedule: "@every 1m"}, {Name: "a", Type: "dir", Schedule: ""}}
	err := c.Validate()
	if err == nil {
		t.Fatal("Validate() = nil, want errors")
	}
	for _, s := range []string{"neo4j.uri", "local.http_port", "local.heap", "load.batch_size", "schedule.timezone",
		"schedule.sources[0].type", "schedule.sources[1].name", "schedule.sources[1].path", "schedule.sources[1].schedule"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("Validate() lacks %s:\n%v", s, err)
		}
	}
	if err := config.Default().Validate(); err != nil {
		t.Errorf("Default().Validate() = %v", err)
	}
}

func assertYAMLEqual(t *testing.T, got, want config.Config) {
	t.Helper()
	g, err := yaml.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := yaml.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(g) != string(w) {
		t.Errorf("config differs from Default():\ngot:\n%s\nwant:\n%s", g, w)
	}
}

func TestMarshalJSONUsesFileForms(t *testing.T) {
	b, err := json.Marshal(config.Default().Masked())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"connect_timeout":"10s"`, `"bolt_port":7687`, `"batch_size":10000`, `"neo4j":{`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("json.Marshal(Default()) lacks %s:\n%s", want, b)
		}
	}
}
