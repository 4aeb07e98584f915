// name: conflicting-signals
// pack: proposals
// title: Conflicting signals
// description: Actors reported both accepting and rejecting the same proposal,
//   with the articles on each side (often different sources, or a change of
//   position over time).
// param: from date = null -- earliest article date (YYYY-MM-DD)
// param: to date = null -- latest article date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
MATCH (x)-[ra:ACCEPTS]->(p:Proposal)<-[rr:REJECTS]-(x)
// Each list read once per relationship: ra.dates[i] in a comprehension
// reads the whole stored list again for each i.
WITH x, p, ra.sources AS aSources, ra.dates AS aDates, ra.confidence_pcts AS aConfs,
     rr.sources AS rSources, rr.dates AS rDates, rr.confidence_pcts AS rConfs
WITH x, p,
     [i IN range(0, size(aSources) - 1)
      WHERE toInteger(aConfs[i]) / 100.0 >= $min_confidence
        AND ($from IS NULL OR aDates[i] >= toString($from))
        AND ($to IS NULL OR (aDates[i] <> '' AND aDates[i] <= toString($to)))
      | {article: aSources[i], date: aDates[i]}] AS acc,
     [i IN range(0, size(rSources) - 1)
      WHERE toInteger(rConfs[i]) / 100.0 >= $min_confidence
        AND ($from IS NULL OR rDates[i] >= toString($from))
        AND ($to IS NULL OR (rDates[i] <> '' AND rDates[i] <= toString($to)))
      | {article: rSources[i], date: rDates[i]}] AS rej
WHERE size(acc) > 0 AND size(rej) > 0
RETURN x.name AS actor, [l IN labels(x) WHERE l <> 'Entity'][0] AS type, p.name AS proposal,
       [e IN acc | e.article] AS accepted_in, [e IN acc WHERE e.date <> '' | e.date] AS accepted_on,
       [e IN rej | e.article] AS rejected_in, [e IN rej WHERE e.date <> '' | e.date] AS rejected_on
ORDER BY actor, proposal
LIMIT $limit
