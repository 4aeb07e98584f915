// Package synth generates deterministic synthetic article graphs for load
// and query benchmarks: any number of articles, from a seed, built from the
// extractor's gazetteers, actor dictionary and cue lexicon, with
// Zipf-distributed actor popularity so that hub nodes and hub relationships
// exist as they do in real news.
//
// Document(i) depends only on the options and i, so a corpus can be made
// in any order, in parallel, or in part.
package synth
