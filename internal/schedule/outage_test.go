package schedule

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/load"
)

// tcpProxy forwards a loopback port to the test Neo4j and can cut every
// connection and refuse new ones, as a Neo4j that went away would.
type tcpProxy struct {
	t      *testing.T
	target string
	addr   string
	mu     sync.Mutex
	l      net.Listener
	conns  []net.Conn
}

func newTCPProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	p := &tcpProxy{t: t, target: target}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = l.Addr().String()
	p.serve(l)
	t.Cleanup(p.cut)
	return p
}

func (p *tcpProxy) serve(l net.Listener) {
	p.mu.Lock()
	p.l = l
	p.mu.Unlock()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
}

// cut closes the listener and every connection.
func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.l != nil {
		p.l.Close()
		p.l = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// restore listens again on the same address.
func (p *tcpProxy) restore() {
	p.t.Helper()
	var l net.Listener
	var err error
	for range 50 {
		if l, err = net.Listen("tcp", p.addr); err == nil {
			p.serve(l)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.t.Fatalf("proxy cannot listen on %s again: %v", p.addr, err)
}

// cuttingExtractor cuts the proxy while extracting the first article, so
// the run fails at the load that follows.
type cuttingExtractor struct {
	once  sync.Once
	proxy *tcpProxy
	cuts  atomic.Int32
}

func (c *cuttingExtractor) Extract(ctx context.Context, a article.Article) (extract.Document, error) {
	c.once.Do(func() { c.proxy.cut(); c.cuts.Add(1) })
	return patternExtractor{}.Extract(ctx, a)
}

// TestScheduleNeo4jOutage loses Neo4j in the middle of a scheduled run of
// an hourly source: the run fails as a Neo4j error, /healthz turns 503,
// the source is retried with backoff rather than an hour later, and once
// Neo4j is back the retry loads everything and /healthz is 200 again.
func TestScheduleNeo4jOutage(t *testing.T) {
	c := testConn(t)
	proxy := newTCPProxy(t, hostPort(t, c.URI))
	db, err := graph.Open(t.Context(), graph.ConnOptions{URI: "bolt://" + proxy.addr, Username: c.Username, Password: c.Password, Database: c.Database,
		ConnectTimeout: time.Second, MaxRetryTime: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close(context.Background()) })
	dir := t.TempDir()
	writeArticles(t, dir, "outage", 6)
	x := &cuttingExtractor{proxy: proxy}
	metrics := NewMetrics()
	r, err := New(db, load.New(db, load.Options{Workers: 1, Retries: -1}), x, Options{
		Owner: "outage", Metrics: metrics, Backoff: 200 * time.Millisecond, MaxBackoff: time.Second, LeaseTTL: 3 * time.Second,
		Sources: []SourceConfig{{Name: "hourly", Type: TypeDir, Path: dir, Schedule: "@every 1h"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.Schedule(ctx) }()
	defer func() {
		cancel()
		<-done
	}()

	health := func() int {
		rec := httptest.NewRecorder()
		r.HealthHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		return rec.Code
	}
	runs := func(outcome string) float64 {
		return testutil.ToFloat64(metrics.runs.WithLabelValues("hourly", outcome))
	}
	waitFor(t, "a run failed by the outage", func() bool { return runs("failed") >= 1 })
	if code := health(); code != http.StatusServiceUnavailable {
		t.Errorf("/healthz during the outage = %d, want 503", code)
	}
	time.Sleep(time.Second) // a few retries against the dead server
	if runs("ok") != 0 {
		t.Fatal("a run succeeded while Neo4j was cut off")
	}
	proxy.restore()
	waitFor(t, "a successful retry after Neo4j came back", func() bool { return runs("ok") >= 1 })
	if code := health(); code != http.StatusOK {
		t.Errorf("/healthz after recovery = %d, want 200", code)
	}
	if n := count(t, db, "MATCH (a:Article) RETURN count(a)", nil); n != 6 {
		t.Errorf("%d articles after recovery, want 6", n)
	}
	t.Logf("%v failed runs during the outage, then ok", runs("failed"))
}
