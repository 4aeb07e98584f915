package schedule

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestFetchConditionalGet(t *testing.T) {
	t.Parallel()
	body := "<rss>hello</rss>"
	const etag = `"v1"`
	const lastMod = "Fri, 16 May 2025 10:00:00 GMT"
	var gets, notModified atomic.Int32
	var ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gets.Add(1)
		ua.Store(r.Header.Get("User-Agent"))
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	f := newFetcher(UserAgent("1.2.3"), nil)

	r1, err := f.get(t.Context(), srv.URL, "", "", acceptFeed, time.Second, 1<<20)
	if err != nil {
		t.Fatalf("first GET: %v", err)
	}
	if string(r1.Body) != body || r1.NotModified || r1.ETag != etag || r1.LastModified != lastMod || r1.ContentType != "application/rss+xml" {
		t.Errorf("first GET = %+v", r1)
	}
	if got, want := ua.Load(), "dipgraph/1.2.3 (+https://github.com/dipgraph/dipgraph)"; got != want {
		t.Errorf("User-Agent = %q, want %q", got, want)
	}
	for _, tc := range []struct{ name, etag, lastMod string }{
		{"etag", r1.ETag, ""},
		{"last-modified", "", r1.LastModified},
		{"both", r1.ETag, r1.LastModified},
	} {
		r2, err := f.get(t.Context(), srv.URL, tc.etag, tc.lastMod, acceptFeed, time.Second, 1<<20)
		if err != nil {
			t.Fatalf("conditional GET (%s): %v", tc.name, err)
		}
		if !r2.NotModified || len(r2.Body) != 0 {
			t.Errorf("conditional GET (%s) = %+v, want 304 without body", tc.name, r2)
		}
		// Validators survive a 304 that does not repeat them.
		if r2.ETag != tc.etag || r2.LastModified != tc.lastMod {
			t.Errorf("conditional GET (%s) validators = %q %q, want %q %q", tc.name, r2.ETag, r2.LastModified, tc.etag, tc.lastMod)
		}
	}
	if gets.Load() != 4 || notModified.Load() != 3 {
		t.Errorf("server saw %d GETs, %d answered 304; want 4 and 3", gets.Load(), notModified.Load())
	}
}

func TestFetchErrors(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", 2000)
	mux := http.NewServeMux()
	mux.HandleFunc("/big-declared", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, big) })
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		for range 4 {
			fmt.Fprint(w, big[:500])
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	f := newFetcher(UserAgent("test"), nil)

	tests := []struct {
		name    string
		url     string
		timeout time.Duration
		max     int64
		check   func(error) bool
	}{
		{"declared length over cap", srv.URL + "/big-declared", time.Second, 1000, func(err error) bool { return errors.Is(err, ErrTooLarge) }},
		{"streamed body over cap", srv.URL + "/big-chunked", time.Second, 1000, func(err error) bool { return errors.Is(err, ErrTooLarge) }},
		{"HTTP 410", srv.URL + "/gone", time.Second, 1000, func(err error) bool {
			var he *HTTPError
			return errors.As(err, &he) && he.Status == http.StatusGone
		}},
		{"timeout", srv.URL + "/slow", 200 * time.Millisecond, 1000, func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }},
		{"redirect loop", srv.URL + "/loop", time.Second, 1000, func(err error) bool { return strings.Contains(err.Error(), "redirects") }},
		{"not http", "file:///etc/passwd", time.Second, 1000, func(err error) bool { return strings.Contains(err.Error(), "only http and https") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := f.get(t.Context(), tt.url, "", "", "", tt.timeout, tt.max)
			if err == nil || !tt.check(err) {
				t.Errorf("GET %s: error %v, not the expected kind", tt.url, err)
			}
			if err != nil && !strings.Contains(err.Error(), tt.url) {
				t.Errorf("GET %s: error %q does not name the URL", tt.url, err)
			}
		})
	}
}

// TestFetchProxyFromEnvironment checks that HTTP_PROXY is honoured: the
// request for a host that does not exist goes to the proxy on loopback,
// which answers it; nothing leaves the machine.
func TestFetchProxyFromEnvironment(t *testing.T) {
	var seen atomic.Value
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.URL.String())
		fmt.Fprint(w, "via proxy")
	}))
	t.Cleanup(proxy.Close)
	t.Setenv("HTTP_PROXY", proxy.URL)
	t.Setenv("http_proxy", proxy.URL)
	t.Setenv("NO_PROXY", "")
	t.Setenv("no_proxy", "")
	f := newFetcher(UserAgent("test"), nil)
	const target = "http://feeds.example.invalid/world.rss"
	r, err := f.get(t.Context(), target, "", "", "", time.Second, 1000)
	if err != nil {
		t.Fatalf("GET via proxy: %v", err)
	}
	if string(r.Body) != "via proxy" || seen.Load() != target {
		t.Errorf("proxy saw %v and answered %q; want %s", seen.Load(), r.Body, target)
	}
}
