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
UNWIND range(0, size(r.sources) - 1) AS i
WITH x, r, other, r.sources[i] AS article, r.dates[i] AS date,
     r.sentences[i] AS evidence, r.confidences[i] AS confidence
WHERE confidence >= $min_confidence
  AND ($from IS NULL OR date >= toString($from))
  AND ($to IS NULL OR (date <> '' AND date <= toString($to)))
RETURN CASE WHEN date <> '' THEN date END AS date, x.name AS actor, type(r) AS interaction,
       CASE WHEN type(r) = 'MEETS' THEN '-' WHEN startNode(r) = x THEN '->' ELSE '<-' END AS direction,
       other.name AS other, [l IN labels(other) WHERE l <> 'Entity'][0] AS other_type,
       article, evidence
ORDER BY date, actor, interaction, other, article
LIMIT $limit
