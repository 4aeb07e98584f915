// name: common-partners
// pack: actors
// title: Common partners of two actors
// description: Actors that both given actors deal with: any interaction
//   (MEDIATES, PROPOSES, REJECTS, ACCEPTS, MEETS, MEETS_IN, VISITS) in either
//   direction, proposals and venues left out. An actor also stands for the
//   leaders and delegations that represent it. assertions_a and assertions_b
//   count article assertions (one per article and relationship) with each side.
// param: a string -- first actor, any name or alias
// param: b string -- second actor, any name or alias
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
WITH sideA, sideB, $from IS NULL AND $to IS NULL AND $min_confidence <= 0.0 AS unfiltered
UNWIND sideA AS x
MATCH (x)-[r:MEDIATES|PROPOSES|REJECTS|ACCEPTS|MEETS|MEETS_IN|VISITS]-(partner)
WHERE NOT partner IN sideA AND NOT partner IN sideB
  AND NOT partner:Proposal AND NOT partner:Venue
// Article assertions inside the window; without a filter, the stored count.
// The lists are bound before indexing (r.dates[i] in a comprehension reads
// the whole stored list again for each i) and only read with a filter.
WITH sideB, unfiltered, partner, r, CASE WHEN NOT unfiltered THEN r.dates END AS dates,
     CASE WHEN NOT unfiltered THEN r.confidence_pcts END AS confs
WITH sideB, unfiltered, partner, type(r) AS type,
     CASE WHEN unfiltered THEN r.count ELSE size([i IN range(0, size(dates) - 1)
       WHERE ($from IS NULL OR dates[i] >= toString($from))
         AND ($to IS NULL OR (dates[i] <> '' AND dates[i] <= toString($to)))
         AND toInteger(confs[i]) / 100.0 >= $min_confidence]) END AS n
WHERE n > 0
WITH sideB, unfiltered, partner, type, sum(n) AS n ORDER BY type
WITH sideB, unfiltered, partner, collect(type) AS with_a, sum(n) AS assertions_a
UNWIND sideB AS y
MATCH (y)-[r:MEDIATES|PROPOSES|REJECTS|ACCEPTS|MEETS|MEETS_IN|VISITS]-(partner)
WITH partner, with_a, assertions_a, unfiltered, r, CASE WHEN NOT unfiltered THEN r.dates END AS dates,
     CASE WHEN NOT unfiltered THEN r.confidence_pcts END AS confs
WITH partner, with_a, assertions_a, type(r) AS type,
     CASE WHEN unfiltered THEN r.count ELSE size([i IN range(0, size(dates) - 1)
       WHERE ($from IS NULL OR dates[i] >= toString($from))
         AND ($to IS NULL OR (dates[i] <> '' AND dates[i] <= toString($to)))
         AND toInteger(confs[i]) / 100.0 >= $min_confidence]) END AS n
WHERE n > 0
WITH partner, with_a, assertions_a, type, sum(n) AS n ORDER BY type
WITH partner, with_a, assertions_a, collect(type) AS with_b, sum(n) AS assertions_b
RETURN partner.name AS partner, [l IN labels(partner) WHERE l <> 'Entity'][0] AS type,
       with_a, with_b, assertions_a, assertions_b
ORDER BY assertions_a + assertions_b DESC, partner
LIMIT $limit
