package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// newTestApp returns an app writing to buffers, its config loaded from
// file (none when "").
func newTestApp(t *testing.T, file string) (*app, *bytes.Buffer) {
	t.Helper()
	var errb bytes.Buffer
	a := &app{stdout: &bytes.Buffer{}, stderr: &errb, now: time.Now, getenv: os.Getenv, environ: os.Environ, configFile: file}
	return a, &errb
}

func TestNewScheduleCmd(t *testing.T) {
	isolateConfig(t)
	tests := []struct {
		name, file string
		args       []string
		env        map[string]string
		want       string
	}{
		{"default", "", nil, nil, "127.0.0.1:9464"},
		{"flag", "", []string{"--listen", "127.0.0.1:19464"}, nil, "127.0.0.1:19464"},
		{"flag turns it off", "", []string{"--listen", ""}, nil, ""},
		{"env", "", nil, map[string]string{"DIPGRAPH_SCHEDULE_LISTEN": "127.0.0.1:29464"}, "127.0.0.1:29464"},
		{"flag over env", "", []string{"--listen", "127.0.0.1:1"}, map[string]string{"DIPGRAPH_SCHEDULE_LISTEN": "127.0.0.1:2"}, "127.0.0.1:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			a, _ := newTestApp(t, tt.file)
			var got *scheduleOptions
			root := newRootCmd(a)
			for _, c := range root.Commands() {
				if c.Name() == "schedule" {
					root.RemoveCommand(c)
				}
			}
			root.AddCommand(newScheduleCmdWith(a, func(_ context.Context, o scheduleOptions) error { got = &o; return nil }))
			root.SetArgs(append([]string{"schedule"}, tt.args...))
			root.SetOut(&bytes.Buffer{})
			root.SetErr(&bytes.Buffer{})
			if err := root.ExecuteContext(t.Context()); err != nil {
				t.Fatalf("schedule %v: %v", tt.args, err)
			}
			if got == nil || got.listen != tt.want {
				t.Errorf("schedule %v: listen = %+v, want %q", tt.args, got, tt.want)
			}
		})
	}
}

func TestSyncSources(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	jsonl := filepath.Join(dir, "wire.jsonl")
	txt := filepath.Join(dir, "one.txt")
	for _, p := range []string{jsonl, txt} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := filepath.Join(t.TempDir(), "dipgraph.yaml")
	if err := os.WriteFile(cfg, []byte(`schedule:
  sources:
    - name: inbox
      type: dir
      path: `+dir+`
      schedule: "@every 15m"
    - name: wire
      type: feed
      url: https://example.org/world.rss
      schedule: "*/30 * * * *"
`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		want    []string // name=type:location
		wantErr string
	}{
		{"all configured", nil, []string{"inbox=dir:" + dir, "wire=feed:https://example.org/world.rss"}, ""},
		{"by name", []string{"wire"}, []string{"wire=feed:https://example.org/world.rss"}, ""},
		{"ad-hoc directory", []string{dir}, []string{dir + "=dir:" + dir}, ""},
		{"ad-hoc file", []string{txt}, []string{txt + "=dir:" + txt}, ""},
		{"ad-hoc JSON Lines", []string{jsonl}, []string{jsonl + "=jsonl:" + jsonl}, ""},
		{"ad-hoc feed", []string{"http://127.0.0.1:8080/feed.xml"}, []string{"http://127.0.0.1:8080/feed.xml=feed:http://127.0.0.1:8080/feed.xml"}, ""},
		{"named twice", []string{"inbox", "inbox"}, []string{"inbox=dir:" + dir}, ""},
		{"neither name nor path", []string{"no-such-thing"}, nil, "no-such-thing: not a configured source name, a readable path or an http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := newTestApp(t, cfg)
			if err := a.loadConfig(newSyncCmd(a)); err != nil {
				t.Fatal(err)
			}
			got, err := a.syncSources(tt.args)
			if tt.wantErr != "" {
				var ue *usageError
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.As(err, &ue) {
					t.Fatalf("syncSources(%q) error = %v, want a usage error containing %q", tt.args, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("syncSources(%q): %v", tt.args, err)
			}
			var names []string
			for _, s := range got {
				names = append(names, s.Name+"="+s.Type+":"+s.Location())
			}
			if strings.Join(names, " ") != strings.Join(tt.want, " ") {
				t.Errorf("syncSources(%q) = %v, want %v", tt.args, names, tt.want)
			}
		})
	}
	t.Run("nothing configured", func(t *testing.T) {
		a, _ := newTestApp(t, "")
		if err := a.loadConfig(newSyncCmd(a)); err != nil {
			t.Fatal(err)
		}
		if _, err := a.syncSources(nil); err == nil || !strings.Contains(err.Error(), "no sources") {
			t.Errorf("syncSources with no sources: %v", err)
		}
	})
}

func TestNewLogger(t *testing.T) {
	tests := []struct {
		format string
		tty    bool
		json   bool
	}{
		{"auto", false, true}, {"auto", true, false}, {"json", true, true}, {"text", false, false}, {"TEXT", false, false},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		newLogger(&b, slog.LevelInfo, tt.format, tt.tty).Info("hello", "source", "inbox")
		newLogger(&b, slog.LevelInfo, tt.format, tt.tty).Debug("hidden")
		isJSON := json.Valid(bytes.TrimSpace(b.Bytes()))
		if isJSON != tt.json || !strings.Contains(b.String(), "inbox") || strings.Contains(b.String(), "hidden") {
			t.Errorf("newLogger(format %q, tty %v) wrote %q; want JSON %v, info only", tt.format, tt.tty, b.String(), tt.json)
		}
	}
}

// TestBadScheduleIsAUsageError: a schedule that does not parse stops
// schedule and sync with exit 2 before anything connects.
func TestBadScheduleIsAUsageError(t *testing.T) {
	isolateConfig(t)
	cfg := filepath.Join(t.TempDir(), "dipgraph.yaml")
	if err := os.WriteFile(cfg, []byte(`neo4j:
  uri: bolt://127.0.0.1:1
schedule:
  sources:
    - name: inbox
      type: dir
      path: /srv/articles
      schedule: "@every 15x"
    - name: wire
      type: feed
      url: https://example.org/world.rss
      schedule: "61 * * * *"
`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"schedule", "sync"} {
		code, _, stderr := runCLI(t, "", "--config", cfg, cmd)
		if code != exitUsage || !strings.Contains(stderr, `schedule.sources[0].schedule (inbox): schedule "@every 15x"`) || !strings.Contains(stderr, "schedule.sources[1].schedule (wire)") {
			t.Errorf("%s with bad schedules: exit %d, stderr %q; want 2 naming both sources", cmd, code, stderr)
		}
	}
}
