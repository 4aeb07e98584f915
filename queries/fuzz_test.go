package queries

import (
	"testing"
)

// FuzzParse feeds arbitrary files to the header parser: it must return a
// query or an error, never panic, and a parsed query must bind its own
// example values or report why.
func FuzzParse(f *testing.F) {
	f.Add("// name: x\n// title: X\n// param: a string = 'q' -- doc\n// example: a=\"b c\"\nRETURN $a\n")
	f.Add("// name: x\n// title: X\n// param: n int = 5\nRETURN $n /* $m */ // $k\n")
	f.Add("//\n//   \n// description:\n// name: a-b\n")
	f.Add("RETURN '$")
	f.Fuzz(func(t *testing.T, src string) {
		q, err := Parse("fuzz.cypher", src)
		if err != nil {
			return
		}
		_, _ = q.Bind(q.Example)
		_ = q.Signature()
		for _, v := range q.ExampleParams() {
			_ = CypherLiteral(v)
		}
	})
}
