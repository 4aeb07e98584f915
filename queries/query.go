package queries

import (
	"bufio"
	"fmt"
	"regexp"
	"strings"
)

// Query is one named Cypher query of a pack.
type Query struct {
	Name        string
	Pack        string
	Title       string
	Description string
	Params      []Param
	// Example holds parameter values for demonstrations (the Browser
	// guide, `query show`), as written in the header.
	Example map[string]string
	// Cypher is the statement without its header; Source the whole file.
	Cypher string
	Source string
	// File says where the query came from: the embedded pack path or a
	// file under a user directory.
	File string
}

// Param is one declared parameter of a query.
type Param struct {
	Name string
	Type Type
	// Required is true when the header gives no default.
	Required bool
	// Default is the typed default value (nil for null); meaningful only
	// when Required is false.
	Default any
	Doc     string
}

// Type is a parameter type.
type Type string

// The parameter types a header may declare.
const (
	String Type = "string"
	Date   Type = "date"
	Float  Type = "float"
	Int    Type = "int"
	Bool   Type = "bool"
)

var types = map[Type]bool{String: true, Date: true, Float: true, Int: true, Bool: true}

// Param returns the declared parameter name.
func (q *Query) Param(name string) (Param, bool) {
	for _, p := range q.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// ParseError locates a problem in a query file.
type ParseError struct {
	File string
	Line int // 1-based; 0 when the problem concerns the whole file
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

var (
	fieldRe = regexp.MustCompile(`^([a-z_]+):\s*(.*)$`)
	nameRe  = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	identRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// Parse reads one .cypher file: its header, then the statement. file names
// the file in errors. It checks that every $parameter the statement uses
// is declared and every declared one is used, and that example values
// parse.
func Parse(file, src string) (*Query, error) {
	q := &Query{File: file, Source: src, Example: map[string]string{}}
	perr := func(line int, format string, args ...any) error {
		return &ParseError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	sc := bufio.NewScanner(strings.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var (
		lineNo   int
		body     strings.Builder
		inHeader = true
		last     string // field that continuation lines extend
		seen     = map[string]int{}
	)
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		if !inHeader {
			body.WriteString(line)
			body.WriteByte('\n')
			continue
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" && len(seen) == 0 {
			continue
		}
		if !strings.HasPrefix(trimmed, "//") {
			inHeader = false
			body.WriteString(line)
			body.WriteByte('\n')
			continue
		}
		text := strings.TrimPrefix(trimmed, "//")
		if strings.HasPrefix(text, "  ") || strings.HasPrefix(text, "\t") {
			// Continuation of a free-text field.
			cont := strings.TrimSpace(text)
			switch last {
			case "description":
				q.Description += " " + cont
			case "title":
				q.Title += " " + cont
			case "":
				// A comment before any field: ignore.
			default:
				return nil, perr(lineNo, "continuation line after %q: only title and description continue", last)
			}
			continue
		}
		m := fieldRe.FindStringSubmatch(strings.TrimSpace(text))
		if m == nil {
			last = ""
			continue // a plain comment
		}
		key, val := m[1], strings.TrimSpace(m[2])
		if key != "param" && key != "example" {
			if prev, ok := seen[key]; ok {
				return nil, perr(lineNo, "duplicate header field %q (first on line %d)", key, prev)
			}
		}
		seen[key] = lineNo
		last = key
		switch key {
		case "name":
			if !nameRe.MatchString(val) {
				return nil, perr(lineNo, "query name %q: want lower-case words joined by hyphens", val)
			}
			q.Name = val
		case "pack":
			if !nameRe.MatchString(val) {
				return nil, perr(lineNo, "pack name %q: want lower-case words joined by hyphens", val)
			}
			q.Pack = val
		case "title":
			q.Title = val
		case "description":
			q.Description = val
		case "param":
			p, err := parseParam(val)
			if err != nil {
				return nil, perr(lineNo, "param: %v", err)
			}
			if _, dup := q.Param(p.Name); dup {
				return nil, perr(lineNo, "param %s declared twice", p.Name)
			}
			q.Params = append(q.Params, p)
		case "example":
			kv, err := splitAssignments(val)
			if err != nil {
				return nil, perr(lineNo, "example: %v", err)
			}
			for _, a := range kv {
				q.Example[a[0]] = a[1]
			}
		default:
			return nil, perr(lineNo, "unknown header field %q (want name, pack, title, description, param or example)", key)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, perr(lineNo, "%v", err)
	}
	q.Cypher = strings.TrimSpace(body.String())
	if q.Name == "" {
		return nil, perr(0, "no `// name:` header line")
	}
	if q.Title == "" {
		return nil, perr(0, "query %s: no `// title:` header line", q.Name)
	}
	if q.Cypher == "" {
		return nil, perr(0, "query %s: no Cypher after the header", q.Name)
	}
	used, err := ParamRefs(q.Cypher)
	if err != nil {
		return nil, perr(0, "query %s: %v", q.Name, err)
	}
	for _, u := range used {
		if _, ok := q.Param(u); !ok {
			return nil, perr(0, "query %s uses $%s but declares no `// param: %s <type>`", q.Name, u, u)
		}
	}
	for _, p := range q.Params {
		if !contains(used, p.Name) {
			return nil, perr(seen["param"], "query %s declares param %s but never uses $%s", q.Name, p.Name, p.Name)
		}
	}
	for k, v := range q.Example {
		p, ok := q.Param(k)
		if !ok {
			return nil, perr(seen["example"], "example sets %s, which is not a parameter", k)
		}
		if _, err := p.Parse(v); err != nil {
			return nil, perr(seen["example"], "example: %v", err)
		}
	}
	return q, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parseParam reads `NAME TYPE [= DEFAULT] [-- DOC]`.
func parseParam(s string) (Param, error) {
	var p Param
	if i := strings.Index(s, "--"); i >= 0 {
		p.Doc = strings.TrimSpace(s[i+2:])
		s = s[:i]
	}
	decl, def, hasDef := strings.Cut(s, "=")
	f := strings.Fields(decl)
	if len(f) != 2 {
		return p, fmt.Errorf("want `NAME TYPE [= DEFAULT] [-- doc]`, got %q", strings.TrimSpace(s))
	}
	if !identRe.MatchString(f[0]) {
		return p, fmt.Errorf("parameter name %q is not an identifier", f[0])
	}
	p.Name, p.Type = f[0], Type(f[1])
	if !types[p.Type] {
		return p, fmt.Errorf("%s: unknown type %q (want string, date, float, int or bool)", p.Name, f[1])
	}
	if !hasDef {
		p.Required = true
		return p, nil
	}
	def = strings.TrimSpace(def)
	if def == "" {
		return p, fmt.Errorf("%s: empty default (write `= null` for none)", p.Name)
	}
	if def == "null" {
		return p, nil
	}
	if len(def) >= 2 && (def[0] == '"' || def[0] == '\'') && def[len(def)-1] == def[0] {
		def = def[1 : len(def)-1]
	}
	v, err := p.Parse(def)
	if err != nil {
		return p, fmt.Errorf("default: %w", err)
	}
	p.Default = v
	return p, nil
}

// splitAssignments splits `k=v k2="v 2"` into pairs.
func splitAssignments(s string) ([][2]string, error) {
	var out [][2]string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		eq := strings.IndexByte(s, '=')
		if eq <= 0 {
			return nil, fmt.Errorf("want key=value, got %q", s)
		}
		key := s[:eq]
		if !identRe.MatchString(key) {
			return nil, fmt.Errorf("%q is not a parameter name", key)
		}
		s = s[eq+1:]
		var val string
		if strings.HasPrefix(s, `"`) {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("%s: unterminated quote", key)
			}
			val, s = s[1:end+1], s[end+2:]
		} else {
			sp := strings.IndexAny(s, " \t")
			if sp < 0 {
				sp = len(s)
			}
			val, s = s[:sp], s[sp:]
		}
		out = append(out, [2]string{key, val})
	}
	return out, nil
}

// ParamRefs lists the distinct $parameters a Cypher statement uses, in
// order of first use. String literals, comments and quoted identifiers are
// skipped, so a '$' inside them does not count.
func ParamRefs(cypher string) ([]string, error) {
	var out []string
	s := cypher
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for ; j < len(s); j++ {
				if s[j] == '\\' && c != '`' {
					j++
					continue
				}
				if s[j] == c {
					break
				}
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated %c quote", c)
			}
			i = j + 1
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return nil, fmt.Errorf("unterminated /* comment")
			}
			i += end + 4
		case c == '$':
			j := i + 1
			for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			if j == i+1 {
				// `$(expr)` dynamic labels, or `${`: not a parameter.
				i++
				continue
			}
			name := s[i+1 : j]
			if !contains(out, name) {
				out = append(out, name)
			}
			i = j
		default:
			i++
		}
	}
	return out, nil
}
