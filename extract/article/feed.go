package article

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// parseFeed reads an RSS or Atom feed with gofeed; each item is an
// article. gofeed reads XML with encoding/xml, which does not expand
// entities declared in a DTD, so an entity bomb stays a few bytes.
func (p *parser) parseFeed(data []byte) error {
	if !looksLikeXML(data) {
		p.fail(0, "not an RSS or Atom feed (no XML markup)")
		return nil
	}
	if hasEntityDecl(data) {
		p.fail(0, "XML entity declarations are not allowed in feeds (possible entity bomb)")
		return nil
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		p.report(feedError(p.name, err))
		return nil
	}
	if len(feed.Items) == 0 {
		p.fail(0, "feed has no items")
		return nil
	}
	for i, it := range feed.Items {
		if err := p.ctx.Err(); err != nil {
			return err
		}
		if it == nil {
			continue
		}
		if err := p.feedItem(i+1, it); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) feedItem(n int, it *gofeed.Item) error {
	where := fmt.Sprintf("item %d", n)
	if t := normLine(it.Title); t != "" {
		where = fmt.Sprintf("item %d (%s)", n, truncateWords(t, 60))
	}
	body := it.Content
	if strings.TrimSpace(body) == "" {
		body = it.Description
	}
	if strings.TrimSpace(body) == "" {
		p.fail(0, "%s: no article text (content:encoded, content or description)", where)
		return nil
	}
	text, err := p.htmlFragmentText(body)
	if err != nil {
		ie := p.asInputError(0, err)
		ie.Line = 0 // a line inside the item's markup would mislead
		ie.Reason = where + ": " + ie.Reason
		p.report(ie)
		return nil
	}
	a := Article{Title: it.Title, URL: it.Link, Text: text}
	date := it.Published
	if date == "" {
		date = it.Updated
	}
	if t, warn := parseDate(date); warn == "" {
		a.Date = t
	} else if pt := firstTime(it); pt != nil {
		// gofeed knows more odd layouts than parseDate.
		a.Date = dateOnly(*pt)
	} else {
		a.Warnings = append(a.Warnings, warn)
	}
	// Errors found in finish name the item.
	outer := p.report
	p.report = func(err error) {
		var ie *InputError
		if errors.As(err, &ie) {
			ie.Reason = where + ": " + ie.Reason
		}
		outer(err)
	}
	defer func() { p.report = outer }()
	return p.finish(a, it.GUID, false, 0)
}

func firstTime(it *gofeed.Item) *time.Time {
	if it.PublishedParsed != nil {
		return it.PublishedParsed
	}
	return it.UpdatedParsed
}

// looksLikeXML checks that the input starts with markup, so that text
// forced to the feed format gets a clear reason.
func looksLikeXML(data []byte) bool {
	h := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(h) > 0 && h[0] == '<'
}

// hasEntityDecl reports a <!ENTITY declaration in the document type
// before the root element. Feeds have no use for them, and refusing them
// makes "billion laughs" a clear error instead of literal "&lol9;" text.
func hasEntityDecl(data []byte) bool {
	end := len(data)
	for _, root := range []string{"<rss", "<feed", "<rdf:RDF", "<RDF"} {
		if i := bytes.Index(data, []byte(root)); i >= 0 && i < end {
			end = i
		}
	}
	return bytes.Contains(data[:end], []byte("<!ENTITY"))
}

// feedError reports a gofeed failure with the XML line when known.
func feedError(name string, err error) *InputError {
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return &InputError{Path: name, Reason: "not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)"}
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &InputError{Path: name, Line: se.Line, Reason: "malformed feed: " + se.Msg}
	}
	return &InputError{Path: name, Reason: "malformed feed", Err: err}
}
