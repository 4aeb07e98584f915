package browser_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dipgraph/dipgraph/internal/neo4jtest"
	"github.com/dipgraph/dipgraph/internal/worldtest"
	"github.com/dipgraph/dipgraph/queries"
	"github.com/dipgraph/dipgraph/queries/browser"
)

// chromiumPath finds the Chromium to drive: DIPGRAPH_TEST_CHROMIUM, else
// chromium (Debian's package) or Chrome on PATH. Without one the test skips
// locally and fails in CI.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("DIPGRAPH_TEST_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium for the Browser end-to-end test: install Debian's chromium (make deps does) or set DIPGRAPH_TEST_CHROMIUM")
	}
	t.Skip("no Chromium: apt-get install -y chromium, or set DIPGRAPH_TEST_CHROMIUM")
	return ""
}

// httpURI is the test Neo4j's HTTP address (where Browser is served):
// DIPGRAPH_TEST_NEO4J_HTTP_URI or DIPGRAPH_TEST_NEO4J_HTTP, else the Bolt
// host with port 7474.
func httpURI(t *testing.T, c neo4jtest.Conn) string {
	t.Helper()
	for _, k := range []string{"DIPGRAPH_TEST_NEO4J_HTTP_URI", "DIPGRAPH_TEST_NEO4J_HTTP"} {
		if v := os.Getenv(k); v != "" {
			return strings.TrimRight(v, "/")
		}
	}
	u, err := url.Parse(c.URI)
	if err != nil {
		t.Fatalf("DIPGRAPH_TEST_NEO4J_URI %q: %v", c.URI, err)
	}
	return "http://" + u.Hostname() + ":7474"
}

// artifactDir is where screenshots go: DIPGRAPH_TEST_ARTIFACTS, else
// testdata-artifacts/ at the repository root (ignored by git).
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DIPGRAPH_TEST_ARTIFACTS")
	if dir == "" {
		_, file, _, _ := runtime.Caller(0)
		dir = filepath.Join(filepath.Dir(file), "..", "..", "testdata-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artifact directory: %v", err)
	}
	return dir
}

// TestBrowserEndToEnd opens the real Neo4j Browser of the test server in
// headless Chromium, connects, opens the guide with :play from the loopback
// guide server, loads the stylesheet with :style, sets a pack query's
// parameters and runs it from the guide's runnable blocks, and checks the
// rows the query returns on the test world are on screen. Screenshots are
// kept as test artifacts.
func TestBrowserEndToEnd(t *testing.T) {
	chromium := chromiumPath(t)
	_, conn := worldtest.Open(t)
	httpBase := httpURI(t, conn)
	artifacts := artifactDir(t)

	cat, err := queries.Load(queries.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	ln, err := browser.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := browser.BaseURL(ln)
	files, err := browser.Files(cat, browser.Options{BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	srvCtx, stopSrv := context.WithCancel(context.Background())
	srvDone := make(chan error, 1)
	go func() { srvDone <- browser.Serve(srvCtx, ln, browser.Handler(files)) }()
	t.Cleanup(func() {
		stopSrv()
		if err := <-srvDone; err != nil {
			t.Errorf("guide server: %v", err)
		}
	})

	const queryName = "mediators-between"
	slide := 0
	for i, q := range cat.List() {
		if q.Name == queryName {
			slide = i + 2 // slide 1 is the overview; Browser counts from 1
		}
	}
	q, _ := cat.Get(queryName)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1100),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	if err := chromedp.Do(bctx); err != nil { // start Chromium without a deadline
		t.Fatalf("start %s: %v", chromium, err)
	}
	ctx, cancel := context.WithTimeout(bctx, 3*time.Minute)
	defer cancel()

	shot := func(name string) {
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Logf("screenshot %s: %v", name, err)
			return
		}
		p := filepath.Join(artifacts, "browser-e2e-"+name+".png")
		if err := os.WriteFile(p, buf, 0o644); err != nil {
			t.Errorf("write %s: %v", p, err)
			return
		}
		t.Logf("screenshot: %s", p)
	}
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			shot("failed-" + name)
			t.Fatalf("%s: %v", name, err)
		}
	}
	// waitText waits until the newest frame's text (with anyFrame, some
	// frame's) contains every string.
	waitFrames := func(name string, anyFrame bool, want ...string) {
		t.Helper()
		sel := `[document.querySelector('[data-testid="frame"]')]`
		if anyFrame {
			sel = `Array.from(document.querySelectorAll('[data-testid="frame"]'))`
		}
		js := `(() => ` + sel + `.some(f => { if (!f) return false; const s = f.innerText; return ` + jsAll(want) + `; }))()`
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(200*time.Millisecond), chromedp.WithPollingTimeout(45*time.Second))); err != nil {
			shot("failed-" + name)
			text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('[data-testid="frame"]') || document.body).innerText`))
			t.Fatalf("%s: no frame shows %q: %v\nthe newest shows:\n%s", name, want, err, text)
		}
	}
	waitText := func(name string, want ...string) { t.Helper(); waitFrames(name, false, want...) }
	frames := func() int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="frame"]').length`))
		if err != nil {
			t.Fatalf("count frames: %v", err)
		}
		return n
	}
	poll := func(name, js string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(45*time.Second))); err != nil {
			shot("failed-" + name)
			t.Fatalf("%s: waiting for %s: %v", name, js, err)
		}
	}
	// clickUntil clicks sel until the JavaScript condition js holds: under
	// load a click can land while Browser is still rendering and be lost.
	clickUntil := func(name, sel, js string) {
		t.Helper()
		for try := 0; ; try++ {
			step(name, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second))); err == nil {
				return
			}
			if try == 5 {
				shot("failed-" + name)
				t.Fatalf("%s: clicking %s: %s never holds", name, sel, js)
			}
		}
	}
	// runEditor runs what the editor holds once it shows want, and waits
	// for the new frame; it clicks the run button again if a click is lost
	// (the layout can still shift when Browser has just rendered a frame).
	runEditor := func(name, want string) {
		t.Helper()
		poll(name, fmt.Sprintf(`(document.querySelector('.monaco-editor .view-lines') || {innerText: ''}).innerText.replace(/\u00a0/g, ' ').includes(%q)`, want))
		n := frames()
		clickUntil(name, `[data-testid="editor-Run"]`, fmt.Sprintf(`document.querySelectorAll('[data-testid="frame"]').length > %d`, n))
	}
	// clickRunnable clicks a guide block until the editor shows want: the
	// first click can land while the carousel still slides into place.
	clickRunnable := func(name, sel, want string) {
		t.Helper()
		clickUntil(name, sel, fmt.Sprintf(`(document.querySelector('.monaco-editor .view-lines') || {innerText: ''}).innerText.replace(/\u00a0/g, ' ').includes(%q)`, want))
	}
	// run types a command into the editor and runs it.
	run := func(name, command string) {
		t.Helper()
		step(name,
			chromedp.Click(chromedp.CSS(`.monaco-editor`), chromedp.NodeVisible),
			chromedp.SendKeys(chromedp.CSS(`.monaco-editor textarea`), command),
		)
		runEditor(name, command)
	}

	boltURL, err := url.Parse(conn.URI)
	if err != nil {
		t.Fatal(err)
	}
	boltURL.User = url.User(conn.Username)
	step("open Browser",
		chromedp.Navigate(httpBase+"/browser/?dbms="+url.QueryEscape(boltURL.String())),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="password"]`)),
	)
	step("connect", chromedp.SendKeys(chromedp.CSS(`[data-testid="password"]`), conn.Password))
	clickUntil("connect", `[data-testid="connect"]`,
		`Array.from(document.querySelectorAll('[data-testid="frame"]')).some(f => f.innerText.includes('You are connected as user'))`)

	run("style", ":style "+base+"/"+browser.StyleFile)
	waitText("style", "node.Country", "relationship.MEDIATES")

	run("play guide", fmt.Sprintf(":play %s/%s#slide-%d", base, browser.GuideFile, slide))
	waitText("play guide", q.Title, ":param a => 'Russia';", "MATCH (alias_a:Alias {name: toLower(trim($a))})")
	shot("guide")

	// The guide's first block sets the parameters ...
	clickRunnable("set parameters", `pre.runnable.params`, ":param a => 'Russia';")
	runEditor("set parameters", ":param a => 'Russia';")
	// Each :param line is evaluated by the server in turn.
	poll("set parameters", fmt.Sprintf(`document.querySelector('[data-testid="frame"]').querySelectorAll('[data-testid="multi-statement-list-icon"][title="Status: success"]').length === %d`, len(q.Params)))
	run("show parameters", ":params")
	waitText("show parameters", `"a": "Russia"`, `"b": "Ukraine"`, `"min_confidence": 0`, `"limit": 100`)
	// ... and the second runs the pack's Cypher.
	clickRunnable("run query", `pre.runnable.query`, "MATCH (alias_a:Alias {name: toLower(trim($a))})")
	runEditor("run query", "MATCH (alias_a:Alias {name: toLower(trim($a))})")
	// The rows testdata/mediators-between.txtar expects for Russia and
	// Ukraine: Turkey (two articles) and Hakan Fidan.
	waitText("run query", "mediator", "Turkey", "Hakan Fidan", "2025-05-16", "2025-06-02")
	step("scroll to the result",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="frame"]').scrollIntoView({block: 'start'})`),
		chromedp.Sleep(300*time.Millisecond),
	)
	shot("result")
}

// jsAll is a JavaScript condition: s contains every string of want.
func jsAll(want []string) string {
	parts := make([]string, len(want))
	for i, w := range want {
		parts[i] = fmt.Sprintf("s.includes(%q)", w)
	}
	return strings.Join(parts, " && ")
}
