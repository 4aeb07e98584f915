package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// row is one data line of a hand-kept table and where it came from, so that
// errors can name the file and line.
type row struct {
	line   int
	fields []string
}

// readTable reads a tab-separated file whose first non-comment line is the
// header. Blank lines and lines starting with '#' are skipped. A row with
// fewer fields than the header is padded with empty fields (trailing tabs
// are easy to lose in an editor); a row with more is an error.
func readTable(name string, r io.Reader, header []string) ([]row, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var rows []row
	sawHeader := false
	n := 0
	for sc.Scan() {
		n++
		text := strings.TrimRight(sc.Text(), "\r")
		if n == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if !utf8.ValidString(text) {
			return nil, fmt.Errorf("%s:%d: invalid UTF-8", name, n)
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		if !sawHeader {
			if strings.Join(fields, "\t") != strings.Join(header, "\t") {
				return nil, fmt.Errorf("%s:%d: header is %q, want %q", name, n,
					strings.Join(fields, " "), strings.Join(header, " "))
			}
			sawHeader = true
			continue
		}
		if len(fields) > len(header) {
			return nil, fmt.Errorf("%s:%d: %d fields, want at most %d", name, n, len(fields), len(header))
		}
		for len(fields) < len(header) {
			fields = append(fields, "")
		}
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		rows = append(rows, row{line: n, fields: fields})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, n+1, err)
	}
	if !sawHeader {
		return nil, fmt.Errorf("%s: no header line (want %q)", name, strings.Join(header, " "))
	}
	return rows, nil
}

// readTableFile opens path and reads it with readTable.
func readTableFile(path string, header []string) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readTable(path, f, header)
}

// readLines reads a one-entry-per-line list; blank and '#' lines are skipped.
func readLines(name string, r io.Reader) ([]string, error) {
	sc := bufio.NewScanner(r)
	var out []string
	n := 0
	for sc.Scan() {
		n++
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if !utf8.ValidString(text) {
			return nil, fmt.Errorf("%s:%d: invalid UTF-8", name, n)
		}
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if strings.ContainsRune(text, '\t') {
			return nil, fmt.Errorf("%s:%d: tab in a one-name-per-line list", name, n)
		}
		out = append(out, text)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, n+1, err)
	}
	return out, nil
}

func readLinesFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLines(path, f)
}

// splitList splits a '|'-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// joinList joins a list for output; '|' and tabs inside items cannot occur
// (they are removed by clean), so the list can be split again.
func joinList(items []string) string { return strings.Join(items, "|") }

// clean makes a value safe for a TSV field: no tabs, newlines or '|'.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r', '|':
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// writeTSV renders a header, comment lines and rows.
func writeTSV(header []string, comments []string, rows [][]string) []byte {
	var b bytes.Buffer
	b.WriteString(strings.Join(header, "\t"))
	b.WriteByte('\n')
	for _, c := range comments {
		b.WriteString("# ")
		b.WriteString(c)
		b.WriteByte('\n')
	}
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t"))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// uniq appends items to list unless already present (exact string), keeping
// the first occurrence's position so output order is stable.
func uniq(list []string, items ...string) []string {
	for _, it := range items {
		if it == "" {
			continue
		}
		dup := false
		for _, have := range list {
			if have == it {
				dup = true
				break
			}
		}
		if !dup {
			list = append(list, it)
		}
	}
	return list
}
