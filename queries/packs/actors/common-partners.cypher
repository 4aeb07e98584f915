// name: common-partners
// pack: actors
// title: Common partners of two actors
// description: Actors that both given actors deal with: any interaction
//   (MEDIATES, PROPOSES, REJECTS, ACCEPTS, MEETS, MEETS_IN, VISITS) in either
//   direction, proposals and venues left out. An actor also stands for the
//   leaders and delegations that represent it.
// param: a string -- first actor, any name or alias
// param: b string -- second actor, any name or alias
// param: from date = null -- earliest article date (YYYY-MM-DD)
// param: to date = null -- latest article date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
// example: a=Russia b=Ukraine
MATCH (:Alias {name: toLower(trim($a))})-[:ALIAS_OF]->(x)
OPTIONAL MATCH (xr)-[:REPRESENTS]->(x)
WITH collect(DISTINCT x) + collect(DISTINCT xr) AS sideA
MATCH (:Alias {name: toLower(trim($b))})-[:ALIAS_OF]->(y)
OPTIONAL MATCH (yr)-[:REPRESENTS]->(y)
WITH sideA, collect(DISTINCT y) + collect(DISTINCT yr) AS sideB
UNWIND sideA AS x
MATCH (x)-[r:MEDIATES|PROPOSES|REJECTS|ACCEPTS|MEETS|MEETS_IN|VISITS]-(partner)
WHERE NOT partner IN sideA AND NOT partner IN sideB
  AND NOT partner:Proposal AND NOT partner:Venue
UNWIND range(0, size(r.sources) - 1) AS i
WITH sideB, partner, type(r) AS type, r.sources[i] AS article, r.dates[i] AS date, r.confidences[i] AS confidence
WHERE confidence >= $min_confidence
  AND ($from IS NULL OR date >= toString($from))
  AND ($to IS NULL OR (date <> '' AND date <= toString($to)))
WITH sideB, partner, type, article ORDER BY type
WITH sideB, partner, collect(DISTINCT type) AS with_a, count(DISTINCT article) AS articles_a
UNWIND sideB AS y
MATCH (y)-[r:MEDIATES|PROPOSES|REJECTS|ACCEPTS|MEETS|MEETS_IN|VISITS]-(partner)
UNWIND range(0, size(r.sources) - 1) AS i
WITH partner, with_a, articles_a, type(r) AS type, r.sources[i] AS article, r.dates[i] AS date, r.confidences[i] AS confidence
WHERE confidence >= $min_confidence
  AND ($from IS NULL OR date >= toString($from))
  AND ($to IS NULL OR (date <> '' AND date <= toString($to)))
WITH partner, with_a, articles_a, type, article ORDER BY type
WITH partner, with_a, articles_a, collect(DISTINCT type) AS with_b, count(DISTINCT article) AS articles_b
RETURN partner.name AS partner, [l IN labels(partner) WHERE l <> 'Entity'][0] AS type,
       with_a, with_b, articles_a, articles_b
ORDER BY articles_a + articles_b DESC, partner
LIMIT $limit
