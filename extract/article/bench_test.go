package article

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/internal/testenv"
)

// BenchmarkParseDevCorpus measures reading throughput (MB/s of input) over
// the dev corpus and the seed article: format detection, checks,
// normalisation, the language check and ids.
//
//	go test ./extract/article -run '^$' -bench ParseDevCorpus -cpu 1
func BenchmarkParseDevCorpus(b *testing.B) {
	shared := testenv.Shared(b)
	var names []string
	var inputs [][]byte
	var total int64
	for _, dir := range []string{"dev", "seed"} {
		files, _ := filepath.Glob(filepath.Join(shared, "corpus", dir, "*.txt"))
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			names = append(names, p)
			inputs = append(inputs, data)
			total += int64(len(data))
		}
	}
	if len(inputs) == 0 {
		b.Fatal("no corpus files")
	}
	ctx := b.Context()
	b.SetBytes(total)
	b.ResetTimer()
	for b.Loop() {
		for i, data := range inputs {
			if _, errs := Parse(ctx, names[i], data, Options{}); len(errs) != 0 {
				b.Fatal(errs)
			}
		}
	}
}

// BenchmarkParseHTML measures the HTML reader on a page built from the
// golden test page with its article paragraphs repeated.
func BenchmarkParseHTML(b *testing.B) {
	page, err := os.ReadFile(filepath.Join("testdata", "inputs", "page.html"))
	if err != nil {
		b.Fatal(err)
	}
	s := string(page)
	i := strings.Index(s, "<p>Kenya")
	j := strings.Index(s, "<h2>")
	big := []byte(s[:i] + strings.Repeat(s[i:j], 200) + s[j:])
	ctx := b.Context()
	b.SetBytes(int64(len(big)))
	for b.Loop() {
		if _, errs := Parse(ctx, "page.html", big, Options{}); len(errs) != 0 {
			b.Fatal(errs)
		}
	}
}
