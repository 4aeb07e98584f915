package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func fixtureOptions(t *testing.T) options {
	t.Helper()
	return options{
		countries: filepath.Join("testdata", "src", "countries.json"),
		cities:    filepath.Join("testdata", "src", "cities.json"),
		data:      filepath.Join("testdata", "data"),
		out:       t.TempDir(),
		minPop:    50000,
	}
}

// TestGenerateGolden runs the generator over small hand-written inputs and
// compares the output with testdata/golden (go test -update rewrites it).
func TestGenerateGolden(t *testing.T) {
	o := fixtureOptions(t)
	files, err := generate(o, &report{})
	if err != nil {
		t.Fatal(err)
	}
	again, err := generate(o, &report{})
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		if !bytes.Equal(f.data, again[i].data) {
			t.Errorf("%s: two runs over the same input differ", f.name)
		}
		golden := filepath.Join("testdata", "golden", f.name)
		if *update {
			if err := os.WriteFile(golden, f.data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(f.data, want) {
			t.Errorf("%s differs from %s (run go test ./internal/gazgen -update to accept)\ngot:\n%s", f.name, golden, f.data)
		}
	}
}

// TestOverrideRules checks the rules one by one on the fixture output.
func TestOverrideRules(t *testing.T) {
	o := fixtureOptions(t)
	files, err := generate(o, &report{})
	if err != nil {
		t.Fatal(err)
	}
	countries := parseTSV(t, files[0].data)
	cities := parseTSV(t, files[1].data)
	byName := map[string]map[string]string{}
	for _, r := range countries {
		byName[r["name"]] = r
	}
	tests := []struct {
		name, state, column, want string
		present                   bool
	}{
		{"override sets the canonical name", "Turkey", "iso3", "TUR", true},
		{"source name becomes an alias", "Turkey", "aliases", "Türkiye", true},
		{"two-letter source codes are dropped", "Iceland", "aliases", "IS", false},
		{"override adds allowed codes", "United States", "aliases", "US", true},
		{"override adds U.S.", "United States", "aliases", "U.S.", true},
		{"native name folding to an English word is dropped", "Iceland", "aliases", "Island", false},
		{"native names are dropped", "Germany", "aliases", "Bundesrepublik Deutschland", false},
		{"official name is an alias", "Germany", "aliases", "Federal Republic of Germany", true},
		{"non-English alternative spelling is dropped", "Dominica", "aliases", "Dominique", false},
		{"shared demonym goes to the override's state", "Dominican Republic", "demonyms", "Dominican", true},
		{"shared demonym leaves the other state", "Dominica", "demonyms", "Dominican", false},
		{"plural of -an demonym", "United States", "demonyms", "Americans", true},
		{"split demonym list", "Antigua and Barbuda", "demonyms", "Barbudan", true},
		{"drop_aliases removes a capital metonym", "Antigua and Barbuda", "capitals", "Saint John's", false},
		{"override adds capital", "United States", "capitals", "Washington", true},
		{"capital equal to the name is not a metonym", "Singapore", "capitals", "Singapore", false},
		{"status table adds observers", "Vatican City", "status", "observer", true},
		{"status table adds others", "Kosovo", "status", "other", true},
		{"state missing from the source", "Somaliland", "iso3", "XSL", true},
		{"parenthesised qualifier dropped", "Vatican City", "aliases", "Holy See (Vatican City State)", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := byName[tt.state]
			if !ok {
				t.Fatalf("no row for %s", tt.state)
			}
			got := r[tt.column]
			has := got == tt.want
			if !has {
				for _, it := range strings.Split(got, "|") {
					if it == tt.want {
						has = true
					}
				}
			}
			if has != tt.present {
				t.Errorf("%s %s = %q; want %q present=%v", tt.state, tt.column, got, tt.want, tt.present)
			}
		})
	}
	if _, ok := byName["Hong Kong"]; ok {
		t.Error("Hong Kong (not a UN member, not in the status table) is listed as a state")
	}

	cityRow := map[string]map[string]string{}
	for _, r := range cities {
		cityRow[r["name"]+"/"+r["iso2"]] = r
	}
	cityTests := []struct {
		name, key string
		present   bool
		column    string
		want      string
	}{
		{"capital kept whatever its size", "Vatican City/VA", true, "capital", "yes"},
		{"small town dropped", "Smallville/US", false, "", ""},
		{"keep list wins over population", "Bodrum/TR", true, "capital", "no"},
		{"stop-list drops a word", "Mobile/US", false, "", ""},
		{"a demonym is not a city", "Turkish/US", false, "", ""},
		{"a city-state's capital stays", "Singapore/SG", true, "capital", "yes"},
		{"country column is the canonical name", "Istanbul/TR", true, "country", "Turkey"},
		{"duplicate keeps the most populous", "Istanbul/TR", true, "population", "15701602"},
		{"alias from city_aliases.tsv", "Istanbul/TR", true, "aliases", "Constantinople"},
		{"English name replaces GeoNames'", "Cologne/DE", true, "aliases", "Köln"},
		{"ascii column folds diacritics", "Reykjavík/IS", true, "ascii", "Reykjavik"},
		{"stop-listed fold leaves ascii empty", "Malé/MV", true, "ascii", ""},
		{"territory keeps its own name", "Hong Kong/HK", true, "country", "Hong Kong"},
		{"capital matched through add_capitals", "Washington/US", true, "capital", "yes"},
	}
	for _, tt := range cityTests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := cityRow[tt.key]
			if ok != tt.present {
				t.Fatalf("%s present=%v, want %v", tt.key, ok, tt.present)
			}
			if ok && r[tt.column] != tt.want {
				t.Errorf("%s %s = %q, want %q", tt.key, tt.column, r[tt.column], tt.want)
			}
		})
	}
}

func TestRunWritesFiles(t *testing.T) {
	o := fixtureOptions(t)
	out := filepath.Join(o.out, "sub")
	var stderr bytes.Buffer
	args := []string{"-countries", o.countries, "-cities", o.cities, "-data", o.data, "-out", out}
	if code := run(args, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, n := range []string{"countries.tsv", "cities.tsv"} {
		if _, err := os.Stat(filepath.Join(out, n)); err != nil {
			t.Error(err)
		}
	}
	if code := run(append(args, "-check"), &stderr); code != 0 {
		t.Errorf("-check after a run: exit %d: %s", code, stderr.String())
	}
	if err := os.WriteFile(filepath.Join(out, "cities.tsv"), []byte("stale\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run(append(args, "-check"), &stderr); code != 1 {
		t.Errorf("-check on a stale file: exit %d, want 1", code)
	}
	if code := run([]string{"-countries", o.countries}, &stderr); code != 2 {
		t.Errorf("missing -cities: exit %d, want 2", code)
	}
}

// TestBadInputs checks that each bad input is an error naming the file and,
// for tables, the line.
func TestBadInputs(t *testing.T) {
	tests := []struct {
		name    string
		file    string // file of testdata/data to replace
		content string
		wantErr string
	}{
		{"bad header", "country_overrides.tsv", "iso3\tname\n", "country_overrides.tsv:1: header"},
		{"bad iso3", "country_overrides.tsv", strings.Join(overridesHeader, "\t") + "\nUS\tX\n", "country_overrides.tsv:2: iso3"},
		{"too many fields", "country_overrides.tsv", strings.Join(overridesHeader, "\t") + "\nUSA\ta\tb\tc\td\te\tf\n", "country_overrides.tsv:2: 7 fields"},
		{"duplicate override", "country_overrides.tsv", strings.Join(overridesHeader, "\t") + "\nUSA\n\nUSA\n", "country_overrides.tsv:4: USA already"},
		{"override of a state not included", "country_overrides.tsv", strings.Join(overridesHeader, "\t") + "\nHKG\tHong Kong\n", "HKG is neither a UN member"},
		{"bad status", "country_status.tsv", "iso3\tiso2\tstatus\nVAT\tVA\tmember\n", "country_status.tsv:2: status"},
		{"added state without a name", "country_status.tsv", "iso3\tiso2\tstatus\nVAT\tVA\tobserver\nUNK\tXK\tother\nXSL\t\tother\nXXA\t\tother\n", "XXA is not in the source"},
		{"invalid UTF-8", "city_stoplist.txt", "ok\n\xff\xfe\n", "city_stoplist.txt:2: invalid UTF-8"},
		{"keep without code", "city_keep.tsv", "name\tiso2\nDavos\n", "city_keep.tsv:2"},
		{"empty table", "city_aliases.tsv", "", "city_aliases.tsv: no header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, n := range []string{overridesFile, statusFile, stoplistFile, cityKeepFile, cityAliasesFile} {
				b, err := os.ReadFile(filepath.Join("testdata", "data", n))
				if err != nil {
					t.Fatal(err)
				}
				if n == tt.file {
					b = []byte(tt.content)
				}
				if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			o := fixtureOptions(t)
			o.data = dir
			_, err := generate(o, &report{})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestBadSources(t *testing.T) {
	tests := []struct {
		name, countries, cities, wantErr string
	}{
		{"truncated countries JSON", `[{"cca3": "USA"`, `{}`, "countries.json: unexpected EOF"},
		{"country without cca3", `[{"name": {"common": "X"}}]`, `{}`, "record 0: missing cca3"},
		{"duplicate cca3", `[{"cca3":"AAA","name":{"common":"A"}},{"cca3":"AAA","name":{"common":"B"}}]`, `{}`, "duplicate cca3 AAA"},
		{"cities not an object", `[]`, `[]`, "cities.json"},
		{"city without country", `[]`, `{"1": {"name": "X"}}`, "city 1: missing name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			o := fixtureOptions(t)
			o.countries = filepath.Join(dir, "countries.json")
			o.cities = filepath.Join(dir, "cities.json")
			if err := os.WriteFile(o.countries, []byte(tt.countries), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(o.cities, []byte(tt.cities), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := generate(o, &report{})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestHelpers(t *testing.T) {
	folds := map[string]string{
		"Çırağan": "Ciragan", "Reykjavík": "Reykjavik", "Łódź": "Lodz", "Ts’khinvali": "Ts'khinvali",
		"São Tomé": "Sao Tome", "Москва": "Москва",
	}
	for in, want := range folds {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
	plurals := map[string]string{"Ukrainian": "Ukrainians", "Israeli": "Israelis", "Swiss": "", "Turkmen": ""}
	for in, want := range plurals {
		if got := plural(in); got != want {
			t.Errorf("plural(%q) = %q, want %q", in, got, want)
		}
	}
	vocab := map[string]bool{"republic": true, "of": true, "korea": true, "congo": true, "dr": true}
	alts := map[string]bool{ // alternative spelling → kept
		"Republic of Korea": true, "DR Congo": true, "KR": false, "U.S.": false, "DPRK": false,
		"Korea, Republic of": false, "남한": false, "Hanguk": false, "Republic (of Korea)": false,
	}
	for in, want := range alts {
		if got := rejectAlt(in, map[string]bool{}, vocab) == ""; got != want {
			t.Errorf("rejectAlt(%q) kept=%v, want %v", in, got, want)
		}
	}
}

func FuzzReadTable(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "data", "*.tsv"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("iso3\tname\tadd_aliases\tadd_demonyms\tadd_capitals\tdrop_aliases\n\t\t\t\t\t\t\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := readTable("fuzz.tsv", bytes.NewReader(data), overridesHeader)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.tsv") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		for _, r := range rows {
			if len(r.fields) != len(overridesHeader) {
				t.Errorf("line %d: %d fields", r.line, len(r.fields))
			}
		}
	})
}

// parseTSV reads generated output into maps keyed by column name.
func parseTSV(t *testing.T, data []byte) []map[string]string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	header := strings.Split(lines[0], "\t")
	var out []map[string]string
	for i, l := range lines[1:] {
		if strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != len(header) {
			t.Fatalf("line %d: %d fields, want %d: %q", i+2, len(f), len(header), l)
		}
		m := map[string]string{}
		for j, h := range header {
			m[h] = f[j]
		}
		out = append(out, m)
	}
	return out
}
