package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/load"
)

// Options configure Run and RunJSON.
type Options struct {
	// Paths are files and directories (read recursively).
	Paths []string
	// Read configures the article readers.
	Read article.Options
	// Extractor extracts article graphs (Run only).
	Extractor *extract.Extractor
	// Loader writes them.
	Loader *load.Loader
	// Force re-extracts articles whose text and extractor version are
	// already loaded; the loader still writes nothing when the new graph
	// equals the stored one.
	Force bool
	// OnError hears about each input that was skipped (also listed in the
	// Summary); nil ignores them.
	OnError func(error)
	// OnWarn hears about non-fatal problems (article warnings, extraction
	// warnings, files passed over on purpose).
	OnWarn func(string)
	// Progress hears about every committed transaction, with totals over
	// the whole run so far (Total is the articles read so far).
	Progress func(load.Progress)
	// ChunkSize is the number of articles read before they are extracted
	// and loaded together. Default: the loader's batch size, so that a
	// chunk fills one transaction.
	ChunkSize int
	// Workers extract in parallel. Default: the number of CPUs.
	Workers int

	// serial (benchmarks only) makes each chunk wait until the previous
	// one is loaded: the one-after-the-other baseline of BenchmarkRun.
	serial bool
}

func (o *Options) defaults() {
	if o.ChunkSize <= 0 {
		o.ChunkSize = 2000
		if o.Loader != nil {
			o.ChunkSize = o.Loader.Options().BatchSize
		}
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.OnError == nil {
		o.OnError = func(error) {}
	}
	if o.OnWarn == nil {
		o.OnWarn = func(string) {}
	}
}

// run tracks totals across chunks.
type run struct {
	opts    Options
	start   time.Time
	mu      sync.Mutex
	sum     load.Summary
	read    int
	decided int
}

func (r *run) skip(input, reason string, err error) {
	r.mu.Lock()
	r.sum.Skipped = append(r.sum.Skipped, load.Skip{Input: input, Reason: reason})
	r.decided++
	r.mu.Unlock()
	r.opts.OnError(err)
}

// loader returns a Load function reporting progress over the whole run.
func (r *run) load(ctx context.Context, docs []extract.Document) error {
	if len(docs) == 0 {
		return nil
	}
	s, err := r.opts.Loader.Load(ctx, docs)
	r.mu.Lock()
	s.Elapsed, s.ElapsedSeconds = 0, 0
	r.sum.Add(s)
	if err == nil {
		r.decided += len(docs)
	}
	p := load.Progress{Done: r.decided, Total: r.read, Transactions: r.sum.Transactions, RelationRows: r.sum.RelationRows, Elapsed: time.Since(r.start)}
	r.mu.Unlock()
	if r.opts.Progress != nil {
		r.opts.Progress(p)
	}
	return err
}

func (r *run) finish() load.Summary {
	r.sum.SetElapsed(time.Since(r.start))
	return r.sum
}

// Run reads the articles under opts.Paths, extracts those not already
// loaded as they are, and loads them. Bad inputs are skipped and listed
// in the Summary; the error is only for what stops the run (the context,
// Neo4j).
func Run(ctx context.Context, opts Options) (load.Summary, error) {
	opts.defaults()
	if opts.Extractor == nil || opts.Loader == nil {
		return load.Summary{}, errors.New("pipeline: Extractor and Loader are required")
	}
	r := &run{opts: opts, start: time.Now()}
	r.sum.DryRun = opts.Loader.Options().DryRun
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	read := opts.Read
	userSkip := read.OnSkip
	read.OnSkip = func(path, reason string) {
		opts.OnWarn(fmt.Sprintf("%s: passed over: %s", path, reason))
		if userSkip != nil {
			userSkip(path, reason)
		}
	}
	chunks := make(chan []article.Article, 1)
	walkErr := make(chan error, 1)
	go func() {
		defer close(chunks)
		var cur []article.Article
		err := article.Walk(ctx, opts.Paths, read, func(a article.Article) error {
			r.mu.Lock()
			r.read++
			r.mu.Unlock()
			for _, w := range a.Warnings {
				opts.OnWarn(fmt.Sprintf("%s: %s", location(a), w))
			}
			cur = append(cur, a)
			if len(cur) >= opts.ChunkSize {
				select {
				case chunks <- cur:
				case <-ctx.Done():
					return ctx.Err()
				}
				cur = nil
			}
			return nil
		}, func(err error) {
			input := "input"
			var ie *article.InputError
			if errors.As(err, &ie) {
				input = ie.Path
				if ie.Line > 0 {
					input = fmt.Sprintf("%s:%d", ie.Path, ie.Line)
				}
				r.skip(input, ie.Reason, err)
				return
			}
			r.skip(input, err.Error(), err)
		})
		if err == nil && len(cur) > 0 {
			select {
			case chunks <- cur:
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
		walkErr <- err
	}()

	loads := r.startLoads(ctx, cancel)
	for chunk := range chunks {
		docs, err := r.extractChunk(ctx, chunk)
		if err == nil {
			err = loads.send(ctx, docs)
		}
		if err != nil {
			cancel()
			for range chunks { // let the reader see the cancellation and stop
			}
			// The reader's error is usually the cancellation above; keep any other.
			if werr := <-walkErr; werr != nil && !errors.Is(werr, context.Canceled) {
				err = errors.Join(err, werr)
			}
			err = loads.wait(err)
			return r.finish(), err
		}
	}
	if err := loads.wait(nil); err != nil {
		return r.finish(), err
	}
	if err := <-walkErr; err != nil {
		return r.finish(), err
	}
	return r.finish(), ctx.Err()
}

// loadStage runs the loader in a goroutine of its own, so that the next
// chunk is read and extracted (CPU work in this process) while Neo4j
// writes this one (one server thread per transaction): on two cores,
// running them one after the other left one side idle. Loads still run
// one at a time in input order, so each sees what the previous one
// committed; at most one extracted chunk waits for the loader.
type loadStage struct {
	in     chan []extract.Document
	loaded chan struct{} // only with Options.serial: a load has finished
	done   chan error
}

func (r *run) startLoads(ctx context.Context, cancel context.CancelFunc) *loadStage {
	s := &loadStage{in: make(chan []extract.Document), done: make(chan error, 1)}
	if r.opts.serial {
		s.loaded = make(chan struct{}, 1)
	}
	go func() {
		var first error
		for docs := range s.in {
			if first != nil {
				continue
			}
			if err := r.load(ctx, docs); err != nil {
				first = err
				cancel() // stop reading and extracting
			}
			if s.loaded != nil {
				s.loaded <- struct{}{}
			}
		}
		s.done <- first
	}()
	return s
}

// send hands one chunk to the loader, waiting while it loads the previous
// one. It fails when the run is cancelled (by the loader's own failure,
// among others).
func (s *loadStage) send(ctx context.Context, docs []extract.Document) error {
	if len(docs) == 0 {
		return nil
	}
	select {
	case s.in <- docs:
	case <-ctx.Done():
		return ctx.Err()
	}
	if s.loaded != nil {
		select {
		case <-s.loaded:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// wait ends the stage and returns the run's error: the loader's when it
// failed (what cancelled the others), joined with err unless err is only
// that cancellation.
func (s *loadStage) wait(err error) error {
	close(s.in)
	lerr := <-s.done
	switch {
	case lerr == nil:
		return err
	case err == nil || errors.Is(err, context.Canceled):
		return lerr
	default:
		return errors.Join(lerr, err)
	}
}

func location(a article.Article) string {
	if a.Line > 0 {
		return fmt.Sprintf("%s:%d", a.Source, a.Line)
	}
	return a.Source
}

// extractChunk skips what is loaded already and extracts the rest.
func (r *run) extractChunk(ctx context.Context, arts []article.Article) ([]extract.Document, error) {
	metas := make([]extract.ArticleMeta, len(arts))
	keys := make([]string, len(arts))
	for i, a := range arts {
		metas[i] = extract.Meta(a)
		keys[i] = graph.ArticleKey(metas[i])
	}
	var todo []int
	if r.opts.Force {
		for i := range arts {
			todo = append(todo, i)
		}
	} else {
		known, err := r.opts.Loader.Known(ctx, keys)
		if err != nil {
			return nil, err
		}
		for i := range arts {
			k, ok := known[keys[i]]
			if ok && k.ContentHash == metas[i].ContentHash && k.ExtractorVersion == metas[i].Extractor {
				r.mu.Lock()
				r.sum.Unchanged++
				r.decided++
				r.mu.Unlock()
				continue
			}
			todo = append(todo, i)
		}
	}
	docs := make([]*extract.Document, len(arts))
	var wg sync.WaitGroup
	next := make(chan int)
	for range r.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				doc, err := r.opts.Extractor.Extract(ctx, arts[i])
				if err != nil {
					if ctx.Err() != nil {
						continue
					}
					r.skip(location(arts[i]), "extract: "+err.Error(), fmt.Errorf("%s: extract: %w", location(arts[i]), err))
					continue
				}
				docs[i] = &doc
			}
		}()
	}
	for _, i := range todo {
		select {
		case next <- i:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []extract.Document
	for _, i := range todo {
		if docs[i] != nil {
			out = append(out, *docs[i])
		}
	}
	return out, nil
}

// RunJSON loads article graphs written by `dipgraph extract --out`: the
// *.graph.json files under opts.Paths. A graph without content_hash gets
// the hash of its file, without source the file's path, so reloading the
// same files changes nothing. Unreadable files are skipped and listed.
func RunJSON(ctx context.Context, opts Options) (load.Summary, error) {
	opts.defaults()
	if opts.Loader == nil {
		return load.Summary{}, errors.New("pipeline: Loader is required")
	}
	r := &run{opts: opts, start: time.Now()}
	r.sum.DryRun = opts.Loader.Options().DryRun
	var files []string
	for _, p := range opts.Paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				r.skip(path, err.Error(), err)
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if strings.HasSuffix(path, ".graph.json") || path == p {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return r.finish(), err
		}
	}
	sort.Strings(files)
	r.read = len(files)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	loads := r.startLoads(ctx, cancel)
	var docs []extract.Document
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			err = loads.wait(err)
			return r.finish(), err
		}
		doc, err := readGraph(f)
		if err != nil {
			r.skip(f, err.Error(), fmt.Errorf("%s: %w", f, err))
			continue
		}
		docs = append(docs, doc)
		if len(docs) >= opts.ChunkSize {
			if err := loads.send(ctx, docs); err != nil {
				err = loads.wait(err)
				return r.finish(), err
			}
			docs = nil
		}
	}
	err := loads.send(ctx, docs)
	err = loads.wait(err)
	return r.finish(), err
}

// maxGraphBytes bounds a graph file; real ones are a few kilobytes.
const maxGraphBytes = 64 << 20

func readGraph(path string) (extract.Document, error) {
	var doc extract.Document
	st, err := os.Stat(path)
	if err != nil {
		return doc, err
	}
	if st.Size() > maxGraphBytes {
		return doc, fmt.Errorf("graph file is %d bytes, over the %d limit", st.Size(), maxGraphBytes)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return doc, err
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line := 1 + strings.Count(string(raw[:min(int(se.Offset), len(raw))]), "\n")
			return doc, fmt.Errorf("line %d: not an article graph: %v", line, err)
		}
		return doc, fmt.Errorf("not an article graph: %w", err)
	}
	if doc.Article.ID == "" && doc.Article.URL == "" {
		return doc, errors.New("not an article graph: article.id and article.url are both empty")
	}
	if doc.Article.Source == "" {
		doc.Article.Source = path
	}
	if doc.Article.ContentHash == "" {
		sum := sha256.Sum256(raw)
		doc.Article.ContentHash = hex.EncodeToString(sum[:])
	}
	if doc.Article.Extractor == "" {
		doc.Article.Extractor = "json"
	}
	return doc, nil
}
