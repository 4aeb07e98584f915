package queries

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

//go:embed packs
var packsFS embed.FS

// namedFS is a file system with a name for error messages and Query.File.
type namedFS struct {
	fs.FS
	name string
}

// Embedded returns the packs built into the binary (packs/<pack>/*.cypher).
func Embedded() fs.FS {
	sub, err := fs.Sub(packsFS, "packs")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return namedFS{sub, "queries/packs"}
}

// Dir returns a user directory of packs: <dir>/<pack>/<name>.cypher, or
// <dir>/<name>.cypher with the pack taken from the header (else "user").
func Dir(dir string) fs.FS { return namedFS{os.DirFS(dir), dir} }

// Catalog is a set of queries with unique names.
type Catalog struct {
	byName map[string]*Query
	// Replaced lists embedded queries that a later file system replaced,
	// as "name (file)".
	Replaced []string
}

// Load reads every *.cypher file of each file system in turn; a query in a
// later one replaces an earlier query of the same name (user packs over
// embedded ones). Files that fail to parse, or repeat a name within one
// file system, are left out and reported together in the returned error
// (each naming the file and line); the catalog still holds the rest.
func Load(fsyss ...fs.FS) (*Catalog, error) {
	c := &Catalog{byName: map[string]*Query{}}
	var errs []error
	for _, fsys := range fsyss {
		root := "."
		if n, ok := fsys.(namedFS); ok {
			root = n.name
		}
		local := map[string]string{} // name → file, within this fs
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", path.Join(root, p), err))
				if d != nil && d.IsDir() && p != "." {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != "." && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(p, ".cypher") {
				return nil
			}
			file := path.Join(root, p)
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", file, err))
				return nil
			}
			q, err := Parse(file, string(data))
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			if q.Pack == "" {
				q.Pack = "user"
				if dir := path.Dir(p); dir != "." {
					q.Pack = strings.Split(dir, "/")[0]
				}
			}
			if prev, dup := local[q.Name]; dup {
				errs = append(errs, &ParseError{File: file, Msg: fmt.Sprintf("query name %s already used by %s", q.Name, prev)})
				return nil
			}
			local[q.Name] = file
			if old, ok := c.byName[q.Name]; ok {
				c.Replaced = append(c.Replaced, fmt.Sprintf("%s (%s replaced by %s)", q.Name, old.File, file))
			}
			c.byName[q.Name] = q
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", root, err))
		}
	}
	return c, errors.Join(errs...)
}

// Get returns the query called name.
func (c *Catalog) Get(name string) (*Query, bool) {
	q, ok := c.byName[name]
	return q, ok
}

// List returns every query ordered by pack, then name.
func (c *Catalog) List() []*Query {
	out := make([]*Query, 0, len(c.byName))
	for _, q := range c.byName {
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pack != out[j].Pack {
			return out[i].Pack < out[j].Pack
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Names returns every query name, sorted.
func (c *Catalog) Names() []string {
	out := make([]string, 0, len(c.byName))
	for n := range c.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Packs returns the pack names, sorted.
func (c *Catalog) Packs() []string {
	seen := map[string]bool{}
	var out []string
	for _, q := range c.byName {
		if !seen[q.Pack] {
			seen[q.Pack] = true
			out = append(out, q.Pack)
		}
	}
	sort.Strings(out)
	return out
}
