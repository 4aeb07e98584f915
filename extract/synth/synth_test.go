package synth

import (
	"reflect"
	"sort"
	"testing"

	"github.com/dipgraph/dipgraph/extract"
)

func TestDeterministic(t *testing.T) {
	g1, err := New(Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	g2, _ := New(Options{Seed: 7})
	g3, _ := New(Options{Seed: 8})
	for _, i := range []int{0, 1, 99, 12345} {
		if !reflect.DeepEqual(g1.Document(i), g2.Document(i)) {
			t.Errorf("Document(%d) differs between two generators with seed 7", i)
		}
	}
	if reflect.DeepEqual(g1.Document(3), g3.Document(3)) {
		t.Errorf("Document(3) is the same for seeds 7 and 8")
	}
}

// TestValidDocuments: every relation names an entity of its document, and
// types are SPEC types.
func TestValidDocuments(t *testing.T) {
	g, err := New(Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	rels := map[string]bool{}
	for _, r := range extract.RelationTypes {
		rels[r] = true
	}
	for i, d := range g.Documents(300) {
		names := map[string]bool{}
		for _, e := range d.Entities {
			names[e.Name] = true
		}
		for _, r := range d.Relations {
			if !names[r.Source] || !names[r.Target] || !rels[r.Type] {
				t.Fatalf("Document(%d): bad relation %+v", i, r)
			}
		}
		if d.Article.ContentHash == "" || d.Article.Date == nil {
			t.Fatalf("Document(%d): article meta incomplete: %+v", i, d.Article)
		}
	}
}

// TestZipfHubs: popularity is skewed, so the most frequent country
// appears in many more articles than the median one, and some pair of
// countries meets far more often than most.
func TestZipfHubs(t *testing.T) {
	g, err := New(Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	freq := map[string]int{}
	pairs := map[string]int{}
	const n = 5000
	for _, d := range g.Documents(n) {
		for _, e := range d.Entities {
			if e.Type == extract.TypeCountry {
				freq[e.Name]++
			}
		}
		for _, r := range d.Relations {
			if r.Type == extract.RelMeets {
				pairs[r.Source+"|"+r.Target]++
			}
		}
	}
	var counts []int
	for _, c := range freq {
		counts = append(counts, c)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(counts)))
	if counts[0] < n/5 || counts[0] < 20*counts[len(counts)/2] {
		t.Errorf("country frequencies top %d, median %d: want a hub in ≥ 20%% of articles and ≥ 20× the median", counts[0], counts[len(counts)/2])
	}
	top := 0
	for _, c := range pairs {
		top = max(top, c)
	}
	if top < n/50 {
		t.Errorf("most frequent MEETS pair appears %d times in %d articles, want a hub edge (≥ %d)", top, n, n/50)
	}
}

func TestHubPair(t *testing.T) {
	g, err := New(Options{Seed: 3, HubPair: true})
	if err != nil {
		t.Fatal(err)
	}
	key := ""
	for i := range 50 {
		for _, r := range g.Document(i).Relations {
			if r.Type == extract.RelMeets {
				if k := r.Source + "|" + r.Target; key == "" {
					key = k
				} else if k != key {
					t.Fatalf("HubPair: article %d meets %s, want %s", i, k, key)
				}
			}
		}
	}
}
