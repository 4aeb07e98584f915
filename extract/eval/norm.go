package eval

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Norm normalises a name the way score.py's norm() does, step for step:
// NFKD, drop combining marks, lower-case (Python's full lower-casing, final
// sigma included), remove ".", map U+2019 to "'", replace every character
// that is neither a word character nor whitespace (both in Python's
// Unicode-aware sense) with a space, collapse whitespace, trim, and drop one
// leading "the ". Two names match when their Norm forms are equal.
func Norm(s string) string {
	if s == "" {
		return ""
	}
	d := norm.NFKD.String(s)
	rs := make([]rune, 0, len(d))
	for _, r := range d {
		if !combining(r) {
			rs = append(rs, r)
		}
	}
	rs = pyLower(rs)
	var b strings.Builder
	b.Grow(len(d))
	pending := false // whitespace seen since the last kept character
	for _, r := range rs {
		if r == '.' {
			// Removed outright, so "U.S." becomes "us", not "u s".
			// (score.py's mapping of U+2019 to "'" needs no step here:
			// both are non-word characters and become a space.)
			continue
		}
		if !isWord(r) {
			// Everything that is not a word character ends up as one
			// separating space: score.py turns punctuation into spaces,
			// then collapses runs of whitespace (Python's \s, which adds
			// U+001C-U+001F to Unicode White_Space) and trims, so which
			// non-word character it was never matters.
			pending = true
			continue
		}
		if pending && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteRune(r)
	}
	return strings.TrimPrefix(b.String(), "the ")
}

// combining reports whether r has a non-zero canonical combining class, as
// Python's unicodedata.combining does. Marks of class 0 (many spacing and
// Indic vowel signs) are kept, as in score.py.
func combining(r rune) bool {
	if r < 0x300 {
		return false
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	return norm.NFD.Properties(buf[:n]).CCC() != 0
}

// isWord is Python's \w for str patterns: str.isalnum() or "_".
func isWord(r rune) bool {
	if r < 0x80 {
		return r == '_' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// pyLower lower-cases like Python's str.lower(): the full lower-case
// mapping (U+0130 becomes "i" plus a combining dot) and the Final_Sigma
// rule for U+03A3.
func pyLower(rs []rune) []rune {
	out := make([]rune, 0, len(rs))
	for i, r := range rs {
		switch {
		case r < 0x80:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		case r == 0x130:
			out = append(out, 'i', 0x307)
			continue
		case r == 0x3a3:
			r = sigma(rs, i)
		default:
			r = unicode.ToLower(r)
		}
		out = append(out, r)
	}
	return out
}

// sigma picks final or medial small sigma for the capital sigma at rs[i]:
// final when a cased letter precedes it and none follows it (skipping
// case-ignorable characters both ways), as CPython's handle_capital_sigma.
func sigma(rs []rune, i int) rune {
	j := i - 1
	for j >= 0 && caseIgnorable(rs[j]) {
		j--
	}
	final := j >= 0 && cased(rs[j])
	if final && i+1 < len(rs) {
		j = i + 1
		for j < len(rs) && caseIgnorable(rs[j]) {
			j++
		}
		final = j == len(rs) || !cased(rs[j])
	}
	if final {
		return 0x3c2
	}
	return 0x3c3
}

// cased is the Unicode Cased property.
func cased(r rune) bool {
	return unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Other_Lowercase, unicode.Other_Uppercase)
}

// caseIgnorable is the Unicode Case_Ignorable property: Mn, Me, Cf, Lm, Sk
// and the Word_Break classes MidLetter, MidNumLet and Single_Quote.
func caseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', 0xb7, 0x387, 0x55f, 0x5f4, 0x2018, 0x2019, 0x2024, 0x2027,
		0xfe13, 0xfe52, 0xfe55, 0xff07, 0xff0e, 0xff1a:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}
