// name: talks
// pack: talks
// title: Talks: who met where, led by whom
// description: A talk is a venue on a date: every actor whose meeting an article
//   places at the venue (MEETS_IN) on that article's date. One row per party,
//   with its delegation that day (for a country, the Delegation node of that
//   country and date) and the leaders heading it. Give a venue to see only its
//   talks.
// param: venue string = null -- only talks at this venue (any name or alias)
// param: from date = null -- earliest talk date (YYYY-MM-DD)
// param: to date = null -- latest talk date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
// example: venue=Istanbul
MATCH (v:Venue)
WHERE $venue IS NULL OR EXISTS { (:Alias {name: toLower(trim($venue))})-[:ALIAS_OF]->(v) }
MATCH (party)-[r:MEETS_IN]->(v)
UNWIND range(0, size(r.sources) - 1) AS i
WITH v, party, r.sources[i] AS article, r.dates[i] AS date, r.confidences[i] AS confidence
WHERE date <> '' AND confidence >= $min_confidence
  AND ($from IS NULL OR date >= toString($from))
  AND ($to IS NULL OR date <= toString($to))
WITH v, date, party, count(DISTINCT article) AS articles
WITH v, date, party, articles, [l IN labels(party) WHERE l <> 'Entity'][0] AS type
ORDER BY date DESC, v.name, type, party.name
LIMIT $limit
// Delegations and their leaders, only for the rows returned.
CALL (party, date) {
  OPTIONAL MATCH (d:Delegation {key: party.name + '|' + date})
  WHERE party:Country OR party:Organization
  WITH CASE WHEN party:Delegation THEN party ELSE d END AS delegation
  OPTIONAL MATCH (l:Leader)-[:LEADS]->(delegation)
  WITH delegation, l ORDER BY l.name
  RETURN delegation.name AS delegation, collect(DISTINCT l.name) AS leaders
}
RETURN v.name AS venue, date, party.name AS party, type, delegation, leaders, articles
ORDER BY date DESC, venue, type, party
