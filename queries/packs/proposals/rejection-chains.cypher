// name: rejection-chains
// pack: proposals
// title: Rejection chains
// description: One actor proposes, another rejects, with the dates of each step.
//   counter_proposals lists what the rejecting side proposed in turn that the
//   first proposer rejected: the next links of the chain.
// param: from date = null -- earliest article date (YYYY-MM-DD)
// param: to date = null -- latest article date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
MATCH (a)-[rp:PROPOSES]->(p:Proposal)<-[rr:REJECTS]-(b)
WHERE a <> b
WITH a, p, b,
     [i IN range(0, size(rp.sources) - 1)
      WHERE rp.confidences[i] >= $min_confidence
        AND ($from IS NULL OR rp.dates[i] >= toString($from))
        AND ($to IS NULL OR (rp.dates[i] <> '' AND rp.dates[i] <= toString($to))) | rp.dates[i]] AS proposedOn,
     [i IN range(0, size(rr.sources) - 1)
      WHERE rr.confidences[i] >= $min_confidence
        AND ($from IS NULL OR rr.dates[i] >= toString($from))
        AND ($to IS NULL OR (rr.dates[i] <> '' AND rr.dates[i] <= toString($to))) | rr.dates[i]] AS rejectedOn
WHERE size(proposedOn) > 0 AND size(rejectedOn) > 0
CALL (a, b, p) {
  OPTIONAL MATCH (b)-[:PROPOSES]->(q:Proposal)<-[:REJECTS]-(a)
  WHERE q <> p
  WITH q ORDER BY q.name
  RETURN collect(DISTINCT q.name) AS counter_proposals
}
WITH a, p, b, counter_proposals,
     [d IN proposedOn WHERE d <> ''] AS pd, [d IN rejectedOn WHERE d <> ''] AS rd
RETURN a.name AS proposer, p.name AS proposal,
       CASE WHEN size(pd) > 0 THEN reduce(m = pd[0], d IN pd | CASE WHEN d < m THEN d ELSE m END) END AS proposed,
       b.name AS rejecter,
       CASE WHEN size(rd) > 0 THEN reduce(m = rd[0], d IN rd | CASE WHEN d < m THEN d ELSE m END) END AS rejected,
       counter_proposals
ORDER BY proposed, proposer, proposal, rejecter
LIMIT $limit
