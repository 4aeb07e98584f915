package extract

import (
	"strings"

	"github.com/dipgraph/dipgraph/extract/lexicon"
)

// sentence is a token range of the article; idx is its 0-based index in
// the body, -1 for the headline.
type sentence struct {
	a, b  int
	idx   int
	title bool
}

var closers = map[string]bool{"\"": true, "'": true, ")": true, "]": true, "\u201d": true, "\u2019": true}

// splitSentences cuts tokens into sentences at full stops, question and
// exclamation marks (not abbreviations such as "U.S." or "Gen."), and at
// paragraph breaks. Text cut off mid-sentence simply ends the last one.
func splitSentences(text string, toks []lexicon.Token, titleEnd int, notNames map[string]bool) []sentence {
	var out []sentence
	start := 0
	idx := 0
	push := func(end int) {
		if end <= start {
			return
		}
		s := sentence{a: start, b: end}
		if titleEnd > 0 && toks[start].Start < titleEnd {
			s.idx, s.title = -1, true
		} else {
			s.idx = idx
			idx++
		}
		out = append(out, s)
		start = end
	}
	for i := 0; i < len(toks); i++ {
		if i > start {
			gap := text[toks[i-1].End:toks[i].Start]
			if nl := strings.Count(gap, "\n"); nl > 0 {
				prev := toks[i-1].Text
				if nl >= 2 || strings.ContainsAny(prev, ".!?:\u201d\"") || (titleEnd > 0 && toks[i].Start >= titleEnd && toks[i-1].End <= titleEnd) {
					push(i)
				}
			}
		}
		t := toks[i]
		end := false
		switch t.Text {
		case ".", "!", "?", "\u2026":
			end = true
		default:
			// "U.S." at the end of a sentence: split when a sentence
			// starter follows.
			if strings.HasSuffix(t.Text, ".") && strings.Count(t.Text, ".") >= 2 && i+1 < len(toks) {
				n := toks[i+1]
				if n.Space && notNames[n.Text] && n.IsCap() {
					end = true
				}
			}
		}
		if !end {
			continue
		}
		j := i + 1
		for j < len(toks) && closers[toks[j].Text] && !toks[j].Space {
			j++
		}
		if j >= len(toks) {
			i = j - 1
			continue
		}
		n := toks[j]
		if n.IsCap() || n.Text == "\u201c" || n.Text == "\"" || n.Text == "\u2018" || n.Text == "(" || n.Text == "\u2022" || n.Text == "-" || n.Text == "\u2013" || (n.Word && n.Text[0] >= '0' && n.Text[0] <= '9') {
			push(j)
			i = j - 1
		}
	}
	push(len(toks))
	return out
}
