// name: new-actors
// pack: actors
// title: New actors
// description: Countries, leaders and organizations first mentioned in an
//   article dated on or after a date (undated articles are not counted).
// param: since date -- first-mention date from which an actor counts as new (YYYY-MM-DD)
// param: limit int = 100 -- maximum rows
// example: since=2025-05-01
MATCH (a:Article)
WHERE a.date >= date($since)
MATCH (e)-[:MENTIONED_IN]->(a)
WHERE e:Country OR e:Leader OR e:Organization
WITH DISTINCT e
WHERE NOT EXISTS { (e)-[:MENTIONED_IN]->(b:Article) WHERE b.date < date($since) }
MATCH (e)-[:MENTIONED_IN]->(b:Article)
WHERE b.date IS NOT NULL
WITH e, min(b.date) AS first_seen, count(DISTINCT b) AS articles
RETURN e.name AS actor, [l IN labels(e) WHERE l <> 'Entity'][0] AS type,
       toString(first_seen) AS first_seen, articles
ORDER BY first_seen, actor
LIMIT $limit
