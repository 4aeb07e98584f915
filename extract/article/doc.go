// Package article reads news articles from files and streams: plain text
// (the seed format and url:/date:/title: headers), JSON Lines, HTML pages
// and RSS/Atom feeds. It is stage one of read → extract → graph → load →
// query. Bad input is reported as *InputError naming the file (and line)
// and the reason; a missing date is not bad input.
package article
