// name: path
// pack: actors
// title: Shortest interaction path between two actors
// description: The shortest chains of interactions (MEDIATES, PROPOSES,
//   REJECTS, ACCEPTS, MEETS, MEETS_IN, VISITS; at most 6 steps, any direction)
//   linking two actors, through other actors, proposals and venues. Every step
//   must have evidence inside the date window and above min_confidence.
// param: a string -- first actor, any name or alias
// param: b string -- second actor, any name or alias
// param: from date = null -- earliest article date (YYYY-MM-DD)
// param: to date = null -- latest article date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
// example: a=Erdogan b="Volodymyr Zelensky"
MATCH (alias_a:Alias {name: toLower(trim($a))})-[:ALIAS_OF]->(x)
USING INDEX SEEK alias_a:Alias(name)
MATCH (alias_b:Alias {name: toLower(trim($b))})-[:ALIAS_OF]->(y)
USING INDEX SEEK alias_b:Alias(name)
WHERE x <> y
// The filter is one predicate per relationship, which the planner
// evaluates during the breadth-first search; an OR outside all() made it
// enumerate paths instead (no answer in 5 minutes between two countries
// with a window). Without a window or confidence floor every relationship
// qualifies and no list is read; l binds each relationship's lists once
// (r.dates[i] in a comprehension reads the whole stored list again for
// each i).
WITH x, y, $from IS NULL AND $to IS NULL AND $min_confidence <= 0.0 AS unfiltered
MATCH p = allShortestPaths((x)-[:MEDIATES|PROPOSES|REJECTS|ACCEPTS|MEETS|MEETS_IN|VISITS*..6]-(y))
WHERE all(r IN relationships(p) WHERE unfiltered OR any(l IN [{dates: r.dates, confs: r.confidence_pcts}]
      WHERE any(i IN range(0, size(l.dates) - 1)
        WHERE toInteger(l.confs[i]) / 100.0 >= $min_confidence
          AND ($from IS NULL OR l.dates[i] >= toString($from))
          AND ($to IS NULL OR (l.dates[i] <> '' AND l.dates[i] <= toString($to))))))
WITH p, nodes(p) AS ns, relationships(p) AS rs
RETURN length(p) AS hops,
       reduce(s = ns[0].name, k IN range(0, size(rs) - 1) |
         s + CASE WHEN type(rs[k]) = 'MEETS' THEN ' -MEETS- '
                  WHEN startNode(rs[k]) = ns[k] THEN ' -' + type(rs[k]) + '-> '
                  ELSE ' <-' + type(rs[k]) + '- ' END + ns[k + 1].name) AS path,
       [n IN ns | n.name] AS nodes
ORDER BY hops, path
LIMIT $limit
