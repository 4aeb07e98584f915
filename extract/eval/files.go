package eval

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
)

// GraphExt is the file name suffix of article graphs.
const GraphExt = ".graph.json"

// GoldFile is one gold article graph read from disk.
type GoldFile struct {
	ID    string // the file name without GraphExt
	Path  string
	Graph Graph
}

// ReadGold reads gold graphs from paths: a directory contributes the
// *.graph.json files directly inside it (as score.py lists its GOLD_DIR), a
// file itself. The result is in score.py's order, by file name. Files that
// cannot be read, and a second file with an id already seen, are reported
// in errs (each naming the file) and left out.
func ReadGold(paths []string) (golds []GoldFile, errs []error) {
	seen := map[string]string{}
	add := func(path string) {
		id := strings.TrimSuffix(filepath.Base(path), GraphExt)
		if prev, ok := seen[id]; ok {
			errs = append(errs, fmt.Errorf("%s: gold id %q already read from %s", path, id, prev))
			return
		}
		data, err := os.ReadFile(path)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", path, unwrapPath(err)))
			return
		}
		g, err := ParseGraph(data)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: not a valid article graph: %w", path, err))
			return
		}
		if g.ID == "" {
			g.ID = id
		}
		seen[id] = path
		golds = append(golds, GoldFile{ID: id, Path: path, Graph: g})
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, unwrapPath(err)))
			continue
		}
		if !info.IsDir() {
			if !strings.HasSuffix(p, GraphExt) {
				errs = append(errs, fmt.Errorf("%s: not a gold file (want a directory or a *%s file)", p, GraphExt))
				continue
			}
			add(p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, unwrapPath(err)))
			continue
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), GraphExt) && !e.IsDir() {
				add(filepath.Join(p, e.Name()))
			}
		}
	}
	SortGold(golds)
	return golds, errs
}

// SortGold puts golds in score.py's order: by file name (<id>.graph.json),
// which is not quite id order ("a-b" sorts before "a").
func SortGold(golds []GoldFile) {
	sort.SliceStable(golds, func(i, j int) bool { return golds[i].ID+GraphExt < golds[j].ID+GraphExt })
}

// ReadPrediction reads <dir>/<id>.graph.json. It returns (nil, nil) when
// the file does not exist, and (nil, err) when it exists but is not a
// readable article graph; score.py scores both as an empty prediction and
// counts them as missing.
func ReadPrediction(dir, id string) (*Graph, error) {
	path := filepath.Join(dir, id+GraphExt)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: not a valid article graph: %w", path, unwrapPath(err))
	}
	g, err := ParseGraph(data)
	if err != nil {
		return nil, fmt.Errorf("%s: not a valid article graph: %w", path, err)
	}
	return &g, nil
}

// ScoreDir scores golds against the predictions in predDir, in order.
// Problems with single predictions (unreadable files) and gold files
// (relations naming no entity) are returned in warnings; those gold files
// are left out of the score.
func ScoreDir(golds []GoldFile, predDir string) (sum Summary, warnings []error) {
	s := NewScorer()
	for _, g := range golds {
		pred, err := ReadPrediction(predDir, g.ID)
		if err != nil {
			warnings = append(warnings, err)
		}
		if err := s.Add(g.Graph, pred); err != nil {
			warnings = append(warnings, fmt.Errorf("%s: %w", g.Path, err))
		}
	}
	return s.Summary(), warnings
}

// Score scores the predictions in preds (by article id) against golds, in
// score.py's order (by file name); an id missing from preds counts as a
// missing prediction.
func Score(golds, preds map[string]Graph) (Summary, error) {
	ids := make([]string, 0, len(golds))
	for id := range golds {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i]+GraphExt < ids[j]+GraphExt })
	s := NewScorer()
	var errs []error
	for _, id := range ids {
		var pred *Graph
		if p, ok := preds[id]; ok {
			pred = &p
		}
		if err := s.Add(golds[id], pred); err != nil {
			errs = append(errs, err)
		}
	}
	return s.Summary(), errors.Join(errs...)
}

// ArticlePath finds the article beside a gold file: <dir>/<id>.txt, else
// another <dir>/<id>.<ext> that is not a graph file. It returns "" when
// there is none.
func ArticlePath(gold GoldFile) string {
	dir := filepath.Dir(gold.Path)
	txt := filepath.Join(dir, gold.ID+".txt")
	if info, err := os.Stat(txt); err == nil && !info.IsDir() {
		return txt
	}
	matches, _ := filepath.Glob(filepath.Join(dir, globEscape(gold.ID)+".*"))
	sort.Strings(matches)
	for _, m := range matches {
		if strings.HasSuffix(m, GraphExt) || strings.Contains(strings.TrimPrefix(filepath.Base(m), gold.ID+"."), ".") {
			continue
		}
		if info, err := os.Stat(m); err == nil && info.Mode().IsRegular() {
			return m
		}
	}
	return ""
}

func globEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`)
	return r.Replace(s)
}

// Predict extracts the article beside each gold file (see ArticlePath) with
// x. Articles that are missing, unreadable or fail to extract are reported
// in problems and left out of preds, so they score as missing. It stops
// early only when ctx is done.
func Predict(ctx context.Context, x *extract.Extractor, golds []GoldFile, opts article.Options) (preds map[string]extract.Document, problems []error, err error) {
	preds = map[string]extract.Document{}
	for _, g := range golds {
		if err := ctx.Err(); err != nil {
			return preds, problems, err
		}
		path := ArticlePath(g)
		if path == "" {
			problems = append(problems, fmt.Errorf("%s: no article beside it (want %s)", g.Path, filepath.Join(filepath.Dir(g.Path), g.ID+".txt")))
			continue
		}
		arts, errs := article.ReadFile(ctx, path, opts)
		problems = append(problems, errs...)
		a, ok := pick(arts, g.ID)
		if !ok {
			if len(errs) == 0 {
				problems = append(problems, fmt.Errorf("%s: no article for %s (found %d)", path, g.ID, len(arts)))
			}
			continue
		}
		doc, err := x.Extract(ctx, a)
		if err != nil {
			if ctx.Err() != nil {
				return preds, problems, ctx.Err()
			}
			problems = append(problems, fmt.Errorf("%s: extract: %w", path, err))
			continue
		}
		preds[g.ID] = doc
	}
	return preds, problems, nil
}

// pick returns the article with the gold id, else the only article read.
func pick(arts []article.Article, id string) (article.Article, bool) {
	for _, a := range arts {
		if a.ID == id {
			return a, true
		}
	}
	if len(arts) == 1 {
		return arts[0], true
	}
	return article.Article{}, false
}

// unwrapPath drops the path an *fs.PathError repeats, since messages
// already start with it.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
