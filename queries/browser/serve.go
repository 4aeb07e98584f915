package browser

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// Handler serves files (name → content) at /<name>, with CORS headers that
// let Neo4j Browser, loaded from the Neo4j server's origin, fetch them. Only
// GET, HEAD and OPTIONS are answered; / serves index.html when present.
func Handler(files map[string][]byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "*")
		h.Set("Cache-Control", "no-store")
		switch r.Method {
		case http.MethodOptions:
			w.WriteHeader(http.StatusNoContent)
			return
		case http.MethodGet, http.MethodHead:
		default:
			h.Set("Allow", "GET, HEAD, OPTIONS")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = IndexFile
		}
		body, ok := files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" || path.Ext(name) == ".grass" {
			ct = "text/plain; charset=utf-8"
		}
		h.Set("Content-Type", ct)
		h.Set("X-Content-Type-Options", "nosniff")
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(body)
	})
}

// ErrNotLoopback: the guide server binds only to a loopback address.
var ErrNotLoopback = errors.New("the guide server listens on a loopback address only (127.0.0.1 or localhost)")

// Listen opens a TCP listener on addr (host:port, port 0 for any), which
// must name a loopback host; "localhost" binds 127.0.0.1.
func Listen(addr string) (net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("listen address %q: %w", addr, err)
	}
	if host == "" || host == "localhost" {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("listen address %q: %w", addr, ErrNotLoopback)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	return ln, nil
}

// BaseURL is the address to give Neo4j Browser for a listener: http with
// host localhost, which the default browser.remote_content_hostname_allowlist
// admits (127.0.0.1 is not in it).
func BaseURL(ln net.Listener) string {
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return "http://localhost:" + port
}

// Serve answers requests on ln with h until ctx is done, then shuts down
// gracefully within five seconds.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			return err
		}
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}

// PlayURL is a Neo4j Browser address that plays guideURL once Browser is
// connected (Browser's cmd/arg URL parameters), for example
// http://127.0.0.1:7474/browser/?cmd=play&arg=http%3A%2F%2Flocalhost%3A8099%2Fdipgraph.html.
func PlayURL(browserURL, guideURL string) string {
	return strings.TrimRight(browserURL, "/") + "/?cmd=play&arg=" + url.QueryEscape(guideURL)
}
