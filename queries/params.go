package queries

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Parse converts a user-supplied value to the parameter's type: dates must
// be YYYY-MM-DD (they stay strings, the form the graph's per-article date
// lists use), numbers and booleans must parse. An empty value means null,
// allowed only for optional parameters.
func (p Param) Parse(s string) (any, error) {
	if s == "" {
		if p.Required {
			return nil, fmt.Errorf("%s: needs a value", p.Name)
		}
		return nil, nil
	}
	switch p.Type {
	case String:
		return s, nil
	case Date:
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not a date: want YYYY-MM-DD", p.Name, s)
		}
		return t.Format("2006-01-02"), nil
	case Int:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not an integer", p.Name, s)
		}
		if p.Name == "limit" && n < 1 {
			return nil, fmt.Errorf("limit: %d: want at least 1", n)
		}
		return n, nil
	case Float:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%s: %q is not a number", p.Name, s)
		}
		return f, nil
	case Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not true or false", p.Name, s)
		}
		return b, nil
	}
	return nil, fmt.Errorf("%s: unknown type %q", p.Name, p.Type)
}

// ParamError reports bad parameter values for a query: unknown names,
// missing required ones, values that do not parse. Problems lists each.
type ParamError struct {
	Query    string
	Problems []string
}

func (e *ParamError) Error() string {
	return fmt.Sprintf("query %s: %s", e.Query, strings.Join(e.Problems, "; "))
}

// Bind checks values (name → text, e.g. from --param name=value) against
// the declared parameters and returns the typed parameter map for Run:
// every declared parameter present, defaults filled in. Unknown and missing
// parameters are errors (*ParamError, naming all of them).
func (q *Query) Bind(values map[string]string) (map[string]any, error) {
	out := make(map[string]any, len(q.Params))
	var problems []string
	names := make([]string, 0, len(values))
	for k := range values {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		p, ok := q.Param(k)
		if !ok {
			problems = append(problems, fmt.Sprintf("unknown parameter %q (parameters: %s)", k, q.paramList()))
			continue
		}
		v, err := p.Parse(values[k])
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		out[k] = v
	}
	for _, p := range q.Params {
		if _, given := values[p.Name]; given {
			continue
		}
		if p.Required {
			problems = append(problems, fmt.Sprintf("missing parameter %s (%s: %s)", p.Name, p.Type, p.Doc))
			continue
		}
		out[p.Name] = p.Default
	}
	if len(problems) > 0 {
		return nil, &ParamError{Query: q.Name, Problems: problems}
	}
	return out, nil
}

func (q *Query) paramList() string {
	if len(q.Params) == 0 {
		return "none"
	}
	names := make([]string, len(q.Params))
	for i, p := range q.Params {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// Signature renders the parameters for listings: required ones bare,
// optional ones in brackets with their default, e.g. "a, b, [limit=100]".
func (q *Query) Signature() string {
	parts := make([]string, len(q.Params))
	for i, p := range q.Params {
		if p.Required {
			parts[i] = p.Name
			continue
		}
		if p.Default == nil {
			parts[i] = "[" + p.Name + "]"
			continue
		}
		parts[i] = "[" + p.Name + "=" + fmt.Sprint(p.Default) + "]"
	}
	return strings.Join(parts, ", ")
}

// CypherLiteral renders a parameter value as a Cypher literal, for the
// `:param name => value` lines of Browser guides. Strings are quoted and
// escaped; nil is null.
func CypherLiteral(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		var b strings.Builder
		b.WriteByte('\'')
		for _, r := range x {
			switch r {
			case '\\':
				b.WriteString(`\\`)
			case '\'':
				b.WriteString(`\'`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteRune(r)
			}
		}
		b.WriteByte('\'')
		return b.String()
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
		return s
	case bool:
		return strconv.FormatBool(x)
	}
	return CypherLiteral(fmt.Sprint(v))
}

// ExampleParams returns the typed parameters for a demonstration: the
// header's example values over the defaults. Required parameters without
// an example are left out (Bind would report them).
func (q *Query) ExampleParams() map[string]any {
	out := map[string]any{}
	for _, p := range q.Params {
		if s, ok := q.Example[p.Name]; ok {
			if v, err := p.Parse(s); err == nil {
				out[p.Name] = v
				continue
			}
		}
		if !p.Required {
			out[p.Name] = p.Default
		}
	}
	return out
}
