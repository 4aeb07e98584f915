// Package lexicon holds the extractor's data: gazetteers (countries, cities,
// venues), the organization list, the actor dictionary and the cue lexicon.
// The data files are embedded (data/) and each can be overridden by a file
// of the same name in a user directory. It also provides the tokenizer and
// the token trie used to find every surface form in one pass over a text.
package lexicon
