package lexicon

import (
	"bufio"
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed data
var embedded embed.FS

// Country is one state of countries.tsv (canonical short English name).
type Country struct {
	Name     string
	Official string
	ISO2     string
	ISO3     string
	Status   string
	Aliases  []string
	Demonyms []string
	Capitals []string
}

// City is one place of cities.tsv (GeoNames-derived).
type City struct {
	Name       string
	ASCII      string
	Country    string
	ISO2       string
	Population int
	Capital    bool
	Aliases    []string
}

// Venue is a named diplomatic site of venues.tsv (palaces, resorts, bases).
type Venue struct {
	Name    string
	Country string
	Aliases []string
	Kind    string
}

// Org is an international organization or non-state group of
// organizations.tsv. Kind "media" marks news agencies and outlets, which
// are recognised only so that they are never taken for actors.
type Org struct {
	Name    string
	Aliases []string
	Kind    string
	Country string // the state an institution stands for ("White House"), if any
}

// Role is one office an actor held.
type Role struct {
	Title   string `yaml:"title"`
	Country string `yaml:"country"`
	From    string `yaml:"from"`
	To      string `yaml:"to"`
}

// Actor is one person of the actor dictionary (actors.yaml).
type Actor struct {
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases"`
	Country string   `yaml:"country"`
	Roles   []Role   `yaml:"roles"`
}

// RoleAt returns the actor's role on date (YYYY-MM-DD; "" means the latest).
func (a *Actor) RoleAt(date string) (Role, bool) {
	if len(a.Roles) == 0 {
		return Role{}, false
	}
	if date != "" {
		for _, r := range a.Roles {
			if (r.From == "" || r.From <= date) && (r.To == "" || date <= r.To) {
				return r, true
			}
		}
	}
	// latest role: open-ended first, else the one that ended last
	best := a.Roles[0]
	for _, r := range a.Roles[1:] {
		if best.To != "" && (r.To == "" || r.To > best.To) {
			best = r
		}
	}
	return best, true
}

// Cues is the cue lexicon (cues.yaml): phrases per family, written as they
// appear in text (all inflections listed).
type Cues struct {
	// Relation cue families. Keys are family names used by the extractor
	// (for example "mediate_verb", "mediate_passive", "propose_verb").
	Families map[string][]string `yaml:"families"`
	// Hyphen suffixes after an actor ("brokered" in "Turkish-brokered"),
	// mapped to the relation family they signal.
	Hyphen map[string]string `yaml:"hyphen"`
	// Proposal head nouns grouped by synonym set; the group name is used
	// to merge mentions of one proposal.
	Proposals map[string][]string `yaml:"proposals"`
	// Generic proposal containers ("proposal", "offer", "plan") whose
	// complement names the real proposal.
	Containers []string `yaml:"containers"`
	// Anaphoric nouns that refer back to the last proposal ("the deal").
	Anaphors []string `yaml:"anaphors"`
	// Titles and roles that introduce a person ("Foreign Minister").
	Titles []string `yaml:"titles"`
	// Title modifiers that may precede a title ("acting", "special").
	TitleModifiers []string `yaml:"title_modifiers"`
	// Second parts of demonym compounds that name a people rather than a
	// second state ("Greek-Cypriot", "Iraqi-Kurdish"); other compounds of
	// two demonyms name two states ("Qatari-Turkish mediators").
	EthnicCompounds []string `yaml:"ethnic_compounds"`
	// Words inside an actor group ("Venezuela's government and the
	// opposition Unitary Platform") that do not end it.
	ActorModifiers []string `yaml:"actor_modifiers"`
	// Honorifics skipped before a name ("Mr", "Datuk Seri", "H.E.").
	Honorifics []string `yaml:"honorifics"`
	// Words that exclude a person from being a Leader ("journalist").
	NonLeaders []string `yaml:"non_leaders"`
	// Delegation nouns ("delegation", "team", "negotiators").
	Delegations []string `yaml:"delegations"`
	// Event nouns and verbs that make a place a Venue ("talks", "summit").
	Events []string `yaml:"events"`
	// Reporting verbs ("said", "told").
	Reporting []string `yaml:"reporting"`
	// Hedges and conditionals that lower confidence ("could", "if").
	Hedges []string `yaml:"hedges"`
	// Negations before a verb: an accept cue then counts as a rejection,
	// a meeting or attendance cue as nothing ("did not attend").
	Negations []string `yaml:"negations"`
	// Adverbs that may stand between a negation and its verb ("has so
	// far not agreed").
	NegationGap []string `yaml:"negation_gap"`
	// Plural references to two or more actors ("the two countries").
	Plurals map[string][]string `yaml:"plurals"`
	// Name particles allowed inside person names ("al", "bin", "van").
	Particles []string `yaml:"particles"`
	// Capitalised words that never start or form a person name.
	NotNames []string `yaml:"not_names"`
}

// Lexicon is all extractor data, loaded once.
type Lexicon struct {
	Countries []Country
	Cities    []City
	Venues    []Venue
	Orgs      []Org
	Actors    []Actor
	Cues      Cues
	// CityStop lists city names never taken as places (common words).
	CityStop map[string]bool
	// Metonyms maps institutions to the state they stand for ("Kremlin").
	Metonyms map[string]string
	// Sources lists which file each data set came from (embedded or the
	// override directory), for --verbose and docs.
	Sources map[string]string
}

// Load reads the embedded data, replacing each file by a same-named file in
// dir when dir is non-empty and holds one. A missing gazetteer file is
// allowed (the extractor then knows fewer names); a malformed one is an
// error naming the file and line.
func Load(dir string) (*Lexicon, error) {
	lx := &Lexicon{CityStop: map[string]bool{}, Metonyms: map[string]string{}, Sources: map[string]string{}}
	read := func(name string) ([]byte, string, error) {
		if dir != "" {
			p := filepath.Join(dir, name)
			b, err := os.ReadFile(p)
			if err == nil {
				return b, p, nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return nil, p, fmt.Errorf("read lexicon file %s: %w", p, err)
			}
		}
		b, err := embedded.ReadFile("data/" + name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, "", nil
			}
			return nil, "", err
		}
		return b, "embedded:" + name, nil
	}
	type loader struct {
		name string
		fn   func([]byte, string) error
	}
	loaders := []loader{
		{"countries.tsv", lx.loadCountries},
		{"cities.tsv", lx.loadCities},
		{"venues.tsv", lx.loadVenues},
		{"organizations.tsv", lx.loadOrgs},
		{"metonyms.tsv", lx.loadMetonyms},
		{"city_stoplist.txt", lx.loadStop},
		{"actors.yaml", lx.loadActors},
		{"cues.yaml", lx.loadCues},
	}
	for _, l := range loaders {
		b, src, err := read(l.name)
		if err != nil {
			return nil, err
		}
		if b == nil {
			continue
		}
		lx.Sources[l.name] = src
		if err := l.fn(b, src); err != nil {
			return nil, err
		}
	}
	return lx, nil
}

// tsv calls fn with the fields of each data row, keyed by the header row.
func tsv(b []byte, src string, fn func(line int, get func(string) string) error) error {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var header map[string]int
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f := strings.Split(s, "\t")
		if header == nil {
			header = map[string]int{}
			for i, h := range f {
				header[strings.TrimSpace(strings.ToLower(h))] = i
			}
			continue
		}
		get := func(k string) string {
			i, ok := header[k]
			if !ok || i >= len(f) {
				return ""
			}
			return strings.TrimSpace(f[i])
		}
		if err := fn(line, get); err != nil {
			return fmt.Errorf("%s:%d: %w", src, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	return nil
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, x := range strings.Split(s, "|") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func (lx *Lexicon) loadCountries(b []byte, src string) error {
	return tsv(b, src, func(_ int, get func(string) string) error {
		c := Country{Name: get("name"), Official: get("official"), ISO2: get("iso2"), ISO3: get("iso3"), Status: get("status"),
			Aliases: list(get("aliases")), Demonyms: list(get("demonyms")), Capitals: list(get("capitals"))}
		if c.Name == "" {
			return errors.New("country without a name")
		}
		lx.Countries = append(lx.Countries, c)
		return nil
	})
}

func (lx *Lexicon) loadCities(b []byte, src string) error {
	return tsv(b, src, func(_ int, get func(string) string) error {
		pop, _ := strconv.Atoi(get("population"))
		capital := get("capital")
		c := City{Name: get("name"), ASCII: get("ascii"), Country: get("country"), ISO2: get("iso2"), Population: pop,
			Capital: capital != "" && capital != "0" && capital != "false" && capital != "no", Aliases: list(get("aliases"))}
		if c.Name == "" {
			return errors.New("city without a name")
		}
		lx.Cities = append(lx.Cities, c)
		return nil
	})
}

func (lx *Lexicon) loadVenues(b []byte, src string) error {
	return tsv(b, src, func(_ int, get func(string) string) error {
		v := Venue{Name: get("name"), Country: get("country"), Aliases: list(get("aliases")), Kind: get("kind")}
		if v.Name == "" {
			return errors.New("venue without a name")
		}
		lx.Venues = append(lx.Venues, v)
		return nil
	})
}

func (lx *Lexicon) loadOrgs(b []byte, src string) error {
	return tsv(b, src, func(_ int, get func(string) string) error {
		o := Org{Name: get("name"), Aliases: list(get("aliases")), Kind: get("kind"), Country: get("country")}
		if o.Name == "" {
			return errors.New("organization without a name")
		}
		lx.Orgs = append(lx.Orgs, o)
		return nil
	})
}

func (lx *Lexicon) loadMetonyms(b []byte, src string) error {
	return tsv(b, src, func(_ int, get func(string) string) error {
		n, c := get("name"), get("country")
		if n == "" || c == "" {
			return errors.New("metonym needs name and country")
		}
		lx.Metonyms[n] = c
		return nil
	})
}

func (lx *Lexicon) loadStop(b []byte, _ string) error {
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		lx.CityStop[l] = true
	}
	return nil
}

func (lx *Lexicon) loadActors(b []byte, src string) error {
	var doc struct {
		Actors []Actor `yaml:"actors"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	for i, a := range doc.Actors {
		if a.Name == "" {
			return fmt.Errorf("%s: actor %d has no name", src, i+1)
		}
	}
	lx.Actors = doc.Actors
	return nil
}

func (lx *Lexicon) loadCues(b []byte, src string) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var c Cues
	if err := dec.Decode(&c); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	lx.Cues = c
	return nil
}
