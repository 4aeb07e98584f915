package extract

import (
	"context"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/extract/article"
)

// windowBytes bounds the text one run holds at a time. News articles are
// far smaller; a larger text (a transcript, a hostile 100 MB input) is
// cut at paragraph breaks into windows that are extracted one after the
// other and merged, so memory stays proportional to the window, not to
// the text. References across a cut (a surname whose full name is in the
// previous window) are lost, which only matters for such huge texts.
const windowBytes = 1 << 20

// extractWindows extracts a text longer than windowBytes window by window
// and merges the graphs: entities by type and normalised name (mentions
// added, aliases joined), relations by type and endpoints (the most
// confident evidence kept), sentence indices counted from the article
// start.
func (e *Extractor) extractWindows(ctx context.Context, a article.Article) ([]Entity, []Relation, error) {
	type ekey struct{ typ, name string }
	var ents []Entity
	entIdx := map[ekey]int{}
	aliasSet := []map[string]bool{}
	var rels []Relation
	relIdx := map[[3]string]int{}
	offset := 0
	text := a.Text
	for first := true; text != ""; first = false {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		cut := windowCut(text, windowBytes)
		w := a
		w.Text = text[:cut]
		text = text[cut:]
		if !first {
			w.Title = ""
		}
		r := newRun(e, w)
		r.process()
		wents, wrels := r.output()
		r.release()
		rename := map[string]string{}
		for _, x := range wents {
			k := ekey{x.Type, normName(x.Name)}
			i, ok := entIdx[k]
			if !ok {
				i = len(ents)
				entIdx[k] = i
				y := x
				y.Aliases = nil
				ents = append(ents, y)
				aliasSet = append(aliasSet, map[string]bool{})
			} else {
				y := &ents[i]
				y.Mentions += x.Mentions
				if y.Country == "" {
					y.Country = x.Country
				}
				if y.Title == "" {
					y.Title = x.Title
				}
				if x.Name != y.Name {
					aliasSet[i][x.Name] = true
				}
			}
			for _, al := range x.Aliases {
				aliasSet[i][al] = true
			}
			rename[x.Name] = ents[i].Name
		}
		for _, x := range wrels {
			if s, ok := rename[x.Source]; ok {
				x.Source = s
			}
			if t, ok := rename[x.Target]; ok {
				x.Target = t
			}
			if x.Sentence >= 0 {
				x.Sentence += offset
			}
			k := [3]string{x.Type, x.Source, x.Target}
			if i, ok := relIdx[k]; ok {
				if x.Confidence > rels[i].Confidence {
					rels[i] = x
				}
				continue
			}
			relIdx[k] = len(rels)
			rels = append(rels, x)
		}
		for _, s := range r.sents {
			if !s.title {
				offset++
			}
		}
	}
	for i := range ents {
		for al := range aliasSet[i] {
			if al != ents[i].Name && al != "" {
				ents[i].Aliases = append(ents[i].Aliases, al)
			}
		}
		sort.Strings(ents[i].Aliases)
	}
	if ents == nil {
		ents = []Entity{}
	}
	if rels == nil {
		rels = []Relation{}
	}
	return ents, rels, nil
}

// windowCut returns where to end the next window of text: the whole text
// when it fits, else the last paragraph break, line break, sentence end or
// space before limit (in the second half of the window), else limit
// itself moved back to a character boundary.
func windowCut(text string, limit int) int {
	if len(text) <= limit {
		return len(text)
	}
	win := text[:limit]
	for _, sep := range []string{"\n\n", "\n", ". ", " "} {
		if i := strings.LastIndex(win, sep); i >= limit/2 {
			return i + len(sep)
		}
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	if cut == 0 {
		return limit
	}
	return cut
}
