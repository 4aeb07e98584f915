package article

import (
	"fmt"
	"time"
)

// Article is one news article ready for extraction.
type Article struct {
	// ID is the input's own id, else the file name without extension for
	// a file holding one article, else a stable hash of URL or text.
	ID    string
	Title string
	// Date is the publication date; the zero Time means unknown.
	Date time.Time
	URL  string
	// Text is the body: paragraphs separated by blank lines, NFC-normalised.
	Text string
	// Source is where the article came from: the file path or feed URL.
	Source string
	// Line is the 1-based line of a JSON Lines record, else 0.
	Line int
	// Warnings are non-fatal problems, such as a missing or unparseable date.
	Warnings []string
}

// DateString returns the date as YYYY-MM-DD, or "" when unknown.
func (a Article) DateString() string {
	if a.Date.IsZero() {
		return ""
	}
	return a.Date.Format("2006-01-02")
}

// InputError reports one input that could not be read as an article.
type InputError struct {
	Path   string
	Line   int // 1-based; 0 when the problem concerns the whole file
	Reason string
	Err    error
}

func (e *InputError) Error() string {
	loc := e.Path
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.Path, e.Line)
	}
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", loc, e.Reason, e.Err)
	}
	return fmt.Sprintf("%s: %s", loc, e.Reason)
}

func (e *InputError) Unwrap() error { return e.Err }
