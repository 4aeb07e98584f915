package config

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Config is the whole effective configuration.
type Config struct {
	Neo4j    Neo4j    `mapstructure:"neo4j" yaml:"neo4j" json:"neo4j"`
	Local    Local    `mapstructure:"local" yaml:"local" json:"local"`
	Extract  Extract  `mapstructure:"extract" yaml:"extract" json:"extract"`
	Load     Loading  `mapstructure:"load" yaml:"load" json:"load"`
	Queries  Queries  `mapstructure:"queries" yaml:"queries" json:"queries"`
	Schedule Schedule `mapstructure:"schedule" yaml:"schedule" json:"schedule"`
	Log      Log      `mapstructure:"log" yaml:"log" json:"log"`
}

// Neo4j says which server to talk to. An empty URI means the managed local
// server (see Local) and its generated password file.
type Neo4j struct {
	URI            string        `mapstructure:"uri" yaml:"uri" json:"uri"`
	Username       string        `mapstructure:"username" yaml:"username" json:"username"`
	Password       string        `mapstructure:"password" yaml:"password" json:"password"`
	Database       string        `mapstructure:"database" yaml:"database" json:"database"`
	ConnectTimeout time.Duration `mapstructure:"connect_timeout" yaml:"connect_timeout" json:"connect_timeout"`
	MaxRetryTime   time.Duration `mapstructure:"max_retry_time" yaml:"max_retry_time" json:"max_retry_time"`
}

// Local configures the Neo4j server the project assembles from Maven Central
// and runs itself.
type Local struct {
	CacheDir       string        `mapstructure:"cache_dir" yaml:"cache_dir" json:"cache_dir"`
	DataDir        string        `mapstructure:"data_dir" yaml:"data_dir" json:"data_dir"`
	Version        string        `mapstructure:"version" yaml:"version" json:"version"`
	BrowserVersion string        `mapstructure:"browser_version" yaml:"browser_version" json:"browser_version"`
	BoltPort       int           `mapstructure:"bolt_port" yaml:"bolt_port" json:"bolt_port"`
	HTTPPort       int           `mapstructure:"http_port" yaml:"http_port" json:"http_port"`
	Heap           string        `mapstructure:"heap" yaml:"heap" json:"heap"`
	PageCache      string        `mapstructure:"pagecache" yaml:"pagecache" json:"pagecache"`
	JavaHome       string        `mapstructure:"java_home" yaml:"java_home" json:"java_home"`
	StartTimeout   time.Duration `mapstructure:"start_timeout" yaml:"start_timeout" json:"start_timeout"`
}

// Extract configures reading and extraction.
type Extract struct {
	// LexiconDir holds data files that override the embedded gazetteers,
	// actor dictionary and cue lexicon (same file names).
	LexiconDir      string  `mapstructure:"lexicon_dir" yaml:"lexicon_dir" json:"lexicon_dir"`
	MaxArticleBytes int64   `mapstructure:"max_article_bytes" yaml:"max_article_bytes" json:"max_article_bytes"`
	MinConfidence   float64 `mapstructure:"min_confidence" yaml:"min_confidence" json:"min_confidence"`
	// Format forces an input format: auto, text, jsonl, html, feed.
	Format string `mapstructure:"format" yaml:"format" json:"format"`
}

// Loading configures the Neo4j loader.
type Loading struct {
	BatchSize   int `mapstructure:"batch_size" yaml:"batch_size" json:"batch_size"`
	Workers     int `mapstructure:"workers" yaml:"workers" json:"workers"`
	MaxEvidence int `mapstructure:"max_evidence" yaml:"max_evidence" json:"max_evidence"`
}

// Queries configures the analyst query packs.
type Queries struct {
	Dir     string        `mapstructure:"dir" yaml:"dir" json:"dir"`
	Timeout time.Duration `mapstructure:"timeout" yaml:"timeout" json:"timeout"`
	Limit   int           `mapstructure:"limit" yaml:"limit" json:"limit"`
}

// Schedule configures `dipgraph schedule` and `dipgraph sync`.
type Schedule struct {
	Timezone string `mapstructure:"timezone" yaml:"timezone" json:"timezone"`
	Listen   string `mapstructure:"listen" yaml:"listen" json:"listen"`
	// LeaseTTL is how long a source's lease outlives its last renewal: a
	// crashed runner blocks its sources this long.
	LeaseTTL time.Duration `mapstructure:"lease_ttl" yaml:"lease_ttl" json:"lease_ttl"`
	// BatchSize is how many articles a run extracts and loads at a time;
	// a signal stops a run between batches.
	BatchSize int      `mapstructure:"batch_size" yaml:"batch_size" json:"batch_size"`
	Sources   []Source `mapstructure:"sources" yaml:"sources" json:"sources"`
}

// Source is one watched directory, feed or JSON Lines file.
type Source struct {
	Name          string        `mapstructure:"name" yaml:"name" json:"name"`
	Type          string        `mapstructure:"type" yaml:"type" json:"type"` // dir, feed, jsonl
	Path          string        `mapstructure:"path" yaml:"path" json:"path"`
	URL           string        `mapstructure:"url" yaml:"url" json:"url"`
	Schedule      string        `mapstructure:"schedule" yaml:"schedule" json:"schedule"`
	ForgetDeleted bool          `mapstructure:"forget_deleted" yaml:"forget_deleted" json:"forget_deleted"`
	FetchPages    bool          `mapstructure:"fetch_pages" yaml:"fetch_pages" json:"fetch_pages"`
	Timeout       time.Duration `mapstructure:"timeout" yaml:"timeout" json:"timeout"`
	MaxBytes      int64         `mapstructure:"max_bytes" yaml:"max_bytes" json:"max_bytes"`
}

// Log configures structured logging.
type Log struct {
	Level  string `mapstructure:"level" yaml:"level" json:"level"`
	Format string `mapstructure:"format" yaml:"format" json:"format"` // auto, text, json
}

// Default returns the configuration used when nothing else is set.
func Default() Config {
	return Config{
		Neo4j: Neo4j{
			Username:       "neo4j",
			Database:       "neo4j",
			ConnectTimeout: 10 * time.Second,
			MaxRetryTime:   30 * time.Second,
		},
		Local: Local{
			CacheDir:       filepath.Join(xdgDir("XDG_CACHE_HOME", ".cache"), "dipgraph"),
			DataDir:        filepath.Join(xdgDir("XDG_DATA_HOME", filepath.Join(".local", "share")), "dipgraph"),
			Version:        "5.26.30",
			BrowserVersion: "5.24.0",
			BoltPort:       7687,
			HTTPPort:       7474,
			StartTimeout:   3 * time.Minute,
		},
		Extract: Extract{
			MaxArticleBytes: 16 << 20,
			Format:          "auto",
		},
		Load: Loading{
			BatchSize:   10000,
			Workers:     runtime.NumCPU(),
			MaxEvidence: 5,
		},
		Queries: Queries{
			Timeout: 30 * time.Second,
			Limit:   100,
		},
		Schedule: Schedule{
			Timezone:  "UTC",
			Listen:    "127.0.0.1:9464",
			LeaseTTL:  2 * time.Minute,
			BatchSize: 100,
		},
		Log: Log{Level: "info", Format: "auto"},
	}
}

// UsesLocalServer reports whether commands talk to the managed local Neo4j.
func (c Config) UsesLocalServer() bool { return c.Neo4j.URI == "" }

func xdgDir(env, fallback string) string {
	if d := os.Getenv(env); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = os.TempDir()
	}
	return filepath.Join(home, fallback)
}

// Validate reports every invalid value, each naming its key.
func (c Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{key}, args...)...))
	}
	if c.Neo4j.URI != "" {
		scheme, _, ok := strings.Cut(c.Neo4j.URI, "://")
		switch {
		case !ok:
			bad("neo4j.uri", "%q is not a URI (want e.g. bolt://host:7687 or neo4j+s://xxxx.databases.neo4j.io)", c.Neo4j.URI)
		case !oneOf(scheme, "bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"):
			bad("neo4j.uri", "scheme %q not supported (want bolt, bolt+s, bolt+ssc, neo4j, neo4j+s or neo4j+ssc)", scheme)
		}
	}
	if c.Neo4j.Username == "" {
		bad("neo4j.username", "must not be empty")
	}
	if c.Neo4j.Database == "" {
		bad("neo4j.database", "must not be empty")
	}
	if c.Neo4j.ConnectTimeout <= 0 {
		bad("neo4j.connect_timeout", "must be positive, got %s", c.Neo4j.ConnectTimeout)
	}
	if c.Neo4j.MaxRetryTime < 0 {
		bad("neo4j.max_retry_time", "must not be negative, got %s", c.Neo4j.MaxRetryTime)
	}
	for key, port := range map[string]int{"local.bolt_port": c.Local.BoltPort, "local.http_port": c.Local.HTTPPort} {
		if port < 1 || port > 65535 {
			bad(key, "must be a port between 1 and 65535, got %d", port)
		}
	}
	if c.Local.BoltPort == c.Local.HTTPPort {
		bad("local.http_port", "must differ from local.bolt_port (%d)", c.Local.BoltPort)
	}
	if !strings.HasPrefix(c.Local.Version, "5.26.") && !strings.HasPrefix(c.Local.Version, "202") {
		bad("local.version", "%q is not a Neo4j 5.26.x or calendar-versioned release", c.Local.Version)
	}
	for key, v := range map[string]string{"local.heap": c.Local.Heap, "local.pagecache": c.Local.PageCache} {
		if v != "" && !isMemSize(v) {
			bad(key, "%q is not a memory size (want e.g. 512m or 2g)", v)
		}
	}
	if c.Local.StartTimeout <= 0 {
		bad("local.start_timeout", "must be positive, got %s", c.Local.StartTimeout)
	}
	if c.Extract.MaxArticleBytes <= 0 {
		bad("extract.max_article_bytes", "must be positive, got %d", c.Extract.MaxArticleBytes)
	}
	if c.Extract.MinConfidence < 0 || c.Extract.MinConfidence > 1 {
		bad("extract.min_confidence", "must be between 0 and 1, got %g", c.Extract.MinConfidence)
	}
	if !oneOf(c.Extract.Format, "auto", "text", "jsonl", "html", "feed") {
		bad("extract.format", "%q is not one of auto, text, jsonl, html, feed", c.Extract.Format)
	}
	if c.Load.BatchSize < 1 || c.Load.BatchSize > 100000 {
		bad("load.batch_size", "must be between 1 and 100000, got %d", c.Load.BatchSize)
	}
	if c.Load.Workers < 1 || c.Load.Workers > 64 {
		bad("load.workers", "must be between 1 and 64, got %d", c.Load.Workers)
	}
	if c.Load.MaxEvidence < 1 {
		bad("load.max_evidence", "must be at least 1, got %d", c.Load.MaxEvidence)
	}
	if c.Queries.Timeout <= 0 {
		bad("queries.timeout", "must be positive, got %s", c.Queries.Timeout)
	}
	if c.Queries.Limit < 1 {
		bad("queries.limit", "must be at least 1, got %d", c.Queries.Limit)
	}
	if _, err := time.LoadLocation(c.Schedule.Timezone); err != nil {
		bad("schedule.timezone", "%q is not a time zone: %v", c.Schedule.Timezone, err)
	}
	if c.Schedule.Listen != "" {
		if _, _, err := net.SplitHostPort(c.Schedule.Listen); err != nil {
			bad("schedule.listen", "%q is not host:port", c.Schedule.Listen)
		}
	}
	if c.Schedule.LeaseTTL < 10*time.Second {
		bad("schedule.lease_ttl", "must be at least 10s (leases are renewed at a third of it), got %s", c.Schedule.LeaseTTL)
	}
	if c.Schedule.BatchSize < 1 || c.Schedule.BatchSize > 100000 {
		bad("schedule.batch_size", "must be 1–100000, got %d", c.Schedule.BatchSize)
	}
	names := map[string]bool{}
	for i, s := range c.Schedule.Sources {
		key := fmt.Sprintf("schedule.sources[%d]", i)
		if s.Name == "" {
			bad(key+".name", "must not be empty")
		} else if names[s.Name] {
			bad(key+".name", "%q is used by another source", s.Name)
		}
		names[s.Name] = true
		switch s.Type {
		case "dir", "jsonl":
			if s.Path == "" {
				bad(key+".path", "must be set for a %s source", s.Type)
			}
		case "feed":
			if !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") {
				bad(key+".url", "must be an http(s) URL for a feed source, got %q", s.URL)
			}
		default:
			bad(key+".type", "%q is not one of dir, feed, jsonl", s.Type)
		}
		if s.Schedule == "" {
			bad(key+".schedule", "must be set (a cron expression or @every 15m)")
		}
		if s.Timeout < 0 || s.MaxBytes < 0 {
			bad(key, "timeout and max_bytes must not be negative")
		}
	}
	if !oneOf(strings.ToLower(c.Log.Level), "debug", "info", "warn", "error") {
		bad("log.level", "%q is not one of debug, info, warn, error", c.Log.Level)
	}
	if !oneOf(c.Log.Format, "auto", "text", "json") {
		bad("log.format", "%q is not one of auto, text, json", c.Log.Format)
	}
	return errors.Join(errs...)
}

func oneOf(s string, options ...string) bool {
	for _, o := range options {
		if s == o {
			return true
		}
	}
	return false
}

func isMemSize(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return false
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	return oneOf(s[i:], "", "k", "m", "g", "kb", "mb", "gb")
}
