package article

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// JSON field names read from an article object, in order of preference.
var (
	jsonIDKeys    = []string{"id", "guid", "uid"}
	jsonTitleKeys = []string{"title", "headline"}
	jsonDateKeys  = []string{"date", "published", "published_at", "publishedAt", "pubDate", "datePublished", "date_published"}
	jsonURLKeys   = []string{"url", "link", "canonical_url"}
	jsonTextKeys  = []string{"text", "body", "content"}
)

// parseJSONL reads JSON Lines from r, one article object per line, with
// each line held to the size limit so that a huge line is refused without
// being kept. Bad lines are reported with their number; the others go on.
func (p *parser) parseJSONL(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(8192)
	if len(bytes.TrimSpace(head)) == 0 {
		// The peek may be all blank lines of a longer file; look further.
		if _, err := br.Peek(1); err == io.EOF || len(head) < 8192 {
			p.fail(0, "empty file")
			return nil
		}
	}
	if reason := binaryReason(head); reason != "" {
		p.fail(0, "%s", reason)
		return nil
	}
	max := p.opts.maxBytes()
	var line []byte
	lineNo, seen := 0, 0
	var offset int64
	for {
		if err := p.ctx.Err(); err != nil {
			return err
		}
		lineNo++
		line = line[:0]
		tooLong := false
		var n int64
		var err error
		for {
			var chunk []byte
			chunk, err = br.ReadSlice('\n')
			n += int64(len(chunk))
			if !tooLong {
				if int64(len(line)+len(chunk)) > max {
					tooLong = true
					line = nil // let the long line's memory go
				} else {
					line = append(line, chunk...)
				}
			}
			if !errors.Is(err, bufio.ErrBufferFull) {
				break
			}
		}
		if err != nil && err != io.EOF {
			p.failErr(lineNo, "cannot read", err)
			return nil
		}
		lineStart := offset
		offset += n
		if tooLong {
			seen++
			p.fail(lineNo, "line is larger than the limit (%d bytes > %d)", n, max)
		} else if len(bytes.TrimSpace(line)) > 0 {
			seen++
			if off := invalidUTF8At(line); off >= 0 {
				p.fail(lineNo, "invalid UTF-8 at byte %d", lineStart+int64(off))
			} else if err := p.jsonRecord(bytes.TrimSpace(line), lineNo, false); err != nil {
				return err
			}
		}
		if err == io.EOF {
			break
		}
	}
	if seen == 0 {
		p.fail(0, "empty file")
	}
	return nil
}

// parseJSON reads a .json file: one article object, an array of them, or
// JSON Lines under a .json name.
func (p *parser) parseJSON(data []byte) error {
	trim := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(trim) > 0 && trim[0] == '[' {
		return p.jsonArray(data)
	}
	if json.Valid(trim) {
		return p.jsonRecord(trim, 0, true)
	}
	if bytes.Count(trim, []byte{'\n'}) > 0 && trim[0] == '{' {
		// Several objects, one per line: JSON Lines under a .json name.
		var ln int
		if dec := json.NewDecoder(bytes.NewReader(trim)); dec.Decode(new(json.RawMessage)) == nil {
			ln = lineAt(trim, int(dec.InputOffset()))
		}
		if ln > 0 && ln < lineAt(trim, len(trim)) {
			return p.parseJSONL(bytes.NewReader(data))
		}
	}
	return p.jsonRecord(trim, 0, true)
}

// jsonArray reads a JSON array of article objects; a bad element is
// reported with the line it starts on.
func (p *parser) jsonArray(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		p.failErr(0, "invalid JSON", err)
		return nil
	}
	count := 0
	for dec.More() {
		if err := p.ctx.Err(); err != nil {
			return err
		}
		var raw json.RawMessage
		start := dec.InputOffset()
		if err := dec.Decode(&raw); err != nil {
			p.report(jsonError(p.name, data, start, err))
			return nil
		}
		// The element starts after the separator and spaces.
		off := int(start)
		for off < len(data) && (data[off] == ',' || data[off] == ' ' || data[off] == '\n' || data[off] == '\r' || data[off] == '\t') {
			off++
		}
		count++
		if err := p.jsonRecord(raw, lineAt(data, off), false); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		p.report(jsonError(p.name, data, dec.InputOffset(), err))
		return nil
	}
	if count == 0 {
		p.fail(0, "empty JSON array")
	}
	return nil
}

// jsonError turns a decoding error into an InputError at the right line.
func jsonError(name string, data []byte, base int64, err error) *InputError {
	off := base
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &InputError{Path: name, Line: lineAt(data, len(data)), Reason: "truncated JSON (unexpected end of input)"}
	}
	return &InputError{Path: name, Line: lineAt(data, int(off)), Reason: "invalid JSON", Err: err}
}

// jsonRecord reads one article object. line is its 1-based line (0 for a
// file holding one object); single says the file holds only this article.
func (p *parser) jsonRecord(raw []byte, line int, single bool) error {
	if kind := jsonKind(raw); kind != "object" {
		if kind == "" {
			if !json.Valid(raw) {
				p.report(p.jsonSyntaxError(raw, line))
				return nil
			}
			kind = "value"
		}
		p.fail(line, "not an article object (JSON %s)", kind)
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		// The record is reported and skipped; the rest of the file goes on.
		p.report(p.jsonSyntaxError(raw, line))
		return nil //nolint:nilerr // reported above, not a reason to stop the file
	}
	var a Article
	var text string
	var err error
	var ownID, date string
	if ownID, err = jsonField(obj, jsonIDKeys, true); err == nil {
		if a.Title, err = jsonField(obj, jsonTitleKeys, false); err == nil {
			if date, err = jsonField(obj, jsonDateKeys, true); err == nil {
				if a.URL, err = jsonField(obj, jsonURLKeys, false); err == nil {
					text, err = jsonField(obj, jsonTextKeys, false)
				}
			}
		}
	}
	if err != nil {
		p.fail(line, "%v", err)
		return nil
	}
	if strings.TrimSpace(text) == "" {
		p.fail(line, "no article text (want a non-empty %s or %s field)", strings.Join(jsonTextKeys[:len(jsonTextKeys)-1], ", "), jsonTextKeys[len(jsonTextKeys)-1])
		return nil
	}
	if looksLikeHTMLText(text) {
		text, err = p.htmlFragmentText(text)
		if err != nil {
			p.report(p.asInputError(line, err))
			return nil
		}
	} else {
		text = normText(text)
	}
	a.Text = text
	setDate(&a, date)
	return p.finish(a, ownID, single, line)
}

func (p *parser) jsonSyntaxError(raw []byte, line int) *InputError {
	err := json.Unmarshal(raw, new(any))
	if err == nil {
		return &InputError{Path: p.name, Line: line, Reason: "invalid JSON"}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) && strings.Contains(se.Error(), "unexpected end") {
		return &InputError{Path: p.name, Line: line, Reason: "truncated JSON (unexpected end of input)"}
	}
	return &InputError{Path: p.name, Line: line, Reason: "invalid JSON", Err: err}
}

// jsonKind names the kind of JSON value raw starts with, "" when it does
// not start like any.
func jsonKind(raw []byte) string {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return ""
	}
	switch c := raw[0]; {
	case c == '{':
		return "object"
	case c == '[' && json.Valid(raw):
		return "array"
	case c == '"' && json.Valid(raw):
		return "string"
	case (c == '-' || (c >= '0' && c <= '9')) && json.Valid(raw):
		return "number"
	case (c == 't' || c == 'f') && json.Valid(raw):
		return "boolean"
	case c == 'n' && json.Valid(raw):
		return "null"
	}
	return ""
}

// jsonField returns the first present key's value as a string; numbers
// are accepted where allowNumber says so (ids, Unix dates are not:
// numbers become their decimal text).
func jsonField(obj map[string]json.RawMessage, keys []string, allowNumber bool) (string, error) {
	for _, k := range keys {
		raw, ok := obj[k]
		if !ok {
			continue
		}
		raw = bytes.TrimSpace(raw)
		if bytes.Equal(raw, []byte("null")) {
			continue
		}
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			return s, nil
		}
		if allowNumber {
			var n json.Number
			if err := json.Unmarshal(raw, &n); err == nil {
				if _, err := strconv.ParseFloat(string(n), 64); err == nil {
					return string(n), nil
				}
			}
		}
		return "", fmt.Errorf("field %q is not a string", k)
	}
	return "", nil
}
