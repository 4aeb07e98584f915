// name: timeline
// pack: actors
// title: Timeline of an actor
// description: Every interaction of an actor (MEDIATES, PROPOSES, REJECTS,
//   ACCEPTS, MEETS, MEETS_IN, VISITS), one row per article, by date. An actor
//   also stands for the leaders and delegations that represent it; the actor
//   column says which. direction is -> (actor is the source), <- (the target)
//   or - (MEETS, which has no direction). Undated articles come last.
// param: actor string -- any name or alias
// param: from date = null -- earliest article date (YYYY-MM-DD)
// param: to date = null -- latest article date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
// example: actor=Türkiye
MATCH (:Alias {name: toLower(trim($actor))})-[:ALIAS_OF]->(x)
OPTIONAL MATCH (xr)-[:REPRESENTS]->(x)
WITH collect(DISTINCT x) + collect(DISTINCT xr) AS actors
UNWIND actors AS x
MATCH (x)-[r:MEDIATES|PROPOSES|REJECTS|ACCEPTS|MEETS|MEETS_IN|VISITS]-(other)
// First pick the rows from the small per-article lists (dates, confidences);
// sources and sentences are read only for the rows returned.
UNWIND range(0, size(r.dates) - 1) AS i
WITH x, r, other, i, r.dates[i] AS date
WHERE ($from IS NULL OR date >= toString($from))
  AND ($to IS NULL OR (date <> '' AND date <= toString($to)))
  AND ($min_confidence <= 0.0 OR r.confidences[i] >= $min_confidence)
WITH x, r, other, i, date, x.name AS actor, type(r) AS interaction, other.name AS otherName
ORDER BY date = '', date, actor, interaction, otherName, i
LIMIT $limit
RETURN CASE WHEN date <> '' THEN date END AS date, actor, interaction,
       CASE WHEN interaction = 'MEETS' THEN '-' WHEN startNode(r) = x THEN '->' ELSE '<-' END AS direction,
       otherName AS other, [l IN labels(other) WHERE l <> 'Entity'][0] AS other_type,
       r.sources[i] AS article, r.sentences[i] AS evidence
