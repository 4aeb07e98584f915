// name: mediators-between
// pack: mediation
// title: Mediators between two actors
// description: Who mediates between two given actors: countries, leaders,
//   organizations or delegations, by any name or alias ("Türkiye", "Erdogan").
//   An actor also stands for the leaders and delegations that represent it.
//   A mediator counts when one article has it mediating for both sides.
// param: a string -- first party, any name or alias
// param: b string -- second party, any name or alias
// param: from date = null -- earliest article date (YYYY-MM-DD)
// param: to date = null -- latest article date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
// example: a=Russia b=Ukraine
MATCH (alias_a:Alias {name: toLower(trim($a))})-[:ALIAS_OF]->(x)
USING INDEX SEEK alias_a:Alias(name)
OPTIONAL MATCH (xr)-[:REPRESENTS]->(x)
WITH collect(DISTINCT x) + collect(DISTINCT xr) AS sideA
MATCH (alias_b:Alias {name: toLower(trim($b))})-[:ALIAS_OF]->(y)
USING INDEX SEEK alias_b:Alias(name)
OPTIONAL MATCH (yr)-[:REPRESENTS]->(y)
WITH sideA, collect(DISTINCT y) + collect(DISTINCT yr) AS sideB
// Mediators acting for both sides at all, found from the relationships
// alone; only their per-article lists are read.
UNWIND sideA AS pa
MATCH (m)-[:MEDIATES]->(pa)
WITH DISTINCT m, sideA, sideB
WHERE NOT m IN sideA AND NOT m IN sideB
  AND EXISTS { MATCH (m)-[:MEDIATES]->(pb) WHERE pb IN sideB }
MATCH (m)-[r:MEDIATES]->(party)
WHERE party IN sideA OR party IN sideB
// The side and the lists once per relationship, not once per entry: a side
// can hold thousands of delegations, and an edge thousands of entries.
WITH m, r, party IN sideA AS forA, r.dates AS dates, r.sources AS sources,
     CASE WHEN $min_confidence > 0.0 THEN r.confidence_pcts END AS confs
UNWIND [i IN range(0, size(dates) - 1)
        WHERE ($from IS NULL OR dates[i] >= toString($from))
          AND ($to IS NULL OR (dates[i] <> '' AND dates[i] <= toString($to)))
          AND ($min_confidence <= 0.0 OR toInteger(confs[i]) / 100.0 >= $min_confidence)] AS i
WITH m, sources[i] AS article, dates[i] AS date, collect(r) AS rels, collect(forA) AS sides
WHERE true IN sides AND false IN sides
WITH m, article, date, rels[0] AS r
ORDER BY date = '', date, article
WITH m, count(article) AS articles,
     min(CASE WHEN date <> '' THEN date END) AS first_seen,
     max(CASE WHEN date <> '' THEN date END) AS last_seen,
     collect({r: r, article: article})[0] AS ref
// The earliest article's sentence, from that article's aligned edge lists.
OPTIONAL MATCH (a:Article {key: ref.article})
WITH m, articles, first_seen, last_seen, ref.r AS r, a
RETURN m.name AS mediator, [l IN labels(m) WHERE l <> 'Entity'][0] AS type,
       articles, first_seen, last_seen,
       [j IN range(0, size(a.edge_types) - 1)
         WHERE a.edge_types[j] = type(r) AND a.edge_sources[j] = startNode(r).uid AND a.edge_targets[j] = endNode(r).uid
         | a.edge_sentences[j]][0] AS evidence
ORDER BY articles DESC, mediator
LIMIT $limit
