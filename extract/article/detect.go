package article

import (
	"bytes"
	"path/filepath"
	"strings"
)

// Formats accepted by Options.Format.
const (
	FormatAuto  = "auto"
	FormatText  = "text"
	FormatJSONL = "jsonl"
	FormatHTML  = "html"
	FormatFeed  = "feed"
	// formatJSON is one JSON document (an object or an array of them),
	// chosen by the .json extension; forcing "jsonl" reads it too.
	formatJSON = "json"
)

// Formats lists the values Options.Format accepts.
var Formats = []string{FormatAuto, FormatText, FormatJSONL, FormatHTML, FormatFeed}

// formatByExt maps the extensions the tool reads to their format.
var formatByExt = map[string]string{
	".txt":    FormatText,
	".text":   FormatText,
	".jsonl":  FormatJSONL,
	".ndjson": FormatJSONL,
	".json":   formatJSON,
	".html":   FormatHTML,
	".htm":    FormatHTML,
	".xhtml":  FormatHTML,
	".rss":    FormatFeed,
	".atom":   FormatFeed,
	".xml":    FormatFeed,
}

// graphSuffix marks the tool's own output files.
const graphSuffix = ".graph.json"

// extOf returns the lower-case extension of a path.
func extOf(path string) string {
	return strings.ToLower(filepath.Ext(path))
}

func isHidden(name string) bool {
	return strings.HasPrefix(name, ".") && name != "." && name != ".."
}

// skipReason says why a file is passed over, or "" to read it. Files found
// by walking a directory are read only for known extensions; a file named
// on the command line is read unless it has an extension of another kind
// (images, documents, code), so extension-less files are sniffed. A forced
// format reads any file.
func skipReason(path string, walked bool, forced string) string {
	base := filepath.Base(path)
	if strings.HasSuffix(strings.ToLower(base), graphSuffix) {
		return "dipgraph output (.graph.json)"
	}
	if walked && isHidden(base) {
		return "hidden file"
	}
	if forced != "" && forced != FormatAuto {
		return ""
	}
	ext := extOf(path)
	if _, ok := formatByExt[ext]; ok {
		return ""
	}
	if ext == "" {
		if walked {
			return "no file extension"
		}
		return ""
	}
	return "not an article format (" + ext + ")"
}

// formatByName picks the format of one input when the forced format or
// its name decide it, else returns "" (the content decides).
func formatByName(forced, name string) string {
	if forced != "" && forced != FormatAuto {
		return forced
	}
	return formatByExt[extOf(name)]
}

// sniff guesses a format from the start of the content.
func sniff(head []byte) string {
	if len(head) > 4096 {
		head = head[:4096]
	}
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case len(h) == 0:
		return FormatText
	case h[0] == '{' || h[0] == '[':
		if bytes.Contains(h, []byte("}\n{")) || bytes.Contains(h, []byte("}\r\n{")) {
			return FormatJSONL
		}
		return formatJSON
	case h[0] == '<':
		low := bytes.ToLower(h)
		if bytes.Contains(low, []byte("<rss")) || bytes.Contains(low, []byte("<feed")) || bytes.Contains(low, []byte("<rdf:rdf")) {
			return FormatFeed
		}
		if bytes.HasPrefix(low, []byte("<?xml")) && !bytes.Contains(low, []byte("<html")) {
			return FormatFeed
		}
		return FormatHTML
	}
	return FormatText
}
