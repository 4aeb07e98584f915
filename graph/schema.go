package graph

import (
	"context"
	"fmt"
	"time"
)

// SchemaItem is one constraint or index the model needs.
type SchemaItem struct {
	Name       string   `json:"name"`
	Kind       string   `json:"kind"` // "unique" or "index" or "fulltext"
	Label      Label    `json:"label"`
	Properties []string `json:"properties"`
	// Cypher creates it idempotently (IF NOT EXISTS).
	Cypher string `json:"-"`
}

func unique(name string, l Label, prop string) SchemaItem {
	return SchemaItem{Name: name, Kind: "unique", Label: l, Properties: []string{prop},
		Cypher: fmt.Sprintf("CREATE CONSTRAINT %s IF NOT EXISTS FOR (n:%s) REQUIRE n.%s IS UNIQUE", name, l, prop)}
}

func index(name string, l Label, prop string) SchemaItem {
	return SchemaItem{Name: name, Kind: "index", Label: l, Properties: []string{prop},
		Cypher: fmt.Sprintf("CREATE INDEX %s IF NOT EXISTS FOR (n:%s) ON (n.%s)", name, l, prop)}
}

// Schema lists the constraints and indexes of docs/model.md: one
// uniqueness constraint per node key (they also back every MERGE), the
// entity uid the loader matches relationship endpoints by, and indexes for
// lookups by name, content hash, source and article id. Aliases are
// indexed through the Alias nodes' constraint.
var Schema = []SchemaItem{
	unique("article_key", Article, "key"),
	unique("country_name", Country, "name"),
	unique("leader_name", Leader, "name"),
	unique("venue_name", Venue, "name"),
	unique("organization_name", Organization, "name"),
	unique("delegation_key", Delegation, "key"),
	unique("proposal_key", Proposal, "key"),
	unique("alias_name", Alias, "name"),
	unique("source_name", Source, "name"),
	unique("entity_uid", Entity, "uid"),
	index("entity_name", Entity, "name"),
	index("article_content_hash", Article, "content_hash"),
	index("article_source", Article, "source"),
	index("article_id", Article, "id"),
	index("article_date", Article, "date"),
	index("article_duplicate_of", Article, "duplicate_of"),
	{Name: "entity_fulltext", Kind: "fulltext", Label: Entity, Properties: []string{"name", "aliases"},
		Cypher: "CREATE FULLTEXT INDEX entity_fulltext IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases]"},
}

// EnsureSchema creates every constraint and index that does not exist yet
// and waits until all indexes are online. It is idempotent and cheap when
// the schema is in place, so the loader runs it before every load.
func EnsureSchema(ctx context.Context, db *DB) error {
	for _, it := range Schema {
		if _, err := db.Run(ctx, it.Cypher, nil, false); err != nil {
			return fmt.Errorf("schema %s: %w", it.Name, err)
		}
	}
	if _, err := db.Run(ctx, "CALL db.awaitIndexes($timeout)", map[string]any{"timeout": int64((5 * time.Minute).Seconds())}, false); err != nil {
		return fmt.Errorf("schema: wait for indexes: %w", err)
	}
	return migrate(ctx, db)
}

// migrations convert what earlier dipgraph versions wrote. Each runs only
// when its old property key was ever used in the database (db.propertyKeys
// lists every key ever created), so a graph this version wrote pays one
// catalogue lookup; a converted old graph pays a scan of its SPEC-type
// relationships that finds nothing.
var migrations = []struct{ name, oldKey, cypher string }{
	// Per-article confidences are whole percent in a string list now
	// (graph.RelRow.ConfidencePct says why; docs/model.md). The first
	// versions kept a float list, the next an integer list.
	{"confidences to confidence_pcts", "confidences", `
MATCH ()-[x:` + RelTypePattern() + `]->() WHERE x.confidences IS NOT NULL
CALL (x) {
  SET x.confidence_pcts = [c IN x.confidences | toString(toInteger(round(c * 100)))],
      x.confidence = round(x.confidence, 2), x.confidences = null
} IN TRANSACTIONS OF 10000 ROWS`},
	{"confidences_pct to confidence_pcts", "confidences_pct", `
MATCH ()-[x:` + RelTypePattern() + `]->() WHERE x.confidences_pct IS NOT NULL
CALL (x) {
  SET x.confidence_pcts = [c IN x.confidences_pct | toString(c)], x.confidences_pct = null
} IN TRANSACTIONS OF 10000 ROWS`},
}

func migrate(ctx context.Context, db *DB) error {
	res, err := db.Run(ctx, "CALL db.propertyKeys() YIELD propertyKey RETURN collect(propertyKey)", nil, true)
	if err != nil {
		return fmt.Errorf("schema: property keys: %w", err)
	}
	used := map[string]bool{}
	if len(res.Rows) == 1 {
		keys, _ := res.Rows[0][0].([]any)
		for _, k := range keys {
			if s, ok := k.(string); ok {
				used[s] = true
			}
		}
	}
	for _, m := range migrations {
		if !used[m.oldKey] {
			continue
		}
		if _, err := db.Run(ctx, m.cypher, nil, false); err != nil {
			return fmt.Errorf("schema: migrate %s: %w", m.name, err)
		}
	}
	return nil
}

// SchemaRow is one constraint or index as the database reports it.
type SchemaRow struct {
	Name       string   `json:"name"`
	Kind       string   `json:"kind"` // constraint or index
	Type       string   `json:"type"` // UNIQUENESS, RANGE, FULLTEXT, LOOKUP …
	Entity     string   `json:"entity"`
	Labels     []string `json:"labels"`
	Properties []string `json:"properties"`
	State      string   `json:"state"` // ONLINE, POPULATING … (indexes)
	Model      bool     `json:"model"` // part of docs/model.md
}

// ShowSchema lists the database's constraints and the indexes that do not
// back a constraint, sorted by kind and name.
func ShowSchema(ctx context.Context, db *DB) ([]SchemaRow, error) {
	ours := map[string]bool{}
	for _, it := range Schema {
		ours[it.Name] = true
	}
	var out []SchemaRow
	cons, err := db.Run(ctx, "SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties RETURN name, type, entityType, labelsOrTypes, properties ORDER BY name", nil, true)
	if err != nil {
		return nil, fmt.Errorf("show constraints: %w", err)
	}
	owned := map[string]bool{}
	for _, r := range cons.Rows {
		name := str(r[0])
		out = append(out, SchemaRow{Name: name, Kind: "constraint", Type: str(r[1]), Entity: str(r[2]),
			Labels: strs(r[3]), Properties: strs(r[4]), State: "ONLINE", Model: ours[name]})
		owned[name] = true
	}
	idx, err := db.Run(ctx, "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state, owningConstraint RETURN name, type, entityType, labelsOrTypes, properties, state, owningConstraint ORDER BY name", nil, true)
	if err != nil {
		return nil, fmt.Errorf("show indexes: %w", err)
	}
	for _, r := range idx.Rows {
		if r[6] != nil && owned[str(r[6])] {
			// The constraint's backing index: report its state on the constraint.
			for i := range out {
				if out[i].Name == str(r[6]) {
					out[i].State = str(r[5])
				}
			}
			continue
		}
		out = append(out, SchemaRow{Name: str(r[0]), Kind: "index", Type: str(r[1]), Entity: str(r[2]),
			Labels: strs(r[3]), Properties: strs(r[4]), State: str(r[5]), Model: ours[str(r[0])]})
	}
	return out, nil
}

func str(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func strs(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		out = append(out, str(x))
	}
	return out
}
