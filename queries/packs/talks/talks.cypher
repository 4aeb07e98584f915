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
// The venue through its Alias when one is given (a graph has thousands of
// venues), every venue otherwise; each branch runs only for its case.
CALL () {
  UNWIND CASE WHEN $venue IS NULL THEN [] ELSE [toLower(trim($venue))] END AS name
  MATCH (alias_venue:Alias {name: name})-[:ALIAS_OF]->(v:Venue)
  USING INDEX SEEK alias_venue:Alias(name)
  RETURN v
  UNION
  UNWIND CASE WHEN $venue IS NULL THEN [1] ELSE [] END AS all
  MATCH (v:Venue)
  RETURN v
}
MATCH (party)-[r:MEETS_IN]->(v)
// Pass 1: each relationship's latest dated entry in the window, and the
// bound the $limit latest rows fall on or after (the $limit-th latest of
// those). Without a window or confidence floor the latest entry is the
// stored last_seen and no list is read: a busy venue has thousands of
// relationships, most of them far older than its latest talks.
WITH v, party, r, $from IS NULL AND $to IS NULL AND $min_confidence <= 0.0 AS plain
WITH v, party, r, plain, CASE WHEN plain THEN null ELSE r.dates END AS dates,
     CASE WHEN $min_confidence > 0.0 THEN r.confidence_pcts END AS confs
WITH v, party, r,
     CASE WHEN plain THEN toString(r.last_seen) ELSE
       reduce(m = null, i IN range(0, size(dates) - 1) |
         CASE WHEN dates[i] <> ''
                   AND ($from IS NULL OR dates[i] >= toString($from))
                   AND ($to IS NULL OR dates[i] <= toString($to))
                   AND ($min_confidence <= 0.0 OR toInteger(confs[i]) / 100.0 >= $min_confidence)
                   AND (m IS NULL OR dates[i] > m)
              THEN dates[i] ELSE m END) END AS latest
WHERE latest IS NOT NULL
WITH v, party, r, latest ORDER BY latest DESC
WITH collect({v: v, party: party, r: r, latest: latest}) AS rels, collect(latest) AS lasts
WITH rels, CASE WHEN size(lasts) >= $limit THEN lasts[$limit - 1] END AS bound
// Pass 2: only the relationships that reach the bound read their lists.
UNWIND rels AS e
WITH e, bound WHERE bound IS NULL OR e.latest >= bound
WITH e, bound, e.r.dates AS dates, e.r.sources AS sources,
     CASE WHEN $min_confidence > 0.0 THEN e.r.confidence_pcts END AS confs
UNWIND [i IN range(0, size(dates) - 1)
        WHERE dates[i] <> ''
          AND (bound IS NULL OR dates[i] >= bound)
          AND ($from IS NULL OR dates[i] >= toString($from))
          AND ($to IS NULL OR dates[i] <= toString($to))
          AND ($min_confidence <= 0.0 OR toInteger(confs[i]) / 100.0 >= $min_confidence)] AS i
WITH e.v AS v, dates[i] AS date, e.party AS party, count(DISTINCT sources[i]) AS articles
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
