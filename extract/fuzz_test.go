package extract_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/extract/article"
)

// FuzzExtract: arbitrary text never panics, always gives valid JSON, and
// every relation endpoint names an entity of the document.
func FuzzExtract(f *testing.F) {
	seeds := []string{
		"",
		"Russia and Ukraine held talks in Istanbul mediated by Turkey.",
		"U.S.-backed proposal. Putin rejected an offer by Zelenskyy for a face-to-face meeting.",
		"The Ukrainian delegation is being led by Defense Minister Rustem Umerov",
		"\u201cWe agree,\u201d he said. The two leaders met in Doha, Qatar's capital.",
		"al- bin , , - -- 's 's U.S. U.N. Mr. Dr. . . ! ?",
		"ISLAMABAD: Pakistan's delegation was led by",
		"\x00\xff\xfe broken \u2019s",
	}
	for _, s := range seeds {
		f.Add(s, "Title")
	}
	x := extractor(f)
	f.Fuzz(func(t *testing.T, text, title string) {
		a := article.Article{ID: "fuzz", Title: title, Text: text, Date: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}
		doc, err := x.Extract(t.Context(), a)
		if err != nil {
			t.Fatalf("Extract: %v", err)
		}
		b, err := doc.MarshalIndented()
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		if !json.Valid(b) {
			t.Fatalf("invalid JSON: %s", b)
		}
		checkEndpoints(t, doc)
	})
}
