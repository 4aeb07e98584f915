package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// DefaultMaxHTMLDepth is the element nesting limit used when
// Options.MaxHTMLDepth is 0. Browsers stop nesting at about 512 levels;
// news pages stay far below.
const DefaultMaxHTMLDepth = 512

// maxHTMLElements bounds the element count of one page or fragment: a
// parsed node costs a few hundred bytes, so this keeps a huge generated
// page from taking gigabytes. Real pages have a few thousand.
const maxHTMLElements = 1_000_000

// htmlTooDeep and htmlTooBig are the reasons given for refused markup.
var (
	errHTMLTooDeep = errors.New("HTML nested too deeply")
	errHTMLTooBig  = errors.New("HTML has too many elements")
)

// htmlLimitError says which limit an HTML input broke.
type htmlLimitError struct {
	err   error
	limit int
	line  int
}

func (e *htmlLimitError) Error() string {
	if errors.Is(e.err, errHTMLTooDeep) {
		return fmt.Sprintf("%v (more than %d levels)", e.err, e.limit)
	}
	return fmt.Sprintf("%v (more than %d)", e.err, e.limit)
}

func (e *htmlLimitError) Unwrap() error { return e.err }

// htmlVoid and htmlOptionalEnd list elements that never hold children or
// whose end tag may be left out: they do not count towards the nesting
// depth measured from tags, since the parser closes them implicitly.
var htmlVoid = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Param: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
	// optional end tags
	atom.P: true, atom.Li: true, atom.Dt: true, atom.Dd: true, atom.Option: true,
	atom.Optgroup: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Thead: true,
	atom.Tbody: true, atom.Tfoot: true, atom.Rb: true, atom.Rt: true, atom.Rp: true,
	atom.Rtc: true, atom.Colgroup: true, atom.Caption: true, atom.Html: true,
	atom.Head: true, atom.Body: true,
}

// checkHTMLShape runs the (linear) tokenizer over markup before the tree
// builder sees it: the HTML5 tree builder scans its stack of open elements
// for many tags, so very deep nesting costs quadratic time, and every
// element costs memory.
func checkHTMLShape(data []byte, maxDepth int) error {
	z := html.NewTokenizer(bytes.NewReader(data))
	depth, elements := 0, 0
	line := 1
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); !errors.Is(err, io.EOF) {
				return fmt.Errorf("tokenize: %w", err)
			}
			return nil
		case html.StartTagToken:
			elements++
			if elements > maxHTMLElements {
				return &htmlLimitError{err: errHTMLTooBig, limit: maxHTMLElements, line: line}
			}
			name, _ := z.TagName()
			if !htmlVoid[atom.Lookup(name)] {
				depth++
				if depth > maxDepth {
					return &htmlLimitError{err: errHTMLTooDeep, limit: maxDepth, line: line}
				}
			}
		case html.SelfClosingTagToken:
			elements++
			if elements > maxHTMLElements {
				return &htmlLimitError{err: errHTMLTooBig, limit: maxHTMLElements, line: line}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if !htmlVoid[atom.Lookup(name)] && depth > 0 {
				depth--
			}
		}
		line += bytes.Count(z.Raw(), []byte{'\n'})
	}
}

func (p *parser) maxHTMLDepth() int {
	if p.opts.MaxHTMLDepth > 0 {
		return p.opts.MaxHTMLDepth
	}
	return DefaultMaxHTMLDepth
}

// parseHTMLTree checks the markup's shape, then parses it.
func (p *parser) parseHTMLTree(data []byte) (*html.Node, error) {
	if err := checkHTMLShape(data, p.maxHTMLDepth()); err != nil {
		return nil, err
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		if strings.Contains(err.Error(), "open stack of elements") {
			// The tree builder's own nesting limit (512).
			return nil, &htmlLimitError{err: errHTMLTooDeep, limit: 512}
		}
		return nil, fmt.Errorf("parse HTML: %w", err)
	}
	return doc, nil
}

func (p *parser) asInputError(line int, err error) *InputError {
	var le *htmlLimitError
	if errors.As(err, &le) {
		if line == 0 {
			line = le.line
		}
		return &InputError{Path: p.name, Line: line, Reason: le.Error()}
	}
	return inputErr(p.name, line, err)
}

// parseHTML reads one article from an HTML page: the title, date and URL
// from its metadata, the text from its main content without navigation
// and other boilerplate.
func (p *parser) parseHTML(data []byte) error {
	doc, err := p.parseHTMLTree(data)
	if err != nil {
		p.report(p.asInputError(0, err))
		return nil
	}
	m := readHTMLMeta(doc)
	root := contentRoot(doc)
	var a Article
	a.Title = m.title
	if a.Title == "" {
		if h := findFirst(root, atom.H1); h != nil {
			a.Title = nodeText(h)
		} else if h := findFirst(doc, atom.H1); h != nil {
			a.Title = nodeText(h)
		} else {
			a.Title = siteTitle(m.docTitle)
		}
	}
	a.URL = m.url
	date := m.date
	if date == "" {
		if t := findFirst(root, atom.Time); t != nil {
			date = attr(t, "datetime")
			if date == "" {
				date = nodeText(t)
			}
		}
	}
	setDate(&a, date)
	a.Text = blockText(root, normLine(a.Title))
	return p.finish(a, "", true, 0)
}

// looksLikeHTMLRe finds markup in text that came from a JSON field.
var looksLikeHTMLRe = regexp.MustCompile(`(?i)<(p|br|div|span|a|b|i|em|strong|ul|ol|li|h[1-6]|blockquote|figure|table|article|section)\b[^>]*>`)

func looksLikeHTMLText(s string) bool {
	return looksLikeHTMLRe.MatchString(s)
}

// htmlFragmentText returns the text of an HTML fragment (a feed item's
// content, a JSON body holding markup), boilerplate dropped.
func (p *parser) htmlFragmentText(s string) (string, error) {
	doc, err := p.parseHTMLTree([]byte(s))
	if err != nil {
		return "", err
	}
	return blockText(contentRoot(doc), ""), nil
}

type htmlMeta struct {
	title, docTitle, url, date string
}

// dateMetaNames are meta names and properties that carry the publication
// date, best first.
var dateMetaNames = []string{
	"article:published_time", "og:published_time", "ld:datepublished", "datepublished", "date", "pubdate",
	"publishdate", "publish-date", "publication_date", "dc.date.issued", "dc.date",
	"dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date", "article:modified_time",
}

func readHTMLMeta(doc *html.Node) htmlMeta {
	var m htmlMeta
	metas := map[string]string{}
	var canonical string
	walk(doc, func(n *html.Node) bool {
		switch n.DataAtom {
		case atom.Title:
			if m.docTitle == "" {
				m.docTitle = nodeText(n)
			}
		case atom.Meta:
			key := strings.ToLower(attr(n, "property"))
			if key == "" {
				key = strings.ToLower(attr(n, "name"))
			}
			if key == "" {
				key = strings.ToLower(attr(n, "itemprop"))
			}
			if key != "" {
				if _, ok := metas[key]; !ok {
					metas[key] = strings.TrimSpace(attr(n, "content"))
				}
			}
		case atom.Script:
			if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
				readJSONLD(n.FirstChild.Data, metas)
			}
			return false
		case atom.Link:
			if canonical == "" && hasToken(attr(n, "rel"), "canonical") {
				canonical = strings.TrimSpace(attr(n, "href"))
			}
		case atom.Body:
			// Metadata lives in the head; <time> in the body is read
			// from the content root instead.
		}
		return true
	})
	for _, k := range []string{"og:title", "twitter:title", "ld:headline"} {
		if m.title = metas[k]; m.title != "" {
			break
		}
	}
	m.url = canonical
	if m.url == "" {
		m.url = metas["og:url"]
	}
	if m.url == "" {
		m.url = metas["ld:url"]
	}
	for _, k := range dateMetaNames {
		if v := metas[k]; v != "" {
			m.date = v
			break
		}
	}
	return m
}

// contentRoot picks the element holding the article: the <article> with
// the most paragraph text, else <main> or role=main, else the body.
func contentRoot(doc *html.Node) *html.Node {
	var best *html.Node
	bestLen := -1
	var main, body *html.Node
	walk(doc, func(n *html.Node) bool {
		switch {
		case n.DataAtom == atom.Body && body == nil:
			body = n
		case n.DataAtom == atom.Article || attr(n, "itemprop") == "articleBody":
			if l := paragraphTextLen(n); l > bestLen {
				best, bestLen = n, l
			}
		case (n.DataAtom == atom.Main || attr(n, "role") == "main") && main == nil:
			main = n
		}
		return true
	})
	switch {
	case best != nil && bestLen > 0:
		return best
	case main != nil:
		return main
	case best != nil:
		return best
	case body != nil:
		return body
	}
	return doc
}

func paragraphTextLen(n *html.Node) int {
	total := 0
	walk(n, func(c *html.Node) bool {
		if c.DataAtom == atom.P {
			total += len(nodeText(c))
			return false
		}
		return !isBoilerplate(c)
	})
	return total
}

// dropElements never hold article text.
var dropElements = map[atom.Atom]bool{
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Form: true, atom.Figcaption: true, atom.Figure: true, atom.Button: true,
	atom.Iframe: true, atom.Svg: true, atom.Math: true, atom.Select: true,
	atom.Textarea: true, atom.Dialog: true, atom.Menu: true, atom.Object: true,
	atom.Embed: true, atom.Canvas: true, atom.Video: true, atom.Audio: true,
	atom.Picture: true, atom.Img: true, atom.Input: true, atom.Label: true,
	atom.Head: true, atom.Title: true, atom.H1: true,
}

// boilerplateRoles are ARIA roles of page furniture.
var boilerplateRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"dialog": true, "alertdialog": true, "search": true, "menu": true, "menubar": true,
	"toolbar": true, "alert": true,
}

// boilerplateTokens are class and id words (split at spaces, '-' and '_')
// that mark page furniture: cookie banners, share bars, newsletters,
// related links, ads, comments.
var boilerplateTokens = map[string]bool{
	"cookie": true, "cookies": true, "consent": true, "gdpr": true,
	"share": true, "sharing": true, "sharebar": true, "social": true,
	"newsletter": true, "subscribe": true, "subscription": true, "signup": true,
	"related": true, "recommended": true, "promo": true, "advert": true,
	"advertisement": true, "ad": true, "ads": true, "sponsored": true,
	"breadcrumb": true, "breadcrumbs": true, "comments": true, "comment": true,
	"sidebar": true, "popup": true, "modal": true, "paywall": true,
	"navbar": true, "nav": true, "menu": true, "footer": true, "masthead": true,
	"caption": true, "skip": true, "byline": true, "author": true, "credit": true, "credits": true, "timestamp": true, "tags": true, "trending": true, "outbrain": true, "taboola": true,
}

// isBoilerplate says whether n is page furniture. Class and id words
// are weaker evidence than elements and roles: a node holding at least half
// of the page's paragraphs is kept whatever its class ("layout-sidebar").
func isBoilerplate(n *html.Node) bool {
	return isBoilerplateIn(n, nil, 0)
}

func isBoilerplateIn(n *html.Node, pcount map[*html.Node]int, total int) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if dropElements[n.DataAtom] {
		return true
	}
	if boilerplateRoles[strings.ToLower(attr(n, "role"))] {
		return true
	}
	if _, hidden := attrOK(n, "hidden"); hidden || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	if st := strings.ToLower(attr(n, "style")); strings.Contains(strings.ReplaceAll(st, " ", ""), "display:none") {
		return true
	}
	if pcount != nil && total > 0 && pcount[n]*2 >= total {
		return false
	}
	for _, v := range []string{attr(n, "class"), attr(n, "id")} {
		for _, tok := range strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return r == ' ' || r == '-' || r == '_' || r == '\t' || r == '\n' }) {
			if boilerplateTokens[tok] {
				return true
			}
		}
	}
	return false
}

// blockElements end a paragraph where they start and end.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Pre: true, atom.Dd: true, atom.Dt: true, atom.Dl: true,
	atom.Section: true, atom.Article: true, atom.Main: true, atom.Table: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Hr: true, atom.Address: true,
	atom.Details: true, atom.Summary: true, atom.Center: true, atom.Body: true,
}

// blockText gathers the paragraphs under root: text of block elements
// (p, li, h2…, div text) joined with blank lines, <br> kept as a line
// break, boilerplate subtrees skipped. A paragraph equal to the title is
// dropped (pages repeat the headline).
func blockText(root *html.Node, title string) string {
	pcount := countParagraphs(root)
	total := pcount[root]
	var paras []string
	var cur strings.Builder
	flush := func() {
		s := normText(cur.String())
		cur.Reset()
		if s == "" || (title != "" && s == title) {
			return
		}
		if len(s) < 60 {
			// A dateline on its own ("June 10, 2025") is metadata.
			if _, warn := parseDate(s); warn == "" {
				return
			}
		}
		paras = append(paras, s)
	}
	// Recursion depth is bounded by checkHTMLShape.
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(collapseSpace(n.Data))
			return
		case html.ElementNode:
			if n != root && isBoilerplateIn(n, pcount, total) {
				return
			}
			if n.DataAtom == atom.Br {
				cur.WriteByte('\n')
				return
			}
		case html.DocumentNode:
		default:
			return
		}
		block := n.Type == html.ElementNode && blockElements[n.DataAtom]
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
		if block {
			flush()
		}
	}
	visit(root)
	flush()
	return strings.Join(paras, "\n\n")
}

// countParagraphs maps each node under root to the number of <p>
// elements it holds.
func countParagraphs(root *html.Node) map[*html.Node]int {
	var order []*html.Node
	walk(root, func(n *html.Node) bool { order = append(order, n); return true })
	count := make(map[*html.Node]int, len(order))
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		if n.DataAtom == atom.P && n.Type == html.ElementNode {
			count[n]++
		}
		if n != root && n.Parent != nil {
			count[n.Parent] += count[n]
		}
	}
	return count
}

// collapseSpace turns runs of HTML whitespace into one space, as browsers
// render text.
func collapseSpace(s string) string {
	if !strings.ContainsAny(s, "\n\r\t\f") && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == '\f' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// walk visits n and its descendants in document order while fn returns
// true for a node's children to be visited. It keeps an explicit stack,
// so depth costs no goroutine stack.
func walk(n *html.Node, fn func(*html.Node) bool) {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !fn(cur) {
			continue
		}
		for c := cur.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
}

func findFirst(root *html.Node, a atom.Atom) *html.Node {
	var found *html.Node
	walk(root, func(n *html.Node) bool {
		if found != nil {
			return false
		}
		if n.DataAtom == a && n.Type == html.ElementNode {
			found = n
			return false
		}
		return true
	})
	return found
}

// nodeText is the text under n on one line.
func nodeText(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		return c.DataAtom != atom.Script && c.DataAtom != atom.Style
	})
	return normLine(b.String())
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}

// siteTitle drops a site name from a <title>: "Talks end | Example News"
// → "Talks end" (the longest part).
func siteTitle(s string) string {
	best := s
	for _, sep := range []string{" | ", " – ", " — ", " - ", " :: "} {
		if !strings.Contains(s, sep) {
			continue
		}
		best = ""
		for _, part := range strings.Split(s, sep) {
			if len(part) > len(best) {
				best = part
			}
		}
		break
	}
	return strings.TrimSpace(best)
}

// readJSONLD takes headline, datePublished and url from schema.org JSON-LD
// (many pages carry the date only there) into metas as "ld:…" keys; the
// first value found wins.
func readJSONLD(src string, metas map[string]string) {
	if len(src) > 1<<20 {
		return
	}
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return
	}
	var visit func(v any)
	visit = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e)
			}
		case map[string]any:
			// Only an article object's url: a WebSite's is the home page.
			_, h := x["headline"]
			_, d := x["datePublished"]
			for _, k := range []string{"headline", "datePublished", "url"} {
				key := "ld:" + strings.ToLower(k)
				if s, ok := x[k].(string); ok && s != "" && metas[key] == "" && (h || d) {
					metas[key] = s
				}
			}
			if g, ok := x["@graph"]; ok {
				visit(g)
			}
		}
	}
	visit(v)
}
