package article

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// DefaultMinEnglish is the share of English function words below which a
// text of at least englishMinWords words is refused as not English. English
// news prose runs at 35–50 % with the embedded list; French, German,
// Spanish or Turkish prose stays under 10 %.
const DefaultMinEnglish = 0.15

// englishMinWords: shorter texts are not judged, too few words to tell.
const englishMinWords = 30

// englishSampleWords bounds the work on huge texts: the share is taken
// over the first words only.
const englishSampleWords = 20000

//go:embed data/english-function-words.txt
var englishWordsFile string

// defaultEnglish is built once from the embedded list (read-only after).
var defaultEnglish = sync.OnceValue(func() map[string]bool {
	return wordSet(strings.Split(englishWordsFile, "\n"))
})

func wordSet(words []string) map[string]bool {
	set := make(map[string]bool, len(words))
	for _, w := range words {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" || strings.HasPrefix(w, "#") {
			continue
		}
		set[w] = true
	}
	return set
}

type englishCheck struct {
	words map[string]bool
	min   float64
}

func (p *parser) englishChecker() *englishCheck {
	if p.english == nil {
		c := &englishCheck{min: p.opts.MinEnglish, words: defaultEnglish()}
		if c.min == 0 {
			c.min = DefaultMinEnglish
		}
		if len(p.opts.EnglishWords) > 0 {
			c.words = wordSet(p.opts.EnglishWords)
		}
		p.english = c
	}
	return p.english
}

// notEnglish returns a reason when text is not English, else "".
func (p *parser) notEnglish(text string) string {
	c := p.englishChecker()
	if c.min < 0 {
		return ""
	}
	share, n := englishShare(text, c.words)
	if n < englishMinWords || share >= c.min {
		return ""
	}
	return fmt.Sprintf("not English (%.0f%% common English words in %d, want at least %.0f%%)", share*100, n, c.min*100)
}

// englishShare returns the share of words in the set among the first
// englishSampleWords words of text, and the number of words looked at.
func englishShare(text string, set map[string]bool) (float64, int) {
	n, hits := 0, 0
	word := make([]byte, 0, 32)
	flush := func() {
		if len(word) == 0 {
			return
		}
		n++
		if set[string(word)] { // no allocation: the compiler looks up by bytes
			hits++
		}
		word = word[:0]
	}
	for _, r := range text {
		if r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			word = append(word, byte(r)|0x20)
			continue
		}
		if r >= utf8.RuneSelf && unicode.IsLetter(r) {
			word = utf8.AppendRune(word, unicode.ToLower(r))
			continue
		}
		flush()
		if n >= englishSampleWords {
			break
		}
	}
	flush()
	if n == 0 {
		return 0, 0
	}
	return float64(hits) / float64(n), n
}
