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
MATCH (alias_actor:Alias {name: toLower(trim($actor))})-[:ALIAS_OF]->(x)
USING INDEX SEEK alias_actor:Alias(name)
OPTIONAL MATCH (xr)-[:REPRESENTS]->(x)
WITH collect(DISTINCT x) + collect(DISTINCT xr) AS actors,
     toString($from) AS lo, toString($to) AS hi, coalesce($min_confidence, 0.0) AS minc
// Pass 1, a bound that spares hubs from sorting every article they appear
// in: the $limit earliest rows fall on or before the $limit-th earliest
// first date among the actor's relationships (without a window or
// confidence floor that is the stored first_seen, no list is read).
CALL (actors, lo, hi, minc) {
  UNWIND actors AS x
  MATCH (x)-[r:MEDIATES|PROPOSES|REJECTS|ACCEPTS|MEETS|MEETS_IN|VISITS]-()
  WITH CASE WHEN lo IS NULL AND hi IS NULL AND minc <= 0.0 THEN r.first_seen ELSE
         date(reduce(m = null, d IN [i IN range(0, size(r.dates) - 1)
             WHERE r.dates[i] <> '' AND (lo IS NULL OR r.dates[i] >= lo) AND (hi IS NULL OR r.dates[i] <= hi)
               AND (minc <= 0.0 OR r.confidences_pct[i] / 100.0 >= minc) | r.dates[i]] |
           CASE WHEN m IS NULL OR d < m THEN d ELSE m END)) END AS earliest
  WHERE earliest IS NOT NULL
  WITH earliest ORDER BY earliest LIMIT $limit
  WITH collect(earliest) AS firsts
  RETURN CASE WHEN size(firsts) >= $limit THEN firsts[$limit - 1] END AS bound
}
// Pass 2: the articles of the relationships that can reach the bound
// (compared as dates: a hub has thousands of relationships, and turning
// each first_seen into a string cost more than the comparison).
UNWIND actors AS x
MATCH (x)-[r:MEDIATES|PROPOSES|REJECTS|ACCEPTS|MEETS|MEETS_IN|VISITS]-(other)
WHERE bound IS NULL OR r.first_seen <= bound
WITH x, r, other, r.dates AS dates, CASE WHEN minc > 0.0 THEN r.confidences_pct END AS confs,
     lo, hi, minc, toString(bound) AS bound
UNWIND [i IN range(0, size(dates) - 1)
        WHERE (lo IS NULL OR dates[i] >= lo)
          AND (hi IS NULL OR (dates[i] <> '' AND dates[i] <= hi))
          AND (minc <= 0.0 OR confs[i] / 100.0 >= minc)
          AND (bound IS NULL OR (dates[i] <> '' AND dates[i] <= bound))] AS i
WITH x, r, other, i, dates[i] AS date, x.name AS actor, type(r) AS interaction, other.name AS otherName
ORDER BY date = '', date, actor, interaction, otherName, i
LIMIT $limit
// The sentence, from the article's aligned edge lists: only for the rows returned.
OPTIONAL MATCH (a:Article {key: r.sources[i]})
RETURN CASE WHEN date <> '' THEN date END AS date, actor, interaction,
       CASE WHEN interaction = 'MEETS' THEN '-' WHEN startNode(r) = x THEN '->' ELSE '<-' END AS direction,
       otherName AS other, [l IN labels(other) WHERE l <> 'Entity'][0] AS other_type,
       r.sources[i] AS article,
       [j IN range(0, size(a.edge_types) - 1)
         WHERE a.edge_types[j] = type(r) AND a.edge_sources[j] = startNode(r).uid AND a.edge_targets[j] = endNode(r).uid
         | a.edge_sentences[j]][0] AS evidence
ORDER BY date IS NULL, date, actor, interaction, other, i
