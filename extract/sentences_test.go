package extract

import (
	"testing"

	"github.com/dipgraph/dipgraph/extract/article"
)

// TestSentenceEnds: an abbreviation ends a sentence before a capitalised
// function word ("... the U.S. The"), not before a title ("U.S. President
// X").
func TestSentenceEnds(t *testing.T) {
	x, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want int
	}{
		{"In May, Ruto and U.S. President Joe Biden signed a pact.", 1},
		{"Talks resumed with the U.S. The next round is in Doha.", 2},
		{"The U.N. Secretary-General Antonio Guterres spoke. He left.", 2},
		{"Gen. Abdel Fattah al-Burhan met envoys in Jeddah.", 1},
	}
	for _, tt := range tests {
		r := newRun(x, article.Article{Text: tt.text})
		r.process()
		if got := len(r.sents); got != tt.want {
			t.Errorf("%q: %d sentences, want %d", tt.text, got, tt.want)
		}
		r.release()
	}
}
