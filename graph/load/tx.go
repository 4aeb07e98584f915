package load

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/graph"
)

// prepareGroup sorts a group by article key (the order the transaction
// locks Articles in) and builds its add plan, assuming every article is
// new or changed, which the pre-read made likely.
func (l *Loader) prepareGroup(g []*item) *addPlan {
	sort.Slice(g, func(i, j int) bool { return g[i].b.Article.Key < g[j].b.Article.Key })
	return prepareAdd(g, l.opts.MaxEvidence)
}

// writeGroup loads a group of articles in one managed write transaction,
// retried whole by the driver on transient errors (deadlocks, lost
// connections) and by l.retry while the server is unreachable. The work
// function is idempotent: it decides from what it reads inside the
// transaction, so a retry after an unknown commit outcome finds the
// articles loaded and changes nothing.
func (l *Loader) writeGroup(ctx context.Context, g []*item, plan *addPlan, retries *int) (Summary, error) {
	var out Summary
	err := l.retry(ctx, retries, func() error {
		attempts := 0
		r, err := l.db.Write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			if attempts++; attempts > 1 {
				*retries++ // the driver retries a transient failure (deadlock, lost connection)
			}
			t := &txn{ctx: ctx, tx: tx, maxEv: int64(l.opts.MaxEvidence)}
			if err := t.load(g, plan); err != nil {
				return nil, err
			}
			return t.sum, nil
		})
		if err == nil {
			out = r.(Summary)
		}
		return err
	})
	if err != nil {
		return out, fmt.Errorf("load %d articles (%s …): %w", len(g), g[0].b.Article.Key, err)
	}
	out.Transactions++
	return out, nil
}

// txn runs the statements of one transaction and counts what they did.
type txn struct {
	ctx   context.Context
	tx    neo4j.ManagedTransaction
	maxEv int64
	sum   Summary
}

func (t *txn) run(stmt string, params map[string]any) ([]*neo4j.Record, neo4j.Counters, error) {
	res, err := t.tx.Run(t.ctx, stmt, params)
	if err != nil {
		return nil, nil, tooLarge(err)
	}
	recs, err := res.Collect(t.ctx)
	if err != nil {
		return nil, nil, tooLarge(err)
	}
	s, err := res.Consume(t.ctx)
	if err != nil {
		return nil, nil, tooLarge(err)
	}
	return recs, s.Counters(), nil
}

// tooLarge turns the server's transaction memory error into
// graph.ErrTxMemory without the driver error inside: the driver retries
// any transient error, and this one would only fail again the same way.
// Load splits the transaction instead.
func tooLarge(err error) error {
	if graph.IsTxMemory(err) {
		return fmt.Errorf("%w: %v", graph.ErrTxMemory, err)
	}
	return err
}

// load is the whole transaction for a group: lock the articles in key
// order and read their state; take back the contributions of replaced
// articles; write entities (label, uid order), aliases, mentions and
// relationships (type, source, target order); write the Article nodes;
// tidy the entities the replaced articles touched.
func (t *txn) load(g []*item, plan *addPlan) error {
	rows := make([]any, len(g))
	for i, it := range g {
		rows[i] = map[string]any{"key": it.b.Article.Key, "hash": nilIfEmpty(it.b.Article.ContentHash)}
	}
	recs, _, err := t.run(stmtLockArticles, map[string]any{"rows": rows})
	if err != nil {
		return err
	}
	state := map[string]articleState{}
	ids := map[string]string{} // element ids of this transaction's Articles and entities
	for _, rec := range recs {
		m := rec.AsMap()
		ids[asString(m["key"])] = asString(m["id"])
		st := articleState{graphHash: asString(m["graph_hash"]), duplicateOf: asString(m["duplicate_of"]), original: asString(m["original"]), contentHash: asString(m["content_hash"])}
		st.exists = st.graphHash != ""
		ts, ss, os := asStrings(m["edge_types"]), asStrings(m["edge_sources"]), asStrings(m["edge_targets"])
		for i := range min(len(ts), len(ss), len(os)) {
			st.edges = append(st.edges, edge{graph.RelType(ts[i]), ss[i], os[i]})
		}
		state[asString(m["key"])] = st
	}

	var (
		unchanged  []any
		takeBack   []string // replaced articles whose facts are in the graph
		newHash    []string // replaced articles whose text changed: their duplicates go
		oldEdges   []edge
		oldKeys    = map[edge][]string{}
		add        []*item
		articleOut []any
	)
	for _, it := range g {
		a := it.b.Article
		st := state[a.Key]
		if st.exists && st.graphHash == a.GraphHash {
			unchanged = append(unchanged, a.Key)
			t.sum.Unchanged++
			continue
		}
		if st.exists {
			t.sum.Replaced++
			if st.duplicateOf == "" {
				takeBack = append(takeBack, a.Key)
				for _, e := range st.edges {
					if _, ok := oldKeys[e]; !ok {
						oldEdges = append(oldEdges, e)
					}
					oldKeys[e] = append(oldKeys[e], a.Key)
				}
			}
			if st.duplicateOf == "" && st.contentHash != a.ContentHash {
				newHash = append(newHash, a.Key)
			}
		}
		dup := st.original
		if dup == "" && it.dupOf != a.Key {
			dup = it.dupOf
		}
		if dup != "" {
			t.sum.Duplicates++
			articleOut = append(articleOut, articleRow(it, dup))
			continue
		}
		if !st.exists {
			t.sum.New++
		}
		t.sum.Articles++
		add = append(add, it)
		articleOut = append(articleOut, articleRow(it, ""))
	}

	var affected []string
	if len(takeBack) > 0 {
		if affected, err = t.takeBack(takeBack, oldEdges, oldKeys); err != nil {
			return err
		}
		if len(newHash) > 0 {
			if _, _, err := t.run(stmtDeleteDuplicates, map[string]any{"keys": newHash}); err != nil {
				return err
			}
		}
	}
	if err := t.add(add, plan, ids); err != nil {
		return err
	}
	if len(articleOut) > 0 {
		if _, _, err := t.run(stmtWriteArticles, map[string]any{"rows": articleOut}); err != nil {
			return err
		}
	}
	if len(unchanged) > 0 {
		if _, _, err := t.run(stmtUnlockArticles, map[string]any{"keys": unchanged}); err != nil {
			return err
		}
	}
	return t.tidy(affected)
}

func articleRow(it *item, dup string) map[string]any {
	a := it.b.Article
	types, srcs, tgts, sents := []string{}, []string{}, []string{}, []string{}
	if dup == "" {
		for _, r := range it.b.Rels {
			types = append(types, string(r.Type))
			srcs = append(srcs, r.Source)
			tgts = append(tgts, r.Target)
			sents = append(sents, r.Sentence)
		}
	}
	return map[string]any{
		"key": a.Key, "id": a.ID, "title": a.Title, "url": nilIfEmpty(a.URL), "source": nilIfEmpty(a.Source),
		"date": a.Date, "content_hash": nilIfEmpty(a.ContentHash), "extractor": nilIfEmpty(a.Extractor),
		"graph_hash": a.GraphHash, "duplicate_of": nilIfEmpty(dup),
		"edge_types": types, "edge_sources": srcs, "edge_targets": tgts, "edge_sentences": sents,
	}
}

// takeBack removes articles' entries from the relationships they asserted
// and their MENTIONED_IN, and returns the entities they mentioned.
func (t *txn) takeBack(keys []string, edges []edge, edgeKeys map[edge][]string) ([]string, error) {
	recs, _, err := t.run(stmtOldMentions, map[string]any{"keys": keys})
	if err != nil {
		return nil, err
	}
	affected := make([]string, 0, len(recs))
	for _, rec := range recs {
		u, _ := rec.Get("uid")
		affected = append(affected, asString(u))
	}
	sort.Slice(edges, func(i, j int) bool { return edgeLess(edges[i], edges[j]) })
	byType := map[graph.RelType][]any{}
	for _, e := range edges {
		byType[e.t] = append(byType[e.t], map[string]any{"s": e.s, "t": e.o, "keys": edgeKeys[e]})
	}
	for _, rt := range graph.RelTypes {
		if len(byType[rt]) == 0 {
			continue
		}
		recs, _, err := t.run(relRemoveStatements[rt], map[string]any{"rows": byType[rt], "maxev": t.maxEv})
		if err != nil {
			return nil, err
		}
		if len(recs) == 1 {
			m := recs[0].AsMap()
			d, _ := m["deleted"].(int64)
			n, _ := m["touched"].(int64)
			t.sum.RelsDeleted += int(d)
			t.sum.RelsUpdated += int(n - d)
		}
	}
	if _, _, err := t.run(stmtDeleteMentions, map[string]any{"keys": keys}); err != nil {
		return nil, err
	}
	return affected, nil
}

func edgeLess(a, b edge) bool {
	if a.t != b.t {
		return a.t.Rank() < b.t.Rank()
	}
	if a.s != b.s {
		return a.s < b.s
	}
	return a.o < b.o
}

// tidy recomputes what entities lost when articles were taken back:
// aliases (the union of the surface forms of their remaining mentions),
// latest title and country, earliest proposal name; an entity nothing
// mentions or relates any more is deleted with its orphaned Alias nodes.
func (t *txn) tidy(uids []string) error {
	if len(uids) == 0 {
		return nil
	}
	sort.Strings(uids)
	recs, _, err := t.run(stmtEntityState, map[string]any{"uids": uids})
	if err != nil {
		return err
	}
	var gone []string
	var keep []string
	var aliasRows []any
	for _, rec := range recs {
		m := rec.AsMap()
		uid := asString(m["uid"])
		mentions, _ := m["mentions"].(int64)
		rels, _ := m["rels"].(int64)
		if mentions == 0 && rels == 0 {
			gone = append(gone, uid)
			continue
		}
		forms := asStrings(m["forms"])
		sort.Strings(forms)
		keep = append(keep, uid)
		aliasRows = append(aliasRows, map[string]any{"uid": uid, "aliases": forms, "keys": graph.AliasKeys(forms)})
	}
	if len(aliasRows) > 0 {
		if _, _, err := t.run(stmtEntityAliases, map[string]any{"rows": aliasRows}); err != nil {
			return err
		}
		for _, stmt := range []string{stmtRecomputeLeader, stmtRecomputeVenue, stmtRecomputeProposal} {
			if _, _, err := t.run(stmt, map[string]any{"uids": keep}); err != nil {
				return err
			}
		}
	}
	if len(gone) > 0 {
		if _, _, err := t.run(stmtDeleteEntities, map[string]any{"uids": gone}); err != nil {
			return err
		}
		t.sum.NodesDeleted += len(gone)
	}
	return nil
}

// nodeAgg is one entity's rows over a group of articles.
type nodeAgg struct {
	n       graph.NodeRow
	forms   map[string]bool
	title   string
	titleR  string
	country string
	countR  string
	name    string
	nameR   string
	keyw    []string
}

// addPlan is the parameters of the add statements for a set of
// articles, built outside the transaction so that the next group is ready
// while the current one runs.
type addPlan struct {
	keys      []string // the articles it covers, in group order
	nodeRows  map[graph.Label][]any
	mentions  []any
	relRows   map[graph.RelType][]any
	relations int
}

// covers reports whether the plan was built for exactly items.
func (p *addPlan) covers(items []*item) bool {
	if p == nil || len(p.keys) != len(items) {
		return false
	}
	for i, it := range items {
		if p.keys[i] != it.b.Article.Key {
			return false
		}
	}
	return true
}

// add writes the contributions of new and replaced articles, with plan
// when it was built for exactly these articles.
func (t *txn) add(items []*item, plan *addPlan, articleIDs map[string]string) error {
	if len(items) == 0 {
		return nil
	}
	if !plan.covers(items) {
		plan = prepareAdd(items, int(t.maxEv))
	}
	return t.writeAdd(plan, articleIDs)
}

// prepareAdd aggregates items' rows per node and per relationship and
// orders them as the transaction takes its locks.
func prepareAdd(items []*item, maxEv int) *addPlan {
	plan := &addPlan{nodeRows: map[graph.Label][]any{}, relRows: map[graph.RelType][]any{}}
	nodes := map[string]*nodeAgg{}
	type relAgg struct {
		keys, dates, sentences []string
		pcts                   []string
		mind, maxd             string
		maxc                   float64
	}
	rels := map[edge]*relAgg{}
	var relOrder []edge
	for _, it := range items {
		a := it.b.Article
		plan.keys = append(plan.keys, a.Key)
		latest := orDefault(a.Date, "0000-00-00") + "|" + a.Key
		first := orDefault(a.Date, "9999-99-99") + "|" + a.Key
		for _, n := range it.b.Nodes {
			ag := nodes[n.UID]
			if ag == nil {
				ag = &nodeAgg{n: n, forms: map[string]bool{}}
				nodes[n.UID] = ag
			}
			for _, f := range n.Forms {
				ag.forms[f] = true
			}
			m := map[string]any{"uid": n.UID, "key": a.Key, "count": int64(n.Mentions), "forms": n.Forms,
				"title": nil, "country": nil, "name": nil, "keywords": nil}
			switch n.Label {
			case graph.Leader:
				if n.Title != "" {
					m["title"] = n.Title
					if latest > ag.titleR {
						ag.title, ag.titleR = n.Title, latest
					}
				}
				fallthrough
			case graph.Venue:
				if n.Country != "" {
					m["country"] = n.Country
					if latest > ag.countR {
						ag.country, ag.countR = n.Country, latest
					}
				}
			case graph.Proposal:
				m["name"] = n.Name
				if len(n.Keywords) > 0 {
					m["keywords"] = n.Keywords
				}
				if ag.nameR == "" || first < ag.nameR {
					ag.name, ag.nameR, ag.keyw = n.Name, first, n.Keywords
				}
			}
			plan.mentions = append(plan.mentions, m)
		}
		plan.relations += len(it.b.Rels)
		for _, r := range it.b.Rels {
			e := edge{r.Type, r.Source, r.Target}
			ag := rels[e]
			if ag == nil {
				ag = &relAgg{}
				rels[e] = ag
				relOrder = append(relOrder, e)
			}
			ag.keys = append(ag.keys, a.Key)
			ag.dates = append(ag.dates, a.Date)
			ag.sentences = append(ag.sentences, r.Sentence)
			ag.pcts = append(ag.pcts, r.ConfidencePct())
			if a.Date != "" && (ag.mind == "" || a.Date < ag.mind) {
				ag.mind = a.Date
			}
			if a.Date > ag.maxd {
				ag.maxd = a.Date
			}
			ag.maxc = max(ag.maxc, r.Confidence)
		}
	}

	// Entities, label by label, uid order within a label.
	byLabel := map[graph.Label][]*nodeAgg{}
	for _, ag := range nodes {
		byLabel[ag.n.Label] = append(byLabel[ag.n.Label], ag)
	}
	for _, l := range graph.EntityLabels {
		list := byLabel[l]
		if len(list) == 0 {
			continue
		}
		sort.Slice(list, func(i, j int) bool { return list[i].n.UID < list[j].n.UID })
		rows := make([]any, len(list))
		for i, ag := range list {
			forms := make([]string, 0, len(ag.forms))
			for f := range ag.forms {
				forms = append(forms, f)
			}
			sort.Strings(forms)
			n := ag.n
			row := map[string]any{"uid": n.UID, "key": n.Key, "name": n.Name, "forms": forms}
			switch l {
			case graph.Delegation:
				row["country"], row["date"] = n.Country, n.Date
			case graph.Proposal:
				row["phrase"], row["parties"] = n.Phrase, nonNil(n.Parties)
				row["name"], row["name_seen"], row["keywords"] = ag.name, nilIfEmpty(ag.nameR), nilIfNoItems(ag.keyw)
			case graph.Leader:
				row["title"], row["title_seen"] = nilIfEmpty(ag.title), nilIfEmpty(ag.titleR)
				row["country"], row["country_seen"] = nilIfEmpty(ag.country), nilIfEmpty(ag.countR)
			case graph.Venue:
				row["country"], row["country_seen"] = nilIfEmpty(ag.country), nilIfEmpty(ag.countR)
			}
			rows[i] = row
		}
		plan.nodeRows[l] = rows
	}

	// Relationships, type by type, in (source, target) order.
	sort.Slice(relOrder, func(i, j int) bool { return edgeLess(relOrder[i], relOrder[j]) })
	for _, e := range relOrder {
		ag := rels[e]
		plan.relRows[e.t] = append(plan.relRows[e.t], map[string]any{
			"s": e.s, "t": e.o, "keys": ag.keys, "dates": ag.dates, "pcts": ag.pcts,
			"mind": nilIfEmpty(ag.mind), "maxd": nilIfEmpty(ag.maxd), "maxc": ag.maxc,
			"evidence": evidence(ag.sentences, maxEv),
		})
	}
	return plan
}

// writeAdd runs the add statements of plan. articleIDs holds the element
// ids of the plan's Article nodes in this transaction; the node
// statements return those of the entities, and mentions and
// relationships find their endpoints by them.
func (t *txn) writeAdd(plan *addPlan, articleIDs map[string]string) error {
	ids := map[string]string{}
	var err error
	t.sum.Mentions += len(plan.mentions)
	t.sum.RelationRows += plan.relations
	var aliasRows []aliasRow
	for _, l := range graph.EntityLabels {
		rows := plan.nodeRows[l]
		if len(rows) == 0 {
			continue
		}
		recs, c, err := t.run(nodeStatements[l], map[string]any{"rows": rows})
		if err != nil {
			return fmt.Errorf("merge %s nodes: %w", l, err)
		}
		changed := 0
		for _, rec := range recs {
			m := rec.AsMap()
			uid := asString(m["uid"])
			ids[uid] = asString(m["id"])
			if ch, _ := m["changed"].(bool); ch {
				changed++
			}
			added := asStrings(m["added"])
			if len(added) == 0 {
				continue
			}
			for _, k := range graph.AliasKeys(added) {
				aliasRows = append(aliasRows, aliasRow{k, uid})
			}
		}
		t.sum.NodesCreated += c.NodesCreated()
		t.sum.NodesUpdated += max(changed-c.NodesCreated(), 0)
	}

	// Aliases of new surface forms, in alias-name order.
	if len(aliasRows) > 0 {
		sort.Slice(aliasRows, func(i, j int) bool {
			if aliasRows[i].name != aliasRows[j].name {
				return aliasRows[i].name < aliasRows[j].name
			}
			return aliasRows[i].uid < aliasRows[j].uid
		})
		rows := make([]any, len(aliasRows))
		for i, r := range aliasRows {
			rows[i] = map[string]any{"name": r.name, "uid": r.uid}
		}
		if _, _, err := t.run(stmtAliases, map[string]any{"rows": rows}); err != nil {
			return fmt.Errorf("merge aliases: %w", err)
		}
	}

	// The rows are rewritten in place: a retried transaction has ids of
	// its own.
	for _, r := range plan.mentions {
		m := r.(map[string]any)
		if m["e"], err = elementID(ids, m["uid"]); err != nil {
			return err
		}
		if m["a"], err = elementID(articleIDs, m["key"]); err != nil {
			return err
		}
	}
	if _, _, err := t.run(stmtMentions, map[string]any{"rows": plan.mentions}); err != nil {
		return fmt.Errorf("merge mentions: %w", err)
	}

	for _, rt := range graph.RelTypes {
		rows := plan.relRows[rt]
		if len(rows) == 0 {
			continue
		}
		for _, r := range rows {
			m := r.(map[string]any)
			if m["si"], err = elementID(ids, m["s"]); err != nil {
				return err
			}
			if m["ti"], err = elementID(ids, m["t"]); err != nil {
				return err
			}
		}
		_, c, err := t.run(relAddStatements[rt], map[string]any{"rows": rows, "maxev": t.maxEv})
		if err != nil {
			return fmt.Errorf("merge %s relationships: %w", rt, err)
		}
		t.sum.RelsCreated += c.RelationshipsCreated()
		t.sum.RelsUpdated += len(rows) - c.RelationshipsCreated()
	}
	return nil
}

type aliasRow struct{ name, uid string }

// elementID looks up the element id of a node this transaction wrote.
// FromDocument only emits relations between entities of the same article,
// so a miss is a bug, reported rather than loaded wrong.
func elementID(ids map[string]string, key any) (string, error) {
	k, _ := key.(string)
	id, ok := ids[k]
	if !ok || id == "" {
		return "", fmt.Errorf("internal error: node %q was not written in this transaction", k)
	}
	return id, nil
}

// evidence is the sample a new relationship starts with: the first max
// distinct non-empty sentences, as the statements compute it in Cypher.
func evidence(sentences []string, max int) []string {
	out := []string{}
	for _, z := range sentences {
		if len(out) >= max {
			break
		}
		if z != "" && !slices.Contains(out, z) {
			out = append(out, z)
		}
	}
	return out
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// nilIfNoItems sends an empty list as null: Neo4j stores no property
// for null, so the value matches what a recomputation writes.
func nilIfNoItems(s []string) any {
	if len(s) == 0 {
		return nil
	}
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
