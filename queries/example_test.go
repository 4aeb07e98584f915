package queries_test

import (
	"fmt"

	"github.com/dipgraph/dipgraph/queries"
)

func ExampleCatalog_Get() {
	c, err := queries.Load(queries.Embedded())
	if err != nil {
		panic(err)
	}
	q, _ := c.Get("mediators-between")
	fmt.Println(q.Pack, q.Title)
	fmt.Println(q.Signature())
	// Output:
	// mediation Mediators between two actors
	// a, b, [from], [to], [min_confidence=0], [limit=100]
}

func ExampleQuery_Bind() {
	c, _ := queries.Load(queries.Embedded())
	q, _ := c.Get("timeline")
	params, err := q.Bind(map[string]string{"actor": "Türkiye", "from": "2025-01-01"})
	fmt.Println(params["actor"], params["from"], params["to"], params["limit"], err)
	_, err = q.Bind(map[string]string{"actr": "Türkiye"})
	fmt.Println(err)
	// Output:
	// Türkiye 2025-01-01 <nil> 100 <nil>
	// query timeline: unknown parameter "actr" (parameters: actor, from, to, min_confidence, limit); missing parameter actor (string: any name or alias)
}
