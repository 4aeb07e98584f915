package schedule

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Source types.
const (
	TypeDir   = "dir"   // a directory (or one file) of articles in any format the readers know
	TypeFeed  = "feed"  // an RSS or Atom feed URL
	TypeJSONL = "jsonl" // a JSON Lines file that grows by appending
)

// SourceConfig describes one source. cmd/dipgraph fills it from the
// schedule.sources section of the configuration or from sync's arguments.
type SourceConfig struct {
	Name string
	Type string // TypeDir, TypeFeed or TypeJSONL
	Path string // dir and jsonl
	URL  string // feed
	// Schedule is a cron expression or "@every 15m"; empty for a source
	// that only sync runs.
	Schedule string
	// ForgetDeleted forgets the articles of files deleted from a watched
	// directory; by default they stay in the graph.
	ForgetDeleted bool
	// FetchPages fetches each new or changed feed item's linked page and
	// reads the article from it, falling back to the item's own text.
	FetchPages bool
	// Timeout bounds each HTTP request (DefaultTimeout when 0).
	Timeout time.Duration
	// MaxBytes caps a fetched feed or page, and a file read (DefaultMaxBytes when 0).
	MaxBytes int64
}

// Location is where the source reads from: its path or URL.
func (c SourceConfig) Location() string {
	if c.Type == TypeFeed {
		return c.URL
	}
	return c.Path
}

// validate checks what can be checked without I/O and makes paths
// absolute, so Article.source and the Source node name the same place
// whichever directory the process starts in.
func (c SourceConfig) validate() (SourceConfig, error) {
	if c.Name == "" {
		return c, fmt.Errorf("source without a name")
	}
	switch c.Type {
	case TypeDir, TypeJSONL:
		if c.Path == "" {
			return c, fmt.Errorf("source %s: %s source without a path", c.Name, c.Type)
		}
		abs, err := filepath.Abs(c.Path)
		if err != nil {
			return c, fmt.Errorf("source %s: path %s: %w", c.Name, c.Path, err)
		}
		c.Path = abs
	case TypeFeed:
		u, err := url.Parse(c.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return c, fmt.Errorf("source %s: %q is not an http(s) feed URL", c.Name, c.URL)
		}
	default:
		return c, fmt.Errorf("source %s: type %q is not one of dir, feed, jsonl", c.Name, c.Type)
	}
	if c.Timeout < 0 || c.MaxBytes < 0 {
		return c, fmt.Errorf("source %s: timeout and max_bytes must not be negative", c.Name)
	}
	return c, nil
}

// AdHoc turns one argument of `dipgraph sync` into a source: an http(s)
// URL is a feed, a .jsonl or .ndjson file a JSON Lines source, any other
// path (directory or file) a dir source. Its name is its location, so two
// syncs of the same argument share state and lease.
func AdHoc(arg string) (SourceConfig, error) {
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
		c := SourceConfig{Name: arg, Type: TypeFeed, URL: arg}
		return c.validate()
	}
	abs, err := filepath.Abs(arg)
	if err != nil {
		return SourceConfig{}, fmt.Errorf("%s: %w", arg, err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return SourceConfig{}, fmt.Errorf("%s: not a configured source name, a readable path or an http(s) URL: %w", arg, err)
	}
	c := SourceConfig{Name: abs, Type: TypeDir, Path: abs}
	if !info.IsDir() {
		switch strings.ToLower(filepath.Ext(abs)) {
		case ".jsonl", ".ndjson":
			c.Type = TypeJSONL
		}
	}
	return c.validate()
}
