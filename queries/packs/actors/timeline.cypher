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
// Dates are 'YYYY-MM-DD' or '' (undated), so a window is one chained string
// comparison: '0' sorts after '' and before every date, '~' after them all.
WITH collect(DISTINCT x) + collect(DISTINCT xr) AS actors,
     $from IS NOT NULL OR $to IS NOT NULL OR $min_confidence > 0.0 AS filtered,
     toString($from) AS from, coalesce(toString($to), '~') AS hi, coalesce($min_confidence, 0.0) AS minc
// Pass 1, a bound that spares hubs from sorting every article they appear
// in: the $limit earliest rows fall on or before the $limit-th earliest
// first date among the actor's relationships (without a window or
// confidence floor that is the stored first_seen, and no list is read).
// Lists are bound to a variable before indexing: r.dates[i] in a
// comprehension reads the whole stored list again for each i.
CALL (actors, filtered, from, hi, minc) {
  UNWIND actors AS x
  MATCH (x)-[r:MEDIATES|PROPOSES|REJECTS|ACCEPTS|MEETS|MEETS_IN|VISITS]-()
  // The stored aggregates rule out most relationships before any list is
  // read: none of a relationship's entries beats its best confidence or
  // lies outside first_seen..last_seen.
  WHERE (minc <= 0.0 OR r.confidence >= minc)
    AND ($from IS NULL OR r.last_seen >= date($from)) AND ($to IS NULL OR r.first_seen <= date($to))
  WITH r, coalesce(from, '0') AS lo, CASE WHEN filtered THEN r.dates END AS dates,
       CASE WHEN minc > 0.0 THEN r.confidence_pcts END AS confs
  WITH CASE WHEN dates IS NULL THEN r.first_seen ELSE
         date(reduce(m = null, i IN range(0, size(dates) - 1) |
           CASE WHEN (m IS NULL OR dates[i] < m) AND lo <= dates[i] <= hi
                     AND (confs IS NULL OR toInteger(confs[i]) / 100.0 >= minc) THEN dates[i] ELSE m END)) END AS earliest
  WHERE earliest IS NOT NULL
  WITH earliest ORDER BY earliest LIMIT $limit
  WITH collect(earliest) AS firsts
  RETURN CASE WHEN size(firsts) >= $limit THEN firsts[$limit - 1] END AS bound
}
// Pass 2: the rows of the relationships that can reach the bound (compared
// as dates: a hub has thousands of relationships). Undated rows belong only
// to an unbounded, unwindowed timeline.
WITH actors, minc, bound,
     CASE WHEN from IS NULL AND hi = '~' AND bound IS NULL THEN '' ELSE coalesce(from, '0') END AS lower,
     CASE WHEN bound IS NOT NULL AND toString(bound) < hi THEN toString(bound) ELSE hi END AS upper
UNWIND actors AS x
MATCH (x)-[r:MEDIATES|PROPOSES|REJECTS|ACCEPTS|MEETS|MEETS_IN|VISITS]-(other)
WHERE (bound IS NULL OR r.first_seen <= bound) AND (minc <= 0.0 OR r.confidence >= minc)
  AND ($from IS NULL OR r.last_seen >= date($from)) AND ($to IS NULL OR r.first_seen <= date($to))
WITH x, r, other, lower, upper, minc, r.dates AS dates,
     CASE WHEN minc > 0.0 THEN r.confidence_pcts END AS confs
// Without a start date one comparison per entry (most of a hub's entries
// lie after the bound); the undated entries it lets through go below.
UNWIND CASE WHEN confs IS NOT NULL
         THEN [i IN range(0, size(dates) - 1) WHERE dates[i] <= upper AND dates[i] >= lower AND toInteger(confs[i]) / 100.0 >= minc]
       WHEN lower > '0' THEN [i IN range(0, size(dates) - 1) WHERE dates[i] <= upper AND dates[i] >= lower]
       ELSE [i IN range(0, size(dates) - 1) WHERE dates[i] <= upper] END AS i
WITH x, r, other, i, dates[i] AS date, lower
WHERE date >= lower
WITH x, r, other, i, date, x.name AS actor, type(r) AS interaction, other.name AS otherName
ORDER BY date = '', date, actor, interaction, otherName, i
LIMIT $limit
// Article keys and sentences for the rows returned only, each
// relationship's sources read once.
WITH r, collect({x: x, other: other, i: i, date: date, actor: actor, interaction: interaction, otherName: otherName}) AS rows
WITH r, r.sources AS sources, rows
UNWIND rows AS row
WITH r, row, sources[row.i] AS article
OPTIONAL MATCH (a:Article {key: article})
RETURN CASE WHEN row.date <> '' THEN row.date END AS date, row.actor AS actor, row.interaction AS interaction,
       CASE WHEN row.interaction = 'MEETS' THEN '-' WHEN startNode(r) = row.x THEN '->' ELSE '<-' END AS direction,
       row.otherName AS other, [l IN labels(row.other) WHERE l <> 'Entity'][0] AS other_type,
       article,
       [j IN range(0, size(a.edge_types) - 1)
         WHERE a.edge_types[j] = type(r) AND a.edge_sources[j] = startNode(r).uid AND a.edge_targets[j] = endNode(r).uid
         | a.edge_sentences[j]][0] AS evidence
ORDER BY date IS NULL, date, actor, interaction, other, row.i
