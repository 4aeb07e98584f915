package graph

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// defaultTerms is the phrase-normalisation data: synonym groups, filler
// words and number words. Users override it with Terms loaded from their
// own copy of the file.
//
//go:embed data/proposal_terms.tsv
var defaultTerms []byte

// Terms drive NormalizePhrase: synonym groups mapped to their first member,
// filler words dropped, number words turned into digits.
type Terms struct {
	synonyms [][]string          // variant words → canonical, longest variant first
	canon    map[string][]string // joined variant → canonical words
	fillers  map[string]bool     // joined filler sequence
	maxFill  int
	units    map[string]int
	tens     map[string]int
	scales   map[string]int
}

// ParseTerms reads the proposal_terms.tsv format: lines "kind<TAB>canonical
// <TAB>variant,variant"; # starts a comment. Errors name the line.
func ParseTerms(r io.Reader, name string) (*Terms, error) {
	t := &Terms{canon: map[string][]string{}, fillers: map[string]bool{}, units: map[string]int{}, tens: map[string]int{}, scales: map[string]int{}}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f := strings.Split(s, "\t")
		if len(f) < 2 {
			return nil, fmt.Errorf("%s:%d: want kind<TAB>canonical[<TAB>variants]", name, line)
		}
		kind, canonical := strings.TrimSpace(f[0]), words(f[1])
		var variants [][]string
		if len(f) > 2 {
			for _, v := range strings.Split(f[2], ",") {
				if w := words(v); len(w) > 0 {
					variants = append(variants, w)
				}
			}
		}
		if len(canonical) == 0 {
			return nil, fmt.Errorf("%s:%d: empty canonical term", name, line)
		}
		switch kind {
		case "synonym":
			for _, v := range append(variants, canonical) {
				t.synonyms = append(t.synonyms, v)
				t.canon[strings.Join(v, " ")] = canonical
			}
		case "filler":
			t.fillers[strings.Join(canonical, " ")] = true
			t.maxFill = max(t.maxFill, len(canonical))
		case "unit", "teen", "tens", "scale":
			n, err := strconv.Atoi(strings.Join(canonical, ""))
			if err != nil || len(variants) == 0 {
				return nil, fmt.Errorf("%s:%d: %s wants a number and its word", name, line, kind)
			}
			for _, v := range variants {
				w := strings.Join(v, " ")
				switch kind {
				case "unit", "teen":
					t.units[w] = n
				case "tens":
					t.tens[w] = n
				case "scale":
					t.scales[w] = n
				}
			}
		default:
			return nil, fmt.Errorf("%s:%d: unknown kind %q (want synonym, filler, unit, teen, tens or scale)", name, line, kind)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	sort.SliceStable(t.synonyms, func(i, j int) bool { return len(t.synonyms[i]) > len(t.synonyms[j]) })
	return t, nil
}

// LoadTerms reads terms from path, or returns the embedded defaults when
// path is empty.
func LoadTerms(path string) (*Terms, error) {
	if path == "" {
		return DefaultTerms(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("proposal terms: %w", err)
	}
	return ParseTerms(bytes.NewReader(b), path)
}

var builtinTerms = func() *Terms {
	t, err := ParseTerms(bytes.NewReader(defaultTerms), "data/proposal_terms.tsv")
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return t
}()

// DefaultTerms returns the embedded terms.
func DefaultTerms() *Terms { return builtinTerms }

// words lower-cases s and splits it into words: hyphens, dashes and
// punctuation separate words; apostrophes are dropped ("Putin's" → "putins").
func words(s string) []string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '’':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

// NormalizePhrase returns the normalised form of a proposal phrase:
// lower-case, diacritics removed, hyphens and punctuation as spaces, number
// words as digits, synonyms replaced by their group's first member, filler
// words dropped. "full 30-day truce" and "thirty-day cease-fire" both
// become "30 day ceasefire".
func (t *Terms) NormalizePhrase(s string) string {
	w := t.numbers(words(Fold(s)))
	// Synonyms, longest variant first at each position.
	var out []string
	for i := 0; i < len(w); {
		matched := false
		for _, v := range t.synonyms {
			if i+len(v) <= len(w) && equalWords(w[i:i+len(v)], v) {
				out = append(out, t.canon[strings.Join(v, " ")]...)
				i += len(v)
				matched = true
				break
			}
		}
		if !matched {
			out = append(out, w[i])
			i++
		}
	}
	// Fillers, longest sequence first.
	var kept []string
	for i := 0; i < len(out); {
		n := 0
		for l := min(t.maxFill, len(out)-i); l > 0; l-- {
			if t.fillers[strings.Join(out[i:i+l], " ")] {
				n = l
				break
			}
		}
		if n > 0 {
			i += n
			continue
		}
		kept = append(kept, out[i])
		i++
	}
	if len(kept) == 0 { // a phrase made only of fillers keeps its words
		kept = out
	}
	return strings.Join(kept, " ")
}

// numbers turns runs of number words into digits: "thirty day" → "30 day",
// "twenty one" → "21", "two hundred" → "200".
func (t *Terms) numbers(w []string) []string {
	var out []string
	for i := 0; i < len(w); {
		val, n, last := 0, 0, ""
		for j := i; j < len(w); j++ {
			if v, ok := t.tens[w[j]]; ok && (last == "" || last == "scale") {
				val, last = val+v, "tens"
			} else if v, ok := t.units[w[j]]; ok && (last == "" || last == "scale" || last == "tens" && v < 10) {
				val, last = val+v, "unit"
			} else if v, ok := t.scales[w[j]]; ok && (last == "unit" || last == "tens") {
				val, last = val*v, "scale"
			} else {
				break
			}
			n++
		}
		if n == 0 {
			out = append(out, w[i])
			i++
			continue
		}
		out = append(out, strconv.Itoa(val))
		i += n
	}
	return out
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
