package graph

import (
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/extract/lexicon"
)

// TestTermsAgreeWithCueLexicon: a synonym group of the phrase terms never
// spans two of the cue lexicon's proposal groups, so the loader merges
// only proposals the extractor also considers the same kind.
func TestTermsAgreeWithCueLexicon(t *testing.T) {
	lx, err := lexicon.Load("")
	if err != nil {
		t.Fatalf("lexicon.Load: %v", err)
	}
	group := map[string]string{} // phrase as words → lexicon group
	for g, list := range lx.Cues.Proposals {
		for _, p := range list {
			group[strings.Join(words(Fold(p)), " ")] = g
		}
	}
	if len(group) == 0 {
		t.Fatal("cue lexicon has no proposal groups")
	}
	terms := DefaultTerms()
	for variant, canonical := range terms.canon {
		c := strings.Join(canonical, " ")
		gv, okv := group[variant]
		gc, okc := group[c]
		if okv && okc && gv != gc {
			t.Errorf("proposal_terms.tsv maps %q to %q, but the cue lexicon has them in groups %q and %q", variant, c, gv, gc)
		}
	}
}
