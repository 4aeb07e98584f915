// Package pipeline runs read → extract → load over paths: the one
// implementation behind `dipgraph load`, the scheduler and the query tests.
// It skips articles whose text and extractor version are already loaded
// (unless Force), extracts the rest in parallel, and loads them in
// chunks, so memory stays bounded however many articles the inputs hold.
package pipeline
