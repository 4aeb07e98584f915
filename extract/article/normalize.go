package article

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normText normalises article text: CRLF and CR to LF, control
// and zero-width characters removed, tabs and Unicode spaces turned into
// spaces, runs of spaces collapsed, lines trimmed, and paragraphs separated
// by exactly one blank line. Line breaks inside a paragraph are kept.
// Typographic quotes and apostrophes are kept as they are. Last, Unicode
// NFC.
func normText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	blank := 0       // line breaks seen since the last text
	space := false   // a space is pending before the next text
	started := false // some text has been written
	prevCR := false
	// separate writes what the pending breaks or space stand for before
	// the next text: a paragraph break, a line break or one space.
	separate := func() {
		if !started {
			return
		}
		switch {
		case blank >= 2:
			b.WriteString("\n\n")
		case blank == 1:
			b.WriteByte('\n')
		case space:
			b.WriteByte(' ')
		}
	}
	for i := 0; i < len(s); {
		if c := s[i]; c > ' ' && c < 0x7f {
			// Fast path: a run of printable ASCII other than space.
			j := i + 1
			for j < len(s) && s[j] > ' ' && s[j] < 0x7f {
				j++
			}
			separate()
			blank, space, started, prevCR = 0, false, true, false
			b.WriteString(s[i:j])
			i = j
			continue
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		cr := prevCR
		prevCR = r == '\r'
		switch {
		case r == '\n' || r == '\r' || r == '\v':
			if !(r == '\n' && cr) { // CRLF is one break
				blank++
			}
			space = false
		case r == '\u2028' || r == '\u2029' || r == '\f':
			blank += 2 // paragraph and page separators
			space = false
		case r == ' ' || r == '\t' || r == '\u00a0' || r == '\u3000' || r == '\u202f' || r == '\u205f' || (r >= '\u2000' && r <= '\u200a') || r == '\u1680':
			space = true
		case r == utf8.RuneError || isInvisible(r):
			// dropped
		default:
			separate()
			blank, space, started = 0, false, true
			if size == 1 {
				b.WriteByte(byte(r))
			} else {
				b.WriteString(s[i-size : i])
			}
		}
	}
	// NFC last: dropping a control character can bring a base letter
	// and a combining mark together.
	return norm.NFC.String(b.String())
}

// isInvisible reports control and format characters that carry no text:
// C0/C1 controls, zero-width spaces and joiners, BOMs, bidi marks.
func isInvisible(r rune) bool {
	if r < 0x20 || (r >= 0x7f && r < 0xa0) {
		return true
	}
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069':
		return true
	}
	return false
}

// normLine normalises a one-line field such as a title: NFC, controls
// removed, all whitespace collapsed to single spaces.
func normLine(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u2028' || r == '\u2029':
			space = true
		case r == utf8.RuneError || isInvisible(r):
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// maxTitleRunes bounds a title made from the text.
const maxTitleRunes = 200

// titleFromText makes a title for an article without one: its first line
// when that is short, else its first sentence, cut at a word boundary.
func titleFromText(text string) string {
	first, _, _ := strings.Cut(text, "\n")
	if utf8.RuneCountInString(first) > maxTitleRunes {
		if i := sentenceEnd(first); i > 0 {
			first = first[:i]
		}
	}
	return truncateWords(first, maxTitleRunes)
}

// sentenceEnd returns the index after the first ". ", "! " or "? ", or -1.
func sentenceEnd(s string) int {
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' {
			return i + 1
		}
	}
	return -1
}

func truncateWords(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	cut := len(s)
	for i := range s {
		if n == max {
			cut = i
			break
		}
		n++
	}
	s = s[:cut]
	if i := strings.LastIndexByte(s, ' '); i > max/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, " ,;:") + "…"
}

// hashID is prefix + the first 16 hex digits of the SHA-256 of s.
func hashID(prefix, s string) string {
	sum := sha256.Sum256([]byte(s))
	return prefix + hex.EncodeToString(sum[:8])
}

// maxIDBytes keeps ids well inside file-name limits with room for
// ".graph.json".
const maxIDBytes = 120

// sanitizeID makes an id safe as a file name on every common system:
// letters, digits, '.', '_' and '-' are kept, every other run of
// characters becomes one '-', and leading dots and dashes are dropped.
func sanitizeID(id string) string {
	if id == "" {
		return ""
	}
	id = norm.NFC.String(id)
	var b strings.Builder
	dash := false
	for _, r := range id {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			if b.Len()+utf8.RuneLen(r) > maxIDBytes {
				break
			}
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	out := strings.TrimLeft(b.String(), ".-")
	out = strings.TrimRight(out, ".")
	return out
}
