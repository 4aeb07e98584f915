package article

import (
	"strings"
	"testing"
)

func TestNormText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"CRLF", "a\r\nb\r\n\r\nc", "a\nb\n\nc"},
		{"lone CR", "a\rb", "a\nb"},
		{"many blank lines", "a\n\n\n\n\nb", "a\n\nb"},
		{"blank line with spaces", "a\n \t \nb", "a\n\nb"},
		{"spaces collapsed", "a   b\t\tc\u00a0\u00a0d", "a b c d"},
		{"lines trimmed", "  a  \n  b  ", "a\nb"},
		{"leading and trailing blank lines", "\n\n a \n\n", "a"},
		{"controls stripped", "a\x01b\x7fc\u200bd\ufeffe", "abcde"},
		{"NFC", "Cafe\u0301", "Café"},
		{"quotes kept", "“It’s done,” he said.", "“It’s done,” he said."},
		{"paragraph separator", "a\u2029b", "a\n\nb"},
		{"empty", " \n\t ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := normText(tt.in); got != tt.want {
				t.Errorf("normText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want, warn string
	}{
		{"2025-05-16", "2025-05-16", ""},
		{"2025-05-16T23:30:00-05:00", "2025-05-16", ""},
		{"2025-05-16T10:00:00Z", "2025-05-16", ""},
		{"2025-05-16 10:00:00", "2025-05-16", ""},
		{"May 16, 2025", "2025-05-16", ""},
		{"may 16 2025", "2025-05-16", ""},
		{"16 May 2025", "2025-05-16", ""},
		{"16th May 2025", "2025-05-16", ""},
		{"Sept. 3, 2024", "2024-09-03", ""},
		{"Friday, May 16, 2025", "2025-05-16", ""},
		{"Fri, 16 May 2025 08:00:00 +0000", "2025-05-16", ""},
		{"Fri, 16 May 2025 08:00:00 GMT", "2025-05-16", ""},
		{"2025/05/16", "2025-05-16", ""},
		{"unknown", "", "no date"},
		{"", "", "no date"},
		{"Unknown", "", "no date"},
		{"next Tuesday", "", `unparseable date "next Tuesday"`},
		{"0001-01-01", "", `unparseable date "0001-01-01"`},
	}
	for _, tt := range tests {
		got, warn := parseDate(tt.in)
		gs := ""
		if !got.IsZero() {
			gs = got.Format("2006-01-02")
		}
		if gs != tt.want || warn != tt.warn {
			t.Errorf("parseDate(%q) = %q, %q; want %q, %q", tt.in, gs, warn, tt.want, tt.warn)
		}
	}
}

func TestSanitizeID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc", "abc"},
		{"03-alaska summit", "03-alaska-summit"},
		{"../../etc/passwd", "etc-passwd"},
		{"a/b\\c:d*e?f\"g<h>i|j", "a-b-c-d-e-f-g-h-i-j"},
		{"urn:example:x", "urn-example-x"},
		{".hidden", "hidden"},
		{"Türkiye-talks", "Türkiye-talks"},
		{"\x00\x01", ""},
		{strings.Repeat("x", 300), strings.Repeat("x", maxIDBytes)},
	}
	for _, tt := range tests {
		if got := sanitizeID(tt.in); got != tt.want {
			t.Errorf("sanitizeID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct{ in, want string }{
		{"url: x\n\ntext", FormatText},
		{`{"text": "x"}`, formatJSON},
		{"{\"text\": \"x\"}\n{\"text\": \"y\"}", FormatJSONL},
		{`[{"text": "x"}]`, formatJSON},
		{"<?xml version=\"1.0\"?><rss>", FormatFeed},
		{"\ufeff  <feed xmlns=\"http://www.w3.org/2005/Atom\">", FormatFeed},
		{"<!DOCTYPE html><html>", FormatHTML},
		{"<p>Hello</p>", FormatHTML},
	}
	for _, tt := range tests {
		if got := sniff([]byte(tt.in)); got != tt.want {
			t.Errorf("sniff(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEnglishCheck(t *testing.T) {
	p := newParser(t.Context(), "x", Options{}, nil, nil)
	if r := p.notEnglish(strings.Repeat("The ministers met in Oslo and agreed to talk again. ", 5)); r != "" {
		t.Errorf("English text refused: %s", r)
	}
	if r := p.notEnglish(frenchText); !strings.HasPrefix(r, "not English") {
		t.Errorf("French text accepted (reason %q)", r)
	}
	if r := p.notEnglish("Bonjour le monde"); r != "" {
		t.Errorf("short text judged: %s", r)
	}
	off := newParser(t.Context(), "x", Options{MinEnglish: -1}, nil, nil)
	if r := off.notEnglish(frenchText); r != "" {
		t.Errorf("MinEnglish -1 still refuses: %s", r)
	}
}

func TestHTMLTitleFallbacks(t *testing.T) {
	body := "<p>" + strings.Repeat("The ministers met in Oslo. ", 3) + "</p>"
	tests := []struct{ name, page, want string }{
		{"og:title", `<html><head><meta property="og:title" content="OG"><title>T | Site</title></head><body><h1>H</h1>` + body, "OG"},
		{"h1", `<html><head><title>T | Site</title></head><body><article><h1>H</h1>` + body + `</article>`, "H"},
		{"title without site", `<html><head><title>Talks end in Oslo | Site</title></head><body>` + body, "Talks end in Oslo"},
	}
	for _, tt := range tests {
		arts, errs := Parse(t.Context(), "p.html", []byte(tt.page), Options{})
		if len(errs) != 0 || len(arts) != 1 || arts[0].Title != tt.want {
			t.Errorf("%s: Parse = %+v, %v; want title %q", tt.name, arts, errs, tt.want)
		}
	}
}

func TestHTMLJSONLD(t *testing.T) {
	page := `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","url":"https://example.org/"},{"@type":"NewsArticle","headline":"Talks resume in Oslo","url":"https://example.org/oslo","datePublished":"2024-11-05T08:00:00+01:00"}]}</script></head>
<body><article><p>` + strings.Repeat("The ministers met in Oslo. ", 3) + `</p></article></body></html>`
	arts, errs := Parse(t.Context(), "ld.html", []byte(page), Options{})
	if len(errs) != 0 || len(arts) != 1 {
		t.Fatalf("Parse = %v, %v", arts, errs)
	}
	a := arts[0]
	if a.Title != "Talks resume in Oslo" || a.DateString() != "2024-11-05" || a.URL != "https://example.org/oslo" {
		t.Errorf("JSON-LD metadata: title %q, date %q, url %q", a.Title, a.DateString(), a.URL)
	}
}
