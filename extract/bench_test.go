package extract_test

import (
	"path/filepath"
	"testing"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
	"github.com/dipgraph/dipgraph/internal/testenv"
)

// BenchmarkExtract measures extraction throughput over the dev corpus
// (../shared/corpus/dev); run with -cpu 1 for the one-core figure. The
// MB/s column is the speed.
func BenchmarkExtract(b *testing.B) {
	shared := testenv.Shared(b)
	files, _ := filepath.Glob(filepath.Join(shared, "corpus", "dev", "*.txt"))
	if len(files) == 0 {
		b.Skip("no dev corpus")
	}
	var arts []article.Article
	var size int64
	for _, f := range files {
		as, errs := article.ReadFile(b.Context(), f, article.Options{})
		if len(errs) > 0 {
			b.Fatalf("read %s: %v", f, errs)
		}
		for _, a := range as {
			size += int64(len(a.Text) + len(a.Title))
		}
		arts = append(arts, as...)
	}
	x := extractor(b)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, a := range arts {
			if _, err := x.Extract(b.Context(), a); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkNew measures loading the lexicon and building the gazetteer
// tries and cue lexicon (what each process pays once).
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := extract.New(extract.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
