package main

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// letterFold maps letters that Unicode does not decompose into a base
// letter plus a mark, so that "Kıbrıs" or "Łódź" still fold to ASCII.
var letterFold = strings.NewReplacer(
	"ı", "i", "İ", "I", "ł", "l", "Ł", "L", "ø", "o", "Ø", "O",
	"đ", "d", "Đ", "D", "ð", "d", "Ð", "D", "þ", "th", "Þ", "Th",
	"ß", "ss", "æ", "ae", "Æ", "Ae", "œ", "oe", "Œ", "Oe", "ħ", "h", "Ħ", "H",
	"ʻ", "'", "ʼ", "'", "‘", "'", "’", "'", "`", "'", "ʿ", "'", "ʾ", "'",
	"‐", "-", "‑", "-", "–", "-",
)

// fold removes diacritics: "Çırağan" → "Ciragan", "Reykjavík" → "Reykjavik".
// Letters outside Latin script are kept as they are.
func fold(s string) string {
	s = letterFold.Replace(s)
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

// key is the form two surface names are compared in: folded, lower-case,
// single spaces, without a leading "the ".
func key(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(fold(s)), " "))
	return strings.TrimPrefix(s, "the ")
}

// isLatin reports whether every letter of s is in Latin script.
func isLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}
