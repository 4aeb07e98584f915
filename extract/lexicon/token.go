package lexicon

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Token is one word, number or punctuation mark of a text.
type Token struct {
	Text  string // as written
	Fold  string // diacritics removed, typographic quotes and dashes made ASCII; case kept
	Lower string // Fold lower-cased
	Start int    // byte offsets in the text
	End   int
	Space bool // whitespace (or text start) precedes the token
	Word  bool // letters or digits
	Cap   bool // starts with an upper-case letter
}

// IsCap reports whether the token starts with an upper-case letter.
func (t Token) IsCap() bool { return t.Cap }

// IsAllCaps reports whether every letter of the token is upper case and it
// has at least two letters.
func (t Token) IsAllCaps() bool {
	n := 0
	for _, r := range t.Text {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// dotted lists words that keep a trailing full stop (titles and
// abbreviations); single capital letters (initials) keep theirs too.
var dotted = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "gen": true, "lt": true, "col": true, "maj": true,
	"capt": true, "sgt": true, "adm": true, "gov": true, "sen": true, "rep": true, "amb": true, "prof": true,
	"st": true, "jr": true, "sr": true, "no": true, "jan": true, "feb": true, "mar": true, "apr": true,
	"jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"h.e": true, "vs": true, "etc": true, "inc": true, "ltd": true, "co": true, "corp": true, "mt": true,
	"pres": true, "dept": true, "govt": true, "brig": true, "cmdr": true, "rev": true,
}

// Fold removes diacritics and maps typographic apostrophes, quotes and
// dashes to ASCII, keeping case.
func Fold(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '\u2019' || r == '\u2018' || r == '\u02bc' || r == '`' || r == '\u00b4':
			b.WriteByte('\'')
		case r == '\u2013' || r == '\u2010' || r == '\u2011' || r == '\u2012':
			b.WriteByte('-')
		case r == '\u201c' || r == '\u201d' || r == '\u201e':
			b.WriteByte('"')
		case r == '\u0131':
			b.WriteByte('i')
		case r == '\u0130':
			b.WriteByte('I')
		case r == '\u00df':
			b.WriteString("ss")
		case r == '\u00f8':
			b.WriteByte('o')
		case r == '\u00d8':
			b.WriteByte('O')
		case r == '\u0142':
			b.WriteByte('l')
		case r == '\u0141':
			b.WriteByte('L')
		case r == '\u00a0':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApos(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u02bc' }

// Tokenize splits text into tokens. Words are runs of letters and digits;
// "U.S."-style abbreviations, initials and listed titles keep their full
// stops; "'s" after a word is its own token; hyphens and dashes are their
// own tokens so that "Turkish-brokered" yields Turkish, -, brokered; digits
// joined by , or . stay one number ("1,200", "4.3").
func Tokenize(text string) []Token { return AppendTokens(nil, text) }

// AppendTokens is Tokenize appending to dst (pass a reused slice cut to
// length 0 to tokenize without allocating it again).
func AppendTokens(dst []Token, text string) []Token {
	toks := dst
	if cap(toks) == 0 {
		toks = make([]Token, 0, len(text)/4+16)
	}
	// ASCII tokens take their lower-case form from one lowered copy of the
	// text instead of allocating a string each; the few others (curly
	// quotes, names with diacritics) are folded once per distinct form.
	low := asciiLower(text)
	var folded map[string][2]string
	mk := func(s string, a, b int, space, word, ascii bool) Token {
		t := Token{Text: s, Start: a, End: b, Space: space, Word: word}
		if ascii {
			t.Fold, t.Lower = s, low[a:b]
			t.Cap = s[0] >= 'A' && s[0] <= 'Z'
			return t
		}
		if f, ok := folded[s]; ok {
			t.Fold, t.Lower = f[0], f[1]
		} else {
			t.Fold = Fold(s)
			t.Lower = strings.ToLower(t.Fold)
			if folded == nil {
				folded = map[string][2]string{}
			}
			folded[s] = [2]string{t.Fold, t.Lower}
		}
		r, _ := utf8.DecodeRuneInString(s)
		t.Cap = unicode.IsUpper(r)
		return t
	}
	space := true
	i := 0
	for i < len(text) {
		r, sz := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRuneInString(text[i:])
		}
		if r == utf8.RuneError && sz == 1 {
			i++
			continue
		}
		if r == ' ' || r == '\n' || r == 0 || (r == '\t' || r == '\r' || r == '\v' || r == '\f' || r >= utf8.RuneSelf) && unicode.IsSpace(r) {
			space = true
			i += sz
			continue
		}
		start := i
		if isWordRune(r) {
			j := i + sz
			ascii := sz == 1
			for j < len(text) {
				// fast path: a run of ASCII letters and digits
				if c := text[j]; c-'a' < 26 || c-'A' < 26 || c-'0' < 10 {
					j++
					continue
				}
				r2, s2 := rune(text[j]), 1
				if r2 >= utf8.RuneSelf {
					r2, s2 = utf8.DecodeRuneInString(text[j:])
					ascii = false
				}
				if isWordRune(r2) {
					j += s2
					continue
				}
				// digit groups: 1,200 and 4.3
				if (r2 == ',' || r2 == '.') && j+s2 < len(text) {
					prev, _ := utf8.DecodeLastRuneInString(text[:j])
					next, _ := utf8.DecodeRuneInString(text[j+s2:])
					if unicode.IsDigit(prev) && unicode.IsDigit(next) {
						j += s2
						continue
					}
				}
				// dotted abbreviations: U.S. U.N. D.R. (single letters joined by dots)
				if r2 == '.' && j+1 < len(text) {
					seg := text[start:j]
					lastSeg := seg
					if k := strings.LastIndexByte(seg, '.'); k >= 0 {
						lastSeg = seg[k+1:]
					}
					next, _ := utf8.DecodeRuneInString(text[j+1:])
					if utf8.RuneCountInString(lastSeg) == 1 && unicode.IsLetter(next) && unicode.IsUpper(next) {
						after := j + 1 + utf8.RuneLen(next)
						if after >= len(text) || text[after] == '.' {
							j++
							continue
						}
					}
				}
				break
			}
			// trailing full stop for abbreviations and initials
			if j < len(text) && text[j] == '.' {
				w := text[start:j]
				lw := low[start:j]
				if !ascii {
					lw = strings.ToLower(w)
				}
				if strings.Contains(w, ".") || dotted[lw] || (utf8.RuneCountInString(w) == 1 && unicode.IsUpper(r)) {
					j++
				}
			}
			toks = append(toks, mk(text[start:j], start, j, space, true, ascii))
			i = j
			space = false
			continue
		}
		// apostrophe-s and other apostrophe suffixes after a word
		if isApos(r) && len(toks) > 0 && !space && toks[len(toks)-1].Word {
			j := i + sz
			k := j
			for k < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[k:])
				if !unicode.IsLetter(r2) {
					break
				}
				k += s2
			}
			suffix := strings.ToLower(text[j:k])
			if suffix == "s" || suffix == "" {
				toks = append(toks, mk(text[i:k], i, k, false, false, isASCII(text[i:k])))
				i = k
				space = false
				continue
			}
		}
		toks = append(toks, mk(text[i:i+sz], i, i+sz, space, false, sz == 1))
		i += sz
		space = false
	}
	return toks
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiLower lower-cases the ASCII letters of s, keeping every byte offset.
func asciiLower(s string) string {
	i := 0
	for i < len(s) && s[i]-'A' >= 26 {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if b[i]-'A' < 26 {
			b[i] += 'a' - 'A'
		}
	}
	return string(b)
}

// Key joins folded token texts of a phrase into a trie key sequence.
func Key(phrase string) []string {
	var buf [16]Token
	toks := AppendTokens(buf[:0], phrase)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Fold
	}
	return out
}

// LowerKey is Key lower-cased.
func LowerKey(phrase string) []string {
	var buf [16]Token
	toks := AppendTokens(buf[:0], phrase)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Lower
	}
	return out
}
