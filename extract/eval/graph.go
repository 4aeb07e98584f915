package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/extract"
)

// Graph is an article graph as the scorer sees it: only the fields scoring
// reads, decoded loosely. A field of the wrong JSON type reads as absent
// (score.py would stop on some of those; the port goes on).
type Graph struct {
	// ID is article.id, used in messages only.
	ID        string
	Entities  []Entity
	Relations []Relation
}

// Entity is one entity of a Graph. Strings are "" when absent, null or not
// strings.
type Entity struct {
	Type    string
	Name    string
	Country string
	Aliases []string
	// Keywords are the gold keyword groups; nil when the field is absent
	// or empty, in which case the name is the only group (as score.py's
	// `g.get("keywords") or [g.get("name", "")]`).
	Keywords []string
	// Optional follows Python truthiness of the "optional" field.
	Optional bool
}

// Relation is one relation of a Graph.
type Relation struct {
	Type     string
	Source   string
	Target   string
	Optional bool
}

// ParseGraph decodes an article graph the way score.py reads one: the bytes
// must be valid UTF-8 holding one JSON value, and that value must be an
// object; "entities" and "relations" keep only their object members.
// Anything else is an error (score.py scores such a prediction as empty).
func ParseGraph(data []byte) (Graph, error) {
	if !utf8.Valid(data) {
		return Graph{}, errors.New("invalid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(pyConstants(data)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if errors.Is(err, io.EOF) {
			return Graph{}, errors.New("empty document")
		}
		return Graph{}, fmt.Errorf("invalid JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Graph{}, fmt.Errorf("invalid JSON: extra data after the document (offset %d)", dec.InputOffset())
	}
	top, ok := v.(map[string]any)
	if !ok {
		return Graph{}, errors.New("top level is not an object")
	}
	var g Graph
	if art, ok := top["article"].(map[string]any); ok {
		g.ID = str(art["id"])
	}
	for _, x := range pyIter(top["entities"]) {
		m, ok := x.(map[string]any)
		if !ok {
			continue
		}
		e := Entity{
			Type:     str(m["type"]),
			Name:     str(m["name"]),
			Country:  str(m["country"]),
			Optional: truthy(m["optional"]),
		}
		for _, a := range pyIter(m["aliases"]) {
			e.Aliases = append(e.Aliases, str(a))
		}
		if truthy(m["keywords"]) {
			for _, k := range pyIter(m["keywords"]) {
				e.Keywords = append(e.Keywords, str(k))
			}
		}
		g.Entities = append(g.Entities, e)
	}
	for _, x := range pyIter(top["relations"]) {
		m, ok := x.(map[string]any)
		if !ok {
			continue
		}
		g.Relations = append(g.Relations, Relation{
			Type:     str(m["type"]),
			Source:   str(m["source"]),
			Target:   str(m["target"]),
			Optional: truthy(m["optional"]),
		})
	}
	return g, nil
}

// FromDocument returns the Graph score.py would read from d's JSON file.
// It goes through the JSON encoding on purpose, so that what is scored in
// memory is exactly what `dipgraph extract --out` writes.
func FromDocument(d extract.Document) (Graph, error) {
	b, err := d.MarshalIndented()
	if err != nil {
		return Graph{}, fmt.Errorf("encode %s: %w", d.Article.ID, err)
	}
	return ParseGraph(b)
}

// pyConstants rewrites the NaN, Infinity and -Infinity values Python's json
// module accepts (and json.dumps writes) into 1s padded with spaces, which
// Go's decoder accepts. Only their truthiness can matter to scoring, and
// all three are true, as 1 is. A constant is only rewritten where a value
// may start, so input Python rejects stays rejected. data is not modified.
func pyConstants(data []byte) []byte {
	if !bytes.Contains(data, []byte("NaN")) && !bytes.Contains(data, []byte("Infinity")) {
		return data
	}
	out := slices.Clone(data)
	inString, escaped := false, false
	prev := byte(0) // last non-space byte outside strings; 0 at the start
	for i := 0; i < len(out); i++ {
		c := out[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
				prev = '"'
			}
			continue
		}
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '"':
			inString = true
			continue
		}
		if prev == 0 || prev == '[' || prev == ',' || prev == ':' {
			for _, k := range []string{"NaN", "Infinity", "-Infinity"} {
				if bytes.HasPrefix(out[i:], []byte(k)) {
					out[i] = '1'
					for j := 1; j < len(k); j++ {
						out[i+j] = ' '
					}
					i += len(k) - 1
					c = '1'
					break
				}
			}
		}
		prev = c
	}
	return out
}

// str returns v when it is a string, else "".
func str(v any) string {
	s, _ := v.(string)
	return s
}

// truthy is Python's truth value of a decoded JSON value.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case json.Number:
		f, err := x.Float64()
		return err != nil || f != 0
	case []any:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	return true
}

// pyIter lists what Python's `for x in (v or [])` visits: a list's items,
// a string's characters, an object's keys; nothing for other values.
func pyIter(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case string:
		out := make([]any, 0, len(x))
		for _, r := range x {
			out = append(out, string(r))
		}
		return out
	case map[string]any:
		// Python keeps the file's key order; the callers only build sets
		// from these, so sorted order is as good and deterministic.
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = k
		}
		return out
	}
	return nil
}
