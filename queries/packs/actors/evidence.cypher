// name: evidence
// pack: actors
// title: Evidence behind a relationship
// description: The sentences and article URLs behind one relationship: source
//   and target by any name or alias, type one of MEDIATES, PROPOSES, REJECTS,
//   ACCEPTS, LEADS, REPRESENTS, MEETS, MEETS_IN, VISITS (MEETS either way).
// param: source string -- source actor, any name or alias
// param: type string -- relationship type, e.g. MEDIATES
// param: target string -- target, any name or alias
// param: from date = null -- earliest article date (YYYY-MM-DD)
// param: to date = null -- latest article date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
// example: source=Turkey type=MEDIATES target=Russia
MATCH (alias_source:Alias {name: toLower(trim($source))})-[:ALIAS_OF]->(s)
USING INDEX SEEK alias_source:Alias(name)
MATCH (alias_target:Alias {name: toLower(trim($target))})-[:ALIAS_OF]->(t)
USING INDEX SEEK alias_target:Alias(name)
// Both ends first, then the relationships between them (Expand(Into) from
// the end with fewer relationships), never a hub's every relationship.
WITH DISTINCT s, t
MATCH (s)-[r:MEDIATES|PROPOSES|REJECTS|ACCEPTS|LEADS|REPRESENTS|MEETS|MEETS_IN|VISITS]-(t)
WHERE type(r) = replace(toUpper(trim($type)), ' ', '_')
  AND (startNode(r) = s OR type(r) = 'MEETS')
// The lists once per relationship: r.dates[i] on every row would read the
// whole stored list again for each entry.
WITH s, t, r, r.dates AS dates, r.sources AS sources, r.confidence_pcts AS confs
UNWIND range(0, size(dates) - 1) AS i
WITH s, t, r, dates[i] AS date, sources[i] AS key, toInteger(confs[i]) AS pct
WHERE ($from IS NULL OR date >= toString($from))
  AND ($to IS NULL OR (date <> '' AND date <= toString($to)))
  AND pct / 100.0 >= $min_confidence
ORDER BY date = '', date, key
LIMIT $limit
OPTIONAL MATCH (a:Article {key: key})
RETURN CASE WHEN date <> '' THEN date END AS date, s.name AS source, type(r) AS type, t.name AS target,
       // Each article keeps its sentence for the relationship in its aligned edge lists.
       [j IN range(0, size(a.edge_types) - 1)
         WHERE a.edge_types[j] = type(r) AND a.edge_sources[j] = startNode(r).uid AND a.edge_targets[j] = endNode(r).uid
         | a.edge_sentences[j]][0] AS sentence,
       coalesce(a.url, key) AS url, a.title AS title, pct / 100.0 AS confidence
ORDER BY date IS NULL, date, url
