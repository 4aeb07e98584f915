package load

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/graph"
)

// Forget removes articles, given by key or by id, and exactly their
// contribution: their entries in every relationship's lists (aggregates
// recomputed, emptied relationships deleted), their mentions, the entities
// nothing else supports, and the records of their duplicates. Inputs that
// name no article are reported in Summary.Skipped.
func (l *Loader) Forget(ctx context.Context, articles []string) (sum Summary, err error) {
	start := time.Now()
	sum.DryRun = l.opts.DryRun
	defer func() { sum.SetElapsed(time.Since(start)) }()
	if len(articles) == 0 {
		return sum, nil
	}
	var keys []string
	seen := map[string]bool{}
	for begin := 0; begin < len(articles); begin += 1000 {
		chunk := articles[begin:min(begin+1000, len(articles))]
		var recs []*neo4j.Record
		err := l.retry(ctx, nil, func() error {
			r, err := l.db.Read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
				res, err := tx.Run(ctx, stmtResolveArticles, map[string]any{"inputs": chunk})
				if err != nil {
					return nil, err
				}
				return res.Collect(ctx)
			})
			if err == nil {
				recs = r.([]*neo4j.Record)
			}
			return err
		})
		if err != nil {
			return sum, fmt.Errorf("find articles: %w", err)
		}
		found := map[string]bool{}
		for _, rec := range recs {
			m := rec.AsMap()
			found[asString(m["input"])] = true
			if k := asString(m["key"]); !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
		for _, x := range chunk {
			if !found[x] {
				sum.Skipped = append(sum.Skipped, Skip{Input: x, Reason: "no article with this key or id"})
			}
		}
	}
	if l.opts.DryRun {
		sum.Forgotten = len(keys)
		return sum, nil
	}
	sort.Strings(keys)
	// Small transactions: a forgotten article may touch hub relationships.
	const per = 200
	for begin := 0; begin < len(keys); begin += per {
		chunk := keys[begin:min(begin+per, len(keys))]
		var retries int
		var gs Summary
		err := l.retry(ctx, &retries, func() error {
			r, err := l.db.Write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
				t := &txn{ctx: ctx, tx: tx, maxEv: int64(l.opts.MaxEvidence)}
				if err := t.forget(chunk); err != nil {
					return nil, err
				}
				return t.sum, nil
			})
			if err == nil {
				gs = r.(Summary)
			}
			return err
		})
		sum.Retries += retries
		if err != nil {
			return sum, fmt.Errorf("forget %d articles (%s …): %w", len(chunk), chunk[0], err)
		}
		gs.Transactions++
		sum.Add(gs)
		if l.opts.Progress != nil {
			l.opts.Progress(Progress{Done: begin + len(chunk), Total: len(keys), Transactions: sum.Transactions, Elapsed: time.Since(start)})
		}
	}
	return sum, nil
}

// ForgetSource forgets every article whose source is source.
func (l *Loader) ForgetSource(ctx context.Context, source string) (Summary, error) {
	var keys []string
	err := l.retry(ctx, nil, func() error {
		r, err := l.db.Read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			res, err := tx.Run(ctx, stmtSourceArticles, map[string]any{"source": source})
			if err != nil {
				return nil, err
			}
			return res.Collect(ctx)
		})
		if err != nil {
			return err
		}
		keys = keys[:0]
		for _, rec := range r.([]*neo4j.Record) {
			k, _ := rec.Get("key")
			keys = append(keys, asString(k))
		}
		return nil
	})
	if err != nil {
		return Summary{}, fmt.Errorf("find articles of source %q: %w", source, err)
	}
	return l.Forget(ctx, keys)
}

// forget is the transaction body of Forget.
func (t *txn) forget(keys []string) error {
	recs, _, err := t.run(stmtLockExisting, map[string]any{"keys": keys})
	if err != nil {
		return err
	}
	var loaded, all []string
	var edges []edge
	edgeKeys := map[edge][]string{}
	for _, rec := range recs {
		m := rec.AsMap()
		k := asString(m["key"])
		all = append(all, k)
		t.sum.Forgotten++
		if asString(m["duplicate_of"]) != "" || asString(m["graph_hash"]) == "" {
			continue
		}
		loaded = append(loaded, k)
		ts, ss, os := asStrings(m["edge_types"]), asStrings(m["edge_sources"]), asStrings(m["edge_targets"])
		for i := range min(len(ts), len(ss), len(os)) {
			e := edge{graph.RelType(ts[i]), ss[i], os[i]}
			if _, ok := edgeKeys[e]; !ok {
				edges = append(edges, e)
			}
			edgeKeys[e] = append(edgeKeys[e], k)
		}
	}
	var affected []string
	if len(loaded) > 0 {
		if affected, err = t.takeBack(loaded, edges, edgeKeys); err != nil {
			return err
		}
	}
	if len(all) > 0 {
		if _, _, err := t.run(stmtDeleteDuplicates, map[string]any{"keys": all}); err != nil {
			return err
		}
		if _, _, err := t.run(stmtDeleteArticles, map[string]any{"keys": all}); err != nil {
			return err
		}
	}
	return t.tidy(affected)
}
