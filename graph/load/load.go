package load

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/graph"
)

// Options configure a Loader. Zero values take the defaults noted.
type Options struct {
	// BatchSize is the number of articles per transaction (an article is
	// never split). Large transactions matter: a relationship's provenance
	// lists are rewritten once per transaction that touches it, so a hub
	// relationship costs O(articles² / BatchSize). Default 10000: on the
	// 2-core reference machine 100,000 articles loaded at 5,182, 6,544,
	// 8,599 and 9,038 relationship rows/s with 2,000, 4,000, 6,000 and
	// 10,000. A group the server refuses for its transaction memory limit
	// is split in halves.
	BatchSize int
	// Workers is the number of goroutines mapping documents to rows.
	// Default: the number of CPUs.
	Workers int
	// Writers is the number of transactions in flight. Default 1: on the
	// 2-core reference machine a second writer made loads slower, since
	// transactions sharing hub entities queue on their locks (by design:
	// that queueing, in one global lock order, is what keeps concurrent
	// loads free of deadlocks) while competing for the same cores.
	Writers int
	// MaxEvidence bounds each relationship's evidence sample. Default 5.
	MaxEvidence int
	// DryRun reads what a load would change and writes nothing.
	DryRun bool
	// Progress, when set, hears about every committed transaction. It is
	// called from one goroutine at a time.
	Progress func(Progress)
	// Retries is how many more times a transaction is tried after the
	// driver's own retries (neo4j.max_retry_time) gave up because the
	// server was unreachable. Default 3; negative means none.
	Retries int
	// RetryDelay is the first wait between those attempts, doubled each
	// time. Default 2s.
	RetryDelay time.Duration
	// Terms normalise proposal phrases; nil means the embedded defaults.
	Terms *graph.Terms
}

// Progress reports a load under way.
type Progress struct {
	Done         int // articles decided (loaded, unchanged, duplicate or skipped)
	Total        int
	Transactions int
	RelationRows int
	Elapsed      time.Duration
}

// Skip names an input the loader left out and why.
type Skip struct {
	Input  string `json:"input"`
	Reason string `json:"reason"`
}

// Summary counts what a Load, Forget or pipeline run did (or, with
// DryRun, would do).
type Summary struct {
	// Articles whose contribution was written: New + Replaced.
	Articles int `json:"articles"`
	New      int `json:"new"`
	Replaced int `json:"replaced"`
	// Unchanged articles were skipped: same graph (or, in the pipeline,
	// same text and extractor version) as already loaded.
	Unchanged int `json:"unchanged"`
	// Duplicates were recorded as copies of an article loaded under
	// another key (same content hash) and not loaded again.
	Duplicates int `json:"duplicates"`
	Forgotten  int `json:"forgotten"`

	NodesCreated int `json:"nodes_created"`
	NodesUpdated int `json:"nodes_updated"`
	NodesDeleted int `json:"nodes_deleted"`
	RelsCreated  int `json:"rels_created"`
	RelsUpdated  int `json:"rels_updated"`
	RelsDeleted  int `json:"rels_deleted"`
	// RelationRows counts per-article relationship assertions written
	// (SPEC types); Mentions counts MENTIONED_IN rows written.
	RelationRows int `json:"relation_rows"`
	Mentions     int `json:"mentions"`

	Transactions int `json:"transactions"`
	// Retries counts transaction attempts beyond the first: the driver's
	// retries of transient failures and the loader's after the server
	// was unreachable.
	Retries  int      `json:"retries"`
	Skipped  []Skip   `json:"skipped"`
	Warnings []string `json:"warnings,omitempty"`
	DryRun   bool     `json:"dry_run,omitempty"`

	Elapsed time.Duration `json:"-"`
	// ElapsedSeconds mirrors Elapsed for JSON.
	ElapsedSeconds float64 `json:"elapsed_seconds"`
}

// maxWarnings bounds Summary.Warnings; the rest are counted away.
const maxWarnings = 100

// Add accumulates o into s (Elapsed is not added; set it at the end).
func (s *Summary) Add(o Summary) {
	s.Articles += o.Articles
	s.New += o.New
	s.Replaced += o.Replaced
	s.Unchanged += o.Unchanged
	s.Duplicates += o.Duplicates
	s.Forgotten += o.Forgotten
	s.NodesCreated += o.NodesCreated
	s.NodesUpdated += o.NodesUpdated
	s.NodesDeleted += o.NodesDeleted
	s.RelsCreated += o.RelsCreated
	s.RelsUpdated += o.RelsUpdated
	s.RelsDeleted += o.RelsDeleted
	s.RelationRows += o.RelationRows
	s.Mentions += o.Mentions
	s.Transactions += o.Transactions
	s.Retries += o.Retries
	s.Skipped = append(s.Skipped, o.Skipped...)
	for _, w := range o.Warnings {
		s.warn(w)
	}
	s.DryRun = s.DryRun || o.DryRun
}

func (s *Summary) warn(w string) {
	if len(s.Warnings) < maxWarnings {
		s.Warnings = append(s.Warnings, w)
	}
}

// SetElapsed records the wall time of the run.
func (s *Summary) SetElapsed(d time.Duration) {
	s.Elapsed = d
	s.ElapsedSeconds = d.Seconds()
}

// Known is what the graph holds about one article key.
type Known struct {
	ContentHash      string `json:"content_hash"`
	ExtractorVersion string `json:"extractor_version"`
	GraphHash        string `json:"graph_hash"`
	DuplicateOf      string `json:"duplicate_of,omitempty"`
}

// Loader writes article graphs into one Neo4j database. It is safe for
// concurrent use.
type Loader struct {
	db    *graph.DB
	opts  Options
	terms *graph.Terms

	schemaMu   sync.Mutex
	schemaDone bool
}

// New returns a Loader writing to db.
func New(db *graph.DB, opts Options) *Loader {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 10000
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	if opts.Writers <= 0 {
		opts.Writers = 1
	}
	if opts.MaxEvidence <= 0 {
		opts.MaxEvidence = 5
	}
	if opts.Retries == 0 {
		opts.Retries = 3
	}
	if opts.RetryDelay <= 0 {
		opts.RetryDelay = 2 * time.Second
	}
	t := opts.Terms
	if t == nil {
		t = graph.DefaultTerms()
	}
	return &Loader{db: db, opts: opts, terms: t}
}

// Options returns the effective options.
func (l *Loader) Options() Options { return l.opts }

// ensureSchema applies the schema once per Loader before the first write.
func (l *Loader) ensureSchema(ctx context.Context) error {
	l.schemaMu.Lock()
	defer l.schemaMu.Unlock()
	if l.schemaDone {
		return nil
	}
	if err := l.retry(ctx, nil, func() error { return graph.EnsureSchema(ctx, l.db) }); err != nil {
		return err
	}
	l.schemaDone = true
	return nil
}

// retry runs f, and again with doubling waits while it fails because the
// server is unreachable, up to opts.Retries more times.
func (l *Loader) retry(ctx context.Context, retries *int, f func() error) error {
	delay := l.opts.RetryDelay
	for attempt := 0; ; attempt++ {
		err := f()
		if err == nil || !errors.Is(err, graph.ErrUnreachable) || attempt >= l.opts.Retries || ctx.Err() != nil {
			return err
		}
		if retries != nil {
			*retries++
		}
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return fmt.Errorf("%w (while waiting to retry after: %v)", ctx.Err(), err)
		}
		delay *= 2
	}
}

// item is one document on its way into the graph.
type item struct {
	b     graph.Batch
	dupOf string // earlier document of the same call with the same content hash
}

func (it *item) input() string {
	a := it.b.Article
	if a.Source != "" && a.ID != "" {
		return a.Source + " (" + a.ID + ")"
	}
	return a.Key
}

// Load writes docs. Each document's Article block should carry Source,
// ContentHash and Extractor. An article whose graph equals the stored one
// is counted Unchanged and not written; one whose content hash matches an
// article stored under another key is recorded as a duplicate; a changed
// one replaces its earlier contribution. On error the returned Summary
// counts what was committed before it.
func (l *Loader) Load(ctx context.Context, docs []extract.Document) (sum Summary, err error) {
	start := time.Now()
	sum.DryRun = l.opts.DryRun
	defer func() { sum.SetElapsed(time.Since(start)) }()
	if len(docs) == 0 {
		return sum, nil
	}
	if !l.opts.DryRun {
		if err := l.ensureSchema(ctx); err != nil {
			return sum, err
		}
	}

	// What is stored under these keys is read while the documents are
	// mapped: the query needs only keys and content hashes, and the
	// server would otherwise idle until the mapping of a large call ends
	// (4.6 s of a 100,000-article load).
	type stored struct {
		state map[string]articleState
		err   error
	}
	storedc := make(chan stored, 1)
	go func() {
		seen := map[string]bool{}
		rows := make([]any, 0, len(docs))
		for _, d := range docs {
			k := graph.ArticleKey(d.Article)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			rows = append(rows, map[string]any{"key": k, "hash": nilIfEmpty(d.Article.ContentHash)})
		}
		st, err := l.readArticles(ctx, rows)
		if err != nil {
			err = fmt.Errorf("read article state: %w", err)
		}
		storedc <- stored{st, err}
	}()

	// Map documents onto rows in parallel: pure CPU work.
	items := make([]*item, len(docs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range l.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				items[i] = &item{b: l.terms.FromDocument(docs[i])}
			}
		}()
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()

	// One document per key; the first of equal content hashes is the
	// original of the others.
	byKey := map[string]*item{}
	byHash := map[string]string{}
	var todo []*item
	for _, it := range items {
		a := it.b.Article
		for _, w := range it.b.Warnings {
			sum.warn(it.input() + ": " + w)
		}
		if a.Key == "" {
			sum.Skipped = append(sum.Skipped, Skip{Input: it.input(), Reason: "article has neither URL nor id"})
			continue
		}
		if prev, ok := byKey[a.Key]; ok {
			if prev.b.Article.GraphHash == a.GraphHash {
				sum.Unchanged++
			} else {
				sum.Skipped = append(sum.Skipped, Skip{Input: it.input(), Reason: "article key " + a.Key + " appears twice in this load with different content; the first was kept"})
			}
			continue
		}
		byKey[a.Key] = it
		if a.ContentHash != "" {
			if orig, ok := byHash[a.ContentHash]; ok {
				it.dupOf = orig
			} else {
				byHash[a.ContentHash] = a.Key
			}
		}
		todo = append(todo, it)
	}
	total := len(items)
	done := total - len(todo)

	// Drop what is already loaded as is, without taking any lock.
	got := <-storedc
	if got.err != nil {
		return sum, got.err
	}
	state := got.state
	kept := todo[:0]
	for _, it := range todo {
		if st := state[it.b.Article.Key]; st.graphHash != "" && st.graphHash == it.b.Article.GraphHash {
			sum.Unchanged++
			done++
			continue
		}
		kept = append(kept, it)
	}
	todo = kept
	if l.opts.DryRun {
		err := l.dryRun(ctx, todo, state, &sum)
		return sum, err
	}

	// Transactions of BatchSize whole articles, articles that share hub
	// relationships side by side.
	clusterByHubEdges(todo)
	var groups [][]*item
	for start := 0; start < len(todo); start += l.opts.BatchSize {
		groups = append(groups, todo[start:min(start+l.opts.BatchSize, len(todo))])
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		g    []*item
		plan *addPlan
	}
	var (
		mu       sync.Mutex
		firstErr error
		work     = make(chan job, l.opts.Writers)
	)
	for range min(l.opts.Writers, max(len(groups), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				g := j.g
				var retries int
				gs, err := l.writeSplitting(ctx, g, j.plan, &retries)
				mu.Lock()
				sum.Retries += retries
				if err != nil {
					if firstErr == nil {
						firstErr = err
						cancel()
					}
					mu.Unlock()
					continue
				}
				sum.Add(gs)
				done += len(g)
				if l.opts.Progress != nil {
					l.opts.Progress(Progress{Done: done, Total: total, Transactions: sum.Transactions, RelationRows: sum.RelationRows, Elapsed: time.Since(start)})
				}
				mu.Unlock()
			}
		}()
	}
	// The next groups are prepared while the writers run.
feed:
	for _, g := range groups {
		j := job{g: g, plan: l.prepareGroup(g)}
		select {
		case work <- j:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return sum, firstErr
	}
	return sum, ctx.Err()
}

// writeSplitting writes g in one transaction or, when the server refuses
// a transaction that large (its memory limit), in halves, down to single
// articles: a large default batch is fastest on a well-sized server
// (docs/loading.md) and must still load on a small one.
func (l *Loader) writeSplitting(ctx context.Context, g []*item, plan *addPlan, retries *int) (Summary, error) {
	sum, err := l.writeGroup(ctx, g, plan, retries)
	if err == nil || len(g) < 2 || !errors.Is(err, graph.ErrTxMemory) {
		return sum, err
	}
	var out Summary
	mid := len(g) / 2
	for _, h := range [][]*item{g[:mid], g[mid:]} {
		hs, err := l.writeSplitting(ctx, h, l.prepareGroup(h), retries)
		out.Add(hs)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// clusterByHubEdges orders items so that articles asserting the same
// frequent relationships are neighbours, and so share transactions. A
// relationship's provenance lists are rewritten whole by every
// transaction that touches it, so a hub edge asserted by thousands of
// articles spread over all transactions would cost O(articles² / batch);
// clustered, it is touched by a few. Each article is keyed by its edges
// in decreasing frequency (frequency within this load), and items are
// sorted by that key; the order of articles carries no meaning.
func clusterByHubEdges(items []*item) {
	if len(items) < 2 {
		return
	}
	ids := map[edge]int{}
	var freq []int
	keys := make([][]int, len(items))
	for i, it := range items {
		for _, r := range it.b.Rels {
			e := edge{r.Type, r.Source, r.Target}
			id, ok := ids[e]
			if !ok {
				id = len(freq)
				ids[e] = id
				freq = append(freq, 0)
			}
			freq[id]++
			keys[i] = append(keys[i], id)
		}
	}
	for _, k := range keys {
		sort.Slice(k, func(a, b int) bool {
			if freq[k[a]] != freq[k[b]] {
				return freq[k[a]] > freq[k[b]]
			}
			return k[a] < k[b]
		})
	}
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ka, kb := keys[idx[a]], keys[idx[b]]
		for j := 0; j < len(ka) && j < len(kb); j++ {
			if ka[j] == kb[j] {
				continue
			}
			if freq[ka[j]] != freq[kb[j]] {
				return freq[ka[j]] > freq[kb[j]]
			}
			return ka[j] < kb[j]
		}
		return len(ka) > len(kb)
	})
	sorted := make([]*item, len(items))
	for i, j := range idx {
		sorted[i] = items[j]
	}
	copy(items, sorted)
}

// articleState is what the graph holds about one article key.
type articleState struct {
	exists      bool
	graphHash   string
	duplicateOf string
	contentHash string
	extractor   string
	edges       []edge
	original    string // another loaded article with the same content hash
}

type edge struct {
	t    graph.RelType
	s, o string
}

// readArticles runs stmtReadArticles over rows ({key, hash}) in read
// transactions of 1,000 rows, retried, and merges the results by key.
func (l *Loader) readArticles(ctx context.Context, rows []any) (map[string]articleState, error) {
	out := map[string]articleState{}
	for start := 0; start < len(rows); start += 1000 {
		chunk := rows[start:min(start+1000, len(rows))]
		var res map[string]articleState
		err := l.retry(ctx, nil, func() error {
			r, err := l.db.Read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
				return queryState(ctx, tx, stmtReadArticles, chunk)
			})
			if err == nil {
				res = r.(map[string]articleState)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		for k, v := range res {
			out[k] = v
		}
	}
	return out, nil
}

func queryState(ctx context.Context, tx neo4j.ManagedTransaction, stmt string, rows []any) (map[string]articleState, error) {
	res, err := tx.Run(ctx, stmt, map[string]any{"rows": rows})
	if err != nil {
		return nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]articleState, len(recs))
	for _, rec := range recs {
		m := rec.AsMap()
		st := articleState{
			graphHash:   asString(m["graph_hash"]),
			duplicateOf: asString(m["duplicate_of"]),
			contentHash: asString(m["content_hash"]),
			extractor:   asString(m["extractor_version"]),
			original:    asString(m["original"]),
		}
		st.exists = st.graphHash != ""
		ts, ss, os := asStrings(m["edge_types"]), asStrings(m["edge_sources"]), asStrings(m["edge_targets"])
		for i := range ts {
			if i < len(ss) && i < len(os) {
				st.edges = append(st.edges, edge{graph.RelType(ts[i]), ss[i], os[i]})
			}
		}
		out[asString(m["key"])] = st
	}
	return out, nil
}

// Known returns what the graph holds for each of keys that it has, so
// callers can skip unchanged articles before extracting them.
func (l *Loader) Known(ctx context.Context, keys []string) (map[string]Known, error) {
	rows := make([]any, len(keys))
	for i, k := range keys {
		rows[i] = map[string]any{"key": k, "hash": nil}
	}
	state, err := l.readArticles(ctx, rows)
	if err != nil {
		return nil, fmt.Errorf("read known articles: %w", err)
	}
	out := map[string]Known{}
	for k, st := range state {
		if st.exists {
			out[k] = Known{ContentHash: st.contentHash, ExtractorVersion: st.extractor, GraphHash: st.graphHash, DuplicateOf: st.duplicateOf}
		}
	}
	return out, nil
}

// dryRun fills sum with what writing todo would do.
func (l *Loader) dryRun(ctx context.Context, todo []*item, state map[string]articleState, sum *Summary) error {
	nodeSeen := map[string]bool{}
	relSeen := map[string]bool{}
	var uids []any
	var rels []any
	for _, it := range todo {
		st := state[it.b.Article.Key]
		dup := st.original
		if dup == "" {
			dup = it.dupOf
		}
		if st.exists {
			sum.Replaced++
		}
		if dup != "" {
			sum.Duplicates++
			continue
		}
		if !st.exists {
			sum.New++
		}
		sum.Articles++
		sum.RelationRows += len(it.b.Rels)
		sum.Mentions += len(it.b.Nodes)
		for _, n := range it.b.Nodes {
			if !nodeSeen[n.UID] {
				nodeSeen[n.UID] = true
				uids = append(uids, n.UID)
			}
		}
		for _, r := range it.b.Rels {
			k := string(r.Type) + "\x00" + r.Source + "\x00" + r.Target
			if !relSeen[k] {
				relSeen[k] = true
				rels = append(rels, map[string]any{"type": string(r.Type), "s": r.Source, "t": r.Target})
			}
		}
	}
	// Articles counts written contributions; a replaced duplicate is not one.
	count := func(stmt, param string, list []any) (int, error) {
		n := 0
		for start := 0; start < len(list); start += 5000 {
			chunk := list[start:min(start+5000, len(list))]
			r, err := l.db.Read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
				res, err := tx.Run(ctx, stmt, map[string]any{param: chunk})
				if err != nil {
					return nil, err
				}
				rec, err := res.Single(ctx)
				if err != nil {
					return nil, err
				}
				v, _ := rec.Get("n")
				return v, nil
			})
			if err != nil {
				return 0, err
			}
			n += int(r.(int64))
		}
		return n, nil
	}
	existingNodes, err := count(stmtNodesExist, "uids", uids)
	if err != nil {
		return fmt.Errorf("dry run: %w", err)
	}
	existingRels, err := count(stmtRelsExist, "rows", rels)
	if err != nil {
		return fmt.Errorf("dry run: %w", err)
	}
	sum.NodesCreated = len(uids) - existingNodes
	sum.NodesUpdated = existingNodes
	sum.RelsCreated = len(rels) - existingRels
	sum.RelsUpdated = existingRels
	return nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}

func asStrings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
