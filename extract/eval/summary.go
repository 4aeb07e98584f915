package eval

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/dipgraph/dipgraph/extract"
)

// TypeCounts are the counts of one entity or relation type.
type TypeCounts struct {
	Type string
	Counts
}

// Split is a gold entity that predictions named in several ways across the
// corpus: Key is "<Type>:<normalised gold name>", Names the sorted
// normalised predicted names.
type Split struct {
	Key   string
	Names []string
}

// Summary is the result of scoring, with exactly the content of score.py's
// --json output. Entity and Relation list only the types that scoring
// touched, in the order score.py first touched them.
type Summary struct {
	Articles           int
	MissingPredictions int
	Entity             []TypeCounts
	Relation           []TypeCounts
	EntityMicro        Counts
	RelationMicro      Counts
	CoreRelation       Counts
	RelaxedRelation    Counts
	SplitEntities      int
	MatchedEntities    int
	SplitExamples      []Split
	// RelaxedTies counts predicted relations that could have matched
	// several unused gold triples in the relaxed score. It is not part of
	// score.py's output: where it is not 0, score.py's relaxed figure
	// depends on Python's hash seed (see Scorer) and may differ.
	RelaxedTies int
}

// Summary returns the scores so far.
func (s *Scorer) Summary() Summary {
	sum := Summary{
		Articles:           s.articles,
		MissingPredictions: s.missing,
		Entity:             s.ent.list(),
		Relation:           s.rel.list(),
		EntityMicro:        s.ent.total(nil),
		RelationMicro:      s.rel.total(nil),
		CoreRelation:       s.rel.total(func(t string) bool { return core[t] }),
		RelaxedRelation:    s.relaxed.total(nil),
		MatchedEntities:    len(s.dupOrder),
		RelaxedTies:        s.relaxedTies,
	}
	for _, k := range s.dupOrder {
		if names := s.dups[k]; len(names) > 1 {
			sum.SplitEntities++
			list := make([]string, 0, len(names))
			for n := range names {
				list = append(list, n)
			}
			slices.Sort(list) // byte order of UTF-8 is Python's code point order
			sum.SplitExamples = append(sum.SplitExamples, Split{Key: k.typ + ":" + k.name, Names: list})
		}
	}
	return sum
}

func f1(c Counts) float64 {
	_, _, f := c.PRF()
	return f
}

// EntityF1 is the entity micro-F1.
func (s Summary) EntityF1() float64 { return f1(s.EntityMicro) }

// RelationF1 is the relation micro-F1.
func (s Summary) RelationF1() float64 { return f1(s.RelationMicro) }

// CoreF1 is the micro-F1 over MEDIATES, PROPOSES and REJECTS.
func (s Summary) CoreF1() float64 { return f1(s.CoreRelation) }

// RelaxedF1 is the relaxed relation F1 (leaders and delegations mapped to
// their country).
func (s Summary) RelaxedF1() float64 { return f1(s.RelaxedRelation) }

// Headline is score.py's last line: articles, missing predictions, the four
// F1 figures and split/matched entities.
func (s Summary) Headline() string {
	return fmt.Sprintf("articles=%d missing=%d entity_f1=%.3f relation_f1=%.3f core_f1=%.3f relaxed_f1=%.3f split=%d/%d",
		s.Articles, s.MissingPredictions, s.EntityF1(), s.RelationF1(), s.CoreF1(), s.RelaxedF1(),
		s.SplitEntities, s.MatchedEntities)
}

// WriteTable writes score.py's text report: one row per entity type, a
// rule, one row per relation type, a rule, the split entities, and the
// headline as the last line.
func (s Summary) WriteTable(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%-14s%7s%7s%7s%6s%6s%6s\n", "type", "P", "R", "F1", "tp", "fp", "fn")
	for _, part := range []struct {
		types []string
		list  []TypeCounts
	}{{extract.EntityTypes, s.Entity}, {extract.RelationTypes, s.Relation}} {
		for _, t := range part.types {
			var c Counts
			for _, tc := range part.list {
				if tc.Type == t {
					c = tc.Counts
				}
			}
			p, r, f := c.PRF()
			fmt.Fprintf(&b, "%-14s%7.2f%7.2f%7.2f%6d%6d%6d\n", t, p, r, f, c.TP, c.FP, c.FN)
		}
		b.WriteString(strings.Repeat("-", 53) + "\n")
	}
	for _, sp := range s.SplitExamples {
		fmt.Fprintf(&b, "split: %s -> %s\n", sp.Key, pyListRepr(sp.Names))
	}
	b.WriteString(s.Headline() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// MarshalJSON encodes s exactly as score.py's json.dumps(summary, indent=1,
// ensure_ascii=False): same keys in the same order, Python's float repr
// ("1.0", "0.8571428571428571"), one space of indent per level.
func (s Summary) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{\n")
	fmt.Fprintf(&b, " \"articles\": %d,\n", s.Articles)
	fmt.Fprintf(&b, " \"missing_predictions\": %d,\n", s.MissingPredictions)
	writeTypes := func(name string, list []TypeCounts) {
		fmt.Fprintf(&b, " %s: ", pyString(name))
		if len(list) == 0 {
			b.WriteString("{},\n")
			return
		}
		b.WriteString("{\n")
		for i, tc := range list {
			p, r, f := tc.PRF()
			fmt.Fprintf(&b, "  %s: {\n   \"p\": %s,\n   \"r\": %s,\n   \"f\": %s,\n   \"tp\": %d,\n   \"fp\": %d,\n   \"fn\": %d\n  }",
				pyString(tc.Type), pyFloat(p), pyFloat(r), pyFloat(f), tc.TP, tc.FP, tc.FN)
			if i < len(list)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(" },\n")
	}
	writeTypes("entity", s.Entity)
	writeTypes("relation", s.Relation)
	fmt.Fprintf(&b, " \"entity_micro_f1\": %s,\n", pyFloat(s.EntityF1()))
	fmt.Fprintf(&b, " \"relation_micro_f1\": %s,\n", pyFloat(s.RelationF1()))
	fmt.Fprintf(&b, " \"core_relation_f1\": %s,\n", pyFloat(s.CoreF1()))
	fmt.Fprintf(&b, " \"relaxed_relation_f1\": %s,\n", pyFloat(s.RelaxedF1()))
	fmt.Fprintf(&b, " \"split_entities\": %d,\n", s.SplitEntities)
	fmt.Fprintf(&b, " \"matched_entities\": %d,\n", s.MatchedEntities)
	b.WriteString(" \"split_examples\": ")
	if len(s.SplitExamples) == 0 {
		b.WriteString("{}\n}")
		return b.Bytes(), nil
	}
	b.WriteString("{\n")
	for i, sp := range s.SplitExamples {
		fmt.Fprintf(&b, "  %s: [\n", pyString(sp.Key))
		for j, n := range sp.Names {
			b.WriteString("   " + pyString(n))
			if j < len(sp.Names)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString("  ]")
		if i < len(s.SplitExamples)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(" }\n}")
	return b.Bytes(), nil
}

// WriteJSON writes s as score.py prints it with --json (without the
// headline line score.py prints after it), followed by a newline.
func (s Summary) WriteJSON(w io.Writer) error {
	b, err := s.MarshalJSON()
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// pyFloat formats f as Python's repr(float).
func pyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // shortest round-trip digits
	mant, expS, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expS)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", mant, sign, exp)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// pyString encodes s as Python's json.dumps with ensure_ascii=False: only
// quotes, backslashes and control characters are escaped.
func pyString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// pyListRepr formats a list of strings as Python's repr(list). Normalised
// names hold only word characters and spaces, so quoting is all it takes;
// quotes and backslashes are escaped all the same.
func pyListRepr(list []string) string {
	parts := make([]string, len(list))
	for i, s := range list {
		q := byte('\'')
		if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
			q = '"'
		}
		var b strings.Builder
		b.WriteByte(q)
		for _, r := range s {
			switch {
			case r == '\\':
				b.WriteString(`\\`)
			case r == rune(q):
				b.WriteByte('\\')
				b.WriteByte(q)
			default:
				b.WriteRune(r)
			}
		}
		b.WriteByte(q)
		parts[i] = b.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
