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
WITH v, party, r, r.dates AS dates,
     CASE WHEN $min_confidence > 0.0 THEN r.confidences_pct END AS confs
WITH v, party, r, dates,
     [i IN range(0, size(dates) - 1)
      WHERE dates[i] <> ''
        AND ($from IS NULL OR dates[i] >= toString($from))
        AND ($to IS NULL OR dates[i] <= toString($to))
        AND ($min_confidence <= 0.0 OR confs[i] / 100.0 >= $min_confidence)] AS ix
WHERE size(ix) > 0
WITH v, party, r, dates, ix,
     reduce(m = '', i IN ix | CASE WHEN dates[i] > m THEN dates[i] ELSE m END) AS latest
ORDER BY latest DESC
// Spare busy venues from grouping every article: the $limit latest rows
// fall on or after the $limit-th latest of the relationships' last dates.
WITH collect({v: v, party: party, r: r, dates: dates, ix: ix}) AS rels, collect(latest) AS lasts
WITH rels, CASE WHEN size(lasts) >= $limit THEN lasts[$limit - 1] END AS bound
UNWIND rels AS e
UNWIND e.ix AS i
WITH e, i, e.dates[i] AS date, bound
WHERE bound IS NULL OR date >= bound
WITH e.v AS v, date, e.party AS party, count(DISTINCT e.r.sources[i]) AS articles
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
