package extract_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dipgraph/dipgraph/extract"
	"github.com/dipgraph/dipgraph/extract/article"
)

var update = flag.Bool("update", false, "rewrite golden files")

var (
	exOnce sync.Once
	ex     *extract.Extractor
	exErr  error
)

func extractor(t testing.TB) *extract.Extractor {
	t.Helper()
	exOnce.Do(func() { ex, exErr = extract.New(extract.Options{}) })
	if exErr != nil {
		t.Fatalf("extract.New: %v", exErr)
	}
	return ex
}

func readArticle(t testing.TB, path string) article.Article {
	t.Helper()
	arts, errs := article.ReadFile(t.Context(), path, article.Options{})
	if len(errs) > 0 || len(arts) != 1 {
		t.Fatalf("ReadFile(%s): %d articles, errors %v", path, len(arts), errs)
	}
	return arts[0]
}

// TestGolden extracts each text of testdata/cues (one per cue family,
// written for these tests) and compares with its .graph.json.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/cues/*.txt")
	if len(files) == 0 {
		t.Fatal("no golden inputs in testdata/cues")
	}
	x := extractor(t)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			a := readArticle(t, f)
			doc, err := x.Extract(t.Context(), a)
			if err != nil {
				t.Fatalf("Extract(%s): %v", f, err)
			}
			doc.Article.Source = ""
			got, err := doc.MarshalIndented()
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(f, ".txt") + ".graph.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden: %v (run: go test ./extract -run 'TestGolden/%s' -update)", err, name)
			}
			if !bytes.Equal(want, got) {
				t.Errorf("Extract(%s) differs from %s (-want +got):\n%s\naccept with: go test ./extract -run 'TestGolden/%s' -update",
					f, golden, lineDiff(string(want), string(got)), name)
			}
		})
	}
}

// lineDiff is a small line-oriented diff for golden mismatches.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	// longest common subsequence table
	n, m := len(al), len(bl)
	dp := make([][]int, n+1)
	for i := range dp {
		dp[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if al[i] == bl[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && al[i] == bl[j]:
			i++
			j++
		case j < m && (i == n || dp[i][j+1] >= dp[i+1][j]):
			out.WriteString("+ " + bl[j] + "\n")
			j++
		default:
			out.WriteString("- " + al[i] + "\n")
			i++
		}
	}
	return out.String()
}

// TestGoldenProperties checks what each cue family must show, so a
// regenerated golden file cannot silently lose the point of its text.
func TestGoldenProperties(t *testing.T) {
	x := extractor(t)
	tests := []struct {
		file string
		want []string // "TYPE source -> target" or "ENTITY Type name"; "!..." must be absent
	}{
		{"passive", []string{"MEDIATES Norway -> Armenia", "MEDIATES Switzerland -> Azerbaijan", "ACCEPTS Armenia -> 10-day ceasefire", "MEETS_IN Azerbaijan -> Oslo"}},
		{"hyphenated", []string{"MEDIATES Kenya -> Sudanese Armed Forces", "PROPOSES United States -> humanitarian corridor", "ACCEPTS Sudan -> humanitarian corridor"}},
		{"nominalisation", []string{"PROPOSES Albin Kurti -> prisoner exchange", "REJECTS Aleksandar Vučić -> prisoner exchange", "REJECTS Kosovo -> prisoner exchange"}},
		{"coordination", []string{"ACCEPTS Ecuador -> border agreement", "ACCEPTS Peru -> border agreement"}},
		{"apposition", []string{"ENTITY Leader Jonas Gahr Lindqvist", "ENTITY Leader Amina Darko", "MEETS Amina Darko -> Jonas Gahr Lindqvist"}},
		{"cross_sentence", []string{"MEETS Karl Nehammer -> Viola Amherd", "MEETS_IN Karl Nehammer -> Vienna", "PROPOSES Karl Nehammer -> joint summit on migration", "ACCEPTS Viola Amherd -> joint summit on migration"}},
		{"titles", []string{"REPRESENTS Hakan Fidan -> Turkey", "REPRESENTS Badr Abdelatty -> Egypt", "MEETS Badr Abdelatty -> Hakan Fidan", "PROPOSES António Guterres -> immediate ceasefire"}},
		{"delegations", []string{"LEADS Redwan Hussien -> Ethiopia delegation", "REPRESENTS Ethiopia delegation -> Ethiopia"}},
		{"visits", []string{"VISITS Narendra Modi -> Moscow", "VISITS Narendra Modi -> Vienna", "MEETS Karl Nehammer -> Narendra Modi"}},
		{"hedging", []string{"REJECTS Hamas -> latest ceasefire", "!MEDIATES Qatar -> Israel"}},
		{"metonyms", []string{"ENTITY Country Russia", "ENTITY Country Ukraine", "ENTITY Country United States"}},
		{"surnames", []string{"ENTITY Leader Kim Jong Un", "MEETS_IN Donald Trump -> Singapore", "ACCEPTS Kim Jong Un -> joint statement"}},
		{"joint_acts", []string{"MEETS Mozambican National Resistance -> Mozambique", "MEETS Filipe Nyusi -> Ossufo Momade",
			"MEETS Filipe Nyusi -> Lazarus Chakwera", "MEDIATES Angola -> Mozambique", "REJECTS Zimbabwe -> ceasefire",
			"REJECTS Mozambican National Resistance -> withdrawal of foreign troops",
			"!ACCEPTS Angola -> ceasefire", "!MEETS Angola -> Zambia", "!ACCEPTS Zimbabwe -> ceasefire", "!REJECTS Tanzania -> ceasefire",
			"!ACCEPTS Tanzania -> ceasefire", "!MEETS_IN Cyril Ramaphosa -> Pretoria", "!MEETS Cyril Ramaphosa -> Filipe Nyusi"}},
		{"mediation", []string{"MEDIATES Intergovernmental Authority on Development -> Kenya", "MEDIATES Qatar -> Somalia",
			"MEDIATES Turkey -> Kenya", "MEDIATES Djibouti -> Somalia", "MEDIATES Hailemariam Desalegn -> Kenya",
			"PROPOSES Qatar -> joint border commission",
			"!MEDIATES Hailemariam Desalegn -> Tanzania", "!MEDIATES Intergovernmental Authority on Development -> Djibouti",
			"!MEDIATES African Union -> Kenya"}},
		{"signatories", []string{"ACCEPTS Omar al-Bashir -> oil deal", "ACCEPTS Salva Kiir -> oil deal",
			"ACCEPTS Tamim bin Hamad Al Thani -> oil deal", "MEETS Hailemariam Desalegn -> Tamim bin Hamad Al Thani",
			"ACCEPTS South Sudan -> allow the free movement of citizens across the border",
			"ACCEPTS Sudan -> withdraw its troops from the disputed Abyei area", "ENTITY Country North Korea",
			"ENTITY Leader Tamim bin Hamad Al Thani", "!ENTITY Leader Al Thani"}},
		{"meeting_places", []string{"MEETS_IN William Ruto -> Addis Ababa", "MEETS_IN Abiy Ahmed -> Addis Ababa",
			"ACCEPTS William Ruto -> joint communique", "!MEETS_IN William Ruto -> Nairobi", "!MEETS_IN Abiy Ahmed -> Nairobi",
			"!MEETS_IN William Ruto -> Mombasa", "!MEETS_IN William Ruto -> Djibouti", "!MEETS_IN Abiy Ahmed -> Djibouti",
			"MEETS_IN William Ruto -> White House", "MEETS_IN Joe Biden -> White House", "MEETS Joe Biden -> William Ruto",
			"ENTITY Leader Joe Biden"}},
		{"proposals_visits", []string{"PROPOSES Sameh Shoukry -> ceasefire", "PROPOSES Hamas -> Israel release all Palestinian prisoners",
			"PROPOSES Jordan -> regional security pact", "PROPOSES Jared Kushner -> ease sanctions",
			"PROPOSES Benjamin Netanyahu -> deploy monitors", "VISITS Jared Kushner -> Cairo", "VISITS Jared Kushner -> Jerusalem",
			"VISITS Mike Pompeo -> Cairo", "!PROPOSES Qatar -> second round of talks", "!PROPOSES Jordan -> planned summit"}},
		{"pronouns", []string{"MEETS Andrzej Duda -> Cyril Ramaphosa", "VISITS Cyril Ramaphosa -> Warsaw", "MEETS_IN Cyril Ramaphosa -> Kyiv",
			"!MEETS Andrzej Duda -> Volodymyr Zelenskyy", "!VISITS Volodymyr Zelenskyy -> Warsaw"}},
		{"proposal_heads", []string{"PROPOSES European Union -> Agreement on the Path to Normalisation",
			"ACCEPTS Serbia -> normalisation deal", "ACCEPTS Serbia -> roadmap for implementation", "REJECTS Kosovo -> ceasefire",
			"!ENTITY Proposal normalisation", "!PROPOSES European Union -> Normalisation"}},
		{"nonstate_parties", []string{"MEETS Coordination of Azawad Movements -> Mali", "LEADS Abdoulaye Diop -> Mali delegation",
			"LEADS Bilal Ag Acherif -> Coordination of Azawad Movements delegation", "ENTITY Delegation Mali delegation",
			"REPRESENTS Bilal Ag Acherif -> Coordination of Azawad Movements"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, err := x.Extract(t.Context(), readArticle(t, "testdata/cues/"+tt.file+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			have := map[string]bool{}
			for _, e := range doc.Entities {
				have["ENTITY "+e.Type+" "+e.Name] = true
			}
			for _, r := range doc.Relations {
				have[r.Type+" "+r.Source+" -> "+r.Target] = true
				if r.Type == extract.RelMeets {
					have[r.Type+" "+r.Target+" -> "+r.Source] = true
				}
			}
			for _, w := range tt.want {
				if strings.HasPrefix(w, "!") {
					// a relation the text must not yield (negated, hedged,
					// still to come)
					if have[w[1:]] {
						t.Errorf("Extract(%s): has %q, which the text does not state", tt.file, w[1:])
					}
					continue
				}
				if !have[w] {
					b, _ := json.MarshalIndent(doc.Relations, "", " ")
					t.Errorf("Extract(%s): missing %q; relations:\n%s", tt.file, w, b)
				}
			}
		})
	}
}

// TestEndpoints checks on the seed article that every relation names
// entities of the document and output is byte-stable.
func TestEndpoints(t *testing.T) {
	x := extractor(t)
	a := readArticle(t, "../examples/istanbul-talks-2025-05-16.txt")
	d1, err := x.Extract(t.Context(), a)
	if err != nil {
		t.Fatal(err)
	}
	d2, _ := x.Extract(t.Context(), a)
	b1, _ := d1.MarshalIndented()
	b2, _ := d2.MarshalIndented()
	if !bytes.Equal(b1, b2) {
		t.Error("Extract is not deterministic")
	}
	checkEndpoints(t, d1)
	if len(d1.Relations) == 0 {
		t.Error("no relations from the seed article")
	}
}

func checkEndpoints(t testing.TB, d extract.Document) {
	t.Helper()
	names := map[string]bool{}
	for _, e := range d.Entities {
		names[e.Name] = true
	}
	for _, r := range d.Relations {
		if !names[r.Source] || !names[r.Target] {
			t.Errorf("relation %s %q -> %q names an entity not in the document", r.Type, r.Source, r.Target)
		}
	}
}
