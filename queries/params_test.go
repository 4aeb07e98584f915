package queries

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestBind(t *testing.T) {
	t.Parallel()
	q, err := Parse("t.cypher", `// name: t
// title: T
// param: a string -- who
// param: from date = null -- since
// param: min_confidence float = 0.5 -- floor
// param: flag bool = false -- a switch
// param: limit int = 100 -- rows
RETURN $a, $from, $min_confidence, $flag LIMIT $limit
`)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		values  map[string]string
		want    map[string]any
		wantErr []string
	}{
		{"defaults", map[string]string{"a": "Türkiye"},
			map[string]any{"a": "Türkiye", "from": nil, "min_confidence": 0.5, "flag": false, "limit": int64(100)}, nil},
		{"all set", map[string]string{"a": "x", "from": "2025-05-16", "min_confidence": "0.9", "flag": "true", "limit": "7"},
			map[string]any{"a": "x", "from": "2025-05-16", "min_confidence": 0.9, "flag": true, "limit": int64(7)}, nil},
		{"empty optional is null", map[string]string{"a": "x", "from": ""},
			map[string]any{"a": "x", "from": nil, "min_confidence": 0.5, "flag": false, "limit": int64(100)}, nil},
		{"missing", map[string]string{}, nil, []string{"missing parameter a (string: who)"}},
		{"unknown", map[string]string{"a": "x", "actor": "y"}, nil, []string{`unknown parameter "actor" (parameters: a, from, min_confidence, flag, limit)`}},
		{"bad values", map[string]string{"a": "", "from": "16/05/2025", "min_confidence": "high", "flag": "maybe", "limit": "0"}, nil,
			[]string{"a: needs a value", `from: "16/05/2025" is not a date`, `min_confidence: "high" is not a number`, `flag: "maybe" is not true or false`, "limit: 0: want at least 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := q.Bind(tt.values)
			if tt.wantErr != nil {
				var pe *ParamError
				if !errors.As(err, &pe) {
					t.Fatalf("Bind(%v) error = %v, want *ParamError", tt.values, err)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("Bind(%v) error %q lacks %q", tt.values, err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("Bind(%v): %v", tt.values, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Bind(%v) = %#v, want %#v", tt.values, got, tt.want)
			}
		})
	}
}

func TestCypherLiteral(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   any
		want string
	}{
		{nil, "null"},
		{"Türkiye", "'Türkiye'"},
		{`it's a \ test`, `'it\'s a \\ test'`},
		{"line\nbreak", `'line\nbreak'`},
		{int64(100), "100"},
		{0.0, "0.0"},
		{0.75, "0.75"},
		{true, "true"},
	}
	for _, tt := range tests {
		if got := CypherLiteral(tt.in); got != tt.want {
			t.Errorf("CypherLiteral(%#v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestSignature(t *testing.T) {
	t.Parallel()
	c, err := Load(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	q, _ := c.Get("mediators-between")
	if got, want := q.Signature(), "a, b, [from], [to], [min_confidence=0], [limit=100]"; got != want {
		t.Errorf("Signature() = %q, want %q", got, want)
	}
}
