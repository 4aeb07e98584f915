package load

import (
	"fmt"

	"github.com/dipgraph/dipgraph/graph"
)

// The Cypher the loader runs. Every statement is a constant built once
// from the graph package's whitelists; labels and relationship types never
// come from input. Values travel only as parameters ($rows, $keys …).

// pinned prefixes the statements of the load path. A growing graph keeps
// changing the planner's statistics, and Neo4j then throws cached plans
// away and plans again: profiled on a 20,000-article load, a third of the
// server's query thread went to planning. These statements anchor every
// lookup on a unique key (or carry a USING INDEX SEEK hint; a plain USING INDEX is
// also fulfilled by a scan of the index), so their plan does
// not depend on statistics and one plan serves the whole load.
const pinned = "CYPHER replan=skip"

const stmtLockArticles = pinned + `
UNWIND $rows AS r
MERGE (a:Article {key: r.key})
ON MATCH SET a.loading = true
WITH a, r
OPTIONAL MATCH (o:Article {content_hash: r.hash}) USING INDEX SEEK o:Article(content_hash)
  WHERE r.hash <> '' AND o.key <> r.key AND o.duplicate_of IS NULL AND o.graph_hash IS NOT NULL
WITH a, r, min(o.key) AS original
RETURN r.key AS key, elementId(a) AS id, a.graph_hash AS graph_hash, a.duplicate_of AS duplicate_of,
       a.content_hash AS content_hash, coalesce(a.edge_types, []) AS edge_types,
       coalesce(a.edge_sources, []) AS edge_sources, coalesce(a.edge_targets, []) AS edge_targets, original`

// stmtReadArticles is the dry-run and Known counterpart of
// stmtLockArticles: the same answers, no writes.
const stmtReadArticles = pinned + `
UNWIND $rows AS r
OPTIONAL MATCH (a:Article {key: r.key}) USING INDEX SEEK a:Article(key)
OPTIONAL MATCH (o:Article {content_hash: r.hash}) USING INDEX SEEK o:Article(content_hash)
  WHERE r.hash <> '' AND o.key <> r.key AND o.duplicate_of IS NULL AND o.graph_hash IS NOT NULL
WITH a, r, min(o.key) AS original
RETURN r.key AS key, a.graph_hash AS graph_hash, a.duplicate_of AS duplicate_of,
       a.content_hash AS content_hash, a.extractor_version AS extractor_version,
       coalesce(a.edge_types, []) AS edge_types, coalesce(a.edge_sources, []) AS edge_sources,
       coalesce(a.edge_targets, []) AS edge_targets, original`

const stmtOldMentions = `
UNWIND $keys AS k
MATCH (:Article {key: k})<-[:MENTIONED_IN]-(e:Entity)
RETURN DISTINCT e.uid AS uid`

const stmtDeleteMentions = `
UNWIND $keys AS k
MATCH (:Article {key: k})<-[m:MENTIONED_IN]-()
DELETE m`

// stmtDeleteDuplicates removes the records of articles that duplicated a
// replaced or forgotten article: they carry no facts, and a later load
// must judge them afresh.
const stmtDeleteDuplicates = `
UNWIND $keys AS k
MATCH (d:Article {duplicate_of: k})
DETACH DELETE d
RETURN count(*) AS n`

// stmtLockExisting locks articles about to be forgotten.
const stmtLockExisting = `
UNWIND $keys AS k
MATCH (a:Article {key: k})
SET a.loading = true
RETURN a.key AS key, a.graph_hash AS graph_hash, a.duplicate_of AS duplicate_of,
       coalesce(a.edge_types, []) AS edge_types, coalesce(a.edge_sources, []) AS edge_sources,
       coalesce(a.edge_targets, []) AS edge_targets`

// stmtResolveArticles finds articles by key or by id.
const stmtResolveArticles = `
UNWIND $inputs AS x
CALL (x) {
  MATCH (a:Article {key: x}) RETURN a
  UNION
  MATCH (a:Article {id: x}) RETURN a
}
RETURN x AS input, a.key AS key`

const stmtSourceArticles = `
MATCH (a:Article {source: $source})
RETURN a.key AS key ORDER BY key`

const stmtDeleteArticles = `
UNWIND $keys AS k
MATCH (a:Article {key: k})
DETACH DELETE a`

const stmtWriteArticles = pinned + `
UNWIND $rows AS r
MATCH (a:Article {key: r.key}) USING INDEX SEEK a:Article(key)
SET a.id = r.id, a.title = r.title, a.url = r.url, a.source = r.source,
    a.date = CASE WHEN r.date = '' THEN null ELSE date(r.date) END,
    a.content_hash = r.content_hash, a.extractor_version = r.extractor, a.graph_hash = r.graph_hash,
    a.duplicate_of = r.duplicate_of, a.loaded_at = datetime(),
    a.edge_types = r.edge_types, a.edge_sources = r.edge_sources, a.edge_targets = r.edge_targets,
    a.edge_sentences = r.edge_sentences
REMOVE a.loading`

const stmtUnlockArticles = pinned + `
UNWIND $keys AS k
MATCH (a:Article {key: k}) USING INDEX SEEK a:Article(key)
REMOVE a.loading
WITH a WHERE a.graph_hash IS NULL
DELETE a`

// stmtAliases links new surface forms: rows sorted by alias name.
const stmtAliases = pinned + `
UNWIND $rows AS r
MATCH (e:Entity {uid: r.uid}) USING INDEX SEEK e:Entity(uid)
MERGE (al:Alias {name: r.name})
MERGE (al)-[:ALIAS_OF]->(e)`

// stmtMentions creates the mentions of articles being added: a new
// article has none, and a replaced one's were deleted earlier in the same
// transaction, so CREATE is exact and spares a hub-sized expand.
// Endpoints come by element id (see relAddStatements); absent attributes
// are null, which CREATE does not store. (SET m = r.props made the
// planner buffer every row in an Eager.)
const stmtMentions = pinned + `
UNWIND $rows AS r
MATCH (e) WHERE elementId(e) = r.e
MATCH (a) WHERE elementId(a) = r.a
CREATE (e)-[:MENTIONED_IN {count: r.count, forms: r.forms, title: r.title, country: r.country,
                           name: r.name, keywords: r.keywords}]->(a)`

// stmtEntityState reads what remains of entities an article no longer
// supports: their surface forms over all remaining mentions, and whether
// anything still holds them.
var stmtEntityState = `
UNWIND $uids AS u
MATCH (e:Entity {uid: u})
CALL (e) { MATCH (e)-[m:MENTIONED_IN]->() UNWIND m.forms AS f RETURN collect(DISTINCT f) AS forms }
RETURN u AS uid, forms, COUNT { (e)-[:MENTIONED_IN]->() } AS mentions,
       COUNT { (e)-[:` + graph.RelTypePattern() + `]-() } AS rels`

// stmtEntityAliases rewrites aliases of entities that lost forms and
// removes Alias nodes nothing points to any more.
const stmtEntityAliases = `
UNWIND $rows AS r
MATCH (e:Entity {uid: r.uid})
SET e.aliases = r.aliases
WITH e, r
CALL (e, r) {
  MATCH (al:Alias)-[x:ALIAS_OF]->(e) WHERE NOT al.name IN r.keys
  DELETE x
  RETURN collect(al) AS gone
}
UNWIND gone AS al
WITH DISTINCT al
WHERE NOT EXISTS { (al)-[:ALIAS_OF]->() }
DELETE al`

const stmtDeleteEntities = `
UNWIND $uids AS u
MATCH (e:Entity {uid: u})
CALL (e) { OPTIONAL MATCH (al:Alias)-[:ALIAS_OF]->(e) RETURN collect(al) AS als }
DETACH DELETE e
WITH als
UNWIND als AS al
WITH DISTINCT al
WHERE NOT EXISTS { (al)-[:ALIAS_OF]->() }
DELETE al`

// Attribute recomputation after a replace or forget: the value from the
// latest (title, country) or earliest (Proposal name) remaining mention.
const stmtRecomputeLeader = `
UNWIND $uids AS u
MATCH (e:Entity {uid: u}) WHERE e:Leader
CALL (e) {
  OPTIONAL MATCH (e)-[m:MENTIONED_IN]->(a:Article) WHERE m.title IS NOT NULL
  WITH m, coalesce(toString(a.date), '0000-00-00') + '|' + a.key AS rank ORDER BY rank DESC LIMIT 1
  RETURN m.title AS title, rank AS title_seen
}
CALL (e) {
  OPTIONAL MATCH (e)-[m:MENTIONED_IN]->(a:Article) WHERE m.country IS NOT NULL
  WITH m, coalesce(toString(a.date), '0000-00-00') + '|' + a.key AS rank ORDER BY rank DESC LIMIT 1
  RETURN m.country AS country, rank AS country_seen
}
SET e.title = title, e.title_seen = title_seen, e.country = country, e.country_seen = country_seen`

const stmtRecomputeVenue = `
UNWIND $uids AS u
MATCH (e:Entity {uid: u}) WHERE e:Venue
CALL (e) {
  OPTIONAL MATCH (e)-[m:MENTIONED_IN]->(a:Article) WHERE m.country IS NOT NULL
  WITH m, coalesce(toString(a.date), '0000-00-00') + '|' + a.key AS rank ORDER BY rank DESC LIMIT 1
  RETURN m.country AS country, rank AS country_seen
}
SET e.country = country, e.country_seen = country_seen`

const stmtRecomputeProposal = `
UNWIND $uids AS u
MATCH (e:Entity {uid: u}) WHERE e:Proposal
CALL (e) {
  OPTIONAL MATCH (e)-[m:MENTIONED_IN]->(a:Article) WHERE m.name IS NOT NULL
  WITH m, coalesce(toString(a.date), '9999-99-99') + '|' + a.key AS rank ORDER BY rank ASC LIMIT 1
  RETURN m.name AS name, m.keywords AS keywords, rank AS name_seen
}
SET e.name = coalesce(name, e.name), e.keywords = keywords, e.name_seen = name_seen`

// nodeStatements holds one MERGE statement per entity label. Each row
// always writes the node (aliases), so a transaction takes every entity
// lock in one pass in (label, uid) order: that order is the same in every
// transaction, which is what keeps concurrent loads free of deadlocks.
var nodeStatements = func() map[graph.Label]string {
	m := map[graph.Label]string{}
	for _, l := range graph.EntityLabels {
		var onCreate, attrs, changed string
		switch l {
		case graph.Delegation:
			onCreate = ", e.name = r.name, e.country = r.country, e.date = CASE WHEN r.date = '' THEN null ELSE date(r.date) END"
		case graph.Proposal:
			onCreate = ", e.phrase = r.phrase, e.parties = r.parties"
			changed = " OR (r.name_seen IS NOT NULL AND (e.name_seen IS NULL OR r.name_seen < e.name_seen))"
			attrs = `
FOREACH (_ IN CASE WHEN r.name_seen IS NOT NULL AND (e.name_seen IS NULL OR r.name_seen < e.name_seen) THEN [1] ELSE [] END |
  SET e.name = r.name, e.keywords = r.keywords, e.name_seen = r.name_seen)`
		case graph.Leader:
			changed = " OR (r.title IS NOT NULL AND (e.title_seen IS NULL OR r.title_seen > e.title_seen))" +
				" OR (r.country IS NOT NULL AND (e.country_seen IS NULL OR r.country_seen > e.country_seen))"
			attrs = `
FOREACH (_ IN CASE WHEN r.title IS NOT NULL AND (e.title_seen IS NULL OR r.title_seen > e.title_seen) THEN [1] ELSE [] END |
  SET e.title = r.title, e.title_seen = r.title_seen)
FOREACH (_ IN CASE WHEN r.country IS NOT NULL AND (e.country_seen IS NULL OR r.country_seen > e.country_seen) THEN [1] ELSE [] END |
  SET e.country = r.country, e.country_seen = r.country_seen)`
		case graph.Venue:
			changed = " OR (r.country IS NOT NULL AND (e.country_seen IS NULL OR r.country_seen > e.country_seen))"
			attrs = `
FOREACH (_ IN CASE WHEN r.country IS NOT NULL AND (e.country_seen IS NULL OR r.country_seen > e.country_seen) THEN [1] ELSE [] END |
  SET e.country = r.country, e.country_seen = r.country_seen)`
		}
		name := ""
		if l.KeyProperty() != "name" {
			name = ", e.name = r.name"
		}
		if l == graph.Delegation {
			name = ""
		}
		m[l] = fmt.Sprintf(pinned+`
UNWIND $rows AS r
MERGE (e:%s {%s: r.key})
ON CREATE SET e:Entity, e.uid = r.uid, e.aliases = []%s%s
WITH e, r, [f IN r.forms WHERE NOT f IN e.aliases] AS added
WITH e, r, added, size(added) > 0%s AS changed%s
SET e.aliases = e.aliases + added
RETURN r.uid AS uid, elementId(e) AS id, added, changed`, l, l.KeyProperty(), name, onCreate, changed, attrs)
	}
	return m
}()

// relAddStatements append one batch's assertions to each relationship:
// rows are aggregated per (source, target) client-side, so a hub edge is
// touched once per transaction however many articles assert it.
// Endpoints are found by the element ids the node statements of the same
// transaction returned: in a write query a lookup by key is a locking
// index seek, and those seeks and their locks were a sixth of the
// server's time in a profiled load. A new relationship gets its lists and
// aggregates as computed client-side; an existing one appends and updates
// each aggregate from its own old value. Each SET item reads only its own
// property, so the order of the items does not matter. r.evidence is the
// batch's first $maxev distinct non-empty sentences, all an existing
// sample can take from it. The sentences themselves are stored on the
// Article (edge_sentences, docs/model.md): appending them here rewrote
// the longest list of every hub relationship on every transaction.
var relAddStatements = forEachType(pinned + `
UNWIND $rows AS r
MATCH (s) WHERE elementId(s) = r.si
MATCH (t) WHERE elementId(t) = r.ti
MERGE (s)-[x:%s]->(t)
ON CREATE SET x.sources = r.keys, x.dates = r.dates, x.confidence_pcts = r.pcts,
  x.count = size(r.keys), x.confidence = r.maxc, x.first_seen = date(r.mind), x.last_seen = date(r.maxd),
  x.evidence = r.evidence
ON MATCH SET x.sources = x.sources + r.keys, x.dates = x.dates + r.dates,
  x.confidence_pcts = x.confidence_pcts + r.pcts, x.count = x.count + size(r.keys),
  x.confidence = CASE WHEN r.maxc > x.confidence THEN r.maxc ELSE x.confidence END,
  x.first_seen = CASE WHEN r.mind IS NOT NULL AND (x.first_seen IS NULL OR date(r.mind) < x.first_seen) THEN date(r.mind) ELSE x.first_seen END,
  x.last_seen = CASE WHEN r.maxd IS NOT NULL AND (x.last_seen IS NULL OR date(r.maxd) > x.last_seen) THEN date(r.maxd) ELSE x.last_seen END,
  x.evidence = CASE WHEN size(x.evidence) >= $maxev THEN x.evidence
    ELSE reduce(acc = x.evidence, z IN r.evidence | CASE WHEN z IN acc OR size(acc) >= $maxev THEN acc ELSE acc + z END) END`)

// relRemoveStatements take articles' entries out of each relationship's
// aligned lists, recompute every aggregate from what remains, and delete
// a relationship no article asserts any more. The evidence sample is
// rebuilt from the remaining articles' sentences, in list order, as a
// fresh load would have built it.
var relRemoveStatements = forEachType(`
UNWIND $rows AS r
MATCH (:Entity {uid: r.s})-[x:%[1]s]->(:Entity {uid: r.t})
// The lists bound once: x.sources[i] in a comprehension reads the whole
// stored list again for each i.
WITH r, x, x.sources AS sources, x.dates AS dates, x.confidence_pcts AS pcts
WITH r, x, sources, dates, pcts, [i IN range(0, size(sources) - 1) WHERE NOT sources[i] IN r.keys] AS keep
WITH r, x, [i IN keep | sources[i]] AS S, [i IN keep | dates[i]] AS D, [i IN keep | pcts[i]] AS C
CALL (r, S) {
  UNWIND range(0, size(S) - 1) AS i
  MATCH (a:Article {key: S[i]})
  WITH i, [j IN range(0, size(a.edge_types) - 1)
           WHERE a.edge_types[j] = '%[1]s' AND a.edge_sources[j] = r.s AND a.edge_targets[j] = r.t
           | a.edge_sentences[j]][0] AS z
  WHERE z IS NOT NULL AND z <> ''
  WITH z, min(i) AS first ORDER BY first LIMIT $maxev
  RETURN collect(z) AS Z
}
FOREACH (_ IN CASE WHEN size(S) = 0 THEN [1] ELSE [] END | DELETE x)
FOREACH (_ IN CASE WHEN size(S) > 0 THEN [1] ELSE [] END |
  SET x.sources = S, x.dates = D, x.confidence_pcts = C, x.count = size(S),
      x.confidence = reduce(m = 0, c IN C | CASE WHEN toInteger(c) > m THEN toInteger(c) ELSE m END) / 100.0,
      x.first_seen = date(reduce(m = null, d IN D | CASE WHEN d = '' THEN m WHEN m IS NULL OR d < m THEN d ELSE m END)),
      x.last_seen = date(reduce(m = null, d IN D | CASE WHEN d = '' THEN m WHEN m IS NULL OR d > m THEN d ELSE m END)),
      x.evidence = Z)
RETURN sum(CASE WHEN size(S) = 0 THEN 1 ELSE 0 END) AS deleted, count(*) AS touched`)

// stmtRelsExist counts, for a dry run, which relationships exist already;
// the type is compared as a value, never spliced into the statement.
const stmtRelsExist = `
UNWIND $rows AS r
MATCH (:Entity {uid: r.s})-[x]->(:Entity {uid: r.t})
WHERE type(x) = r.type
RETURN count(x) AS n`

const stmtNodesExist = `
UNWIND $uids AS u
MATCH (e:Entity {uid: u})
RETURN count(e) AS n`

func forEachType(format string) map[graph.RelType]string {
	m := map[graph.RelType]string{}
	for _, t := range graph.RelTypes {
		m[t] = fmt.Sprintf(format, t)
	}
	return m
}
