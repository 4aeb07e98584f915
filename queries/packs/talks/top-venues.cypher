// name: top-venues
// pack: talks
// title: Top venues
// description: Venues ranked by the talks they hosted (distinct dated meetings
//   placed there), then by parties and articles.
// param: from date = null -- earliest talk date (YYYY-MM-DD)
// param: to date = null -- latest talk date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
MATCH (party)-[r:MEETS_IN]->(v:Venue)
// The lists once per relationship, not once per entry.
WITH v, party, r.sources AS sources, r.dates AS dates, r.confidence_pcts AS confs
UNWIND range(0, size(sources) - 1) AS i
WITH v, party, sources[i] AS article, dates[i] AS date, toInteger(confs[i]) / 100.0 AS confidence
WHERE date <> '' AND confidence >= $min_confidence
  AND ($from IS NULL OR date >= toString($from))
  AND ($to IS NULL OR date <= toString($to))
WITH v, count(DISTINCT date) AS talks, count(DISTINCT party) AS parties,
     count(DISTINCT article) AS articles, min(date) AS first_talk, max(date) AS last_talk
RETURN v.name AS venue, v.country AS country, talks, parties, articles, first_talk, last_talk
ORDER BY talks DESC, parties DESC, articles DESC, venue
LIMIT $limit
