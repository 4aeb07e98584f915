package schedule

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/http/httpproxy"
)

// Defaults for fetching feeds and linked pages.
const (
	DefaultTimeout  = 30 * time.Second
	DefaultMaxBytes = 16 << 20
	// maxRedirects bounds redirect chains, as browsers do.
	maxRedirects = 10
)

// fetcher does HTTP GETs for feeds and linked pages: a User-Agent naming
// the tool, proxies from the environment (HTTP_PROXY, HTTPS_PROXY,
// NO_PROXY), a timeout per request and a cap on the body size.
type fetcher struct {
	client    *http.Client
	userAgent string
}

func newFetcher(userAgent string, client *http.Client) *fetcher {
	if client == nil {
		// The same rules as http.ProxyFromEnvironment (HTTP_PROXY,
		// HTTPS_PROXY, NO_PROXY, loopback never proxied), but read when the
		// fetcher is made rather than once per process.
		proxy := httpproxy.FromEnvironment().ProxyFunc()
		tr := &http.Transport{
			Proxy:                 func(r *http.Request) (*url.URL, error) { return proxy(r.URL) },
			DialContext:           (&net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          20,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: 30 * time.Second,
			ExpectContinueTimeout: time.Second,
		}
		client = &http.Client{
			Transport: tr,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) >= maxRedirects {
					return fmt.Errorf("more than %d redirects", maxRedirects)
				}
				return nil
			},
		}
	}
	return &fetcher{client: client, userAgent: userAgent}
}

// response is the outcome of one conditional GET.
type response struct {
	Body         []byte
	NotModified  bool   // 304: the validators still hold
	ETag         string // validators to send next time
	LastModified string
	ContentType  string // media type without parameters, lower case
	URL          string // after redirects
}

// HTTPError is a response with a status other than 200 or 304.
type HTTPError struct {
	URL    string
	Status int
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("GET %s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// ErrTooLarge is wrapped by fetch errors for bodies over the size cap.
var ErrTooLarge = errors.New("response larger than the size limit")

// get fetches url within timeout, sending If-None-Match and
// If-Modified-Since when etag or lastModified are set, and refusing bodies
// over maxBytes (from Content-Length before reading, else while reading).
func (f *fetcher) get(ctx context.Context, url, etag, lastModified, accept string, timeout time.Duration, maxBytes int64) (response, error) {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return response{}, fmt.Errorf("GET %s: %w", url, err)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return response{}, fmt.Errorf("GET %s: only http and https URLs are fetched", url)
	}
	req.Header.Set("User-Agent", f.userAgent)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return response{}, fmt.Errorf("GET %s: %w", url, unwrapURLError(err))
	}
	defer resp.Body.Close()
	out := response{
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		URL:          resp.Request.URL.String(),
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			out.ContentType = strings.ToLower(mt)
		}
	}
	switch resp.StatusCode {
	case http.StatusNotModified:
		out.NotModified = true
		// A 304 need not repeat the validators; keep the ones sent.
		if out.ETag == "" {
			out.ETag = etag
		}
		if out.LastModified == "" {
			out.LastModified = lastModified
		}
		return out, nil
	case http.StatusOK:
	default:
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return response{}, &HTTPError{URL: url, Status: resp.StatusCode}
	}
	if resp.ContentLength > maxBytes {
		return response{}, fmt.Errorf("GET %s: %w (%d bytes, limit %d)", url, ErrTooLarge, resp.ContentLength, maxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		return response{}, fmt.Errorf("GET %s: reading body: %w", url, unwrapURLError(err))
	}
	if int64(len(body)) > maxBytes {
		return response{}, fmt.Errorf("GET %s: %w (limit %d bytes)", url, ErrTooLarge, maxBytes)
	}
	out.Body = body
	return out, nil
}

// unwrapURLError drops *url.Error's repetition of method and URL, which
// the caller's message already names.
func unwrapURLError(err error) error {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) && strings.HasPrefix(err.Error(), "Get ") {
		if inner := ue.Unwrap(); inner != nil {
			return inner
		}
	}
	return err
}

// UserAgent is the User-Agent the tool sends, naming its version and home.
func UserAgent(version string) string {
	if version == "" {
		version = "dev"
	}
	return "dipgraph/" + version + " (+https://github.com/dipgraph/dipgraph)"
}
