package article

import (
	"regexp"
	"strings"
)

// seedLineRe matches the seed format's first line: " date YYYY-MM-DD
// headline" (the leading space is optional here).
var seedLineRe = regexp.MustCompile(`^\s*(?i:date)\s+(\S+)\s+(.*\S)\s*$`)

// headerLine splits a "key: value" header line; the key is a letter
// followed by up to 20 letters, '_' or '-'.
func headerLine(line string) (key, value string, ok bool) {
	k, v, found := strings.Cut(line, ":")
	if !found {
		return "", "", false
	}
	k = strings.TrimSpace(k)
	if k == "" || len(k) > 21 {
		return "", "", false
	}
	for i := 0; i < len(k); i++ {
		c := k[i] | 0x20
		if !('a' <= c && c <= 'z') && (i == 0 || (k[i] != '_' && k[i] != '-')) {
			return "", "", false
		}
	}
	return strings.ToLower(k), strings.TrimSpace(v), true
}

// headerKeys maps the header keys the text reader knows to the field they
// fill. Other keys ("author:", "source:") are accepted and ignored inside a
// header block that has at least one known key.
var headerKeys = map[string]string{
	"url": "url", "link": "url", "canonical": "url",
	"date": "date", "published": "date", "pubdate": "date", "published_at": "date", "date_published": "date",
	"title": "title", "headline": "title",
	"id": "id",
}

// maxHeaderLines bounds the header block of a text file.
const maxHeaderLines = 30

// parseText reads one article from plain text: the seed format, the
// url:/date:/title: header format, or bare text.
func (p *parser) parseText(s string) error {
	s = strings.TrimPrefix(s, "\ufeff")
	// Work on lines without copying the text: find the first line.
	rest := strings.TrimLeft(s, "\r\n")
	first, after, _ := strings.Cut(rest, "\n")
	first = strings.TrimRight(first, "\r")

	var a Article
	var ownID string
	if m := seedLineRe.FindStringSubmatch(first); m != nil && looksLikeDate(m[1]) {
		setDate(&a, m[1])
		a.Title = m[2]
		a.Text = normText(after)
		return p.finish(a, "", true, 0)
	}
	if body, ok := p.parseHeader(rest, &a, &ownID); ok {
		a.Text = normText(body)
		return p.finish(a, ownID, true, 0)
	}
	text := normText(rest)
	// A short first paragraph of one line with no closing stop is a
	// headline: it becomes the title and leaves the body.
	if head, body, ok := strings.Cut(text, "\n\n"); ok && isHeadline(head) {
		a.Title = head
		text = body
	}
	a.Text = text
	a.Warnings = append(a.Warnings, warnNoDate)
	return p.finish(a, "", true, 0)
}

// parseHeader reads a leading block of "key: value" lines ending at a
// blank line. It needs at least one known key, and every line of the block
// must be a header line, else the text has no header.
func (p *parser) parseHeader(s string, a *Article, ownID *string) (string, bool) {
	fields := map[string]string{}
	rest := s
	known := false
	for i := 0; i < maxHeaderLines; i++ {
		line, after, found := strings.Cut(rest, "\n")
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			if !known {
				return "", false
			}
			rest = after
			break
		}
		key, value, ok := headerLine(line)
		if !ok {
			return "", false
		}
		if f, ok := headerKeys[key]; ok {
			known = true
			if _, dup := fields[f]; !dup {
				fields[f] = value
			}
		}
		rest = after
		if !found {
			rest = ""
			break
		}
	}
	if !known {
		return "", false
	}
	a.URL = fields["url"]
	a.Title = fields["title"]
	*ownID = fields["id"]
	setDate(a, fields["date"])
	return rest, true
}

// looksLikeDate accepts a seed-line date token: digits first, or a word
// meaning unknown, so that prose starting "Date night…" is not taken for
// a seed header.
func looksLikeDate(s string) bool {
	if s == "" {
		return false
	}
	if s[0] >= '0' && s[0] <= '9' {
		return true
	}
	return unknownDates[strings.ToLower(s)]
}

// isHeadline says whether a first paragraph reads as a headline.
func isHeadline(s string) bool {
	if s == "" || strings.Contains(s, "\n") || len(s) > 300 {
		return false
	}
	last := s[len(s)-1]
	return last != '.' && last != ',' && last != ';' && last != ':'
}
