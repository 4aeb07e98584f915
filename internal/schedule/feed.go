package schedule

import (
	"context"
	"fmt"
	"strings"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
)

// feedCursor holds a feed's HTTP validators for the next conditional GET
// and, with fetch_pages, the hash of each current item's own text, so an
// item whose page was fetched is fetched again only when the item changes.
type feedCursor struct {
	ETag         string            `json:"etag,omitempty"`
	LastModified string            `json:"last_modified,omitempty"`
	Items        map[string]string `json:"items,omitempty"`
}

const (
	acceptFeed = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
	acceptPage = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
)

// feed fetches the source's feed with a conditional GET. A 304 ends the
// run at once; otherwise each item becomes an article (its text is
// content:encoded, else its description, as the feed reader decides) and
// goes through process. A feed that cannot be fetched or parsed fails the
// run and keeps the old validators, so the next run fetches it again.
func (rn *run) feed(ctx context.Context) (string, error) {
	var cur feedCursor
	decodeCursor(rn.cursor, &cur)
	resp, err := rn.r.fetch.get(ctx, rn.src.URL, cur.ETag, cur.LastModified, acceptFeed, rn.src.Timeout, rn.src.MaxBytes)
	if err != nil {
		return "", fmt.Errorf("source %s: %w", rn.src.Name, err)
	}
	if resp.NotModified {
		rn.res.Message = "feed not modified (HTTP 304)"
		cur.ETag, cur.LastModified = resp.ETag, resp.LastModified
		return encodeCursor(cur), nil
	}
	opts := rn.readOptions()
	opts.Format = article.FormatFeed
	opts.MaxBytes = -1 // the body was capped while fetching
	arts, errs := article.Parse(ctx, rn.src.URL, resp.Body, opts)
	if len(arts) == 0 && len(errs) > 0 {
		return "", fmt.Errorf("source %s: %w", rn.src.Name, errs[0]) // the reader's error names the URL
	}
	for _, e := range errs {
		rn.inputError(e)
	}
	next := feedCursor{ETag: resp.ETag, LastModified: resp.LastModified}
	if rn.src.FetchPages {
		if arts, next.Items, err = rn.fetchPages(ctx, arts, cur.Items); err != nil {
			return "", err
		}
	}
	batch := rn.r.opts.BatchSize
	for i := 0; i < len(arts); i += batch {
		if err := rn.process(ctx, arts[i:min(i+batch, len(arts))]); err != nil {
			return "", err
		}
	}
	if len(arts) == 0 {
		rn.res.Message = "feed has no items"
	}
	return encodeCursor(next), nil
}

// fetchPages replaces each new or changed item's text with the text of the
// page it links to. An item whose own text is unchanged since the last run
// and whose article is in the graph is dropped (counted as skipped) without
// fetching its page. A page that cannot be fetched or read leaves the
// item's own text in place.
func (rn *run) fetchPages(ctx context.Context, arts []article.Article, seen map[string]string) ([]article.Article, map[string]string, error) {
	keys := make([]string, len(arts))
	for i, a := range arts {
		keys[i] = rn.r.key(extract.Meta(a))
	}
	known, err := rn.r.loader.Known(ctx, keys)
	if err != nil {
		return nil, nil, dbErr(fmt.Errorf("source %s: look up known articles: %w", rn.src.Name, err))
	}
	items := make(map[string]string, len(arts))
	var out []article.Article
	for i, a := range arts {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		itemHash := article.ContentHash(a.Text)
		items[keys[i]] = itemHash
		if _, inGraph := known[keys[i]]; inGraph && seen[keys[i]] == itemHash && itemHash != "" {
			rn.res.Skipped++
			continue
		}
		out = append(out, rn.fetchPage(ctx, a))
	}
	return out, items, nil
}

// fetchPage returns a with its text read from its linked page, or a as it
// is when the page cannot be had.
func (rn *run) fetchPage(ctx context.Context, a article.Article) article.Article {
	if a.URL == "" || !(strings.HasPrefix(a.URL, "http://") || strings.HasPrefix(a.URL, "https://")) {
		return a
	}
	log := rn.log.With("article", a.ID, "page", a.URL)
	resp, err := rn.r.fetch.get(ctx, a.URL, "", "", acceptPage, rn.src.Timeout, rn.src.MaxBytes)
	if err != nil {
		log.Warn("linked page not fetched: using the item's text", "error", err)
		return a
	}
	switch resp.ContentType {
	case "", "text/html", "application/xhtml+xml":
	default:
		log.Warn("linked page is not HTML: using the item's text", "content_type", resp.ContentType)
		return a
	}
	opts := rn.readOptions()
	opts.Format = article.FormatHTML
	opts.MaxBytes = -1
	page, errs := article.Parse(ctx, a.URL, resp.Body, opts)
	if len(page) == 0 || strings.TrimSpace(page[0].Text) == "" {
		attrs := []any{}
		if len(errs) > 0 {
			attrs = append(attrs, "error", errs[0].Error())
		}
		log.Warn("linked page has no article text: using the item's text", attrs...)
		return a
	}
	a.Text = page[0].Text
	if a.Title == "" {
		a.Title = page[0].Title
	}
	if a.Date.IsZero() {
		a.Date = page[0].Date
	}
	return a
}
