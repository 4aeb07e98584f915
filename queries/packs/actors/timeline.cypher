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
WITH x, r, other, r.dates AS dates, r.confidences AS confs
// Per relationship: the articles inside the window, and the earliest dated one.
WITH x, r, other, dates,
     [i IN range(0, size(dates) - 1)
      WHERE ($from IS NULL OR dates[i] >= toString($from))
        AND ($to IS NULL OR (dates[i] <> '' AND dates[i] <= toString($to)))
        AND ($min_confidence <= 0.0 OR confs[i] >= $min_confidence)] AS ix
WHERE size(ix) > 0
WITH x, r, other, dates, ix,
     reduce(m = null, i IN ix | CASE WHEN dates[i] <> '' AND (m IS NULL OR dates[i] < m) THEN dates[i] ELSE m END) AS earliest
ORDER BY earliest
// A bound that spares hubs from sorting every article: when $limit
// relationships have a dated article, the $limit earliest rows all fall on
// or before the $limit-th earliest of those dates.
WITH collect({x: x, r: r, other: other, dates: dates, ix: ix}) AS rels, collect(earliest) AS firsts
WITH rels, CASE WHEN size(firsts) >= $limit THEN firsts[$limit - 1] END AS bound
UNWIND rels AS e
WITH e.x AS x, e.r AS r, e.other AS other, e.dates AS dates, bound,
     CASE WHEN bound IS NULL THEN e.ix ELSE [i IN e.ix WHERE e.dates[i] <> '' AND e.dates[i] <= bound] END AS ix
UNWIND ix AS i
WITH x, r, other, i, dates[i] AS date, x.name AS actor, type(r) AS interaction, other.name AS otherName
ORDER BY date = '', date, actor, interaction, otherName, i
LIMIT $limit
RETURN CASE WHEN date <> '' THEN date END AS date, actor, interaction,
       CASE WHEN interaction = 'MEETS' THEN '-' WHEN startNode(r) = x THEN '->' ELSE '<-' END AS direction,
       otherName AS other, [l IN labels(other) WHERE l <> 'Entity'][0] AS other_type,
       r.sources[i] AS article, r.sentences[i] AS evidence
