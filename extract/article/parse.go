package article

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// parser reads one input and hands its articles to emit and its problems
// (always *InputError) to report.
type parser struct {
	ctx    context.Context
	name   string
	opts   Options
	emit   func(Article) error
	report func(error)
	// ids counts ids given out in this input, to keep them unique.
	ids     map[string]int
	english *englishCheck
}

func newParser(ctx context.Context, name string, opts Options, emit func(Article) error, report func(error)) *parser {
	return &parser{ctx: ctx, name: name, opts: opts, emit: emit, report: report, ids: map[string]int{}}
}

func (p *parser) formatByName() string {
	return formatByName(p.opts.Format, p.name)
}

func (p *parser) fail(line int, format string, args ...any) {
	p.report(&InputError{Path: p.name, Line: line, Reason: fmt.Sprintf(format, args...)})
}

func (p *parser) failErr(line int, reason string, err error) {
	p.report(&InputError{Path: p.name, Line: line, Reason: reason, Err: err})
}

// parseBytes reads a whole input. Its error is ctx's or emit's.
func (p *parser) parseBytes(data []byte) error {
	if err := p.ctx.Err(); err != nil {
		return err
	}
	if max := p.opts.maxBytes(); int64(len(data)) > max {
		p.fail(0, "input is larger than the limit (%d bytes > %d)", len(data), max)
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		p.fail(0, "empty file")
		return nil
	}
	if reason := binaryReason(data); reason != "" {
		p.fail(0, "%s", reason)
		return nil
	}
	format := p.formatByName()
	if format == "" {
		format = sniff(data)
	}
	if format == FormatJSONL {
		// Invalid UTF-8 is reported per record, so good lines still count.
		return p.parseJSONL(bytes.NewReader(data))
	}
	if off := invalidUTF8At(data); off >= 0 {
		p.fail(lineAt(data, off), "invalid UTF-8 at byte %d", off)
		return nil
	}
	switch format {
	case FormatText:
		return p.parseText(string(data))
	case formatJSON:
		return p.parseJSON(data)
	case FormatHTML:
		return p.parseHTML(data)
	case FormatFeed:
		return p.parseFeed(data)
	}
	p.fail(0, "unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
	return nil
}

// finish completes an article found in this input and hands it on.
// ownID is the input's own id ("" when none); single says the input holds
// only this article, so the file name may serve as its id.
func (p *parser) finish(a Article, ownID string, single bool, line int) error {
	a.Source = p.name
	a.Line = line
	a.Title = normLine(a.Title)
	a.URL = strings.TrimSpace(a.URL)
	if a.Text == "" {
		p.fail(line, "no article text")
		return nil
	}
	if reason := p.notEnglish(a.Text); reason != "" {
		p.fail(line, "%s", reason)
		return nil
	}
	if a.Title == "" {
		a.Title = titleFromText(a.Text)
	}
	a.ID = p.uniqueID(p.chooseID(a, ownID, single))
	return p.emit(a)
}

func (p *parser) chooseID(a Article, ownID string, single bool) string {
	if id := sanitizeID(ownID); id != "" {
		return id
	}
	if single && p.name != StdinName {
		base := filepath.Base(p.name)
		if id := sanitizeID(strings.TrimSuffix(base, filepath.Ext(base))); id != "" {
			return id
		}
	}
	if a.URL != "" {
		return hashID("u-", a.URL)
	}
	return hashID("t-", a.Text)
}

// uniqueID suffixes repeated ids within one input ("x", "x-2", …) so that
// no two articles of a batch write the same <id>.graph.json.
func (p *parser) uniqueID(id string) string {
	n := p.ids[id]
	p.ids[id] = n + 1
	if n == 0 {
		return id
	}
	for {
		n++
		cand := fmt.Sprintf("%s-%d", id, n)
		if p.ids[cand] == 0 {
			p.ids[cand] = 1
			return cand
		}
	}
}

// lineAt returns the 1-based line holding byte offset off.
func lineAt(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// invalidUTF8At returns the offset of the first invalid UTF-8 byte, or -1.
func invalidUTF8At(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// binaryReason says why data looks binary rather than text, or "".
// NUL bytes never occur in text files; otherwise a file whose start is
// mostly control characters or invalid UTF-8 is binary.
func binaryReason(data []byte) string {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fmt.Sprintf("binary file (NUL byte at byte %d)", i)
	}
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	bad, n := 0, 0
	for i := 0; i < len(head); {
		r, size := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && size <= 1 {
			// A multi-byte rune cut by the 8 KiB window is not a fault.
			if len(head) < len(data) && len(head)-i < utf8.UTFMax {
				break
			}
			bad++
		} else if r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			bad++
		}
		n++
		i += size
	}
	if n > 0 && bad*10 > n*3 {
		return "binary file (mostly non-text bytes)"
	}
	return ""
}
