package schedule

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/extract/article"
)

// dir reads every article under the source's directory (or the one file it
// names). New and changed articles are found by content hash against the
// Article nodes, so the source keeps no cursor of its own: the graph is
// the state. With forget_deleted, the articles of files that no longer
// exist are forgotten.
func (rn *run) dir(ctx context.Context) (string, error) {
	if _, err := os.Stat(rn.src.Path); err != nil {
		return "", fmt.Errorf("source %s: %w", rn.src.Name, err)
	}
	batch := rn.r.opts.BatchSize
	var chunk []article.Article
	walkErr := article.Walk(ctx, []string{rn.src.Path}, rn.readOptions(), func(a article.Article) error {
		chunk = append(chunk, a)
		if len(chunk) < batch {
			return nil
		}
		err := rn.process(ctx, chunk)
		chunk = nil
		return err
	}, rn.inputError)
	if walkErr != nil {
		return "", walkErr
	}
	if err := rn.process(ctx, chunk); err != nil {
		return "", err
	}
	if rn.src.ForgetDeleted {
		if err := rn.forgetDeleted(ctx); err != nil {
			return "", err
		}
	}
	return "", nil
}

// readOptions are the reader options for this source: the runner's, with
// the source's size cap when it has one.
func (rn *run) readOptions() article.Options {
	o := rn.r.opts.Read
	if rn.src.MaxBytes > 0 {
		o.MaxBytes = rn.src.MaxBytes
	}
	return o
}

// forgetDeleted forgets the articles read from files under the source's
// path that no longer exist. A file that exists but cannot be read keeps
// its articles: only a file that is gone counts as deleted.
func (rn *run) forgetDeleted(ctx context.Context) error {
	bySource, err := rn.r.state.articlesUnder(ctx, rn.src.Path)
	if err != nil {
		return dbErr(err)
	}
	sources := make([]string, 0, len(bySource))
	for s := range bySource {
		sources = append(sources, s)
	}
	sort.Strings(sources)
	var gone []string
	for _, s := range sources {
		if _, err := os.Lstat(s); errors.Is(err, fs.ErrNotExist) {
			rn.log.Info("file deleted: forgetting its articles", "file", s, "articles", len(bySource[s]))
			gone = append(gone, bySource[s]...)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	sum, err := rn.r.loader.Forget(ctx, gone)
	if err != nil {
		return dbErr(fmt.Errorf("source %s: forget %d articles of deleted files: %w", rn.src.Name, len(gone), err))
	}
	rn.res.Forgotten += sum.Forgotten
	return nil
}

// articlesUnder returns the keys of the Article nodes whose source is root
// or a path below it, grouped by source.
func (s *state) articlesUnder(ctx context.Context, root string) (map[string][]string, error) {
	prefix := root
	if prefix[len(prefix)-1] != filepath.Separator {
		prefix += string(filepath.Separator)
	}
	out, err := s.db.Read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, `
MATCH (a:Article) WHERE a.source = $root OR a.source STARTS WITH $prefix
RETURN a.source AS source, collect(a.key) AS keys`, map[string]any{"root": root, "prefix": prefix})
		if err != nil {
			return nil, err
		}
		m := map[string][]string{}
		for res.Next(ctx) {
			rec := res.Record()
			src, _ := rec.Get("source")
			keys, _ := rec.Get("keys")
			s, _ := src.(string)
			list, _ := keys.([]any)
			for _, k := range list {
				if ks, ok := k.(string); ok {
					m[s] = append(m[s], ks)
				}
			}
		}
		return m, res.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("articles under %s: %w", root, err)
	}
	return out.(map[string][]string), nil
}
