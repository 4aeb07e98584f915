package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestBrowserStyle(t *testing.T) {
	isolateConfig(t)
	code, out, _ := runCLI(t, "", "browser", "style")
	if code != 0 || !strings.Contains(out, "node.Country {") || !strings.Contains(out, "relationship.MEDIATES {") {
		t.Errorf("browser style: exit %d\n%s", code, out)
	}
	p := filepath.Join(t.TempDir(), "s.grass")
	if code, _, errs := runCLI(t, "", "browser", "style", "--out", p); code != 0 {
		t.Fatalf("browser style --out: exit %d: %s", code, errs)
	}
	if b, err := os.ReadFile(p); err != nil || string(b) != out {
		t.Errorf("browser style --out wrote %q, %v", b, err)
	}
}

func TestBrowserGuide(t *testing.T) {
	isolateConfig(t)
	code, out, errs := runCLI(t, "", "browser", "guide", "--value", "timeline.actor=Erdogan")
	if code != 0 || !strings.Contains(out, "<carousel") || !strings.Contains(out, ":param actor =&gt; &#39;Erdogan&#39;;") {
		t.Errorf("browser guide: exit %d: %s", code, errs)
	}
	dir := filepath.Join(t.TempDir(), "site")
	if code, _, errs := runCLI(t, "", "browser", "guide", "--out", dir, "--base-url", "https://guides.example.org/dg"); code != 0 {
		t.Fatalf("browser guide --out: exit %d: %s", code, errs)
	}
	for _, f := range []string{"dipgraph.html", "dipgraph.grass", "index.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("browser guide --out: %v", err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "dipgraph.html")); !bytes.Contains(b, []byte(":style https://guides.example.org/dg/dipgraph.grass")) {
		t.Error("browser guide --out --base-url: no :style line with the base URL")
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"browser", "guide", "--serve", "--listen", "0.0.0.0:0"}, "loopback address only"},
		{[]string{"browser", "guide", "--value", "timeline"}, "want QUERY.PARAM=VALUE"},
		{[]string{"browser", "guide", "--value", "nope.x=1"}, `no query "nope"`},
		{[]string{"browser", "guide", "--value", "timeline.x=1"}, `unknown parameter "x"`},
	} {
		if code, _, errs := runCLI(t, "", tt.args...); code != exitUsage || !strings.Contains(errs, tt.want) {
			t.Errorf("%q: exit %d, %q; want exit 2 and %q", tt.args, code, errs, tt.want)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestBrowserGuideServe(t *testing.T) {
	isolateConfig(t)
	t.Setenv("NEO4J_URI", "bolt://127.0.0.1:1") // not the local server: no Browser URL to print
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"browser", "guide", "--serve", "--listen", "127.0.0.1:0"}, strings.NewReader(""), &out, &errb)
	}()
	re := regexp.MustCompile(`:play (http://localhost:\d+/dipgraph\.html)`)
	var guideURL string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			guideURL = m[1]
			break
		}
	}
	if guideURL == "" {
		cancel()
		t.Fatalf("browser guide --serve printed no :play URL:\n%s%s", out.String(), errb.String())
	}
	if !strings.Contains(out.String(), ":style http://localhost:") {
		t.Errorf("browser guide --serve printed no :style line:\n%s", out.String())
	}
	resp, err := http.Get(guideURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Access-Control-Allow-Origin") != "*" || !bytes.Contains(body, []byte("<slide")) {
		t.Errorf("GET %s: %d, CORS %q", guideURL, resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
	if !bytes.Contains(body, []byte(strings.Replace(guideURL, "dipgraph.html", "dipgraph.grass", 1))) {
		t.Error("served guide does not offer :style with the served stylesheet")
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("browser guide --serve: exit %d after cancel: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("browser guide --serve did not stop on cancel")
	}
}
